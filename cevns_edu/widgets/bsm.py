"""Panels and figure helpers for notebook 07 (what CEvNS is for).

Each panel precomputes its scan or curves at construction; an update is a table look-up plus a few artist
changes (< 16 ms, `make bench`).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ..bsm import halo, nsi, sterile
from ..bsm import magnetic_moment as mm
from ..bsm import neutrino_floor as nf
from ..bsm import neutron_radius as nr
from ..bsm import weak_mixing as wm
from ..bsm.scans import HypothesisLikelihood, Scan1D, hypothesis_likelihood
from ..data import Release
from ..experiment.detector import DetectorModel
from ..experiment.replica import release_or_replica
from ..physics import astro_sources as astro
from ..physics.cross_section import dsigma_dt, sigma_total
from ..physics.nuclei import get_nucleus
from ..physics.sources import E_MICHEL_MAX_MEV, FLAVORS, spectrum, spectrum_lines
from ..plotting import bsm as P
from .base import Panel


def likelihood_for(release: Release | None = None) -> HypothesisLikelihood:
    """Return the cached hypothesis likelihood of ``release``.

    Parameters
    ----------
    release : Release, optional
        The data; default: the real data if present, else the simulated replica.

    Returns
    -------
    HypothesisLikelihood
    """
    if release is None:
        release = release_or_replica()
    return hypothesis_likelihood(release)


def show(fig: Figure) -> W.VBox:
    """Wrap a static figure in an ipywidgets container, to display it without an auto-displayed canvas (RECIPES).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure made by :func:`cevns_edu.plotting.style.new_figure`.

    Returns
    -------
    ipywidgets.VBox
    """
    return W.VBox([fig.canvas])


def _slider(desc: str, lo: float, hi: float, step: float, value: float, fmt: str = ".2f") -> W.FloatSlider:
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=desc, readout_format=fmt,
                         continuous_update=True, style={"description_width": "initial"},
                         layout=W.Layout(width="420px"))


class NSIPanel(Panel):
    """Drag ε^uV_ee and ε^dV_ee: the predicted CsI count and the data's Δχ² follow."""

    LIMIT = 0.6

    def __init__(self, release: Release | None = None, n_grid: int = 121) -> None:
        self.hl = likelihood_for(release)
        g = np.linspace(-self.LIMIT, self.LIMIT, n_grid)
        self.scan = nsi.nsi_scan(self.hl, g, g)
        plot = P.NSIPlanePlot(self.scan, nsi.sm_branch("CsI", g), nsi.degenerate_branch("CsI", g))
        controls = {"eps_u": _slider("εᵘⱽ (ν_e)", -self.LIMIT, self.LIMIT, 0.01, 0.0),
                    "eps_d": _slider("εᵈⱽ (ν_e)", -self.LIMIT, self.LIMIT, 0.01, 0.0)}
        super().__init__(controls, plot, title="NSI: new ν_e–quark interactions change the weak charge",
                         try_this="move εᵘⱽ to +0.2, then find the εᵈⱽ that brings Δχ² back down. "
                                  "Does your pair sit on the dashed line? Now try εᵘⱽ = 0, εᵈⱽ ≈ 0.36.")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        eps_u : float
            NSI coupling ε^uV_ee of ν_e to u quarks (dimensionless, in units of G_F).
        eps_d : float
            NSI coupling ε^dV_ee of ν_e to d quarks (dimensionless).

        Returns
        -------
        dict
            Keyword arguments of :meth:`NSIPlanePlot.update` and the predicted count and Δχ² at the point.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        eps_u, eps_d = self.take(params, "eps_u", "eps_d")
        n, d = nsi.nsi_point(self.scan, eps_u, eps_d)
        return {"eps_u": eps_u, "eps_d": eps_d, "count": n, "dchi2": d}

    def readout_html(self, r: dict[str, Any]) -> str:
        """Summarise ``r`` (from :meth:`compute`) as HTML for the readout line.

        Parameters
        ----------
        r : dict
            What :meth:`compute` returned.

        Returns
        -------
        str
            HTML fragment.
        """
        verdict = "allowed" if r["dchi2"] < 4.61 else "excluded"
        return (f"predicted CEvNS events (6 ≤ PE < 30, t < 6 μs): <b>{r['count']:.0f}</b> (SM {self.scan.n_sm:.0f}); "
                f"Δχ² = <b>{r['dchi2']:.1f}</b> → {verdict} at 90% CL. <i>[{self.scan.label}]</i>")


