"""The presenter dashboard: one screen, big fonts, the three moments of the CEvNS story, one click apart.

    from cevns_edu.widgets.presenter import Dashboard
    Dashboard()          # last expression of a cell; served without code by `make present` (Voila)

1. **σ ∝ N²** — the whole nucleus recoils as one: :class:`~cevns_edu.widgets.coherence.NSquaredPanel` (H1).
2. **The pulsed beam** — listen only when the neutrinos can arrive:
   :class:`~cevns_edu.widgets.source.TimeWindowPanel` (H2).
3. **The excess in the fit** — add the model's terms one by one until the data are explained:
   :class:`~cevns_edu.widgets.fit.ModelTermsPanel` (H4) on the real release when present, else the seeded
   simulated replica, labelled SIMULATED REPLICA in plain sight.

The panels are the course's own (same physics, same figures), built in the "projector" style
(:mod:`cevns_edu.plotting.style`) with every figure text raised to a readable minimum size. Everything
is built once; switching moments only swaps which panel is shown. Nothing needs the internet.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as W
from IPython.display import display
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..data import Release
from ..experiment.fit import FitResult, fit_release
from ..experiment.replica import display_source, release_or_replica
from ..plotting.style import style
from .coherence import NSquaredPanel
from .fit import ModelTermsPanel
from .source import TimeWindowPanel

#: minimum font size (points) of any text in a dashboard figure — readable from the back of a room
MIN_FONT_PT = 14.0

_CSS = """
<style>
.cevns-presenter { font-size: 20px; line-height: 1.35; max-width: 1500px; }
.cevns-presenter .widget-label, .cevns-presenter .widget-readout, .cevns-presenter .widget-html-content,
.cevns-presenter .widget-dropdown select, .cevns-presenter .widget-toggle-button,
.cevns-presenter .widget-toggle-buttons .widget-toggle-button { font-size: 20px !important; }
.cevns-presenter .widget-label { min-width: max-content; }
.cevns-presenter .widget-dropdown { width: 560px !important; }
.cevns-presenter .widget-dropdown select { height: 40px; }
.cevns-presenter .widget-hslider { width: 720px !important; height: 44px; }
.cevns-presenter .widget-toggle-buttons .widget-toggle-button { width: auto; height: 42px; padding: 0 16px; }
.cevns-presenter .noUi-handle { transform: scale(1.4); }
.cevns-presenter .cevns-moment-buttons .widget-toggle-button { font-size: 24px !important; height: 54px;
  font-weight: bold; }
