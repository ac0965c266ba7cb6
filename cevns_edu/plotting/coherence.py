"""Figures for the coherence story (notebooks 00 and 01).

No widgets here: each object builds its figure once and exposes ``update(**params)``, which mutates the
existing artists in place.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch
from numpy.typing import ArrayLike

from .frames import animate
from .style import COLORS, OKABE_ITO, PALETTE, new_figure, text_colour

SUPERNOVA_BAND_MEV = (10.0, 20.0)  # typical supernova-neutrino energies (e.g. Scholberg, ARNPS 62, 81 (2012))
SNS_PROMPT_MEV = 29.8               # prompt ν_μ line of pion decay at rest


def _fmt_mass_kg(m: float) -> str:
    if not np.isfinite(m):
        return "impossible (below threshold)"
    if m >= 1e3:
        return f"{m / 1e3:.3g} t"
    return f"{m:.3g} kg"


# --- 00: a picture of CEvNS --------------------------------------------------------------------

def cevns_diagram(width: float = 7.5, height: float = 3.2) -> Figure:
    """Draw a static cartoon of CEvNS: ν in, Z⁰ exchanged with the whole nucleus, ν out, nucleus recoils.

    Used to make the picture in notebook 00 (no update needed).

    Parameters
    ----------
    width, height : float
        Figure size [inch].

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=width, height=height)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4.4)
    ax.set_aspect("equal")
    ax.axis("off")
    # the nucleus: a ball of protons and neutrons (hexagonal packing, ~70 shown)
    cx, cy, r = 5.0, 1.55, 0.85
    k = 6
    i, j = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1))
    pts = np.column_stack([(i + 0.5 * (j % 2)).ravel(), (j * np.sqrt(3) / 2).ravel()]).astype(float)
    pts = pts[np.argsort(np.hypot(*pts.T), kind="stable")][:61]
    pts *= 0.8 * r / np.hypot(*pts.T).max()
    rng = np.random.default_rng(133)
    colors = np.where(rng.permutation(len(pts)) < round(len(pts) * 55 / 133), PALETTE["vermillion"], PALETTE["blue"])
    ax.add_patch(Circle((cx, cy), r * 1.08, color="0.92", zorder=0))
    ax.scatter(cx + pts[:, 0], cy + pts[:, 1], s=60, c=colors, edgecolors="white", linewidths=0.5, zorder=2)
    ax.text(cx - 1.1, cy + 0.25, "nucleus", ha="right", va="center", fontsize=10, weight="bold")
    ax.text(cx - 1.1, cy - 0.05, "● neutrons (N)", ha="right", va="center", fontsize=9, color=PALETTE["blue"])
    ax.text(cx - 1.1, cy - 0.35, "● protons (Z)", ha="right", va="center", fontsize=9,
            color=text_colour(PALETTE["vermillion"]))
    # recoil arrow
    ax.add_patch(FancyArrowPatch((cx + 0.95, cy - 0.2), (cx + 2.0, cy - 0.7), arrowstyle="-|>",
                                 mutation_scale=14, color="0.35", lw=1.6))
    ax.text(cx + 2.1, cy - 0.75, "recoil: only a few keV", fontsize=9, va="center")
    # neutrino in and out
    vx, vy = cx, 3.45
    ax.add_patch(FancyArrowPatch((0.5, 4.05), (vx, vy), arrowstyle="-|>", mutation_scale=16,
                                 color=COLORS["cevns"], lw=2.2))
    ax.add_patch(FancyArrowPatch((vx, vy), (9.5, 4.05), arrowstyle="-|>", mutation_scale=16,
                                 color=COLORS["cevns"], lw=2.2))
    ax.text(0.5, 4.1, "ν  (energy E ≈ 10–50 MeV)", fontsize=10, color=COLORS["cevns"], va="bottom")
    ax.text(9.5, 4.1, "ν  (same flavour)", fontsize=10, color=COLORS["cevns"], va="bottom", ha="right")
    # Z boson: wavy line
    yy = np.linspace(cy + r * 1.08, vy, 200)
    xx = vx + 0.12 * np.sin((yy - yy[0]) * 2 * np.pi / 0.25)
    ax.plot(xx, yy, color=PALETTE["green"], lw=1.8)
    ax.text(vx + 0.3, 0.5 * (cy + r + vy), "Z⁰ exchange: the neutrino\n\"sees\" the whole nucleus at once",
            fontsize=9, color=text_colour(PALETTE["green"]), va="center")
    ax.text(5.0, 0.12, "The amplitudes of all N neutrons add in phase  ⇒  σ ∝ N²", fontsize=10, weight="bold",
            ha="center")
    return fig


