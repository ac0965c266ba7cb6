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
from numpy.typing import ArrayLike

from ..core.validate import in_range, nonneg_array
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
    """Free protons and electrons in one kg of water (2 and 10 per molecule)."""
    molecules = 1000.0 * N_AVOGADRO / WATER_MOLAR_MASS_G
    return {"free_protons": 2 * molecules, "electrons": 10 * molecules}


def electrons_per_kg(material: str | Material) -> float:
    """Number of electrons (= Σ Z of the nuclei) in one kg of ``material`` (``"water"`` allowed)."""
    if isinstance(material, str) and material.lower() in ("water", "h2o"):
        return water_targets_per_kg()["electrons"]
    mat = get_material(material)
    return float(sum(nuc.Z * n for (nuc, _), n in zip(mat.components, mat.nuclei_per_kg())))


def sigma_per_kg_cm2(enu_mev: ArrayLike, process: str, material: str | Material = "CsI", *,
                     form_factor_model: str = "helm", flavor: str = "e") -> np.ndarray:
    """Cross section per kilogram of detector, σ × (targets per kg), in cm²/kg.

    ``process`` is ``"cevns"`` (on every nucleus of ``material``), ``"ibd"`` (free protons; only
    ``material="water"``) or ``"nu-e"`` (all electrons of ``material``; ``"water"`` allowed).
    ``flavor`` is the neutrino flavour for ν–e scattering.
    """
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    is_water = isinstance(material, str) and material.lower() in ("water", "h2o")
    if process == "cevns":
        if is_water:
            raise ValueError("CEvNS on water is not in the nucleus catalogue (no hydrogen); use e.g. 'CsI', 'Ar', 'Xe'")
        mat = get_material(material)
        per_kg = mat.nuclei_per_kg()
        return sum(n * sigma_total(e, nuc, form_factor_model) for (nuc, _), n in zip(mat.components, per_kg))
    if process == "ibd":
        if not is_water:
            raise ValueError(f"IBD is computed for free protons in water only; material must be 'water', got {material!r}")
        return water_targets_per_kg()["free_protons"] * sigma_ibd(e)
    if process == "nu-e":
        return electrons_per_kg(material) * sigma_nu_e_elastic(e, flavor)
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
    """Mass (kg) of ``material`` giving, via ``process``, the event rate of ``reference_mass_kg`` of
    ``reference_material`` via CEvNS, for the same flux at energy ``enu_mev``. ``inf`` if σ = 0.
    """
    e = in_range(enu_mev, "enu_mev", 0.5, 300.0, "MeV")
    ref_mass = in_range(reference_mass_kg, "reference_mass_kg", 1e-6, 1e9, "kg")
    ref = float(sigma_per_kg_cm2(e, "cevns", reference_material, form_factor_model=form_factor_model))
    other = float(sigma_per_kg_cm2(e, process, material, form_factor_model=form_factor_model))
    return ref_mass * ref / other if other > 0 else float("inf")


def detector_mass_comparison(enu_mev: float = 29.8, reference_mass_kg: float = COHERENT_CSI_MASS_KG,
                             ) -> tuple[MassComparison, ...]:
    """"Kilograms, not tons": the mass needed for the rate of COHERENT's 14.57 kg of CsI (CEvNS),
    with IBD on water and ν_e–e scattering on water, for the same flux at ``enu_mev``.
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

def sigma_total_helm_radius(enu_mev: ArrayLike, nucleus: str | Nucleus, rms_radius_fm: float) -> np.ndarray:
    """Total CEvNS cross section (cm²) with a Helm form factor of rms radius ``rms_radius_fm``.

    With ``rms_radius_fm = helm_rms_radius_fm(A)`` this equals ``sigma_total(E, nucleus, "helm")``.
    The weak charge lives mostly on neutrons, so this radius plays the role of the neutron radius R_n.
    """
    return sigma_total(enu_mev, nucleus, "helm", rms_radius_fm=rms_radius_fm)
