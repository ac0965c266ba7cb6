"""Astrophysical neutrino fluxes at the Earth: the CEvNS background of dark-matter searches.

These are the fluxes of the "neutrino floor" (:mod:`cevns_edu.bsm.neutrino_floor`).

Neutrino fluxes (total, cm⁻² s⁻¹, and the fractional uncertainty used as a nuisance):

* ⁸B solar: 5.46×10⁶ ± 12% and hep: 7.98×10³ ± 30% (B16-GS98 standard solar model, Vinyoles et al.,
  ApJ 835, 202 (2017), Table 6). Spectrum shapes: allowed β⁺ shape; for ⁸B averaged over the broad
  ⁸Be final state near 3.03 MeV (Tilley et al., Nucl. Phys. A 745, 155 (2004)), end point to the
  ground state 16.96 MeV (AME2020 masses), the final-state distribution set by the measured mean energy
  6.735 MeV and the 14 MeV value of Winter et al., PRC 73, 025503 (2006); flux-averaged CEvNS cross
  section on Xe ≈ 1.2×10⁻³⁹ cm², as XENONnT measured, (1.1 +0.8/−0.5)×10⁻³⁹ cm² (PRL 133, 191002
  (2024)). hep end point 18.77 MeV (Bahcall, "Neutrino Astrophysics" 1989).
* Atmospheric (all flavours, 13–944 MeV): 10.5 ± 20%, the FLUKA low-energy total used by Billard et al.
  2014 (Battistoni et al., Astropart. Phys. 23, 526 (2005)). Shape: a smooth parametrisation rising
  ∝ E to a broad maximum near 50 MeV (muon-decay neutrinos) and falling ∝ E⁻² above — a teaching
  approximation of the FLUKA/Honda spectra; the rate it gives is checked against the floor's height.
* Diffuse supernova background: 85.5 ± 50% (Billard et al. 2014 Table I), three Fermi–Dirac components
  ν_e, ν̄_e, ν_x with T = 3, 5, 8 MeV (Horiuchi, Beacom & Dwek, PRD 79, 083013 (2009)) carrying equal
  energy, redshifted and integrated over the cosmic supernova rate ∝ star-formation rate (Yüksel,
  Kistler, Beacom & Hopkins, ApJ 683, L5 (2008): a = 3.4, b = −0.3, c = −3.5, η = −10, breaks at z = 1
  and 4; flat ΛCDM with Ω_m = 0.3, Ω_Λ = 0.7, up to z = 5 as in Horiuchi et al.). This reproduces within
  10 % from 1 to 90 MeV the DSNB spectrum Billard et al. used (as tabulated by C. A. J. O'Hare,
  github.com/cajohare/NeutrinoFog, data/neutrinos/normalised/DSNB.txt; mean 6.6 MeV; tested). The earlier
  unredshifted spectrum with four ν_x at T = 8 MeV was 4.7× (20 MeV) to 12× (30 MeV) too hard.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import lognorm

from ..core.validate import nonneg_array
from .constants import M_E_MEV

#: Total solar ⁸B flux 5.46×10⁶ cm⁻² s⁻¹ (standard solar model B16-GS98: N. Vinyoles et al., ApJ 835, 202 (2017),
#: Table 6); SNO measured 5.25×10⁶ (PRC 88, 025501 (2013)).
B8_FLUX_PER_CM2_S: float = 5.46e6
#: Mean ⁸B neutrino energy 6.735 MeV (Winter et al., PRC 73, 025503 (2006); Bahcall et al., PRC 54, 411 (1996)).
B8_MEAN_ENERGY_MEV: float = 6.735
#: Total fluxes in cm⁻² s⁻¹ and their fractional uncertainties (sources in the module docstring).
FLUXES = {
    "8B": (B8_FLUX_PER_CM2_S, 0.12),
    "hep": (7.98e3, 0.30),
    "atm": (10.5, 0.20),
    "DSNB": (85.5, 0.50),
}
#: Flux-normalisation uncertainties Billard et al. 2014 used as nuisances (their Table I): the floor
#: comparison uses these.
BILLARD_UNCERTAINTIES = {"8B": 0.16, "hep": 0.15, "atm": 0.20, "DSNB": 0.50}
#: Total fluxes (cm⁻² s⁻¹) Billard et al. 2014 used (their Table I): the solar ones from the BS05(OP) standard
#: solar model (Bahcall, Serenelli & Basu, ApJ 621, L85 (2005): ⁸B 5.69×10⁶ ± 16 %, hep 7.93×10³ ± 15.5 %),
#: atmospheric and DSNB as in :data:`FLUXES`. The floor uses these, so that it can be compared with theirs.
BILLARD_FLUXES = {"8B": 5.69e6, "hep": 7.93e3, "atm": 10.5, "DSNB": 85.5}
SOURCES = tuple(FLUXES)
LABELS = {"8B": "solar ⁸B", "hep": "solar hep", "atm": "atmospheric", "DSNB": "diffuse supernova"}

#: ⁸B → ⁸Be(g.s.) β⁺ kinetic end point, 16.957 MeV (AME2020 masses: Δ(⁸B) − Δ(⁸Be) − 2mₑ).
B8_Q_GS_MEV = 16.957
#: Median and logarithmic width of the ⁸Be excitation-energy distribution fed by the decay (phase space included),
#: a log-normal around the broad 2⁺ state at 3.03 MeV (Tilley et al., Nucl. Phys. A 745, 155 (2004)); the two
#: numbers are set by two measured properties of the ν spectrum of Winter et al., PRC 73, 025503 (2006): its mean
#: energy 6.735 MeV and its value at 14.0 MeV (1.83×10⁻³ /MeV); the rest of the spectrum is a prediction (tested).
B8_EX_MEDIAN_MEV = 3.7262
B8_EX_LOG_WIDTH = 0.34385
HEP_ENDPOINT_MEV = 18.77
ATM_RANGE_MEV = (13.0, 944.0)
#: DSNB Fermi–Dirac temperatures (MeV) of the three components (Horiuchi, Beacom & Dwek 2009; Billard et al. 2014).
DSNB_T_MEV = {"nue": 3.0, "nuebar": 5.0, "nux": 8.0}
#: Relative energy carried by each component: equal, the reading that reproduces Billard et al.'s spectrum (tested).
DSNB_ENERGY_WEIGHTS = {"nue": 1.0, "nuebar": 1.0, "nux": 1.0}
#: Star-formation-history fit of Yüksel et al., ApJ 683, L5 (2008): slopes a, b, c in (1+z), smoothing η, and the
#: constants B = 2^(1−a/b) ≈ 5000, C = 2^((b−a)/c) 5^(1−b/c) ≈ 9 for breaks at z = 1 and z = 4.
SFR_YUKSEL = {"a": 3.4, "b": -0.3, "c": -3.5, "eta": -10.0, "B": 5000.0, "C": 9.0}
#: Flat ΛCDM (Ω_m, Ω_Λ) and the largest redshift of the DSNB integral (Horiuchi, Beacom & Dwek 2009).
DSNB_OMEGA_M, DSNB_OMEGA_L, DSNB_Z_MAX = 0.3, 0.7, 5.0


def _allowed_beta(enu_mev: NDArray[np.float64], endpoint_mev: ArrayLike) -> NDArray[np.float64]:
    """Return the allowed β⁺ neutrino spectrum shape E_ν² W p (W = E₀ − E_ν + mₑ).

    Unnormalised; the Coulomb correction is neglected. ``enu_mev`` and ``endpoint_mev`` in MeV.
    """
    w = np.asarray(endpoint_mev) - enu_mev + M_E_MEV
    p = np.sqrt(np.clip(w**2 - M_E_MEV**2, 0.0, None))
    out: NDArray[np.float64] = np.where(w > M_E_MEV, enu_mev**2 * w * p, 0.0)
    return out


def _atm_shape(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the unnormalised atmospheric spectrum shape at ``x`` MeV (see the module docstring)."""
    out: NDArray[np.float64] = (x / 50.0) / (1.0 + (x / 50.0) ** 3)
    return out


