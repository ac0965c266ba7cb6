"""The frame machinery of the interactive figures (cevns_edu.plotting.frames, widgets.base coalescing).

No timings here (they are in `make bench`); these check that a cheap frame shows what a full render shows.
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cevns_edu.widgets.coherence import NSquaredPanel
from cevns_edu.widgets.source import FluxPanel, TimeWindowPanel


def _frame(panel, **params):
    canvas = panel.plot.fig.canvas
    panel.update(**params)
    canvas.draw()
    return np.asarray(canvas.get_renderer().buffer_rgba()).astype(float)


def _full(panel):
    canvas = panel.plot.fig.canvas
    for a in canvas._frame:
        a.set_animated(False)
    FigureCanvasAgg.draw(canvas)
    out = np.asarray(canvas.renderer.buffer_rgba()).astype(float)
    for a in canvas._frame:
        a.set_animated(True)
    return out  # the cached background is a copy: the next frame blits onto it again


def _argon_fit():
    from cevns_edu.experiment.argon.replica import simulate_argon_replica
    from cevns_edu.widgets.argon import ArgonFitPanel

    return ArgonFitPanel(simulate_argon_replica(seed=1))


def _two_detectors():
    from cevns_edu.experiment.argon import xsec
    from cevns_edu.experiment.argon.replica import simulate_argon_replica
    from cevns_edu.widgets.argon import TwoDetectorsPanel

    return TwoDetectorsPanel(xsec.argon_measured_sigma(simulate_argon_replica(seed=1)),
                             xsec.csi_measured_sigma(140.0, 25.0), is_simulated=True)


def _detector_qf():
    from cevns_edu.widgets.argon import DetectorQFPanel

    return DetectorQFPanel()


def _recoil():
    from cevns_edu.widgets.form_factors import RecoilSpectrumPanel

    return RecoilSpectrumPanel()


def _detector():
    from cevns_edu.widgets.detector import DetectorPanel

    return DetectorPanel()


def _replica_panel(module, name):
    def make():
        import importlib

        from cevns_edu.experiment.replica import simulate_replica

        rel = simulate_replica(seed=2017)
        if name == "ModelTermsPanel":
            from cevns_edu.experiment.fit import fit_release

            rel = fit_release(rel, minos=False)
        return getattr(importlib.import_module(f"cevns_edu.widgets.{module}"), name)(rel)

    return make


FRAME_CASES = [
    (_replica_panel("backgrounds", "CutsPanel"), [{"pe_range": (8, 30), "t_range_us": (0.0, 4.0)},
                                                 {"pe_range": (4, 40), "t_range_us": (1.0, 8.0)}]),
    (_replica_panel("fit", "ModelTermsPanel"), [{"n_terms": 1}, {"n_terms": 3}]),
    (_replica_panel("fit", "RefitPanel"), [{"qf": 0.07, "pe_range": (8, 30), "t_range_us": (0.0, 4.0)},
                                          {"qf": 0.1, "pe_range": (6, 30), "t_range_us": (0.0, 6.0)}]),
    (_recoil, [{"enu_mev": 30.0}, {"enu_mev": 31.0}, {"nucleus": "Ar40"}, {"enu_mev": 20.0}]),
    (_detector, [{"qf": 0.085}, {"qf": 0.09}, {"threshold_pe": 6.0}, {"light_yield": 14.0}]),
    (_detector_qf, [{"qf_scale": 0.75}, {"qf_scale": 1.25}, {"detector": "CsI"}, {"qf_scale": 0.8}]),
    (_argon_fit, [{"shape_nuisances": True}, {"shape_nuisances": False}]),
    (_two_detectors, [{"flux_scale": 0.85}, {"flux_scale": 1.2}]),
    (NSquaredPanel, [{"enu_mev": 12.0}, {"enu_mev": 45.0}]),
    (FluxPanel, [{"distance_m": 12.0}, {"distance_m": 50.0}]),
    (TimeWindowPanel, [{"window_us": (0.0, 1.0)}, {"window_us": (0.5, 8.0)}]),
]


@pytest.mark.parametrize("make, params", FRAME_CASES)
def test_a_blitted_frame_looks_like_a_full_render(make, params):
    panel = make()
    canvas = panel.plot.fig.canvas
    canvas.draw()  # first frame: layout solved, background cached
    renders = []
    full_render = canvas._full_render
    canvas._full_render = lambda: (renders.append(1), full_render())[1]
    for p in params:
        blit = _frame(panel, **p)
        full = _full(panel)
        assert np.sqrt(np.mean((blit - full) ** 2)) < 0.5  # grey levels, as the image baselines
        assert np.abs(blit - full).max() <= 8
    assert len(renders) < len(params), "every frame was a full render: nothing was blitted"


def _title_and_xlabel_boxes(fig):
    out = []
    for ax in [a for top in fig.axes for a in (top, *top.child_axes)]:
        for text in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label):
            if text.get_text() and text.get_visible():
                out.append((text.get_text(), np.array(text.get_window_extent().bounds)))
    return out


@pytest.mark.parametrize("make, params", FRAME_CASES)
def test_frozen_titles_and_x_labels_sit_where_matplotlib_puts_them(make, params):
    """After the moves, every title and x-axis label kept from the first draw is where matplotlib's own
    placement (from the tick labels of that moment) puts it, within 1 px."""
    panel = make()
    canvas = panel.plot.fig.canvas
    canvas.draw()
    assert canvas._thaw, "nothing was frozen"
    for p in params:
        _frame(panel, **p)
    frozen = _title_and_xlabel_boxes(panel.plot.fig)
    for undo in canvas._thaw:
        undo()
    _full(panel)
    placed = _title_and_xlabel_boxes(panel.plot.fig)
    assert [t for t, _ in frozen] == [t for t, _ in placed]
    for (text, a), (_, b) in zip(frozen, placed, strict=True):
        assert np.abs(a - b).max() <= 1.0, (text, a, b)


def test_relayout_places_titles_and_labels_again():
    panel = NSquaredPanel()
    canvas = panel.plot.fig.canvas
    canvas.draw()
    ax = panel.plot.fig.axes[0]
    assert not ax._autotitlepos and not ax.xaxis._autolabelpos
    canvas.relayout()
    assert ax._autotitlepos and ax.xaxis._autolabelpos
    canvas.draw()
    assert not ax._autotitlepos and not ax.xaxis._autolabelpos


def test_a_moved_artist_changes_the_frame():
    """The comparison above can fail: the blitted frame really moves."""
    panel = FluxPanel()
    panel.plot.fig.canvas.draw()
    a = _frame(panel, distance_m=12.0).copy()
    b = _frame(panel, distance_m=50.0)
    assert np.abs(a - b).max() > 100


def test_a_static_change_triggers_a_full_render():
    panel = FluxPanel()
    canvas = panel.plot.fig.canvas
    canvas.draw()
    bg = canvas._background
    panel.plot.ax.set_title("changed")
    canvas.draw()
    assert canvas._background is not bg


def test_events_are_coalesced_while_a_browser_shows_the_figure(monkeypatch):
    panel = FluxPanel()
    canvas = panel.plot.fig.canvas
    calls = []
    monkeypatch.setattr(type(canvas), "live", property(lambda self: True))
    monkeypatch.setattr(panel, "compute", lambda _f=panel.compute, **p: calls.append(p) or _f(**p))
    for d in (10.0, 20.0, 30.0):
        panel.controls["distance_m"].value = d
    assert calls == []  # nothing computed until the browser asks for a frame
    canvas.draw()
    assert len(calls) == 1 and calls[0]["distance_m"] == 30.0
    assert "30" in panel.readout.value


def test_a_kernel_pushes_one_whole_frame_per_burst_of_changes(monkeypatch):
    """In a kernel (a running event loop) with a browser view, the frame is drawn right after the message that
    changed it and sent whole (a pushed frame may replace one the browser has not shown: never a diff)."""
    from cevns_edu.plotting import frames

    class Loop:  # the kernel's loop, as far as the canvas uses it (a real one needs a socket: tests are offline)
        def __init__(self):
            self.soon = []

        def call_soon(self, callback):
            self.soon.append(callback)

    loop = Loop()
    monkeypatch.setattr(frames, "PUSH_FRAMES", True)
    monkeypatch.setattr(frames, "_running_loop", lambda: loop)
    panel = FluxPanel()
    canvas = panel.plot.fig.canvas
    monkeypatch.setattr(type(canvas), "live", property(lambda self: True))
    canvas.draw()  # the first frame the browser asks for
    sent, modes = [], []
    monkeypatch.setattr(canvas, "send_binary", lambda data: sent.append(data))
    monkeypatch.setattr(canvas, "set_image_mode", lambda mode: modes.append(mode))
    for d in (10.0, 20.0, 30.0):  # one message's burst of changes
        panel.controls["distance_m"].value = d
    assert sent == [] and len(loop.soon) == 1  # one frame scheduled, drawn after the message
    loop.soon.pop()()
    assert len(sent) == 1 and modes == ["full"]
    assert "30" in panel.readout.value
    panel.controls["distance_m"].value = 40.0  # the next message: the next frame
    assert len(loop.soon) == 1
    loop.soon.pop()()
    # a pushed frame keeps no base for a diff: a frame the browser then asks for itself is whole, the next a diff
    canvas.handle_event({"type": "draw"})
    canvas.handle_event({"type": "draw"})
    assert modes == ["full", "full", "full", "diff"] and len(sent) == 4


def test_without_a_browser_a_change_updates_at_once():
    panel = FluxPanel()
    panel.controls["distance_m"].value = 33.0
    assert "33" in panel.readout.value


@pytest.mark.parametrize("deflate", ["isal", "zlib"])
@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (440, 940)])
def test_png_frames_decode_to_the_same_pixels(shape, deflate, monkeypatch):
    """The frame encoder's PNG, read back by Pillow (an independent decoder), holds exactly the pixels given,
    deflated by ISA-L (the default) or by the standard library's zlib (the fallback without python-isal)."""
    import io
    import zlib

    from isal import isal_zlib
    from PIL import Image

    from cevns_edu.plotting import frames

    assert frames._deflate is isal_zlib  # python-isal is a dependency: the fast deflate is the one used
    monkeypatch.setattr(frames, "_deflate", isal_zlib if deflate == "isal" else zlib)
    pixels = np.random.default_rng(1).integers(0, 256, (*shape, 4), dtype=np.uint8)
    pixels[: shape[0] // 2] = 255  # a flat half, as a figure's background: runs for the compressor
    h, w = shape
    scratches = [None, np.full((h, 1 + 4 * w), 7, np.uint8),  # the right buffer, holding an older frame
                 np.zeros((h + 1, 4 * w), np.uint8), np.zeros((h, 1 + 4 * w), np.int16)]  # wrong: not used
    for scratch in scratches:
        png = frames.png_rgba(pixels, scratch=scratch)
        back = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
        assert back.shape == pixels.shape and (back == pixels).all()


def test_png_frames_refuse_what_is_not_rgba():
    from cevns_edu.plotting.frames import png_rgba

    with pytest.raises(ValueError, match=r"\(height, width, 4\) uint8, got \(2, 2, 3\)"):
        png_rgba(np.zeros((2, 2, 3), np.uint8))
    with pytest.raises(ValueError, match=r"got \(2, 2\) uint8"):  # a grey image: the same message, not an unpack error
        png_rgba(np.zeros((2, 2), np.uint8))


def _agg_pixels(fig, renderer_cls):
    w, h = fig.bbox.size
    r = renderer_cls(w, h, fig.dpi)
    fig.draw(r)
    return np.asarray(r.buffer_rgba()).copy()


def test_cached_text_bitmaps_give_the_pixels_freetype_gives():
    """GlyphCacheRenderer (cold, then from its cache) against matplotlib's own RendererAgg: every pixel equal,
    for texts of several sizes, weights, angles and a mathtext label; and a second figure with the same
    strings at other sizes gets its own bitmaps (a stale key would draw the first figure's)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure

    from cevns_edu.plotting import frames

    def figure(size):
        fig = Figure(figsize=(4, 3), dpi=100, layout="none")  # a constrained layout moves on each draw
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 2])
        ax.set_xlabel("recoil energy T [keV]", fontsize=size)
        ax.set_ylabel("dσ/dT", fontsize=size + 2)  # rotated 90°
        ax.set_title("bold title", fontweight="bold", fontsize=size)
        ax.text(0.2, 1.0, "tilted", rotation=33, fontsize=size)
        ax.text(0.5, 0.5, r"$Q_W = N - (1 - 4\sin^2\theta_W) Z$", fontsize=size)
        return fig

    frames._GLYPHS.clear()
    for size in (9, 13):
        fig = figure(size)
        plain = _agg_pixels(fig, RendererAgg)
        cold = _agg_pixels(fig, frames.GlyphCacheRenderer)
        warm = _agg_pixels(fig, frames.GlyphCacheRenderer)
        assert (cold == plain).all() and (warm == plain).all(), size
    assert len(frames._GLYPHS) > 10  # the plain texts were kept (mathtext is not)


def test_cached_text_metrics_are_matplotlibs():
    """The renderer's text measure (what layouts and tick labels use) equals RendererAgg's, before and after the
    text's bitmap is kept."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    from cevns_edu.plotting import frames

    frames._GLYPHS.clear()
    plain, cached = RendererAgg(400, 300, 100), frames.GlyphCacheRenderer(400, 300, 100)
    for text, prop, ismath in [("E_ν = 29.8 MeV", FontProperties(size=10), False),
                               ("134 ± 22", FontProperties(size=14, weight="bold"), False),
                               ("lp", FontProperties(size=7), False), (r"$\sin^2\theta_W$", FontProperties(size=9), True)]:
        want = plain.get_text_width_height_descent(text, prop, ismath)
        assert cached.get_text_width_height_descent(text, prop, ismath) == want
        assert cached.get_text_width_height_descent(text, prop, ismath) == want  # from the cache
    frames._GLYPHS.clear()


def test_the_glyph_cache_stays_bounded(monkeypatch):
    from matplotlib.figure import Figure

    from cevns_edu.plotting import frames

    monkeypatch.setattr(frames, "GLYPH_CACHE_SIZE", 5)
    frames._GLYPHS.clear()
    fig = Figure(figsize=(3, 2), dpi=100)
    for i in range(12):
        fig.text(0.1, 0.05 + 0.07 * i, f"label {i}")
    _agg_pixels(fig, frames.GlyphCacheRenderer)
    assert len(frames._GLYPHS) == 5
    frames._GLYPHS.clear()


def test_which_layers_a_full_render_may_keep():
    """_limit_free: what may be kept across a change of the axis limits, and what may not."""
    from cevns_edu.plotting.frames import _limit_free
    from cevns_edu.plotting.style import new_figure

    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1], label="a")
    assert _limit_free(ax.legend(loc="upper left"))
    best = ax.legend(loc="best")  # placed where the data are not: moves with the limits
    assert not _limit_free(best)
    assert _limit_free(ax.spines["left"])
    ax.spines["bottom"].set_bounds(0.2, 0.8)  # spans data coordinates
    assert not _limit_free(ax.spines["bottom"])
    ax.spines["right"].set_position(("data", 0.5))
    assert not _limit_free(ax.spines["right"])
    assert _limit_free(ax.text(0.5, 0.5, "axes", transform=ax.transAxes))
    assert _limit_free(ax.set_title("title"))
    assert not _limit_free(ax.text(0.5, 0.5, "data"))
    assert not _limit_free(ax.text(0.5, 0.5, "x data", transform=ax.get_xaxis_transform()))
    assert not _limit_free(ax.axvline(0.5))


