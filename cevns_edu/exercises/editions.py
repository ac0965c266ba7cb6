"""The course's editions from one source: the teacher's (with worked solutions) and a printable worksheet.

The students' edition is the course as shipped: its notebooks hold the questions and a ``check(...)`` cell per
exercise, never a solution. From the same notebooks and the same :class:`~cevns_edu.exercises.Exercise` objects
the teacher's guide is built from (``tools/build_teacher_guide.py``):

* :func:`teacher_edition` — a notebook with a worked-solution Markdown cell after each exercise's check cell
  (``cevns-edu notebooks copy DEST --solutions``);
* :func:`worksheet` — a printable worksheet notebook: goals, key equations, the exercises with space to answer,
  no solutions (``make handouts`` turns it into a PDF with nbconvert and Chromium).

Notebooks are handled as plain nbformat-4 dicts (what ``json.loads`` gives), so nothing here needs Jupyter.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import numpy as np

from ..core import resources
from ..core.course import COURSE, Lesson
from . import Exercise, exercises, get

__all__ = ["answer_text", "exercise_ids", "notebook_bytes", "read_notebook", "solution_markdown",
           "teacher_edition", "worksheet"]

#: an exercise's check cell: ``check("01.1", answer)``
_CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](\d{1,2}\.\d+)["']""")
#: tag of the cells the teacher's edition adds (a hub can strip them with nbconvert's TagRemovePreprocessor)
SOLUTION_TAG = "solution"
TEACHER_BANNER = ("> **Teacher's edition** — this copy has a worked solution after every exercise. "
                  "Give students the students' edition (`cevns-edu notebooks copy DEST`), not this one.")


def fmt_value(v: object) -> str:
    """Format a reference answer for a reader: numbers to 4 significant digits, text in backticks.

    Parameters
    ----------
    v : object
        What ``Exercise.reference()`` returned.

    Returns
    -------
    str
    """
    if isinstance(v, bool | np.bool_):
        return str(bool(v))
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, float | np.floating):
        return f"{float(v):.4g}"
    if isinstance(v, set | frozenset):
        return " or ".join(sorted(f"`{x}`" for x in v))
    if isinstance(v, str):
        return f"`{v}`"
    arr = np.asarray(v)
    if arr.dtype.kind in "fiu":
        return "[" + ", ".join(f"{x:.4g}" for x in arr.ravel()) + "]"
    return f"`{v!r}`"


def _tolerance(ex: Exercise, ref: object) -> str:
    """Say how close an answer to ``ref`` must be (empty for text and yes/no answers)."""
    if isinstance(ref, str | set | frozenset | bool):
        return ""
    if isinstance(ref, int):
        return " (exact)"
    return f" (accepted within {ex.rtol * 100:g}%" + (f", ±{ex.atol:g}" if ex.atol else "") + ")"


def answer_text(ex: Exercise) -> str:
    """Return the answer the checker accepts for ``ex``, with its tolerance, e.g. ``"1.81 (accepted within 2%)"``.

    Parameters
    ----------
    ex : Exercise
        The exercise; its reference is computed now (from the library, on the data this machine has).

    Returns
    -------
    str
    """
    ref = ex.reference()
    return fmt_value(ref) + _tolerance(ex, ref)


def solution_markdown(ex: Exercise) -> str:
    """Return the worked-solution cell of the teacher's edition for ``ex``.

    Parameters
    ----------
    ex : Exercise

    Returns
    -------
    str
        Markdown: the answer the checker accepts and the worked solution.
    """
    solution = ex.solution.strip() or "*(no worked solution yet)*"
    return (f"**Solution {ex.id}** *(teacher's edition)* — *the checker accepts:* {answer_text(ex)}\n\n"
            f"{solution}")


def exercise_ids(source: str) -> list[str]:
    """Return the exercise ids a code cell checks, in order (``check("01.1", answer)`` → ``["01.1"]``).

    Parameters
    ----------
    source : str
        The cell's source.

    Returns
    -------
    list of str
    """
    return _CHECK_CALL.findall(source)


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _markdown_cell(cell_id: str, source: str, tags: tuple[str, ...] = ()) -> dict[str, Any]:
    """Make a new nbformat-4.5 Markdown cell."""
    return {"cell_type": "markdown", "id": cell_id, "metadata": {"tags": list(tags)} if tags else {},
            "source": source}


