"""Exercises of notebook 02 (kinematics and form factors). References are computed from the library."""

from __future__ import annotations

from ..physics.comparison import sigma_total_helm_radius
from ..physics.constants import HBARC_MEV_FM
from ..physics.cross_section import sigma_total
from ..physics.form_factors import helm_rms_radius_fm
from ..physics.kinematics import q_mev, t_max_kev
from ..physics.nuclei import get_nucleus
from . import Exercise

#: Names the notebook's set-up cell defines (check() says "run the set-up cell first" when they are missing).
SETUP_NAMES = ("sigma_total", "q_mev", "t_max_kev")


def _q_max_r(enu_mev: float, nucleus: str) -> float:
    a = get_nucleus(nucleus).A
    return float(q_mev(t_max_kev(enu_mev, nucleus), nucleus) * helm_rms_radius_fm(a) / HBARC_MEV_FM)


EXERCISES = [
    Exercise(
        id="02.1",
        question="A reactor antineutrino of 8 MeV scatters on ⁷⁶Ge. What is the largest recoil energy T_max in keV? "
                 "(M(⁷⁶Ge) ≈ 70 700 MeV.)",
        reference=lambda: float(t_max_kev(8.0, "Ge76")),
        hint="T_max = 2E²/(M + 2E) with E and M in MeV gives MeV; multiply by 1000 for keV.",
        rtol=0.02,
        solution="T_max = 2·8²/(70 700 + 16) MeV = 1.81×10⁻³ MeV = 1.8 keV — why reactor CEvNS needs sub-keV thresholds.",
        wrong_examples=(1810.0, 0.0018),
    ),
    Exercise(
        id="02.2",
        question="For ¹³³Cs at E_ν = 50 MeV compute q_max·R/ħc, with q_max = √(2M T_max) and R the Helm rms radius "
                 "(`helm_rms_radius_fm(133)`). Give a number.",
        reference=lambda: _q_max_r(50.0, "Cs133"),
        hint="T_max ≈ 2E²/M, so q_max ≈ 2E (in MeV). Divide q·R by ħc = 197.327 MeV·fm.",
        rtol=0.02,
        solution="q_max ≈ 2E = 100 MeV; R = 4.80 fm; qR = 100·4.80/197.3 ≈ 2.4 — well beyond qR ≈ 1: coherence is partly lost.",
    ),
    Exercise(
        id="02.3",
        question="What fraction of the point-nucleus cross section does the Helm form factor remove for ¹³³Cs at "
                 "29.8 MeV? Give 1 − σ_Helm/σ_point as a number between 0 and 1.",
        reference=lambda: float(1 - sigma_total(29.8, "Cs133", "helm") / sigma_total(29.8, "Cs133", "none")),
        hint="You need σ at the same energy twice: with the Helm form factor and for a point nucleus (no form "
             "factor). Read them from the recoil-spectrum widget's readout or use sigma_total's form-factor argument.",
        rtol=0.03,
        solution="σ_Helm = 1.70×10⁻³⁸ cm², σ_point = 2.13×10⁻³⁸ cm² → 1 − 0.80 = 0.20 (20%).",
        wrong_examples=(0.8, 20),
    ),
    Exercise(
        id="02.4",
        question="If the neutron rms radius of ¹³³Cs were 5.5 fm instead of the Lewin–Smith 4.80 fm, by what percentage "
                 "would σ at 50 MeV change? Give a signed percentage (e.g. −3 for a 3% decrease).",
        reference=lambda: float(100 * (sigma_total_helm_radius(50.0, "Cs133", 5.5)
                                       / sigma_total(50.0, "Cs133", "helm") - 1)),
        hint="Use the neutron-radius widget (move R_n to 5.50) and read the change at 50 MeV; the sign matters.",
        rtol=0.05,
        solution="σ(50 MeV) drops by about 14%: a bigger neutron cloud means a faster-falling form factor.",
        wrong_examples=(14.2, -6.4),
    ),
]
