"""Figures of notebook 08 (argon, and N² from two detectors).

The predicted spectrum of either detector as the quenching factor moves, the 3-D argon fit in its three projections, and ⟨σ⟩ against N² for CsI and argon with
the ratio in which the flux cancels.

Each class builds its figure once; ``update(**params)`` mutates the existing artists (no widgets here). Titles
made from a simulated replica start with "SIMULATED REPLICA — " (pass ``title_prefix``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.collections import LineCollection

from .frames import animate
from .style import COLORS, OKABE_ITO, PALETTE, new_figure

#: Stacking order (bottom → top), legend names and colours of the argon fit's components.
ARGON_STACK = (("steady_state", "steady-state", COLORS["steady_state"]),
               ("brn_delayed", "+ delayed beam neutrons", PALETTE["violet"]),
               ("brn_prompt", "+ prompt beam neutrons", COLORS["brn"]),
               ("cevns", "+ CEvNS (fit)", COLORS["cevns"]))
PROJECTION_LABELS = ("reconstructed energy [keVee]", "F90 (prompt light fraction)", "arrival time [μs]")


class SpectrumQFPlot:
    """Expected CEvNS events per bin of the detector's observable, at the nominal QF (dashed) and the chosen QF.

    ``update(edges, nominal, current, window, xlabel, title, xmax, ymax)``: the bins (edges), two spectra, the
    analysis window (shaded) and the labels — the x axis follows the chosen detector (PE for CsI[Na], keVee for
    argon). The axes stay fixed while only the spectra change (``ymax``: the panel's scale for the detector over
    the whole QF slider), so a frame redraws just the two spectra (a title that changes renders everything).
    """

    def __init__(self, width: float = 7.6, height: float = 3.8) -> None:
        self.fig, self.ax = new_figure(width=width, height=height)
        z = np.zeros(2)
        self._span = self.ax.axvspan(0, 1, color=OKABE_ITO["yellow"], alpha=0.18, lw=0, label="analysis window")
        self._nominal = self.ax.stairs(z[:1], z, color="0.45", ls="--", lw=1.6, label="nominal QF")
        self._current = self.ax.stairs(z[:1], z, color=COLORS["cevns"], lw=2.4, label="your QF")
        self.ax.set_ylabel("expected CEvNS events per bin")
        self._title = self.ax.set_title("", fontsize=10)
        self.ax.legend(loc="upper right", fontsize=8)
        self._frame: tuple | None = None  # what the axes show (changes only with the detector)
        # what update moves; the title changes with the detector only (a full render then: new axes), so a frame
        # does not lay its glyphs out again (a few ms of every frame)
        animate(self.fig, self._nominal, self._current)

    def update(self, edges: np.ndarray, nominal: np.ndarray, current: np.ndarray, window: tuple[float, float],
               xlabel: str, title: str, xmax: float | None = None, ymax: float | None = None) -> None:
        """Redraw both spectra on ``edges`` with the shaded ``window`` and the labels.

        ``xmax`` and ``ymax`` bound the axes (default: the last edge; 1.25 × the larger spectrum).
        """
        e = np.asarray(edges, float)
        self._nominal.set_data(np.asarray(nominal, float), e)
        self._current.set_data(np.asarray(current, float), e)
        top = ymax if ymax else 1.25 * max(float(np.max(nominal)), float(np.max(current)), 1e-9)
        frame = (e[0], e[-1], float(window[0]), float(window[1]), xlabel, xmax, top)
        if frame != self._frame:  # another detector: new axes (a full render, once)
            self._frame = frame
            self._span.set_x(window[0])
            self._span.set_width(window[1] - window[0])
            self._span.set_visible(window[1] > window[0])
            shown = [a for a in (self._span, self._nominal, self._current) if a.get_visible()]
            self.ax.legend(handles=shown, loc="upper right", fontsize=8)
            self.ax.set_xlim(e[0], min(e[-1], xmax) if xmax else e[-1])
            self.ax.set_ylim(0, top)
            self.ax.set_xlabel(xlabel)
        self._title.set_text(title)
        self.fig.canvas.draw_idle()


class ArgonFitPlot:
    """The argon data and the fitted model in the three projections (energy, F90, arrival time).

    ``update(data, components, title)``: ``data`` and each of ``components[name]`` are three 1-D projections.
    """

    def __init__(self, edges: Sequence[np.ndarray], centres: Sequence[np.ndarray], *, width: float = 10.5,
                 height: float = 3.7) -> None:
        self.edges = [np.asarray(e, float) for e in edges]
        self.centres = [np.asarray(c, float) for c in centres]
        self.fig, axes = new_figure(1, 3, width=width, height=height)
        self.axes = list(axes)
        self._stairs: dict[str, list] = {}
        for key, name, colour in ARGON_STACK:
            self._stairs[key] = [ax.stairs(np.zeros(e.size - 1), e, baseline=np.zeros(e.size - 1), fill=True,
                                           color=colour, alpha=0.85, lw=0, label=name)
                                 for ax, e in zip(self.axes, self.edges, strict=False)]
        self._data = []
        for ax, c, label in zip(self.axes, self.centres, PROJECTION_LABELS, strict=False):
            (pts,) = ax.plot(c, np.zeros_like(c), "o", color=COLORS["data"], ms=4, label="data")
            bars = LineCollection([], colors=COLORS["data"], lw=1)
            ax.add_collection(bars)
            self._data.append((pts, bars))
            ax.set_xlabel(label)
        self.axes[0].set_ylabel("events per bin")
        self.axes[0].set_ylim(0.5, 1e4)
        self.axes[0].set_yscale("log")
        self.axes[0].legend(fontsize=7, loc="upper right")
        self._title = self.fig.suptitle("")
        self._shown: list = [None] * len(self.axes)  # (data, y limits) on each axes: kept while they hold
        # what update moves; the title is static (numbers in the readout), so a frame does not lay its glyphs out
        animate(self.fig, *(st for row in self._stairs.values() for st in row))

    def update(self, data: Sequence[np.ndarray], components: Mapping[str, Sequence[np.ndarray]], title: str) -> None:
        """Restack the fitted components and move the data points."""
        for i, ax in enumerate(self.axes):
            base = np.zeros(self.edges[i].size - 1)
            for key, _, _ in ARGON_STACK:
                top = base + np.asarray(components[key][i], float)
                self._stairs[key][i].set_data(top, baseline=base)
                base = top
            d = np.asarray(data[i], float)
            err = np.sqrt(np.clip(d, 0, None))
            hi = 1.3 * max(float(base.max()), float((d + err).max()), 1.0)
            shown = self._shown[i]
            if shown is None or not np.array_equal(shown[0], d) or not 0.7 * shown[1] <= hi <= shown[1]:
                # new data or a model outside the scale: new axes (a full render); otherwise only the stack moves
                top = 1.15 * hi
                self._shown[i] = (d, top)
                pts, bars = self._data[i]
                pts.set_ydata(d)
                bars.set_segments([[(x, y - s), (x, y + s)] for x, y, s in zip(self.centres[i], d, err, strict=False)])
                ax.set_ylim((0.5, 3 * top) if i == 0 else (0, top))
        self._title.set_text(title)
        self.fig.canvas.draw_idle()


class CrossSectionN2Plot:
    """⟨σ⟩ against ⟨N²⟩ for CsI[Na] and argon, and their ratio.

    Left: flux-averaged ⟨σ⟩ per nucleus against ⟨N²⟩ (log–log): the Standard Model for several targets with a
    band for the common ν-flux normalisation, and the CsI[Na] and argon measurements. Right: σ_Ar/σ_CsI measured
    (the flux cancels) beside the N² law and the Standard Model.

    ``update(n2, sigma, sigma_err, ratio, ratio_err, title)``: measured points by detector ("CsI", "Ar").
    """

    def __init__(self, targets: Mapping[str, tuple[float, float]], *, flux_rel_err: float, n2_ratio: float,
                 sm_ratio: float, width: float = 10.0, height: float = 4.2) -> None:
        self.fig, (ax, axr) = new_figure(1, 2, width=width, height=height, gridspec_kw={"width_ratios": [2.2, 1]})
        self.ax, self.ax_r = ax, axr
        names = sorted(targets, key=lambda k: targets[k][0])
        n2 = np.array([targets[k][0] for k in names])
        sm = np.array([targets[k][1] for k in names])
        ax.fill_between(n2, sm * (1 - flux_rel_err), sm * (1 + flux_rel_err), color=COLORS["model"], alpha=0.3, lw=0,
                        label=f"Standard Model ± {100 * flux_rel_err:.0f}% (ν flux, common to all)")
        ax.plot(n2, sm, "-", color=COLORS["model"], lw=1.5, marker="s", ms=4)
        for i, (k, x, y) in enumerate(zip(names, n2, sm, strict=False)):  # right of the SM point, clear of the measurements
            ax.annotate(k, (x, y), textcoords="offset points", xytext=(9, 6) if i == len(names) - 1 else (9, -12),
                        fontsize=8, color="0.35")
        self._points = {}
        for key, colour, marker, name in (("CsI", COLORS["cevns"], "o", "CsI[Na] (measured)"),
                                          ("Ar", COLORS["prompt"], "D", "argon (measured)")):
            cont = ax.errorbar([1.0], [1.0], yerr=[[0.0], [0.0]], fmt=marker, color=colour, ms=7, mec="black",
                               capsize=3, lw=1.6, label=name)
            self._points[key] = cont
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(0.5 * n2.min(), 2.0 * n2.max())
        ax.set_ylim(0.3 * sm.min(), 3.0 * sm.max())
        ax.set_xlabel("⟨N²⟩ of the target nuclei")
        ax.set_ylabel("flux-averaged ⟨σ⟩ per nucleus [cm²]")
        ax.legend(fontsize=7.5, loc="upper left")
        axr.axhline(n2_ratio, color="0.3", ls="--", lw=1.5, label=f"N² law: {n2_ratio:.3f}")
        axr.axhline(sm_ratio, color=COLORS["model"], lw=2, label=f"Standard Model: {sm_ratio:.3f}")
        self._ratio = axr.errorbar([0.0], [1.0], yerr=[[0.0], [0.0]], fmt="D", color=COLORS["prompt"], ms=7,
                                   mec="black", capsize=4, lw=1.6, label="measured")
        axr.set_xlim(-1, 1)
        axr.set_xticks([])
        axr.set_ylim(0, 0.3)
        axr.set_ylabel(r"$\sigma_\mathrm{Ar}\,/\,\sigma_\mathrm{CsI}$")
        axr.set_title("ratio: the flux cancels", fontsize=10)
        axr.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.02))  # below: the point can move high
        self._title = ax.set_title("", fontsize=10)  # static (a change renders everything): not moved per frame
        moving = []
        for cont in (*self._points.values(), self._ratio):
            line, caps, bars = cont
            moving += [line, *caps, *bars]
        animate(self.fig, *moving)  # what update moves (the axes are fixed)

    @staticmethod
    def _move(cont, x: float, y: float, err: float) -> None:
        line, _caps, (bars,) = cont
        line.set_data([x], [y])
        bars.set_segments([[(x, max(y - err, 1e-45)), (x, y + err)]])
        for cap, yy in zip(_caps, (max(y - err, 1e-45), y + err), strict=False):
            cap.set_data([x], [yy])

    def update(self, n2: Mapping[str, float], sigma: Mapping[str, float], sigma_err: Mapping[str, float],
               ratio: float, ratio_err: float, title: str) -> None:
        """Move the two measurements and the measured ratio."""
        for key, cont in self._points.items():
            self._move(cont, n2[key], sigma[key], sigma_err[key])
        self._move(self._ratio, 0.0, ratio, ratio_err)
        self._title.set_text(title)
        self.fig.canvas.draw_idle()
