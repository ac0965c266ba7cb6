"""Non-standard neutrino interactions (NSI) in CEvNS: a modified weak charge.

New vector interactions of ν_α with up and down quarks, of strength ε^{qV}_{αα} relative to G_F,
add to the Standard-Model couplings (Barranco, Miranda & Rashba, JHEP 0512:021 (2005), Eq. 4;
used for COHERENT in Akimov et al., Science 357, 1123 (2017), Fig. 4):

    Q_W,α² → 4 [Z (g_V^p + 2ε^{uV}_{αα} + ε^{dV}_{αα}) + N (g_V^n + ε^{uV}_{αα} + 2ε^{dV}_{αα})]²,
    g_V^p = ½ − 2 sin²θ_W,  g_V^n = −½.

With Q_W = N − (1 − 4 sin²θ_W) Z = −2(Z g_V^p + N g_V^n) this reads

    Q_W,α(ε) = Q_W − 2 [(2Z + N) ε^{uV}_{αα} + (Z + 2N) ε^{dV}_{αα}].

A counting experiment measures Q_W,α² only, so its allowed region is a band along lines of constant
(2Z + N) ε^u + (Z + 2N) ε^d: slope dε^d/dε^u = −(2Z + N)/(Z + 2N) (≈ −0.89 for CsI). It has two
branches: Q_W,α(ε) ≈ +Q_W (through the SM point ε = 0) and the "degenerate" branch Q_W,α(ε) ≈ −Q_W,
where the sign of the amplitude flips and the rate is again Standard-Model-like.

At the SNS the prompt ν_μ and delayed ν̄_μ feel ε_μμ, the delayed ν_e feel ε_ee.
Pure physics: no data, no widgets. The data-driven scan lives in :mod:`cevns_edu.bsm.scans`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import as_float_array, broadcast, in_range
from ..data.release import Release
from ..physics.constants import SIN2_THETA_W
from ..physics.cross_section import dsigma_dt, weak_charge
from ..physics.nuclei import Material, Nucleus, get_material, get_nucleus
from .scans import HypothesisLikelihood, hypothesis_likelihood

#: Neutrino flavours at a π-DAR source and the NSI flavour index each one feels.
FLAVOR_INDEX = {"numu": "mumu", "numubar": "mumu", "nue": "ee"}

#: Range allowed for each ε (abs(ε) ≲ 1 is where CEvNS has something to say; larger is unphysical here).
EPS_LIMIT = 5.0
#: Default ε grid (both axes) of :func:`nsi_scan` (read-only).
EPS_GRID = np.linspace(-1.0, 1.0, 161)
EPS_GRID.setflags(write=False)


@dataclass(frozen=True)
class NSICouplings:
    """Flavour-diagonal vector NSI couplings ε^{qV}_{αα} (dimensionless, in units of G_F).

    Attributes
    ----------
    ee_u, ee_d : float
        ε^{uV}_{ee} and ε^{dV}_{ee}, within ±:data:`EPS_LIMIT`.
    mumu_u, mumu_d : float
        ε^{uV}_{μμ} and ε^{dV}_{μμ}, within ±:data:`EPS_LIMIT`.

    References
    ----------
    J. Barranco, O. G. Miranda & T. I. Rashba, JHEP 0512:021 (2005).
    """

    ee_u: float = 0.0
    ee_d: float = 0.0
    mumu_u: float = 0.0
    mumu_d: float = 0.0

    def __post_init__(self) -> None:
        """Check every coupling lies within ±:data:`EPS_LIMIT`."""
        for name in ("ee_u", "ee_d", "mumu_u", "mumu_d"):
            in_range(getattr(self, name), f"epsilon {name}", -EPS_LIMIT, EPS_LIMIT)

    def for_flavor(self, flavor: str) -> tuple[float, float]:
        """Give the couplings a neutrino flavour feels ("numu", "numubar" → μμ; "nue" → ee).

        Parameters
        ----------
        flavor : {"numu", "numubar", "nue"}
            Neutrino flavour.

        Returns
        -------
        tuple of float
            (ε^u, ε^d).

        Raises
        ------
        ValueError
            If ``flavor`` is unknown.
        """
        if flavor not in FLAVOR_INDEX:
            raise ValueError(f"flavor must be one of {', '.join(FLAVOR_INDEX)}, got {flavor!r}")
        if FLAVOR_INDEX[flavor] == "ee":
            return self.ee_u, self.ee_d
        return self.mumu_u, self.mumu_d


def weak_charge_nsi(
    nucleus: str | Nucleus, eps_u: ArrayLike = 0.0, eps_d: ArrayLike = 0.0, sin2_theta_w: float = SIN2_THETA_W
) -> NDArray[np.float64]:
    """Compute the effective weak charge Q_W(ε) = Q_W − 2[(2Z+N)ε^u + (Z+2N)ε^d].

    Parameters
    ----------
    nucleus : str or Nucleus
        Target nucleus.
    eps_u, eps_d : float or array_like, optional
        The couplings ε^{uV}_{αα} and ε^{dV}_{αα} (broadcast together).
    sin2_theta_w : float, optional
        Weak mixing angle sin²θ_W.

    Returns
    -------
    numpy.ndarray
        Q_W(ε), with the broadcast shape of ``eps_u`` and ``eps_d``.

    Raises
    ------
    ValueError
        If an ε is not finite.

    References
    ----------
    J. Barranco, O. G. Miranda & T. I. Rashba, JHEP 0512:021 (2005), Eq. 4.
    """
    nuc = get_nucleus(nucleus)
    eu, ed = broadcast(eps_u=as_float_array(eps_u, "eps_u"), eps_d=as_float_array(eps_d, "eps_d"))
    for name, arr in (("eps_u", eu), ("eps_d", ed)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite numbers (no NaN or inf)")
    q_w: NDArray[np.float64] = weak_charge(nuc, sin2_theta_w) - 2 * ((2 * nuc.Z + nuc.N) * eu + (nuc.Z + 2 * nuc.N) * ed)
    return q_w


def rate_factor(
    nucleus: str | Nucleus, eps_u: ArrayLike = 0.0, eps_d: ArrayLike = 0.0, sin2_theta_w: float = SIN2_THETA_W
) -> NDArray[np.float64]:
    """Compute the ratio (Q_W(ε)/Q_W)² of the CEvNS rate with NSI to the Standard-Model one, for one nucleus.

    Parameters
    ----------
    nucleus : str or Nucleus
        Target nucleus.
    eps_u, eps_d : float or array_like, optional
        The couplings ε^{uV}_{αα} and ε^{dV}_{αα} (broadcast together).
    sin2_theta_w : float, optional
        Weak mixing angle sin²θ_W.

    Returns
    -------
    numpy.ndarray
        Rate ratio, with the broadcast shape of ``eps_u`` and ``eps_d``.
    """
    return (weak_charge_nsi(nucleus, eps_u, eps_d, sin2_theta_w) / weak_charge(nucleus, sin2_theta_w)) ** 2


def dsigma_nsi(couplings: NSICouplings, form_factor_model: str = "helm") -> Callable[..., NDArray[np.float64]]:
    """Make a CEvNS cross section with NSI, for ``cevns_template(detector, dsigma=...)``.

    Parameters
    ----------
    couplings : NSICouplings
        The couplings.
    form_factor_model : str, optional
        Form-factor model.

    Returns
    -------
    callable
        ``dsigma(enu_mev, recoil_kev, nucleus, flavor)`` [cm²/keV].

    Raises
    ------
    TypeError
        If ``couplings`` is not an :class:`NSICouplings`.
    """
    if not isinstance(couplings, NSICouplings):
        raise TypeError(f"couplings must be an NSICouplings, got {type(couplings).__name__}")

    def dsigma(enu_mev: ArrayLike, recoil_kev: ArrayLike, nucleus: str | Nucleus, flavor: str) -> NDArray[np.float64]:
        eu, ed = couplings.for_flavor(flavor)
        q_w = float(weak_charge_nsi(nucleus, eu, ed))
        return dsigma_dt(enu_mev, recoil_kev, nucleus, form_factor_model, q_w=q_w)

    return dsigma


def _mean_zn(target: str | Nucleus | Material) -> tuple[float, float]:
    """Z and N of a nucleus, or for a material their averages weighted by each component's SM rate ∝ n·Q_W²."""
    mat = get_material(target)
    w = np.array([n * weak_charge(nuc) ** 2 for nuc, n in mat.components])
    z = np.array([nuc.Z for nuc, _ in mat.components], dtype=float)
    nn = np.array([nuc.N for nuc, _ in mat.components], dtype=float)
    return float(w @ z / w.sum()), float(w @ nn / w.sum())


