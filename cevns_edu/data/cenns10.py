"""Read and validate the CENNS-10 liquid-argon release (Analysis A), and the :class:`ArgonRelease` it becomes.

What the release documents (its README on Zenodo record 3903810 and ``LArParametersAnlA.yaml``; see also
``../shared/cenns10/README.md``): the observed counts and every PDF are 960 rows ``energy [keVee], F90,
arrival time [μs], value`` on the complete grid of 12 energy bins (centres 5, 15, …, 115 keVee) × 8 F90 bins
(0.525, 0.575, …, 0.875) × 10 time bins (0.15, 0.65, …, 4.65 μs), each bin once; counts are non-negative
integers, PDF values non-negative. The efficiency table has rows ``keVee centre, keVnr centre, efficiency``
with efficiencies in [0, 1]. Every problem raises :class:`ArgonReleaseFileError` (a
:class:`~cevns_edu.data.loaders.ReleaseFileError`) naming the file and the line.

:func:`load_argon_release` looks at an explicit folder, then ``$CENNS10_DIR``, then the cache filled by
``cevns-edu data fetch --release argon``; it never downloads. The source is labelled honestly:
"CENNS-10 data release (verified)" only when every file matches the checksums Zenodo published (saved by
the fetch), otherwise "local folder: DIR".
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from . import cenns10_registry as reg
from .files import array_digest
from .loaders import (
    MAX_COUNT,
    ReleaseFileError,
    ReleaseNotFoundError,
    clip,
    parse_yaml,
    read_table,
    read_text,
    release_folder,
)
from .registry import MODIFIED_LABEL
from .sources import locate

E_CENTERS_KEVEE = np.arange(5.0, 116.0, 10.0)
F90_CENTERS = np.round(np.arange(0.525, 0.876, 0.05), 3)
T_CENTERS_US = np.arange(0.15, 4.66, 0.5)
E_EDGES_KEVEE = np.arange(0.0, 121.0, 10.0)
F90_EDGES = np.round(np.arange(0.5, 0.901, 0.05), 3)
T_EDGES_US = np.round(np.arange(-0.1, 4.91, 0.5), 2)
SHAPE = (E_CENTERS_KEVEE.size, F90_CENTERS.size, T_CENTERS_US.size)   # (12, 8, 10)
N_BINS = int(np.prod(SHAPE))                                            # 960
_TOL = 1e-6
VERIFIED_SOURCE = "CENNS-10 data release (verified)"


class ArgonReleaseFileError(ReleaseFileError):
    """A CENNS-10 release file is unreadable, incomplete or inconsistent with what the release documents.

    Parameters
    ----------
    path : str or path-like
        The file.
    problem : str
        What is wrong with it (the message adds how to get a good copy).
    """

    fetch_hint = reg.FETCH_HINT
    data_dir_env = reg.DATA_DIR_ENV


def _table(p: Path, columns: tuple[str, ...]) -> tuple[np.ndarray, list[int]]:
    """Rows of a text file (via :func:`~cevns_edu.data.loaders.read_table`) and the line number of each row."""
    try:
        a = read_table(p, columns)
    except ArgonReleaseFileError:
        raise
    except ReleaseFileError as exc:
        raise ArgonReleaseFileError(exc.path, exc.problem) from None
    lines = [i for i, raw in enumerate(read_text(p, ArgonReleaseFileError).splitlines(), start=1)
             if raw.split("#", 1)[0].strip()]
    return a, lines


def _index(p: Path, lines: list[int], values: np.ndarray, centres: np.ndarray, what: str) -> np.ndarray:
    idx: np.ndarray = np.abs(values[:, None] - centres[None, :]).argmin(axis=1)
    bad = np.abs(centres[idx] - values) > _TOL
    if bad.any():
        i = int(np.argmax(bad))
        raise ArgonReleaseFileError(p, f"line {lines[i]}: {what} {values[i]:g} is not one of the documented bin "
                                       f"centres ({centres[0]:g}, {centres[1]:g}, …, {centres[-1]:g})")
    return idx


def load_grid(path: str | os.PathLike[str], *, counts: bool = False) -> np.ndarray:
    """Load a 960-bin file (data or PDF) of the release.

    Parameters
    ----------
    path : str or path-like
        ``datanobkgsub.txt`` or one of the PDF files.
    counts : bool, optional
        Require non-negative integers (observed counts) rather than non-negative numbers.

    Returns
    -------
    numpy.ndarray
        Read-only (12 energy × 8 F90 × 10 time) array: int64 for counts, float otherwise.

    Raises
    ------
    ArgonReleaseFileError
        If the grid is incomplete, a bin repeats or is off the documented centres, or a value is invalid.
    """
    p = Path(path)
    a, lines = _table(p, ("energy [keVee]", "F90", "arrival time [μs]", "counts" if counts else "value"))
    ie = _index(p, lines, a[:, 0], E_CENTERS_KEVEE, "energy")
    jf = _index(p, lines, a[:, 1], F90_CENTERS, "F90")
    kt = _index(p, lines, a[:, 2], T_CENTERS_US, "arrival time")
    v = a[:, 3]
    bad = (v < 0) | ((v != np.round(v)) if counts else np.zeros(v.shape, bool))
    if bad.any():
        i = int(np.argmax(bad))
        raise ArgonReleaseFileError(p, f"line {lines[i]}: value {v[i]:g} is not a non-negative "
                                       + ("integer count" if counts else "number"))
    if counts and (v >= MAX_COUNT).any():
        i = int(np.argmax(v >= MAX_COUNT))
        raise ArgonReleaseFileError(p, f"line {lines[i]}: count {v[i]:g} is not below 2**53 (the release holds "
                                       "a few events per bin)")
    seen = np.zeros(SHAPE, int)
    np.add.at(seen, (ie, jf, kt), 1)
    if (seen > 1).any():
        dup = [i for i in range(v.size) if seen[ie[i], jf[i], kt[i]] > 1][1]
        raise ArgonReleaseFileError(p, f"line {lines[dup]}: bin (E={a[dup, 0]:g} keVee, F90={a[dup, 1]:g}, "
                                       f"t={a[dup, 2]:g} μs) appears a second time")
    if (seen == 0).any():
        e, f, t = np.argwhere(seen == 0)[0]
        raise ArgonReleaseFileError(
            p, f"incomplete grid after line {lines[-1]}: {v.size} rows for {N_BINS} bins (12 energy × 8 F90 × 10 "
               f"time); first missing bin E={E_CENTERS_KEVEE[e]:g} keVee, F90={F90_CENTERS[f]:g}, "
               f"t={T_CENTERS_US[t]:g} μs (truncated file?)")
    out = np.zeros(SHAPE, dtype=np.int64 if counts else float)
    out[ie, jf, kt] = v
    out.setflags(write=False)
    return out


def load_efficiency(path: str | os.PathLike[str]) -> np.ndarray:
    """Load the acceptance (efficiency) table of the release.

    Parameters
    ----------
    path : str or path-like
        ``CENNS10AnlAEfficiency.txt``.

    Returns
    -------
    numpy.ndarray
        Read-only (n, 3) array: keVee bin centre, keVnr bin centre, efficiency (in [0, 1]).

    Raises
    ------
    ArgonReleaseFileError
        If an efficiency lies outside [0, 1], a centre does not increase, or the table has < 10 rows.
    """
    p = Path(path)
    a, lines = _table(p, ("keVee bin centre", "keVnr bin centre", "efficiency"))
    for col, name in ((a[:, 2], "efficiency"),):
        bad = (col < 0) | (col > 1)
        if bad.any():
            i = int(np.argmax(bad))
            raise ArgonReleaseFileError(p, f"line {lines[i]}: {name} {col[i]:g} is outside [0, 1]")
    for c, name in ((0, "keVee bin centre"), (1, "keVnr bin centre")):
        steps = np.diff(a[:, c])
        if (steps <= 0).any():
            i = int(np.argmax(steps <= 0)) + 1
            raise ArgonReleaseFileError(p, f"line {lines[i]}: {name} {a[i, c]:g} does not increase")
    if a.shape[0] < 10:
        raise ArgonReleaseFileError(p, f"has {a.shape[0]} rows; the efficiency table needs at least 10 (truncated?)")
    a.setflags(write=False)
    return a


#: Parameters the analysis reads: key → (units, sub-parameter names or ()).
PARAMETERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "beamExposure": ("E22 POT", ()), "distanceToTarget": ("m", ()), "fiducialMass": ("kg", ()),
    "neutrinosPerProton": ("nu/flavor/proton", ()), "larQF": ("", ("a", "b")), "energyResolution": ("", ("a",)),
    "snsPOTTraceTiming": ("", ("a", "b")), "cevnsPredictionNormalization": ("none", ()),
    "promptBeamRelatedNeutronPredictionNormalization": ("none", ()),
    "delayedBeamRelatedNeutronPredictionNormalization": ("none", ()),
    "ssBackgroundPredictionNormalization": ("none", ()), "cevnsBestfitNormalization": ("none", ()),
}


def _number(p: Path, where: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ArgonReleaseFileError(p, f"{where} is {clip(repr(v))}, not a finite number")
    return float(v)


def load_parameters(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Load ``LArParametersAnlA.yaml``, parsed and checked (keys, units, numbers).

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    dict
        The parameters (the keys of :data:`PARAMETERS` are guaranteed).

    Raises
    ------
    ArgonReleaseFileError
        If the file is missing, not valid YAML, or a key, unit or number is missing or wrong.
    """
    p = Path(path)
    params = parse_yaml(p, ArgonReleaseFileError)
    if not isinstance(params, dict):
        raise ArgonReleaseFileError(p, f"expected a YAML mapping of parameters, found {type(params).__name__}")
    for key, (unit, subs) in PARAMETERS.items():
        entry = params.get(key)
        if not isinstance(entry, dict):
            raise ArgonReleaseFileError(p, f"missing parameter {key!r}")
        if unit and str(entry.get("units", "")).strip() != unit:
            raise ArgonReleaseFileError(p, f"parameter {key!r} has units {entry.get('units')!r}, expected {unit!r}")
        if not subs:
            if _number(p, f"parameter {key!r} value", entry.get("value")) <= 0:
                raise ArgonReleaseFileError(p, f"parameter {key!r} value must be positive")
            continue
        found = {q.get("name"): q for q in entry.get("parameters") or [] if isinstance(q, dict)}
        for s in subs:
            if s not in found:
                raise ArgonReleaseFileError(p, f"parameter {key!r} lacks its sub-parameter {s!r}")
            _number(p, f"parameter {key!r} {s!r}", found[s].get("value"))
    return params