# --- 00: a sketch of one nucleus -------------------------------------------------------------

class NucleusSketch:
    """A 2-D cartoon of a nucleus: Z protons and N neutrons packed in a disk whose size grows with A.

    ``update(Z, N, title)`` shows another nucleus (fixed axes, so heavier nuclei look bigger).
    """

    def __init__(self, max_a: int = 208, width: float = 4.2, height: float = 4.0) -> None:
        self.fig, self.ax = new_figure(width=width, height=height)
        # hexagonal lattice points, innermost first: the first A of them form a round disk
        k = int(np.ceil(np.sqrt(max_a))) + 4
        i, j = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1))
        pts = np.column_stack([(i + 0.5 * (j % 2)).ravel(), (j * np.sqrt(3) / 2).ravel()]).astype(float)
        order = np.argsort(np.hypot(*pts.T) + 1e-6 * np.arctan2(pts[:, 1], pts[:, 0]), kind="stable")
        self._pts = pts[order][:max_a]
        self._max_a = max_a
        lim = 1.1 * np.hypot(*self._pts[-1]) + 0.6
        ax = self.ax
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.axis("off")
        self._scatter = ax.scatter([], [], s=70, edgecolors="white", linewidths=0.5)
        self._title = ax.set_title("")
        handles = [Line2D([], [], ls="", marker="o", ms=8, color=PALETTE["vermillion"], label="proton"),
                   Line2D([], [], ls="", marker="o", ms=8, color=PALETTE["blue"], label="neutron")]
        ax.legend(handles=handles, loc="lower right", frameon=False)
        animate(self.fig, self._scatter, self._title)  # what update moves (the rest is a cached background)

    def update(self, Z: int, N: int, title: str = "") -> None:  # noqa: N803 — physics notation
        """Redraw the nucleus with ``Z`` protons and ``N`` neutrons.

        Parameters
        ----------
        Z, N : int
            Numbers of protons and neutrons, ``0 < Z + N <= max_a``.
        title : str
            Figure title.

        Raises
        ------
        ValueError
            If Z or N is negative or Z + N is outside (0, ``max_a``].
        """
        a = int(Z) + int(N)
        if not (0 < a <= self._max_a and Z >= 0 and N >= 0):
            raise ValueError(f"need 0 < Z + N <= {self._max_a} with Z, N >= 0, got Z={Z}, N={N}")
        is_proton = np.zeros(a, dtype=bool)
        is_proton[np.random.default_rng(a).permutation(a)[: int(Z)]] = True  # same picture every time
        self._scatter.set_offsets(self._pts[:a])
        self._scatter.set_facecolors(np.where(is_proton, PALETTE["vermillion"], PALETTE["blue"]))
        self._title.set_text(title)
        self.fig.canvas.draw_idle()


# --- 01: σ ∝ N² ------------------------------------------------------------------------------

#: The nuclei's dots: markers of a line, not a scatter — a one-colour scatter recomputes its circle's Bézier
#: extents at every draw (≈ 2 ms a frame each); a line's markers look the same (size 30 pt², as scatter's s=30).
_DOTS = {"ls": "none", "marker": "o", "ms": 30 ** 0.5, "mew": 1.0, "color": COLORS["cevns"], "zorder": 3}


