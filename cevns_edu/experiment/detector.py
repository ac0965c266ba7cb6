"""The COHERENT CsI[Na] detector: from nuclear recoils to photoelectrons, and the predicted count.

Chain (Akimov et al., Science 357, 1123 (2017); release ``coherent_parameters.yaml``,
Zenodo 10.5281/zenodo.1228631):

1. **Quenching.** A nuclear recoil of T keVnr makes as much scintillation light as an electron of
   E_ee = QF(T)·T keVee. The release gives QF = 0.0878 ± 0.0166 (constant, 5–30 keVnr); an
   optional linear energy dependence ``qf_slope_per_kevnr`` lets one explore the measured trend.
2. **Light yield.** 13.348 PE/keVee → mean photoelectron number μ(T) = LY·QF(T)·T.
3. **Photoelectron statistics.** The detected number n is Poisson(μ). An event with n PE belongs to
   the release's "n-PE bin", the 1-PE bin [n−1, n) with centre n − ½.
4. **Acceptance**, exactly as the release defines it, evaluated at 1-PE bin centres:
   f(x) = a / (1 + exp(−k (x − x₀))) · H(x − 5), H = 0 below 5, ½ on [5, 6), 1 from 6.
5. **Time.** Each population (prompt ν_μ, delayed ν_e + ν̄_μ) is spread over the 0.5 μs bins with
   its arrival-time PDF (the release's when given, else the analytic model of
   :mod:`cevns_edu.physics.sources`); detector and PE do not depend on time.

:func:`cevns_template` returns the (25 PE × 24 time) expected counts on the release binning; the
flux-averaged cross section is cached per (target, form factor, ``dsigma``), so a call that only
changes QF, light yield, acceptance, mass, distance or exposure costs well under a millisecond.
:func:`predict` adds the count in an analysis window with its propagated uncertainty.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ..core.validate import in_range, nonneg_array
from ..physics.form_factors import FORM_FACTORS
from ..physics.nuclei import get_material
from ..physics.rates import DSigma, flux_averaged_table, fluence_per_flavor
from ..physics.sources import FLAVORS, POPULATION, arrival_time_pdf
from ..core.binning import N_PE, N_T, PE_CENTERS_1, PE_MAX, PE_MIN, T_EDGES_US, WINDOW_US, region_mask, rebin_pe_1_to_2

#: Acceptance convention of the release: the n-PE bin is evaluated at its centre n − ½.
RELEASE_ACCEPTANCE_SHIFT_PE = -0.5


@dataclass(frozen=True)
class DetectorModel:
    """Parameters of a CEvNS detector at the SNS; defaults are the 2017 CsI[Na] run.

    Sources: ``coherent_parameters.yaml`` of the COHERENT data release (exposure, distance, QF, light
    yield, ν/proton, acceptance parameters with their asymmetric 1σ errors); mass 14.57 kg from
    Akimov et al., Science 357, 1123 (2017).
    """

    mass_kg: float = 14.57
    distance_m: float = 19.3
    exposure_gwh: float = 7.47594
    qf: float = 0.0878
    qf_unc: float = 0.0166
    #: linear energy dependence of the QF around ``qf_ref_kevnr`` (0 = constant, as the release).
    qf_slope_per_kevnr: float = 0.0
    qf_ref_kevnr: float = 17.5
    light_yield: float = 13.348       # PE/keVee
    light_yield_unc: float = 0.019
    nu_per_proton: float = 0.08
    nu_per_proton_unc: float = 0.008
    proton_energy_gev: float = 1.0
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
        for name, lo, hi, unit in (("mass_kg", 1e-6, 1e6, "kg"), ("distance_m", 0.1, 1e5, "m"),
                                   ("exposure_gwh", 0.0, 1e6, "GW·hr"), ("qf", 1e-4, 1.0, "(dimensionless)"),
                                   ("qf_unc", 0.0, 1.0, "(dimensionless)"), ("qf_slope_per_kevnr", -0.01, 0.01, "per keVnr"),
                                   ("qf_ref_kevnr", 0.0, 1000.0, "keVnr"), ("light_yield", 0.01, 1000.0, "PE/keVee"),
                                   ("light_yield_unc", 0.0, 1000.0, "PE/keVee"), ("nu_per_proton", 0.0, 10.0, "ν/proton"),
                                   ("nu_per_proton_unc", 0.0, 10.0, "ν/proton"), ("proton_energy_gev", 0.05, 100.0, "GeV"),
                                   ("acc_a", 0.0, 1.0, "(dimensionless)"), ("acc_k", 1e-3, 100.0, "1/PE"), ("acc_x0", -50.0, 100.0, "PE"),
                                   ("acc_threshold_pe", 0.0, 50.0, "PE"), ("acceptance_shift_pe", -1.0, 1.0, "PE")):
            in_range(getattr(self, name), name, lo, hi, unit)
        for name in ("acc_a_err_hi", "acc_a_err_lo", "acc_k_err_hi", "acc_k_err_lo", "acc_x0_err_hi", "acc_x0_err_lo"):
            in_range(getattr(self, name), name, 0.0, 100.0)
        get_material(self.material)
        if self.form_factor_model not in FORM_FACTORS:
            raise ValueError(f"form_factor_model must be one of {FORM_FACTORS}, got {self.form_factor_model!r}")

    def replace(self, **changes: Any) -> DetectorModel:
        """A copy with some parameters changed (validated)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown DetectorModel parameter(s) {sorted(unknown)}")
        return dataclasses.replace(self, **changes)

    def quenching(self, recoil_kev: ArrayLike) -> np.ndarray:
        """Quenching factor QF(T) (dimensionless) at nuclear recoil ``recoil_kev`` keVnr, clipped to [10⁻⁴, 1]."""
        t = nonneg_array(recoil_kev, "recoil_kev", "keVnr")
        return np.clip(self.qf + self.qf_slope_per_kevnr * (t - self.qf_ref_kevnr), 1e-4, 1.0)

    def electron_equivalent_kev(self, recoil_kev: ArrayLike) -> np.ndarray:
        """Electron-equivalent energy E_ee = QF(T)·T in keVee."""
        t = nonneg_array(recoil_kev, "recoil_kev", "keVnr")
        return self.quenching(t) * t

    def mean_pe(self, recoil_kev: ArrayLike) -> np.ndarray:
        """Mean number of photoelectrons μ = LY·QF(T)·T for a recoil of ``recoil_kev`` keVnr."""
        return self.light_yield * self.electron_equivalent_kev(recoil_kev)

    def acceptance_1pe(self) -> np.ndarray:
        """Acceptance of the 50 one-PE bins (n-PE bin evaluated at n + ``acceptance_shift_pe``)."""
        return acceptance(PE_CENTERS_1 + 0.5 + self.acceptance_shift_pe, a=self.acc_a, k=self.acc_k,
                          x0=self.acc_x0, threshold_pe=self.acc_threshold_pe)


