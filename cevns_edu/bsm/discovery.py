"""Discovery statistics for a binned counting experiment: the Asimov significance of a signal over
backgrounds whose normalisations are uncertain (Gaussian approximation, normalisations profiled), and the
log-spaced recoil binning it is used with.

References: G. Cowan, K. Cranmer, E. Gross, O. Vitells, EPJC 71, 1554 (2011) (Asimov data set);
J. Billard, E. Figueroa-Feliciano, L. Strigari, PRD 89, 023524 (2014) (the floor's recipe).
"""

from __future__ import annotations

import numpy as np


def log_bins(threshold_kev: float, n_bins: int = 30, upper_kev: float = 150.0) -> tuple[np.ndarray, np.ndarray]:
    """``n_bins`` log-spaced bin edges from ``threshold_kev`` to ``upper_kev`` and a fine grid (6 points per bin)."""
    edges = np.geomspace(threshold_kev, upper_kev, n_bins + 1)
    fine = np.geomspace(threshold_kev, upper_kev, 6 * n_bins + 1)
    return edges, fine


def integrate_bins(fine: np.ndarray, rate: np.ndarray, n_bins: int) -> np.ndarray:
    """Integrate a spectrum given on the fine grid into the n_bins bins (6 fine intervals per bin)."""
    seg = 0.5 * (rate[1:] + rate[:-1]) * np.diff(fine)
    return seg.reshape(n_bins, -1).sum(axis=1)


def discovery_significance(s: np.ndarray, b: np.ndarray, rel_unc: np.ndarray) -> float:
    """Asimov significance of signal ``s`` over backgrounds ``b`` (k, bins) with normalisation uncertainties.

    Gaussian approximation with the background normalisations profiled:
    Z² = sᵀ (D + Bᵀ C B)⁻¹ s, D = diag(s + Σb), C = diag(δ²) (the least-squares profile).
    """
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
