"""Exercises of notebook 05 (backgrounds and cuts).

References are computed from the library, on the same data the notebook shows (real release when present,
else the seeded replica).
"""

from __future__ import annotations

from ..core.binning import WINDOW_US, region_mask
from ..experiment.backgrounds import brn_from_release
from ..experiment.replica import release_or_replica
from ..physics.sources import duty_factor
from . import Exercise

#: Names the notebook's set-up cell defines (check() says "run the set-up cell first" when they are missing).
SETUP_NAMES = ("bg", "region_mask", "duty_factor")


def _excess() -> int:
    r = release_or_replica()
    return r.region_counts("C_on") - r.region_counts("AC_on")


EXERCISES = [
    Exercise(
        id="05.1",
        question="How many beam-related prompt-neutron events are expected in the analysis region "
                 "(6 ≤ PE < 30, 0 ≤ t < 6 μs)? Use `brn_from_release(rel)` and `region_mask()`. Give a number.",
        reference=lambda: float(brn_from_release(release_or_replica())[region_mask()].sum()),
        hint="brn_from_release(rel) is a (25, 24) array of expected counts; sum it where region_mask() is True.",
        rtol=0.03,
        solution="promptPDF × acceptance × 7.48 GW·hr summed over 6–30 PE ≈ 5.5 events; ≈ 98 % of them arrive "
                 "in 0–6 μs, so ≈ 5.4 events (±25 %): small next to ≈ 400 steady-state events.",
        wrong_examples=(7.6, 0.0, 405),
    ),
    Exercise(
        id="05.2",
        question="How many more events does the coincidence window hold than the anti-coincidence window "
                 "in the analysis region, beam on (C − AC)? Give an integer.",
        reference=_excess,
        hint="rel.region_counts('C_on') and rel.region_counts('AC_on') count the events in the analysis region.",
        rtol=0.0, atol=0.5,
        solution="Real data: 547 − 405 = 142 (the replica with seed 2017: 522 − 398 = 124). The excess is CEvNS "
                 "plus a few beam-related neutrons, with a statistical uncertainty ≈ √(547 + 405) ≈ 31.",
        wrong_examples=(547, 405, 0),
    ),
    Exercise(
        id="05.3",
        question="The detector records 12 μs after each of the SNS's 60 pulses per second. What fraction of the "
                 "time is it listening (the 'duty factor')? Give a number.",
        reference=lambda: duty_factor(WINDOW_US),
        hint="Fraction = (window length in seconds) × (pulses per second).",
        rtol=0.01,
        solution="12×10⁻⁶ s × 60 s⁻¹ = 7.2×10⁻⁴: the steady-state background is suppressed by ~1400 compared "
                 "with a continuous measurement, while every beam neutrino arrives inside the window.",
        wrong_examples=(720, 0.072, 12 / 60),
    ),
]