class NSquaredPlot:
    """Left: σ vs N (log–log) for every nucleus, with the best N² line. Right: σ/(N²E²).

    The right panel is flat if σ ∝ N²E² — deviations show the weak charge (Q_W ≠ N) and the form factor.

    ``update(sigma_cm2, line_coeff_cm2, reduced, reduced_ref, index, label, title)``; N is fixed.
    """

    def __init__(self, n_values: ArrayLike, *, sigma_limits_cm2: tuple[float, float] = (1e-42, 1e-36),
                 width: float = 9.5, height: float = 4.0) -> None:
        self.n = np.asarray(n_values, dtype=float)
        self.fig, (self.ax, self.ax_red) = new_figure(1, 2, width=width, height=height)
        ax, axr = self.ax, self.ax_red
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(4, 160)
        ax.set_ylim(*sigma_limits_cm2)
        ax.set_xlabel("neutron number N")
        ax.set_ylabel("total cross section σ  [cm²]")
        self._n_line = np.geomspace(4, 160, 50)
        (self._line,) = ax.plot(self._n_line, np.ones_like(self._n_line), ls="--", color="0.4", lw=1.4,
                                label="σ ∝ N² (best line)")
        (self._points,) = ax.plot(self.n, np.ones_like(self.n), **_DOTS, label="nuclei in the catalogue")
        (self._hi,) = ax.plot([], [], "o", ms=13, mfc="none", mec=COLORS["highlight"], mew=2.2, zorder=4,
                              label="selected")
        self._hi_text = ax.annotate("", xy=(1, 1), xytext=(-10, 12), textcoords="offset points", ha="right",
                                    fontsize=10, color=COLORS["highlight"])
        self._title = ax.set_title("")
        ax.legend(loc="upper left", frameon=False)

        axr.set_xlim(0, 135)
        axr.set_xlabel("neutron number N")
        axr.set_ylabel("σ / (N² E²)  [10⁻⁴⁵ cm²/MeV²]")
        axr.set_ylim(0, 5)
        (self._red_ref,) = axr.plot([0, 135], [1, 1], ls="--", color="0.4", lw=1.2, label="point nucleus, Q_W = N")
        (self._red,) = axr.plot(self.n, np.ones_like(self.n), **_DOTS)
        (self._red_hi,) = axr.plot([], [], "o", ms=13, mfc="none", mec=COLORS["highlight"], mew=2.2, zorder=4)
        axr.set_title("flat = perfect N² scaling")
        axr.legend(loc="lower left", frameon=False)
        animate(self.fig, self._line, self._points, self._hi, self._hi_text, self._title,  # what update moves
                                self._red, self._red_ref, self._red_hi)

    def update(self, sigma_cm2: np.ndarray, line_coeff_cm2: float, reduced: np.ndarray, reduced_ref: float,
               index: int, label: str, title: str) -> None:
        """Move the points, the N² line and the highlighted nucleus.

        Parameters
        ----------
        sigma_cm2 : numpy.ndarray
            Total cross section of each nucleus [cm²], in the order of ``n_values``.
        line_coeff_cm2 : float
            Coefficient k of the line σ = k·N² [cm²].
        reduced : numpy.ndarray
            σ/(N²E²) of each nucleus [10⁻⁴⁵ cm²/MeV²].
        reduced_ref : float
            The point-nucleus value of σ/(N²E²) (Q_W = N) [10⁻⁴⁵ cm²/MeV²].
        index : int
            Position of the highlighted nucleus.
        label : str
            Annotation of the highlighted nucleus.
        title : str
            Title of the left panel.
        """
        s = np.asarray(sigma_cm2, dtype=float)
        self._points.set_ydata(s)
        self._line.set_ydata(line_coeff_cm2 * self._n_line**2)
        self._hi.set_data([self.n[index]], [s[index]])
        self._hi_text.xy = (self.n[index], s[index])
        self._hi_text.set_text(label)
        self._title.set_text(title)
        self._red.set_ydata(reduced)
        self._red_ref.set_ydata([reduced_ref, reduced_ref])
        self._red_hi.set_data([self.n[index]], [reduced[index]])
        self.fig.canvas.draw_idle()


# --- 01: CEvNS vs other processes, and kilograms vs tons ---------------------------------------

