"""Course times and "Next" links come from one source, ``cevns_edu.core.course``, and agree everywhere.

Each notebook's header time, its closing "**Next:**" link, notebook 00's course map, the README's course table and
the teacher's guide are read as a learner sees them and compared with the outline.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cevns_edu.core.course import COURSE, PRESENTER, lesson, total_minutes

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = {item.number: item for item in COURSE}


def markdown_cells(name: str) -> list[str]:
    """The Markdown cells of notebook ``name``, as text."""
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def test_the_outline_lists_every_notebook_of_the_course_in_order() -> None:
    on_disk = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert [item.file for item in COURSE] == on_disk
    assert (NOTEBOOKS / PRESENTER).is_file()
    assert total_minutes() == sum(item.minutes for item in COURSE)


@pytest.mark.parametrize("item", COURSE, ids=[item.number for item in COURSE])
def test_notebook_header_states_the_outline_time(item) -> None:
    header = markdown_cells(item.file)[0]
    assert f"**Time** — about {item.minutes} minutes" in header, f"{item.file}: header lacks the outline's time"
    stated = {int(n) for n in re.findall(r"(\d+) minutes", header)}
    assert stated == {item.minutes}, f"{item.file} header says {sorted(stated)} minutes; the outline says {item.minutes}"


@pytest.mark.parametrize("item", COURSE, ids=[item.number for item in COURSE])
def test_notebook_ends_with_a_working_next_link(item) -> None:
    text = "\n".join(markdown_cells(item.file))
    lines = [line for line in text.splitlines() if line.startswith("**Next:**")]
    assert len(lines) == 1, f"{item.file}: expected one **Next:** line, found {len(lines)}"
    link = re.search(r"\[([^\]]+)\]\(([^)]+)\)", lines[0])
    assert link, f"{item.file}: the **Next:** line has no link: {lines[0]}"
    assert link.group(2) == item.next, f"{item.file}: Next opens {link.group(2)}; the outline says {item.next}"
    assert link.group(1).startswith(lesson(item.next).number), link.group(1)
    assert (NOTEBOOKS / link.group(2)).is_file()


def _table_minutes(text: str, row: str) -> dict[str, int]:
    """``{notebook number: minutes}`` from the Markdown table rows matching ``row`` (groups: number, minutes)."""
    return {m.group(1): int(m.group(2)) for m in re.finditer(row, text, re.MULTILINE)}


def test_course_map_of_notebook_00_agrees() -> None:
    text = "\n".join(markdown_cells("00_welcome.ipynb"))
    assert _table_minutes(text, r"^\| \*\*(\d\d) [^|]*\|[^|]*\| (\d+) min \|") == \
        {item.number: item.minutes for item in COURSE}


def test_readme_course_table_agrees() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _table_minutes(text, r"^\| `(\d\d)_\w+` \|[^|]*\| (\d+) min \|") == \
        {item.number: item.minutes for item in COURSE}


def test_teacher_guide_agrees() -> None:
    text = (ROOT / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
    assert _table_minutes(text, r"^`notebooks/(\d\d)_\w+\.ipynb` · about (\d+) min") == \
        {item.number: item.minutes for item in COURSE}
    assert f"to {total_minutes()} minutes;" in text


@pytest.mark.parametrize("key", ["01", 1, "01_coherence", "01_coherence.ipynb"])
def test_lesson_lookup(key) -> None:
    assert lesson(key).file == "01_coherence.ipynb"


@pytest.mark.parametrize("key", ["42", "01_fit", "presenter"])
def test_lesson_lookup_names_what_exists(key) -> None:
    with pytest.raises(ValueError, match=r"no notebook .* it has 00_welcome\.ipynb"):
        lesson(key)
