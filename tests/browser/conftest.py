"""Fixtures for the real-browser tests: a JupyterLab server, a Voila server and headless Debian Chromium.

These tests skip loudly (with the reason) when Playwright or /usr/bin/chromium is missing, except under
CI=true where a missing prerequisite is a failure (``require_or_skip`` from tests/conftest.py).
Install the browser with ``apt-get install -y chromium`` (Playwright's own browser download is not used).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import servers  # noqa: E402


def _load_tests_conftest():
    """tests/conftest.py under its own name (every conftest module is called "conftest")."""
    path = Path(__file__).resolve().parents[1] / "conftest.py"
    spec = importlib.util.spec_from_file_location("cevns_edu_tests_conftest", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


require_or_skip = _load_tests_conftest().require_or_skip

GALLERY = servers.ROOT / "docs" / "gallery"


def _require_browser() -> None:
    require_or_skip(importlib.util.find_spec("playwright") is not None,
                    "Playwright is not installed (pip install -c constraints.txt -e '.[test]')")
    require_or_skip(servers.CHROMIUM.exists(),
                    f"Chromium not found at {servers.CHROMIUM}: install it with `apt-get install -y chromium` "
                    "(the browser tests drive Debian's Chromium; Playwright's browser download is not used)")


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """Path of poppler's ``pdftotext`` (reads printed handouts back); skips loudly without it, fails under CI."""
    path = shutil.which("pdftotext")
    require_or_skip(path is not None, "pdftotext not found: install poppler (apt-get install -y poppler-utils) "
                                      "to read the printed handouts back")
    return str(path)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(servers.CHROMIUM), headless=True, args=servers.CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    _require_browser()
    server = servers.start_lab(tmp_path_factory.mktemp("jupyterlab"))
    try:
        yield server
    finally:
        try:
            server.shutdown_kernels()
        finally:
            server.stop()


@pytest.fixture(scope="session")
def gallery_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: docs/gallery when regenerating the gallery (`make gallery`, which sets
    CEVNS_EDU_GALLERY=1), else a temporary folder — `make test` leaves the working tree as it was."""
    if os.environ.get("CEVNS_EDU_GALLERY") == "1":
        GALLERY.mkdir(parents=True, exist_ok=True)
        return GALLERY
    return tmp_path_factory.mktemp("gallery")


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's axe.min.js (installed by .ci/run); skips loudly when absent — a failure under CI=true."""
    import pagetools

    script = pagetools.axe_script()
    require_or_skip(script is not None,
                    f"axe-core not found: install it with `npm install --prefix .venv/node axe-core@{pagetools.AXE_VERSION}` "
                    "(as .ci/run does), or set CEVNS_EDU_AXE_JS to an axe.min.js")
    return script


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failed browser test carries the last lines of its JupyterLab or Voila server's log (a kernel that
    died, a server-side traceback) as a section of its report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call"):
        for name in ("lab_server", "voila_server"):
            server = getattr(item, "funcargs", {}).get(name)
            if isinstance(server, servers.Server):
                report.sections.append((f"{server.kind} server log (last lines)", server.log_tail(120)))
