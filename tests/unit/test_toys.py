"""Replica toys (issue 12 item 6): seeded, reproducible, and the headline says what a replica is."""

from __future__ import annotations

import numpy as np
import pytest

from cevns_edu.experiment.fit import fit_release
from cevns_edu.experiment.replica import simulate_replica
from cevns_edu.experiment.toys import headline, replica_toys


def test_toys_are_seeded_and_match_single_fits() -> None:
    t = replica_toys(n_toys=3, seed=5)
    assert t is replica_toys(n_toys=3, seed=5)  # cached
    z1 = fit_release(simulate_replica(6), minos=False).significance_sigma
    assert t.z[1] == pytest.approx(z1, abs=1e-9)
    assert 0.0 <= t.fraction_above(5.0) <= 1.0 and t.n_toys == 3


def test_background_only_toys_do_not_reach_5_sigma() -> None:
    t = replica_toys(n_toys=5, seed=0, cevns_scale=0.0)
    assert np.all(t.z < 5.0)


def test_headline_on_a_replica_says_it_is_one_draw() -> None:
    rel = simulate_replica(2017)
    text = headline(rel, fit_release(rel, minos=False), replica_toys(n_toys=4, seed=1))
    assert "SIMULATED REPLICA" in text and "random draw" in text and "reach 5σ" in text and "6.7σ" in text


@pytest.mark.parametrize("kw", [{"n_toys": 0}, {"seed": -1}, {"cevns_scale": -1.0}, {"n_toys": True}])
def test_bad_arguments(kw: dict) -> None:
    with pytest.raises(ValueError):
        replica_toys(**kw)
