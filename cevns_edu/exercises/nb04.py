"""Exercises of notebook 04 (the detector and the predicted count). References are computed from the library."""

from __future__ import annotations

from ..experiment.detector import DetectorModel, acceptance, predict
from . import Exercise

#: Accepted spellings of each uncertainty source of 04.4 (compared after casefolding and dropping "the ").
SOURCE_SYNONYMS = {
    "quenching factor": ("quenching factor", "quenching", "qf", "quenching factor (qf)", "quenching_factor"),
    "neutrino flux": ("neutrino flux", "flux", "neutrino_flux", "nu flux", "ν flux"),
    "acceptance": ("acceptance", "acceptance efficiency", "efficiency"),
    "light yield": ("light yield", "ly", "light_yield"),
    "form factor": ("form factor", "ff", "form_factor"),
    "pe bin convention": ("pe bin convention", "pe-bin convention", "pe_bin_convention"),
}


def _same_source(answer: object, reference: object) -> bool:
    """Whether ``answer`` names the uncertainty source ``reference`` (any spelling of :data:`SOURCE_SYNONYMS`)."""
    if not isinstance(answer, str):
        return False
    text = " ".join(answer.strip().casefold().split())
    text = text.removeprefix("the ").strip(" .!")
    return text in SOURCE_SYNONYMS.get(str(reference), (str(reference),))

#: Names the notebook's set-up cell defines (check() says "run the set-up cell first" when they are missing).
SETUP_NAMES = ("DetectorModel", "predict")

EXERCISES = [
    Exercise(
        id="04.1",
        question="A ¹³³Cs nucleus recoils with T = 10 keV. With QF = 0.0878 and a light yield of 13.348 PE/keVee, "
                 "how many photoelectrons does it make on average?",
        reference=lambda: float(DetectorModel().mean_pe(10.0)),
        hint="First convert to electron-equivalent energy (E_ee = QF × T, in keVee), then multiply by the light yield.",
        rtol=0.01,
        solution="E_ee = 0.0878 × 10 = 0.878 keVee; μ = 13.348 × 0.878 = 11.7 PE.",
        wrong_examples=(133.48, 1.17, 0.878),
    ),
    Exercise(
        id="04.2",
        question="What is the release's acceptance for the 10-PE bin (evaluated at its centre, 9.5 PE)? Give a "
                 "number between 0 and 1.",
        reference=lambda: float(acceptance(9.5)),
        hint="The release's acceptance is a logistic curve a/(1 + exp(−k(x − x₀))) times a step H at the threshold; "
             "its parameters are the acc_a, acc_k, acc_x0 of DetectorModel() (or the release's parameter file).",
        rtol=0.01,
        solution="0.6655/(1 + exp(−0.4942 × (9.5 − 10.8507))) = 0.6655/(1 + 1.949) = 0.226.",
        wrong_examples=(0.6655, 0.338, 0.5),
    ),
    Exercise(
        id="04.3",
        question="How many CEvNS events does the library predict for 6 ≤ PE < 30 if the quenching factor were "
                 "0.0712 (1σ low) instead of 0.0878? Use the widget or `predict`.",
        reference=lambda: predict(DetectorModel(qf=0.0712)).n_cevns,
        hint="Move the quenching-factor slider down by 1σ and read the count in the readout — or give a "
             "DetectorModel with that QF to predict().",
        rtol=0.03,
        solution="≈ 118 events (vs 156 at the nominal QF): −25% for −19% in QF — the threshold makes the count "
                 "more sensitive than proportional.",
    ),
    Exercise(
        id="04.4",
        question="Which single input dominates the uncertainty of the predicted count? Answer one of: "
                 "'quenching factor', 'neutrino flux', 'acceptance', 'light yield'.",
        reference=lambda: max(predict().components.items(), key=lambda kv: kv[1])[0].replace("_", " "),
        hint="Look at the uncertainty-budget bars next to the PE spectrum. Answer with the input's name as text in "
             "quotes, e.g. 'light yield' (abbreviations such as 'QF' are accepted too).",
        compare=_same_source,
        solution="The quenching factor (~22%), then the neutrino flux (10%), the acceptance (~6%); the light yield "
                 "is negligible.",
        wrong_examples=("neutrino flux", "acceptance", "light yield", "the flux", "LY", 0.22),
    ),
]
