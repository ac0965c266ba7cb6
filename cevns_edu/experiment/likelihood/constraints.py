"""Gaussian constraint (penalty) terms of the nuisance parameters of the binned likelihood."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray


@dataclass(frozen=True)
class GaussianConstraints:
    """Independent Gaussian constraints ½ Σ ((p_i − c_i)/σ_i)² on some of a likelihood's parameters.

    Parameters
    ----------
    centre : numpy.ndarray, shape (n_params,)
        Constraint centres c_i (ignored where the parameter is free).
    width : numpy.ndarray, shape (n_params,)
        Constraint widths σ_i > 0, in the parameter's units; ``inf`` for a free (unconstrained) parameter.
    """

    centre: NDArray[np.float64]
    width: NDArray[np.float64]

    def penalty(self, p: ArrayLike) -> float:
        """Return ½ Σ ((p_i − c_i)/σ_i)².

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values.

        Returns
        -------
        float
            The penalty, added to −ln L.
        """
        z = (np.asarray(p, dtype=np.float64) - self.centre) / self.width
        return 0.5 * float(np.dot(z, z))

    def grad(self, p: ArrayLike) -> NDArray[np.float64]:
        """Return the gradient of the penalty, (p_i − c_i)/σ_i².

        Parameters
        ----------
        p : array_like, shape (n_params,)
            Parameter values.

        Returns
        -------
        numpy.ndarray, shape (n_params,)
            ∂penalty/∂p_i (zero for free parameters).
        """
        g: NDArray[np.float64] = (np.asarray(p, dtype=np.float64) - self.centre) / self.width**2
        return g

    def hessian_diagonal(self) -> NDArray[np.float64]:
        """Return the (diagonal) Hessian of the penalty, 1/σ_i².

        Returns
        -------
        numpy.ndarray, shape (n_params,)
            ∂²penalty/∂p_i² (zero for free parameters; the off-diagonal terms vanish).
        """
        h: NDArray[np.float64] = 1.0 / self.width**2
        return h
