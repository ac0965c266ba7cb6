"""The CENNS-10 liquid-argon detector and its Standard-Model CEvNS prediction on the release binning.

Chain (parameters from the release's ``LArParametersAnlA.yaml``, Zenodo 10.5281/zenodo.3903810; Akimov et
al. (COHERENT), PRL 126, 012002 (2021)):

1. Recoil spectrum dN/dT of natural argon (:mod:`cevns_edu.physics.rates`): 24.4 kg fiducial, 27.5 m,
   13.8×10²² protons on target, 0.09 ν per flavour per proton.
2. Quenching: E_ee = QF(T)·T with QF = a + b·T (a = 0.246, b = 0.00078 /keVnr).
3. Energy resolution: Gaussian with σ/E = 0.58/√(E/keVee), evaluated at the true E_ee.
4. Acceptance: the release's efficiency table (keVee) at the reconstructed energy on a 0.5-keVee grid; above
   the table's last point its last value is used.
5. Time: proton-on-target trace (Gaussian, mean 440 ns, width 150 ns) ⊗ π and μ lifetimes
   (:func:`cevns_edu.physics.sources.arrival_time_pdf`) on the release's 0.5-μs bins (edges −0.1 … 4.9 μs).
6. F90: the prediction does not model pulse shapes; the 3-D template uses an F90 shape given by the caller
   (the release's CEvNS PDF projection) or, release-free, :data:`F90_NR_MEAN`/:data:`F90_NR_SIGMA`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from cevns_edu.core.validate import in_range, number
from cevns_edu.data.cenns10 import E_EDGES_KEVEE, F90_EDGES, SHAPE, T_EDGES_US, param
from cevns_edu.physics.rates import flux_averaged_table
from cevns_edu.physics.sources import (
    FLAVORS,
    POPULATION,
    arrival_time_pdf,
    fluence_per_cm2,
)

if TYPE_CHECKING:
    from cevns_edu.data.cenns10 import ArgonRelease

#: Release-free stand-ins, fitted to the public release (used only by the simulated replica and when no table
#: is given): efficiency ≈ plateau/(1 + exp(−(E − E½)/w)) (max deviation 0.12 from the table), and a Gaussian
#: F90 distribution of nuclear recoils (mean and rms of the release's CEvNS PDF F90 projection).
EFFICIENCY_LOGISTIC = (0.950, 3.97, 1.65)   # plateau, E½ [keVee], w [keVee]
F90_NR_MEAN, F90_NR_SIGMA = 0.661, 0.080
_RECO_STEP_KEVEE = 0.5


@dataclass(frozen=True, eq=False)
class ArgonDetector:
    """CENNS-10 parameters; defaults are the release's ``LArParametersAnlA.yaml`` (see :meth:`from_parameters`)."""

    mass_kg: float = 24.4
    mass_unc_kg: float = 0.61
    distance_m: float = 27.5
    pot: float = 13.8e22
    nu_per_proton: float = 0.09
    nu_per_proton_unc: float = 0.009
    qf_a: float = 0.246
    qf_a_unc: float = 0.006
    qf_b_per_kevnr: float = 0.00078
    qf_b_unc: float = 0.00009
    resolution_sqrt_kevee: float = 0.58
    pot_t0_us: float = 0.44
    pot_t0_unc_us: float = 0.20
    pot_sigma_us: float = 0.15
    #: (n, 2) table keVee centre → efficiency; None → the release-free logistic stand-in.
    efficiency: np.ndarray | None = field(default=None, repr=False)
    form_factor_model: str = "helm"

    def __post_init__(self) -> None:
        """Validate the parameters and reduce ``efficiency`` to its (keVee, efficiency) columns."""
        for name, lo, hi, unit in (("mass_kg", 1e-6, 1e6, "kg"), ("distance_m", 0.1, 1e5, "m"), ("pot", 0.0, 1e30, "protons"),
                                   ("nu_per_proton", 0.0, 10.0, "ν/flavour/proton"), ("qf_a", 1e-3, 1.0, ""),
                                   ("qf_b_per_kevnr", -0.01, 0.01, "1/keVnr"), ("resolution_sqrt_kevee", 1e-3, 10.0, "√keVee"),
                                   ("pot_t0_us", -1.0, 3.0, "μs"), ("pot_sigma_us", 1e-3, 2.0, "μs")):
            in_range(getattr(self, name), name, lo, hi, unit)
        if self.efficiency is not None:
            e = np.asarray(self.efficiency, float)
            if e.ndim != 2 or e.shape[1] < 2 or e.shape[0] < 2 or not np.all(np.isfinite(e)):
                raise ValueError(f"efficiency must be an (n, 2+) table of keVee centres and efficiencies, got shape {e.shape}")
            object.__setattr__(self, "efficiency", e[:, [0, -1]])

    @classmethod
    def from_parameters(cls, parameters: Mapping[str, Any], efficiency: ArrayLike | None = None,
                        **overrides: Any) -> ArgonDetector:
        """Build the detector of a release's parameter file (and efficiency table), with optional overrides.

        Parameters
        ----------
        parameters : mapping
            Content of the release's ``LArParametersAnlA.yaml`` (see :func:`cevns_edu.data.cenns10.param`).
        efficiency : array_like, optional
            (n, 2+) table: keVee centre, ..., efficiency; None → the release-free logistic stand-in.
        **overrides
            Field values replacing those read from the file.

        Returns
        -------
        ArgonDetector
        """
        p = parameters
        kw: dict[str, Any] = dict(mass_kg=param(p, "fiducialMass"), mass_unc_kg=param(p, "fiducialMass", field="uncertainty"),
                  distance_m=param(p, "distanceToTarget"), pot=param(p, "beamExposure") * 1e22,
                  nu_per_proton=param(p, "neutrinosPerProton"),
                  nu_per_proton_unc=param(p, "neutrinosPerProton", field="uncertainty"),
                  qf_a=param(p, "larQF", "a"), qf_a_unc=param(p, "larQF", "a", "uncertainty"),
                  qf_b_per_kevnr=param(p, "larQF", "b"), qf_b_unc=param(p, "larQF", "b", "uncertainty"),
                  resolution_sqrt_kevee=param(p, "energyResolution", "a"),
                  pot_t0_us=1e-3 * param(p, "snsPOTTraceTiming", "a"),
                  pot_t0_unc_us=1e-3 * param(p, "snsPOTTraceTiming", "a", "uncertainty"),
                  pot_sigma_us=1e-3 * param(p, "snsPOTTraceTiming", "b"), efficiency=efficiency)
        kw.update(overrides)
        return cls(**kw)

    @classmethod
    def from_release(cls, release: ArgonRelease, **overrides: Any) -> ArgonDetector:
        """Build the detector of an :class:`~cevns_edu.data.cenns10.ArgonRelease` (parameters + efficiency table).

        Parameters
        ----------
        release : ArgonRelease
            A loaded (real or simulated) release.
        **overrides
            Field values replacing those of the release.

        Returns
        -------
        ArgonDetector
        """
        return cls.from_parameters(release.parameters, release.efficiency, **overrides)

    def replace(self, **changes: Any) -> ArgonDetector:
        """Return a validated copy with some parameters changed.

        Parameters
        ----------
        **changes
            Field name → new value.

        Returns
        -------
        ArgonDetector
        """
        return dataclasses.replace(self, **changes)

    def quenching(self, recoil_kevnr: ArrayLike) -> NDArray[np.float64]:
        """Return the quenching factor QF(T) = a + b·T.

        Parameters
        ----------
        recoil_kevnr : array_like
            Nuclear recoil energy T [keVnr].

        Returns
        -------
        ndarray
            QF (dimensionless).
        """
        qf: NDArray[np.float64] = self.qf_a + self.qf_b_per_kevnr * np.asarray(recoil_kevnr, float)
        return qf

    def efficiency_at(self, kevee: ArrayLike) -> NDArray[np.float64]:
        """Return the acceptance at reconstructed energy: the table (linear interpolation) or the logistic stand-in.

        Parameters
        ----------
        kevee : array_like
            Reconstructed electron-equivalent energy [keVee].

        Returns
        -------
        ndarray
            Acceptance (dimensionless, 0–1).
        """
        e = np.asarray(kevee, float)
        eff: NDArray[np.float64]
        if self.efficiency is None:
            a, e_half, w = EFFICIENCY_LOGISTIC
            eff = a * special.expit((e - e_half) / w)
            return eff
        t = self.efficiency
        eff = np.interp(e, t[:, 0], t[:, 1], left=0.0, right=t[-1, 1])
        return eff


