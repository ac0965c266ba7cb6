"""The bad-input suite's harness (issue 13): run one hostile case, classify what the user would see.

Every case ends in exactly one outcome:

* ``clear error``  — refused with a one-line message (no traceback) that names what was wrong;
* ``right result`` — the input was odd but legal, and the answer is right (``check`` passed);
* ``silently wrong`` — accepted, and the answer is wrong or a bad value went through unrefused;
* ``traceback`` — an exception the user was not meant to see (CLI: any traceback or exit from an
  uncaught exception; API: an exception other than ``ValueError``/``TypeError``/the project's own errors);
* ``lost work`` — a learner's file changed or vanished;
* ``unclear`` — refused, but the message does not say what (the ``names`` pattern did not match, or it is
  longer than :data:`MAX_LINES` lines / :data:`MAX_CHARS` characters).

A test asserts ``outcome in GOOD`` and records the outcome; ``tests/badinput/conftest.py`` prints the
totals by area and outcome at the end of the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CLEAR, RIGHT = "clear error", "right result"
WRONG, TRACEBACK, LOST, UNCLEAR = "silently wrong", "traceback", "lost work", "unclear"
OUTCOMES = (CLEAR, RIGHT, WRONG, TRACEBACK, LOST, UNCLEAR)
GOOD = (CLEAR, RIGHT)
AREAS = ("cli", "loaders", "downloads", "api", "notebooks")
MAX_LINES = 3
MAX_CHARS = 400


@dataclass(frozen=True)
class Verdict:
    """What one case did: its outcome and the evidence (message or result), for the failure report."""

    outcome: str
    evidence: str

    def __str__(self) -> str:
        return f"{self.outcome}: {self.evidence[:600]}"


def _message_is_clear(message: str, names: str | None) -> bool:
    lines = [ln for ln in message.strip().splitlines() if ln.strip()]
    if not lines or len(lines) > MAX_LINES or len(message) > MAX_CHARS or "Traceback" in message:
        return False
    return names is None or re.search(names, message, flags=re.IGNORECASE) is not None


def api_call(fn: Callable[..., Any], *args: Any, names: str | None = None,
             check: Callable[[Any], bool] | None = None,
             allowed: tuple[type[BaseException], ...] = (ValueError, TypeError), **kwargs: Any) -> Verdict:
    """Call ``fn(*args, **kwargs)`` as a learner would and classify it.

    ``check=None``: the input is bad, so a clear ``ValueError``/``TypeError`` (or a subclass, e.g. the
    project's file errors) whose message matches ``names`` is expected. With ``check``: the input is legal and
    ``check(result)`` must be true.
    """
    try:
        result = fn(*args, **kwargs)
    except allowed as exc:
        msg = str(exc)
        if check is not None:
            return Verdict(WRONG, f"legal input refused: {type(exc).__name__}: {msg}")
        return Verdict(CLEAR if _message_is_clear(msg, names) else UNCLEAR, f"{type(exc).__name__}: {msg}")
    except Exception as exc:  # noqa: BLE001 - classifying every other exception is the point
        return Verdict(TRACEBACK, f"{type(exc).__name__}: {exc}")
    if check is None:
        return Verdict(WRONG, f"accepted, returned {result!r}"[:600])
    try:
        ok = bool(check(result))
    except Exception as exc:  # noqa: BLE001
        return Verdict(WRONG, f"result failed its check with {type(exc).__name__}: {exc}; result {result!r}"[:600])
    return Verdict(RIGHT if ok else WRONG, f"returned {result!r}"[:600])


@dataclass(frozen=True)
class CliRun:
    """Exit code and both streams of one in-process ``cevns-edu`` run."""

    code: int
    out: str
    err: str


def run_cli(argv: Sequence[str]) -> CliRun:
    """Run ``cevns_edu.cli.main(argv)`` in this process, capturing stdout and stderr.

    An exception escaping ``main`` is what a user would see as a traceback: it is caught here and reported as
    exit code ``-1`` with the exception in ``err``.
    """
    from cevns_edu.cli import main  # deferred: the harness is imported by test collection

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's usage errors exit 2 with a one-line message
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:  # noqa: BLE001 - anything else is a traceback for the user
            return CliRun(-1, out.getvalue(), f"Traceback (uncaught) {type(exc).__name__}: {exc}")
    return CliRun(int(code), out.getvalue(), err.getvalue())


def cli_case(argv: Sequence[str], *, names: str | None = None,
             check: Callable[[CliRun], bool] | None = None) -> Verdict:
    """Classify a CLI run. ``check=None``: bad input, a non-zero exit with a clear stderr line is expected
    (``names`` must match it). With ``check``: legal input, exit 0 and ``check(run)`` true are expected."""
    run = run_cli(argv)
    evidence = f"exit {run.code}; stderr {run.err.strip()[:400]!r}; stdout {run.out.strip()[:200]!r}"
    if run.code == -1 or "Traceback" in run.err or "Traceback" in run.out:
        return Verdict(TRACEBACK, evidence)
    if check is not None:
        if run.code != 0:
            return Verdict(WRONG, "legal input refused: " + evidence)
        return Verdict(RIGHT if check(run) else WRONG, evidence)
    if run.code == 0:
        return Verdict(WRONG, "accepted with exit 0: " + evidence)
    return Verdict(CLEAR if _message_is_clear(run.err, names) else UNCLEAR, evidence)


def digest(paths: Iterable[Path]) -> dict[str, str]:
    """SHA-256 of every file under ``paths`` (files or folders), to prove a learner's work is untouched."""
    found: dict[str, str] = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in files:
            found[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def guard_work(verdict_fn: Callable[[], Verdict], protected: Sequence[Path]) -> Verdict:
    """Run a case and turn any change to the ``protected`` files into ``lost work``, whatever else it did."""
    before = digest(protected)
    verdict = verdict_fn()
    after = digest(protected)
    if before != after:
        changed = sorted(set(before) ^ set(after) | {k for k in before if after.get(k) != before[k]})
        return Verdict(LOST, f"changed or removed: {changed[:5]}; case said {verdict}")
    return verdict
