"""The binned Poisson likelihood of the 2017 CsI[Na] analysis — pure arrays, no files, no plotting.

Method (Akimov et al., Science 357, 1123 (2017); COHERENT data-release companion, arXiv:1804.09459):
the coincidence (C) window after each beam spill and the anti-coincidence (AC) window before it are
binned in (photoelectrons × arrival time) on the release binning (25 × 24, see
:mod:`cevns_edu.core.binning`). Inside the analysis region the expected counts are

    μ_C(i)  = N_CEvNS · s_i(α) + N_ss · b_i + f_BRN · n_i + f_NIN · m_i
    μ_AC(i) = N_ss · b_i

with ``s`` the CEvNS shape (normalised to 1 in the region), ``b`` the steady-state shape (normalised to 1;
both windows have the same length, so the same N_ss), ``n`` and ``m`` the nominal prompt-neutron (BRN) and
neutrino-induced-neutron (NIN) expectations. The negative log-likelihood is

    −ln L = Σ_C [μ − k + k ln(k/μ)] + Σ_AC [μ − k + k ln(k/μ)]
            + ½((f_BRN − 1)/σ_BRN)² + ½((f_NIN − 1)/σ_NIN)² + ½ Σ α_j²,

written in the saturated-model ("deviance") form, so that 2·(−ln L) at the minimum, without the penalty
terms, is the Baker–Cousins likelihood χ² (Baker & Cousins, NIM 221, 437 (1984)) used for goodness of fit.
σ_BRN = 0.25 is the release's prompt-neutron normalisation uncertainty (``coherent_parameters.yaml``,
``promptNeutronNormalization``). Optional shape nuisances α_j morph the CEvNS shape linearly between
"down" and "up" templates (e.g. quenching factor ± 1σ), keeping N_CEvNS the count in the region.

N_CEvNS may go negative (as long as every μ stays positive), so that fits of background-only data are
unbiased; the significance is signed accordingly. The gradient and the Hessian are analytic: a fit is a
handful of millisecond-scale MIGRAD iterations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..core.binning import N_PE, N_T
from .backgrounds.neutrons import BRN_NORM_UNC, NIN_NORM_UNC  # default penalty widths (fractional)

_SHAPE = (N_PE, N_T)
_MU_FLOOR = 1e-12  # expected counts are clipped here; a bin with data and μ → 0 is then hugely penalised


def _grid(x, name: str, *, counts: bool = False, allow_none: bool = False) -> np.ndarray | None:
    """Validate a (25, 24) array of non-negative finite numbers (integers if ``counts``)."""
    if x is None:
        if allow_none:
            return None
        raise ValueError(f"{name} is required: a (25, 24) array on the release binning (PE bins × time bins)")
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a (25, 24) array of numbers, got {type(x).__name__}") from None
    if a.shape != _SHAPE:
        raise ValueError(f"{name} has shape {a.shape}; expected {_SHAPE} (25 PE bins × 24 time bins of the release)")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf; every bin must be a finite number")
    if np.any(a < 0):
        i, j = np.argwhere(a < 0)[0]
        raise ValueError(f"{name} has a negative value {a[i, j]!r} in bin (PE bin {i}, time bin {j}); "
                         f"{'counts' if counts else 'expectations'} must be >= 0")
    if counts and np.any(a != np.round(a)):
        raise ValueError(f"{name} must hold integer counts (events per bin), found non-integer values")
    return a


@dataclass(frozen=True)
class FitInputs:
    """Everything the likelihood needs, on the release binning (25 PE bins × 24 time bins).

    ``c_on``/``ac_on``: observed counts in the coincidence / anti-coincidence windows.
    ``signal``: CEvNS expectation (any normalisation — only its shape inside ``mask`` is used; its sum in
    the mask is reported as the prediction). ``steady_state``: steady-state shape (any normalisation).
    ``brn``/``nin``: nominal expected prompt-neutron / neutrino-induced-neutron counts (``nin`` optional).
    ``signal_variations``: name → (down, up) CEvNS expectations for shape nuisances (optional).
    ``mask``: (25, 24) bool analysis region.
    """

    c_on: np.ndarray
    ac_on: np.ndarray
    signal: np.ndarray
    steady_state: np.ndarray
    brn: np.ndarray
    mask: np.ndarray
    nin: np.ndarray | None = None
    brn_unc: float = BRN_NORM_UNC
    nin_unc: float = NIN_NORM_UNC
    signal_variations: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    ss_per_pe_bin: bool = True

    def __post_init__(self) -> None:
        for name in ("c_on", "ac_on"):
            object.__setattr__(self, name, _grid(getattr(self, name), name, counts=True))
        for name in ("signal", "steady_state", "brn"):
            object.__setattr__(self, name, _grid(getattr(self, name), name))
        object.__setattr__(self, "nin", _grid(self.nin, "nin", allow_none=True))
        m = np.asarray(self.mask)
        if m.shape != _SHAPE or m.dtype != bool:
            raise ValueError(f"mask must be a boolean array of shape {_SHAPE}, got {m.dtype} {m.shape}")
        if not m.any():
            raise ValueError("the analysis window is empty (mask selects no bin): widen the PE range or time window")
        object.__setattr__(self, "mask", m)
        for name in ("brn_unc", "nin_unc"):
            v = float(getattr(self, name))
            if not (0 < v <= 10):
                raise ValueError(f"{name} must be a fractional uncertainty in (0, 10], got {v!r}")
        if self.signal[m].sum() <= 0:
            raise ValueError("the CEvNS template has no expected events inside the analysis window")
        if self.steady_state[m].sum() <= 0:
            raise ValueError("the steady-state shape is zero everywhere inside the analysis window")
        variations = {}
        for k, pair in dict(self.signal_variations).items():
            if len(pair) != 2:
                raise ValueError(f"signal_variations[{k!r}] must be a (down, up) pair of (25, 24) arrays")
            variations[str(k)] = (_grid(pair[0], f"signal_variations[{k!r}] down"),
                                  _grid(pair[1], f"signal_variations[{k!r}] up"))
            if min(variations[k][0][m].sum(), variations[k][1][m].sum()) <= 0:
                raise ValueError(f"signal_variations[{k!r}] has no events inside the analysis window")
        object.__setattr__(self, "signal_variations", variations)

    def with_mask(self, mask: np.ndarray) -> FitInputs:
        """The same inputs with another analysis region."""
        return FitInputs(self.c_on, self.ac_on, self.signal, self.steady_state, self.brn, mask, self.nin,
                         self.brn_unc, self.nin_unc, self.signal_variations, self.ss_per_pe_bin)


class BinnedLikelihood:
    """−ln L(N_CEvNS, N_ss, f_BRN[, f_NIN][, α…]) of :class:`FitInputs` — callable, with analytic derivatives.

    ``params`` lists parameter names in order; ``__call__``/``grad``/``hessian`` take a sequence of values in
    that order (what :class:`iminuit.Minuit` expects). ``errordef`` = 0.5 (negative log-likelihood).
    """

    errordef = 0.5

    def __init__(self, inputs: FitInputs) -> None:
        self.inputs = inp = inputs
        m = inp.mask
        self.k_c = inp.c_on[m]
        self.k_ac = inp.ac_on[m]
        self.s0 = inp.signal[m] / inp.signal[m].sum()
        # steady-state design matrix: one column per free rate. ss_per_pe_bin: one free rate per PE bin of the
        # window (time shape from the template), fitted jointly to C and AC — the AC window's statistical
        # fluctuations are then part of the likelihood instead of being frozen into a template (which biases
        # N_CEvNS upwards by a few events); otherwise a single normalisation N_ss of the whole shape.
        ss = inp.steady_state * m
        rows = [j for j in range(N_PE) if m[j].any()] if inp.ss_per_pe_bin else []
        if inp.ss_per_pe_bin and all(ss[j].sum() > 0 for j in rows):
            cols = []
            for j in rows:
                g = np.zeros(_SHAPE)
                g[j] = ss[j] / ss[j].sum()
                cols.append(g[m])
            self.B = np.array(cols).T
            ss_names = tuple(f"ss_pe{int(2 * j)}" for j in rows)
        else:
            self.B = (ss[m] / ss[m].sum())[:, None]
            ss_names = ("n_ss",)
        self.n_ss_params = self.B.shape[1]
        self.ss_params = ss_names
        self.n_brn_nominal = float(inp.brn[m].sum())
        self.brn = inp.brn[m]
        self.has_nin = inp.nin is not None
        self.nin = inp.nin[m] if self.has_nin else np.zeros_like(self.brn)
        self.n_nin_nominal = float(self.nin.sum())
        # linear shape morphing: s(α) = s0 + Σ α_j Δ_j, Δ_j = (up/Σup − down/Σdown)/2 (sums to zero)
        self.variation_names = tuple(inp.signal_variations)
        self.deltas = np.array([0.5 * (up[m] / up[m].sum() - dn[m] / dn[m].sum())
                                for dn, up in inp.signal_variations.values()]).reshape(-1, self.k_c.size)
        self._ib = 1 + self.n_ss_params  # index of brn_norm
        self.params = ("n_cevns",) + ss_names + ("brn_norm",) + (("nin_norm",) if self.has_nin else ()) + tuple(
            f"alpha_{k}" for k in self.variation_names)
        self.n_bins = int(self.k_c.size + self.k_ac.size)
        self._klogk_c = _xlogx(self.k_c)
        self._klogk_ac = _xlogx(self.k_ac)
        self._j = self._ib + (2 if self.has_nin else 1)  # index of the first α

    # --- model ------------------------------------------------------------------------------------
    def _split(self, p):
        p = np.asarray(p, dtype=float)
        n, beta, fb = p[0], p[1:self._ib], p[self._ib]
        fn = p[self._ib + 1] if self.has_nin else 0.0
        alpha = p[self._j:]
        return n, beta, fb, fn, alpha

    def signal_shape(self, alpha=()) -> np.ndarray:
        """CEvNS shape in the region (sums to 1) for nuisance values ``alpha``."""
        a = np.asarray(alpha, dtype=float)
        return self.s0 + a @ self.deltas if a.size else self.s0

    def expected(self, p) -> tuple[np.ndarray, np.ndarray]:
        """Expected counts (μ_C, μ_AC) in the region's bins for parameter values ``p``."""
        n, nss, fb, fn, alpha = self._split(p)
        mu_ac = self.B @ nss
        mu_c = n * self.signal_shape(alpha) + mu_ac + fb * self.brn + fn * self.nin
        return mu_c, mu_ac

    def components(self, p) -> dict[str, np.ndarray]:
        """Expected counts of each term as (25, 24) arrays (zero outside the region)."""
        n, nss, fb, fn, alpha = self._split(p)
        parts = {"cevns": n * self.signal_shape(alpha), "steady_state": self.B @ nss, "brn": fb * self.brn}
        if self.has_nin:
            parts["nin"] = fn * self.nin
        out = {}
        for k, v in parts.items():
            g = np.zeros(_SHAPE)
            g[self.inputs.mask] = v
            out[k] = g
        return out

    # --- likelihood -------------------------------------------------------------------------------
    def penalty(self, p) -> float:
        n, nss, fb, fn, alpha = self._split(p)
        pen = 0.5 * ((fb - 1.0) / self.inputs.brn_unc) ** 2 + 0.5 * float(np.dot(alpha, alpha))
        if self.has_nin:
            pen += 0.5 * ((fn - 1.0) / self.inputs.nin_unc) ** 2
        return pen

    def deviance(self, p) -> float:
        """Baker–Cousins likelihood χ² = 2 Σ [μ − k + k ln(k/μ)] over C and AC bins (no penalty terms)."""
        mu_c, mu_ac = self.expected(p)
        mu_c = np.maximum(mu_c, _MU_FLOOR)
        mu_ac = np.maximum(mu_ac, _MU_FLOOR)
        return 2.0 * float(np.sum(mu_c - self.k_c - self.k_c * np.log(mu_c) + self._klogk_c)
                           + np.sum(mu_ac - self.k_ac - self.k_ac * np.log(mu_ac) + self._klogk_ac))

    def __call__(self, p) -> float:
        return 0.5 * self.deviance(p) + self.penalty(p)

    def _jacobian(self, p):
        """dμ_C/dp and dμ_AC/dp: arrays (n_params, n_region_bins)."""
        n, nss, fb, fn, alpha = self._split(p)
        npar = len(self.params)
        jc = np.zeros((npar, self.k_c.size))
        jac = np.zeros((npar, self.k_c.size))
        ib = self._ib
        jc[0] = self.signal_shape(alpha)
        jc[1:ib] = self.B.T
        jac[1:ib] = self.B.T
        jc[ib] = self.brn
        if self.has_nin:
            jc[ib + 1] = self.nin
        if self.deltas.shape[0]:
            jc[self._j:] = n * self.deltas
        return jc, jac

    def grad(self, p) -> np.ndarray:
        """Analytic gradient of −ln L."""
        n, nss, fb, fn, alpha = self._split(p)
        mu_c, mu_ac = (np.maximum(m, _MU_FLOOR) for m in self.expected(p))
        jc, jac = self._jacobian(p)
        g = jc @ (1.0 - self.k_c / mu_c) + jac @ (1.0 - self.k_ac / mu_ac)
        g[self._ib] += (fb - 1.0) / self.inputs.brn_unc**2
        if self.has_nin:
            g[self._ib + 1] += (fn - 1.0) / self.inputs.nin_unc**2
        g[self._j:] += alpha
        return g

    def hessian(self, p) -> np.ndarray:
        """Analytic Hessian of −ln L (exact, including the N_CEvNS × α cross terms)."""
        mu_c, mu_ac = (np.maximum(m, _MU_FLOOR) for m in self.expected(p))
        jc, jac = self._jacobian(p)
        h = (jc * (self.k_c / mu_c**2)) @ jc.T + (jac * (self.k_ac / mu_ac**2)) @ jac.T
        ib = self._ib
        h[ib, ib] += 1.0 / self.inputs.brn_unc**2
        if self.has_nin:
            h[ib + 1, ib + 1] += 1.0 / self.inputs.nin_unc**2
        j = self._j
        if self.deltas.shape[0]:
            h[j:, j:] += np.eye(self.deltas.shape[0])
            cross = self.deltas @ (1.0 - self.k_c / mu_c)  # ∂²μ/∂n∂α_j = Δ_j
            h[0, j:] += cross
            h[j:, 0] += cross
        return h

    # --- conveniences -----------------------------------------------------------------------------
    def start(self) -> list[float]:
        """A sensible starting point: N_ss from the AC count, N_CEvNS from the C − AC excess."""
        # each steady-state rate starts at the mean of its C and AC counts (or the AC count for a single N_ss)
        if self.n_ss_params == 1:
            beta = [max(float(self.k_ac.sum()), 1.0)]
        else:
            beta = [max(float(((self.B[:, j] > 0) * (self.k_ac + self.k_c)).sum()) / 2.0, 1.0)
                    for j in range(self.n_ss_params)]
        n = float(self.k_c.sum() - self.k_ac.sum() - self.n_brn_nominal - self.n_nin_nominal)
        return [n, *beta, 1.0] + ([1.0] if self.has_nin else []) + [0.0] * self.deltas.shape[0]

    def sample(self, p, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Poisson toy data (C, AC) as (25, 24) arrays drawn from the model at ``p`` (zero outside the region)."""
        mu_c, mu_ac = self.expected(p)
        c = np.zeros(_SHAPE)
        ac = np.zeros(_SHAPE)
        c[self.inputs.mask] = rng.poisson(np.maximum(mu_c, 0.0))
        ac[self.inputs.mask] = rng.poisson(np.maximum(mu_ac, 0.0))
        return c, ac


def _xlogx(k: np.ndarray) -> np.ndarray:
    out = np.zeros_like(k, dtype=float)
    pos = k > 0
    out[pos] = k[pos] * np.log(k[pos])
    return out
