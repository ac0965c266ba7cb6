"""Exercises of notebook 07 (what CEvNS is for). References are computed from the library."""

from __future__ import annotations

from ..bsm import magnetic_moment as mm
from ..bsm import nsi, sterile
from ..bsm import weak_mixing as wm
from . import Exercise

#: Names the notebook's set-up cell defines (check() says "run the set-up cell first" when they are missing).
SETUP_NAMES = ("mm", "nf", "nr", "nsi", "sterile", "wm")

EXERCISES = [
    Exercise(
        id="07.1",
        question="A counting experiment on ¹³³Cs (Z = 55, N = 78) cannot tell apart NSI couplings along the line "
                 "(2Z+N) ε^u + (Z+2N) ε^d = const. What is its slope dε^d/dε^u? Give a number.",
        reference=lambda: nsi.band_slope("Cs133"),
        hint="Keep Q_W(ε) = Q_W − 2[(2Z+N)ε^u + (Z+2N)ε^d] constant and solve for ε^d. Mind the sign.",
        rtol=0.01,
        solution="dε^d/dε^u = −(2Z+N)/(Z+2N) = −188/211 = −0.891: up and down quarks enter almost equally "
                 "because a nucleus has almost as many u as d quarks.",
        wrong_examples=(0.891, -1.12),
    ),
    Exercise(
        id="07.2",
        question="If sin²θ_W were 0.30 instead of 0.2386, by what factor would the CEvNS rate on CsI change? "
                 "(Use Q_W = N − (1 − 4 sin²θ_W) Z for Cs and I, weighted by their SM rates.)",
        reference=lambda: float(wm.rate_factor("CsI", 0.30)),
        hint="Compute (Q_W(0.30)/Q_W(0.2386))² for Cs and for I; they are nearly equal, so one nucleus is a good guess.",
        rtol=0.02,
        solution="Q_W(Cs) goes from 75.5 to 89.0, so the rate grows by (89.0/75.5)² ≈ 1.39 (I: similar). A 30% rate "
                 "measurement therefore pins sin²θ_W to about ±0.05.",
        wrong_examples=(1.18, 1.0),
    ),
    Exercise(
        id="07.3",
        question="For μ_ν = 3×10⁻⁹ μ_B and E_ν = 30 MeV on ¹³³Cs, what is the ratio of the magnetic-moment cross "
                 "section to the weak one at T = 1 keV (ignore form factors)?",
        reference=lambda: float(mm.em_to_weak_ratio(30.0, 1.0, "Cs133", 3e-9)),
        hint="Ratio = [πα²μ²/m_e² (1/T − 1/E) Z²] / [G_F² M/(4π) Q_W² (1 − MT/2E² − T/E)] in natural units; "
             "μ in units of μ_B.",
        rtol=0.03,
        solution="≈ 2.4: at 1 keV the magnetic term would exceed the weak one, at 10 keV it is ~25× smaller. "
                 "This is why a low threshold is what buys sensitivity to μ_ν.",
        wrong_examples=(0.27, 24.0),
    ),
    Exercise(
        id="07.4",
        question="A sterile neutrino with Δm² = 1 eV² and sin²2θ_μμ = 0.1: what fraction of the prompt ν_μ "
                 "(29.8 MeV) survive the 19.3 m to the CsI detector?",
        reference=lambda: float(sterile.survival_probability(sterile.E_PROMPT_MEV, 19.3, 1.0, 0.1)),
        hint="P = 1 − sin²2θ · sin²(1.267 Δm² L/E) with L in m and E in MeV (the angle is in radians).",
        rtol=0.002,
        solution="1.267·1·19.3/29.79 = 0.821 rad; sin² = 0.535; P = 1 − 0.0535 = 0.946. A 5% effect on one third "
                 "of the flux: invisible in a rate known to 30%.",
        wrong_examples=(0.9, 0.5),
    ),
]
