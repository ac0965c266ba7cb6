"""WIMPs in a xenon or germanium detector: the standard halo model and the spin-independent recoil spectrum.

WIMPs: the standard halo model of Lewin & Smith, Astropart. Phys. 6, 87 (1996): ρ₀ = 0.3 GeV/cm³,
v₀ = 220 km/s, v_esc = 544 km/s, v_E = 232 km/s, spin-independent σ_A = σ_n A² μ_A²/μ_n², Helm
form factor; η(v_min) in closed form (Savage, Freese & Gondolo, PRD 74, 043531 (2006), Eq. B4–B5).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import erf

from ..core.validate import in_range, nonneg_array, number
from ..physics.constants import M_P_MEV, SECONDS_PER_YEAR
from ..physics.form_factors import helm
from ..physics.kinematics import q_mev
from ..physics.nuclei import get_material

TARGETS = ("Xe", "Ge")


def check_target(target: str) -> None:
    """Raise ``ValueError`` unless ``target`` is one of :data:`TARGETS`.

    Parameters
    ----------
    target : str
        ``"Xe"`` or ``"Ge"``.

    Raises
    ------
    ValueError
        If ``target`` is not one of :data:`TARGETS`.
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}, got {target!r}")


def nuclei_per_tonne(target: str) -> NDArray[np.float64]:
    """Count the nuclei of each isotope per tonne of the natural element.

    Parameters
    ----------
    target : str
        A material known to :func:`~cevns_edu.physics.nuclei.get_material`.

    Returns
    -------
    numpy.ndarray
        Nuclei per tonne [1/t], one entry per component of the material.
    """
    return 1e3 * get_material(target).nuclei_per_kg()


@dataclass(frozen=True)
class Halo:
    """Standard halo model parameters (Lewin & Smith 1996; as in Billard et al. 2014).

    Attributes
    ----------
    rho_gev_cm3 : float
        Local dark-matter density [GeV/cm³].
    v0_km_s : float
        Most probable speed v₀ [km/s].
    vesc_km_s : float
        Galactic escape speed [km/s].
    vearth_km_s : float
        Earth's speed in the galactic frame [km/s].

    References
    ----------
    J. D. Lewin & P. F. Smith, Astropart. Phys. 6, 87 (1996); J. Billard, E. Figueroa-Feliciano &
    L. Strigari, Phys. Rev. D 89, 023524 (2014).
    """

    rho_gev_cm3: float = 0.3
    v0_km_s: float = 220.0
    vesc_km_s: float = 544.0
    vearth_km_s: float = 232.0

    def __post_init__(self) -> None:
        """Refuse a non-physical halo: density and speeds must be finite and > 0 (the Earth's ≥ 0)."""
        number(self.rho_gev_cm3, "rho_gev_cm3", "GeV/cm³", lo=0.0, lo_open=True)
        number(self.v0_km_s, "v0_km_s", "km/s", lo=0.0, lo_open=True)
        number(self.vesc_km_s, "vesc_km_s", "km/s", lo=0.0, lo_open=True)
        number(self.vearth_km_s, "vearth_km_s", "km/s", lo=0.0)


#: Speed of light in km/s (exact, SI).
C_KM_S = 299792.458
#: The standard halo (default of the functions below).
STANDARD_HALO = Halo()


