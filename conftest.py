"""Test-wide setup (applies to tests/ and to the notebooks nbval runs).

* Notebooks under test see no release data (no COHERENT2017_DIR, an empty cache), so they run on the
  seeded simulated replica and their committed outputs reproduce on any machine. Tests that need the
  real files read them explicitly from ../shared/coherent2017 (fixture ``release_dir``).
* Library tests run with sockets disabled (pytest-socket); notebook kernels and browser tests are
  covered by the network namespace of ``tools/offline`` (see tests/test_offline.py).
"""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.pop("COHERENT2017_DIR", None)
os.environ.pop("CENNS10_DIR", None)
os.environ["CEVNS_EDU_CACHE"] = tempfile.mkdtemp(prefix="cevns-edu-empty-cache-")
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path)
        if path.endswith(".ipynb") or "browser" in item.keywords or "needs_socket" in item.keywords:
            continue
        item.add_marker(pytest.mark.disable_socket)
