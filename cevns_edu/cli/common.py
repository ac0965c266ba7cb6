"""Small pieces the CsI and argon branches of the commands share: option checks and the aligned table."""

from __future__ import annotations

import argparse
from collections.abc import Sequence


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
