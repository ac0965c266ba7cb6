"""Exercises of notebook 06 (the fit).

References are computed from the library, on the data the notebook shows (``release_or_replica()``: the
real release when present, else the seeded replica).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..core.binning import region_mask
from ..data import Release
from ..experiment.fit import fit_release
from ..experiment.replica import release_or_replica
from . import Exercise

#: Names the notebook's set-up cell defines (check() says "run the set-up cell first" when they are missing).
SETUP_NAMES = ("fit_release", "release_or_replica")


@lru_cache(maxsize=1)
def _release() -> Release:
    return release_or_replica()


def _window_counts() -> tuple[int, int]:
    m = region_mask()
    r = _release()
    return int(r.counts["C_on"][m].sum()), int(r.counts["AC_on"][m].sum())


def _excess() -> int:
    c, ac = _window_counts()
    return c - ac


def _naive_z() -> float:
    c, ac = _window_counts()
    return float((c - ac) / np.sqrt(c + ac))


def _mu() -> float:
    return fit_release(_release(), minos=False).signal_strength


EXERCISES = [
    Exercise(
        id="06.1",
        question="Counting only: how many more events does the coincidence (C) window hold than the "
                 "anti-coincidence (AC) window in the analysis region (6 ≤ PE < 30, 0 ≤ t < 6 μs), beam on? "
                 "Give an integer.",
        reference=_excess,
        hint="Sum rel.counts['C_on'] and rel.counts['AC_on'] over region_mask() (from cevns_edu.core.binning) "
             "and subtract.",
        solution="N_C − N_AC in the window (real data: 547 − 405 = 142). It already contains the prompt and "
                 "ν-induced neutrons, so the CEvNS count from the fit is a little lower.",
    ),
    Exercise(
        id="06.2",
        question="A first guess of the significance: (N_C − N_AC)/√(N_C + N_AC), the excess over its Poisson "
                 "error. Give a number. Is it larger or smaller than the fit's significance — and why?",
        reference=_naive_z,
        hint="The error of a difference of two Poisson counts is √(N_C + N_AC).",
        rtol=0.02,
        solution="Real data: 142/√952 ≈ 4.6σ. The fit does better because it uses *where* the events are: CEvNS "
                 "piles up at early times and low PE, the steady-state background spreads evenly, so bins with "
                 "little background carry more weight.",
    ),
    Exercise(
        id="06.3",
        question="With Wilks' theorem, Z = √Δ(2 lnL). How large must Δ(2 lnL) between N = 0 and the best fit "
                 "be for a 5σ discovery? Give a number.",
        reference=lambda: 25.0,
        hint="Solve Z = √Δ(2 lnL) for Δ(2 lnL), then put in the significance a discovery needs.",
        rtol=0.01,
        solution="Δ(2 lnL) = Z² = 25.",
    ),
    Exercise(
        id="06.4",
        question="Signal strength: divide the fitted N_CEvNS by this course's Standard-Model prediction in the "
                 "same window (both printed by the fit). Give a number.",
        reference=_mu,
        hint="Both numbers are in the fit result printed above (the fitted CEvNS count and the SM prediction in "
             "the window); a value near 1 means agreement with the Standard Model.",
        rtol=0.03,
        solution="Real data: ≈ 131/145 ≈ 0.9, i.e. compatible with 1 (the Standard Model) within the ≈ 17% "
                 "statistical error and the ≈ 25% QF uncertainty of the prediction.",
    ),
]
