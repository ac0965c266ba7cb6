"""A neutrino magnetic moment in CEvNS: the electromagnetic term with its 1/T rise.

A magnetic moment μ_ν (in Bohr magnetons μ_B) flips the neutrino helicity, so its amplitude does not
interfere with the weak one and the two cross sections add (Vogel & Engel, PRD 39, 3378 (1989),
Eq. 2; for CEvNS e.g. Papoulias & Kosmas, PRD 97, 033003 (2018), Eq. 20):

    dσ_EM/dT = (π α² μ_ν² / m_e²) (1/T − 1/E) Z² F²(q).

The 1/T makes the extra events pile up at the lowest recoils: a low threshold is what makes a
CEvNS detector sensitive to μ_ν. The Standard-Model value, μ_ν ≈ 3×10⁻¹⁹ (m_ν/eV) μ_B
(Fujikawa & Shrock, PRL 45, 963 (1980)), is far out of reach; COHERENT 2017 gives a few × 10⁻⁹ μ_B.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import broadcast, in_range, nonneg_array
from ..data.release import Release
from ..experiment.detector import cevns_template
from ..physics.constants import ALPHA, HBARC2_GEV2_CM2, M_E_MEV
from ..physics.cross_section import dsigma_dt
from ..physics.form_factors import form_factor
from ..physics.kinematics import q_mev, t_max_kev
from ..physics.nuclei import Nucleus, get_nucleus
from .scans import HypothesisLikelihood, Scan1D, hypothesis_likelihood, scan_1d

#: Largest μ_ν (in μ_B) the functions accept: far beyond any allowed value, but keeps inputs sane.
MU_NU_MAX = 1e-6

# π α²/m_e² in cm²/MeV → × 1e-3 per keV of T (T in keV, so 1/T carries 1/keV: see below).
_PREF_CM2 = np.pi * ALPHA**2 / (M_E_MEV * 1e-3) ** 2 * HBARC2_GEV2_CM2  # cm² (GeV² · GeV⁻² cancels)


def dsigma_dt_magnetic(
    enu_mev: ArrayLike, recoil_kev: ArrayLike, nucleus: str | Nucleus, mu_nu_bohr: float,
    form_factor_model: str = "helm",
) -> NDArray[np.float64]:
    """Compute the electromagnetic (magnetic-moment) dσ/dT, zero at T = 0 and above T_max.

    Parameters
    ----------
    enu_mev : float or array_like
        Neutrino energy [MeV], ≥ 0.
    recoil_kev : float or array_like
        Recoil energy T [keV], ≥ 0; broadcast with ``enu_mev``.
    nucleus : str or Nucleus
        Target nucleus.
    mu_nu_bohr : float
        Effective neutrino magnetic moment [μ_B], 0 to :data:`MU_NU_MAX`.
    form_factor_model : str, optional
        Form-factor model (charge form factor F(q) of the Z² term).

    Returns
    -------
    numpy.ndarray
        The EM cross section dσ_EM/dT [cm²/keV], with the broadcast shape of the inputs.

    References
    ----------
    P. Vogel & J. Engel, Phys. Rev. D 39, 3378 (1989), Eq. 2; for CEvNS: D. K. Papoulias & T. S. Kosmas,
    Phys. Rev. D 97, 033003 (2018), Eq. 20.
    """
    nuc = get_nucleus(nucleus)
    mu = in_range(mu_nu_bohr, "mu_nu_bohr", 0.0, MU_NU_MAX, "mu_B")
    e, t_kev = broadcast(enu_mev=nonneg_array(enu_mev, "enu_mev", "MeV"),
                         recoil_kev=nonneg_array(recoil_kev, "recoil_kev", "keV"))
    inside = (t_kev > 0) & (e > 0) & (t_kev <= t_max_kev(e, nuc))
    t_safe = np.where(inside, t_kev, 1.0)
    e_kev = np.where(inside, 1e3 * e, 2.0)
    kin = np.where(inside, 1.0 / t_safe - 1.0 / e_kev, 0.0)  # 1/keV
    ff = form_factor(q_mev(t_kev, nuc), nuc, form_factor_model)
    out: NDArray[np.float64] = _PREF_CM2 * mu**2 * kin * nuc.Z**2 * ff**2
    return out


def dsigma_with_magnetic_moment(mu_nu_bohr: float, form_factor_model: str = "helm",
                                flavors: tuple[str, ...] = ("numu", "nue", "numubar"),
                                include_weak: bool = True) -> Callable[..., NDArray[np.float64]]:
    """Make a cross section with the SM weak and the magnetic-moment terms, for a detector template.

    Parameters
    ----------
    mu_nu_bohr : float
        Effective neutrino magnetic moment [μ_B], 0 to :data:`MU_NU_MAX`.
    form_factor_model : str, optional
        Form-factor model.
    flavors : tuple of str, optional
        Flavours that carry the magnetic moment (the others get the weak term only).
    include_weak : bool, optional
        Add the SM weak term; ``False`` gives the EM term only (used to precompute its template once).

    Returns
    -------
    callable
        ``dsigma(enu_mev, recoil_kev, nucleus, flavor)`` [cm²/keV].
    """
    in_range(mu_nu_bohr, "mu_nu_bohr", 0.0, MU_NU_MAX, "mu_B")

    def dsigma(enu_mev: ArrayLike, recoil_kev: ArrayLike, nucleus: str | Nucleus, flavor: str) -> NDArray[np.float64]:
        out = dsigma_dt_magnetic(enu_mev, recoil_kev, nucleus, mu_nu_bohr if flavor in flavors else 0.0,
                                 form_factor_model)
        if include_weak:
            out = out + dsigma_dt(enu_mev, recoil_kev, nucleus, form_factor_model)
        return out

    return dsigma


def em_to_weak_ratio(enu_mev: float, recoil_kev: ArrayLike, nucleus: str | Nucleus,
                     mu_nu_bohr: float) -> NDArray[np.float64]:
    """Compute (dσ_EM/dT) / (dσ_weak/dT) at one energy: how the magnetic term rises as T → 0.

    Parameters
    ----------
    enu_mev : float
        Neutrino energy [MeV].
    recoil_kev : float or array_like
        Recoil energy T [keV].
    nucleus : str or Nucleus
        Target nucleus.
    mu_nu_bohr : float
        Effective neutrino magnetic moment [μ_B].

    Returns
    -------
    numpy.ndarray
        The ratio (form factors cancel; ``inf`` where the weak term vanishes).
    """
    em = dsigma_dt_magnetic(enu_mev, recoil_kev, nucleus, mu_nu_bohr, "none")
    weak = dsigma_dt(enu_mev, recoil_kev, nucleus, "none")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio: NDArray[np.float64] = np.where(weak > 0, em / weak, np.inf)
    return ratio


# --- the limit from the 2017 data ----------------------------------------------------------------

#: Reference magnetic moment (μ_B) at which the EM-only template is computed; the EM count ∝ μ_ν².
MU_REF = 1e-9
#: Default μ_ν grid of :func:`mu_nu_limit_scan` [μ_B] (read-only).
MU_NU_GRID = np.linspace(0.0, 2e-8, 201)
MU_NU_GRID.setflags(write=False)


def em_only_dsigma(enu_mev: ArrayLike, recoil_kev: ArrayLike, nucleus: str | Nucleus, flavor: str,
                   mu_nu_bohr: float = MU_REF, form_factor_model: str = "helm") -> NDArray[np.float64]:
    """Compute the EM term alone at ``MU_REF`` (module-level so detector tables can cache it).

    Parameters
    ----------
    enu_mev : float or array_like
        Neutrino energy [MeV].
    recoil_kev : float or array_like
        Recoil energy T [keV].
    nucleus : str or Nucleus
        Target nucleus.
    flavor : str
        Neutrino flavour (every flavour gets the same moment).
    mu_nu_bohr : float, optional
        Magnetic moment [μ_B] (default :data:`MU_REF`).
    form_factor_model : str, optional
        Form-factor model.

    Returns
    -------
    numpy.ndarray
        The EM cross section dσ_EM/dT [cm²/keV].
    """
    return dsigma_dt_magnetic(enu_mev, recoil_kev, nucleus, mu_nu_bohr, form_factor_model)


def em_template(hl: HypothesisLikelihood) -> NDArray[np.float64]:
    """Compute the accepted counts of the EM term at μ_ν = MU_REF for all flavours (via the detector's dsigma hook).

    Parameters
    ----------
    hl : HypothesisLikelihood
        Gives the detector and the arrival-time PDFs.

    Returns
    -------
    numpy.ndarray
        (25, 24) expected counts.
    """
    total: NDArray[np.float64] = cevns_template(hl.det, dsigma=em_only_dsigma, time_pdfs=hl.builder.time_pdfs).total
    return total


def mu_nu_template(hl: HypothesisLikelihood, mu_nu_bohr: float,
                   em: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
    """Compute the SM + EM template T_SM + (μ_ν/MU_REF)² T_EM for a flavour-universal μ_ν.

    Parameters
    ----------
    hl : HypothesisLikelihood
        Gives the SM template.
    mu_nu_bohr : float
        Effective magnetic moment [μ_B], 0 to :data:`MU_NU_MAX`.
    em : numpy.ndarray, optional
        Precomputed :func:`em_template`.

    Returns
    -------
    numpy.ndarray
        (25, 24) expected counts.
    """
    mu = in_range(mu_nu_bohr, "mu_nu_bohr", 0.0, MU_NU_MAX, "mu_B")
    em = em_template(hl) if em is None else em
    out: NDArray[np.float64] = hl.sm_template + (mu / MU_REF) ** 2 * em
    return out


def mu_nu_limit_scan(release_or_likelihood: Release | HypothesisLikelihood,
                     values: ArrayLike = MU_NU_GRID) -> Scan1D:
    """Scan Δχ² in a flavour-universal μ_ν with the 2017 likelihood.

    Parameters
    ----------
    release_or_likelihood : Release or HypothesisLikelihood
        The data, or a likelihood already built for them.
    values : array_like, optional
        Grid of μ_ν values [μ_B], each in [0, :data:`MU_NU_MAX`] (default 0–2×10⁻⁸ μ_B, 201 points).

    Returns
    -------
    Scan1D
        The scan; ``.upper_limit()`` gives the 90% CL bound.

    Raises
    ------
    ValueError
        If a value lies outside [0, :data:`MU_NU_MAX`].

    References
    ----------
    D. K. Papoulias & T. S. Kosmas, Phys. Rev. D 97, 033003 (2018), who find limits of a few × 10⁻⁹ μ_B
    from the same data.
    """
    hl = release_or_likelihood if isinstance(release_or_likelihood, HypothesisLikelihood) else \
        hypothesis_likelihood(release_or_likelihood)
    v = np.asarray(values, float)
    if np.any((v < 0) | (v > MU_NU_MAX)):
        raise ValueError(f"mu_nu values must lie between 0 and {MU_NU_MAX} mu_B")
    em = em_template(hl)
    return scan_1d(hl, "mu_nu", "μ_B", v, lambda mu: mu_nu_template(hl, mu, em))
