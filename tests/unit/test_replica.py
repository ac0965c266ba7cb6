"""The simulated replica: labelled, deterministic by seed, faithful to the release's counts, offline."""

from __future__ import annotations

import numpy as np
import pytest

from cevns_edu.core.binning import region_mask
from cevns_edu.data import Release
from cevns_edu.experiment.replica import release_or_replica, replica_expectation, simulate_replica

OBSERVED = {"C_on": 547, "AC_on": 405, "C_off": 209, "AC_off": 207}  # release, analysis region


def test_labelled_as_simulated():
    r = simulate_replica(7)
    assert isinstance(r, Release)
    assert r.is_simulated and r.label == "SIMULATED REPLICA"
    assert r.source == "simulated replica (seed 7)"
    assert r.title_prefix.startswith("SIMULATED REPLICA")
    assert "SIMULATED REPLICA" in r.summary()
    # overrides are part of the label
    assert simulate_replica(7, cevns_scale=0).source == "simulated replica (seed 7; cevns_scale=0)"


def test_deterministic_by_seed():
    a, b, c = simulate_replica(11), simulate_replica(11), simulate_replica(12)
    for k in a.counts:
        np.testing.assert_array_equal(a.counts[k], b.counts[k])
    assert any(not np.array_equal(a.counts[k], c.counts[k]) for k in a.counts)


def test_windows_have_independent_streams():
    """Removing CEvNS changes only C beam-on; the other windows keep their counts for the same seed."""
    a, b = simulate_replica(3), simulate_replica(3, cevns_scale=0)
    for k in ("AC_on", "C_off", "AC_off"):
        np.testing.assert_array_equal(a.counts[k], b.counts[k])
    assert b.region_counts("C_on") < a.region_counts("C_on")


def test_same_structure_as_release():
    r = simulate_replica()
    assert set(r.counts) == {"C_on", "AC_on", "C_off", "AC_off"}
    for v in r.counts.values():
        assert v.shape == (25, 24) and v.dtype.kind == "i" and (v >= 0).all()
    for v in r.time_pdfs.values():
        assert v.shape == (24,) and abs(v.sum() - 1) < 1e-9
    assert r.brn_pe_per_gwh.shape == (50,)
    assert r.exposure_gwh == pytest.approx(7.47594)
    assert r.acceptance_parameters == {"a": 0.6655, "k": 0.4942, "x_0": 10.8507}


def test_expectation_is_faithful_to_the_release():
    """Expected counts in the analysis region within 1 Poisson σ of the observed (√N ≈ 14–23 events)."""
    e = replica_expectation()
    m = region_mask()
    for k, n_obs in OBSERVED.items():
        mu = sum(float(v[m].sum()) for v in e[k].values())
        assert abs(mu - n_obs) < np.sqrt(n_obs), (k, mu, n_obs)
    # beam-related components only in C beam-on; CEvNS close to this library's SM prediction (≈145 in region)
    assert float(e["AC_on"]["cevns_delayed"].sum()) == 0 and float(e["C_off"]["brn"].sum()) == 0
    assert 120 < float((e["C_on"]["cevns_prompt"] + e["C_on"]["cevns_delayed"])[m].sum()) < 170


def test_mean_over_seeds_matches_expectation():
    m = region_mask()
    mu = sum(float(v[m].sum()) for v in replica_expectation()["C_on"].values())
    n = np.array([simulate_replica(s).region_counts("C_on") for s in range(200)])
    # 200 samples: the mean is known to ±√(mu/200) ≈ 1.7 events; allow 4σ
    assert abs(n.mean() - mu) < 4 * np.sqrt(mu / 200)
    assert n.std() == pytest.approx(np.sqrt(mu), rel=0.15)  # Poisson spread


def test_background_only_replica_has_no_excess():
    e = replica_expectation(cevns_scale=0, brn_scale=0, nin_scale=0)
    np.testing.assert_allclose(sum(e["C_on"].values()), sum(e["AC_on"].values()))


def test_bad_overrides():
    with pytest.raises(ValueError, match="unknown replica model override.*'signal'"):
        simulate_replica(1, signal=2)
    with pytest.raises(ValueError, match="cevns_scale must be a number >= 0"):
        simulate_replica(1, cevns_scale=-1)
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        simulate_replica(-3)


def test_release_or_replica_falls_back_offline(tmp_path, monkeypatch):
    """No release anywhere (fresh clone): the replica, clearly labelled — and no network is touched
    (this test runs with sockets disabled)."""
    monkeypatch.delenv("COHERENT2017_DIR", raising=False)
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    r = release_or_replica(seed=5)
    assert r.source == "simulated replica (seed 5)" and r.is_simulated
    assert not (tmp_path / "coherent2017").exists()  # nothing was downloaded or created