def param(params: Mapping[str, Any], key: str, sub: str | None = None, field: str = "value") -> float:
    """Read one number of the parameter file.

    Examples: ``param(p, "larQF", "a")``, ``param(p, "fiducialMass", field="uncertainty")``.

    Parameters
    ----------
    params : mapping
        The parameters (:func:`load_parameters`).
    key : str
        Top-level key.
    sub : str, optional
        Name of a sub-parameter of ``key``.
    field : str, optional
        Field to read (default ``"value"``; ``"uncertainty"`` falls back to ``"uncertainty_stat"``).

    Returns
    -------
    float
        The number; a missing or non-numeric field (e.g. "negligible") gives 0.
    """
    entry = params[key]
    if sub is not None:
        entry = next(q for q in entry["parameters"] if q.get("name") == sub)
    v = entry.get(field, entry.get("uncertainty_stat") if field == "uncertainty" else None)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else 0.0


@dataclass(frozen=True)
class ArgonRelease:
    """The CENNS-10 Analysis-A data (real or simulated) on the release binning (12 energy × 8 F90 × 10 time).

    ``counts``: observed events (12, 8, 10). ``pdfs``: "cevns", "brn_prompt", "brn_delayed", "steady_state" →
    expected counts (12, 8, 10), normalised as the release does (to the predicted numbers). ``variations``:
    name → (component, down or None, up) ±1σ shape variations. ``efficiency``: (n, 3) table. ``parameters``:
    the parameter file's content.
    """

    source: str
    is_simulated: bool
    counts: np.ndarray
    pdfs: Mapping[str, np.ndarray]
    variations: Mapping[str, tuple[str, np.ndarray | None, np.ndarray]]
    efficiency: np.ndarray
    parameters: Mapping[str, Any]
    #: True when the files are not the official release (used only with ``allow_modified``).
    is_modified: bool = False

    @property
    def label(self) -> str:
        """Say whether the data are real; put it in every figure or table made from this.

        Returns
        -------
        str
            ``"SIMULATED REPLICA"``, ``"MODIFIED DATA"`` (not the official files, used on request) or
            ``"REAL DATA"``.
        """
        if self.is_simulated:
            return "SIMULATED REPLICA"
        return MODIFIED_LABEL if self.is_modified else "REAL DATA"

    def summary(self) -> str:
        """Summarise the release in one line.

        Returns
        -------
        str
            Label, source and the number of events.
        """
        return f"{self.label}: {self.source} — {int(self.counts.sum())} events in 960 bins"


