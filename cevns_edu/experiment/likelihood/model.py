"""The parameters and expected counts of the binned CsI[Na] likelihood (the model, without the statistics)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ...core.binning import N_PE
from .constraints import GaussianConstraints
from .inputs import GRID_SHAPE, BoolArray, FitInputs, FloatArray

#: The parameter vector split into its blocks: N_CEvNS, steady-state rates, f_BRN, f_NIN, shape nuisances α.
_Split = tuple[float, FloatArray, float, float, FloatArray]


class BinnedModel:
    """Expected C and AC counts μ(p) in the analysis region, for parameters ``p`` in the order of :attr:`params`.

    The parameters are ``n_cevns`` (CEvNS count in the region), the steady-state rates (``n_ss``, or one
    ``ss_pe<k>`` per PE bin), ``brn_norm``, ``nin_norm`` (if the inputs have NIN), one ``alpha_<name>`` per CEvNS
    shape variation and ``alpha_ss_time`` (if the inputs have a steady-state time-shape variation).

    Parameters
    ----------
    inputs : FitInputs
        Counts and templates on the release binning.

    Raises
    ------
    ValueError
        If the steady-state variation templates populate other PE bins than ``inputs.steady_state``.
    """

    def __init__(self, inputs: FitInputs) -> None:
        self.inputs = inp = inputs
        m = inp.mask
        self.k_c: FloatArray = inp.c_on[m]
        self.k_ac: FloatArray = inp.ac_on[m]
        self.s0: FloatArray = inp.signal[m] / inp.signal[m].sum()
        # steady-state design matrix: one column per free rate (see _ss_design); D = its time-shape derivative
        self.B, ss_names = _ss_design(inp.steady_state, m, inp.ss_per_pe_bin)
        self.has_ss_var = inp.ss_variation is not None
        if inp.ss_variation is not None:
            b_dn, _ = _ss_design(inp.ss_variation[0], m, inp.ss_per_pe_bin)
            b_up, _ = _ss_design(inp.ss_variation[1], m, inp.ss_per_pe_bin)
            if b_dn.shape != self.B.shape or b_up.shape != self.B.shape:
                raise ValueError("ss_variation templates must have steady-state events in the same PE bins as steady_state")
            self.D: FloatArray = 0.5 * (b_up - b_dn)
        else:
            self.D = np.zeros_like(self.B)
        self.n_ss_params = self.B.shape[1]
        self.ss_params = ss_names
        self.n_brn_nominal = float(inp.brn[m].sum())
        self.brn: FloatArray = inp.brn[m]
        self.has_nin = inp.nin is not None
        self.nin: FloatArray = inp.nin[m] if inp.nin is not None else np.zeros_like(self.brn)
        self.n_nin_nominal = float(self.nin.sum())
        # linear shape morphing: s(α) = s0 + Σ α_j Δ_j, Δ_j = (up/Σup − down/Σdown)/2 (sums to zero)
        self.variation_names = tuple(inp.signal_variations)
        self.deltas: FloatArray = np.array([0.5 * (up[m] / up[m].sum() - dn[m] / dn[m].sum())
                                            for dn, up in inp.signal_variations.values()]).reshape(-1, self.k_c.size)
        self._ib = 1 + self.n_ss_params  # index of brn_norm
        self.params: tuple[str, ...] = ("n_cevns",) + ss_names + ("brn_norm",) + (
            ("nin_norm",) if self.has_nin else ()) + tuple(f"alpha_{k}" for k in self.variation_names) + (
            ("alpha_ss_time",) if self.has_ss_var else ())
        self.n_bins = int(self.k_c.size + self.k_ac.size)
        self._j = self._ib + (2 if self.has_nin else 1)  # index of the first α
        self.constraints = self._constraints()

    def _constraints(self) -> GaussianConstraints:
        """Gaussian constraints: f_BRN ~ N(1, σ_BRN), f_NIN ~ N(1, σ_NIN), every α ~ N(0, 1); the rest free."""
        centre = np.zeros(len(self.params))
        width = np.full(len(self.params), np.inf)
        centre[self._ib], width[self._ib] = 1.0, self.inputs.brn_unc
        if self.has_nin:
            centre[self._ib + 1], width[self._ib + 1] = 1.0, self.inputs.nin_unc
        width[self._j:] = 1.0  # the CEvNS shape nuisances and the steady-state time-shape nuisance
        return GaussianConstraints(centre, width)

    def _split(self, p: ArrayLike) -> _Split:
        q = np.asarray(p, dtype=np.float64)
        n, beta, fb = float(q[0]), q[1:self._ib], float(q[self._ib])
        fn = float(q[self._ib + 1]) if self.has_nin else 0.0
        alpha = q[self._j:self._j + self.deltas.shape[0]]
        return n, beta, fb, fn, alpha

    def _a_ss(self, p: ArrayLike) -> float:
        return float(np.asarray(p, dtype=np.float64)[-1]) if self.has_ss_var else 0.0

    def _b(self, p: ArrayLike) -> FloatArray:
        """Steady-state design matrix at the time-shape nuisance value of ``p``."""
        return self.B + self._a_ss(p) * self.D if self.has_ss_var else self.B

    def signal_shape(self, alpha: ArrayLike = ()) -> FloatArray:
        """Return the CEvNS shape in the region for shape-nuisance values ``alpha``.

        Parameters
        ----------
        alpha : array_like, shape (n_variations,)
            Shape-nuisance values (empty: the nominal shape).

        Returns
        -------
        numpy.ndarray, shape (n_region_bins,)
            The shape, summing to 1.
        """
        a = np.asarray(alpha, dtype=np.float64)
        return self.s0 + a @ self.deltas if a.size else self.s0

    def expected(self, p: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Return the expected counts in the region's bins.

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values in the order of :attr:`params`.

        Returns
        -------
        mu_c, mu_ac : numpy.ndarray, shape (n_region_bins,)
            Expected counts [events per bin] in the coincidence and anti-coincidence windows.
        """
        n, nss, fb, fn, alpha = self._split(p)
        mu_ac = self._b(p) @ nss
        mu_c = n * self.signal_shape(alpha) + mu_ac + fb * self.brn + fn * self.nin
        return mu_c, mu_ac

    def components(self, p: ArrayLike) -> dict[str, FloatArray]:
        """Return the expected counts of each term of μ_C on the release binning.

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values in the order of :attr:`params`.

        Returns
        -------
        dict of str to numpy.ndarray, shape (25, 24)
            ``cevns``, ``steady_state``, ``brn`` (and ``nin``) [events per bin], zero outside the region.
        """
        n, nss, fb, fn, alpha = self._split(p)
        parts = {"cevns": n * self.signal_shape(alpha), "steady_state": self._b(p) @ nss, "brn": fb * self.brn}
        if self.has_nin:
            parts["nin"] = fn * self.nin
        out = {}
        for k, v in parts.items():
            g = np.zeros(GRID_SHAPE)
            g[self.inputs.mask] = v
            out[k] = g
        return out

    def _jacobian(self, p: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """dμ_C/dp and dμ_AC/dp: arrays (n_params, n_region_bins)."""
        n, nss, fb, fn, alpha = self._split(p)
        npar = len(self.params)
        jc = np.zeros((npar, self.k_c.size))
        jac = np.zeros((npar, self.k_c.size))
        ib = self._ib
        bm = self._b(p)
        jc[0] = self.signal_shape(alpha)
        jc[1:ib] = bm.T
        jac[1:ib] = bm.T
        jc[ib] = self.brn
        if self.has_nin:
            jc[ib + 1] = self.nin
        k = self.deltas.shape[0]
        if k:
            jc[self._j:self._j + k] = n * self.deltas
        if self.has_ss_var:
            jc[-1] = jac[-1] = self.D @ nss
        return jc, jac

    def start(self) -> list[float]:
        """Return a sensible starting point: N_ss from the AC count, N_CEvNS from the C − AC excess.

        Returns
        -------
        list of float
            Parameter values in the order of :attr:`params` (normalisations 1, nuisances 0).
        """
        # each steady-state rate starts at the mean of its C and AC counts (or the AC count for a single N_ss)
        if self.n_ss_params == 1:
            beta = [max(float(self.k_ac.sum()), 1.0)]
        else:
            beta = [max(float(((self.B[:, j] > 0) * (self.k_ac + self.k_c)).sum()) / 2.0, 1.0)
                    for j in range(self.n_ss_params)]
        n = float(self.k_c.sum() - self.k_ac.sum() - self.n_brn_nominal - self.n_nin_nominal)
        return [n, *beta, 1.0] + ([1.0] if self.has_nin else []) + [0.0] * self.deltas.shape[0] + (
            [0.0] if self.has_ss_var else [])

    def sample(self, p: ArrayLike, rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
        """Draw Poisson toy data from the model.

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values in the order of :attr:`params`.
        rng : numpy.random.Generator
            The random number generator.

        Returns
        -------
        c, ac : numpy.ndarray, shape (25, 24)
            Toy counts in the coincidence and anti-coincidence windows, zero outside the region.
        """
        mu_c, mu_ac = self.expected(p)
        c = np.zeros(GRID_SHAPE)
        ac = np.zeros(GRID_SHAPE)
        c[self.inputs.mask] = rng.poisson(np.maximum(mu_c, 0.0))
        ac[self.inputs.mask] = rng.poisson(np.maximum(mu_ac, 0.0))
        return c, ac


def _ss_design(template: FloatArray, m: BoolArray, per_pe_bin: bool) -> tuple[FloatArray, tuple[str, ...]]:
    """Steady-state design matrix (region bins × free rates) and the rates' names.

    ``per_pe_bin``: one free rate per PE bin of the window (time shape from the template), fitted jointly to C and
    AC — the AC window's statistical fluctuations are then part of the likelihood instead of being frozen into a
    template (which biases N_CEvNS upwards by a few events); otherwise a single normalisation N_ss of the shape.
    """
    ss = template * m
    rows = [j for j in range(N_PE) if m[j].any()] if per_pe_bin else []
    if per_pe_bin and all(ss[j].sum() > 0 for j in rows):
        cols = []
        for j in rows:
            g = np.zeros(GRID_SHAPE)
            g[j] = ss[j] / ss[j].sum()
            cols.append(g[m])
        return np.array(cols).T, tuple(f"ss_pe{int(2 * j)}" for j in rows)
    return (ss[m] / ss[m].sum())[:, None], ("n_ss",)
