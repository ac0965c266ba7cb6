"""Write docs/teacher_guide.md from the Markdown templates in docs/guide_src/ and what the course itself says.

    python tools/build_teacher_guide.py          # rewrite docs/teacher_guide.md
    python tools/build_teacher_guide.py --check  # exit 1 if the file is out of date

The prose is written by hand in docs/guide_src/ (``string.Template`` placeholders, ``$$`` for a dollar):

* ``guide.md`` — the whole guide; ``$notebooks`` is replaced by the notebook sections;
* ``notebook_NN.md`` — notebook NN's timing, emphasis, discussion questions and misconceptions;
  ``$title`` and ``$goals`` come from the notebook's first Markdown cell, ``$notebook`` is its file
  name, ``$minutes`` its time from the course outline (``cevns_edu.core.course``), ``$exercises`` its
  exercises (``exercises.md``, one ``exercise.md`` per exercise); ``guide.md``'s ``$total_minutes`` is the
  whole course's time.

From ``cevns_edu.exercises`` each exercise's ``$id``, ``$question``, ``$hint``, worked ``$solution`` and
the checker's reference ``$answer`` (computed by the library, on the simulated replica exactly as the
notebooks show it when the release is absent).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "teacher_guide.md"
SRC = ROOT / "docs" / "guide_src"


def fill(template: str, **values: str) -> str:
    """docs/guide_src/<template> with its placeholders replaced (values without surrounding newlines)."""
    text = (SRC / template).read_text()
    return Template(text).substitute({k: v.strip("\n") for k, v in values.items()})


def notebook_goals(nb_path: Path) -> tuple[str, str]:
    """(title, goals Markdown) from the notebook's first Markdown cell."""
    nb = json.loads(nb_path.read_text())
    first = next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    lines = first.splitlines()
    title = lines[0].lstrip("# ").strip()
    body = "\n".join(lines[1:])
    goals = re.split(r"\n\s*\*\*Prerequisites", body)[0].strip()
    goals = re.sub(r"^\*\*Goals\.?\*\*\.?\s*[—-]?\s*", "", goals)
    return title, goals[:1].upper() + goals[1:]


def exercise_block(ex) -> str:
    """Render one exercise (question, answer, hint, solution) with the ``exercise.md`` template."""
    from cevns_edu.exercises.editions import answer_text  # deferred: only after build() has put the project on sys.path

    return fill("exercise.md", id=ex.id, question=ex.question.strip(), answer=answer_text(ex),
                hint=ex.hint.strip(), solution=ex.solution.strip() or "*(no worked solution yet)*")


def notebook_section(nb: Path, exercises: list, minutes: int) -> str:
    """Render the section of notebook ``nb`` from its ``notebook_NN.md`` template, its exercises and its time."""
    template = f"notebook_{nb.name[:2]}.md"
    if not (SRC / template).exists():
        raise SystemExit(f"no teaching notes for {nb.name}: write docs/guide_src/{template}")
    if exercises and "$exercises" not in (SRC / template).read_text():
        raise SystemExit(f"docs/guide_src/{template} has no $exercises placeholder but {nb.name} has exercises")
    title, goals = notebook_goals(nb)
    blocks = "\n".join(exercise_block(e) for e in exercises)
    return fill(template, title=title, notebook=nb.name, goals=goals, minutes=str(minutes),
                exercises=fill("exercises.md", exercises=blocks) if exercises else "")


def build() -> str:
    """Build the whole guide's Markdown from the notebooks and the exercises' references."""
    # the notebooks' view of the data: no release → the seeded replica (as under `make test`)
    os.environ.pop("COHERENT2017_DIR", None)
    os.environ["CEVNS_EDU_CACHE"] = tempfile.mkdtemp(prefix="cevns-edu-guide-")
    sys.path.insert(0, str(ROOT))
    from cevns_edu.core.course import COURSE, total_minutes  # deferred: needs the project on sys.path
    from cevns_edu.exercises import exercises  # deferred: needs the environment set above

    sections = [notebook_section(ROOT / "notebooks" / item.file, exercises(item.number), item.minutes) for item in COURSE]
    return fill("guide.md", notebooks="\n".join(sections), total_minutes=str(total_minutes()))


def main(argv: list[str]) -> int:
    """Write the guide, or with ``--check`` return 1 if the committed guide is out of date."""
    text = build()
    if "--check" in argv:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python tools/build_teacher_guide.py")
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
