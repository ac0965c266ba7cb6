"""The students' and the teacher's editions of the course, and the worksheets, come from one source.

* ``cevns-edu notebooks copy DEST`` (students): no file of the copy holds any exercise's worked solution;
* ``cevns-edu notebooks copy DEST --solutions`` (teacher): every exercise's solution sits right after its check
  cell, the course's own cells and outputs are unchanged, the guide is there — and nothing is overwritten;
* ``worksheet``: every notebook's worksheet has its exercises' questions and no solution.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from cevns_edu.cli import main
from cevns_edu.cli.notebooks import copy_course
from cevns_edu.core.course import COURSE
from cevns_edu.exercises import exercises
from cevns_edu.exercises.editions import SOLUTION_TAG, exercise_ids, teacher_edition, worksheet

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = {ex.id: ex.solution.strip() for ex in exercises()}


def _texts(folder: Path) -> dict[str, str]:
    """Every text file of a copy (notebooks and Markdown), by relative path."""
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in folder.rglob("*") if p.suffix in {".ipynb", ".md"}}


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("student") / "cevns-course"
    copy_course(dest)
    return dest


@pytest.fixture(scope="module")
def teacher_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("teacher") / "cevns-teacher"
    copy_course(dest, solutions=True)
    return dest


def test_every_exercise_has_a_worked_solution() -> None:
    assert SOLUTIONS and all(SOLUTIONS.values()), [k for k, v in SOLUTIONS.items() if not v]


def test_students_edition_shows_no_solution(student_copy: Path) -> None:
    texts = _texts(student_copy)
    assert any(name.endswith(".ipynb") for name in texts)
    assert not (student_copy / "docs" / "teacher_guide.md").exists()
    leaks = [(ex_id, name) for ex_id, sol in SOLUTIONS.items() for name, text in texts.items()
             if sol in text or json.dumps(sol, ensure_ascii=False)[1:-1] in text]
    assert not leaks, f"solutions in the students' edition: {leaks}"


def test_teachers_edition_has_every_solution_after_its_check_cell(teacher_copy: Path) -> None:
    seen = set()
    for item in COURSE:
        nb = nbformat.read(teacher_copy / item.file, as_version=4)
        nbformat.validate(nb)
        cells = nb.cells
        for i, cell in enumerate(cells):
            for ex_id in exercise_ids(cell.source) if cell.cell_type == "code" else []:
                after = [c for c in cells[i + 1:i + 1 + len(exercise_ids(cell.source))]]
                match = [c for c in after if c.source.startswith(f"**Solution {ex_id}**")]
                assert match, f"{item.file}: no solution cell after the check of {ex_id}"
                assert SOLUTIONS[ex_id] in match[0].source
                assert SOLUTION_TAG in match[0].metadata["tags"]
                seen.add(ex_id)
    assert seen == set(SOLUTIONS)
    guide = (teacher_copy / "docs" / "teacher_guide.md").read_bytes()
    assert guide == (ROOT / "docs" / "teacher_guide.md").read_bytes()


def test_teachers_edition_keeps_the_course_cells_and_outputs(teacher_copy: Path) -> None:
    for item in COURSE:
        source = json.loads((ROOT / "notebooks" / item.file).read_text(encoding="utf-8"))
        teacher = json.loads((teacher_copy / item.file).read_text(encoding="utf-8"))
        kept = [c for c in teacher["cells"] if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
        assert kept == source["cells"], item.file
        assert teacher["metadata"] == source["metadata"]


def test_teacher_edition_does_not_modify_its_input() -> None:
    nb = json.loads((ROOT / "notebooks" / "02_form_factors.ipynb").read_text(encoding="utf-8"))
    before = json.dumps(nb)
    teacher_edition(nb)
    assert json.dumps(nb) == before


def test_teachers_copy_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "02_form_factors.ipynb").write_text("MY OWN NOTES")
    assert main(["notebooks", "copy", str(dest), "--solutions"]) == 0
    out = capsys.readouterr().out
    assert (dest / "02_form_factors.ipynb").read_text() == "MY OWN NOTES"
    assert "skipped    02_form_factors.ipynb" in out and "teacher's edition" in out
    assert SOLUTIONS["03.1"] in (dest / "03_sns_source.ipynb").read_text(encoding="utf-8")


@pytest.mark.parametrize("item", COURSE, ids=[item.number for item in COURSE])
def test_worksheet_has_the_questions_and_no_solution(item) -> None:
    sheet = worksheet(item)
    nbformat.validate(nbformat.from_dict(sheet))
    text = "\n".join(c["source"] for c in sheet["cells"])
    assert item.file in text and f"about {item.minutes} minutes" in text
    for ex in exercises(item.number):
        assert ex.question.strip() in text
        assert ex.solution.strip() not in text
    if not exercises(item.number):
        assert all(o.title in text for o in COURSE)  # 00: the course map
