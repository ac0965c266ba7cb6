"""The ``cevns-edu`` command. Each subcommand lives in its own module with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

# Subcommand modules, in the order ``--help`` lists them. Each defines ``register(subparsers)``
# which adds its parser and sets ``func`` (called with the parsed args, returns an exit code).
SUBCOMMANDS = ("xsec", "predict", "data", "fit", "notebooks")


#: The exit codes, as ``cevns-edu --help`` and the README state them.
EXIT_CODES_HELP = """exit codes:
  0    success
  1    error: bad input, missing or broken data, a fit without a valid result, a file or folder that
       cannot be read or written (the one-line message names it and says what to do)
  2    usage error (unknown option, no subcommand)
  130  interrupted (Ctrl-C); nothing partial is kept"""


def os_error_message(exc: OSError) -> str:
    """Say an operating-system error in one line: what failed, on which path, and what to do.

    Parameters
    ----------
    exc : OSError
        The error (``filename`` is the path when the system gave one).

    Returns
    -------
    str
    """
    path = exc.filename if exc.filename is not None else "a file"
    reason = exc.strerror or type(exc).__name__
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        todo = "check its permissions, or choose a folder you can write to (--data-dir, CEVNS_EDU_CACHE)"
    elif exc.errno == errno.ENOSPC:
        todo = "the disk is full: free some space, or choose another folder (--data-dir, CEVNS_EDU_CACHE)"
    elif isinstance(exc, NotADirectoryError) or exc.errno == errno.ENOTDIR:
        todo = "a part of this path is a file, not a folder: choose another path"
    elif isinstance(exc, IsADirectoryError):
        todo = "this is a folder, not a file: give the file's path"
    else:
        todo = "check that the path exists and is readable"
    return f"{path}: {reason}; {todo}"


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (what is wrong, and where to read the options)."""

    def error(self, message: str) -> NoReturn:
        """Print ``message`` in one line and exit 2."""
        usage = " ".join(self.format_usage().split())
        hint = usage if len(usage) <= 120 else f"see `{self.prog} --help`"
        self.exit(2, f"{self.prog}: error: {message} ({hint})\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the ``cevns-edu`` parser with every subcommand of :data:`SUBCOMMANDS`.

    Returns
    -------
    argparse.ArgumentParser
    """
    parser = OneLineParser(
        prog="cevns-edu",
        description="Coherent elastic neutrino-nucleus scattering: the course's command-line tools.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
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
        Exit code (:data:`EXIT_CODES_HELP`): 0 success, 1 error (bad input, missing data, an OS error),
        2 usage error or no subcommand, 130 interrupted (Ctrl-C).
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
            if isinstance(exc, OSError) and exc.filename is not None:  # an OS error, not the project's message
                print(f"cevns-edu {args.command}: error: {os_error_message(exc)}", file=sys.stderr)
            else:
                print(f"cevns-edu {args.command}: error: {_one_line(exc)}", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"cevns-edu {args.command}: error: {os_error_message(exc)}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("cevns-edu: interrupted (Ctrl-C)", file=sys.stderr)
        return 130


def _one_line(exc: BaseException) -> str:
    """Give the exception's message, or its type when it has none."""
    return str(exc) or type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
