"""Browser-side helpers shared by the JupyterLab and Voila tests: console watching, widget discovery and
moving, and "did the figure change?" checks on canvas screenshots (helpers, not tests)."""

from __future__ import annotations

import io
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

# The one request we tolerate failing: Voila's lab template links Font Awesome CSS from a CDN
# (cdn.jsdelivr.net). Offline it cannot load. Nothing in the course depends on it — Voila also
# bundles Font Awesome locally, and the dashboard uses no icons — so only this URL is tolerated.
TOLERATED_REQUEST = re.compile(r"^https://cdn\.jsdelivr\.net/npm/@fortawesome/fontawesome-free@")
# JupyterLab renders a Markdown cell's HTML before it swaps ``attachment:NAME`` image sources for the
# cell's embedded data, so the browser briefly requests the raw ``attachment:`` URL (known JupyterLab
# behaviour). Tolerated only together with :func:`broken_images` proving every image finally loaded.
ATTACHMENT_REQUEST = re.compile(r"^attachment:")
# The same for a Markdown image with a relative path (``images/x.png``): JupyterLab renders the cell's HTML
# before its URL resolver points the image at the server's /files/ URL, so the browser may start loading the
# raw path relative to the page (/lab/tree/…) and abort it when the source is swapped (seen once in CI,
# 00_welcome). Only an *aborted* load of such a path is tolerated, together with :func:`broken_images`.
RELATIVE_IMAGE_REQUEST = re.compile(r"^http://127\.0\.0\.1:\d+/lab/tree/[^?#]+\.(png|svg|jpe?g|gif)$")
# ipympl occasionally (timing-dependent) logs this when one frame's PNG cannot be decoded, e.g. a frame
# arriving while the canvas is being (re)sized — matplotlib/ipympl#472, matplotlib/matplotlib#19116. The
# canvas keeps its previous frame and the next draw replaces it. Tolerated only because the tests prove
# what matters to a learner: every figure ends up drawn (:func:`blank_figures`) and follows its controls.
IPYMPL_DROPPED_FRAME = re.compile(r"Error setting state: Failed to execute 'drawImage' on "
                                  r"'CanvasRenderingContext2D': The HTMLImageElement provided is in the 'broken' state")
# The same race seen from the network side: ipympl shows each frame from a blob: URL of the page's own origin
# and revokes it when the next frame arrives, so a frame replaced before it loaded is an aborted request (the
# kernel pushes whole frames that may replace one not shown yet: cevns_edu.plotting.frames). Only an *aborted*
# blob: load is tolerated — a missing one fails — and the same figure checks prove what the learner sees.
IPYMPL_REPLACED_FRAME = re.compile(r"^blob:http://127\.0\.0\.1:\d+/[0-9a-f-]+$")

# Widget controls a learner can move, as CSS selectors of the visible DOM (ipywidgets 8).
CONTROL_SELECTOR = ", ".join([
    ".widget-slider:not(.widget-vslider)",      # IntSlider / FloatSlider / (Float)LogSlider / RangeSliders
    ".widget-vslider",
    ".widget-dropdown",
    ".widget-toggle-buttons",
    ".widget-radio",
    ".widget-checkbox",
    ".widget-toggle-button",
    ".widget-select:not(.widget-dropdown)",
])

CANVAS_SELECTOR = ".jupyter-matplotlib-canvas-div"


@dataclass
class ConsoleWatch:
    """Collects JavaScript console errors, uncaught page errors and failed requests of one page."""

    errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    tolerated: list[str] = field(default_factory=list)
    phase: str = "load"  # what the test was doing (prefixed to each problem: easier diagnosis)

    def attach(self, page) -> ConsoleWatch:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"[{self.phase}] uncaught: {exc}"))
        page.on("requestfailed", self._on_failed)
        return self

    def _on_console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        text = msg.text
        # A failed resource load is reported twice (requestfailed + console); judge it by its URL.
        if text.startswith("Failed to load resource") and (TOLERATED_REQUEST.match(url or "")
                                                          or ATTACHMENT_REQUEST.match(url or "")):
            self.tolerated.append(f"console: {text} ({url})")
            return
        if IPYMPL_DROPPED_FRAME.match(text):
            self.tolerated.append(f"[{self.phase}] ipympl dropped frame: {text[:60]}")
            return
        self.errors.append(f"[{self.phase}] console.error: {text} ({url})")

    def _on_failed(self, request) -> None:
        entry = f"{request.url} ({request.failure})"
        if TOLERATED_REQUEST.match(request.url) or ATTACHMENT_REQUEST.match(request.url):
            self.tolerated.append(entry)
        elif IPYMPL_REPLACED_FRAME.match(request.url) and request.failure == "net::ERR_ABORTED":
            self.tolerated.append(f"[{self.phase}] ipympl replaced frame: {entry}")
        elif RELATIVE_IMAGE_REQUEST.match(request.url) and request.failure == "net::ERR_ABORTED":
            self.tolerated.append(f"[{self.phase}] image source swapped by JupyterLab: {entry}")
        else:
            self.failed_requests.append(f"[{self.phase}] {entry}")

    def problems(self) -> list[str]:
        return self.errors + [f"request failed: {r}" for r in self.failed_requests]


