"""Shared fixtures for the test suite, and the rule that marks every test needing a real data release.

Tests are grouped by kind: ``unit/`` (one module's behaviour), ``validation/`` (against published values and
independent calculations), ``cli/``, ``notebooks/`` (notebook-level checks: learner safety, normalising,
exercises and the teacher guide; nbval runs the notebooks themselves), ``browser/`` and ``quality/`` (lint,
types, import layers, API docs, environment, offline).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_RELEASE = ROOT.parent / "shared" / "coherent2017"
SHARED_ARGON = ROOT.parent / "shared" / "cenns10"

# Fixtures that hand a test the real release files beside the repository (../shared). A test that uses one,
# directly or through another fixture, is marked ``release`` automatically, so ``-m "not release"`` runs
# everything that needs no real data (tests/quality/test_markers.py checks this rule).
RELEASE_FIXTURES = frozenset({"release_dir", "argon_dir"})


def local_downloader(source: Path, calls: list[str] | None = None):
    """A pooch downloader that copies ``source/<file name>`` instead of downloading (tests never use the network)."""
    def download(url: str, output_file, pooch_obj=None, check_only: bool = False):
        name = url.split("/files/")[1].split("?")[0]
        if calls is not None:
            calls.append(name)
        data = (source / name).read_bytes()
        if hasattr(output_file, "write"):
            output_file.write(data)
        else:
            Path(output_file).write_bytes(data)
    return download


def require_or_skip(condition: bool, reason: str) -> None:
    """Skip loudly with ``reason`` — except under CI (CI=true), where a missing prerequisite is a failure."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def release_dir() -> Path:
    """The COHERENT 2017 release files provided beside the repository (../shared/coherent2017)."""
    require_or_skip(
        (SHARED_RELEASE / "data_coincidence_beamOn.txt").is_file(),
        f"COHERENT 2017 release files not found at {SHARED_RELEASE}; these tests read the real data "
        "(run `cevns-edu data fetch` and point COHERENT2017_DIR at the cache to use a download)",
    )
    return SHARED_RELEASE


@pytest.fixture(scope="session")
def argon_dir() -> Path:
    """The CENNS-10 Analysis-A files provided beside the repository (../shared/cenns10)."""
    require_or_skip((SHARED_ARGON / "datanobkgsub.txt").is_file(),
                    f"CENNS-10 release files not found at {SHARED_ARGON}; these tests read the real argon data")
    return SHARED_ARGON


@pytest.hookimpl(tryfirst=True)  # before pytest's own -m deselection sees the items
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if RELEASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.release)
