"""The steady-state time slope: measured in beam-unrelated windows, never counting a fitted window twice."""

from __future__ import annotations

import numpy as np
import pytest

from cevns_edu.core.binning import N_T, PE_CENTERS, T_CENTERS_US
from cevns_edu.experiment.fit import (
    BEAM_UNRELATED_WINDOWS,
    slope_constraint_windows,
    steady_state_inputs,
    steady_state_shape,
    steady_state_time_slope,
)
from cevns_edu.experiment.replica import simulate_replica


def test_constraint_windows_leave_out_the_fitted_bins() -> None:
    """Beam on, 0–6 μs: C_off and AC_off whole, AC_on only at 6–12 μs; beam off: AC_on whole, AC_off late."""
    late = np.asarray(T_CENTERS_US) >= 6.0
    on = slope_constraint_windows("on")
    assert list(on) == ["C_off", "AC_off", "AC_on"]
    assert on["C_off"].all() and on["AC_off"].all()
    np.testing.assert_array_equal(on["AC_on"], late)
    off = slope_constraint_windows("off")
    assert list(off) == ["AC_on", "AC_off"] and off["AC_on"].all()
    np.testing.assert_array_equal(off["AC_off"], late)
    # a fit over the whole 12 μs leaves no AC bin outside its likelihood; one over 1–6 μs leaves two pieces
    assert list(slope_constraint_windows("on", (0.0, 12.0))) == ["C_off", "AC_off"]
    np.testing.assert_array_equal(slope_constraint_windows("on", (1.0, 6.0))["AC_on"],
                                  (np.asarray(T_CENTERS_US) < 1.0) | late)
    for beam in ("on", "off"):
        assert set(slope_constraint_windows(beam)) <= set(BEAM_UNRELATED_WINDOWS)
        assert f"C_{beam}" not in slope_constraint_windows(beam)


def test_slope_from_part_of_a_window() -> None:
    """An exponential seen only at 6–12 μs (normalised over those bins) still returns its λ within 1e-4/μs."""
    grid = np.zeros((PE_CENTERS.size, N_T))
    grid[(PE_CENTERS >= 6) & (PE_CENTERS < 30)] = 1e5 * np.exp(-0.08 * np.asarray(T_CENTERS_US))
    late = np.asarray(T_CENTERS_US) >= 6.0
    noisy = grid.copy()
    noisy[:, ~late] = 0.0  # the early bins hold nothing: were they used, λ would come out wrong
    lam, _ = steady_state_time_slope([noisy], time_bins=[late])
    assert lam == pytest.approx(0.08, abs=1e-4)
    with pytest.raises(ValueError, match="one mask per window"):
        steady_state_time_slope([grid], time_bins=[late, late])
    with pytest.raises(ValueError, match=r"time_bins\[0\] must be a boolean mask of 24 time bins, got shape \(3,\)"):
        steady_state_time_slope([grid], time_bins=[[True, False, True]])


def test_constraint_windows_reject_an_unknown_beam() -> None:
    with pytest.raises(ValueError, match="beam must be 'on' or 'off', got 'sideways'"):
        slope_constraint_windows("sideways")


def test_slope_recovers_an_exponential() -> None:
    """Expected counts ∝ exp(−λt) with λ = 0.05/μs (no noise): the fit returns λ within 1e-4/μs."""
    grid = np.zeros((PE_CENTERS.size, N_T))
    grid[(PE_CENTERS >= 6) & (PE_CENTERS < 30)] = 1e4 * np.exp(-0.05 * np.asarray(T_CENTERS_US))
    lam, sig = steady_state_time_slope([grid])
    assert lam == pytest.approx(0.05, abs=1e-4) and 0 < sig < 0.01


@pytest.mark.parametrize("beam", ["on", "off"])
def test_profiled_slope_is_measured_outside_the_likelihood(beam: str) -> None:
    """The ±1σ variations are the shapes at λ ∓ σ_λ of the windows not fitted; the fixed variant uses all three."""
    rel = simulate_replica(7)
    ac = np.asarray(rel.counts[f"AC_{beam}"], float)
    bins = slope_constraint_windows(beam)
    lam, sig = steady_state_time_slope([rel.counts[k] for k in bins], time_bins=list(bins.values()))
    shape, (dn, up) = steady_state_inputs(rel, ac, beam=beam)
    np.testing.assert_allclose(shape, steady_state_shape(ac, tau_us=1 / lam))
    np.testing.assert_allclose(dn, steady_state_shape(ac, tau_us=1 / (lam - sig)))
    np.testing.assert_allclose(up, steady_state_shape(ac, tau_us=1 / (lam + sig)))
    lam3, _ = steady_state_time_slope([rel.counts[k] for k in BEAM_UNRELATED_WINDOWS])
    fixed, none = steady_state_inputs(rel, ac, time_shape="beam-unrelated-fixed", beam=beam)
    assert none is None
    np.testing.assert_allclose(fixed, steady_state_shape(ac, tau_us=1 / lam3))
