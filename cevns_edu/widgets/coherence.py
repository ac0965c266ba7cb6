"""Panels for the coherence story: a nucleus card (00), σ ∝ N² (01), CEvNS vs other processes (01).

Every panel precomputes its grids at construction, so an update is an index lookup plus artist
mutation (timed by ``benchmarks/bench_foundation.py``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W
import numpy as np

from ..physics.comparison import COHERENT_CSI_MASS_KG, sigma_per_kg_cm2
from ..physics.cross_section import sigma_ibd, sigma_nu_e_elastic, sigma_total, weak_charge
from ..physics.nuclei import Nucleus, catalogue, get_nucleus
from ..plotting.coherence import NSquaredPlot, NucleusSketch, ProcessComparisonPlot
from .base import Panel

SNS_PROMPT_MEV = 29.8


def nucleus_options(names: list[str] | None = None) -> list[tuple[str, str]]:
    """List dropdown options ``(label, name)`` such as ``("¹³³Cs  (Z = 55, N = 78)", "Cs133")``.

    Parameters
    ----------
    names : list of str, optional
        Catalogue names to offer, in this order; default: the whole catalogue.

    Returns
    -------
    list of (str, str)
    """
    nuclei = [get_nucleus(n) for n in names] if names else list(catalogue().values())
    return [(f"{n.label}  (Z = {n.Z}, N = {n.N})", n.name) for n in nuclei]


def nucleus_dropdown(nucleus: str, names: list[str] | None = None, description: str = "nucleus") -> W.Dropdown:
    """Make a target-nucleus dropdown (options from :func:`nucleus_options`) set to ``nucleus``.

    Parameters
    ----------
    nucleus : str
        Initial nucleus (any name :func:`~cevns_edu.physics.nuclei.get_nucleus` accepts).
    names : list of str, optional
        Catalogue names to offer; default: the whole catalogue.
    description : str
        Label shown beside the dropdown.

    Returns
    -------
    ipywidgets.Dropdown
    """
    return W.Dropdown(options=nucleus_options(names), value=get_nucleus(nucleus).name, description=description)


def energy_slider(value: float, lo: float, hi: float, step: float = 0.5, description: str = "E_ν [MeV]") -> W.FloatSlider:
    """Make a neutrino-energy slider that cannot leave [lo, hi].

    Parameters
    ----------
    value : float
        Initial energy [MeV].
    lo, hi : float
        Range [MeV].
    step : float
        Step [MeV].
    description : str
        Label shown beside the slider.

    Returns
    -------
    ipywidgets.FloatSlider
    """
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=description, readout_format=".1f",
                         continuous_update=True, style={"description_width": "initial"},
                         layout=W.Layout(width="420px"))


def _fmt_sigma(s: float) -> str:
    """1.70×10⁻³⁸ cm² as HTML."""
    if s <= 0:
        return "0 cm²"
    exp = int(np.floor(np.log10(s)))
    return f"{s / 10**exp:.3g}×10<sup>{exp}</sup> cm²"


# --- 00: nucleus card --------------------------------------------------------------------------

class NucleusCardPanel(Panel):
    """Choose a nucleus → a sketch of its protons and neutrons, and N, Z, Q_W and σ at 29.8 MeV."""

    def __init__(self, nucleus: str = "Cs133", enu_mev: float = SNS_PROMPT_MEV) -> None:
        self.enu_mev = float(enu_mev)
        names = list(catalogue())
        self._sigma = {n: float(sigma_total(self.enu_mev, n)) for n in names}
        controls = {"nucleus": nucleus_dropdown(nucleus)}
        super().__init__(controls, NucleusSketch(), title="Meet a nucleus",
                         try_this="pick ¹²C, then ⁴⁰Ar, then ¹³³Cs. How much bigger is σ each time? "
                                  "Compare with the change in N².")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        nucleus : str
            Catalogue name of the target nucleus (e.g. ``"Cs133"``).

        Returns
        -------
        dict
            Keyword arguments of :meth:`NucleusSketch.update` (``Z``, ``N``, ``title``).

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        (nucleus,) = self.take(params, "nucleus")
        nuc = get_nucleus(nucleus)
        return {"Z": nuc.Z, "N": nuc.N, "title": f"{nuc.label}: {nuc.Z} protons + {nuc.N} neutrons"}

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
        nuc = get_nucleus(self.controls["nucleus"].value)
        qw = weak_charge(nuc)
        return (f"<b>{nuc.label}</b>: Z = {nuc.Z}, N = {nuc.N}, weak charge Q<sub>W</sub> = {qw:.2f} "
                f"(≈ N), σ({self.enu_mev:g} MeV) = {_fmt_sigma(self._sigma[nuc.name])}")


# --- 01: σ ∝ N² -------------------------------------------------------------------------------

class NSquaredPanel(Panel):
    """σ vs N for every nucleus in the catalogue with the N² line.

    Pick a nucleus, an energy and whether the nuclear form factor is included. All σ(E) are precomputed
    on the slider's grid.
    """

    E_MIN, E_MAX, E_STEP = 5.0, 60.0, 0.1

    def __init__(self, nucleus: str = "Cs133", enu_mev: float = SNS_PROMPT_MEV) -> None:
        self.nuclei: list[Nucleus] = sorted(catalogue().values(), key=lambda n: (n.N, n.Z))
        self.n = np.array([n.N for n in self.nuclei], dtype=float)
        self.qw = np.array([weak_charge(n) for n in self.nuclei])
        self.e_grid = np.round(np.arange(self.E_MIN, self.E_MAX + 1e-9, self.E_STEP), 6)
        self._sigma = {ff: np.array([sigma_total(self.e_grid, n, ff) for n in self.nuclei])  # (nuclei, E)
                       for ff in ("helm", "none")}
        self._index = {n.name: i for i, n in enumerate(self.nuclei)}
        # reference: point nucleus with Q_W = N (σ ≈ G_F² N² E²/(4π) for E ≪ M), for the heaviest nucleus
        heavy = self.nuclei[-1]
        self._reduced_ref = sigma_total(self.e_grid, heavy, "none", q_w=heavy.N) / (heavy.N**2 * self.e_grid**2) * 1e45
        controls = {
            "nucleus": nucleus_dropdown(nucleus, [n.name for n in self.nuclei]),
            "enu_mev": energy_slider(enu_mev, self.E_MIN, self.E_MAX, self.E_STEP),
            "form_factor": W.ToggleButtons(options=[("point nuclei (F = 1)", "none"), ("Helm form factor", "helm")],
                                           value="none", description="",
                                           style={"button_width": "auto", "description_width": "initial"}),
        }
        plot = NSquaredPlot(self.n, sigma_limits_cm2=(1e-42, 1e-36))
        super().__init__(controls, plot, title="Coherence: σ grows like N²",
                         try_this="pick ¹³³Cs, then ⁴⁰Ar: the neutron ratio is 78/22 ≈ 3.5 — is σ 3.5 or 12.6 times "
                                  "larger? Then switch on the Helm form factor and slide E_ν up to 60 MeV.")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        nucleus : str
            Catalogue name of the target nucleus (e.g. ``"Cs133"``).
        enu_mev : float
            Neutrino energy [MeV] (rounded to the panel's energy grid).
        form_factor : str
            Form-factor model name (``"none"``, ``"helm"``, ...).

        Returns
        -------
        dict
            Keyword arguments of :meth:`NSquaredPlot.update`.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        nucleus, enu_mev, form_factor = self.take(params, "nucleus", "enu_mev", "form_factor")
        j = int(round((float(enu_mev) - self.E_MIN) / self.E_STEP))
        e = float(self.e_grid[j])
        s = self._sigma[form_factor][:, j]
        i = self._index[get_nucleus(nucleus).name]
        coeff = float(np.exp(np.mean(np.log(s / self.n**2))))   # least-squares N² line in log space
        reduced = s / (self.n**2 * e**2) * 1e45
        ref = float(self._reduced_ref[j])
        self._last = {"sigma": float(s[i]), "nucleus": self.nuclei[i], "enu": e, "ff": form_factor, "coeff": coeff}
        return {"sigma_cm2": s, "line_coeff_cm2": coeff, "reduced": reduced, "reduced_ref": ref, "index": i,
                "label": self.nuclei[i].label,
                "title": f"E_ν = {e:.1f} MeV, " + ("Helm form factor" if form_factor == "helm" else "point nuclei")}

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
        nuc = d["nucleus"]
        ff = "Helm form factor" if d["ff"] == "helm" else "point nucleus"
        return (f"<b>{nuc.label}</b>: N = {nuc.N}, Z = {nuc.Z}, Q<sub>W</sub> = {weak_charge(nuc):.2f}; "
                f"σ({d['enu']:.1f} MeV, {ff}) = {_fmt_sigma(d['sigma'])}; "
                f"the N² line predicts {_fmt_sigma(d['coeff'] * nuc.N**2)}")


# --- 01: CEvNS vs IBD vs ν–e, and the detector mass ---------------------------------------------

class ProcessComparisonPanel(Panel):
    """σ(E) of CEvNS, IBD and ν_e–e from 1 to 100 MeV, and the detector mass for COHERENT's event rate.

    CEvNS on the chosen nucleus, IBD per proton and ν_e–e per electron; the masses give the event rate of
    COHERENT's 14.57 kg of CsI at the chosen energy.
    """

    E_MIN, E_MAX, E_STEP = 2.0, 100.0, 0.1
    NUCLEI = ("Cs133", "I127", "Xe132", "Ge76", "Ar40", "Na23", "C12")

    def __init__(self, nucleus: str = "Cs133", enu_mev: float = 15.0) -> None:
        self.curve_e = np.geomspace(1.0, 100.0, 300)
        self._cevns_curves = {n: sigma_total(self.curve_e, n) for n in self.NUCLEI}
        self.e_grid = np.round(np.arange(self.E_MIN, self.E_MAX + 1e-9, self.E_STEP), 6)
        self._cevns_at = {n: sigma_total(self.e_grid, n) for n in self.NUCLEI}
        self._ibd_at = sigma_ibd(self.e_grid)
        self._nue_at = sigma_nu_e_elastic(self.e_grid, "e")
        per_kg = np.array([sigma_per_kg_cm2(self.e_grid, "cevns", "CsI"),
                           sigma_per_kg_cm2(self.e_grid, "ibd", "water"),
                           sigma_per_kg_cm2(self.e_grid, "nu-e", "water")])
        with np.errstate(divide="ignore"):
            self._masses = np.where(per_kg > 0, COHERENT_CSI_MASS_KG * per_kg[0] / np.where(per_kg > 0, per_kg, 1),
                                    np.inf)   # (3, E)
        controls = {
            "nucleus": nucleus_dropdown(nucleus, list(self.NUCLEI), "CEvNS on"),
            "enu_mev": energy_slider(enu_mev, self.E_MIN, self.E_MAX, self.E_STEP),
        }
        plot = ProcessComparisonPlot(self.curve_e, sigma_ibd(self.curve_e), sigma_nu_e_elastic(self.curve_e, "e"))
        super().__init__(controls, plot, title="CEvNS has the largest cross section — kilograms, not tons",
                         try_this="put E_ν in the yellow supernova band (10–20 MeV): how many times larger is CEvNS "
                                  "on ¹³³Cs than IBD? Then slide to 29.8 MeV (the SNS prompt line) and read the "
                                  "detector masses on the right.")

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
            Keyword arguments of :meth:`ProcessComparisonPlot.update`.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        nucleus, enu_mev = self.take(params, "nucleus", "enu_mev")
        j = int(round((float(enu_mev) - self.E_MIN) / self.E_STEP))
        name = get_nucleus(nucleus).name
        sig = (float(self._cevns_at[name][j]), float(self._ibd_at[j]), float(self._nue_at[j]))
        masses = tuple(float(m) for m in self._masses[:, j])
        self._last = {"sigma": sig, "masses": masses, "enu": float(self.e_grid[j]), "label": get_nucleus(name).label}
        return {"cevns_cm2": self._cevns_curves[name], "enu_mev": float(self.e_grid[j]), "sigma_at_e": sig,
                "masses_kg": masses, "nucleus_label": get_nucleus(name).label}

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
        c, i, e = d["sigma"]
        ratio_ibd = f"{c / i:.3g}×" if i > 0 else "∞ (IBD below threshold)"
        m = d["masses"]
        m_ibd = f"{m[1]:.3g} kg" if np.isfinite(m[1]) else "impossible"
        return (f"At {d['enu']:.1f} MeV: σ<sub>CEvNS</sub>({d['label']}) = {_fmt_sigma(c)}, "
                f"σ<sub>IBD</sub> = {_fmt_sigma(i)}, σ<sub>νe</sub> = {_fmt_sigma(e)} → CEvNS/IBD = {ratio_ibd}, "
                f"CEvNS/νe = {c / e:,.0f}×.<br>Same event rate as {COHERENT_CSI_MASS_KG:g} kg of CsI: "
                f"{m_ibd} of water (IBD) or {m[2] / 1e3:.3g} t of water (ν–e).")
