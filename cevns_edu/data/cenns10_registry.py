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

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

ZENODO_RECORD = "3903810"
DOI = "10.5281/zenodo.3903810"
URL_PATTERN = "https://zenodo.org/records/3903810/files/{name}?download=1"
CACHE_ENV = "CEVNS_EDU_CACHE"
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
#: Documentation, projections and example code of the record (downloaded, not read).
OPTIONAL_FILES: tuple[str, ...] = ("CENNS10DataReleaseCompanion.pdf", "energydata1d.txt", "f90data1d.txt",
                                   "timingdata1d.txt", "systerrors1denergy.txt", "systerrors1dpsd.txt",
                                   "systerrors1dtime.txt", "PlotExtractedData.C", "readYAMLParameters.py")
#: Sub-folders some copies use (the record itself is flat); files are looked up there too.
SUBFOLDERS = ("", "SystErrors", "OneDProjections")


def cache_dir() -> Path:
    """Folder of the fetched release (``$CEVNS_EDU_CACHE/cenns10`` or the platform cache)."""
    root = os.environ.get(CACHE_ENV)
    if root:
        return Path(root).expanduser() / CACHE_SUBDIR
    import platformdirs  # deferred: only needed to locate the cache

    return Path(platformdirs.user_cache_dir("cevns-edu")) / CACHE_SUBDIR


def url(name: str) -> str:
    """Download URL of one file of the record."""
    if name not in REQUIRED_FILES + OPTIONAL_FILES:
        raise ValueError(f"{name!r} is not a file of the CENNS-10 release; the files are: "
                         f"{', '.join(REQUIRED_FILES + OPTIONAL_FILES)}")
    return URL_PATTERN.format(name=name)


def find_file(folder: str | os.PathLike, name: str) -> Path:
    """Path of ``name`` in ``folder`` (flat, as the record) or its ``SystErrors/``/``OneDProjections/``."""
    d = Path(folder)
    for sub in SUBFOLDERS:
        p = d / sub / name
        if p.is_file():
            return p
    return d / name


def file_md5(path: str | os.PathLike) -> str:
    """MD5 hex digest of a file (the checksum Zenodo publishes)."""
    h = hashlib.md5()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_checksums(folder: str | os.PathLike) -> dict[str, str]:
    """The Zenodo MD5s that :func:`fetch` saved in ``folder`` (empty when there is none)."""
    p = Path(folder) / CHECKSUM_FILE
    if not p.is_file():
        return {}
    out = {}
    for line in p.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].startswith("md5:"):
            out[parts[0]] = parts[1][4:].lower()
    return out


@dataclass(frozen=True)
class FileStatus:
    """One release file in a folder: present, and whether its MD5 equals the checksum Zenodo published."""

    name: str
    path: Path
    present: bool
    verified: bool
    size_bytes: int
    required: bool

    @property
    def state(self) -> str:
        if not self.present:
            return "missing"
        return "verified" if self.verified else "not verified"


def status(folder: str | os.PathLike | None = None) -> list[FileStatus]:
    """Status of every file of the record in ``folder`` (default: the cache). Never downloads."""
    d = Path(folder).expanduser() if folder is not None else cache_dir()
    sums = read_checksums(d)
    out = []
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        p = find_file(d, name)
        present = p.is_file()
        ok = present and name in sums and file_md5(p) == sums[name]
        out.append(FileStatus(name, p, present, ok, p.stat().st_size if present else 0, name in REQUIRED_FILES))
    return out


def is_verified_folder(folder: str | os.PathLike) -> bool:
    """True when every required file matches the Zenodo checksums saved in ``folder`` by :func:`fetch`."""
    return all(s.verified for s in status(folder) if s.required)


def fetch(folder: str | os.PathLike | None = None, *, progress: bool = True, optional: bool = True,
          registry: Mapping[str, str] | None = None, downloader: Callable | None = None) -> dict[str, Path]:
    """Download the release into ``folder`` (default: the cache), each file verified against Zenodo's MD5.

    Parameters
    ----------
    folder : path, optional
        Destination (created if needed).
    progress : bool
        Show pooch's progress bar.
    optional : bool
        Also download documentation and projections (:data:`OPTIONAL_FILES`).
    registry, downloader
        For tests only: a ``{name: "md5:…"}`` registry instead of asking Zenodo, and a pooch downloader.

    Returns
    -------
    dict
        File name → local path. Raises ``RuntimeError`` (naming the file) when Zenodo cannot be reached or a
        checksum does not match; the bad download is discarded by pooch.
    """
    import pooch  # deferred: only a download needs it

    d = Path(folder).expanduser() if folder is not None else cache_dir()
    d.mkdir(parents=True, exist_ok=True)
    p = pooch.create(path=d, base_url=f"doi:{DOI}/", registry=None if registry is None else dict(registry))
    if registry is None:
        try:
            p.load_registry_from_doi()
        except Exception as exc:  # offline, Zenodo down, DNS ...
            raise RuntimeError(f"could not read the checksums of Zenodo record {ZENODO_RECORD} (DOI {DOI}) "
                               f"({type(exc).__name__}: {exc}). Check the internet connection and retry") from None
    names = REQUIRED_FILES + (OPTIONAL_FILES if optional else ())
    missing = [n for n in REQUIRED_FILES if n not in p.registry]
    if missing:
        raise RuntimeError(f"Zenodo record {ZENODO_RECORD} does not list {', '.join(missing)}; the record's layout "
                           "changed — please report this")
    got = {}
    for n in names:
        if n not in p.registry:
            continue
        try:
            got[n] = Path(p.fetch(n, progressbar=progress and downloader is None, downloader=downloader))
        except ValueError as exc:  # pooch: checksum mismatch (file discarded)
            raise RuntimeError(f"{n}: the download does not match the checksum Zenodo publishes and was discarded "
                               f"({exc}); retry `cevns-edu data fetch --release argon`") from None
        except Exception as exc:  # network errors
            raise RuntimeError(f"{n}: could not download it ({type(exc).__name__}: {exc}); check the connection "
                               "and retry") from None
    lines = [f"{n} {p.registry[n]}" for n in sorted(p.registry) if str(p.registry[n]).startswith("md5:")]
    (d / CHECKSUM_FILE).write_text(f"# MD5 checksums published by Zenodo for record {ZENODO_RECORD} (DOI {DOI})\n"
                                   + "\n".join(lines) + "\n", encoding="utf-8")
    return got
