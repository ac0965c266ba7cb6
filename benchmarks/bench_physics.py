"""Benchmarks of the physics core."""

import numpy as np

from cevns_edu.physics.cross_section import sigma_total


def _sigma_1e4():
    e = np.linspace(1.0, 60.0, 10_000)
    return lambda: sigma_total(e, "Cs133", "helm")


BENCHMARKS = [("sigma_total(E) for 10^4 energies, Cs133 Helm", _sigma_1e4, 200.0)]
