"""Recoil spectra dN/dT: cross section × neutrino flux × number of target nuclei.

For the SNS (per flavour f, nucleus species j with n_j nuclei):

    dN/dT = Σ_f Σ_j n_j · Φ_f · ⟨dσ/dT⟩_{f,j}(T),   ⟨dσ/dT⟩_f(T) = ∫ φ_f(E) dσ/dT(E, T) dE,

with Φ_f = POT · r / (4π L²) the fluence per flavour (neutrinos/cm²) and φ_f the normalised spectrum
(:mod:`cevns_edu.physics.sources`). The prompt ν_μ is a line, so its ⟨dσ/dT⟩ is dσ/dT at 29.79 MeV.

The flux-averaged cross sections depend only on the target and the cross-section model; they are
computed once on a recoil grid and cached (:func:`flux_averaged_table`), so changing mass, distance
or exposure is a multiplication. New physics enters through ``dsigma``: any callable
``dsigma(enu_mev, recoil_kev, nucleus, flavor) -> cm²/keV`` (arrays broadcast), e.g. an NSI cross
section; it must be hashable (plain functions and ``functools.partial`` objects are) to be cached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import count, in_range, nonneg_array
from .cross_section import dsigma_dt
from .form_factors import FORM_FACTORS
from .kinematics import enu_min_mev, t_max_kev
from .nuclei import Material, Nucleus, get_material, get_nucleus
from .run2017 import DISTANCE_M, EXPOSURE_GWH, MASS_KG, MEAN_PROTON_ENERGY_GEV
from .sources import (
    E_MICHEL_MAX_MEV,
    FLAVORS,
    NU_PER_PROTON_PER_FLAVOR,
    POPULATION,
    fluence_per_cm2,
    protons_on_target,
    spectrum,
    spectrum_lines,
)

DSigma = Callable[[np.ndarray, np.ndarray, Nucleus, str], np.ndarray]

#: Number of recoil bins of the cached grid (0 … T_max of the lightest nucleus at m_μ/2).
N_RECOIL_BINS = 500
#: Gauss–Legendre nodes for the energy integral E_min(T) … m_μ/2 (smooth Michel × dσ/dT;
#: 48 nodes agree with 200 to < 1e-6, see tests).
N_ENERGY_NODES = 48
_GL_X, _GL_W = np.polynomial.legendre.leggauss(N_ENERGY_NODES)


def _check_ff(form_factor_model: str) -> str:
    if form_factor_model not in FORM_FACTORS:
        raise ValueError(f"form_factor_model must be one of {FORM_FACTORS}, got {form_factor_model!r}")
    return form_factor_model


def _flavors(flavors: Sequence[str] | str) -> tuple[str, ...]:
    fl = (flavors,) if isinstance(flavors, str) else tuple(flavors)
    bad = [f for f in fl if f not in FLAVORS]
    if bad or not fl:
        raise ValueError(f"flavors must be a non-empty selection of {FLAVORS}, got {flavors!r}")
    return fl


def flux_averaged_dsigma(recoil_kev: ArrayLike, nucleus: str | Nucleus, flavor: str,
                         form_factor_model: str = "helm", dsigma: DSigma | None = None) -> NDArray[np.float64]:
    """⟨dσ/dT⟩ = ∫ φ_f(E) dσ/dT(E,T) dE in cm²/keV per neutrino of flavour ``flavor``, at ``recoil_kev``.

    Michel flavours: Gauss–Legendre quadrature from E_min(T) to m_μ/2. Prompt ν_μ: the exact line.
    """
    nuc = get_nucleus(nucleus)
    _check_ff(form_factor_model)
    _flavors(flavor)
    t = nonneg_array(recoil_kev, "recoil_kev", "keV")
    xs = (lambda e, tt, n, f: dsigma_dt(e, tt, n, form_factor_model)) if dsigma is None else dsigma
    lines = spectrum_lines(flavor)
    if lines:
        acc: NDArray[np.float64] = np.zeros_like(t)
        for e0, frac in lines:
            acc = acc + frac * np.asarray(xs(np.full_like(t, e0), t, nuc, flavor), dtype=float)
        return acc
    e_lo = np.minimum(enu_min_mev(t, nuc), E_MICHEL_MAX_MEV)[..., None]
    half = 0.5 * (E_MICHEL_MAX_MEV - e_lo)
    e = e_lo + half * (_GL_X + 1)
    integrand = spectrum(e, flavor) * np.asarray(xs(e, t[..., None], nuc, flavor), dtype=float)
    ret: NDArray[np.float64] = half[..., 0] * (integrand @ _GL_W)
    return ret


@dataclass(frozen=True, eq=False)
class FluxAveragedTable:
    """⟨dσ/dT⟩ per flavour and nucleus on a midpoint recoil grid, for one target and cross-section model.

    ``xs[flavor]`` has shape (n_nuclei, n_bins) in cm²/keV per neutrino; ``nuclei_per_kg`` matches
    the material's components (abundance and stoichiometry included).
    """

    material: Material
    recoil_kev: np.ndarray       # bin centres (n_bins,)
    bin_width_kev: float
    nuclei_per_kg: np.ndarray    # (n_nuclei,)
    xs: dict[str, np.ndarray]

    def per_kg(self, flavor: str) -> NDArray[np.float64]:
        """Σ_j n_j ⟨dσ/dT⟩_j for 1 kg of target: events per keVnr per (ν/cm² of this flavour) per kg."""
        ret: NDArray[np.float64] = self.nuclei_per_kg @ self.xs[flavor]
        return ret


def recoil_grid_kev(material: str | Material = "CsI", n_bins: int = N_RECOIL_BINS) -> tuple[np.ndarray, float]:
    """Midpoint grid (centres, width) from 0 to T_max of the lightest component at m_μ/2 (keV)."""
    n_bins = count(n_bins, "n_bins", lo=1, hi=1_000_000)
    mat = get_material(material)
    t_hi = max(float(t_max_kev(E_MICHEL_MAX_MEV, nuc)) for nuc, _ in mat.components) * 1.001
    width = t_hi / n_bins
    return (np.arange(n_bins) + 0.5) * width, width


@lru_cache(maxsize=64)
def _table(material: Material, form_factor_model: str, dsigma: DSigma | None) -> FluxAveragedTable:
    t, width = recoil_grid_kev(material)
    nuclei = [nuc for nuc, _ in material.components]
    xs = {f: np.array([flux_averaged_dsigma(t, nuc, f, form_factor_model, dsigma) for nuc in nuclei]) for f in FLAVORS}
    for arr in xs.values():
        arr.setflags(write=False)
    t.setflags(write=False)
    return FluxAveragedTable(material, t, width, material.nuclei_per_kg(), xs)


def flux_averaged_table(material: str | Material = "CsI", form_factor_model: str = "helm",
                        dsigma: DSigma | None = None) -> FluxAveragedTable:
    """Return the cached :class:`FluxAveragedTable` (first call ~10–50 ms; later calls free).

    Parameters
    ----------
    material : str or Material
        Target material.
    form_factor_model : str
        Nuclear form factor model.
    dsigma : callable, optional
        Cross section dσ/dT(E [MeV], T [keV], nucleus, flavour) in cm²/keV replacing the SM one.

    Returns
    -------
    FluxAveragedTable
    """
    return _table(get_material(material), _check_ff(form_factor_model), dsigma)


def fluence_per_flavor(distance_m: float, exposure_gwh: float, proton_energy_gev: float = MEAN_PROTON_ENERGY_GEV,
                       nu_per_proton: float = NU_PER_PROTON_PER_FLAVOR) -> float:
    """Return the neutrinos per cm² of one flavour at ``distance_m`` (m) after ``exposure_gwh`` GW·hr of beam."""
    return float(fluence_per_cm2(distance_m, protons_on_target(exposure_gwh, proton_energy_gev), nu_per_proton))


def dn_dt(recoil_kev: ArrayLike, material: str | Material = "CsI", *, mass_kg: float = MASS_KG,
          distance_m: float = DISTANCE_M, exposure_gwh: float = EXPOSURE_GWH, proton_energy_gev: float = MEAN_PROTON_ENERGY_GEV,
          nu_per_proton: float = NU_PER_PROTON_PER_FLAVOR, form_factor_model: str = "helm",
          flavors: Sequence[str] | str = FLAVORS, dsigma: DSigma | None = None) -> np.ndarray:
    """SNS recoil spectrum dN/dT in events per keV of nuclear recoil (keVnr), summed over ``flavors``.

    Defaults: the 2017 CsI[Na] run (14.57 kg, 19.3 m, 7.47594 GW·hr = 1.76×10²³ protons on target;
    :mod:`cevns_edu.physics.run2017`).
    Evaluated exactly at ``recoil_kev`` (not interpolated).
    """
    mat = get_material(material)
    m = float(nonneg_array(mass_kg, "mass_kg", "kg"))
    phi = fluence_per_flavor(distance_m, exposure_gwh, proton_energy_gev, nu_per_proton)
    t = nonneg_array(recoil_kev, "recoil_kev", "keV")
    n_per_kg = mat.nuclei_per_kg()
    out = np.zeros_like(t)
    for f in _flavors(flavors):
        for (nuc, _), n in zip(mat.components, n_per_kg, strict=True):
            out = out + n * flux_averaged_dsigma(t, nuc, f, _check_ff(form_factor_model), dsigma)
    return m * phi * out


def dn_dt_populations(recoil_kev: ArrayLike, material: str | Material = "CsI",
                      **kwargs: Any) -> dict[str, NDArray[np.float64]]:
    """``{"prompt": dN/dT of ν_μ, "delayed": dN/dT of ν_e + ν̄_μ}`` in events/keVnr (same keywords as :func:`dn_dt`)."""
    if "flavors" in kwargs:
        raise ValueError("dn_dt_populations splits by population; do not pass flavors")
    return {pop: dn_dt(recoil_kev, material, flavors=[f for f in FLAVORS if POPULATION[f] == pop], **kwargs)
            for pop in ("prompt", "delayed")}


def n_events(material: str | Material = "CsI", *, threshold_kev: float = 0.0, **kwargs: Any) -> float:
    """Return the number of recoils above ``threshold_kev`` (keVnr), no detector response.

    Parameters
    ----------
    material : str or Material
        Target material.
    threshold_kev : float
        Recoil threshold [keVnr].
    **kwargs
        Same keywords as :func:`dn_dt`.

    Returns
    -------
    float
        Expected events (no detector response).
    """
    mat = get_material(material)
    thr = in_range(threshold_kev, "threshold_kev", 0.0, 1e4, "keV")
    t_hi = max(float(t_max_kev(E_MICHEL_MAX_MEV, nuc)) for nuc, _ in mat.components)
    if thr >= t_hi:
        return 0.0
    # Gauss–Legendre on a log-spaced set of panels: dN/dT is steep at low T for light targets.
    edges = np.geomspace(max(thr, 1e-4), t_hi, 41)
    if thr == 0.0:
        edges = np.concatenate([[0.0], edges])
    x, w = np.polynomial.legendre.leggauss(16)
    lo, hi = edges[:-1, None], edges[1:, None]
    t = 0.5 * (hi - lo) * (x + 1) + lo
    y = dn_dt(t, mat, **kwargs)
    return float(np.sum(0.5 * (hi - lo) * (y @ w[:, None])))


def dn_dt_from_flux(recoil_kev: ArrayLike, material: str | Material, enu_mev: ArrayLike, fluence_per_mev: ArrayLike,
                    *, mass_kg: float = 1.0, form_factor_model: str = "helm") -> np.ndarray:
    """Recoil spectrum (events/keVnr) for any tabulated neutrino fluence (ν/cm²/MeV on the grid ``enu_mev``).

    For reactor, solar or supernova context: multiply a flux (per second) by the exposure time first.
    Trapezoid rule in E; make the grid fine (≥ 200 points) over the spectrum's support.
    """
    mat = get_material(material)
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    f = nonneg_array(fluence_per_mev, "fluence_per_mev", "ν/cm²/MeV")
    if e.ndim != 1 or e.shape != f.shape or e.size < 2:
        raise ValueError(f"enu_mev and fluence_per_mev must be 1-D arrays of equal length ≥ 2, got {e.shape}, {f.shape}")
    t = nonneg_array(recoil_kev, "recoil_kev", "keV")
    m = float(nonneg_array(mass_kg, "mass_kg", "kg"))
    out = np.zeros(t.shape)
    for (nuc, _), n in zip(mat.components, mat.nuclei_per_kg(), strict=True):
        xs = dsigma_dt(e, t[..., None], nuc, _check_ff(form_factor_model))
        out = out + n * np.trapezoid(xs * f, e, axis=-1)
    return m * out
