"""The CENNS-10 Analysis-A fit: 3-D binned Poisson likelihood (12 energy × 8 F90 × 10 time = 960 bins).

Model (release README and ``LArParametersAnlA.yaml``; Akimov et al., PRL 126, 012002 (2021)): the observed
counts are CEvNS (free) + prompt beam-related neutrons + delayed beam-related neutrons + steady-state
background, with the release's PDFs as shapes. The three backgrounds have Gaussian priors from the parameter
file's *prediction* normalisations (497 ± 160, 33 ± 33, 3154 ± 25). With ``shape_nuisances=True`` the ±1σ
shape variations of ``SystErrors/`` enter as profiled nuisances (:class:`.likelihood.TemplateLikelihood`).

Reported: N̂ with MINOS errors (Δ(2 lnL) = 1), the profile-likelihood-ratio significance Z = √(2Δ lnL) of
N = 0 (Wilks; Cowan et al., EPJC 71, 1554 (2011)), and — the way the paper separates them — the
systematic error of N̂ from the shape variations by the offset method (refit with each ±1σ template; half
the difference of the two refits, or the shift of a one-sided one; summed in quadrature), with the
significance including it, Z_syst = Z_stat/√(1 + (σ_syst/σ_stat)²) (the Gaussian profile widened by the
systematic error). Published values are kept apart in :data:`PUBLISHED`, for comparison only.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from iminuit import Minuit
from numpy.typing import ArrayLike, NDArray

from cevns_edu.data.cenns10 import param

from .likelihood import TemplateLikelihood

if TYPE_CHECKING:
    from cevns_edu.data.cenns10 import ArgonRelease

#: PRL 126, 012002 (2021) and the release's parameter file — for comparison only, never used by the fit.
PUBLISHED = {"n_cevns": 159.0, "n_cevns_err": 43.0, "significance_sigma": 3.5, "sm_prediction": 128.0,
             "sm_prediction_err": 17.0, "reference": "D. Akimov et al. (COHERENT), PRL 126, 012002 (2021)"}

COMPONENTS = ("cevns", "brn_prompt", "brn_delayed", "steady_state")
_PRIOR_KEYS = {"brn_prompt": "promptBeamRelatedNeutronPredictionNormalization",
               "brn_delayed": "delayedBeamRelatedNeutronPredictionNormalization",
               "steady_state": "ssBackgroundPredictionNormalization"}


def priors(release: ArgonRelease) -> dict[str, tuple[float, float]]:
    """Return the Gaussian priors (mean, σ) on the background counts: the parameter file's prediction normalisations.

    Parameters
    ----------
    release : ArgonRelease
        The release (real or simulated) whose parameter file is read.

    Returns
    -------
    dict
        Background component → (mean, sigma) [events].
    """
    return {c: (param(release.parameters, k), param(release.parameters, k, field="uncertainty"))
            for c, k in _PRIOR_KEYS.items()}


def likelihood(release: ArgonRelease, *, shape_nuisances: bool = True, signal: ArrayLike | None = None,
               variations: Mapping[str, tuple[str, ArrayLike | None, ArrayLike]] | None = None) -> TemplateLikelihood:
    """Build the likelihood of an :class:`~cevns_edu.data.cenns10.ArgonRelease`.

    Parameters
    ----------
    release : ArgonRelease
        Observed counts, component PDFs, shape variations and parameter file.
    shape_nuisances : bool
        Profile the ±1σ shape variations as nuisances.
    signal : array_like, optional
        Expected CEvNS counts (12, 8, 10) replacing the release's CEvNS PDF.
    variations : mapping, optional
        Shape variations replacing the release's (name → (component, down or None, up)).

    Returns
    -------
    TemplateLikelihood
    """
    tpl = {c: np.asarray(release.pdfs[c], float) for c in COMPONENTS}
    if signal is not None:
        tpl["cevns"] = np.asarray(signal, float)
    var = (dict(release.variations) if variations is None else variations) if shape_nuisances else {}
    return TemplateLikelihood(release.counts, tpl, priors(release), var)


def _minimize(lik: TemplateLikelihood, start: ArrayLike, fix_signal: float | None = None) -> Minuit:
    m = Minuit(lik, np.asarray(start, float), grad=lik.grad, hessian=lik.hessian, name=lik.params)
    m.print_level = 0
    for name in lik.params[1:lik.nc]:
        m.limits[name] = (0.0, None)
    if fix_signal is not None:
        m.values[0] = fix_signal
        m.fixed[0] = True
    m.migrad()
    return m


@dataclass(frozen=True)
class ArgonFitResult:
    """One fit of the argon data. ``n_cevns_err_lo/hi``: MINOS (positive); ``significance_sigma``: profile LR."""

    source: str
    is_simulated: bool
    shape_nuisances: bool
    n_cevns: float
    n_cevns_err_lo: float
    n_cevns_err_hi: float
    n_cevns_err: float
    significance_sigma: float
    chi2: float
    ndof: int
    n_observed: int
    values: dict[str, float]
    errors: dict[str, float]
    fit_seconds: float
    valid: bool
    likelihood: TemplateLikelihood | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """Return "SIMULATED REPLICA", "MODIFIED DATA" (a source that is not the official files) or "REAL DATA"."""
        if self.is_simulated:
            return "SIMULATED REPLICA"
        return "MODIFIED DATA" if self.source.startswith("MODIFIED DATA") else "REAL DATA"

    def summary(self, timing: bool = True) -> str:
        """Return a short table of the fit.

        Parameters
        ----------
        timing : bool
            Include the fit time (``False`` for reproducible outputs).

        Returns
        -------
        str
        """
        v = self.values
        rows = [("data", f"{self.source}  [{self.label}]"),
                ("shape nuisances", "profiled" if self.shape_nuisances else "none"),
                ("N_CEvNS (fit)", f"{self.n_cevns:.1f}  −{self.n_cevns_err_lo:.1f} +{self.n_cevns_err_hi:.1f}"),
                ("significance", f"{self.significance_sigma:.2f} σ (profile likelihood ratio)"),
                ("prompt / delayed BRN", f"{v['n_brn_prompt']:.0f} / {v['n_brn_delayed']:.1f}"),
                ("steady-state", f"{v['n_steady_state']:.0f}"),
                ("χ² / ndof", f"{self.chi2:.1f} / {self.ndof}")] + ([("fit time", f"{1e3 * self.fit_seconds:.0f} ms")] if timing else [])
        w = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{w}}  {s}" for k, s in rows)


def fit_likelihood(lik: TemplateLikelihood, *, source: str = "arrays", is_simulated: bool = True,
                   minos: bool = True) -> ArgonFitResult:
    """MIGRAD + HESSE (+ MINOS on N_CEvNS) and the N = 0 fit for the significance."""
    t0 = time.perf_counter()
    m = _minimize(lik, lik.start())
    m.hesse()
    best = np.array(m.values)
    err = float(m.errors[0])
    lo = hi = err
    if minos and m.valid:
        try:
            m.minos(0)
            me = m.merrors[lik.params[0]]
            if me.is_valid:
                lo, hi = -float(me.lower), float(me.upper)
        except RuntimeError:
            pass
    m0 = _minimize(lik, best, fix_signal=0.0)
    z = float(np.sign(best[0]) * np.sqrt(max(0.0, 2.0 * (m0.fval - m.fval))))
    return ArgonFitResult(source, bool(is_simulated), lik.nv > 0, float(best[0]), lo, hi, err, z,
                          lik.deviance(best), int(lik.k.size - len(lik.params)), int(lik.k.sum()),
                          dict(zip(lik.params, map(float, best), strict=True)), dict(zip(lik.params, map(float, m.errors), strict=True)),
                          time.perf_counter() - t0, bool(m.valid and m0.valid), lik)


def fit_argon(release: ArgonRelease, *, shape_nuisances: bool = True, signal: ArrayLike | None = None,
              minos: bool = True) -> ArgonFitResult:
    """Fit an :class:`~cevns_edu.data.cenns10.ArgonRelease` (real or simulated); see the module docstring."""
    lik = likelihood(release, shape_nuisances=shape_nuisances, signal=signal)
    return fit_likelihood(lik, source=release.source, is_simulated=release.is_simulated, minos=minos)


@dataclass(frozen=True)
class ShapeSystematics:
    """Offset-method systematic error of N_CEvNS: per variation, and the quadrature total."""

    n_cevns: float
    stat_err: float
    shifts: dict[str, float]
    total: float
    significance_stat: float

    @property
    def significance_sigma(self) -> float:
        """Z including the systematic error: Z_stat / √(1 + (σ_syst/σ_stat)²)."""
        return self.significance_stat / float(np.sqrt(1.0 + (self.total / self.stat_err) ** 2))


def shape_systematics(release: ArgonRelease) -> ShapeSystematics:
    """Refit (no nuisances) with each ±1σ template in place of the nominal one; see the module docstring."""
    nominal = fit_argon(release, shape_nuisances=False, minos=False)
    shifts: dict[str, float] = {}
    for name, (comp, dn, up) in release.variations.items():
        ns = []
        for t in (dn, up):
            if t is None:
                continue
            rel_pdfs = dict(release.pdfs)
            rel_pdfs[comp] = t
            lik = TemplateLikelihood(release.counts, {c: rel_pdfs[c] for c in COMPONENTS}, priors(release))
            ns.append(float(_minimize(lik, lik.start()).values[0]))
        shifts[name] = 0.5 * abs(ns[1] - ns[0]) if len(ns) == 2 else abs(ns[0] - nominal.n_cevns)
    total = float(np.sqrt(sum(s * s for s in shifts.values())))
    return ShapeSystematics(nominal.n_cevns, nominal.n_cevns_err, shifts, total, nominal.significance_sigma)


@dataclass(frozen=True)
class ArgonProfile:
    """Δ(2 lnL) against N_CEvNS (other parameters re-minimised), its 1σ interval and Z at N = 0."""

    n_cevns: NDArray[np.float64]
    delta_2nll: NDArray[np.float64]
    interval: tuple[float, float]
    significance_sigma: float
    scan_seconds: float


def profile_scan(result: ArgonFitResult, n_values: ArrayLike | None = None, *, n_points: int = 41) -> ArgonProfile:
    """Profile the likelihood of ``result`` in N_CEvNS on ``n_values`` (default: min(0, N̂−4σ) … N̂+4σ)."""
    t0 = time.perf_counter()
    lik = result.likelihood
    if lik is None:
        raise ValueError("this ArgonFitResult carries no likelihood; fit again with fit_argon")
    if n_values is None:
        if not 3 <= int(n_points) <= 1000:
            raise ValueError(f"n_points must be between 3 and 1000, got {n_points!r}")
        n_values = np.linspace(min(0.0, result.n_cevns - 4 * result.n_cevns_err_lo),
                               result.n_cevns + 4 * result.n_cevns_err_hi, int(n_points))
    x = np.sort(np.asarray(n_values, float))
    if x.ndim != 1 or x.size < 3 or not np.all(np.isfinite(x)):
        raise ValueError("n_values must be a 1-D array of at least 3 finite N_CEvNS values")
    best = np.array([result.values[p] for p in lik.params])
    nll0 = lik(best)
    out = np.empty_like(x)
    m = Minuit(lik, best, grad=lik.grad, name=lik.params)
    m.strategy = 0
    for name in lik.params[1:lik.nc]:
        m.limits[name] = (0.0, None)
    m.fixed[0] = True
    i0 = int(np.argmin(np.abs(x - result.n_cevns)))
    for order in (range(i0, x.size), range(i0 - 1, -1, -1)):   # walk outward, each start from its neighbour
        m.values = best
        for i in order:
            m.values[0] = x[i]
            m.migrad()
            out[i] = 2.0 * (m.fval - nll0)
    out = np.maximum(out, 0.0)
    imin = int(np.argmin(out))
    left = np.interp(1.0, out[: imin + 1][::-1], x[: imin + 1][::-1]) if out[0] >= 1 else float("nan")
    right = np.interp(1.0, out[imin:], x[imin:]) if out[-1] >= 1 else float("nan")
    z = float(np.sign(result.n_cevns) * np.sqrt(np.interp(0.0, x, out))) if x[0] <= 0 <= x[-1] else float("nan")
    return ArgonProfile(x, out, (float(left), float(right)), z, time.perf_counter() - t0)
