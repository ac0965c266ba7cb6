"""The 2017 fit: maximum likelihood with iminuit, errors, significance, goodness of fit — as a result object.

* :func:`fit_inputs` fits a :class:`~cevns_edu.experiment.likelihood.FitInputs` (pure arrays): MIGRAD, HESSE
  (analytic Hessian), MINOS for the asymmetric error on N_CEvNS, then the background-only fit (N_CEvNS
  fixed at 0) for the profile-likelihood-ratio significance Z = sign(N̂)·√(2[lnL(N̂) − lnL(0)]) (Wilks'
  theorem, one parameter; Cowan, Cranmer, Gross & Vitells, EPJC 71, 1554 (2011), q₀).
* :func:`fit_release` builds the inputs from a :class:`~cevns_edu.data.Release` — CEvNS template from this
  library's prediction with the release's arrival-time PDFs, steady-state from the anti-coincidence window,
  prompt neutrons from the release's promptPDF × acceptance × exposure — and fits it.
* :func:`profile_scan` traces Δ(2 lnL) against N_CEvNS, from which the 1σ interval (Δ = 1) and the
  significance (at N = 0) can be read.

Published reference for comparison only (:data:`PUBLISHED`).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from iminuit import Minuit
from scipy import stats

from ..core.binning import PE_MAX, PE_MIN, T_MAX_US, T_MIN_US, region_mask
from .likelihood import BRN_NORM_UNC, BinnedLikelihood, FitInputs

#: The published 2017 result, shown beside ours for comparison — never used by the fit.
#: Akimov et al. (COHERENT), Science 357, 1123 (2017), arXiv:1708.01294.
PUBLISHED = {
    "n_cevns": 134.0,
    "n_cevns_err": 22.0,
    "significance_sigma": 6.7,
    "sm_prediction": 173.0,
    "sm_prediction_err": 48.0,
    "reference": "D. Akimov et al. (COHERENT), Science 357, 1123 (2017)",
}

BEAMS = ("on", "off")


@dataclass(frozen=True)
class FitResult:
    """Outcome of one fit. Counts are events inside the analysis region (``pe_range`` × ``t_range_us``).

    ``n_cevns_err_lo``/``_hi`` are positive numbers (MINOS, Δ(2 lnL) = 1); ``significance_sigma`` is signed
    (negative when the best fit is below zero); ``p_value`` is the one-sided background-only p-value;
    ``chi2`` is the Baker–Cousins likelihood χ² over C and AC bins with ``ndof`` degrees of freedom and
    ``gof_p`` its p-value. ``fit_seconds`` is the wall time of the whole fit including errors and the null fit.
    """

    source: str
    is_simulated: bool
    beam: str
    n_cevns: float
    n_cevns_err_lo: float
    n_cevns_err_hi: float
    n_cevns_err: float          # symmetric (HESSE) error
    significance_sigma: float
    p_value: float
    n_steady_state: float
    n_brn: float
    n_nin: float
    chi2: float
    ndof: int
    gof_p: float
    sm_prediction: float
    fit_seconds: float
    valid: bool = True
    n_observed_c: int = 0
    n_observed_ac: int = 0
    pe_range: tuple[float, float] = (PE_MIN, PE_MAX)
    t_range_us: tuple[float, float] = (T_MIN_US, T_MAX_US)
    values: dict[str, float] = field(default_factory=dict)
    errors: dict[str, float] = field(default_factory=dict)
    likelihood: BinnedLikelihood | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """``"SIMULATED REPLICA"`` or ``"REAL DATA"``."""
        return "SIMULATED REPLICA" if self.is_simulated else "REAL DATA"

    @property
    def signal_strength(self) -> float:
        """N_CEvNS / SM prediction."""
        return self.n_cevns / self.sm_prediction if self.sm_prediction > 0 else float("nan")

    def to_json_dict(self) -> dict[str, Any]:
        """The keys of ``cevns-edu fit --json`` (DESIGN.md §1), plus a few extras."""
        d = {k: v for k, v in asdict(self).items() if k not in ("likelihood", "values", "errors")}
        d["pe_range"] = list(self.pe_range)
        d["t_range_us"] = list(self.t_range_us)
        return d

    def summary(self, timing: bool = True) -> str:
        """A short readable table (``timing=False`` leaves out the fit time, e.g. for notebook outputs)."""
        rows = [
            ("data", f"{self.source}  [{self.label}], beam {self.beam}"),
            ("window", f"{self.pe_range[0]:g} ≤ PE < {self.pe_range[1]:g},  "
                       f"{self.t_range_us[0]:g} ≤ t < {self.t_range_us[1]:g} μs"),
            ("observed C / AC", f"{self.n_observed_c} / {self.n_observed_ac}"),
            ("N_CEvNS (fit)", f"{self.n_cevns:.1f}  −{self.n_cevns_err_lo:.1f} +{self.n_cevns_err_hi:.1f}"),
            ("significance", f"{self.significance_sigma:.2f} σ  (p = {self.p_value:.2g})"),
            ("SM prediction", f"{self.sm_prediction:.1f}"),
            ("steady-state", f"{self.n_steady_state:.1f}"),
            ("prompt neutrons", f"{self.n_brn:.2f}"),
            ("ν-induced neutrons", f"{self.n_nin:.2f}"),
            ("χ² / ndof", f"{self.chi2:.1f} / {self.ndof}  (p = {self.gof_p:.2f})"),
        ] + ([("fit time", f"{1e3 * self.fit_seconds:.0f} ms")] if timing else [])
        w = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)


def _minuit(lik: BinnedLikelihood, start) -> Minuit:
    m = Minuit(lik, start, grad=lik.grad, hessian=lik.hessian, name=lik.params)
    m.print_level = 0
    m.strategy = 1
    k = 1 + lik.n_ss_params
    m.errors = [max(1.0, 0.1 * abs(v)) for v in start[:k]] + [0.1] * (len(start) - k)
    for name in lik.ss_params:
        m.limits[name] = (0.0, None)
    return m


def fit_inputs(inputs: FitInputs | BinnedLikelihood, *, source: str = "arrays", is_simulated: bool = True,
               beam: str = "on", minos: bool = True, pe_range=(PE_MIN, PE_MAX),
               t_range_us=(T_MIN_US, T_MAX_US)) -> FitResult:
    """Maximum-likelihood fit of the arrays in ``inputs``; see the module docstring for the method."""
    t0 = time.perf_counter()
    lik = inputs if isinstance(inputs, BinnedLikelihood) else BinnedLikelihood(inputs)
    m = _minuit(lik, lik.start())
    m.migrad()
    if not m.valid:  # one retry from the found point with the more careful strategy
        m.strategy = 2
        m.migrad()
    m.hesse()
    best = np.array(m.values)
    nll_best = float(m.fval)
    err = float(m.errors["n_cevns"])
    lo = hi = err
    if minos and m.valid:
        try:
            m.minos("n_cevns")
            me = m.merrors["n_cevns"]
            if me.is_valid:
                lo, hi = -float(me.lower), float(me.upper)
        except RuntimeError:
            pass
    # background-only fit: N_CEvNS fixed at 0
    m0 = _minuit(lik, [0.0, *best[1:]])
    m0.fixed["n_cevns"] = True
    m0.migrad()
    q0 = max(0.0, 2.0 * (float(m0.fval) - nll_best))
    z = float(np.sign(best[0]) * np.sqrt(q0))
    chi2 = lik.deviance(best)
    ndof = max(lik.n_bins - len(lik.params), 1)
    comps = lik.components(best)
    mask = lik.inputs.mask
    return FitResult(
        source=source, is_simulated=bool(is_simulated), beam=beam,
        n_cevns=float(best[0]), n_cevns_err_lo=lo, n_cevns_err_hi=hi, n_cevns_err=err,
        significance_sigma=z, p_value=float(stats.norm.sf(z)),
        n_steady_state=float(comps["steady_state"].sum()), n_brn=float(comps["brn"].sum()),
        n_nin=float(comps["nin"].sum()) if "nin" in comps else 0.0,
        chi2=float(chi2), ndof=int(ndof), gof_p=float(stats.chi2.sf(chi2, ndof)),
        sm_prediction=float(lik.inputs.signal[mask].sum()),
        fit_seconds=time.perf_counter() - t0, valid=bool(m.valid and m0.valid),
        n_observed_c=int(lik.k_c.sum()), n_observed_ac=int(lik.k_ac.sum()),
        pe_range=tuple(float(x) for x in pe_range), t_range_us=tuple(float(x) for x in t_range_us),
        values=dict(zip(lik.params, map(float, best))), errors=dict(zip(lik.params, map(float, m.errors))),
        likelihood=lik,
    )


@dataclass(frozen=True)
class ProfileScan:
    """Δ(2 lnL) = 2[−lnL(N) + lnL(N̂)] profiled over all other parameters, on a grid of N_CEvNS."""

    n_cevns: np.ndarray
    delta_2nll: np.ndarray
    best: float
    interval: tuple[float, float]      # Δ(2 lnL) = 1 crossing points (1σ)
    significance_sigma: float          # √Δ(2 lnL) at N = 0 (signed), NaN if 0 is outside the scan
    scan_seconds: float


def _crossing(x: np.ndarray, y: np.ndarray, level: float, side: str) -> float:
    """Linear interpolation of where y crosses ``level`` on the left/right of the minimum."""
    i = int(np.argmin(y))
    xs, ys = (x[: i + 1][::-1], y[: i + 1][::-1]) if side == "left" else (x[i:], y[i:])
    above = np.nonzero(ys >= level)[0]
    if above.size == 0:
        return float("nan")
    j = above[0]
    return float(np.interp(level, [ys[j - 1], ys[j]], [xs[j - 1], xs[j]])) if j > 0 else float(xs[0])


def profile_scan(result: FitResult | BinnedLikelihood, n_values=None, *, n_points: int = 41) -> ProfileScan:
    """Profile the likelihood in N_CEvNS (other parameters re-minimised at each point).

    ``n_values`` defaults to a grid from min(0, N̂ − 4σ) to N̂ + 4σ so that N = 0 is included.
    """
    t0 = time.perf_counter()
    res = result if isinstance(result, FitResult) else fit_inputs(result, minos=False)
    lik = res.likelihood
    if lik is None:
        raise ValueError("this FitResult carries no likelihood; fit again with fit_inputs/fit_release")
    best = np.array([res.values[p] for p in lik.params])
    if n_values is None:
        if not 3 <= int(n_points) <= 1000:
            raise ValueError(f"n_points must be between 3 and 1000, got {n_points!r}")
        lo = min(0.0, res.n_cevns - 4 * res.n_cevns_err_lo)
        hi = res.n_cevns + 4 * res.n_cevns_err_hi
        n_values = np.linspace(lo, hi, int(n_points))
    n_values = np.asarray(n_values, dtype=float)
    if n_values.ndim != 1 or n_values.size < 3 or not np.all(np.isfinite(n_values)):
        raise ValueError("n_values must be a 1-D array of at least 3 finite N_CEvNS values")
    n_values = np.sort(n_values)
    nll_best = lik(best)
    out = np.empty_like(n_values)
    # scan outward from the best fit so each point starts from its neighbour's solution
    order = np.argsort(np.abs(n_values - res.n_cevns))
    m = _minuit(lik, best)
    m.fixed["n_cevns"] = True
    m.strategy = 0
    done: dict[int, np.ndarray] = {}
    for idx in order:
        near = min(done, key=lambda j: abs(n_values[j] - n_values[idx])) if done else None
        start = done[near] if near is not None else best
        m.values = [n_values[idx], *start[1:]]
        m.migrad()
        done[idx] = np.array(m.values)
        out[idx] = 2.0 * (float(m.fval) - nll_best)
    out = np.maximum(out, 0.0)
    interval = (_crossing(n_values, out, 1.0, "left"), _crossing(n_values, out, 1.0, "right"))
    if n_values[0] <= 0.0 <= n_values[-1]:
        d0 = float(np.interp(0.0, n_values, out))
        z = float(np.sign(res.n_cevns) * np.sqrt(max(d0, 0.0)))
    else:
        z = float("nan")
    return ProfileScan(n_values, out, res.n_cevns, interval, z, time.perf_counter() - t0)


# --- from a release ---------------------------------------------------------------------------------


def brn_template(release, exposure_gwh: float | None = None, detector=None) -> np.ndarray:
    """Beam-related (prompt) neutrons, (25, 24) expected counts: release promptPDF [per GW·hr, 1-PE bins] ×
    the detector model's acceptance (1-PE bin centres) × exposure (default: the release's ``beamExposure``),
    ⊗ the release's prompt-neutron arrival-time PDF (:func:`cevns_edu.experiment.backgrounds.brn_template`)."""
    from . import backgrounds as bg
    from .detector import DetectorModel

    det = detector or DetectorModel()
    exp = release.exposure_gwh if exposure_gwh is None else float(exposure_gwh)
    return bg.brn_template(release.brn_pe_per_gwh, release.time_pdfs["prompt_neutrons"], exp,
                           acceptance_1pe=det.acceptance_1pe())


