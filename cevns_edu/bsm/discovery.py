"""Discovery statistics for a binned counting experiment.

The Asimov significance of a signal over backgrounds whose normalisations are uncertain (Gaussian
approximation, normalisations profiled), and the log-spaced recoil binning it is used with.

References: G. Cowan, K. Cranmer, E. Gross, O. Vitells, EPJC 71, 1554 (2011) (Asimov data set);
J. Billard, E. Figueroa-Feliciano, L. Strigari, PRD 89, 023524 (2014) (the floor's recipe).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..core.validate import as_float_array, count, number


def log_bins(threshold_kev: float, n_bins: int = 30,
             upper_kev: float = 150.0) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Make log-spaced recoil bins and a fine grid inside them.

    Parameters
    ----------
    threshold_kev : float
        Lowest edge [keV].
    n_bins : int, optional
        Number of bins.
    upper_kev : float, optional
        Highest edge [keV].

    Returns
    -------
    edges : numpy.ndarray
        ``n_bins + 1`` log-spaced bin edges [keV].
    fine : numpy.ndarray
        ``6 n_bins + 1`` log-spaced points [keV] (6 intervals per bin), for :func:`integrate_bins`.
    """
    n_bins = count(n_bins, "n_bins", lo=1, hi=10_000)
    upper_kev = number(upper_kev, "upper_kev", "keV", lo=0.0, lo_open=True)
    threshold_kev = number(threshold_kev, "threshold_kev", "keV", lo=0.0, hi=upper_kev, lo_open=True, hi_open=True)
    edges = np.geomspace(threshold_kev, upper_kev, n_bins + 1)
    fine = np.geomspace(threshold_kev, upper_kev, 6 * n_bins + 1)
    return edges, fine


def integrate_bins(fine: NDArray[np.float64], rate: NDArray[np.float64], n_bins: int) -> NDArray[np.float64]:
    """Integrate a spectrum given on the fine grid into bins (trapezoid rule).

    Parameters
    ----------
    fine : numpy.ndarray
        The fine grid of :func:`log_bins` [keV].
    rate : numpy.ndarray
        Spectrum on ``fine`` [events/keV].
    n_bins : int
        Number of bins (the fine grid has the same number of intervals in each).

    Returns
    -------
    numpy.ndarray
        Events per bin, shape (n_bins,).
    """
    seg = 0.5 * (rate[1:] + rate[:-1]) * np.diff(fine)
    out: NDArray[np.float64] = seg.reshape(n_bins, -1).sum(axis=1)
    return out


def discovery_significance(s: NDArray[np.float64], b: NDArray[np.float64], rel_unc: NDArray[np.float64]) -> float:
    """Compute the Asimov significance of a signal over backgrounds with uncertain normalisations.

    Gaussian approximation with the background normalisations profiled:
    Z² = sᵀ (D + Bᵀ C B)⁻¹ s, D = diag(s + Σb), C = diag(δ²) (the least-squares profile).

    Parameters
    ----------
    s : numpy.ndarray
        Signal events per bin, shape (bins,).
    b : numpy.ndarray
        Background events per bin, one row per background, shape (k, bins).
    rel_unc : numpy.ndarray
        Fractional normalisation uncertainty δ of each background, shape (k,).

    Returns
    -------
    float
        Significance Z (≥ 0).

    References
    ----------
    G. Cowan, K. Cranmer, E. Gross, O. Vitells, Eur. Phys. J. C 71, 1554 (2011) (Asimov data set).
    """
    s = as_float_array(s, "s")
    b = as_float_array(b, "b")
    rel_unc = as_float_array(rel_unc, "rel_unc")
    if s.ndim != 1 or b.ndim != 2 or b.shape[1] != s.size or rel_unc.shape != (b.shape[0],):
        raise ValueError(f"need s of shape (bins,), b of shape (k, bins) and rel_unc of shape (k,), got s {s.shape}, "
                         f"b {b.shape}, rel_unc {rel_unc.shape}")
    for name, arr in (("s", s), ("b", b)):
        if not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise ValueError(f"{name} must hold finite event counts >= 0")
    if not np.all(np.isfinite(rel_unc)) or np.any(rel_unc <= 0):
        raise ValueError("rel_unc must hold finite fractional uncertainties > 0")
    n = s + b.sum(axis=0)
    keep = n > 0
    s, b, n = s[keep], b[:, keep], n[keep]
    dinv = 1.0 / n
    # Woodbury: (D + Bᵀ C B)⁻¹ = D⁻¹ − D⁻¹Bᵀ (C⁻¹ + B D⁻¹ Bᵀ)⁻¹ B D⁻¹
    bd = b * dinv
    small = np.diag(1.0 / rel_unc**2) + bd @ b.T
    u = bd @ s
    z2 = s @ (dinv * s) - u @ np.linalg.solve(small, u)
    return float(np.sqrt(max(z2, 0.0)))
