"""`cevns-edu notebooks` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("notebooks", help="(not yet available)")
    p.set_defaults(func=lambda args: (print("cevns-edu notebooks: not yet available"), 1)[1])
