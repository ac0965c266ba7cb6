"""Figures for kinematics and form factors (notebook 02).

Each object builds its figure once and exposes ``update(**params)``, which mutates the existing artists in
place (no widgets here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from ..physics.constants import HBARC_MEV_FM
from .frames import animate, steady_top
from .style import COLORS, OKABE_ITO, PALETTE, new_figure, text_colour, top_axis

FF_STYLES = {  # model → (label, colour, linestyle)
    "helm": ("Helm (Lewin & Smith)", PALETTE["blue"], "-"),
    "klein-nystrand": ("Klein–Nystrand", PALETTE["vermillion"], "--"),
    "fermi": ("symmetrized Fermi", PALETTE["green"], "-."),
    "none": ("unity (point nucleus)", "0.45", ":"),
}


class RecoilSpectrumPlot:
    """dσ/dT vs recoil energy T with and without the form factor, T_max marked; top axis q = √(2MT).

    ``update(t_kev, dsdt_ff, dsdt_none, t_max_kev, mass_mev, title)``.
    """

    def __init__(self, width: float = 7.5, height: float = 4.2) -> None:
        self.fig, self.ax = new_figure(width=width, height=height)
        ax = self.ax
        self._mass_mev = 1e5
        (self._none,) = ax.plot([], [], color=FF_STYLES["none"][1], ls="--", label="no form factor (F = 1)")
        (self._ff,) = ax.plot([], [], color=COLORS["cevns"], lw=2.4, label="with Helm form factor")
        self._tmax = ax.axvline(1, color=COLORS["highlight"], lw=1.4)
        self._tmax_text = ax.text(1, 0.97, "", transform=ax.get_xaxis_transform(), ha="right", va="top",
                                  fontsize=9, color=COLORS["highlight"])
        ax.set_xlabel("nuclear recoil energy T  [keV]")
        ax.set_ylabel("dσ/dT  [10⁻⁴⁰ cm²/keV]")
        ax.legend(loc="lower left", frameon=False)
        self._title = ax.set_title("", fontsize=10)
        # top axis: momentum transfer for the current nucleus (the functions read self._mass_mev at draw time)
        self.ax_q = top_axis(ax, (self._t_to_q, self._q_to_t), "momentum transfer q = √(2MT)  [MeV]")
        self._axes_key: tuple | None = None  # (x top, y top, mass): the axes change only when one of them does
        animate(self.fig, self._none, self._ff, self._tmax, self._tmax_text, self._title)  # what update moves

    def _t_to_q(self, t_kev: ArrayLike) -> np.ndarray:
        return np.sqrt(2 * self._mass_mev * 1e-3 * np.clip(t_kev, 0, None))

    def _q_to_t(self, q: ArrayLike) -> np.ndarray:
        return 1e3 * np.asarray(q, dtype=float) ** 2 / (2 * self._mass_mev)

    def update(self, t_kev: np.ndarray, dsdt_ff: np.ndarray, dsdt_none: np.ndarray, t_max_kev: float,
               mass_mev: float, title: str) -> None:
        """Redraw the recoil spectra with and without form factor up to the kinematic end point.

        Parameters
        ----------
        t_kev : numpy.ndarray
            Nuclear recoil energies T [keV].
        dsdt_ff, dsdt_none : numpy.ndarray
            dσ/dT [cm²/keV] with the form factor and without (F = 1).
        t_max_kev : float
            Largest recoil energy at the chosen neutrino energy [keV].
        mass_mev : float
            Nuclear mass [MeV] (for the top q axis).
        title : str
            Figure title.
        """
        self._mass_mev = float(mass_mev)
        self._ff.set_data(t_kev, 1e40 * np.asarray(dsdt_ff))
        self._none.set_data(t_kev, 1e40 * np.asarray(dsdt_none))
        self._tmax.set_xdata([t_max_kev, t_max_kev])
        self._tmax_text.set_x(t_max_kev)
        self._tmax_text.set_text(f"T_max = {t_max_kev:.3g} keV ")
        # Steady axes: the x range grows in round steps as T_max does (dσ/dT at T → 0 does not depend on E, so
        # the y range is the nucleus'), and T_max ∝ E² is seen moving across a fixed scale.
        old = self._axes_key
        x_top = steady_top(old[0] if old and old[2] == self._mass_mev else None, 1.12 * t_max_kev, shrink=0.3)
        y_top = 1.08e40 * float(np.max(dsdt_none))
        key = (x_top, y_top if old is None or not np.isclose(old[1], y_top, rtol=1e-3) else old[1], self._mass_mev)
        if key != old:
            self._axes_key = key
            self.ax.set_xlim(0, x_top)
            # q ticks: q ∝ √T crowds small q at the left edge, so label only q ≥ q_max/4 (plus 0)
            q_top = float(self._t_to_q(x_top))
            ticks = MaxNLocator(6).tick_values(0, q_top)
            self.ax_q.set_xticks([q for q in ticks if q == 0 or 0.25 * q_top <= q <= q_top])
            self.ax.set_ylim(0, key[1])
        self._title.set_text(title)
        self.fig.canvas.draw_idle()


class FormFactorPlot:
    """F²(q) for several models side by side, with the coherent region qR < 1 shaded.

    The largest q reachable at the chosen neutrino energy is marked. Top axis: qR for the current nucleus.

    ``update(curves={model: F²}, q_max_mev, radius_fm, title)``; the q grid is fixed.
    """

    def __init__(self, q_grid_mev: np.ndarray, models: Sequence[str] = tuple(FF_STYLES), *,
                 width: float = 7.5, height: float = 4.2) -> None:
        self.q = np.asarray(q_grid_mev, dtype=float)
        self.fig, self.ax = new_figure(width=width, height=height)
        ax = self.ax
        self._radius_fm = 5.0
        self._coherent = ax.axvspan(0, 1, color=OKABE_ITO["yellow"], alpha=0.3, lw=0, label="qR < 1 (coherent)")
        self._lines = {}
        for m in models:
            label, color, ls = FF_STYLES[m]
            (self._lines[m],) = ax.plot(self.q, np.ones_like(self.q), color=color, ls=ls, label=label)
        self._qmax = ax.axvline(1, color=COLORS["highlight"], lw=1.4)
        self._qmax_text = ax.text(1, 0.6, "", transform=ax.get_xaxis_transform(), fontsize=9,
                                  color=COLORS["highlight"], ha="left")
        ax.set_xlim(0, self.q[-1])
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("momentum transfer q  [MeV]")
        ax.set_ylabel("F²(q)  (suppression of dσ/dT)")
        ax.legend(loc="center right", frameon=True, framealpha=0.9, fontsize=9)
        self._title = ax.set_title("", fontsize=10)
        self.ax_qr = top_axis(ax, (self._q_to_qr, self._qr_to_q), "qR  (R = rms radius of the weak charge)")
        animate(self.fig, *self._lines.values(), self._coherent, self._qmax, self._qmax_text,  # update moves
                                self._title)

    def _q_to_qr(self, q: ArrayLike) -> np.ndarray:
        return np.asarray(q, dtype=float) * self._radius_fm / HBARC_MEV_FM

    def _qr_to_q(self, qr: ArrayLike) -> np.ndarray:
        return np.asarray(qr, dtype=float) * HBARC_MEV_FM / self._radius_fm

    def update(self, curves: Mapping[str, np.ndarray], q_max_mev: float, radius_fm: float, title: str) -> None:
        """Redraw the form factors, the q_max marker and the qR axis.

        Parameters
        ----------
        curves : mapping of str to numpy.ndarray
            Model name → F²(q) on the fixed q grid (dimensionless).
        q_max_mev : float
            Largest momentum transfer at the chosen neutrino energy [MeV].
        radius_fm : float
            rms radius of the weak charge [fm] (for the top qR axis).
        title : str
            Figure title.
        """
        if float(radius_fm) != self._radius_fm:
            self.ax_qr.stale = True  # the top qR axis is read from the radius at draw time: redraw it
        self._radius_fm = float(radius_fm)
        for m, y in curves.items():
            self._lines[m].set_ydata(y)
        q1 = HBARC_MEV_FM / self._radius_fm  # qR = 1
        self._coherent.set_x(0)
        self._coherent.set_width(q1)
        self._qmax.set_xdata([q_max_mev, q_max_mev])
        self._qmax_text.set_x(q_max_mev)
        self._qmax_text.set_text(f" q_max = {q_max_mev:.0f} MeV\n qR = {q_max_mev / q1:.2f}")
        self._title.set_text(title)
        self.fig.canvas.draw_idle()


class NeutronRadiusPlot:
    """Neutron-radius sensitivity: Helm F²(q) at the chosen R_n (left) and σ(R_n)/σ(default) (right).

    Left: F²(q) beside the default, with the largest q at each energy marked. Right: the ratio for each
    energy, with a marker at R_n and an optional measured band.

    ``update(f2, rn_fm, ratios)``; the q grid, R_n grid and ratio curves are fixed at construction.
    """

    def __init__(self, q_grid_mev: np.ndarray, f2_default: np.ndarray, rn_grid_fm: np.ndarray,
                 ratio_curves: Mapping[float, np.ndarray], q_max_mev: Mapping[float, float], *,
                 rn_default_fm: float, band_fm: tuple[float, float, str] | None = None,
                 nucleus_label: str = "", width: float = 9.3, height: float = 4.0) -> None:
        self.q = np.asarray(q_grid_mev, dtype=float)
        self.fig, (self.ax, self.ax_r) = new_figure(1, 2, width=width, height=height)
        ax, axr = self.ax, self.ax_r
        colors = (PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"])
        ax.plot(self.q, f2_default, color="0.45", ls="--", label=f"Lewin–Smith R = {rn_default_fm:.2f} fm")
        (self._f2,) = ax.plot(self.q, f2_default, color=COLORS["cevns"], lw=2.4, label="chosen R_n")
        for (e, qm), c in zip(q_max_mev.items(), colors[1:] + colors[:1], strict=False):  # ≤ 3 energies
            ax.axvline(qm, color=c, lw=1.2, ls=":")
            ax.text(qm, 0.98, f" q_max at\n {e:g} MeV", color=text_colour(c), fontsize=8, va="top",
                    transform=ax.get_xaxis_transform())
        ax.set_xlim(0, self.q[-1])
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("momentum transfer q  [MeV]")
        ax.set_ylabel("Helm F²(q)")
        ax.legend(loc="lower left", frameon=False, fontsize=9)
        ax.set_title(f"{nucleus_label} weak-charge form factor", fontsize=10)

        rn = np.asarray(rn_grid_fm, dtype=float)
        if band_fm is not None:
            axr.axvspan(band_fm[0], band_fm[1], color=OKABE_ITO["yellow"], alpha=0.35, lw=0, label=band_fm[2])
        axr.axvline(rn_default_fm, color="0.45", ls="--", lw=1)
        self._marks = []
        for (e, ratio), c in zip(ratio_curves.items(), colors[1:] + colors[:1], strict=False):  # ≤ 3 energies
            axr.plot(rn, ratio, color=c, label=f"E_ν = {e:g} MeV")
            (mk,) = axr.plot([rn_default_fm], [1.0], "o", color=c, ms=8, mec="black")
            self._marks.append(mk)
        self._rline = axr.axvline(rn_default_fm, color=COLORS["cevns"], lw=1.6)
        axr.set_xlim(rn[0], rn[-1])
        lo = min(float(np.min(r)) for r in ratio_curves.values())
        hi = max(float(np.max(r)) for r in ratio_curves.values())
        axr.set_ylim(lo - 0.03, hi + 0.03)
        axr.set_xlabel("neutron rms radius R_n  [fm]")
        axr.set_ylabel("σ(R_n) / σ(default R)")
        axr.legend(loc="lower left", frameon=True, framealpha=0.9, fontsize=9)
        axr.set_title("a bigger neutron cloud → less coherence", fontsize=10)
        animate(self.fig, self._f2, self._rline, *self._marks)  # what update moves

    def update(self, f2: np.ndarray, rn_fm: float, ratios: Sequence[float]) -> None:
        """Redraw F²(q) at the chosen radius and move the ratio markers.

        Parameters
        ----------
        f2 : numpy.ndarray
            Helm F²(q) at ``rn_fm`` on the fixed q grid.
        rn_fm : float
            Chosen neutron rms radius R_n [fm].
        ratios : sequence of float
            σ(R_n)/σ(default) at each energy of ``ratio_curves``, in its order.
        """
        self._f2.set_ydata(f2)
        self._rline.set_xdata([rn_fm, rn_fm])
        for mk, r in zip(self._marks, ratios, strict=True):
            mk.set_data([rn_fm], [r])
        self.fig.canvas.draw_idle()
