"""Figures of notebook 05: the four data windows, the cut explorer, and the excess in C − AC.

Each class holds ``fig`` and mutates its artists in ``update`` (never rebuilds). Titles made from a
simulated replica start with "SIMULATED REPLICA — " (pass the release's ``title_prefix``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection

from ..core.binning import PE_CENTERS, PE_EDGES, T_CENTERS_US, T_EDGES_US, WINDOW_US
from .frames import animate, steady_ylim
from .style import COLORS, new_figure

#: Stacking order and legend names of the C-window components (bottom → top).
STACK = (("steady_state", "steady-state (from AC)"), ("brn", "+ prompt neutrons"), ("nin", "+ ν-induced neutrons"),
         ("cevns", "+ CEvNS (SM)"))
WINDOW_STYLE = {"C_on": ("C, beam on", COLORS["data"], "o"), "AC_on": ("AC, beam on", COLORS["steady_state"], "s"),
                "C_off": ("C, beam off", COLORS["model"], "^"), "AC_off": ("AC, beam off", COLORS["brn"], "v")}


class WindowsPlot:
    """PE spectra (in 0 ≤ t < 6 μs) and time distributions (in 6 ≤ PE < 30) of the four data windows."""

    def __init__(self, counts: Mapping[str, np.ndarray], *, title_prefix: str = "") -> None:
        self.fig, (self.ax_pe, self.ax_t) = new_figure(1, 2, width=8.6, height=3.8)
        self.lines: dict[str, tuple[Any, Any]] = {}
        for k, (name, color, marker) in WINDOW_STYLE.items():
            c = np.asarray(counts[k])
            pe, t = c[:, :12].sum(axis=1), c[3:15].sum(axis=0)
            self.lines[k] = (self.ax_pe.plot(PE_CENTERS, pe, marker=marker, color=color, ms=4, lw=1, label=name)[0],
                             self.ax_t.plot(T_CENTERS_US, t, marker=marker, color=color, ms=4, lw=1, label=name)[0])
        for ax in (self.ax_pe, self.ax_t):
            ax.set_ylim(0, None)
            ax.set_ylabel("events per bin")
            ax.legend(fontsize=8)
        self.ax_pe.axvspan(6, 30, color=COLORS["highlight"], alpha=0.07)
        self.ax_t.axvspan(0, 6, color=COLORS["highlight"], alpha=0.07)
        self.ax_pe.set(xlabel="photoelectrons [PE]  (2-PE bins)", title="energy: 0 ≤ t < 6 μs")
        self.ax_t.set(xlabel="arrival time after the pulse t [μs]", title="time: 6 ≤ PE < 30")
        self.fig.suptitle(f"{title_prefix}The four data windows: coincidence (C) and anti-coincidence (AC)")

    def update(self, counts: Mapping[str, np.ndarray]) -> None:
        """Redraw the four windows' projections.

        Parameters
        ----------
        counts : mapping of str to numpy.ndarray, shape (25, 24)
            Counts per (PE, time) bin of ``"C_on"``, ``"AC_on"``, ``"C_off"`` and ``"AC_off"``.
        """
        for k, (l_pe, l_t) in self.lines.items():
            c = np.asarray(counts[k])
            l_pe.set_ydata(c[:, :12].sum(axis=1))
            l_t.set_ydata(c[3:15].sum(axis=0))
        self.fig.canvas.draw_idle()


def _errbar_segments(x: np.ndarray, y: np.ndarray) -> list[list[tuple[float, float]]]:
    e = np.sqrt(np.clip(y, 0, None))
    return [[(xi, yi - ei), (xi, yi + ei)] for xi, yi, ei in zip(x, y, e, strict=True)]


class CutsPlot:
    """Stacked expectation and C beam-on data in PE (inside the time cut) and in time (inside the PE cut).

    The selected windows are shaded. ``update(pe_proj=…, t_proj=…, data_pe=…, data_t=…, pe_range, t_range_us)``.
    """

    def __init__(self, *, title_prefix: str = "") -> None:
        self.fig, (self.ax_pe, self.ax_t) = new_figure(1, 2, width=8.6, height=4.0)
        colors = {"steady_state": COLORS["steady_state"], "brn": COLORS["brn"], "nin": COLORS["nin"],
                  "cevns": COLORS["cevns"]}
        self.stairs: dict[str, tuple[Any, Any]] = {}
        zeros_pe, zeros_t = np.zeros(PE_CENTERS.size), np.zeros(T_CENTERS_US.size)
        for key, name in STACK:
            self.stairs[key] = (self.ax_pe.stairs(zeros_pe, PE_EDGES, color=colors[key], lw=2, label=name),
                                self.ax_t.stairs(zeros_t, T_EDGES_US, color=colors[key], lw=2, label=name))
        self.data: list[tuple[Any, LineCollection]] = []
        for ax, x in ((self.ax_pe, PE_CENTERS), (self.ax_t, T_CENTERS_US)):
            (pts,) = ax.plot(x, np.zeros_like(x), "o", color=COLORS["data"], ms=4, label="data: C, beam on")
            bars = LineCollection([], colors=COLORS["data"], lw=1)
            ax.add_collection(bars)
            self.data.append((pts, bars))
        self.span_pe = self.ax_pe.axvspan(6, 30, color=COLORS["highlight"], alpha=0.08, label="selected")
        self.span_t = self.ax_t.axvspan(0, 6, color=COLORS["highlight"], alpha=0.08, label="selected")
        self.ax_pe.set(xlabel="photoelectrons [PE]", ylabel="events per 2-PE bin", xlim=(0, 50))
        self.ax_t.set(xlabel="arrival time after the pulse t [μs]", ylabel="events per 0.5 μs", xlim=(0, WINDOW_US))
        self.ax_t.legend(fontsize=8, loc="upper right")
        self.fig.suptitle(f"{title_prefix}Signal and backgrounds in the coincidence window, beam on")
        self._tops: list[float | None] = [None, None]  # y tops, rescaled only when the curves need it
        animate(self.fig, *(st for pair in self.stairs.values() for st in pair), *(a for pair in self.data for a in pair),
                self.span_pe, self.span_t, self.ax_pe.title, self.ax_t.title)  # what update moves

    def update(self, *, pe_proj: Mapping[str, np.ndarray], t_proj: Mapping[str, np.ndarray], data_pe: np.ndarray,
               data_t: np.ndarray, pe_range: tuple[float, float], t_range_us: tuple[float, float],
               **_: object) -> None:
        """Redraw the stacked expectation, the data and the shaded windows for one choice of cuts.

        Parameters
        ----------
        pe_proj, t_proj : mapping of str to numpy.ndarray
            Expected events per bin of each :data:`STACK` component, projected on PE (25 bins, inside the time
            cut) and on time (24 bins, inside the PE cut).
        data_pe, data_t : numpy.ndarray
            C beam-on counts in the same projections.
        pe_range : tuple of float
            Selected PE window [PE], low and high.
        t_range_us : tuple of float
            Selected time window [μs], low and high.
        **_
            Other keywords of the panel's result, ignored.
        """
        cum_pe, cum_t = np.zeros(PE_CENTERS.size), np.zeros(T_CENTERS_US.size)
        for key, _name in STACK:
            cum_pe = cum_pe + pe_proj[key]
            cum_t = cum_t + t_proj[key]
            self.stairs[key][0].set_data(cum_pe)
            self.stairs[key][1].set_data(cum_t)
        for (pts, bars), x, y in ((self.data[0], PE_CENTERS, data_pe), (self.data[1], T_CENTERS_US, data_t)):
            pts.set_ydata(y)
            bars.set_segments(_errbar_segments(x, y))
        needed = (1.1 * max(cum_pe.max(), (data_pe + np.sqrt(data_pe)).max(), 1),
                  1.1 * max(cum_t.max(), (data_t + np.sqrt(data_t)).max(), 1))
        self._tops = [steady_ylim(ax, top, need)
                      for ax, top, need in zip((self.ax_pe, self.ax_t), self._tops, needed, strict=True)]
        self.span_pe.set_x(pe_range[0])
        self.span_pe.set_width(pe_range[1] - pe_range[0])
        self.span_t.set_x(t_range_us[0])
        self.span_t.set_width(t_range_us[1] - t_range_us[0])
        self.ax_pe.title.set_text(f"energy, for {t_range_us[0]:g} ≤ t < {t_range_us[1]:g} μs")
        self.ax_t.title.set_text(f"time, for {pe_range[0]:g} ≤ PE < {pe_range[1]:g}")
        self.fig.canvas.draw_idle()


class ExcessPlot:
    """C − AC versus arrival time (6 ≤ PE < 30), beam on and beam off, with the expected CEvNS (+ beam neutrons)."""

    def __init__(self, counts: Mapping[str, np.ndarray], expected_beam: np.ndarray, *, title_prefix: str = "") -> None:
        self.fig, self.ax = new_figure(1, 1, width=8.0, height=4.0)
        ax = self.ax
        ax.axhline(0, color="0.4", lw=1)
        self.art: dict[str, Any] = {}
        for beam, color, marker, dx in (("on", COLORS["data"], "o", -0.06), ("off", COLORS["model"], "s", 0.06)):
            d = self._excess(counts, beam)
            self.art[beam] = ax.errorbar(T_CENTERS_US + dx, d[0], yerr=d[1], fmt=marker, color=color, ms=5,
                                         label=f"C − AC, beam {beam}")
        self.model = ax.stairs(expected_beam, T_EDGES_US, color=COLORS["cevns"], lw=2,
                               label="expected: CEvNS + beam neutrons")
        ax.set(xlabel="arrival time after the pulse t [μs]", ylabel="C − AC events per 0.5 μs", xlim=(0, WINDOW_US))
        ax.legend(fontsize=9)
        ax.set_title(f"{title_prefix}The excess appears in C − AC, beam on only (6 ≤ PE < 30)")

    @staticmethod
    def _excess(counts: Mapping[str, np.ndarray], beam: str) -> tuple[np.ndarray, np.ndarray]:
        c = np.asarray(counts[f"C_{beam}"])[3:15].sum(axis=0).astype(float)
        ac = np.asarray(counts[f"AC_{beam}"])[3:15].sum(axis=0).astype(float)
        return c - ac, np.sqrt(c + ac)
