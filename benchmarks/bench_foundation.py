"""Widget-update timings of notebooks 00–02 (target: 16 ms of Python per update, one frame at 60 Hz).

Each benchmark alternates between two parameter sets, so every timed call really changes the figure.
"""

from __future__ import annotations

from _common import panel_updates


def _w(name):
    from cevns_edu.widgets import coherence, form_factors

    return getattr(coherence, name, None) or getattr(form_factors, name)


BENCHMARKS = [
    ("00 NucleusCardPanel.update (nucleus)",
     panel_updates(lambda: _w("NucleusCardPanel")(), {"nucleus": "Pb208"}, {"nucleus": "C12"}), 16.0),
    ("01 NSquaredPanel.update (E, form factor)",
     panel_updates(lambda: _w("NSquaredPanel")(), {"enu_mev": 50.0, "form_factor": "helm"},
            {"enu_mev": 12.3, "form_factor": "none", "nucleus": "Ar40"}), 16.0),
    ("01 ProcessComparisonPanel.update (E, nucleus)",
     panel_updates(lambda: _w("ProcessComparisonPanel")(), {"enu_mev": 15.0}, {"enu_mev": 80.0, "nucleus": "Xe132"}), 16.0),
    ("02 RecoilSpectrumPanel.update (E, nucleus)",
     panel_updates(lambda: _w("RecoilSpectrumPanel")(), {"enu_mev": 50.0}, {"enu_mev": 12.0, "nucleus": "Ar40"}), 16.0),
    ("02 FormFactorPanel.update (E, nucleus)",
     panel_updates(lambda: _w("FormFactorPanel")(), {"enu_mev": 50.0}, {"enu_mev": 20.0, "nucleus": "Pb208"}), 16.0),
    ("02 NeutronRadiusPanel.update (R_n)",
     panel_updates(lambda: _w("NeutronRadiusPanel")(), {"rn_fm": 5.5}, {"rn_fm": 4.2}), 16.0),
]