def energy_spectra(det: ArgonDetector) -> dict[str, NDArray[np.float64]]:
    """Return the accepted events per population ("prompt", "delayed") in the 12 release energy bins (all times).

    Parameters
    ----------
    det : ArgonDetector
        The detector.

    Returns
    -------
    dict
        Population → expected events per energy bin (12,).
    """
    tab = flux_averaged_table("Ar", det.form_factor_model)
    scale = det.mass_kg * fluence_per_cm2(det.distance_m, det.pot, det.nu_per_proton) * tab.bin_width_kev
    t = tab.recoil_kev
    e_true = det.quenching(t) * t
    sigma = np.maximum(det.resolution_sqrt_kevee * np.sqrt(e_true), 1e-9)
    fine = np.arange(E_EDGES_KEVEE[0], E_EDGES_KEVEE[-1] + 1e-9, _RECO_STEP_KEVEE)
    cdf = stats.norm.cdf((fine[None, :] - e_true[:, None]) / sigma[:, None])
    resp = np.diff(cdf, axis=1) * det.efficiency_at(0.5 * (fine[1:] + fine[:-1]))[None, :]
    per_bin = int(round((E_EDGES_KEVEE[1] - E_EDGES_KEVEE[0]) / _RECO_STEP_KEVEE))
    out = {}
    for pop in ("prompt", "delayed"):
        dndt = scale * sum(tab.per_kg(f) for f in FLAVORS if POPULATION[f] == pop)
        out[pop] = (dndt @ resp).reshape(-1, per_bin).sum(axis=1)
    return out


