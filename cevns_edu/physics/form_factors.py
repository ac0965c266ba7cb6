"""Nuclear weak form factors F(q), normalised to F(0) = 1.

CEvNS is coherent while qR ≲ 1: the amplitudes of all nucleons add in phase. At larger q the
form factor — the Fourier transform of the (mostly neutron) weak-charge density — suppresses it.

Models (q in MeV, radii in fm; qR is dimensionless with q → q/ħc):

* ``helm`` — Helm (1956) in the parametrisation of Lewin & Smith, Astropart. Phys. 6, 87 (1996):
  F = 3 j₁(qR₀)/(qR₀) · exp(−q²s²/2), R₀² = c² + 7π²a²/3 − 5s², c = 1.23 A^{1/3} − 0.6 fm,
  a = 0.52 fm, s = 0.9 fm. A chosen rms radius sets R₀ through ⟨r²⟩ = 3R₀²/5 + 3s².
* ``klein-nystrand`` — Klein & Nystrand, PRC 60, 014903 (1999): hard sphere R_A = 1.2 A^{1/3} fm
  folded with a Yukawa of range a_k = 0.7 fm: F = 3 j₁(qR_A)/(qR_A) · 1/(1 + q²a_k²).
* ``fermi`` — symmetrised Fermi distribution, analytic transform (Sprung & Martorell, J. Phys. A
  30, 6525 (1997); used for CEvNS by Piekarewicz et al., PRC 94, 034316 (2016)), c as Helm, a = 0.52 fm.
* ``none`` — F = 1 (point nucleus), for comparison.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import count, nonneg_array, number
from .constants import HBARC_MEV_FM
from .nuclei import Nucleus, get_nucleus

HELM_S_FM = 0.9
HELM_A_FM = 0.52
KN_AK_FM = 0.7
FERMI_A_FM = 0.52

FORM_FACTORS = ("helm", "klein-nystrand", "fermi", "none")


def _sphere(x: ArrayLike) -> NDArray[np.float64]:
    """3 j₁(x)/x = 3(sin x − x cos x)/x³, with its limit 1 − x²/10 below x = 10⁻³."""
    a = np.asarray(x, dtype=np.float64)
    small = np.abs(a) < 1e-3
    xs = np.where(small, 1.0, a)
    out: NDArray[np.float64] = np.where(small, 1 - a**2 / 10, 3 * (np.sin(xs) - xs * np.cos(xs)) / xs**3)
    return out


#: Mass numbers the form factors accept (hydrogen to beyond the heaviest known nuclei).
A_RANGE = (1, 300)


def _mass_number(a_mass: int) -> int:
    return count(a_mass, "a_mass", lo=A_RANGE[0], hi=A_RANGE[1])


def helm_r0_fm(a_mass: int) -> float:
    """Compute the Helm diffraction radius R₀ of Lewin & Smith.

    R₀² = c² + 7π²a²/3 − 5s², with c = 1.23 A^{1/3} − 0.6 fm, a = 0.52 fm, s = 0.9 fm.

    Parameters
    ----------
    a_mass : int
        Mass number A.

    Returns
    -------
    float
        R₀ [fm].

    References
    ----------
    R. H. Helm, Phys. Rev. 104, 1466 (1956); J. D. Lewin & P. F. Smith, Astropart. Phys. 6, 87 (1996).
    """
    c = 1.23 * _mass_number(a_mass) ** (1 / 3) - 0.6
    return float(np.sqrt(c**2 + 7 / 3 * np.pi**2 * HELM_A_FM**2 - 5 * HELM_S_FM**2))


def helm_rms_radius_fm(a_mass: int) -> float:
    """Compute the rms radius √(3R₀²/5 + 3s²) of the Lewin–Smith Helm distribution.

    Parameters
    ----------
    a_mass : int
        Mass number A.

    Returns
    -------
    float
        The rms radius [fm].

    References
    ----------
    R. H. Helm, Phys. Rev. 104, 1466 (1956); J. D. Lewin & P. F. Smith, Astropart. Phys. 6, 87 (1996).
    """
    return float(np.sqrt(0.6 * helm_r0_fm(a_mass) ** 2 + 3 * HELM_S_FM**2))


def helm(q_mev: ArrayLike, a_mass: int, rms_radius_fm: float | None = None) -> NDArray[np.float64]:
    """Evaluate the Helm form factor F = 3 j₁(qR₀)/(qR₀) · exp(−q²s²/2).

    Parameters
    ----------
    q_mev : float or array_like
        Momentum transfer [MeV], ≥ 0.
    a_mass : int
        Mass number A.
    rms_radius_fm : float, optional
        A chosen rms radius [fm] replacing the Lewin–Smith one (e.g. a neutron radius R_n); must
        exceed √3·s = 1.56 fm.

    Returns
    -------
    numpy.ndarray
        F(q), shaped like ``q_mev``, with F(0) = 1.

    Raises
    ------
    ValueError
        If ``q_mev`` is negative or not finite, or ``rms_radius_fm`` ≤ 1.56 fm.

    References
    ----------
    R. H. Helm, Phys. Rev. 104, 1466 (1956); J. D. Lewin & P. F. Smith, Astropart. Phys. 6, 87 (1996).
    """
    q = nonneg_array(q_mev, "q_mev", "MeV") / HBARC_MEV_FM
    if rms_radius_fm is None:
        r0 = helm_r0_fm(a_mass)
    else:
        _mass_number(a_mass)
        r_min = np.sqrt(3) * HELM_S_FM
        number(rms_radius_fm, "rms_radius_fm", "fm")
        if rms_radius_fm <= r_min:
            raise ValueError(f"rms_radius_fm must be > {r_min:.2f} fm (Helm with s = 0.9 fm), got {rms_radius_fm!r}")
        r0 = np.sqrt(5 / 3 * (rms_radius_fm**2 - 3 * HELM_S_FM**2))
    f: NDArray[np.float64] = _sphere(q * r0) * np.exp(-0.5 * (q * HELM_S_FM) ** 2)
    return f


def klein_nystrand(q_mev: ArrayLike, a_mass: int) -> NDArray[np.float64]:
    """Evaluate the Klein–Nystrand form factor (hard sphere ⊗ Yukawa).

    F = 3 j₁(qR_A)/(qR_A) · 1/(1 + q²a_k²), R_A = 1.2 A^{1/3} fm, a_k = 0.7 fm.

    Parameters
    ----------
    q_mev : float or array_like
        Momentum transfer [MeV], ≥ 0.
    a_mass : int
        Mass number A.

    Returns
    -------
    numpy.ndarray
        F(q), shaped like ``q_mev``.

    References
    ----------
    S. R. Klein & J. Nystrand, Phys. Rev. C 60, 014903 (1999).
    """
    q = nonneg_array(q_mev, "q_mev", "MeV") / HBARC_MEV_FM
    return _sphere(q * 1.2 * _mass_number(a_mass) ** (1 / 3)) / (1 + (q * KN_AK_FM) ** 2)


def symmetrized_fermi(q_mev: ArrayLike, a_mass: int) -> NDArray[np.float64]:
    """Evaluate the symmetrised-Fermi form factor (analytic transform).

    Half-density radius c = 1.23 A^{1/3} − 0.6 fm, diffuseness a = 0.52 fm.

    Parameters
    ----------
    q_mev : float or array_like
        Momentum transfer [MeV], ≥ 0.
    a_mass : int
        Mass number A.

    Returns
    -------
    numpy.ndarray
        F(q), shaped like ``q_mev``, with F(0) = 1.

    References
    ----------
    D. W. L. Sprung & J. Martorell, J. Phys. A 30, 6525 (1997); for CEvNS: J. Piekarewicz et al.,
    Phys. Rev. C 94, 034316 (2016).
    """
    q = nonneg_array(q_mev, "q_mev", "MeV") / HBARC_MEV_FM
    c, a = 1.23 * _mass_number(a_mass) ** (1 / 3) - 0.6, FERMI_A_FM
    small = q < 1e-3  # below this the closed form loses digits to cancellation: use 1 − q²⟨r²⟩/6
    qs = np.where(small, 1.0, q)
    x, y = qs * c, np.pi * qs * a
    # 3/(qc[(qc)² + (πqa)²]) = 3/((qc)³(1 + (πa/c)²)): F(0) = 1 exactly
    f = (3 / (x * (x**2 + y**2))) * (y / np.sinh(y)) * (y / np.tanh(y) * np.sin(x) - x * np.cos(x))
    r2 = 0.6 * c**2 + 1.4 * (np.pi * a) ** 2
    out: NDArray[np.float64] = np.where(small, 1 - q**2 * r2 / 6, f)
    return out


def unity(q_mev: ArrayLike, a_mass: int) -> NDArray[np.float64]:
    """Return F = 1: a point-like nucleus (no form-factor suppression).

    Parameters
    ----------
    q_mev : float or array_like
        Momentum transfer [MeV], ≥ 0 (sets the shape only).
    a_mass : int
        Mass number A (unused; kept so every model has the same signature).

    Returns
    -------
    numpy.ndarray
        Ones, shaped like ``q_mev``.
    """
    return np.ones_like(nonneg_array(q_mev, "q_mev", "MeV"))


_MODELS: dict[str, Callable[[ArrayLike, int], NDArray[np.float64]]] = {
    "helm": helm,
    "klein-nystrand": klein_nystrand,
    "fermi": symmetrized_fermi,
    "none": unity,
}


def form_factor(q_mev: ArrayLike, nucleus: str | Nucleus, model: str = "helm") -> NDArray[np.float64]:
    """Evaluate the weak form factor of a nucleus with a chosen model.

    Parameters
    ----------
    q_mev : float or array_like
        Momentum transfer [MeV], ≥ 0.
    nucleus : str or Nucleus
        Target nucleus.
    model : {"helm", "klein-nystrand", "fermi", "none"}, optional
        Form-factor model (:data:`FORM_FACTORS`).

    Returns
    -------
    numpy.ndarray
        F(q), shaped like ``q_mev``.

    Raises
    ------
    ValueError
        If ``model`` is unknown.
    """
    if not isinstance(model, str) or model not in _MODELS:
        raise ValueError(f"unknown form factor model {model!r}; allowed: {', '.join(FORM_FACTORS)}")
    return _MODELS[model](q_mev, get_nucleus(nucleus).A)