def band_slope(target: str | Nucleus | Material = "CsI") -> float:
    """Compute the slope dε^d/dε^u = −(2Z+N)/(Z+2N) of the allowed NSI band.

    Parameters
    ----------
    target : str, Nucleus or Material, optional
        Target (for a material, Z and N are averaged with SM-rate weights).

    Returns
    -------
    float
        The slope.
    """
    z, n = _mean_zn(target)
    return -(2 * z + n) / (z + 2 * n)


def sm_branch(target: str | Nucleus | Material, eps_u: ArrayLike) -> NDArray[np.float64]:
    """Give ε^d on the line through the SM point where Q_W(ε) = Q_W: ε^d = −(2Z+N)/(Z+2N) ε^u.

    Parameters
    ----------
    target : str, Nucleus or Material
        Target nucleus or material.
    eps_u : float or array_like
        The coupling ε^{uV}_{αα}.

    Returns
    -------
    numpy.ndarray
        The coupling ε^{dV}_{αα}, shaped like ``eps_u``.
    """
    eps_d: NDArray[np.float64] = band_slope(target) * np.asarray(eps_u, dtype=np.float64)
    return eps_d


def degenerate_branch(target: str | Nucleus | Material, eps_u: ArrayLike) -> NDArray[np.float64]:
    """Give ε^d on the degenerate line where Q_W(ε) = −Q_W (SM rate, opposite sign of the amplitude).

    (2Z+N) ε^u + (Z+2N) ε^d = Q_W, with rate-weighted Z, N (and Q_W) for a material.

    Parameters
    ----------
    target : str, Nucleus or Material
        Target nucleus or material.
    eps_u : float or array_like
        The coupling ε^{uV}_{αα}.

    Returns
    -------
    numpy.ndarray
        The coupling ε^{dV}_{αα}, shaped like ``eps_u``.
    """
    z, n = _mean_zn(target)
    mat = get_material(target)
    w = np.array([c * weak_charge(nuc) ** 2 for nuc, c in mat.components])
    qw = float(w @ np.array([weak_charge(nuc) for nuc, _ in mat.components]) / w.sum())
    eps_d: NDArray[np.float64] = (qw - (2 * z + n) * np.asarray(eps_u, dtype=np.float64)) / (z + 2 * n)
    return eps_d


