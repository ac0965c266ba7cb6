"""Physics core against the literature and independent calculations (DESIGN.md §2).

Each test states its source and tolerance.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from cevns_edu.physics import constants as C
from cevns_edu.physics.cross_section import (
    dsigma_dt,
    sigma_ibd,
    sigma_nu_e_elastic,
    sigma_total,
    weak_charge,
)
from cevns_edu.physics.form_factors import FORM_FACTORS, form_factor, helm, helm_rms_radius_fm
from cevns_edu.physics.kinematics import enu_min_mev, q_mev, t_max_kev
from cevns_edu.physics.nuclei import catalogue, get_material, get_nucleus

E_PROMPT = 29.79  # MeV, (m_pi^2 - m_mu^2)/(2 m_pi)


# --- constants -------------------------------------------------------------------------------

def test_constants_match_pdg():
    # PDG 2022: G_F = 1.1663788(6)e-5 GeV^-2; tolerance 1e-6 relative (CODATA 2018 vs 2022 differ at 1e-7)
    assert C.G_F_GEV2 == pytest.approx(1.1663788e-5, rel=1e-6)
    assert C.HBARC_MEV_FM == pytest.approx(197.3269804, rel=1e-9)   # CODATA exact-ish
    assert C.M_MU_MEV == pytest.approx(105.6583755, rel=1e-8)        # PDG/CODATA
    assert C.HBARC2_GEV2_CM2 == pytest.approx(0.3893793721e-27, rel=1e-8)  # PDG "(ħc)² = 0.3893793721 GeV² mbarn"


def test_prompt_energy_from_pion_decay_kinematics():
    # (m_pi^2 - m_mu^2)/(2 m_pi) = 29.79 MeV (PDG masses); tolerance 0.01 MeV
    e = (C.M_PI_MEV**2 - C.M_MU_MEV**2) / (2 * C.M_PI_MEV)
    assert e == pytest.approx(29.79, abs=0.01)


# --- nuclei ---------------------------------------------------------------------------------

@pytest.mark.parametrize("alias", ["Cs133", "133Cs", "Cs-133", "cs133", " 133 Cs "])
def test_nucleus_aliases(alias):
    assert get_nucleus(alias).name == "Cs133"


def test_catalogue_has_cevns_targets():
    names = set(catalogue())
    assert {"Na23", "Ar40", "Ge70", "Ge72", "Ge73", "Ge74", "Ge76", "I127", "Cs133", "Xe132"} <= names


def test_nuclear_mass_cs133():
    # M(133Cs) = 132.905451961 u (AME2020) minus 55 m_e: 123.77 GeV; tolerance 1e-6 relative
    nuc = get_nucleus("Cs133")
    assert nuc.mass_mev == pytest.approx(132.905451961 * 931.49410242 - 55 * 0.51099895, rel=1e-6)
    assert (nuc.Z, nuc.N) == (55, 78)


@pytest.mark.parametrize("name,molar", [("CsI", 259.81), ("NaI", 149.89), ("Ge", 72.63), ("Xe", 131.29), ("Ar", 39.95)])
def test_material_molar_masses(name, molar):
    # IUPAC standard atomic weights (CsI 259.81 g/mol, NaI 149.894, Ge 72.630, Xe 131.293, Ar 39.95); tolerance 0.05%
    # (the catalogue holds the main isotopes only)
    assert get_material(name).molar_mass_g == pytest.approx(molar, rel=5e-4)


def test_material_abundances_sum_to_one_per_element():
    for mat in ("Ge", "Xe", "Ar"):
        comps = get_material(mat).components
        assert sum(n for _, n in comps) == pytest.approx(1.0, abs=1e-12)


def test_csi_nuclei_per_kg():
    # 1 kg CsI = 1000/259.81 mol → 2.318e24 Cs and as many I nuclei; tolerance 0.1%
    n = get_material("CsI").nuclei_per_kg()
    assert n == pytest.approx([2.3179e24, 2.3179e24], rel=1e-3)


# --- weak charge ------------------------------------------------------------------------------

@pytest.mark.parametrize("name,qw", [("Cs133", 75.49), ("I127", 71.58)])
def test_weak_charge(name, qw):
    # DESIGN.md §2 (tree level, sin²θ_W = 0.23857): 75.49, 71.58; tolerance ±0.02
    assert weak_charge(name, radiative=False) == pytest.approx(qw, abs=0.02)


def test_weak_charge_is_nearly_n():
    # 1 − 4 sin²θ_W ≈ 0.046: the protons' weak charge nearly cancels; |Q_W − N| < 0.05 Z for every nucleus
    for nuc in catalogue().values():
        assert abs(weak_charge(nuc) - nuc.N) < 0.05 * nuc.Z


# --- kinematics -------------------------------------------------------------------------------

def test_t_max_cs133_prompt():
    # DESIGN.md §2: T_max(133Cs, 29.79 MeV) = 14.3 keV; tolerance 0.05 keV
    assert t_max_kev(E_PROMPT, "Cs133") == pytest.approx(14.3, abs=0.05)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.5, 300.0), st.sampled_from(["Na23", "Ar40", "Ge76", "Cs133", "Xe132"]))
def test_enu_min_inverts_t_max(e, name):
    # E_min(T_max(E)) = E exactly (kinematics); tolerance 1e-9 relative
    assert enu_min_mev(t_max_kev(e, name), name) == pytest.approx(e, rel=1e-9)


def test_q_of_t():
    # q² = 2MT + T²; at T = 10 keV on Cs: q = √(2·123.8 GeV·10 keV) ≈ 49.8 MeV; tolerance 0.1 MeV
    m = get_nucleus("Cs133").mass_mev
    assert q_mev(10.0, "Cs133") == pytest.approx(math.sqrt(2 * m * 0.01 + 1e-4), rel=1e-12)
    assert q_mev(10.0, "Cs133") == pytest.approx(49.8, abs=0.1)


# --- form factors -----------------------------------------------------------------------------

@pytest.mark.parametrize("model", FORM_FACTORS)
@pytest.mark.parametrize("name", ["Na23", "Ar40", "Cs133", "Xe132", "Pb208"])
def test_form_factor_is_one_at_zero(model, name):
    assert form_factor(0.0, name, model) == pytest.approx(1.0, abs=1e-12)
    assert form_factor(1e-3, name, model) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("model", ["helm", "klein-nystrand", "fermi"])
def test_form_factor_falls_before_first_zero(model):
    # F decreases monotonically from 1 for qR < ~4 (first diffraction zero near qR ≈ 4.49)
    q = np.linspace(0, 120, 400)  # MeV; first zero of Cs133 Helm near 150 MeV
    f = form_factor(q, "Cs133", model)
    assert np.all(np.diff(f) < 0)
    assert 0 < f[-1] < 0.5


@pytest.mark.parametrize("model", ["helm", "klein-nystrand", "fermi"])
def test_form_factor_models_agree_at_low_q(model):
    # The three models describe the same nucleus: within 3% of Helm for q < 50 MeV (Cs133, qR < 1.3)
    q = np.linspace(1, 50, 50)
    assert np.allclose(form_factor(q, "Cs133", model), helm(q, 133), rtol=0.03)


def test_helm_small_q_gives_rms_radius():
    # F(q) ≈ 1 − q²⟨r²⟩/6 for small q (definition of the rms radius); tolerance 1e-4 at qR ≈ 0.05
    r = helm_rms_radius_fm(133)
    q = 2.0  # MeV
    qf = q / C.HBARC_MEV_FM
    assert helm(q, 133) == pytest.approx(1 - qf**2 * r**2 / 6, abs=1e-6)


def test_helm_rms_radius_close_to_charge_radius():
    # Lewin–Smith Helm rms radius vs measured charge radius of 133Cs, 4.804 fm (Angeli & Marinova 2013); tolerance 3%
    assert helm_rms_radius_fm(133) == pytest.approx(get_nucleus("Cs133").charge_radius_fm, rel=0.03)


def test_helm_chosen_radius():
    # A larger neutron radius suppresses more; the default radius reproduces the default form factor
    q = np.array([30.0, 60.0])
    assert np.allclose(helm(q, 133, rms_radius_fm=helm_rms_radius_fm(133)), helm(q, 133), rtol=1e-12)
    assert np.all(helm(q, 133, rms_radius_fm=5.5) < helm(q, 133, rms_radius_fm=4.5))


# --- cross sections ---------------------------------------------------------------------------

def test_sigma_cs133_prompt_helm_and_point():
    # DESIGN.md §2 (independent calculation): 1.70e-38 cm² with Helm, 2.13e-38 without; tolerance 2%
    assert sigma_total(E_PROMPT, "Cs133", "helm") == pytest.approx(1.70e-38, rel=0.02)
    assert sigma_total(E_PROMPT, "Cs133", "none") == pytest.approx(2.13e-38, rel=0.02)


def test_sigma_point_nucleus_closed_form():
    # Without a form factor ∫dσ/dT dT is analytic: (G_F² M Q_W²/4π)[T_m − (M/4E² + 1/2E) T_m²]; tolerance 1e-9
    for name, e in [("Cs133", 29.79), ("Ar40", 10.0), ("Xe132", 52.8)]:
        nuc = get_nucleus(name)
        m, tm = nuc.mass_mev * 1e-3, t_max_kev(e, nuc) * 1e-6  # GeV
        eg = e * 1e-3
        exact = C.G_F_GEV2**2 * m * weak_charge(nuc) ** 2 / (4 * np.pi) * (tm - (m / (4 * eg**2) + 1 / (2 * eg)) * tm**2)
        assert sigma_total(e, name, "none") == pytest.approx(exact * C.HBARC2_GEV2_CM2, rel=1e-9)


@pytest.mark.parametrize("name,e", [("Cs133", 29.79), ("I127", 52.8), ("Xe132", 100.0), ("Ar40", 50.0)])
def test_sigma_quadrature_against_adaptive(name, e):
    # Gauss–Legendre integral against scipy's adaptive quad of dσ/dT; tolerance 1e-6 relative
    ref, _ = quad(lambda t: float(dsigma_dt(e, t, name, "helm")), 0, float(t_max_kev(e, name)), epsabs=0, epsrel=1e-10)
    assert sigma_total(e, name, "helm") == pytest.approx(ref, rel=1e-6)


def test_n_squared_scaling():
    # Point nucleus: σ = G_F² Q_W² E²/(4π) · M/(M + 2E) exactly — σ ∝ Q_W² ≈ N², up to the recoil factor
    # M/(M+2E) (< 0.2% at 30 MeV). Ratio of Xe to Ar = ratio of Q_W² within 0.2%.
    s_xe, s_ar = sigma_total(30.0, "Xe132", "none"), sigma_total(30.0, "Ar40", "none")
    assert s_xe / s_ar == pytest.approx((weak_charge("Xe132") / weak_charge("Ar40")) ** 2, rel=2e-3)
    m = get_nucleus("Xe132").mass_mev
    approx = C.G_F_GEV2**2 * weak_charge("Xe132") ** 2 * 0.03**2 / (4 * np.pi) * C.HBARC2_GEV2_CM2 * m / (m + 60.0)
    assert s_xe == pytest.approx(approx, rel=1e-9)


def test_dsigma_dt_zero_above_t_max_and_nonnegative():
    tm = float(t_max_kev(E_PROMPT, "Cs133"))
    t = np.linspace(0, 2 * tm, 101)
    d = dsigma_dt(E_PROMPT, t, "Cs133")
    assert np.all(d >= 0)
    assert np.all(d[t > tm * 1.0001] == 0)
    assert d[0] > 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.1, 150.0), min_size=1, max_size=20))
def test_sigma_vectorised_equals_scalar(es):
    vec = sigma_total(np.array(es), "Ge74")
    assert np.allclose(vec, [float(sigma_total(e, "Ge74")) for e in es], rtol=1e-12)


def test_sigma_rises_with_energy():
    e = np.linspace(1, 60, 200)
    assert np.all(np.diff(sigma_total(e, "Cs133")) > 0)


def test_form_factor_suppression_grows_with_energy():
    # F² suppression: ~20% at 30 MeV for Cs (DESIGN: 1.70/2.13), more at 50 MeV, negligible at 5 MeV
    ratio = sigma_total([5.0, 29.79, 50.0], "Cs133") / sigma_total([5.0, 29.79, 50.0], "Cs133", "none")
    assert ratio[0] > 0.99 and np.all(np.diff(ratio) < 0)


def test_ibd_against_neutron_lifetime():
    # Independent: σ₀ = 2π²/(m_e⁵ f τ_n) with f = 1.7152, τ_n = 878.4 s (PDG 2022);
    # Vogel & Beacom's 9.52e-44 cm² used τ_n = 886.8 s: agreement within 2%
    tau = 878.4 / (C.HBARC_MEV_FM * 1e-15 / 299792458.0)  # s → MeV⁻¹
    sigma0 = 2 * np.pi**2 / (C.M_E_MEV**5 * 1.7152 * tau) * (C.HBARC_MEV_FM * 1e-13) ** 2  # cm²/MeV²
    ee = 10.0 - C.DELTA_NP_MEV
    assert sigma_ibd(10.0) == pytest.approx(sigma0 * ee * np.sqrt(ee**2 - C.M_E_MEV**2), rel=0.02)
    assert sigma_ibd(1.7) == 0.0  # below the 1.806 MeV threshold


def test_nu_e_elastic_textbook_value():
    # σ(ν_e e) ≈ 9.5e-45 cm² (E/MeV) and σ(ν_μ e) ≈ 1.6e-45 cm² (E/MeV) (Formaggio & Zeller, RMP 84, 1307 (2012),
    # tree level); tolerance 8% (radiative corrections and m_e/E terms neglected here)
    assert sigma_nu_e_elastic(10.0, "e") == pytest.approx(9.5e-44, rel=0.08)
    assert sigma_nu_e_elastic(10.0, "mu") == pytest.approx(1.6e-44, rel=0.08)


def test_cevns_largest_at_supernova_energies():
    # The story of notebook 01: at 10–20 MeV CEvNS on a heavy nucleus beats IBD per proton and ν–e per electron
    e = np.array([10.0, 15.0, 20.0])
    cevns = sigma_total(e, "Xe132")
    assert np.all(cevns > 50 * sigma_ibd(e))
    assert np.all(cevns > 1000 * sigma_nu_e_elastic(e, "e"))


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("bad,match", [(-1.0, "enu_mev must be >= 0"), (float("nan"), "enu_mev must be finite"),
                                       ([1.0, np.inf], "finite"), ("ten", "enu_mev must be a number")])
def test_bad_energy(bad, match):
    with pytest.raises(ValueError, match=match):
        sigma_total(bad, "Cs133")


def test_bad_recoil_and_shapes():
    with pytest.raises(ValueError, match="recoil_kev must be >= 0"):
        dsigma_dt(30.0, -1.0, "Cs133")
    with pytest.raises(ValueError, match=r"shapes do not broadcast.*enu_mev \(3,\).*recoil_kev \(2,\)"):
        dsigma_dt([10.0, 20.0, 30.0], [1.0, 2.0], "Cs133")


def test_unknown_nucleus_lists_allowed():
    with pytest.raises(ValueError, match=r"unknown nucleus 'Cs137'; allowed: .*Cs133"):
        sigma_total(30.0, "Cs137")
    with pytest.raises(ValueError, match="unknown material or nucleus"):
        get_material("water")
    with pytest.raises(TypeError, match="nucleus must be a name"):
        get_nucleus(133)


def test_unknown_form_factor_and_bad_radius():
    with pytest.raises(ValueError, match="unknown form factor model 'gauss'; allowed: helm"):
        form_factor(10.0, "Cs133", "gauss")
    with pytest.raises(ValueError, match="rms_radius_fm must be > 1.56 fm"):
        helm(10.0, 133, rms_radius_fm=1.0)
    with pytest.raises(ValueError, match="sin2_theta_w must be between 0 and 1"):
        weak_charge("Cs133", 1.5)


def test_sigma_with_chosen_helm_radius():
    # rms_radius_fm replaces the Lewin–Smith Helm radius: same σ at the default radius (1e-12), smaller σ
    # for a larger radius, and only meaningful for the Helm model
    r0 = helm_rms_radius_fm(133)
    assert sigma_total(29.79, "Cs133", rms_radius_fm=r0) == pytest.approx(sigma_total(29.79, "Cs133"), rel=1e-12)
    assert sigma_total(29.79, "Cs133", rms_radius_fm=5.5) < sigma_total(29.79, "Cs133", rms_radius_fm=4.5)
    with pytest.raises(ValueError, match="rms_radius_fm applies to the helm form factor only"):
        dsigma_dt(29.79, 5.0, "Cs133", "fermi", rms_radius_fm=5.0)
