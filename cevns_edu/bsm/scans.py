"""Data-driven new-physics scans: the 2017 likelihood with the CEvNS count fixed by a hypothesis.

For a hypothesis θ (NSI couplings, sin²θ_W, μ_ν, R_n) the CEvNS template T(θ) — counts on the release
binning — is predicted by this library; the fit's own likelihood (:class:`~cevns_edu.experiment.
likelihood.BinnedLikelihood`, built by :func:`~cevns_edu.experiment.fit.build_inputs`) is then evaluated
with the CEvNS normalisation tied to the prediction,

    N_CEvNS = N(θ)·(1 + ν),   penalty ½ (ν/σ_sys)²,

where σ_sys is the fractional systematic uncertainty of the SM prediction (quenching factor, flux,
acceptance, light yield: :func:`~cevns_edu.experiment.detector.predict`), and the backgrounds
(steady state, prompt neutrons) are profiled. χ²(θ) = 2 min(−ln L); Δχ² = χ²(θ) − min_θ χ².
This is the approach of the COHERENT NSI plot (Science 357, 1123 (2017), Fig. 4) and of e.g.
Cadeddu et al., PRL 120, 072501 (2018) for R_n.

Speed: the template is linear in dσ/dT, and each hypothesis only rescales dσ/dT by a factor that
depends on the nucleus, the flavour and (for R_n) the recoil energy. :class:`TemplateBuilder`
therefore folds per-(nucleus, flavour) recoil spectra through the detector response once and reuses
them: a hypothesis costs a matrix product, and a Δχ² point about a millisecond.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..core.binning import PE_MAX, PE_MIN, T_EDGES_US, rebin_pe_1_to_2, region_mask
from ..data.release import Release
from ..experiment.detector import DetectorModel, cevns_template, poisson_matrix, predict
from ..experiment.fit import build_inputs
from ..experiment.likelihood import BinnedLikelihood
from ..physics.form_factors import form_factor
from ..physics.kinematics import q_mev
from ..physics.nuclei import Nucleus
from ..physics.rates import fluence_per_flavor, flux_averaged_table
from ..physics.sources import FLAVORS, POPULATION, arrival_time_pdf

#: Analysis window of the 2017 fit (Akimov et al. 2017; DESIGN.md §2).
T_WINDOW_US = (0.0, 6.0)

#: ``weight(nucleus, flavor, recoil_kev)``: factor on the SM dσ/dT without form factor (scalar or on the recoil grid).
Weight = Callable[[Nucleus, str, NDArray[np.float64]], "NDArray[np.float64] | float"]


class TemplateBuilder:
    """Per-(nucleus, flavour) CEvNS templates for one detector, from which any rescaled template is a sum.

    ``template(weight)`` returns the (25, 24) expected counts when dσ/dT of nucleus ``n`` for flavour ``f``
    is the SM one *without* form factor times ``weight(n, f, recoil_kev)`` (a scalar or an array on the
    recoil grid). The SM template is ``weight = F²(q)`` — identical to
    :func:`~cevns_edu.experiment.detector.cevns_template` (tested).

    Parameters
    ----------
    detector : DetectorModel, optional
        Detector (default: the 2017 CsI[Na] detector).
    time_pdfs : mapping of str to numpy.ndarray, optional
        Arrival-time PDFs on the 24 release bins, keyed ``"prompt_neutrinos"``/``"delayed_neutrinos"`` (a
        release's) or ``"prompt"``/``"delayed"``; default: the model PDFs of :mod:`cevns_edu.physics.sources`.
    """

    def __init__(self, detector: DetectorModel | None = None, time_pdfs: Mapping[str, np.ndarray] | None = None) -> None:
        self.det = det = DetectorModel() if detector is None else detector
        tab = flux_averaged_table(det.material, "none")
        self.recoil_kev = tab.recoil_kev
        self.nuclei = [nuc for nuc, _ in tab.material.components]
        scale = det.mass_kg * fluence_per_flavor(det.distance_m, det.exposure_gwh, det.proton_energy_gev,
                                                 det.nu_per_proton)
        #: dN/dT (events/keVnr) per (nucleus index, flavour) without form factor
        self.dndt = {(j, f): scale * tab.nuclei_per_kg[j] * tab.xs[f][j] for j in range(len(self.nuclei)) for f in FLAVORS}
        self.response = poisson_matrix(det.mean_pe(tab.recoil_kev)) * tab.bin_width_kev  # (n_T, 50)
        self.acceptance = det.acceptance_1pe()
        if time_pdfs is None:
            self.time_pdfs = {p: arrival_time_pdf(p, T_EDGES_US) for p in ("prompt", "delayed")}
        else:
            self.time_pdfs = {"prompt": np.asarray(time_pdfs["prompt_neutrinos"] if "prompt_neutrinos" in time_pdfs
                                                   else time_pdfs["prompt"], float),
                              "delayed": np.asarray(time_pdfs["delayed_neutrinos"] if "delayed_neutrinos" in time_pdfs
                                                    else time_pdfs["delayed"], float)}
        self.ff2 = {j: form_factor(q_mev(self.recoil_kev, nuc), nuc, det.form_factor_model) ** 2
                    for j, nuc in enumerate(self.nuclei)}

    def _fold(self, dndt: NDArray[np.float64], population: str) -> NDArray[np.float64]:
        pe1 = (dndt @ self.response) * self.acceptance
        out: NDArray[np.float64] = rebin_pe_1_to_2(pe1)[:, None] * self.time_pdfs[population][None, :]
        return out

    def template(self, weight: Weight | None = None) -> NDArray[np.float64]:
        """Fold rescaled recoil spectra into a template on the release binning.

        Parameters
        ----------
        weight : callable, optional
            ``weight(nucleus, flavor, recoil_kev)``: dσ/dT(n, f) = dσ_SM,no FF · weight; default F²(q).

        Returns
        -------
        numpy.ndarray
            (25, 24) expected counts.
        """
        spectra: dict[str, NDArray[np.float64] | float] = {"prompt": 0.0, "delayed": 0.0}
        for (j, f), base in self.dndt.items():
            w = self.ff2[j] if weight is None else weight(self.nuclei[j], f, self.recoil_kev)
            spectra[POPULATION[f]] = spectra[POPULATION[f]] + base * w
        return self._fold(np.asarray(spectra["prompt"]), "prompt") + self._fold(np.asarray(spectra["delayed"]), "delayed")

    @cached_property
    def pieces(self) -> dict[tuple[str, str], np.ndarray]:
        """Give the SM template of each (nucleus name, flavour) alone; their sum is the SM template.

        Returns
        -------
        dict of (str, str) to numpy.ndarray
            (nucleus name, flavour) → (25, 24) expected counts.
        """
        return {(self.nuclei[j].name, f): self._fold(base * self.ff2[j], POPULATION[f]) for (j, f), base in self.dndt.items()}


@dataclass(frozen=True)
class HypothesisFit:
    """Fit of one hypothesis: χ² = 2·min(−ln L) with N_CEvNS tied to ``n_predicted`` (± σ_sys); fitted nuisances."""

    chi2: float
    n_predicted: float
    n_cevns: float
    values: dict[str, float]


class HypothesisLikelihood:
    """The fit's likelihood for a release with the CEvNS template and count fixed by a hypothesis.

    Built once per release/detector; :meth:`chi2` takes a (25, 24) CEvNS template. The SM prediction's
    fractional uncertainty ``sys_unc`` (default: :func:`predict`'s propagated uncertainty in the window)
    is the Gaussian constraint on the normalisation.

    Parameters
    ----------
    release : Release
        The data (real or the simulated replica).
    detector : DetectorModel, optional
        Detector (default: the 2017 CsI[Na] detector).
    pe_range : tuple of float, optional
        Analysis window in photoelectrons [PE] (default 6–30).
    t_range_us : tuple of float, optional
        Analysis window in arrival time [μs] (default 0–6).
    sys_unc : float, optional
        Fractional systematic uncertainty of the SM CEvNS prediction, in (0, 5).

    Raises
    ------
    ValueError
        If ``sys_unc`` is out of range.

    References
    ----------
    D. Akimov et al. (COHERENT), Science 357, 1123 (2017).
    """

    def __init__(self, release: Release, detector: DetectorModel | None = None, *,
                 pe_range: tuple[float, float] = (PE_MIN, PE_MAX), t_range_us: tuple[float, float] = T_WINDOW_US,
                 sys_unc: float | None = None) -> None:
        self.release = release
        self.det = DetectorModel() if detector is None else detector
        self.pe_range, self.t_range_us = tuple(pe_range), tuple(t_range_us)
        self.mask = region_mask(*pe_range, *t_range_us)
        self.builder = TemplateBuilder(self.det, release.time_pdfs)
        self.sm_template = self.builder.template()
        self.inputs = build_inputs(release, detector=self.det, pe_range=pe_range, t_range_us=t_range_us,
                                   signal=self.sm_template)
        if sys_unc is None:
            pred = predict(self.det, pe_range=pe_range, t_range_us=t_range_us,
                           time_pdfs={"prompt": self.builder.time_pdfs["prompt"],
                                      "delayed": self.builder.time_pdfs["delayed"]})
            sys_unc = pred.uncertainty / pred.n_cevns
        if not 0 < sys_unc < 5:
            raise ValueError(f"sys_unc must be a fractional uncertainty in (0, 5), got {sys_unc!r}")
        self.sys_unc = float(sys_unc)
        self.n_sm = float(self.sm_template[self.mask].sum())
        self._lik_sm = BinnedLikelihood(self.inputs)
        start = np.array(self._lik_sm.start(), float)
        start[0] = self.n_sm
        self._start = self._minimise(self._lik_sm, self.n_sm, start)[1]

    @property
    def label(self) -> str:
        """Say whether the data are real.

        Returns
        -------
        str
            ``"SIMULATED REPLICA"`` or ``"REAL DATA"``.
        """
        return "SIMULATED REPLICA" if self.release.is_simulated else "REAL DATA"

    def count(self, template: ArrayLike) -> float:
        """Count the CEvNS events of a template inside the analysis window.

        Parameters
        ----------
        template : array_like
            (25, 24) expected counts.

        Returns
        -------
        float
            Events in the window.
        """
        return float(np.asarray(template)[self.mask].sum())

    def _likelihood(self, template: ArrayLike) -> BinnedLikelihood:
        """Build the fit's :class:`BinnedLikelihood` with ``template`` as the CEvNS shape (everything else as the fit)."""
        return BinnedLikelihood(dataclasses.replace(self.inputs, signal=np.asarray(template, float)))

    def _minimise(self, lik: BinnedLikelihood, n_pred: float,
                  start: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        """Damped Newton on −ln L + ½((n − N)/(σN))² over all the fit's parameters (n = N_CEvNS first).

        A Newton step along which no backtracked point lowers the objective (far from the minimum the exact
        Hessian need not be positive definite) is retried with Levenberg–Marquardt damping, H + λ·diag(H),
        λ growing tenfold up to 10⁶; only when every damped step fails too does the search stop.
        """
        sig2 = (self.sys_unc * max(n_pred, 1e-9)) ** 2

        def f(p: NDArray[np.float64]) -> float:
            return float(lik(p) + 0.5 * (p[0] - n_pred) ** 2 / sig2)

        def ok(p: NDArray[np.float64]) -> bool:
            mu_c, mu_ac = lik.expected(p)
            return bool(np.all(mu_c > 0) and np.all(mu_ac > 0))

        def descend(p: NDArray[np.float64], val: float, step: NDArray[np.float64]) -> tuple[NDArray[np.float64], float] | None:
            t = 1.0
            while t > 1e-6:
                q = p - t * step
                if ok(q):
                    v = f(q)
                    if v <= val:
                        return q, v
                t *= 0.5
            return None

        p = np.array(start, float)
        p[0] = n_pred
        if not ok(p):
            p = np.array(lik.start(), float)
            p[0] = n_pred
        val = f(p)
        for _ in range(100):
            g = lik.grad(p)
            g[0] += (p[0] - n_pred) / sig2
            h = lik.hessian(p)
            h[0, 0] += 1.0 / sig2
            scale = np.abs(np.diag(h)) + 1e-12
            found = None
            for lam in (0.0, 1e-3, 1e-2, 1e-1, 1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6):
                hh = h + lam * np.diag(scale)
                try:
                    step = np.asarray(np.linalg.solve(hh, g), dtype=np.float64)
                except np.linalg.LinAlgError:
                    step = np.asarray(np.linalg.lstsq(hh, g, rcond=None)[0], dtype=np.float64)
                if float(g @ step) > 0 and (found := descend(p, val, step)) is not None:
                    break
            if found is None:
                break
            q, v = found
            converged = val - v < 1e-9
            p, val = q, v
            if converged:
                break
        return val, p

    def fit(self, template: ArrayLike) -> HypothesisFit:
        """Profile the backgrounds with the CEvNS template and count tied to ``template``.

        Parameters
        ----------
        template : array_like
            (25, 24) CEvNS template of the hypothesis.

        Returns
        -------
        HypothesisFit
            The χ², the predicted and fitted CEvNS counts, and the fitted parameters.

        Raises
        ------
        ValueError
            If the hypothesis predicts no CEvNS events in the window.
        """
        n_pred = self.count(template)
        if n_pred <= 0:
            raise ValueError("the hypothesis predicts no CEvNS events in the analysis window")
        lik = self._likelihood(template)
        val, p = self._minimise(lik, n_pred, self._start)
        return HypothesisFit(2.0 * val, n_pred, float(p[0]), dict(zip(lik.params, map(float, p), strict=True)))

    def chi2(self, template: ArrayLike) -> float:
        """Compute χ² = 2·min(−ln L) for a CEvNS template.

        Parameters
        ----------
        template : array_like
            (25, 24) CEvNS template of the hypothesis.

        Returns
        -------
        float
            The χ² with the nuisance parameters profiled.
        """
        return self.fit(template).chi2


@dataclass(frozen=True)
class Scan1D:
    """A Δχ² scan in one parameter: grid, Δχ², predicted counts, best value, 1σ (Δχ² = 1) interval."""

    name: str
    unit: str
    values: np.ndarray
    delta_chi2: np.ndarray
    n_predicted: np.ndarray
    best: float
    interval_1sigma: tuple[float, float]
    label: str
    seconds: float

    def interval(self, level: float = 1.0) -> tuple[float, float]:
        """Find where Δχ² crosses a level on either side of the minimum.

        Parameters
        ----------
        level : float, optional
            Δχ² level (default 1: the 1σ interval for one parameter).

        Returns
        -------
        tuple of float
            The (lower, upper) crossings; NaN where Δχ² does not cross within the grid.
        """
        return (_crossing(self.values, self.delta_chi2, level, "left"),
                _crossing(self.values, self.delta_chi2, level, "right"))

    def upper_limit(self, level: float = 2.706) -> float:
        """Find the upper limit where Δχ² rises through a level right of the minimum.

        Parameters
        ----------
        level : float, optional
            Δχ² level (default 2.706: 90% CL for one parameter).

        Returns
        -------
        float
            The limit; NaN if Δχ² does not cross within the grid.
        """
        return _crossing(self.values, self.delta_chi2, level, "right")


def _crossing(x: np.ndarray, y: np.ndarray, level: float, side: str) -> float:
    """Linear interpolation of where y rises through ``level`` left/right of its minimum."""
    i = int(np.argmin(y))
    xs, ys = (x[: i + 1][::-1], y[: i + 1][::-1]) if side == "left" else (x[i:], y[i:])
    above = np.nonzero(ys >= level)[0]
    if above.size == 0 or above[0] == 0:
        return float("nan")
    j = above[0]
    return float(np.interp(level, [ys[j - 1], ys[j]], [xs[j - 1], xs[j]]))


def scan_1d(hl: HypothesisLikelihood, name: str, unit: str, values: ArrayLike,
            template_of: Callable[[float], ArrayLike]) -> Scan1D:
    """Scan Δχ² over the values of a parameter whose CEvNS template is ``template_of(value)``.

    Parameters
    ----------
    hl : HypothesisLikelihood
        The likelihood.
    name : str
        Parameter name.
    unit : str
        Parameter unit (for display).
    values : array_like
        1-D grid of at least 3 finite values.
    template_of : callable
        Value → (25, 24) CEvNS template.

    Returns
    -------
    Scan1D
        Δχ² on the grid, predicted counts, best value (parabola-refined) and 1σ interval.

    Raises
    ------
    ValueError
        If ``values`` is not a 1-D grid of at least 3 finite values.
    """
    t0 = time.perf_counter()
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size < 3 or not np.all(np.isfinite(v)):
        raise ValueError(f"values must be a 1-D grid of at least 3 finite {name} values")
    fits = [hl.fit(template_of(float(x))) for x in v]
    chi2 = np.array([f.chi2 for f in fits])
    d = chi2 - chi2.min()
    i = int(np.argmin(d))
    # refine the best value with a parabola through the three points around the minimum
    best = float(v[i])
    if 0 < i < v.size - 1:
        y0, y1, y2 = d[i - 1 : i + 2]
        den = y0 - 2 * y1 + y2
        if den > 0:
            best = float(v[i] + 0.5 * (y0 - y2) / den * (v[i + 1] - v[i]))
    lo, hi = _crossing(v, d, 1.0, "left"), _crossing(v, d, 1.0, "right")
    return Scan1D(name, unit, v, d, np.array([f.n_predicted for f in fits]), best, (lo, hi), hl.label,
                  time.perf_counter() - t0)


@lru_cache(maxsize=8)
def hypothesis_likelihood(release: Release, detector: DetectorModel | None = None) -> HypothesisLikelihood:
    """Build or reuse the :class:`HypothesisLikelihood` of a release and detector.

    ``functools.lru_cache`` keyed on the release's content (:attr:`Release.fingerprint`, its hash and equality)
    and the frozen :class:`DetectorModel`: a different release never gets another's likelihood, and at most 8
    are kept.

    Parameters
    ----------
    release : Release
        The data.
    detector : DetectorModel, optional
        Detector (default: the 2017 CsI[Na] detector).

    Returns
    -------
    HypothesisLikelihood
        The (cached) likelihood.
    """
    return HypothesisLikelihood(release, detector)


def sm_template_check(detector: DetectorModel | None = None,
                      time_pdfs: Mapping[str, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Compute the SM template two ways, equal by construction (used in tests).

    Parameters
    ----------
    detector : DetectorModel, optional
        Detector (default: the 2017 CsI[Na] detector).
    time_pdfs : mapping of str to numpy.ndarray, optional
        Arrival-time PDFs (as for :class:`TemplateBuilder`).

    Returns
    -------
    builder : numpy.ndarray
        :meth:`TemplateBuilder.template` with the default weight, (25, 24).
    detector : numpy.ndarray
        :func:`~cevns_edu.experiment.detector.cevns_template` total, (25, 24).
    """
    b = TemplateBuilder(detector, time_pdfs)
    pdfs = None if time_pdfs is None else b.time_pdfs
    return b.template(), cevns_template(b.det, time_pdfs=pdfs).total
