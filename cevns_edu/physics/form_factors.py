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
from numpy.typing import ArrayLike

from ..core.validate import nonneg_array
from .constants import HBARC_MEV_FM
from .nuclei import Nucleus, get_nucleus

HELM_S_FM = 0.9
HELM_A_FM = 0.52
KN_AK_FM = 0.7
FERMI_A_FM = 0.52

FORM_FACTORS = ("helm", "klein-nystrand", "fermi", "none")


def _sphere(x: np.ndarray) -> np.ndarray:
    """3 j₁(x)/x = 3(sin x − x cos x)/x³, with its limit 1 − x²/10 below x = 10⁻³."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-3
    xs = np.where(small, 1.0, x)
    return np.where(small, 1 - x**2 / 10, 3 * (np.sin(xs) - xs * np.cos(xs)) / xs**3)


def helm_r0_fm(a_mass: int) -> float:
    """Helm diffraction radius R₀ (fm) of Lewin & Smith for mass number ``a_mass``."""
    c = 1.23 * a_mass ** (1 / 3) - 0.6
    return float(np.sqrt(c**2 + 7 / 3 * np.pi**2 * HELM_A_FM**2 - 5 * HELM_S_FM**2))


def helm_rms_radius_fm(a_mass: int) -> float:
    """rms radius (fm) of the Lewin–Smith Helm distribution: √(3R₀²/5 + 3s²)."""
    return float(np.sqrt(0.6 * helm_r0_fm(a_mass) ** 2 + 3 * HELM_S_FM**2))


def helm(q_mev: ArrayLike, a_mass: int, rms_radius_fm: float | None = None) -> np.ndarray:
    """Helm form factor at momentum transfer ``q_mev`` (MeV) for mass number ``a_mass``.

    ``rms_radius_fm`` (optional) replaces the Lewin–Smith radius by a chosen rms radius, e.g. a
    neutron radius R_n; it must exceed √3·s = 1.56 fm.
    """
    q = nonneg_array(q_mev, "q_mev", "MeV") / HBARC_MEV_FM
    if rms_radius_fm is None:
        r0 = helm_r0_fm(a_mass)
    else:
        r_min = np.sqrt(3) * HELM_S_FM
        if not np.isfinite(rms_radius_fm) or rms_radius_fm <= r_min:
            raise ValueError(f"rms_radius_fm must be > {r_min:.2f} fm (Helm with s = 0.9 fm), got {rms_radius_fm!r}")
        r0 = np.sqrt(5 / 3 * (rms_radius_fm**2 - 3 * HELM_S_FM**2))
    return _sphere(q * r0) * np.exp(-0.5 * (q * HELM_S_FM) ** 2)


def klein_nystrand(q_mev: ArrayLike, a_mass: int) -> np.ndarray:
    """Klein–Nystrand form factor (hard sphere ⊗ Yukawa) at ``q_mev`` (MeV)."""
    q = nonneg_array(q_mev, "q_mev", "MeV") / HBARC_MEV_FM
    return _sphere(q * 1.2 * a_mass ** (1 / 3)) / (1 + (q * KN_AK_FM) ** 2)


def symmetrized_fermi(q_mev: ArrayLike, a_mass: int) -> np.ndarray:
    """Symmetrised-Fermi form factor at ``q_mev`` (MeV); half-density radius c = 1.23A^{1/3} − 0.6 fm."""
    q = nonneg_array(q_mev, "q_mev", "MeV") / HBARC_MEV_FM
    c, a = 1.23 * a_mass ** (1 / 3) - 0.6, FERMI_A_FM
    small = q < 1e-3  # below this the closed form loses digits to cancellation: use 1 − q²⟨r²⟩/6
    qs = np.where(small, 1.0, q)
    x, y = qs * c, np.pi * qs * a
    # 3/(qc[(qc)² + (πqa)²]) = 3/((qc)³(1 + (πa/c)²)): F(0) = 1 exactly
    f = (3 / (x * (x**2 + y**2))) * (y / np.sinh(y)) * (y / np.tanh(y) * np.sin(x) - x * np.cos(x))
    r2 = 0.6 * c**2 + 1.4 * (np.pi * a) ** 2
    return np.where(small, 1 - q**2 * r2 / 6, f)


def unity(q_mev: ArrayLike, a_mass: int) -> np.ndarray:
    """F = 1: a point-like nucleus (no form-factor suppression)."""
    return np.ones_like(nonneg_array(q_mev, "q_mev", "MeV"))


_MODELS: dict[str, Callable[..., np.ndarray]] = {
    "helm": helm,
    "klein-nystrand": klein_nystrand,
    "fermi": symmetrized_fermi,
    "none": unity,
}


def form_factor(q_mev: ArrayLike, nucleus: str | Nucleus, model: str = "helm") -> np.ndarray:
    """Form factor of ``nucleus`` at ``q_mev`` (MeV) with ``model`` in :data:`FORM_FACTORS`."""
    if model not in _MODELS:
        raise ValueError(f"unknown form factor {model!r}; allowed: {', '.join(FORM_FACTORS)}")
    return _MODELS[model](q_mev, get_nucleus(nucleus).A)
