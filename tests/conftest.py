"""Shared fixtures for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_RELEASE = ROOT.parent / "shared" / "coherent2017"


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
