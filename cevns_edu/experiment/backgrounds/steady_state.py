"""Steady-state background (cosmic rays, radioactivity): events that know nothing of the beam.

Measured in the anti-coincidence (AC) window. :class:`SteadyStateModel` (analytic PE × time shape,
fitted to the release: :data:`STEADY_STATE`, :func:`fit_steady_state_model`), the data-driven
:func:`steady_state_template`, and :func:`time_shape_test` (is a window flat in time?). See
:mod:`cevns_edu.experiment.backgrounds` for the physics and references.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, special, stats

from ...core.binning import N_T, PE_CENTERS, PE_CENTERS_1, PE_MAX, PE_MIN, T_EDGES_US, rebin_pe_1_to_2, region_mask
from ...core.validate import choice, grid, number, pe_range
from ...data.release import Release


def _exp_time_shape(tau_us: float, t_edges_us: np.ndarray = T_EDGES_US) -> NDArray[np.float64]:
    """Probabilities of the time bins for a rate ∝ exp(−t/τ) (τ = inf → flat)."""
    if not np.isfinite(tau_us):
        w = np.diff(t_edges_us)
        ret: NDArray[np.float64] = w / w.sum()
        return ret
    if tau_us <= 0:
        raise ValueError(f"tau_us must be > 0 μs (or inf for a flat shape), got {tau_us}")
    e = np.exp(-np.asarray(t_edges_us) / tau_us)
    p = e[:-1] - e[1:]
    ret = p / p.sum()
    return ret


@dataclass(frozen=True)
class SteadyStateModel:
    """Analytic steady-state background: PE shape × time shape, with beam-on/off normalisations.

    PE shape (evaluated at 1-PE bin centres, summed into 2-PE bins): a logistic turn-on at
    ``turn_on_pe`` (width ``turn_on_width_pe``) times [exp(−PE/``decay_pe``) + ``plateau``]. Time
    shape: exp(−t/``tau_us``) (``tau_us = inf`` → flat). ``n_region_on``/``n_region_off``: expected events per
    12-μs window (C or AC alike) in the analysis region, beam on / off.
    """

    turn_on_pe: float
    turn_on_width_pe: float
    decay_pe: float
    plateau: float
    tau_us: float
    n_region_on: float
    n_region_off: float

    def pe_shape(self) -> NDArray[np.float64]:
        """(25,) probabilities over the 2-PE bins."""
        x = PE_CENTERS_1
        f = special.expit((x - self.turn_on_pe) / self.turn_on_width_pe) * (np.exp(-x / self.decay_pe) + self.plateau)
        f = rebin_pe_1_to_2(f)
        ret: NDArray[np.float64] = f / f.sum()
        return ret

    def time_shape(self) -> np.ndarray:
        """(24,) probabilities over the 0.5-μs bins."""
        return _exp_time_shape(self.tau_us)

    def template(self, beam: str = "on") -> NDArray[np.float64]:
        """(25, 24) expected steady-state counts in one window (C or AC) for ``beam`` "on" or "off"."""
        if beam not in ("on", "off"):
            raise ValueError(f"beam must be 'on' or 'off', got {beam!r}")
        shape = np.outer(self.pe_shape(), self.time_shape())
        n = self.n_region_on if beam == "on" else self.n_region_off
        ret: NDArray[np.float64] = n * shape / shape[region_mask()].sum()
        return ret


#: Parameters fitted (Poisson likelihood, :func:`fit_steady_state_model`) to the beam-unrelated windows of
#: the COHERENT 2017 release (AC beam-on, AC beam-off, C beam-off); normalisations = observed events in the
#: analysis region (AC beam-on: 405; beam-off: mean of C and AC, 208).
STEADY_STATE = SteadyStateModel(turn_on_pe=8.87, turn_on_width_pe=1.07, decay_pe=4.64, plateau=0.0282,
                                tau_us=16.7, n_region_on=405.0, n_region_off=208.0)


def steady_state_template(ac_counts: np.ndarray, *, time_shape: str = "flat", tau_us: float = STEADY_STATE.tau_us,
                          ) -> np.ndarray:
    """Data-driven steady-state expectation (25, 24) in the C window from the AC window's counts.

    Energy shape and normalisation: the AC counts summed over time. Time shape: ``"flat"`` (uniform) or
    ``"exponential"`` (exp(−t/τ), τ from the AC data) or ``"measured"`` (the AC counts themselves, bin by bin).
    """
    ac = grid(ac_counts, "ac_counts", (PE_CENTERS.size, N_T))
    choice(time_shape, "time_shape", ("flat", "exponential", "measured"))
    if tau_us != np.inf:  # τ = ∞ is the flat shape
        number(tau_us, "tau_us", "μs", lo=0.0, lo_open=True)
    if time_shape == "measured":
        return ac.copy()
    if time_shape == "flat":
        g = _exp_time_shape(np.inf)
    elif time_shape == "exponential":
        g = _exp_time_shape(tau_us)
    else:
        raise ValueError(f"time_shape must be 'flat', 'exponential' or 'measured', got {time_shape!r}")
    return np.outer(ac.sum(axis=1), g)


@dataclass(frozen=True)
class TimeShapeTest:
    """Is a window's time distribution flat? Counts early vs late, χ² of flat, fitted exp(−t/τ)."""

    n_total: int
    n_first_half: int
    n_second_half: int
    chi2_flat: float
    ndof: int
    p_flat: float
    tau_us: float           # fitted decay time (inf when the rate rises or is flat)
    z_first_vs_second: float  # (first − second)/√(first + second)

    def summary(self) -> str:
        """One line: early vs late counts, χ² of a flat shape, fitted τ."""
        tau = "∞" if not np.isfinite(self.tau_us) else f"{self.tau_us:.3g} μs"
        return (f"{self.n_first_half} events in the first half vs {self.n_second_half} in the second "
                f"({self.z_first_vs_second:+.2g}σ); flat: χ²/ndof = {self.chi2_flat:.3g}/{self.ndof}, "
                f"p = {self.p_flat:.2g}; exponential fit τ = {tau}")


