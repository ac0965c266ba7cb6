"""cevns_edu.physics.comparison: per-kg cross sections, the "kg, not tons" masses, σ(R_n)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cevns_edu.physics.comparison import (
    COHERENT_CSI_MASS_KG,
    detector_mass_comparison,
    electrons_per_kg,
    mass_for_same_rate_kg,
    sigma_per_kg_cm2,
    sigma_total_helm_radius,
    water_targets_per_kg,
)
from cevns_edu.physics.constants import N_AVOGADRO
from cevns_edu.physics.cross_section import sigma_total
from cevns_edu.physics.form_factors import helm_rms_radius_fm


def test_water_targets_independent_count():
    # 1 kg / 18.015 g/mol × N_A = 3.343e25 molecules (CRC Handbook molar mass); 2 H and 10 e⁻ each; 0.1%
    molecules = 1000 / 18.015 * 6.02214076e23
    t = water_targets_per_kg()
    assert t["free_protons"] == pytest.approx(2 * molecules, rel=1e-3)
    assert t["electrons"] == pytest.approx(10 * molecules, rel=1e-3)
    assert electrons_per_kg("water") == t["electrons"]


def test_electrons_in_csi():
    # CsI: 55 + 53 = 108 electrons per 259.81 g/mol (IUPAC atomic weights 132.905 + 126.904); 0.1%
    assert electrons_per_kg("CsI") == pytest.approx(108 * 1000 / 259.81 * N_AVOGADRO, rel=1e-3)


def test_sigma_per_kg_cevns_csi_is_sum_over_cs_and_i():
    # independent: one Cs and one I per 259.81 g/mol; σ from the core; 0.1%
    per_kg = 1000 / 259.81 * N_AVOGADRO
    expected = per_kg * (sigma_total(29.8, "Cs133") + sigma_total(29.8, "I127"))
    assert sigma_per_kg_cm2(29.8, "cevns", "CsI") == pytest.approx(expected, rel=1e-3)


def test_sigma_per_kg_ibd_and_nue_water():
    # independent: targets counted by hand (1 kg / 18.015 g/mol × N_A = 3.3428e25 molecules: 2 free protons and
    # 10 electrons each) times published per-target cross sections at E_ν = 30 MeV.
    molecules = 1000 / 18.015 * 6.02214076e23
    # IBD, Vogel & Beacom, PRD 60, 053003 (1999), zeroth order: 9.52e-44 cm² E_e p_e / MeV², E_e = 30 − 1.293 MeV,
    # p_e = √(E_e² − 0.511²) → 7.843e-41 cm² per proton; 1 % (the prefactor's quoted precision)
    ee = 30.0 - 1.293
    ibd = 9.52e-44 * ee * np.sqrt(ee**2 - 0.511**2)
    assert sigma_per_kg_cm2(30.0, "ibd", "water") == pytest.approx(2 * molecules * ibd, rel=0.01)
    # ν_e–e elastic ≈ 9.5e-45 cm² × E_ν/MeV (Marciano & Parsa, J. Phys. G 29, 2629 (2003)); 8 % (the round figure)
    assert sigma_per_kg_cm2(30.0, "nu-e", "water") == pytest.approx(10 * molecules * 9.5e-45 * 30.0, rel=0.08)


def test_kg_not_tons():
    rows = detector_mass_comparison(29.8)
    assert rows[0].mass_kg == pytest.approx(COHERENT_CSI_MASS_KG, rel=1e-12)
    # CEvNS wins per kg by > 10× over IBD and > 500× over ν–e at 29.8 MeV (the mass ordering of the story)
    assert rows[1].mass_kg > 10 * COHERENT_CSI_MASS_KG
    assert rows[2].mass_kg > 500 * COHERENT_CSI_MASS_KG
    assert rows[2].mass_kg > 1000  # more than a ton of water for ν–e
    # mass scales linearly with the reference mass
    assert mass_for_same_rate_kg(29.8, "ibd", "water", reference_mass_kg=1.0) * COHERENT_CSI_MASS_KG == pytest.approx(
        rows[1].mass_kg, rel=1e-12)


def test_below_ibd_threshold_mass_is_infinite():
    assert mass_for_same_rate_kg(1.0, "ibd", "water") == float("inf")


@pytest.mark.parametrize(
    "args, match",
    [((29.8, "muon-capture", "CsI"), "unknown process"),
     ((29.8, "ibd", "CsI"), "water only"),
     ((29.8, "cevns", "water"), "not in the nucleus catalogue"),
     ((29.8, "cevns", "Unobtainium"), "unknown material"),
     ((-1.0, "cevns", "CsI"), "enu_mev"),
     ((np.nan, "nu-e", "water"), "enu_mev")],
)
def test_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        sigma_per_kg_cm2(*args)


def test_mass_for_same_rate_bad_energy():
    with pytest.raises(ValueError, match="enu_mev must be between"):
        mass_for_same_rate_kg(1e4, "ibd", "water")


@pytest.mark.parametrize("nucleus", ["Cs133", "Ar40", "Xe132"])
def test_helm_radius_default_reproduces_sigma_total(nucleus):
    # same integrand and quadrature as sigma_total(..., "helm"): agree to 1e-10
    a = int(nucleus[2:])
    e = np.array([10.0, 29.8, 50.0])
    assert np.allclose(sigma_total_helm_radius(e, nucleus, helm_rms_radius_fm(a)), sigma_total(e, nucleus, "helm"),
                       rtol=1e-10)


def test_helm_radius_sensitivity_published_scale():
    # COHERENT CsI: R_n 4.8 → 5.5 fm lowers the 29.8 MeV cross section by several percent (Cadeddu et al.,
    # PRL 120, 072501 (2018), Fig. 1 shows O(5–10%) effects in the rate); check the sign and the order
    r = sigma_total_helm_radius(29.8, "Cs133", 5.5) / sigma_total(29.8, "Cs133")
    assert 0.85 < r < 0.98


@settings(max_examples=40, deadline=None)
@given(st.floats(5.0, 60.0), st.floats(3.0, 6.5), st.floats(0.05, 1.0))
def test_helm_radius_monotone_decreasing(e, r, dr):
    # a larger radius never increases σ, and σ stays below the point-nucleus value
    s1 = sigma_total_helm_radius(e, "Cs133", r)
    s2 = sigma_total_helm_radius(e, "Cs133", r + dr)
    assert s2 <= s1 * (1 + 1e-12)
    assert s1 <= sigma_total(e, "Cs133", "none") * (1 + 1e-12)


def test_helm_radius_rejects_tiny_radius():
    with pytest.raises(ValueError, match="rms_radius_fm"):
        sigma_total_helm_radius(29.8, "Cs133", 1.0)
