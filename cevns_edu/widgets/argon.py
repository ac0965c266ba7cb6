"""Panels of notebook 08 (argon, and N² from two detectors), one idea each.

* :class:`DetectorQFPanel` — choose the detector (CsI[Na] or argon) and scale its quenching factor: the
  predicted spectrum and count move; published predictions for comparison.
* :class:`ArgonFitPanel` — the 3-D argon fit with and without the shape nuisances (both fits precomputed).
* :class:`TwoDetectorsPanel` — ⟨σ⟩ of CsI and argon against N², and their ratio, as the assumed neutrino flux
  moves: both measurements shift together, the ratio does not.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W
import numpy as np

from ..core.binning import PE_EDGES_1, PE_MAX, PE_MIN
from ..data.cenns10 import (
    E_CENTERS_KEVEE,
    E_EDGES_KEVEE,
    F90_CENTERS,
    F90_EDGES,
    T_CENTERS_US,
    T_EDGES_US,
)
from ..experiment.argon import xsec
from ..experiment.argon.fit import fit_argon
from ..experiment.argon.model import ArgonDetector, energy_spectra, time_fractions
from ..experiment.detector import DetectorModel, cevns_template
from ..plotting.argon import ArgonFitPlot, CrossSectionN2Plot, SpectrumQFPlot
from .base import Panel

#: Published SM predictions (for comparison only): CsI[Na] Science 357, 1123 (2017); argon PRL 126, 012002 (2021).
PUBLISHED_PREDICTION = {"CsI": (173.0, 48.0), "Ar": (128.0, 17.0)}
DETECTORS = (("CsI[Na] (2017)", "CsI"), ("argon (CENNS-10)", "Ar"))
#: Targets drawn on the N² plot (Standard-Model ⟨σ⟩ over the SNS flux).
N2_TARGETS = ("Ar", "Ge", "NaI", "CsI", "Xe")


def _prefix(is_simulated: bool) -> str:
    return "SIMULATED REPLICA — " if is_simulated else ""


class DetectorQFPanel(Panel):
    """Choose the detector and scale its quenching factor (QF): spectrum and predicted count follow.

    Parameters
    ----------
    argon : ArgonDetector, optional
        The argon detector (default: the release's parameters, release-free efficiency).
    """

    def __init__(self, argon: ArgonDetector | None = None) -> None:
        self.csi = DetectorModel()
        self.argon = argon or ArgonDetector()
        self._nominal = {"CsI": self._spectrum("CsI", 1.0), "Ar": self._spectrum("Ar", 1.0)}
        controls = {
            "detector": W.ToggleButtons(options=DETECTORS, value="Ar", description="detector"),
            "qf_scale": W.FloatSlider(value=1.0, min=0.7, max=1.3, step=0.01, readout_format=".2f",
                                      description="QF × ", layout=W.Layout(width="420px")),
        }
        # one y scale per detector over the whole slider, so the spectrum moves against fixed axes
        q = controls["qf_scale"]
        self._ymax = {d: 1.15 * max(float(np.max(self._nominal[d][0])),
                                    *(float(np.max(self._spectrum(d, s)[0])) for s in (q.min, q.max)))
                      for d in ("CsI", "Ar")}
        super().__init__(controls, SpectrumQFPlot(), title="Same neutrinos, two detectors: the quenching factor",
                         try_this="lower the QF by 10% (0.90) for argon, then for CsI[Na]: which count drops more, "
                                  "and why? (Where does each spectrum sit with respect to its threshold?)")

    def _spectrum(self, detector: str, scale: float) -> tuple[np.ndarray, float]:
        if detector == "CsI":
            tpl = cevns_template(self.csi.replace(qf=self.csi.qf * scale))
            return np.asarray(tpl.pe_1, float), float(tpl.count((PE_MIN, PE_MAX)))
        det = self.argon.replace(qf_a=self.argon.qf_a * scale, qf_b_per_kevnr=self.argon.qf_b_per_kevnr * scale)
        e, t = energy_spectra(det), time_fractions(det)
        spec = sum(e[p] * t[p].sum() for p in e)
        return np.asarray(spec, float), float(np.sum(spec))

    def compute(self, **params: Any) -> dict[str, Any]:
        """``params``: ``detector`` ("CsI" or "Ar") and ``qf_scale`` (multiplies the QF; 0.7–1.3)."""
        detector, scale = self.take(params, "detector", "qf_scale")
        if detector not in ("CsI", "Ar"):
            raise ValueError(f"detector must be 'CsI' or 'Ar', got {detector!r}")
        if not 0.7 <= float(scale) <= 1.3:
            raise ValueError(f"qf_scale must be between 0.7 and 1.3, got {scale!r}")
        spec, n = self._spectrum(detector, float(scale))
        nom, n0 = self._nominal[detector]
        if detector == "CsI":
            edges, window, xmax = PE_EDGES_1, (PE_MIN, PE_MAX), None
            xlabel, qf = "detected photoelectrons [PE]", f"QF = {self.csi.qf * scale:.4f}"
        else:
            edges, window, xmax = E_EDGES_KEVEE, (0.0, 0.0), 60.0      # argon: every bin is fitted, no window
            xlabel = "reconstructed energy [keVee]"
            qf = f"QF = {self.argon.qf_a * scale:.3f} + {self.argon.qf_b_per_kevnr * scale:.5f}·T"
        self._last = {"detector": detector, "n": n, "n0": n0, "qf": qf}
        return {"edges": edges, "nominal": nom, "current": spec, "window": window, "xlabel": xlabel, "xmax": xmax,
                "ymax": self._ymax[detector],
                "title": f"{dict((v, k) for k, v in DETECTORS)[detector]}: expected CEvNS events (count in the readout)"}

    def readout_html(self, result: dict[str, Any]) -> str:
        """Predicted count, its change from nominal, and the published prediction."""
        d = self._last
        p, dp = PUBLISHED_PREDICTION[d["detector"]]
        return (f"{d['qf']}: <b>{d['n']:.0f}</b> predicted CEvNS events ({100 * (d['n'] / d['n0'] - 1):+.0f}% "
                f"from the nominal {d['n0']:.0f}); published prediction {p:.0f} ± {dp:.0f}.")


def _projections(a: np.ndarray) -> list[np.ndarray]:
    """Energy, F90 and time projections of a (12, 8, 10) array."""
    return [a.sum(axis=(1, 2)), a.sum(axis=(0, 2)), a.sum(axis=(0, 1))]


class ArgonFitPanel(Panel):
    """The 3-D argon fit in its three projections, with or without the ±1σ shape nuisances profiled.

    Parameters
    ----------
    release : ArgonRelease
        Real data or the labelled replica (both fits are made once, here).
    """

    def __init__(self, release) -> None:
        self.release = release
        self.fits = {flag: fit_argon(release, shape_nuisances=flag) for flag in (False, True)}
        controls = {"shape_nuisances": W.Checkbox(value=False, description="profile the shape nuisances",
                                                  indent=False)}
        plot = ArgonFitPlot((E_EDGES_KEVEE, F90_EDGES, T_EDGES_US), (E_CENTERS_KEVEE, F90_CENTERS, T_CENTERS_US))
        super().__init__(controls, plot, title=f"{_prefix(release.is_simulated)}The argon fit: 960 bins, three views",
                         try_this="tick the box: the background shapes may now bend within their ±1σ variations. "
                                  "Does the CEvNS count move? Does its error grow?")

    def compute(self, **params: Any) -> dict[str, Any]:
        """``params``: ``shape_nuisances`` (bool)."""
        (flag,) = self.take(params, "shape_nuisances")
        res = self.fits[bool(flag)]
        lik = res.likelihood
        assert lik is not None  # fit_argon always attaches its likelihood
        best = np.array([res.values[p] for p in lik.params])
        per_bin = best[: lik.nc, None] * lik.shapes(best[lik.nc:])      # fitted events per bin, by component
        shape = self.release.counts.shape
        shaped = {c: _projections(per_bin[i].reshape(shape)) for i, c in enumerate(lik.components)}
        self._last = {"res": res}
        return {"data": _projections(np.asarray(self.release.counts, float)), "components": shaped,
                "title": f"{_prefix(res.is_simulated)}the fitted model in three views (N and σ in the readout)"}

    def readout_html(self, result: dict[str, Any]) -> str:
        """N, its MINOS errors, Z, χ²; the published result beside it."""
        r = self._last["res"]
        return (f"[{r.label}] N<sub>CEvNS</sub> = <b>{r.n_cevns:.0f}</b> −{r.n_cevns_err_lo:.0f} "
                f"+{r.n_cevns_err_hi:.0f}, significance <b>{r.significance_sigma:.1f}σ</b>, χ²/ndof = "
                f"{r.chi2:.0f}/{r.ndof}. Published (PRL 126, 012002): 159 ± 43 events, 3.5σ.")


class TwoDetectorsPanel(Panel):
    """⟨σ⟩ of CsI[Na] and argon against ⟨N²⟩, and σ_Ar/σ_CsI, as the assumed neutrino flux is scaled.

    Parameters
    ----------
    argon : MeasuredSigma
        :func:`cevns_edu.experiment.argon.xsec.argon_measured_sigma` of the argon data (or replica).
    csi : MeasuredSigma
        :func:`cevns_edu.experiment.argon.xsec.csi_measured_sigma` of the CsI fit.
    is_simulated : bool
        Whether either measurement comes from a simulated replica (labels say so).
    """

    def __init__(self, argon: xsec.MeasuredSigma, csi: xsec.MeasuredSigma, *, is_simulated: bool) -> None:
        self.meas = {"Ar": argon, "CsI": csi}
        self.n2 = {k: xsec.mean_n_squared(k) for k in self.meas}
        self.ratio = xsec.sigma_ratio(argon, csi)
        self.is_simulated = is_simulated
        targets = {k: (xsec.mean_n_squared(k), xsec.sm_flux_averaged_sigma_cm2(k)) for k in N2_TARGETS}
        plot = CrossSectionN2Plot(targets, flux_rel_err=argon.rel_err_flux, n2_ratio=self.ratio.n2_ratio,
                                  sm_ratio=self.ratio.sm_ratio)
        controls = {"flux_scale": W.FloatSlider(value=1.0, min=0.8, max=1.2, step=0.01, readout_format=".2f",
                                                description="assumed ν flux ×", style={"description_width": "initial"},
                                                layout=W.Layout(width="420px"))}
        super().__init__(controls, plot, title=f"{_prefix(is_simulated)}N² from two detectors",
                         try_this="pretend the SNS makes 10% more neutrinos than assumed (1.10): both measured "
                                  "cross sections drop — and the ratio on the right does not move.")

    def compute(self, **params: Any) -> dict[str, Any]:
        """``params``: ``flux_scale`` (assumed neutrino flux relative to the nominal 0.08 / 0.09 ν per proton)."""
        (scale,) = self.take(params, "flux_scale")
        scale = float(scale)
        if not 0.8 <= scale <= 1.2:
            raise ValueError(f"flux_scale must be between 0.8 and 1.2, got {scale!r}")
        sigma = {k: m.sigma_cm2 / scale for k, m in self.meas.items()}
        err = {k: sigma[k] * m.rel_err_without_flux for k, m in self.meas.items()}
        ratio = sigma["Ar"] / sigma["CsI"]
        self._last = {"sigma": sigma, "err": err, "ratio": ratio, "scale": scale}
        return {"n2": self.n2, "sigma": sigma, "sigma_err": err, "ratio": ratio, "ratio_err": self.ratio.error,
                "title": f"{_prefix(self.is_simulated)}measured ⟨σ⟩ (error bars without the flux uncertainty)"}

    def readout_html(self, result: dict[str, Any]) -> str:
        """Both cross sections, the ratio and what it is compared with."""
        d, r = self._last, self.ratio
        return (f"⟨σ⟩<sub>CsI</sub> = <b>{d['sigma']['CsI']:.2e}</b> cm², ⟨σ⟩<sub>Ar</sub> = "
                f"<b>{d['sigma']['Ar']:.2e}</b> cm² (error bars without the flux). Ratio σ<sub>Ar</sub>/σ<sub>CsI</sub> "
                f"= <b>{d['ratio']:.3f} ± {r.error:.3f}</b>; N² law {r.n2_ratio:.3f}, Standard Model {r.sm_ratio:.3f}.")
