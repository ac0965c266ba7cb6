"""Panels and figures for the CsI[Na] detector (notebook 04).

QF, light yield and threshold → photoelectron spectrum and predicted count with its uncertainty; the
quenching-factor picture; what moves the number.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as W
import numpy as np

from ..core.binning import PE_EDGES_1
from ..data import registry
from ..experiment.detector import DetectorModel, QFPoints, cevns_template, load_qf_points, predict, qf_shifted
from ..physics.cross_section import dsigma_dt_tree
from ..plotting.detector import PESpectrumPlot, QuenchingPlot
from .base import Panel

PUBLISHED = (173.0, 48.0)  # Akimov et al., Science 357, 1123 (2017)


def release_qf_points() -> list[QFPoints]:
    """Read the release's QF measurements (Chicago, TUNL) if the release is on this computer.

    Looks in ``$COHERENT2017_DIR`` and in the download cache (``cevns-edu data fetch``), where, as for
    every cached release file, only copies matching the official checksum are used.

    Returns
    -------
    list of QFPoints
        One entry per measurement, or ``[]`` when the files are not here.
    """
    env = os.environ.get(registry.DATA_DIR_ENV)
    if env:
        files = [Path(env) / name for name in registry.QF_FILES]
        if all(f.is_file() for f in files):
            return [load_qf_points(f) for f in files]
    cached = [registry.cache_dir() / name for name in registry.QF_FILES]
    if all(registry.is_verified(f) for f in cached):
        return [load_qf_points(f) for f in cached]
    return []


def quenching_figure(det: DetectorModel | None = None, slope_per_kevnr: float = 0.0008,
                     points: list[QFPoints] | None = None) -> QuenchingPlot:
    """Draw the release's QF band, an energy-dependent (linear) alternative and the measurements if present.

    Parameters
    ----------
    det : DetectorModel, optional
        Detector whose QF, uncertainty and reference energy are drawn; default ``DetectorModel()``.
    slope_per_kevnr : float
        Slope of the linear alternative [1/keVnr].
    points : list of QFPoints, optional
        Measurements to draw; default :func:`release_qf_points`.

    Returns
    -------
    QuenchingPlot
    """
    det = DetectorModel() if det is None else det
    t = np.linspace(3.0, 35.0, 65)
    lin = det.replace(qf_slope_per_kevnr=slope_per_kevnr)
    return QuenchingPlot(det.qf, det.qf_unc, t, lin.quenching(t), release_qf_points() if points is None else points,
                         model_label=f"energy-dependent: QF(T) = {det.qf} + {slope_per_kevnr:g}·(T − {det.qf_ref_kevnr:g} keV)")


def what_moves_the_number(det: DetectorModel | None = None, pe_range: tuple[float, float] = (6, 30)) -> list[tuple[str, float]]:
    """Predict the count (all times) under alternative modelling choices, baseline first.

    The rows: the inputs the 2017 paper used but an older calculation might not (protons on target from the
    beam energy at 1 GeV/proton instead of the published 1.76×10²³; tree-level instead of the PDG radiatively
    corrected weak charge), the PE-bin convention of the acceptance, the form factor, the acceptance plateau
    and an energy-dependent QF.

    Parameters
    ----------
    det : DetectorModel, optional
        The baseline detector; default ``DetectorModel()``.
    pe_range : tuple of float
        PE window [PE], (low, high).

    Returns
    -------
    list of (str, float)
        (modelling choice, predicted CEvNS events in the window).

    References
    ----------
    D. Akimov et al. (COHERENT), Science 357, 1123 (2017) (1.76×10²³ protons on target); PDG review "Electroweak
    model and constraints on new physics" (radiatively corrected ν–quark couplings).
    """
    det = DetectorModel() if det is None else det
    variants: list[tuple[str, DetectorModel, Any]] = [
        ("baseline (release conventions, Helm)", det, None),
        ("protons on target at 1 GeV/proton (1.68×10²³)", det.replace(proton_energy_gev=1.0), None),
        ("tree-level weak charge (no radiative corrections)", det, dsigma_dt_tree),
        ("acceptance at n PE instead of n − ½", det.replace(acceptance_shift_pe=0.0), None),
        ("acceptance at n + ½ PE", det.replace(acceptance_shift_pe=0.5), None),
        ("Klein–Nystrand form factor", det.replace(form_factor_model="klein-nystrand"), None),
        ("symmetrized-Fermi form factor", det.replace(form_factor_model="fermi"), None),
        ("no form factor (point nucleus)", det.replace(form_factor_model="none"), None),
        ("acceptance plateau a = 1 (perfect above threshold)", det.replace(acc_a=1.0), None),
        ("energy-dependent QF (+0.0008 per keVnr)", det.replace(qf_slope_per_kevnr=0.0008), None),
    ]
    return [(label, cevns_template(d, dsigma=ds).count(pe_range)) for label, d, ds in variants]


class DetectorPanel(Panel):
    """QF, light yield and threshold → accepted PE spectrum, predicted count in 6–30 PE and its uncertainty.

    The spectrum has a QF ± 1σ band; the count comes with its propagated uncertainty and the budget. An
    update makes ~12 templates (~0.5 ms each).
    """

    def __init__(self, qf: float = 0.0878, light_yield: float = 13.348, threshold_pe: float = 5.0,
                 pe_range: tuple[float, float] = (6.0, 30.0)) -> None:
        self.base = DetectorModel()
        self.pe_range = pe_range
        style = {"description_width": "150px"}
        lay = W.Layout(width="460px")
        controls = {
            "qf": W.FloatSlider(value=qf, min=0.04, max=0.14, step=0.0001, readout_format=".4f",
                                description="quenching factor", style=style, layout=lay),
            "light_yield": W.FloatSlider(value=light_yield, min=5.0, max=25.0, step=0.001, readout_format=".3f",
                                         description="light yield [PE/keVee]", style=style, layout=lay),
            "threshold_pe": W.FloatSlider(value=threshold_pe, min=0.0, max=12.0, step=0.5, readout_format=".1f",
                                          description="threshold [PE]", style=style, layout=lay),
        }
        super().__init__(controls, PESpectrumPlot(PE_EDGES_1, pe_range),
                         title="From recoils to photoelectrons: the predicted count",
                         try_this="move the QF from 0.0878 to 0.0712 (−1σ): how much does the count drop? Compare "
                                  "with a 1σ change of the light yield (0.019 PE/keVee — you cannot even see it). "
                                  "Then raise the threshold to 8 PE.")

    def compute(self, **params: Any) -> dict[str, Any]:
        """Compute the figure's data for one setting of the controls (one keyword per control).

        Parameters
        ----------
        qf : float
            Quenching factor (dimensionless, electron-equivalent over nuclear-recoil energy).
        light_yield : float
            Light yield [PE/keVee].
        threshold_pe : float
            Acceptance threshold [PE].

        Returns
        -------
        dict
            Keyword arguments of :meth:`PESpectrumPlot.update` and the prediction for the readout.

        Raises
        ------
        TypeError
            If a keyword is missing or unknown.
        """
        qf, light_yield, threshold_pe = self.take(params, "qf", "light_yield", "threshold_pe")
        det = self.base.replace(qf=float(qf), light_yield=float(light_yield), acc_threshold_pe=float(threshold_pe))
        tpl = cevns_template(det)
        d_lo, d_hi = qf_shifted(det)  # the band: the QF ±1σ of the budget, whose templates it reuses
        lo, hi = cevns_template(d_lo), cevns_template(d_hi)
        # the asymmetric budget; symmetrised per component for the bars
        pred = predict(det, pe_range=self.pe_range, template=tpl, templates={d_lo: lo, d_hi: hi})
        comps = dict(pred.components)
        n = tpl.count(self.pe_range)
        sigma = pred.uncertainty
        self._last = {"n": n, "sigma": sigma, "comps": comps, "all": float(tpl.total.sum()),
                      "prompt": tpl.count(self.pe_range, population="prompt"), "recoils": tpl.n_recoils}
        band_lo, band_hi = np.minimum(lo.pe_1, hi.pe_1), np.maximum(lo.pe_1, hi.pe_1)
        return {"total": tpl.pe_1, "prompt": tpl.pe_1_prompt, "delayed": tpl.pe_1_delayed, "raw": tpl.pe_1_raw,
                "band_lo": band_lo, "band_hi": band_hi, "acceptance": tpl.acceptance_1pe, "components": comps,
                "n": n, "title": f"predicted: {n:.0f} ± {sigma:.0f} events in {self.pe_range[0]:g}–{self.pe_range[1]:g} PE"}

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
        p, dp = PUBLISHED
        pull = (d["n"] - p) / dp
        return (f"<b>{d['n']:.0f} ± {d['sigma']:.0f}</b> CEvNS events with {self.pe_range[0]:g} ≤ PE < "
                f"{self.pe_range[1]:g} (prompt share {100 * d['prompt'] / max(d['n'], 1e-12):.0f}%); "
                f"{d['all']:.0f} accepted at any PE, out of {d['recoils']:.0f} nuclear recoils. "
                f"Published: {p:.0f} ± {dp:.0f} → difference {pull:+.1f}σ.")