class MagneticMomentPanel(Panel):
    """A neutrino magnetic moment adds a 1/T term: watch it rise at low recoil energy."""

    def __init__(self, release: Release | None = None) -> None:
        self.hl = likelihood_for(release)
        self.t = np.geomspace(0.05, 15.0, 220)
        self.weak = dsigma_dt(30.0, self.t, "Cs133")
        self.em_unit = mm.dsigma_dt_magnetic(30.0, self.t, "Cs133", mm.MU_REF)
        self.em_count = self.hl.count(mm.em_template(self.hl))
        self.scan = mm.mu_nu_limit_scan(self.hl)
        det = DetectorModel()
        thr = det.acc_threshold_pe / (det.light_yield * det.qf)
        controls = {"mu_nu_1e9": _slider("μ_ν [10⁻⁹ μ_B]", 0.0, 10.0, 0.1, 3.0, ".1f")}
        super().__init__(controls, P.MagneticMomentPlot(thr), title="Neutrino magnetic moment: a 1/T rise",
                         try_this="set μ_ν = 3 and find the recoil energy where the magnetic term overtakes the weak "
                                  "one. Halve μ_ν: how far does that crossing move? Why would a lower threshold help?")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        mu_nu_1e9 : float
            Neutrino magnetic moment μ_ν [10⁻⁹ μ_B].

        Returns
        -------
        dict
            Keyword arguments of :meth:`MagneticMomentPlot.update` and the fit's numbers for the readout.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        (mu_nu_1e9,) = self.take(params, "mu_nu_1e9")
        k2 = (mu_nu_1e9 * 1e-9 / mm.MU_REF) ** 2
        em = k2 * self.em_unit
        extra = k2 * self.em_count
        d = float(np.interp(mu_nu_1e9 * 1e-9, self.scan.values, self.scan.delta_chi2))
        return {"t_kev": self.t, "weak": self.weak, "em": em, "extra": extra, "dchi2": d, "mu": mu_nu_1e9}

    def readout_html(self, r: dict[str, Any]) -> str:
        """Summarise ``r`` (from :meth:`compute`) as HTML for the readout line.

        Parameters
        ----------
        r : dict
            What :meth:`compute` returned.

        Returns
        -------
        str
            HTML fragment.
        """
        lim = self.scan.upper_limit()
        return (f"extra events in the 2017 CsI window: <b>{r['extra']:.1f}</b> (SM {self.hl.n_sm:.0f}); Δχ² = "
                f"<b>{r['dchi2']:.1f}</b>. The data exclude μ_ν > {lim * 1e9:.1f}×10⁻⁹ μ_B (90% CL). "
                f"<i>[{self.scan.label}]</i>")


class WimpFloorPanel(Panel):
    """WIMP mass and cross section against the solar, atmospheric and supernova neutrino CEvNS spectra."""

    def __init__(self, target: str = "Xe", threshold_kev: float = 1.0) -> None:
        self.target = target
        self.thr = threshold_kev
        self.t = np.geomspace(0.01, 100.0, 240)
        self.nu = {s: nf.neutrino_recoil_spectrum(self.t, target, s) for s in astro.SOURCES}
        tt = np.geomspace(threshold_kev, 100.0, 200)
        self.n_nu = float(np.trapezoid(sum(nf.neutrino_recoil_spectrum(tt, target, s) for s in astro.SOURCES), tt))
        self.tt = tt
        self.floor_m = np.geomspace(3.0, 1000.0, 30)  # below ~3 GeV pp/⁷Be/CNO (not modelled) matter
        self.floor_s = nf.neutrino_floor(self.floor_m, target)
        plot = P.FloorPlot(self.t, self.nu, astro.LABELS, self.floor_m, self.floor_s)
        controls = {
            "mass_gev": W.FloatLogSlider(value=6.0, base=10, min=np.log10(3.0), max=3, step=0.02, description="WIMP mass [GeV]",
                                         readout_format=".3g", style={"description_width": "initial"},
                                         layout=W.Layout(width="420px")),
            "sigma_cm2": W.FloatLogSlider(value=4e-45, base=10, min=-50, max=-41, step=0.05,
                                          description="σ_SI [cm²]", readout_format=".1e",
                                          style={"description_width": "initial"}, layout=W.Layout(width="420px")),
        }
        super().__init__(controls, plot, title=f"The neutrino floor in a {target} WIMP detector",
                         try_this="set the mass to 6 GeV and lower σ until the WIMP curve hides under solar ⁸B. "
                                  "Then try 100 GeV: which neutrinos matter there, and at what σ?")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        mass_gev : float
            WIMP mass [GeV].
        sigma_cm2 : float
            WIMP–nucleon spin-independent cross section σ_SI [cm²].

        Returns
        -------
        dict
            Keyword arguments of :meth:`FloorPlot.update` and the rates for the readout.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        mass_gev, sigma_cm2 = self.take(params, "mass_gev", "sigma_cm2")
        w = halo.wimp_recoil_spectrum(self.t, mass_gev, sigma_cm2, self.target)
        n_w = float(np.trapezoid(np.interp(np.log(self.tt), np.log(self.t), w), self.tt))
        floor = float(np.exp(np.interp(np.log(mass_gev), np.log(self.floor_m), np.log(self.floor_s))))
        return {"t_kev": self.t, "wimp": w, "mass_gev": mass_gev, "sigma_cm2": sigma_cm2, "n_wimp": n_w,
                "floor": floor, "target_title": f"{self.target}: recoil spectra (perfect efficiency)"}

    def readout_html(self, r: dict[str, Any]) -> str:
        """Summarise ``r`` (from :meth:`compute`) as HTML for the readout line.

        Parameters
        ----------
        r : dict
            What :meth:`compute` returned.

        Returns
        -------
        str
            HTML fragment.
        """
        where = "above" if r["sigma_cm2"] > r["floor"] else "below"
        return (f"per tonne·year above {self.thr:g} keV: WIMP <b>{r['n_wimp']:.3g}</b> events, neutrinos "
                f"<b>{self.n_nu:.3g}</b>. This σ is {where} the (simplified) floor at this mass "
                f"({r['floor']:.1e} cm²).")