def acceptance(pe: ArrayLike, a: float = 0.6655, k: float = 0.4942, x0: float = 10.8507,
               threshold_pe: float = 5.0) -> np.ndarray:
    """Release acceptance f(x) = a/(1 + exp(−k(x − x₀)))·H(x − threshold), x in PE.

    H is the release's modified step: 0 below the threshold (5 PE), ½ within one PE above it, 1
    beyond. Apply it to 1-PE bins at their centres 0.5, 1.5, … (``coherent_parameters.yaml``).
    """
    x = np.asarray(pe, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"pe must be finite numbers of photoelectrons, got {pe!r}")
    step = np.where(x < threshold_pe, 0.0, np.where(x < threshold_pe + 1.0, 0.5, 1.0))
    return a * special.expit(k * (x - x0)) * step


def poisson_matrix(mean_pe: ArrayLike, n_max: int = N_PE * 2) -> np.ndarray:
    """P(n | μ) for n = 1 … ``n_max`` (columns) and each μ in ``mean_pe`` (rows): Poisson PE statistics.

    Built by the recursion P(n) = P(n−1)·μ/n from P(0) = e^{−μ} (exact; faster than lgamma/exp);
    valid for μ up to ~700 (beyond, e^{−μ} underflows).
    """
    mu = np.asarray(mean_pe, dtype=float)
    if np.any(mu < 0) or not np.all(np.isfinite(mu)) or np.any(mu > 700):
        raise ValueError(f"mean_pe must be finite numbers between 0 and 700 PE, got range "
                         f"[{np.min(mu) if mu.size else 0}, {np.max(mu) if mu.size else 0}]")
    ratios = mu[..., None] / np.arange(1, n_max + 1, dtype=float)
    return np.exp(-mu)[..., None] * np.cumprod(ratios, axis=-1)


_RESPONSE_CACHE: dict[tuple, np.ndarray] = {}


