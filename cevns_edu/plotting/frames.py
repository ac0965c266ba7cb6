"""Every frame a learner waits for, made cheap: the canvas class of the course's interactive figures.

In JupyterLab a change of an ipympl figure costs the kernel a full Agg render (constrained-layout solve,
every tick label and text laid out and drawn) and a PNG of the changed pixels for the browser. The
canvas of :func:`frame_canvas` spends far less, with matplotlib's own techniques (matplotlib user
guide, "Faster rendering by using blitting"):

* **the layout is solved once**: the first draw runs the constrained-layout engine, then the engine is
  set to ``"none"`` so the axes keep those positions, and titles and x-axis labels keep the places that
  draw gave them (``canvas.relayout()`` solves it all again);
* **a cached background, blitted moving artists**: a figure builder passes the artists its ``update``
  moves to ``canvas.animate(...)``. They are left out of the full render, which is kept. While nothing
  else changed (the figure is not stale — matplotlib does not propagate an animated artist's changes), a
  frame restores that background and draws only the moving artists. What a full render stacks *above*
  them (later lines, spines, texts, the legend) is rendered once into transparent layers composited in
  the same z-order, so a frame looks like a full render (a change of one of those renders all again);
* **one state per frame**: callbacks registered with ``canvas.before_draw`` run first, so a panel that
  deferred a burst of control changes computes only the latest (the browser asks for one frame at a
  time);
* **frames pushed, not requested**: ipympl's kernel asks the browser to ask for a frame (one more message
  each way per frame); with a browser view connected this canvas draws the frame as soon as the kernel has
  handled the message that changed it, and sends it whole (a frame the browser replaces before showing it
  cannot leave stale pixels behind, as a dropped diff would). ``CEVNS_EDU_PUSH_FRAMES=0`` restores ipympl's
  protocol;
* **unchanged layers kept**: a full render (new axis limits) re-renders a layer only if one of its artists
  changed or may have moved with the limits (:func:`_limit_free`: a legend at a fixed place, the spines and
  axes-coordinate texts are kept);
* **text rasterised once**: the canvas's Agg renderer keeps the bitmap of every text it has drawn (a tick
  label, a title), keyed by the string and the resolved font (:class:`GlyphCacheRenderer`), so a full render
  after a change of axis limits lays out and rasterises only the labels it has not drawn before (the same
  pixels: the bitmap is the one FreeType gave the first time);
* **a fast PNG**: the frame is encoded without PNG row filters, deflated at level 1 by Intel's ISA-L
  (python-isal; the same zlib stream as the standard library's, several times faster and a little smaller
  than zlib level 1) instead of Pillow's adaptive filters at zlib level 6 (:func:`png_rgba`: same pixels);
* **shown sooner in the page**: ipympl's page code loads each PNG into an ``<img>`` through a ``blob:`` URL
  (a fetch, then a decode on the page's main thread) and re-encodes the previous picture as a data URL for
  every frame. The course's page plugin (``labextension/``, *cevns-edu-frames*: plain JavaScript that
  JupyterLab and Voila load like any prebuilt extension) decodes a course figure's frame off the main thread
  (``createImageBitmap``), draws the frames in order, skips one that a later whole frame replaces, and writes
  the data URL once the figure is still. It finds the course's figures by :data:`CANVAS_CLASS`; without the
  plugin (a server that does not have it) figures keep ipympl's own path.

Saved images (``savefig``, the notebook's static PNG) draw every artist in its z-order, as before.

**One thread draws at a time.** JupyterLab ≥ 4.4 sends widget messages to a kernel *subshell* (its
``commsOverSubshells`` setting, on by default), whose thread runs the control's callbacks while the main
thread may be answering the browser's own request for a frame. Agg is not thread-safe: two renders of one
figure at once corrupted the kernel's heap and killed it. Every frame, browser event and panel update of
the course's figures therefore holds :data:`DRAW_LOCK`.
"""

from __future__ import annotations

import asyncio
import os
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from math import cos, radians, sin
from types import ModuleType
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.legend import Legend
from matplotlib.spines import Spine
from matplotlib.text import Text

#: Push each frame from the kernel as soon as it is drawn, instead of waiting for the browser to ask for it
#: (ipympl's protocol costs one more browser → kernel message per frame). Off with ``CEVNS_EDU_PUSH_FRAMES=0``.
PUSH_FRAMES = os.environ.get("CEVNS_EDU_PUSH_FRAMES", "1") != "0"

