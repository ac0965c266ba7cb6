"""The binned likelihood on synthetic templates: derivatives, limits, known solutions, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from cevns_edu.core.binning import PE_CENTERS, T_CENTERS_US, region_mask
from cevns_edu.experiment.likelihood import BRN_NORM_UNC, BinnedLikelihood, FitInputs


def synthetic_templates():
    """Smooth made-up shapes on the release binning (not physics; just distinct shapes)."""
    sig = np.outer(np.exp(-PE_CENTERS / 12.0), np.exp(-T_CENTERS_US / 2.2))  # falling in PE and time
    ss = np.outer(np.exp(-PE_CENTERS / 25.0), np.ones_like(T_CENTERS_US))   # flat in time
    brn = 0.02 * np.outer(np.exp(-PE_CENTERS / 8.0), np.exp(-((T_CENTERS_US - 0.75) / 0.3) ** 2))
    return sig, ss, brn


def make_inputs(n_sig=130.0, n_ss=400.0, seed=0, **kw):
    sig, ss, brn = synthetic_templates()
    mask = region_mask()
    lik0 = BinnedLikelihood(FitInputs(np.zeros((25, 24)), np.zeros((25, 24)), sig, ss, brn, mask, ss_per_pe_bin=False))
    c, ac = lik0.sample([n_sig, n_ss, 1.0], np.random.default_rng(seed))
    kw.setdefault("ss_per_pe_bin", False)
    return FitInputs(c, ac, sig, ss, brn, mask, **kw)


def test_gradient_and_hessian_match_finite_differences():
    sig, ss, brn = synthetic_templates()
    inp = make_inputs(nin=0.5 * brn, signal_variations={"qf": (np.roll(sig, 1, axis=0), np.roll(sig, -1, axis=0))},
                      ss_per_pe_bin=True)
    lik = BinnedLikelihood(inp)
    assert lik.params[:1] + lik.params[-3:] == ("n_cevns", "brn_norm", "nin_norm", "alpha_qf")
    assert lik.params[1:-3] == tuple(f"ss_pe{k}" for k in range(6, 30, 2))
    p = np.array([120.0, *np.linspace(20.0, 40.0, 12), 1.2, 0.8, 0.3])
    # central differences, relative tolerance 1e-5 (smooth function, step 1e-5 relative)
    num = np.array([(lik(p + h) - lik(p - h)) / (2 * h[i]) for i, h in enumerate(np.diag(1e-5 * np.maximum(abs(p), 1)))])
    np.testing.assert_allclose(lik.grad(p), num, rtol=1e-5, atol=1e-6)
    hnum = np.array([(lik.grad(p + h) - lik.grad(p - h)) / (2 * h[i])
                     for i, h in enumerate(np.diag(1e-5 * np.maximum(abs(p), 1)))])
    np.testing.assert_allclose(lik.hessian(p), hnum, rtol=1e-4, atol=1e-6)


def test_deviance_is_zero_for_a_perfect_model_and_poisson_form():
    """If the data equal the expectation, the saturated-model deviance vanishes; one bin reproduces
    the Poisson log-likelihood ratio 2[μ − k + k ln(k/μ)] computed with scipy."""
    sig, ss, brn = synthetic_templates()
    mask = region_mask()
    inp = make_inputs()
    lik = BinnedLikelihood(inp)
    mu_c, mu_ac = lik.expected([100.0, 300.0, 1.0])
    assert lik.deviance([100.0, 300.0, 1.0]) > 0
    # relation to scipy's Poisson logpmf (independent calculation): differences of deviance = −2 Δ log L
    p1, p2 = [100.0, 300.0, 1.0], [140.0, 410.0, 0.9]
    ll = lambda p: sum(stats.poisson.logpmf(k, m).sum() for k, m in zip((lik.k_c, lik.k_ac), lik.expected(p), strict=True))
    assert lik.deviance(p1) - lik.deviance(p2) == pytest.approx(-2 * (ll(p1) - ll(p2)), rel=1e-9)
    # penalty: brn_norm one sigma away costs 1/2
    assert lik.penalty([0, 1, 1 + BRN_NORM_UNC]) == pytest.approx(0.5, rel=1e-12)
    assert mask.sum() == lik.k_c.size == 144


def test_counting_limit_matches_closed_form():
    """One bin, no BRN: the ML estimate is N̂ = k_C − k_AC and the profile-likelihood significance has the
    closed form of Li & Ma (ApJ 272, 317 (1983), Eq. 17) with α = 1 — an independent check of the engine."""
    from cevns_edu.experiment.fit import fit_inputs

    mask = np.zeros((25, 24), bool)
    mask[5, 3] = True
    one = np.zeros((25, 24))
    one[5, 3] = 1.0
    kc, kac = 60, 30
    inp = FitInputs(kc * one, kac * one, one, one, 1e-9 * one, mask)
    r = fit_inputs(inp)
    assert r.n_cevns == pytest.approx(kc - kac, abs=1e-3)
    li_ma = np.sqrt(2 * (kc * np.log(2 * kc / (kc + kac)) + kac * np.log(2 * kac / (kc + kac))))
    assert r.significance_sigma == pytest.approx(li_ma, rel=1e-4)
    # MINOS interval vs a direct scan of the profile likelihood (brute force, independent of iminuit)
    prof = lambda n: optimize.minimize_scalar(lambda b: -(stats.poisson.logpmf(kc, n + b) + stats.poisson.logpmf(kac, b)),
                                              bounds=(1e-6, 200), method="bounded").fun
    best = prof(kc - kac)
    up = optimize.brentq(lambda n: prof(n) - best - 0.5, kc - kac, kc)
    assert r.n_cevns_err_hi == pytest.approx(up - (kc - kac), rel=1e-3)


def test_more_signal_gives_more_significance():
    from cevns_edu.experiment.fit import fit_inputs

    z = [fit_inputs(make_inputs(n_sig=n, seed=3), minos=False).significance_sigma for n in (0, 60, 150, 300)]
    assert z[1] < z[2] < z[3]
    assert abs(z[0]) < 3


def test_components_sum_to_expectation_and_sample_shape():
    inp = make_inputs()
    lik = BinnedLikelihood(inp)
    p = [120.0, 400.0, 1.1]
    comps = lik.components(p)
    total = sum(comps.values())
    np.testing.assert_allclose(total[inp.mask], lik.expected(p)[0], rtol=1e-12)
    assert comps["cevns"].sum() == pytest.approx(120.0, rel=1e-12)  # N_CEvNS is the count in the region
    assert np.all(total[~inp.mask] == 0)


def test_per_pe_bin_steady_state_matches_single_normalisation_when_shape_is_right():
    """With one free steady-state rate per PE bin the model contains the single-normalisation model, so the
    minimum −lnL can only be lower or equal (to MIGRAD tolerance), and N_CEvNS moves by much less than its error."""
    from cevns_edu.experiment.fit import fit_inputs

    one = fit_inputs(make_inputs(seed=11))
    per = fit_inputs(make_inputs(seed=11, ss_per_pe_bin=True))
    assert per.likelihood.n_ss_params == 12
    assert per.chi2 <= one.chi2 + 1e-3
    assert abs(per.n_cevns - one.n_cevns) < 0.3 * one.n_cevns_err
    assert per.n_cevns_err >= 0.99 * one.n_cevns_err  # more freedom, no smaller error
    assert per.n_steady_state == pytest.approx(sum(per.values[k] for k in per.likelihood.ss_params), rel=1e-9)


@pytest.mark.parametrize("bad, match", [
    (dict(c_on=-np.ones((25, 24))), "c_on has a negative value"),
    (dict(c_on=np.ones((24, 25))), r"c_on has shape \(24, 25\)"),
    (dict(ac_on=np.full((25, 24), 0.5)), "integer counts"),
    (dict(signal=np.full((25, 24), np.nan)), "NaN"),
    (dict(mask=np.zeros((25, 24), bool)), "window is empty"),
    (dict(mask=np.ones((25, 24))), "mask must be a boolean"),
    (dict(brn_unc=-0.1), "brn_unc"),
    (dict(steady_state=np.zeros((25, 24))), "steady-state shape is zero"),
    (dict(signal_variations={"qf": (np.ones((25, 24)),)}), r"\(down, up\) pair"),
])
def test_bad_inputs_raise_clear_errors(bad, match):
    sig, ss, brn = synthetic_templates()
    kw = dict(c_on=np.ones((25, 24)), ac_on=np.ones((25, 24)), signal=sig, steady_state=ss, brn=brn, mask=region_mask())
    kw.update(bad)
    with pytest.raises(ValueError, match=match):
        FitInputs(**kw)


def test_empty_window_from_cuts_raises():
    with pytest.raises(ValueError, match="pe_min < pe_max"):
        region_mask(20, 10)
    inp = make_inputs()
    with pytest.raises(ValueError, match="window is empty"):
        inp.with_mask(np.zeros((25, 24), bool))
