"""Panels and figures for the SNS source (notebook 03).

Spectra, context sources, flux vs beam power and distance, and the beam-timing window with its duty factor.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W
import numpy as np

from ..core.binning import WINDOW_US
from ..physics import astro_sources as A
from ..physics import context_sources as X
from ..physics import sources as S
from ..physics.cross_section import sigma_total
from ..physics.nuclei import get_nucleus
from ..physics.run2017 import DISTANCE_M
from ..plotting.source import ContextSourcesPlot, FluxDistancePlot, SnsSpectraPlot, TimeWindowPlot
from .base import Panel


def figure_widget(plot: Any) -> W.VBox:
    """Wrap a static figure in a displayable widget (no auto-displayed canvas).

    Parameters
    ----------
    plot : object
        A plotting object with a ``fig`` attribute.

    Returns
    -------
    ipywidgets.VBox
    """
    return W.VBox([plot.fig.canvas])


def sns_spectra_figure(nucleus: str = "Cs133") -> SnsSpectraPlot:
    """Draw the π-DAR spectra and the spectra weighted by σ_CEvNS (static figure).

    Parameters
    ----------
    nucleus : str
        Catalogue name of the target nucleus (e.g. ``"Cs133"``).

    Returns
    -------
    SnsSpectraPlot
    """
    nuc = get_nucleus(nucleus)
    e = np.linspace(0.0, 60.0, 601)
    spectra = {f: S.spectrum(e, f) for f in ("nue", "numubar")}
    sig = sigma_total(e, nuc)
    weighted = {f: spectra[f] * sig for f in spectra}
    return SnsSpectraPlot(e, spectra, S.E_PROMPT_MEV, weighted, float(sigma_total(S.E_PROMPT_MEV, nuc)), nuc.label)


def context_sources_figure(nucleus: str = "Cs133") -> ContextSourcesPlot:
    """Draw reactor, solar ⁸B, SNS and supernova fluxes beside σ_CEvNS(E) (static figure).

    Parameters
    ----------
    nucleus : str
        Catalogue name of the target nucleus (e.g. ``"Cs133"``).

    Returns
    -------
    ContextSourcesPlot
    """
    nuc = get_nucleus(nucleus)
    e = np.geomspace(1.0, 80.0, 600)
    sns = S.flux_per_cm2_s(20.0) * (S.spectrum(e, "nue") + S.spectrum(e, "numubar"))
    fluxes = {"reactor": X.reactor_flux_per_cm2_s_mev(e, 3.0, 20.0), "solar": A.solar_b8_flux_per_cm2_s_mev(e),
              "sns": sns, "supernova": X.supernova_fluence_per_cm2_mev(e, "nuebar", 10.0) / 10.0}
    ee = np.linspace(2.0, 8.0, 400)
    means = {"reactor": float(np.trapezoid(ee * X.reactor_spectrum(ee), ee) / np.trapezoid(X.reactor_spectrum(ee), ee)),
             "solar": A.B8_MEAN_ENERGY_MEV, "supernova": X.SUPERNOVA_MEAN_ENERGY_MEV["nuebar"],
             "sns": 0.5 * (S.mean_energy_mev("nue") + S.mean_energy_mev("numubar"))}
    return ContextSourcesPlot(e, fluxes, e, sigma_total(e, nuc), means, nuc.label)


class FluxPanel(Panel):
    """Beam power, proton energy and distance → π-DAR flux (all three flavours), with the solar ⁸B flux.

    The solar flux gives the scale. One update evaluates N r/(4πL²) on 200 distances.
    """

    def __init__(self, beam_power_mw: float = S.SNS_BEAM_POWER_MW, proton_energy_gev: float = 1.0,
                 distance_m: float = DISTANCE_M) -> None:
        self.d = np.linspace(5.0, 60.0, 200)
        controls = {
            "beam_power_mw": W.FloatSlider(value=beam_power_mw, min=0.1, max=2.8, step=0.1, readout_format=".1f",
                                           description="power [MW]", style={"description_width": "110px"},
                                           layout=W.Layout(width="420px")),
            "proton_energy_gev": W.FloatSlider(value=proton_energy_gev, min=0.5, max=1.5, step=0.05,
                                               readout_format=".2f", description="proton E [GeV]",
                                               style={"description_width": "110px"}, layout=W.Layout(width="420px")),
            "distance_m": W.FloatSlider(value=distance_m, min=5.0, max=60.0, step=0.1, readout_format=".1f",
                                        description="distance [m]", style={"description_width": "110px"},
                                        layout=W.Layout(width="420px")),
        }
        plot = FluxDistancePlot(self.d, reference=(A.B8_FLUX_PER_CM2_S, "solar ⁸B ν on Earth (5.5×10⁶)"))
        super().__init__(controls, plot, title="How many neutrinos reach the detector?",
                         try_this="double the distance: the flux drops 4×. Then keep the power fixed and raise the "
                                  "proton energy — fewer protons per second, so fewer neutrinos (0.08 per proton "
                                  "is held fixed here; in reality it grows a little with energy).")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        beam_power_mw : float
            Proton beam power [MW].
        proton_energy_gev : float
            Proton kinetic energy [GeV].
        distance_m : float
            Distance from the target [m].

        Returns
        -------
        dict
            Keyword arguments of :meth:`FluxDistancePlot.update` and the rates for the readout.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        beam_power_mw, proton_energy_gev, distance_m = self.take(params, "beam_power_mw", "proton_energy_gev",
                                                                 "distance_m")
        per_flavor = S.flux_per_cm2_s(self.d, beam_power_mw, proton_energy_gev)
        at = float(S.total_flux_per_cm2_s(distance_m, beam_power_mw, proton_energy_gev))
        pps = S.protons_per_second(beam_power_mw, proton_energy_gev)
        self._last = {"flux": at, "pps": pps, "ppp": pps / S.SNS_REP_RATE_HZ, "d": float(distance_m)}
        return {"flux": 3 * per_flavor, "distance_m": float(distance_m), "flux_at": at}

    def readout_html(self, result: dict[str, Any]) -> str:
        """Summarise ``result`` (from :meth:`compute`) as HTML for the readout line.

        Parameters
        ----------
        result : dict
            What :meth:`compute` returned.

        Returns
        -------
        str
            HTML fragment.
        """
        d = self._last
        return (f"{d['pps']:.2e} protons/s ({d['ppp']:.2e} per pulse at 60 Hz) × 0.08 ν per flavour → "
                f"<b>Φ = {d['flux']:.2e} ν cm⁻² s⁻¹</b> at {d['d']:.1f} m (three flavours; "
                f"{d['flux'] / 3:.2e} each), {d['flux'] / A.B8_FLUX_PER_CM2_S:.1f}× the solar ⁸B flux.")


class TimeWindowPanel(Panel):
    """Choose the listening window after each pulse: how much signal it keeps, how much background it lets in.

    Signal: the prompt and delayed neutrinos; background: steady-state, in proportion to the duty factor
    60 Hz × window.
    """

    def __init__(self, window_us: tuple[float, float] = (0.0, 6.0)) -> None:
        t = np.linspace(0.0, WINDOW_US, 1201)
        self._share = {"prompt": 1 / 3, "delayed": 2 / 3}
        prompt = self._share["prompt"] * S.arrival_time_density(t, "prompt")
        delayed = self._share["delayed"] * S.arrival_time_density(t, "delayed")
        pulse = S.pulse_density(t) / 3
        # flat background drawn at the level of the delayed tail at 6 μs, for the eye (arbitrary units)
        steady = float(self._share["delayed"] * S.arrival_time_density(6.0, "delayed"))
        controls = {"window_us": W.FloatRangeSlider(value=window_us, min=0.0, max=WINDOW_US, step=0.1, readout_format=".1f",
                                                    description="window [μs]", layout=W.Layout(width="480px"))}
        super().__init__(controls, TimeWindowPlot(t, pulse, prompt, delayed, steady),
                         title="The beam clock: listen only when neutrinos can arrive",
                         try_this="shrink the window to 0–1.5 μs: you keep almost all prompt ν_μ and shut out 75 % "
                                  "of the background left by the 0–6 μs window (1 − 1.5/6). Then widen it to 0–12 μs: the last "
                                  "few % of delayed neutrinos cost you twice the background.")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        window_us : tuple of float
            Listening window (start, stop) after the pulse [μs].

        Returns
        -------
        dict
            Keyword arguments of :meth:`TimeWindowPlot.update` and the kept fractions for the readout.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        (window_us,) = self.take(params, "window_us")
        t0, t1 = (float(x) for x in window_us)
        if not t1 > t0:
            t1 = t0 + 0.1
        fp = S.fraction_in_window(t0, t1, "prompt")
        fd = S.fraction_in_window(t0, t1, "delayed")
        duty = S.duty_factor(t1 - t0)
        self._last = {"t0": t0, "t1": t1, "fp": fp, "fd": fd, "all": self._share["prompt"] * fp +
                      self._share["delayed"] * fd, "duty": duty, "pulse_duty": S.duty_factor()}
        text = (f"window {t0:.1f}–{t1:.1f} μs\nprompt kept: {100 * fp:.0f}%\ndelayed kept: {100 * fd:.0f}%\n"
                f"listening {duty:.1e} of the time")
        return {"t_start_us": t0, "t_stop_us": t1, "text": text}

    def readout_html(self, result: dict[str, Any]) -> str:
        """Summarise ``result`` (from :meth:`compute`) as HTML for the readout line.

        Parameters
        ----------
        result : dict
            What :meth:`compute` returned.

        Returns
        -------
        str
            HTML fragment.
        """
        d = self._last
        return (f"Window {d['t0']:.1f}–{d['t1']:.1f} μs after each pulse keeps <b>{100 * d['all']:.1f}%</b> of all "
                f"beam neutrinos. The detector listens 60 × {d['t1'] - d['t0']:.1f} μs per second: duty factor "
                f"<b>{d['duty']:.2e}</b>, so steady-state background is cut by a factor "
                f"<b>{1 / d['duty']:,.0f}</b> compared with counting all the time. (The proton pulse alone, "
                f"{1e3 * S.PULSE_FULL_WIDTH_US:.0f} ns wide, gives {d['pulse_duty']:.1e}.)")
