"""The Poisson deviance both binned likelihoods (CsI[Na] and CENNS-10 argon) are built on.

For observed counts k and expected counts μ per bin, the Baker–Cousins likelihood χ² is
``2 Σ [μ − k + k ln(k/μ)]`` [1]_; it is written here as ``Σ [μ − k − k ln μ + k ln k]`` with the data-only
``k ln k`` computed once (:func:`xlogx`) and μ clipped at :data:`MU_FLOOR`.

References
----------
.. [1] S. Baker and R. D. Cousins, Nucl. Instrum. Meth. 221, 437 (1984).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Expected counts are clipped here; a bin with data and μ → 0 is then hugely penalised.
MU_FLOOR = 1e-12


def xlogx(k: ArrayLike) -> NDArray[np.float64]:
    """Return k ln k per bin, 0 where k = 0.

    Parameters
    ----------
    k : array_like
        Observed counts (non-negative).

    Returns
    -------
    numpy.ndarray
        k ln k (float64, same shape as ``k``).
    """
    a = np.asarray(k)
    out = np.zeros_like(a, dtype=np.float64)
    pos = a > 0
    out[pos] = a[pos] * np.log(a[pos])
    return out


def half_deviance(mu: ArrayLike, k: ArrayLike, klogk: ArrayLike) -> float:
    """Return Σ [μ − k − k ln μ + k ln k], half the Baker–Cousins χ², with μ clipped at :data:`MU_FLOOR`.

    Parameters
    ----------
    mu : array_like
        Expected counts per bin [events].
    k : array_like
        Observed counts per bin [events].
    klogk : array_like
        :func:`xlogx` of ``k``.

    Returns
    -------
    float
        Half the deviance (dimensionless).

    References
    ----------
    .. [1] S. Baker and R. D. Cousins, Nucl. Instrum. Meth. 221, 437 (1984).
    """
    m = np.maximum(mu, MU_FLOOR)
    kk = np.asarray(k)
    return float(np.sum(m - kk - kk * np.log(m) + klogk))
