"""What the two data-release registries share: the cache folder, MD5 checksums and a file's status.

:mod:`cevns_edu.data.registry` (COHERENT 2017 CsI[Na], Zenodo record 1228631) and
:mod:`cevns_edu.data.cenns10_registry` (CENNS-10 argon, Zenodo record 3903810) both keep their files in a
sub-folder of one user cache and check them against the MD5 checksums Zenodo publishes; this module does
that once for both. Nothing here touches the network.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

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


#: Environment variable naming a mirror of the release files (a class behind a proxy, a local copy): each file
#: NAME is then fetched from ``$CEVNS_EDU_MIRROR/NAME`` (``cevns-edu data fetch --base-url URL`` does the same).
#: The files are still checked against the official checksums.
MIRROR_ENV = "CEVNS_EDU_MIRROR"
#: The largest file a download accepts [bytes]: every release table is under 10 kB (CsI) or 25 kB (argon), so a
#: text file is refused above 1 MiB; documents (the companion PDFs) above 32 MiB. Checked before and while reading.
MAX_DOWNLOAD_BYTES = 1 << 20
MAX_DOCUMENT_BYTES = 32 << 20
#: The longest a whole ``fetch`` may take [s]: a slow or stalled server is cut off.
FETCH_DEADLINE_S = 600.0
#: Seconds to connect, and the longest pause between two chunks of one file.
CONNECT_TIMEOUT_S, READ_TIMEOUT_S = 15.0, 30.0


class DownloadLimitError(RuntimeError):
    """A download was stopped: too large, or past the deadline (nothing of it was kept)."""


def mirror_url(base: str | None = None) -> str | None:
    """Give the mirror's base URL: ``base`` if given, else ``$CEVNS_EDU_MIRROR``, else None (Zenodo).

    Parameters
    ----------
    base : str, optional
        An explicit base URL (``--base-url``).

    Returns
    -------
    str or None
        Without a trailing slash.

    Raises
    ------
    ValueError
        If the URL is empty or not http(s)/file.
    """
    b = base if base is not None else os.environ.get(MIRROR_ENV)
    if b is None:
        return None
    if not b.strip().lower().startswith(("http://", "https://")):
        raise ValueError(f"mirror URL {b[:80]!r} (--base-url or {MIRROR_ENV}) must start with http:// or https:// "
                         "(for a folder of files, use --data-dir)")
    return b.strip().rstrip("/")


def max_bytes(name: str) -> int:
    """Give the size limit of one release file: :data:`MAX_DOCUMENT_BYTES` for a PDF, else :data:`MAX_DOWNLOAD_BYTES`."""
    return MAX_DOCUMENT_BYTES if name.lower().endswith(".pdf") else MAX_DOWNLOAD_BYTES


def make_readable(path: str | os.PathLike[str]) -> None:
    """Give a fetched file the usual permissions (0666 less the umask, e.g. 0644) so a class can read it.

    Parameters
    ----------
    path : str or path-like
        The file (downloads land with the 0600 of a temporary file).
    """
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


class BoundedDownloader:
    """A pooch downloader with a size limit per file and a deadline for the whole fetch.

    Parameters
    ----------
    deadline : float
        ``time.monotonic()`` after which every read stops with :class:`DownloadLimitError`.
    limit : int, optional
        Largest file accepted (checked against ``Content-Length`` before reading, and while reading); default
        :func:`max_bytes` of the file's name.
    progressbar : bool or object, optional
        True for a ``tqdm`` bar on stderr, or a pooch-style bar (``total``, ``update``, ``reset``, ``close``).
    """

    def __init__(self, deadline: float, limit: int | None = None, progressbar: object = False) -> None:
        self.deadline, self.limit, self.progressbar = deadline, limit, progressbar

    def __call__(self, url: str, output_file: object, pooch_obj: object, check_only: bool = False) -> object:
        """Download ``url`` into ``output_file`` (a path or an open binary file), within the limits."""
        import requests  # deferred: only a download needs it

        name = str(url).split("/")[-1].split("?")[0]
        limit = self.limit if self.limit is not None else max_bytes(name)
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise DownloadLimitError(f"{name}: the download took longer than {FETCH_DEADLINE_S:.0f} s and was "
                                     "stopped; retry later, or use a mirror (--base-url / CEVNS_EDU_MIRROR)")
        with requests.get(url, stream=True, timeout=(CONNECT_TIMEOUT_S, min(READ_TIMEOUT_S, left))) as r:
            r.raise_for_status()
            if check_only:
                return True
            size = r.headers.get("Content-Length")
            if size is not None and size.isdigit() and int(size) > limit:
                raise DownloadLimitError(f"{name}: the server offers {int(size)} bytes, more than any release file "
                                         f"(at most {limit}); nothing was kept — is the URL right?")
            bar = self._bar(int(size) if size and size.isdigit() else None)
            got = 0
            fh = open(output_file, "wb") if isinstance(output_file, (str, os.PathLike)) else output_file  # noqa: SIM115
            try:
                for chunk in r.iter_content(chunk_size=16384):
                    got += len(chunk)
                    if got > limit:
                        raise DownloadLimitError(f"{name}: more than {limit} bytes arrived, more than any "
                                                 "release file; stopped, nothing was kept — is the URL right?")
                    if time.monotonic() > self.deadline:
                        raise DownloadLimitError(f"{name}: the download took longer than {FETCH_DEADLINE_S:.0f} s "
                                                 "and was stopped; retry later, or use a mirror (--base-url / "
                                                 "CEVNS_EDU_MIRROR)")
                    fh.write(chunk)  # type: ignore[attr-defined]
                    if bar is not None:
                        bar.update(len(chunk))
            finally:
                if fh is not output_file:
                    fh.close()  # type: ignore[attr-defined]
                if bar is not None and self.progressbar is True:
                    bar.close()
        return None

    def _bar(self, total: int | None) -> Any:
        if self.progressbar is True:
            from tqdm import tqdm  # type: ignore[import-untyped]  # deferred: only a visible progress bar needs it

            return tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, leave=False)
        if self.progressbar:
            bar = self.progressbar
            bar.total = total  # type: ignore[attr-defined]
            bar.reset()  # type: ignore[attr-defined]
            return bar
        return None


def download_failure(name: str, url: str, exc: BaseException, folder: Path, again: str) -> str:
    """Say in one line why a download failed: the network, the disk, a permission, or a limit.

    Parameters
    ----------
    name : str
        The file.
    url : str
        Where it was fetched from.
    exc : BaseException
        What went wrong.
    folder : pathlib.Path
        Where it was being written.
    again : str
        The command to retry.

    Returns
    -------
    str
    """
    import requests  # deferred: only a download needs it

    if isinstance(exc, DownloadLimitError):
        return str(exc)
    disk_errnos = {errno.ENOSPC, errno.EACCES, errno.EPERM, errno.EROFS, errno.EDQUOT, errno.EISDIR, errno.ENOTDIR}
    local = isinstance(exc, OSError) and (exc.errno in disk_errnos or isinstance(exc, PermissionError))
    if not local and isinstance(exc, (requests.RequestException, ConnectionError, TimeoutError)) or (
            isinstance(exc, OSError) and not local and exc.filename is None):
        return (f"{name}: could not download {url} ({type(exc).__name__}: {str(exc)[:120]}). Check the internet "
                f"connection (or set a mirror: --base-url / {MIRROR_ENV}) and run `{again}` again")
    if isinstance(exc, OSError):
        where = exc.filename or folder
        if exc.errno == errno.ENOSPC:
            return f"{name}: the disk is full — cannot write to {where}; free some space or choose another folder"
        if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (f"{name}: permission denied — cannot write to {where} ({exc.strerror}); choose a folder you "
                    "can write to (--data-dir, CEVNS_EDU_CACHE)")
        return f"{name}: cannot write to {where} ({exc.strerror or exc}); check the disk and the folder"
    return f"{name}: could not download {url} ({type(exc).__name__}: {str(exc)[:120]}); run `{again}` again"
