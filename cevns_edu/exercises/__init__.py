"""Exercises with self-checks: tell a learner right from wrong without ever printing the answer.

Each notebook's exercises live in a module ``cevns_edu/exercises/nbNN.py`` holding
``EXERCISES = [Exercise(...), ...]``; they are discovered automatically. In a notebook::

    from cevns_edu.exercises import check
    answer = None  # ← your answer here
    check("01.1", answer)

``check`` prints ``✔ Correct!`` or ``✘ Not yet. Hint: …`` (or ``✘ No answer yet — …`` while the
answer is still ``None``) and returns a :class:`Verdict` (true when correct). The reference answer is computed from the library by
``Exercise.reference`` and is never printed; worked solutions (``Exercise.solution``) are for the
teacher's guide (docs/teacher_guide.md).

How answers are compared with the reference value:

* numbers (float, NumPy floats): ``|answer − ref| ≤ atol + rtol·|ref|``; a numeric string such
  as ``"1.5e3"`` is accepted too. An *integer* reference (a count such as N = 78) must be matched
  exactly (within ``atol``): ``rtol`` does not apply;
* arrays / lists / tuples of numbers: same shape, every element within that tolerance;
* ``bool``: exact;
* ``str``: exact after stripping and ignoring case (so ``"Helm"`` = ``" helm "``);
* ``set`` / ``frozenset`` of strings or numbers: the answer must equal one of the accepted answers;
* ``Exercise.compare(answer, ref) -> bool``, when given, replaces all of the above.
"""

from __future__ import annotations

import importlib
import math
import numbers
import pkgutil
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Exercise", "check", "evaluate", "exercises", "get", "install_name_error_hint", "missing_setup", "normalize_id"]

CORRECT = "✔ Correct!"
NO_ANSWER = "✘ No answer yet — replace None with your answer and run the cell again."
NOT_YET = "✘ Not yet. Hint: {hint}"
WRONG_KIND = "✘ Not yet — I expected {kind}. Hint: {hint}"
SETUP_FIRST = ("ℹ The set-up cell of this notebook (the first code cell, with the imports) has not run yet: "
               "{names} {verb} not defined. Run it (Shift + Enter), then this cell again.")
NAME_ERROR_HINT = ("ℹ A name is not defined. If it comes from the course library, run this notebook's set-up cell "
                   "(the first code cell, with the imports) first, then this cell again.")

