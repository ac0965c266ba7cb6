"""Figures for notebook 07 (what CEvNS is for).

Each interactive figure builds once and mutates its artists in ``update(**params)``; static figures are
returned ready to show (no widgets here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .frames import animate
from .style import COLORS, OKABE_ITO, PALETTE, new_figure

if TYPE_CHECKING:  # annotations only
    from ..bsm.nsi import NSIScan
    from ..bsm.scans import Scan1D


def _label_box(ax: Axes, label: str, corner: str = "right") -> None:
    """Stamp "SIMULATED REPLICA" / "REAL DATA" in a lower corner (``"right"`` or ``"left"``) of a data-derived plot."""
    color = COLORS["highlight"] if "SIMULATED" in label else "0.25"
    x, ha = (0.01, "left") if corner == "left" else (0.99, "right")
    ax.text(x, 0.02, label, transform=ax.transAxes, ha=ha, va="bottom", fontsize=9, color=color,
            fontweight="bold", bbox=dict(boxstyle="round", fc="white", ec=color, alpha=0.85))


class NSIPlanePlot:
    """Δχ² over (ε^u_ee, ε^d_ee) with the 90% CL region, SM point, SM and degenerate lines and a movable point.

    Built from an :class:`~cevns_edu.bsm.nsi.NSIScan`; ``update(eps_u, eps_d)`` moves the marker.
    """

    def __init__(self, scan: NSIScan, sm_line: np.ndarray, degenerate_line: np.ndarray, width: float = 6.2,
                 height: float = 5.4) -> None:
        self.fig, ax = new_figure(width=width, height=height)
        self.ax = ax
        eu, ed = scan.eps_u, scan.eps_d
        ext = (eu[0], eu[-1], ed[0], ed[-1])
        im = ax.imshow(np.clip(scan.delta_chi2, 0, 25), origin="lower", extent=ext, aspect="auto", cmap="viridis_r")
        cb = self.fig.colorbar(im, ax=ax)
        cb.set_label("Δχ² (capped at 25)")
        ax.contour(eu, ed, scan.delta_chi2, levels=[4.61], colors=[COLORS["highlight"]], linewidths=2)
        ax.plot(eu, sm_line, color="0.1", ls="--", lw=1.3, label="SM-rate line (Q_W(ε) = Q_W)")
        ax.plot(eu, degenerate_line, color="0.1", ls=":", lw=1.8, label="degenerate line (Q_W(ε) = −Q_W)")
        ax.plot([0], [0], marker="*", ms=14, color=OKABE_ITO["yellow"], mec="k", ls="none", label="Standard Model")
        (self._pt,) = ax.plot([0], [0], marker="o", ms=10, mfc="none", mec=COLORS["highlight"], mew=2.5, ls="none",
                              label="your (εᵘ, εᵈ)")
        ax.plot([], [], color=COLORS["highlight"], lw=2, label="90% CL boundary (Δχ² = 4.61)")
        ax.set_xlim(eu[0], eu[-1])
        ax.set_ylim(ed[0], ed[-1])
        ax.set_xlabel("ε$^{uV}_{ee}$")
        ax.set_ylabel("ε$^{dV}_{ee}$")
        ax.set_title("Non-standard interactions of ν_e with quarks", fontsize=11)
        # Under the axes (a figure legend constrained layout makes room for), so it hides no part of the
        # 90% CL contour, whatever the data; dark lines read on the light allowed band and on white.
        self.fig.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
        _label_box(ax, scan.label, corner="left")  # the lower-left corner is far outside the allowed band
        animate(self.fig, self._pt)  # what update moves

    def update(self, eps_u: float, eps_d: float, **_: object) -> None:
        """Move the marker to (ε^u_ee, ε^d_ee).

        Parameters
        ----------
        eps_u, eps_d : float
            NSI couplings of ν_e to u and d quarks (dimensionless, in units of G_F).
        **_
            Other keywords of the panel's result, ignored.
        """
        self._pt.set_data([eps_u], [eps_d])
        self.fig.canvas.draw_idle()


class MagneticMomentPlot:
    """dσ/dT on ¹³³Cs at 30 MeV: weak term, EM term and their sum vs T (log axes), the CsI threshold marked.

    ``update(t_kev, weak, em)`` with cross sections in cm²/keV.
    """

    def __init__(self, threshold_kev: float, width: float = 7.0, height: float = 4.2) -> None:
        self.fig, ax = new_figure(width=width, height=height)
        self.ax = ax
        (self._weak,) = ax.plot([], [], color=COLORS["cevns"], label="weak (Standard Model)")
        (self._em,) = ax.plot([], [], color=COLORS["prompt"], ls="--", label="magnetic moment term ∝ μ²(1/T − 1/E)")
        (self._sum,) = ax.plot([], [], color="k", lw=1.2, label="sum")
        ax.axvspan(1e-2, threshold_kev, color="0.85", zorder=0)
        ax.text(threshold_kev * 0.93, 0.04, "below the 2017 CsI\nthreshold", transform=ax.get_xaxis_transform(),
                ha="right", fontsize=8, color="0.3")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(0.05, 20)
        ax.set_ylim(1e-41, 1e-36)
        ax.set_xlabel("nuclear recoil energy T  [keV]")
        ax.set_ylabel("dσ/dT  [cm²/keV]   (¹³³Cs, E_ν = 30 MeV)")
        ax.legend(loc="upper right", fontsize=8)
        animate(self.fig, self._weak, self._em, self._sum)  # what update moves

    def update(self, t_kev: np.ndarray, weak: np.ndarray, em: np.ndarray, **_: object) -> None:
        """Redraw the weak term, the magnetic-moment term and their sum.

        Parameters
        ----------
        t_kev : numpy.ndarray
            Nuclear recoil energies [keV].
        weak, em : numpy.ndarray
            dσ/dT of the weak and of the electromagnetic term [cm²/keV] at ``t_kev``.
        **_
            Other keywords of the panel's result, ignored.
        """
        self._weak.set_data(t_kev, weak)
        self._em.set_data(t_kev, np.where(em > 0, em, np.nan))
        self._sum.set_data(t_kev, weak + em)
        self.fig.canvas.draw_idle()


class FloorPlot:
    """Left: recoil spectra of astrophysical-ν CEvNS and of a WIMP; right: the σ–mass plane with the floor.

    ``update(t_kev, wimp, mass_gev, sigma_cm2, target_title)``.
    """

    SRC_COLORS = {"8B": PALETTE["brown"], "hep": PALETTE["purple"], "atm": PALETTE["green"], "DSNB": PALETTE["violet"]}

    def __init__(self, t_kev: np.ndarray, nu_spectra: Mapping[str, np.ndarray], labels: Mapping[str, str],
                 floor_mass: np.ndarray, floor_sigma: np.ndarray, width: float = 9.2, height: float = 4.0) -> None:
        self.fig, (a1, a2) = new_figure(1, 2, width=width, height=height)
        self.ax_spec, self.ax_floor = a1, a2
        self._nu_lines: dict[str, Line2D] = {}
        for src, y in nu_spectra.items():
            (ln,) = a1.plot(t_kev, np.where(y > 0, y, np.nan), color=self.SRC_COLORS[src], label=f"ν: {labels[src]}")
            self._nu_lines[src] = ln
        (self._wimp,) = a1.plot([], [], color=COLORS["cevns"], lw=2.6, label="WIMP")
        a1.set_xscale("log")
        a1.set_yscale("log")
        a1.set_xlim(0.01, 100)
        a1.set_ylim(1e-7, 1e5)
        a1.set_xlabel("nuclear recoil energy  [keV]")
        a1.set_ylabel("dR/dE  [events / (t · yr · keV)]")
        a1.legend(loc="lower left", fontsize=7.5)
        self._title = a1.set_title("", fontsize=10)
        a2.fill_between(floor_mass, 1e-52, floor_sigma, color="0.8", label="below the (simplified) ν floor")
        a2.plot(floor_mass, floor_sigma, color="0.3", lw=1.5)
        (self._pt,) = a2.plot([], [], marker="o", ms=9, color=COLORS["cevns"], mec="k", ls="none", label="your WIMP")
        a2.set_xscale("log")
        a2.set_yscale("log")
        a2.set_xlim(floor_mass[0], floor_mass[-1])
        a2.set_ylim(1e-50, 1e-40)
        a2.set_xlabel("WIMP mass  [GeV]")
        a2.set_ylabel("WIMP–nucleon σ_SI  [cm²]")
        a2.legend(loc="upper left", fontsize=8)
        a2.set_title("discovery reach vs the neutrino floor", fontsize=10)
        animate(self.fig, self._wimp, self._title, self._pt)  # what update moves

    def update(self, t_kev: np.ndarray, wimp: np.ndarray, mass_gev: float, sigma_cm2: float, target_title: str = "",
               **_: object) -> None:
        """Redraw the WIMP recoil spectrum and move the WIMP's point in the σ–mass plane.

        Parameters
        ----------
        t_kev : numpy.ndarray
            Nuclear recoil energies [keV].
        wimp : numpy.ndarray
            WIMP recoil rate dR/dE at ``t_kev`` [events/(t·yr·keV)].
        mass_gev : float
            WIMP mass [GeV].
        sigma_cm2 : float
            WIMP–nucleon spin-independent cross section [cm²].
        target_title : str
            Title of the spectrum panel.
        **_
            Other keywords of the panel's result, ignored.
        """
        self._wimp.set_data(t_kev, np.where(wimp > 0, wimp, np.nan))
        self._pt.set_data([mass_gev], [sigma_cm2])
        self._title.set_text(target_title)
        self.fig.canvas.draw_idle()


# --- static figures ---------------------------------------------------------------------------------

def scan_figure(scan: Scan1D, *, xlabel: str, reference: tuple[float, float, float] | None = None,
                reference_label: str = "", levels: tuple[float, float] = (1.0, 2.706), width: float = 6.0,
                height: float = 3.6, xscale: float = 1.0) -> Figure:
    """Draw Δχ² of a :class:`~cevns_edu.bsm.scans.Scan1D` with 1σ and 90% CL levels and an optional published band.

    Parameters
    ----------
    scan : Scan1D
        The scan (its ``label`` is stamped on the plot).
    xlabel : str
        Label of the scanned parameter's axis, with its unit.
    reference : tuple of float, optional
        A published value as (central, minus, plus), in the scan's unit: drawn as a shaded band.
    reference_label : str
        Legend entry of ``reference``.
    levels : tuple of float
        The Δχ² of the 1σ and the 90% CL lines, in that order.
    width, height : float
        Figure size [inch].
    xscale : float
        Factor from the scan's unit to the axis's unit.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=width, height=height)
    x = scan.values * xscale
    ax.plot(x, scan.delta_chi2, color=COLORS["cevns"], lw=2, label="this course, 2017 CsI likelihood")
    for lev, txt in zip(levels, ("Δχ² = 1 (1σ)", "Δχ² = 2.71 (90% CL)"), strict=True):
        ax.axhline(lev, color="0.5", ls=":", lw=1)
        ax.text(x[-1], lev, txt + " ", ha="right", va="bottom", fontsize=8, color="0.35")
    if reference is not None:
        c, lo, hi = reference
        ax.axvspan((c - lo) * xscale, (c + hi) * xscale, color=OKABE_ITO["orange"], alpha=0.25, label=reference_label)
        ax.axvline(c * xscale, color=PALETTE["brown"], lw=1.5)
    ax.set_ylim(0, 8)
    ax.set_xlim(x[0], x[-1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Δχ²")
    ax.legend(loc="upper center", fontsize=8)
    _label_box(ax, scan.label)
    return fig


def running_figure(q_gev: np.ndarray, s2_curve: np.ndarray, measurements: Sequence[tuple[str, float, float, float]],
                   cevns_point: tuple[float, float, tuple[float, float]], label: str, width: float = 6.5,
                   height: float = 3.8) -> Figure:
    """Draw sin²θ_W(Q) in MS-bar with a few measurements and the CEvNS (CsI) point at its typical q.

    Parameters
    ----------
    q_gev : numpy.ndarray
        Momentum transfers Q [GeV] of the running curve.
    s2_curve : numpy.ndarray
        sin²θ_W (MS-bar) at ``q_gev``.
    measurements : sequence of (str, float, float, float)
        (name, Q [GeV], sin²θ_W, uncertainty) of each measurement (at most three).
    cevns_point : tuple
        (Q [GeV], best sin²θ_W, (low, high) 1σ interval) of the CEvNS fit.
    label : str
        "REAL DATA" or "SIMULATED REPLICA", quoted in the CEvNS point's legend entry.
    width, height : float
        Figure size [inch].

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=width, height=height)
    ax.plot(q_gev, s2_curve, color="k", lw=1.6, label="SM running (PDG end points, leading-log shape)")
    markers = iter(("s", "D", "^"))
    for name, q, v, e in measurements:
        ax.errorbar([q], [v], yerr=[e], fmt=next(markers), color="0.35", ms=6, capsize=3, label=name)
    q, v, (lo, hi) = cevns_point
    ax.errorbar([q], [v], yerr=[[v - lo], [hi - v]], fmt="o", color=COLORS["cevns"], ms=8, capsize=4,
                label=f"COHERENT CsI 2017, this fit ({label})")
    ax.set_xscale("log")
    ax.set_ylim(0.15, 0.33)
    ax.set_xlabel("momentum transfer Q  [GeV]")
    ax.set_ylabel("sin²θ_W (MS-bar)")
    ax.legend(loc="upper right", fontsize=7.5)
    return fig


def sterile_figure(dm2_ev2: np.ndarray, curves: Mapping[str, np.ndarray], width: float = 6.2,
                   height: float = 3.6) -> Figure:
    """Draw the smallest excluded sin²2θ_μμ vs Δm² for several rate uncertainties (sensitivity of a rate).

    Parameters
    ----------
    dm2_ev2 : numpy.ndarray
        Mass splittings Δm² [eV²].
    curves : mapping of str to numpy.ndarray
        Legend label (the rate uncertainty) → excluded sin²2θ_μμ at ``dm2_ev2`` (at most four curves).
    width, height : float
        Figure size [inch].

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=width, height=height)
    colors = iter((COLORS["cevns"], COLORS["prompt"], COLORS["delayed"], COLORS["brn"]))
    for lab, y in curves.items():
        ax.plot(dm2_ev2, np.where(np.isfinite(y), y, np.nan), color=next(colors), label=lab)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(0.01, 1.0)
    ax.set_xlim(dm2_ev2[0], dm2_ev2[-1])
    ax.set_xlabel("Δm²  [eV²]")
    ax.set_ylabel("excluded sin²2θ_μμ (90% CL)")
    ax.legend(loc="lower left", fontsize=8, title="total-rate uncertainty", title_fontsize=8)
    return fig


def n2_figure(points: Sequence[tuple[str, float, float, str, tuple[float, float]]], width: float = 6.8,
              height: float = 4.2) -> Figure:
    """Draw the flux-averaged SNS CEvNS cross section vs N with the N² line and the targets CEvNS was seen on.

    Parameters
    ----------
    points : sequence of tuple
        (label, N, σ [cm²], annotation, (dx, dy) text offset [points]) of each target.
    width, height : float
        Figure size [inch].

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=width, height=height)
    n = np.array([p[1] for p in points], float)
    s = np.array([p[2] for p in points], float)
    nn = np.linspace(8, 90, 100)
    k = np.exp(np.mean(np.log(s) - 2 * np.log(n)))
    ax.plot(nn, k * nn**2, color="0.5", ls="--", label="∝ N²")
    ax.plot(n, s, "o", color=COLORS["cevns"], ms=8, label="targets (flux-averaged σ at the SNS, with form factor)")
    for lab, ni, si, note, (dx, dy) in points:
        ax.annotate(f"{lab}: {note}" if note else lab, (ni, si), textcoords="offset points", xytext=(dx, dy),
                    ha="right" if dx < 0 else "left", va="center", fontsize=7.5,
                    arrowprops=dict(arrowstyle="-", color="0.5", lw=0.6))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(8, 100)
    ax.set_xlabel("neutron number N")
    ax.set_ylabel("⟨σ⟩ per nucleus  [cm²]")
    ax.legend(loc="lower right", fontsize=8)
    return fig
