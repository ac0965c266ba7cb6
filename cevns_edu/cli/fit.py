"""`cevns-edu fit` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fit", help="(not yet available)")
    p.set_defaults(func=lambda args: (print("cevns-edu fit: not yet available"), 1)[1])
