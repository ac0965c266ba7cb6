"""The kernel's cost of one frame a learner waits for, measured the way ipympl spends it.

A slider move runs ``Panel.update`` (physics + artist changes), which asks the canvas for a redraw
(``draw_idle``). In JupyterLab ipympl answers that request with a full Agg render of the figure and a
PNG of the changed pixels (``FigureCanvasWebAggCore.get_diff_image``) sent to the browser over the
canvas's comm. Here
``draw_idle`` only raises a flag; when it is raised the frame is finished as ipympl finishes it
(``canvas.draw()`` → render → ``manager.refresh_all`` → diff PNG → ``canvas.send_binary``). A panel that
blits encodes inside ``update``; that time is counted too. CPU time of this process (``process_time``)
is reported, not wall time: the machine may be shared.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from statistics import median
from typing import Any

from cevns_edu.plotting.frames import PUSH_FRAMES


class _Socket:
    """Counts the frames and bytes an ipympl canvas sends to its browser end (its comm)."""

    def __init__(self, canvas: Any) -> None:
        self.frames = 0
        self.bytes = 0
        self._send = canvas.send_binary

    def send_binary(self, data: bytes) -> None:
        self.frames += 1
        self.bytes += len(data)
        self._send(data)


def attach(panel: Any, dpr: float = 1.0) -> tuple[Any, _Socket, dict[str, float]]:
    """Wire ``panel``'s canvas like a connected browser at device-pixel-ratio ``dpr``.

    Returns the canvas, the stand-in socket and a dict accumulating the encode CPU time [s].
    """
    canvas = panel.plot.fig.canvas
    sock = _Socket(canvas)
    canvas.syncing_data_url = False  # what the browser's 'initialized' message sets
    canvas.send_binary = sock.send_binary  # ipympl's manager sends frames to the canvas (its own socket)
    if dpr != 1:
        canvas.manager.handle_json({"type": "set_device_pixel_ratio", "device_pixel_ratio": dpr})
    acc = {"encode": 0.0}
    diff = canvas.get_diff_image

    def timed_diff():
        t0 = time.process_time()
        try:
            return diff()
        finally:
            acc["encode"] += time.process_time() - t0

    canvas.get_diff_image = timed_diff
    canvas.draw()  # the first (full) frame the browser asks for when the canvas appears
    return canvas, sock, acc


def frame_costs(panel: Any, moves: Sequence[dict[str, Any]], *, dpr: float = 1.0, n: int = 12,
                warmup: int = 2) -> dict[str, Any]:
    """CPU milliseconds of ``n`` frames, cycling through ``moves`` (after ``warmup`` untimed ones)."""
    canvas, sock, acc = attach(panel, dpr)
    pending = {"draw": False}
    canvas.draw_idle = lambda *a, **k: pending.__setitem__("draw", True)
    flush = getattr(panel, "flush", None)  # a panel that coalesces events renders its last state here
    totals, updates, encodes = [], [], []
    for i in range(warmup + n):
        params = moves[i % len(moves)]
        acc["encode"] = 0.0
        frames0 = sock.frames
        t0 = time.process_time()
        panel.update(**params)
        if flush is not None:
            flush()
        t1 = time.process_time()
        if pending["draw"]:
            pending["draw"] = False
            push = getattr(canvas, "_push", None)  # a pushed frame is sent whole (cevns_edu.plotting.frames)
            push() if PUSH_FRAMES and push is not None else canvas.draw()
        t2 = time.process_time()
        if sock.frames == frames0:
            raise RuntimeError(f"{type(panel).__name__}: move {params} produced no frame")
        if i >= warmup:
            totals.append(1e3 * (t2 - t0))
            updates.append(1e3 * (t1 - t0))
            encodes.append(1e3 * acc["encode"])
    w, h = canvas.get_width_height(physical=True)
    return {"median_ms": round(median(totals), 2), "max_ms": round(max(totals), 2),
            "update_median_ms": round(median(updates), 2), "encode_median_ms": round(median(encodes), 2),
            "pixels": f"{w}x{h}", "kb_per_frame": round(sock.bytes / max(sock.frames, 1) / 1024, 1), "n": n,
            "load_avg_1min": round(os.getloadavg()[0], 2)}


def run_frames(panels: Sequence[tuple[str, Callable[[], Any], Sequence[dict[str, Any]]]], *,
               dprs: Sequence[float] = (1.0, 2.0), n: int = 12, only: str | None = None,
               targets: tuple[float, float] = (16.0, 33.0)) -> dict[str, Any]:
    """Measure every panel at every device-pixel-ratio; print a table; return the results by panel."""
    out: dict[str, Any] = {}
    print(f"{'kernel CPU per frame (update + render + PNG)':<44s}" +
          "".join(f"  DPR {d:g}: median / max ms" for d in dprs) + "   (target DPR 1: ≤ 16 / ≤ 33)", flush=True)
    for name, make, moves in panels:
        if only and only not in name:
            continue
        row: dict[str, Any] = {}
        for dpr in dprs:
            row[f"dpr{dpr:g}"] = frame_costs(make(), moves, dpr=dpr, n=n)
        r1 = row[f"dpr{dprs[0]:g}"]
        row["ok"] = r1["median_ms"] <= targets[0] and r1["max_ms"] <= targets[1]
        out[name] = row
        cells = "".join(f"  {row[f'dpr{d:g}']['median_ms']:9.1f} / {row[f'dpr{d:g}']['max_ms']:6.1f}        "
                        for d in dprs)
        print(f"{name:<44s}{cells} {'ok' if row['ok'] else 'SLOW'}  (load {r1['load_avg_1min']})", flush=True)
    return out
