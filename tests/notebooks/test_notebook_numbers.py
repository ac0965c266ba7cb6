"""Every number a notebook's Markdown (or a widget's "Try this:" prompt) states is checked against the library.

The registry :data:`CLAIMS` lists, per notebook, the sentence fragment exactly as written, the number it states,
the library expression that must produce it, and the tolerance the wording allows ("about", "~": ±10–15 %;
written digits: half a unit of the last digit). A sentence that is reworded without updating the registry
fails (the fragment is no longer found), and so does a library change that makes a sentence false.
Numbers that need the real release are checked in ``test_real_release_*`` (fixture ``release_dir``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest

from cevns_edu.bsm import nsi, sterile
from cevns_edu.bsm import weak_mixing as wm
from cevns_edu.experiment.detector import DetectorModel, predict
from cevns_edu.physics import run2017
from cevns_edu.physics import sources as S
from cevns_edu.physics.comparison import mass_for_same_rate_kg
from cevns_edu.physics.cross_section import sigma_ibd, sigma_nu_e_elastic, sigma_total, weak_charge
from cevns_edu.physics.kinematics import t_max_kev
from cevns_edu.widgets.detector import what_moves_the_number

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@dataclass(frozen=True)
class Claim:
    """One number stated in a notebook sentence."""

    notebook: str              # file name prefix, e.g. "01"
    fragment: str              # text as it appears in one Markdown cell (or "widget:<module>" prompt)
    stated: float              # the number the sentence states
    value: Callable[[], float]  # the library expression that must reproduce it
    rtol: float                # tolerance the wording allows


def _prediction(**kw: object) -> float:
    return float(predict(**kw).n_cevns)  # type: ignore[arg-type]


def _moves() -> dict[str, float]:
    rows = what_moves_the_number()
    base = rows[0][1]
    return {label: count / base - 1.0 for label, count in rows}


def _flux_ratio_to_b8() -> float:
    from cevns_edu.physics.astro_sources import B8_FLUX_PER_CM2_S  # deferred: only this claim needs it
    return float(S.total_flux_per_cm2_s(20.0) / B8_FLUX_PER_CM2_S)


def _floor_cliff_mass_gev() -> float:
    """WIMP mass [GeV] where the xenon floor falls through 10⁻⁴⁷ cm² (the drop from the ⁸B plateau)."""
    from scipy.optimize import brentq

    from cevns_edu.bsm import neutrino_floor as nf  # deferred: only these claims need it
    return float(brentq(lambda m: np.log(float(nf.neutrino_floor(m)) / 1e-47), 6.5, 10.0, xtol=0.01))


def _floor_low_factor_at_6_gev() -> float:
    from cevns_edu.bsm import neutrino_floor as nf
    return 4.19e-45 / float(nf.neutrino_floor(6.0))  # Billard et al. 2014 (NeutrinoFog digitisation) / ours


def _cevns_over_nue(e: float) -> float:
    return float(sigma_total(e, "Cs133") / sigma_nu_e_elastic(e, "e"))


CLAIMS: tuple[Claim, ...] = (
    # 00 · welcome
    Claim("00", "N grows 13× but σ grows about 150×", 150.0,
          lambda: float(sigma_total(29.8, "Cs133") / sigma_total(29.8, "C12")), 0.10),
    # 01 · coherence
    Claim("01", "$1 - 4\\sin^2\\theta_W = 0.046$", 0.046, lambda: 1 - 4 * 0.23857, 0.02),
    Claim("01", "reduce* the weak charge by only 3–4%", 0.035,
          lambda: 1 - weak_charge("Cs133", radiative=False) / 78, 0.2),
    Claim("01", "(78/22)² ≈ 12.6", 12.6, lambda: (78 / 22) ** 2, 0.005),
    # the radiative correction to Q_W (PDG couplings) against the tree-level formula the notebook teaches
    Claim("01", "from 75.49 to 76.57", 75.49, lambda: weak_charge("Cs133", radiative=False), 0.0002),
    Claim("01", "from 75.49 to 76.57", 76.57, lambda: weak_charge("Cs133"), 0.0002),
    Claim("01", "(1.4 %, so σ grows 2.9 %)", 1.4,
          lambda: 100 * (weak_charge("Cs133") / weak_charge("Cs133", radiative=False) - 1), 0.05),
    Claim("01", "(1.4 %, so σ grows 2.9 %)", 2.9,
          lambda: 100 * ((weak_charge("Cs133") / weak_charge("Cs133", radiative=False)) ** 2 - 1), 0.05),
    Claim("01", "hundreds of times IBD per proton", 300.0,
          lambda: float(sigma_total(15.0, "Cs133") / sigma_ibd(15.0)), 0.5),
    Claim("01", "3.6×10⁴ on ¹³³Cs at 15 MeV", 3.6e4, lambda: _cevns_over_nue(15.0), 0.02),
    Claim("01", "a few\n  ×10⁴ times ν–e per electron", 3.5e4, lambda: _cevns_over_nue(10.0), 0.5),
    Claim("01", "a few\n  ×10⁴ times ν–e per electron", 3.5e4, lambda: _cevns_over_nue(20.0), 0.5),
    Claim("01", "a couple of hundred kg of water for IBD", 200.0,
          lambda: mass_for_same_rate_kg(29.8, "ibd", "water"), 0.25),
    Claim("01", "**about 11 tons** of water", 11e3, lambda: mass_for_same_rate_kg(29.8, "nu-e", "water"), 0.1),
    # 02 · form factors
    Claim("02", "≈ **14 keV**", 14.0, lambda: float(t_max_kev(29.8, "Cs133")), 0.05),
    Claim("02", "at 29.8 MeV it costs ¹³³Cs about 20% of σ", 0.20,
          lambda: float(1 - sigma_total(29.8, "Cs133", "helm") / sigma_total(29.8, "Cs133", "none")), 0.1),
    # 03 · SNS source
    Claim("03", "**$4.2\\times10^7$ ν cm⁻² s⁻¹ in all**", 4.2e7, lambda: float(S.total_flux_per_cm2_s(20.0)), 0.012),
    Claim("03", "$1.7\\times10^{23}$ protons on target", 1.7e23, lambda: run2017.PROTONS_ON_TARGET, 0.04),
    Claim("03", "keeps ~91% of them", 0.91, lambda: S.fraction_in_window(0.0, 6.0, "delayed"), 0.01),
    Claim("03", "listens only 3.6×10⁻⁴ of the time", 3.6e-4, lambda: S.duty_factor(6.0), 0.01),
    Claim("03", "steady-state backgrounds shrink\n  ~2800×", 2800.0, lambda: 1 / S.duty_factor(6.0), 0.02),
    Claim("03", "0.8 μs × 60 Hz ≈ 5×10⁻⁵", 5e-5, lambda: S.duty_factor(), 0.1),
    Claim("03", "only ~8× the solar ⁸B flux", 8.0, _flux_ratio_to_b8, 0.1),
    Claim("03", "widget:source shut out 75 % of the background left by the 0–6 μs window", 0.75,
          lambda: 1 - S.duty_factor(1.5) / S.duty_factor(6.0), 0.005),
    # 04 · detector
    Claim("04", "makes on average **11.7 photoelectrons**", 11.7, lambda: float(DetectorModel().mean_pe(10.0)), 0.005),
    Claim("04", "a **19% uncertainty**", 0.19, lambda: DetectorModel().qf_unc / DetectorModel().qf, 0.03),
    Claim("04", "About **1100 nuclei** were kicked", 1100.0, lambda: float(predict().n_recoils), 0.1),
    Claim("04", "Of ~1100 recoils only ~170 are accepted", 170.0, lambda: _prediction(t_range_us=(0.0, 12.0)), 0.05),
    Claim("04", "moves the count by ~22%", 0.22,
          lambda: predict().components["quenching_factor"] / predict().n_cevns, 0.1),
    Claim("04", "contribute ~6%", 0.06, lambda: predict().components["acceptance"] / predict().n_cevns, 0.15),
    Claim("04", "leaves ≈ 168 events in all", 168.0, lambda: _prediction(t_range_us=(0.0, 12.0)), 0.006),
    Claim("04", "≈ 156 in 6 ≤ PE < 30", 156.0, lambda: _prediction(t_range_us=(0.0, 6.0)), 0.006),
    Claim("04", "at $n$ instead of $n-\\tfrac12$ PE adds ~6%", 0.06,
          lambda: _moves()["acceptance at n PE instead of n − ½"], 0.15),
    Claim("04", "at $n+\\tfrac12$, ~13%", 0.13, lambda: _moves()["acceptance at n + ½ PE"], 0.1),
    Claim("04", "Klein–Nystrand gives ~6% fewer events", -0.06,
          lambda: _moves()["Klein–Nystrand form factor"], 0.15),
    Claim("04", "1 GeV per proton (1.68×10²³ instead of\n  the published 1.76×10²³) lose ~5%", -0.05,
          lambda: _moves()["protons on target at 1 GeV/proton (1.68×10²³)"], 0.1),
    Claim("04", "the tree-level weak charge instead of the radiatively corrected one, ~3%", -0.03,
          lambda: _moves()["tree-level weak charge (no radiative corrections)"], 0.1),
    Claim("04", "would add 50%", 0.50, lambda: _moves()["acceptance plateau a = 1 (perfect above threshold)"], 0.05),
    # 05 · backgrounds
    Claim("05", "duty factor\n  ≈ 7×10⁻⁴", 7e-4, lambda: S.duty_factor(12.0), 0.05),
    Claim("05", "keeps ~93 % of CEvNS", 0.93,
          lambda: _prediction(t_range_us=(0.0, 6.0)) / _prediction(t_range_us=(0.0, 12.0)), 0.02),
    # 07 · new physics
    Claim("07", "$-(2Z+N)/(Z+2N)\\approx -0.89$", -0.89, lambda: nsi.band_slope("Cs133"), 0.006),
    Claim("07", "$d\\ln R/d\\sin^2\\theta_W = 8Z/Q_W \\approx 6$", 6.0,
          lambda: (wm.rate_factor("CsI", 0.2396) - wm.rate_factor("CsI", 0.2376)) / 0.002, 0.1),
    Claim("07", "only to $\\sin^22\\theta \\approx 0.63$", 0.63,
          lambda: float(np.min(sterile.excluded_sin2_2theta(0.30, np.geomspace(0.1, 100.0, 2000)))), 0.01),
    Claim("07", "$\\Delta m^2 \\approx 2$ eV²", 2.0,
          lambda: float(np.geomspace(0.1, 100.0, 2000)[np.argmin(sterile.excluded_sin2_2theta(
              0.30, np.geomspace(0.1, 100.0, 2000)))]), 0.15),
    Claim("07", "starts to probe $\\sin^22\\theta\\sim0.1$", 0.1,
          lambda: float(np.min(sterile.excluded_sin2_2theta(0.05, np.geomspace(0.1, 100.0, 2000)))), 0.1),
    Claim("07", "a factor ~2 low at 6 GeV", 2.0, _floor_low_factor_at_6_gev, 0.15),
    Claim("07", "comes at ~8 GeV instead of", 8.0, _floor_cliff_mass_gev, 0.1),
)


def _markdown(prefix: str) -> str:
    (path,) = NOTEBOOKS.glob(f"{prefix}_*.ipynb")
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _text(claim: Claim) -> tuple[str, str]:
    if claim.fragment.startswith("widget:source "):
        src = (Path(S.__file__).resolve().parents[1] / "widgets" / "source.py").read_text(encoding="utf-8")
        return " ".join(src.replace('"\n', " ").replace('"', " ").split()), " ".join(
            claim.fragment.removeprefix("widget:source ").split())
    return _markdown(claim.notebook), claim.fragment


@pytest.mark.parametrize("claim", CLAIMS, ids=[f"{c.notebook}:{c.fragment[:40]}" for c in CLAIMS])
def test_sentence_states_the_library_number(claim: Claim) -> None:
    text, fragment = _text(claim)
    assert fragment in text, f"notebook {claim.notebook}: sentence fragment {fragment!r} not found (reworded?)"
    value = float(claim.value())
    assert abs(value - claim.stated) <= claim.rtol * abs(claim.stated), (
        f"notebook {claim.notebook} states {claim.stated:g} in {fragment!r}; the library gives {value:.4g} "
        f"(allowed ±{100 * claim.rtol:g} %)")


def test_the_four_audited_sentences_are_gone() -> None:
    """Issue 12: the four statements that contradicted the course's own numbers."""
    src = (Path(S.__file__).resolve().parents[1] / "widgets" / "source.py").read_text(encoding="utf-8")
    ff = (Path(S.__file__).resolve().parents[1] / "widgets" / "form_factors.py").read_text(encoding="utf-8")
    assert "~95%" not in src
    assert "no curve dips below" not in _markdown("07")
    assert "10⁵ times ν–e" not in _markdown("01")
    assert "COHERENT's data prefer" not in ff and "Cadeddu" in ff


