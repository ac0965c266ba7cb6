"""Elastic ν–nucleus kinematics (natural units, energies in MeV/keV, momenta in MeV).

For a neutrino of energy E on a nucleus of mass M at rest, the recoil kinetic energy T runs from 0
to T_max = 2E²/(M + 2E); the momentum transfer is q = √(2MT + T²) ≈ √(2MT); the smallest
neutrino energy that can produce a recoil T is E_min = (T + √(T² + 2MT))/2.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.validate import nonneg_array
from .nuclei import Nucleus, get_nucleus


def t_max_kev(enu_mev: ArrayLike, nucleus: str | Nucleus) -> NDArray[np.float64]:
    """Compute the maximum recoil kinetic energy T_max = 2E²/(M + 2E).

    Parameters
    ----------
    enu_mev : float or array_like
        Neutrino energy [MeV], ≥ 0.
    nucleus : str or Nucleus
        Target nucleus (e.g. ``"Cs133"``).

    Returns
    -------
    numpy.ndarray
        T_max [keV], shaped like ``enu_mev``.
    """
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    m = get_nucleus(nucleus).mass_mev
    return 1e3 * 2 * e**2 / (m + 2 * e)


def q_mev(recoil_kev: ArrayLike, nucleus: str | Nucleus) -> NDArray[np.float64]:
    """Compute the momentum transfer q = √(2MT + T²) (its magnitude) for a nuclear recoil.

    Parameters
    ----------
    recoil_kev : float or array_like
        Recoil kinetic energy T [keV], ≥ 0.
    nucleus : str or Nucleus
        Target nucleus.

    Returns
    -------
    numpy.ndarray
        q [MeV] (magnitude), shaped like ``recoil_kev``.
    """
    t = 1e-3 * nonneg_array(recoil_kev, "recoil_kev", "keV")
    m = get_nucleus(nucleus).mass_mev
    return np.sqrt(2 * m * t + t**2)


def enu_min_mev(recoil_kev: ArrayLike, nucleus: str | Nucleus) -> NDArray[np.float64]:
    """Compute the smallest neutrino energy able to give a recoil T: (T + √(T² + 2MT))/2.

    Parameters
    ----------
    recoil_kev : float or array_like
        Recoil kinetic energy T [keV], ≥ 0.
    nucleus : str or Nucleus
        Target nucleus.

    Returns
    -------
    numpy.ndarray
        E_min [MeV], shaped like ``recoil_kev``.
    """
    t = 1e-3 * nonneg_array(recoil_kev, "recoil_kev", "keV")
    m = get_nucleus(nucleus).mass_mev
    return 0.5 * (t + np.sqrt(t**2 + 2 * m * t))