def _response(det: DetectorModel, recoil_kev: np.ndarray, width_kev: float) -> np.ndarray:
    """Poisson response × bin width on the recoil grid; memoised on the light-producing parameters."""
    key = (det.light_yield, det.qf, det.qf_slope_per_kevnr, det.qf_ref_kevnr, recoil_kev.size, float(recoil_kev[-1]))
    resp = _RESPONSE_CACHE.get(key)
    if resp is None:
        if len(_RESPONSE_CACHE) > 32:
            _RESPONSE_CACHE.clear()
        resp = poisson_matrix(det.mean_pe(recoil_kev)) * width_kev
        resp.setflags(write=False)
        _RESPONSE_CACHE[key] = resp
    return resp


_TIME_KEYS = {"prompt": ("prompt", "prompt_neutrinos"), "delayed": ("delayed", "delayed_neutrinos")}


def _time_pdfs(time_pdfs: Mapping[str, ArrayLike] | None) -> dict[str, np.ndarray]:
    if time_pdfs is None:
        return {pop: _analytic_pdf(pop) for pop in ("prompt", "delayed")}
    out = {}
    for pop, keys in _TIME_KEYS.items():
        key = next((k for k in keys if k in time_pdfs), None)
        if key is None:
            raise ValueError(f"time_pdfs needs a {keys[0]!r} (or {keys[1]!r}) entry, got keys {sorted(time_pdfs)}")
        p = np.asarray(time_pdfs[key], dtype=float)
        if p.shape != (N_T,) or not np.all(np.isfinite(p)) or np.any(p < 0):
            raise ValueError(f"time_pdfs[{key!r}] must be {N_T} non-negative numbers (0.5 μs bins), got shape {p.shape}")
        if abs(p.sum() - 1.0) > 1e-3:
            raise ValueError(f"time_pdfs[{key!r}] must sum to 1 over the 24 bins, sums to {p.sum():.4g}")
        out[pop] = p / p.sum()
    return out


_ANALYTIC: dict[str, np.ndarray] = {}


def _analytic_pdf(pop: str) -> np.ndarray:
    if pop not in _ANALYTIC:
        _ANALYTIC[pop] = arrival_time_pdf(pop, T_EDGES_US)
        _ANALYTIC[pop].setflags(write=False)
    return _ANALYTIC[pop]


@dataclass(frozen=True, eq=False)
class CevnsTemplate:
    """Expected CEvNS counts on the release binning, acceptance applied.

    ``prompt``/``delayed``: (25 PE bins × 24 time bins); ``pe_1_prompt``/``pe_1_delayed``: (50,) 1-PE
    spectra with acceptance, ``*_raw`` without; ``recoil_kev``/``dndt_*``: the recoil spectrum (events/keVnr).
    """

    prompt: np.ndarray
    delayed: np.ndarray
    pe_1_prompt: np.ndarray
    pe_1_delayed: np.ndarray
    pe_1_raw_prompt: np.ndarray
    pe_1_raw_delayed: np.ndarray
    recoil_kev: np.ndarray
    dndt_prompt: np.ndarray
    dndt_delayed: np.ndarray
    time_pdfs: Mapping[str, np.ndarray]
    detector: DetectorModel
    acceptance_1pe: np.ndarray = field(repr=False, default_factory=lambda: np.ones(2 * N_PE))

    @property
    def total(self) -> np.ndarray:
        """prompt + delayed, (25, 24)."""
        return self.prompt + self.delayed

    @property
    def pe_1(self) -> np.ndarray:
        """Accepted 1-PE spectrum, prompt + delayed (50,)."""
        return self.pe_1_prompt + self.pe_1_delayed

    @property
    def pe_1_raw(self) -> np.ndarray:
        """1-PE spectrum before acceptance (50,)."""
        return self.pe_1_raw_prompt + self.pe_1_raw_delayed

    @property
    def n_recoils(self) -> float:
        """All nuclear recoils, before any detector effect."""
        dt = self.recoil_kev[1] - self.recoil_kev[0]
        return float((self.dndt_prompt + self.dndt_delayed).sum() * dt)

    def count(self, pe_range: tuple[float, float] = (PE_MIN, PE_MAX), t_range_us: tuple[float, float] = (0.0, WINDOW_US),
              population: str = "total") -> float:
        """Expected accepted events in the 2-PE × 0.5-μs bins whose centres lie in the window."""
        arr = {"total": self.total, "prompt": self.prompt, "delayed": self.delayed}.get(population)
        if arr is None:
            raise ValueError(f"population must be 'total', 'prompt' or 'delayed', got {population!r}")
        return float(arr[region_mask(*pe_range, *t_range_us)].sum())


