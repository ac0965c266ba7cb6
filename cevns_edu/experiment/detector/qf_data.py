"""The release's quenching-factor measurements (``qfData_chicago.txt``, ``qfData_tunl.txt``): read them
(through the release reader :func:`cevns_edu.data.loaders.load_qf_data`, which gives clear errors for NaN,
text or ragged rows) and average them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...data.loaders import load_qf_data


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
    (6 columns: T, T err hi, T err lo, QF, QF err hi, QF err lo). ``#`` lines are comments.
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
    """Inverse-variance weighted mean QF of the points in ``t_range_kev`` and the unweighted standard
    deviation of those points (the release's recipe for 0.0878 ± 0.0166, which also used literature data).
    """
    t = np.concatenate([p.recoil_kev for p in points])
    q = np.concatenate([p.qf for p in points])
    err = np.concatenate([0.5 * (p.qf_err_lo + p.qf_err_hi) for p in points])
    sel = (t >= t_range_kev[0]) & (t <= t_range_kev[1])
    if sel.sum() < 2:
        raise ValueError(f"need at least 2 QF points between {t_range_kev[0]} and {t_range_kev[1]} keVnr, got {sel.sum()}")
    w = 1 / err[sel] ** 2
    return float(np.sum(w * q[sel]) / w.sum()), float(np.std(q[sel], ddof=1))