def eta(vmin_km_s: ArrayLike, halo: Halo = STANDARD_HALO) -> NDArray[np.float64]:
    """Compute the mean inverse speed η(v_min) = ∫_{v>v_min} f(v)/v d³v (truncated Maxwellian seen from the Earth).

    Parameters
    ----------
    vmin_km_s : float or array_like
        Minimum WIMP speed v_min [km/s], ≥ 0.
    halo : Halo, optional
        Halo model (default: the standard halo).

    Returns
    -------
    numpy.ndarray
        Mean inverse speed η [s/km], shaped like ``vmin_km_s``.

    References
    ----------
    J. D. Lewin & P. F. Smith, Astropart. Phys. 6, 87 (1996); C. Savage, K. Freese & P. Gondolo,
    Phys. Rev. D 74, 043531 (2006), Eqs. B4–B5.
    """
    v = nonneg_array(vmin_km_s, "vmin_km_s", "km/s")
    x, y, z = v / halo.v0_km_s, halo.vearth_km_s / halo.v0_km_s, halo.vesc_km_s / halo.v0_km_s
    n_esc = erf(z) - 2 / np.sqrt(np.pi) * z * np.exp(-(z**2))
    pref = 1 / (2 * n_esc * y * halo.v0_km_s)
    low = erf(x + y) - erf(x - y) - 4 / np.sqrt(np.pi) * y * np.exp(-(z**2))
    mid = erf(z) - erf(x - y) - 2 / np.sqrt(np.pi) * (y + z - x) * np.exp(-(z**2))
    out: NDArray[np.float64] = pref * np.where(x < z - y, low, np.where(x < z + y, mid, 0.0))
    return out


def wimp_recoil_spectrum(recoil_kev: ArrayLike, mass_gev: float, sigma_n_cm2: float, target: str = "Xe",
                         halo: Halo = STANDARD_HALO) -> NDArray[np.float64]:
    """Compute the spin-independent WIMP recoil spectrum dR/dE_R (Helm form factor).

    Parameters
    ----------
    recoil_kev : float or array_like
        Recoil energy [keV], ≥ 0.
    mass_gev : float
        WIMP mass [GeV], 0.1–10⁵ GeV.
    sigma_n_cm2 : float
        WIMP–nucleon cross section σ_n [cm²], 0–10⁻³⁰ cm².
    target : {"Xe", "Ge"}, optional
        Target element (natural isotopic composition).
    halo : Halo, optional
        Halo model (default: the standard halo).

    Returns
    -------
    numpy.ndarray
        Differential rate dR/dE_R [events/(tonne·year·keV)], shaped like ``recoil_kev``.

    Raises
    ------
    ValueError
        For an unknown target or an argument out of range.

    References
    ----------
    J. D. Lewin & P. F. Smith, Astropart. Phys. 6, 87 (1996); C. Savage, K. Freese & P. Gondolo,
    Phys. Rev. D 74, 043531 (2006), Eqs. B4–B5.
    """
    check_target(target)
    m = in_range(mass_gev, "mass_gev", 0.1, 1e5, "GeV")
    sig = in_range(sigma_n_cm2, "sigma_n_cm2", 0.0, 1e-30, "cm^2")
    t = nonneg_array(recoil_kev, "recoil_kev", "keV")
    m_n = M_P_MEV * 1e-3
    mu_n = m * m_n / (m + m_n)
    out = np.zeros_like(t)
    mat = get_material(target)
    n_per_t = nuclei_per_tonne(target)
    for (nuc, _), n_t in zip(mat.components, n_per_t, strict=True):
        m_a = nuc.mass_mev * 1e-3
        mu_a = m * m_a / (m + m_a)
        vmin = C_KM_S * np.sqrt(m_a * t * 1e-6 / (2 * mu_a**2))  # km/s
        ff = helm(q_mev(t, nuc), nuc.A)
        # per nucleus: (ρ/m) σ_n A² m_A/(2 μ_n²) F² c² η  → 1/(s GeV); × 1e-6 GeV/keV
        c_cm_s = C_KM_S * 1e5
        eta_s_cm = eta(vmin, halo) / 1e5
        rate = halo.rho_gev_cm3 / m * sig * nuc.A**2 * m_a / (2 * mu_n**2) * ff**2 * c_cm_s**2 * eta_s_cm
        out += n_t * rate * 1e-6
    spectrum: NDArray[np.float64] = out * SECONDS_PER_YEAR
    return spectrum
