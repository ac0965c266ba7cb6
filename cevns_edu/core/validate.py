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
    TypeError
        If ``x`` is a string, a boolean or ``None`` (a number was documented).
    """
    arr = as_float_array(x, name, unit)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf) in {unit}, got {x!r}")
    bad = arr <= 0 if positive else arr < 0
    if np.any(bad):
        allowed = "> 0" if positive else ">= 0"
        raise ValueError(f"{name} must be {allowed} {unit}, got {float(arr[bad].ravel()[0]):g}")
    return arr


class ArgumentTypeError(TypeError, ValueError):
    """A number was documented and something else was given.

    A ``TypeError`` that is also a ``ValueError``, so code that reports bad values to a learner (the CLI, the
    widgets) reports this one too.
    """


def _not_a_number_type(x: object) -> bool:
    """Tell whether ``x`` must never pass as a number although NumPy would convert it (str, bytes, bool, None)."""
    if x is None or isinstance(x, str | bytes | bool | np.bool_):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype.kind not in "iuf"
    return False


def as_float_array(x: ArrayLike, name: str, unit: str = "") -> NDArray[np.float64]:
    """Convert ``x`` to a float64 array; a string, boolean, ``None`` or non-numeric array is a ``TypeError``.

    Parameters
    ----------
    x : array_like
        Number or array of numbers.
    name : str
        Argument name used in the error message.
    unit : str, optional
        Unit used in the error message.

    Returns
    -------
    numpy.ndarray
        ``x`` as a float64 array (not checked for finiteness).

    Raises
    ------
    TypeError
        If ``x`` (or an element of a list) is not a real number.
    """
    def refusal() -> ArgumentTypeError:  # built only on failure: repr() of a large array is slow
        return ArgumentTypeError(f"{name} must be a number or array of numbers{' in ' + unit if unit else ''}, "
                                 f"got {_short(x)}")

    if _not_a_number_type(x) or (isinstance(x, list | tuple) and any(_not_a_number_type(v) for v in x)):
        raise refusal()
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise refusal() from None


def _short(x: object) -> str:
    """``repr(x)`` cut to 60 characters, so an error never echoes a whole array."""
    r = repr(x)
    return r if len(r) <= 60 else r[:57] + "..."


def number(x: float, name: str, unit: str = "", *, lo: float = -np.inf, hi: float = np.inf,
           lo_open: bool = False, hi_open: bool = False) -> float:
    """Check that ``x`` is one finite real number in the interval and return it as a float.

    Parameters
    ----------
    x : float
        The value to check.
    name : str
        Argument name used in the error message.
    unit : str, optional
        Unit used in the error message.
    lo, hi : float, optional
        Bounds of the allowed interval (default: any finite number).
    lo_open, hi_open : bool, optional
        Exclude the bound itself (e.g. ``lo=0, lo_open=True`` for "> 0").

    Returns
    -------
    float
        ``x`` as a float.

    Raises
    ------
    TypeError
        If ``x`` is not a real number (a string, a boolean, ``None``, an array ...).
    ValueError
        If ``x`` is NaN, infinite or outside the interval.
    """
    if _not_a_number_type(x) or np.ndim(x) != 0:
        raise ArgumentTypeError(f"{name} must be a number{' in ' + unit if unit else ''}, got {_short(x)}")
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"{name} must be a number{' in ' + unit if unit else ''}, got {_short(x)}") from None
    u = f" {unit}" if unit else ""
    if not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number{u}, got {v}")
    below = v <= lo if lo_open else v < lo
    above = v >= hi if hi_open else v > hi
    if below or above:
        parts = [f"{'>' if lo_open else '>='} {lo:g}" if np.isfinite(lo) else "",
                 f"{'<' if hi_open else '<='} {hi:g}" if np.isfinite(hi) else ""]
        raise ValueError(f"{name} must be {' and '.join(p for p in parts if p)}{u}, got {v:g}")
    return v


def count(x: int, name: str, *, lo: int = 1, hi: int | None = None) -> int:
    """Check that ``x`` is a whole number (an ``int``, not a bool) in [lo, hi] and return it.

    Parameters
    ----------
    x : int
        The value to check.
    name : str
        Argument name used in the error message.
    lo : int, optional
        Smallest allowed value (default 1).
    hi : int, optional
        Largest allowed value (default: no limit).

    Returns
    -------
    int
        ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not an integer.
    ValueError
        If ``x`` is outside [lo, hi].
    """
    if isinstance(x, bool | np.bool_) or not isinstance(x, int | np.integer):
        raise ArgumentTypeError(f"{name} must be a whole number, got {_short(x)}")
    n = int(x)
    if n < lo or (hi is not None and n > hi):
        raise ValueError(f"{name} must be between {lo} and {hi}, got {n}" if hi is not None
                         else f"{name} must be >= {lo}, got {n}")
    return n


def choice(x: object, name: str, allowed: tuple[str, ...]) -> str:
    """Check that ``x`` is one of the allowed names and return it.

    Parameters
    ----------
    x : object
        The value to check.
    name : str
        Argument name used in the error message.
    allowed : tuple of str
        The allowed values.

    Returns
    -------
    str
        ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not one of ``allowed``.
    """
    if not isinstance(x, str) or x not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {_short(x)}")
    return x


def grid(x: ArrayLike, name: str, shape: tuple[int, ...]) -> NDArray[np.float64]:
    """Check that ``x`` is an array of the given shape with finite, non-negative entries and return it.

    Parameters
    ----------
    x : array_like
        Counts or expectations (e.g. a (25, 24) PE × time grid).
    name : str
        Argument name used in the error message.
    shape : tuple of int
        The required shape.

    Returns
    -------
    numpy.ndarray
        ``x`` as a float64 array.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If the shape differs, or an entry is NaN, infinite or negative.
    """
    arr = as_float_array(x, name)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must hold finite values >= 0 (no NaN, inf or negative entries)")
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
    TypeError
        If ``x`` is not a real number.
    ValueError
        If ``x`` is NaN, infinite or lies outside [lo, hi].
    """
    v = number(x, name, unit)
    if not (lo <= v <= hi):
        raise ValueError(f"{name} must be between {lo:g} and {hi:g}{' ' + unit if unit else ''}, got {v:g}")
    return v


