"""The predicted CEvNS count: the template, and the count in a window with its uncertainty.

:func:`cevns_template` gives 25 PE × 24 time bins, acceptance applied; :func:`predict` the count in a window with
its propagated uncertainty (:func:`uncertainty_components`).

The flux-averaged cross section is cached per (target, form factor, ``dsigma``)
(:func:`cevns_edu.physics.rates.flux_averaged_table`) and the photoelectron response per light-producing
parameters (:func:`~cevns_edu.experiment.detector.response.response_matrix`), so a call that only changes
acceptance, mass, distance or exposure costs well under a millisecond.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ...core.binning import N_PE, PE_MAX, PE_MIN, WINDOW_US, rebin_pe_1_to_2, region_mask
from ...physics.rates import DSigma, fluence_per_flavor, flux_averaged_table
from ...physics.sources import FLAVORS, POPULATION
from .model import _FIELD_RANGES, ACCEPTANCE_FIELDS, DetectorModel
from .response import response_matrix
from .response import time_pdfs as checked_time_pdfs


@dataclass(frozen=True, eq=False)
class CevnsTemplate:
    """Expected CEvNS counts on the release binning, acceptance applied.

    ``prompt``/``delayed``: (25 PE bins × 24 time bins); ``pe_1_prompt``/``pe_1_delayed``: (50,) 1-PE
    spectra with acceptance, ``*_raw`` without; ``recoil_kev``/``dndt_*``: the recoil spectrum (events/keVnr).
    """

    prompt: NDArray[np.float64]
    delayed: NDArray[np.float64]
    pe_1_prompt: NDArray[np.float64]
    pe_1_delayed: NDArray[np.float64]
    pe_1_raw_prompt: NDArray[np.float64]
    pe_1_raw_delayed: NDArray[np.float64]
    recoil_kev: NDArray[np.float64]
    dndt_prompt: NDArray[np.float64]
    dndt_delayed: NDArray[np.float64]
    time_pdfs: Mapping[str, NDArray[np.float64]]
    detector: DetectorModel
    acceptance_1pe: NDArray[np.float64] = field(repr=False, default_factory=lambda: np.ones(2 * N_PE))

    def with_acceptance(self, detector: DetectorModel) -> CevnsTemplate:
        """Return this template with ``detector``'s acceptance applied to the same PE spectra.

        Exact when ``detector`` differs from :attr:`detector` only in acceptance parameters
        (:data:`~cevns_edu.experiment.detector.model.ACCEPTANCE_FIELDS`): the recoil spectrum and the PE
        response do not depend on them. One vector product instead of a new template.

        Parameters
        ----------
        detector : DetectorModel
            The detector whose acceptance is applied.

        Returns
        -------
        CevnsTemplate
            The re-accepted template (recoil and raw PE spectra shared with this one).
        """
        acc = detector.acceptance_1pe()
        pe1 = {"prompt": self.pe_1_raw_prompt * acc, "delayed": self.pe_1_raw_delayed * acc}
        two_d = {pop: rebin_pe_1_to_2(pe1[pop])[:, None] * self.time_pdfs[pop][None, :] for pop in pe1}
        return dataclasses.replace(self, prompt=two_d["prompt"], delayed=two_d["delayed"], pe_1_prompt=pe1["prompt"],
                                   pe_1_delayed=pe1["delayed"], detector=detector, acceptance_1pe=acc)

    @property
    def total(self) -> NDArray[np.float64]:
        """Prompt + delayed, (25, 24)."""
        return self.prompt + self.delayed

    @property
    def pe_1(self) -> NDArray[np.float64]:
        """Accepted 1-PE spectrum, prompt + delayed (50,)."""
        return self.pe_1_prompt + self.pe_1_delayed

    @property
    def pe_1_raw(self) -> NDArray[np.float64]:
        """1-PE spectrum before acceptance (50,)."""
        return self.pe_1_raw_prompt + self.pe_1_raw_delayed

    @property
    def n_recoils(self) -> float:
        """All nuclear recoils, before any detector effect."""
        dt = self.recoil_kev[1] - self.recoil_kev[0]
        return float((self.dndt_prompt + self.dndt_delayed).sum() * dt)

    def count(self, pe_range: tuple[float, float] = (PE_MIN, PE_MAX), t_range_us: tuple[float, float] = (0.0, WINDOW_US),
              population: str = "total") -> float:
        """Return the expected accepted events in the 2-PE × 0.5-μs bins whose centres lie in the window.

        Parameters
        ----------
        pe_range : tuple of float
            PE window [PE].
        t_range_us : tuple of float
            Arrival-time window [μs].
        population : {"total", "prompt", "delayed"}
            Which neutrinos.

        Returns
        -------
        float
            Expected events.

        Raises
        ------
        ValueError
            If ``population`` is not allowed.
        """
        arr = {"total": self.total, "prompt": self.prompt, "delayed": self.delayed}.get(population)
        if arr is None:
            raise ValueError(f"population must be 'total', 'prompt' or 'delayed', got {population!r}")
        return float(arr[region_mask(*pe_range, *t_range_us)].sum())


def cevns_template(detector: DetectorModel | None = None, *, dsigma: DSigma | None = None,
                   time_pdfs: Mapping[str, ArrayLike] | None = None) -> CevnsTemplate:
    """Compute the expected CEvNS counts (25 × 24, release binning, acceptance applied) for ``detector``.

    ``dsigma(enu_mev, recoil_kev, nucleus, flavor) -> cm²/keV`` replaces the SM cross section
    (arrays broadcast; hashable so it can be cached). ``time_pdfs`` = {"prompt": (24,), "delayed":
    (24,)} (release keys ``prompt_neutrinos``/``delayed_neutrinos`` also accepted) replaces the
    analytic arrival-time model.

    Parameters
    ----------
    detector : DetectorModel, optional
        The detector; default the 2017 run.
    dsigma : callable, optional
        ``dsigma(enu_mev, recoil_kev, nucleus, flavor) -> cm²/keV``, hashable; default the SM.
    time_pdfs : mapping of str to array_like, optional
        Arrival-time probabilities per 0.5-μs bin; default the analytic model.

    Returns
    -------
    CevnsTemplate
        Prompt and delayed templates with the intermediate spectra.

    Raises
    ------
    TypeError
        If ``detector`` is not a :class:`DetectorModel`.
    ValueError
        If ``time_pdfs`` lacks a population or is not a valid PDF.
    """
    det = DetectorModel() if detector is None else detector
    if not isinstance(det, DetectorModel):
        raise TypeError(f"detector must be a DetectorModel, got {type(det).__name__}")
    tab = flux_averaged_table(det.material, det.form_factor_model, dsigma)
    scale = det.mass_kg * fluence_per_flavor(det.distance_m, det.exposure_gwh, det.proton_energy_gev, det.nu_per_proton)
    per_kg = {f: tab.per_kg(f) for f in FLAVORS}
    dndt: dict[str, NDArray[np.float64]] = {pop: np.asarray(scale * sum(per_kg[f] for f in FLAVORS if POPULATION[f] == pop), dtype=np.float64)
                                             for pop in ("prompt", "delayed")}
    resp = response_matrix(det, tab.recoil_kev, tab.bin_width_kev)                     # (n_T, 50)
    acc = det.acceptance_1pe()
    raw = {pop: dndt[pop] @ resp for pop in dndt}
    pe1 = {pop: raw[pop] * acc for pop in raw}
    tp = checked_time_pdfs(time_pdfs)
    two_d = {pop: rebin_pe_1_to_2(pe1[pop])[:, None] * tp[pop][None, :] for pop in pe1}
    return CevnsTemplate(two_d["prompt"], two_d["delayed"], pe1["prompt"], pe1["delayed"], raw["prompt"],
                         raw["delayed"], tab.recoil_kev, dndt["prompt"], dndt["delayed"], tp, det, acc)


@dataclass(frozen=True)
class Prediction:
    """Predicted CEvNS count in an analysis window, with its propagated 1σ uncertainty.

    ``uncertainty_lo``/``uncertainty_hi`` are the quadrature sums of the downward/upward shifts in
    ``components_asym`` (name → (down, up), both ≥ 0); ``uncertainty`` is their mean and ``components``
    the per-component means. ``protons_on_target``: the beam exposure in protons.
    """

    n_cevns: float
    n_prompt: float
    n_delayed: float
    uncertainty: float
    pe_range: tuple[float, float]
    t_range_us: tuple[float, float]
    exposure_gwh: float
    n_accepted_all: float
    n_recoils: float
    components: Mapping[str, float]
    uncertainty_lo: float = float("nan")
    uncertainty_hi: float = float("nan")
    components_asym: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    protons_on_target: float = float("nan")

    @property
    def prompt_fraction(self) -> float:
        """Prompt (π-decay ν_μ) share of the predicted count (0 when the count is 0)."""
        return self.n_prompt / self.n_cevns if self.n_cevns > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the ``cevns-edu predict --json`` keys and more)."""
        return {"n_cevns_predicted": self.n_cevns, "n_prompt": self.n_prompt, "n_delayed": self.n_delayed,
                "uncertainty": self.uncertainty, "pe_range": list(self.pe_range), "t_range_us": list(self.t_range_us),
                "exposure_gwh": self.exposure_gwh, "n_accepted_all": self.n_accepted_all,
                "n_recoils": self.n_recoils, "uncertainty_components": dict(self.components),
                "uncertainty_lo": self.uncertainty_lo, "uncertainty_hi": self.uncertainty_hi,
                "uncertainty_components_asym": {k: list(v) for k, v in self.components_asym.items()},
                "protons_on_target": self.protons_on_target}