def _ro(a: ArrayLike, dtype: DTypeLike = float) -> np.ndarray:
    """Copy ``a`` into a read-only array."""
    out = np.array(a, dtype=dtype)
    out.setflags(write=False)
    return out


def make_argon_release(*, source: str, is_simulated: bool, counts: ArrayLike, pdfs: Mapping[str, ArrayLike],
                       variations: Mapping[str, tuple[str, ArrayLike | None, ArrayLike]], efficiency: ArrayLike,
                       parameters: Mapping[str, Any], is_modified: bool = False) -> ArgonRelease:
    """Build an :class:`ArgonRelease` with read-only arrays and mappings.

    Parameters
    ----------
    source : str
        Where the data come from (shown in every label).
    is_simulated : bool
        True for the simulated replica.
    counts : array_like
        Observed events (12, 8, 10).
    pdfs : mapping of str to array_like
        ``"cevns"``, ``"brn_prompt"``, ``"brn_delayed"``, ``"steady_state"`` → expected counts (12, 8, 10).
    variations : mapping
        Name → (component, down or None, up) ±1σ shape variations, each (12, 8, 10).
    efficiency : array_like
        The (n, 3) efficiency table.
    parameters : mapping
        Content of the parameter file.
    is_modified : bool, optional
        True for files that are not the official release (labelled "MODIFIED DATA").

    Returns
    -------
    ArgonRelease
        The release (copies of the inputs, read-only).
    """
    var = {k: (c, None if d is None else _ro(d), _ro(u)) for k, (c, d, u) in dict(variations).items()}
    return ArgonRelease(source, bool(is_simulated), _ro(counts, np.int64),
                        MappingProxyType({k: _ro(v) for k, v in pdfs.items()}),
                        MappingProxyType(var), _ro(efficiency), MappingProxyType(dict(parameters)),
                        bool(is_modified))


