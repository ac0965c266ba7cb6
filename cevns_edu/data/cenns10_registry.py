"""The COHERENT CENNS-10 liquid-argon data release (Analysis A): where it lives, how it is downloaded and verified.

Official home: Zenodo record 3903810 (DOI 10.5281/zenodo.3903810), "COHERENT Collaboration data release from
the first detection of coherent elastic neutrino-nucleus scattering on argon" (2020-06-22); companion
arXiv:2006.12659; physics paper D. Akimov et al. (COHERENT), Phys. Rev. Lett. 126, 012002 (2021),
arXiv:2003.10630.

Checksums are not restated here: :func:`fetch` asks Zenodo for the record's published MD5s through pooch
(``pooch.create(base_url="doi:10.5281/zenodo.3903810/")`` + ``load_registry_from_doi()``), downloads each
file to a temporary name, keeps it only when its MD5 matches, and writes the checksums it was given to
``zenodo_checksums.txt`` beside the files. A folder is "verified" when it holds that file and every
required file matches it; any other folder (``$CENNS10_DIR``, ``--data-dir``) is still fully
content-validated by :mod:`cevns_edu.data.cenns10` but labelled "local folder: DIR". Nothing here
touches the network except :func:`fetch`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import files
from .files import CACHE_ENV as CACHE_ENV  # re-exported: part of this module's interface
from .files import FileStatus as FileStatus
from .files import file_md5 as file_md5

ZENODO_RECORD = "3903810"
DOI = "10.5281/zenodo.3903810"
URL_PATTERN = "https://zenodo.org/records/3903810/files/{name}?download=1"
DATA_DIR_ENV = "CENNS10_DIR"
CACHE_SUBDIR = "cenns10"
CHECKSUM_FILE = "zenodo_checksums.txt"
FETCH_HINT = "run `cevns-edu data fetch --release argon` to download a verified copy"

DATA_FILE = "datanobkgsub.txt"
PDF_FILES: dict[str, str] = {"cevns": "cevnspdf.txt", "brn_prompt": "brnpdf.txt", "brn_delayed": "delbrnpdf.txt",
                             "steady_state": "bkgpdf.txt"}
#: ±1σ shape variations: name → (component, down file or None, up file). A one-sided variation has no "down".
VARIATION_FILES: dict[str, tuple[str, str | None, str]] = {
    "brn_timing_mean": ("brn_prompt", "brnpdf-1sigBRNTimingMean.txt", "brnpdf+1sigBRNTimingMean.txt"),
    "brn_energy": ("brn_prompt", "brnpdf-1sigEnergy.txt", "brnpdf+1sigEnergy.txt"),
    "brn_timing_width": ("brn_prompt", None, "brnpdfBRNTimingWidthSyst.txt"),
    "cevns_f90": ("cevns", "cevnspdf-1sigF90.txt", "cevnspdf+1sigF90.txt"),
    "cevns_timing_mean": ("cevns", None, "cevnspdfCEvNSTimingMeanSyst.txt"),
}
EFFICIENCY_FILE = "CENNS10AnlAEfficiency.txt"
PARAMETERS_FILE = "LArParametersAnlA.yaml"
#: Files the analysis reads.
REQUIRED_FILES: tuple[str, ...] = (DATA_FILE, *PDF_FILES.values(),
                                   *sorted({f for _, d, u in VARIATION_FILES.values() for f in (d, u) if f}),
                                   EFFICIENCY_FILE, PARAMETERS_FILE)
#: SHA-256 of the parsed content of every file the analysis reads (:func:`cevns_edu.data.files.array_digest`
#: of the loader's array; for the YAML, :func:`cevns_edu.data.cenns10.parameters_digest`), computed from the
#: release's files (the copy in ``../shared/cenns10``). A folder whose files parse to other numbers is not the
#: official release: refused, or used labelled MODIFIED DATA with ``allow_modified``.
CONTENT_SHA256: dict[str, str] = {
    "datanobkgsub.txt": "0afb9557243ca71c8db4436704c2a52fa2dddfa6d9f2d70f6c52cb57aac9a26b",
    "cevnspdf.txt": "f403a01ba7a156fe3d3618ae6ba9b9dd4a0b1028801eec1398b63ed5aebc6b9b",
    "brnpdf.txt": "23f5497622e4ea750c0744fe02460d8a40763b76cc96e8576afba51a42f92702",
    "delbrnpdf.txt": "10155ecabc9c261e6a5ceeac7b29ea719a751999d02fdc7bfe8f80a894865d02",
    "bkgpdf.txt": "eef333650dee2eb332d0523b82114c2167b0267be922faf2d263f372ed215836",
    "brnpdf+1sigBRNTimingMean.txt": "5fcf15feb04deb582194836cc32361b24936e2eb2dd3d2a14b5f5bf7d58d271d",
    "brnpdf+1sigEnergy.txt": "9ca7ad4767b371775dd20242f2a40c0ca32f83f338c06182431b856463ce563d",
    "brnpdf-1sigBRNTimingMean.txt": "5ae5e468c8f449f0bd6413cb0345d918fca4673df7e047a96b2fe50caafd82d3",
    "brnpdf-1sigEnergy.txt": "8af94bfea8b4ad07b7f2a68aa474d63943c33ad7d9bdf35cab7299f89e0997ca",
    "brnpdfBRNTimingWidthSyst.txt": "929af83e835394257e43d2b69437b7917df50b74e838578395b1e13a041fe09e",
    "cevnspdf+1sigF90.txt": "e48632dc20de294d0d81eadcff634c26607c6e64a3b3da990fb3dad840663697",
    "cevnspdf-1sigF90.txt": "5c5af52e4b3d518e587a725b47f329dc586efb7a90446101782e3047c09d9200",
    "cevnspdfCEvNSTimingMeanSyst.txt": "da79b812d296ac73bc4bd9ce2e5239f3d4222b0a4bf36ad80f8da400d26a4531",
    "CENNS10AnlAEfficiency.txt": "37bbd4897477e415767f9a7e7eef7e1d8b1d25dbcdc85fbb0bc1e01a18f1eb43",
    "LArParametersAnlA.yaml": "e0209d87e290bcd44be7c6a8dfc163c7a08d5753c4cdcd41345d86b0c3ec6ae6",
}
#: Documentation, projections and example code of the record (downloaded, not read).
OPTIONAL_FILES: tuple[str, ...] = ("CENNS10DataReleaseCompanion.pdf", "energydata1d.txt", "f90data1d.txt",
                                   "timingdata1d.txt", "systerrors1denergy.txt", "systerrors1dpsd.txt",
                                   "systerrors1dtime.txt", "PlotExtractedData.C", "readYAMLParameters.py")
#: Sub-folders some copies use (the record itself is flat); files are looked up there too.
SUBFOLDERS = ("", "SystErrors", "OneDProjections")


def cache_dir() -> Path:
    """Give the folder of the fetched release.

    Returns
    -------
    pathlib.Path
        ``$CEVNS_EDU_CACHE/cenns10``, or ``cenns10`` in the platform's user cache folder.
    """
    return files.cache_dir(CACHE_SUBDIR)


def url(name: str) -> str:
    """Give the download URL of one file of the record.

    Parameters
    ----------
    name : str
        A file of :data:`REQUIRED_FILES` or :data:`OPTIONAL_FILES`.

    Returns
    -------
    str
        The Zenodo download URL.

    Raises
    ------
    ValueError
        If ``name`` is not a file of the record.
    """
    if name not in REQUIRED_FILES + OPTIONAL_FILES:
        raise ValueError(f"{name!r} is not a file of the CENNS-10 release; the files are: "
                         f"{', '.join(REQUIRED_FILES + OPTIONAL_FILES)}")
    return URL_PATTERN.format(name=name)


def find_file(folder: str | os.PathLike[str], name: str) -> Path:
    """Find a file in a folder (flat, as the record) or its ``SystErrors/``/``OneDProjections/``.

    Parameters
    ----------
    folder : str or path-like
        The folder.
    name : str
        File name.

    Returns
    -------
    pathlib.Path
        The first existing location, or ``folder/name`` when there is none.
    """
    d = Path(folder)
    for sub in SUBFOLDERS:
        p = d / sub / name
        if p.is_file():
            return p
    return d / name


def read_checksums(folder: str | os.PathLike[str]) -> dict[str, str]:
    """Read the Zenodo MD5s that :func:`fetch` saved in a folder.

    Parameters
    ----------
    folder : str or path-like
        The folder.

    Returns
    -------
    dict of str to str
        File name → lower-case MD5 hex digest (empty when there is no checksum file).
    """
    p = Path(folder) / CHECKSUM_FILE
    return parse_checksums(p.read_text(encoding="utf-8")) if p.is_file() else {}


def parse_checksums(text: str) -> dict[str, str]:
    """Parse the lines ``NAME md5:HEX`` of a checksum file (:data:`CHECKSUM_FILE`); other lines are skipped.

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    dict of str to str
        File name → lower-case MD5 hex digest.
    """
    out: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].startswith("md5:"):
            out[parts[0]] = parts[1][4:].lower()
    return out


def _mirror_registry(mirror: str, folder: Path, downloader: Callable[..., object]) -> dict[str, str]:
    """Read the checksums a mirror serves as ``MIRROR/zenodo_checksums.txt`` (the file :func:`fetch` writes)."""
    tmp = folder / f".{CHECKSUM_FILE}.part"
    try:
        downloader(f"{mirror}/{CHECKSUM_FILE}", str(tmp), None)
        sums = parse_checksums(tmp.read_text(encoding="utf-8", errors="replace"))
    except Exception as exc:  # network, 404, limits, disk
        raise RuntimeError(files.download_failure(CHECKSUM_FILE, f"{mirror}/{CHECKSUM_FILE}", exc, folder,
                                                  "cevns-edu data fetch --release argon")) from None
    finally:
        tmp.unlink(missing_ok=True)
    return {n: f"md5:{h}" for n, h in sums.items()}


def status(folder: str | os.PathLike[str] | None = None) -> list[FileStatus]:
    """Report the status of every file of the record in a folder; never downloads.

    Parameters
    ----------
    folder : str or path-like, optional
        The folder (default: the cache).

    Returns
    -------
    list of FileStatus
        One entry per required and optional file.
    """
    d = Path(folder).expanduser() if folder is not None else cache_dir()
    sums = read_checksums(d)
    return [FileStatus.of(name, find_file(d, name), sums.get(name), name in REQUIRED_FILES)
            for name in REQUIRED_FILES + OPTIONAL_FILES]


def is_verified_folder(folder: str | os.PathLike[str]) -> bool:
    """Check that every required file matches the Zenodo checksums :func:`fetch` saved in a folder.

    Parameters
    ----------
    folder : str or path-like
        The folder.

    Returns
    -------
    bool
        True when every required file is present and verified.
    """
    return all(s.verified for s in status(folder) if s.required)


class _DoiBounded:
    """Resolve pooch's ``doi:`` URLs to the repository's file URLs, then download with ``inner``."""

    def __init__(self, inner: Callable[..., object]) -> None:
        self.inner = inner
        self.repo: Any = None

    def __call__(self, url: str, output_file: object, pooch_obj: object, check_only: bool = False) -> object:
        if url.startswith("doi:"):
            from pooch.downloaders import doi_to_repository  # deferred: only a download needs pooch

            doi, _, name = url[len("doi:"):].rpartition("/")
            if self.repo is None:
                self.repo = doi_to_repository(doi)
            url = self.repo.download_url(name)
        return self.inner(url, output_file, pooch_obj, check_only)


def fetch(folder: str | os.PathLike[str] | None = None, *, progress: bool = True, optional: bool = True,
          base: str | None = None, registry: Mapping[str, str] | None = None,
          downloader: Callable[..., object] | None = None, skipped: list[str] | None = None) -> dict[str, Path]:
    """Download the release into a folder, each file verified against Zenodo's MD5.

    The files the analysis needs come first; an optional one that fails is skipped (listed in ``skipped``)
    and never stops the others. Each file is limited in size and the whole fetch in time (as for the CsI
    release, :class:`cevns_edu.data.files.BoundedDownloader`); fetched files get the umask's permissions.

    Parameters
    ----------
    folder : str or path-like, optional
        Destination (default: the cache); created if needed.
    progress : bool, optional
        Show pooch's progress bar.
    optional : bool, optional
        Also download documentation and projections (:data:`OPTIONAL_FILES`).
    base : str, optional
        A mirror's base URL (default ``$CEVNS_EDU_MIRROR``, else Zenodo): each file is ``base/NAME``, checked
        against the MD5s the mirror serves as ``base/zenodo_checksums.txt`` (the file a fetch from Zenodo
        writes, so a teacher can serve a fetched cache folder). The content is then checked against the
        official release's digests when it is loaded (:mod:`cevns_edu.data.cenns10`).
    registry : mapping of str to str, optional
        For tests only: a ``{name: "md5:…"}`` registry instead of asking Zenodo.
    downloader : callable, optional
        For tests only: a pooch downloader.
    skipped : list, optional
        Receives one line per optional file that could not be fetched.

    Returns
    -------
    dict of str to pathlib.Path
        File name → local path.

    Raises
    ------
    RuntimeError
        When Zenodo cannot be reached, does not list a required file, or a checksum does not match
        (naming the file; the bad download is discarded by pooch).

    References
    ----------
    Zenodo record 3903810 (DOI 10.5281/zenodo.3903810), which publishes the MD5 checksums.
    """
    import pooch  # deferred: only a download needs it

    d = Path(folder).expanduser() if folder is not None else cache_dir()
    if d.exists() and not d.is_dir():
        raise ValueError(f"{d} is a file, not a folder; the release files need a folder (--data-dir, CEVNS_EDU_CACHE)")
    d.mkdir(parents=True, exist_ok=True)
    pooch.get_logger().setLevel("WARNING")  # no "Downloading file ..." lines: the command says what it does
    mirror = files.mirror_url(base)
    bounded = files.BoundedDownloader(time.monotonic() + files.FETCH_DEADLINE_S, progressbar=progress)
    if mirror and registry is None:
        registry = _mirror_registry(mirror, d, downloader or bounded)
    p = pooch.create(path=d, base_url=f"{mirror}/" if mirror else f"doi:{DOI}/",
                     registry=None if registry is None else dict(registry))
    if registry is None:
        try:
            p.load_registry_from_doi()
        except Exception as exc:  # offline, Zenodo down, DNS ...
            raise RuntimeError(f"could not read the checksums of Zenodo record {ZENODO_RECORD} (DOI {DOI}) "
                               f"({type(exc).__name__}: {exc}). Check the internet connection and retry") from None
    names = REQUIRED_FILES + (OPTIONAL_FILES if optional else ())
    missing = [n for n in REQUIRED_FILES if n not in p.registry]
    if missing:
        if mirror:
            raise RuntimeError(f"the mirror's {CHECKSUM_FILE} does not list {', '.join(missing[:2])}"
                               f"{' …' if len(missing) > 2 else ''}; serve a folder that `cevns-edu data fetch "
                               "--release argon` filled")
        raise RuntimeError(f"Zenodo record {ZENODO_RECORD} does not list {', '.join(missing)}; the record's layout "
                           "changed — please report this")
    got: dict[str, Path] = {}
    dl = downloader if downloader is not None else (bounded if mirror else _DoiBounded(bounded))
    for n in names:
        if n not in p.registry:
            continue
        try:
            got[n] = Path(p.fetch(n, progressbar=False, downloader=dl))
        except ValueError as exc:  # pooch: checksum mismatch (file discarded)
            msg = (f"{n}: the download does not match the checksum Zenodo publishes and was discarded "
                   f"({str(exc).splitlines()[0][:100]}); retry `cevns-edu data fetch --release argon`")
        except Exception as exc:  # network, disk, limits
            msg = files.download_failure(n, n, exc, d, "cevns-edu data fetch --release argon")
        else:
            files.make_readable(got[n])
            continue
        if n in REQUIRED_FILES:
            raise RuntimeError(msg) from None
        if skipped is not None:  # an optional file never stops the others
            skipped.append(msg)
    lines = [f"{n} {p.registry[n]}" for n in sorted(p.registry) if str(p.registry[n]).startswith("md5:")]
    origin = f"served by the mirror {mirror} as" if mirror else "published by"
    (d / CHECKSUM_FILE).write_text(f"# MD5 checksums {origin} Zenodo for record {ZENODO_RECORD} (DOI {DOI})\n"
                                   + "\n".join(lines) + "\n", encoding="utf-8")
    return got