# --- the allowed region from the data ----------------------------------------------------------

@dataclass(frozen=True)
class NSIScan:
    """Δχ² over a grid of (ε^u, ε^d) for one flavour index (the other flavour's ε = 0).

    ``delta_chi2``/``n_predicted`` have shape (len(eps_d), len(eps_u)) (rows ε^d, columns ε^u, as a
    plotting image). ``sm_delta_chi2`` is Δχ² at ε = 0. ``label``: "REAL DATA" or "SIMULATED REPLICA".

    References
    ----------
    D. Akimov et al. (COHERENT), Science 357, 1123 (2017), Fig. 4.
    """

    flavor: str
    eps_u: np.ndarray
    eps_d: np.ndarray
    delta_chi2: np.ndarray
    n_predicted: np.ndarray
    sm_delta_chi2: float
    n_sm: float
    label: str
    seconds: float
    chi2_of_count: tuple[np.ndarray, np.ndarray]  # (affected-flavour count grid, χ²) used for interpolation
    chi2_min: float
    n_fixed: float                                # events of the unaffected flavours
    affected_counts: dict[str, float]             # SM events of the affected flavours, per nucleus

    def allowed(self, level: float = 4.61) -> NDArray[np.bool_]:
        """Select the grid points inside Δχ² < ``level``.

        Parameters
        ----------
        level : float, optional
            Δχ² level (default 4.61: 90% CL for two parameters).

        Returns
        -------
        numpy.ndarray of bool
            Mask with the shape of :attr:`delta_chi2`.
        """
        mask: NDArray[np.bool_] = self.delta_chi2 < level
        return mask


def _nsi_parts(hl: HypothesisLikelihood, flavor: str
               ) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]], dict[str, float]]:
    """Split the SM template: fixed part, per-nucleus templates of the affected flavours, their counts."""
    if flavor not in ("ee", "mumu"):
        raise ValueError(f"flavor must be 'ee' or 'mumu', got {flavor!r}")
    affected = [f for f, idx in FLAVOR_INDEX.items() if idx == flavor]
    zero = np.zeros(np.shape(hl.sm_template))
    fixed = sum((p for (n, f), p in hl.builder.pieces.items() if f not in affected), zero)
    by_nuc: dict[str, NDArray[np.float64]] = {}
    for (n, f), p in hl.builder.pieces.items():
        if f in affected:
            by_nuc[n] = by_nuc.get(n, zero) + p
    return fixed, by_nuc, {n: hl.count(t) for n, t in by_nuc.items()}


def nsi_template(hl: HypothesisLikelihood, couplings: NSICouplings) -> NDArray[np.float64]:
    """Compute the CEvNS template with NSI (exact: each (nucleus, flavour) piece × (Q_W(ε)/Q_W)²).

    Parameters
    ----------
    hl : HypothesisLikelihood
        Gives the per-(nucleus, flavour) SM templates.
    couplings : NSICouplings
        The couplings.

    Returns
    -------
    numpy.ndarray
        (25, 24) expected counts.
    """
    out: NDArray[np.float64] = np.zeros(np.shape(hl.sm_template))
    for (name, f), piece in hl.builder.pieces.items():
        eu, ed = couplings.for_flavor(f)
        out = out + piece * float(rate_factor(get_nucleus(name), eu, ed))
    return out


