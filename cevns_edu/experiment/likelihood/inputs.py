"""The validated inputs of the binned likelihood: counts and templates on the release binning."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ...core.binning import N_PE, N_T
from ..backgrounds.neutrons import BRN_NORM_UNC, NIN_NORM_UNC  # default penalty widths (fractional)

#: Shape of every grid: 25 PE bins × 24 arrival-time bins of the release.
GRID_SHAPE = (N_PE, N_T)

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@overload
def _grid(x: ArrayLike, name: str, *, counts: bool = ..., allow_none: Literal[False] = ...) -> FloatArray: ...
@overload
def _grid(x: ArrayLike | None, name: str, *, counts: bool = ..., allow_none: Literal[True]) -> FloatArray | None: ...
def _grid(x: ArrayLike | None, name: str, *, counts: bool = False, allow_none: bool = False) -> FloatArray | None:
    """Validate a (25, 24) array of non-negative finite numbers (integers if ``counts``)."""
    if x is None:
        if allow_none:
            return None
        raise ValueError(f"{name} is required: a (25, 24) array on the release binning (PE bins × time bins)")
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a (25, 24) array of numbers, got {type(x).__name__}") from None
    if a.shape != GRID_SHAPE:
        raise ValueError(f"{name} has shape {a.shape}; expected {GRID_SHAPE} (25 PE bins × 24 time bins of the release)")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf; every bin must be a finite number")
    if np.any(a < 0):
        i, j = np.argwhere(a < 0)[0]
        raise ValueError(f"{name} has a negative value {a[i, j]!r} in bin (PE bin {i}, time bin {j}); "
                         f"{'counts' if counts else 'expectations'} must be >= 0")
    if counts and np.any(a != np.round(a)):
        raise ValueError(f"{name} must hold integer counts (events per bin), found non-integer values")
    return a


@dataclass(frozen=True)
class FitInputs:
    """Everything the likelihood needs, on the release binning (25 PE bins × 24 time bins).

    Every array argument is converted to a float (25, 24) array and validated on construction.

    Parameters
    ----------
    c_on, ac_on : array_like, shape (25, 24)
        Observed counts in the coincidence / anti-coincidence windows [events per bin]; non-negative integers.
    signal : array_like, shape (25, 24)
        CEvNS expectation [events per bin], any normalisation: only its shape inside ``mask`` is used (its sum in
        the mask is reported as the prediction).
    steady_state : array_like, shape (25, 24)
        Steady-state shape, any normalisation.
    brn : array_like, shape (25, 24)
        Nominal expected prompt-neutron (BRN) counts [events per bin].
    mask : numpy.ndarray of bool, shape (25, 24)
        The analysis region.
    nin : array_like, shape (25, 24), optional
        Nominal expected neutrino-induced-neutron (NIN) counts [events per bin]; ``None`` leaves NIN out.
    brn_unc, nin_unc : float
        Fractional widths of the Gaussian constraints on the BRN and NIN normalisations, in (0, 10].
    signal_variations : mapping of str to (array_like, array_like)
        Name → (down, up) CEvNS expectations for linear shape nuisances ``alpha_<name>``.
    ss_per_pe_bin : bool
        One free steady-state rate per PE bin of the region (``True``) or a single normalisation ``n_ss``.
    ss_variation : (array_like, array_like), optional
        (down, up) steady-state templates for a profiled, Gaussian-constrained time-shape nuisance
        ``alpha_ss_time`` (±1 = down/up; the shape morphs linearly, per PE bin normalised in the window).

    Raises
    ------
    ValueError
        If an array has the wrong shape, a negative, non-finite (or, for counts, non-integer) value; if the mask is
        not boolean or selects no bin; if an uncertainty is outside (0, 10]; or if the signal, steady-state or a
        variation template is empty inside the region.
    """

    c_on: FloatArray
    ac_on: FloatArray
    signal: FloatArray
    steady_state: FloatArray
    brn: FloatArray
    mask: BoolArray
    nin: FloatArray | None = None
    brn_unc: float = BRN_NORM_UNC
    nin_unc: float = NIN_NORM_UNC
    signal_variations: Mapping[str, tuple[FloatArray, FloatArray]] = field(default_factory=dict)
    ss_per_pe_bin: bool = True
    ss_variation: tuple[FloatArray, FloatArray] | None = None

    def __post_init__(self) -> None:
        """Validate and convert every array (see the class's Raises section)."""
        for name in ("c_on", "ac_on"):
            object.__setattr__(self, name, _grid(getattr(self, name), name, counts=True))
        for name in ("signal", "steady_state", "brn"):
            object.__setattr__(self, name, _grid(getattr(self, name), name))
        object.__setattr__(self, "nin", _grid(self.nin, "nin", allow_none=True))
        m = np.asarray(self.mask)
        if m.shape != GRID_SHAPE or m.dtype != bool:
            raise ValueError(f"mask must be a boolean array of shape {GRID_SHAPE}, got {m.dtype} {m.shape}")
        if not m.any():
            raise ValueError("the analysis window is empty (mask selects no bin): widen the PE range or time window")
        object.__setattr__(self, "mask", m)
        for name in ("brn_unc", "nin_unc"):
            v = float(getattr(self, name))
            if not (0 < v <= 10):
                raise ValueError(f"{name} must be a fractional uncertainty in (0, 10], got {v!r}")
        if self.signal[m].sum() <= 0:
            raise ValueError("the CEvNS template has no expected events inside the analysis window")
        if self.steady_state[m].sum() <= 0:
            raise ValueError("the steady-state shape is zero everywhere inside the analysis window")
        variations: dict[str, tuple[FloatArray, FloatArray]] = {}
        for k, pair in dict(self.signal_variations).items():
            if len(pair) != 2:
                raise ValueError(f"signal_variations[{k!r}] must be a (down, up) pair of (25, 24) arrays")
            dn = _grid(pair[0], f"signal_variations[{k!r}] down")
            up = _grid(pair[1], f"signal_variations[{k!r}] up")
            if min(dn[m].sum(), up[m].sum()) <= 0:
                raise ValueError(f"signal_variations[{k!r}] has no events inside the analysis window")
            variations[str(k)] = (dn, up)
        object.__setattr__(self, "signal_variations", variations)
        if self.ss_variation is not None:
            if len(self.ss_variation) != 2:
                raise ValueError("ss_variation must be a (down, up) pair of (25, 24) arrays")
            object.__setattr__(self, "ss_variation", (_grid(self.ss_variation[0], "ss_variation down"),
                                                      _grid(self.ss_variation[1], "ss_variation up")))

    def with_mask(self, mask: BoolArray) -> FitInputs:
        """Return the same inputs with another analysis region.

        Parameters
        ----------
        mask : numpy.ndarray of bool, shape (25, 24)
            The new analysis region.

        Returns
        -------
        FitInputs
            A new, validated instance; ``self`` is unchanged.
        """
        return FitInputs(self.c_on, self.ac_on, self.signal, self.steady_state, self.brn, mask, self.nin,
                         self.brn_unc, self.nin_unc, self.signal_variations, self.ss_per_pe_bin, self.ss_variation)