def time_fractions(det: ArgonDetector) -> dict[str, NDArray[np.float64]]:
    """Fraction of each population in the 10 release time bins (untruncated model: sums to < 1)."""
    return {pop: arrival_time_pdf(pop, T_EDGES_US, t0_us=det.pot_t0_us, sigma_us=det.pot_sigma_us, normalize=False)
            for pop in ("prompt", "delayed")}


def f90_shape(mean: float = F90_NR_MEAN, sigma: float = F90_NR_SIGMA) -> NDArray[np.float64]:
    """Release-free F90 distribution of nuclear recoils in the 8 release bins (Gaussian, normalised to 1)."""
    mean = number(mean, "mean")
    sigma = number(sigma, "sigma", lo=0.0, lo_open=True)
    p = np.diff(stats.norm.cdf(F90_EDGES, mean, sigma))
    if not p.sum() > 0:
        raise ValueError(f"mean = {mean:g} puts no F90 probability inside the release's bins")
    out: NDArray[np.float64] = p / p.sum()
    return out


def cevns_template(det: ArgonDetector | None = None, f90: ArrayLike | None = None) -> NDArray[np.float64]:
    """Return the expected CEvNS counts (12 energy × 8 F90 × 10 time) = Σ_pop energy ⊗ F90 shape ⊗ time fractions.

    Parameters
    ----------
    det : ArgonDetector, optional
        The detector (default: the release's parameters with the release-free stand-ins).
    f90 : array_like, optional
        F90 shape in the 8 release bins (any normalisation); None → :func:`f90_shape`.

    Returns
    -------
    ndarray
        Expected events, shape (12, 8, 10).
    """
    det = det or ArgonDetector()
    fs = f90_shape() if f90 is None else np.asarray(f90, float) / np.sum(f90)
    if fs.shape != (SHAPE[1],):
        raise ValueError(f"f90 must have {SHAPE[1]} bins, got shape {fs.shape}")
    e, t = energy_spectra(det), time_fractions(det)
    out: NDArray[np.float64] = np.zeros(SHAPE)
    for p in ("prompt", "delayed"):
        out = out + e[p][:, None, None] * fs[None, :, None] * t[p][None, None, :]
    return out


@dataclass(frozen=True)
class ArgonPrediction:
    """Predicted CEvNS events in the release's analysis region, with 1σ components (symmetrised shifts)."""

    n_cevns: float
    n_prompt: float
    n_delayed: float
    uncertainty: float
    components: dict[str, float]


def predict(det: ArgonDetector | None = None) -> ArgonPrediction:
    """SM prediction of the CEvNS count in the 960 bins (0–120 keVee, 0.5 < F90 < 0.9, −0.1–4.9 μs).

    Uncertainty components: neutrino flux (ν/proton), fiducial mass, QF a and b, POT trace mean (±1σ each).
    """
    det = det or ArgonDetector()

    def n(d: ArgonDetector) -> float:
        e, t = energy_spectra(d), time_fractions(d)
        return float(sum(e[p].sum() * t[p].sum() for p in e))

    e, t = energy_spectra(det), time_fractions(det)
    n_pop = {p: float(e[p].sum() * t[p].sum()) for p in e}
    n0 = sum(n_pop.values())

    def sym(name: str, delta: float) -> float:
        v = getattr(det, name)
        return 0.5 * (abs(n(det.replace(**{name: v + delta})) - n0) + abs(n0 - n(det.replace(**{name: v - delta}))))

    comps = {"neutrino_flux": n0 * det.nu_per_proton_unc / det.nu_per_proton,
             "fiducial_mass": n0 * det.mass_unc_kg / det.mass_kg,
             "quenching_a": sym("qf_a", det.qf_a_unc), "quenching_b": sym("qf_b_per_kevnr", det.qf_b_unc),
             "beam_timing": sym("pot_t0_us", det.pot_t0_unc_us)}
    return ArgonPrediction(n0, n_pop["prompt"], n_pop["delayed"], float(np.sqrt(sum(v * v for v in comps.values()))), comps)
