"""The exercise checker: reference answers pass, wrong answers fail, the answer is never printed.

Parametrized over every exercise registered in ``cevns_edu/exercises/nbNN.py`` (notebook owners add
their modules; nothing here needs to change when they do).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cevns_edu.exercises as exmod
from cevns_edu.exercises import CORRECT, NO_ANSWER, Exercise, check, evaluate, exercises, get, normalize_id

ROOT = Path(__file__).resolve().parents[2]
REGISTERED = exercises()
IDS = [ex.id for ex in REGISTERED]


def wrong_answers(ex: Exercise, ref: object) -> list[object]:
    """Answers that are clearly wrong for reference ``ref`` (generated from its type + the author's examples)."""
    out: list[object] = list(ex.wrong_examples)
    if ex.compare is not None:
        return out  # custom comparison: only the author knows what is wrong
    if isinstance(ref, bool | np.bool_):
        out.append(not bool(ref))
    elif isinstance(ref, set | frozenset):
        out.append("zzz-not-one-of-the-options")
    elif isinstance(ref, str):
        out.append("definitely not " + ref)
    elif isinstance(ref, numbers_types()):
        r = float(ref)
        delta = max(abs(r) * max(10 * ex.rtol, 0.5), 10 * ex.atol) or 1.0
        out += [r + delta, r - delta]
    else:
        arr = np.asarray(ref)
        if arr.dtype.kind in "fiu":
            out.append((arr * 1.5 + 1.0 + 10 * ex.atol).tolist())
            out.append(arr.ravel()[:-1].tolist() if arr.size > 1 else [0.0, 0.0])  # wrong length
    return out


def numbers_types():
    import numbers

    return (numbers.Number, np.number)


def forbidden_renderings(ref: object) -> list[str]:
    """How a numeric reference would look if printed (only renderings specific enough to be meaningful)."""
    if isinstance(ref, bool | np.bool_) or not isinstance(ref, numbers_types()):
        return []
    r = float(ref)
    if not math.isfinite(r) or r == 0:
        return []
    out = {repr(r), f"{r:.6g}", f"{r:.4g}", f"{r:.3g}"}
    return [s for s in out if len(s.replace("-", "").replace(".", "")) >= 3]


# -------------------------------------------------------------------- every registered exercise
@pytest.mark.parametrize("ex", REGISTERED, ids=IDS)
def test_exercise_is_complete(ex: Exercise) -> None:
    assert ex.question.strip(), f"{ex.id}: empty question"
    assert ex.hint.strip(), f"{ex.id}: empty hint (shown on a wrong answer)"
    assert ex.solution.strip(), f"{ex.id}: empty solution — the teacher's guide needs a worked solution"
    assert 0 <= ex.rtol < 1 and ex.atol >= 0


@pytest.mark.parametrize("ex", REGISTERED, ids=IDS)
def test_reference_passes(ex: Exercise, capsys: pytest.CaptureFixture[str]) -> None:
    ref = ex.reference()
    assert bool(check(ex.id, ref)) is True
    assert capsys.readouterr().out.strip() == CORRECT


@pytest.mark.parametrize("ex", REGISTERED, ids=IDS)
def test_wrong_answers_fail_without_revealing_the_reference(ex: Exercise, capsys: pytest.CaptureFixture[str]) -> None:
    ref = ex.reference()
    wrong = wrong_answers(ex, ref)
    assert wrong, f"{ex.id}: custom compare() needs wrong_examples so the checker can be tested"
    for answer in wrong:
        assert bool(check(ex.id, answer)) is False, f"{ex.id}: wrong answer {answer!r} was accepted"
        out = capsys.readouterr().out
        assert out.startswith("✘"), out
        assert ex.hint in out
        for rendering in forbidden_renderings(ref):
            assert rendering not in out, f"{ex.id}: output reveals the reference ({rendering}): {out!r}"


@pytest.mark.parametrize("ex", REGISTERED, ids=IDS)
def test_no_answer_yet(ex: Exercise, capsys: pytest.CaptureFixture[str]) -> None:
    assert bool(check(ex.id, None)) is False
    assert capsys.readouterr().out.strip() == NO_ANSWER


@pytest.mark.parametrize("ex", REGISTERED, ids=IDS)
def test_hint_does_not_give_the_answer_away(ex: Exercise) -> None:
    for rendering in forbidden_renderings(ex.reference()):
        assert rendering not in ex.hint, f"{ex.id}: hint contains the reference value {rendering}"


@pytest.mark.parametrize("ex", REGISTERED, ids=IDS)
def test_notebook_wires_the_check(ex: Exercise) -> None:
    """Once its notebook exists, it must call check() for each of its registered exercises."""
    nbs = sorted((ROOT / "notebooks").glob(f"{ex.notebook}_*.ipynb"))
    if not nbs:
        pytest.skip(f"notebook {ex.notebook}_*.ipynb not written yet")
    sources = "\n".join("".join(c["source"]) for c in json.loads(nbs[0].read_text())["cells"] if c["cell_type"] == "code")
    assert re.search(rf"check\(\s*[\"']{re.escape(ex.id)}[\"']", sources), f"{nbs[0].name} never calls check('{ex.id}', ...)"


def test_ids_are_unique_and_ordered() -> None:
    assert len(IDS) == len(set(IDS))
    assert IDS == sorted(IDS, key=lambda i: tuple(int(p) for p in i.split(".")))


# -------------------------------------------------------------------- the framework itself
def _ex(ref, **kw) -> Exercise:
    return Exercise(id="99.1", question="q", reference=lambda: ref, hint="think about N²", **kw)


@pytest.mark.parametrize(
    ("ref", "answer", "ok"),
    [
        (100.0, 101.9, True),  # within the default rtol = 2 %
        (100.0, 102.1, False),
        (100.0, "1.0e2", True),  # numeric strings are numbers
        (100.0, np.float32(100.5), True),
        (100.0, np.array(100.0), True),
        (100.0, float("nan"), False),
        (100.0, "a hundred", False),
        (100.0, True, False),  # a bool is not a number here
        ("Helm", " helm ", True),
        ("Helm", "Klein-Nystrand", False),
        ("Helm", 3.0, False),
        (frozenset({"cs", "caesium", "cesium"}), "Caesium", True),
        (frozenset({"cs", "caesium", "cesium"}), "iodine", False),
        (True, True, True),
        (True, "yes", True),
        (True, False, False),
        (True, 1.0, False),
        ([1.0, 2.0, 3.0], (1.0, 2.01, 3.0), True),
        ([1.0, 2.0, 3.0], [1.0, 2.0], False),
        ([1.0, 2.0, 3.0], [1.0, 2.0, 4.0], False),
        (np.array([[1.0, 2.0]]), [[1.0, 2.0]], True),
        (("a", "B"), ["A", "b"], True),
        (("a", "B"), ["b", "a"], False),
        (3, 3, True),
        (78, 77, False),  # integer references are exact: rtol does not apply
        (78, 78.0, True),
    ],
)
def test_comparison_rules(ref, answer, ok) -> None:
    assert evaluate(_ex(ref), answer)[0] is ok


def test_atol_for_zero_reference() -> None:
    assert evaluate(_ex(0.0), 1e-9)[0] is False
    assert evaluate(_ex(0.0, atol=1e-6), 1e-9)[0] is True


def test_custom_compare() -> None:
    ex = _ex(10.0, compare=lambda a, r: a > r)
    assert evaluate(ex, 11)[0] is True
    assert evaluate(ex, 9)[0] is False


def test_messages_never_contain_the_reference() -> None:
    ex = _ex(1234.5678)
    for answer in (1.0, "word", [1, 2], None):
        _, msg = evaluate(ex, answer)
        assert "1234" not in msg and "1.23e" not in msg, msg
    assert evaluate(ex, 1.0)[1] == "✘ Not yet. Hint: think about N²"
    assert evaluate(ex, "word")[1].startswith("✘ Not yet — I expected a number.")


def test_none_is_no_answer_and_does_not_call_the_reference() -> None:
    def boom():
        raise AssertionError("reference evaluated for a missing answer")

    ex = Exercise(id="99.1", question="q", reference=boom, hint="h")
    assert evaluate(ex, None) == (False, NO_ANSWER)


@pytest.mark.parametrize(("given", "norm"), [("01.1", "01.1"), ("1.1", "01.1"), ("nb01.ex2", "01.2"), (" 07.3 ", "07.3")])
def test_normalize_id(given: str, norm: str) -> None:
    assert normalize_id(given) == norm


@pytest.mark.parametrize("bad", ["", "01", "one.two", "01-1"])
def test_malformed_id(bad: str) -> None:
    with pytest.raises(ValueError, match="NN.K"):
        normalize_id(bad)


def test_unknown_id_lists_the_valid_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = {"01.1": _ex(1.0), "01.2": _ex(2.0)}
    monkeypatch.setattr(exmod, "_discover", lambda: fake)
    with pytest.raises(ValueError, match=r"unknown exercise '42\.1'; valid ids: 01\.1, 01\.2"):
        get("42.1")
    with pytest.raises(ValueError, match="unknown exercise"):
        check("42.1", 3.0)


def test_unknown_id_with_nothing_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exmod, "_discover", lambda: {})
    with pytest.raises(ValueError, match="none registered yet"):
        get("01.1")


