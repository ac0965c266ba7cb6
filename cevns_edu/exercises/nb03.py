"""Exercises of notebook 03 (the SNS source). References are computed from the library."""

from __future__ import annotations

from ..physics import sources as S
from . import Exercise

#: Names the notebook's set-up cell defines (check() says "run the set-up cell first" when they are missing).
SETUP_NAMES = ("S",)

EXERCISES = [
    Exercise(
        id="03.1",
        question="A π⁺ at rest decays into μ⁺ + ν_μ. Using m_π = 139.570 MeV and m_μ = 105.658 MeV and energy–momentum "
                 "conservation, compute the ν_μ energy in MeV.",
        reference=lambda: S.E_PROMPT_MEV,
        hint="Two-body decay at rest: the ν and the μ have equal and opposite momenta p, and E_ν = p. "
             "Solve m_π = p + √(p² + m_μ²) for p.",
        rtol=0.002,
        solution="p = (m_π² − m_μ²)/(2 m_π) = (19479.8 − 11163.6)/279.14 = 29.79 MeV.",
        wrong_examples=(33.9, 69.8, 52.8),
    ),
    Exercise(
        id="03.2",
        question="What is the total π-DAR neutrino flux (all three flavours, ν cm⁻² s⁻¹) at 30 m from the SNS "
                 "target for a 1.4 MW beam of 1 GeV protons?",
        reference=lambda: float(S.total_flux_per_cm2_s(30.0)),
        hint="Protons per second = power / (1 GeV in joules); each makes 0.08 ν of each flavour; spread them over "
             "a sphere of area 4πL² (in cm²). Or scale the 20 m value by (20/30)².",
        rtol=0.03,
        solution="8.74×10¹⁵ p/s × 3 × 0.08 / (4π (3000 cm)²) = 1.85×10⁷ ν cm⁻² s⁻¹.",
        wrong_examples=(4.17e7, 6.2e6, 2.78e7),
    ),
    Exercise(
        id="03.3",
        question="COHERENT keeps the events that arrive within 0–6 μs after each of the 60 pulses per second. "
                 "What fraction of the time is the detector 'listening' (the duty factor)?",
        reference=lambda: S.duty_factor(6.0),
        hint="Duty factor = (pulses per second) × (window length in seconds).",
        rtol=0.01,
        solution="60 s⁻¹ × 6×10⁻⁶ s = 3.6×10⁻⁴: steady-state backgrounds are ~2800× smaller than without the beam clock.",
        wrong_examples=(6e-6, 1e-4, 0.36),
    ),
    Exercise(
        id="03.4",
        question="Use the time-window widget (or `fraction_in_window`): what fraction of the DELAYED neutrinos "
                 "(ν_e + ν̄_μ) arrive within the 0–6 μs window? Give a number between 0 and 1.",
        reference=lambda: S.fraction_in_window(0.0, 6.0, "delayed"),
        hint="The delayed neutrinos come from muon decays, which start around the beam pulse and fall off "
             "exponentially with the muon lifetime: which fraction of an exponential decay is over by the end "
             "of the window? (Or move the time-window widget and read it off.)",
        rtol=0.01,
        solution="≈ 1 − exp(−(6 − 0.7)/2.197) ≈ 0.91 (the model gives 0.91).",
        wrong_examples=(1.0, 0.66, 0.5),
    ),
]
