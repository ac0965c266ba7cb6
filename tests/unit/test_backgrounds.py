"""Backgrounds: steady-state from AC data (and its time shape), prompt neutrons, NIN, cuts; the
project-side analytic models reproduce the release they were fitted to."""

from __future__ import annotations

import numpy as np
import pytest

from cevns_edu.core.binning import region_mask
from cevns_edu.data import load_release
from cevns_edu.experiment import backgrounds as bg


@pytest.fixture(scope="module")
def rel(release_dir):
    return load_release(release_dir)


def test_steady_state_template_from_ac(rel):
    ac = np.asarray(rel.counts["AC_on"])
    flat = bg.steady_state_template(ac)
    assert flat.sum() == pytest.approx(ac.sum())  # normalisation = AC counts (same window length)
    np.testing.assert_allclose(flat.sum(axis=1), ac.sum(axis=1))  # energy shape from AC
    assert np.ptp(flat, axis=1).max() < 1e-9  # flat in time
    expo = bg.steady_state_template(ac, time_shape="exponential")
    assert expo.sum() == pytest.approx(ac.sum()) and (np.diff(expo.sum(0)) < 0).all()
    np.testing.assert_array_equal(bg.steady_state_template(ac, time_shape="measured"), ac)
    with pytest.raises(ValueError, match="time_shape must be"):
        bg.steady_state_template(ac, time_shape="wiggly")
    with pytest.raises(ValueError, match=r"shape \(25, 24\)"):
        bg.steady_state_template(ac[:10])


def test_ac_time_shape_is_not_flat(rel):
    """The released AC beam-on data: 405 events in 0–6 μs vs 298 in 6–12 μs (6 ≤ PE < 30), counted
    independently here with numpy; the test must report that asymmetry (≈4σ)."""
    ac = np.asarray(rel.counts["AC_on"])
    t = ac[3:15].sum(axis=0)
    assert (t[:12].sum(), t[12:].sum()) == (405, 298)
    res = bg.time_shape_test(ac)
    assert (res.n_first_half, res.n_second_half) == (405, 298)
    assert res.z_first_vs_second == pytest.approx(107 / np.sqrt(703), rel=1e-9)
    assert res.p_flat < 1e-3
    assert 10 < res.tau_us < 30
    assert "first half" in res.summary()


def test_time_shape_test_accepts_flat_data():
    rng = np.random.default_rng(1)
    flat = rng.poisson(np.full((25, 24), 3.0))
    res = bg.time_shape_test(flat)
    assert res.p_flat > 1e-3 and abs(res.z_first_vs_second) < 4
    with pytest.raises(ValueError, match="no events"):
        bg.time_shape_test(np.zeros((25, 24)))


def test_steady_state_model_refit_reproduces_constants(rel):
    m = bg.fit_steady_state_model(rel)
    s = bg.STEADY_STATE
    # stored constants are the rounded fit (3 significant figures): 1 % tolerance
    for f in ("turn_on_pe", "turn_on_width_pe", "decay_pe", "tau_us"):
        assert getattr(m, f) == pytest.approx(getattr(s, f), rel=0.01), f
    assert m.plateau == pytest.approx(s.plateau, rel=0.03)
    assert (m.n_region_on, m.n_region_off) == (405.0, 208.0)
    # the analytic model describes the AC PE spectrum: Poisson deviance per bin ≲ 2 over 25 bins
    ac = np.asarray(rel.counts["AC_on"], float).sum(axis=1)
    mu = ac.sum() * s.pe_shape()
    dev = 2 * np.sum(mu - ac + np.where(ac > 0, ac * np.log(np.where(ac > 0, ac, 1) / mu), 0))
    assert dev < 2 * 25


def test_steady_state_model_template(rel):
    m = region_mask()
    # normalisations against the released data, counted here with numpy (not the constants they were typed from):
    # AC beam-on 405 events in the region; beam-off the mean of C (209) and AC (207) = 208
    ac_on = np.asarray(rel.counts["AC_on"])[m].sum()
    off = (np.asarray(rel.counts["C_off"])[m].sum() + np.asarray(rel.counts["AC_off"])[m].sum()) / 2
    assert bg.STEADY_STATE.template("on")[m].sum() == pytest.approx(ac_on, rel=1e-9)
    assert bg.STEADY_STATE.template("off")[m].sum() == pytest.approx(off, rel=1e-9)
    # time shape exp(−t/τ), τ = 16.7 μs, by hand: neighbouring 0.5-μs bins differ by e^(−0.5/16.7) = 0.970503 and
    # the first 6 μs hold e^(6/16.7) = 1.43230 times the last 6 μs; 1e-5
    t = bg.STEADY_STATE.template("on").sum(axis=0)
    np.testing.assert_allclose(t[1:] / t[:-1], 0.970503, rtol=1e-5)
    assert t[:12].sum() / t[12:].sum() == pytest.approx(1.43230, rel=1e-5)
    assert bg.STEADY_STATE.pe_shape().sum() == pytest.approx(1) and bg.STEADY_STATE.time_shape().sum() == pytest.approx(1)
    with pytest.raises(ValueError, match="beam must be"):
        bg.STEADY_STATE.template("maybe")


