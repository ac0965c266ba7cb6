"""Developers: re-execute course notebooks in place so their committed outputs are current.

Runs each notebook in a fresh kernel in the same environment nbval uses under `make test`
(no release data, so notebooks show the seeded simulated replica). Refuses to touch a notebook
with uncommitted edits: a learner's work is never overwritten.

Before saving, a notebook is normalised (``normalise``): what changes on every run without a change in
content is dropped, so re-executing a notebook whose numbers did not move gives an empty diff.

    python tools/execute_notebooks.py [--force] [notebooks/03_sns_source.ipynb ...]
    python tools/execute_notebooks.py --normalise-only [...]   # only normalise, do not execute
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def normalise(nb: dict) -> dict:
    """Drop what differs between two runs of the same notebook; modifies ``nb`` in place and returns it.

    * cells' ``metadata.execution`` (execution timestamps);
    * the notebook's ``metadata.widgets`` (the saved widget-state store: every model, under ids that are
      random on each run);
    * the ``model_id`` of each widget output, set to ``""``: with no saved state the id points at nothing,
      and JupyterLab hides an output whose ``model_id`` is empty (instead of "Error displaying widget:
      model not found") until the cell is run; nbval ignores widget outputs (their ``text/plain`` stays).
    """
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view:
                view["model_id"] = ""
    return nb


def test_environment() -> dict[str, str]:
    """The environment notebooks see under `make test`: no release folder, an empty cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("COHERENT2017_DIR", "CENNS10_DIR")}
    env["CEVNS_EDU_CACHE"] = tempfile.mkdtemp(prefix="cevns-edu-empty-cache-")
    env["MPLBACKEND"] = "module://ipympl.backend_nbagg"
    return env


def has_uncommitted_edits(path: Path) -> bool:
    """Tell whether a notebook differs from its committed version at HEAD (an untracked notebook: True).

    Staged edits count as edits (the comparison is with HEAD, not with the index). Outside a git work tree
    nothing can be compared, so that is refused (``SystemExit``): a learner's copy without ``.git`` is never
    overwritten, and neither is a notebook git does not track (it may be a learner's copy; a developer's
    new notebook is run with ``--force``).
    """
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=path.parent, capture_output=True,
                            text=True)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise SystemExit(f"{path} is not in a git work tree, so its edits cannot be checked; nothing was run "
                         "(this tool is for developers of the course, in a clone of its repository)")
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", str(path)], cwd=path.parent, capture_output=True)
    if tracked.returncode != 0:
        return True  # not committed: nothing to restore it from
    diff = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", str(path)], cwd=path.parent)
    return diff.returncode != 0


def execute(path: Path, force: bool = False, run: bool = True) -> float:
    """Run ``path`` in a fresh kernel (unless ``run`` is False), normalise it and save it; seconds taken."""
    if has_uncommitted_edits(path) and not force:  # raises outside a git work tree, even with force
        raise SystemExit(f"{path} has uncommitted edits or is not committed; nothing was run. Commit it, or pass "
                         "--force to overwrite it")
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    if run:
        os.environ.update(test_environment())
        ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(nb, {"metadata": {"path": str(path.parent)}})
    dt = time.perf_counter() - t0
    nbformat.write(normalise(nb), path)
    return dt


def main(argv: list[str]) -> int:
    """Execute and normalise the notebooks named in ``argv`` (default: all), printing the seconds each took."""
    parser = argparse.ArgumentParser(prog="execute_notebooks.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all of notebooks/)")
    parser.add_argument("--force", action="store_true", help="also run notebooks with uncommitted edits")
    parser.add_argument("--normalise-only", action="store_true", help="only normalise, do not execute")
    args = parser.parse_args(argv)
    force, run = args.force, not args.normalise_only
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    for p in paths:
        print(f"{p.name}: {execute(p, force, run):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
