"""Issue 12: independent cross-checks, each a number with its source and a stated tolerance."""

from __future__ import annotations

import numpy as np
import pytest

from cevns_edu.bsm import neutrino_floor as NF
from cevns_edu.experiment import detector as D
from cevns_edu.physics import astro_sources as A
from cevns_edu.physics import run2017
from cevns_edu.physics import sources as S
from cevns_edu.physics.cross_section import dsigma_dt_tree, nucleon_vector_couplings, sigma_total, weak_charge

# σ_total (cm²), Helm form factor, tree-level Q_W with sin²θ_W = 0.2387: bradkav/CEvNS (B. J. Kavanagh,
# github.com/bradkav/CEvNS, CEvNS.py xsec_CEvNS integrated over 0 … T_max with scipy quad), run for this test.
BRADKAV_SIGMA = {("Cs133", 10.0): 2.33368e-39, ("Cs133", 29.79): 1.69717e-38, ("Cs133", 50.0): 3.33140e-38,
                 ("I127", 10.0): 2.09984e-39, ("I127", 29.79): 1.53532e-38, ("I127", 50.0): 3.03939e-38,
                 ("Ar40", 10.0): 1.86126e-40, ("Ar40", 29.79): 1.49222e-39, ("Ar40", 50.0): 3.45706e-39}


@pytest.mark.parametrize("key", sorted(BRADKAV_SIGMA))
def test_sigma_total_matches_bradkav(key):
    # tolerance 1 % (nuclear-mass and Helm-parameter conventions differ at the few-per-mille level)
    nuc, e = key
    ours = float(sigma_total(e, nuc, q_w=weak_charge(nuc, 0.2387, radiative=False)))
    assert ours == pytest.approx(BRADKAV_SIGMA[key], rel=0.01, abs=0.0)


def test_pdg_couplings_and_weak_charge():
    # PDG electroweak review couplings → g_V^p = 0.0297, g_V^n = −0.5118 (exact arithmetic); Q_W(¹³³Cs) 76.57
    # PDG couplings (physics.constants.NU_QUARK_COUPLINGS) → 2(uL+uR)+(dL+dR) and (uL+uR)+2(dL+dR)
    gp, gn = nucleon_vector_couplings()
    assert (gp, gn) == pytest.approx((0.0297, -0.5118), abs=1e-12)
    assert nucleon_vector_couplings(radiative=False) == pytest.approx((0.5 - 2 * 0.23857, -0.5), abs=1e-12)
    assert weak_charge("Cs133") == pytest.approx(76.574, abs=0.001)
    # the independent audit of issue 12: radiative corrections raise σ(CsI) by +2.9 % (tolerance 0.2 %)
    assert (weak_charge("Cs133") / weak_charge("Cs133", radiative=False)) ** 2 == pytest.approx(1.029, abs=0.002)


def test_protons_on_target_as_published():
    # Science 357, 1123 (2017): 7.47594 GW·hr ↔ 1.76e23 POT (release exposure; the paper's POT)
    assert S.protons_on_target(run2017.EXPOSURE_GWH, D.DetectorModel().proton_energy_gev) == pytest.approx(
        run2017.PROTONS_ON_TARGET, rel=1e-12)
    assert D.DetectorModel().protons_on_target == pytest.approx(1.76e23, rel=1e-12)
    assert D.DetectorModel().proton_energy_gev == pytest.approx(0.954, abs=0.001)


def test_prediction_against_published_and_7stats():
    # published 173 ± 48 (Science 2017, all t, 6 ≤ PE < 30): within 5 %; relative error 28 % → ours 25–30 % each side
    p = D.predict()
    assert p.n_cevns == pytest.approx(173.0, rel=0.05)
    assert 0.24 < p.uncertainty_hi / p.n_cevns < 0.30 and 0.24 < p.uncertainty_lo / p.n_cevns < 0.30
    # QF asymmetric (−24.8 %/+20.6 % of the count at the old inputs: the count is not linear in QF)
    qf_lo, qf_hi = p.components_asym["quenching_factor"]
    assert qf_lo > qf_hi
    # 7stats fold (Denton & Gehrlein, JHEP 04 (2021) 266, github.com/JuliaGehrlein/7stats) of the same release,
    # t < 6 μs: 164.7 (figure from the issue-12 audit). Ours with the analytic timing: within 6 % — the PE-bin
    # reading of the acceptance (k − ½ here) is the known difference (the k reading gives +6.4 %).
    p6 = D.predict(t_range_us=(0.0, 6.0))
    assert p6.n_cevns == pytest.approx(164.7, rel=0.06)
    tree = D.cevns_template(dsigma=dsigma_dt_tree).count((6.0, 30.0), (0.0, 12.0))
    assert p.n_cevns / tree == pytest.approx(1.029, abs=0.003)