def parameters_digest(params: Mapping[str, Any]) -> str:
    """Digest the parsed content of a parameter file (SHA-256 of its JSON with sorted keys).

    Parameters
    ----------
    params : mapping
        The parsed YAML.

    Returns
    -------
    str
        The hex digest.
    """
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()


def load_argon_folder(folder: str | os.PathLike[str], *, allow_modified: bool = False) -> ArgonRelease:
    """Read and validate a folder holding the release files (flat as on Zenodo, or with ``SystErrors/``).

    Parameters
    ----------
    folder : str or path-like
        The folder.
    allow_modified : bool, optional
        Use files whose content is not the official release's, labelled "MODIFIED DATA". Default False:
        such files are refused.

    Returns
    -------
    ArgonRelease
        Labelled "CENNS-10 data release (verified)" when every file matches the saved Zenodo checksums,
        "local folder: DIR" when the content is the official release's (digests of the parsed content,
        :data:`cenns10_registry.CONTENT_SHA256`), "MODIFIED DATA: …" (only with ``allow_modified``) otherwise.

    Raises
    ------
    ReleaseNotFoundError
        If the folder or a required file is missing.
    ArgonReleaseFileError
        If a file is invalid, or (without ``allow_modified``) not the official release.
    """
    d = release_folder(folder, reg.REQUIRED_FILES, release="CENNS-10", env=reg.DATA_DIR_ENV,
                       fetch_hint=reg.FETCH_HINT, find=reg.find_file)
    f = partial(reg.find_file, d)
    digests: dict[str, str] = {}

    def grid(name: str, counts: bool = False) -> np.ndarray:
        a = load_grid(f(name), counts=counts)
        digests[name] = array_digest(a)
        return a

    variations = {k: (comp, None if dn is None else grid(dn), grid(up))
                  for k, (comp, dn, up) in reg.VARIATION_FILES.items()}
    counts = grid(reg.DATA_FILE, counts=True)
    pdfs = {k: grid(n) for k, n in reg.PDF_FILES.items()}
    efficiency = load_efficiency(f(reg.EFFICIENCY_FILE))
    digests[reg.EFFICIENCY_FILE] = array_digest(efficiency)
    params = load_parameters(f(reg.PARAMETERS_FILE))
    digests[reg.PARAMETERS_FILE] = parameters_digest(params)
    modified = False
    if reg.is_verified_folder(d):
        source = VERIFIED_SOURCE
    else:
        changed = [n for n in reg.REQUIRED_FILES if digests.get(n) != reg.CONTENT_SHA256.get(n)]
        source = f"local folder: {d}"
        if changed and not allow_modified:
            raise ArgonReleaseFileError(f(changed[0]), f"is not the official CENNS-10 data ({len(changed)} file(s) "
                                                       "differ in content); pass --allow-modified (Python: "
                                                       "allow_modified=True) to analyse it labelled MODIFIED DATA")
        if changed:
            modified = True
            source = (f"{MODIFIED_LABEL}: local folder {d} ({len(changed)} file(s) differ from the official "
                      f"release: {', '.join(changed[:4])})")
    return make_argon_release(source=source, is_simulated=False, counts=counts, pdfs=pdfs, variations=variations,
                              efficiency=efficiency, parameters=params, is_modified=modified)