SS_TIME_SHAPES = ("exponential", "flat")


def steady_state_shape(ac: np.ndarray, *, time_shape: str = "exponential", pe_range=(PE_MIN, PE_MAX)) -> np.ndarray:
    """Steady-state background shape (25, 24) from the anti-coincidence window: its PE spectrum (summed over all
    24 time bins) × a time shape.

    Steady-state events (cosmics, radioactivity, afterglow) know nothing of the beam, so their time shape was
    long taken as flat; in the released AC data the rate falls across the 12 μs window, well described by
    exp(−t/τ) (see :mod:`cevns_edu.experiment.backgrounds`). ``time_shape="exponential"`` (default) fits τ to
    this AC window's own time distribution (all 24 bins, inside ``pe_range``); ``"flat"`` is the textbook choice.
    """
    from . import backgrounds as bg

    ac = np.asarray(ac, dtype=float)
    if time_shape not in SS_TIME_SHAPES:
        raise ValueError(f"time_shape must be one of {SS_TIME_SHAPES}, got {time_shape!r}")
    if time_shape == "flat" or ac.sum() == 0:
        return bg.steady_state_template(ac, time_shape="flat")
    try:
        tau = bg.time_shape_test(ac, pe_range[0], pe_range[1]).tau_us
    except ValueError:  # no AC events in the PE window
        tau = float("inf")
    return bg.steady_state_template(ac, time_shape="exponential" if np.isfinite(tau) else "flat", tau_us=tau)