def _normalise(e: np.ndarray, f: np.ndarray) -> NDArray[np.float64]:
    ret: NDArray[np.float64] = f / np.trapezoid(f, e)
    return ret


def _sfr_shape(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the cosmic star-formation rate in units of its z = 0 value (Yüksel et al. 2008)."""
    p = SFR_YUKSEL
    zp = 1.0 + z
    out: NDArray[np.float64] = (zp ** (p["a"] * p["eta"]) + (zp / p["B"]) ** (p["b"] * p["eta"])
                                + (zp / p["C"]) ** (p["c"] * p["eta"])) ** (1.0 / p["eta"])
    return out


def _fermi_dirac(e: NDArray[np.float64], t_mev: float) -> NDArray[np.float64]:
    """Return the Fermi–Dirac number spectrum of temperature ``t_mev``, normalised to 1 (1/MeV)."""
    # ∫ E²/(1+e^{E/T}) dE = (3/2) ζ(3) T³
    out: NDArray[np.float64] = e**2 / (1.0 + np.exp(np.minimum(e / t_mev, 700.0))) / (1.5 * 1.2020569 * t_mev**3)
    return out


@cache
def _dsnb_table() -> tuple[np.ndarray, np.ndarray]:
    """DSNB ν spectrum on a grid (MeV, 1/MeV), normalised to 1.

    dΦ/dE ∝ ∫₀^z_max R_SN(z) Σ_k w_k f_k(E(1+z)) dz / √(Ω_m(1+z)³ + Ω_Λ), with R_SN ∝ the star-formation
    rate and f_k Fermi–Dirac spectra carrying equal energy (number weight w_k ∝ 1/⟨E_k⟩ ∝ 1/T_k).
    """
    e = np.linspace(0.0, 100.0, 1001)
    z = np.linspace(0.0, DSNB_Z_MAX, 1001)
    dz = _sfr_shape(z) / np.sqrt(DSNB_OMEGA_M * (1.0 + z) ** 3 + DSNB_OMEGA_L)
    ez = e[:, None] * (1.0 + z[None, :])
    f = sum(DSNB_ENERGY_WEIGHTS[k] / t * np.trapezoid(dz[None, :] * _fermi_dirac(ez, t), z, axis=1)
            for k, t in DSNB_T_MEV.items())
    f = _normalise(e, np.asarray(f))
    f.setflags(write=False)
    return e, f


@cache
def _b8_table() -> tuple[np.ndarray, np.ndarray]:
    """⁸B ν spectrum on a grid (MeV, 1/MeV).

    Allowed β⁺ spectra to ⁸Be at excitation E_x, averaged over the log-normal E_x distribution
    (:data:`B8_EX_MEDIAN_MEV`, :data:`B8_EX_LOG_WIDTH`).
    """
    e = np.linspace(0.0, B8_Q_GS_MEV, 1200)
    ex = np.linspace(0.02, 12.0, 600)
    comp = _allowed_beta(e[:, None], B8_Q_GS_MEV - ex[None, :])
    comp = comp / np.maximum(np.trapezoid(comp, e, axis=0), 1e-300)
    f = _normalise(e, comp @ lognorm.pdf(ex, B8_EX_LOG_WIDTH, scale=B8_EX_MEDIAN_MEV))
    f.setflags(write=False)
    return e, f


def solar_b8_spectrum(enu_mev: ArrayLike) -> NDArray[np.float64]:
    """Solar ⁸B ν_e spectrum in 1/MeV, normalised to 1: the one ⁸B spectrum of the library.

    Parameters
    ----------
    enu_mev : array_like
        Neutrino energy (MeV, ≥ 0).

    Returns
    -------
    ndarray
        dN/dE (1/MeV): allowed β⁺ shapes averaged over the broad ⁸Be final state (:func:`_b8_table`); mean
        6.735 MeV, end point 16.96 MeV; within 13 % of Winter et al. (2006) from 2 to 15 MeV (tests).

    References
    ----------
    W. T. Winter et al., PRC 73, 025503 (2006); D. R. Tilley et al., Nucl. Phys. A 745, 155 (2004).
    """
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    eg, fg = _b8_table()
    ret: NDArray[np.float64] = np.interp(e, eg, fg, left=0.0, right=0.0)
    return ret


def solar_b8_flux_per_cm2_s_mev(enu_mev: ArrayLike) -> np.ndarray:
    """Solar ⁸B flux at Earth, ν cm⁻² s⁻¹ MeV⁻¹ (shape × :data:`B8_FLUX_PER_CM2_S`)."""
    return B8_FLUX_PER_CM2_S * solar_b8_spectrum(enu_mev)


def b8_endpoint_mev() -> float:
    """End point of the ⁸B ν spectrum (MeV): the ⁸Be ground-state Q value :data:`B8_Q_GS_MEV`, 16.96 MeV."""
    return B8_Q_GS_MEV


def flux_spectrum(enu_mev: ArrayLike, source: str) -> NDArray[np.float64]:
    """Differential flux dΦ/dE in cm⁻² s⁻¹ MeV⁻¹ of ``source`` ("8B", "hep", "atm", "DSNB") at the Earth."""
    if source not in FLUXES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, got {source!r}")
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    total = FLUXES[source][0]
    if source == "8B":
        return total * solar_b8_spectrum(e)
    if source == "hep":
        eg = np.linspace(0.0, HEP_ENDPOINT_MEV, 1000)
        ret: NDArray[np.float64] = total * np.interp(e, eg, _normalise(eg, _allowed_beta(eg, HEP_ENDPOINT_MEV)), left=0.0, right=0.0)
        return ret
    if source == "atm":
        lo, hi = ATM_RANGE_MEV
        eg = np.geomspace(lo, hi, 2000)
        norm = np.trapezoid(_atm_shape(eg), eg)
        ret = np.where((e >= lo) & (e <= hi), total * _atm_shape(e) / norm, 0.0)
        return ret
    eg, fg = _dsnb_table()
    dsnb: NDArray[np.float64] = total * np.interp(e, eg, fg, left=0.0, right=0.0)
    return dsnb
