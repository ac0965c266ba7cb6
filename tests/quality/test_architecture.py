"""The layer contract (``.importlinter``) holds, and imports inside functions only defer heavy dependencies."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cevns_edu"


def test_layer_contract_is_kept():
    # lint-imports (import-linter's command) reads .importlinter, builds the import graph and checks each contract
    pytest.importorskip("importlinter")
    cmd = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
           "--config", str(ROOT / ".importlinter"), "--no-cache"]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"import contract broken (.importlinter):\n{run.stdout[-3000:]}{run.stderr[-2000:]}"
    assert "1 kept, 0 broken" in run.stdout


def _function_level_imports() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)):
                        found.append((str(path.relative_to(ROOT)), sub.lineno, lines[sub.lineno - 1]))
    return found


def test_imports_inside_functions_say_what_they_defer():
    undocumented = [f"{p}:{n}: {line.strip()}" for p, n, line in _function_level_imports() if "# deferred:" not in line]
    assert not undocumented, ("imports inside functions must defer a heavy dependency and say so "
                              "('# deferred: ...'), else move to the module top:\n" + "\n".join(undocumented))


def test_the_scan_sees_function_level_imports():
    # the check above is not vacuous: the package has a few deliberate, commented deferrals
    assert any("pooch" in line for _, _, line in _function_level_imports())


def test_architecture_doc_matrix_is_the_import_graph():
    """docs/ARCHITECTURE.md's importer × imported matrix equals the package import graph (grimp)."""
    grimp = pytest.importorskip("grimp")
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text[text.index("importer \\ imported"):]
    block = block[: block.index("```")].splitlines()
    header = block[0].split()[3:]
    cols = [block[0].index(name) + len(name) // 2 for name in header]  # a mark sits under the centre of its column
    documented = {}
    for row in block[1:]:
        if row.strip():
            marks = [i for i, ch in enumerate(row) if ch == "●"]
            documented[row.split()[0]] = {min(zip(header, cols, strict=True), key=lambda hc: abs(hc[1] - i))[0] for i in marks}
    graph = grimp.build_graph("cevns_edu", cache_dir=None)
    measured = {name: set() for name in documented}
    for module in graph.modules:
        for target in graph.find_modules_directly_imported_by(module):
            a, b = module.split(".")[1:2], target.split(".")[1:2]
            if a and b and a[0] != b[0]:
                measured.setdefault(a[0], set()).add(b[0])
    assert documented == measured
