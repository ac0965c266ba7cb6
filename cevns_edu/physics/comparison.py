"""Putting CEvNS beside other things: other neutrino processes, and other nuclear sizes.

*Per kilogram.* An event rate is flux × σ × (number of targets). Comparing processes fairly means
comparing σ × (targets per kg): "how many cm² of cross section does one kilogram of detector
present?" For the same flux and the same neutrino energy, the detector mass needed for a given
event rate scales as 1 / (σ × targets per kg). This is the "kilograms, not tons" argument of
Drukier & Stodolsky, PRD 30, 2295 (1984).

Targets counted:

* ``"cevns"``: every nucleus of the material (CsI: one Cs and one I per formula unit);
* ``"ibd"``: free protons (hydrogen nuclei) of water — protons bound in oxygen do not take part in
  ν̄_e p → e⁺ n at these energies;
* ``"nu-e"``: all electrons of the material (water: 10 per molecule).

The comparison is deliberately idealised — same flux and energy for every process — and says
nothing about thresholds: CEvNS recoils are a few keV, which is why it took 43 years to see.
IBD also needs ν̄_e, which a pion-decay-at-rest source like the SNS hardly makes.

*Nuclear size.* :func:`sigma_total_helm_radius` is the total CEvNS cross section with a Helm form
factor of a chosen rms radius — the neutron radius R_n, since the weak charge sits mostly on neutrons
(Cadeddu et al., PRL 120, 072501 (2018)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import in_range, nonneg_array, number
from .constants import N_AVOGADRO
from .cross_section import sigma_ibd, sigma_nu_e_elastic, sigma_total
from .nuclei import Material, Nucleus, get_material
from .run2017 import MASS_KG

#: Molar mass of natural water in g/mol (IUPAC 2013 standard atomic weights: 2 × 1.008 + 15.999).
WATER_MOLAR_MASS_G: float = 18.015
#: Processes :func:`sigma_per_kg_cm2` knows.
PROCESSES = ("cevns", "ibd", "nu-e")
#: COHERENT's 2017 CsI[Na] detector mass in kg (Akimov et al., Science 357, 1123 (2017)).
COHERENT_CSI_MASS_KG: float = MASS_KG


def water_targets_per_kg() -> dict[str, float]:
    """Count the free protons and the electrons in one kg of water (2 and 10 per molecule).

    Returns
    -------
    dict of str to float
        ``"free_protons"`` and ``"electrons"`` per kg [1/kg].

    References
    ----------
    IUPAC 2013 standard atomic weights (the molar mass of water).
    """
    molecules = 1000.0 * N_AVOGADRO / WATER_MOLAR_MASS_G
    return {"free_protons": 2 * molecules, "electrons": 10 * molecules}


def electrons_per_kg(material: str | Material) -> float:
    """Count the electrons (= Σ Z of the nuclei) in one kg of a material.

    Parameters
    ----------
    material : str or Material
        A material or nucleus known to :func:`~cevns_edu.physics.nuclei.get_material`, or ``"water"``.

    Returns
    -------
    float
        Electrons per kg [1/kg].
    """
    if isinstance(material, str) and material.lower() in ("water", "h2o"):
        return water_targets_per_kg()["electrons"]
    mat = get_material(material)
    return float(sum(nuc.Z * n for (nuc, _), n in zip(mat.components, mat.nuclei_per_kg(), strict=True)))


def sigma_per_kg_cm2(enu_mev: ArrayLike, process: str, material: str | Material = "CsI", *,
                     form_factor_model: str = "helm", flavor: str = "e") -> NDArray[np.float64]:
    """Compute the cross section per kilogram of detector, σ × (targets per kg).

    Parameters
    ----------
    enu_mev : float or array_like
        Neutrino energy [MeV], ≥ 0.
    process : {"cevns", "ibd", "nu-e"}
        ``"cevns"`` on every nucleus of ``material``, ``"ibd"`` on free protons (only ``material="water"``),
        ``"nu-e"`` on all electrons of ``material`` (``"water"`` allowed).
    material : str or Material, optional
        Target material (default ``"CsI"``).
    form_factor_model : str, optional
        Form-factor model for CEvNS (:data:`~cevns_edu.physics.form_factors.FORM_FACTORS`).
    flavor : str, optional
        Neutrino flavour for ν–e scattering.

    Returns
    -------
    numpy.ndarray
        Cross section times targets per kg [cm²/kg], shaped like ``enu_mev``.

    Raises
    ------
    ValueError
        For an unknown process, CEvNS on water, or IBD on anything but water.

    References
    ----------
    A. Drukier & L. Stodolsky, Phys. Rev. D 30, 2295 (1984) (the per-kilogram comparison).
    """
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    is_water = isinstance(material, str) and material.lower() in ("water", "h2o")
    if process == "cevns":
        if is_water:
            raise ValueError("CEvNS on water is not in the nucleus catalogue (no hydrogen); use e.g. 'CsI', 'Ar', 'Xe'")
        mat = get_material(material)
        per_kg = mat.nuclei_per_kg()
        total: NDArray[np.float64] = np.zeros_like(e)
        for (nuc, _), n in zip(mat.components, per_kg, strict=True):
            total = total + n * sigma_total(e, nuc, form_factor_model)
        return total
    if process == "ibd":
        if not is_water:
            raise ValueError(f"IBD is computed for free protons in water only; material must be 'water', got {material!r}")
        ibd: NDArray[np.float64] = water_targets_per_kg()["free_protons"] * sigma_ibd(e)
        return ibd
    if process == "nu-e":
        nue: NDArray[np.float64] = electrons_per_kg(material) * sigma_nu_e_elastic(e, flavor)
        return nue
    raise ValueError(f"unknown process {process!r}; allowed: {', '.join(PROCESSES)}")


@dataclass(frozen=True)
class MassComparison:
    """Detector mass needing the same event rate as a reference detector, at one neutrino energy."""

    label: str                 # e.g. "IBD on free protons, water"
    process: str
    material: str
    enu_mev: float
    sigma_per_kg_cm2: float
    mass_kg: float             # mass for the same rate as the reference (inf below threshold)


def mass_for_same_rate_kg(enu_mev: float, process: str, material: str, *,
                          reference_mass_kg: float = COHERENT_CSI_MASS_KG, reference_material: str = "CsI",
                          form_factor_model: str = "helm") -> float:
    """Compute the detector mass giving the same event rate as a CEvNS reference detector.

    Parameters
    ----------
    enu_mev : float
        Neutrino energy [MeV], 0.5–300 MeV (same flux for both detectors).
    process : {"cevns", "ibd", "nu-e"}
        Process in the other detector.
    material : str
        Material of the other detector (``"water"`` allowed for IBD and ν–e).
    reference_mass_kg : float, optional
        Mass of the reference detector [kg] (default: COHERENT's 14.57 kg).
    reference_material : str, optional
        Material of the reference detector, seen through CEvNS (default ``"CsI"``).
    form_factor_model : str, optional
        Form-factor model for CEvNS.

    Returns
    -------
    float
        Mass of ``material`` [kg] giving the reference rate via ``process``; ``inf`` if its σ = 0.

    Raises
    ------
    ValueError
        If ``enu_mev`` or ``reference_mass_kg`` is out of range, or the process/material is not allowed.
    """
    e = in_range(enu_mev, "enu_mev", 0.5, 300.0, "MeV")
    ref_mass = in_range(reference_mass_kg, "reference_mass_kg", 1e-6, 1e9, "kg")
    ref = float(sigma_per_kg_cm2(e, "cevns", reference_material, form_factor_model=form_factor_model))
    other = float(sigma_per_kg_cm2(e, process, material, form_factor_model=form_factor_model))
    return ref_mass * ref / other if other > 0 else float("inf")


def detector_mass_comparison(enu_mev: float = 29.8, reference_mass_kg: float = COHERENT_CSI_MASS_KG,
                             ) -> tuple[MassComparison, ...]:
    """Compare detector masses: "kilograms, not tons".

    The mass needed for the rate of COHERENT's 14.57 kg of CsI (CEvNS), with CEvNS on CsI, IBD on water
    and ν–e scattering on water, for the same flux.

    Parameters
    ----------
    enu_mev : float, optional
        Neutrino energy [MeV] (default 29.8 MeV, the prompt ν_μ of pion decay at rest).
    reference_mass_kg : float, optional
        Mass of the reference CsI detector [kg].

    Returns
    -------
    tuple of MassComparison
        One row per process.

    References
    ----------
    A. Drukier & L. Stodolsky, Phys. Rev. D 30, 2295 (1984); D. Akimov et al. (COHERENT), Science 357,
    1123 (2017) (the 14.57 kg).
    """
    rows = (("CEvNS on Cs and I nuclei, CsI", "cevns", "CsI"),
            ("IBD on free protons, water", "ibd", "water"),
            ("ν–e elastic on electrons, water", "nu-e", "water"))
    out = []
    for label, process, material in rows:
        s = float(sigma_per_kg_cm2(enu_mev, process, material))
        m = mass_for_same_rate_kg(enu_mev, process, material, reference_mass_kg=reference_mass_kg)
        out.append(MassComparison(label, process, material, float(enu_mev), s, m))
    return tuple(out)


# --- nuclear size ----------------------------------------------------------------------------------

def sigma_total_helm_radius(enu_mev: ArrayLike, nucleus: str | Nucleus, rms_radius_fm: float) -> NDArray[np.float64]:
    """Compute the total CEvNS cross section with a Helm form factor of a chosen rms radius.

    With ``rms_radius_fm = helm_rms_radius_fm(A)`` this equals ``sigma_total(E, nucleus, "helm")``.
    The weak charge lives mostly on neutrons, so this radius plays the role of the neutron radius R_n.

    Parameters
    ----------
    enu_mev : float or array_like
        Neutrino energy [MeV], ≥ 0.
    nucleus : str or Nucleus
        Target nucleus.
    rms_radius_fm : float
        The rms radius of the Helm form factor [fm], > 1.56 fm.

    Returns
    -------
    numpy.ndarray
        Total cross section [cm²], shaped like ``enu_mev``.

    References
    ----------
    M. Cadeddu et al., Phys. Rev. Lett. 120, 072501 (2018).
    """
    sigma: NDArray[np.float64] = sigma_total(enu_mev, nucleus, "helm",
                                             rms_radius_fm=number(rms_radius_fm, "rms_radius_fm", "fm"))
    return sigma
