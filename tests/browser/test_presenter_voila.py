"""The presenter dashboard under Voila (what `make present` serves), in headless Debian Chromium.

Asserts: it renders without any code visible, with no error output and no console errors (the only
tolerated failure is Voila's Font Awesome CDN stylesheet, which cannot load offline — see
pagetools.TOLERATED_REQUEST; nothing on the dashboard uses icons); it says SIMULATED REPLICA (the tests
run without the release); each of the three moments is one click away, and every control of each moment
moves its figure. Screenshots go to docs/gallery/presenter_<moment>.png.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pagetools as pt
import pytest
import servers

pytestmark = [pytest.mark.browser, pytest.mark.needs_socket]

PRESENTER = "presenter.ipynb"
MOMENTS = {"nsquared": "σ grows like N²", "timing": "The pulsed beam", "excess": "The excess in the fit"}
CODE_MARKERS = ("%matplotlib", "import ", "Dashboard()", "cevns_edu.widgets")


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    if not (servers.NOTEBOOKS / PRESENTER).exists():
        pytest.skip(f"{PRESENTER} not in {servers.NOTEBOOKS}")
    server = servers.start_voila(tmp_path_factory.mktemp("voila"), PRESENTER)
    try:
        yield server
    finally:
        server.stop()


def test_presenter_dashboard_in_voila(browser, voila_server: servers.Server, gallery_dir: Path) -> None:
    t0 = time.monotonic()
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    watch = pt.ConsoleWatch().attach(page)
    try:
        page.goto(f"{voila_server.url}/", timeout=120_000)
        page.wait_for_selector(".cevns-presenter .jupyter-matplotlib-canvas-div", timeout=120_000)
        t_render = time.monotonic() - t0
        page.wait_for_timeout(500)

        # no code visible, no error output
        assert page.locator(".jp-InputArea, .cm-editor, .CodeMirror").evaluate_all(
            "els => els.filter(e => e.offsetWidth || e.offsetHeight).length") == 0, "code input is visible"
        body = page.inner_text("body")
        for marker in CODE_MARKERS:
            assert marker not in body, f"code visible on the dashboard: {marker!r}"
        for bad in ("Traceback", "Error", "Warning"):
            assert bad not in body, f"{bad!r} shown on the dashboard"
        assert "SIMULATED REPLICA" in body, "the replica must be labelled SIMULATED REPLICA in plain sight"

        buttons = page.locator(".cevns-moment-buttons button")
        assert buttons.count() == len(MOMENTS)
        for key, label in MOMENTS.items():
            watch.phase = f"showing {key}"
            button = page.locator(".cevns-moment-buttons button", has_text=label)
            button.click()  # one click away
            page.wait_for_function("""(label) => [...document.querySelectorAll('.cevns-moment-buttons button')]
                .some(b => b.classList.contains('mod-active') && b.textContent.includes(label))""", arg=label)
            page.wait_for_function("""() => [...document.querySelectorAll('.cevns-presenter .jupyter-matplotlib-canvas-div')]
                .some(e => e.offsetWidth > 0)""")
            page.wait_for_timeout(600)
            figures = page.locator("[data-e2e-fig]")
            controls = pt.find_controls(page, exclude=".cevns-moment-buttons")
            assert figures.count() >= 1 and controls, f"{key}: no figure or no control"
            assert not pt.blank_figures([figures.nth(i) for i in range(figures.count())]), f"{key}: blank figure"
            page.screenshot(path=str(gallery_dir / f"presenter_{key}.png"))
            for control in controls:
                watch.phase = f"{key}: moving {control.describe()}"
                targets = [figures.nth(i) for i in control.figures]
                before = pt.snapshot(targets)
                pt.move(page, control)
                assert pt.wait_for_change(targets, before, 5.0) is not None, \
                    f"{key}: {control.describe()} did not change its figure"
        if (gallery_dir / "presenter_nsquared.png").exists():
            page.locator(".cevns-moment-buttons button", has_text=MOMENTS["nsquared"]).click()
        body = page.inner_text("body")
        assert "Traceback" not in body and "Error" not in body
        assert not watch.problems(), f"presenter: {watch.problems()}"
        print(f"presenter: rendered in {t_render:.1f} s, total {time.monotonic() - t0:.1f} s; "
              f"tolerated: {watch.tolerated}")
    finally:
        context.close()
