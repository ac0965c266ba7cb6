"""Read and validate the files of the COHERENT 2017 data release.

Each loader accepts the official form (``#`` comment header, comma-separated columns) and the
header-stripped form; it checks the content against what the release documents (README of Zenodo
record 1228631 and ``../shared/coherent2017/README.md``):

* ``data_*.txt``: 600 rows ``photoelectrons, arrival time [μs], counts`` covering the complete
  25 × 24 grid of 2-PE bins (centres 1, 3, …, 49) × 0.5-μs bins (centres 0.25, …, 11.75), each
  bin once, counts non-negative integers;
* ``arrivalTimePDF_*.txt``: 24 rows ``time bin centre [μs], probability``, non-negative, summing to 1
  within 1e-6;
* ``promptPDF.txt``: 50 rows ``PE bin centre (0.5 … 49.5), prompt neutrons per GW·hr``, non-negative;
* ``coherent_parameters.yaml``: the keys, units and numeric values the analysis needs.

Every problem raises :class:`ReleaseFileError` (a ``ValueError``) naming the file, saying what is wrong
and how to get a good copy.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from cevns_edu.core.binning import N_PE, N_T, PE_CENTERS, PE_CENTERS_1, T_CENTERS_US

from .registry import DATA_DIR_ENV, FETCH_HINT

PDF_SUM_TOLERANCE = 1e-6
_CENTRE_TOL = 1e-6


class ReleaseFileError(ValueError):
    """A release file is unreadable, incomplete or inconsistent with what the release documents.

    Parameters
    ----------
    path : str or path-like
        The file.
    problem : str
        What is wrong with it (the message adds how to get a good copy).
    """

    #: How to get a good copy, and the environment variable naming a data folder (a subclass for another
    #: release says its own).
    fetch_hint: ClassVar[str] = FETCH_HINT
    data_dir_env: ClassVar[str] = DATA_DIR_ENV

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}. To get a good copy, {self.fetch_hint} "
                         f"(or point --data-dir / {self.data_dir_env} at a folder with the official files)")


class ReleaseNotFoundError(FileNotFoundError):
    """The release files are not where they were looked for."""


def read_table(path: str | os.PathLike[str], columns: tuple[str, ...]) -> np.ndarray:
    """Read the numeric rows of a release text file.

    Lines starting with ``#`` (and anything after a ``#``) and blank lines are skipped; columns are
    separated by commas (or, failing that, whitespace).

    Parameters
    ----------
    path : str or path-like
        The file.
    columns : tuple of str
        Column names (their number is checked; the names appear in error messages).

    Returns
    -------
    numpy.ndarray
        Float array of shape (rows, len(columns)).

    Raises
    ------
    ReleaseFileError
        For a missing file, a row with the wrong number of columns, text that is not a number, NaN or
        infinity, or no data rows.
    """
    p = Path(path)
    if not p.is_file():
        raise ReleaseFileError(p, "file not found")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReleaseFileError(p, "is not a text file (cannot be decoded as UTF-8)") from None
    rows: list[list[float]] = []
    want = len(columns)
    names = ", ".join(columns)
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split(",")] if "," in line else line.split()
        if len(fields) != want:
            raise ReleaseFileError(p, f"line {lineno} has {len(fields)} column(s), expected {want} ({names}): {raw.strip()!r}")
        values = []
        for name, f in zip(columns, fields, strict=True):
            try:
                v = float(f)
            except ValueError:
                raise ReleaseFileError(p, f"line {lineno}: {name} {f!r} is not a number") from None
            if not math.isfinite(v):
                raise ReleaseFileError(p, f"line {lineno}: {name} is {f!r}, not a finite number")
            values.append(v)
        rows.append(values)
    if not rows:
        raise ReleaseFileError(p, "contains no data rows (empty or truncated file)")
    return np.asarray(rows, dtype=float)


def _bin_index(p: Path, values: np.ndarray, centres: np.ndarray, what: str, col: str) -> np.ndarray:
    idx = np.searchsorted(centres, values)
    idx = np.clip(idx, 0, centres.size - 1)
    left = np.clip(idx - 1, 0, centres.size - 1)
    idx = np.where(np.abs(centres[left] - values) < np.abs(centres[idx] - values), left, idx)
    bad = np.abs(centres[idx] - values) > _CENTRE_TOL
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ReleaseFileError(p, f"row {i + 1}: {col} {values[i]:g} is not one of the documented {what} "
                                  f"({centres[0]:g}, {centres[1]:g}, …, {centres[-1]:g})")
    return idx


def load_counts(path: str | os.PathLike[str]) -> np.ndarray:
    """Load the counts of one data file (``data_*.txt``).

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    numpy.ndarray
        Read-only int64 array (25 PE bins × 24 time bins).

    Raises
    ------
    ReleaseFileError
        If the grid is incomplete, a bin repeats or is off the documented centres, or a count is not a
        non-negative integer.
    """
    p = Path(path)
    a = read_table(p, ("photoelectrons", "arrival time [μs]", "counts"))
    ipe = _bin_index(p, a[:, 0], PE_CENTERS, "2-PE bin centres", "photoelectrons")
    it = _bin_index(p, a[:, 1], T_CENTERS_US, "0.5-μs bin centres", "arrival time")
    counts = a[:, 2]
    bad = (counts < 0) | (counts != np.round(counts))
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ReleaseFileError(p, f"row {i + 1}: count {counts[i]:g} is not a non-negative integer")
    seen = np.zeros((N_PE, N_T), dtype=int)
    np.add.at(seen, (ipe, it), 1)
    if np.any(seen > 1):
        i, j = np.argwhere(seen > 1)[0]
        raise ReleaseFileError(p, f"bin PE={PE_CENTERS[i]:g}, t={T_CENTERS_US[j]:g} μs appears {seen[i, j]} times")
    if np.any(seen == 0):
        missing = np.argwhere(seen == 0)
        i, j = missing[0]
        raise ReleaseFileError(
            p, f"incomplete grid: {a.shape[0]} rows for {N_PE * N_T} bins (25 PE × 24 time bins); "
               f"{len(missing)} bin(s) missing, first PE={PE_CENTERS[i]:g}, t={T_CENTERS_US[j]:g} μs "
               "(truncated file?)")
    out = np.zeros((N_PE, N_T), dtype=np.int64)
    out[ipe, it] = counts.astype(np.int64)
    out.setflags(write=False)
    return out


def load_time_pdf(path: str | os.PathLike[str]) -> np.ndarray:
    """Load an arrival-time PDF (``arrivalTimePDF_*.txt``).

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    numpy.ndarray
        Read-only (24,) probabilities on the 0.5-μs bins, summing to 1 within 1e-6.

    Raises
    ------
    ReleaseFileError
        If a bin is missing, repeats, a probability is negative or the sum is not 1.
    """
    p = Path(path)
    a = read_table(p, ("arrival time [μs]", "probability"))
    if a.shape[0] != N_T:
        raise ReleaseFileError(p, f"has {a.shape[0]} rows, expected {N_T} (0.5-μs bins 0.25 … 11.75 μs)")
    it = _bin_index(p, a[:, 0], T_CENTERS_US, "0.5-μs bin centres", "arrival time")
    if np.unique(it).size != N_T:
        raise ReleaseFileError(p, "time bins repeat; each of the 24 bins must appear once")
    prob = np.zeros(N_T)
    prob[it] = a[:, 1]
    if np.any(prob < 0):
        raise ReleaseFileError(p, f"negative probability {prob[prob < 0][0]:g}")
    s = prob.sum()
    if abs(s - 1.0) > PDF_SUM_TOLERANCE:
        raise ReleaseFileError(p, f"probabilities sum to {s:.9g}, not 1 (tolerance {PDF_SUM_TOLERANCE:g})")
    prob.setflags(write=False)
    return prob


def load_prompt_pdf(path: str | os.PathLike[str]) -> np.ndarray:
    """Load the prompt (beam-related) neutron PE spectrum (``promptPDF.txt``).

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    numpy.ndarray
        Read-only (50,) prompt neutrons per GW·hr in one-PE bins (centres 0.5 … 49.5).

    Raises
    ------
    ReleaseFileError
        If a bin is missing, repeats or a rate is negative.
    """
    p = Path(path)
    a = read_table(p, ("PE bin centre", "prompt neutrons per GW·hr"))
    if a.shape[0] != PE_CENTERS_1.size:
        raise ReleaseFileError(p, f"has {a.shape[0]} rows, expected {PE_CENTERS_1.size} (1-PE bins 0.5 … 49.5)")
    ipe = _bin_index(p, a[:, 0], PE_CENTERS_1, "1-PE bin centres", "PE bin centre")
    if np.unique(ipe).size != PE_CENTERS_1.size:
        raise ReleaseFileError(p, "PE bins repeat; each of the 50 bins must appear once")
    out = np.zeros(PE_CENTERS_1.size)
    out[ipe] = a[:, 1]
    if np.any(out < 0):
        raise ReleaseFileError(p, f"negative rate {out[out < 0][0]:g} per GW·hr")
    out.setflags(write=False)
    return out


def load_qf_data(path: str | os.PathLike[str]) -> np.ndarray:
    """Load the quenching-factor measurement points of ``qfData_*.txt``.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    numpy.ndarray
        Float array (rows × columns), as many columns as the first data row has.

    Raises
    ------
    ReleaseFileError
        If the file is missing, empty or malformed.
    """
    p = Path(path)
    if not p.is_file():
        raise ReleaseFileError(p, "file not found")
    text = [ln.split("#", 1)[0].strip() for ln in p.read_text(encoding="utf-8").splitlines()]
    rows = [ln for ln in text if ln]
    if not rows:
        raise ReleaseFileError(p, "contains no data rows")
    ncol = len(rows[0].replace(",", " ").split())
    return read_table(p, tuple(f"column {i + 1}" for i in range(ncol)))


#: Keys of coherent_parameters.yaml the analysis uses, with the units the release states.
PARAMETER_UNITS: dict[str, str] = {
    "beamExposure": "GW*hr",
    "distanceToTarget": "m",
    "csiQF": "none",
    "csiLightYield": "PE/keVee",
    "neutrinosPerProton": "nu/flavor/proton",
    "promptNeutronNormalization": "none",
}
ACCEPTANCE_PARAMETERS = ("a", "k", "x_0")


def validate_parameters(params: Any, path: str | os.PathLike[str] = "coherent_parameters.yaml") -> dict[str, Any]:
    """Check the structure of the release's parameter file.

    Parameters
    ----------
    params : object
        The parsed YAML content.
    path : str or path-like, optional
        The file, for error messages.

    Returns
    -------
    dict
        ``params``, checked: the keys of :data:`PARAMETER_UNITS` with their units and positive values,
        and the acceptance parameters a, k, x_0.

    Raises
    ------
    ReleaseFileError
        If a key, unit or value is missing or wrong.
    """
    p = Path(path)
    if not isinstance(params, dict):
        raise ReleaseFileError(p, f"expected a YAML mapping of parameters, found {type(params).__name__}")
    for key, unit in PARAMETER_UNITS.items():
        entry = params.get(key)
        if not isinstance(entry, dict) or "value" not in entry:
            raise ReleaseFileError(p, f"missing parameter {key!r} (with a 'value')")
        if str(entry.get("units", "")).strip() != unit:
            raise ReleaseFileError(p, f"parameter {key!r} has units {entry.get('units')!r}, expected {unit!r}")
        v = entry["value"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            raise ReleaseFileError(p, f"parameter {key!r} value {v!r} is not a positive number")
    acc = params.get("acceptanceEfficiency")
    if not isinstance(acc, dict) or not isinstance(acc.get("parameters"), list):
        raise ReleaseFileError(p, "missing 'acceptanceEfficiency' with its list of 'parameters'")
    found = {q.get("name"): q for q in acc["parameters"] if isinstance(q, dict)}
    for name in ACCEPTANCE_PARAMETERS:
        q = found.get(name)
        if q is None or not isinstance(q.get("value"), (int, float)) or not math.isfinite(q["value"]):
            raise ReleaseFileError(p, f"acceptanceEfficiency parameter {name!r} missing or not a number")
    return params


def load_parameters(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Load the release's ``coherent_parameters.yaml``, parsed and validated.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    dict
        The parameters (see :func:`validate_parameters`).

    Raises
    ------
    ReleaseFileError
        If the file is missing, not valid YAML, or lacks what the analysis needs.
    """
    import yaml  # deferred: PyYAML, only when the parameters file is read

    p = Path(path)
    if not p.is_file():
        raise ReleaseFileError(p, "file not found")
    try:
        params = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReleaseFileError(p, f"is not valid YAML ({str(exc).splitlines()[0]})") from None
    return validate_parameters(params, p)