# --- static figures for the notebook -----------------------------------------------------------------

def sin2_figure(hl: HypothesisLikelihood) -> tuple[Figure, Scan1D]:
    """Draw sin²θ_W from the CsI rate beside the running prediction.

    Parameters
    ----------
    hl : HypothesisLikelihood
        The data's likelihood (see :func:`likelihood_for`).

    Returns
    -------
    fig : matplotlib.figure.Figure
    scan : Scan1D
        The Δχ² scan of sin²θ_W.
    """
    s = wm.measure_sin2_theta_w(hl)
    q = np.geomspace(1e-4, wm.M_Z_GEV, 200)
    q_cevns = wm.typical_q_mev("CsI", 15.0) * 1e-3
    fig = P.running_figure(q, wm.sin2_theta_w_running(q), wm.MEASUREMENTS, (q_cevns, s.best, s.interval_1sigma),
                           s.label)
    return fig, s


def rn_figure(hl: HypothesisLikelihood) -> tuple[Figure, Scan1D]:
    """Draw Δχ² of the Cs/I neutron radius with Cadeddu et al.'s published band.

    Parameters
    ----------
    hl : HypothesisLikelihood
        The data's likelihood (see :func:`likelihood_for`).

    Returns
    -------
    fig : matplotlib.figure.Figure
    scan : Scan1D
        The Δχ² scan of R_n [fm].
    """
    r = nr.fit_neutron_radius(hl)
    fig = P.scan_figure(r, xlabel="neutron rms radius R_n of Cs and I  [fm]", reference=nr.CADEDDU_2018,
                        reference_label="Cadeddu et al. 2018: 5.5 +0.9/−1.1 fm")
    return fig, r


def sterile_sensitivity_figure() -> Figure:
    """Draw how small a sin²2θ_μμ a CsI rate of given precision (30, 10, 5, 2 %) could exclude, vs Δm².

    Returns
    -------
    matplotlib.figure.Figure
    """
    dm2 = np.geomspace(0.1, 100.0, 400)
    curves = {f"{int(100 * u)}%": sterile.excluded_sin2_2theta(u, dm2) for u in (0.30, 0.10, 0.05, 0.02)}
    return P.sterile_figure(dm2, curves)


#: Where CEvNS has been seen since 2017 (for the N² plot): (label, material, annotation).
NEXT_TARGETS = (
    ("Na", "Na23", "COHERENT NaI[Tl]", (10, -14)),
    ("Ar", "Ar40", "COHERENT CENNS-10 2021, 3.5σ", (12, -12)),
    ("Ge", "Ge72", "COHERENT Ge; reactors Dresden-II, CONUS+", (12, -14)),
    ("I", "I127", "", (-14, 10)),
    ("Cs", "Cs133", "CsI 2017 6.7σ, 2022 11.6σ", (-20, 22)),
    ("Xe", "Xe132", "solar ⁸B (XENONnT, PandaX-4T)", (-30, 40)),
)


def sns_flux_averaged_sigma(nucleus: str) -> float:
    """Average the CEvNS cross section over the three π-DAR flavours (equal fluxes), Helm form factor.

    Parameters
    ----------
    nucleus : str
        Catalogue name of the nucleus (e.g. ``"Cs133"``).

    Returns
    -------
    float
        Flux-averaged total cross section per nucleus [cm²].
    """
    e = np.linspace(0.05, E_MICHEL_MAX_MEV, 300)
    out = 0.0
    for f in FLAVORS:
        lines = spectrum_lines(f)
        if lines:
            out += sum(frac * float(sigma_total(e0, nucleus)) for e0, frac in lines)
        else:
            out += float(np.trapezoid(spectrum(e, f) * sigma_total(e, nucleus), e))
    return out / len(FLAVORS)


def n2_targets_figure() -> Figure:
    """Draw the N² plot with the nuclei CEvNS has now been measured on (:data:`NEXT_TARGETS`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    pts = [(lab, get_nucleus(n).N, sns_flux_averaged_sigma(n), note, off) for lab, n, note, off in NEXT_TARGETS]
    return P.n2_figure(pts)


