"""Beam-related neutrons: prompt neutrons from the target (BRN) and neutrino-induced neutrons (NIN).

NINs come from the shield's lead. This module holds their models, normalisations and (25 PE × 24 time) templates.

See :mod:`cevns_edu.experiment.backgrounds` for the physics and references.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

from ...core.binning import N_T, PE_CENTERS_1, T_EDGES_US, rebin_pe_1_to_2, region_mask
from ...core.validate import grid, number
from ...data.release import Release
from ...physics.run2017 import EXPOSURE_GWH
from ...physics.sources import arrival_time_pdf
from ..detector.model import DetectorModel, acceptance

#: Normalisation uncertainty of the prompt-neutron background (release ``promptNeutronNormalization``).
BRN_NORM_UNC = 0.25
#: Measured / theoretical NIN production in lead (COHERENT, Science 357, 1123 (2017), supplement: "a factor
#: of 1.7 below" the prediction).
NIN_MEASURED_OVER_THEORY = 1.0 / 1.7
#: Expected NIN events in the analysis region (6 ≤ PE < 30, 0 ≤ t < 6 μs) for the 2017 exposure after the
#: measured reduction. The Science 2017 supplement describes NINs as a few-event background; this rounded
#: value is an ESTIMATE of that order, not a number transcribed from the supplement's tables (to be checked
#: against them). The course's conclusions do not hang on it: it is < 1 % of the events in the region, and
#: notebook 06 shows the fit with and without the NIN term (the fitted count moves by ~3 events).
NIN_EVENTS_REGION = 4.0
#: The exposure :data:`NIN_EVENTS_REGION` refers to [GW·hr] (the 2017 run).
NIN_EVENTS_EXPOSURE_GWH = EXPOSURE_GWH
#: Relative uncertainty assigned to the NIN normalisation: a generous ≈35 % for the estimate above.
NIN_NORM_UNC = 0.35


@dataclass(frozen=True)
class PromptNeutronModel:
    """Analytic prompt-neutron model: PE spectrum per GW·hr (1-PE bins, before acceptance) and arrival time.

    PE: ``amp1``·exp(−PE/``decay1_pe``) + ``amp2``·exp(−PE/``decay2_pe``) per GW·hr per 1-PE bin.
    Time: the proton pulse (Gaussian, ``t0_us``, ``sigma_us``), a fraction ``tail_fraction`` delayed by an
    exponential of mean ``tail_tau_us`` (slower neutrons, scattering on their way), binned on 0.5-μs bins.
    """

    amp1: float
    decay1_pe: float
    amp2: float
    decay2_pe: float
    t0_us: float
    sigma_us: float
    tail_fraction: float
    tail_tau_us: float

    def pe_per_gwh(self) -> np.ndarray:
        """(50,) prompt neutrons per GW·hr in the 1-PE bins (no acceptance)."""
        x = PE_CENTERS_1
        return self.amp1 * np.exp(-x / self.decay1_pe) + self.amp2 * np.exp(-x / self.decay2_pe)

    def time_pdf(self, t_edges_us: np.ndarray = T_EDGES_US) -> NDArray[np.float64]:
        """(24,) arrival-time probabilities."""
        e = np.asarray(t_edges_us, dtype=float)
        s, tau = self.sigma_us, self.tail_tau_us
        z = e - self.t0_us
        gauss = stats.norm.cdf(z / s)
        # CDF of Gaussian ⊗ exponential (exponentially modified Gaussian), in a numerically safe form
        exgauss = gauss - np.exp(-z / tau + s**2 / (2 * tau**2) + stats.norm.logcdf((z - s**2 / tau) / s))
        c = (1 - self.tail_fraction) * gauss + self.tail_fraction * exgauss
        p = np.clip(np.diff(c), 0.0, None)
        ret: NDArray[np.float64] = p / p.sum()
        return ret


#: Fitted (least squares; :func:`fit_prompt_neutron_model`) to the release's ``promptPDF.txt`` (log of the 50
#: rates, ≤ 22 % per bin, 1.7 % on the analysis-region yield) and ``arrivalTimePDF_promptNeutrons.txt``.
PROMPT_NEUTRONS = PromptNeutronModel(amp1=0.3861, decay1_pe=5.184, amp2=0.07911, decay2_pe=30.66,
                                     t0_us=0.6933, sigma_us=0.1480, tail_fraction=0.02827, tail_tau_us=0.835)


def fit_prompt_neutron_model(release: Release) -> PromptNeutronModel:
    """Refit :data:`PROMPT_NEUTRONS` to a release's prompt-neutron PE spectrum and arrival-time PDF."""
    y = np.asarray(release.brn_pe_per_gwh, dtype=float)
    tp = np.asarray(release.time_pdfs["prompt_neutrons"], dtype=float)
    p0 = PROMPT_NEUTRONS

    def pe_res(q: NDArray[np.float64]) -> NDArray[np.float64]:
        m = PromptNeutronModel(q[0], q[1], q[2], q[3], p0.t0_us, p0.sigma_us, p0.tail_fraction, p0.tail_tau_us)
        r: NDArray[np.float64] = np.log(m.pe_per_gwh()) - np.log(np.clip(y, 1e-12, None))
        return r

    def t_res(q: NDArray[np.float64]) -> NDArray[np.float64]:
        r: NDArray[np.float64] = PromptNeutronModel(p0.amp1, p0.decay1_pe, p0.amp2, p0.decay2_pe,
                                                    q[0], q[1], q[2], q[3]).time_pdf() - tp
        return r

    a = optimize.least_squares(pe_res, [p0.amp1, p0.decay1_pe, p0.amp2, p0.decay2_pe],
                               bounds=([0, 0.1, 0, 1], [10, 100, 10, 1000]))
    b = optimize.least_squares(t_res, [p0.t0_us, p0.sigma_us, p0.tail_fraction, p0.tail_tau_us],
                               bounds=([0, 0.01, 0, 0.05], [2, 1, 1, 10]))
    return PromptNeutronModel(*map(float, a.x), *map(float, b.x))


