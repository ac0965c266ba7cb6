"""Every course notebook, in JupyterLab, in a real (headless Debian Chromium) browser.

For each notebook in notebooks/ (a temporary copy — nothing in the repository is modified):
open it, Run All, wait for the kernel to go idle, then assert
* every code cell ran, no error outputs, no warnings/tracebacks on stderr, every widget rendered;
* no JavaScript console errors, no failed requests;
* every control (slider, dropdown, toggle buttons, radio buttons, checkbox) moves its figure: the
  ipympl canvas pixels change within a few seconds (screenshots before/after, compared with NumPy);
* axe-core (WCAG 2.1 A/AA) finds no serious or critical violation in the course's own elements (cell
  outputs and Markdown; JupyterLab's own interface is not the course's) — when axe-core is installed
  (.ci/run installs it; elsewhere a missing axe-core is a loud warning, under CI=true a failure);
and save a screenshot for the gallery (docs/gallery/<notebook>.png, see docs/GALLERY.md).
The kernel is shut down after each notebook so every run starts fresh.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from pathlib import Path

import pagetools as pt
import pytest
import servers
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = [pytest.mark.browser, pytest.mark.needs_socket]

# the course's own elements on a JupyterLab page: what the notebooks print and say
COURSE_OWNED = ".jp-Notebook .jp-OutputArea-output, .jp-Notebook .jp-MarkdownOutput"
COURSE = sorted(p.name for p in servers.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
FIGURE_CHANGE_TIMEOUT_S = 5.0

_PROMPTS_JS = """() => {
  const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return {idle: !!ind && ind.getAttribute('data-status') === 'idle',
          prompts: [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
                     .map(e => e.textContent.trim())};
}"""

# The notebook model in the browser (exposed with --LabApp.expose_app_in_browser): output types per cell.
_OUTPUTS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const res = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    const outs = c.outputs.toJSON();
    res.push({index: i, source: c.sharedModel.getSource().slice(0, 80), outputs: outs.map(o => ({
      type: o.output_type, name: o.name || '', ename: o.ename || '', evalue: o.evalue || '',
      text: Array.isArray(o.text) ? o.text.join('') : (o.text || '')}))});
  }
  return res;
}"""


def open_notebook(page, server: servers.Server, name: str) -> None:
    page.goto(f"{server.url}/lab/tree/{name}?reset&token={server.token}")  # reset: restore no old tabs
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
    try:  # e.g. "Select Kernel" for a notebook saved without kernelspec: accept the default kernel
        page.wait_for_selector(".jp-Dialog", timeout=1500)
        page.locator(".jp-Dialog .jp-mod-accept").click()
    except PlaywrightTimeout:
        pass
    page.keyboard.press("Escape")


def run_all(page, timeout_s: float = 90.0) -> None:
    dialogs = page.locator(".jp-Dialog").all_inner_texts()
    assert not dialogs, f"unexpected JupyterLab dialog: {dialogs}"
    page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click()
    page.locator('.lm-Menu-itemLabel:text-is("Run All Cells")').click()
    # Done = kernel idle and no cell queued/running ("[*]"), twice in a row 0.4 s apart (Run All stops
    # at the first error, leaving later cells unexecuted — reported by unexecuted_cells()).
    t0, settled = time.monotonic(), 0
    while time.monotonic() - t0 < timeout_s:
        state = page.evaluate(_PROMPTS_JS)
        busy = any(p == "[*]:" for p in state["prompts"])
        started = any(p not in ("[ ]:", "") for p in state["prompts"])
        settled = settled + 1 if (state["idle"] and started and not busy) else 0
        if settled >= 2:
            return
        page.wait_for_timeout(400)
    raise AssertionError(f"Run All did not finish within {timeout_s:.0f} s")


def unexecuted_cells(page) -> list[str]:
    prompts = page.evaluate(_PROMPTS_JS)["prompts"]
    return [f"code cell #{i + 1} never ran (prompt {p!r})" for i, p in enumerate(prompts) if not p.startswith("[") or
            not p[1:-2].isdigit()]


def output_problems(page) -> list[str]:
    problems = []
    for cell in page.evaluate(_OUTPUTS_JS):
        for o in cell["outputs"]:
            where = f"cell {cell['index']} ({cell['source']!r})"
            if o["type"] == "error":
                problems.append(f"{where}: {o['ename']}: {o['evalue']}")
            elif o["type"] == "stream" and o["name"] == "stderr":
                problems.append(f"{where}: stderr: {o['text'][:300]}")
    for text in page.locator(".jp-OutputArea-output").all_inner_texts():
        if "Error displaying widget" in text or "Loading widget..." in text:
            problems.append(f"a widget did not render: {text[:200]!r}")
    return problems


def gallery_shot(page, path: Path) -> None:
    """The notebook as a learner first meets its live widget: sidebar closed, the first control's cell (else
    the first figure) at the top."""
    page.evaluate("""(sel) => { const f = document.querySelector(sel) ||
                                          document.querySelector('.jupyter-matplotlib-canvas-div');
                                const out = f ? (f.closest('.jp-Cell-outputWrapper') || f.closest('.jp-Cell') || f) : null;
                                if (out) out.scrollIntoView({block: 'start'}); }""", pt.CONTROL_SELECTOR)
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))


