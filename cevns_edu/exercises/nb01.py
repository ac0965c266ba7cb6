"""Exercises of notebook 01 (coherence). References are computed from the library."""

from __future__ import annotations

from ..physics.comparison import mass_for_same_rate_kg
from ..physics.cross_section import sigma_ibd, sigma_total, weak_charge
from . import Exercise

#: Names the notebook's set-up cell defines (check() says "run the set-up cell first" when they are missing).
SETUP_NAMES = ("sigma_ibd", "sigma_total", "weak_charge", "detector_mass_comparison")

EXERCISES = [
    Exercise(
        id="01.1",
        question="Compute the weak charge Q_W = N − (1 − 4 sin²θ_W) Z of ⁴⁰Ar (Z = 18, N = 22) with "
                 "sin²θ_W = 0.23857. Give a number.",
        reference=lambda: weak_charge("Ar40", radiative=False),  # the tree-level formula the question states
        hint="Work out the bracket (1 − 4 sin²θ_W) first: it is much smaller than 1, so the protons barely count. "
             "Then subtract Z times it from N.",
        rtol=0.002,
        solution="Q_W = 22 − (1 − 4·0.23857)·18 = 22 − 0.0457·18 = 21.18.",
        wrong_examples=(22, 18, 40, 3.82),
    ),
    Exercise(
        id="01.2",
        question="Predict σ(¹³³Cs)/σ(⁴⁰Ar) at 29.8 MeV for point nuclei from σ ∝ Q_W² alone (no form factor). "
                 "Check it with the N² widget (point-nucleus setting). Give a number.",
        reference=lambda: float(sigma_total(29.8, "Cs133", "none") / sigma_total(29.8, "Ar40", "none")),
        hint="σ ∝ Q_W², so the ratio of cross sections is the SQUARE of a ratio — of the weak charges, not of N. "
             "Compute Q_W for each nucleus as in exercise 01.1 (or with weak_charge()).",
        # 0.8 %: accepts the tree-level (75.49/21.18)² = 12.71 (−0.4 % from the radiatively corrected 12.76) and
        # rejects the misconception the hint names, (N_Cs/N_Ar)² = (78/22)² = 12.57 (−1.5 %)
        rtol=0.008,
        solution="(Q_W(Cs)/Q_W(Ar))² = (75.49/21.18)² ≈ 12.7; the full calculation (radiatively corrected weak "
                 "charges) gives 12.76 (the nuclear mass enters only through tiny kinematic corrections at 29.8 MeV). "
                 "(78/22)² = 12.57 is the ratio of N², not of Q_W².",
        wrong_examples=(3.55, 3.56, 78 / 22, (78 / 22) ** 2, 12.6, 12.57),
    ),
    Exercise(
        id="01.3",
        question="At a supernova-like energy of 15 MeV, how many times larger is the CEvNS cross section on one "
                 "¹³²Xe nucleus than the IBD cross section on one proton? Give a number.",
        reference=lambda: float(sigma_total(15.0, "Xe132", "helm") / sigma_ibd(15.0)),
        hint="Read both σ values at 15 MeV from the comparison widget (choose ¹³²Xe) — or compute them with the "
             "CEvNS and IBD cross-section functions of cevns_edu.physics.cross_section — and divide.",
        rtol=0.05,
        solution="σ_CEvNS(Xe132, 15 MeV, Helm) ≈ 5.1×10⁻³⁹ cm², σ_IBD(15 MeV) ≈ 1.8×10⁻⁴¹ cm²: ratio ≈ 290.",
    ),
    Exercise(
        id="01.4",
        question="For the same flux of 29.8 MeV neutrinos, what mass of water (in kg) detects as many ν–e "
                 "elastic scatters as COHERENT's 14.57 kg of CsI detects CEvNS events? Give a number in kg.",
        reference=lambda: mass_for_same_rate_kg(29.8, "nu-e", "water"),
        hint="Rate ∝ σ × (targets per kg) × mass. Water has 10 electrons per 18.015 g/mol molecule; CsI has one Cs "
             "and one I nucleus per 259.8 g/mol. Or use cevns_edu.physics.comparison.detector_mass_comparison().",
        rtol=0.03,
        solution="σ per kg: CsI (CEvNS) 7.5×10⁻¹⁴ cm²/kg; water (ν_e–e) 9.7×10⁻¹⁷ cm²/kg. "
                 "Mass = 14.57 kg × 7.5×10⁻¹⁴ / 9.7×10⁻¹⁷ ≈ 1.1×10⁴ kg = 11 tons.",
    ),
]

