"""`cevns-edu predict` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("predict", help="(not yet available)")
    p.set_defaults(func=lambda args: (print("cevns-edu predict: not yet available"), 1)[1])
