"""Small pieces the CsI and argon branches of the commands share: option checks and the aligned table."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def check_seed(args: argparse.Namespace) -> None:
    """Refuse ``--seed`` without ``--simulated``, and a negative seed.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``seed``: int or None, ``simulated``: bool).

    Raises
    ------
    ValueError
        Naming the option and the value.
    """
    if args.seed is not None and not args.simulated:
        raise ValueError("--seed only applies to --simulated (a replica); real data have no seed")
    if args.seed is not None and args.seed < 0:
        raise ValueError(f"--seed must be a non-negative integer, got {args.seed}")


def not_a_folder_line(d: Path, fetch: str) -> list[str]:
    """Say, in a status line, that a data folder or cache path is a file (no line when ``d`` is not a file).

    Parameters
    ----------
    d : pathlib.Path
        The folder the status reports on.
    fetch : str
        The command that downloads the release (e.g. ``"cevns-edu data fetch"``).

    Returns
    -------
    list of str
        One line naming ``d`` and what to do, or no line.
    """
    if not d.exists() or d.is_dir():
        return []
    return [f"  {d} is a file, not a folder: move or remove it, then run `{fetch}`"]


def print_rows(rows: Sequence[tuple[str, str]]) -> None:
    """Print ``(label, value)`` rows as two columns, the labels padded to the longest.

    Parameters
    ----------
    rows : sequence of (str, str)
        Label and formatted value of each line.
    """
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


def add_allow_modified(p: argparse.ArgumentParser) -> None:
    """Add ``--allow-modified``: use files that are not the official release, labelled MODIFIED DATA.

    Parameters
    ----------
    p : argparse.ArgumentParser
        The subcommand's parser.
    """
    p.add_argument("--allow-modified", action="store_true",
                   help="use a data folder whose files are not the official release (edited numbers); "
                        "every result is then labelled MODIFIED DATA")


def check_data_dir(args: argparse.Namespace) -> None:
    """Refuse ``--data-dir ""`` (it would otherwise silently mean the cache).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``data_dir``: str or None).

    Raises
    ------
    ValueError
        Naming the option.
    """
    d = getattr(args, "data_dir", None)
    if d is not None and not d.strip():
        raise ValueError('--data-dir "" is empty; give a folder (or leave the option out to use the cache)')


def run_fit(fit: Callable[[], T], what: str) -> T:
    """Run a fit and turn a failure inside the minimiser into one clear error.

    Parameters
    ----------
    fit : callable
        Runs the fit and returns its result.
    what : str
        The data fitted, for the message.

    Returns
    -------
    object
        The fit result.

    Raises
    ------
    RuntimeError
        If the minimiser raised (degenerate input, e.g. an all-zero data file).
    """
    try:
        return fit()
    except (ValueError, RuntimeError):
        raise
    except (ArithmeticError, IndexError, KeyError, TypeError) as exc:
        raise RuntimeError(f"the fit of {what} failed ({type(exc).__name__}: {str(exc)[:120]}); the data are "
                           "degenerate (e.g. all counts zero) — check the data files") from None


def check_fit(values: Mapping[str, Any], valid: bool, what: str) -> None:
    """Refuse a fit result that is not a valid minimum or holds a non-finite number.

    Parameters
    ----------
    values : mapping of str to object
        The result's numbers, by name (non-numbers are ignored).
    valid : bool
        Whether the minimiser reported a valid minimum.
    what : str
        The data fitted, for the message.

    Raises
    ------
    RuntimeError
        Naming the first bad quantity; the CLI then exits 1 and prints no result.
    """
    bad = [k for k, v in values.items()
           if isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isfinite(v)]
    if bad:
        raise RuntimeError(f"the fit of {what} gave a non-finite {bad[0]} ({values[bad[0]]}); no result is "
                           "reported — the data are not physical (check the files, or use the official release)")
    if not valid:
        raise RuntimeError(f"the fit of {what} did not reach a valid minimum; no result is reported — the data "
                           "are degenerate or not physical (check the files)")


def dump_json(out: Mapping[str, Any]) -> str:
    """Serialise a result as strict JSON (never NaN or Infinity).

    Parameters
    ----------
    out : mapping
        The result.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If a value is not finite (``allow_nan=False``).
    """
    return json.dumps(out, allow_nan=False)


def check_range(option: str, value: float, low: float, high: float, what: str) -> None:
    """Refuse an option value outside ``low < value ≤ high`` (or not finite).

    Parameters
    ----------
    option : str
        The option, e.g. ``"--enu"``.
    value : float
        What was given.
    low, high : float
        The allowed range (low excluded, high included).
    what : str
        The allowed range in words, with units.

    Raises
    ------
    ValueError
        Naming the option, the value and what is allowed.
    """
    if not (math.isfinite(value) and low < value <= high):
        raise ValueError(f"{option} must be {what}, got {value:g}")