_MODULE_RE = re.compile(r"^nb(\d{2})$")
_ID_RE = re.compile(r"^\s*(?:nb)?(\d{1,2})\s*[.:]\s*(?:ex)?(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Exercise:
    """One self-checked exercise.

    id: ``"NN.K"`` — notebook NN, exercise K (e.g. ``"01.1"``).
    question: short text (Markdown allowed), as in the notebook.
    reference: computes the right answer FROM THE LIBRARY (not typed in when avoidable).
    hint: shown on a wrong answer — must not give the answer away.
    rtol: relative tolerance for numbers; strings and choices must match exactly (case-insensitive).
    solution: worked solution for the teacher's guide (never shown by :func:`check`).
    atol: absolute tolerance for numbers (useful when the right answer is 0).
    compare: optional ``compare(answer, reference) -> bool`` replacing the default comparison.
    wrong_examples: answers that must be judged wrong (the test suite checks them).
    """

    id: str
    question: str
    reference: Callable[[], object]
    hint: str
    rtol: float = 0.02
    solution: str = ""
    atol: float = 0.0
    compare: Callable[[Any, Any], bool] | None = None
    wrong_examples: tuple = field(default=())

    @property
    def notebook(self) -> str:
        """The two-digit notebook number, e.g. ``"01"``."""
        return self.id.split(".")[0]


def normalize_id(exercise_id: str) -> str:
    """Normalise an exercise id: ``"01.1"``, ``"1.1"``, ``"nb01.ex1"`` → ``"01.1"``.

    Parameters
    ----------
    exercise_id : str
        The id as a learner may type it.

    Returns
    -------
    str
        The canonical id ``"NN.K"``.

    Raises
    ------
    ValueError
        If ``exercise_id`` is not a string of one of these forms.
    """
    if not isinstance(exercise_id, str):
        raise ValueError(f"exercise id must be a string like '01.1', got {exercise_id!r}")
    m = _ID_RE.match(exercise_id)
    if not m:
        raise ValueError(f"exercise id {exercise_id!r} is not of the form 'NN.K' (e.g. '01.1' = notebook 01, exercise 1)")
    return f"{int(m.group(1)):02d}.{int(m.group(2))}"


def _normalize_notebook(notebook: str | int) -> str:
    """``"01"``, ``1``, ``"nb01"``, ``"01_coherence"``, ``"01_coherence.ipynb"`` → ``"01"``."""
    m = re.match(r"^(?:nb)?(\d{1,2})(?:\D.*)?$", str(notebook).strip())
    if not m:
        raise ValueError(f"notebook {notebook!r} not understood; give its number, e.g. '01' or '01_coherence'")
    return f"{int(m.group(1)):02d}"


def _setup_names(notebook: str) -> tuple[str, ...]:
    """Return the names notebook ``notebook``'s set-up cell defines (``SETUP_NAMES`` of ``nbNN``; may be empty)."""
    try:
        module = importlib.import_module(f"{__name__}.nb{notebook}")
    except ModuleNotFoundError:
        return ()
    return tuple(getattr(module, "SETUP_NAMES", ()))


def missing_setup(exercise_id: str, namespace: Mapping[str, Any]) -> list[str]:
    """Return the names of the notebook's set-up cell that ``namespace`` lacks (empty: the set-up cell has run).

    Parameters
    ----------
    exercise_id : str
        The exercise (e.g. ``"01.1"``); its notebook's ``SETUP_NAMES`` are looked for.
    namespace : mapping
        The learner's namespace (in a notebook: IPython's ``user_ns``).

    Returns
    -------
    list of str
        The missing names, in the order the module lists them.
    """
    return [n for n in _setup_names(normalize_id(exercise_id).split(".")[0]) if n not in namespace]


def _ipython() -> Any:
    """Return the running IPython shell, or None outside IPython."""
    try:
        from IPython import get_ipython  # deferred: IPython is only needed (and present) inside a notebook
    except ImportError:  # pragma: no cover - IPython is a dependency of the lab extra
        return None
    return get_ipython()


def _name_error_handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> None:
    """IPython custom-exception handler: the usual traceback, then :data:`NAME_ERROR_HINT`."""
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    print(NAME_ERROR_HINT)


def install_name_error_hint(shell: Any = None) -> bool:
    """Make a ``NameError`` in this IPython session end with :data:`NAME_ERROR_HINT` (run the set-up cell).

    Called when an exercise cell imports :func:`check`, so a learner who runs exercise cells (or their own code
    using library names) before the set-up cell is told why. Outside IPython it does nothing.

    Parameters
    ----------
    shell : IPython shell, optional
        Default: the running one.

    Returns
    -------
    bool
        True when the hint is installed.
    """
    shell = _ipython() if shell is None else shell
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc((NameError,), _name_error_handler)
    return True


def _discover() -> dict[str, Exercise]:
    """All registered exercises by id, in notebook then exercise order."""
    found: dict[str, Exercise] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        m = _MODULE_RE.match(info.name)
        if not m:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for ex in getattr(module, "EXERCISES", []):
            if not isinstance(ex, Exercise):
                raise TypeError(f"{module.__name__}.EXERCISES holds {type(ex).__name__}, expected Exercise")
            if normalize_id(ex.id) != ex.id or ex.notebook != m.group(1):
                raise ValueError(f"{module.__name__}: exercise id {ex.id!r} must be '{m.group(1)}.K'")
            if ex.id in found:
                raise ValueError(f"{module.__name__}: exercise id {ex.id!r} is registered twice")
            found[ex.id] = ex
    return dict(sorted(found.items(), key=lambda kv: tuple(int(p) for p in kv[0].split("."))))


def exercises(notebook: str | int | None = None) -> list[Exercise]:
    """List all registered exercises, or those of one notebook.

    Parameters
    ----------
    notebook : str or int, optional
        The notebook (``"01"``, ``1``, ``"01_coherence"``); default: all notebooks.

    Returns
    -------
    list of Exercise
        In notebook then exercise order.

    Raises
    ------
    ValueError
        If ``notebook`` is not understood.
    """
    all_ex = list(_discover().values())
    if notebook is None:
        return all_ex
    nb = _normalize_notebook(notebook)
    return [ex for ex in all_ex if ex.notebook == nb]


def get(exercise_id: str) -> Exercise:
    """Return the exercise with this id.

    Parameters
    ----------
    exercise_id : str
        Its id (any form :func:`normalize_id` accepts).

    Returns
    -------
    Exercise

    Raises
    ------
    ValueError
        Listing the valid ids, when there is no such exercise.
    """
    key = normalize_id(exercise_id)
    registry = _discover()
    if key not in registry:
        valid = ", ".join(registry) or "none registered yet"
        raise ValueError(f"unknown exercise {exercise_id!r}; valid ids: {valid}")
    return registry[key]


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number | np.number) and not isinstance(x, bool | np.bool_)


def _as_float(x: Any) -> float | None:
    """Read a real number from a number, a 0-d array or a numeric string; None if it is not one."""
    if isinstance(x, bool | np.bool_):
        return None
    if isinstance(x, str):
        try:
            return float(x.strip().replace("×10^", "e").replace("x10^", "e"))
        except ValueError:
            return None
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x.item()
    if _is_number(x) and not isinstance(x, complex):
        return float(x)
    return None