def load_argon_release(data_dir: str | os.PathLike[str] | None = None, *,
                       allow_modified: bool = False) -> ArgonRelease:
    """Load the real release from ``data_dir``, else ``$CENNS10_DIR``, else the verified cache.

    Never downloads.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder holding the release files.

    Returns
    -------
    ArgonRelease
        The release, labelled with its source.

    Raises
    ------
    ReleaseNotFoundError
        If no release is found (the message says how to fetch it).
    ArgonReleaseFileError
        If a file is invalid, or a cached file does not match Zenodo's checksum.
    """
    if data_dir is not None and not str(os.fspath(data_dir)).strip():
        return load_argon_folder("")  # refuses the empty string (never the cache)
    loc = locate("argon", data_dir)
    if loc.where != "cache":
        return load_argon_folder(loc.folder, allow_modified=allow_modified)
    d = loc.folder
    if not all(reg.find_file(d, n).is_file() for n in reg.REQUIRED_FILES):
        raise ReleaseNotFoundError(
            f"The CENNS-10 argon data release is not on this computer. Download it with `cevns-edu data fetch "
            f"--release argon` (Zenodo record {reg.ZENODO_RECORD}, into {d}), or point --data-dir / the "
            f"{reg.DATA_DIR_ENV} environment variable at a folder holding the files.")
    bad = [s for s in reg.status(d) if s.required and not s.verified]
    if bad:
        raise ArgonReleaseFileError(bad[0].path, "cached file does not match the checksum Zenodo published; it was "
                                                 "not used (fetch replaces it)")
    return load_argon_folder(d)


def describe_source(data_dir: str | os.PathLike[str] | None = None) -> str:
    """Say in one line what :func:`load_argon_release` would use (same code path, so it cannot disagree).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder holding the release files.

    Returns
    -------
    str
        The release's label and source, the fallback to the simulated replica, or why it is not usable.
    """
    try:
        rel = load_argon_release(data_dir)
    except ReleaseNotFoundError:
        return "argon (CENNS-10): no release here → SIMULATED REPLICA (run `cevns-edu data fetch --release argon`)"
    except ReleaseFileError as exc:
        return f"argon (CENNS-10): NOT usable — {exc}"
    return f"argon (CENNS-10): {rel.label} — {rel.source}"