def time_shape_test(counts: np.ndarray, pe_min: float = PE_MIN, pe_max: float = PE_MAX) -> TimeShapeTest:
    """Test the flatness in time of a window's counts (summed over ``pe_min ≤ PE < pe_max``), all 24 bins."""
    c = grid(counts, "counts", (PE_CENTERS.size, N_T))
    pe_min, pe_max = pe_range(pe_min, pe_max)
    pe = (PE_CENTERS >= pe_min) & (PE_CENTERS < pe_max)
    t = c[pe].sum(axis=0)
    n = t.sum()
    if n <= 0:
        raise ValueError("no events in the selected PE range: cannot test the time shape")
    mu = np.full_like(t, n / t.size)
    chi2 = float(2 * np.sum(mu - t + np.where(t > 0, t * np.log(np.where(t > 0, t, 1) / mu), 0.0)))  # Poisson deviance
    ndof = t.size - 1

    def nll(rate_per_us: float) -> float:
        g = _exp_time_shape(1.0 / rate_per_us) if rate_per_us > 1e-9 else _exp_time_shape(np.inf)
        return -float(np.sum(t * np.log(g)))

    res = optimize.minimize_scalar(nll, bounds=(0.0, 2.0), method="bounded")
    tau = 1.0 / res.x if res.x > 1e-6 else np.inf
    half = t.size // 2
    a, b = int(t[:half].sum()), int(t[half:].sum())
    return TimeShapeTest(int(n), a, b, chi2, ndof, float(stats.chi2.sf(chi2, ndof)), float(tau),
                         float((a - b) / np.sqrt(a + b)))


def fit_steady_state_model(release: Release) -> SteadyStateModel:
    """Refit :data:`STEADY_STATE`'s shape parameters to a release's beam-unrelated windows (AC on, AC off, C off)."""
    data = [np.asarray(release.counts[k], dtype=float) for k in ("AC_on", "AC_off", "C_off")]

    def nll(q: np.ndarray) -> float:
        m = SteadyStateModel(q[0], q[1], q[2], q[3], float(np.exp(q[4])), 1.0, 1.0)
        s = np.outer(m.pe_shape(), m.time_shape())
        return float(sum(np.sum(d.sum() * s - d * np.log(d.sum() * s + 1e-300)) for d in data))

    s0 = STEADY_STATE
    q0 = [s0.turn_on_pe, s0.turn_on_width_pe, s0.decay_pe, s0.plateau, np.log(s0.tau_us)]
    res = optimize.minimize(nll, q0, method="Nelder-Mead", options={"maxiter": 20000, "xatol": 1e-6, "fatol": 1e-8})
    m = region_mask()
    n_on = float(release.counts["AC_on"][m].sum())
    n_off = 0.5 * float(release.counts["AC_off"][m].sum() + release.counts["C_off"][m].sum())
    q = res.x
    return SteadyStateModel(float(q[0]), float(q[1]), float(q[2]), float(q[3]), float(np.exp(q[4])), n_on, n_off)
