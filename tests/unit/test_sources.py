"""Tests of the neutrino sources: SNS π-DAR spectra, POT, flux, time structure; context spectra."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from cevns_edu.core.binning import T_EDGES_US
from cevns_edu.physics import astro_sources as A
from cevns_edu.physics import context_sources as X
from cevns_edu.physics import sources as S
from cevns_edu.physics.constants import M_MU_MEV, TAU_MU_US
from cevns_edu.physics.cross_section import sigma_ibd

# --- π-DAR energies and spectra -------------------------------------------------------------

def test_prompt_energy_from_masses():
    # DESIGN §2 / PDG: (m_π² − m_μ²)/(2 m_π) = 29.79 MeV; tolerance 0.01 MeV (rounding of the quoted value)
    assert S.E_PROMPT_MEV == pytest.approx(29.79, abs=0.01)
    # independent: two-body decay momentum p = (m_π² − m_μ²)/(2 m_π) with m_π = 139.57039, m_μ = 105.6583755
    assert S.E_PROMPT_MEV == pytest.approx((139.57039**2 - 105.6583755**2) / (2 * 139.57039), rel=1e-9)


@pytest.mark.parametrize("flavor", ["nue", "numubar"])
def test_michel_spectra_normalised_and_end_at_half_muon_mass(flavor):
    # integral = 1 to 1e-8 (adaptive quadrature, independent of the code's Gauss–Legendre)
    val, _ = integrate.quad(lambda e: float(S.spectrum(e, flavor)), 0, M_MU_MEV / 2, epsabs=1e-12)
    assert val == pytest.approx(1.0, abs=1e-8)
    assert S.E_MICHEL_MAX_MEV == pytest.approx(52.83, abs=0.01)
    above = S.spectrum(np.array([52.9, 60.0, 100.0]), flavor)
    assert np.all(above == 0.0)
    assert np.all(S.spectrum(np.linspace(0, 52.8, 50), flavor) >= 0)


def test_michel_endpoint_values_and_means():
    # ν_e vanishes at the endpoint (½ − ½ = 0); ν̄_μ does not: (64/m_μ)(¼)(¼) = 4/m_μ (exact)
    assert float(S.spectrum(M_MU_MEV / 2, "nue")) == pytest.approx(0.0, abs=1e-12)
    assert float(S.spectrum(M_MU_MEV / 2, "numubar")) == pytest.approx(4 / M_MU_MEV, rel=1e-12)
    # analytic means: ⟨x⟩ = 0.3 m_μ (ν_e), 0.35 m_μ (ν̄_μ)  (closed-form moments of x²(½−x), x²(¾−x)); 1e-6
    assert S.mean_energy_mev("nue") == pytest.approx(0.30 * M_MU_MEV, rel=1e-6)
    assert S.mean_energy_mev("numubar") == pytest.approx(0.35 * M_MU_MEV, rel=1e-6)
    assert S.mean_energy_mev("numu") == S.E_PROMPT_MEV


def test_prompt_line_display_density_and_lines():
    e = np.linspace(25, 35, 4001)
    assert np.trapezoid(S.spectrum(e, "numu"), e) == pytest.approx(1.0, abs=1e-6)  # normalised display Gaussian
    assert S.spectrum_lines("numu") == ((S.E_PROMPT_MEV, 1.0),)
    assert S.spectrum_lines("nue") == ()


def test_spectrum_bad_input():
    with pytest.raises(ValueError, match="flavor must be one of"):
        S.spectrum(30.0, "nutau")
    with pytest.raises(ValueError, match="enu_mev must be >= 0"):
        S.spectrum(-1.0, "nue")


# --- protons and flux -------------------------------------------------------------------------

def test_protons_on_target_2017_exposure():
    # independent: 7.47594e9 W·h × 3600 s/h / (1e9 eV × 1.602176634e-19 J/eV) = 1.6798e23 (1e-6)
    assert S.protons_on_target(7.47594) == pytest.approx(7.47594e9 * 3600 / 1.602176634e-10, rel=1e-9)
    # the Science paper quotes 1.76e23 POT (its mean proton energy was a little below 1 GeV): within 5%
    assert S.protons_on_target(7.47594) == pytest.approx(1.76e23, rel=0.05)
    assert S.protons_on_target(7.47594, proton_energy_gev=0.5) == pytest.approx(2 * S.protons_on_target(7.47594))


def test_flux_at_20m():
    # issue: ≈4.2e7 cm⁻²s⁻¹ for three flavours at 20 m, 1.4 MW, 1 GeV → tolerance 1%;
    # COHERENT quotes ≈4.3e7 (Science 2017, rounded, slightly different beam) → tolerance 5%
    total = S.total_flux_per_cm2_s(20.0)
    assert total == pytest.approx(4.2e7, rel=0.01)
    assert total == pytest.approx(4.3e7, rel=0.05)
    assert S.flux_per_cm2_s(20.0) == pytest.approx(total / 3, rel=1e-12)


def test_flux_scaling():
    # inverse square and proportional to power, exactly
    assert S.flux_per_cm2_s(40.0) == pytest.approx(S.flux_per_cm2_s(20.0) / 4, rel=1e-12)
    assert S.flux_per_cm2_s(20.0, beam_power_mw=2.8) == pytest.approx(2 * S.flux_per_cm2_s(20.0), rel=1e-12)
    d = np.array([10.0, 20.0, 30.0])
    assert np.all(np.diff(S.flux_per_cm2_s(d)) < 0)


def test_flux_bad_input():
    with pytest.raises(ValueError, match="distance_m must be > 0"):
        S.flux_per_cm2_s(0.0)
    with pytest.raises(ValueError, match="beam_power_mw must be >= 0"):
        S.flux_per_cm2_s(20.0, beam_power_mw=-1)
    with pytest.raises(ValueError, match="proton_energy_gev must be between"):
        S.protons_on_target(1.0, proton_energy_gev=0.0)
    with pytest.raises(ValueError, match="exposure_gwh must be >= 0"):
        S.protons_on_target(-2.0)


# --- time structure ---------------------------------------------------------------------------

@pytest.mark.parametrize("pop", ["prompt", "delayed"])
def test_arrival_time_pdf_normalised(pop):
    p = S.arrival_time_pdf(pop)
    assert p.shape == (24,)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(p >= 0)
    # the continuous density integrates to 1 over all times (quad, 1e-6)
    val, _ = integrate.quad(lambda t: float(S.arrival_time_density(t, pop)), -2, 40, limit=200, points=[0.69])
    assert val == pytest.approx(1.0, abs=1e-6)


def test_delayed_tail_follows_muon_lifetime():
    # far after the pulse the delayed bins fall as exp(−Δt/τ_μ): ratio of successive 0.5 μs bins (1e-6)
    p = S.arrival_time_pdf("delayed")
    assert p[-1] / p[-2] == pytest.approx(np.exp(-0.5 / TAU_MU_US), rel=1e-6)
    # the prompt population is gone after ~2 μs, the delayed one is not
    assert S.arrival_time_pdf("prompt")[4:].sum() < 1e-6
    assert S.arrival_time_pdf("delayed")[4:].sum() > 0.5


def test_prompt_mean_time_is_pulse_plus_pion_lifetime():
    t = np.linspace(-2, 5, 200001)
    dens = S.arrival_time_density(t, "prompt")
    mean = np.trapezoid(t * dens, t)
    # exponentially modified Gaussian: mean = t0 + τ_π (exact; 1e-6 μs numerical)
    assert mean == pytest.approx(S.PULSE_T0_US + 0.026033, abs=1e-6)


def test_analytic_pdfs_match_release(release_dir):
    # the pulse model was tuned to the release's arrival-time PDFs: agreement per bin within 0.003 (absolute)
    for pop, name in (("prompt", "promptNeutrinos"), ("delayed", "delayedNeutrinos")):
        rel = np.loadtxt(release_dir / f"arrivalTimePDF_{name}.txt", delimiter=",", comments="#")
        np.testing.assert_allclose(rel[:, 0], 0.5 * (T_EDGES_US[:-1] + T_EDGES_US[1:]))
        np.testing.assert_allclose(S.arrival_time_pdf(pop), rel[:, 1], atol=0.003)


def test_pulse_full_width_about_800ns():
    # SNS pulse "~800 ns wide" at the base (DESIGN §2): ±20%
    assert S.PULSE_FULL_WIDTH_US == pytest.approx(0.8, rel=0.2)
    assert float(S.pulse_density(S.PULSE_T0_US)) == pytest.approx(1 / (np.sqrt(2 * np.pi) * S.PULSE_SIGMA_US))


def test_fraction_in_window():
    assert S.fraction_in_window(0.0, 2.0, "prompt") == pytest.approx(1.0, abs=1e-6)
    # delayed fraction in [0, 6) μs ≈ 1 − exp(−(6 − 0.7)/τ_μ) ≈ 0.91 (analytic estimate, ±0.01)
    assert S.fraction_in_window(0.0, 6.0, "delayed") == pytest.approx(1 - np.exp(-(6 - 0.72) / TAU_MU_US), abs=0.01)
    with pytest.raises(ValueError, match="t_stop_us > t_start_us"):
        S.fraction_in_window(3.0, 1.0, "delayed")


def test_duty_factor_computed():
    # DESIGN §2: ~4×10⁻⁵ ≈ 60 Hz × ~0.7–0.8 μs; ours is 60 Hz × the pulse width: within [3, 6]×10⁻⁵
    df = S.duty_factor()
    assert 3e-5 < df < 6e-5
    assert df == pytest.approx(60.0 * S.PULSE_FULL_WIDTH_US * 1e-6, rel=1e-12)
    assert S.duty_factor(6.0) == pytest.approx(3.6e-4, rel=1e-12)  # the 6 μs analysis window
    with pytest.raises(ValueError, match="window_us must be between"):
        S.duty_factor(-1.0)


def test_time_bad_input():
    with pytest.raises(ValueError, match="population must be 'prompt' or 'delayed'"):
        S.arrival_time_pdf("late")
    with pytest.raises(ValueError, match="increasing 1-D array"):
        S.arrival_time_pdf("prompt", [1.0, 0.5])


# --- context sources --------------------------------------------------------------------------

def test_reactor_ibd_yield_per_fission():
    # IBD cross section per fission, Huber–Mueller flux: 6.22e-43 cm²/fission (Daya Bay, PRL 118, 251801 (2017),
    # prediction for fission fractions ≈ ours); tolerance 5% (zeroth-order IBD σ, rounded fractions)
    e = np.linspace(1.8, 10, 4000)
    sigma_f = np.trapezoid(sigma_ibd(e) * X.reactor_spectrum(e), e)
    assert sigma_f == pytest.approx(6.22e-43, rel=0.05)
    assert np.all(X.reactor_spectrum(np.array([1.0, 12.0])) == 0)
    with pytest.raises(ValueError, match="unknown fissioning isotope"):
        X.reactor_spectrum(3.0, {"Th232": 1.0})


def test_reactor_flux_scaling():
    e = np.array([3.0])
    assert X.reactor_flux_per_cm2_s_mev(e, 3.0, 20.0)[0] == pytest.approx(4 * X.reactor_flux_per_cm2_s_mev(e, 3.0, 40.0)[0])
    # ~6e19 fissions/s per GW_th (1 GW / 202 MeV); independent arithmetic, 1e-9
    f = X.reactor_flux_per_cm2_s_mev(e, 1.0, 1.0)[0] / X.reactor_spectrum(e)[0]
    assert f == pytest.approx(1e9 / (202e6 * 1.602176634e-19) / (4 * np.pi * 100.0**2), rel=1e-9)


def test_solar_b8():
    e = np.linspace(0, 20, 20001)
    f = A.solar_b8_spectrum(e)
    assert np.trapezoid(f, e) == pytest.approx(1.0, abs=1e-5)
    assert np.trapezoid(e * f, e) == pytest.approx(6.735, rel=1e-4)  # Bahcall et al. 1996 mean energy
    assert A.b8_endpoint_mev() == pytest.approx(16.957)                # ⁸Be ground-state Q value (AME2020)
    assert np.trapezoid(A.solar_b8_flux_per_cm2_s_mev(e), e) == pytest.approx(5.46e6, rel=1e-5)


def test_supernova():
    e = np.linspace(0, 150, 30001)
    f = X.supernova_spectrum(e, 14.0, 2.5)
    assert np.trapezoid(f, e) == pytest.approx(1.0, abs=1e-6)
    assert np.trapezoid(e * f, e) == pytest.approx(14.0, rel=1e-5)
    # fluence of ν̄_e at 10 kpc: (3e53/6 erg)/(14 MeV)/(4π (10 kpc)²) ≈ 1.86e11 cm⁻² (independent arithmetic, 1%)
    n = 3e53 / 6 / (14 * 1.602176634e-6) / (4 * np.pi * (10 * 3.0857e21) ** 2)
    assert np.trapezoid(X.supernova_fluence_per_cm2_mev(e, "nuebar"), e) == pytest.approx(n, rel=0.01)
    with pytest.raises(ValueError, match="species must be one of"):
        X.supernova_fluence_per_cm2_mev(e, "nutau")
    with pytest.raises(ValueError, match="mean_energy_mev must be between"):
        X.supernova_spectrum(e, 0.0)