def test_exercises_filter_by_notebook() -> None:
    for ex in REGISTERED:
        assert ex in exercises(ex.notebook)
        assert ex in exercises(int(ex.notebook))
        assert ex in exercises(f"{ex.notebook}_any_name.ipynb")
    assert exercises("98") == []
    with pytest.raises(ValueError, match="not understood"):
        exercises("welcome")


# -------------------------------------------------------------------- the teacher's guide
GUIDE = ROOT / "docs" / "teacher_guide.md"


@pytest.mark.parametrize("ex", REGISTERED, ids=IDS)
def test_teachers_guide_has_the_solution(ex: Exercise) -> None:
    """docs/teacher_guide.md (tools/build_teacher_guide.py) holds every exercise with its worked solution."""
    if not GUIDE.exists():
        pytest.skip("docs/teacher_guide.md not generated yet (python tools/build_teacher_guide.py)")
    text = GUIDE.read_text()
    assert f"**{ex.id}**" in text, f"{ex.id} missing from the teacher's guide: run python tools/build_teacher_guide.py"
    assert ex.solution.strip() in text, f"{ex.id}: the guide's solution is stale: run python tools/build_teacher_guide.py"


def test_teachers_guide_is_current() -> None:
    """docs/teacher_guide.md is what tools/build_teacher_guide.py makes of docs/guide_src/ and the course today."""
    run = subprocess.run([sys.executable, "tools/build_teacher_guide.py", "--check"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_verdict_displays_nothing_in_a_notebook() -> None:
    """check() returns a Verdict: truthy when correct, no rich/plain display (the ✔/✘ line is printed)."""
    from IPython.core.interactiveshell import InteractiveShell

    from cevns_edu.exercises import Verdict

    assert Verdict(True) and not Verdict(False) and Verdict(True) == True  # noqa: E712
    fmt = InteractiveShell.instance().display_formatter
    assert fmt.format(Verdict(False)) == ({}, {})


# --- issue 12 item 5: misconceptions, accepted spellings, the set-up cell ---------------------------------------


def test_01_2_rejects_the_n_squared_ratio_its_hint_warns_about() -> None:
    from cevns_edu.exercises import evaluate

    ex = get("01.2")
    assert not evaluate(ex, (78 / 22) ** 2)[0] and not evaluate(ex, 12.6)[0]
    assert evaluate(ex, (75.49 / 21.18) ** 2)[0]  # the tree-level Q_W ratio of exercise 01.1 is accepted


@pytest.mark.parametrize("answer", ["QF", "the quenching factor", " Quenching factor ", "quenching"])
def test_04_4_accepts_usual_spellings(answer: str) -> None:
    from cevns_edu.exercises import evaluate

    assert evaluate(get("04.4"), answer)[0]
    assert "e.g. 'light yield'" in get("04.4").hint  # the hint says what form of answer is expected


def test_every_notebook_declares_its_set_up_names() -> None:
    from cevns_edu.exercises import missing_setup

    for ex in exercises():
        names = missing_setup(ex.id, {})
        assert names, f"{ex.id}: no SETUP_NAMES for notebook {ex.notebook}"
        assert missing_setup(ex.id, dict.fromkeys(names)) == []


class _FakeShell:
    def __init__(self, user_ns: dict) -> None:
        self.user_ns = user_ns
        self.handler = None
        self.shown: list[type] = []

    def set_custom_exc(self, exc_tuple: tuple, handler) -> None:
        self.handler = (exc_tuple, handler)

    def showtraceback(self, exc_tuple: tuple, tb_offset=None) -> None:
        self.shown.append(exc_tuple[0])


def test_check_before_the_set_up_cell_says_so(monkeypatch, capsys) -> None:
    import cevns_edu.exercises as E

    monkeypatch.setattr(E, "_ipython", lambda: _FakeShell({"check": E.check}))
    E.check("01.1", None)
    out = capsys.readouterr().out
    assert "set-up cell" in out and "sigma_total" in out and "No answer yet" in out


def test_name_error_before_the_set_up_cell_gets_a_hint(capsys) -> None:
    import cevns_edu.exercises as E

    shell = _FakeShell({})
    assert E.install_name_error_hint(shell)
    excs, handler = shell.handler
    assert excs == (NameError,)
    handler(shell, NameError, NameError("name 'sigma_total' is not defined"), None)
    assert shell.shown == [NameError] and "set-up cell" in capsys.readouterr().out
    assert not E.install_name_error_hint(object())  # outside IPython: nothing happens
