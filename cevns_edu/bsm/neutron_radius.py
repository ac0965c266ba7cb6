"""The neutron distribution radius of Cs and I from the CEvNS data.

CEvNS couples to the weak charge, carried mostly by neutrons, so its form factor measures the
neutron distribution (Cadeddu, Giunti, Li & Zhang, PRL 120, 072501 (2018): R_n = 5.5 +0.9/−1.1 fm
from the COHERENT 2017 CsI data, Helm form factor):

    dσ/dT ∝ [N F_n(q; R_n) − (1 − 4 sin²θ_W) Z F_p(q; R_p)]²,

with Helm form factors (Lewin & Smith 1996) of rms radius R_n for the neutrons and the point-proton
radius R_p for the protons, held fixed. R_p follows from the measured charge radius
(Angeli & Marinova 2013) by removing the nucleon sizes: R_p² = R_ch² − r_p² − (N/Z) r_n², with
r_p = 0.8409 fm (CODATA 2018) and r_n² = −0.1161 fm² (PDG 2022). One R_n is fitted for Cs and I
together, as Cadeddu et al. did.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import in_range
from ..data.release import Release
from ..physics.constants import SIN2_THETA_W
from ..physics.cross_section import nucleon_vector_couplings
from ..physics.form_factors import HELM_S_FM, helm
from ..physics.kinematics import q_mev
from ..physics.nuclei import Nucleus, get_nucleus
from .scans import HypothesisLikelihood, Scan1D, hypothesis_likelihood, scan_1d

#: Proton charge radius (fm), CODATA 2018.
R_PROTON_FM = 0.8409
#: Neutron mean-square charge radius (fm²), PDG 2022.
R2_NEUTRON_FM2 = -0.1161
#: Published R_n of CsI from COHERENT 2017 (Cadeddu et al. 2018): value, −error, +error (fm).
CADEDDU_2018 = (5.5, 1.1, 0.9)
#: Smallest rms radius the Helm form factor admits (√3·s).
R_MIN_FM = float(np.sqrt(3) * HELM_S_FM) + 0.01
#: Default R_n grid of :func:`fit_neutron_radius` [fm] (read-only).
RN_GRID_FM = np.linspace(3.0, 9.0, 121)
RN_GRID_FM.setflags(write=False)


def point_proton_radius_fm(nucleus: str | Nucleus) -> float:
    """Compute the point-proton rms radius R_p = √(R_ch² − r_p² − (N/Z) r_n²).

    Parameters
    ----------
    nucleus : str or Nucleus
        The nucleus (its charge radius R_ch from Angeli & Marinova 2013).

    Returns
    -------
    float
        R_p [fm].

    References
    ----------
    I. Angeli & K. P. Marinova, At. Data Nucl. Data Tables 99, 69 (2013) (R_ch); CODATA 2018 (r_p);
    PDG 2022 (r_n²).
    """
    nuc = get_nucleus(nucleus)
    return float(np.sqrt(nuc.charge_radius_fm**2 - R_PROTON_FM**2 - nuc.N / nuc.Z * R2_NEUTRON_FM2))


def weak_form_factor(q: ArrayLike, nucleus: str | Nucleus, rn_fm: float,
                     sin2_theta_w: float = SIN2_THETA_W) -> NDArray[np.float64]:
    """Compute the weak form factor F_W(q): Helm neutron and proton distributions weighted by the Z couplings.

    F_W = [N g_V^n F_n(q; R_n) + Z g_V^p F_p(q; R_p)] / (N g_V^n + Z g_V^p), 1 at q = 0 (PDG couplings,
    :func:`~cevns_edu.physics.cross_section.nucleon_vector_couplings`).

    Parameters
    ----------
    q : float or array_like
        Momentum transfer [MeV].
    nucleus : str or Nucleus
        Target nucleus.
    rn_fm : float
        Neutron rms radius R_n [fm], between :data:`R_MIN_FM` and 15 fm.
    sin2_theta_w : float, optional
        Weak mixing angle sin²θ_W.

    Returns
    -------
    numpy.ndarray
        F_W(q), normalised to 1 at q = 0, shaped like ``q``.

    References
    ----------
    M. Cadeddu, C. Giunti, Y. F. Li & Y. Y. Zhang, Phys. Rev. Lett. 120, 072501 (2018).
    """
    nuc = get_nucleus(nucleus)
    rn = in_range(rn_fm, "rn_fm", R_MIN_FM, 15.0, "fm")
    gp, gn = nucleon_vector_couplings(sin2_theta_w)
    fn = helm(q, nuc.A, rms_radius_fm=rn)
    fp = helm(q, nuc.A, rms_radius_fm=point_proton_radius_fm(nuc))
    out: NDArray[np.float64] = (nuc.N * gn * fn + nuc.Z * gp * fp) / (nuc.N * gn + nuc.Z * gp)
    return out


def rn_template(hl: HypothesisLikelihood, rn_fm: float) -> NDArray[np.float64]:
    """Compute the CEvNS template with neutron rms radius ``rn_fm`` for every nucleus of the target.

    Parameters
    ----------
    hl : HypothesisLikelihood
        Gives the per-nucleus template builder.
    rn_fm : float
        Neutron rms radius R_n [fm].

    Returns
    -------
    numpy.ndarray
        (25, 24) expected counts.
    """
    cache: dict[str, NDArray[np.float64]] = hl.__dict__.setdefault("_q_by_nucleus", {})

    def weight(nuc: Nucleus, flavor: str, recoil_kev: NDArray[np.float64]) -> NDArray[np.float64]:
        if nuc.name not in cache:
            cache[nuc.name] = q_mev(recoil_kev, nuc)
        return weak_form_factor(cache[nuc.name], nuc, rn_fm) ** 2

    return hl.builder.template(weight)


def fit_neutron_radius(release_or_likelihood: Release | HypothesisLikelihood,
                       values: ArrayLike = RN_GRID_FM) -> Scan1D:
    """Scan Δχ² in the common Cs/I neutron rms radius R_n with the 2017 likelihood.

    Parameters
    ----------
    release_or_likelihood : Release or HypothesisLikelihood
        The data, or a likelihood already built for them.
    values : array_like, optional
        Grid of R_n values [fm], each between :data:`R_MIN_FM` and 15 fm (default 3–9 fm, 121 points).

    Returns
    -------
    Scan1D
        The scan (best value and 1σ interval).

    Raises
    ------
    ValueError
        If a value lies outside [:data:`R_MIN_FM`, 15] fm.

    References
    ----------
    M. Cadeddu, C. Giunti, Y. F. Li & Y. Y. Zhang, Phys. Rev. Lett. 120, 072501 (2018).
    """
    hl = release_or_likelihood if isinstance(release_or_likelihood, HypothesisLikelihood) else \
        hypothesis_likelihood(release_or_likelihood)
    v = np.asarray(values, float)
    if np.any(v < R_MIN_FM) or np.any(v > 15):
        raise ValueError(f"R_n values must lie between {R_MIN_FM:.2f} and 15 fm")
    return scan_1d(hl, "R_n", "fm", v, lambda r: rn_template(hl, r))