def test_real_release_claims(release_dir: Path) -> None:
    """Notebook 02 and the neutron-radius prompt state this course's R_n fit on the real release: ≈ 5.3 fm."""
    from cevns_edu.data import load_release  # deferred: the real-data path
    from cevns_edu.widgets import bsm as B

    rn = B.rn_figure(B.likelihood_for(load_release(release_dir)))[1]
    assert "≈ 5.3 fm (4.3–6.1 fm at 1σ)" in _markdown("02")
    assert abs(rn.best - 5.3) <= 0.05
    lo, hi = rn.interval_1sigma
    assert abs(lo - 4.3) <= 0.05 and abs(hi - 6.1) <= 0.05


def test_real_release_variant_sentence(release_dir: Path) -> None:
    """Notebook 06 states the variant fits on the real release; each number within its last digit."""
    from cevns_edu.data import load_release  # deferred: the real-data path
    from cevns_edu.experiment.fit import VARIANTS, compare_variants

    md = _markdown("06")
    fits = dict(compare_variants(load_release(release_dir)))
    labels = list(VARIANTS)
    for label, n, z in ((labels[0], 134.1, 6.52), (labels[1], 135.5, 6.70), (labels[3], 148.8, 7.72)):
        assert f"{n:.1f}" in md and f"{z:.2f}σ" in md
        assert abs(fits[label].n_cevns - n) <= 0.05 and abs(fits[label].significance_sigma - z) <= 0.005, label
    nin = fits[labels[4]]
    assert "costs 3.1 events (6.35σ)" in md
    assert abs(fits[labels[0]].n_cevns - nin.n_cevns - 3.1) <= 0.05 and abs(nin.significance_sigma - 6.35) <= 0.005
    assert "the whole remaining 0.18σ" in md
    assert abs(fits[labels[1]].significance_sigma - fits[labels[0]].significance_sigma - 0.18) <= 0.005
    assert "the data pull the slope 1.2σ steeper" in md and abs(fits[labels[0]].values["alpha_ss_time"] - 1.2) <= 0.05
