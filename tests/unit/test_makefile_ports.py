"""`make present` and `make lab` run side by side: they default to different ports (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _recipe(text: str, target: str) -> str:
    m = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n)+)", text, re.MULTILINE)
    assert m, f"no {target} target"
    return m.group(1)


def test_present_and_lab_default_to_different_ports() -> None:
    text = MAKEFILE.read_text()
    defaults = dict(re.findall(r"^(PORT|PRESENT_PORT)\s*\?=\s*(\d+)\s*$", text, re.MULTILINE))
    assert set(defaults) == {"PORT", "PRESENT_PORT"}, defaults
    assert defaults["PORT"] != defaults["PRESENT_PORT"]
    assert "--port=$(PORT)" in _recipe(text, "lab")
    present = _recipe(text, "present")
    assert "--port=$(PRESENT_PORT)" in present and "$(PORT)" not in present.replace("$(PRESENT_PORT)", "")
