"""The course outline: which notebooks, in which order, how long each takes and where "Next" leads.

This is the one source of those facts. The notebooks' headers ("**Time** — about N minutes") and closing
"**Next:**" links, the course map of notebook 00, the README's course table and the teacher's guide
(``tools/build_teacher_guide.py``) all say what :data:`COURSE` says; ``tests/notebooks/test_course_outline.py``
fails on any disagreement. Edit a time or the order here first, then the places the test names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    """One notebook of the course.

    Attributes
    ----------
    number : str
        Two digits, ``"00"`` … ``"08"`` (exercise ids start with it).
    file : str
        The notebook's file name, e.g. ``"01_coherence.ipynb"``.
    title : str
        Short title, as the "Next" links and the course map name it.
    minutes : int
        Time a learner needs on their own (the notebook's header says "about N minutes").
    next : str
        File name of the notebook its "**Next:**" link opens (the last one leads back to the start).
    """

    number: str
    file: str
    title: str
    minutes: int
    next: str


def _chain(*lessons: tuple[str, str, int]) -> tuple[Lesson, ...]:
    """Build the outline from (file, title, minutes) in course order; each lesson's next is the following one."""
    files = [f for f, _, _ in lessons]
    return tuple(Lesson(number=f[:2], file=f, title=t, minutes=m, next=files[(i + 1) % len(files)])
                 for i, (f, t, m) in enumerate(lessons))


#: The course, in order. The last notebook's "Next" leads back to 00 (the course map).
COURSE: tuple[Lesson, ...] = _chain(
    ("00_welcome.ipynb", "Welcome", 10),
    ("01_coherence.ipynb", "Coherence", 25),
    ("02_form_factors.ipynb", "Form factors", 25),
    ("03_sns_source.ipynb", "The SNS source", 30),
    ("04_detector.ipynb", "The detector", 35),
    ("05_backgrounds.ipynb", "Backgrounds and cuts", 25),
    ("06_fit.ipynb", "The fit", 30),
    ("07_new_physics.ipynb", "What CEvNS is for", 40),
    ("08_argon.ipynb", "Argon, and N² from two detectors", 30),
)

#: The presenter dashboard: not a lesson (no time, no "Next"), the lecture's one-screen view.
PRESENTER = "presenter.ipynb"


def lesson(key: str | int) -> Lesson:
    """Return the lesson of notebook ``key``.

    Parameters
    ----------
    key : str or int
        Its number (``"01"``, ``1``) or file name (``"01_coherence.ipynb"``, with or without ``.ipynb``).

    Returns
    -------
    Lesson

    Raises
    ------
    ValueError
        Naming what was given and the notebooks there are.
    """
    text = str(key).strip()
    number = f"{int(text):02d}" if text.isdigit() else text[:2]
    for item in COURSE:
        if number == item.number and (text.isdigit() or item.file.startswith(text.removesuffix(".ipynb"))):
            return item
    valid = ", ".join(item.file for item in COURSE)
    raise ValueError(f"no notebook {key!r} in the course; it has {valid}")


def total_minutes() -> int:
    """Return the time the whole course takes a learner on their own, in minutes."""
    return sum(item.minutes for item in COURSE)
