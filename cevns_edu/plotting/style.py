"""One place for the course's look: a colour-blind-safe palette and a "projector" style switch.

Palette. Lines, markers and edges use :data:`PALETTE` (through :data:`COLORS` and :data:`CYCLE`): every
colour has at least 3:1 contrast against white, as WCAG 2.1 success criterion 1.4.11 (non-text contrast)
asks of graphical objects (contrast ratio and relative luminance as defined in
https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). It keeps the five Okabe & Ito, "Color Universal
Design" (2008) colours that pass — black, blue #0072B2, vermillion #D55E00, bluish green #009E73,
reddish purple #CC79A7 (3.06:1) — and replaces the three that fail on white (orange #E69F00 2.25:1,
sky blue #56B4E9 2.31:1, yellow #F0E442 1.32:1) with brown #794D00 (the orange hue, darkened), and
violet #9380FF, pine #206046 and magenta #AC0079 (the highlight, no longer vermillion like "prompt").
Those four came from a search over an sRGB grid (steps of 1/40; contrast 3.1–7.5:1, CIECAM02 chroma
≥ 30; brown kept to the orange hues, magenta to the red-purple ones) maximising the smallest CAM02-UCS
colour difference ΔE (Luo, Cui & Li 2006) to the other palette colours, for normal vision and for
simulated deuteranopia, protanopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 100,
as implemented by the ``colorspacious`` package). Over the nine roles of :data:`COLORS` the smallest
ΔE is 22.7 (normal), 14.8 (deuteranopia), 14.0 (protanopia), 11.7 (tritanopia); each CVD minimum is
between two unchanged Okabe–Ito colours, and none is smaller than in the original palette (20.8,
14.8, 14.0, 11.0, leaving out its identical prompt and highlight). The two neutron backgrounds, brn
(brown) and nin (violet), are ≥ 42 apart in all four.

:data:`OKABE_ITO` keeps the published values for translucent fills (bands, shaded windows) behind lines:
its orange, sky blue and yellow must not be used for a line, marker or edge.
``tests/unit/test_palette_contrast.py`` checks both the palette and every figure.

``set_style("projector")`` enlarges fonts and lines for a room; the default ``"screen"`` suits a
laptop. Figure builders call :func:`new_figure` so both apply.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import numpy as np
from matplotlib import style as mpl_style
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.rcsetup import cycler
from matplotlib.typing import ColorType

from .frames import frame_canvas

#: Okabe & Ito (2008) as published. Orange, sky blue and yellow have < 3:1 contrast on white: use this
#: dict only for translucent fills behind lines (bands, shaded windows); lines, markers and edges take
#: :data:`PALETTE` or :data:`COLORS`.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "skyblue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: Colours for lines, markers and edges: each ≥ 3:1 against white (WCAG 2.1, 1.4.11); contrast in comments.
PALETTE = {
    "black": OKABE_ITO["black"],  # 21.0
    "blue": OKABE_ITO["blue"],  # 5.19
    "vermillion": OKABE_ITO["vermillion"],  # 3.87
    "green": OKABE_ITO["green"],  # bluish green, 3.42
    "purple": OKABE_ITO["purple"],  # reddish purple, 3.06
    "brown": "#794D00",  # Okabe–Ito orange's hue, darkened: 7.31
    "violet": "#9380FF",  # 3.10
    "pine": "#206046",  # 7.44
    "magenta": "#AC0079",  # 6.93
}

#: Meaningful colours used across the course, so a component keeps its colour in every notebook.
#: All nine differ, also under simulated colour-vision deficiency (module docstring).
COLORS = {
    "cevns": PALETTE["blue"],
    "prompt": PALETTE["vermillion"],
    "delayed": PALETTE["green"],
    "steady_state": PALETTE["purple"],
    "brn": PALETTE["brown"],
    "nin": PALETTE["violet"],
    "data": PALETTE["black"],
    "model": PALETTE["pine"],
    "highlight": PALETTE["magenta"],
}
CYCLE = [PALETTE[k] for k in ("blue", "vermillion", "green", "brown", "purple", "violet", "pine", "black")]

#: WCAG 2.1 contrast ratio that normal-size text needs against its background (SC 1.4.3, level AA).
TEXT_CONTRAST = 4.5


def contrast_ratio(a: ColorType, b: ColorType = "white") -> float:
    """Give the WCAG 2.1 contrast ratio of two opaque colours.

    Parameters
    ----------
    a, b : str or sequence of float
        Matplotlib colours (e.g. ``"#D55E00"``, ``"white"``, an RGB triple 0–1).

    Returns
    -------
    float
        (L₁ + 0.05) / (L₂ + 0.05) with L the relative luminances, lighter first: 1 … 21.

    References
    ----------
    W3C, Web Content Accessibility Guidelines 2.1, definitions of "contrast ratio" and "relative luminance".
    """
    def luminance(colour: ColorType) -> float:
        c = np.asarray(to_rgb(colour), float)
        lin = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(lin @ (0.2126, 0.7152, 0.0722))

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@cache
def text_colour(colour: str, background: str = "white", min_ratio: float = TEXT_CONTRAST) -> str:
    """Give ``colour`` darkened (mixed with black, 1 % at a time) until text in it reaches ``min_ratio``.

    A label keeps the hue of the line it names and stays readable: Okabe–Ito vermillion (3.9:1 on white) becomes
    #C25600 as text.

    Parameters
    ----------
    colour : str
        The line's colour.
    background : str
        What the text lies on.
    min_ratio : float
        Contrast ratio to reach (WCAG 2.1: 4.5 for normal text, 3 for large text).

    Returns
    -------
    str
        ``#rrggbb``: ``colour`` itself when it already reaches ``min_ratio``.
    """
    rgb = np.asarray(to_rgb(colour), float)
    for k in range(101):
        r, g, b = (float(x) for x in rgb * (1 - k / 100))
        candidate = to_hex((r, g, b))
        if contrast_ratio(candidate, background) >= min_ratio:
            return candidate
    raise ValueError(f"no darker shade of {colour!r} reaches {min_ratio}:1 on {background!r}")


#: Colour of warning text in the widgets' HTML (an empty window, a failed download, a fit error): vermillion,
#: darkened to 4.5:1 on white.
WARNING_TEXT = text_colour(PALETTE["vermillion"])

STYLES: dict[str, dict[str, Any]] = {
    "screen": {"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11, "lines.linewidth": 1.8,
               "legend.fontsize": 9, "xtick.labelsize": 10, "ytick.labelsize": 10, "figure.dpi": 100},
    "projector": {"font.size": 16, "axes.titlesize": 18, "axes.labelsize": 17, "lines.linewidth": 3.0,
                  "legend.fontsize": 14, "xtick.labelsize": 15, "ytick.labelsize": 15, "figure.dpi": 100},
}
_BASE: dict[str, Any] = {
    "axes.prop_cycle": cycler(color=CYCLE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.constrained_layout.use": True,
    "image.cmap": "viridis",
}
_current = "screen"


def set_style(name: str = "screen") -> None:
    """Apply the ``"screen"`` or ``"projector"`` style to figures made from now on.

    Parameters
    ----------
    name : {"screen", "projector"}
        The style: ``"screen"`` for a laptop, ``"projector"`` (larger fonts and lines) for a room.

    Raises
    ------
    ValueError
        If ``name`` is not one of the styles.
    """
    global _current
    if name not in STYLES:
        raise ValueError(f"unknown style {name!r}; allowed: {', '.join(STYLES)}")
    mpl_style.use(_BASE | STYLES[name])  # = rcParams.update (no key of ours is on style's blacklist)
    _current = name


def new_figure(nrows: int = 1, ncols: int = 1, *, width: float = 7.0, height: float = 4.0,
               **kwargs: Any) -> tuple[Figure, Any]:
    """Make a figure with the course style on an interactive ipympl canvas, whatever the matplotlib backend.

    The figure is not registered with pyplot, so it is shown only where it is placed (in a panel or an
    ipywidgets container — RECIPES: no auto-display under nbval) and never leaks between cells. The
    canvas header, footer and toolbar are hidden so a learner sees only the plot. ``kwargs`` go to
    ``Figure.subplots`` (``sharex``, ``gridspec_kw``, ...). The canvas renders frames cheaply (see
    :func:`cevns_edu.plotting.frames.frame_canvas`): a figure builder marks the artists its ``update``
    moves with :func:`cevns_edu.plotting.frames.animate`.

    Parameters
    ----------
    nrows, ncols : int
        The grid of axes.
    width, height : float
        Size in inches on a screen (×1.25 under the projector style).
    **kwargs
        Passed to ``Figure.subplots``.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure, on an ipympl canvas (:func:`~cevns_edu.plotting.frames.frame_canvas`) with header,
        footer and toolbar hidden.
    axes : matplotlib.axes.Axes or numpy.ndarray
        What ``Figure.subplots`` returns: one ``Axes``, or an array of them.
    """
    from ipympl.backend_nbagg import FigureManager  # deferred: ipympl, only for interactive figures

    scale = 1.25 if _current == "projector" else 1.0
    fig = Figure(figsize=(width * scale, height * scale))
    canvas = frame_canvas()(fig)
    FigureManager(canvas, id(fig))  # gives the canvas its (hidden) toolbar, as pyplot would
    axes = fig.subplots(nrows, ncols, **kwargs)
    for attr, value in (("header_visible", False), ("footer_visible", False), ("toolbar_visible", False),
                        ("resizable", False)):
        setattr(canvas, attr, value)
    return fig, axes


def top_axis(ax: Any, functions: tuple[Any, Any], label: str) -> Any:
    """Add a secondary x axis on top of ``ax`` (matplotlib's ``secondary_xaxis``) showing another quantity.

    Its own y axis, which matplotlib keeps with no ticks, is hidden: it draws nothing, and skipping it saves
    ≈ 0.5 ms of every full render (``make bench``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes.
    functions : (callable, callable)
        Forward and inverse maps from ``ax``'s x values to the top axis's.
    label : str
        The top axis's label.

    Returns
    -------
    matplotlib.axes.Axes
        The secondary axis.
    """
    sec = ax.secondary_xaxis("top", functions=functions)
    sec.set_xlabel(label)
    sec.yaxis.set_visible(False)
    return sec


@contextmanager
def style(name: str) -> Iterator[None]:
    """Use a style temporarily (e.g. for the presenter dashboard), restoring the previous one after.

    Parameters
    ----------
    name : {"screen", "projector"}
        The style to use inside the ``with`` block.

    Yields
    ------
    None
    """
    previous = _current
    set_style(name)
    try:
        yield
    finally:
        set_style(previous)


set_style("screen")