_deflate: ModuleType
try:  # ISA-L's deflate writes an ordinary zlib stream (RFC 1950) several times faster than zlib's level 1
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - a platform without an isal wheel: the standard library's zlib
    _deflate = zlib

#: Deflate level of the PNG frames sent to the browser (ISA-L: 0–3; zlib: 0–9; ipympl: PIL's default, zlib 6)
PNG_COMPRESS_LEVEL = 1


#: Held while a course figure renders, handles a browser event or a panel updates its artists (one thread at a
#: time: see the module docstring). Re-entrant: a frame runs the panel's deferred update.
DRAW_LOCK = threading.RLock()

_NO_FRAME = np.empty((0, 0), np.uint32)  # no base for a diff: the next frame is sent whole

#: CSS class of every course figure's widget in the page (cevns_edu.widgets.a11y takes it out of the Tab order; the page
#: plugin labextension/static/remoteEntry.js shows the frames of these figures)
CANVAS_CLASS = "cevns-canvas"


def _frame_plan(fig: Figure, moving: list[Artist]) -> list[Artist]:
    """List the moving artists and, per axes, everything that axes' draw stacks above the first of them.

    Moving figure-level artists (a suptitle) come last: the figure draws them after its axes.
    """
    ids = set(map(id, moving))
    out: list[Artist] = []
    for ax in fig.axes:
        if not any(a.axes is ax for a in moving):
            continue
        skip = [ax.patch] + ([] if ax.axison else [ax.xaxis, ax.yaxis, *ax.spines.values()])  # as Axes.draw
        order = sorted((a for a in ax.get_children() if not any(a is b for b in skip)), key=lambda a: a.get_zorder())
        first = next(i for i, a in enumerate(order) if id(a) in ids)
        out += order[first:]
    return out + [a for a in moving if a.axes is None]  # figure-level (a suptitle): drawn after every axes


def _freeze_text_positions(fig: Figure) -> list[Callable[[], None]]:
    """Keep every title and x-axis label where the draw just placed them; return the callables that undo it.

    matplotlib places them anew on every draw from the extents of the tick labels and of the axes around
    (a title above a top axis, a label below the tick labels): ≈ 8 ms of the 41 ms full render of the recoil
    spectrum, repeated although, with the layout frozen, the answer cannot change — the height of a row of
    tick labels does not depend on their values. y-axis labels stay automatic (tick-label widths vary).
    """
    undo: list[Callable[[], None]] = []
    for ax in [a for top in fig.axes for a in (top, *top.child_axes)]:
        holder: Any = ax  # matplotlib's own flag (cleared by set_title(y=...)), not in its type stubs
        if getattr(holder, "_autotitlepos", None):
            holder._autotitlepos = False

            def unfreeze(holder: Any = holder) -> None:
                holder._autotitlepos = True

            undo.append(unfreeze)
        axis = ax.xaxis
        if getattr(axis, "_autolabelpos", None) and axis.label.get_text():
            transform = axis.label.get_transform()
            x, y_px = axis.label.get_position()
            axis.set_label_coords(x, float(ax.transAxes.inverted().transform((0.0, y_px))[1]))

            def thaw(axis: Any = axis, transform: Any = transform) -> None:
                axis.label.set_transform(transform)
                axis._autolabelpos = True

            undo.append(thaw)
    return undo


def _limit_free(artist: Artist) -> bool:
    """Whether ``artist``'s pixels depend only on its axes' box and its own properties, not on the data limits.

    True for a legend at a fixed location (not ``"best"``, which looks at the data), a spine spanning its axes
    (no bounds, not placed at a data coordinate) and a text placed in axes coordinates (or empty).
    """
    if isinstance(artist, Legend):
        legend: Any = artist  # its location code is private (not in matplotlib's type stubs)
        return bool(legend._loc != 0)  # 0: loc="best"
    if isinstance(artist, Spine):
        position = artist.get_position()
        return artist.get_bounds() is None and not (isinstance(position, tuple) and position[0] == "data")
    if isinstance(artist, Text):  # an empty one, an axes title (frozen), or one placed in axes coordinates
        ax: Any = artist.axes
        return not artist.get_text() or (ax is not None and (
            artist.get_transform() is ax.transAxes  # identity: transforms compare equal by their current matrix
            or any(artist is t for t in (ax.title, ax._left_title, ax._right_title))))
    return False


