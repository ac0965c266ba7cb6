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
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from cevns_edu.core.binning import N_PE, N_T, PE_CENTERS, PE_CENTERS_1, T_CENTERS_US

from .registry import DATA_DIR_ENV, FETCH_HINT

PDF_SUM_TOLERANCE = 1e-6
_CENTRE_TOL = 1e-6
#: The largest release file a loader reads [bytes]: every official file is under 10 kB (CsI) or 25 kB (argon);
#: a larger file is refused before it is read.
MAX_FILE_BYTES = 1 << 20
#: Echoed lines of a bad file are cut to this many characters.
ECHO_CHARS = 80
#: The largest count a data file may hold: 2**53, below which every integer is exact in a float64 (the
#: text is parsed to float) and far below the int64 limit, so no count can wrap negative.
MAX_COUNT = 2 ** 53

#: How many missing files a "not found" message names before it says "and N more".
MISSING_NAMED = 2


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
        super().__init__(f"{self.path}: {problem}. For a good copy, {self.fetch_hint} "
                         f"(or set --data-dir / {self.data_dir_env})")


class ReleaseNotFoundError(FileNotFoundError):
    """The release files are not where they were looked for."""


def release_folder(folder: str | os.PathLike[str], required: Sequence[str], *, release: str, env: str,
                   fetch_hint: str, find: Callable[[Path, str], Path] | None = None) -> Path:
    """Check that ``folder`` is a folder holding every required file of a release, in one short message.

    Parameters
    ----------
    folder : str or path-like
        The folder given (``--data-dir`` or the environment variable).
    required : sequence of str
        File names the release needs.
    release : str
        The release's name in messages (e.g. ``"COHERENT 2017"``).
    env : str
        The environment variable naming a data folder.
    fetch_hint : str
        How to download the release (ends the message).
    find : callable, optional
        ``find(folder, name) -> Path`` where a file is looked for (default ``folder / name``).

    Returns
    -------
    pathlib.Path
        The folder, with ``~`` expanded.

    Raises
    ------
    ReleaseNotFoundError
        If ``folder`` is empty, not a folder, missing, or lacks a required file: the message names at
        most :data:`MISSING_NAMED` missing files and says how many of the required files are there.
    """
    if not str(os.fspath(folder)).strip():
        raise ReleaseNotFoundError(f"the data folder is an empty string; give the folder holding the {release} "
                                   f"files (--data-dir DIR / {env}=DIR), or {fetch_hint}")
    d = Path(folder).expanduser()
    if d.exists() and not d.is_dir():
        raise ReleaseNotFoundError(f"data folder {d} is a file, not a folder. Point --data-dir / {env} at the "
                                   f"folder holding the {release} release files")
    if not d.is_dir():
        raise ReleaseNotFoundError(f"data folder {d} does not exist. Point --data-dir / {env} at a folder holding "
                                   f"the {release} release files, or {fetch_hint}")
    where = find or (lambda base, name: base / name)
    missing = [n for n in required if not where(d, n).exists()]
    if missing:
        named = ", ".join(missing[:MISSING_NAMED]) + (f" and {len(missing) - MISSING_NAMED} more"
                                                      if len(missing) > MISSING_NAMED else "")
        raise ReleaseNotFoundError(f"data folder {d} has {len(required) - len(missing)} of the {len(required)} "
                                   f"{release} files (missing: {named}). Copy them there, or {fetch_hint}")
    return d


