"""Figures for the SNS source (notebook 03): spectra, context sources, flux vs distance, arrival times.

Each class builds its figure once; ``update(**params)`` mutates the existing artists (no widgets here).
Static figures have an ``update()`` that only redraws, so every figure has the same interface.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .frames import animate
from .style import COLORS, OKABE_ITO, PALETTE, new_figure, text_colour


class SnsSpectraPlot:
    """Left: the three π-DAR spectra (prompt ν_μ line as an arrow). Right: spectrum × σ_CEvNS(E) on a nucleus.

    The right panel shows which neutrino energies make the events (each normalised to 1 neutrino).

    Built from precomputed arrays: ``SnsSpectraPlot(e_mev, spectra={"nue": …, "numubar": …},
    e_prompt_mev, weighted={"nue": …, "numubar": …}, prompt_weight, nucleus_label)``.
    """

    def __init__(self, e_mev: np.ndarray, spectra: Mapping[str, np.ndarray], e_prompt_mev: float,
                 weighted: Mapping[str, np.ndarray], prompt_weight: float, nucleus_label: str, *,
                 width: float = 10.0, height: float = 3.8) -> None:
        self.fig, (ax, axw) = new_figure(1, 2, width=width, height=height)
        self.ax, self.ax_w = ax, axw
        ax.plot(e_mev, spectra["nue"], color=COLORS["delayed"], label="delayed ν_e (Michel)")
        ax.plot(e_mev, spectra["numubar"], color=PALETTE["blue"], ls="--", label="delayed ν̄_μ (Michel)")
        peak = max(float(np.max(v)) for v in spectra.values())
        top = 1.55 * peak  # headroom: the legend sits above the curves and the arrow, not on them
        ax.annotate("", xy=(e_prompt_mev, 1.1 * peak), xytext=(e_prompt_mev, 0),
                    arrowprops={"arrowstyle": "-|>", "color": COLORS["prompt"], "lw": 2.2})
        ax.plot([], [], color=COLORS["prompt"], lw=2.2, label=f"prompt ν_μ line, {e_prompt_mev:.2f} MeV")
        ax.set_xlim(0, 60)
        ax.set_ylim(0, top)
        ax.set_xlabel("neutrino energy E  [MeV]")
        ax.set_ylabel("dN/dE per neutrino  [1/MeV]")
        ax.set_title("π⁺ decay at rest: one line, two Michel spectra", fontsize=10)
        ax.legend(loc="upper left", frameon=False, fontsize=9)

        scale = 1e38
        axw.plot(e_mev, scale * weighted["nue"], color=COLORS["delayed"], label="ν_e")
        axw.plot(e_mev, scale * weighted["numubar"], color=PALETTE["blue"], ls="--", label="ν̄_μ")
        wpeak = scale * max(float(np.max(v)) for v in weighted.values())
        wtop = 1.45 * wpeak  # headroom for the legend and the line's label above the curves
        axw.annotate("", xy=(e_prompt_mev, min(scale * prompt_weight / 8, 1.1 * wpeak)), xytext=(e_prompt_mev, 0),
                     arrowprops={"arrowstyle": "-|>", "color": COLORS["prompt"], "lw": 2.2})
        axw.text(e_prompt_mev + 0.8, wtop * 0.97, f"ν_μ line: σ = {prompt_weight * scale:.2f}×10⁻³⁸ cm²",
                 color=text_colour(COLORS["prompt"]), fontsize=9, va="top")
        axw.set_xlim(0, 60)
        axw.set_ylim(0, wtop)
        axw.set_xlabel("neutrino energy E  [MeV]")
        axw.set_ylabel("dN/dE · σ(E)  [10⁻³⁸ cm²/MeV]")
        axw.set_title(f"which neutrinos make the events ({nucleus_label}, Helm)", fontsize=10)
        axw.legend(loc="upper left", frameon=False, fontsize=9)

    def update(self) -> None:
        """Redraw (the figure is static)."""
        self.fig.canvas.draw_idle()


class ContextSourcesPlot:
    """Left: fluxes of reactor, solar ⁸B, SNS and a supernova burst. Right: σ_CEvNS(E) on a nucleus.

    Fluxes on log–log axes (ν cm⁻² s⁻¹ MeV⁻¹); each source's mean energy is marked on the cross section.
    """

    STYLE = {"reactor": ("reactor ν̄_e (3 GW_th, 20 m)", PALETTE["brown"], "-"),
             "solar": ("solar ⁸B ν_e", "0.3", "-."),  # dark grey: Okabe–Ito yellow has 1.3:1 contrast on white
             "sns": ("SNS ν_e + ν̄_μ (1.4 MW, 20 m; + ν_μ line)", COLORS["delayed"], "-"),
             "supernova": ("supernova ν̄_e, 10 kpc (10 s burst)", PALETTE["purple"], "--")}

    def __init__(self, e_mev: np.ndarray, fluxes: Mapping[str, np.ndarray], e_sigma_mev: np.ndarray,
                 sigma_cm2: np.ndarray, mean_energies: Mapping[str, float], nucleus_label: str, *,
                 width: float = 10.0, height: float = 3.9) -> None:
        self.fig, (ax, axs) = new_figure(1, 2, width=width, height=height)
        self.ax, self.ax_s = ax, axs
        for key, f in fluxes.items():
            label, color, ls = self.STYLE[key]
            ok = f > 0
            ax.plot(e_mev[ok], f[ok], color=color, ls=ls, lw=2.2, label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(1, 80)
        ax.set_ylim(1e2, 1e17)  # headroom: the legend above the curves
        ax.set_xlabel("neutrino energy E  [MeV]")
        ax.set_ylabel("flux  [ν cm⁻² s⁻¹ MeV⁻¹]")
        ax.set_title("how many neutrinos, at what energy", fontsize=10)
        ax.legend(loc="upper right", frameon=True, framealpha=0.9, fontsize=8)

        axs.plot(e_sigma_mev, sigma_cm2, color=COLORS["cevns"], lw=2.2, label=f"CEvNS on {nucleus_label}")
        for key, e in mean_energies.items():
            label, color, _ = self.STYLE[key]
            s = float(np.interp(e, e_sigma_mev, sigma_cm2))
            axs.plot([e], [s], "o", color=color, ms=9, mec="black")
            axs.annotate(f"{key} ⟨E⟩ = {e:.3g} MeV", (e, s), textcoords="offset points", xytext=(6, -12),
                         fontsize=8, color="black")
        axs.set_xscale("log")
        axs.set_yscale("log")
        axs.set_xlim(1, 80)
        axs.set_xlabel("neutrino energy E  [MeV]")
        axs.set_ylabel("σ(E)  [cm²]")
        axs.set_title("… and how likely each is to scatter (σ ∝ E²)", fontsize=10)
        axs.legend(loc="upper left", frameon=False, fontsize=9)

    def update(self) -> None:
        """Redraw (the figure is static)."""
        self.fig.canvas.draw_idle()


class FluxDistancePlot:
    """Total π-DAR flux vs distance (log y) for the chosen beam, with a marker at the chosen distance.

    A reference line shows the solar ⁸B flux. ``update(flux, distance_m, flux_at)``; the distance grid is fixed.
    """

    def __init__(self, distances_m: np.ndarray, reference: tuple[float, str] | None = None, *,
                 width: float = 7.0, height: float = 3.8) -> None:
        self.d = np.asarray(distances_m, dtype=float)
        self.fig, self.ax = new_figure(width=width, height=height)
        ax = self.ax
        (self._curve,) = ax.plot(self.d, np.ones_like(self.d), color=COLORS["cevns"], lw=2.2,
                                 label="SNS: ν_μ + ν_e + ν̄_μ")
        if reference is not None:
            ax.axhline(reference[0], color=PALETTE["brown"], ls="--", lw=1.4, label=reference[1])
        (self._mark,) = ax.plot([20.0], [1.0], "o", color=COLORS["highlight"], ms=10, mec="black")
        self._vline = ax.axvline(20.0, color=COLORS["highlight"], lw=1, ls=":")
        self._text = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=10,
                             bbox={"fc": "white", "ec": "0.8", "alpha": 0.9})
        ax.set_yscale("log")
        ax.set_xlim(self.d[0], self.d[-1])
        ax.set_ylim(1e5, 1e10)
        ax.set_xlabel("distance from the mercury target L  [m]")
        ax.set_ylabel("flux Φ  [ν cm⁻² s⁻¹]")
        ax.set_title("flux ∝ beam power / L²", fontsize=10)
        ax.legend(loc="lower left", frameon=False, fontsize=9)
        animate(self.fig, self._curve, self._mark, self._vline, self._text)  # what update moves

    def update(self, flux: np.ndarray, distance_m: float, flux_at: float) -> None:
        """Redraw the flux curve and move the marker.

        Parameters
        ----------
        flux : numpy.ndarray
            Total neutrino flux on the fixed distance grid [ν cm⁻² s⁻¹].
        distance_m : float
            Chosen distance from the target [m].
        flux_at : float
            Flux at ``distance_m`` [ν cm⁻² s⁻¹].
        """
        self._curve.set_ydata(flux)
        self._mark.set_data([distance_m], [flux_at])
        self._vline.set_xdata([distance_m, distance_m])
        self._text.set_text(f"Φ({distance_m:.3g} m) = {flux_at:.2e} ν/cm²/s")
        self.fig.canvas.draw_idle()


class TimeWindowPlot:
    """Arrival-time densities after each beam pulse, with the shaded listening window.

    Curves: proton pulse, prompt ν_μ, delayed ν_e + ν̄_μ (each weighted by its share of the neutrinos) and a
    flat steady-state background. ``update(t_start_us, t_stop_us, text)``; the curves are fixed.
    """

    def __init__(self, t_us: np.ndarray, pulse: np.ndarray, prompt: np.ndarray, delayed: np.ndarray,
                 steady: float, *, width: float = 8.0, height: float = 3.8) -> None:
        self.fig, self.ax = new_figure(width=width, height=height)
        ax = self.ax
        self._window = ax.axvspan(0.0, 6.0, color=OKABE_ITO["skyblue"], alpha=0.25, lw=0, label="listening window")
        ax.plot(t_us, pulse, color="0.45", ls="--", lw=1.4, label="proton pulse (÷3)")
        ax.fill_between(t_us, prompt, color=COLORS["prompt"], alpha=0.35, lw=0)
        ax.plot(t_us, prompt, color=COLORS["prompt"], label="prompt ν_μ (τ_π = 26 ns)")
        ax.fill_between(t_us, delayed, color=COLORS["delayed"], alpha=0.35, lw=0)
        ax.plot(t_us, delayed, color=COLORS["delayed"], label="delayed ν_e + ν̄_μ (τ_μ = 2.2 μs)")
        ax.axhline(steady, color=COLORS["steady_state"], lw=2, ls="-.", label="steady-state background (flat)")
        ax.set_xlim(t_us[0], t_us[-1])
        ax.set_ylim(0, 1.1 * float(np.max(prompt)))
        ax.set_xlabel("arrival time t on the release clock  [μs]  (pulse peak at 0.7 μs)")
        ax.set_ylabel("probability per μs  (per beam ν)")
        ax.legend(loc="upper right", frameon=True, framealpha=0.9, fontsize=8)
        self._text = ax.text(0.97, 0.45, "", transform=ax.transAxes, ha="right", va="top", fontsize=9,
                             bbox={"fc": "white", "ec": "0.8", "alpha": 0.9})
        animate(self.fig, self._window, self._text)  # what update moves

    def update(self, t_start_us: float, t_stop_us: float, text: str) -> None:
        """Move the listening window and rewrite its caption.

        Parameters
        ----------
        t_start_us, t_stop_us : float
            Window start and stop after the pulse [μs].
        text : str
            Caption (what the window keeps).
        """
        self._window.set_x(t_start_us)
        self._window.set_width(t_stop_us - t_start_us)
        self._text.set_text(text)
        self.fig.canvas.draw_idle()