def _layer(renderer_cls: type, size: tuple[int, int], dpi: float, artists: list[Artist]) -> tuple | None:
    """Render ``artists`` onto a transparent canvas; return (x, y, RGBA crop) of its painted part."""
    w, h = size
    r = renderer_cls(w, h, dpi)
    r.clear()
    for a in artists:
        a.draw(r)
    rgba = np.asarray(r.buffer_rgba())
    alpha = rgba[:, :, 3]
    rows, cols = np.flatnonzero(alpha.any(1)), np.flatnonzero(alpha.any(0))
    if rows.size == 0:
        return None
    crop = np.ascontiguousarray(rgba[rows[-1]:None if rows[0] == 0 else rows[0] - 1:-1, cols[0]:cols[-1] + 1])  # draw_image: bottom row first
    return int(cols[0]), int(h - rows[-1] - 1), crop


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_rgba(pixels: np.ndarray, level: int = PNG_COMPRESS_LEVEL, *, scratch: np.ndarray | None = None) -> bytes:
    """Encode an RGBA image as PNG, every row with filter type 0 ("None"), deflated at ``level``.

    A figure frame (flat colours, mostly background) compresses as well without PNG's row filters, and
    skipping Pillow's per-row filter choice makes the encode 2–3× faster (``make bench``).

    Parameters
    ----------
    pixels : numpy.ndarray
        ``(height, width, 4)`` uint8, top row first.
    level : int
        Deflate level: 0–3 with ISA-L (python-isal, used when installed), 0–9 with the standard zlib.
    scratch : numpy.ndarray, optional
        A ``(height, 1 + 4 × width)`` uint8 array to build the PNG rows in (reused between frames, so no
        1 MB allocation per frame); a new one by default.

    Returns
    -------
    bytes
        The PNG file.

    References
    ----------
    W3C, "Portable Network Graphics (PNG) Specification (Third Edition)" (2025): §5 datastream
    structure, §11.2 IHDR (colour type 6, bit depth 8), §7.3 filter type 0.
    """
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 4:
        raise ValueError(f"pixels must be (height, width, 4) uint8, got {pixels.shape} {pixels.dtype}")
    h, w, _ = pixels.shape
    rows = scratch if scratch is not None and scratch.shape == (h, 1 + 4 * w) and scratch.dtype == np.uint8 \
        else np.empty((h, 1 + 4 * w), np.uint8)
    rows[:, 0] = 0  # filter type 0 on every row
    rows[:, 1:] = pixels.reshape(h, 4 * w)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + _png_chunk(b"IDAT", _deflate.compress(rows.data, level)) + _png_chunk(b"IEND", b""))


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """Return the kernel's running event loop (None outside one, e.g. in a script or a test)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


#: Round tops of a steady axis (× a power of ten).
NICE_TOPS = (1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0)


def steady_top(current: float | None, needed: float, *, shrink: float = 0.4) -> float:
    """Give the top of an axis that rescales only when it must, so most frames keep their axes (and blit).

    Parameters
    ----------
    current : float or None
        The axis top now (None: not set yet).
    needed : float
        The largest value to show (with its margin); must be > 0.
    shrink : float, optional
        The axis shrinks only when ``needed`` falls below ``shrink × current``.

    Returns
    -------
    float
        ``current`` while ``shrink × current ≤ needed ≤ current``, else the smallest of :data:`NICE_TOPS` × 10^k
        at or above ``needed``.
    """
    if current is not None and shrink * current <= needed <= current:
        return current
    scale = 10.0 ** np.floor(np.log10(max(needed, 1e-300)))
    return float(next(t for t in NICE_TOPS if t * scale >= needed * (1 - 1e-12)) * scale)


def steady_ylim(ax: Any, current: float | None, needed: float, *, lo: float = 0.0, hi: float = 1.0) -> float:
    """Keep an axes' y range steady: set it to ``(lo × top, hi × top)`` only when :func:`steady_top` moves the top.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes.
    current : float or None
        The top it shows now (None: not set yet).
    needed : float
        The largest value to show (with its margin); must be > 0.
    lo, hi : float, optional
        The y range as multiples of the top (default 0 to 1).

    Returns
    -------
    float
        The top, to pass as ``current`` next time. A change of it means new axes (a full render, once).
    """
    top = steady_top(current, needed)
    if top != current:
        ax.set_ylim(lo * top, hi * top)
    return top


_FONTS: Any = fontManager  # what RendererAgg._prepare_font resolves a FontProperties with (private, not in the stubs)


class GlyphCacheRenderer(RendererAgg):
    """The Agg renderer, keeping the bitmap of each plain text it has laid out for the next draw of that text.

    ``RendererAgg`` lays a string out with FreeType (``FT2Font.set_text``: about a quarter of a millisecond for a
    title with a Greek letter) twice per draw — once to measure it, once to draw it — and rasterises it, on
    every draw, although the labels rarely change. Here one layout serves both: the measure keeps the bitmap,
    its offset, descent and size (least recently used first out, :data:`GLYPH_CACHE_SIZE` texts, shared by
    every course figure), keyed by the string, the font files and size the font properties resolve to, the
    dpi, antialiasing and hinting; a draw composites the kept bitmap exactly as ``RendererAgg.draw_text``
    composites FreeType's (the same pixels). Mathtext and TeX are measured and drawn as before.
    """

    def _raster(self, s: str, prop: Any, aa: bool) -> tuple:
        """(bitmap, x offset, y offset, descent, width, height) [pixels] of ``s``, laid out at most once."""
        flags = get_hinting_flag()
        key = (s, tuple(map(str, _FONTS._find_fonts_by_props(prop))), prop.get_size_in_points(), self.dpi,
               aa, flags, rcParams["text.hinting_factor"], rcParams["text.kerning_factor"])
        hit = _GLYPHS.get(key)
        if hit is not None:
            _GLYPHS.move_to_end(key)
            return hit
        font = self._prepare_font(prop)
        font.set_text(s, 0, flags=flags)
        w, h = font.get_width_height()  # what RendererAgg.get_text_width_height_descent measures
        font.draw_glyphs_to_bitmap(antialiased=aa)
        xo, yo = font.get_bitmap_offset()
        hit = (np.array(font.get_image()), xo / 64.0, yo / 64.0, font.get_descent() / 64.0, w / 64.0, h / 64.0)
        _GLYPHS[key] = hit
        if len(_GLYPHS) > GLYPH_CACHE_SIZE:
            _GLYPHS.popitem(last=False)
        return hit

    def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> tuple[float, float, float]:
        """Width, height and descent [pixels] of ``s``, as ``RendererAgg`` measures them (and keep its bitmap)."""
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        _, _, _, d, w, h = self._raster(s, prop, bool(rcParams["text.antialiased"]))  # a Text's default
        return w, h, d

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False,
                  mtext: Any = None) -> None:
        """Draw ``s`` at (x, y) [pixels] like ``RendererAgg.draw_text``, from the kept bitmap."""
        if ismath:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        image, xo, yo, d, _, _ = self._raster(s, prop, bool(gc.get_antialiased()))
        a = radians(angle)
        self._renderer.draw_text_image(image, round(x + xo + d * sin(a)), round(y + yo + d * cos(a)) + 1, angle, gc)


#: Texts whose bitmaps :class:`GlyphCacheRenderer` keeps (a figure has a few dozen; a bitmap is a few kB)
GLYPH_CACHE_SIZE = 2048
_GLYPHS: OrderedDict[tuple, tuple] = OrderedDict()


def animate(fig: Figure, *artists: Artist) -> None:
    """Declare the artists a plot's ``update`` moves, so each frame redraws only them over a cached background.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A course figure (:func:`cevns_edu.plotting.style.new_figure`); on any other canvas this does nothing.
    *artists : matplotlib.artist.Artist
        The artists ``update`` changes.
    """
    method = getattr(fig.canvas, "animate", None)
    if method is not None:
        method(*artists)


@cache
def frame_canvas() -> type:
    """Build the ipympl canvas class of the course's figures (see the module docstring).

    Returns
    -------
    type
        A subclass of ``ipympl.backend_nbagg.Canvas`` with ``animate(*artists)``, ``before_draw(callback)``,
        ``relayout()`` and the ``live`` property (built on first use: ipympl is imported only for
        interactive figures).
    """
    from ipympl.backend_nbagg import Canvas  # deferred: ipympl, only for interactive figures

    class FrameCanvas(Canvas):
        """An ipympl canvas that solves its layout once and blits the artists that move."""

        def __init__(self, figure: Figure, *args: Any, **kwargs: Any) -> None:
            super().__init__(figure, *args, **kwargs)
            self.add_class(CANVAS_CLASS)  # the page's accessibility script finds the course's figures by it
            self._moving: list[Artist] = []
            self._frame: list[Artist] = []  # the moving artists and what is drawn above them
            self._steps: list[Any] = []  # per frame, in z-order: a moving artist or a cached layer
            self._static: list[Artist] = []  # the static artists of the cached layers
            self._before: list[Callable[[], None]] = []
            self._background: Any = None
            self._layout_done = False
            self._thaw: list[Callable[[], None]] = []  # undo the frozen title and label positions
            self._drawing: int | None = None  # the thread running the frame's callbacks
            self._push_pending = False
            self._pushing = False  # drawing a pushed frame (get_diff_image keeps no base for a diff)
            self._scratch = np.empty((0, 0), np.uint8)  # the PNG rows of the last frame, reused
            self._layers: dict[tuple, Any] = {}  # the last full render's data-limit-free layers (_limit_free)
            self._force_full: bool = getattr(self, "_force_full", True)  # set by WebAgg's canvas (diff images)
            self._last_buff: Any = getattr(self, "_last_buff", _NO_FRAME)

        def get_renderer(self) -> GlyphCacheRenderer:
            """Return the canvas's Agg renderer (a :class:`GlyphCacheRenderer`), new when the size or dpi changed."""
            key = (*self.figure.bbox.size, self.figure.dpi)
            if getattr(self, "_lastKey", None) != key or not isinstance(getattr(self, "renderer", None), GlyphCacheRenderer):
                self.renderer = GlyphCacheRenderer(*key)
                self._lastKey = key
            return self.renderer

        def draw_idle(self) -> None:
            """Schedule a frame, not while drawing.

            With a browser view connected (:attr:`live`) and :data:`PUSH_FRAMES`, the frame is drawn as soon
            as the kernel has handled the current message and pushed to the browser; otherwise (ipympl's
            protocol) the browser is asked to request one. A panel's deferred update runs inside :meth:`draw`
            and asks again for the frame being drawn; that request is dropped, so a change costs one frame.
            """
            if self._drawing == threading.get_ident():  # the frame being drawn asks for itself
                return
            loop = _running_loop() if PUSH_FRAMES and self.live else None
            if loop is None:
                super().draw_idle()
            elif not self._push_pending:
                self._push_pending = True
                loop.call_soon(self._push)  # after this message: a burst of changes in it costs one frame

        def _push(self) -> None:
            """Draw the scheduled frame and send it whole: it may replace one the browser has not shown yet."""
            self._push_pending = False
            self._force_full = True  # a diff over a frame the browser dropped would leave stale pixels
            self._pushing = True
            try:
                self.draw()
            finally:
                self._pushing = False

        @property
        def live(self) -> bool:
            """Whether a browser view is connected (it asks for frames; without one nothing is drawn)."""
            # ipympl stops syncing the PNG data URL when a browser view says "initialized". (Its ``_closed``
            # is no guide: it stays True for a canvas shown inside other widgets, as every panel's is.)
            return not self.syncing_data_url

        def animate(self, *artists: Artist) -> None:
            """Redraw ``artists`` (the ones ``update`` moves) over the cached background each frame."""
            self._moving += [a for a in artists if a not in self._moving]
            self._background = None

        def before_draw(self, callback: Callable[[], None]) -> None:
            """Run ``callback`` at the start of every frame (e.g. a panel's deferred update)."""
            self._before.append(callback)

        def relayout(self) -> None:
            """Solve the constrained layout again at the next draw (after fonts or labels grew)."""
            self.figure.set_layout_engine("constrained")
            self._layout_done = False
            self._background = None
            for undo in self._thaw:
                undo()
            self._thaw = []

        def _full_render(self) -> None:
            fig = self.figure
            for a in self._frame:
                a.set_animated(False)
            self._frame = _frame_plan(fig, self._moving)
            for a in self._frame:
                a.set_animated(True)
            FigureCanvasAgg.draw(self)  # the static background (animated artists are skipped)
            if not self._layout_done:
                self._layout_done = True
                if fig.get_layout_engine() is not None:
                    fig.set_layout_engine("none")  # keep the positions just solved
                self._thaw = _freeze_text_positions(fig)  # and the titles and x labels just placed
            renderer = self.renderer
            self._background = (renderer, renderer.copy_from_bbox(fig.bbox)) if self._moving else None
            # static artists above a moving one: rendered once into transparent layers, in z-order
            moving = set(map(id, self._moving))
            steps: list[Any] = []
            run: list[Artist] = []
            size = self.get_width_height(physical=True)
            frame: list[Artist | None] = [*self._frame, None]
            layers, self._layers = self._layers, {}
            for item in frame:
                if item is None or id(item) in moving:
                    if run:
                        # a layer of unchanged artists that ignore the data limits is kept from the last render
                        key = (*map(id, run), *(a.axes.bbox.bounds if a.axes else None for a in run), size, fig.dpi)
                        kept = layers.get(key)
                        if kept is None or any(a.stale for a in run):
                            kept = _layer(GlyphCacheRenderer, size, fig.dpi, run)
                        if all(map(_limit_free, run)):
                            self._layers[key] = kept
                        steps.append(("layer", kept))
                        run = []
                    if item is not None:
                        steps.append(("artist", item))
                elif item.get_visible():
                    run.append(item)
            self._steps = steps
            self._static = [a for a in self._frame if id(a) not in moving]
            for a in self._static:
                a.stale = False  # animated: a later change marks only the artist itself (checked in draw)

        def _draw_steps(self, renderer: Any) -> None:
            gc = None
            for kind, item in self._steps:
                if kind == "artist":
                    if item.get_visible():
                        item.draw(renderer)
                elif item is not None:
                    gc = gc or renderer.new_gc()
                    x, y, rgba = item
                    renderer.draw_image(gc, x, y, rgba)
            if gc is not None:
                gc.restore()

        def draw(self) -> None:
            with DRAW_LOCK:
                try:
                    self.prerender()
                finally:
                    self.manager.refresh_all()  # PNG of the changed pixels to the browser (ipympl)

        def handle_event(self, event: dict[str, Any]) -> Any:
            """Handle a browser event (resize, draw request, mouse) on one thread at a time."""
            with DRAW_LOCK:
                return super().handle_event(event)

        def prerender(self) -> None:
            """Render the frame without sending it: the first call solves the layout and caches the background.

            Call it before a browser connects (e.g. while a preheated kernel builds a dashboard) so the first
            frame a viewer waits for is a blit.
            """
            with DRAW_LOCK:
                self._render()

        def _render(self) -> None:
            self._drawing = threading.get_ident()
            try:
                for callback in self._before:
                    callback()
            finally:
                self._drawing = None
            fig = self.figure
            self._png_is_old = True
            renderer = self.get_renderer()
            bg = self._background
            if (bg is not None and not fig.stale and bg[0] is renderer
                    and not any(a.stale for a in self._static)):  # a cached layer changed: render all
                renderer.restore_region(bg[1])
            else:
                self._full_render()
                renderer = self.renderer
            self._draw_steps(renderer)
            # Drawing moves ticks (Axis.draw) and re-applies aspect-locked positions, which marks the
            # figure stale although nothing changed; what changes between frames marks it again.
            fig.stale = False

        def get_diff_image(self) -> bytes | None:
            """Encode the frame for the browser: what ``FigureCanvasWebAggCore.get_diff_image`` sends, faster zlib."""
            if not self._png_is_old:
                return None
            pixels = np.asarray(self.get_renderer().buffer_rgba())
            buff = pixels.view(np.uint32).squeeze(2)
            if self._force_full or buff.shape != self._last_buff.shape or (pixels[:, :, 3] != 255).any():
                self.set_image_mode("full")
                output = buff
            else:
                self.set_image_mode("diff")
                output = np.where(buff != self._last_buff, buff, 0)
            # the base of the next diff; a pushed frame keeps none (a 1.3 MB copy per frame): the next frame the
            # browser asks for itself is then sent whole
            self._last_buff = _NO_FRAME if self._pushing else buff.copy()
            self._force_full = False
            self._png_is_old = False
            rows = (buff.shape[0], 1 + 4 * buff.shape[1])  # png_rgba's rows: a filter byte + RGBA per pixel
            if self._scratch.shape != rows:
                self._scratch = np.empty(rows, np.uint8)
            return png_rgba(output.view(np.uint8).reshape((*output.shape, 4)), scratch=self._scratch)

    return FrameCanvas
