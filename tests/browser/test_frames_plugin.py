"""The course's page plugin (labextension/, cevns-edu-frames) in headless Chromium, against a stand-in ipympl model.

The plugin replaces how ipympl's page code shows a course figure's frame (``handle_binary``): decoded by
``createImageBitmap``, drawn in arrival order, a frame that a later whole frame replaces left undrawn, the saved
data URL written once the figure is still. These tests load the plugin's ``remoteEntry.js`` the way JupyterLab
does (a module-federation container: ``get('./extension')``, then the plugin's ``activate``) into a blank page
whose ``window._JUPYTERLAB['jupyter-matplotlib']`` serves a small model class with ipympl's interface, and send
it real PNG frames made by the kernel's encoder (:func:`cevns_edu.plotting.frames.png_rgba`).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest

from cevns_edu.plotting.frames import CANVAS_CLASS, png_rgba

LABEXTENSION = Path(__file__).resolve().parents[2] / "labextension"
ENTRY = LABEXTENSION / "static" / "remoteEntry.js"

#: A stand-in for ipympl's MPLCanvasModel: the attributes and methods the plugin uses, and a view that counts draws.
_FAKE_IPYMPL = """
window.__original = 0;
class FakeModel {
  constructor(classes) {
    this.attrs = {_dom_classes: classes, _image_mode: 'full', _data_url: null};
    this.offscreen_canvas = document.createElement('canvas');
    this.offscreen_canvas.width = 4; this.offscreen_canvas.height = 3;
    this.offscreen_context = this.offscreen_canvas.getContext('2d', {willReadFrequently: true});
    this.drawn = 0;
    this.waiting_for_image = true;
    this.image = null;
  }
  get(key) { return this.attrs[key]; }
  set(key, value) { this.attrs[key] = value; }
  _for_each_view(f) { f({update_canvas: () => { this.drawn++; }}); }
  handle_binary(msg, buffers) { window.__original++; }
  pixels() { return Array.from(this.offscreen_context.getImageData(0, 0, 4, 3).data); }
}
window.FakeModel = FakeModel;
window._JUPYTERLAB = {'jupyter-matplotlib': {get: m => Promise.resolve(() => ({MPLCanvasModel: FakeModel}))}};
"""

_ACTIVATE = """async () => {
  const factory = await window._JUPYTERLAB['cevns-edu-frames'].get('./extension');
  factory().default.activate();
  for (let i = 0; i < 100 && !document.documentElement.dataset.cevnsFrames; i++) await new Promise(r => setTimeout(r, 10));
  return document.documentElement.dataset.cevnsFrames;
}"""

#: Send frames [(base64 PNG, image mode), ...] to a new model (with the course's CSS class or not), without waiting
#: between them (or each once the last is shown: ``one_by_one``); resolve once the model is quiet, with its pixels,
#: draws and data URL.
_SEND = """async ([frames, course, waitMs, oneByOne]) => {
  const m = new FakeModel(course ? ['jupyter-widgets', '""" + CANVAS_CLASS + """'] : ['jupyter-widgets']);
  for (const [b64, mode] of frames) {
    m.set('_image_mode', mode);
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    m.handle_binary({type: 'binary'}, [mode === 'view' ? bytes : bytes.buffer]);
    if (oneByOne) await m.__cevnsChain;
  }
  await m.__cevnsChain;
  await new Promise(r => setTimeout(r, waitMs));
  return {pixels: m.pixels(), drawn: m.drawn, original: window.__original, dataUrl: m.get('_data_url'),
          waiting: m.waiting_for_image, image: m.image && [m.image.constructor.name, m.image.width]};
}"""


def _png(rgba: tuple[int, int, int, int], *, at: tuple[int, int] | None = None) -> str:
    """A 4×3 PNG (base64): every pixel ``rgba``, or only pixel ``at`` = (row, col) with the rest transparent."""
    px = np.zeros((3, 4, 4), np.uint8)
    if at is None:
        px[:] = rgba
    else:
        px[at] = rgba
    return base64.b64encode(png_rgba(px)).decode()


RED, GREEN, BLUE = (255, 0, 0, 255), (0, 255, 0, 255), (0, 0, 255, 255)


def _pixel(pixels: list[int], row: int, col: int) -> tuple[int, ...]:
    i = 4 * (4 * row + col)
    return tuple(pixels[i:i + 4])


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.set_content("<html><body></body></html>")
    pg.evaluate(_FAKE_IPYMPL)
    pg.add_script_tag(path=str(ENTRY))
    assert pg.evaluate(_ACTIVATE) == "on", "the plugin did not patch the stand-in ipympl model"
    yield pg
    assert not errors, errors
    context.close()


def test_package_json_points_at_the_entry_and_names_the_container() -> None:
    meta = json.loads((LABEXTENSION / "package.json").read_text())
    assert (LABEXTENSION / meta["jupyterlab"]["_build"]["load"]).resolve() == ENTRY.resolve()
    assert meta["jupyterlab"]["_build"]["extension"] == "./extension"
    js = ENTRY.read_text()
    assert re.search(rf"const NAME = '{re.escape(meta['name'])}';", js), "container name differs from package.json"
    # the course figures' CSS class: one source (cevns_edu.plotting.frames), repeated in the page code
    assert f"const COURSE_CLASS = '{CANVAS_CLASS}';" in js


def test_a_whole_frame_is_drawn(page) -> None:
    out = page.evaluate(_SEND, [[(_png(RED), "full")], True, 0, False])
    assert out["drawn"] == 1 and out["original"] == 0 and out["waiting"] is False
    assert all(_pixel(out["pixels"], r, c) == RED for r in range(3) for c in range(4))


def test_a_diff_frame_is_drawn_over_the_last_frame(page) -> None:
    # ipympl's diff frames: changed pixels opaque, the rest transparent (drawn over the previous picture)
    out = page.evaluate(_SEND, [[(_png(RED), "full"), (_png(GREEN, at=(1, 2)), "diff")], True, 0, False])
    assert out["drawn"] == 2
    assert _pixel(out["pixels"], 1, 2) == GREEN
    assert _pixel(out["pixels"], 0, 0) == RED and _pixel(out["pixels"], 2, 3) == RED


def test_a_frame_replaced_by_a_later_whole_frame_is_not_drawn(page) -> None:
    frames = [(_png(RED), "full"), (_png(GREEN, at=(0, 0)), "diff"), (_png(BLUE), "full")]
    out = page.evaluate(_SEND, [frames, True, 0, False])
    assert out["drawn"] == 1, "frames that a later whole frame replaces were drawn"
    assert all(_pixel(out["pixels"], r, c) == BLUE for r in range(3) for c in range(4))


def test_frames_in_a_typed_array_view_are_read(page) -> None:
    out = page.evaluate(_SEND, [[(_png(GREEN), "view")], True, 0, False])  # a Uint8Array, not an ArrayBuffer
    assert out["drawn"] == 1 and _pixel(out["pixels"], 2, 1) == GREEN


def test_a_broken_frame_does_not_stop_the_next(page) -> None:
    broken = base64.b64encode(b"\x89PNG\r\n\x1a\nnot a png").decode()
    out = page.evaluate(_SEND, [[(_png(RED), "full"), (broken, "diff"), (_png(GREEN, at=(2, 0)), "diff")], True, 0, False])
    assert out["drawn"] == 2
    assert _pixel(out["pixels"], 2, 0) == GREEN and _pixel(out["pixels"], 0, 3) == RED


def test_the_saved_data_url_is_written_once_the_figure_is_still(page) -> None:
    now = page.evaluate(_SEND, [[(_png(BLUE), "full")], True, 0, False])
    assert now["dataUrl"] is None, "the data URL was encoded with the frame (the per-frame cost removed)"
    later = page.evaluate(_SEND, [[(_png(BLUE), "full")], True, 700, False])
    assert later["dataUrl"].startswith("data:image/png;base64,")


def test_other_ipympl_figures_keep_ipympls_own_path(page) -> None:
    before = page.evaluate("window.__original")
    out = page.evaluate(_SEND, [[(_png(RED), "full")], False, 0, False])
    assert out["original"] == before + 1 and out["drawn"] == 0


def test_a_whole_frame_replaces_the_picture_even_where_it_is_transparent(page) -> None:
    # the kernel sends a frame with transparent pixels whole (cevns_edu.plotting.frames get_diff_image)
    out = page.evaluate(_SEND, [[(_png(RED), "full"), (_png(GREEN, at=(0, 1)), "full")], True, 0, True])
    assert out["drawn"] == 2
    assert _pixel(out["pixels"], 0, 1) == GREEN
    assert _pixel(out["pixels"], 2, 2) == (0, 0, 0, 0), "a whole frame was drawn over the old picture"


def test_the_last_whole_frame_is_what_ipympl_redraws_after_a_resize(page) -> None:
    # ipympl draws model.image onto the resized canvas until the kernel's next frame arrives
    out = page.evaluate(_SEND, [[(_png(RED), "full"), (_png(GREEN, at=(0, 0)), "diff")], True, 0, True])
    assert out["image"] == ["ImageBitmap", 4]


def test_a_page_without_the_plugin_reads_missing_not_hangs(browser) -> None:
    import pagetools as pt

    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.set_content("<html><body></body></html>")
        assert pt.frames_plugin(pg, timeout_ms=300) == "missing"
    finally:
        context.close()
