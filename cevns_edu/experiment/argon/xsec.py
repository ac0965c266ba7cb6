"""Flux-averaged CEvNS cross sections measured by CsI and argon, and their ratio, in which the flux cancels.

For a measured count N_fit and this library's SM prediction N_SM for the same detector and region,

    ⟨σ⟩_meas = (N_fit / N_SM) · ⟨σ⟩_SM,   ⟨σ⟩_SM = (1/3) Σ_f ∫ φ_f(E) σ(E) dE   (per nucleus)

with φ_f the normalised π-DAR spectra (prompt ν_μ line, Michel ν_e and ν̄_μ; all three flavours equally
abundant) and σ(E) the SM total cross section (:func:`cevns_edu.physics.cross_section.sigma_total`),
averaged over the target's nuclei. Its relative error is that of N_fit and of N_SM (flux, mass, quenching …)
in quadrature (COHERENT quote (2.2 ± 0.7)×10⁻³⁹ cm² for argon, PRL 126, 012002 (2021)).

Both detectors see the same SNS neutrinos, so in σ_Ar/σ_CsI the common flux normalisation (ν per proton,
±10 %) cancels; what remains is compared with the N² law (the ratio of ⟨N²⟩ of the targets) and with the
SM ratio of ⟨σ⟩ (N², plus form factors and recoil kinematics).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from cevns_edu.data.cenns10 import ArgonRelease

from cevns_edu.core.binning import PE_MAX, PE_MIN, T_MAX_US, T_MIN_US
from cevns_edu.core.validate import number
from cevns_edu.experiment.detector import DetectorModel
from cevns_edu.experiment.detector import predict as predict_csi
from cevns_edu.physics.cross_section import sigma_total
from cevns_edu.physics.nuclei import get_material
from cevns_edu.physics.sources import (
    E_MICHEL_MAX_MEV,
    FLAVORS,
    spectrum,
    spectrum_lines,
)

from .fit import fit_argon, shape_systematics
from .model import ArgonDetector, predict

_GL_X, _GL_W = np.polynomial.legendre.leggauss(64)

#: The CsI[Na] measurement of Akimov et al. (COHERENT), Science 357, 1123 (2017): 134 ± 22 fitted events.
CSI_PUBLISHED_COUNT = (134.0, 22.0)


def sm_flux_averaged_sigma_cm2(material: str = "Ar", form_factor_model: str = "helm") -> float:
    """⟨σ⟩_SM per nucleus (cm²) over the π-DAR flux (three flavours), averaged over the material's nuclei."""
    mat = get_material(material)
    e = 0.5 * E_MICHEL_MAX_MEV * (_GL_X + 1)
    tot, n_tot = 0.0, 0.0
    for (nuc, n) in mat.components:
        s = 0.0
        for f in FLAVORS:
            lines = spectrum_lines(f)
            if lines:
                s += sum(frac * float(sigma_total(e0, nuc, form_factor_model)) for e0, frac in lines)
            else:
                s += 0.5 * E_MICHEL_MAX_MEV * float(np.sum(_GL_W * spectrum(e, f) * sigma_total(e, nuc, form_factor_model)))
        tot += n * s / len(FLAVORS)
        n_tot += n
    return tot / n_tot


@dataclass(frozen=True)
class MeasuredSigma:
    """⟨σ⟩ from a fitted count: value and 1σ error in cm², the parts of its relative error, and ⟨σ⟩_SM."""

    material: str
    sigma_cm2: float
    error_cm2: float
    sm_sigma_cm2: float
    rel_err_count: float
    rel_err_flux: float
    rel_err_other: float

    @property
    def rel_err_without_flux(self) -> float:
        """Relative error without the flux normalisation (what survives in a ratio of two SNS detectors)."""
        return float(np.hypot(self.rel_err_count, self.rel_err_other))


