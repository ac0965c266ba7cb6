"""One place for the course's look: a colour-blind-safe palette and a "projector" style switch.

Palette: Okabe & Ito, "Color Universal Design" (2008) — distinguishable under the common forms of
colour-vision deficiency. ``set_style("projector")`` enlarges fonts and lines for a room; the
default ``"screen"`` suits a laptop. Figure builders call :func:`new_figure` so both apply.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from matplotlib import style as mpl_style
from matplotlib.figure import Figure
from matplotlib.rcsetup import cycler

from .frames import frame_canvas

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

#: Meaningful colours used across the course, so a component keeps its colour in every notebook.
COLORS = {
    "cevns": OKABE_ITO["blue"],
    "prompt": OKABE_ITO["vermillion"],
    "delayed": OKABE_ITO["green"],
    "steady_state": OKABE_ITO["purple"],
    "brn": OKABE_ITO["orange"],
    "nin": OKABE_ITO["yellow"],
    "data": OKABE_ITO["black"],
    "model": OKABE_ITO["skyblue"],
    "highlight": OKABE_ITO["vermillion"],
}
CYCLE = [OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "purple", "skyblue", "yellow", "black")]

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