# ⁸B ν spectrum (1/MeV, normalised): Winter et al., PRC 73, 025503 (2006) as tabulated by C. A. J. O'Hare
# (github.com/cajohare/NeutrinoFog, data/neutrinos/normalised/8B.txt), values read at these energies. The model's
# two E_x-distribution parameters are set by the mean energy and the 14.004 MeV value; the others are predictions.
B8_REFERENCE = {2.013: 0.041138, 4.0061: 0.10052, 6.0154: 0.13116, 8.0085: 0.11984, 10.002: 0.07727,
                12.011: 0.028011, 13.007: 0.010643, 15.0: 9.6153e-05}


@pytest.mark.parametrize("e", sorted(B8_REFERENCE))
def test_b8_spectrum_against_winter(e):
    # 8 % up to 10 MeV, 15 % in the tail (allowed shapes without Coulomb correction, log-normal ⁸Be distribution)
    tol = 0.08 if e <= 10.5 else 0.15
    assert float(A.solar_b8_spectrum(e)) == pytest.approx(B8_REFERENCE[e], rel=tol)


def test_b8_mean_and_14_mev_anchor():
    e, f = A._b8_table()
    assert np.trapezoid(e * f, e) == pytest.approx(6.735, rel=1e-3)
    assert float(A.solar_b8_spectrum(14.004)) == pytest.approx(0.0018271, rel=0.01)


def test_one_b8_spectrum():
    e = np.linspace(0.1, 16.5, 50)
    np.testing.assert_allclose(A.flux_spectrum(e, "8B"), A.B8_FLUX_PER_CM2_S * A.solar_b8_spectrum(e), rtol=1e-12)
    assert A.b8_endpoint_mev() == pytest.approx(16.957)
    assert not hasattr(S, "solar_b8_spectrum")  # one spectrum: the π-DAR module no longer carries its own


# Atmospheric ν spectrum, all flavours, FLUKA (Battistoni et al., Astropart. Phys. 23, 526 (2005)) as tabulated in
# NeutrinoFog data/neutrinos/normalised/Atm.txt, renormalised to 1 over 13–944 MeV (the range used here).
ATM_REFERENCE = {15.0: 0.005837, 30.0: 0.008546, 106.0: 0.003435, 150.0: 0.002203}


@pytest.mark.parametrize("e", sorted(ATM_REFERENCE))
def test_atmospheric_shape_against_fluka(e):
    # 15 %: the course's spectrum is a smooth parametrisation (at 50 MeV it is 25 % high, at 300 MeV 30 % low)
    ours = float(A.flux_spectrum(e, "atm")) / A.FLUXES["atm"][0]
    assert ours == pytest.approx(ATM_REFERENCE[e], rel=0.15)


# DSNB ν spectrum (1/MeV, normalised) Billard et al. 2014 used, as tabulated in NeutrinoFog
# data/neutrinos/normalised/DSNB.txt, values read at these energies.
DSNB_REFERENCE = {2.0182: 0.12826, 5.0305: 0.098573, 20.001: 0.0054138, 30.042: 0.0011203, 50.033: 7.642e-05}


@pytest.mark.parametrize("e", sorted(DSNB_REFERENCE))
def test_dsnb_shape_against_billard_tabulation(e):
    # 10 %: redshift-integrated Fermi–Dirac components (T = 3, 5, 8 MeV) of equal energy, Yüksel et al. 2008
    # star-formation history; measured 0.95–1.09 over 2–50 MeV
    ours = float(A.flux_spectrum(e, "DSNB")) / A.FLUXES["DSNB"][0]
    assert ours == pytest.approx(DSNB_REFERENCE[e], rel=0.10)