def cevns_signal(release, detector=None, **kwargs) -> np.ndarray:
    """This library's SM CEvNS expectation (25, 24) with the release's arrival-time PDFs."""
    from .detector import DetectorModel, cevns_template

    det = detector or DetectorModel()
    pdfs = {"prompt": np.asarray(release.time_pdfs["prompt_neutrinos"], float),
            "delayed": np.asarray(release.time_pdfs["delayed_neutrinos"], float)}
    return np.asarray(cevns_template(det, time_pdfs=pdfs, **kwargs).total, float)


def build_inputs(release, *, beam: str = "on", detector=None, pe_range=(PE_MIN, PE_MAX),
                 t_range_us=(T_MIN_US, T_MAX_US), include_nin: bool = True, nuisances=(),
                 signal: np.ndarray | None = None, ss_time_shape: str = "exponential") -> FitInputs:
    """Assemble :class:`FitInputs` from a release for ``beam`` "on" or "off".

    With the beam off there is no beam, so the prompt-neutron (and NIN) expectations are zero; the fit is
    otherwise identical and must find no CEvNS. ``nuisances`` may contain "qf" and/or "acceptance"
    (CEvNS shape morphing between ±1σ templates).
    """
    if beam not in BEAMS:
        raise ValueError(f"beam must be 'on' or 'off', got {beam!r}")
    from .detector import DetectorModel

    det = detector or DetectorModel()
    mask = region_mask(pe_range[0], pe_range[1], t_range_us[0], t_range_us[1])
    c = np.asarray(release.counts[f"C_{beam}"])
    ac = np.asarray(release.counts[f"AC_{beam}"])
    sig = cevns_signal(release, det) if signal is None else np.asarray(signal, float)
    brn = brn_template(release, detector=det)
    nin = _nin_template(release, det) if include_nin else None
    if beam == "off":
        brn = np.zeros_like(brn)
        nin = None
    variations = {}
    for name in nuisances:
        variations[name] = _variation(release, det, name)
    brn_unc = float(release.parameters["promptNeutronNormalization"].get("uncertainty", BRN_NORM_UNC)) if isinstance(
        getattr(release, "parameters", {}).get("promptNeutronNormalization"), dict) else BRN_NORM_UNC
    ss = steady_state_shape(ac, time_shape=ss_time_shape, pe_range=pe_range)
    from .backgrounds import NIN_NORM_UNC

    return FitInputs(c, ac, sig, ss, brn, mask, nin=nin, brn_unc=brn_unc, nin_unc=NIN_NORM_UNC,
                     signal_variations=variations)


