"""Text contrast of the course's own content: WCAG 2.1 AA, success criterion 1.4.3 (contrast, minimum) asks
text to reach 4.5:1 against its background, large text (≥ 18 pt, or ≥ 14 pt bold) 3:1.

Two checks, with :func:`cevns_edu.plotting.style.contrast_ratio` (checked against WCAG's reference values in
``test_palette_contrast``):

* every text drawn in every figure of the image tests (titles, labels, tick labels, legends, annotations,
  in-axes texts), its colour composited with its alpha, against what lies behind it: its own box if it has
  one, else its axes' face colour (texts inside axes) or the figure's;
* every colour the widgets and the presenter give HTML text (``color:#rrggbb`` in the package's source),
  against the background declared with it on the same line (``background:#rrggbb``), else white — the
  page (JupyterLab's light theme, Voila's light theme) under the course's outputs.

In the browser tests axe-core checks the HTML text that happens to be on the page; the second check also
covers messages shown only on a failure (a failed download, an empty time window, a fit error).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib import colors as mcolors
from matplotlib.text import Text
from test_figures_images import FIGURES
from test_palette_contrast import drawn_figure

import cevns_edu
from cevns_edu.plotting.style import contrast_ratio

MIN_TEXT = 4.5  # WCAG 2.1 SC 1.4.3, normal text
MIN_LARGE_TEXT = 3.0  # large text: at least 18 pt, or 14 pt bold
PACKAGE = Path(cevns_edu.__file__).resolve().parent


def _is_large(text: Text) -> bool:
    size = float(text.get_fontsize())
    weight = text.get_fontweight()
    bold = weight in ("bold", "heavy", "extra bold", "black", "semibold", "demibold") or (
        isinstance(weight, int | float) and weight >= 600)
    return size >= 18 or (bold and size >= 14)


def _opaque(rgba, under) -> np.ndarray:
    r = np.asarray(rgba, float)
    return r[3] * r[:3] + (1 - r[3]) * np.asarray(under, float)[:3]


def _behind(text: Text, fig) -> np.ndarray:
    """The opaque colour behind ``text``: its box, else its axes' face, else the figure's face."""
    fig_face = _opaque(mcolors.to_rgba(fig.get_facecolor()), (1.0, 1.0, 1.0))
    ax = text.axes
    under = _opaque(mcolors.to_rgba(ax.get_facecolor()), fig_face) if ax is not None else fig_face
    box = text.get_bbox_patch()
    if box is not None and box.get_fill():
        return _opaque(box.get_facecolor(), under)
    return under


def low_contrast_texts(fig) -> list[str]:
    """Every visible, non-empty text of ``fig`` below its WCAG minimum, described for a failure message."""
    bad = []
    for text in fig.findobj(lambda a: isinstance(a, Text)):
        if not text.get_visible() or not text.get_text().strip():
            continue
        bg = _behind(text, fig)
        colour = _opaque(mcolors.to_rgba(text.get_color(), text.get_alpha()), bg)
        need = MIN_LARGE_TEXT if _is_large(text) else MIN_TEXT
        ratio = contrast_ratio(colour, bg)
        if ratio < need:
            bad.append(f"{text.get_text()[:40]!r} ({mcolors.to_hex(colour)}, {float(text.get_fontsize()):.0f} pt) "
                       f"{ratio:.2f}:1 against {mcolors.to_hex(bg)} (needs {need}:1)")
    return bad


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_texts_reach_4_5_to_1(name):
    fig = drawn_figure(name)
    n = sum(1 for t in fig.findobj(lambda a: isinstance(a, Text)) if t.get_visible() and t.get_text().strip())
    bad = low_contrast_texts(fig)
    assert n > 0, f"{name}: no text found — the walk over the texts is broken"
    assert not bad, f"{name}: {len(bad)} text(s) below WCAG 2.1 SC 1.4.3:\n  " + "\n  ".join(bad)


def test_the_figure_text_check_can_fail():
    """Vermillion text at 9 pt fails (3.9:1), the same at 18 pt passes (large text), black on a dark box fails."""
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.text(0.1, 0.1, "small vermillion", color="#D55E00", fontsize=9)
    ax.text(0.1, 0.5, "large vermillion", color="#D55E00", fontsize=18)
    ax.text(0.1, 0.8, "black on navy", color="black", fontsize=9, bbox={"facecolor": "#000040"})
    bad = low_contrast_texts(fig)
    assert len(bad) == 2 and "small vermillion" in bad[0] and "black on navy" in bad[1], bad


# --- HTML text colours in the package ------------------------------------------------------------------

_TEXT_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")


def html_text_colours() -> list[tuple[str, str, str]]:
    """(where, text colour, background) for every ``color:#…`` in the package's Python source."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            backgrounds = _BACKGROUND.findall(line)
            for colour in _TEXT_COLOUR.findall(line):
                where = f"{path.relative_to(PACKAGE.parent)}:{no}"
                found.append((where, colour, backgrounds[0] if backgrounds else "#ffffff"))
    return found


def test_html_text_colours_are_found():
    where = {w.split(":")[0] for w, _, _ in html_text_colours()}
    assert "cevns_edu/widgets/presenter.py" in where, where


def test_warning_text_reaches_4_5_to_1():
    """The widgets' warning colour (plotting.style.WARNING_TEXT, given to HTML through f-strings)."""
    from cevns_edu.plotting.style import WARNING_TEXT

    assert contrast_ratio(WARNING_TEXT, "white") >= MIN_TEXT


@pytest.mark.parametrize("colour", ["#D55E00", "#009E73", "#CC79A7", "grey", "#0072B2"])
def test_text_colour_reaches_4_5_to_1_and_keeps_the_hue(colour):
    """plotting.style.text_colour reaches 4.5:1, no darker than it needs, and keeps the hue."""
    import colorsys

    from cevns_edu.plotting.style import text_colour

    out = text_colour(colour)
    assert contrast_ratio(out, "white") >= MIN_TEXT
    assert contrast_ratio(out, "white") < MIN_TEXT + 0.3 or out == mcolors.to_hex(colour)  # no darker than needed
    h0 = colorsys.rgb_to_hls(*mcolors.to_rgb(colour))[0]
    h1 = colorsys.rgb_to_hls(*mcolors.to_rgb(out))[0]
    assert abs(h0 - h1) < 0.02


@pytest.mark.parametrize(("where", "colour", "background"), html_text_colours())
def test_html_text_colour_reaches_4_5_to_1(where, colour, background):
    ratio = contrast_ratio(colour, background)
    assert ratio >= MIN_TEXT, f"{where}: text {colour} on {background} is {ratio:.2f}:1, below {MIN_TEXT}:1"
