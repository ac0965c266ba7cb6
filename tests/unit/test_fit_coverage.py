"""Frequentist behaviour of the fit on toy experiments drawn as Poisson samples of the model.

The toys go through the same procedure as the real fit: the steady-state shape is re-derived from each
toy's own anti-coincidence window (``steady_state_shape``), the prompt-neutron normalisation is drawn
from its 25% prior. Expected: the MINOS 1σ interval covers the injected count in ≈68% of toys (we require
≥ 60% of 100 seeds: the binomial 1σ spread on 100 toys is ±5%), and background-only toys give Z < 2σ in
≈97.7% (we require ≥ 90%).
"""

from __future__ import annotations

import numpy as np
import pytest

from cevns_edu.core.binning import PE_CENTERS, T_CENTERS_US, region_mask
from cevns_edu.experiment.fit import fit_inputs, profile_scan, steady_state_shape
from cevns_edu.experiment.likelihood import BRN_NORM_UNC, FitInputs

N_SEEDS = 100
MASK = region_mask()


def realistic_templates():
    """Shapes resembling the 2017 analysis (not the physics prediction — that is tested in test_fit.py):
    a CEvNS PE spectrum falling over ~10 PE with prompt (fast) and delayed (2.2 μs) time components, a
    steady-state flat in time, prompt neutrons at t ≈ 1 μs. Normalised to ~ the 2017 expectations."""
    pe_sig = np.exp(-PE_CENTERS / 9.0) * (PE_CENTERS > 4)
    t_prompt = np.exp(-((T_CENTERS_US - 0.9) / 0.35) ** 2)
    t_delayed = np.exp(-T_CENTERS_US / 2.2) * (1 - np.exp(-T_CENTERS_US / 0.5))
    sig = np.outer(pe_sig, 0.16 * t_prompt / t_prompt.sum() + 0.84 * t_delayed / t_delayed.sum())
    ss = np.outer(np.exp(-PE_CENTERS / 20.0) + 0.3, np.ones(24))  # per (25,24) bin
    ss *= 1600.0 / ss.sum()  # ≈ 400 in the analysis region
    brn = np.outer(np.exp(-PE_CENTERS / 10.0), t_prompt / t_prompt.sum())
    brn *= 6.0 / brn[MASK].sum()
    return sig / sig[MASK].sum(), ss, brn


def toy_inputs(n_inject: float, seed: int) -> FitInputs:
    rng = np.random.default_rng(seed)
    sig, ss, brn = realistic_templates()
    f_brn = max(rng.normal(1.0, BRN_NORM_UNC), 0.0)
    c = rng.poisson(n_inject * sig + ss + f_brn * brn)
    ac = rng.poisson(ss)
    return FitInputs(c, ac, sig, steady_state_shape(ac, time_shape="flat"), brn, MASK)


@pytest.mark.parametrize("n_inject", [130.0, 60.0])
def test_interval_covers_injected_signal(n_inject):
    covered = 0
    pulls = []
    for seed in range(N_SEEDS):
        r = fit_inputs(toy_inputs(n_inject, seed))
        assert r.valid
        covered += (r.n_cevns - r.n_cevns_err_lo) <= n_inject <= (r.n_cevns + r.n_cevns_err_hi)
        pulls.append((r.n_cevns - n_inject) / (r.n_cevns_err_hi if r.n_cevns < n_inject else r.n_cevns_err_lo))
    assert covered / N_SEEDS >= 0.60, f"coverage {covered}/{N_SEEDS}"
    # the estimator is unbiased: mean pull within 3/√N of zero, pull width within 30% of 1
    assert abs(np.mean(pulls)) < 3 / np.sqrt(N_SEEDS)
    assert 0.7 < np.std(pulls) < 1.3


def test_background_only_toys_are_not_significant():
    z = np.array([fit_inputs(toy_inputs(0.0, 1000 + seed), minos=False).significance_sigma for seed in range(N_SEEDS)])
    assert np.mean(z < 2.0) >= 0.90, f"{np.sum(z >= 2)} of {N_SEEDS} background-only toys gave ≥ 2σ"
    # Wilks: Z is ~ standard normal under the null (signed) — mean within 3/√N of 0
    assert abs(z.mean()) < 3 / np.sqrt(N_SEEDS)


def test_profile_scan_agrees_with_minos_and_null_fit():
    r = fit_inputs(toy_inputs(130.0, 7))
    scan = profile_scan(r, n_points=61)
    # interval from the scan's linear interpolation vs MINOS: agree within 3% of the error (grid spacing)
    assert scan.interval[0] == pytest.approx(r.n_cevns - r.n_cevns_err_lo, abs=0.03 * r.n_cevns_err_lo)
    assert scan.interval[1] == pytest.approx(r.n_cevns + r.n_cevns_err_hi, abs=0.03 * r.n_cevns_err_hi)
    # significance read at N = 0 vs the dedicated background-only fit (interpolation error ≲ 2%)
    assert scan.significance_sigma == pytest.approx(r.significance_sigma, rel=0.02)
    assert scan.delta_2nll.min() == pytest.approx(0.0, abs=0.05)
