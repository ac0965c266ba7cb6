"""A learner's edited notebooks survive every project command.

Everything runs in a temporary `git clone` of this repository (never in the working tree itself): we
edit a course notebook the way a learner would, run the project's commands, and check the edited file
is byte-for-byte unchanged.

* `tools/execute_notebooks.py` (behind `make execute-notebooks`, the only command that writes
  notebooks) refuses a notebook with uncommitted edits;
* `cevns-edu notebooks copy` never overwrites a learner's copy;
* nbval (what `make test` runs on notebooks) and the other `cevns-edu` commands leave notebooks alone;
* every Makefile target, analysed with `make -n` (dry run: prints the commands, runs nothing), contains
  no command that writes into notebooks/ or discards uncommitted work (git checkout/reset/stash/clean…).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
NOTE = "MY OWN NOTES: the learner wrote this and must never lose it."

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                                reason="needs git and a git checkout of the repository")


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".ipynb_checkpoints" not in p.parts}


def learner_edit(nb_path: Path) -> bytes:
    """Add a Markdown cell of the learner's own notes (as JupyterLab would save it)."""
    nb = json.loads(nb_path.read_text())
    nb["cells"].append({"cell_type": "markdown", "id": "learner-notes", "metadata": {}, "source": [NOTE]})
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return nb_path.read_bytes()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("learner") / "cevns-edu"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(dest)], check=True)
    subprocess.run(["git", "-C", str(dest), "config", "user.email", "learner@example.org"], check=True)
    subprocess.run(["git", "-C", str(dest), "config", "user.name", "Learner"], check=True)
    if not any((dest / "notebooks").glob("*.ipynb")):
        pytest.skip("no course notebooks committed yet")
    return dest


def _smallest_notebook(clone: Path) -> Path:
    return min((clone / "notebooks").glob("[0-9][0-9]_*.ipynb"), key=lambda p: p.stat().st_size)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COHERENT2017_DIR", None)
    return env


def test_execute_notebooks_refuses_uncommitted_edits(clone: Path) -> None:
    nb = _smallest_notebook(clone)
    edited = learner_edit(nb)
    run = subprocess.run([PY, "tools/execute_notebooks.py", str(nb)], cwd=clone, capture_output=True, text=True,
                         env=_env(), timeout=300)
    assert run.returncode != 0, "execute_notebooks.py ran over a notebook with uncommitted edits"
    assert "uncommitted edits" in (run.stdout + run.stderr)
    assert nb.read_bytes() == edited
    # relative path and path given from another folder: still refused
    run = subprocess.run([PY, str(clone / "tools" / "execute_notebooks.py"), f"notebooks/{nb.name}"], cwd=clone,
                         capture_output=True, text=True, env=_env(), timeout=300)
    assert run.returncode != 0 and nb.read_bytes() == edited


def test_nbval_leaves_an_edited_notebook_alone(clone: Path) -> None:
    """What `make test` runs on notebooks (nbval) reads them; it never writes them back."""
    nb = _smallest_notebook(clone)
    if NOTE not in nb.read_text():
        learner_edit(nb)
    before = digest(clone / "notebooks")
    subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"notebooks/{nb.name}"], cwd=clone,
                   capture_output=True, text=True, env=_env(), timeout=300)  # pass or fail: irrelevant here
    assert digest(clone / "notebooks") == before


def test_cli_commands_leave_a_learners_folder_alone(clone: Path, tmp_path: Path) -> None:
    mine = tmp_path / "my-course"
    exe = [PY, "-m", "cevns_edu.cli"]
    first = subprocess.run([*exe, "notebooks", "copy", str(mine)], capture_output=True, text=True, env=_env(),
                           cwd=tmp_path, check=True)
    assert "Copied" in first.stdout
    edited_nb = sorted(mine.glob("[0-9][0-9]_*.ipynb"))[0]
    learner_edit(edited_nb)
    before = digest(mine)
    commands = [
        ["notebooks", "copy", str(mine)],
        ["notebooks", "list"],
        ["xsec", "--help"],
        ["predict", "--json"],
        ["fit", "--simulated", "--json"],
        ["data", "status"],
    ]
    for cmd in commands:
        subprocess.run([*exe, *cmd], capture_output=True, text=True, env=_env(), cwd=mine, timeout=300)
    assert digest(mine) == before
    assert NOTE in edited_nb.read_text()