def _norm_str(x: Any) -> str:
    return str(x).strip().casefold()


def _matches(answer: Any, ref: Any, ex: Exercise) -> tuple[bool, str | None]:
    """(correct?, description of the expected kind when the answer is of the wrong kind)."""
    if isinstance(ref, bool | np.bool_):
        if isinstance(answer, bool | np.bool_):
            return bool(answer) == bool(ref), None
        if isinstance(answer, str) and _norm_str(answer) in {"true", "false", "yes", "no"}:
            return (_norm_str(answer) in {"true", "yes"}) == bool(ref), None
        return False, "True or False"
    if isinstance(ref, set | frozenset):
        for option in ref:
            ok, _ = _matches(answer, option, ex)
            if ok:
                return True, None
        return False, None
    if isinstance(ref, str):
        if not isinstance(answer, str):
            return False, "a text answer (in quotes)"
        return _norm_str(answer) == _norm_str(ref), None
    if _is_number(ref) or (isinstance(ref, np.ndarray) and ref.ndim == 0):
        value = _as_float(answer)
        if value is None:
            return False, "a number"
        r = float(ref)
        rtol = 0.0 if isinstance(ref, numbers.Integral | np.integer) else ex.rtol  # counts are exact
        return bool(math.isfinite(value) and abs(value - r) <= ex.atol + rtol * abs(r)), None
    if isinstance(ref, Sequence) and ref and all(isinstance(r, str) for r in ref):
        if isinstance(answer, str) or not isinstance(answer, Sequence) or len(answer) != len(ref):
            return False, f"a list of {len(ref)} text answers"
        return all(_norm_str(a) == _norm_str(r) for a, r in zip(answer, ref, strict=True)), None
    if isinstance(ref, np.ndarray | Sequence):
        try:
            a_arr = np.asarray(answer, dtype=float)
            r_arr = np.asarray(ref, dtype=float)
        except (TypeError, ValueError):
            return False, "a list of numbers"
        if a_arr.shape != r_arr.shape:
            return False, f"{r_arr.size} number(s)" if r_arr.ndim == 1 else f"an array of shape {r_arr.shape}"
        return bool(np.all(np.isfinite(a_arr)) and np.allclose(a_arr, r_arr, rtol=ex.rtol, atol=ex.atol)), None
    return bool(answer == ref), None


def evaluate(exercise: Exercise, answer: Any) -> tuple[bool, str]:
    """Judge ``answer`` to ``exercise``; the message never holds the reference.

    Parameters
    ----------
    exercise : Exercise
        The exercise.
    answer : object
        The learner's answer (``None``: not answered yet).

    Returns
    -------
    correct : bool
        Whether the answer is right.
    message : str
        The line :func:`check` prints.
    """
    if answer is None:
        return False, NO_ANSWER
    ref = exercise.reference()
    if exercise.compare is not None:
        ok, kind = bool(exercise.compare(answer, ref)), None
    else:
        ok, kind = _matches(answer, ref, exercise)
    if ok:
        return True, CORRECT
    if kind:
        return False, WRONG_KIND.format(kind=kind, hint=exercise.hint)
    return False, NOT_YET.format(hint=exercise.hint)


class Verdict:
    """What :func:`check` returns: true when the answer is right.

    It displays as nothing in a notebook, so an exercise cell shows only the printed ✔/✘ line (no
    ``Out: False`` beneath it).
    """

    __slots__ = ("correct",)

    def __init__(self, correct: bool) -> None:
        self.correct = bool(correct)

    def __bool__(self) -> bool:
        return self.correct

    def __eq__(self, other: object) -> bool:
        return self.correct == bool(other) if isinstance(other, bool | Verdict) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.correct)

    def __repr__(self) -> str:
        return f"Verdict(correct={self.correct})"

    def _ipython_display_(self) -> None:  # the printed line already says it all
        return None


def check(exercise_id: str, answer: Any) -> Verdict:
    """Print whether ``answer`` is right for exercise ``exercise_id``, without revealing the answer.

    It prints ``✔ Correct!`` or ``✘ Not yet. Hint: …``.

    ``answer=None`` prints ``✘ No answer yet — …``. The reference answer is never printed.

    Parameters
    ----------
    exercise_id : str
        The exercise (e.g. ``"01.1"``).
    answer : object
        The learner's answer.

    Returns
    -------
    Verdict
        True when correct; displays as nothing.

    Raises
    ------
    ValueError
        If there is no exercise ``exercise_id``.
    """
    ex = get(exercise_id)
    shell = _ipython()
    missing = missing_setup(ex.id, shell.user_ns) if shell is not None else []
    if missing:
        print(SETUP_FIRST.format(names=", ".join(missing), verb="is" if len(missing) == 1 else "are"))
    ok, message = evaluate(ex, answer)
    print(message)
    return Verdict(ok)


install_name_error_hint()
