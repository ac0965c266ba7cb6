"""How often does a simulated replica reach 5σ or 6.7σ? Seeded toy replicas, each fitted like the data.

A single replica is one random draw: with the published count injected (134 events, :mod:`cevns_edu.experiment.replica`) its
significance scatters from seed to seed by about ±0.8σ. :func:`replica_toys` fits ``n_toys`` replicas
(:func:`~cevns_edu.experiment.replica.simulate_replica` with seeds ``seed``, ``seed + 1``, …; the default fit of
:func:`~cevns_edu.experiment.fit.fit_release`, without MINOS) and reports the spread and the fraction reaching
each threshold, so notebook 06 can say what its one replica shows. About 40 ms per toy; the result is cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..data.release import Release
from .fit import PUBLISHED, FitResult, fit_release
from .replica import simulate_replica

__all__ = ["ToyReach", "headline", "replica_toys"]

#: Significance thresholds reported by default: discovery (5σ) and the published 6.7σ (Science 357, 1123 (2017)).
THRESHOLDS_SIGMA = (5.0, float(PUBLISHED["significance_sigma"]))


@dataclass(frozen=True)
class ToyReach:
    """Significances and fitted counts of seeded replica toys.

    Attributes
    ----------
    z : ndarray
        Significance of each toy [σ].
    n_cevns : ndarray
        Fitted CEvNS count of each toy [events].
    seed : int
        First seed; toy k uses ``seed + k``.
    cevns_scale : float
        Injected CEvNS count relative to the replica's default (1 → the published 134 events).
    """

    z: np.ndarray
    n_cevns: np.ndarray
    seed: int
    cevns_scale: float

    @property
    def n_toys(self) -> int:
        """Number of toys."""
        return int(self.z.size)

    def fraction_above(self, z_sigma: float) -> float:
        """Return the fraction of toys with significance ≥ ``z_sigma``."""
        return float(np.mean(self.z >= z_sigma))

    def quantiles(self, q: tuple[float, ...] = (0.16, 0.5, 0.84)) -> tuple[float, ...]:
        """Return quantiles of the significance [σ] (default: median and the central 68 %)."""
        return tuple(float(v) for v in np.quantile(self.z, q))

    def summary(self, thresholds: tuple[float, ...] = THRESHOLDS_SIGMA) -> str:
        """Return one plain-text sentence: median, 68 % range and the fraction reaching each threshold."""
        lo, med, hi = self.quantiles()
        reach = ", ".join(f"{100 * self.fraction_above(t):.0f} % reach {t:g}σ" for t in thresholds)
        return (f"{self.n_toys} replicas with {np.median(self.n_cevns):.0f} fitted events (median): significance "
                f"{med:.1f}σ (68 % of replicas between {lo:.1f} and {hi:.1f}σ); {reach}")


@lru_cache(maxsize=8)
def _toys(n_toys: int, seed: int, cevns_scale: float) -> ToyReach:
    fits = [fit_release(simulate_replica(seed + k, cevns_scale=cevns_scale), minos=False) for k in range(n_toys)]
    return ToyReach(np.array([f.significance_sigma for f in fits]), np.array([f.n_cevns for f in fits]),
                    seed, cevns_scale)


def replica_toys(n_toys: int = 200, seed: int = 1, cevns_scale: float = 1.0) -> ToyReach:
    """Fit ``n_toys`` seeded replicas and collect their significances.

    Parameters
    ----------
    n_toys : int
        Number of replicas (1–5000); 200 give the fractions to about ±3 %.
    seed : int
        Seed of the first replica (≥ 0); replica k uses ``seed + k``.
    cevns_scale : float
        Injected CEvNS count relative to the replica's default 134 events (≥ 0; 0: background only;
        ``1 / signal_strength()``: this library's SM prediction).

    Returns
    -------
    ToyReach
        Cached: the same arguments return the same object.

    Raises
    ------
    ValueError
        If an argument is out of range.

    References
    ----------
    D. Akimov et al. (COHERENT), Science 357, 1123 (2017): 134 ± 22 events, 6.7σ.
    """
    if isinstance(n_toys, bool) or not isinstance(n_toys, int | np.integer) or not 1 <= n_toys <= 5000:
        raise ValueError(f"n_toys must be an integer in 1–5000, got {n_toys!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(cevns_scale, bool) or not np.isfinite(cevns_scale) or cevns_scale < 0:
        raise ValueError(f"cevns_scale must be a finite number >= 0, got {cevns_scale!r}")
    return _toys(int(n_toys), int(seed), float(cevns_scale))


def headline(release: Release, result: FitResult, toys: ToyReach | None = None) -> str:
    """Return notebook 06's headline: what these data show, and on a replica how often a replica reaches 5σ, 6.7σ.

    Parameters
    ----------
    release : Release
        The data the notebook fits.
    result : FitResult
        Its fit.
    toys : ToyReach, optional
        Replica toys for a simulated ``release`` (default :func:`replica_toys` ()); unused for real data.

    Returns
    -------
    str
        Plain text, two or three sentences.
    """
    p = PUBLISHED
    this = (f"{release.label}: this fit finds N = {result.n_cevns:.0f} −{result.n_cevns_err_lo:.0f}/"
            f"+{result.n_cevns_err_hi:.0f} CEvNS events at {result.significance_sigma:.1f}σ.")
    published = f"Published (Science 2017): {p['n_cevns']:.0f} ± {p['n_cevns_err']:.0f} events at {p['significance_sigma']:.1f}σ."
    if not release.is_simulated:
        return f"{this} {published}"
    t = replica_toys() if toys is None else toys
    rank = float(np.mean(t.z <= result.significance_sigma))
    return (f"{this} It is one random draw of a model with the published {p['n_cevns']:.0f} events injected, not the "
            f"measurement. Of {t.n_toys} such replicas, {100 * t.fraction_above(5.0):.0f} % reach 5σ and "
            f"{100 * t.fraction_above(p['significance_sigma']):.0f} % reach {p['significance_sigma']:.1f}σ (median "
            f"{t.quantiles()[1]:.1f}σ); this one is at the {100 * rank:.0f}th percentile. {published}")
