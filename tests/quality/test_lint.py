"""Lint and type gates run by ``make test``: ``ruff check .`` (rules in pyproject: pyflakes, bugbear, isort,
pyupgrade, pydocstyle numpy convention) and ``mypy`` (pyproject: strict on core, physics and experiment)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import require_or_skip

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str) -> str:
    """The tool installed beside this Python (the project's .venv), else on PATH."""
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.is_file() else shutil.which(name)
    require_or_skip(found is not None, f"{name} is not installed (the dev extra: pip install -c constraints.txt "
                                       "-e '.[dev]')")
    assert found is not None
    return found


def test_ruff_is_clean():
    run = subprocess.run([_tool("ruff"), "check", ".", "--no-cache", "--output-format", "concise"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"ruff check . found problems:\n{run.stdout[-6000:]}{run.stderr[-2000:]}"


def test_mypy_is_clean(tmp_path):
    # mypy reads [tool.mypy] in pyproject.toml (files = cevns_edu); its cache goes to a temporary directory
    run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy_cache")], cwd=ROOT,
                         capture_output=True, text=True, timeout=900)
    require_or_skip("No module named mypy" not in run.stderr, "mypy is not installed (the dev extra)")
    assert run.returncode == 0, f"mypy found errors:\n{run.stdout[-6000:]}{run.stderr[-2000:]}"
