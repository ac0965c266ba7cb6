"""Panels of notebook 05: a banner saying which data are shown, and the cut explorer.

The cut explorer precomputes the (25, 24) expected components once; an update is a few masked sums and
artist mutations (timed by ``benchmarks/bench_data.py``).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W
import numpy as np

from ..core.binning import PE_CENTERS, T_CENTERS_US, WINDOW_US
from ..data import Release
from ..experiment.backgrounds import expected_components
from ..experiment.detector import DetectorModel
from ..experiment.replica import display_source
from ..plotting.backgrounds import STACK, CutsPlot
from ..plotting.style import WARNING_TEXT
from .base import Panel
from .data_panel import fallback_html

_NAMES = {"cevns": "CEvNS (SM)", "steady_state": "steady-state", "brn": "prompt neutrons", "nin": "ν-induced neutrons"}


def data_banner(release: Release) -> W.HTML:
    """Make a coloured banner: REAL DATA (and from where) or SIMULATED REPLICA (and how to get the real files).

    Parameters
    ----------
    release : Release
        The data release shown (real or simulated replica).

    Returns
    -------
    ipywidgets.HTML
    """
    if release.is_simulated:
        why = fallback_html(release) or (
            " The COHERENT 2017 files are not on this computer, so this notebook shows a seeded Poisson sample of "
            "the full model. To see the real data: run <code>cevns-edu data fetch</code> in a terminal (or set "
            "<code>COHERENT2017_DIR</code>) and re-run.")
        return W.HTML(
            "<div style='background:#fde8d7;border-left:6px solid #D55E00;padding:6px 10px'>"
            f"<b>SIMULATED REPLICA</b> — {html.escape(display_source(release))}.{why}</div>")
    return W.HTML("<div style='background:#e0f0e8;border-left:6px solid #009E73;padding:6px 10px'>"
                  f"<b>REAL DATA</b> — {release.source}.</div>")


class CutsPanel(Panel):
    """Move the PE and time cuts; see signal and each background inside the window, and what the cuts buy."""

    def __init__(self, release: Release, detector: DetectorModel | None = None) -> None:
        self.release = release
        self.components = {k: np.asarray(v, float) for k, v in expected_components(release, detector).items()}
        self.data = np.asarray(release.counts["C_on"], float)
        controls = {
            "pe_range": W.IntRangeSlider(value=(6, 30), min=0, max=50, step=2, description="PE window",
                                         continuous_update=True, style={"description_width": "initial"},
                                         layout=W.Layout(width="420px")),
            "t_range_us": W.FloatRangeSlider(value=(0.0, 6.0), min=0.0, max=WINDOW_US, step=0.5,
                                             description="time window [μs]", readout_format=".1f",
                                             continuous_update=True, style={"description_width": "initial"},
                                             layout=W.Layout(width="420px")),
        }
        super().__init__(controls, CutsPlot(title_prefix=release.title_prefix),
                         title=f"{release.title_prefix}Energy and timing cuts",
                         try_this="Open the time window to 12 μs: how much signal do you gain, and how much "
                                  "steady-state? Then move the lower PE edge from 6 down to 2 — where does the "
                                  "steady-state background live?")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Projections and yields inside the window. A window dragged shut (start == stop) is allowed: it
        selects nothing, so everything is zero and the readout asks to widen it (no exception).

        Parameters
        ----------
        pe_range : tuple of float, default (6, 30)
            PE window [PE], (low, high) within [0, 50].
        t_range_us : tuple of float, default (0, 6)
            Time window after the pulse [μs], (start, stop) within [0, 12].

        Returns
        -------
        dict
            Keyword arguments of :meth:`CutsPlot.update`, the yields per component, the number of data events and the empty axes.

        Raises
        ------
        ValueError
            If a window is outside its range or reversed.
        TypeError
            If a keyword is missing or unknown.
        """
        pe_range, t_range_us = self.take(params, "pe_range", "t_range_us", pe_range=(6, 30), t_range_us=(0.0, 6.0))
        lo, hi = float(pe_range[0]), float(pe_range[1])
        t0, t1 = float(t_range_us[0]), float(t_range_us[1])
        if not (0 <= lo <= hi <= 50):
            raise ValueError(f"pe_range must satisfy 0 <= low <= high <= 50 PE, got {pe_range}")
        if not (0 <= t0 <= t1 <= WINDOW_US):
            raise ValueError(f"t_range_us must satisfy 0 <= start <= stop <= {WINDOW_US:g} μs, got {t_range_us}")
        pe_sel = (PE_CENTERS >= lo) & (PE_CENTERS < hi)
        t_sel = (T_CENTERS_US >= t0) & (T_CENTERS_US < t1)
        empty = [name for name, sel in (("PE", pe_sel), ("time", t_sel)) if not sel.any()]
        pe_proj = {k: v[:, t_sel].sum(axis=1) for k, v in self.components.items()}
        t_proj = {k: v[pe_sel].sum(axis=0) for k, v in self.components.items()}
        yields = {k: float(v[pe_sel].sum()) for k, v in pe_proj.items()}
        return {"pe_proj": pe_proj, "t_proj": t_proj, "data_pe": self.data[:, t_sel].sum(axis=1),
                "data_t": self.data[pe_sel].sum(axis=0), "pe_range": (lo, hi), "t_range_us": (t0, t1),
                "yields": yields, "n_data": int(self.data[np.ix_(pe_sel, t_sel)].sum()), "empty": empty}

    def readout_html(self, r: dict[str, Any]) -> str:
        """Summarise ``r`` (from :meth:`compute`) as HTML for the readout line.

        Parameters
        ----------
        r : dict
            What :meth:`compute` returned.

        Returns
        -------
        str
            HTML fragment.
        """
        if r.get("empty"):
            which = " and the ".join(r["empty"])
            return (f"<span style='color:{WARNING_TEXT}'>The {which} window is empty — widen it (drag its two ends "
                    "apart) to select some events.</span> Expected in the window: 0 signal, 0 background; "
                    "data: 0 events.")
        y = r["yields"]
        s = y["cevns"]
        b = sum(v for k, v in y.items() if k != "cevns")
        cells = "".join(f"<td style='padding:0 8px'>{_NAMES[k]}: <b>{y[k]:.1f}</b></td>" for k, _ in STACK)
        sb = f"{s / b:.2f}" if b > 0 else "∞"
        z = f"{s / np.sqrt(b):.1f}" if b > 0 else "∞"
        return (f"<table><tr>{cells}</tr></table>"
                f"expected in the window: signal S = <b>{s:.1f}</b>, background B = <b>{b:.1f}</b>, "
                f"S/B = <b>{sb}</b>, S/√B ≈ <b>{z}</b> &nbsp;|&nbsp; data (C, beam on): <b>{r['n_data']}</b> events")
