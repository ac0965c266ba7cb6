"""Figures for the CsI[Na] detector (notebook 04): PE spectrum, uncertainty budget, quenching factor.

The photoelectron spectrum comes with its acceptance and uncertainty band, the quenching factor with its
measurements.

Each class builds its figure once; ``update(**params)`` mutates the existing artists (no widgets here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .frames import animate, steady_ylim
from .style import COLORS, OKABE_ITO, PALETTE, new_figure

BUDGET_LABELS = {"quenching_factor": "quenching\nfactor", "neutrino_flux": "ν flux\n(0.08 ± 10%)",
                 "acceptance": "acceptance\n(a, k, x₀)", "light_yield": "light\nyield"}


class PESpectrumPlot:
    """Left: expected events per 1-PE bin with acceptance and window. Right: the uncertainty budget.

    Left: accepted total, prompt and delayed events (before acceptance, dashed), a band for QF ± 1σ, the
    acceptance on a right axis and the analysis window shaded. Right: the uncertainty budget as horizontal
    bars (% of the predicted count).

    ``update(total, prompt, delayed, raw, band_lo, band_hi, acceptance, components, n, title)``.
    """

    def __init__(self, pe_edges: np.ndarray, window: tuple[float, float] = (6.0, 30.0), *,
                 components: Sequence[str] = tuple(BUDGET_LABELS), width: float = 9.4, height: float = 4.4) -> None:
        self.edges = np.asarray(pe_edges, dtype=float)
        self.fig, (ax, axb) = new_figure(1, 2, width=width, height=height, gridspec_kw={"width_ratios": [2.2, 1]})
        self.ax, self.ax_b = ax, axb
        zeros = np.zeros(self.edges.size - 1)
        ax.axvspan(*window, color=OKABE_ITO["yellow"], alpha=0.18, lw=0, label=f"analysis window {window[0]:g}–{window[1]:g} PE")
        self._band = ax.stairs(zeros, self.edges, baseline=zeros, fill=True, color=COLORS["cevns"], alpha=0.25, lw=0,
                               label="QF ± 1σ")
        self._raw = ax.stairs(zeros, self.edges, baseline=None, color="0.45", ls="--", lw=1.4, label="before acceptance")
        self._prompt = ax.stairs(zeros, self.edges, baseline=None, color=COLORS["prompt"], lw=1.6, label="prompt ν_μ")
        self._delayed = ax.stairs(zeros, self.edges, baseline=None, color=COLORS["delayed"], lw=1.6, label="delayed ν_e + ν̄_μ")
        self._total = ax.stairs(zeros, self.edges, baseline=None, color=COLORS["cevns"], lw=2.4, label="all CEvNS (accepted)")
        ax.set_xlim(self.edges[0], self.edges[-1])
        ax.set_xlabel("detected photoelectrons (1-PE bins)  [PE]")
        ax.set_ylabel("expected events per PE bin")
        self._title = ax.set_title("", fontsize=10)
        self.ax_acc = ax.twinx()
        self._acc = self.ax_acc.stairs(zeros, self.edges, baseline=None, color="black", ls=":", lw=1.6, label="acceptance (right axis)")
        self.ax_acc.set_ylim(0, 1.0)
        self.ax_acc.set_ylabel("acceptance")
        self.ax_acc.grid(False)
        self.ax_acc.spines["right"].set_visible(True)
        h1, l1 = ax.get_legend_handles_labels()
        h2, l2 = self.ax_acc.get_legend_handles_labels()
        # A figure legend "outside" the axes: constrained layout reserves room for it (an axes legend
        # anchored below the axes is wider than its axes and made the layout give up → clipped budget panel).
        self.fig.legend(h1 + h2, l1 + l2, loc="outside lower center", ncol=4, frameon=False, fontsize=8)

        self._keys = list(components)
        y = np.arange(len(self._keys))[::-1]
        colors = [COLORS["highlight"], PALETTE["blue"], PALETTE["green"], PALETTE["brown"]]
        self._bars = axb.barh(y, np.zeros(len(y)), color=colors[: len(y)], height=0.6)
        self._bar_text = [axb.text(0, yy, "", va="center", ha="left", fontsize=9) for yy in y]
        axb.set_yticks(y, [BUDGET_LABELS.get(k, k) for k in self._keys])
        axb.set_xlim(0, 35)
        axb.set_xlabel("1σ effect on count  [%]")
        self._b_title = axb.set_title("uncertainty budget", fontsize=10)
        axb.grid(axis="y", visible=False)
        self._in_window = (self.edges[:-1] >= window[0]) & (self.edges[1:] <= window[1])
        self._top: float | None = None  # the spectrum axis' top: rescaled only when the curves need it
        animate(self.fig, self._band, self._raw, self._prompt, self._delayed, self._total, self._title, self._acc,
                *self._bars, *self._bar_text, self._b_title)  # what update moves

    def update(self, total: np.ndarray, prompt: np.ndarray, delayed: np.ndarray, raw: np.ndarray,
               band_lo: np.ndarray, band_hi: np.ndarray, acceptance: np.ndarray, components: Mapping[str, float],
               n: float, title: str) -> None:
        """Redraw the spectra, the QF band, the acceptance and the budget bars.

        Parameters
        ----------
        total, prompt, delayed : numpy.ndarray
            Expected accepted CEvNS events per PE bin: all, from prompt ν_μ, from delayed ν_e + ν̄_μ.
        raw : numpy.ndarray
            Expected events per PE bin before acceptance.
        band_lo, band_hi : numpy.ndarray
            ``total`` at QF − 1σ and QF + 1σ.
        acceptance : numpy.ndarray
            Detection efficiency per PE bin (0–1).
        components : mapping of str to float
            Uncertainty of the predicted count from each source [events].
        n : float
            Predicted number of events in the window (the budget's 100 %).
        title : str
            Title of the spectrum panel.
        """
        self._band.set_data(band_hi, baseline=band_lo)
        self._raw.set_data(raw)
        self._prompt.set_data(prompt)
        self._delayed.set_data(delayed)
        self._total.set_data(total)
        self._acc.set_data(acceptance)
        # the scale follows the accepted spectrum and, inside the analysis window, the spectrum before acceptance
        # (below the window it climbs far higher where nothing is accepted: it leaves the axes there)
        raw_in = np.asarray(raw, float)[self._in_window]
        self._top = steady_ylim(self.ax, self._top,
                                1.1 * max(float(np.max(band_hi)), float(raw_in.max(initial=0.0)), 1e-9))
        for bar, txt, k in zip(self._bars, self._bar_text, self._keys, strict=True):
            pct = 100 * components.get(k, 0.0) / n if n > 0 else 0.0
            bar.set_width(pct)
            txt.set_x(pct + 0.6)
            txt.set_text(f"{pct:.1f}%")
        total_pct = 100 * float(np.sqrt(sum(v**2 for v in components.values()))) / n if n > 0 else 0.0
        self._b_title.set_text(f"uncertainty budget: {total_pct:.0f}%\n(published: 48/173 = 28%)")
        self._title.set_text(title)
        self.fig.canvas.draw_idle()


class QuenchingPlot:
    """QF vs nuclear-recoil energy: the release's value ± 1σ, an optional model, measurements when available.

    The release's value is a band, the optional energy-dependent model a (linear) line. Static: ``update()``
    only redraws.
    """

    def __init__(self, qf: float, qf_unc: float, t_kev: np.ndarray, qf_model: np.ndarray | None = None,
                 points: Sequence = (), *, model_label: str = "linear model", width: float = 7.0,
                 height: float = 3.8) -> None:
        self.fig, self.ax = new_figure(width=width, height=height)
        ax = self.ax
        ax.axhspan(qf - qf_unc, qf + qf_unc, color=COLORS["cevns"], alpha=0.2, lw=0, label=f"release: {qf} ± {qf_unc}")
        ax.axhline(qf, color=COLORS["cevns"], lw=2)
        if qf_model is not None:
            ax.plot(t_kev, qf_model, color=COLORS["highlight"], ls="--", lw=1.8, label=model_label)
        markers = ("o", "s", "^")
        colors = (PALETTE["brown"], PALETTE["green"], PALETTE["purple"])
        for p, m, c in zip(points, markers, colors, strict=False):  # up to three measurement sets have a style
            ax.errorbar(p.recoil_kev, p.qf, xerr=[p.recoil_err_lo, p.recoil_err_hi], yerr=[p.qf_err_lo, p.qf_err_hi],
                        fmt=m, color=c, ms=6, mec="black", capsize=2, label=f"{p.label} measurement")
        if not points:
            ax.text(0.98, 0.62, "measurement points appear here when the\nCOHERENT release is on this computer\n"
                    "(`cevns-edu data fetch`)", transform=ax.transAxes, ha="right", va="top", fontsize=8,
                    color="0.35")
        ax.axvspan(5, 30, color="0.94", zorder=-5, lw=0)
        ax.text(17.5, 0.995, "5–30 keVnr: where the\nsignal is", transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=8, color="0.35")
        ax.set_xlim(0, 70)
        ax.set_ylim(0.0, 0.15)
        ax.set_xlabel("nuclear recoil energy T  [keVnr]")
        ax.set_ylabel("quenching factor  E_ee / T")
        ax.set_title("CsI[Na] quenching factor", fontsize=10)
        ax.legend(loc="lower right", frameon=True, framealpha=0.9, fontsize=8)

    def update(self) -> None:
        """Redraw (the figure is static)."""
        self.fig.canvas.draw_idle()