def broken_images(page) -> list[str]:
    """Images on the page that did not load (e.g. a Markdown image whose file or attachment is missing)."""
    return page.evaluate("""() => [...document.images]
        .filter(i => i.complete && i.naturalWidth === 0 && !i.closest('.jupyter-matplotlib'))
        .map(i => (i.getAttribute('src') || '').slice(0, 80))""")


def blank_figures(locators) -> list[int]:
    """Indices of figures whose canvas is (almost) uniformly one colour, i.e. nothing was drawn."""
    blank = []
    for i, img in enumerate(snapshot(locators)):
        ref = img[0, 0]
        if np.mean(np.any(np.abs(img - ref) > 0.05, axis=-1)) < 0.005:
            blank.append(i)
    return blank


def png_array(png: bytes) -> np.ndarray:
    """RGB pixels of a PNG screenshot (matplotlib's PNG reader, no extra dependency)."""
    import matplotlib.image as mpimg

    return mpimg.imread(io.BytesIO(png), format="png")[..., :3]


def pixels_differ(a: np.ndarray, b: np.ndarray, min_fraction: float = 2e-4) -> bool:
    """True when the images differ in shape or in at least ``min_fraction`` of their pixels."""
    if a.shape != b.shape:
        return True
    changed = np.any(np.abs(a - b) > 1e-3, axis=-1)
    return changed.mean() >= min_fraction


def snapshot(locators) -> list[np.ndarray]:
    return [png_array(loc.screenshot(animations="disabled")) for loc in locators]


def wait_for_change(locators, before: list[np.ndarray], timeout_s: float = 5.0) -> float | None:
    """Seconds until any of the figures' pixels differ from ``before``; None if they never did."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout_s:
        after = snapshot(locators)
        if len(after) != len(before) or any(pixels_differ(x, y) for x, y in zip(before, after, strict=True)):
            return time.monotonic() - t0
        time.sleep(0.1)
    return None


# JavaScript: tag every visible control and the figure(s) it drives (the canvases in its nearest
# enclosing widget box that has any; else in its output area). Returns [(control idx, kind, label, fig idxs)].
_TAG_JS = """
([sel, exclude]) => {
  const canvasSel = '.jupyter-matplotlib-canvas-div';
  const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  document.querySelectorAll('[data-e2e-fig]').forEach(e => e.removeAttribute('data-e2e-fig'));
  document.querySelectorAll('[data-e2e-control]').forEach(e => e.removeAttribute('data-e2e-control'));
  const figs = [...document.querySelectorAll(canvasSel)].filter(visible);
  figs.forEach((f, i) => f.setAttribute('data-e2e-fig', String(i)));
  const out = [];
  [...document.querySelectorAll(sel)].filter(visible).forEach((c, i) => {
    if (c.closest('.jupyter-matplotlib-toolbar, .jupyter-matplotlib-header')) return;
    if (exclude && c.closest(exclude)) return;
    if (c.parentElement && c.parentElement.closest(sel)) return;   // nested part of another control
    c.setAttribute('data-e2e-control', String(i));
    let box = c.parentElement, driven = [];
    while (box) {
      const inside = [...box.querySelectorAll(canvasSel)].filter(visible);
      if (inside.length) { driven = inside; break; }
      if (box.classList.contains('jp-OutputArea-output') || box.id === 'rendered_cells') break;
      box = box.parentElement;
    }
    const kinds = ['widget-vslider','widget-slider','widget-dropdown','widget-toggle-buttons','widget-radio',
                   'widget-checkbox','widget-toggle-button','widget-select'];
    const kind = kinds.find(k => c.classList.contains(k)) || c.className;
    const label = (c.querySelector('.widget-label') || {}).textContent || c.textContent.slice(0, 40);
    out.push([i, kind, label.trim(), driven.map(f => Number(f.getAttribute('data-e2e-fig')))]);
  });
  return out;
}
"""


@dataclass
class Control:
    index: int
    kind: str
    label: str
    figures: list[int]

    def describe(self) -> str:
        return f"{self.kind} {self.label!r}"


def find_controls(page, exclude: str = "") -> list[Control]:
    """Visible controls (minus those inside ``exclude``, a CSS selector), each with the figures it drives."""
    return [Control(*row) for row in page.evaluate(_TAG_JS, [CONTROL_SELECTOR, exclude])]


def control_state(page, control: Control) -> str:
    """A text fingerprint of the control's value (readout, selection, checked state)."""
    return page.evaluate(
        """(i) => { const c = document.querySelector(`[data-e2e-control="${i}"]`);
                   const r = c.querySelector('.widget-readout'); const s = c.querySelector('select');
                   const checked = [...c.querySelectorAll('input')].map(x => x.checked ? '1' : '0').join('');
                   const active = [...c.querySelectorAll('.mod-active')].map(x => x.textContent).join('|');
                   return [r ? (r.textContent || r.value) : '', s ? s.value : '', checked, active,
                           c.classList.contains('mod-active') ? 'on' : ''].join('#'); }""",
        control.index)


