"""Printable worksheets (``make handouts``): nbconvert's HTML, printed to PDF by the real Chromium, offline.

The PDF is read back with poppler's ``pdftotext`` (Debian ``poppler-utils``, installed by ``.ci/run``): it must
hold the notebook's title, the answer lines and every exercise's question, and no solution. Every equation of
every worksheet must be drawn (matplotlib mathtext), none left as raw LaTeX.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

from cevns_edu.core.course import COURSE, lesson
from cevns_edu.exercises import exercises
from cevns_edu.exercises.editions import worksheet

ROOT = Path(__file__).resolve().parents[2]


def _load_tool():
    spec = importlib.util.spec_from_file_location("build_handouts", ROOT / "tools" / "build_handouts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def _words(text: str) -> str:
    """Text with all whitespace (line wraps, the PDF's layout) folded to single spaces."""
    return " ".join(text.split())


@pytest.mark.parametrize("item", COURSE, ids=[item.number for item in COURSE])
def test_every_equation_of_every_worksheet_is_drawn(item) -> None:
    page = tool.worksheet_html(worksheet(item))
    assert "<code>\\" not in page and "$" not in re.sub(r"<[^>]+>", "", page), f"{item.file}: LaTeX left undrawn"
    assert "<script" not in page and "http" not in re.sub(r"https?://[^\"' ]*\.ipynb", "", page).split("<body>")[0]


@pytest.mark.browser
def test_a_handout_prints_to_a_pdf_with_the_questions_and_no_solution(browser, pdftotext: str, tmp_path: Path) -> None:
    item = lesson("02")
    pdf = tool.write_handout(browser, item, tmp_path)  # fails if the page asked for anything but file:/data:
    assert pdf.read_bytes().startswith(b"%PDF-")
    run = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    text = _words(run.stdout)
    assert "02 · Kinematics and form factors" in text and "Name:" in text and "Key equations" in text
    assert f"about {item.minutes} minutes" in text and "page 1 of" in text
    for ex in exercises("02"):
        assert _words(ex.question)[:60] in text, ex.id
        assert _words(ex.solution)[:40] not in text, f"{ex.id}: solution printed on the students' worksheet"


def test_the_tool_names_a_wrong_notebook(capsys: pytest.CaptureFixture[str]) -> None:
    assert tool.main(["--only", "42"]) == 2
    assert "no notebook '42' in the course" in capsys.readouterr().out
    assert tool.main(["a", "b"]) == 2
