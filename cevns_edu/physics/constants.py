"""Physical constants in the units the course uses (MeV, fm, cm, keV, μs).

CODATA values come from :mod:`scipy.constants` (CODATA 2018 in SciPy ≥ 1.4, 2022 in newer SciPy);
particle properties that CODATA does not carry are PDG values, cited one by one.
"""

from __future__ import annotations

import math

from scipy import constants as _sc

_pc = _sc.physical_constants

#: Fermi constant G_F/(ħc)³ in GeV⁻² (CODATA; PDG 1.1663788(6)×10⁻⁵ GeV⁻²).
G_F_GEV2: float = _pc["Fermi coupling constant"][0]
#: ħc in MeV·fm (CODATA).
HBARC_MEV_FM: float = _pc["reduced Planck constant times c in MeV fm"][0]
#: (ħc)² in GeV²·cm², converts GeV⁻² to cm² (≈ 0.3894 mb·GeV²).
HBARC2_GEV2_CM2: float = (HBARC_MEV_FM * 1e-3 * 1e-13) ** 2
#: Fine-structure constant α (CODATA).
ALPHA: float = _sc.fine_structure
#: Electron mass in MeV (CODATA).
M_E_MEV: float = _pc["electron mass energy equivalent in MeV"][0]
#: Muon mass in MeV (CODATA; PDG 105.6583755(23) MeV).
M_MU_MEV: float = _pc["muon mass energy equivalent in MeV"][0]
#: Charged-pion mass in MeV (PDG 2022, R.L. Workman et al., PTEP 2022, 083C01: 139.57039(18) MeV).
M_PI_MEV: float = 139.57039
#: Proton and neutron masses in MeV (CODATA).
M_P_MEV: float = _pc["proton mass energy equivalent in MeV"][0]
M_N_MEV: float = _pc["neutron mass energy equivalent in MeV"][0]
#: Atomic mass constant u in MeV (CODATA).
AMU_MEV: float = _pc["atomic mass constant energy equivalent in MeV"][0]
#: Avogadro constant in mol⁻¹ (exact, SI 2019).
N_AVOGADRO: float = _sc.Avogadro
#: Bohr magneton in units used by the magnetic-moment cross section: μ_B = e/(2 m_e) (natural units).
#: Kept symbolic: the magnetic-moment formula takes μ_ν in units of μ_B.

#: Weak mixing angle sin²θ_W at low Q² in the MS-bar scheme (PDG review "Electroweak model and
#: constraints on new physics", 2022: 0.23857(5)).
SIN2_THETA_W: float = 0.23857

#: Standard-Model neutrino–quark neutral-current couplings with electroweak radiative corrections,
#: g_L^{νu}, g_L^{νd}, g_R^{νu}, g_R^{νd} (PDG Review of Particle Physics, "Electroweak model and constraints
#: on new physics", J. Erler & A. Freitas, Sec. 10.3 (ν-hadron scattering), SM values of the couplings).
#: At tree level they are T₃ − Q sin²θ_W (left) and −Q sin²θ_W (right).
NU_QUARK_COUPLINGS: dict[str, float] = {"uL": 0.3457, "dL": -0.4288, "uR": -0.1553, "dR": 0.0777}

#: Muon lifetime in μs (PDG 2022: 2.1969811(22) μs).
TAU_MU_US: float = 2.1969811
#: Charged-pion lifetime in ns (PDG 2022: 26.033(5) ns).
TAU_PI_NS: float = 26.033

#: Neutron–proton mass difference for inverse beta decay thresholds, MeV (CODATA masses).
DELTA_NP_MEV: float = M_N_MEV - M_P_MEV

#: Seconds per year (Julian year, IAU), used for exposures in kg·yr.
SECONDS_PER_YEAR: float = _sc.Julian_year

#: 4π, used often enough to name.
FOUR_PI: float = 4.0 * math.pi
