"""Exercises of notebook 08 (argon, and N² from two detectors).

References are computed from the library, on what the notebook shows (``release_or_replica``: the real releases when present, else the seeded replicas).
"""

from __future__ import annotations

from ..experiment.argon import xsec
from ..experiment.argon.fit import fit_argon
from ..experiment.argon.model import ArgonDetector
from ..experiment.argon.replica import release_or_replica
from . import Exercise

#: Names the notebook's set-up cell defines (check() says "run the set-up cell first" when they are missing).
SETUP_NAMES = ("xsec", "fit_argon", "shape_systematics", "argon_data", "csi_data", "fit_release")


def _visible_kevee(t_kevnr: float = 20.0) -> float:
    return float(ArgonDetector().quenching(t_kevnr) * t_kevnr)


EXERCISES = [
    Exercise(
        id="08.1",
        question="An argon nucleus recoils with T = 20 keVnr. With the release's quenching factor QF = a + b·T "
                 "(a = 0.246, b = 0.00078 per keVnr), how much energy does the detector see, in keVee?",
        reference=_visible_kevee,
        hint="Visible energy = QF(T) · T; evaluate QF at T = 20 keVnr first.",
        rtol=0.01,
        solution="QF(20) = 0.246 + 0.00078·20 = 0.2616, so E = 0.2616 · 20 = 5.23 keVee — about three times more "
                 "visible energy per keV of recoil than in CsI[Na] (QF ≈ 0.09).",
        wrong_examples=(4.92, 20.0, 0.2616),
    ),
    Exercise(
        id="08.2",
        question="The N² law alone: what ratio ⟨N²⟩_Ar / ⟨N²⟩_CsI does it predict for the cross sections per "
                 "nucleus? (⁴⁰Ar has N = 22; CsI has one ¹³³Cs, N = 78, and one ¹²⁷I, N = 74.)",
        reference=lambda: xsec.mean_n_squared("Ar") / xsec.mean_n_squared("CsI"),
        hint="Average N² over the nuclei of each target: for CsI (78² + 74²)/2; for argon essentially 22².",
        rtol=0.01,
        solution="⟨N²⟩_Ar ≈ 483 (natural argon: 99.6% ⁴⁰Ar), ⟨N²⟩_CsI = (6084 + 5476)/2 = 5780; ratio 0.084. The "
                 "Standard Model gives 0.097: the lighter argon nucleus loses less to the form factor and receives "
                 "larger recoils.",
        wrong_examples=(0.29, 0.0975, 12.0),
    ),
    Exercise(
        id="08.3",
        question="If the SNS made 10% more neutrinos than assumed, by what factor would the measured ⟨σ⟩ of argon "
                 "change? And the ratio σ_Ar/σ_CsI? Give the argon factor.",
        reference=lambda: 1.0 / 1.1,
        hint="⟨σ⟩_meas = (N_fit / N_SM)·⟨σ⟩_SM and N_SM is proportional to the flux.",
        rtol=0.005,
        solution="N_SM grows by 1.1, so ⟨σ⟩_meas falls by 1/1.1 = 0.909 — for CsI too, so the ratio does not change "
                 "(factor 1): the common flux normalisation cancels.",
        wrong_examples=(1.1, 1.0, 0.9 * 0.9),
    ),
    Exercise(
        id="08.4",
        question="Read the argon fit of this notebook (without shape nuisances): how many standard deviations is "
                 "it from 'no CEvNS'? Give the number to one decimal.",
        reference=lambda: fit_argon(release_or_replica(), shape_nuisances=False).significance_sigma,
        hint="It is printed under the fit, and in the fit panel's readout with the box unticked.",
        rtol=0.0,
        atol=0.051,
        solution="On the simulated replica ≈ 4.5σ; the published real-data fit gives 3.5σ (159 ± 43 events). "
                 "Every replica is one random draw: its significance scatters by about ±1σ around the expected one.",
        wrong_examples=(3.5, 6.7),
    ),
]
