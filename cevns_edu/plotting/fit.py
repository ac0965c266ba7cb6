"""Figures of the 2017 fit: the data in (PE × time), the model term by term, the profile likelihood, the refit.

The fourth is the live refit panel's figure. Each figure object holds ``fig`` and mutates its artists in ``update``.

Every title made from a simulated replica starts with "SIMULATED REPLICA — " (pass ``label``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import ErrorbarContainer
from matplotlib.patches import Patch, Rectangle

from ..core.binning import PE_EDGES, T_EDGES_US, WINDOW_US, region_mask
from .frames import animate, steady_ylim
from .style import COLORS, new_figure, text_colour

_TERM_STYLE = {
    "steady_state": ("steady-state (from AC)", COLORS["steady_state"]),
    "brn": ("prompt neutrons", COLORS["brn"]),
    "nin": ("ν-induced neutrons", COLORS["nin"]),
    "cevns": ("CEvNS", COLORS["cevns"]),
}


def _prefix(label: str) -> str:
    return "SIMULATED REPLICA — " if label == "SIMULATED REPLICA" else ""


class _ProfileScanLike(Protocol):
    """What :class:`ProfileFigure` reads from a profile scan (``experiment.fit.profile_scan``'s result)."""

    @property
    def n_cevns(self) -> np.ndarray:
        """Scanned numbers of CEvNS events, ascending."""

    @property
    def significance_sigma(self) -> float:
        """√Δ(2 lnL) at N = 0, signed (negative when the best fit lies below 0) [σ]."""

    @property
    def delta_2nll(self) -> np.ndarray:
        """Δ(2 lnL) at each scanned number."""

    @property
    def interval(self) -> tuple[float, float]:
        """The 1σ interval of N_CEvNS (where Δ(2 lnL) = 1)."""


def _window_box(ax: Axes, pe_range: Sequence[float], t_range_us: Sequence[float], color: str = "white") -> Patch:
    return ax.add_patch(Rectangle((t_range_us[0], pe_range[0]), t_range_us[1] - t_range_us[0],
                                  pe_range[1] - pe_range[0], fill=False, ec=color, lw=1.5, ls="--"))


class DataOverview:
    """C and AC counts in (arrival time × PE), and their projections inside the analysis window."""

    def __init__(self, c: np.ndarray, ac: np.ndarray, *, label: str = "REAL DATA", beam: str = "on",
                 pe_range: tuple[float, float] = (6, 30), t_range_us: tuple[float, float] = (0, 6)) -> None:
        self.fig, axes = new_figure(2, 2, width=9.5, height=7.0)
        (a_c, a_ac), (a_pe, a_t) = axes
        vmax = max(np.max(c), np.max(ac), 1)
        for ax, data, name in ((a_c, c, "coincidence (C)"), (a_ac, ac, "anti-coincidence (AC)")):
            im = ax.pcolormesh(T_EDGES_US, PE_EDGES, data, vmin=0, vmax=vmax, cmap="viridis")
            _window_box(ax, pe_range, t_range_us)
            ax.set(xlabel="arrival time t [μs]", ylabel="photoelectrons [PE]", title=f"{name}, beam {beam}")
            ax.grid(False)
        self.fig.colorbar(im, ax=[a_c, a_ac], label="events per bin", shrink=0.9)
        m = region_mask(*pe_range, *t_range_us)
        pe_sel, t_sel = m.any(axis=1), m.any(axis=0)
        c_pe, ac_pe = (np.where(pe_sel, (x * m).sum(1), np.nan) for x in (c, ac))
        c_t, ac_t = (np.where(t_sel, (x * m).sum(0), np.nan) for x in (c, ac))
        pe_c, t_c = 0.5 * (PE_EDGES[1:] + PE_EDGES[:-1]), 0.5 * (T_EDGES_US[1:] + T_EDGES_US[:-1])
        for ax, x, yc, yac, xl in ((a_pe, pe_c, c_pe, ac_pe, "photoelectrons [PE]"),
                                   (a_t, t_c, c_t, ac_t, "arrival time t [μs]")):
            ax.errorbar(x, yc, yerr=np.sqrt(np.nan_to_num(yc)), fmt="o", color=COLORS["data"], ms=4, label="C")
            ax.errorbar(x, yac, yerr=np.sqrt(np.nan_to_num(yac)), fmt="s", mfc="none", color=COLORS["steady_state"],
                        ms=4, label="AC")
            ax.set(xlabel=xl, ylabel="events per bin", ylim=(0, None))
            ax.legend()
        a_pe.set_title(f"PE projection, {t_range_us[0]:g} ≤ t < {t_range_us[1]:g} μs")
        a_t.set_title(f"time projection, {pe_range[0]:g} ≤ PE < {pe_range[1]:g}")
        self.fig.suptitle(f"{_prefix(label)}COHERENT CsI[Na] 2017: counts in (time × PE)")


class ModelTerms:
    """Stacked model terms against the data, in the PE and time projections of the analysis window.

    ``components``: name → (25, 24) expected counts (from ``BinnedLikelihood.components``). ``update(n_terms=k)``
    shows the first k terms of ``order``.
    """

    order = ("steady_state", "brn", "nin", "cevns")

    def __init__(self, c: np.ndarray, components: Mapping[str, np.ndarray], mask: np.ndarray, *,
                 label: str = "REAL DATA") -> None:
        self.fig, (self.ax_pe, self.ax_t) = new_figure(1, 2, width=9.0, height=3.8)
        self.terms = [k for k in self.order if k in components]
        self.mask = mask
        pe_sel, t_sel = mask.any(1), mask.any(0)
        self.pe_edges = PE_EDGES[np.r_[pe_sel, False] | np.r_[False, pe_sel]]
        self.t_edges = T_EDGES_US[np.r_[t_sel, False] | np.r_[False, t_sel]]
        proj = {k: ((v * mask).sum(1)[pe_sel], (v * mask).sum(0)[t_sel]) for k, v in components.items()}
        self.artists: dict[str, tuple[Any, Any]] = {}
        base_pe = np.zeros(pe_sel.sum())
        base_t = np.zeros(t_sel.sum())
        for k in self.terms:
            name, color = _TERM_STYLE[k]
            top_pe, top_t = base_pe + proj[k][0], base_t + proj[k][1]
            self.artists[k] = (
                self.ax_pe.stairs(top_pe, self.pe_edges, baseline=base_pe, fill=True, color=color, alpha=0.8, label=name),
                self.ax_t.stairs(top_t, self.t_edges, baseline=base_t, fill=True, color=color, alpha=0.8, label=name),
            )
            base_pe, base_t = top_pe, top_t
        cd = np.asarray(c, float) * mask
        for ax, y, edges in ((self.ax_pe, cd.sum(1)[pe_sel], self.pe_edges), (self.ax_t, cd.sum(0)[t_sel], self.t_edges)):
            x = 0.5 * (edges[1:] + edges[:-1])
            ax.errorbar(x, y, yerr=np.sqrt(y), fmt="o", color=COLORS["data"], ms=4, label="C beam-on data", zorder=5)
            ax.set(ylabel="events per bin", ylim=(0, 1.25 * max(y.max(), base_pe.max() if ax is self.ax_pe else base_t.max())))
        self.ax_pe.set(xlabel="photoelectrons [PE]")
        self.ax_t.set(xlabel="arrival time t [μs]")
        self.ax_t.legend(loc="upper right", fontsize=8)
        self.title = self.fig.suptitle("", fontsize=11)
        self._prefix = _prefix(label)
        animate(self.fig, *(a for pair in self.artists.values() for a in pair), self.title)  # what update moves
        self.update(n_terms=len(self.terms))

    def update(self, n_terms: int, chi2: float | None = None, **_: object) -> None:
        """Show the first ``n_terms`` model terms of :attr:`order` and say which they are in the title.

        Parameters
        ----------
        n_terms : int
            How many terms to show (0 to all of them).
        chi2 : float, optional
            A χ² to quote in the title.
        **_
            Other keywords of the panel's result, ignored.
        """
        for i, k in enumerate(self.terms):
            for a in self.artists[k]:
                a.set_visible(i < n_terms)
        shown = " + ".join(_TERM_STYLE[k][0].split(" (")[0] for k in self.terms[:n_terms])
        extra = f"   (χ² = {chi2:.0f})" if chi2 is not None else ""
        self.title.set_text(f"{self._prefix}model: {shown}{extra}")
        self.fig.canvas.draw_idle()


class ProfileFigure:
    """Δ(2 lnL) against N_CEvNS for one or more scans (e.g. beam on and beam off), with the 1σ line."""

    def __init__(self, scans: Mapping[str, _ProfileScanLike], *, label: str = "REAL DATA",
                 sigma_lines: Sequence[int] = (1, 2, 3)) -> None:
        self.fig, self.ax = new_figure(1, 1, width=7.5, height=4.2)
        ax = self.ax
        colors = [COLORS["cevns"], COLORS["steady_state"], COLORS["brn"]]
        ymax = 0.0
        for (name, s), col in zip(scans.items(), colors, strict=False):  # at most three scans get a colour
            label_text = name
            if s.n_cevns[0] <= 0 <= s.n_cevns[-1]:
                d0 = float(np.interp(0.0, s.n_cevns, s.delta_2nll))
                ymax = max(ymax, d0)
                ax.plot([0], [d0], "o", color=col)
                # the signed significance, as the fit prints it: negative when the best fit lies below N = 0
                z = float(s.significance_sigma)
                label_text = f"{name}: at N = 0 Δ(2 lnL) = {d0:.1f}, Z = {z:.1f}σ" + \
                    (" (best fit < 0: no excess)" if z < 0 else "")
            # the values at N = 0 sit in the legend, not on the curves: no text over a line
            ax.plot(s.n_cevns, s.delta_2nll, color=col, label=label_text)
            lo, hi = s.interval
            ax.axvspan(lo, hi, color=col, alpha=0.15)
        for k in sigma_lines:
            ax.axhline(k * k, color="grey", lw=0.8, ls=":")
            ax.text(ax.get_xlim()[1], k * k, f" {k}σ", va="center", color=text_colour("grey"), fontsize=9, clip_on=False)
        ax.set(xlabel="number of CEvNS events N", ylabel="Δ(2 lnL)  (profiled)",
               ylim=(0, max(10.0, 1.45 * ymax)),  # headroom: the legend above the curves
               title=f"{_prefix(label)}profile likelihood of N_CEvNS (shaded: 1σ interval, Δ = 1)")
        ax.legend(loc="upper center")


class RefitFigure:
    """The live refit: C − AC excess in time and in PE inside the chosen window, with the fitted CEvNS + BRN."""

    def __init__(self, *, label: str = "REAL DATA") -> None:
        self.fig, (self.ax_t, self.ax_pe) = new_figure(1, 2, width=9.0, height=3.6)
        tc = 0.5 * (T_EDGES_US[1:] + T_EDGES_US[:-1])
        pc = 0.5 * (PE_EDGES[1:] + PE_EDGES[:-1])
        z24, z25 = np.zeros(24), np.zeros(25)
        self.ex_t = self.ax_t.errorbar(tc, z24, yerr=z24, fmt="o", ms=4, color=COLORS["data"], label="C − AC (data)")
        self.ex_pe = self.ax_pe.errorbar(pc, z25, yerr=z25, fmt="o", ms=4, color=COLORS["data"], label="C − AC (data)")
        self.fit_t = self.ax_t.stairs(z24, T_EDGES_US, color=COLORS["cevns"], lw=2, label="fit: CEvNS + neutrons")
        self.fit_pe = self.ax_pe.stairs(z25, PE_EDGES, color=COLORS["cevns"], lw=2, label="fit: CEvNS + neutrons")
        self.sm_t = self.ax_t.stairs(z24, T_EDGES_US, color=COLORS["delayed"], lw=1.5, ls="--", label="SM prediction + neutrons")
        self.sm_pe = self.ax_pe.stairs(z25, PE_EDGES, color=COLORS["delayed"], lw=1.5, ls="--", label="SM prediction + neutrons")
        for ax in (self.ax_t, self.ax_pe):
            ax.axhline(0, color="grey", lw=0.8)
        self.ax_t.set(xlabel="arrival time t [μs]", ylabel="excess events per bin", xlim=(0, WINDOW_US))
        self.ax_pe.set(xlabel="photoelectrons [PE]", xlim=(0, 50))
        self.ax_pe.legend(loc="upper right", fontsize=8)
        self.title = self.fig.suptitle("")
        self._prefix = _prefix(label)
        self._tops: list[float | None] = [None, None]  # y tops (time, PE), rescaled only when the data need it
        moving = [self.fit_t, self.fit_pe, self.sm_t, self.sm_pe, self.title]
        for line, caps, bars in (self.ex_t, self.ex_pe):
            moving += [line, *caps, *bars]
        animate(self.fig, *moving)  # what update moves

    @staticmethod
    def _set_errorbar(eb: ErrorbarContainer, x: np.ndarray, y: np.ndarray, err: np.ndarray) -> None:
        line, _caps, (bars,) = eb
        line.set_data(x, y)
        bars.set_segments([np.array([[xi, yi - ei], [xi, yi + ei]]) for xi, yi, ei in zip(x, y, err, strict=True)])

    def update(self, *, c: np.ndarray | None = None, ac: np.ndarray | None = None, fitted: np.ndarray | None = None,
               sm: np.ndarray | None = None, mask: np.ndarray | None = None, title: str = "", **_: object) -> None:
        """Redraw the excess and the fitted and SM predictions inside the window ``mask``.

        Parameters
        ----------
        c, ac : numpy.ndarray, shape (25, 24)
            Coincidence and anti-coincidence counts per (PE, time) bin.
        fitted, sm : numpy.ndarray, shape (25, 24)
            Expected excess counts (CEvNS + neutrons) of the fit and of the Standard Model prediction.
        mask : numpy.ndarray of bool, shape (25, 24), optional
            The window's bins; ``None`` when nothing can be selected (the picture stays, the title says why).
        title : str
            Figure title (after the replica prefix).
        **_
            Other keywords of the panel's result, ignored.
        """
        if mask is None:  # nothing to fit (e.g. an empty window): keep the last picture, say why
            self.title.set_text(f"{self._prefix}no events can be selected with this window")
            self.fig.canvas.draw_idle()
            return
        assert c is not None and ac is not None and fitted is not None and sm is not None  # given with a mask
        pe_sel, t_sel = mask.any(1), mask.any(0)
        tc = 0.5 * (T_EDGES_US[1:] + T_EDGES_US[:-1])
        pc = 0.5 * (PE_EDGES[1:] + PE_EDGES[:-1])
        diff = (c - ac) * mask
        var = (c + ac) * mask
        self._set_errorbar(self.ex_t, tc[t_sel], diff.sum(0)[t_sel], np.sqrt(var.sum(0)[t_sel]))
        self._set_errorbar(self.ex_pe, pc[pe_sel], diff.sum(1)[pe_sel], np.sqrt(var.sum(1)[pe_sel]))
        self.fit_t.set_data(np.where(t_sel, fitted.sum(0), np.nan))
        self.fit_pe.set_data(np.where(pe_sel, fitted.sum(1), np.nan))
        self.sm_t.set_data(np.where(t_sel, sm.sum(0), np.nan))
        self.sm_pe.set_data(np.where(pe_sel, sm.sum(1), np.nan))
        top_t = max(np.nanmax(np.r_[diff.sum(0)[t_sel] + np.sqrt(var.sum(0)[t_sel]), sm.sum(0)]), 5.0)
        top_pe = max(np.nanmax(np.r_[diff.sum(1)[pe_sel] + np.sqrt(var.sum(1)[pe_sel]), sm.sum(1)]), 5.0)
        self._tops = [steady_ylim(ax, top, float(need), lo=-0.45, hi=1.15)
                      for ax, top, need in zip((self.ax_t, self.ax_pe), self._tops, (top_t, top_pe), strict=True)]
        self.title.set_text(f"{self._prefix}{title}")
        self.fig.canvas.draw_idle()