def check_accessibility(page, name: str) -> None:
    """Every slider handle named, every panel figure with a text alternative from its readout (the course's
    page script, cevns_edu.widgets.a11y); then axe-core: no serious/critical violation in the course's elements."""
    unnamed = page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output .noUi-handle')]
        .filter(h => !(h.getAttribute('aria-label') || '').trim()).length""")
    assert unnamed == 0, f"{name}: {unnamed} slider handle(s) without an accessible name"
    figures = page.evaluate("""() => [...document.querySelectorAll('.cevns-panel .jupyter-matplotlib')]
        .map(f => [f.getAttribute('role'), f.getAttribute('aria-label') || ''])""")
    for role, label in figures:
        assert role == "img" and label.startswith("Figure") and len(label) > 20, f"{name}: figure text alternative {label!r}"
    script = pt.axe_script()
    if script is None:
        reason = (f"axe-core not found: accessibility of {name} not checked (npm install --prefix .venv/node "
                  f"axe-core@{pt.AXE_VERSION}, as .ci/run does)")
        if os.environ.get("CI") == "true":
            pytest.fail(f"required under CI: {reason}")
        warnings.warn(reason, stacklevel=2)
        return
    mine, others = pt.run_axe(page, COURSE_OWNED, script)
    print(f"axe {name}: course-owned {[v.describe() for v in mine]}; JupyterLab's {len(others)} rule(s)")
    bad = [v.describe() for v in mine if v.impact in ("serious", "critical")]
    assert not bad, f"{name}: serious/critical accessibility violations in the course's elements: {bad}"


@pytest.mark.parametrize("name", COURSE or [pytest.param("none", marks=pytest.mark.skip("no notebooks yet"))])
def test_notebook_in_jupyterlab(name: str, browser, lab_server: servers.Server, gallery_dir: Path,
                                record_property) -> None:
    t0 = time.monotonic()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    watch = pt.ConsoleWatch().attach(page)
    try:
        open_notebook(page, lab_server, name)
        page.keyboard.press("Control+b")  # close the file browser: the notebook gets the width
        t_open = time.monotonic()
        watch.phase = "run-all"
        run_all(page)
        t_run = time.monotonic() - t_open
        problems = output_problems(page) + unexecuted_cells(page)
        problems += [f"image did not load: {src}" for src in pt.broken_images(page)]
        assert not problems, f"{name}: " + "\n".join(problems)
        # the course's page plugin shows the figures' frames (labextension/, installed by make install)
        plugin = pt.frames_plugin(page)
        assert plugin == "on", f"{name}: the course's page plugin cevns-edu-frames is {plugin!r}"
        gallery_shot(page, gallery_dir / f"{Path(name).stem}.png")

        controls = pt.find_controls(page)
        figures = page.locator("[data-e2e-fig]")
        n_figures = figures.count()
        uses_widgets = any("ipywidgets" in "".join(c["source"]) or "cevns_edu.widgets" in "".join(c["source"])
                           for c in json.loads((servers.NOTEBOOKS / name).read_text())["cells"])
        if uses_widgets:
            assert controls, f"{name}: imports widgets but no control was found on the page"
        dead = []
        latencies = []
        for control in controls:
            targets = [figures.nth(i) for i in control.figures]
            if not targets:
                dead.append(f"{control.describe()} drives no figure")
                continue
            before = pt.snapshot(targets)
            state = pt.control_state(page, control)
            watch.phase = f"moving {control.describe()}"
            pt.move(page, control)
            waited = pt.wait_for_change(targets, before, FIGURE_CHANGE_TIMEOUT_S)
            if waited is None:
                moved = pt.control_state(page, control) != state
                dead.append(f"{control.describe()}: figure unchanged after {FIGURE_CHANGE_TIMEOUT_S:.0f} s"
                            f" (control {'moved' if moved else 'did NOT move'})")
            else:
                latencies.append(waited)
        assert not dead, f"{name}: " + "; ".join(dead)
        blank = pt.blank_figures([figures.nth(i) for i in range(n_figures)])
        assert not blank, f"{name}: figure(s) {blank} are blank"
        assert not output_problems(page), f"{name} after moving widgets: {output_problems(page)}"
        assert not watch.problems(), f"{name}: browser console: {watch.problems()}"
        check_accessibility(page, name)
        record_property("controls", len(controls))
        record_property("figures", n_figures)
        record_property("run_all_s", round(t_run, 1))
        record_property("max_figure_latency_s", round(max(latencies, default=0.0), 2))
        if watch.tolerated:
            print(f"{name}: tolerated (see pagetools): {watch.tolerated}")
        print(f"{name}: {len(controls)} controls, {n_figures} figures, run-all {t_run:.1f} s, "
              f"slowest figure update {max(latencies, default=0.0):.2f} s, total {time.monotonic() - t0:.1f} s")
    finally:
        context.close()
        lab_server.shutdown_kernels()


# --- keyboard only -------------------------------------------------------------------------------------
MIN_RING_PX = 2.0  # WCAG 2.4.11 (focus appearance): an outline at least 2 CSS px thick

TAB_PRESSES = 600  # enough to cross JupyterLab's chrome and the longest notebook

# What has the keyboard focus: inside which tagged control (pt.find_controls), and how its focus ring looks
_FOCUS_JS = """() => { const a = document.activeElement; if (!a) return null;
  const c = a.closest('[data-e2e-control]'); const s = getComputedStyle(a);
  return {control: c ? Number(c.getAttribute('data-e2e-control')) : null, tag: a.tagName,
          handle: a.classList.contains('noUi-handle'), active: a.classList.contains('mod-active'),
          type: a.getAttribute('type') || '', at_max: a.getAttribute('aria-valuenow') === a.getAttribute('aria-valuemax'),
          last: a.tagName === 'SELECT' && a.selectedIndex === a.options.length - 1,
          ring: [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]}; }"""


def _keys_for(focus: dict) -> list[str]:
    """The keys a keyboard user presses on the focused element to change it ([] = nothing to do here)."""
    if focus["handle"]:  # one step, so one slider cannot empty a window the next one then cannot change
        return ["ArrowLeft" if focus["at_max"] else "ArrowRight"]
    if focus["tag"] == "SELECT":
        return ["ArrowUp" if focus["last"] else "ArrowDown"]  # ↓ on the last option does nothing
    if focus["tag"] == "BUTTON" and not focus["active"]:
        return ["Space"]
    if focus["tag"] == "INPUT" and focus["type"] == "checkbox":
        return ["Space"]
    if focus["tag"] == "INPUT" and focus["type"] == "radio":
        return ["ArrowDown"]  # the next option of the group (browsers move the choice with the arrows)
    return []


@pytest.mark.parametrize("name", COURSE or [pytest.param("none", marks=pytest.mark.skip("no notebooks yet"))])
def test_notebook_works_keyboard_only(name: str, browser, lab_server: servers.Server) -> None:
    """A learner without a mouse: after Run All, Tab through the page; Tab reaches every course control, each
    shows a focus ring of ≥ 2 px, and its keys (→ or ← on a slider, ↓ in a menu or a radio group, Space on a
    toggle or a checkbox) change its figure."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    watch = pt.ConsoleWatch().attach(page)
    try:
        open_notebook(page, lab_server, name)
        page.keyboard.press("Control+b")  # close the file browser, as in the notebook test
        watch.phase = "run-all"
        run_all(page)  # JupyterLab's own menus are not the course's; the course's controls are tested below
        assert not unexecuted_cells(page), unexecuted_cells(page)
        controls = {c.index: c for c in pt.find_controls(page)}
        assert controls, "no control found"
        driving = {i for i, c in controls.items() if c.figures}
        figures = page.locator("[data-e2e-fig]")
        page.keyboard.press("Escape")
        page.locator(".jp-NotebookPanel .jp-Cell").first.focus()
        changed, reached, rings, left = set(), set(), {}, {}
        for _ in range(TAB_PRESSES):
            page.keyboard.press("Tab")
            focus = page.evaluate(_FOCUS_JS)
            if not focus or focus["control"] is None:
                continue
            idx = focus["control"]
            reached.add(idx)
            rings[idx] = focus["ring"]
            keys = _keys_for(focus)
            if idx in changed or not keys or not controls[idx].figures:
                continue
            targets = [figures.nth(i) for i in controls[idx].figures]
            before = pt.snapshot(targets)
            watch.phase = f"keys {keys} on {controls[idx].describe()}"
            for key in keys:
                page.keyboard.press(key)
            if pt.wait_for_change(targets, before, FIGURE_CHANGE_TIMEOUT_S) is not None:
                changed.add(idx)
            after = page.evaluate(_FOCUS_JS)
            if not after or after["control"] != idx:  # e.g. JupyterLab took ↓ and selected the next cell
                left[controls[idx].describe()] = keys
            if focus["tag"] == "SELECT":
                page.keyboard.press("Escape")
            if changed == driving and reached == set(controls):
                break
        names = {i: c.describe() for i, c in controls.items()}
        assert reached == set(controls), f"Tab never reached: {[names[i] for i in set(controls) - reached]}"
        thin = {names[i]: r for i, r in rings.items() if r[0] in ("none", "") or r[1] < MIN_RING_PX}
        assert not thin, f"focus ring thinner than {MIN_RING_PX} px (or none): {thin}"
        assert not left, f"the control's own keys moved the focus away from it: {left}"
        assert changed == driving, f"keys did not change the figure of: {[names[i] for i in driving - changed]}"
        assert not pt.broken_images(page), f"image(s) did not load: {pt.broken_images(page)}"
        assert not watch.problems(), watch.problems()
        print(f"{name} keyboard-only: {len(reached)} controls reached by Tab, {len(changed)} "
              f"changed their figure by keys; rings {sorted(set(map(tuple, rings.values())))}")
    finally:
        context.close()
        lab_server.shutdown_kernels()