#: Fields that change the recoil spectrum or the PE response (all but the acceptance's)
_RESPONSE_FIELDS = tuple(f.name for f in dataclasses.fields(DetectorModel) if f.name not in ACCEPTANCE_FIELDS)


def _shift(detector: DetectorModel, name: str, delta: float) -> DetectorModel:
    """``detector`` with field ``name`` moved by ``delta``, kept inside the field's allowed range."""
    lo, hi, _ = _FIELD_RANGES[name]
    return detector.replace(**{name: min(max(getattr(detector, name) + delta, lo), hi)})


def qf_shifted(detector: DetectorModel) -> tuple[DetectorModel, DetectorModel]:
    """Return ``detector`` with its quenching factor 1σ down and 1σ up (kept inside the allowed 10⁻⁴–1).

    The detectors of the prediction's quenching-factor term (:func:`uncertainty_components_asym`); a caller that
    draws the ±1σ band passes their templates back as ``templates`` so they are computed once.

    Parameters
    ----------
    detector : DetectorModel
        The detector (its ``qf`` and ``qf_unc``, dimensionless).

    Returns
    -------
    tuple of DetectorModel
        (QF − σ, QF + σ).
    """
    return _shift(detector, "qf", -detector.qf_unc), _shift(detector, "qf", detector.qf_unc)