def pe_range(pe_min: float, pe_max: float, lo: float = 0.0, hi: float = 50.0) -> tuple[float, float]:
    """Check a photoelectron window lo ≤ pe_min < pe_max ≤ hi (default the release's 0–50 PE) and return it.

    Parameters
    ----------
    pe_min, pe_max : float
        The window's edges [PE].
    lo, hi : float, optional
        The allowed span [PE].

    Returns
    -------
    tuple of float
        (pe_min, pe_max).

    Raises
    ------
    TypeError
        If an edge is not a real number.
    ValueError
        If an edge is not finite, outside [lo, hi], or pe_max ≤ pe_min.
    """
    a = number(pe_min, "pe_min", "PE", lo=lo, hi=hi)
    b = number(pe_max, "pe_max", "PE", lo=lo, hi=hi)
    if b <= a:
        raise ValueError(f"need pe_min < pe_max, got pe_min = {a:g}, pe_max = {b:g} PE")
    return a, b


def time_range(t_min_us: float, t_max_us: float, lo: float = 0.0, hi: float = 12.0) -> tuple[float, float]:
    """Check an arrival-time window lo ≤ t_min_us < t_max_us ≤ hi (default the release's 12 μs) and return it.

    Parameters
    ----------
    t_min_us, t_max_us : float
        The window's edges [μs].
    lo, hi : float, optional
        The allowed span [μs].

    Returns
    -------
    tuple of float
        (t_min_us, t_max_us).

    Raises
    ------
    TypeError
        If an edge is not a real number.
    ValueError
        If an edge is not finite, outside [lo, hi], or t_max_us ≤ t_min_us.
    """
    a = number(t_min_us, "t_min_us", "μs", lo=lo, hi=hi)
    b = number(t_max_us, "t_max_us", "μs", lo=lo, hi=hi)
    if b <= a:
        raise ValueError(f"need t_min_us < t_max_us, got t_min_us = {a:g}, t_max_us = {b:g} μs")
    return a, b
