"""The pattern every interactive panel follows.

A :class:`Panel` owns valid-range controls (ipywidgets), one plotting object with ``update(**params)``
(which mutates existing artists — never rebuilds the figure), and an optional HTML readout. Moving a
control calls :meth:`Panel.update` with all current control values; that is also what the benchmark
times (`make bench`), so the measured cost is exactly the learner's. While a browser shows the figure,
a burst of control events is coalesced: each only marks the panel, and the next frame the browser asks
for runs one update with the latest values (:meth:`Panel.flush`, called by the canvas before drawing).

Subclasses implement :meth:`compute` (physics calls → a dict for the plot) and :meth:`readout_html`.
Every ``compute`` has the base signature ``compute(self, **params: Any) -> dict[str, Any]`` — one keyword
per control, named as the control — and reads its values with :meth:`Panel.take`, which rejects a
missing or an unknown keyword with a ``TypeError`` as a Python signature would.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as W
import numpy as np
from IPython.display import Javascript, display

from ..plotting.frames import DRAW_LOCK
from .a11y import ACCESSIBILITY_JS

#: The public single-choice ipywidgets (one value out of ``options``; ``options`` items are values or
#: ``(label, value)`` pairs).
SINGLE_SELECTIONS = (W.Dropdown, W.RadioButtons, W.Select, W.SelectionSlider, W.ToggleButtons)


def check_control_value(name: str, control: W.ValueWidget, value: Any) -> None:
    """Raise ``ValueError`` if ``value`` is not one ``control`` can take.

    ipywidgets silently clips a slider value to [min, max]; a learner's or a test's out-of-range value
    is instead a clear error naming the control and what it allows, so a panel never reaches a state
    its controls could not show.

    Parameters
    ----------
    name : str
        The control's name (quoted in the error).
    control : ipywidgets.ValueWidget
        A selection, range slider, slider or bounded text widget; other widgets accept any value.
    value : object
        The value to check.

    Raises
    ------
    ValueError
        If ``value`` is not one of the options, not a number, or outside [min, max].
    """
    if isinstance(control, SINGLE_SELECTIONS):
        allowed = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if value not in allowed:
            raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
        return
    if isinstance(control, W.FloatRangeSlider | W.IntRangeSlider):
        try:
            lo, hi = (float(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a pair (low, high) within [{control.min}, {control.max}], got {value!r}") from None
        if not (np.isfinite([lo, hi]).all() and control.min <= lo <= hi <= control.max):
            raise ValueError(f"{name} must be a pair low <= high within [{control.min}, {control.max}], got {value!r}")
        return
    if isinstance(control, W.FloatSlider | W.IntSlider | W.FloatLogSlider | W.BoundedFloatText | W.BoundedIntText):
        lo, hi = (control.base ** control.min, control.base ** control.max) if isinstance(control, W.FloatLogSlider) \
            else (control.min, control.max)
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number between {lo:g} and {hi:g}, got {value!r}") from None
        if not (np.isfinite(v) and lo <= v <= hi):
            raise ValueError(f"{name} must be between {lo:g} and {hi:g}, got {value!r}")


class Panel:
    """Controls + figure + readout, composed into one displayable ``widget`` (a VBox)."""

    #: what the last :meth:`compute` keeps for :meth:`readout_html` (panels that need more than its result)
    _last: dict[str, Any]

    def __init__(self, controls: Mapping[str, W.ValueWidget], plot: Any, *, title: str = "",
                 try_this: str = "", layout: str = "vertical") -> None:
        self.controls = dict(controls)
        self.plot = plot
        self.readout = W.HTML(layout=W.Layout(min_height="2.5em"))
        header = [W.HTML(f"<b>{title}</b>")] if title else []
        for h in header:
            h.add_class("cevns-panel-title")
        self.readout.add_class("cevns-readout")
        hint = [W.HTML(f"<i>Try this:</i> {try_this}")] if try_this else []
        box = W.VBox(list(self.controls.values()), layout=W.Layout(min_width="320px"))
        canvas = plot.fig.canvas
        body = W.HBox([box, canvas]) if layout == "horizontal" else W.VBox([box, canvas])
        self.widget = W.VBox(header + [body, self.readout] + hint)
        self.widget.add_class("cevns-panel")  # named controls, focus ring, figure text alternative (a11y)
        for c in self.controls.values():
            c.observe(self._on_change, names="value")
        self._pending = False
        if hasattr(canvas, "before_draw"):  # the course's canvas (plotting.frames): update once per frame
            canvas.before_draw(self.flush)
        self.update()

    @property
    def params(self) -> dict[str, Any]:
        """Current control values by name."""
        return {k: c.value for k, c in self.controls.items()}

    def _on_change(self, _change: dict[str, Any]) -> None:
        canvas = self.plot.fig.canvas
        if getattr(canvas, "live", False):
            # A browser shows the figure and asks for one frame at a time: a burst of slider events only
            # marks the panel; the next frame computes the latest state once (flush).
            self._pending = True
            canvas.draw_idle()
        else:
            with DRAW_LOCK:  # this callback may run on a kernel subshell's thread (see plotting.frames)
                self.update()

    def flush(self) -> None:
        """Apply control changes deferred since the last frame (the canvas calls this before drawing)."""
        if self._pending:
            self._pending = False
            self.update()

    def update(self, **overrides: Any) -> dict[str, Any]:
        """Recompute with the controls' values (``overrides`` set controls first) and refresh the figure.

        Parameters
        ----------
        **overrides
            New values of some controls, by name (checked by :func:`check_control_value`).

        Returns
        -------
        dict
            What :meth:`compute` returned.

        Raises
        ------
        ValueError
            If a name is not a control of this panel or a value is one its control cannot take.
        """
        if overrides:
            unknown = set(overrides) - set(self.controls)
            if unknown:
                raise ValueError(f"unknown control(s) {sorted(unknown)}; this panel has {sorted(self.controls)}")
            for name, value in overrides.items():
                check_control_value(name, self.controls[name], value)
            for c in self.controls.values():
                c.unobserve(self._on_change, names="value")
            try:
                for k, v in overrides.items():
                    self.controls[k].value = v
            finally:
                for c in self.controls.values():
                    c.observe(self._on_change, names="value")
        result = self.compute(**self.params)
        self.plot.update(**result)
        self.readout.value = self.readout_html(result)
        return result

    def compute(self, **params: Any) -> dict[str, Any]:  # pragma: no cover - abstract
        """Compute the physics for one setting of the controls.

        Parameters
        ----------
        **params
            One value per control, keyed by the control's name (what :meth:`update` passes).

        Returns
        -------
        dict
            The keyword arguments of ``self.plot.update`` (and whatever :meth:`readout_html` reads).
        """
        raise NotImplementedError

    @staticmethod
    def take(params: Mapping[str, Any], *names: str, **defaults: Any) -> tuple[Any, ...]:
        """Return the values of ``names`` in ``params``, in that order (``defaults`` fill names left out).

        Parameters
        ----------
        params : mapping
            The keywords :meth:`compute` received.
        *names : str
            The keywords it takes.
        **defaults
            Values of keywords that may be left out.

        Returns
        -------
        tuple
            One value per name.

        Raises
        ------
        TypeError
            Naming a keyword that is missing (and has no default) or not one of ``names`` — what Python
            raises for a function with these keyword-only parameters.
        """
        unknown = sorted(set(params) - set(names))
        if unknown:
            raise TypeError(f"compute() got unexpected keyword argument(s) {unknown}; it takes {list(names)}")
        missing = [n for n in names if n not in params and n not in defaults]
        if missing:
            raise TypeError(f"compute() missing keyword argument(s) {missing}")
        return tuple(params[n] if n in params else defaults[n] for n in names)

    def readout_html(self, result: dict[str, Any]) -> str:
        """Summarise ``result`` as HTML for the readout line (subclasses override; the base shows nothing).

        Parameters
        ----------
        result : dict
            What :meth:`compute` returned.

        Returns
        -------
        str
            HTML fragment.
        """
        return ""

    def _ipython_display_(self) -> None:  # display(panel) shows the widget and mends its accessibility
        display(self.widget)
        display(Javascript(ACCESSIBILITY_JS))
