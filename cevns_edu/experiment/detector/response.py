"""From mean photoelectrons to counted ones, and from a population to time bins.

* :func:`poisson_matrix`: Poisson photoelectron statistics P(n | μ);
* :func:`response_matrix`: that matrix on a recoil grid for a detector's light yield and quenching,
  cached (``functools.lru_cache``) on the light-producing parameters;
* :func:`time_pdfs`: the arrival-time PDFs of the prompt and delayed populations on the release's 0.5 μs
  bins (the release's when given, else the analytic model of :mod:`cevns_edu.physics.sources`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ...core.binning import N_PE, N_T, T_EDGES_US
from ...core.validate import as_float_array, count
from ...physics.sources import arrival_time_pdf
from .model import DetectorModel


def poisson_matrix(mean_pe: ArrayLike, n_max: int = N_PE * 2) -> NDArray[np.float64]:
    """P(n | μ) for n = 1 … ``n_max`` (columns) and each μ in ``mean_pe`` (rows): Poisson PE statistics.

    Built by the recursion P(n) = P(n−1)·μ/n from P(0) = e^{−μ} (exact; faster than lgamma/exp);
    valid for μ up to ~700 (beyond, e^{−μ} underflows).
    """
    n_max = count(n_max, "n_max", lo=1, hi=10_000)
    mu = as_float_array(mean_pe, "mean_pe", "PE")
    if np.any(mu < 0) or not np.all(np.isfinite(mu)) or np.any(mu > 700):
        raise ValueError(f"mean_pe must be finite numbers between 0 and 700 PE, got range "
                         f"[{np.min(mu) if mu.size else 0}, {np.max(mu) if mu.size else 0}]")
    ratios = mu[..., None] / np.arange(1, n_max + 1, dtype=float)
    p: NDArray[np.float64] = np.exp(-mu)[..., None] * np.cumprod(ratios, axis=-1)
    return p


def response_matrix(detector: DetectorModel, recoil_kev: NDArray[np.float64], width_kev: float) -> NDArray[np.float64]:
    """Return the Poisson response × bin width, (n recoil bins, 50): row i = P(n PE | μ(Tᵢ))·ΔT.

    The matrix is read-only, cached on the light-producing parameters (light yield, QF and its slope) and the
    recoil grid.

    Parameters
    ----------
    detector : DetectorModel
        The detector (light yield and quenching).
    recoil_kev : numpy.ndarray
        Recoil-energy grid [keVnr].
    width_kev : float
        Recoil bin width ΔT [keVnr].

    Returns
    -------
    numpy.ndarray, shape (n recoil bins, 50)
        P(n PE | μ(Tᵢ))·ΔT [keVnr] for n = 1 … 50.
    """
    grid = np.ascontiguousarray(recoil_kev, dtype=float)
    return _response(detector.light_yield, detector.qf, detector.qf_slope_per_kevnr, detector.qf_ref_kevnr,
                     grid.tobytes(), float(width_kev))


@lru_cache(maxsize=32)
def _response(light_yield: float, qf: float, qf_slope_per_kevnr: float, qf_ref_kevnr: float, recoil_bytes: bytes,
              width_kev: float) -> NDArray[np.float64]:
    light = DetectorModel(light_yield=light_yield, qf=qf, qf_slope_per_kevnr=qf_slope_per_kevnr,
                          qf_ref_kevnr=qf_ref_kevnr)
    resp = poisson_matrix(light.mean_pe(np.frombuffer(recoil_bytes))) * width_kev
    resp.setflags(write=False)
    return resp


_TIME_KEYS = {"prompt": ("prompt", "prompt_neutrinos"), "delayed": ("delayed", "delayed_neutrinos")}


def time_pdfs(time_pdfs: Mapping[str, ArrayLike] | None) -> dict[str, NDArray[np.float64]]:
    """Return the arrival-time probabilities {"prompt": (24,), "delayed": (24,)} per 0.5-μs bin.

    Parameters
    ----------
    time_pdfs : mapping of str to array_like, or None
        ``None`` for the analytic model, else the given ones (keys "prompt"/"delayed" or the release's
        "prompt_neutrinos"/"delayed_neutrinos"), checked and normalised.

    Returns
    -------
    dict of str to numpy.ndarray, shape (24,)
        Probabilities summing to 1.

    Raises
    ------
    ValueError
        If a population is missing, or its PDF is not 24 non-negative finite numbers summing to 1 (± 10⁻³).
    """
    if time_pdfs is None:
        return {pop: _analytic_pdf(pop) for pop in ("prompt", "delayed")}
    out = {}
    for pop, keys in _TIME_KEYS.items():
        key = next((k for k in keys if k in time_pdfs), None)
        if key is None:
            raise ValueError(f"time_pdfs needs a {keys[0]!r} (or {keys[1]!r}) entry, got keys {sorted(time_pdfs)}")
        p = np.asarray(time_pdfs[key], dtype=float)
        if p.shape != (N_T,) or not np.all(np.isfinite(p)) or np.any(p < 0):
            raise ValueError(f"time_pdfs[{key!r}] must be {N_T} non-negative numbers (0.5 μs bins), got shape {p.shape}")
        if abs(p.sum() - 1.0) > 1e-3:
            raise ValueError(f"time_pdfs[{key!r}] must sum to 1 over the 24 bins, sums to {p.sum():.4g}")
        out[pop] = p / p.sum()
    return out


@cache
def _analytic_pdf(pop: str) -> NDArray[np.float64]:
    pdf = arrival_time_pdf(pop, T_EDGES_US)
    pdf.setflags(write=False)
    return pdf