def move(page, control: Control, *, presses: int = 3) -> None:
    """Move a control the way a learner would (keyboard on sliders, clicks/selection otherwise).

    ``presses``: key presses on a single slider (three by default, so sliders with tiny steps move visibly too;
    the latency benchmark presses once: one input, one wait).
    """
    c = page.locator(f'[data-e2e-control="{control.index}"]')
    c.scroll_into_view_if_needed()
    if control.kind in ("widget-slider", "widget-vslider"):
        handles = c.locator(".noUi-handle")
        if handles.count() == 2:
            # range slider: narrow the range from above (moving the lower handle up could close it)
            handle, key = handles.nth(1), "PageDown"
            if handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemin"):
                key = "PageUp"
        else:
            handle = handles.first
            at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            key = "PageDown" if at_end else "PageUp"
        handle.focus()
        # PageUp/PageDown: a large step (5 × step in noUiSlider); repeated so tiny steps move too.
        for _ in range(presses if handles.count() == 1 else 1):
            handle.press(key)
    elif control.kind == "widget-dropdown":
        sel = c.locator("select")
        options = sel.locator("option").all()
        current = sel.input_value()
        values = [o.get_attribute("value") for o in options]
        target = next(v for v in values if v != current)
        sel.select_option(value=target)
    elif control.kind == "widget-select":
        sel = c.locator("select")
        values = [o.get_attribute("value") for o in sel.locator("option").all()]
        current = sel.input_value()
        sel.select_option(value=next(v for v in values if v != current))
    elif control.kind == "widget-toggle-buttons":
        c.locator("button:not(.mod-active)").first.click()
    elif control.kind == "widget-radio":
        c.locator("input[type=radio]:not(:checked)").first.click()
    elif control.kind == "widget-checkbox":
        c.locator("input[type=checkbox]").click()
    elif control.kind == "widget-toggle-button":
        c.click()
    else:  # pragma: no cover - new control kinds must be taught here
        raise AssertionError(f"don't know how to move {control.describe()}")


# --- accessibility (axe-core) ----------------------------------------------------------------------------
# axe-core is an npm package, installed by .ci/run beside configurable-http-proxy (ignored by git):
#   npm install --prefix .venv/node axe-core@4.10.3
# CEVNS_EDU_AXE_JS names another copy of axe.min.js.
AXE_VERSION = "4.10.3"


def axe_script() -> Path | None:
    """Path of axe.min.js: $CEVNS_EDU_AXE_JS, else <checkout>/.venv/node/…, else <sys.prefix>/node/…; None if absent."""
    env = os.environ.get("CEVNS_EDU_AXE_JS")
    rel = Path("node_modules") / "axe-core" / "axe.min.js"
    for candidate in ([Path(env)] if env else []) + [ROOT / ".venv" / "node" / rel, Path(sys.prefix) / "node" / rel]:
        if candidate.is_file():
            return candidate
    return None


@dataclass
class AxeViolation:
    rule: str
    impact: str
    help: str
    targets: list[str]

    def describe(self) -> str:
        return f"{self.impact} {self.rule} ({self.help}): {', '.join(self.targets[:4])}" + \
            (f" and {len(self.targets) - 4} more" if len(self.targets) > 4 else "")


def run_axe(page, owned: str, script: Path) -> tuple[list[AxeViolation], list[AxeViolation]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; return (violations whose nodes lie inside
    ``owned`` — the course's own elements —, the others). Hidden elements are not checked (axe's rule)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    rows = page.evaluate("""async (owned) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => ({rule: v.id, impact: v.impact || '', help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                       owned: !!document.querySelector(n.target[0])?.closest(owned)}))}));
    }""", owned)
    mine, others = [], []
    for v in rows:
        for bucket, flag in ((mine, True), (others, False)):
            targets = [n["target"] for n in v["nodes"] if n["owned"] is flag]
            if targets:
                bucket.append(AxeViolation(v["rule"], v["impact"], v["help"], targets))
    return mine, others


def frames_plugin(page, timeout_ms: float = 15_000) -> str:
    """State of the course's page plugin (labextension/, cevns-edu-frames) in a JupyterLab or Voila page.

    "on" once it has patched ipympl's page code; "no-ipympl", "unsupported" or "error" if it could not (the figures
    then keep ipympl's own path); "missing" if the page did not load it within ``timeout_ms``.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # only where a browser test runs

    try:
        page.wait_for_function("() => document.documentElement.dataset.cevnsFrames", timeout=timeout_ms)
    except PlaywrightTimeout:  # the plugin is not installed where the server looks
        return "missing"
    return str(page.evaluate("document.documentElement.dataset.cevnsFrames"))