.cevns-presenter .cevns-headline { font-size: 30px; font-weight: bold; margin: 6px 0 2px 0; }
.cevns-presenter .cevns-say { font-size: 22px; margin: 2px 0 8px 0; }
.cevns-presenter .cevns-badge { display: inline-block; padding: 4px 14px; border: 3px solid #8a4b00;
  background: #fff1d6; color: #8a4b00; font-weight: bold; font-size: 22px; border-radius: 6px; }
.cevns-presenter .cevns-badge.real { border-color: #00502f; background: #dcf5e8; color: #00502f; }
</style>
"""


@dataclass(frozen=True)
class Moment:
    """One of the dashboard's moments: a button label, a headline, what to say, and the panel builder."""

    key: str
    button: str
    headline: str
    say: str
    build: Callable[[], Any]


def projectorize(fig: Figure, min_pt: float = MIN_FONT_PT) -> None:
    """Raise every text of ``fig`` (tick labels, legends, annotations, titles) to at least ``min_pt``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, changed in place.
    min_pt : float
        Smallest font size [pt].
    """
    for text in fig.findobj(Text):
        if float(text.get_fontsize()) < min_pt:  # in points (the stubs also allow a size name)
            text.set_fontsize(min_pt)
    fig.canvas.draw_idle()


def _nsquared() -> NSquaredPanel:
    return NSquaredPanel(nucleus="Cs133")


def _timing() -> TimeWindowPanel:
    return TimeWindowPanel()


def _excess(release: Release) -> tuple[ModelTermsPanel, FitResult]:
    result = fit_release(release, minos=False)  # HESSE errors suffice for the headline number
    panel = ModelTermsPanel(result)
    panel.update(n_terms=1)  # start from background alone: the click that adds CEvNS is the moment
    return panel, result


class Dashboard:
    """The three moments as one screen. ``Dashboard().widget`` is an ipywidgets VBox.

    ``release``: the data to fit (default :func:`cevns_edu.experiment.replica.release_or_replica`).
    ``moment``: which moment is shown first ("nsquared", "timing" or "excess").
    """

    def __init__(self, release: Release | None = None, moment: str = "nsquared") -> None:
        self.release = release if release is not None else release_or_replica()
        self.result: FitResult | None = None
        self.moments = (
            Moment("nsquared", "① σ grows like N²",
                   "Neutrinos bounce off the whole nucleus at once",
                   "At low energy the neutrino cannot resolve single neutrons: their tiny waves add up, so the "
                   "chance of a bounce grows like N², the number of neutrons squared. Caesium (N = 78) beats "
                   "argon (N = 22) by (78/22)² ≈ 12.", _nsquared),
            Moment("timing", "② The pulsed beam",
                   "Listen only when the neutrinos can arrive",
                   "The SNS fires 60 short proton pulses per second. The neutrinos arrive within ~10 μs of each "
                   "pulse, so the detector listens only then — and ignores the background for the other "
                   "99.9 % of the time.", _timing),
            Moment("excess", "③ The excess in the fit",
                   "Backgrounds alone cannot explain the data",
                   "Add the known backgrounds first: the data still sit above them at early times and low "
                   "light. Add CEvNS and the model matches — that excess is the discovery.",
                   lambda: self._build_excess()),
        )
        keys = [m.key for m in self.moments]
        if moment not in keys:
            raise ValueError(f"moment must be one of {keys}, got {moment!r}")
        self.panels: dict[str, Any] = {}
        with style("projector"):
            for m in self.moments:
                panel = m.build()
                projectorize(panel.plot.fig)
                self.panels[m.key] = panel
        self._views = {m.key: self._view(m) for m in self.moments}
        self.buttons = W.ToggleButtons(options=[(m.button, m.key) for m in self.moments], value=moment,
                                       style={"button_width": "330px"}, layout=W.Layout(margin="6px 0 10px 0"))
        self.buttons.add_class("cevns-moment-buttons")
        # All moments stay in the page (hidden ones with display: none): switching is instant and no
        # figure is re-created.
        self.stage = W.VBox(list(self._views.values()))
        self.buttons.observe(lambda ch: self.show(ch["new"]), names="value")
        self.widget = W.VBox([W.HTML(_CSS), self._header(), self.buttons, self.stage])
        self.widget.add_class("cevns-presenter")
        self.show(moment)

    def _build_excess(self) -> ModelTermsPanel:
        panel, self.result = _excess(self.release)
        return panel

    def _header(self) -> W.HTML:
        rel = self.release
        badge_cls = "cevns-badge" + ("" if rel.is_simulated else " real")
        note = (" — the real release was not found, so a seeded simulation of the experiment stands in"
                if rel.is_simulated else "")
        return W.HTML(f'<div class="cevns-headline">CEvNS: neutrinos bouncing off whole nuclei — seen by '
                      f'COHERENT in 2017 with 14.6 kg of CsI</div>'
                      f'<div><span class="{badge_cls}">{html.escape(rel.label)}</span>'
                      f'<span style="font-size:18px"> {html.escape(display_source(rel))}{note}</span></div>')

    def _view(self, m: Moment) -> W.VBox:
        panel = self.panels[m.key]
        # The presenter speaks the "try this" prompts; the screen keeps controls, figure and readout.
        for child in panel.widget.children:
            if isinstance(child, W.HTML) and child is not panel.readout:
                child.layout.display = "none"
        extra: list[W.Widget] = []
        if m.key == "excess" and self.result is not None:
            r = self.result
            reveal = W.HTML(f'<div class="cevns-say">Fit: <b>{r.n_cevns:.0f} CEvNS events</b>, '
                            f'<b>{r.significance_sigma:.1f}σ</b> above background alone '
                            f'(Standard Model: {r.sm_prediction:.0f}; published 2017 result: 134 ± 22 events, '
                            f'6.7σ).</div>')
            ctrl = panel.controls["n_terms"]
            n_all = len(ctrl.options)

            def _reveal(_change: dict[str, Any] | None = None) -> None:  # the number appears with the full model, not before
                reveal.layout.display = "block" if ctrl.value == n_all else "none"

            ctrl.observe(_reveal, names="value")
            _reveal()
            extra = [reveal]
        head = W.HTML(f'<div class="cevns-headline">{html.escape(m.headline)}</div>'
                      f'<div class="cevns-say">{html.escape(m.say)}</div>')
        return W.VBox([head, panel.widget, *extra])

    def show(self, key: str) -> None:
        """Show one moment and hide the others.

        Parameters
        ----------
        key : {"nsquared", "timing", "excess"}
            The moment.

        Raises
        ------
        ValueError
            If ``key`` is not one of the moments.
        """
        if key not in self._views:
            raise ValueError(f"moment must be one of {list(self._views)}, got {key!r}")
        if self.buttons.value != key:
            self.buttons.value = key  # observer calls back here
            return
        for k, view in self._views.items():
            view.layout.display = "flex" if k == key else "none"

    def _ipython_display_(self) -> None:
        display(self.widget)
