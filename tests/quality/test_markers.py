"""``-m "not release"`` isolates every test that needs a real data release (tests/conftest.py marks them).

The suite is collected in a separate pytest process (collection only, nothing runs) with a small plugin
that records which tests ``-m "not release"`` kept and which it deselected, and whether each one asks,
directly or through other fixtures, for a fixture that hands it the real release files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RELEASE_FIXTURES = {"release_dir", "argon_dir"}  # tests/conftest.py RELEASE_FIXTURES, restated to be checked

PLUGIN = textwrap.dedent('''
    import json, os

    _deselected = []

    def pytest_deselected(items):
        _deselected.extend(items)

    def pytest_collection_finish(session):
        rows = {"selected": [[i.nodeid, list(getattr(i, "fixturenames", ()))] for i in session.items],
                "deselected": [[i.nodeid, list(getattr(i, "fixturenames", ()))] for i in _deselected]}
        with open(os.environ["CEVNS_EDU_COLLECT_OUT"], "w") as f:
            json.dump(rows, f)
''')


def _collect_not_release(tmp_path: Path) -> dict[str, list[list]]:
    (tmp_path / "collect_plugin.py").write_text(PLUGIN)
    out = tmp_path / "collected.json"
    env = {**os.environ, "CEVNS_EDU_COLLECT_OUT": str(out),
           "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "pytest", "tests", "--collect-only", "-q", "-m", "not release",
           "-p", "collect_plugin", "-p", "no:cacheprovider", "-o", "addopts=", "--ignore=tests/browser"]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"collection failed:\n{run.stdout[-3000:]}{run.stderr[-2000:]}"
    return json.loads(out.read_text())


def test_not_release_deselects_every_test_that_needs_the_release(tmp_path):
    rows = _collect_not_release(tmp_path)
    kept_but_needs_release = [n for n, fx in rows["selected"] if RELEASE_FIXTURES & set(fx)]
    dropped_but_needs_nothing = [n for n, fx in rows["deselected"] if not RELEASE_FIXTURES & set(fx)]
    assert not kept_but_needs_release, "tests needing the release were not marked:\n" + "\n".join(
        kept_but_needs_release)
    assert not dropped_but_needs_nothing, "tests marked release that need no release:\n" + "\n".join(
        dropped_but_needs_nothing)
    # not vacuous: the loaders, the fit, the CLI and the argon analysis read the real files
    assert len(rows["deselected"]) >= 50
    assert len(rows["selected"]) >= 300