# ------------------------------------------------------------------ Makefile, analysed by dry run
WRITER = re.compile(r"\b(rm|mv|cp|rsync|truncate|tee)\s|\bsed\s+-i|--inplace|--to[ =]notebook|>")
NOTEBOOK_PATH = re.compile(r"notebooks|\.ipynb")


def writes_notebooks(line: str) -> bool:
    """A shell line that writes/removes something and names the notebooks."""
    return bool(WRITER.search(line) and NOTEBOOK_PATH.search(line))


DISCARDS_WORK = re.compile(r"\bgit\s+(checkout|reset|stash|clean|restore|rebase|pull|switch)\b")


@pytest.mark.parametrize(("line", "bad"), [
    ("rm -rf notebooks/01_coherence.ipynb", True),
    ("cp -r /tmp/fresh/notebooks .", True),
    ("jupyter nbconvert --to notebook --inplace notebooks/01_coherence.ipynb", True),
    ("sed -i s/x/y/ notebooks/00_welcome.ipynb", True),
    ("echo {} > notebooks/00_welcome.ipynb", True),
    (".venv/bin/jupyter lab --ServerApp.root_dir=notebooks --port=8888", False),
    ("rm -rf .venv .pytest_cache .hypothesis", False),
    (".venv/bin/voila notebooks/presenter.ipynb --port=8888", False),
])
def test_dry_run_analysis_can_fail(line: str, bad: bool) -> None:
    assert writes_notebooks(line) is bad


def test_discarding_git_commands_are_recognised() -> None:
    assert DISCARDS_WORK.search("git checkout -- notebooks/01_coherence.ipynb")
    assert DISCARDS_WORK.search("git stash")
    assert not DISCARDS_WORK.search("git ls-files --error-unmatch x")


def makefile_targets(makefile: Path) -> list[str]:
    phony = re.search(r"^\.PHONY:(.*)$", makefile.read_text(), re.MULTILINE)
    return phony.group(1).split() if phony else []


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_makefile_targets_never_touch_learners_notebooks(clone: Path) -> None:
    targets = makefile_targets(clone / "Makefile")
    assert {"lab", "test", "install"} <= set(targets), targets
    for target in targets:
        run = subprocess.run(["make", "-n", target], cwd=clone, capture_output=True, text=True, env=_env(), timeout=60)
        assert run.returncode == 0, f"make -n {target}: {run.stderr}"
        for line in run.stdout.splitlines():
            assert not DISCARDS_WORK.search(line), f"make {target} would discard uncommitted work: {line}"
            if target == "execute-notebooks":
                if "execute_notebooks.py" in line:
                    assert "--force" not in line, f"make {target} must not force over a learner's edits: {line}"
                continue
            assert not writes_notebooks(line), f"make {target} would write into notebooks/: {line}"
            assert "execute_notebooks.py" not in line, f"make {target} re-executes notebooks: {line}"
    # `make lab` opens the learner's own copy (made by `notebooks copy`, which never overwrites), never notebooks/
    lab = subprocess.run(["make", "-n", "lab"], cwd=clone, capture_output=True, text=True, env=_env()).stdout
    assert re.search(r"cevns-edu notebooks copy \"[^\"]*cevns-course\"", lab), lab
    assert re.search(r"cd \"[^\"]*cevns-course\" && .*jupyter\"? lab\b", lab, re.DOTALL), lab
    assert "root_dir=notebooks" not in lab and " notebooks/" not in lab, lab


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_execute_notebooks_refuses_uncommitted_edits(clone: Path) -> None:
    """The real target (not a dry run), with the install step satisfied by this environment's Python."""
    nb = _smallest_notebook(clone)
    if NOTE not in nb.read_text():
        learner_edit(nb)
    edited = nb.read_bytes()
    venv_bin = clone / ".venv" / "bin"
    venv_bin.mkdir(parents=True, exist_ok=True)
    shim = venv_bin / "python"  # this environment's Python stands in for the clone's venv
    shim.write_text(f'#!/bin/sh\nexec "{PY}" "$@"\n')
    shim.chmod(0o755)
    stamp = clone / ".venv" / ".cevns-edu-installed"
    stamp.touch()
    os.utime(stamp)  # newer than pyproject.toml/constraints.txt: `install` has nothing to do
    run = subprocess.run(["make", "execute-notebooks", f"NB=notebooks/{nb.name}"], cwd=clone, capture_output=True,
                         text=True, env=_env(), timeout=300)
    assert run.returncode != 0
    assert "uncommitted edits" in run.stdout + run.stderr
    assert nb.read_bytes() == edited