@pytest.mark.parametrize("data_text", [False, True])
def test_a_full_render_keeps_only_layers_that_ignore_the_limits(data_text):
    """New axis limits: a legend above the moving line keeps its layer; with a data-placed text in the same
    layer, the layer is rendered again (the text moved). Either way the frame equals a full render."""
    from matplotlib.backends.backend_agg import RendererAgg

    from cevns_edu.plotting.frames import animate
    from cevns_edu.plotting.style import new_figure

    fig, ax = new_figure()
    (line,) = ax.plot([0, 1], [0, 1], label="moving")
    if data_text:
        ax.text(0.5, 0.5, "at x = 0.5", zorder=5)
    ax.legend(loc="upper left")
    animate(fig, line)
    canvas = fig.canvas
    canvas.draw()
    kept = dict(canvas._layers)
    line.set_data([0, 2], [0, 2])
    ax.set_xlim(0, 4)
    canvas.draw()
    if data_text:
        assert not kept and not canvas._layers
    else:
        assert kept and canvas._layers == kept  # the very same layer objects
    frame = np.asarray(canvas.get_renderer().buffer_rgba()).astype(float)
    for a in canvas._frame:
        a.set_animated(False)
    full = _agg_pixels(fig, RendererAgg)
    assert np.abs(frame - full).max() <= 8 and np.sqrt(np.mean((frame - full) ** 2)) < 0.5


