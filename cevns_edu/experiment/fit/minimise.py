"""Maximum likelihood with iminuit: :func:`fit_inputs` (MIGRAD, HESSE with the analytic Hessian, MINOS, and
the background-only fit for the significance) and :func:`profile_scan` (Δ(2 lnL) against N_CEvNS).

Significance: Z = sign(N̂)·√(2[lnL(N̂) − lnL(0)]) (Wilks' theorem, one parameter; Cowan, Cranmer, Gross &
Vitells, EPJC 71, 1554 (2011), q₀).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from iminuit import Minuit
from scipy import stats

from ...core.binning import PE_MAX, PE_MIN, T_MAX_US, T_MIN_US
from ..likelihood.inputs import FitInputs
from ..likelihood.poisson import BinnedLikelihood
from .result import FitResult


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
