"""Kernel CPU of one frame of every panel (update + Agg render + PNG, as ipympl does it), DPR 1 and 2.

Targets (issue 14): ≤ 16 ms median (one 60 Hz frame) and ≤ 33 ms max at device-pixel-ratio 1. Each panel
is moved like a drag: a sweep of one or two controls back and forth, so every frame really changes.
The presenter dashboard's panels are measured as the dashboard builds them (projector style).
"""

from __future__ import annotations

from functools import cache

import numpy as np

BENCHMARKS: list = []  # this module reports a section (see run.py), not call timings


@cache
def _replica():
    from cevns_edu.experiment.replica import simulate_replica

    return simulate_replica(seed=2017)


@cache
def _fit():
    from cevns_edu.experiment.fit import fit_release

    return fit_release(_replica(), minos=False)


def _sweep(name, lo, hi, k=6, fmt=float):
    vals = list(np.linspace(lo, hi, k))
    return [{name: fmt(round(float(v), 4))} for v in vals + vals[-2:0:-1]]


def _w(module, cls, *args, **kwargs):
    def make():
        import importlib

        return getattr(importlib.import_module(f"cevns_edu.widgets.{module}"), cls)(*args, **kwargs)

    return make


def _presenter(key):
    def make():
        from cevns_edu.widgets.presenter import Dashboard

        return Dashboard(_replica()).panels[key]

    return make


def _argon():
    from cevns_edu.experiment.argon.replica import release_or_replica

    return release_or_replica()


def _two_detectors():
    # as notebook 08 builds it: both measured cross sections from the (replica) fits
    from cevns_edu.experiment.argon import xsec
    from cevns_edu.experiment.fit import fit_release
    from cevns_edu.widgets.argon import TwoDetectorsPanel

    ar, csi = _argon(), _replica()
    fit = fit_release(csi)
    s_csi = xsec.csi_measured_sigma(fit.n_cevns, fit.n_cevns_err)
    return TwoDetectorsPanel(xsec.argon_measured_sigma(ar), s_csi, is_simulated=True)


def _ranges(lo_pe, t_hi):
    return [{"pe_range": (lo_pe + 2 * (i % 3), 30), "t_range_us": (0.0, t_hi - 0.5 * (i % 4))} for i in range(6)]


PANELS = [
    ("00 NucleusCard (nucleus)", _w("coherence", "NucleusCardPanel"),
     [{"nucleus": n} for n in ("Pb208", "C12", "Ar40", "Xe132", "Ge76", "Cs133")]),
    ("01 NSquared (E)", _w("coherence", "NSquaredPanel"), _sweep("enu_mev", 10.0, 50.0)),
    ("01 ProcessComparison (E)", _w("coherence", "ProcessComparisonPanel"), _sweep("enu_mev", 10.0, 80.0)),
    ("02 RecoilSpectrum (E)", _w("form_factors", "RecoilSpectrumPanel"), _sweep("enu_mev", 10.0, 50.0)),
    ("02 FormFactor (E)", _w("form_factors", "FormFactorPanel"), _sweep("enu_mev", 10.0, 50.0)),
    ("02 NeutronRadius (R_n)", _w("form_factors", "NeutronRadiusPanel"), _sweep("rn_fm", 4.3, 6.2)),
    ("03 Flux (distance)", _w("source", "FluxPanel"), _sweep("distance_m", 10.0, 50.0)),
    ("03 TimeWindow (window)", _w("source", "TimeWindowPanel"),
     [{"window_us": (0.0, t)} for t in (1.0, 2.0, 3.0, 4.5, 6.0, 8.0, 6.0, 4.5, 3.0, 2.0)]),
    ("04 Detector (QF)", _w("detector", "DetectorPanel"), _sweep("qf", 0.06, 0.12)),
    ("05 Cuts (PE, time window)", lambda: __import__("cevns_edu.widgets.backgrounds", fromlist=["x"]).CutsPanel(
        _replica()), _ranges(4, 8.0)),
    ("06 ModelTerms (terms)", lambda: __import__("cevns_edu.widgets.fit", fromlist=["x"]).ModelTermsPanel(_fit()),
     [{"n_terms": k} for k in (1, 2, 3, 2)]),
    ("06 Refit (QF, cuts)", lambda: __import__("cevns_edu.widgets.fit", fromlist=["x"]).RefitPanel(_replica()),
     [dict(qf=0.08 + 0.002 * (i % 5), **r) for i, r in enumerate(_ranges(6, 6.0))]),
    ("07 NSI (ε_u)", lambda: __import__("cevns_edu.widgets.bsm", fromlist=["x"]).NSIPanel(_replica()),
     _sweep("eps_u", -0.3, 0.3)),
    ("07 MagneticMoment (μ_ν)", lambda: __import__("cevns_edu.widgets.bsm", fromlist=["x"]).MagneticMomentPanel(
        _replica()), _sweep("mu_nu_1e9", 0.5, 8.0)),
    ("07 WimpFloor (mass)", _w("bsm", "WimpFloorPanel"), _sweep("mass_gev", 5.0, 500.0)),
    ("08 DetectorQF (QF scale)", _w("argon", "DetectorQFPanel"), _sweep("qf_scale", 0.8, 1.2)),
    ("08 ArgonFit (shape nuisances)", lambda: __import__("cevns_edu.widgets.argon", fromlist=["x"]).ArgonFitPanel(
        _argon()), [{"shape_nuisances": b} for b in (False, True, False, True)]),
    ("08 TwoDetectors (flux scale)", _two_detectors, _sweep("flux_scale", 0.8, 1.2)),
    ("presenter NSquared (E)", _presenter("nsquared"), _sweep("enu_mev", 10.0, 50.0)),
    ("presenter TimeWindow (window)", _presenter("timing"),
     [{"window_us": (0.0, t)} for t in (1.0, 2.0, 3.0, 4.5, 6.0, 8.0, 6.0, 4.5, 3.0, 2.0)]),
    ("presenter ModelTerms (terms)", _presenter("excess"), [{"n_terms": k} for k in (1, 2, 3, 2)]),
]


def section(only: str | None = None) -> tuple[str, dict]:
    """Run the frame benchmark (called by run.py); returns ``("frames", results)``."""
    from _frames import run_frames

    return "frames", run_frames(PANELS, only=only)


if __name__ == "__main__":
    import os
    import sys

    os.environ.setdefault("MPLBACKEND", "Agg")
    section(sys.argv[1] if len(sys.argv) > 1 else None)
