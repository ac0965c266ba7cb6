"""Benchmarks of issue 4: the cut-explorer update (target 16 ms), loading the release, simulating a replica."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "coherent2017"


def _cuts_update():

    from cevns_edu.experiment.replica import simulate_replica
    from cevns_edu.widgets.backgrounds import CutsPanel

    panel = CutsPanel(simulate_replica())
    state = {"i": 0}

    def run():
        state["i"] = (state["i"] + 1) % 12
        panel.update(pe_range=(6, 30), t_range_us=(0.0, 6.0 + 0.5 * state["i"]))
    return run


def _load_release():
    from cevns_edu.data import load_release

    if not SHARED.is_dir():
        return lambda: None
    return lambda: load_release(SHARED)


def _replica():
    from cevns_edu.experiment.replica import simulate_replica

    return lambda: simulate_replica(2017)


BENCHMARKS = [
    ("nb05 cuts panel update", _cuts_update, 16.0),
    ("load_release (local folder, validated)", _load_release, 100.0),
    ("simulate_replica", _replica, 100.0),
]