def cevns_template(det: DetectorModel | None = None, *, dsigma: DSigma | None = None,
                   time_pdfs: Mapping[str, ArrayLike] | None = None) -> CevnsTemplate:
    """Expected CEvNS counts (25 × 24, release binning, acceptance applied) for detector ``det``.

    ``dsigma(enu_mev, recoil_kev, nucleus, flavor) -> cm²/keV`` replaces the SM cross section
    (arrays broadcast; hashable so it can be cached). ``time_pdfs`` = {"prompt": (24,), "delayed":
    (24,)} (release keys ``prompt_neutrinos``/``delayed_neutrinos`` also accepted) replaces the
    analytic arrival-time model.
    """
    det = DetectorModel() if det is None else det
    if not isinstance(det, DetectorModel):
        raise TypeError(f"det must be a DetectorModel, got {type(det).__name__}")
    tab = flux_averaged_table(det.material, det.form_factor_model, dsigma)
    scale = det.mass_kg * fluence_per_flavor(det.distance_m, det.exposure_gwh, det.proton_energy_gev, det.nu_per_proton)
    per_kg = {f: tab.per_kg(f) for f in FLAVORS}
    dndt = {pop: scale * sum(per_kg[f] for f in FLAVORS if POPULATION[f] == pop) for pop in ("prompt", "delayed")}
    resp = _response(det, tab.recoil_kev, tab.bin_width_kev)                     # (n_T, 50)
    acc = det.acceptance_1pe()
    raw = {pop: dndt[pop] @ resp for pop in dndt}
    pe1 = {pop: raw[pop] * acc for pop in raw}
    tp = _time_pdfs(time_pdfs)
    two_d = {pop: rebin_pe_1_to_2(pe1[pop])[:, None] * tp[pop][None, :] for pop in pe1}
    return CevnsTemplate(two_d["prompt"], two_d["delayed"], pe1["prompt"], pe1["delayed"], raw["prompt"],
                         raw["delayed"], tab.recoil_kev, dndt["prompt"], dndt["delayed"], tp, det, acc)


