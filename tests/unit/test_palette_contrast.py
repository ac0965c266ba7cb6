"""Non-text contrast of the course's plots: WCAG 2.1 AA, success criterion 1.4.11, asks graphical objects
needed to understand content (here: plotted lines, markers, outlines) to have a contrast ratio of at
least 3:1 against adjacent colours.

Contrast ratios come from :func:`cevns_edu.plotting.style.contrast_ratio` (WCAG 2.1's definitions:
https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio and https://www.w3.org/TR/WCAG21/#dfn-relative-luminance),
checked first against WCAG's reference values (black on white 21:1, the 4.5:1 grey #767676).

Two checks:

* every colour of the palette (:data:`~cevns_edu.plotting.style.COLORS`, ``CYCLE``, ``PALETTE``) against white;
* every figure of the image tests (``FIGURES`` of ``test_figures_images.py``, built the same way), artist by
  artist, against its axes' face colour: each visible ``Line2D`` (its line if drawn, its markers if any),
  each line collection (error bars, contour lines, vlines), the outline of every other collection and
  patch where it is drawn and differs from the fill, unfilled patches (``stairs``, step histograms) and
  arrows. Drawn colours are composited over the background with their alpha; an artist whose alpha is
  below 0.5 is a translucent band/area (a shaded window), not a line, and is skipped. A marker passes if
  its face or its edge — whichever is drawn — reaches 3:1 (an outlined light marker is delimited by its
  outline); the same holds for a filled shape whose outline differs from its fill, while an edge drawn in
  the fill's own colour is the fill's boundary and not checked. Axes showing a colour map (image,
  ``pcolormesh``, colour bar) are skipped: what lies next to a stroke there is the map, not the axes face.
  Grid lines, ticks and spines are not part of the data and are not in the artist lists walked here;
  legends only repeat their handles' colours.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib import colors as mcolors
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection, QuadMesh
from matplotlib.patches import FancyArrowPatch
from matplotlib.testing import set_font_settings_for_testing
from matplotlib.text import Annotation

# The registry of the image tests, imported under the module name pytest gives it (rootdir-relative
# "prepend" import of a directory without __init__.py), so its cached data objects are built once per run.
from test_figures_images import DPI, FIGURES

from cevns_edu.plotting.style import COLORS, CYCLE, OKABE_ITO, PALETTE, contrast_ratio

MIN_RATIO = 3.0  # WCAG 2.1 SC 1.4.11 (non-text contrast)
MIN_ALPHA = 0.5  # below this an artist is a translucent fill, not a line


def test_contrast_formula_reference_values():
    assert contrast_ratio("black", "white") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.01)  # the usual 4.5:1 grey
    assert contrast_ratio("#777777", "white") < 4.5 < contrast_ratio("#767676", "white")
    # the Okabe–Ito colours that fail as lines on white, the reason for PALETTE
    for name in ("orange", "skyblue", "yellow"):
        assert contrast_ratio(OKABE_ITO[name], "white") < MIN_RATIO


_PALETTE_COLOURS = ([(f"COLORS[{k!r}]", v) for k, v in COLORS.items()] + [(f"CYCLE[{i}]", v) for i, v in enumerate(CYCLE)]
                    + [(f"PALETTE[{k!r}]", v) for k, v in PALETTE.items()])


@pytest.mark.parametrize(("name", "colour"), _PALETTE_COLOURS, ids=[n for n, _ in _PALETTE_COLOURS])
def test_palette_colour_has_3_to_1_on_white(name, colour):
    ratio = contrast_ratio(colour, "white")
    assert ratio >= MIN_RATIO, f"{name} = {colour}: {ratio:.2f}:1 against white, below {MIN_RATIO}:1"


def test_roles_keep_distinct_colours():
    assert len({mcolors.to_hex(c) for c in COLORS.values()}) == len(COLORS), COLORS
    assert len({mcolors.to_hex(c) for c in CYCLE}) == len(CYCLE), CYCLE


# --- every figure, artist by artist --------------------------------------------------------------------

def _drawn(rgba, background) -> tuple[np.ndarray, float] | None:
    """The opaque colour an ``rgba`` stroke shows on ``background``, or None if it is a translucent fill."""
    r = np.asarray(mcolors.to_rgba(rgba), float)
    if r[3] < MIN_ALPHA:
        return None
    return r[3] * r[:3] + (1 - r[3]) * np.asarray(background[:3], float), float(r[3])


def _rgba(colour, alpha) -> np.ndarray | None:
    """``colour`` as the artist draws it (``alpha`` of the artist overrides the colour's), None if not drawn."""
    if colour is None or (isinstance(colour, str) and colour.lower() == "none"):
        return None
    return np.asarray(mcolors.to_rgba(colour, alpha), float)


def _background(ax: Axes) -> np.ndarray:
    face = np.asarray(mcolors.to_rgba(ax.get_facecolor()), float)
    under = np.asarray(mcolors.to_rgba(ax.figure.get_facecolor()), float)[:3]
    return face[3] * face[:3] + (1 - face[3]) * under


def _colour_mapped(ax: Axes) -> bool:
    """Whether ``ax`` shows a colour map (image, pcolormesh, colour bar): strokes on it lie on the map's
    colours, not on the axes face colour, so this check does not apply to them."""
    return bool(ax.images) or any(isinstance(c, QuadMesh) for c in ax.collections)


def _describe(artist) -> str:
    label = artist.get_label() if hasattr(artist, "get_label") else ""
    return f"{type(artist).__name__} {label!r}" if label and not label.startswith("_") else type(artist).__name__


def _strokes(ax: Axes) -> Iterator[tuple[str, list[np.ndarray | None]]]:
    """(what, candidate colours) for each line-like stroke of ``ax``; a stroke passes if any candidate does."""
    for line in ax.lines:
        if not line.get_visible():
            continue
        alpha = line.get_alpha()
        if line.get_linestyle() not in ("None", "none", "", " ") and line.get_linewidth() > 0:
            yield f"{_describe(line)} line", [_rgba(line.get_color(), alpha)]
        if line.get_marker() not in (None, "None", "none", "", " ") and line.get_markersize() > 0:
            face = _rgba(line.get_markerfacecolor(), alpha) if line.get_fillstyle() != "none" else None
            edge = _rgba(line.get_markeredgecolor(), alpha) if line.get_markeredgewidth() > 0 else None
            yield f"{_describe(line)} marker", [face, edge]
    for coll in ax.collections:
        if not coll.get_visible():
            continue
        widths = np.atleast_1d(coll.get_linewidths())
        edges = coll.get_edgecolors()
        if isinstance(coll, PathCollection):  # scatter markers: face or edge
            faces = coll.get_facecolors()
            n = max(len(faces), len(edges))
            for i in range(n):
                face = faces[i % len(faces)] if len(faces) else None
                edge = edges[i % len(edges)] if len(edges) and widths[i % len(widths)] > 0 else None
                yield f"{_describe(coll)} marker {i}", [face, edge]
            continue
        line_like = isinstance(coll, LineCollection) or not getattr(coll, "filled", True)  # also contour lines
        faces = coll.get_facecolors() if not line_like else np.zeros((0, 4))
        for i, edge in enumerate(edges):
            if widths[i % len(widths)] <= 0:
                continue
            face = faces[i % len(faces)] if len(faces) else None
            if face is not None and np.allclose(edge, face):
                continue  # the fill's own boundary, not an outline
            yield f"{_describe(coll)} edge {i}", [edge, face]  # a filled shape is delimited by face or edge
    patches = list(ax.patches) + [t.arrow_patch for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch]
    for patch in patches:
        if not patch.get_visible() or patch.get_linewidth() <= 0:
            continue
        edge = np.asarray(patch.get_edgecolor(), float)
        if isinstance(patch, FancyArrowPatch) or not patch.get_fill():  # an arrow, steps, an open outline
            yield f"{_describe(patch)} edge", [edge]
        elif not np.allclose(edge, patch.get_facecolor()):  # else the fill's own boundary, not an outline
            yield f"{_describe(patch)} edge", [edge, np.asarray(patch.get_facecolor(), float)]


def low_contrast_strokes(fig) -> list[str]:
    """Every stroke of ``fig`` with contrast below 3:1 against its axes, described for a failure message."""
    bad = []
    for k, ax in enumerate(fig.axes):
        if _colour_mapped(ax):
            continue
        bg = _background(ax)
        where = f"axes {k} {ax.get_title()!r}" if ax.get_title() else f"axes {k}"
        for what, candidates in _strokes(ax):
            drawn = [d for d in (_drawn(c, bg) for c in candidates if c is not None) if d is not None]
            if not drawn:
                continue  # only translucent (or undrawn) colours: a fill, not a line
            ratios = [contrast_ratio(c, bg) for c, _ in drawn]
            if max(ratios) < MIN_RATIO:
                hexes = ", ".join(mcolors.to_hex(c) for c, _ in drawn)
                bad.append(f"{where}: {what} ({hexes}) {max(ratios):.2f}:1 against {mcolors.to_hex(bg)}")
    return bad


def drawn_figure(name: str):
    """Build the image test's figure ``name`` and draw it once (laid out as the image test lays it out)."""
    with mpl.rc_context():
        set_font_settings_for_testing()
        fig = FIGURES[name]()
        fig.savefig(io.BytesIO(), dpi=DPI)
    return fig


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_strokes_have_3_to_1_against_axes(name):
    fig = drawn_figure(name)
    strokes = sum(1 for ax in fig.axes for _ in _strokes(ax))
    bad = low_contrast_strokes(fig)
    assert strokes > 0, f"{name}: no line-like artist found — the walk over the artists is broken"
    assert not bad, f"{name}: {len(bad)} stroke(s) below {MIN_RATIO}:1 (WCAG 2.1 SC 1.4.11):\n  " + "\n  ".join(bad)


def test_the_figure_check_can_fail():
    """A light line (Okabe–Ito yellow) and an outlined pale marker: the first is flagged, the second is not;
    a translucent band is not a line."""
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], color=OKABE_ITO["yellow"], label="light")
    ax.plot([0.5], [0.5], "*", color=OKABE_ITO["yellow"], mec="black", label="outlined")
    ax.axvspan(0.2, 0.4, color=OKABE_ITO["yellow"], alpha=0.3)
    ax.stairs([1, 2], [0, 1, 2], color=OKABE_ITO["skyblue"], label="steps")
    bad = low_contrast_strokes(fig)
    assert len(bad) == 2, bad
    assert "'light' line" in bad[0] and "StepPatch 'steps'" in bad[1], bad
