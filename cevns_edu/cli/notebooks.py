"""`cevns-edu notebooks`: give a learner their own copy of the course.

    cevns-edu notebooks copy DEST [--dry-run]   copy the course notebooks into DEST (the students' edition)
    cevns-edu notebooks copy DEST --solutions   the teacher's edition: a worked solution after every exercise
    cevns-edu notebooks list                    list the course notebooks and where they are

``copy`` never overwrites an existing file: a learner's edited notebook is always kept. Each file is
created with exclusive creation (``open(..., "xb")``), so even a file appearing mid-copy is not
replaced. It reports what it copied and what it skipped. Beside the notebooks it copies the gallery the
course links to (``docs/GALLERY.md`` and its screenshots), so JupyterLab's file browser reaches them.

Two editions, from the same source: the students' edition (the default) holds no solution anywhere; the
teacher's edition (``--solutions``) adds a worked-solution cell after every exercise
(:func:`cevns_edu.exercises.editions.teacher_edition`) and the teacher's guide (``docs/teacher_guide.md``),
under the same never-overwrite rule.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..core import resources
from ..exercises.editions import notebook_bytes, teacher_edition

_IGNORED_PARTS = {".ipynb_checkpoints", "__pycache__", ".virtual_documents"}
#: the docs every copy holds, under ``docs/`` (notebook 00 links to them there)
GUIDE_PATTERNS = ("GALLERY.md", "gallery/*.png")
#: the docs only the teacher's edition holds (the guide prints every exercise's solution)
TEACHER_PATTERNS = ("teacher_guide.md",)


def course_dir() -> Path:
    """Find the folder holding the course notebooks.

    The notebooks ship in the package; in a checkout they are the repository's ``notebooks/``.

    Returns
    -------
    pathlib.Path
    """
    return resources.notebooks_dir()


def guide_files(*, solutions: bool = False) -> list[tuple[Path, Path]]:
    """List the docs a copy of the course holds: the gallery, and for the teacher's edition the guide.

    Parameters
    ----------
    solutions : bool
        The teacher's edition (adds ``docs/teacher_guide.md``).

    Returns
    -------
    list of (pathlib.Path, pathlib.Path)
        ``(source file, path relative to the copy)`` pairs.
    """
    docs = resources.docs_dir()
    patterns = GUIDE_PATTERNS + (TEACHER_PATTERNS if solutions else ())
    return [(path, Path("docs") / path.relative_to(docs)) for pattern in patterns for path in sorted(docs.glob(pattern))]


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


def with_solutions(rel: Path, data: bytes) -> bytes:
    """Turn a course file into its teacher's edition: notebooks get worked solutions, other files are kept.

    Parameters
    ----------
    rel : pathlib.Path
        The file's path in the copy.
    data : bytes
        Its content.

    Returns
    -------
    bytes
    """
    if rel.suffix != ".ipynb":
        return data
    return notebook_bytes(teacher_edition(json.loads(data)))


def copy_course(dest: Path | str, *, src: Path | None = None, dry_run: bool = False,
                solutions: bool = False) -> CopyReport:
    """Copy the course into ``dest`` (created if needed). Existing files are skipped, never overwritten.

    Without ``src`` the course is the shipped notebooks plus the docs (:func:`guide_files`); with ``src``
    only that folder's files.

    Parameters
    ----------
    dest : pathlib.Path
        Destination folder.
    src : pathlib.Path, optional
        The course folder; default :func:`course_dir`.
    dry_run : bool
        Only report what would be copied or skipped.
    solutions : bool
        Write the teacher's edition: notebooks through :func:`with_solutions`, plus the teacher's guide.

    Returns
    -------
    CopyReport

    Raises
    ------
    ValueError
        If ``dest`` is a file, the course itself, or cannot be written (naming the folder and the reason).
    """
    files = [] if src is not None else guide_files(solutions=solutions)
    transform = with_solutions if solutions else None
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
                    if transform is None:
                        shutil.copyfileobj(fin, fout)
                    else:
                        fout.write(transform(rel, fin.read()))
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
    report = copy_course(args.dest, dry_run=args.dry_run, solutions=args.solutions)
    dest = Path(args.dest).expanduser()
    verb = "would copy" if args.dry_run else "copied"
    for rel in report.copied:
        print(f"  {verb:10s} {rel}")
    for rel in report.skipped:
        print(f"  {'skipped':10s} {rel}  (already in {dest}; your version is kept)")
    print(f"{verb.capitalize()} {len(report.copied)} file(s) to {dest}; "
          f"skipped {len(report.skipped)} existing file(s) — nothing was overwritten.")
    if args.solutions:
        print("This is the teacher's edition (a worked solution after every exercise, and docs/teacher_guide.md): "
              "keep it away from students; they get `cevns-edu notebooks copy DEST`.")
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
    c.add_argument("--solutions", action="store_true",
                   help="the teacher's edition: a worked solution after every exercise (not for students)")
    c.set_defaults(func=_cmd_copy)
    ls = nsub.add_parser("list", help="list the course notebooks and the folder they are copied from")
    ls.set_defaults(func=_cmd_list)