def test_brn_from_release(rel):
    """Independent calculation: promptPDF × acceptance(1-PE centres) × 7.47594 GW·hr, summed over 6–30 PE,
    times the prompt-neutron time PDF summed over 0–6 μs."""
    x = np.arange(50) + 0.5
    acc = 0.6655 / (1 + np.exp(-0.4942 * (x - 10.8507))) * np.where(x < 5, 0, np.where(x < 6, 0.5, 1))
    pe = np.asarray(rel.brn_pe_per_gwh) * acc * 7.47594
    expected = pe[6:30].sum() * np.asarray(rel.time_pdfs["prompt_neutrons"])[:12].sum()
    brn = bg.brn_from_release(rel)
    assert brn[region_mask()].sum() == pytest.approx(expected, rel=1e-9)
    assert 3 < expected < 10  # a handful of events: small next to ~400 steady-state
    assert bg.BRN_NORM_UNC == 0.25  # release promptNeutronNormalization


def test_prompt_neutron_model_matches_release(rel):
    m = bg.PROMPT_NEUTRONS
    y = np.asarray(rel.brn_pe_per_gwh)
    assert np.max(np.abs(m.pe_per_gwh() / y - 1)) < 0.25  # per bin, as documented
    ours = bg.brn_template(m.pe_per_gwh(), m.time_pdf(), rel.exposure_gwh)[region_mask()].sum()
    assert ours == pytest.approx(bg.brn_from_release(rel)[region_mask()].sum(), rel=0.03)
    np.testing.assert_allclose(m.time_pdf(), rel.time_pdfs["prompt_neutrons"], atol=0.002)
    refit = bg.fit_prompt_neutron_model(rel)
    assert refit.t0_us == pytest.approx(m.t0_us, abs=0.005) and refit.decay1_pe == pytest.approx(m.decay1_pe, rel=0.01)


def test_nin_template(rel):
    n = bg.nin_template(rel, None)
    assert n[region_mask()].sum() == pytest.approx(bg.NIN_EVENTS_REGION)
    # follows the delayed neutrinos in time, the neutron recoil shape in energy
    t = n.sum(axis=0) / n.sum()
    np.testing.assert_allclose(t, rel.time_pdfs["delayed_neutrinos"], atol=1e-12)
    assert bg.nin_template()[region_mask()].sum() == pytest.approx(bg.NIN_EVENTS_REGION)
    # the documented claim (neutrons.py): NINs are < 1 % of the beam-on events in the region (547, counted here)
    assert bg.NIN_EVENTS_REGION < 0.01 * np.asarray(rel.counts["C_on"])[region_mask()].sum()


def test_cut_table_shows_what_cuts_buy(rel):
    from cevns_edu.experiment.replica import replica_expectation

    comps = replica_expectation()["C_on"]
    comps = {"cevns": comps["cevns_prompt"] + comps["cevns_delayed"], **{k: comps[k] for k in ("steady_state", "brn", "nin")}}
    rows = bg.cut_table(comps)
    assert [r.name for r in rows][0].startswith("no cut")
    none, energy, time_, both = rows
    # the time cut keeps most signal (delayed ν: τμ = 2.2 μs) and removes ~40 % of steady state
    assert time_.signal / none.signal > 0.8
    assert both.s_over_b > energy.s_over_b > none.s_over_b
    assert both.signal == pytest.approx(bg.window_yields(comps)["cevns"])
    with pytest.raises(ValueError, match="signal component"):
        bg.cut_table(comps, signal_keys=("dark_matter",))


@pytest.fixture(scope="module")
def cuts_panel():
    from cevns_edu.experiment.replica import simulate_replica
    from cevns_edu.widgets.backgrounds import CutsPanel

    return CutsPanel(simulate_replica())


@pytest.mark.parametrize("shut", [{"t_range_us": (3.0, 3.0)}, {"pe_range": (20, 20)},
                                  {"pe_range": (0, 0), "t_range_us": (12.0, 12.0)}])
def test_cuts_panel_window_dragged_shut_is_handled(cuts_panel, shut):
    """A learner drags a window shut (start == stop): no exception, zeros in the figure, the readout says
    so — and widening the window again brings the events back."""
    r = cuts_panel.update(**shut)
    assert r["empty"], "a shut window must be reported as empty"
    assert all(v == 0 for v in r["yields"].values()) and r["n_data"] == 0
    assert "empty — widen it" in cuts_panel.readout.value
    for pe_stairs, t_stairs in cuts_panel.plot.stairs.values():  # the stacked histograms drop to zero
        assert not pe_stairs.get_data().values.any() or not t_stairs.get_data().values.any()
    r = cuts_panel.update(pe_range=(6, 30), t_range_us=(0.0, 6.0))
    assert not r["empty"] and r["yields"]["cevns"] > 10 and r["n_data"] > 0
    assert "empty" not in cuts_panel.readout.value


def test_cuts_panel_reversed_window_still_rejected(cuts_panel):
    with pytest.raises(ValueError, match="t_range_us must satisfy"):
        cuts_panel.compute(pe_range=(6, 30), t_range_us=(4.0, 2.0))
    with pytest.raises(ValueError, match="pe_range must satisfy"):
        cuts_panel.compute(pe_range=(30, 6), t_range_us=(0.0, 6.0))
