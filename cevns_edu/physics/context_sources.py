"""Neutrino sources shown for context beside the SNS beam: reactor ν̄_e and a core-collapse supernova burst.

The SNS π-DAR source is :mod:`cevns_edu.physics.sources`; solar and atmospheric neutrinos are
:mod:`cevns_edu.physics.astro_sources`. Spectra are per MeV; fluxes per cm² (and per second for reactors).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from ..core.validate import in_range, nonneg_array
from .sources import J_PER_GEV, fluence_per_cm2

# --- reactor ----------------------------------------------------------------------------------

#: Exponential-polynomial fits exp(Σ_k α_k E^k), E in MeV, ν̄_e per fission per MeV:
#: ²³⁵U, ²³⁹Pu, ²⁴¹Pu from P. Huber, PRC 84, 024617 (2011), Table III; ²³⁸U from
#: Th. A. Mueller et al., PRC 83, 054615 (2011), Table VI. Fitted for 2 ≤ E ≤ 8 MeV; below 2 MeV
#: the fit is an extrapolation (it is only used here to show the shape).
HUBER_MUELLER_COEFFS: dict[str, tuple[float, ...]] = {
    "U235": (4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777),
    "Pu239": (4.757, -5.392, 2.563, -0.6596, 0.07820, -0.003536),
    "Pu241": (2.990, -2.882, 1.278, -0.3343, 0.03905, -0.001754),
    "U238": (0.4833, 0.1927, -0.1283, -0.006762, 0.002233, -0.0001536),
}
#: Typical fission fractions of a commercial PWR at mid-cycle (e.g. Daya Bay, PRL 118, 251801 (2017):
#: 0.58 ²³⁵U, 0.30 ²³⁹Pu, 0.07 ²³⁸U, 0.05 ²⁴¹Pu, rounded).
PWR_FISSION_FRACTIONS: dict[str, float] = {"U235": 0.58, "Pu239": 0.30, "U238": 0.07, "Pu241": 0.05}
#: Mean energy released per fission, MeV (≈ 200 MeV; Kopeikin et al., Phys. At. Nucl. 67, 1892 (2004)).
ENERGY_PER_FISSION_MEV: float = 202.0
REACTOR_E_MIN_MEV, REACTOR_E_MAX_MEV = 1.8, 10.0


def reactor_spectrum(enu_mev: ArrayLike, fractions: dict[str, float] | None = None) -> np.ndarray:
    """Reactor ν̄_e spectrum in ν̄ per fission per MeV (Huber–Mueller fits, fission-fraction weighted).

    Zero outside 1.8–10 MeV, where the fits do not apply (the true spectrum continues below).
    """
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    fr = PWR_FISSION_FRACTIONS if fractions is None else fractions
    unknown = set(fr) - set(HUBER_MUELLER_COEFFS)
    if unknown:
        raise ValueError(f"unknown fissioning isotope(s) {sorted(unknown)}; allowed: {sorted(HUBER_MUELLER_COEFFS)}")
    out = np.zeros_like(e)
    for iso, f in fr.items():
        out = out + f * np.exp(np.polynomial.polynomial.polyval(e, HUBER_MUELLER_COEFFS[iso]))
    return np.where((e >= REACTOR_E_MIN_MEV) & (e <= REACTOR_E_MAX_MEV), out, 0.0)


def reactor_flux_per_cm2_s_mev(enu_mev: ArrayLike, thermal_power_gw: float = 3.0, distance_m: float = 20.0) -> NDArray[np.float64]:
    """Reactor ν̄_e flux, ν̄ cm⁻² s⁻¹ MeV⁻¹, at ``distance_m`` from a core of ``thermal_power_gw`` GW_th."""
    p = float(nonneg_array(thermal_power_gw, "thermal_power_gw", "GW", positive=True))
    fissions = p * 1e9 / (ENERGY_PER_FISSION_MEV * J_PER_GEV * 1e-3)
    ret: NDArray[np.float64] = fluence_per_cm2(distance_m, fissions, 1.0) * reactor_spectrum(enu_mev)
    return ret


# --- supernova burst --------------------------------------------------------------------------

#: Typical supernova mean energies (MeV) and pinching α (Keil, Raffelt & Janka, ApJ 590, 971 (2003);
#: Tamborra et al., PRD 86, 125031 (2012)): ν_e 11, ν̄_e 14, each heavy-flavour ν_x 16; α ≈ 2.5.
SUPERNOVA_MEAN_ENERGY_MEV: dict[str, float] = {"nue": 11.0, "nuebar": 14.0, "nux": 16.0}
SUPERNOVA_ALPHA: float = 2.5
#: Total binding energy radiated in neutrinos, ~3×10⁵³ erg, shared equally by the 6 species.
SUPERNOVA_ENERGY_ERG: float = 3e53


def supernova_spectrum(enu_mev: ArrayLike, mean_energy_mev: float = 14.0, alpha: float = SUPERNOVA_ALPHA) -> NDArray[np.float64]:
    """Return the pinched ("α-fit") supernova spectrum, 1/MeV, normalised to 1 (Keil, Raffelt & Janka 2003).

    f(E) = (α+1)^{α+1} / (⟨E⟩ Γ(α+1)) · (E/⟨E⟩)^α · exp(−(α+1) E/⟨E⟩).  α = 2.3 ≈ Fermi–Dirac with η = 0.
    """
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    m = in_range(mean_energy_mev, "mean_energy_mev", 1.0, 100.0, "MeV")
    a = in_range(alpha, "alpha", 0.0, 10.0)
    x = e / m
    ret: NDArray[np.float64] = np.exp((a + 1) * np.log(a + 1) - special.gammaln(a + 1) + special.xlogy(a, x) - (a + 1) * x) / m
    return ret


def supernova_fluence_per_cm2_mev(enu_mev: ArrayLike, species: str = "nuebar", distance_kpc: float = 10.0) -> np.ndarray:
    """Time-integrated fluence of one species (``nue``, ``nuebar`` or one ``nux``), ν cm⁻² MeV⁻¹, at ``distance_kpc``."""
    if species not in SUPERNOVA_MEAN_ENERGY_MEV:
        raise ValueError(f"species must be one of {tuple(SUPERNOVA_MEAN_ENERGY_MEV)}, got {species!r}")
    d_cm = in_range(distance_kpc, "distance_kpc", 1e-3, 1e4, "kpc") * 3.0856775814913673e21
    mean = SUPERNOVA_MEAN_ENERGY_MEV[species]
    n_nu = SUPERNOVA_ENERGY_ERG / 6 / (mean * 1.602176634e-6)  # erg → MeV
    return n_nu / (4 * np.pi * d_cm**2) * supernova_spectrum(enu_mev, mean)