#: Form-factor uncertainty of the prediction, 5 % (Akimov et al., Science 357, 1123 (2017), supplement Table:
#: event selection 5 %, flux 10 %, quenching factor 25 %, form factor 5 % → 28 % in all).
FORM_FACTOR_UNC = 0.05
#: Readings of the release acceptance rule other than its own (n-PE bin at n − ½): the n-PE bin at n, or at
#: n + ½ (shift in PE). Carried as a one-sided (upward) systematic: that reading's shift of the count.
ACCEPTANCE_SHIFT_READINGS = {"k": 0.0, "k+1/2": 0.5}


def uncertainty_components_asym(detector: DetectorModel | None = None, *,
                                pe_range: tuple[float, float] = (PE_MIN, PE_MAX),
                                t_range_us: tuple[float, float] = (0.0, WINDOW_US), dsigma: DSigma | None = None,
                                time_pdfs: Mapping[str, ArrayLike] | None = None,
                                pe_convention_reading: str | None = "k",
                                template: CevnsTemplate | None = None,
                                templates: Mapping[DetectorModel, CevnsTemplate] | None = None,
                                ) -> dict[str, tuple[float, float]]:
    """1σ (down, up) shifts of the predicted count, one pair per input.

    Parameters
    ----------
    detector : DetectorModel, optional
        Default: the 2017 CsI[Na] run.
    pe_range, t_range_us : tuple of float
        Analysis window (PE, μs).
    dsigma, time_pdfs
        As in :func:`cevns_template`.
    pe_convention_reading : {"k", "k+1/2"} or None
        Reading of the PE-bin acceptance convention carried as a one-sided systematic
        (:data:`ACCEPTANCE_SHIFT_READINGS`); None leaves the term out.
    template : CevnsTemplate, optional
        ``cevns_template(detector, dsigma=dsigma, time_pdfs=time_pdfs)`` if the caller has it (not computed again).
        A shift of an acceptance parameter re-weights its PE spectra (:meth:`CevnsTemplate.with_acceptance`).
    templates : mapping of DetectorModel to CevnsTemplate, optional
        Templates of shifted detectors the caller has (e.g. of :func:`qf_shifted`), made with the same
        ``dsigma`` and ``time_pdfs``: used instead of computing them again.

    Returns
    -------
    dict
        name → (down, up) in events, both ≥ 0: ``quenching_factor``, ``neutrino_flux``, ``acceptance`` (a, k, x₀ in
        quadrature, each side separately), ``light_yield``, ``form_factor`` (:data:`FORM_FACTOR_UNC`) and
        ``pe_bin_convention`` (unless ``pe_convention_reading`` is None; 0 if the detector already uses it).

    References
    ----------
    Akimov et al. (COHERENT), Science 357, 1123 (2017) (the 28 % budget); release ``coherent_parameters.yaml``.
    """
    det = DetectorModel() if detector is None else detector
    tpl0 = cevns_template(det, dsigma=dsigma, time_pdfs=time_pdfs) if template is None else template
    if tpl0.detector != det:
        raise ValueError("template must be the template of detector (cevns_template(detector, ...))")

    have = templates or {}

    def n(d: DetectorModel) -> float:
        same_response = all(getattr(d, f) == getattr(det, f) for f in _RESPONSE_FIELDS)
        if same_response:
            tpl = tpl0.with_acceptance(d)
        else:
            tpl = have[d] if d in have else cevns_template(d, dsigma=dsigma, time_pdfs=time_pdfs)
        return tpl.count(pe_range, t_range_us)

    n0 = tpl0.count(pe_range, t_range_us)

    def pair(d_up: DetectorModel, d_down: DetectorModel) -> tuple[float, float]:
        hi, lo = n(d_up) - n0, n(d_down) - n0
        return max(0.0, -hi, -lo), max(0.0, hi, lo)

    def asym(name: str, up: float, down: float) -> tuple[float, float]:
        return pair(_shift(det, name, up), _shift(det, name, -down))

    qf_down, qf_up = qf_shifted(det)
    acc = [asym("acc_a", det.acc_a_err_hi, det.acc_a_err_lo), asym("acc_k", det.acc_k_err_hi, det.acc_k_err_lo),
           asym("acc_x0", det.acc_x0_err_hi, det.acc_x0_err_lo)]
    flux = n0 * det.nu_per_proton_unc / det.nu_per_proton if det.nu_per_proton > 0 else 0.0
    out = {
        "quenching_factor": pair(qf_up, qf_down),
        "neutrino_flux": (flux, flux),
        "acceptance": (float(np.hypot.reduce([a[0] for a in acc])), float(np.hypot.reduce([a[1] for a in acc]))),
        "light_yield": asym("light_yield", det.light_yield_unc, det.light_yield_unc),
        "form_factor": (FORM_FACTOR_UNC * n0, FORM_FACTOR_UNC * n0),
    }
    if pe_convention_reading is not None:
        if pe_convention_reading not in ACCEPTANCE_SHIFT_READINGS:
            raise ValueError(f"pe_convention_reading must be one of {sorted(ACCEPTANCE_SHIFT_READINGS)} or None, "
                             f"got {pe_convention_reading!r}")
        d = n(det.replace(acceptance_shift_pe=ACCEPTANCE_SHIFT_READINGS[pe_convention_reading])) - n0
        out["pe_bin_convention"] = (max(0.0, -d), max(0.0, d))
    return out