def _nin_template(release, det) -> np.ndarray:
    from . import backgrounds
    return np.asarray(backgrounds.nin_template(release, det), float)


def _variation(release, det, name: str) -> tuple[np.ndarray, np.ndarray]:
    from dataclasses import replace

    if name == "qf":
        return tuple(cevns_signal(release, replace(det, qf=det.qf + s * det.qf_unc)) for s in (-1, 1))
    if name == "acceptance":
        # the release's asymmetric ±1σ on x₀ (threshold position) — the dominant acceptance shape effect
        dn = replace(det, acc_x0=det.acc_x0 + det.acc_x0_err_hi)
        up = replace(det, acc_x0=det.acc_x0 - det.acc_x0_err_lo)
        return cevns_signal(release, dn), cevns_signal(release, up)
    raise ValueError(f"unknown nuisance {name!r}; allowed: 'qf', 'acceptance'")


def fit_release(release, *, beam: str = "on", detector=None, pe_range=(PE_MIN, PE_MAX),
                t_range_us=(T_MIN_US, T_MAX_US), include_nin: bool = True, nuisances=(),
                ss_time_shape: str = "exponential", minos: bool = True) -> FitResult:
    """Fit a :class:`~cevns_edu.data.Release` (real or simulated) in the analysis window; see module docstring."""
    inputs = build_inputs(release, beam=beam, detector=detector, pe_range=pe_range, t_range_us=t_range_us,
                          include_nin=include_nin, nuisances=nuisances, ss_time_shape=ss_time_shape)
    return fit_inputs(inputs, source=release.source, is_simulated=release.is_simulated, beam=beam, minos=minos,
                      pe_range=pe_range, t_range_us=t_range_us)


