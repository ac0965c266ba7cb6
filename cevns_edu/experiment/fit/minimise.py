"""Maximum likelihood with iminuit: :func:`fit_inputs` and :func:`profile_scan`.

:func:`fit_inputs` runs MIGRAD, HESSE with the analytic Hessian, MINOS, and the background-only fit for the
significance; :func:`profile_scan` gives Δ(2 lnL) against N_CEvNS.

Significance: Z = sign(N̂)·√(2[lnL(N̂) − lnL(0)]) (Wilks' theorem, one parameter; the q₀ of [1]_).

References
----------
.. [1] G. Cowan, K. Cranmer, E. Gross and O. Vitells, "Asymptotic formulae for likelihood-based tests of new
   physics", Eur. Phys. J. C 71, 1554 (2011).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from iminuit import Minuit
from numpy.typing import ArrayLike
from scipy import stats

from ...core.binning import PE_MAX, PE_MIN, T_MAX_US, T_MIN_US
from ..likelihood.inputs import FitInputs, FloatArray
from ..likelihood.poisson import BinnedLikelihood
from .result import FitResult


def _minuit(lik: BinnedLikelihood, start: Sequence[float] | FloatArray) -> Minuit:
    m = Minuit(lik, start, grad=lik.grad, hessian=lik.hessian, name=lik.params)
    m.print_level = 0
    m.strategy = 1
    k = 1 + lik.n_ss_params
    m.errors = [max(1.0, 0.1 * abs(v)) for v in start[:k]] + [0.1] * (len(start) - k)
    for name in lik.ss_params:
        m.limits[name] = (0.0, None)
    return m


def fit_inputs(inputs: FitInputs | BinnedLikelihood, *, source: str = "arrays", is_simulated: bool = True,
               beam: str = "on", minos: bool = True, pe_range: tuple[float, float] = (PE_MIN, PE_MAX),
               t_range_us: tuple[float, float] = (T_MIN_US, T_MAX_US)) -> FitResult:
    """Fit the arrays in ``inputs`` by maximum likelihood; see the module docstring for the method.

    Parameters
    ----------
    inputs : FitInputs or BinnedLikelihood
        The arrays, or a likelihood built from them.
    source : str
        Where the data come from (reported in the result).
    is_simulated : bool
        Whether the data are a simulated replica (reported in the result).
    beam : {"on", "off"}
        Beam state of the data (reported in the result).
    minos : bool
        Compute MINOS (asymmetric) errors on N_CEvNS.
    pe_range : tuple of float
        Analysis PE range [PE] (reported in the result; the region is ``inputs.mask``).
    t_range_us : tuple of float
        Analysis arrival-time range [μs] (reported in the result).

    Returns
    -------
    FitResult
        Best fit, errors, significance, goodness of fit and the likelihood.
    """
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
        pe_range=(float(pe_range[0]), float(pe_range[1])), t_range_us=(float(t_range_us[0]), float(t_range_us[1])),
        values=dict(zip(lik.params, map(float, best), strict=True)),
        errors=dict(zip(lik.params, map(float, m.errors), strict=True)),
        likelihood=lik,
    )


@dataclass(frozen=True)
class ProfileScan:
    """Δ(2 lnL) = 2[−lnL(N) + lnL(N̂)] profiled over all other parameters, on a grid of N_CEvNS.

    Parameters
    ----------
    n_cevns : numpy.ndarray
        The N_CEvNS grid [events], sorted.
    delta_2nll : numpy.ndarray
        Δ(2 lnL) at each grid point (≥ 0).
    best : float
        The best-fit N_CEvNS [events].
    interval : tuple of float
        The Δ(2 lnL) = 1 crossing points (1σ) [events].
    significance_sigma : float
        √Δ(2 lnL) at N = 0 (signed), NaN if 0 is outside the scan.
    scan_seconds : float
        Wall time of the scan [s].
    """

    n_cevns: FloatArray
    delta_2nll: FloatArray
    best: float
    interval: tuple[float, float]      # Δ(2 lnL) = 1 crossing points (1σ)
    significance_sigma: float          # √Δ(2 lnL) at N = 0 (signed), NaN if 0 is outside the scan
    scan_seconds: float


def _crossing(x: FloatArray, y: FloatArray, level: float, side: str) -> float:
    """Linear interpolation of where y crosses ``level`` on the left/right of the minimum."""
    i = int(np.argmin(y))
    xs, ys = (x[: i + 1][::-1], y[: i + 1][::-1]) if side == "left" else (x[i:], y[i:])
    above = np.nonzero(ys >= level)[0]
    if above.size == 0:
        return float("nan")
    j = above[0]
    return float(np.interp(level, [ys[j - 1], ys[j]], [xs[j - 1], xs[j]])) if j > 0 else float(xs[0])


def profile_scan(result: FitResult | BinnedLikelihood, n_values: ArrayLike | None = None, *,
                 n_points: int = 41) -> ProfileScan:
    """Profile the likelihood in N_CEvNS (other parameters re-minimised at each point).

    Parameters
    ----------
    result : FitResult or BinnedLikelihood
        A fit (with its likelihood), or a likelihood to fit first.
    n_values : array_like, optional
        N_CEvNS grid [events], at least 3 finite values; default ``n_points`` values from min(0, N̂ − 4σ) to
        N̂ + 4σ, so that N = 0 is included.
    n_points : int
        Size of the default grid, 3 to 1000.

    Returns
    -------
    ProfileScan
        The profile, its 1σ interval and the significance at N = 0.

    Raises
    ------
    ValueError
        If the result carries no likelihood, ``n_points`` is out of range or ``n_values`` is not a 1-D array of at
        least 3 finite values.
    """
    t0 = time.perf_counter()
    if not isinstance(result, FitResult | BinnedLikelihood):
        raise TypeError(f"result must be a FitResult (from fit_release) or a BinnedLikelihood, got {type(result).__name__}")
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
    grid = np.asarray(n_values, dtype=np.float64)
    if grid.ndim != 1 or grid.size < 3 or not np.all(np.isfinite(grid)):
        raise ValueError("n_values must be a 1-D array of at least 3 finite N_CEvNS values")
    grid = np.sort(grid)
    nll_best = lik(best)
    out = np.empty_like(grid)
    # scan outward from the best fit so each point starts from its neighbour's solution
    order = np.argsort(np.abs(grid - res.n_cevns))
    m = _minuit(lik, best)
    m.fixed["n_cevns"] = True
    m.strategy = 0
    done: dict[int, FloatArray] = {}
    for idx in order:
        near = min(done, key=lambda j: abs(grid[j] - grid[idx])) if done else None
        start = done[near] if near is not None else best
        m.values = [grid[idx], *start[1:]]
        m.migrad()
        done[idx] = np.array(m.values)
        out[idx] = 2.0 * (float(m.fval) - nll_best)
    out = np.maximum(out, 0.0)
    interval = (_crossing(grid, out, 1.0, "left"), _crossing(grid, out, 1.0, "right"))
    if grid[0] <= 0.0 <= grid[-1]:
        d0 = float(np.interp(0.0, grid, out))
        z = float(np.sign(res.n_cevns) * np.sqrt(max(d0, 0.0)))
    else:
        z = float("nan")
    return ProfileScan(grid, out, res.n_cevns, interval, z, time.perf_counter() - t0)
