"""Download a whole release into the cache — all or nothing, with a progress object and a way to cancel.

:func:`download` fetches every file of a release (:func:`cevns_edu.data.registry.fetch`,
:func:`cevns_edu.data.cenns10_registry.fetch`: each file checked against the checksum Zenodo publishes) into a
hidden staging folder beside the cache, reads the result with the release's own loader, and only then moves
the files into the cache. A failure, a wrong checksum or a cancel removes the staging folder: nothing partial
is ever kept, and a cache that worked before keeps working.

The progress object is anything pooch accepts as a progress bar (attributes ``total`` and methods
``update(n)``, ``reset()``, ``close()``; e.g. a ``tqdm`` bar or the ipywidgets adapter of
:class:`cevns_edu.widgets.data_panel.DataPanel`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import cenns10_registry, files, registry
from .cenns10 import load_argon_folder
from .release import load_folder
from .sources import check_release


class DownloadCancelled(RuntimeError):
    """The learner cancelled the download (nothing was kept)."""


class _Downloader:
    """A pooch downloader that checks for a cancel before and during each file and reports the file's name."""

    def __init__(self, inner: Callable | None, progressbar: Any, cancel: threading.Event,
                 on_file: Callable[[str], None] | None) -> None:
        self.inner, self.progressbar, self.cancel, self.on_file = inner, progressbar, cancel, on_file
        self.deadline = time.monotonic() + files.FETCH_DEADLINE_S

    def __call__(self, url: str, output_file: Any, pooch_obj: Any, check_only: bool = False) -> Any:
        if self.cancel.is_set():
            raise DownloadCancelled("download cancelled")
        if self.on_file is not None:
            self.on_file(str(url).split("/")[-1].split("?")[0])
        dl = self.inner
        if dl is None:
            bar = _CancellingBar(self.progressbar, self.cancel) if self.progressbar is not None else False
            dl = files.BoundedDownloader(self.deadline, progressbar=bar)
        return dl(url, output_file, pooch_obj)


class _CancellingBar:
    """Forwards pooch's progress calls to ``bar`` and raises :class:`DownloadCancelled` once ``cancel`` is set."""

    def __init__(self, bar: Any, cancel: threading.Event) -> None:
        self.bar, self.cancel = bar, cancel

    @property
    def total(self) -> Any:
        return self.bar.total

    @total.setter
    def total(self, value: Any) -> None:
        self.bar.total = value

    def update(self, n: int) -> None:
        if self.cancel.is_set():
            raise DownloadCancelled("download cancelled")
        self.bar.update(n)

    def reset(self) -> None:
        self.bar.reset()

    def close(self) -> None:
        self.bar.close()


def download(release: str, *, progressbar: Any = None, cancel: threading.Event | None = None,
             on_file: Callable[[str], None] | None = None, downloader: Callable | None = None,
             registry_md5: Mapping[str, str] | None = None) -> Path:
    """Download ``release`` into its cache folder, all files verified, or keep nothing.

    Parameters
    ----------
    release : str
        "csi" (COHERENT 2017, Zenodo 1228631) or "argon" (CENNS-10, Zenodo 3903810).
    progressbar : object, optional
        A pooch-style progress bar (``total``, ``update``, ``reset``, ``close``), updated per file.
    cancel : threading.Event, optional
        Set it (from another thread) to stop; :class:`DownloadCancelled` is raised and nothing is kept.
    on_file : callable, optional
        Called with each file name before it is downloaded.
    downloader, registry_md5
        For tests only: a pooch downloader ``downloader(url, output_file, pooch)`` and, for argon, the
        ``{name: "md5:…"}`` registry instead of asking Zenodo.

    Returns
    -------
    pathlib.Path
        The cache folder now holding the verified release.

    Raises
    ------
    DownloadCancelled
        ``cancel`` was set.
    RuntimeError
        Offline, a server error or a checksum mismatch; the message names the file and says what to do.
    """
    check_release(release)
    cancel = cancel or threading.Event()
    target = registry.cache_dir() if release == "csi" else cenns10_registry.cache_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}-partial-", dir=target.parent))
    dl = _Downloader(downloader, progressbar, cancel, on_file)
    try:
        try:
            if release == "csi":
                registry.fetch(folder=stage, progress=False, downloader=dl, skipped=[])
                load_folder(stage)
            else:
                cenns10_registry.fetch(stage, progress=False, registry=registry_md5, downloader=dl)
                load_argon_folder(stage)
        except Exception as exc:
            if cancel.is_set():
                raise DownloadCancelled("download cancelled; nothing was kept") from None
            raise RuntimeError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
        if cancel.is_set():
            raise DownloadCancelled("download cancelled; nothing was kept")
        target.mkdir(parents=True, exist_ok=True)
        files = sorted(p for p in stage.rglob("*") if p.is_file())
        last = [p for p in files if p.name == cenns10_registry.CHECKSUM_FILE]  # the argon "verified" marker last
        for p in [p for p in files if p not in last] + last:
            dest = target / p.relative_to(stage)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(p, dest)
        return target
    finally:
        shutil.rmtree(stage, ignore_errors=True)
