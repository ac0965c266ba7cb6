"""Timings of the source and detector code (notebooks 03–04) and of the template others build on.

Widget updates: target 16 ms (one frame at 60 Hz). ``cevns_template``: the fit and the QF refit widget
call it repeatedly, so it must take a few ms at most once the cross section is cached.
"""

from __future__ import annotations

import itertools

from _common import panel_updates


def _source(name):
    from cevns_edu.widgets import source

    return getattr(source, name)()


def _detector(name):
    from cevns_edu.widgets import detector

    return getattr(detector, name)()


def _template():
    from cevns_edu.experiment.detector import DetectorModel, cevns_template

    cevns_template()  # warm the cross-section cache
    # 40 distinct QFs > the 32-entry response memo: every call builds a new Poisson response
    dets = itertools.cycle([DetectorModel(qf=0.06 + 0.001 * i) for i in range(40)])
    return lambda: cevns_template(next(dets))


def _predict():
    from cevns_edu.experiment.detector import predict

    predict()
    return predict


def _cold_table():
    from cevns_edu.physics import rates

    def run():
        rates._table.cache_clear()
        rates.flux_averaged_table("CsI", "helm")
    return run


BENCHMARKS = [
    ("cevns_template (cached σ, new QF)", _template, 2.0),
    ("predict() incl. uncertainty propagation", _predict, 16.0),
    ("flux-averaged dσ/dT table, cold (CsI, Helm)", _cold_table, 100.0),
    ("03 FluxPanel.update (power, distance)",
     panel_updates(lambda: _source("FluxPanel"), {"beam_power_mw": 2.0, "distance_m": 30.0},
            {"beam_power_mw": 1.4, "distance_m": 19.3}), 16.0),
    ("03 TimeWindowPanel.update (window)",
     panel_updates(lambda: _source("TimeWindowPanel"), {"window_us": (0.0, 1.5)}, {"window_us": (0.5, 6.0)}), 16.0),
    ("04 DetectorPanel.update (QF, LY, threshold)",
     panel_updates(lambda: _detector("DetectorPanel"), {"qf": 0.0712, "threshold_pe": 8.0},
            {"qf": 0.0878, "light_yield": 13.3, "threshold_pe": 5.0}), 16.0),
]
