"""−ln L of the binned CsI[Na] analysis (Poisson deviance + Gaussian constraints) with analytic derivatives."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..deviance import MU_FLOOR as _MU_FLOOR
from ..deviance import half_deviance, xlogx
from .inputs import FitInputs, FloatArray
from .model import BinnedModel


class BinnedLikelihood(BinnedModel):
    """−ln L(N_CEvNS, N_ss, f_BRN[, f_NIN][, α…]) of :class:`FitInputs` — callable, with analytic derivatives.

    ``params`` lists parameter names in order; ``__call__``/``grad``/``hessian`` take a sequence of values in that
    order (what :class:`iminuit.Minuit` expects). ``errordef`` = 0.5 (negative log-likelihood).

    Parameters
    ----------
    inputs : FitInputs
        Counts and templates on the release binning.

    References
    ----------
    .. [1] S. Baker and R. D. Cousins, Nucl. Instrum. Meth. 221, 437 (1984) (the likelihood χ²).
    """

    errordef = 0.5

    def __init__(self, inputs: FitInputs) -> None:
        super().__init__(inputs)
        self._klogk_c = xlogx(self.k_c)
        self._klogk_ac = xlogx(self.k_ac)

    def penalty(self, p: ArrayLike) -> float:
        """Return the Gaussian constraint terms of −ln L.

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values in the order of :attr:`params`.

        Returns
        -------
        float
            ½((f_BRN − 1)/σ_BRN)² + ½((f_NIN − 1)/σ_NIN)² + ½ Σ α_j².
        """
        return self.constraints.penalty(p)

    def deviance(self, p: ArrayLike) -> float:
        """Return the Baker–Cousins likelihood χ² = 2 Σ [μ − k + k ln(k/μ)] over C and AC bins (no penalty terms).

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values in the order of :attr:`params`.

        Returns
        -------
        float
            The deviance (dimensionless).

        References
        ----------
        .. [1] S. Baker and R. D. Cousins, Nucl. Instrum. Meth. 221, 437 (1984).
        """
        mu_c, mu_ac = self.expected(p)
        return 2.0 * (half_deviance(mu_c, self.k_c, self._klogk_c) + half_deviance(mu_ac, self.k_ac, self._klogk_ac))

    def __call__(self, p: ArrayLike) -> float:
        """Return −ln L = deviance/2 + penalty at ``p``."""
        return 0.5 * self.deviance(p) + self.penalty(p)

    def grad(self, p: ArrayLike) -> FloatArray:
        """Return the analytic gradient of −ln L.

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values in the order of :attr:`params`.

        Returns
        -------
        numpy.ndarray, shape (n_params,)
            ∂(−ln L)/∂p.
        """
        mu_c, mu_ac = (np.maximum(m, _MU_FLOOR) for m in self.expected(p))
        jc, jac = self._jacobian(p)
        g: FloatArray = jc @ (1.0 - self.k_c / mu_c) + jac @ (1.0 - self.k_ac / mu_ac)
        return g + self.constraints.grad(p)

    def hessian(self, p: ArrayLike) -> FloatArray:
        """Return the analytic Hessian of −ln L (exact, including the N_CEvNS × α cross terms).

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values in the order of :attr:`params`.

        Returns
        -------
        numpy.ndarray, shape (n_params, n_params)
            ∂²(−ln L)/∂p_i∂p_j.
        """
        mu_c, mu_ac = (np.maximum(m, _MU_FLOOR) for m in self.expected(p))
        jc, jac = self._jacobian(p)
        h: FloatArray = (jc * (self.k_c / mu_c**2)) @ jc.T + (jac * (self.k_ac / mu_ac**2)) @ jac.T
        h[np.diag_indices_from(h)] += self.constraints.hessian_diagonal()
        j, k = self._j, self.deltas.shape[0]
        if k:
            cross = self.deltas @ (1.0 - self.k_c / mu_c)  # ∂²μ/∂n∂α_j = Δ_j
            h[0, j:j + k] += cross
            h[j:j + k, 0] += cross
        if self.has_ss_var:
            # ∂²μ/∂β_i∂α_ss = D[:, i] in both windows
            cross = self.D.T @ (1.0 - self.k_c / mu_c) + self.D.T @ (1.0 - self.k_ac / mu_ac)
            h[1:self._ib, -1] += cross
            h[-1, 1:self._ib] += cross
        return h
