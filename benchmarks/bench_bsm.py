"""Notebook-07 timings: each data-driven scan (target < 2 s, cold: likelihood and templates built inside) and
each widget update (target 16 ms). Scans run on the simulated replica (same cost as the real data)."""

from __future__ import annotations

import numpy as np
from _common import panel_updates


def _replica():
    from cevns_edu.experiment.replica import simulate_replica

    return simulate_replica()


def _scan(fn_name: str):
    def make():
        from cevns_edu.bsm import magnetic_moment, neutron_radius, nsi, scans, weak_mixing

        rel = _replica()
        fns = {"nsi": nsi.nsi_scan, "sin2": weak_mixing.measure_sin2_theta_w,
               "mu": magnetic_moment.mu_nu_limit_scan, "rn": neutron_radius.fit_neutron_radius}

        def run():
            scans.hypothesis_likelihood.cache_clear()          # cold: rebuild the hypothesis likelihood each time
            return fns[fn_name](rel)
        return run
    return make


def _floor():
    def make():
        from cevns_edu.bsm import neutrino_floor as nf

        m = np.geomspace(1.0, 1000.0, 25)
        return lambda: nf.neutrino_floor(m)
    return make


def _w(name, *args):
    from cevns_edu.widgets import bsm

    return getattr(bsm, name)(*args)


BENCHMARKS = [
    ("07 NSI plane scan (cold, 161×161)", _scan("nsi"), 2000.0),
    ("07 sin²θ_W scan (cold)", _scan("sin2"), 2000.0),
    ("07 μ_ν limit scan (cold)", _scan("mu"), 2000.0),
    ("07 R_n scan (cold)", _scan("rn"), 2000.0),
    ("07 neutrino floor, 25 masses (Xe)", _floor(), 2000.0),
    ("07 NSIPanel.update", panel_updates(lambda: _w("NSIPanel", _replica()), {"eps_u": 0.2, "eps_d": -0.1},
                                  {"eps_u": -0.1, "eps_d": 0.3}), 16.0),
    ("07 MagneticMomentPanel.update", panel_updates(lambda: _w("MagneticMomentPanel", _replica()), {"mu_nu_1e9": 1.0},
                                             {"mu_nu_1e9": 6.0}), 16.0),
    ("07 WimpFloorPanel.update", panel_updates(lambda: _w("WimpFloorPanel"), {"mass_gev": 6.0, "sigma_cm2": 1e-45},
                                        {"mass_gev": 100.0, "sigma_cm2": 1e-48}), 16.0),
]
