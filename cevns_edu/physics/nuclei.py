"""Nuclei and target materials.

The catalogue lives in ``data/nuclei.csv`` (atomic masses AME2020, abundances IUPAC 2013, charge
radii Angeli & Marinova 2013; citations in the file header), shipped in the package and found by
:mod:`cevns_edu.resources`. Nuclear masses are atomic masses less Z electron masses (electron
binding, ≲ 0.1 MeV, neglected: < 10⁻⁶ relative).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..resources import data_file
from .constants import AMU_MEV, M_E_MEV, N_AVOGADRO


@dataclass(frozen=True)
class Nucleus:
    """One nuclide: ``name`` like ``"Cs133"``, charge ``Z``, mass number ``A``, mass in MeV."""

    name: str
    symbol: str
    Z: int
    A: int
    mass_mev: float
    abundance: float
    charge_radius_fm: float

    @property
    def N(self) -> int:  # noqa: N802 — physics notation
        """Neutron number."""
        return self.A - self.Z

    @property
    def label(self) -> str:
        """Display label with a superscript mass number, e.g. ``¹³³Cs``."""
        return str(self.A).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) + self.symbol


@dataclass(frozen=True)
class Material:
    """A target material: nuclei with their number per formula unit (isotopic abundance included)."""

    name: str
    components: tuple[tuple[Nucleus, float], ...]

    @property
    def molar_mass_g(self) -> float:
        """Molar mass of one formula unit in g/mol (atomic masses, abundance-weighted)."""
        return sum(n * (nuc.mass_mev + nuc.Z * M_E_MEV) / AMU_MEV for nuc, n in self.components)

    def nuclei_per_kg(self) -> np.ndarray:
        """Number of nuclei of each component per kg of material (array, in ``components`` order)."""
        units_per_kg = 1000.0 * N_AVOGADRO / self.molar_mass_g
        return np.array([n * units_per_kg for _, n in self.components])


@cache
def catalogue() -> dict[str, Nucleus]:
    """All nuclei in ``data/nuclei.csv`` keyed by name (``"Cs133"``)."""
    path = data_file("nuclei.csv")
    with path.open() as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        out = {}
        for r in rows:
            Z, A = int(r["Z"]), int(r["A"])
            mass = float(r["atomic_mass_u"]) * AMU_MEV - Z * M_E_MEV
            out[r["name"]] = Nucleus(r["name"], r["symbol"], Z, A, mass, float(r["abundance"]),
                                     float(r["charge_radius_fm"]))
    return out


_NAME_RE = re.compile(r"^\s*(?:(\d+)\s*-?\s*([A-Za-z]{1,2})|([A-Za-z]{1,2})\s*-?\s*(\d+))\s*$")


def get_nucleus(name: str | Nucleus) -> Nucleus:
    """Look up a nucleus by name: ``"Cs133"``, ``"133Cs"``, ``"Cs-133"`` and ``"cs133"`` all work.

    Raises ``ValueError`` naming the allowed nuclei if ``name`` is unknown.
    """
    if isinstance(name, Nucleus):
        return name
    if not isinstance(name, str):
        raise TypeError(f"nucleus must be a name like 'Cs133' or a Nucleus, got {type(name).__name__}")
    m = _NAME_RE.match(name)
    key = None
    if m:
        a, sym = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        key = sym.capitalize() + a
    cat = catalogue()
    if key not in cat:
        raise ValueError(f"unknown nucleus {name!r}; allowed: {', '.join(cat)}")
    return cat[key]


def _natural(symbol: str) -> tuple[tuple[Nucleus, float], ...]:
    isotopes = [n for n in catalogue().values() if n.symbol == symbol]
    total = sum(n.abundance for n in isotopes)
    return tuple((n, n.abundance / total) for n in isotopes)


@cache
def materials() -> dict[str, Material]:
    """Target materials of CEvNS experiments, with natural isotopic composition."""
    return {
        "CsI": Material("CsI", _natural("Cs") + _natural("I")),
        "NaI": Material("NaI", _natural("Na") + _natural("I")),
        "Ge": Material("Ge", _natural("Ge")),
        "Xe": Material("Xe", _natural("Xe")),
        "Ar": Material("Ar", _natural("Ar")),
    }


def get_material(name: str | Material) -> Material:
    """Look up a material (``"CsI"``, ``"NaI"``, ``"Ge"``, ``"Xe"``, ``"Ar"``) or a single nucleus.

    A nucleus name gives a one-component material, so every rate function accepts either.
    """
    if isinstance(name, Material):
        return name
    if isinstance(name, Nucleus):
        return Material(name.name, ((name, 1.0),))
    mats = materials()
    if isinstance(name, str) and name in mats:
        return mats[name]
    try:
        nuc = get_nucleus(name)
    except ValueError:
        raise ValueError(
            f"unknown material or nucleus {name!r}; materials: {', '.join(mats)}; "
            f"nuclei: {', '.join(catalogue())}"
        ) from None
    return Material(nuc.name, ((nuc, 1.0),))
