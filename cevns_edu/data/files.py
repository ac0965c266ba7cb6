"""What the two data-release registries share: the cache folder, MD5 checksums and a file's status.

:mod:`cevns_edu.data.registry` (COHERENT 2017 CsI[Na], Zenodo record 1228631) and
:mod:`cevns_edu.data.cenns10_registry` (CENNS-10 argon, Zenodo record 3903810) both keep their files in a
sub-folder of one user cache and check them against the MD5 checksums Zenodo publishes; this module does
that once for both. Nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Self

CACHE_ENV = "CEVNS_EDU_CACHE"


def cache_dir(subdir: str) -> Path:
    """Give the folder of one release in the user cache.

    Parameters
    ----------
    subdir : str
        The release's sub-folder (``"coherent2017"``, ``"cenns10"``).

    Returns
    -------
    pathlib.Path
        ``$CEVNS_EDU_CACHE/subdir``, or ``subdir`` in the platform's user cache folder.
    """
    root = os.environ.get(CACHE_ENV)
    if root:
        return Path(root).expanduser() / subdir
    import platformdirs  # deferred: only needed to locate the cache

    return Path(platformdirs.user_cache_dir("cevns-edu")) / subdir


def file_md5(path: str | os.PathLike[str]) -> str:
    """Compute the MD5 hex digest of a file (the checksum Zenodo publishes).

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    str
        The hex digest.
    """
    h = hashlib.md5()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class FileStatus:
    """One release file in a folder: present, and whether its MD5 equals the checksum Zenodo published."""

    #: The state of a present file whose MD5 is not the expected one (a subclass may say it differently).
    UNVERIFIED: ClassVar[str] = "not verified"

    name: str
    path: Path
    present: bool
    verified: bool          # MD5 equals the expected checksum
    size_bytes: int
    required: bool          # needed by the loader

    @property
    def state(self) -> str:
        """Describe the file's state in one word or phrase.

        Returns
        -------
        str
            ``"missing"``, ``"verified"`` or :attr:`UNVERIFIED`.
        """
        if not self.present:
            return "missing"
        return "verified" if self.verified else self.UNVERIFIED

    @classmethod
    def of(cls, name: str, path: Path, expected_md5: str | None, required: bool) -> Self:
        """Check one file against its expected MD5.

        Parameters
        ----------
        name : str
            Release file name.
        path : pathlib.Path
            Where the file is (or would be).
        expected_md5 : str or None
            The lower-case MD5 hex digest it should have; None when none is known (never verified).
        required : bool
            Whether the loader needs the file.

        Returns
        -------
        FileStatus
            The file's status (an instance of ``cls``).
        """
        present = path.is_file()
        ok = present and expected_md5 is not None and file_md5(path) == expected_md5
        return cls(name, path, present, ok, path.stat().st_size if present else 0, required)


def array_digest(a: object) -> str:
    """Digest the parsed content of a release file: SHA-256 of its dtype, shape and bytes.

    The official and the header-stripped forms of a file parse to the same array, so they give the same
    digest; any changed number gives another.

    Parameters
    ----------
    a : array_like
        The parsed content (the loader's array: int64 counts or float64 probabilities).

    Returns
    -------
    str
        The hex digest.
    """
    import numpy as np  # deferred: the rest of this module needs no NumPy

    arr = np.ascontiguousarray(a)
    h = hashlib.sha256(f"{arr.dtype.str}/{arr.shape}/".encode())
    h.update(arr.tobytes())
    return h.hexdigest()
