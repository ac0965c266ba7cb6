"""The :class:`Release` object every analysis reads, and where it comes from.

``load_release`` looks, in order, at an explicit folder, ``$COHERENT2017_DIR``, then the verified
cache filled by ``cevns-edu data fetch``. It never downloads. (The fallback to the simulated replica,
``release_or_replica``, is a model product and lives in :mod:`cevns_edu.experiment.replica`.)
The source is always labelled honestly (``Release.source``, ``Release.label``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from cevns_edu.core.binning import region_mask

from . import registry as reg
from .files import array_digest
from .loaders import (
    ReleaseFileError,
    ReleaseNotFoundError,
    load_counts,
    load_parameters,
    load_prompt_pdf,
    load_time_pdf,
    release_folder,
)
from .sources import locate

VERIFIED_SOURCE = "COHERENT 2017 data release (verified)"
COUNT_KEYS = tuple(reg.COUNT_FILES)                # "C_on", "AC_on", "C_off", "AC_off"
TIME_PDF_KEYS = tuple(reg.TIME_PDF_FILES)          # "prompt_neutrinos", "delayed_neutrinos", "prompt_neutrons"


@dataclass(frozen=True, eq=False)
class Release:
    """The COHERENT 2017 CsI[Na] data (real or simulated) on the release binning (25 PE × 24 time bins).

    ``counts``: "C_on", "AC_on", "C_off", "AC_off" → (25, 24) int arrays (coincidence / anti-coincidence
    window, beam on / off). ``time_pdfs``: "prompt_neutrinos", "delayed_neutrinos", "prompt_neutrons"
    → (24,) probabilities. ``brn_pe_per_gwh``: beam-related (prompt) neutron PE spectrum per GW·hr in
    50 one-PE bins, before acceptance. ``parameters``: the content of ``coherent_parameters.yaml``
    (same structure for the replica).

    Equality and hash go by content (:attr:`fingerprint`), so a release can key a
    ``functools.lru_cache``: two releases with the same numbers share an entry, different numbers never do.
    """

    source: str
    is_simulated: bool
    counts: Mapping[str, np.ndarray]
    time_pdfs: Mapping[str, np.ndarray]
    brn_pe_per_gwh: np.ndarray
    parameters: Mapping[str, Any]
    #: True when the files are not the official release (used only with ``allow_modified``).
    is_modified: bool = False

    @cached_property
    def fingerprint(self) -> str:
        """Hash the content: source, flag, every array with its dtype and shape, the parameters.

        Returns
        -------
        str
            SHA-256 hex digest.
        """
        h = hashlib.sha256()
        h.update(json.dumps([self.source, self.is_simulated, self.is_modified], default=str).encode())
        for name, group in (("counts", self.counts), ("time_pdfs", self.time_pdfs),
                            ("brn", {"brn_pe_per_gwh": self.brn_pe_per_gwh})):
            for k in sorted(group):
                a = np.ascontiguousarray(group[k])
                h.update(f"{name}/{k}/{a.dtype.str}/{a.shape}".encode())
                h.update(a.tobytes())
        h.update(json.dumps(self.parameters, sort_keys=True, default=_plain).encode())
        return h.hexdigest()

    def __eq__(self, other: object) -> bool:
        """Compare two releases by content (:attr:`fingerprint`)."""
        if not isinstance(other, Release):
            return NotImplemented
        return self.fingerprint == other.fingerprint

    def __hash__(self) -> int:
        """Hash by content (:attr:`fingerprint`)."""
        return hash(self.fingerprint)

    @property
    def label(self) -> str:
        """Say whether the data are real; put it in every figure or table title made from this.

        Returns
        -------
        str
            ``"SIMULATED REPLICA"``, ``"MODIFIED DATA"`` (files that are not the official release, used only
            on request) or ``"REAL DATA"``.
        """
        if self.is_simulated:
            return "SIMULATED REPLICA"
        return reg.MODIFIED_LABEL if self.is_modified else "REAL DATA"

    @property
    def title_prefix(self) -> str:
        """Give the prefix for figure titles.

        Returns
        -------
        str
            ``"SIMULATED REPLICA — "`` for the replica, ``"MODIFIED DATA — "`` for modified files, ``""`` for
            real data.
        """
        return "" if self.label == "REAL DATA" else f"{self.label} — "

    @property
    def exposure_gwh(self) -> float:
        """Give the beam exposure (release ``beamExposure``).

        Returns
        -------
        float
            Exposure [GW·hr].
        """
        return float(self.parameters["beamExposure"]["value"])

    @property
    def acceptance_parameters(self) -> dict[str, float]:
        """Give the acceptance parameters of ``acceptanceEfficiency``: f(x) = a/(1+exp(−k(x−x₀)))·H(x−5).

        Returns
        -------
        dict of str to float
            ``"a"``, ``"k"`` [1/PE] and ``"x_0"`` [PE].

        References
        ----------
        COHERENT 2017 data release, ``coherent_parameters.yaml`` (Zenodo 10.5281/zenodo.1228631).
        """
        return {q["name"]: float(q["value"]) for q in self.parameters["acceptanceEfficiency"]["parameters"]}

    def region_counts(self, key: str, pe_min: float = 6.0, pe_max: float = 30.0, t_min_us: float = 0.0,
                      t_max_us: float = 6.0) -> int:
        """Count the events of one data set in a PE × time window.

        Parameters
        ----------
        key : str
            ``"C_on"``, ``"AC_on"``, ``"C_off"`` or ``"AC_off"``.
        pe_min, pe_max : float, optional
            Photoelectron window [PE] (default: the 2017 analysis region, 6–30 PE).
        t_min_us, t_max_us : float, optional
            Arrival-time window [μs] (default 0–6 μs).

        Returns
        -------
        int
            Number of events in the bins whose centres lie in the window.

        Raises
        ------
        ValueError
            If ``key`` is unknown or the window is invalid.
        """
        if key not in self.counts:
            raise ValueError(f"unknown counts key {key!r}; allowed: {', '.join(self.counts)}")
        return int(self.counts[key][region_mask(pe_min, pe_max, t_min_us, t_max_us)].sum())

    def summary(self) -> str:
        """Summarise the release: one line per data set with its events in the analysis region.

        Returns
        -------
        str
            The label and source, then events in 6 ≤ PE < 30, 0 ≤ t < 6 μs for each data set.
        """
        lines = [f"{self.label}: {self.source}"]
        for k in self.counts:
            lines.append(f"  {k:7s} {self.region_counts(k):5d} events in 6 ≤ PE < 30, 0 ≤ t < 6 μs")
        return "\n".join(lines)


def _plain(x: Any) -> Any:
    """JSON fallback for the fingerprint: mappings as dicts, arrays and numpy scalars as lists/numbers."""
    if isinstance(x, Mapping):
        return dict(x)
    if isinstance(x, (np.ndarray, np.generic)):
        return x.tolist()
    return str(x)


def _frozen(d: Mapping[str, ArrayLike]) -> Mapping[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for k, v in d.items():
        a = np.array(v)
        a.setflags(write=False)
        out[k] = a
    return MappingProxyType(out)


def make_release(*, source: str, is_simulated: bool, counts: Mapping[str, ArrayLike],
                 time_pdfs: Mapping[str, ArrayLike], brn_pe_per_gwh: ArrayLike,
                 parameters: Mapping[str, Any], is_modified: bool = False) -> Release:
    """Build a :class:`Release` with read-only arrays and mappings.

    Parameters
    ----------
    source : str
        Where the data come from (shown in every label).
    is_simulated : bool
        True for the simulated replica.
    counts : mapping of str to array_like
        ``"C_on"``, ``"AC_on"``, ``"C_off"``, ``"AC_off"`` → (25, 24) counts.
    time_pdfs : mapping of str to array_like
        ``"prompt_neutrinos"``, ``"delayed_neutrinos"``, ``"prompt_neutrons"`` → (24,) probabilities.
    brn_pe_per_gwh : array_like
        Prompt-neutron PE spectrum per GW·hr in 50 one-PE bins.
    parameters : mapping
        Content of ``coherent_parameters.yaml``.
    is_modified : bool, optional
        True for files that are not the official release (labelled "MODIFIED DATA").

    Returns
    -------
    Release
        The release (copies of the inputs, read-only).
    """
    brn = np.array(brn_pe_per_gwh, dtype=float)
    brn.setflags(write=False)
    return Release(source=source, is_simulated=is_simulated, counts=_frozen(counts),
                   time_pdfs=_frozen(time_pdfs), brn_pe_per_gwh=brn, parameters=MappingProxyType(dict(parameters)),
                   is_modified=bool(is_modified))


def _read_folder(folder: Path, source: str, is_modified: bool = False) -> Release:
    counts = {k: load_counts(folder / f) for k, f in reg.COUNT_FILES.items()}
    pdfs = {k: load_time_pdf(folder / f) for k, f in reg.TIME_PDF_FILES.items()}
    return make_release(source=source, is_simulated=False, counts=counts, time_pdfs=pdfs,
                        brn_pe_per_gwh=load_prompt_pdf(folder / reg.PROMPT_PDF_FILE),
                        parameters=load_parameters(folder / reg.PARAMETERS_FILE), is_modified=is_modified)


def modified_files(folder: Path, release: Release) -> list[str]:
    """List the required files in ``folder`` that are not the official release.

    A file is official when its MD5 is Zenodo's, or (for the seven files of :data:`registry.CONTENT_SHA256`,
    commonly kept header-stripped) when its parsed content has the shipped digest.

    Parameters
    ----------
    folder : pathlib.Path
        The folder the release was read from.
    release : Release
        What was read from it (its arrays give the content digests).

    Returns
    -------
    list of str
        The names of the files that differ, in :data:`registry.REQUIRED_FILES` order.
    """
    parsed = {**{f: release.counts[k] for k, f in reg.COUNT_FILES.items()},
              **{f: release.time_pdfs[k] for k, f in reg.TIME_PDF_FILES.items()}}
    out = []
    for n in reg.REQUIRED_FILES:
        if reg.is_verified(folder / n):
            continue
        if n in reg.CONTENT_SHA256 and array_digest(parsed[n]) == reg.CONTENT_SHA256[n]:
            continue
        out.append(n)
    return out


def load_folder(folder: str | os.PathLike[str], *, allow_modified: bool = False) -> Release:
    """Read a local folder holding the release files (official or header-stripped form).

    Parameters
    ----------
    folder : str or path-like
        The folder.
    allow_modified : bool, optional
        Use files that are not the official release (edited numbers), labelled "MODIFIED DATA" (source,
        :attr:`Release.label`, every figure and table). Default False: such files are refused.

    Returns
    -------
    Release
        Labelled "COHERENT 2017 data release (verified)" when every required file has its official MD5,
        "local folder: DIR" when the header-stripped files have the official content, and (only with
        ``allow_modified``) "MODIFIED DATA: local folder DIR (…)" otherwise.

    Raises
    ------
    ReleaseNotFoundError
        If the folder or a required file is missing.
    ReleaseFileError
        If a file is unreadable, inconsistent with the release documentation, or (without
        ``allow_modified``) not the official release.
    """
    d = release_folder(folder, reg.REQUIRED_FILES, release="COHERENT 2017", env=reg.DATA_DIR_ENV,
                       fetch_hint=reg.FETCH_HINT)
    release = _read_folder(d, f"local folder: {d}")  # every file parsed and validated (kind, size, content)
    if all(reg.is_verified(d / n) for n in reg.REQUIRED_FILES):
        return replace(release, source=VERIFIED_SOURCE)
    changed = modified_files(d, release)
    if not changed:
        return release
    if not allow_modified:
        raise ReleaseFileError(d / changed[0], f"is not the official COHERENT 2017 data ({len(changed)} file(s) "
                                               "differ in content); pass --allow-modified (Python: "
                                               "allow_modified=True) to analyse it labelled MODIFIED DATA")
    return replace(release, source=f"{reg.MODIFIED_LABEL}: local folder {d} ({len(changed)} file(s) differ from "
                                   f"the official release: {', '.join(changed)})", is_modified=True)


def load_cached() -> Release:
    """Read the release from the cache, refusing any file whose MD5 differs from the official one.

    Returns
    -------
    Release
        The verified release.

    Raises
    ------
    ReleaseNotFoundError
        If the cache lacks a required file.
    ReleaseFileError
        If a cached file's MD5 differs from the official one.
    """
    d = reg.cache_dir()
    missing = [n for n in reg.REQUIRED_FILES if not (d / n).is_file()]
    if missing:
        have = len(reg.REQUIRED_FILES) - len(missing)
        raise ReleaseNotFoundError(
            "The COHERENT 2017 data release is not on this computer"
            + (f" (the cache {d} has {have} of the {len(reg.REQUIRED_FILES)} needed files)" if have else "")
            + f". Download it with `cevns-edu data fetch` (Zenodo record {reg.ZENODO_RECORD}, into {d}), or point "
              "--data-dir / the COHERENT2017_DIR environment variable at a folder holding the files. "
              "The notebooks use a simulated replica until then.")
    for n in reg.REQUIRED_FILES:
        if not reg.is_verified(d / n):
            raise ReleaseFileError(d / n, f"cached file is corrupt: its MD5 {reg.file_md5(d / n)} differs from the "
                                          f"official {reg.REGISTRY[n]}; it was not used (fetch replaces it)")
    return _read_folder(d, VERIFIED_SOURCE)


def load_release(data_dir: str | os.PathLike[str] | None = None, *, allow_modified: bool = False) -> Release:
    """Load the real release from ``data_dir``, else ``$COHERENT2017_DIR``, else the verified cache.

    Never downloads.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Folder holding the release files.
    allow_modified : bool, optional
        Use a folder whose files are not the official release, labelled "MODIFIED DATA" (see
        :func:`load_folder`); the cache is always checked against the official MD5s.

    Returns
    -------
    Release
        The release, labelled with its source.

    Raises
    ------
    ReleaseNotFoundError
        If no release is found (the message says how to fetch it).
    ReleaseFileError
        If a file is corrupt or inconsistent.
    """
    loc = locate("csi", data_dir)
    if data_dir is not None and not str(os.fspath(data_dir)).strip():
        return load_folder("", allow_modified=allow_modified)  # refuses the empty string (never the cache)
    return load_cached() if loc.where == "cache" else load_folder(loc.folder, allow_modified=allow_modified)


__all__ = ["Release", "load_release", "load_folder", "load_cached", "make_release",
           "ReleaseFileError", "ReleaseNotFoundError", "VERIFIED_SOURCE", "COUNT_KEYS", "TIME_PDF_KEYS"]