class ProcessComparisonPlot:
    """Left: σ(E) for CEvNS, IBD and ν–e scattering, 1–100 MeV. Right: detector mass for the same event rate.

    The left panel shows CEvNS on one nucleus, IBD per proton and ν–e per electron, with the supernova band
    and a marker at the chosen energy.

    ``update(cevns_cm2, enu_mev, sigma_at_e, masses_kg, nucleus_label)``.
    """

    PROCESS_LABELS = ("CEvNS (per nucleus)", "IBD ν̄ₑp→e⁺n (per proton)", "νₑ–e elastic (per electron)")
    MASS_LABELS = ("CEvNS\nCsI", "IBD\nwater", "ν–e\nwater")

    def __init__(self, enu_grid_mev: np.ndarray, ibd_cm2: np.ndarray, nue_cm2: np.ndarray, *,
                 width: float = 9.3, height: float = 4.2) -> None:
        self.e = np.asarray(enu_grid_mev, dtype=float)
        self.fig, (self.ax, self.ax_m) = new_figure(1, 2, width=width, height=height,
                                                    gridspec_kw={"width_ratios": [1.6, 1]})
        ax = self.ax
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(self.e[0], self.e[-1])
        ax.set_ylim(1e-46, 1e-36)
        ax.set_xlabel("neutrino energy E  [MeV]")
        ax.set_ylabel("cross section σ  [cm²]")
        ax.axvspan(*SUPERNOVA_BAND_MEV, color=OKABE_ITO["yellow"], alpha=0.35, lw=0, label="supernova ν energies")
        ax.axvline(SNS_PROMPT_MEV, color="0.5", lw=1, ls=":")
        ax.text(SNS_PROMPT_MEV * 1.04, 3e-46, "SNS prompt\n29.8 MeV", fontsize=8, color="0.35", va="bottom")
        colors = (COLORS["cevns"], PALETTE["brown"], PALETTE["green"])
        (self._cevns,) = ax.plot(self.e, np.ones_like(self.e), color=colors[0], lw=2.4, label=self.PROCESS_LABELS[0])
        ax.plot(self.e, np.where(ibd_cm2 > 0, ibd_cm2, np.nan), color=colors[1], label=self.PROCESS_LABELS[1])
        ax.plot(self.e, nue_cm2, color=colors[2], label=self.PROCESS_LABELS[2])
        self._marks = ax.scatter([1, 1, 1], [1, 1, 1], s=40, c=list(colors), edgecolors="black", zorder=4)
        self._eline = ax.axvline(1, color=COLORS["highlight"], lw=1.4)
        self._title = ax.set_title("")
        ax.legend(loc="upper left", frameon=False, fontsize=8)

        axm = self.ax_m
        axm.set_xscale("log")
        axm.set_xlim(1, 1e6)
        axm.set_xlabel("mass for the same rate  [kg]")
        self._bars = axm.barh(range(3), [1, 1, 1], color=list(colors), height=0.6)
        axm.set_yticks(range(3), self.MASS_LABELS)
        axm.invert_yaxis()
        axm.grid(axis="y", visible=False)
        axm.axvline(1000, color="0.5", lw=1, ls=":")
        axm.text(1000 * 1.1, -0.42, "1 ton", fontsize=8, color="0.35", va="top")
        self._mass_text = [axm.text(1, i, "", va="center", fontsize=9) for i in range(3)]
        axm.set_title("same flux, same energy")
        animate(self.fig, self._cevns, self._marks, self._eline, self._title,  # what update moves
                                *self._bars, *self._mass_text)

    def update(self, cevns_cm2: np.ndarray, enu_mev: float, sigma_at_e: Sequence[float],
               masses_kg: Sequence[float], nucleus_label: str) -> None:
        """Redraw the CEvNS curve, the markers at the chosen energy and the mass bars.

        Parameters
        ----------
        cevns_cm2 : numpy.ndarray
            CEvNS cross section per nucleus [cm²] on the energy grid.
        enu_mev : float
            Chosen neutrino energy [MeV].
        sigma_at_e : sequence of float
            CEvNS, IBD and ν–e cross sections at ``enu_mev`` [cm²] (three values).
        masses_kg : sequence of float
            Detector mass for the same event rate [kg], one per bar (NaN where the process cannot occur).
        nucleus_label : str
            Name of the nucleus for the title.
        """
        self._cevns.set_ydata(cevns_cm2)
        s = np.asarray(sigma_at_e, dtype=float)
        self._marks.set_offsets(np.column_stack([np.full(3, enu_mev), np.where(s > 0, s, np.nan)]))
        self._eline.set_xdata([enu_mev, enu_mev])
        self._title.set_text(f"CEvNS on {nucleus_label};  marker at E = {enu_mev:.1f} MeV")
        for bar, txt, m in zip(self._bars, self._mass_text, masses_kg, strict=True):
            finite = np.isfinite(m)
            bar.set_width(m if finite else 1e6)
            bar.set_alpha(1.0 if finite else 0.15)
            txt.set_text(_fmt_mass_kg(m))
            txt.set_x(min(m, 2e5) * 1.15 if finite else 1.5)
            txt.set_ha("left")
        self.fig.canvas.draw_idle()
