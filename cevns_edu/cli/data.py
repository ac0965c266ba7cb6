"""`cevns-edu data fetch [--data-dir DIR]` and `cevns-edu data status [--data-dir DIR]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cevns_edu.data import registry as reg
from cevns_edu.data.files import mirror_url
from cevns_edu.data.loaders import ReleaseFileError, ReleaseNotFoundError
from cevns_edu.data.release import load_folder

from . import argon
from .common import add_allow_modified, check_data_dir, not_a_folder_line


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``data`` subcommand to the ``cevns-edu`` parser.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The subparsers of the ``cevns-edu`` parser; the new parser's ``func`` is chosen by its action (``fetch`` or ``status``).
    """
    p = sub.add_parser("data", help="download (fetch) and check (status) the COHERENT 2017 data release",
                       description="The COHERENT 2017 CsI[Na] data release (Zenodo record 1228631): download it "
                                   "into the user cache with MD5 verification, or see what is there.")
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION")
    f = dsub.add_parser("fetch", help="download the 13 release files (progress bar, official MD5 checks)")
    f.add_argument("--data-dir", metavar="DIR", help="download into DIR instead of the user cache")
    f.add_argument("--quiet", action="store_true", help="print nothing unless something goes wrong")
    f.add_argument("--base-url", metavar="URL",
                   help=f"fetch each file from URL/NAME (a local mirror, or a proxy for a class) instead of Zenodo; "
                        f"default ${reg.MIRROR_ENV} if set. Files are still checked against the official MD5")
    f.add_argument("--release", choices=("csi", "argon", "all"), default="csi",
                   help="which release: csi (COHERENT 2017, default), argon (CENNS-10, Zenodo 3903810) or all")
    f.set_defaults(func=_fetch)
    s = dsub.add_parser("status", help="what is cached (or in DIR), and whether it is verified")
    s.add_argument("--data-dir", metavar="DIR", help="check DIR instead of the user cache")
    s.add_argument("--release", choices=("csi", "argon", "all"), default="all",
                   help="which release to report (default: both)")
    add_allow_modified(s)
    s.set_defaults(func=_status)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _folder_arg(args: argparse.Namespace) -> Path | None:
    """Return the ``--data-dir`` folder (None: the cache), refusing "" and a path that is a file."""
    check_data_dir(args)
    if not args.data_dir:
        return None
    folder = Path(args.data_dir).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"--data-dir {folder} is a file, not a folder; give the folder for the release files")
    return folder


def _fetch(args: argparse.Namespace) -> int:
    given = _folder_arg(args)
    say = (lambda *a, **k: None) if args.quiet else print
    base = args.base_url
    if base is not None and not base.strip():
        raise ValueError('--base-url "" is empty; give the mirror\'s URL (files are fetched as URL/NAME)')
    if args.release in ("argon", "all"):
        argon.fetch(args)
        if args.release == "argon":
            return 0
    folder = given if given is not None else reg.cache_dir()
    mirror = mirror_url(base)
    say(f"Downloading the COHERENT 2017 data release (Zenodo record {reg.ZENODO_RECORD}, DOI {reg.DOI})")
    say(f"into {folder}; every file is checked against its official MD5"
        + (f" (from the mirror {mirror})." if mirror else "."))
    skipped: list[str] = []
    got = reg.fetch(folder=folder, progress=not args.quiet, base=base, skipped=skipped)
    for line in skipped:
        print(f"warning: optional file not downloaded: {line}", file=sys.stderr)
    say(f"Done: {len(got)} of {len(reg.REGISTRY)} files are present and verified"
        + (f" (all {len(reg.REQUIRED_FILES)} the analysis needs)." if skipped else "."))
    say("Notebooks and `cevns-edu fit` now use the real data"
        + ("." if not args.data_dir else f" when pointed at it (COHERENT2017_DIR={folder} or --data-dir {folder})."))
    return 0


def format_status(folder: Path | None = None, allow_modified: bool = False) -> tuple[str, bool]:
    """Human-readable status of the release in ``folder`` (default cache); returns (text, usable)."""
    d = folder if folder is not None else reg.cache_dir()
    where = "data folder" if folder is not None else "cache"
    rows = reg.status(d)
    lines = [f"COHERENT 2017 data release (Zenodo record {reg.ZENODO_RECORD}) — {where}: {d}"]
    lines += not_a_folder_line(d, "cevns-edu data fetch")
    for r in rows:
        size = f"{r.size_bytes / 1024:7.1f} kB" if r.present else " " * 10
        need = "" if r.required else "   (optional: documentation / QF data)"
        state = "differs from MD5" if (folder is not None and r.present and not r.verified) else r.state
        lines.append(f"  {state:<17}  {size}  {r.name}{need}")
    n_ok = sum(r.verified for r in rows)
    missing = [r for r in rows if r.required and not r.present]
    bad = [r for r in rows if r.present and not r.verified]
    usable = False
    if not any(r.present for r in rows):
        lines.append("Nothing here yet. Run `cevns-edu data fetch` to download the release"
                     " (the notebooks show a SIMULATED REPLICA until then).")
    elif missing:
        lines.append(f"{len(missing)} file(s) needed for the analysis are missing: run `cevns-edu data fetch`.")
    if bad and folder is None:
        lines.append(f"{len(bad)} cached file(s) fail the checksum and will NOT be used: run `cevns-edu data fetch` "
                     "to replace them.")
    if not missing and (folder is not None or not bad):
        try:
            rel = load_folder(d, allow_modified=allow_modified)
        except (ReleaseFileError, ReleaseNotFoundError) as exc:
            lines.append(f"NOT usable: {exc}")
        else:
            usable = True
            lines.append(f"Usable: {rel.source}. Events in the analysis region (6 ≤ PE < 30, 0 ≤ t < 6 μs): "
                         + ", ".join(f"{k} {rel.region_counts(k)}" for k in rel.counts) + ".")
            if folder is not None and bad:
                lines.append(f"{len(bad)} file(s) differ from the official download (e.g. comment headers stripped); "
                             "their content was validated, and the data are labelled 'local folder'.")
    lines.append(f"{n_ok} of {len(rows)} files verified against the official MD5 checksums.")
    env = os.environ.get(reg.DATA_DIR_ENV)
    if env and folder is None:
        lines.append(f"Note: COHERENT2017_DIR={env} is set, so notebooks read that folder, not the cache "
                     f"(check it with `cevns-edu data status --data-dir {env}`).")
    return "\n".join(lines), usable


def _status(args: argparse.Namespace) -> int:
    folder = _folder_arg(args)
    if folder is not None and not folder.is_dir():
        raise FileNotFoundError(f"data folder {folder} does not exist")
    release = getattr(args, "release", "csi")
    ok = True
    if release in ("csi", "all"):
        text, usable = format_status(folder, allow_modified=getattr(args, "allow_modified", False))
        print(text)
        ok = ok and usable
    if release in ("argon", "all"):
        text, usable = argon.status(folder)
        print(("\n" if release == "all" else "") + text)
        if release == "argon":  # with "all" the exit status stays the CsI one (as before this option existed)
            ok = usable
    return 0 if ok else 1
