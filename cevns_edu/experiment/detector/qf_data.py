"""The release's quenching-factor measurements (``qfData_chicago.txt``, ``qfData_tunl.txt``).

Read them (through the release reader :func:`cevns_edu.data.loaders.load_qf_data`, which gives clear errors for NaN,
text or ragged rows) and average them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ...data.loaders import load_qf_data


@dataclass(frozen=True, eq=False)
class QFPoints:
    """Quenching-factor measurements: recoil energy (keVnr) and QF with (lower, upper) 1σ errors."""

    label: str
    recoil_kev: NDArray[np.float64]
    recoil_err_lo: NDArray[np.float64]
    recoil_err_hi: NDArray[np.float64]
    qf: NDArray[np.float64]
    qf_err_lo: NDArray[np.float64]
    qf_err_hi: NDArray[np.float64]


def load_qf_points(path: str | Path) -> QFPoints:
    """Read a release file ``qfData_chicago.txt`` or ``qfData_tunl.txt``.

    ``qfData_chicago.txt`` has 4 columns (symmetric errors), ``qfData_tunl.txt`` 6 (T, T err hi, T err lo, QF,
    QF err hi, QF err lo); ``#`` lines are comments.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.

    Returns
    -------
    QFPoints
        Recoil energies [keVnr], QF values (dimensionless) and their errors.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file has another number of columns, or bad values.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"QF data file not found: {p}")
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
    """Average QF measurements: inverse-variance weighted mean and unweighted standard deviation.

    This is the release's recipe for 0.0878 ± 0.0166, which also used literature data.

    Parameters
    ----------
    points : list of QFPoints
        The measurements.
    t_range_kev : tuple of float
        Recoil-energy range [keVnr] of the points used.

    Returns
    -------
    tuple of float
        (weighted mean QF, standard deviation of the points), dimensionless.

    Raises
    ------
    ValueError
        If fewer than 2 points lie in ``t_range_kev``.

    References
    ----------
    .. [1] COHERENT data release, ``coherent_parameters.yaml`` (``csiQF``), Zenodo 10.5281/zenodo.1228631.
    """
    t = np.concatenate([p.recoil_kev for p in points])
    q = np.concatenate([p.qf for p in points])
    err = np.concatenate([0.5 * (p.qf_err_lo + p.qf_err_hi) for p in points])
    sel = (t >= t_range_kev[0]) & (t <= t_range_kev[1])
    if sel.sum() < 2:
        raise ValueError(f"need at least 2 QF points between {t_range_kev[0]} and {t_range_kev[1]} keVnr, got {sel.sum()}")
    w = 1 / err[sel] ** 2
    return float(np.sum(w * q[sel]) / w.sum()), float(np.std(q[sel], ddof=1))
