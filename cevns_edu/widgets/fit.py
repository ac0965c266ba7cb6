"""Panels of notebook 06: the data banner, the model built term by term, and the live refit (QF and cuts)."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W
import numpy as np

from ..core.binning import WINDOW_US, region_mask
from ..data import Release
from ..experiment.detector import DetectorModel
from ..experiment.deviance import MU_FLOOR, half_deviance, xlogx
from ..experiment.fit import FitResult, build_inputs, cevns_signal, fit_inputs
from ..experiment.likelihood import FitInputs
from ..experiment.replica import display_source
from ..plotting.fit import _TERM_STYLE, ModelTerms, RefitFigure
from ..plotting.style import WARNING_TEXT
from .base import Panel
from .data_panel import fallback_html


def banner(release: Release) -> W.HTML:
    """Make a coloured banner saying REAL DATA or SIMULATED REPLICA and where the data come from.

    Parameters
    ----------
    release : Release
        The data release shown (real or simulated replica).

    Returns
    -------
    ipywidgets.HTML
    """
    sim = release.is_simulated
    color, bg = ("#8a4b00", "#fff1d6") if sim else ("#00502f", "#dcf5e8")
    note = (fallback_html(release) or "A seeded Poisson sample of the full model stands in for the real release, "
            "which was not found. Get the real data with <code>cevns-edu data fetch</code> (or set "
            "COHERENT2017_DIR) and re-run." if sim else "The COHERENT 2017 CsI[Na] data release.")
    return W.HTML(f'<div style="border:3px solid {color};background:{bg};color:{color};padding:8px 12px;'
                  f'font-size:1.25em"><b>{release.label}</b> — {html.escape(display_source(release))}<br>'
                  f'<span style="font-size:0.8em">{note}</span></div>')


class ModelTermsPanel(Panel):
    """Add the model's terms one at a time and watch the agreement with the data (χ²) improve."""

    def __init__(self, result: FitResult) -> None:
        lik = result.likelihood
        if lik is None:
            raise ValueError("result has no likelihood attached; pass a FitResult from fit_release or fit_inputs")
        best = [result.values[p] for p in lik.params]
        self._comps = lik.components(best)
        self._lik = lik
        self._best = np.array(best)
        plot = ModelTerms(lik.inputs.c_on, self._comps, lik.inputs.mask, label=result.label)
        names = [_TERM_STYLE[k][0].split(" (")[0] for k in plot.terms]
        options = [(names[0] if i == 0 else f"+ {names[i]}", i + 1) for i in range(len(names))]
        ctrl = W.ToggleButtons(options=options, value=len(names), style={"button_width": "auto"},
                               layout=W.Layout(width="auto"))
        self._order = plot.terms
        super().__init__({"n_terms": ctrl}, plot, title="The model, term by term",
                         try_this="start from the steady-state alone: where in time do the data sit above it? "
                                  "Then add the prompt neutrons, then CEvNS.")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        n_terms : int
            How many of the model's terms, in plotting order, are shown.

        Returns
        -------
        dict
            Keyword arguments of :meth:`ModelTerms.update` (``n_terms``, and ``chi2`` of that partial model)
            and the model and data counts for the readout.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        (n_terms,) = self.take(params, "n_terms")
        keep = set(self._order[:n_terms])
        mu = sum((v for k, v in self._comps.items() if k in keep), np.zeros(self._lik.inputs.mask.shape))
        mu = mu[self._lik.inputs.mask]
        k = self._lik.k_c
        chi2 = 2.0 * half_deviance(mu, k, xlogx(k))
        mu = np.maximum(mu, MU_FLOOR)
        return {"n_terms": n_terms, "chi2": chi2, "n_model": float(mu.sum()), "n_data": int(k.sum())}

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
        return (f"C beam-on in the window: <b>{r['n_data']}</b> events; model so far: <b>{r['n_model']:.0f}</b>; "
                f"Baker–Cousins χ² over the {self._lik.k_c.size} C bins: <b>{r['chi2']:.0f}</b>")


