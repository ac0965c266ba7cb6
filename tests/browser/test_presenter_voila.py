"""The presenter dashboard under Voila, served as `make present` serves it, in headless Debian Chromium.

Asserts:

* it renders without any code visible, with no error output and no console errors (the only tolerated
  failure is Voila's Font Awesome CDN stylesheet, which cannot load offline — see
  pagetools.TOLERATED_REQUEST; nothing on the dashboard uses icons); it says SIMULATED REPLICA and, in one
  plain phrase, "simulated data" (the tests run without the release), with no file path and no reason;
  each of the four moments is one click away, and every control of each moment moves its figure;
* **real rooms**: at 1024×768, 1280×720, 1366×768 and 1920×1080, in every moment, the figure canvas, the
  headlines, the buttons, the controls, the readout and the fit's punchline lie inside the window, nothing
  scrolls, and the figure keeps its aspect ratio and at least 40 % of the window's height;
* **a clicker**: → ↓ PageDown and space step forwards, ← ↑ PageUp back, through the moments and then the
  fit's model terms; a focused slider keeps its arrow keys;
* **access**: axe-core finds no serious or critical violation in the dashboard's own elements; slider handles
  are named; the keyboard focus ring is ≥ 3 px; each figure has a text alternative that follows its readout.

Screenshots (`make gallery`): docs/gallery/presenter_<moment>.png at 1280×720 and
docs/gallery/presenter_<W>x<H>.png (the last moment visited, ④) at each projector size.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pagetools as pt
import pytest
import servers

pytestmark = [pytest.mark.browser, pytest.mark.needs_socket]

PRESENTER = "presenter.ipynb"
MOMENTS = {"nsquared": "σ grows like N²", "timing": "The pulsed beam", "excess": "The excess in the fit",
           "twodetectors": "Two detectors"}
# (moment, with the fit's full model shown) for the tests that visit every moment
VISITS = (("nsquared", False), ("timing", False), ("excess", True), ("twodetectors", False))
CODE_MARKERS = ("%matplotlib", "import ", "Dashboard()", "cevns_edu.widgets")
PROJECTORS = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)]
# What must be on screen in a moment (each visible element of each selector)
BOXES = {
    "figure": ".cevns-moment:not([style*='none']) .cevns-figure canvas:first-child",
    "title": ".cevns-title",
    "headline": ".cevns-moment:not([style*='none']) .cevns-headline",
    "say": ".cevns-moment:not([style*='none']) .cevns-say",
    "moment buttons": ".cevns-moment-buttons button",
    "step buttons": ".cevns-step",
    "controls": ".cevns-moment:not([style*='none']) .cevns-controls",
    "readout": ".cevns-moment:not([style*='none']) .cevns-readout",
    "punchline": ".cevns-moment:not([style*='none']) .cevns-punchline",
}


def present_args() -> list[str]:
    """The Voila flags of `make present` (PRESENT_ARGS in the Makefile): the test serves what a presenter runs."""
    m = re.search(r"^PRESENT_ARGS \?= (.*)$", (servers.ROOT / "Makefile").read_text(), re.MULTILINE)
    assert m, "Makefile: PRESENT_ARGS not found"
    return m.group(1).split()


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    if not (servers.NOTEBOOKS / PRESENTER).exists():
        pytest.skip(f"{PRESENTER} not in {servers.NOTEBOOKS}")
    server = servers.start_voila(tmp_path_factory.mktemp("voila"), PRESENTER, *present_args())
    try:
        yield server
    finally:
        server.stop()


def open_dashboard(browser, server: servers.Server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    watch = pt.ConsoleWatch().attach(page)
    page.goto(f"{server.url}/", timeout=120_000)
    page.wait_for_selector(".cevns-presenter .jupyter-matplotlib-canvas-div", timeout=120_000)
    # the page script has named things (it runs after the widgets render)
    page.wait_for_function("() => document.querySelector('.cevns-presenter .cevns-figure[aria-label]')", timeout=60_000)
    page.wait_for_timeout(500)
    return context, page, watch


@pytest.fixture(scope="module")
def dashboard(browser, voila_server: servers.Server):
    """One page for the room tests; they change its window size and its moment."""
    context, page, watch = open_dashboard(browser, voila_server, 1280, 720)
    try:
        yield page, watch
    finally:
        context.close()


def active_moment(page) -> str:
    return page.evaluate("""() => { const b = document.querySelector('.cevns-moment-buttons button.mod-active');
                                   return b ? b.textContent : ''; }""")


def n_terms(page) -> int:
    """How many model terms the fit's moment shows (its active toggle button's index + 1)."""
    return page.evaluate("""() => { const bs = [...document.querySelectorAll(
        '.cevns-controls .widget-toggle-buttons button')].filter(b => b.closest('.cevns-moment').style.display !== 'none');
        return bs.findIndex(b => b.classList.contains('mod-active')) + 1; }""")


# True when moment `key` is shown (the kernel has switched the views) and its figure canvas has pixels drawn
# (not all one colour): its first frame arrived
_DRAWN_JS = """(key) => { const m = document.querySelector(`.cevns-moment-${key}`);
  const c = m && m.style.display !== 'none' && m.querySelector('.cevns-figure canvas');
  if (!c || !c.width || !c.height) return false;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 4 * 97; i < d.length; i += 4 * 97) if (Math.abs(d[i] - d[0]) > 40 || Math.abs(d[i + 2] - d[2]) > 40) return true;
  return false; }"""


def go_to(page, key: str, full_model: bool = False) -> None:
    page.locator(".cevns-moment-buttons button", has_text=MOMENTS[key]).click()
    page.wait_for_function("(l) => document.querySelector('.cevns-moment-buttons button.mod-active')?.textContent.includes(l)",
                           arg=MOMENTS[key])
    # the argon moment is built when first shown (an argon fit): wait for its figure's first frame
    page.wait_for_function(_DRAWN_JS, arg=key, timeout=60_000)
    if full_model:  # a click that lands while the moment's view is still settling is lost: click again
        visible = "() => getComputedStyle(document.querySelector('.cevns-punchline')).visibility === 'visible'"
        for attempt in range(3):
            page.locator(".cevns-moment:not([style*='none']) .cevns-controls button").last.click()
            try:
                page.wait_for_function(visible, timeout=10_000)
                break
            except Exception:  # noqa: BLE001 - playwright TimeoutError: try the click once more
                if attempt == 2:
                    raise
    page.wait_for_timeout(400)


def test_presenter_dashboard_in_voila(browser, voila_server: servers.Server, gallery_dir: Path) -> None:
    t0 = time.monotonic()
    context, page, watch = open_dashboard(browser, voila_server, 1280, 720)
    try:
        t_render = time.monotonic() - t0
        plugin = pt.frames_plugin(page)
        assert plugin == "on", f"the course's page plugin cevns-edu-frames is {plugin!r} in Voila"
        # no code visible, no error output
        assert page.locator(".jp-InputArea, .cm-editor, .CodeMirror").evaluate_all(
            "els => els.filter(e => e.offsetWidth || e.offsetHeight).length") == 0, "code input is visible"
        body = page.inner_text("body")
        for marker in CODE_MARKERS:
            assert marker not in body, f"code visible on the dashboard: {marker!r}"
        for bad in ("Traceback", "Error", "Warning"):
            assert bad not in body, f"{bad!r} shown on the dashboard"
        # the room knows it sees a simulation, in plain words; no file path, no reason why
        header = page.inner_text(".cevns-title")
        assert "SIMULATED REPLICA" in header and "simulated data" in header, header
        assert "/" not in header and "not found" not in header and "seed" not in header, header

        buttons = page.locator(".cevns-moment-buttons button")
        assert buttons.count() == len(MOMENTS)
        for key in MOMENTS:
            watch.phase = f"showing {key}"
            go_to(page, key)  # one click away
            page.wait_for_function("""() => [...document.querySelectorAll('.cevns-presenter .jupyter-matplotlib-canvas-div')]
                .some(e => e.offsetWidth > 0)""")
            page.wait_for_timeout(400)
            controls = pt.find_controls(page, exclude=".cevns-moment-buttons")
            figures = page.locator("[data-e2e-fig]")
            assert figures.count() >= 1 and controls, f"{key}: no figure or no control"
            assert not pt.blank_figures([figures.nth(i) for i in range(figures.count())]), f"{key}: blank figure"
            page.screenshot(path=str(gallery_dir / f"presenter_{key}.png"))
            if key == "twodetectors":  # the argon data get their own badge, as plain as the CsI one
                argon = page.inner_text(".cevns-moment:not([style*='none']) .cevns-title")
                assert "Argon" in argon and "SIMULATED REPLICA" in argon and "simulated data" in argon, argon
                assert "/" not in argon and "seed" not in argon, argon
            for control in controls:
                watch.phase = f"{key}: moving {control.describe()}"
                targets = [figures.nth(i) for i in control.figures]
                before = pt.snapshot(targets)
                pt.move(page, control)
                assert pt.wait_for_change(targets, before, 5.0) is not None, \
                    f"{key}: {control.describe()} did not change its figure"
        body = page.inner_text("body")
        assert "Traceback" not in body and "Error" not in body
        assert not watch.problems(), f"presenter: {watch.problems()}"
        print(f"presenter: rendered in {t_render:.1f} s, total {time.monotonic() - t0:.1f} s; "
              f"tolerated: {watch.tolerated}")
    finally:
        context.close()


_MEASURE_JS = """(boxes) => {
  const out = {};
  for (const [name, sel] of Object.entries(boxes)) {
    out[name] = [...document.querySelectorAll(sel)]
      .filter(e => (e.offsetWidth || e.offsetHeight) && getComputedStyle(e).visibility !== 'hidden')
      .map(e => { const b = e.getBoundingClientRect();
                  return [b.left, b.top, b.right, b.bottom, e.width || 0, e.height || 0]; });
  }
  const scrollers = [...document.querySelectorAll('*')].filter(e => {
    const s = getComputedStyle(e); return (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
      && /(auto|scroll)/.test(s.overflow + s.overflowX + s.overflowY) && e.clientHeight > 0; })
    .map(e => `${e.tagName}.${[...e.classList].join('.')} ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`);
  const d = document.scrollingElement;
  if (d.scrollHeight > innerHeight + 1 || d.scrollWidth > innerWidth + 1) scrollers.push(`page ${d.scrollWidth}x${d.scrollHeight}`);
  return {boxes: out, scrollers};
}"""


@pytest.mark.parametrize(("width", "height"), PROJECTORS, ids=[f"{w}x{h}" for w, h in PROJECTORS])
def test_every_moment_fits_the_projector(dashboard, gallery_dir: Path, width: int, height: int) -> None:
    """Each moment (the fit's with its punchline shown) fits the window: no scrolling, nothing cut off."""
    page, watch = dashboard
    page.set_viewport_size({"width": width, "height": height})
    report = []
    for key, full in VISITS:
        watch.phase = f"{width}x{height} {key}"
        go_to(page, key, full_model=full)
        m = page.evaluate(_MEASURE_JS, BOXES)
        assert not m["scrollers"], f"{width}x{height} {key}: something scrolls: {m['scrollers']}"
        for name, boxes in m["boxes"].items():
            if name == "punchline" and key != "excess":
                continue
            assert boxes, f"{width}x{height} {key}: no visible {name}"
            for left, top, right, bottom, *_ in boxes:
                assert left >= 0 and top >= 0 and right <= width and bottom <= height, \
                    f"{width}x{height} {key}: {name} at ({left:.0f}, {top:.0f})–({right:.0f}, {bottom:.0f}) leaves the window"
        (left, top, right, bottom, w_px, h_px), = m["boxes"]["figure"]
        shown_w, shown_h = right - left, bottom - top
        assert abs(shown_w / shown_h - w_px / h_px) < 0.02 * w_px / h_px, f"{width}x{height} {key}: figure distorted"
        assert shown_h >= 0.4 * height, f"{width}x{height} {key}: figure only {shown_h:.0f} px tall"
        assert shown_w <= w_px + 1, f"{width}x{height} {key}: figure blown up ({shown_w:.0f} px from {w_px} px)"
        report.append(f"{key}: figure {shown_w:.0f}×{shown_h:.0f} at ({left:.0f}, {top:.0f}); "
                      + ", ".join(f"{n} bottom {max(b[3] for b in bs):.0f}" for n, bs in m["boxes"].items() if bs))
    page.screenshot(path=str(gallery_dir / f"presenter_{width}x{height}.png"))
    print(f"{width}x{height}:\n  " + "\n  ".join(report))
    assert not watch.problems(), watch.problems()


def test_clicker_keys_step_through_the_talk(dashboard) -> None:
    page, watch = dashboard
    page.set_viewport_size({"width": 1280, "height": 720})
    go_to(page, "nsquared")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # as after the page loads

    def press(key: str, moment: str, terms: int | None = None) -> None:
        watch.phase = f"key {key}"
        page.keyboard.press(key)
        page.wait_for_function("(l) => document.querySelector('.cevns-moment-buttons button.mod-active')?.textContent.includes(l)",
                               arg=MOMENTS[moment], timeout=10_000)
        if terms is not None:
            page.wait_for_function("""(n) => { const bs = [...document.querySelectorAll('.cevns-controls .widget-toggle-buttons button')]
                .filter(b => b.closest('.cevns-moment').style.display !== 'none');
                return bs.findIndex(b => b.classList.contains('mod-active')) + 1 === n; }""", arg=terms, timeout=10_000)
        page.wait_for_timeout(150)

    press("PageDown", "timing")
    press("ArrowRight", "excess", 1)  # the fit starts from background alone
    press("Space", "excess", 2)
    press("ArrowDown", "excess", 3)
    assert page.evaluate("() => getComputedStyle(document.querySelector('.cevns-punchline')).visibility") == "visible"
    press("PageDown", "twodetectors")
    press("Space", "twodetectors")  # the end: stays
    press("PageUp", "excess", 3)  # back into the fit at its full model
    press("PageUp", "excess", 2)
    assert page.evaluate("() => getComputedStyle(document.querySelector('.cevns-punchline')).visibility") == "hidden"
    press("ArrowLeft", "excess", 1)
    press("ArrowUp", "timing")
    press("PageUp", "nsquared")
    # a focused slider keeps its arrow keys: the value moves, the moment stays
    handle = page.locator(".cevns-moment:not([style*='none']) .noUi-handle").first
    before = handle.get_attribute("aria-valuenow")
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(v) => document.activeElement.getAttribute('aria-valuenow') !== v", arg=before)
    assert MOMENTS["nsquared"] in active_moment(page)
    page.keyboard.press("Escape")  # gives the keys back to the clicker
    press("PageDown", "timing")
    press("PageUp", "nsquared")
    assert not watch.problems(), watch.problems()


def test_dashboard_accessibility(dashboard, axe_js: Path) -> None:
    """axe-core: no serious or critical violation in the dashboard's own elements, in any moment; named
    sliders; a focus ring a room can see; figure text alternatives that follow the readout."""
    page, watch = dashboard
    page.set_viewport_size({"width": 1280, "height": 720})
    # named slider handles and a text alternative per figure (set by the page script, checked without axe)
    go_to(page, "timing")
    names = page.locator(".cevns-moment:not([style*='none']) .noUi-handle").evaluate_all(
        "hs => hs.map(h => h.getAttribute('aria-label'))")
    assert names == ["window [μs] (start)", "window [μs] (end)"], names
    fig = page.locator(".cevns-moment:not([style*='none']) .cevns-figure")
    label = fig.get_attribute("aria-label")
    assert fig.get_attribute("role") == "img" and "keeps" in label and "0.0–6.0 μs" in label, label
    handle = page.locator(".cevns-moment:not([style*='none']) .noUi-handle").last
    handle.focus()
    page.keyboard.press("PageDown")
    page.wait_for_function("(old) => document.querySelector(\".cevns-moment:not([style*='none']) .cevns-figure\")"
                           ".getAttribute('aria-label') !== old", arg=label, timeout=10_000)
    assert "0.0–6.0 μs" not in fig.get_attribute("aria-label"), "the text alternative did not follow the figure"
    # the focus ring, reached with the keyboard as a keyboard-only presenter would
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("Tab")
    ring = page.evaluate("""() => { const a = document.activeElement, s = getComputedStyle(a);
        return [a.closest('.cevns-presenter') !== null, s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }""")
    assert ring[0], "Tab does not reach the dashboard"
    assert ring[1] == "solid" and ring[2] >= 3 and ring[3] == "rgb(0, 0, 0)", f"focus ring {ring}"

    results = {}
    for key, full in VISITS:
        go_to(page, key, full_model=full)
        mine, others = pt.run_axe(page, ".cevns-presenter", axe_js)
        results[key] = (mine, others)
        print(f"axe {key}: course-owned {[v.describe() for v in mine]}; page (Voila) {[v.describe() for v in others]}")
    bad = {k: [v.describe() for v in mine if v.impact in ("serious", "critical")] for k, (mine, _) in results.items()}
    assert not any(bad.values()), f"serious/critical accessibility violations on the dashboard: {bad}"
