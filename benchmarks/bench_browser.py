"""What a learner waits for in the browser: input → first changed canvas pixel, and redraws during a drag.

Each course notebook is opened in JupyterLab (a temporary copy, the browser-test servers) in headless Debian
Chromium, at device-pixel-ratio 1 and 2, and Run All. Then, for every control that drives a figure:

* **latency**: ≥ 10 moves as a learner makes them (``pagetools.move``: one key press on sliders — PageUp or
  PageDown, five steps —, clicks otherwise; until 2026-12-04 three presses in a row were sent and timed from the
  first, so the second and third loaded the page while the first frame was awaited, ≈ 10–20 ms more per move);
  for each, the time from the input event (keydown/click/change, caught in the page in the capture phase)
  to the first animation frame in which the pixels of a figure it drives differ. The pixels (every pixel of
  the canvas, hashed) are read in the first ``requestAnimationFrame`` after something was drawn on one of
  the figures' canvases (``drawImage``, hooked before the page loads), and only then: hashing every canvas
  in every animation frame, as this benchmark did until 2026-12-04, took the page's main thread from the very
  work it measures (10–20 ms per move at DPR 1, more at DPR 2);
* **drag** (sliders): the arrow key held for 2 s (a key every 50 ms, 20 steps per second, as a drag sends
  value changes); redraws per second = distinct frames seen / duration, and how long after the last key the
  last frame arrived.

Targets (issue 14): ≤ 50 ms median and ≤ 120 ms max per widget; a drag ≥ 20 redraws/s with the last frame
≤ 100 ms after release. Reported in ``results.json`` under ``browser``; never asserted in tests.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS: list = []  # this module reports a section (see run.py)

HERE = Path(__file__).resolve().parent
BROWSER_TESTS = HERE.parent / "tests" / "browser"
MOVES = 10
DRAG_S, DRAG_KEY_MS = 2.0, 50

#: Run in the page before it loads: counts what is drawn on a canvas of the course's figures (ipympl draws each
#: frame it receives with ``drawImage``), so the watchers below read the pixels only after a draw.
_HOOK_JS = """(() => {
  window.__figDraws = 0;
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const out = draw.apply(this, args);
    if (this.canvas.isConnected && this.canvas.closest('[data-e2e-fig]')) window.__figDraws++;
    return out;
  };
})();"""

#: JavaScript: the figures' canvases, a hash of all their pixels (one Uint32 per pixel) and ``drawn()``: whether
#: a figure's canvas was drawn on since the last call.
_SIG_JS = """const canvases = figs.map(i => document.querySelector(`[data-e2e-fig="${i}"] canvas`)).filter(Boolean);
  let draws = window.__figDraws;
  const drawn = () => { const d = window.__figDraws !== draws; draws = window.__figDraws; return d; };
  const sig = () => canvases.map(cv => {
    const d = new Uint32Array(cv.getContext('2d', {willReadFrequently: true}).getImageData(0, 0, cv.width, cv.height).data.buffer);
    let h = 0;
    for (let i = 0; i < d.length; i++) h = (Math.imul(h, 31) + d[i]) | 0;
    return h + ':' + cv.width + 'x' + cv.height;
  }).join('|');"""

#: In-page: resolves once the figures showed no new frame for ``quietMs`` (a late frame of the last move).
_QUIET_JS = """([figs, quietMs]) => new Promise(resolve => {
  """ + _SIG_JS + """
  let last = sig(), since = performance.now();
  const t0 = since;
  const tick = () => { const now = performance.now();
    if (drawn()) { const s = sig(); if (s !== last) { last = s; since = now; } }
    if (now - since >= quietMs || now - t0 > 5000) { resolve(now - t0); return; }
    requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})"""

#: In-page watcher: resolves with ms from the first input event to the first frame whose pixels differ.
_WATCH_JS = """([figs, timeoutMs]) => {
  """ + _SIG_JS + """
  const base = sig();
  let tInput = null;
  const mark = () => { if (tInput === null) tInput = performance.now(); };
  const events = ['keydown', 'pointerdown', 'change'];
  for (const ev of events) document.addEventListener(ev, mark, {capture: true});
  window.__latency = new Promise(resolve => {
    const t0 = performance.now();
    const tick = () => {
      const now = performance.now();
      if (drawn() && tInput !== null && sig() !== base) { resolve(now - tInput); return; }
      if (now - t0 > timeoutMs) { resolve(null); return; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }).finally(() => { for (const ev of events) document.removeEventListener(ev, mark, {capture: true}); });
  return canvases.length;
}"""

#: In-page drag: an arrow keydown on the slider handle every ``keyMs`` for ``dragMs``; every distinct frame of
#: the figures is timed until ``settleMs`` after the last key.
_DRAG_JS = """([figs, control, key, dragMs, keyMs, settleMs]) => new Promise(resolve => {
  """ + _SIG_JS + """
  const handle = document.querySelector(`[data-e2e-control="${control}"] .noUi-handle`);
  let last = sig(), keys = 0, stop = false;
  const times = [];
  const tick = () => { if (stop) return; const now = performance.now();
                       if (drawn()) { const s = sig(); if (s !== last) { last = s; times.push(now); } }
                       requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const t0 = performance.now();
  const timer = setInterval(() => {
    handle.dispatchEvent(new KeyboardEvent('keydown', {key, code: key, bubbles: true, cancelable: true}));
    keys++;
    if (performance.now() - t0 >= dragMs) {
      clearInterval(timer);
      const tRelease = performance.now();
      setTimeout(() => { stop = true;
        const during = times.filter(t => t <= tRelease).length;
        resolve({redraws_per_s: Math.round(10 * during / ((tRelease - t0) / 1e3)) / 10, keys,
                 last_frame_after_release_ms: times.length ? Math.round(10 * Math.max(0, times[times.length - 1] - tRelease)) / 10 : null});
      }, settleMs);
    }
  }, keyMs);
})"""


def _summary(ms: list[float]) -> dict[str, float | int]:
    return {"median_ms": round(statistics.median(ms), 1), "max_ms": round(max(ms), 1), "n": len(ms)} if ms else {"n": 0}


def _latencies(page, pt, control, moves: int) -> list[float]:
    out = []
    for _ in range(moves):
        page.evaluate(_QUIET_JS, [control.figures, 400])  # no late frame of the last move is counted
        if not page.evaluate(_WATCH_JS, [control.figures, 5000]):
            break
        pt.move(page, control, presses=1)
        ms = page.evaluate("window.__latency")
        if ms is not None:
            out.append(float(ms))
    return out


def _drag(page, control) -> dict | None:
    handle = page.locator(f'[data-e2e-control="{control.index}"] .noUi-handle')
    if handle.count() != 1:
        return None
    at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    page.evaluate(_QUIET_JS, [control.figures, 400])
    return page.evaluate(_DRAG_JS, [control.figures, control.index, "ArrowLeft" if at_end else "ArrowRight",
                                    1000 * DRAG_S, DRAG_KEY_MS, 1500])


def measure_notebook(browser, server, name: str, dpr: float, *, moves: int = MOVES, drag: bool = True) -> dict:
    """Latency (and drags) of every control of one notebook at one device-pixel-ratio."""
    import pagetools as pt
    from test_notebooks_browser import open_notebook, run_all

    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=dpr)
    context.add_init_script(_HOOK_JS)
    page = context.new_page()
    try:
        open_notebook(page, server, name)
        run_all(page, timeout_s=180)
        page.wait_for_timeout(1000)
        out: dict = {}
        for control in pt.find_controls(page):
            if not control.figures:
                continue
            key = f"{control.label or control.kind} [{control.index}]"
            row: dict = {"kind": control.kind, **_summary(_latencies(page, pt, control, moves))}
            if drag and control.kind == "widget-slider":
                row["drag"] = _drag(page, control)
            out[key] = row
            pt.find_controls(page)  # re-tag: a move may re-render widgets
        return out
    finally:
        context.close()
        server.shutdown_kernels()


def section(only: str | None = None) -> tuple[str, dict]:
    """Run the browser benchmark (called by run.py); returns ``("browser", results)``."""
    sys.path.insert(0, str(BROWSER_TESTS))
    import servers
    from playwright.sync_api import sync_playwright

    names = [p.name for p in sorted(servers.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) if not only or only in p.name]
    if not names:
        return "browser", {"skipped": f"no notebook matches --only {only}"}
    results: dict = {"note": "headless Debian Chromium on JupyterLab, 1280×900; input event → first frame with "
                             "changed figure pixels (read in the first requestAnimationFrame after a draw on a figure's canvas); "
                             "drag = arrow key every 50 ms for 2 s",
                     "targets": {"median_ms": 50, "max_ms": 120, "drag_redraws_per_s": 20, "last_frame_ms": 100}}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(servers.CHROMIUM), headless=True, args=servers.CHROMIUM_ARGS)
        server = servers.start_lab(Path(tmp))
        try:
            print(f"{'browser: input → pixels (ms), drag':<56s}  DPR 1 median / max   DPR 2 median / max   "
                  "drag/s last(ms) at DPR 1, at DPR 2", flush=True)
            for name in names:
                t0 = time.monotonic()
                by_dpr = {f"dpr{d:g}": measure_notebook(browser, server, name, d) for d in (1, 2)}
                results[name] = {}
                for key in by_dpr["dpr1"]:
                    r1, r2 = by_dpr["dpr1"][key], by_dpr["dpr2"].get(key, {"n": 0})
                    results[name][key] = {"dpr1": {k: v for k, v in r1.items() if k != "drag"},
                                          "dpr2": {k: v for k, v in r2.items() if k != "drag"},
                                          "drag": r1.get("drag"), "drag_dpr2": r2.get("drag")}
                    cells = "".join(f"  {r.get('median_ms', float('nan')):8.1f} / {r.get('max_ms', float('nan')):6.1f}    "
                                    for r in (r1, r2))
                    drags = "".join(f"  {d.get('redraws_per_s', '')!s:>6} {d.get('last_frame_after_release_ms', '')!s:>6}"
                                    for d in (r1.get("drag") or {}, r2.get("drag") or {}))
                    print(f"{name[:14] + ' ' + key[:41]:<56s}{cells}{drags}", flush=True)
                print(f"  ({name}: {time.monotonic() - t0:.0f} s)", flush=True)
        finally:
            server.stop()
            browser.close()
    return "browser", results


if __name__ == "__main__":
    print(section(sys.argv[1] if len(sys.argv) > 1 else None)[1])
