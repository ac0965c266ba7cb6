"""Tests of the recoil spectra dN/dT (cross section × SNS flux × targets)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from scipy import integrate

from cevns_edu.physics import rates as R
from cevns_edu.physics import sources as S
from cevns_edu.physics.cross_section import dsigma_dt, sigma_total
from cevns_edu.physics.kinematics import enu_min_mev, t_max_kev
from cevns_edu.physics.nuclei import get_material, get_nucleus

CS = get_nucleus("Cs133")


def test_prompt_flux_average_is_the_line():
    t = np.linspace(0.1, 14.0, 30)
    np.testing.assert_allclose(R.flux_averaged_dsigma(t, CS, "numu"), dsigma_dt(S.E_PROMPT_MEV, t, CS), rtol=1e-12)


@pytest.mark.parametrize("flavor", ["nue", "numubar"])
def test_michel_flux_average_against_adaptive_quadrature(flavor):
    # independent: scipy.quad over E from E_min(T) to m_μ/2; tolerance 1e-6 relative
    for t in (0.5, 5.0, 20.0, 40.0):
        e_lo = float(enu_min_mev(t, CS))
        ref, _ = integrate.quad(lambda e, t=t: float(S.spectrum(e, flavor) * dsigma_dt(e, t, CS)), e_lo, S.E_MICHEL_MAX_MEV,
                                epsrel=1e-10)
        assert float(R.flux_averaged_dsigma(t, CS, flavor)) == pytest.approx(ref, rel=1e-6)


def test_flux_average_zero_beyond_kinematics():
    t_end = float(t_max_kev(S.E_MICHEL_MAX_MEV, CS))
    assert float(R.flux_averaged_dsigma(t_end * 1.01, CS, "nue")) == 0.0
    assert float(R.flux_averaged_dsigma(float(t_max_kev(S.E_PROMPT_MEV, CS)) * 1.01, CS, "numu")) == 0.0


def _n_recoils_independent(material="CsI", **kw):
    """Σ_f Σ_j n_j Φ ∫ φ_f(E) σ_j(E) dE — integrated the other way round (over E of σ_total)."""
    mat = get_material(material)
    phi = R.fluence_per_flavor(19.3, 7.47594)
    e = np.linspace(0.0, S.E_MICHEL_MAX_MEV, 4001)
    total = 0.0
    for (nuc, _), n in zip(mat.components, mat.nuclei_per_kg(), strict=True):
        total += n * float(sigma_total(S.E_PROMPT_MEV, nuc))
        for f in ("nue", "numubar"):
            total += n * np.trapezoid(S.spectrum(e, f) * sigma_total(e, nuc), e)
    return 14.57 * phi * total


def test_total_recoils_csi_two_ways():
    # ∫ dN/dT dT (Gauss–Legendre in T) equals the E-first integral of σ_total; tolerance 0.1%
    assert R.n_events("CsI") == pytest.approx(_n_recoils_independent(), rel=1e-3)


def test_total_recoils_order_of_magnitude():
    # ~1100 recoils in 14.57 kg CsI for the 2017 exposure: σ ~ 2e-38 cm² × 2 nuclei/unit × 3.4e25 units × 3 flavours
    # × 2.8e14 ν/cm² ≈ 1e3 (back-of-envelope, factor 2)
    n = R.n_events("CsI")
    assert 500 < n < 2000


def test_scaling_with_mass_distance_exposure():
    t = np.array([2.0, 10.0, 25.0])
    base = R.dn_dt(t)
    np.testing.assert_allclose(R.dn_dt(t, mass_kg=2 * 14.57), 2 * base, rtol=1e-12)
    np.testing.assert_allclose(R.dn_dt(t, distance_m=2 * 19.3), base / 4, rtol=1e-12)
    np.testing.assert_allclose(R.dn_dt(t, exposure_gwh=3 * 7.47594), 3 * base, rtol=1e-12)
    np.testing.assert_allclose(R.dn_dt(t, nu_per_proton=0.088), 1.1 * base, rtol=1e-12)


def test_populations_add_up_and_are_positive():
    t = np.linspace(0.5, 40, 50)
    pops = R.dn_dt_populations(t)
    np.testing.assert_allclose(pops["prompt"] + pops["delayed"], R.dn_dt(t), rtol=1e-12)
    assert np.all(pops["delayed"] > 0)
    # the prompt line cannot make recoils beyond T_max(29.8 MeV): 14.3 keV on Cs (DESIGN §2), 15.0 keV on I
    assert np.all(pops["prompt"][t > float(t_max_kev(S.E_PROMPT_MEV, "I127"))] == 0)
    assert float(t_max_kev(S.E_PROMPT_MEV, "Cs133")) == pytest.approx(14.3, abs=0.05)
    assert np.all(np.diff(R.dn_dt(t)) < 0)  # falls with recoil energy


def test_threshold_monotone():
    n = [R.n_events("CsI", threshold_kev=thr) for thr in (0.0, 2.0, 5.0, 10.0, 20.0)]
    assert all(a > b for a, b in zip(n, n[1:], strict=False))
    assert R.n_events("CsI", threshold_kev=100.0) == 0.0


def test_lighter_target_fewer_but_harder_recoils():
    # N² coherence: per kg, CsI gives more events than Ar (N ≈ 76 vs 22), Ar's recoils reach further
    assert R.n_events("CsI") > 3 * R.n_events("Ar")
    assert float(R.dn_dt(100.0, "Ar")) > 0 and float(R.dn_dt(100.0, "CsI")) == 0


def test_dn_dt_from_flux_reproduces_sns():
    # the generic tabulated-flux path with the ν_e Michel spectrum reproduces dn_dt(flavors="nue"); 0.5% (trapezoid)
    e = np.linspace(0, S.E_MICHEL_MAX_MEV, 3001)
    phi = R.fluence_per_flavor(19.3, 7.47594)
    t = np.array([1.0, 5.0, 15.0, 30.0])
    got = R.dn_dt_from_flux(t, "CsI", e, phi * S.spectrum(e, "nue"), mass_kg=14.57)
    np.testing.assert_allclose(got, R.dn_dt(t, flavors="nue"), rtol=5e-3)


def test_table_cached_and_dsigma_hook():
    tab = R.flux_averaged_table("CsI")
    assert R.flux_averaged_table("CsI") is tab
    assert tab.xs["nue"].shape == (2, R.N_RECOIL_BINS)

    def doubled(e, t, nuc, flavor):
        return 2 * dsigma_dt(e, t, nuc)

    t = np.array([3.0, 12.0])
    np.testing.assert_allclose(R.dn_dt(t, dsigma=doubled), 2 * R.dn_dt(t), rtol=1e-12)
    d2 = R.flux_averaged_table("CsI", dsigma=functools.partial(doubled))
    np.testing.assert_allclose(d2.xs["numubar"], 2 * tab.xs["numubar"], rtol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="mass_kg must be >= 0"):
        R.dn_dt(1.0, mass_kg=-1)
    with pytest.raises(ValueError, match="flavors must be a non-empty selection"):
        R.dn_dt(1.0, flavors=["nutau"])
    with pytest.raises(ValueError, match="form_factor_model must be one of"):
        R.dn_dt(1.0, form_factor_model="gauss")
    with pytest.raises(ValueError, match="unknown material or nucleus"):
        R.dn_dt(1.0, "Unobtainium")
    with pytest.raises(ValueError, match="threshold_kev must be between"):
        R.n_events("CsI", threshold_kev=-1)
    with pytest.raises(ValueError, match="equal length"):
        R.dn_dt_from_flux(1.0, "CsI", [1.0, 2.0], [1.0])