# Two threads on one live figure, as in JupyterLab ≥ 4.4: the main thread answers the browser (resize, draw
# request) while a kernel subshell's thread, with its own event loop, runs a control's callback and pushes the
# frame. Run in a child process: without plotting.frames.DRAW_LOCK, Agg's heap corruption kills the process.
_TWO_THREADS = """
import asyncio, sys, threading, time
from cevns_edu.widgets.coherence import NSquaredPanel
panel = NSquaredPanel()
canvas = panel.plot.fig.canvas
type(canvas).live = property(lambda self: True)
canvas.send_binary = lambda data: None
canvas.send_json = lambda content: None
canvas.draw()
control = panel.controls["nucleus"]
stop = time.monotonic() + float(sys.argv[1])
errors = []

def browser():
    i = 0
    try:
        while time.monotonic() < stop:
            i += 1
            canvas.handle_event({"type": "resize", "width": 600 + 7 * (i % 9), "height": 400 + 5 * (i % 7)})
            canvas.handle_event({"type": "draw"})
    except BaseException as e:
        errors.append(repr(e))

async def subshell():
    i = 0
    while time.monotonic() < stop:
        i += 1
        control.index = i % len(control.options)
        await asyncio.sleep(0)  # the pushed frame is drawn after the message

def subshell_thread():
    try:
        asyncio.run(subshell())
    except BaseException as e:
        errors.append(repr(e))

threads = [threading.Thread(target=browser), threading.Thread(target=subshell_thread)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("errors:", errors)
sys.exit(1 if errors else 0)
"""


def test_two_threads_can_drive_one_figure_at_once(tmp_path):
    """A kernel subshell and the main thread draw the same figure: no crash, no exception, a sane last frame."""
    import subprocess
    import sys

    script = tmp_path / "two_threads.py"
    script.write_text(_TWO_THREADS)
    proc = subprocess.run([sys.executable, "-X", "faulthandler", str(script), "3"], capture_output=True, text=True,
                          timeout=120, env={**__import__("os").environ, "MPLBACKEND": "module://ipympl.backend_nbagg"})
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