def uncertainty_components(detector: DetectorModel | None = None, *, pe_range: tuple[float, float] = (PE_MIN, PE_MAX),
                           t_range_us: tuple[float, float] = (0.0, WINDOW_US), dsigma: DSigma | None = None,
                           time_pdfs: Mapping[str, ArrayLike] | None = None) -> dict[str, float]:
    """Symmetrised 1σ shifts (mean of down and up) of :func:`uncertainty_components_asym`.

    Without the PE-bin convention term (the components the course showed before issue 12).
    """
    asym = uncertainty_components_asym(detector, pe_range=pe_range, t_range_us=t_range_us, dsigma=dsigma,
                                       time_pdfs=time_pdfs, pe_convention_reading=None)
    return {k: 0.5 * (lo + hi) for k, (lo, hi) in asym.items()}


def predict(detector: DetectorModel | None = None, *, pe_range: tuple[float, float] = (PE_MIN, PE_MAX),
            t_range_us: tuple[float, float] = (0.0, WINDOW_US), dsigma: DSigma | None = None,
            time_pdfs: Mapping[str, ArrayLike] | None = None, pe_convention_reading: str | None = "k",
            template: CevnsTemplate | None = None,
            templates: Mapping[DetectorModel, CevnsTemplate] | None = None) -> Prediction:
    """Predicted CEvNS events for ``detector`` in ``pe_range`` (2-PE bins, PE) × ``t_range_us`` (μs), with uncertainty.

    Default: the 2017 CsI[Na] configuration, 6 ≤ PE < 30, the whole 0–12 μs window. ``uncertainty_lo``/``_hi``:
    quadrature sums of the downward/upward shifts (:func:`uncertainty_components_asym`); ``uncertainty``: their mean.
    ``template``: ``cevns_template(detector, dsigma=dsigma, time_pdfs=time_pdfs)`` if the caller has it already;
    ``templates``: those of shifted detectors (:func:`uncertainty_components_asym`).
    """
    det = DetectorModel() if detector is None else detector
    pe_range = (float(pe_range[0]), float(pe_range[1]))
    t_range_us = (float(t_range_us[0]), float(t_range_us[1]))
    region_mask(*pe_range, *t_range_us)  # validates the window
    tpl = cevns_template(det, dsigma=dsigma, time_pdfs=time_pdfs) if template is None else template
    asym = uncertainty_components_asym(det, pe_range=pe_range, t_range_us=t_range_us, dsigma=dsigma,
                                       time_pdfs=time_pdfs, pe_convention_reading=pe_convention_reading, template=tpl,
                                       templates=templates)
    lo = float(np.sqrt(sum(v[0] ** 2 for v in asym.values())))
    hi = float(np.sqrt(sum(v[1] ** 2 for v in asym.values())))
    return Prediction(
        n_cevns=tpl.count(pe_range, t_range_us), n_prompt=tpl.count(pe_range, t_range_us, "prompt"),
        n_delayed=tpl.count(pe_range, t_range_us, "delayed"), uncertainty=0.5 * (lo + hi),
        pe_range=pe_range, t_range_us=t_range_us, exposure_gwh=det.exposure_gwh, n_accepted_all=float(tpl.total.sum()),
        n_recoils=tpl.n_recoils, components={k: 0.5 * (a + b) for k, (a, b) in asym.items()},
        uncertainty_lo=lo, uncertainty_hi=hi, components_asym=asym, protons_on_target=det.protons_on_target)