def release_acceptance_1pe(acceptance_parameters: Mapping[str, float] | None = None) -> np.ndarray:
    """Return the acceptance of the 50 one-PE bins at their centres 0.5 … 49.5 (release rule), from a, k, x_0.

    Parameters
    ----------
    acceptance_parameters : mapping of str to float, optional
        The release's ``a`` (dimensionless), ``k`` [1/PE] and ``x_0`` [PE]; default the release values.

    Returns
    -------
    numpy.ndarray, shape (50,)
        Acceptance (dimensionless).
    """
    if acceptance_parameters is None:  # the release values, which are acceptance()'s defaults
        return acceptance(PE_CENTERS_1)
    p = acceptance_parameters
    return acceptance(PE_CENTERS_1, a=p["a"], k=p["k"], x0=p["x_0"])


def brn_template(brn_pe_per_gwh: np.ndarray, time_pdf: np.ndarray, exposure_gwh: float,
                 acceptance_parameters: Mapping[str, float] | None = None, *,
                 acceptance_1pe: np.ndarray | None = None) -> np.ndarray:
    """(25, 24) expected prompt neutrons: PE spectrum per GW·hr × acceptance × exposure, ⊗ arrival-time PDF.

    The acceptance of the 50 one-PE bins is ``acceptance_1pe`` when given (e.g. a detector model's, with
    its own acceptance variation), else the release rule with ``acceptance_parameters``.
    """
    pe = grid(brn_pe_per_gwh, "brn_pe_per_gwh", (50,))
    tp = grid(time_pdf, "time_pdf", (N_T,))
    exposure_gwh = number(exposure_gwh, "exposure_gwh", "GW·hr", lo=0.0)
    acc = release_acceptance_1pe(acceptance_parameters) if acceptance_1pe is None else np.asarray(acceptance_1pe, float)
    return np.outer(rebin_pe_1_to_2(pe * acc * exposure_gwh), tp)


def brn_from_release(release: Release) -> np.ndarray:
    """Prompt-neutron expectation (25, 24) for a :class:`~cevns_edu.data.Release` (its spectrum, PDF, exposure)."""
    return brn_template(release.brn_pe_per_gwh, release.time_pdfs["prompt_neutrons"], release.exposure_gwh,
                        release.acceptance_parameters)


# --- neutrino-induced neutrons --------------------------------------------------------------------


def nin_template(release: Release | None = None, detector: DetectorModel | None = None, *, n_region: float = NIN_EVENTS_REGION) -> NDArray[np.float64]:
    """(25, 24) expected neutrino-induced neutrons, normalised to ``n_region`` events in the analysis region.

    Energy shape: neutron-induced nuclear recoils, as the prompt neutrons (the release's spectrum when a
    release is given, else :data:`PROMPT_NEUTRONS`) × acceptance. Time: the delayed-neutrino PDF (NINs come
    mostly from νe charged-current reactions on lead; the neutron's own flight time, ≲ 0.1 μs, is
    negligible on 0.5-μs bins). ``detector`` is accepted for interface symmetry (unused).
    """
    n_region = number(n_region, "n_region", "events", lo=0.0)
    if release is not None:
        pe = np.asarray(release.brn_pe_per_gwh, float)
        tp = np.asarray(release.time_pdfs["delayed_neutrinos"], float)
        acc = release.acceptance_parameters
    else:
        pe, tp, acc = PROMPT_NEUTRONS.pe_per_gwh(), arrival_time_pdf("delayed"), None
    shape = brn_template(pe, tp, 1.0, acc)
    ret: NDArray[np.float64] = n_region * shape / shape[region_mask()].sum()
    return ret
