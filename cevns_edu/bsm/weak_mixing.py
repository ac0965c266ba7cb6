"""The weak mixing angle from a CEvNS rate, beside its Standard-Model running.

The weak charge Q_W = −2(Z g_V^p + N g_V^n), g_V^p = ½ − 2 sin²θ_W + radiative corrections
(tree level Q_W = N − (1 − 4 sin²θ_W) Z, Freedman, PRD 9, 1389 (1974); corrections from the PDG, see
:func:`cevns_edu.physics.cross_section.nucleon_vector_couplings`) makes the CEvNS rate
∝ Q_W² depend on sin²θ_W: d ln(rate)/d sin²θ_W = 8Z/Q_W ≈ 6 for CsI, so a rate known to 30% fixes
sin²θ_W to about ±0.05 — far from the 10⁻⁴ of atomic parity violation or Qweak, but at a new,
low momentum transfer (q ≈ 30–60 MeV) and with a neutrino probe.

The running of sin²θ_W in the MS-bar scheme (Erler & Ramsey-Musolf, PRD 72, 073003 (2005); PDG
review "Electroweak model and constraints on new physics") is parametrised here by its leading-log
fermion-loop form (the same paper, Eq. 9):

    ŝ²(μ) = [α̂(μ)/α̂(μ₀)] ŝ²(μ₀) + λ₁ [1 − α̂(μ)/α̂(μ₀)],  λ₁ = Σ N_c Q_f T_f / (2 Σ N_c Q_f²),

stepped across fermion thresholds, with the total shift rescaled so that the curve meets the PDG
values at both ends: ŝ²(M_Z) = 0.23122(4) and ŝ²(0) = 0.23857(5). That rescaling stands in for the
bosonic (W-loop) and QCD terms, and the light-quark thresholds are effective ones: the curve is a
teaching parametrisation good to ~2×10⁻⁴, not a replacement for the full calculation.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import as_float_array, in_range, nonneg_array
from ..data.release import Release
from ..physics.constants import SIN2_THETA_W
from ..physics.cross_section import weak_charge
from ..physics.nuclei import Material, Nucleus, get_material, get_nucleus
from .scans import HypothesisLikelihood, Scan1D, hypothesis_likelihood, scan_1d

#: Z mass in GeV (PDG 2022: 91.1876(21) GeV).
M_Z_GEV = 91.1876
#: ŝ²(M_Z) in MS-bar (PDG 2022 electroweak review: 0.23122(4)).
SIN2_MZ = 0.23122
#: ŝ²(0) in MS-bar (PDG 2022 electroweak review: 0.23857(5)); = constants.SIN2_THETA_W.
SIN2_ZERO = SIN2_THETA_W
#: α̂⁻¹(M_Z) in MS-bar (PDG 2022: 127.951(9)).
ALPHA_INV_MZ = 127.951

# (name, threshold GeV, colours, charge, T3 of the left-handed field). Lepton and heavy-quark
# thresholds at their masses (PDG); u, d, s at effective hadronic thresholds (teaching choice).
_FERMIONS = (
    ("e", 0.000511, 1, -1.0, -0.5), ("mu", 0.10566, 1, -1.0, -0.5), ("tau", 1.777, 1, -1.0, -0.5),
    ("u", 0.20, 3, 2 / 3, 0.5), ("d", 0.20, 3, -1 / 3, -0.5), ("s", 0.40, 3, -1 / 3, -0.5),
    ("c", 1.27, 3, 2 / 3, 0.5), ("b", 4.18, 3, -1 / 3, -0.5),
)

#: Published CEvNS determinations and a few other low-energy points (for the plot), (label, Q GeV, value, error).
MEASUREMENTS = (
    ("Qweak (Nature 557, 207 (2018))", 0.158, 0.2383, 0.0011),
    ("Z pole (PDG)", M_Z_GEV, SIN2_MZ, 0.00004),
)
#: Default sin²θ_W grid of :func:`measure_sin2_theta_w` (read-only).
SIN2_GRID = np.linspace(0.0, 0.5, 101)
SIN2_GRID.setflags(write=False)


def _raw_one(mu_gev: float) -> float:
    """Leading-log fermion running of ŝ² from M_Z down to ``mu_gev`` (before the end-point rescaling)."""
    s2, a_inv, upper = SIN2_MZ, ALPHA_INV_MZ, M_Z_GEV
    for th in sorted({f[1] for f in _FERMIONS}, reverse=True) + [0.0]:
        lo = max(th, mu_gev)
        active = [f for f in _FERMIONS if f[1] <= th]  # fermions lighter than this interval run in it
        if lo < upper and active:
            b = sum(nc * q * q for _, _, nc, q, _ in active)
            lam = sum(nc * q * t for _, _, nc, q, t in active) / (2 * b)
            a_inv_new = a_inv + 2 * b / (3 * np.pi) * np.log(upper / lo)
            r = a_inv / a_inv_new  # α̂(lo)/α̂(upper)
            s2, a_inv = r * s2 + lam * (1 - r), a_inv_new
        upper = lo
        if lo <= mu_gev:
            break
    return s2


def _raw_running(mu_gev: NDArray[np.float64]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.vectorize(_raw_one, otypes=[float])(mu_gev)
    return out


_RAW_ZERO = float(_raw_running(np.array([1e-6]))[0])


def sin2_theta_w_running(q_gev: ArrayLike) -> NDArray[np.float64]:
    """Compute the MS-bar sin²θ_W at a scale Q: PDG end points, leading-log shape (see the module docstring).

    Parameters
    ----------
    q_gev : float or array_like
        Scale Q [GeV], 10⁻⁶ ≤ Q ≤ M_Z.

    Returns
    -------
    numpy.ndarray
        The MS-bar ŝ²(Q), shaped like ``q_gev``.

    Raises
    ------
    ValueError
        If Q is outside [10⁻⁶ GeV, M_Z].

    References
    ----------
    J. Erler & M. J. Ramsey-Musolf, Phys. Rev. D 72, 073003 (2005), Eq. 9; PDG 2022 review "Electroweak
    model and constraints on new physics" (end points).
    """
    q = nonneg_array(q_gev, "q_gev", "GeV", positive=True)
    if np.any(q > M_Z_GEV * 1.0001) or np.any(q < 1e-6):
        raise ValueError(f"q_gev must be between 1e-6 and M_Z = {M_Z_GEV} GeV, got {q_gev!r}")
    raw = _raw_running(np.atleast_1d(q).astype(float)).reshape(q.shape)
    s2: NDArray[np.float64] = SIN2_MZ + (raw - SIN2_MZ) * (SIN2_ZERO - SIN2_MZ) / (_RAW_ZERO - SIN2_MZ)
    return s2


def rate_factor(target: str | Nucleus | Material, sin2_theta_w: ArrayLike) -> NDArray[np.float64]:
    """Compute the CEvNS rate relative to the SM value, Σ w_i Q_W,i(s²)²/Q_W,i(SM)².

    The weights are the SM rates of the components, w_i ∝ n_i Q_W,i².

    Parameters
    ----------
    target : str, Nucleus or Material
        Target nucleus or material.
    sin2_theta_w : float or array_like
        The weak mixing angle sin²θ_W, in [0, 1].

    Returns
    -------
    numpy.ndarray
        Rate ratio, shaped like ``sin2_theta_w``.

    Raises
    ------
    ValueError
        If a value of ``sin2_theta_w`` is outside [0, 1].

    References
    ----------
    D. Z. Freedman, Phys. Rev. D 9, 1389 (1974) (Q_W = N − (1 − 4 sin²θ_W) Z).
    """
    mat = get_material(target)
    s2 = as_float_array(sin2_theta_w, "sin2_theta_w")
    if np.any(~np.isfinite(s2)) or np.any((s2 < 0) | (s2 > 1)):
        raise ValueError(f"sin2_theta_w must be between 0 and 1, got {sin2_theta_w!r}")
    w = np.array([n * weak_charge(nuc) ** 2 for nuc, n in mat.components])
    w = w / w.sum()
    qw = np.vectorize(weak_charge, otypes=[float], excluded={0})
    return sum((wi * (qw(nuc, s2) / weak_charge(nuc)) ** 2
                for wi, (nuc, _) in zip(w, mat.components, strict=True)), np.zeros_like(s2))


def sin2_from_rate_factor(target: str | Nucleus | Material, factor: ArrayLike) -> NDArray[np.float64]:
    """Invert :func:`rate_factor` on its rising branch (sin²θ_W ≥ 0): which sin²θ_W gives this rate ratio.

    Parameters
    ----------
    target : str, Nucleus or Material
        Target nucleus or material.
    factor : float or array_like
        Rate relative to the SM value, ≥ 0.

    Returns
    -------
    numpy.ndarray
        The weak mixing angle sin²θ_W, shaped like ``factor``; NaN outside the range of the branch.
    """
    f = nonneg_array(factor, "factor", "(ratio)")
    grid = np.linspace(0.0, 1.0, 4001)
    r = rate_factor(target, grid)
    out: NDArray[np.float64] = np.interp(f, r, grid, left=np.nan, right=np.nan)
    return out


def typical_q_mev(target: str | Nucleus | Material, recoil_kev: float) -> float:
    """Compute the typical momentum transfer √(2MT) for the (abundance-weighted) target mass.

    Parameters
    ----------
    target : str, Nucleus or Material
        Target nucleus or material.
    recoil_kev : float
        Recoil energy T [keV], 0–10⁴ keV.

    Returns
    -------
    float
        The momentum transfer q [MeV].
    """
    mat = get_material(target)
    t = in_range(recoil_kev, "recoil_kev", 0.0, 1e4, "keV")
    m = sum(n * nuc.mass_mev for nuc, n in mat.components) / sum(n for _, n in mat.components)
    return float(np.sqrt(2 * m * 1e-3 * t))


# --- the measurement from the 2017 data ----------------------------------------------------------

def sin2_template(hl: HypothesisLikelihood, sin2_theta_w: float) -> NDArray[np.float64]:
    """Compute the CEvNS template for a given sin²θ_W: each nucleus' SM piece × (Q_W(s²)/Q_W(SM))².

    Parameters
    ----------
    hl : HypothesisLikelihood
        Gives the per-(nucleus, flavour) SM templates.
    sin2_theta_w : float
        The weak mixing angle sin²θ_W, in [0, 1].

    Returns
    -------
    numpy.ndarray
        (25, 24) expected counts.
    """
    s2 = in_range(sin2_theta_w, "sin2_theta_w", 0.0, 1.0)
    out: NDArray[np.float64] = np.zeros(np.shape(hl.sm_template))
    for (name, _f), piece in hl.builder.pieces.items():
        nuc = get_nucleus(name)
        out = out + piece * (weak_charge(nuc, s2) / weak_charge(nuc)) ** 2
    return out


def measure_sin2_theta_w(release_or_likelihood: Release | HypothesisLikelihood,
                         values: ArrayLike = SIN2_GRID) -> Scan1D:
    """Scan Δχ² in sin²θ_W with the 2017 likelihood (CEvNS count ∝ Q_W², SM systematics as a nuisance).

    sin²θ_W < 0 is unphysical and not scanned (there the rate would rise again as Q_W → ``N + Z·|…|``).

    Parameters
    ----------
    release_or_likelihood : Release or HypothesisLikelihood
        The data, or a likelihood already built for them.
    values : array_like, optional
        Grid of sin²θ_W values in [0, 1] (default 0–0.5, 101 points).

    Returns
    -------
    Scan1D
        The scan: ``best`` and ``interval_1sigma`` (Δχ² = 1).

    Raises
    ------
    ValueError
        If a value lies outside [0, 1].
    """
    hl = release_or_likelihood if isinstance(release_or_likelihood, HypothesisLikelihood) else \
        hypothesis_likelihood(release_or_likelihood)
    v = np.asarray(values, float)
    if np.any((v < 0) | (v > 1)):
        raise ValueError("sin²θ_W values must lie between 0 and 1")
    return scan_1d(hl, "sin2_theta_w", "", v, lambda s2: sin2_template(hl, s2))