def clip(text: str, limit: int = ECHO_CHARS) -> str:
    """Cut ``text`` to ``limit`` characters (an ellipsis marks the cut), for echoing a bad line.

    Parameters
    ----------
    text : str
        The line.
    limit : int, optional
        Most characters kept (default :data:`ECHO_CHARS`).

    Returns
    -------
    str
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_regular_file(p: Path, error: type[ReleaseFileError] | None = None) -> None:
    """Refuse a path that is missing, a folder, a FIFO or device, or larger than :data:`MAX_FILE_BYTES`.

    Parameters
    ----------
    p : pathlib.Path
        The file.
    error : type, optional
        The error class to raise (default :class:`ReleaseFileError`).

    Raises
    ------
    ReleaseFileError
        Naming the file and what it is instead.
    """
    err = error or ReleaseFileError
    try:
        st = p.stat()
    except FileNotFoundError:
        raise err(p, "file not found") from None
    except OSError as exc:
        raise err(p, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise err(p, "is a folder, not a file; the release file of that name must be a regular file")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "not a regular file (a device or socket)"
        raise err(p, f"is {kind}; the release file of that name must be a regular file")
    if st.st_size > MAX_FILE_BYTES:
        raise err(p, f"is {st.st_size} bytes, larger than any release file (at most {MAX_FILE_BYTES} bytes); "
                     "it was not read")


def read_text(p: Path, error: type[ReleaseFileError] | None = None) -> str:
    """Read a release file as UTF-8 text (a UTF-8 byte-order mark is accepted), after :func:`check_regular_file`.

    Parameters
    ----------
    p : pathlib.Path
        The file.
    error : type, optional
        The error class to raise (default :class:`ReleaseFileError`).

    Returns
    -------
    str

    Raises
    ------
    ReleaseFileError
        For a missing, oversized, unreadable or non-UTF-8 file.
    """
    err = error or ReleaseFileError
    check_regular_file(p, err)
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise err(p, "is not a text file (cannot be decoded as UTF-8)") from None
    except OSError as exc:
        raise err(p, f"cannot be read ({exc.strerror or exc}); check its permissions") from None


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
    text = read_text(p)
    rows: list[list[float]] = []
    want = len(columns)
    names = ", ".join(columns)
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split(",")] if "," in line else line.split()
        if len(fields) != want:
            raise ReleaseFileError(p, f"line {lineno} has {len(fields)} column(s), expected {want} ({names}): {clip(raw.strip())!r}")
        values = []
        for name, f in zip(columns, fields, strict=True):
            try:
                v = float(f)
            except ValueError:
                raise ReleaseFileError(p, f"line {lineno}: {name} {clip(f)!r} is not a number") from None
            if not math.isfinite(v):
                raise ReleaseFileError(p, f"line {lineno}: {name} is {clip(f)!r}, not a finite number")
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
    if np.any(counts >= MAX_COUNT):
        i = int(np.argmax(counts >= MAX_COUNT))
        raise ReleaseFileError(p, f"row {i + 1}: count {counts[i]:g} is not below 2**53 (the data hold at most a "
                                  "few hundred events per bin)")
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
    text = [ln.split("#", 1)[0].strip() for ln in read_text(p).splitlines()]
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
        if not _is_number(v) or v <= 0:
            raise ReleaseFileError(p, f"parameter {key!r} value {clip(repr(v))} is not a positive number")
        if key in PARAMETER_UPPER and not v < PARAMETER_UPPER[key][0]:
            raise ReleaseFileError(p, f"parameter {key!r} value {v!r} is outside {PARAMETER_UPPER[key][1]}")
    acc = params.get("acceptanceEfficiency")
    if not isinstance(acc, dict) or not isinstance(acc.get("parameters"), list):
        raise ReleaseFileError(p, "missing 'acceptanceEfficiency' with its list of 'parameters'")
    found = {q.get("name"): q for q in acc["parameters"] if isinstance(q, dict)}
    for name in ACCEPTANCE_PARAMETERS:
        q = found.get(name)
        if q is None or not _is_number(q.get("value")):
            raise ReleaseFileError(p, f"acceptanceEfficiency parameter {name!r} missing or not a number")
        lo, hi, lo_in, hi_in, words = ACCEPTANCE_BOUNDS[name]
        if not _in_bounds(q["value"], lo, hi, lo_in, hi_in):
            raise ReleaseFileError(p, f"acceptanceEfficiency parameter {name!r} = {q['value']!r} is outside {words}")
    return params


def parse_yaml(p: Path, error: type[ReleaseFileError] | None = None) -> Any:
    """Parse a release YAML file safely, refusing a key that appears twice in one mapping.

    Parameters
    ----------
    p : pathlib.Path
        The file (checked with :func:`read_text`: size, kind, UTF-8 with or without a byte-order mark).
    error : type, optional
        The error class to raise (default :class:`ReleaseFileError`).

    Returns
    -------
    object
        The parsed content.

    Raises
    ------
    ReleaseFileError
        For an unreadable file, invalid YAML or a duplicate key (naming it and its line).
    """
    import yaml  # deferred: PyYAML, only when a parameters file is read

    err = error or ReleaseFileError

    class _UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise err(p, f"line {key_node.start_mark.line + 1}: key {clip(str(key))!r} appears twice "
                                 "(which value is meant?)")
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    text = read_text(p, err)
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}: " if mark is not None else ""
        raise err(p, f"{at}is not valid YAML ({clip(str(exc).splitlines()[0])})") from None


def _is_number(v: Any) -> bool:
    """Tell whether ``v`` is a finite int or float, and not a boolean (``true`` is not a number)."""
    return not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)


#: Physical bounds of the acceptance parameters f(x) = a/(1+exp(−k(x−x₀))): (lowest, highest, lowest
#: included, highest included, in words). a is an efficiency; k a steepness [1/PE]; x₀ a threshold [PE]
#: inside the release's 0–50 PE range.
ACCEPTANCE_BOUNDS: dict[str, tuple[float, float, bool, bool, str]] = {
    "a": (0.0, 1.0, False, True, "0 < a ≤ 1 (an efficiency)"),
    "k": (0.0, math.inf, False, False, "k > 0 [1/PE]"),
    "x_0": (0.0, 50.0, True, True, "0 ≤ x_0 ≤ 50 PE"),
}
#: Parameters with an upper bound besides being positive: the quenching factor is a fraction.
PARAMETER_UPPER: dict[str, tuple[float, str]] = {"csiQF": (1.0, "0 < csiQF < 1 (a fraction of the recoil energy)")}


def _in_bounds(v: float, lo: float, hi: float, lo_in: bool, hi_in: bool) -> bool:
    return (v >= lo if lo_in else v > lo) and (v <= hi if hi_in else v < hi)


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
    p = Path(path)
    return validate_parameters(parse_yaml(p), p)
