"""What the energy and timing cuts buy.

Expected yields of each component in a PE × time window, signal over background for a sequence of cuts (:func:`cut_table`), and the components expected in the
beam-on coincidence window for a release (:func:`expected_components`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ...core.binning import PE_MAX, PE_MIN, T_MAX_US, T_MIN_US, WINDOW_US, region_mask
from ...core.validate import grid
from ...data.release import Release
from ..detector.model import DetectorModel
from ..detector.prediction import cevns_template
from .neutrons import brn_from_release, nin_template
from .steady_state import steady_state_template


def window_yields(components: Mapping[str, np.ndarray], pe_min: float = PE_MIN, pe_max: float = PE_MAX,
                  t_min_us: float = T_MIN_US, t_max_us: float = T_MAX_US) -> dict[str, float]:
    """Sum each (25, 24) component inside a PE × time window.

    Parameters
    ----------
    components : mapping of str to numpy.ndarray, shape (25, 24)
        Expected counts per bin [events].
    pe_min, pe_max : float
        PE window [PE].
    t_min_us, t_max_us : float
        Arrival-time window [μs].

    Returns
    -------
    dict of str to float
        Expected events of each component in the window.
    """
    m = region_mask(pe_min, pe_max, t_min_us, t_max_us)
    if not isinstance(components, Mapping) or not components:
        raise TypeError(f"components must be a non-empty mapping of name to (25, 24) array, got {type(components).__name__}")
    return {k: float(grid(v, f"components[{k!r}]", m.shape)[m].sum()) for k, v in components.items()}


@dataclass(frozen=True)
class CutRow:
    """Signal and background in one window, and what that window buys."""

    name: str
    pe_min: float
    pe_max: float
    t_min_us: float
    t_max_us: float
    signal: float
    background: float
    yields: Mapping[str, float]

    @property
    def s_over_b(self) -> float:
        """Signal over background S/B."""
        return self.signal / self.background if self.background > 0 else float("inf")

    @property
    def s_over_sqrt_b(self) -> float:
        """Rough significance S/√B (background-dominated counting; the real analysis fits shapes)."""
        return self.signal / np.sqrt(self.background) if self.background > 0 else float("inf")


#: The cut sequence the notebook tabulates: none → energy → energy + time (the 2017 analysis region).
CUT_SEQUENCE = (("no cut (0–50 PE, 0–12 μs)", 0.0, 50.0, 0.0, WINDOW_US),
                ("energy cut 6 ≤ PE < 30", 6.0, 30.0, 0.0, WINDOW_US),
                ("time cut 0 ≤ t < 6 μs", 0.0, 50.0, 0.0, 6.0),
                ("energy + time (analysis region)", 6.0, 30.0, 0.0, 6.0))


def cut_table(components: Mapping[str, np.ndarray], signal_keys: Sequence[str] = ("cevns",),
              cuts: Sequence[tuple[str, float, float, float, float]] = CUT_SEQUENCE) -> list[CutRow]:
    """Tabulate signal (sum of ``signal_keys``) and background (all other components) for each cut in ``cuts``.

    Parameters
    ----------
    components : mapping of str to numpy.ndarray, shape (25, 24)
        Expected counts per bin [events].
    signal_keys : sequence of str
        The components counted as signal.
    cuts : sequence of (str, float, float, float, float)
        (label, PE min, PE max [PE], t min, t max [μs]) of each cut; default :data:`CUT_SEQUENCE`.

    Returns
    -------
    list of CutRow
        One row per cut.

    Raises
    ------
    ValueError
        If a signal key is not among the components.
    """
    missing = [k for k in signal_keys if k not in components]
    if missing:
        raise ValueError(f"signal component(s) {missing} not among {list(components)}")
    rows = []
    for name, a, b, c, d in cuts:
        y = window_yields(components, a, b, c, d)
        s = sum(y[k] for k in signal_keys)
        rows.append(CutRow(name, a, b, c, d, s, sum(v for k, v in y.items() if k not in signal_keys), y))
    return rows


def expected_components(release: Release, detector: DetectorModel | None = None, *, steady_state_time: str = "exponential") -> dict[str, np.ndarray]:
    """Return the expected (25, 24) counts in the beam-on C window, component by component, for a release.

    "cevns": this library's SM prediction with the release's arrival-time PDFs; "steady_state": from the
    release's AC beam-on window (:func:`steady_state_template`, exponential time shape by default);
    "brn": :func:`brn_from_release`; "nin": :func:`nin_template`.

    Parameters
    ----------
    release : Release
        The data release (real or simulated replica).
    detector : DetectorModel, optional
        Detector model; default :class:`DetectorModel()`.
    steady_state_time : str
        Time shape of the steady-state template (see :func:`steady_state_template`).

    Returns
    -------
    dict of str to numpy.ndarray, shape (25, 24)
        Expected counts [events per bin] of "cevns", "steady_state", "brn" and "nin".
    """
    det = detector or DetectorModel()
    pdfs = {"prompt": np.asarray(release.time_pdfs["prompt_neutrinos"], float),
            "delayed": np.asarray(release.time_pdfs["delayed_neutrinos"], float)}
    return {"cevns": np.asarray(cevns_template(det, time_pdfs=pdfs).total, float),
            "steady_state": steady_state_template(release.counts["AC_on"], time_shape=steady_state_time),
            "brn": brn_from_release(release),
            "nin": nin_template(release, det)}