#: Modelling choices compared in notebook 06: label → keyword arguments of :func:`fit_release`.
VARIANTS = {
    "this course's default": {},
    "steady-state flat in time": {"ss_time_shape": "flat"},
    "no ν-induced neutrons": {"include_nin": False},
    "+ QF and acceptance shape nuisances": {"nuisances": ("qf", "acceptance")},
}


def compare_variants(release, variants=None, *, beam: str = "on") -> list[tuple[str, FitResult]]:
    """Fit ``release`` with each modelling choice of ``variants`` (default :data:`VARIANTS`)."""
    return [(label, fit_release(release, beam=beam, **kw)) for label, kw in (variants or VARIANTS).items()]


def comparison_table(result: FitResult) -> str:
    """Our fit beside the published result (:data:`PUBLISHED`), as plain text with rounded numbers."""
    p = PUBLISHED
    rows = [("", f"this fit ({result.label})", "published"),
            ("N_CEvNS", f"{result.n_cevns:.0f} −{result.n_cevns_err_lo:.0f} +{result.n_cevns_err_hi:.0f}",
             f"{p['n_cevns']:.0f} ± {p['n_cevns_err']:.0f}"),
            ("significance", f"{result.significance_sigma:.1f} σ", f"{p['significance_sigma']:.1f} σ"),
            ("SM prediction", f"{result.sm_prediction:.0f}", f"{p['sm_prediction']:.0f} ± {p['sm_prediction_err']:.0f}")]
    return "\n".join(f"{a:<15s}{b:<32s}{c}" for a, b, c in rows) + f"\npublished: {p['reference']}"
