"""The COHERENT 2017 CsI[Na] data release: where it lives, its official checksums, the local cache.

Official home: Zenodo record 1228631 (DOI 10.5281/zenodo.1228631, version 1.0), "COHERENT
Collaboration data release from the first observation of coherent elastic neutrino-nucleus
scattering"; companion paper arXiv:1804.09459; physics paper D. Akimov et al., Science 357, 1123
(2017), arXiv:1708.01294. The MD5 checksums below are the ones Zenodo publishes for each file.

Nothing here touches the network except :func:`fetch` (``cevns-edu data fetch``), which downloads
with `pooch` (progress bar, MD5 verification, download to a temporary file that is kept only when
its checksum matches). Files are cached in ``platformdirs.user_cache_dir("cevns-edu")/coherent2017``,
or ``$CEVNS_EDU_CACHE/coherent2017`` when that environment variable is set.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from . import files
from .files import CACHE_ENV as CACHE_ENV  # re-exported: part of this module's interface
from .files import MIRROR_ENV as MIRROR_ENV
from .files import file_md5 as file_md5

ZENODO_RECORD = "1228631"
DOI = "10.5281/zenodo.1228631"
URL_PATTERN = "https://zenodo.org/records/1228631/files/{name}?download=1"
DATA_DIR_ENV = "COHERENT2017_DIR"
FETCH_HINT = "run `cevns-edu data fetch` to download a verified copy"

#: The 13 files of the official release with Zenodo's MD5 checksums.
REGISTRY: dict[str, str] = {
    "README": "40cbf0bcdb370530526b7e293480ab9d",
    "coherentCollaboration_dataReleaseCompanion_april2018.pdf": "0cb94c4e8fa3c03a1d4bb0cd8599d318",
    "coherent_parameters.yaml": "66b907201dcd7cccfb9af0a1b35893a7",
    "qfData_chicago.txt": "b9dec892fb9d6c7502ed03446ddd0305",
    "qfData_tunl.txt": "93b016293c04c741c3088bced0a5c015",
    "promptPDF.txt": "faf1a4b6b27cd9fa685e17ddd38a00cf",
    "data_coincidence_beamOn.txt": "23f399e605e94401a611c23c37090a31",
    "data_anticoincidence_beamOn.txt": "4067e588ff44d0a210655eacb987e2d7",
    "data_coincidence_beamOff.txt": "529e822eb3a144170cd03d9d9628b4fa",
    "data_anticoincidence_beamOff.txt": "c6371164b444b9357e004299c591546a",
    "arrivalTimePDF_promptNeutrinos.txt": "d5009119454ec8ed3b5a31bf8d1e82e5",
    "arrivalTimePDF_delayedNeutrinos.txt": "fd5d053696ba30164cd3711b38b8eaa5",
    "arrivalTimePDF_promptNeutrons.txt": "400d86635b180b52e51b429ec5fe5965",
}

#: SHA-256 of the *parsed content* (:func:`cevns_edu.data.files.array_digest` of the loader's array) of the
#: seven files whose header-stripped copies are common (their MD5 then differs from Zenodo's); the official
#: form parses to the same numbers, so both forms give these digests. Computed from the release's numbers
#: (the copy in ``../shared/coherent2017``, "same numbers, comment header stripped"). The other two files the
#: analysis reads (``coherent_parameters.yaml``, ``promptPDF.txt``) have no header, so they must match the
#: official MD5 itself.
CONTENT_SHA256: dict[str, str] = {
    "data_coincidence_beamOn.txt": "17e1a1ba6904178fd2232fd70fd6229852d5eafbef0ace63d88665489a677890",
    "data_anticoincidence_beamOn.txt": "f1eddf20a0bab3c86002e8fa923a8992c08418c3c52eb0b58ca4ef8acdd8cfa8",
    "data_coincidence_beamOff.txt": "7da026aabfe1ecba2c574985004abf6172db8949ab3c8d511ecf438d8bdac5ba",
    "data_anticoincidence_beamOff.txt": "15036a7ba1c1b4b5ead31089b6da48f066c5a9f536ea33e8a82309f6c6838f60",
    "arrivalTimePDF_promptNeutrinos.txt": "cdb76a156c311c3508815e9c02f745e3532ba8c35aaff2e7d882e6abece8298f",
    "arrivalTimePDF_delayedNeutrinos.txt": "ea015b3df2b553d21a8ef910ef14599069e5256058d59b838e8e3fad3c90a676",
    "arrivalTimePDF_promptNeutrons.txt": "8d6cd45b02b3cfbca59cfd6839eb622576960c896a8e22ece464899fcc41d068",
}
#: Label of data that are not the official release (used only with ``allow_modified``/``--allow-modified``).
MODIFIED_LABEL = "MODIFIED DATA"

#: Release keys used throughout the project → file names.
COUNT_FILES: dict[str, str] = {
    "C_on": "data_coincidence_beamOn.txt",
    "AC_on": "data_anticoincidence_beamOn.txt",
    "C_off": "data_coincidence_beamOff.txt",
    "AC_off": "data_anticoincidence_beamOff.txt",
}
TIME_PDF_FILES: dict[str, str] = {
    "prompt_neutrinos": "arrivalTimePDF_promptNeutrinos.txt",
    "delayed_neutrinos": "arrivalTimePDF_delayedNeutrinos.txt",
    "prompt_neutrons": "arrivalTimePDF_promptNeutrons.txt",
}
PROMPT_PDF_FILE = "promptPDF.txt"
PARAMETERS_FILE = "coherent_parameters.yaml"
QF_FILES = ("qfData_chicago.txt", "qfData_tunl.txt")

#: The files :func:`cevns_edu.data.load_release` needs (the others are documentation and QF data).
REQUIRED_FILES: tuple[str, ...] = (*COUNT_FILES.values(), *TIME_PDF_FILES.values(), PROMPT_PDF_FILE,
                                   PARAMETERS_FILE)


def url(name: str, base: str | None = None) -> str:
    """Give the download URL of one release file.

    Parameters
    ----------
    name : str
        File name, a key of :data:`REGISTRY`.
    base : str, optional
        A mirror's base URL: the file is then ``base/name`` (default ``$CEVNS_EDU_MIRROR``, else Zenodo).

    Returns
    -------
    str
        The Zenodo download URL.

    Raises
    ------
    ValueError
        If ``name`` is not a file of the release.
    """
    _check_name(name)
    mirror = files.mirror_url(base)
    return f"{mirror}/{name}" if mirror else URL_PATTERN.format(name=name)


def _check_name(name: str) -> None:
    if name not in REGISTRY:
        raise ValueError(f"{name!r} is not a file of the COHERENT 2017 release; the files are: {', '.join(REGISTRY)}")


def cache_dir() -> Path:
    """Give the folder where fetched release files live.

    Returns
    -------
    pathlib.Path
        ``$CEVNS_EDU_CACHE/coherent2017``, or ``coherent2017`` in the platform's user cache folder.
    """
    return files.cache_dir("coherent2017")


def is_verified(path: str | os.PathLike[str], name: str | None = None) -> bool:
    """Check a file against the official checksum.

    Parameters
    ----------
    path : str or path-like
        The file.
    name : str, optional
        Release file name whose checksum applies (default: the file's name).

    Returns
    -------
    bool
        True when the file exists and its MD5 equals the official checksum of ``name``.

    Raises
    ------
    ValueError
        If ``name`` is not a file of the release.
    """
    p = Path(path)
    name = name or p.name
    _check_name(name)
    return p.is_file() and file_md5(p) == REGISTRY[name]


class FileStatus(files.FileStatus):
    """What is known about one release file in a folder (a wrong MD5 reads "CHECKSUM MISMATCH")."""

    UNVERIFIED = "CHECKSUM MISMATCH"


def status(folder: str | os.PathLike[str] | None = None) -> list[FileStatus]:
    """Report the checksum status of the 13 release files in a folder; never downloads.

    Parameters
    ----------
    folder : str or path-like, optional
        The folder (default: the cache).

    Returns
    -------
    list of FileStatus
        One entry per file of :data:`REGISTRY`.
    """
    d = Path(folder).expanduser() if folder is not None else cache_dir()
    return [FileStatus.of(name, d / name, md5, name in REQUIRED_FILES) for name, md5 in REGISTRY.items()]


def fetch(names: Iterable[str] | None = None, *, folder: str | os.PathLike[str] | None = None,
          progress: bool = True, downloader: Callable[..., object] | None = None, base: str | None = None,
          skipped: list[str] | None = None) -> dict[str, Path]:
    """Download release files into a folder, verifying each MD5.

    Files already present with the right checksum are not downloaded again; a present file with a wrong
    checksum (corrupt, truncated, edited) is downloaded again. The files the analysis needs come first; an
    optional file (documentation, QF data) that fails is skipped (listed in ``skipped``) and never stops the
    others. Each file is limited in size (:func:`cevns_edu.data.files.max_bytes`) and the whole fetch in time
    (:data:`cevns_edu.data.files.FETCH_DEADLINE_S`); a fetched file gets the umask's permissions (e.g. 0644).

    Parameters
    ----------
    names : iterable of str, optional
        File names (default: all 13 of :data:`REGISTRY`).
    folder : str or path-like, optional
        Destination (default: the cache); created if needed.
    progress : bool, optional
        Show a progress bar.
    downloader : callable, optional
        A pooch downloader, ``downloader(url, output_file, pooch_obj)``; tests pass one that copies local files.
    base : str, optional
        A mirror's base URL (files are ``base/NAME``); default ``$CEVNS_EDU_MIRROR``, else Zenodo.
    skipped : list, optional
        Receives one line per optional file that could not be fetched.

    Returns
    -------
    dict of str to pathlib.Path
        File name → local path.

    Raises
    ------
    ValueError
        If a name is not a file of the release, or the mirror URL is not http(s).
    RuntimeError
        If a required download fails, is too large or too slow, or its checksum does not match (the bad copy
        is discarded); the message says whether the network or the disk is at fault.
    OSError
        If the folder cannot be created.

    References
    ----------
    Zenodo record 1228631 (DOI 10.5281/zenodo.1228631), which publishes the MD5 checksums.
    """
    import pooch  # deferred: pooch (and requests), only for an explicit download

    names = list(REGISTRY) if names is None else list(names)
    for n in names:
        _check_name(n)
    files.mirror_url(base)  # refuses a bad mirror URL before anything is written
    names = [n for n in names if n in REQUIRED_FILES] + [n for n in names if n not in REQUIRED_FILES]
    d = Path(folder).expanduser() if folder is not None else cache_dir()
    if d.exists() and not d.is_dir():
        raise ValueError(f"{d} is a file, not a folder; the release files need a folder (--data-dir, CEVNS_EDU_CACHE)")
    d.mkdir(parents=True, exist_ok=True)
    pooch.get_logger().setLevel("WARNING")  # no "Downloading file ..." lines: the command says what it does
    deadline = time.monotonic() + files.FETCH_DEADLINE_S
    got: dict[str, Path] = {}
    for n in names:
        dl = downloader if downloader is not None else files.BoundedDownloader(deadline, progressbar=progress)
        try:
            path = pooch.retrieve(url(n, base), known_hash=f"md5:{REGISTRY[n]}", fname=n, path=d, downloader=dl,
                                  progressbar=False)
        except ValueError as exc:  # pooch: hash of the downloaded file does not match
            msg = (f"{n}: the downloaded file's MD5 does not match the official checksum {REGISTRY[n]}; the bad "
                   f"copy was discarded. Run `cevns-edu data fetch` again; if it keeps failing, the download is "
                   f"being altered on its way ({str(exc).splitlines()[0][:100]})")
            if n not in REQUIRED_FILES and skipped is not None:
                skipped.append(msg)
                continue
            raise RuntimeError(msg) from None
        except Exception as exc:  # network, disk, limits
            msg = files.download_failure(n, url(n, base), exc, d, "cevns-edu data fetch")
            if n not in REQUIRED_FILES and skipped is not None:
                skipped.append(msg)
                continue
            raise RuntimeError(msg) from None
        files.make_readable(path)
        got[n] = Path(path)
    return got
