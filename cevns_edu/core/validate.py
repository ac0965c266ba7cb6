"""Argument checks shared by the physics functions: clear errors that name the argument."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def nonneg_array(x: ArrayLike, name: str, unit: str, *, positive: bool = False) -> np.ndarray:
    """Return ``x`` as a float array; raise ``ValueError`` for NaN/inf, negative (or zero) values."""
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or array of numbers in {unit}, got {x!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf) in {unit}, got {x!r}")
    bad = arr <= 0 if positive else arr < 0
    if np.any(bad):
        allowed = "> 0" if positive else ">= 0"
        raise ValueError(f"{name} must be {allowed} {unit}, got {float(arr[bad].ravel()[0]):g}")
    return arr


def broadcast(**arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Broadcast named arrays together, with an error that names them if their shapes clash."""
    try:
        return tuple(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"shapes do not broadcast together: {shapes}") from None


def in_range(x: float, name: str, lo: float, hi: float, unit: str = "") -> float:
    """Check a scalar lies in [lo, hi]; return it as float."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {x!r}") from None
    if not (lo <= v <= hi):
        raise ValueError(f"{name} must be between {lo} and {hi}{' ' + unit if unit else ''}, got {x!r}")
    return v
