"""The detector's parameters and the release's acceptance function.

:class:`DetectorModel` describes the 2017 CsI[Na] run by default; :func:`acceptance` is the release's acceptance.
Quenching (QF), light yield and acceptance follow the COHERENT data release ``coherent_parameters.yaml``
(Zenodo 10.5281/zenodo.1228631); the chain from recoil to photoelectrons is described in
:mod:`cevns_edu.experiment.detector`.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from ...core.binning import PE_CENTERS_1
from ...core.validate import in_range, nonneg_array, number
from ...physics.form_factors import FORM_FACTORS
from ...physics.nuclei import get_material
from ...physics.run2017 import DISTANCE_M, EXPOSURE_GWH, MASS_KG, MEAN_PROTON_ENERGY_GEV
from ...physics.sources import NU_PER_PROTON_PER_FLAVOR, NU_PER_PROTON_PER_FLAVOR_UNC, protons_on_target

if TYPE_CHECKING:
    from ...data.release import Release

#: Acceptance convention of the release: the n-PE bin is evaluated at its centre n − ½.
RELEASE_ACCEPTANCE_SHIFT_PE = -0.5


#: Allowed range (low, high, unit) of each numeric :class:`DetectorModel` field
_FIELD_RANGES: dict[str, tuple[float, float, str]] = {
    "mass_kg": (1e-6, 1e6, "kg"), "distance_m": (0.1, 1e5, "m"), "exposure_gwh": (0.0, 1e6, "GW·hr"),
    "qf": (1e-4, 1.0, "(dimensionless)"), "qf_unc": (0.0, 1.0, "(dimensionless)"),
    "qf_slope_per_kevnr": (-0.01, 0.01, "per keVnr"), "qf_ref_kevnr": (0.0, 1000.0, "keVnr"),
    "light_yield": (0.01, 1000.0, "PE/keVee"), "light_yield_unc": (0.0, 1000.0, "PE/keVee"),
    "nu_per_proton": (0.0, 10.0, "ν/proton"), "nu_per_proton_unc": (0.0, 10.0, "ν/proton"),
    "proton_energy_gev": (0.05, 100.0, "GeV"), "acc_a": (0.0, 1.0, "(dimensionless)"), "acc_k": (1e-3, 100.0, "1/PE"),
    "acc_x0": (-50.0, 100.0, "PE"), "acc_threshold_pe": (0.0, 50.0, "PE"), "acceptance_shift_pe": (-1.0, 1.0, "PE"),
    **{f"acc_{p}_err_{side}": (0.0, 100.0, "") for p in ("a", "k", "x0") for side in ("hi", "lo")},
}


@dataclass(frozen=True)
class DetectorModel:
    """Parameters of a CEvNS detector at the SNS; defaults are the 2017 CsI[Na] run.

    Sources: ``coherent_parameters.yaml`` of the COHERENT data release (exposure, distance, QF, light
    yield, ν/proton, acceptance parameters with their asymmetric 1σ errors); mass 14.57 kg from
    Akimov et al., Science 357, 1123 (2017).
    """

    mass_kg: float = MASS_KG
    distance_m: float = DISTANCE_M
    exposure_gwh: float = EXPOSURE_GWH
    qf: float = 0.0878
    qf_unc: float = 0.0166
    #: linear energy dependence of the QF around ``qf_ref_kevnr`` (0 = constant, as the release).
    qf_slope_per_kevnr: float = 0.0
    qf_ref_kevnr: float = 17.5
    light_yield: float = 13.348       # PE/keVee
    light_yield_unc: float = 0.019
    nu_per_proton: float = NU_PER_PROTON_PER_FLAVOR
    nu_per_proton_unc: float = NU_PER_PROTON_PER_FLAVOR_UNC
    #: mean proton energy of the run: 7.47594 GW·hr ↔ 1.76×10²³ protons on target (Science 2017) → 0.954 GeV.
    proton_energy_gev: float = MEAN_PROTON_ENERGY_GEV
    acc_a: float = 0.6655
    acc_a_err_hi: float = 0.0212
    acc_a_err_lo: float = 0.0384
    acc_k: float = 0.4942             # 1/PE
    acc_k_err_hi: float = 0.0335
    acc_k_err_lo: float = 0.0131
    acc_x0: float = 10.8507           # PE
    acc_x0_err_hi: float = 0.1838
    acc_x0_err_lo: float = 0.3995
    #: position of the release's step H(x − 5) (PE).
    acc_threshold_pe: float = 5.0
    #: the n-PE bin's acceptance is evaluated at n + shift; the release uses −½ (bin centre).
    acceptance_shift_pe: float = RELEASE_ACCEPTANCE_SHIFT_PE
    material: str = "CsI"
    form_factor_model: str = "helm"

    def __post_init__(self) -> None:
        """Check every field against its allowed range (``ValueError`` naming field, value and range)."""
        for f in dataclasses.fields(self):
            self._check(f.name)

    def _check(self, name: str) -> None:
        """Check one field (:data:`_FIELD_RANGES`; the material and the form-factor model by name)."""
        if name in _FIELD_RANGES:
            in_range(getattr(self, name), name, *_FIELD_RANGES[name])
        elif name == "material":
            get_material(self.material)
        elif name == "form_factor_model" and self.form_factor_model not in FORM_FACTORS:
            raise ValueError(f"form_factor_model must be one of {FORM_FACTORS}, got {self.form_factor_model!r}")

    @classmethod
    def from_release(cls, release: Release, **changes: Any) -> DetectorModel:
        """Build the detector described by a release's ``coherent_parameters.yaml``.

        Exposure, distance, QF, light yield, ν/proton and the acceptance with its asymmetric errors come from the
        release; mass and the rest keep their defaults.

        Parameters
        ----------
        release : Release
            The data release.
        **changes
            Fields overriding the release's values afterwards (validated).

        Returns
        -------
        DetectorModel
            The validated model.

        Raises
        ------
        ValueError
            If the release's parameters lack a numeric value, or a field is out of range.

        References
        ----------
        .. [1] COHERENT data release, ``coherent_parameters.yaml``, Zenodo 10.5281/zenodo.1228631.
        """
        p = release.parameters

        def value(key: str, field_name: str = "value") -> float:
            try:
                return float(p[key][field_name])
            except (KeyError, TypeError, ValueError):
                raise ValueError(f"release parameters lack a numeric {key}.{field_name}") from None

        kw: dict[str, Any] = {
            "exposure_gwh": value("beamExposure"), "distance_m": value("distanceToTarget"),
            "qf": value("csiQF"), "qf_unc": value("csiQF", "uncertainty"),
            "light_yield": value("csiLightYield"), "light_yield_unc": value("csiLightYield", "uncertainty"),
            "nu_per_proton": value("neutrinosPerProton"),
            "nu_per_proton_unc": value("neutrinosPerProton", "uncertainty")}
        acc = {q["name"]: q for q in p["acceptanceEfficiency"]["parameters"]}
        for name, attr in (("a", "acc_a"), ("k", "acc_k"), ("x_0", "acc_x0")):
            kw[attr] = float(acc[name]["value"])
            for side in ("hi", "lo"):
                if f"error_{side}" in acc[name]:
                    kw[f"{attr}_err_{side}"] = abs(float(acc[name][f"error_{side}"]))
        return cls(**{**kw, **changes})

    def replace(self, **changes: Any) -> DetectorModel:
        """Return a copy with some parameters changed (validated).

        Parameters
        ----------
        **changes
            New field values.

        Returns
        -------
        DetectorModel
            The validated copy.

        Raises
        ------
        ValueError
            If a name is not a field, or a value is out of range.
        """
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown DetectorModel parameter(s) {sorted(unknown)}")
        new = copy.copy(self)  # the other fields were checked already: check only the changed ones
        for name, value in changes.items():
            object.__setattr__(new, name, value)
            new._check(name)
        return new

    @property
    def protons_on_target(self) -> float:
        """Protons on target of this exposure at ``proton_energy_gev`` (1.76×10²³ for the 2017 run)."""
        return float(protons_on_target(self.exposure_gwh, self.proton_energy_gev))

    def quenching(self, recoil_kev: ArrayLike) -> NDArray[np.float64]:
        """Return the quenching factor QF(T) (dimensionless) at nuclear recoil ``recoil_kev`` keVnr, clipped to [10⁻⁴, 1]."""
        t = nonneg_array(recoil_kev, "recoil_kev", "keVnr")
        q: NDArray[np.float64] = np.clip(self.qf + self.qf_slope_per_kevnr * (t - self.qf_ref_kevnr), 1e-4, 1.0)
        return q

    def electron_equivalent_kev(self, recoil_kev: ArrayLike) -> NDArray[np.float64]:
        """Return the electron-equivalent energy E_ee = QF(T)·T in keVee."""
        t = nonneg_array(recoil_kev, "recoil_kev", "keVnr")
        e: NDArray[np.float64] = self.quenching(t) * t
        return e

    def mean_pe(self, recoil_kev: ArrayLike) -> NDArray[np.float64]:
        """Return the mean number of photoelectrons μ = LY·QF(T)·T for a recoil of ``recoil_kev`` keVnr."""
        return self.light_yield * self.electron_equivalent_kev(recoil_kev)

    def acceptance_1pe(self) -> NDArray[np.float64]:
        """Return the acceptance of the 50 one-PE bins (n-PE bin evaluated at n + ``acceptance_shift_pe``)."""
        return acceptance(PE_CENTERS_1 + 0.5 + self.acceptance_shift_pe, a=self.acc_a, k=self.acc_k,
                          x0=self.acc_x0, threshold_pe=self.acc_threshold_pe)


#: The fields that enter only the acceptance (:meth:`DetectorModel.acceptance_1pe`), not the PE response
ACCEPTANCE_FIELDS = ("acc_a", "acc_k", "acc_x0", "acc_threshold_pe", "acceptance_shift_pe")


def acceptance(pe: ArrayLike, a: float = DetectorModel.acc_a, k: float = DetectorModel.acc_k,
               x0: float = DetectorModel.acc_x0, threshold_pe: float = DetectorModel.acc_threshold_pe,
               ) -> NDArray[np.float64]:
    """Evaluate the release acceptance f(x) = a/(1 + exp(−k(x − x₀)))·H(x − threshold), x in PE.

    H is the release's modified step: 0 below the threshold (5 PE), ½ within one PE above it, 1
    beyond. Apply it to 1-PE bins at their centres 0.5, 1.5, ….

    Parameters
    ----------
    pe : array_like
        Photoelectrons x [PE].
    a : float
        Plateau (dimensionless); default the release's, i.e. :class:`DetectorModel`'s.
    k : float
        Steepness [1/PE].
    x0 : float
        Half-height position [PE].
    threshold_pe : float
        Threshold of the step [PE].

    Returns
    -------
    numpy.ndarray
        Acceptance (dimensionless), shaped like ``pe``.

    Raises
    ------
    ValueError
        If ``pe`` holds NaN, inf or a negative number, or a parameter is outside its range (0 < a ≤ 1, k > 0,
        finite x0, threshold_pe ≥ 0).

    References
    ----------
    .. [1] COHERENT data release, ``coherent_parameters.yaml`` (``acceptanceEfficiency``),
       Zenodo 10.5281/zenodo.1228631.
    """
    x = nonneg_array(pe, "pe", "PE")
    a = number(a, "a", lo=0.0, hi=1.0, lo_open=True)
    k = number(k, "k", "1/PE", lo=0.0, lo_open=True)
    x0 = number(x0, "x0", "PE")
    threshold_pe = number(threshold_pe, "threshold_pe", "PE", lo=0.0)
    step = np.where(x < threshold_pe, 0.0, np.where(x < threshold_pe + 1.0, 0.5, 1.0))
    out: NDArray[np.float64] = a * special.expit(k * (x - x0)) * step
    return out
