"""The harness classifies honestly: each outcome is reachable, so a green suite means something."""

from __future__ import annotations

import harness as h


def _bad(x: float) -> float:
    if x < 0:
        raise ValueError(f"x must be >= 0, got {x}")
    return x


def test_outcomes_are_reachable(tmp_path):
    assert h.api_call(_bad, -1.0, names="x").outcome == h.CLEAR
    assert h.api_call(_bad, -1.0, names="radius").outcome == h.UNCLEAR
    assert h.api_call(_bad, 1.0, check=lambda r: r == 1.0).outcome == h.RIGHT
    assert h.api_call(_bad, 1.0).outcome == h.WRONG
    assert h.api_call(lambda: [][1]).outcome == h.TRACEBACK
    f = tmp_path / "mine.ipynb"
    f.write_text("learner")
    assert h.guard_work(lambda: (f.write_text("x"), h.Verdict(h.CLEAR, ""))[1], [tmp_path]).outcome == h.LOST