def nsi_scan(release_or_likelihood: Release | HypothesisLikelihood, eps_u: ArrayLike = EPS_GRID,
             eps_d: ArrayLike = EPS_GRID, flavor: str = "ee", n_count_points: int = 201) -> NSIScan:
    """Map the allowed region in the (ε^u_αα, ε^d_αα) plane with the 2017 likelihood (α = ``flavor``).

    Within one flavour the NSI only rescale the per-nucleus templates of the affected neutrinos, whose
    shapes (Cs vs I) are the same to < 1%, so χ² depends on ε only through the affected count n_α(ε):
    χ²(n_α) is computed exactly on ``n_count_points`` values and interpolated over the plane.

    Parameters
    ----------
    release_or_likelihood : Release or HypothesisLikelihood
        The data, or a likelihood already built for them.
    eps_u, eps_d : array_like, optional
        1-D grids of ε^u and ε^d (at least 2 values each, within ±:data:`EPS_LIMIT`; default −1 to 1,
        161 points).
    flavor : {"ee", "mumu"}, optional
        Flavour index α (the other flavour's ε = 0).
    n_count_points : int, optional
        Number of affected-count values on which χ² is computed exactly.

    Returns
    -------
    NSIScan
        Δχ² and predicted counts over the grid.

    Raises
    ------
    ValueError
        For a bad grid or flavour.

    References
    ----------
    D. Akimov et al. (COHERENT), Science 357, 1123 (2017), Fig. 4.
    """
    t0 = time.perf_counter()
    hl = release_or_likelihood if isinstance(release_or_likelihood, HypothesisLikelihood) else \
        hypothesis_likelihood(release_or_likelihood)
    eu = np.asarray(eps_u, float)
    ed = np.asarray(eps_d, float)
    if eu.ndim != 1 or ed.ndim != 1 or eu.size < 2 or ed.size < 2:
        raise ValueError("eps_u and eps_d must be 1-D grids with at least 2 values")
    if np.any(np.abs(eu) > EPS_LIMIT) or np.any(np.abs(ed) > EPS_LIMIT):
        raise ValueError(f"eps values must lie within ±{EPS_LIMIT}")
    fixed, by_nuc, counts = _nsi_parts(hl, flavor)
    uu, dd = np.meshgrid(eu, ed)
    n_aff = sum((counts[n] * rate_factor(get_nucleus(n), uu, dd) for n in by_nuc), np.zeros_like(uu))
    n_aff_sm = sum(counts.values())
    shape = sum(by_nuc.values(), np.zeros_like(fixed)) / n_aff_sm
    # uniform in √n (∝ |Q_W(ε)|): dense where the data constrain, coarse where Δχ² is huge anyway
    grid = np.linspace(0.0, np.sqrt(float(n_aff.max()) * 1.0001), int(n_count_points)) ** 2
    chi2 = np.array([hl.chi2(fixed + x * shape) if hl.count(fixed) + x > 0 else np.inf for x in grid])
    chi2_map = np.interp(n_aff, grid, chi2)
    ref = min(float(chi2[(grid >= n_aff.min() - 1e-9)].min()), float(chi2_map.min()))
    n_fixed = hl.count(fixed)
    sm = float(np.interp(n_aff_sm, grid, chi2)) - ref
    return NSIScan(flavor, eu, ed, chi2_map - ref, n_fixed + n_aff, sm, hl.n_sm, hl.label,
                   time.perf_counter() - t0, (grid, chi2), ref, n_fixed, dict(counts))


def nsi_point(scan: NSIScan, eps_u: float, eps_d: float) -> tuple[float, float]:
    """Evaluate one (ε^u, ε^d) point of a scan's flavour (fast: the scan's χ²(count) table).

    Parameters
    ----------
    scan : NSIScan
        The scan.
    eps_u, eps_d : float
        The couplings, within ±:data:`EPS_LIMIT`.

    Returns
    -------
    n_predicted : float
        Predicted CEvNS count.
    delta_chi2 : float
        Δχ² relative to the scan's minimum.

    Raises
    ------
    ValueError
        If the point lies outside the scanned plane.
    """
    eu = in_range(eps_u, "eps_u", -EPS_LIMIT, EPS_LIMIT)
    ed = in_range(eps_d, "eps_d", -EPS_LIMIT, EPS_LIMIT)
    n_aff = sum(c * float(rate_factor(get_nucleus(n), eu, ed)) for n, c in scan.affected_counts.items())
    grid, chi2 = scan.chi2_of_count
    if n_aff > grid[-1]:
        raise ValueError(f"(eps_u, eps_d) = ({eu}, {ed}) lies outside the scanned plane; widen the scan")
    return scan.n_fixed + n_aff, float(np.interp(n_aff, grid, chi2)) - scan.chi2_min
