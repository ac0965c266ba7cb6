"""Nuclei and target materials.

The catalogue lives in ``data/nuclei.csv`` (atomic masses AME2020, abundances IUPAC 2013, charge
radii Angeli & Marinova 2013; citations in the file header), shipped in the package and found by
:mod:`cevns_edu.core.resources`. Nuclear masses are atomic masses less Z electron masses (electron
binding, ≲ 0.1 MeV, neglected: < 10⁻⁶ relative).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from ..core.resources import data_file
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
        """Return the neutron number N = A − Z.

        Returns
        -------
        int
            Neutron number.
        """
        return self.A - self.Z

    @property
    def label(self) -> str:
        """Return a display label with a superscript mass number, e.g. ``¹³³Cs``.

        Returns
        -------
        str
            The label.
        """
        return str(self.A).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) + self.symbol


@dataclass(frozen=True)
class Material:
    """A target material: nuclei with their number per formula unit (isotopic abundance included)."""

    name: str
    components: tuple[tuple[Nucleus, float], ...]

    @property
    def molar_mass_g(self) -> float:
        """Return the molar mass of one formula unit (atomic masses, abundance-weighted).

        Returns
        -------
        float
            Molar mass [g/mol].

        References
        ----------
        Atomic masses: AME2020, M. Wang et al., Chin. Phys. C 45, 030003 (2021) (``data/nuclei.csv``).
        """
        return sum(n * (nuc.mass_mev + nuc.Z * M_E_MEV) / AMU_MEV for nuc, n in self.components)

    def nuclei_per_kg(self) -> NDArray[np.float64]:
        """Count the nuclei of each component per kg of material.

        Returns
        -------
        numpy.ndarray
            Nuclei per kg [1/kg], one entry per component, in ``components`` order.
        """
        units_per_kg = 1000.0 * N_AVOGADRO / self.molar_mass_g
        return np.array([n * units_per_kg for _, n in self.components])


@cache
def catalogue() -> dict[str, Nucleus]:
    """Read every nucleus of ``data/nuclei.csv``.

    Returns
    -------
    dict of str to Nucleus
        The nuclei keyed by name (``"Cs133"``).

    References
    ----------
    Atomic masses AME2020 (M. Wang et al., Chin. Phys. C 45, 030003 (2021)); abundances IUPAC 2013
    (J. Meija et al., Pure Appl. Chem. 88, 293 (2016)); charge radii I. Angeli & K. P. Marinova,
    At. Data Nucl. Data Tables 99, 69 (2013).
    """
    path = data_file("nuclei.csv")
    with path.open() as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        out: dict[str, Nucleus] = {}
        for r in rows:
            Z, A = int(r["Z"]), int(r["A"])
            mass = float(r["atomic_mass_u"]) * AMU_MEV - Z * M_E_MEV
            out[r["name"]] = Nucleus(r["name"], r["symbol"], Z, A, mass, float(r["abundance"]),
                                     float(r["charge_radius_fm"]))
    return out


_NAME_RE = re.compile(r"^\s*(?:(\d+)\s*-?\s*([A-Za-z]{1,2})|([A-Za-z]{1,2})\s*-?\s*(\d+))\s*$")


def get_nucleus(name: str | Nucleus) -> Nucleus:
    """Look up a nucleus by name.

    Parameters
    ----------
    name : str or Nucleus
        ``"Cs133"``, ``"133Cs"``, ``"Cs-133"`` and ``"cs133"`` all work; a :class:`Nucleus` is returned as is.

    Returns
    -------
    Nucleus
        The nucleus.

    Raises
    ------
    TypeError
        If ``name`` is neither a string nor a :class:`Nucleus`.
    ValueError
        If ``name`` is unknown (the message lists the allowed nuclei).
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
    """Build the target materials of CEvNS experiments, with natural isotopic composition.

    Returns
    -------
    dict of str to Material
        ``"CsI"``, ``"NaI"``, ``"Ge"``, ``"Xe"`` and ``"Ar"``.
    """
    return {
        "CsI": Material("CsI", _natural("Cs") + _natural("I")),
        "NaI": Material("NaI", _natural("Na") + _natural("I")),
        "Ge": Material("Ge", _natural("Ge")),
        "Xe": Material("Xe", _natural("Xe")),
        "Ar": Material("Ar", _natural("Ar")),
    }


def get_material(name: str | Nucleus | Material) -> Material:
    """Look up a material or a single nucleus.

    Parameters
    ----------
    name : str, Nucleus or Material
        A material (``"CsI"``, ``"NaI"``, ``"Ge"``, ``"Xe"``, ``"Ar"``), a nucleus name or a :class:`Nucleus`
        (giving a one-component material, so every rate function accepts either), or a :class:`Material`
        (returned as is).

    Returns
    -------
    Material
        The material.

    Raises
    ------
    ValueError
        If ``name`` is neither a material nor a nucleus (the message lists both).
    """
    if isinstance(name, Material):
        return name
    if isinstance(name, Nucleus):
        return Material(name.name, ((name, 1.0),))
    if not isinstance(name, str):
        raise TypeError(f"material must be a name like 'CsI' or 'Cs133', a Material or a Nucleus, "
                        f"got {type(name).__name__}")
    mats = materials()
    if name in mats:
        return mats[name]
    try:
        nuc = get_nucleus(name)
    except ValueError:
        raise ValueError(
            f"unknown material or nucleus {name[:40]!r}; materials: {', '.join(mats)}; or a nucleus such as "
            f"'Cs133' (all: cevns_edu.physics.nuclei.catalogue())"
        ) from None
    return Material(nuc.name, ((nuc, 1.0),))
