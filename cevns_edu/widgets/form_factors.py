"""Panels for kinematics and form factors (notebook 02).

The recoil spectrum with T_max, the form-factor models side by side, and the sensitivity of σ to the
neutron radius R_n.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W
import numpy as np

from ..bsm.neutron_radius import CADEDDU_2018
from ..physics.comparison import sigma_total_helm_radius
from ..physics.constants import HBARC_MEV_FM
from ..physics.cross_section import dsigma_dt
from ..physics.form_factors import FORM_FACTORS, form_factor, helm, helm_rms_radius_fm
from ..physics.kinematics import q_mev, t_max_kev
from ..physics.nuclei import get_nucleus
from ..plotting.form_factors import FormFactorPlot, NeutronRadiusPlot, RecoilSpectrumPlot
from .base import Panel
from .coherence import _fmt_sigma, energy_slider, nucleus_dropdown

NUCLEI = ("Cs133", "I127", "Xe132", "Ge76", "Ar40", "Na23", "Pb208")


class RecoilSpectrumPanel(Panel):
    """dσ/dT with and without the Helm form factor for a chosen neutrino energy and nucleus; T_max marked.

    The recoil grid is a fixed fraction grid u ∈ [0, 1] of T_max, so an update is one dσ/dT and one F²
    evaluation on 200 points (about a millisecond; see benchmarks/bench_foundation.py).
    """

    E_MIN, E_MAX, E_STEP = 5.0, 60.0, 0.1

    def __init__(self, nucleus: str = "Cs133", enu_mev: float = 29.8) -> None:
        self.u = np.linspace(0.0, 1.0, 200)
        controls = {
            "nucleus": nucleus_dropdown(nucleus, list(NUCLEI)),
            "enu_mev": energy_slider(enu_mev, self.E_MIN, self.E_MAX, self.E_STEP),
        }
        super().__init__(controls, RecoilSpectrumPlot(), title="Recoil spectrum: how hard does the nucleus get kicked?",
                         try_this="double E_ν from 15 to 30 MeV: T_max grows 4× (T_max ∝ E²). Then pick ⁴⁰Ar: "
                                  "lighter nuclei recoil harder but are suppressed less by the form factor.")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        nucleus : str
            Catalogue name of the target nucleus (e.g. ``"Cs133"``).
        enu_mev : float
            Neutrino energy [MeV].

        Returns
        -------
        dict
            Keyword arguments of :meth:`RecoilSpectrumPlot.update`.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        nucleus, enu_mev = self.take(params, "nucleus", "enu_mev")
        nuc = get_nucleus(nucleus)
        e = float(enu_mev)
        tmax = float(t_max_kev(e, nuc))
        t = self.u * tmax
        none = dsigma_dt(e, t, nuc, "none")
        f2 = form_factor(q_mev(t, nuc), nuc, "helm") ** 2
        ff = none * f2
        du = tmax * (self.u[1] - self.u[0])
        s_ff, s_none = float(np.trapezoid(ff) * du), float(np.trapezoid(none) * du)
        qmax = float(q_mev(tmax, nuc))
        self._last = {"nuc": nuc, "e": e, "tmax": tmax, "qmax": qmax, "s_ff": s_ff, "s_none": s_none}
        return {"t_kev": t, "dsdt_ff": ff, "dsdt_none": none, "t_max_kev": tmax, "mass_mev": nuc.mass_mev,
                "title": f"{nuc.label} at E_ν = {e:.1f} MeV"}

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
        r = helm_rms_radius_fm(d["nuc"].A)
        return (f"T<sub>max</sub> = 2E²/(M+2E) = <b>{d['tmax']:.3g} keV</b>; q<sub>max</sub> = √(2MT<sub>max</sub>) = "
                f"{d['qmax']:.3g} MeV; q<sub>max</sub>R = {d['qmax'] * r / HBARC_MEV_FM:.2f} (R = {r:.2f} fm).<br>"
                f"σ = area under the curve: {_fmt_sigma(d['s_ff'])} with the form factor, {_fmt_sigma(d['s_none'])} "
                f"without → the form factor removes {100 * (1 - d['s_ff'] / d['s_none']):.0f}%.")


class FormFactorPanel(Panel):
    """Helm, Klein–Nystrand, symmetrized Fermi and unity side by side vs q for a chosen nucleus.

    With the coherent region qR < 1 and the largest q at the chosen energy. Curves precomputed per nucleus.
    """

    E_MIN, E_MAX, E_STEP = 5.0, 60.0, 0.1

    def __init__(self, nucleus: str = "Cs133", enu_mev: float = 29.8) -> None:
        self.q = np.linspace(0.0, 300.0, 400)
        self._curves = {n: {m: form_factor(self.q, n, m) ** 2 for m in FORM_FACTORS} for n in NUCLEI}
        self._radius = {n: helm_rms_radius_fm(get_nucleus(n).A) for n in NUCLEI}
        controls = {
            "nucleus": nucleus_dropdown(nucleus, list(NUCLEI)),
            "enu_mev": energy_slider(enu_mev, self.E_MIN, self.E_MAX, self.E_STEP),
        }
        super().__init__(controls, FormFactorPlot(self.q), title="Form factors: where coherence fades",
                         try_this="for ¹³³Cs, slide E_ν down until the red q_max line enters the yellow qR < 1 band: "
                                  "below which energy is every recoil coherent? Then, at 29.8 MeV, compare ²³Na and "
                                  "²⁰⁸Pb: which keeps more of F²(q_max), and why?")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        nucleus : str
            Catalogue name of the target nucleus (e.g. ``"Cs133"``).
        enu_mev : float
            Neutrino energy [MeV].

        Returns
        -------
        dict
            Keyword arguments of :meth:`FormFactorPlot.update`.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        nucleus, enu_mev = self.take(params, "nucleus", "enu_mev")
        nuc = get_nucleus(nucleus)
        qmax = float(q_mev(t_max_kev(float(enu_mev), nuc), nuc))
        r = self._radius[nuc.name]
        f2_at = {m: float(form_factor(qmax, nuc, m) ** 2) for m in FORM_FACTORS}
        self._last = {"nuc": nuc, "qmax": qmax, "r": r, "f2": f2_at, "e": float(enu_mev)}
        return {"curves": self._curves[nuc.name], "q_max_mev": qmax, "radius_fm": r,
                "title": f"{nuc.label}; q_max at E_ν = {float(enu_mev):.1f} MeV"}

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
        vals = ", ".join(f"{m}: {v:.2f}" for m, v in d["f2"].items())
        return (f"{d['nuc'].label}: R = {d['r']:.2f} fm, qR = 1 at q = {HBARC_MEV_FM / d['r']:.0f} MeV; at "
                f"E<sub>ν</sub> = {d['e']:.1f} MeV, q<sub>max</sub> = {d['qmax']:.0f} MeV "
                f"(q<sub>max</sub>R = {d['qmax'] * d['r'] / HBARC_MEV_FM:.2f}).<br>F²(q<sub>max</sub>) — {vals}")


class NeutronRadiusPanel(Panel):
    """How σ at 29.8 MeV and 50 MeV depends on the neutron rms radius R_n.

    Helm form factor with that rms radius. The σ(R_n) curves are precomputed; an update evaluates F² on the
    q grid and reads two ratios.
    """

    RN_MIN, RN_MAX, RN_STEP = 4.0, 6.5, 0.01
    ENERGIES_MEV = (29.8, 50.0)

    def __init__(self, nucleus: str = "Cs133", rn_fm: float | None = None) -> None:
        self.nucleus = get_nucleus(nucleus)
        A = self.nucleus.A
        self.rn_default = helm_rms_radius_fm(A)
        if not self.RN_MIN < self.rn_default < self.RN_MAX:
            raise ValueError(f"nucleus {nucleus!r}: its Helm radius {self.rn_default:.2f} fm is outside the slider "
                             f"range {self.RN_MIN}–{self.RN_MAX} fm; use a heavy nucleus such as Cs133, I127, Xe132")
        self.q = np.linspace(0.0, 150.0, 300)
        self.rn_grid = np.round(np.arange(self.RN_MIN, self.RN_MAX + 1e-9, self.RN_STEP), 6)
        e = np.array(self.ENERGIES_MEV)
        self._sigma = np.array([sigma_total_helm_radius(e, self.nucleus, r) for r in self.rn_grid])  # (R, 2)
        # reference: the grid point nearest the Lewin–Smith radius (4.80 fm for ¹³³Cs; σ differs by < 0.2% from
        # sigma_total(E, nucleus, "helm") at the exact 4.8045 fm), so the slider's default reads exactly 1
        self.k_default = int(round((self.rn_default - self.RN_MIN) / self.RN_STEP))
        self._sigma_default = self._sigma[self.k_default]
        self._f2 = np.array([helm(self.q, A, r) ** 2 for r in self.rn_grid])                        # (R, q)
        ratios = self._sigma / self._sigma_default
        qmax = {float(x): float(q_mev(t_max_kev(x, self.nucleus), self.nucleus)) for x in self.ENERGIES_MEV}
        c, minus, plus = CADEDDU_2018  # Cadeddu et al., PRL 120, 072501 (2018): 5.5 (+0.9/−1.1) fm
        plot = NeutronRadiusPlot(self.q, helm(self.q, A) ** 2, self.rn_grid,
                                 {x: ratios[:, k] for k, x in enumerate(self.ENERGIES_MEV)}, qmax,
                                 rn_default_fm=float(self.rn_grid[self.k_default]), band_fm=(c - minus, c + plus, "COHERENT CsI fit (Cadeddu 2018)"),
                                 nucleus_label=self.nucleus.label)
        controls = {"rn_fm": W.FloatSlider(value=float(self.rn_grid[self.k_default]) if rn_fm is None else rn_fm,
                                           min=self.RN_MIN, max=self.RN_MAX, step=self.RN_STEP, readout_format=".2f",
                                           description="R_n [fm]", layout=W.Layout(width="420px"))}
        super().__init__(controls, plot, title=f"Neutron radius of {self.nucleus.label}: how much does σ care?",
                         try_this="move R_n from the default to 5.5 fm (Cadeddu et al.'s 2018 fit to COHERENT's CsI data; "
                                  "this course's own fit, notebook 07, gives ≈ 5.3 fm on the real release). Which "
                                  "energy's cross section changes more — 29.8 MeV or 50 MeV?")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        rn_fm : float
            Neutron rms radius R_n [fm].

        Returns
        -------
        dict
            Keyword arguments of :meth:`NeutronRadiusPlot.update`.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        (rn_fm,) = self.take(params, "rn_fm")
        k = int(round((float(rn_fm) - self.RN_MIN) / self.RN_STEP))
        ratios = self._sigma[k] / self._sigma_default
        self._last = {"rn": float(self.rn_grid[k]), "sigma": self._sigma[k], "ratios": ratios}
        return {"f2": self._f2[k], "rn_fm": float(self.rn_grid[k]), "ratios": tuple(float(r) for r in ratios)}

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
        parts = [f"σ({x:g} MeV) = {_fmt_sigma(s)} ({100 * (r - 1):+.1f}%)"
                 for x, s, r in zip(self.ENERGIES_MEV, d["sigma"], d["ratios"], strict=True)]
        return (f"R<sub>n</sub> = {d['rn']:.2f} fm (Lewin–Smith default {self.rn_grid[self.k_default]:.2f} fm): " + "; ".join(parts))