class RefitPanel(Panel):
    """Refit the data live while the quenching factor and the cuts (PE range, time window) change."""

    def __init__(self, release: Release, *, detector: DetectorModel | None = None, beam: str = "on") -> None:
        self.release = release
        self.det = detector or DetectorModel()
        self.beam = beam
        base = build_inputs(release, beam=beam, detector=self.det)
        self._base = base
        self._signal_cache: dict[float, np.ndarray] = {round(self.det.qf, 4): base.signal}
        style = {"description_width": "150px"}
        lay = W.Layout(width="520px")
        controls = {
            "qf": W.FloatSlider(value=round(self.det.qf, 4), min=0.04, max=0.14, step=0.002, readout_format=".3f",
                                description="quenching factor", style=style, layout=lay, continuous_update=True),
            "pe_range": W.IntRangeSlider(value=(6, 30), min=0, max=50, step=2, description="PE window",
                                         style=style, layout=lay),
            "t_range_us": W.FloatRangeSlider(value=(0.0, 6.0), min=0.0, max=WINDOW_US, step=0.5, readout_format=".1f",
                                             description="time window [μs]", style=style, layout=lay),
        }
        super().__init__(controls, RefitFigure(label=release.label), title="Refit with other choices",
                         try_this="shrink the time window to 0–1.5 μs (prompt only), or raise the PE threshold "
                                  "to 12: what happens to N and to the significance? Then move the QF — why does "
                                  "the SM prediction move so much more than the fitted N?")

    def _signal(self, qf: float) -> np.ndarray:
        key = round(float(qf), 4)
        if key not in self._signal_cache:
            self._signal_cache[key] = cevns_signal(self.release, self.det.replace(qf=key))
        return self._signal_cache[key]

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        qf : float
            Quenching factor of the CEvNS template (dimensionless).
        pe_range : tuple of float
            Analysis window in photoelectrons [PE], (low, high).
        t_range_us : tuple of float
            Analysis window in arrival time after the pulse [μs], (start, stop).

        Returns
        -------
        dict
            Keyword arguments of :meth:`RefitFigure.update` and the fit's numbers for the readout; for a
            window that selects no bin, ``{"error": message, "mask": None}``.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        qf, pe_range, t_range_us = self.take(params, "qf", "pe_range", "t_range_us")
        b = self._base
        try:
            mask = region_mask(pe_range[0], pe_range[1], t_range_us[0], t_range_us[1])
            # the fit's defaults: QF/acceptance shape nuisances and the steady-state slope nuisance (from the base)
            inputs = FitInputs(b.c_on, b.ac_on, self._signal(qf), b.steady_state, b.brn, mask, nin=b.nin,
                               brn_unc=b.brn_unc, signal_variations=b.signal_variations, ss_variation=b.ss_variation)
        except ValueError as exc:
            return {"error": str(exc), "mask": None}
        res = fit_inputs(inputs, minos=False, source=self.release.source, is_simulated=self.release.is_simulated,
                         beam=self.beam, pe_range=pe_range, t_range_us=t_range_us)
        assert res.likelihood is not None  # fit_inputs always attaches it
        comps = res.likelihood.components([res.values[p] for p in res.likelihood.params])
        neutrons = comps["brn"] + comps.get("nin", 0.0)
        sm = inputs.signal * mask + neutrons
        return {"result": res, "c": b.c_on, "ac": b.ac_on, "fitted": comps["cevns"] + neutrons, "sm": sm,
                "mask": mask, "title": f"window {pe_range[0]}–{pe_range[1]} PE, {t_range_us[0]:g}–{t_range_us[1]:g} μs,"
                                       f" QF = {qf:.3f}"}

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
        if "error" in r:
            return f'<span style="color:{WARNING_TEXT}">{html.escape(r["error"])}</span>'
        f = r["result"]
        return (f"fitted N<sub>CEvNS</sub> = <b>{f.n_cevns:.0f} ± {f.n_cevns_err:.0f}</b> &nbsp; "
                f"significance <b>{f.significance_sigma:.1f}σ</b> &nbsp; SM prediction in this window "
                f"<b>{f.sm_prediction:.0f}</b> &nbsp; (steady-state {f.n_steady_state:.0f}, prompt neutrons "
                f"{f.n_brn:.1f}; C {f.n_observed_c} / AC {f.n_observed_ac})")