@dataclass(frozen=True)
class Prediction:
    """Predicted CEvNS count in an analysis window, with its propagated 1σ uncertainty.

    ``uncertainty`` is the quadrature sum of ``components`` (each symmetrised: the mean of the
    upward and downward shifts of the count when that input moves by its ±1σ).
    """

    n_cevns: float
    n_prompt: float
    n_delayed: float
    uncertainty: float
    pe_range: tuple[float, float]
    t_range_us: tuple[float, float]
    exposure_gwh: float
    n_accepted_all: float
    n_recoils: float
    components: Mapping[str, float]

    @property
    def prompt_fraction(self) -> float:
        return self.n_prompt / self.n_cevns if self.n_cevns > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the ``cevns-edu predict --json`` keys and more)."""
        return {"n_cevns_predicted": self.n_cevns, "n_prompt": self.n_prompt, "n_delayed": self.n_delayed,
                "uncertainty": self.uncertainty, "pe_range": list(self.pe_range), "t_range_us": list(self.t_range_us),
                "exposure_gwh": self.exposure_gwh, "n_accepted_all": self.n_accepted_all,
                "n_recoils": self.n_recoils, "uncertainty_components": dict(self.components)}


def _shift(det: DetectorModel, name: str, delta: float) -> DetectorModel:
    return det.replace(**{name: getattr(det, name) + delta})


def uncertainty_components(det: DetectorModel | None = None, *, pe_range: tuple[float, float] = (PE_MIN, PE_MAX),
                           t_range_us: tuple[float, float] = (0.0, WINDOW_US), dsigma: DSigma | None = None,
                           time_pdfs: Mapping[str, ArrayLike] | None = None) -> dict[str, float]:
    """Symmetrised 1σ shifts of the count from QF, neutrino flux, acceptance (a, k, x₀ in quadrature), light yield."""
    det = DetectorModel() if det is None else det

    def n(d: DetectorModel) -> float:
        return cevns_template(d, dsigma=dsigma, time_pdfs=time_pdfs).count(pe_range, t_range_us)

    n0 = n(det)

    def sym(name: str, up: float, down: float) -> float:
        hi = n(_shift(det, name, up)) if up else n0
        lo = n(_shift(det, name, -down)) if down else n0
        return 0.5 * (abs(hi - n0) + abs(n0 - lo))

    qf_down = min(det.qf_unc, det.qf - 1e-4)
    acc = [sym("acc_a", min(det.acc_a_err_hi, 1 - det.acc_a), det.acc_a_err_lo),
           sym("acc_k", det.acc_k_err_hi, min(det.acc_k_err_lo, det.acc_k - 1e-3)),
           sym("acc_x0", det.acc_x0_err_hi, det.acc_x0_err_lo)]
    return {
        "quenching_factor": sym("qf", det.qf_unc, qf_down),
        "neutrino_flux": n0 * det.nu_per_proton_unc / det.nu_per_proton if det.nu_per_proton > 0 else 0.0,
        "acceptance": float(np.sqrt(np.sum(np.square(acc)))),
        "light_yield": sym("light_yield", det.light_yield_unc, min(det.light_yield_unc, det.light_yield - 0.01)),
    }


def predict(det: DetectorModel | None = None, *, pe_range: tuple[float, float] = (PE_MIN, PE_MAX),
            t_range_us: tuple[float, float] = (0.0, WINDOW_US), dsigma: DSigma | None = None,
            time_pdfs: Mapping[str, ArrayLike] | None = None) -> Prediction:
    """Predicted CEvNS events for ``det`` in ``pe_range`` (2-PE bins, PE) × ``t_range_us`` (μs), with uncertainty.

    Default: the 2017 CsI[Na] configuration, 6 ≤ PE < 30, the whole 0–12 μs window.
    """
    det = DetectorModel() if det is None else det
    pe_range = (float(pe_range[0]), float(pe_range[1]))
    t_range_us = (float(t_range_us[0]), float(t_range_us[1]))
    region_mask(*pe_range, *t_range_us)  # validates the window
    tpl = cevns_template(det, dsigma=dsigma, time_pdfs=time_pdfs)
    comps = uncertainty_components(det, pe_range=pe_range, t_range_us=t_range_us, dsigma=dsigma, time_pdfs=time_pdfs)
    return Prediction(
        n_cevns=tpl.count(pe_range, t_range_us), n_prompt=tpl.count(pe_range, t_range_us, "prompt"),
        n_delayed=tpl.count(pe_range, t_range_us, "delayed"), uncertainty=float(np.sqrt(sum(v**2 for v in comps.values()))),
        pe_range=pe_range, t_range_us=t_range_us, exposure_gwh=det.exposure_gwh, n_accepted_all=float(tpl.total.sum()),
        n_recoils=tpl.n_recoils, components=comps)


# --- the release's quenching-factor measurements ---------------------------------------------

@dataclass(frozen=True, eq=False)
class QFPoints:
    """Quenching-factor measurements: recoil energy (keVnr) and QF with (lower, upper) 1σ errors."""

    label: str
    recoil_kev: np.ndarray
    recoil_err_lo: np.ndarray
    recoil_err_hi: np.ndarray
    qf: np.ndarray
    qf_err_lo: np.ndarray
    qf_err_hi: np.ndarray


def load_qf_points(path: str | Path) -> QFPoints:
    """Read a release file ``qfData_chicago.txt`` (4 columns, symmetric errors) or ``qfData_tunl.txt``
    (6 columns: T, T err hi, T err lo, QF, QF err hi, QF err lo). ``#`` lines are comments."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"QF data file not found: {p}")
    from ..data.loaders import load_qf_data  # the release reader: clear errors for NaN, text, ragged rows

    arr = load_qf_data(p)
    if arr.shape[1] == 4:
        t, dt, q, dq = arr.T
        cols = (t, dt, dt, q, dq, dq)
    elif arr.shape[1] == 6:
        t, dt_hi, dt_lo, q, dq_hi, dq_lo = arr.T
        cols = (t, dt_lo, dt_hi, q, dq_lo, dq_hi)
    else:
        raise ValueError(f"{p.name}: expected 4 or 6 comma-separated columns, got {arr.shape[1]}")
    stem = p.stem.replace("qfData_", "")
    label = {"chicago": "Chicago", "tunl": "TUNL"}.get(stem.lower(), stem)
    return QFPoints(label, *cols)


def weighted_mean_qf(points: list[QFPoints], t_range_kev: tuple[float, float] = (5.0, 30.0)) -> tuple[float, float]:
    """Inverse-variance weighted mean QF of the points in ``t_range_kev`` and the unweighted standard
    deviation of those points (the release's recipe for 0.0878 ± 0.0166, which also used literature data)."""
    t = np.concatenate([p.recoil_kev for p in points])
    q = np.concatenate([p.qf for p in points])
    err = np.concatenate([0.5 * (p.qf_err_lo + p.qf_err_hi) for p in points])
    sel = (t >= t_range_kev[0]) & (t <= t_range_kev[1])
    if sel.sum() < 2:
        raise ValueError(f"need at least 2 QF points between {t_range_kev[0]} and {t_range_kev[1]} keVnr, got {sel.sum()}")
    w = 1 / err[sel] ** 2
    return float(np.sum(w * q[sel]) / w.sum()), float(np.std(q[sel], ddof=1))
