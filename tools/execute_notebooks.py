"""Developers: re-execute course notebooks in place so their committed outputs are current.

Runs each notebook in a fresh kernel in the same environment nbval uses under `make test`
(no release data, so notebooks show the seeded simulated replica). Refuses to touch a notebook
with uncommitted edits: a learner's work is never overwritten.

    python tools/execute_notebooks.py [notebooks/03_sns_source.ipynb ...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

ROOT = Path(__file__).resolve().parents[1]


def test_environment() -> dict[str, str]:
    """The environment notebooks see under `make test`: no release folder, an empty cache."""
    env = {k: v for k, v in os.environ.items() if k != "COHERENT2017_DIR"}
    env["CEVNS_EDU_CACHE"] = tempfile.mkdtemp(prefix="cevns-edu-empty-cache-")
    env["MPLBACKEND"] = "module://ipympl.backend_nbagg"
    return env


def has_uncommitted_edits(path: Path) -> bool:
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", str(path)], cwd=ROOT, capture_output=True)
    if tracked.returncode != 0:
        return False  # a new notebook being written by a developer
    diff = subprocess.run(["git", "diff", "--quiet", "--", str(path)], cwd=ROOT)
    return diff.returncode != 0


def execute(path: Path, force: bool = False) -> float:
    if has_uncommitted_edits(path) and not force:
        raise SystemExit(f"{path} has uncommitted edits; commit them or pass --force")
    nb = nbformat.read(path, as_version=4)
    os.environ.update(test_environment())
    t0 = time.perf_counter()
    ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(nb, {"metadata": {"path": str(path.parent)}})
    dt = time.perf_counter() - t0
    nbformat.write(nb, path)
    return dt


def main(argv: list[str]) -> int:
    force = "--force" in argv
    paths = [Path(a).resolve() for a in argv if a != "--force"] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for p in paths:
        print(f"{p.name}: {execute(p, force):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
