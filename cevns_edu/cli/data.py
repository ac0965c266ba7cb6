"""`cevns-edu data` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("data", help="(not yet available)")
    p.set_defaults(func=lambda args: (print("cevns-edu data: not yet available"), 1)[1])
