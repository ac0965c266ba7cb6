"""Where each release is looked for — the one resolver the loaders themselves use.

Both releases are found the same way: a folder given explicitly (``data_dir`` / ``--data-dir``), else the
folder named by the release's environment variable (``COHERENT2017_DIR`` for CsI, ``CENNS10_DIR`` for argon),
else the download cache filled by ``cevns-edu data fetch``. :func:`locate` answers "which folder, and was it
asked for"; :func:`cevns_edu.data.release.load_release` and :func:`cevns_edu.data.cenns10.load_argon_release`
read what it names, and :mod:`cevns_edu.data.availability` reports it — so a status line can never disagree
with what an analysis loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import cenns10_registry, registry

#: Release key → registry module.
_REGISTRIES = {"csi": registry, "argon": cenns10_registry}
#: Release key → a short human name.
RELEASE_NAMES = {"csi": "CsI[Na] 2017", "argon": "argon CENNS-10"}
RELEASES = tuple(_REGISTRIES)


def check_release(release: str) -> str:
    """Return ``release`` if it is a known release key ("csi" or "argon"), else raise ``ValueError``."""
    if release not in _REGISTRIES:
        raise ValueError(f"release must be one of {list(_REGISTRIES)}, got {release!r}")
    return release


@dataclass(frozen=True)
class Location:
    """The folder a release is read from, and why that one.

    Attributes
    ----------
    release : str
        "csi" or "argon".
    where : str
        "argument" (``data_dir`` given), "environment" (the release's variable is set) or "cache".
    folder : pathlib.Path
        The folder.
    env_var : str
        The release's environment variable (``COHERENT2017_DIR`` or ``CENNS10_DIR``).
    """

    release: str
    where: str
    folder: Path
    env_var: str

    @property
    def explicit(self) -> bool:
        """Whether the folder was asked for (argument or environment variable).

        Then a missing release is an error, never a silent fall-back to the simulated replica.
        """
        return self.where != "cache"

    def describe(self) -> str:
        """Say where, in words: "the local folder DIR (set by CENNS10_DIR)", "the download cache DIR", …."""
        if self.where == "argument":
            return f"the folder {self.folder}"
        if self.where == "environment":
            return f"the local folder {self.folder} (set by {self.env_var})"
        return f"the download cache {self.folder}"


def locate(release: str, data_dir: str | os.PathLike | None = None) -> Location:
    """Where ``release`` is read from: ``data_dir`` → the release's environment variable → the cache.

    Parameters
    ----------
    release : str
        "csi" (COHERENT 2017, Zenodo 1228631) or "argon" (CENNS-10, Zenodo 3903810).
    data_dir : path, optional
        An explicit folder.

    Returns
    -------
    Location
        Never touches the files (see :mod:`cevns_edu.data.availability` for what is in them).
    """
    reg = _REGISTRIES[check_release(release)]
    if data_dir is not None:
        return Location(release, "argument", Path(data_dir).expanduser(), reg.DATA_DIR_ENV)
    env = os.environ.get(reg.DATA_DIR_ENV)
    if env:
        return Location(release, "environment", Path(env).expanduser(), reg.DATA_DIR_ENV)
    return Location(release, "cache", reg.cache_dir(), reg.DATA_DIR_ENV)
