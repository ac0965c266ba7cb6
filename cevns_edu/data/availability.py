"""What the analyses will actually read, for each release — by the very code they use.

:func:`find` is the decision every analysis makes: it calls the release's loader on the folder
:func:`~cevns_edu.data.sources.locate` names and returns the release, or ``None`` when nothing is on this
computer and nothing was asked for (then the caller uses the labelled simulated replica:
:func:`cevns_edu.experiment.replica.release_or_replica`, :func:`cevns_edu.experiment.argon.replica.release_or_replica`).
A folder that was asked for (argument or environment variable) but is missing or broken raises, as does a
corrupt cache: a learner who asked for real data is told what is wrong rather than shown simulated data.

:func:`data_status` runs :func:`find` and says the outcome in one line; because it is the same call, the
line cannot disagree with what a notebook loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from . import cenns10_registry, registry
from .cenns10 import ArgonRelease, load_argon_release
from .loaders import ReleaseFileError, ReleaseNotFoundError
from .release import Release, load_release
from .sources import RELEASE_NAMES, Location, check_release, locate

#: Release key → how to download it from a terminal.
FETCH_COMMANDS = {"csi": "cevns-edu data fetch", "argon": "cevns-edu data fetch --release argon"}
_RECORDS = {"csi": registry.ZENODO_RECORD, "argon": cenns10_registry.ZENODO_RECORD}
_VERIFIED = {"csi": "COHERENT 2017 data release (verified)", "argon": "CENNS-10 data release (verified)"}


def find(release: str, data_dir: str | os.PathLike | None = None, *,
         allow_modified: bool = False) -> Release | ArgonRelease | None:
    """Return the real ``release`` the analyses read, or ``None`` when the simulated replica must stand in.

    Parameters
    ----------
    release : str
        "csi" or "argon".
    data_dir : path, optional
        An explicit folder (otherwise the environment variable, then the cache: :func:`~.sources.locate`).
    allow_modified : bool, optional
        Use files that are not the official release, labelled "MODIFIED DATA" (default: refuse them).

    Returns
    -------
    Release or ArgonRelease or None
        ``None`` only when the release is not in the cache and no folder was asked for.

    Raises
    ------
    ReleaseNotFoundError
        A folder was asked for but does not hold the release.
    ReleaseFileError
        A file is unreadable, incomplete, or (in the cache) does not match its official checksum.
    """
    loc = locate(release, data_dir)
    try:
        if release == "csi":
            return load_release(data_dir, allow_modified=allow_modified)
        return load_argon_release(data_dir, allow_modified=allow_modified)
    except ReleaseNotFoundError:
        if loc.explicit:
            raise
        return None


@dataclass(frozen=True)
class DataStatus:
    """The outcome of :func:`find` for one release, in words.

    Attributes
    ----------
    release : str
        "csi" or "argon".
    kind : str
        "verified" (official files, checksums match), "local" (a folder with the official content, e.g.
        header-stripped), "modified" (files that are not the official release, used only on request and
        labelled MODIFIED DATA), "replica" (nothing here: the simulated replica is used) or "broken" (the
        analyses stop with this error).
    location : Location
        Where the loader looked.
    source : str
        The loaded release's ``source`` ("" for replica and broken).
    problem : str
        The error message when ``kind == "broken"``.
    """

    release: str
    kind: str
    location: Location
    source: str = ""
    problem: str = ""
    #: For "replica": how many of the needed files the cache holds (a partial download), else 0.
    partial: int = 0

    @property
    def uses_real_data(self) -> bool:
        """True when the analyses read real files."""
        return self.kind in ("verified", "local")

    @property
    def line(self) -> str:
        """One line: what the notebooks and ``cevns-edu`` will use for this release, and what to do."""
        name = RELEASE_NAMES[self.release]
        where = self.location.describe()
        if self.kind == "verified":
            return f"{name}: REAL DATA — official files, verified against Zenodo's checksums, from {where}."
        if self.kind == "local":
            return (f"{name}: REAL DATA — from {where}; content checked, but not the verified official "
                    "download.")
        if self.kind == "modified":
            return (f"{name}: MODIFIED DATA — from {where}; these files are NOT the official release "
                    "(used because it was asked for); results are not COHERENT's.")
        if self.kind == "replica":
            have = (f" (the cache holds only {self.partial} of the needed files)" if self.partial else "")
            return (f"{name}: SIMULATED REPLICA — the release is not on this computer{have}. Download it "
                    f"(`{FETCH_COMMANDS[self.release]}`, or the button below) or set {self.location.env_var}.")
        return (f"{name}: NOT USABLE — the notebooks use the SIMULATED REPLICA until this is fixed "
                f"(`cevns-edu fit` stops): {self.problem}")


def data_status(release: str, data_dir: str | os.PathLike | None = None, *,
                allow_modified: bool = False) -> DataStatus:
    """Run :func:`find` for ``release`` and describe the outcome (it reads and checks the files; never downloads).

    Parameters
    ----------
    release : str
        "csi" or "argon".
    data_dir : path, optional
        An explicit folder, as for :func:`find`.
    allow_modified : bool, optional
        As for :func:`find`.

    Returns
    -------
    DataStatus
    """
    loc = locate(check_release(release), data_dir)
    try:
        rel = find(release, data_dir, allow_modified=allow_modified)
    except (ReleaseNotFoundError, ReleaseFileError) as exc:
        return DataStatus(release, "broken", loc, problem=str(exc))
    except OSError as exc:  # e.g. a cache path that is a file, an unreadable folder
        return DataStatus(release, "broken", loc, problem=f"{exc.filename or loc.folder}: {exc.strerror or exc}")
    if rel is None:
        reg = registry if release == "csi" else cenns10_registry
        have = sum(1 for n in reg.REQUIRED_FILES if _is_file(loc.folder / n))
        return DataStatus(release, "replica", loc, partial=have)
    if getattr(rel, "is_modified", False):
        return DataStatus(release, "modified", loc, source=rel.source)
    return DataStatus(release, "verified" if rel.source == _VERIFIED[release] else "local", loc, source=rel.source)


def _is_file(p: os.PathLike) -> bool:
    try:
        return os.path.isfile(p)
    except OSError:
        return False
