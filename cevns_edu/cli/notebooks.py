"""`cevns-edu notebooks`: give a learner their own copy of the course.

    cevns-edu notebooks copy DEST [--dry-run]   copy the course notebooks into DEST
    cevns-edu notebooks list                    list the course notebooks and where they are

``copy`` never overwrites an existing file: a learner's edited notebook is always kept. Each file is
created with exclusive creation (``open(..., "xb")``), so even a file appearing mid-copy is not
replaced. It reports what it copied and what it skipped. Beside the notebooks it copies the guide the
course links to (``docs/teacher_guide.md``, ``docs/GALLERY.md`` and its screenshots), so JupyterLab's
file browser reaches them.
"""

from __future__ import annotations

import argparse
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..core import resources

_IGNORED_PARTS = {".ipynb_checkpoints", "__pycache__", ".virtual_documents"}
#: the docs a learner's copy holds, under ``docs/`` (notebook 00 and the guide link to them there)
GUIDE_PATTERNS = ("teacher_guide.md", "GALLERY.md", "gallery/*.png")


def course_dir() -> Path:
    """Find the folder holding the course notebooks.

    The notebooks ship in the package; in a checkout they are the repository's ``notebooks/``.

    Returns
    -------
    pathlib.Path
    """
    return resources.notebooks_dir()


def guide_files() -> list[tuple[Path, Path]]:
    """List the guide and gallery files a learner's copy holds.

    Returns
    -------
    list of (pathlib.Path, pathlib.Path)
        ``(source file, path relative to the copy)`` pairs.
    """
    docs = resources.docs_dir()
    return [(path, Path("docs") / path.relative_to(docs))
            for pattern in GUIDE_PATTERNS for path in sorted(docs.glob(pattern))]


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


def copy_course(dest: Path | str, *, src: Path | None = None, dry_run: bool = False) -> CopyReport:
    """Copy the course into ``dest`` (created if needed). Existing files are skipped, never overwritten.

    Without ``src`` the course is the shipped notebooks plus the guide (:func:`guide_files`); with ``src``
    only that folder's files.

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
        If ``dest`` is a file, the course itself, or cannot be written (naming the folder and the reason).
    """
    files = [] if src is not None else guide_files()
    src = course_dir() if src is None else Path(src)
    if not str(dest).strip():
        raise ValueError("destination is empty; give the folder to copy the course into, e.g. ~/cevns-course")
    dest = Path(dest).expanduser()
    if dest.exists() and not dest.is_dir():
        raise ValueError(f"destination {dest} exists and is not a folder; choose another folder")
    for parent in dest.parents:
        if parent.exists() and not parent.is_dir():
            raise ValueError(f"destination {dest}: {parent} is a file, not a folder; choose another folder")
    inside = _inside_course(dest, src)
    if inside is not None and dest.resolve() == inside:
        raise ValueError(f"destination {dest} is the course folder itself; choose another folder")
    if inside is not None:
        raise ValueError(f"destination {dest} is inside the course folder {inside}; copies there would be run "
                         "by the course's tests and nest inside each other — choose a folder outside it")
    files = [(src / rel, rel) for rel in course_files(src)] + files
    report = CopyReport()
    for source, rel in files:
        target = dest / rel
        if target.exists() or target.is_symlink():
            report.skipped.append(rel)
            continue
        if not dry_run:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(source, "rb") as fin, open(target, "xb") as fout:
                    shutil.copyfileobj(fin, fout)
            except FileExistsError:  # appeared meanwhile: still never overwrite
                report.skipped.append(rel)
                continue
            except OSError as exc:
                raise ValueError(f"cannot write the course to {dest}: {exc.strerror or exc} ({exc.filename}); "
                                 "choose a folder you can write to") from None
            try:
                shutil.copystat(source, target)
            except OSError:  # a file system without modes or times: the copy itself is complete
                pass
        report.copied.append(rel)
    return report


def _inside_course(dest: Path, src: Path) -> Path | None:
    """Return the course folder ``dest`` lies in (the package's notebooks, or the checkout's ``notebooks/``)."""
    target = dest.resolve()
    roots = {src.resolve(), course_dir().resolve(), resources.notebooks_dir().resolve()}
    checkout = Path(__file__).resolve().parents[2] / "notebooks"
    if checkout.is_dir():
        roots.add(checkout.resolve())
    for root in sorted(roots):
        if target == root or root in target.parents:
            return root
    return None


def _cmd_copy(args: argparse.Namespace) -> int:
    report = copy_course(args.dest, dry_run=args.dry_run)
    dest = Path(args.dest).expanduser()
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
