"""`cevns-edu notebooks`: give a learner their own copy of the course.

    cevns-edu notebooks copy DEST [--dry-run]   copy the course notebooks into DEST
    cevns-edu notebooks list                    list the course notebooks and where they are

``copy`` never overwrites an existing file: a learner's edited notebook is always kept. Each file is
created with exclusive creation (``open(..., "xb")``), so even a file appearing mid-copy is not
replaced. It reports what it copied and what it skipped.
"""

from __future__ import annotations

import argparse
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import cevns_edu

_IGNORED_PARTS = {".ipynb_checkpoints", "__pycache__", ".virtual_documents"}


def course_dir() -> Path:
    """Find the folder holding the course notebooks.

    ``notebooks/`` beside the package (editable install / checkout), else ``cevns_edu/resources/notebooks``
    (a packaged copy).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        If neither folder holds a notebook.
    """
    package = Path(cevns_edu.__file__).resolve().parent
    for candidate in (package.parent / "notebooks", package / "resources" / "notebooks"):
        if candidate.is_dir() and any(candidate.glob("*.ipynb")):
            return candidate
    raise FileNotFoundError(
        f"course notebooks not found (looked in {package.parent / 'notebooks'} and "
        f"{package / 'resources' / 'notebooks'}); install cevns-edu from a checkout of the repository"
    )


def course_files(src: Path | None = None) -> list[Path]:
    """List the course's files (notebooks and anything they load from their folder).

    Parameters
    ----------
    src : pathlib.Path, optional
        The course folder; default :func:`course_dir`.

    Returns
    -------
    list of pathlib.Path
        Paths relative to ``src``, sorted; checkpoints, caches and hidden files left out.
    """
    src = course_dir() if src is None else src
    files = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_file() and not (set(rel.parts) & _IGNORED_PARTS) and not rel.name.startswith("."):
            files.append(rel)
    return files


@dataclass
class CopyReport:
    """What :func:`copy_course` did: the files copied and the files skipped (already there), relative paths."""

    copied: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def copy_course(dest: Path, *, src: Path | None = None, dry_run: bool = False) -> CopyReport:
    """Copy the course into ``dest`` (created if needed). Existing files are skipped, never overwritten.

    Parameters
    ----------
    dest : pathlib.Path
        Destination folder.
    src : pathlib.Path, optional
        The course folder; default :func:`course_dir`.
    dry_run : bool
        Only report what would be copied or skipped.

    Returns
    -------
    CopyReport

    Raises
    ------
    ValueError
        If ``dest`` is a file, or is the course folder itself.
    """
    src = course_dir() if src is None else Path(src)
    dest = Path(dest).expanduser()
    if dest.exists() and not dest.is_dir():
        raise ValueError(f"destination {dest} exists and is not a folder")
    if dest.resolve() == src.resolve():
        raise ValueError(f"destination {dest} is the course folder itself; choose another folder")
    report = CopyReport()
    for rel in course_files(src):
        target = dest / rel
        if target.exists() or target.is_symlink():
            report.skipped.append(rel)
            continue
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with open(src / rel, "rb") as fin, open(target, "xb") as fout:
                    shutil.copyfileobj(fin, fout)
            except FileExistsError:  # appeared meanwhile: still never overwrite
                report.skipped.append(rel)
                continue
            shutil.copystat(src / rel, target)
        report.copied.append(rel)
    return report


def _cmd_copy(args: argparse.Namespace) -> int:
    dest = Path(args.dest)
    report = copy_course(dest, dry_run=args.dry_run)
    verb = "would copy" if args.dry_run else "copied"
    for rel in report.copied:
        print(f"  {verb:10s} {rel}")
    for rel in report.skipped:
        print(f"  {'skipped':10s} {rel}  (already in {dest}; your version is kept)")
    print(f"{verb.capitalize()} {len(report.copied)} file(s) to {dest}; "
          f"skipped {len(report.skipped)} existing file(s) — nothing was overwritten.")
    if report.copied and not args.dry_run:
        print(f"Start the course:  jupyter lab {dest / '00_welcome.ipynb'}")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    src = course_dir()
    print(f"Course folder: {src}")
    for rel in course_files(src):
        if rel.suffix == ".ipynb":
            print(f"  {rel}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``notebooks`` subcommand to the ``cevns-edu`` parser.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The subparsers of the ``cevns-edu`` parser; the new parser's ``func`` is chosen by its action (``copy`` or ``list``).
    """
    p = sub.add_parser("notebooks", help="copy the course notebooks for a learner",
                       description="Copy or list the course notebooks. Copying never overwrites a file.")
    nsub = p.add_subparsers(dest="action", required=True)
    c = nsub.add_parser("copy", help="copy the course into DEST (existing files are kept, never overwritten)")
    c.add_argument("dest", metavar="DEST", help="folder to copy the course into (created if needed)")
    c.add_argument("--dry-run", action="store_true", help="only report what would be copied or skipped")
    c.set_defaults(func=_cmd_copy)
    ls = nsub.add_parser("list", help="list the course notebooks and the folder they are copied from")
    ls.set_defaults(func=_cmd_list)
