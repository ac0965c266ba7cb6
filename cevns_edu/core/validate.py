"""Argument checks shared by the physics functions: clear errors that name the argument."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def nonneg_array(x: ArrayLike, name: str, unit: str, *, positive: bool = False) -> NDArray[np.float64]:
    """Convert ``x`` to a float array, rejecting NaN, infinity and negative values.

    Parameters
    ----------
    x : array_like
        Number or array of numbers to check.
    name : str
        Argument name used in the error message.
    unit : str
        Unit of ``x`` used in the error message.
    positive : bool, optional
        Also reject zero.

    Returns
    -------
    numpy.ndarray
        ``x`` as a float64 array.

    Raises
    ------
    ValueError
        If ``x`` is not numeric, not finite, negative (or zero when ``positive``).
    """
    try:
        arr: NDArray[np.float64] = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or array of numbers in {unit}, got {x!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf) in {unit}, got {x!r}")
    bad = arr <= 0 if positive else arr < 0
    if np.any(bad):
        allowed = "> 0" if positive else ">= 0"
        raise ValueError(f"{name} must be {allowed} {unit}, got {float(arr[bad].ravel()[0]):g}")
    return arr


def broadcast(**arrays: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """Broadcast named arrays together, with an error that names them if their shapes clash.

    Parameters
    ----------
    **arrays : numpy.ndarray
        The arrays, keyed by the argument names used in the error message.

    Returns
    -------
    tuple of numpy.ndarray
        The broadcast arrays, in the order given.

    Raises
    ------
    ValueError
        If the shapes do not broadcast together.
    """
    try:
        return tuple(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"shapes do not broadcast together: {shapes}") from None


def in_range(x: float, name: str, lo: float, hi: float, unit: str = "") -> float:
    """Check that a scalar lies in [lo, hi] and return it as a float.

    Parameters
    ----------
    x : float
        The value to check.
    name : str
        Argument name used in the error message.
    lo, hi : float
        Allowed closed interval.
    unit : str, optional
        Unit used in the error message.

    Returns
    -------
    float
        ``x`` as a float.

    Raises
    ------
    ValueError
        If ``x`` is not a number or lies outside [lo, hi].
    """
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {x!r}") from None
    if not (lo <= v <= hi):
        raise ValueError(f"{name} must be between {lo} and {hi}{' ' + unit if unit else ''}, got {x!r}")
    return v