def teacher_edition(nb: dict[str, Any]) -> dict[str, Any]:
    """Return the teacher's edition of a course notebook: a solution cell after each exercise's check cell.

    The notebook's own cells, outputs and metadata are kept as they are; a banner saying it is the teacher's
    edition follows the title cell. The added cells are tagged ``"solution"``.

    Parameters
    ----------
    nb : dict
        The notebook (nbformat 4, as ``json.loads`` reads it). Not modified.

    Returns
    -------
    dict
        A new notebook.
    """
    out = copy.deepcopy(nb)
    cells: list[dict[str, Any]] = []
    for i, cell in enumerate(out["cells"]):
        cells.append(cell)
        if i == 0:
            cells.append(_markdown_cell("teachers-edition", TEACHER_BANNER, (SOLUTION_TAG,)))
        if cell.get("cell_type") == "code":
            for ex_id in exercise_ids(_source(cell)):
                cells.append(_markdown_cell(f"solution-{ex_id.replace('.', '-')}", solution_markdown(get(ex_id)),
                                            (SOLUTION_TAG,)))
    out["cells"] = cells
    return out


def notebook_bytes(nb: dict[str, Any]) -> bytes:
    """Serialise a notebook as Jupyter saves it (one-space indent, UTF-8, final newline).

    Parameters
    ----------
    nb : dict

    Returns
    -------
    bytes
    """
    return (json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def read_notebook(item: Lesson) -> dict[str, Any]:
    """Read the shipped notebook of lesson ``item``.

    Parameters
    ----------
    item : Lesson

    Returns
    -------
    dict
    """
    return json.loads((resources.notebooks_dir() / item.file).read_text(encoding="utf-8"))


_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
#: the worksheet's answer space (styled by the handout's print CSS; an empty box elsewhere)
ANSWER_BOX = '<div class="answer-box" style="border:1px solid #555; min-height:7em; margin:0.3em 0 1em"></div>'


def _header(nb: dict[str, Any]) -> tuple[str, str]:
    """(title line, goals and prerequisites) of the notebook's first Markdown cell (what follows them is left out)."""
    first = next(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    title, _, body = first.partition("\n")
    paragraphs = re.split(r"\n\s*\n", body.strip())
    end = next((i for i, par in enumerate(paragraphs) if "**Prerequisites" in par), len(paragraphs) - 1)
    return title.lstrip("# ").strip(), "\n\n".join(paragraphs[:end + 1])


def key_equations(nb: dict[str, Any]) -> list[str]:
    """Return the display equations (``$$ … $$``) of a notebook's Markdown cells, in order.

    Parameters
    ----------
    nb : dict

    Returns
    -------
    list of str
        LaTeX, without the dollars.
    """
    text = "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    return [" ".join(eq.split()) for eq in _DISPLAY_MATH.findall(text)]


def worksheet(item: Lesson, nb: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the printable worksheet of lesson ``item``: goals, key equations, exercises with space to answer.

    It holds no solution and no reference answer. Notebook 00 (no exercises) gets the course map instead.

    Parameters
    ----------
    item : Lesson
        The lesson (:data:`cevns_edu.core.course.COURSE`).
    nb : dict, optional
        Its notebook; default the shipped one (:func:`read_notebook`).

    Returns
    -------
    dict
        A notebook (nbformat 4) of Markdown cells only.
    """
    nb = read_notebook(item) if nb is None else nb
    title, header = _header(nb)
    parts = [f"# {title}\n\n*Worksheet · notebook `{item.file}`*\n\n"
             "Name: ______________________________ Date: ______________",
             header]
    equations = key_equations(nb)
    if equations:
        parts.append("## Key equations\n\n" + "\n\n".join(f"$${eq}$$" for eq in equations))
    found = exercises(item.number)
    if found:
        parts.append("## Exercises\n\nWork each one out here, then type your answer into the notebook's "
                     "`check(...)` cell: it tells you whether you are right.")
        parts += [f"**{ex.id}** — {ex.question.strip()}\n\n{ANSWER_BOX}" for ex in found]
    else:
        rows = "\n".join(f"| {o.number} | {o.title} | {o.minutes} min |" for o in COURSE)
        parts.append("## The course\n\n| notebook | title | time |\n|---|---|---:|\n" + rows
                     + "\n\nNotes and questions:\n\n" + ANSWER_BOX)
    cells = [_markdown_cell(f"worksheet-{i}", text) for i, text in enumerate(parts)]
    return {"cells": cells, "metadata": {"title": f"{title} — worksheet"}, "nbformat": 4, "nbformat_minor": 5}