def test_dsnb_mean_energy():
    # the tabulated spectrum's mean is 6.62 MeV (NeutrinoFog DSNB.txt): 5 %
    e, f = A._dsnb_table()
    assert np.trapezoid(e * f, e) == pytest.approx(6.62, rel=0.05)


# Xe neutrino floor (σ_SI in cm²): Billard, Figueroa-Feliciano & Strigari, PRD 89, 023524 (2014), the discovery-limit
# curve (not the "1 ν event" line, which is 15× higher at 30–100 GeV) as digitised in NeutrinoFog
# data/WIMPLimits/SI/NuFloor_Xe_Billard2013.txt (log-interpolated at these masses).
BILLARD_FLOOR_XE = {6.0: 4.19e-45, 10.0: 1.86e-46, 30.0: 7.77e-50, 100.0: 2.52e-49, 1000.0: 1.85e-48}


@pytest.mark.parametrize("m", [30.0, 100.0, 1000.0])
def test_floor_against_billard(m):
    # 30 % where the atmospheric/DSNB background sets the floor (measured ratios 1.08, 0.85, 0.86)
    assert float(NF.neutrino_floor(np.array([m]), "Xe")[0]) == pytest.approx(BILLARD_FLOOR_XE[m], rel=0.3, abs=0.0)


@pytest.mark.xfail(strict=True, reason="issue 12: on the ⁸B side the floor is 0.46× Billard at 6 GeV (the 2 keV "
                                      "threshold resolves the ⁸B end point; ≤ 0.1 keV alone gives 0.86×) and "
                                      "0.006× at 10 GeV (our cliff lies at ~8 GeV, theirs at ~11 GeV); their "
                                      "threshold/exposure envelope there is not reproduced")
@pytest.mark.parametrize("m", [6.0, 10.0])
def test_floor_against_billard_solar_side(m):
    assert float(NF.neutrino_floor(np.array([m]), "Xe")[0]) == pytest.approx(BILLARD_FLOOR_XE[m], rel=0.3, abs=0.0)


def test_floor_lowest_threshold_follows_billard_below_the_cliff():
    # Below the cliff Billard's curve follows a ~eV-threshold experiment: ours at 10 eV within 30 % of theirs
    # at 6 GeV (measured 0.86) and 9.6 GeV (Billard 5.75e-46 there; measured 1.18)
    assert NF.discovery_limit(6.0, "Xe", 0.01) == pytest.approx(BILLARD_FLOOR_XE[6.0], rel=0.3)
    assert NF.discovery_limit(9.6, "Xe", 0.01) == pytest.approx(5.75e-46, rel=0.3)


def test_discovery_power_is_a_shift_of_the_asimov_significance():
    # 3σ in 90 % of experiments = median (Asimov) 3 + Φ⁻¹(0.9) = 4.2816σ (Cowan et al. 2011: √q₀ ~ N(Z_A, 1))
    a = NF.discovery_limit(100.0, "Xe", 4.0)
    b = NF.discovery_limit(100.0, "Xe", 4.0, z_discovery=4.2816, power=0.5)
    assert a == pytest.approx(b, rel=0.02)
    assert NF.discovery_limit(100.0, "Xe", 4.0, power=0.5) < a


def test_floor_uses_billard_fluxes():
    # BS05(OP) ⁸B 5.69e6 (Billard Table I) vs B16 5.46e6: the 6 GeV ⁸B-side limit at 10 eV scales with the flux
    # (saturated regime: σ ∝ background), within 2 % of the flux ratio 1.042
    b16 = {s: A.FLUXES[s][0] for s in A.SOURCES}
    r = NF.discovery_limit(6.0, "Xe", 0.01) / NF.discovery_limit(6.0, "Xe", 0.01, fluxes=b16)
    assert r == pytest.approx(5.69 / 5.46, rel=0.02)


def test_readme_states_the_prediction_this_library_gives():
    """The README's SM-prediction row is :func:`cevns_edu.experiment.detector.prediction.predict` (all t), as printed."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| SM prediction, 2017 CsI[Na]"))
    n, lo, hi = re.search(r"\| (\d+) \(−(\d+), \+(\d+)\) events \|", row).groups()
    p = D.predict()
    assert (n, lo, hi) == (f"{p.n_cevns:.0f}", f"{p.uncertainty_lo:.0f}", f"{p.uncertainty_hi:.0f}"), row
