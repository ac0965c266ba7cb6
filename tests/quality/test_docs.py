"""The API reference (docs/api: Sphinx autodoc + autosummary over cevns_edu + numpydoc) builds offline with
no warning (``-W --keep-going``: every warning is reported, then the build fails).

A copy of docs/api (and the architecture document it includes) is built in a temporary directory, so the
pages autosummary generates never land in the working tree.
"""

from __future__ import annotations

import importlib.util
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import require_or_skip

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_api_reference_builds_without_warnings(tmp_path):
    for module in ("sphinx", "numpydoc"):
        require_or_skip(importlib.util.find_spec(module) is not None,
                        f"{module} is not installed (the dev extra: pip install -c constraints.txt -e '.[dev]')")
    src = tmp_path / "docs"
    shutil.copytree(DOCS / "api", src / "api", ignore=shutil.ignore_patterns("_build", "generated"))
    shutil.copy(DOCS / "ARCHITECTURE.md", src / "ARCHITECTURE.md")
    out = tmp_path / "html"
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"),
           str(src / "api"), str(out)]
    run = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"Sphinx warnings (docs/api):\n{run.stderr[-6000:]}{run.stdout[-2000:]}"
    assert not run.stderr.strip(), run.stderr[-6000:]
    # not vacuous: every module of the package has its page, and the index links the architecture
    pages = {p.stem for p in (out / "generated").glob("cevns_edu*.html")}
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for p in (ROOT / "cevns_edu").rglob("*.py") if p.name != "__main__.py"}
    assert modules <= pages, f"modules without an API page: {sorted(modules - pages)}"
    assert "architecture.html" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "ARCHITECTURE.md").is_file()


def test_the_build_needs_no_network():
    # no extension that fetches inventories or images (intersphinx, linkcheck-style extensions), no remote URL
    conf = runpy.run_path(str(DOCS / "api" / "conf.py"))
    assert not [e for e in conf["extensions"] if "intersphinx" in e or "extlinks" in e or "linkcode" in e]
    assert "intersphinx_mapping" not in conf
    assert not [k for k, v in conf.items() if isinstance(v, str) and v.startswith(("http://", "https://"))]


def test_every_file_the_docs_name_exists():
    """A path like ``tests/…/test_x.py`` or ``cevns_edu/….py`` in the README, the docs, the notebooks or the CI
    script names a file of this repository (a moved file leaves no reader at a dead end)."""
    import re

    root = Path(__file__).resolve().parents[2]
    texts = [root / "README.md", root / ".ci" / "run", *sorted((root / "docs").rglob("*.md")),
             *sorted((root / "notebooks").glob("*.ipynb"))]
    pattern = re.compile(r"\b((?:tests|cevns_edu|tools|benchmarks)/[\w/]+\.py)\b")
    missing = sorted({f"{t.relative_to(root)}: {m}" for t in texts
                      for m in pattern.findall(t.read_text(encoding="utf-8"))
                      if not (root / m).is_file() and "NN" not in m})  # nbNN.py: a placeholder for a family
    assert not missing, missing
