"""Helpers shared by the ``bench_*.py`` modules (``benchmarks/`` is on sys.path when run.py runs)."""

from __future__ import annotations

import itertools


def panel_updates(factory, *param_sets):
    """A benchmark ``make``: build the panel once, then time ``panel.update`` cycling through
    ``param_sets`` so every timed call really changes the figure."""

    def make():
        panel = factory()
        cycle = itertools.cycle(param_sets)
        return lambda: panel.update(**next(cycle))

    return make
