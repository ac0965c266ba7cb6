"""Define the binning of the COHERENT 2017 CsI[Na] data release.

The binning is the shared vocabulary of templates, data, backgrounds and the fit:

* photoelectrons (PE): the released data come in 2-PE bins [0,2), [2,4), …, [48,50) (centres 1, 3, …, 49);
  predictions are made in 1-PE bins [0,1), …, [49,50) (centres 0.5 … 49.5), where the release's
  acceptance is evaluated, then summed pairwise into 2-PE bins.
* arrival time: 0.5 μs bins [0, 0.5), …, [11.5, 12) μs (centres 0.25 … 11.75), relative to the
  beam-pulse time (release files ``data_*.txt`` and ``arrivalTimePDF_*.txt``).
* analysis region of the 2017 result: 6 ≤ PE < 30 and 0 ≤ t < 6 μs (Akimov et al., Science 357,
  1123 (2017); release README) — 12 PE bins × 12 time bins.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validate import pe_range, time_range

#: Length of the coincidence (and anti-coincidence) window after (before) each beam pulse [μs]: the release's
#: arrival-time bins cover 0 ≤ t < 12 μs (Akimov et al., Science 357, 1123 (2017); release README).
WINDOW_US = 12.0

PE_EDGES_1 = np.arange(0.0, 51.0, 1.0)          # 1-PE bin edges, 0..50
PE_CENTERS_1 = 0.5 * (PE_EDGES_1[:-1] + PE_EDGES_1[1:])
PE_EDGES = np.arange(0.0, 51.0, 2.0)            # 2-PE bin edges of the data, 0..50
PE_CENTERS = 0.5 * (PE_EDGES[:-1] + PE_EDGES[1:])   # 1, 3, ..., 49 (25 bins)
T_EDGES_US = np.arange(0.0, WINDOW_US + 0.01, 0.5)  # 0..12 μs
T_CENTERS_US = 0.5 * (T_EDGES_US[:-1] + T_EDGES_US[1:])  # 0.25, ..., 11.75 (24 bins)

N_PE, N_T = PE_CENTERS.size, T_CENTERS_US.size  # 25, 24

#: Analysis region of the 2017 result.
PE_MIN, PE_MAX = 6.0, 30.0
T_MIN_US, T_MAX_US = 0.0, 6.0


def region_mask(pe_min: float = PE_MIN, pe_max: float = PE_MAX,
                t_min_us: float = T_MIN_US, t_max_us: float = T_MAX_US) -> NDArray[np.bool_]:
    """Select the 2-PE × 0.5-μs bins whose centres lie in a PE × time window.

    Parameters
    ----------
    pe_min, pe_max : float
        Photoelectron window [PE], ``0 <= pe_min < pe_max <= 50`` (default: 6 and 30).
    t_min_us, t_max_us : float
        Arrival-time window [μs], ``0 <= t_min_us < t_max_us <= 12`` (default: 0 and 6).

    Returns
    -------
    numpy.ndarray of bool
        (25, 24) mask, True for the bins inside the window.

    Raises
    ------
    TypeError
        If an edge is not a real number.
    ValueError
        If a window is empty or outside the release binning.

    References
    ----------
    D. Akimov et al. (COHERENT), Science 357, 1123 (2017); COHERENT 2017 data release README
    (Zenodo 10.5281/zenodo.1228631).
    """
    pe_min, pe_max = pe_range(pe_min, pe_max, 0.0, 50.0)
    t_min_us, t_max_us = time_range(t_min_us, t_max_us, 0.0, WINDOW_US)
    pe = (PE_CENTERS >= pe_min) & (PE_CENTERS < pe_max)
    t = (T_CENTERS_US >= t_min_us) & (T_CENTERS_US < t_max_us)
    return pe[:, None] & t[None, :]


def rebin_pe_1_to_2(x: ArrayLike) -> NDArray[np.float64]:
    """Sum a spectrum in 1-PE bins into the data's 2-PE bins.

    Parameters
    ----------
    x : array_like
        Spectrum with 50 one-PE bins on the first axis (any further axes are kept).

    Returns
    -------
    numpy.ndarray
        The spectrum with 25 two-PE bins on the first axis.

    Raises
    ------
    ValueError
        If the first axis does not have length 50.
    """
    a: NDArray[np.float64] = np.asarray(x, dtype=np.float64)
    if a.ndim == 0 or a.shape[0] != PE_CENTERS_1.size:
        raise ValueError(f"expected 50 one-PE bins on the first axis, got shape {a.shape}")
    out: NDArray[np.float64] = a.reshape(25, 2, *a.shape[1:]).sum(axis=1)
    return out
