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


def test_constraint_windows_leave_out_the_fitted_ones() -> None:
    assert slope_constraint_windows("on") == ("C_off", "AC_off")
    assert slope_constraint_windows("off") == ("AC_on",)
    for beam in ("on", "off"):
        assert set(slope_constraint_windows(beam)) <= set(BEAM_UNRELATED_WINDOWS)
        assert not {f"C_{beam}", f"AC_{beam}"} & set(slope_constraint_windows(beam))


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
    lam, sig = steady_state_time_slope([rel.counts[k] for k in slope_constraint_windows(beam)])
    shape, (dn, up) = steady_state_inputs(rel, ac, beam=beam)
    np.testing.assert_allclose(shape, steady_state_shape(ac, tau_us=1 / lam))
    np.testing.assert_allclose(dn, steady_state_shape(ac, tau_us=1 / (lam - sig)))
    np.testing.assert_allclose(up, steady_state_shape(ac, tau_us=1 / (lam + sig)))
    lam3, _ = steady_state_time_slope([rel.counts[k] for k in BEAM_UNRELATED_WINDOWS])
    fixed, none = steady_state_inputs(rel, ac, time_shape="beam-unrelated-fixed", beam=beam)
    assert none is None
    np.testing.assert_allclose(fixed, steady_state_shape(ac, tau_us=1 / lam3))
