"""CEvNS cross sections, and the processes it is compared with.

Standard-Model CEvNS (Freedman, PRD 9, 1389 (1974); Drukier & Stodolsky, PRD 30, 2295 (1984);
Barranco, Miranda & Rashba, JHEP 0512:021 (2005))::

    dσ/dT = G_F² M /(4π) · Q_W² · (1 − MT/(2E²) − T/E) · F²(q),
    Q_W = N − (1 − 4 sin²θ_W) Z   (tree level; by default the PDG radiatively corrected couplings,
                                   :func:`nucleon_vector_couplings`, raise it by 1.4 % for CsI).

Because 1 − 4 sin²θ_W ≈ 0.046, Q_W ≈ N and σ ∝ N²: the coherence that makes a kilogram-scale
detector enough. Units: E in MeV, T in keV, σ in cm², dσ/dT in cm²/keV.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import broadcast, choice, in_range, nonneg_array, number
from .constants import DELTA_NP_MEV, FOUR_PI, G_F_GEV2, HBARC2_GEV2_CM2, M_E_MEV, NU_QUARK_COUPLINGS, SIN2_THETA_W
from .form_factors import FORM_FACTORS, form_factor, helm
from .kinematics import q_mev, t_max_kev
from .nuclei import Nucleus, get_nucleus

# Gauss–Legendre nodes for ∫₀^T_max dT; 96 points resolve the form factor's fall-off up to
# E ≈ 100 MeV on Xe (checked against adaptive quadrature to < 1e-6 in the tests).
_GL_X, _GL_W = np.polynomial.legendre.leggauss(96)


#: Highest neutrino energy [MeV] the elastic cross sections accept: 10 GeV. Far above ~100 MeV coherence is lost
#: (qR ≫ 1) and above ~1 GeV inelastic channels dominate, so an energy beyond this is a mistake, not physics.
ENU_MAX_MEV = 1.0e4


def _enu(enu_mev: ArrayLike) -> NDArray[np.float64]:
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    if e.size and float(e.max()) > ENU_MAX_MEV:
        raise ValueError(f"enu_mev must be <= {ENU_MAX_MEV:g} MeV (elastic scattering off a whole nucleus), "
                         f"got {float(e.max()):g}")
    return e


def nucleon_vector_couplings(sin2_theta_w: float = SIN2_THETA_W, radiative: bool = True) -> tuple[float, float]:
    """Vector couplings (g_V^p, g_V^n) of the Z to protons and neutrons in neutrino scattering.

    Parameters
    ----------
    sin2_theta_w : float
        Weak mixing angle sin²θ_W (0–1). With ``radiative=True`` a value other than the PDG
        :data:`~cevns_edu.physics.constants.SIN2_THETA_W` shifts g_V^p by −2 Δsin²θ_W, the other
        corrections held at their SM values (so a fitted sin²θ_W is the low-Q² MS-bar value).
    radiative : bool
        True (default): the PDG radiatively corrected couplings
        (:data:`~cevns_edu.physics.constants.NU_QUARK_COUPLINGS`), g_V^p = 2g_V^u + g_V^d = 0.0297 and
        g_V^n = g_V^u + 2g_V^d = −0.5118; False: tree level, g_V^p = ½ − 2 sin²θ_W, g_V^n = −½.

    Returns
    -------
    tuple of float
        (g_V^p, g_V^n), dimensionless.

    References
    ----------
    PDG Review of Particle Physics, "Electroweak model and constraints on new physics" (Erler & Freitas).
    """
    in_range(sin2_theta_w, "sin2_theta_w", 0.0, 1.0)
    gp, gn = 0.5 - 2.0 * sin2_theta_w, -0.5
    if radiative:
        c = NU_QUARK_COUPLINGS
        gu, gd = c["uL"] + c["uR"], c["dL"] + c["dR"]
        gp += (2 * gu + gd) - (0.5 - 2.0 * SIN2_THETA_W)
        gn += (gu + 2 * gd) + 0.5
    return gp, gn


def weak_charge(nucleus: str | Nucleus, sin2_theta_w: float = SIN2_THETA_W, radiative: bool = True) -> float:
    """Weak charge Q_W = −2 (Z g_V^p + N g_V^n), normalised so that Q_W ≈ N.

    ``radiative=False``: the tree-level Q_W = N − (1 − 4 sin²θ_W) Z (Freedman 1974), the teaching formula;
    default: the PDG radiatively corrected couplings (:func:`nucleon_vector_couplings`), which raise Q_W of
    ¹³³Cs from 75.49 to 76.57 (+2.9 % in σ).
    """
    nuc = get_nucleus(nucleus)
    gp, gn = nucleon_vector_couplings(sin2_theta_w, radiative)
    return -2.0 * (nuc.Z * gp + nuc.N * gn)


def dsigma_dt(
    enu_mev: ArrayLike,
    recoil_kev: ArrayLike,
    nucleus: str | Nucleus,
    form_factor_model: str = "helm",
    *,
    q_w: float | None = None,
    rms_radius_fm: float | None = None,
) -> NDArray[np.float64]:
    """Differential cross section dσ/dT in cm²/keV at neutrino energy ``enu_mev`` and recoil ``recoil_kev``.

    Arrays broadcast together. Zero above T_max. ``q_w`` overrides the SM weak charge (for new-physics
    studies); ``form_factor_model`` is one of ``helm``, ``klein-nystrand``, ``fermi``, ``none``;
    ``rms_radius_fm`` (Helm only) replaces the Lewin–Smith radius, e.g. by a neutron radius R_n.
    """
    nuc = get_nucleus(nucleus)
    e, t_kev = broadcast(
        enu_mev=_enu(enu_mev), recoil_kev=nonneg_array(recoil_kev, "recoil_kev", "keV")
    )
    qw = weak_charge(nuc) if q_w is None else number(q_w, "q_w")
    m, t = nuc.mass_mev, 1e-3 * t_kev
    e2 = e**2  # underflows to 0 below ~1e-154 MeV: such a neutrino transfers nothing
    with np.errstate(divide="ignore", invalid="ignore"):
        kin = np.where(e2 > 0, 1 - m * t / (2 * np.where(e2 > 0, e2, 1)) - t / np.where(e > 0, e, 1), 0.0)
    kin = np.clip(kin, 0.0, None)
    choice(form_factor_model, "form_factor_model", FORM_FACTORS)
    if rms_radius_fm is None:
        ff = form_factor(q_mev(t_kev, nuc), nuc, form_factor_model)
    elif form_factor_model == "helm":
        ff = helm(q_mev(t_kev, nuc), nuc.A, rms_radius_fm=rms_radius_fm)
    else:
        raise ValueError(f"rms_radius_fm applies to the helm form factor only, not {form_factor_model!r}")
    # G_F² M/(4π) in GeV⁻³ → cm²/GeV → cm²/keV
    pref = G_F_GEV2**2 * (m * 1e-3) / FOUR_PI * HBARC2_GEV2_CM2 * 1e-6
    ret: NDArray[np.float64] = pref * qw**2 * kin * ff**2
    return ret


def dsigma_dt_tree(enu_mev: ArrayLike, recoil_kev: ArrayLike, nucleus: str | Nucleus, flavor: str = "",
                   form_factor_model: str = "helm") -> np.ndarray:
    """Compute :func:`dsigma_dt` (cm²/keV) with the tree-level weak charge.

    In the ``dsigma(enu, T, nucleus, flavor)`` form the rate and detector functions accept (the teaching
    option: ``cevns_template(det, dsigma=dsigma_dt_tree)``).
    """
    return dsigma_dt(enu_mev, recoil_kev, nucleus, form_factor_model, q_w=weak_charge(nucleus, radiative=False))


def sigma_total(
    enu_mev: ArrayLike, nucleus: str | Nucleus, form_factor_model: str = "helm", *, q_w: float | None = None,
    rms_radius_fm: float | None = None,
) -> np.ndarray:
    """Total CEvNS cross section σ(E) in cm²: ∫₀^T_max dσ/dT dT (Gauss–Legendre, vectorised in E).

    ``q_w`` and ``rms_radius_fm`` as in :func:`dsigma_dt`.
    """
    e = _enu(enu_mev)
    tmax = t_max_kev(e, nucleus)[..., None]
    t = 0.5 * tmax * (_GL_X + 1)
    integrand = dsigma_dt(e[..., None], t, nucleus, form_factor_model, q_w=q_w, rms_radius_fm=rms_radius_fm)
    return 0.5 * tmax[..., 0] * (integrand @ _GL_W)


# --- comparison processes -------------------------------------------------------------------

#: Inverse-beta-decay prefactor σ₀ = 9.52×10⁻⁴⁴ cm² (zeroth order in 1/M: Vogel & Beacom,
#: PRD 60, 053003 (1999), Eq. 9 with the neutron lifetime).
IBD_SIGMA0_CM2 = 9.52e-44


def sigma_ibd(enu_mev: ArrayLike) -> np.ndarray:
    """Inverse beta decay ν̄_e p → e⁺ n, per proton, in cm² (Vogel & Beacom 1999, zeroth order).

    σ ≈ 9.52×10⁻⁴⁴ cm² · E_e p_e / MeV² with E_e = E_ν − Δ, Δ = m_n − m_p; zero below threshold.
    """
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    ee = e - DELTA_NP_MEV
    pe = np.sqrt(np.clip(ee**2 - M_E_MEV**2, 0.0, None))
    return np.where(ee > M_E_MEV, IBD_SIGMA0_CM2 * ee * pe, 0.0)


def sigma_nu_e_elastic(enu_mev: ArrayLike, flavor: str = "e", sin2_theta_w: float = SIN2_THETA_W) -> np.ndarray:
    """ν–electron elastic scattering per electron in cm² (E ≫ m_e; 't Hooft, PLB 37, 195 (1971)).

    σ = (2 G_F² m_e E/π)(g_L² + g_R²/3); g_R = sin²θ_W, g_L = ½ + sin²θ_W for ν_e (charged
    current included), −½ + sin²θ_W for ν_μ, ν_τ (Marciano & Parsa, J. Phys. G 29, 2629 (2003)).
    """
    if flavor not in ("e", "mu", "tau"):
        raise ValueError(f"flavor must be 'e', 'mu' or 'tau', got {flavor!r}")
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    g_l = (0.5 if flavor == "e" else -0.5) + sin2_theta_w
    g_r = sin2_theta_w
    pref = 2 * G_F_GEV2**2 * (M_E_MEV * 1e-3) * (e * 1e-3) / np.pi * HBARC2_GEV2_CM2
    return pref * (g_l**2 + g_r**2 / 3)