def measured_sigma(material: str, n_fit: float, n_fit_err: float, n_sm: float, rel_err_flux: float,
                   rel_err_other: float = 0.0, form_factor_model: str = "helm") -> MeasuredSigma:
    """⟨σ⟩_meas = (N_fit/N_SM)·⟨σ⟩_SM with its error (see the module docstring).

    Parameters
    ----------
    material : str
        Target ("Ar", "CsI", …).
    n_fit, n_fit_err : float
        Fitted CEvNS count and its 1σ error (stat ⊕ syst).
    n_sm : float
        This library's SM prediction for the same detector and region (> 0).
    rel_err_flux, rel_err_other : float
        Relative 1σ errors of N_SM from the flux normalisation and from everything else (mass, QF, …).
    """
    number(n_fit, "n_fit", "events")
    number(n_sm, "n_sm", "events", lo=0.0, lo_open=True)
    for name, v in (("n_fit_err", n_fit_err), ("rel_err_flux", rel_err_flux), ("rel_err_other", rel_err_other)):
        number(v, name, lo=0.0)
    sm = sm_flux_averaged_sigma_cm2(material, form_factor_model)
    s = n_fit / n_sm * sm
    rel_n = n_fit_err / abs(n_fit) if n_fit else float("inf")
    err = abs(s) * float(np.sqrt(rel_n**2 + rel_err_flux**2 + rel_err_other**2))
    return MeasuredSigma(material, float(s), float(err), sm, float(rel_n), float(rel_err_flux), float(rel_err_other))


def mean_n_squared(material: str) -> float:
    """⟨N²⟩ over the material's nuclei (abundance and stoichiometry weighted)."""
    mat = get_material(material)
    w = np.array([n for _, n in mat.components])
    return float(np.sum(w * np.array([nuc.N**2 for nuc, _ in mat.components])) / w.sum())


@dataclass(frozen=True)
class SigmaRatio:
    """σ_a/σ_b measured (flux normalisation cancelled), with the N² and SM expectations."""

    ratio: float
    error: float
    n2_ratio: float
    sm_ratio: float


def sigma_ratio(a: MeasuredSigma, b: MeasuredSigma) -> SigmaRatio:
    """Ratio of two measurements at the same source: errors without the common flux normalisation."""
    r = a.sigma_cm2 / b.sigma_cm2
    err = abs(r) * float(np.hypot(a.rel_err_without_flux, b.rel_err_without_flux))
    return SigmaRatio(float(r), err, mean_n_squared(a.material) / mean_n_squared(b.material),
                      a.sm_sigma_cm2 / b.sm_sigma_cm2)


def argon_measured_sigma(release: ArgonRelease, form_factor_model: str = "helm") -> MeasuredSigma:
    """⟨σ⟩ of argon from the fit of ``release``: N̂ (no shape nuisances) ± stat ⊕ shape-systematic error."""
    det = ArgonDetector.from_release(release, form_factor_model=form_factor_model)
    pred = predict(det)
    syst = shape_systematics(release)
    flux = pred.components["neutrino_flux"] / pred.n_cevns
    other = float(np.sqrt(sum(v * v for k, v in pred.components.items() if k != "neutrino_flux"))) / pred.n_cevns
    res = fit_argon(release, shape_nuisances=False, minos=False)
    return measured_sigma("Ar", res.n_cevns, float(np.hypot(res.n_cevns_err, syst.total)), pred.n_cevns, flux, other,
                          form_factor_model)


def csi_measured_sigma(n_fit: float = CSI_PUBLISHED_COUNT[0], n_fit_err: float = CSI_PUBLISHED_COUNT[1],
                       form_factor_model: str = "helm") -> MeasuredSigma:
    """Return ⟨σ⟩ of CsI the same way as for argon.

    A fitted count (default the published 134 ± 22) over this library's prediction for the 2017 configuration
    in the analysis region (:mod:`cevns_edu.experiment.detector`).
    """
    pred = predict_csi(DetectorModel(form_factor_model=form_factor_model), pe_range=(PE_MIN, PE_MAX),
                   t_range_us=(T_MIN_US, T_MAX_US))
    flux = pred.components["neutrino_flux"] / pred.n_cevns
    other = float(np.sqrt(sum(v * v for k, v in pred.components.items() if k != "neutrino_flux"))) / pred.n_cevns
    return measured_sigma("CsI", n_fit, n_fit_err, pred.n_cevns, flux, other, form_factor_model)
