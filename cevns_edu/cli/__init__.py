"""The ``cevns-edu`` command. Each subcommand lives in its own module with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Subcommand modules, in the order ``--help`` lists them. Each defines ``register(subparsers)``
# which adds its parser and sets ``func`` (called with the parsed args, returns an exit code).
SUBCOMMANDS = ("xsec", "predict", "data", "fit", "notebooks")


def build_parser() -> argparse.ArgumentParser:
    """Build the ``cevns-edu`` parser with every subcommand of :data:`SUBCOMMANDS`.

    Returns
    -------
    argparse.ArgumentParser
    """
    parser = argparse.ArgumentParser(
        prog="cevns-edu",
        description="Coherent elastic neutrino-nucleus scattering: the course's command-line tools.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"cevns_edu.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cevns-edu`` command; a user's error is printed as one line, never as a traceback.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        Exit code: 0 success, 1 error (bad input or missing data), 2 no subcommand, 130 interrupted (Ctrl-C).
    """
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        try:
            return int(args.func(args) or 0)
        except (ValueError, FileNotFoundError, RuntimeError) as exc:
            print(f"cevns-edu {args.command}: error: {exc}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("cevns-edu: interrupted (Ctrl-C)", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
