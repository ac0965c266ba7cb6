"""The presenter dashboard: one screen, big fonts, the four moments of the CEvNS story, one click apart.

    from cevns_edu.widgets.presenter import Dashboard
    Dashboard()          # last expression of a cell; served without code by `make present` (Voila)

1. **σ ∝ N²** — the whole nucleus recoils as one: :class:`~cevns_edu.widgets.coherence.NSquaredPanel` (H1).
2. **The pulsed beam** — listen only when the neutrinos can arrive:
   :class:`~cevns_edu.widgets.source.TimeWindowPanel` (H2).
3. **The excess in the fit** — add the model's terms one by one until the data are explained:
   :class:`~cevns_edu.widgets.fit.ModelTermsPanel` (H4) on the real release when present, else the seeded
   simulated replica, labelled SIMULATED REPLICA in plain sight.
4. **Two detectors** — argon (CENNS-10, 2020) and CsI measured side by side: their cross sections against N²
   and their ratio, in which the common neutrino flux cancels: :class:`~cevns_edu.widgets.argon.TwoDetectorsPanel`
   (H5), each detector's data labelled real or simulated.

The panels are the course's own (same physics, same figures), built in the "projector" style
(:mod:`cevns_edu.plotting.style`) with every figure text raised to a readable minimum size. Everything
is built once — the argon moment the first time it is shown, so the first figure is not kept waiting for a
second fit; switching moments only swaps which panel is shown. Nothing needs the internet.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as W
from IPython.display import Javascript, display
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..data import Release
from ..data.cenns10 import ArgonRelease
from ..experiment.argon import xsec
from ..experiment.argon.replica import release_or_replica as argon_release_or_replica
from ..experiment.fit import FitResult, fit_release
from ..experiment.replica import display_source, release_or_replica
from ..plotting.style import style
from .a11y import ACCESSIBILITY_JS
from .argon import TwoDetectorsPanel
from .coherence import NSquaredPanel
from .fit import ModelTermsPanel
from .source import TimeWindowPanel

#: minimum font size (points) of any text in a dashboard figure — readable from the back of a room
MIN_FONT_PT = 14.0
#: resolution of the dashboard figures [dots per inch]: sharp up to 1920×1080; the browser scales a figure
#: down to the room's screen (CSS max-width/max-height), so a 1024×768 projector shows the same picture
FIGURE_DPI = 125.0
#: keys that step forwards / backwards through the dashboard (what presentation clickers send)
NEXT_KEYS = ("ArrowRight", "ArrowDown", "PageDown", " ")
PREVIOUS_KEYS = ("ArrowLeft", "ArrowUp", "PageUp")

# One unit, --u, for every length on the dashboard: 1 % of the screen height, or less on a screen narrower than
# 4:3. The whole dashboard scales with the screen, so 1024×768, 1280×720, 1366×768 and 1920×1080 show the same
# picture. Under Voila it covers the window (position: fixed); the figure takes what the text leaves.
_CSS = """
<style>
.cevns-presenter { --u: min(1vh, 0.75vw); font-size: calc(2.6 * var(--u)); line-height: 1.3;
  --jp-widgets-font-size: calc(2.5 * var(--u)); --jp-widgets-inline-height: calc(4.4 * var(--u));
  --jp-widgets-inline-label-width: auto; box-sizing: border-box; height: calc(100vh - 140px); min-height: 560px;
  padding: calc(1 * var(--u)) calc(1.6 * var(--u)); overflow: hidden; }
body[data-voila] .cevns-presenter { position: fixed; inset: 0; z-index: 10; height: 100vh; min-height: 0;
  background: #fff; overflow: auto; }
.cevns-presenter, .cevns-presenter .cevns-stage, .cevns-presenter .cevns-moment { display: flex; flex-direction: column;
  min-height: 0; }
.cevns-presenter .cevns-stage, .cevns-presenter .cevns-moment { flex: 1 1 0; }
.cevns-presenter .widget-label, .cevns-presenter .widget-readout, .cevns-presenter .widget-html-content,
.cevns-presenter .widget-dropdown select, .cevns-presenter button { font-size: calc(2.5 * var(--u)) !important; }
.cevns-presenter .widget-html, .cevns-presenter .widget-html-content { height: auto; line-height: 1.3; }
.cevns-presenter .cevns-title { display: flex; flex-wrap: wrap; align-items: center; gap: calc(1.2 * var(--u)); }
.cevns-presenter .cevns-title b { font-size: calc(2.6 * var(--u)); }
.cevns-presenter .cevns-badge { display: inline-block; padding: calc(0.3 * var(--u)) calc(1.2 * var(--u));
  border: calc(0.4 * var(--u)) solid #8a4b00; background: #fff1d6; color: #6b3a00; font-weight: bold;
  border-radius: calc(0.6 * var(--u)); }
.cevns-presenter .cevns-badge.real { border-color: #00502f; background: #dcf5e8; color: #00502f; }
.cevns-presenter .cevns-moment .cevns-title { font-size: calc(2.2 * var(--u)); }
.cevns-presenter .cevns-nav { display: flex; flex-wrap: wrap; align-items: center; gap: calc(0.8 * var(--u));
  margin: calc(0.8 * var(--u)) 0; }
.cevns-presenter .cevns-moment-buttons .widget-toggle-button { font-size: calc(2.5 * var(--u)) !important;
  font-weight: bold; height: calc(5.6 * var(--u)); width: auto; padding: 0 calc(1.2 * var(--u)); }
.cevns-presenter .cevns-step { height: calc(5.6 * var(--u)); width: auto; padding: 0 calc(1.1 * var(--u)); }
.cevns-presenter .cevns-headline { font-size: calc(3.8 * var(--u)); font-weight: bold; line-height: 1.2; }
.cevns-presenter .cevns-say { font-size: calc(2.6 * var(--u)); margin: calc(0.2 * var(--u)) 0 calc(0.6 * var(--u)) 0; }
.cevns-presenter .cevns-controls { display: flex; flex-flow: row wrap; align-items: center;
  gap: calc(0.4 * var(--u)) calc(2 * var(--u)); }
.cevns-presenter .cevns-controls > .widget-inline-hbox { width: auto !important; margin: 0; }
.cevns-presenter .cevns-controls .widget-slider { width: calc(60 * var(--u)) !important; }
.cevns-presenter .cevns-controls .widget-dropdown { width: calc(46 * var(--u)) !important; }
.cevns-presenter .cevns-controls .widget-toggle-button { width: auto; padding: 0 calc(1.2 * var(--u)); }
.cevns-presenter .noUi-handle { transform: scale(1.3); }
/* the figure: the rest of the height, scaled down (aspect kept) to what the screen leaves */
.cevns-presenter .cevns-figure { flex: 1 1 0; min-height: 0; align-items: flex-start; }
.cevns-presenter .cevns-figure .jupyter-matplotlib, .cevns-presenter .cevns-figure .jupyter-matplotlib-figure,
.cevns-presenter .cevns-figure .jupyter-matplotlib-canvas-container { height: 100%; max-width: 100%; min-height: 0;
  margin: 0; }
.cevns-presenter .cevns-figure .jupyter-matplotlib-canvas-div { width: auto !important; height: 100% !important;
  max-width: 100%; margin: 0; }
.cevns-presenter .cevns-figure .jupyter-matplotlib-canvas-div canvas:first-child { position: static !important;
  width: auto !important; height: auto !important; max-width: 100%; max-height: 100%; }
/* the overlay for mouse zoom and resizing: the dashboard offers neither */
.cevns-presenter .cevns-figure .jupyter-matplotlib-canvas-div canvas + canvas { display: none !important; }
.cevns-presenter .cevns-readout .widget-html-content { font-size: calc(2.2 * var(--u)) !important; }
.cevns-presenter .cevns-punchline .widget-html-content { font-size: calc(2.8 * var(--u)) !important; }
/* a focus ring a room can see (WCAG 2.4.7): 3 px or more of black with a yellow halo, for keyboard focus */
.cevns-presenter :focus-visible, .cevns-presenter select:focus { outline: calc(max(3px, 0.5 * var(--u))) solid #000 !important;
  outline-offset: 2px; box-shadow: 0 0 0 calc(max(3px, 0.5 * var(--u)) + 2px) #ffd400 !important; }
.cevns-presenter .jupyter-matplotlib-canvas-div:focus { outline: none !important; box-shadow: none !important; }
.cevns-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
"""

# The dashboard's behaviour in the browser (installed once per page): clicker keys step through the moments;
# each figure gets a text alternative from its readout (slider names: cevns_edu.widgets.a11y);
# the dashboard is the page's main landmark.
_JS = """
(() => {
  if (window.__cevnsPresenter) return;
  window.__cevnsPresenter = true;
  const NEXT = @NEXT@, PREV = @PREV@;
  const CONTROL = '.noUi-handle, select, input, textarea, [contenteditable="true"]';
  const name = (el) => (el ? el.textContent : '').replace(/\\s+/g, ' ').trim();
  function label() {
    document.querySelectorAll('.cevns-presenter:not([role])').forEach((d) => {   // one landmark holds it all
      d.setAttribute('role', 'main'); d.setAttribute('aria-label', 'CEvNS presenter dashboard'); });
    document.querySelectorAll('.cevns-presenter .cevns-moment').forEach((m) => {
      const fig = m.querySelector('.cevns-figure');
      if (!fig) return;
      const text = `Figure: ${name(m.querySelector('.cevns-headline'))}. ${name(m.querySelector('.cevns-readout'))}`;
      if (fig.getAttribute('aria-label') !== text) { fig.setAttribute('role', 'img'); fig.setAttribute('aria-label', text); }
    });
  }
  let queued = false;
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; label(); }); } })
    .observe(document.body, { subtree: true, childList: true, characterData: true });
  label();
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    if (e.key === 'Escape' && document.activeElement && document.activeElement.closest('.cevns-presenter')) {
      document.activeElement.blur();   // give the keys back to the clicker
      return;
    }
    const dir = NEXT.includes(e.key) ? 1 : PREV.includes(e.key) ? -1 : 0;
    const dash = document.querySelector('.cevns-presenter');
    if (!dir || !dash) return;
    const a = document.activeElement;
    const onPage = !a || a === document.body || a === document.documentElement;
    if (!(dash.contains(a) || (onPage && document.body.dataset.voila))) return;   // JupyterLab keeps its keys
    if (a && a.closest && a.closest(CONTROL)) return;      // a focused slider or menu keeps its keys
    if (e.key === ' ' && a && a.tagName === 'BUTTON') return;   // space presses a focused button
    e.preventDefault();
    e.stopPropagation();
    const b = dash.querySelector(dir > 0 ? '.cevns-step-next' : '.cevns-step-back');
    if (b) b.click();
  }, true);
  // after the mouse used a slider or a menu, give the keys back to the clicker
  document.addEventListener('pointerup', (e) => {
    if (e.target.closest && e.target.closest('.cevns-presenter .noUi-target'))
      setTimeout(() => document.activeElement && document.activeElement.blur(), 0);
  }, true);
  document.addEventListener('change', (e) => {
    if (e.target.closest && e.target.closest('.cevns-presenter select')) e.target.blur();
  }, true);
})();
""".replace("@NEXT@", json.dumps(NEXT_KEYS)).replace("@PREV@", json.dumps(PREVIOUS_KEYS))


@dataclass(frozen=True)
class Moment:
    """One of the dashboard's moments: a button label, a headline, what to say, and the panel builder.

    ``stepper`` names a control of the panel whose options the clicker walks through, one press each (the fit's
    model terms); without one the moment is a single step. A ``lazy`` moment's panel is built the first time
    the moment is shown, not with the dashboard.
    """

    key: str
    button: str
    headline: str
    say: str
    build: Callable[[], Any]
    stepper: str | None = None
    lazy: bool = False

    def __post_init__(self) -> None:
        """Refuse a lazy moment with a stepper: the talk's steps are counted before its panel exists."""
        if self.lazy and self.stepper is not None:
            raise ValueError(f"moment {self.key!r}: a lazy moment cannot have a stepper (got stepper={self.stepper!r}); "
                             "build it with the dashboard (lazy=False) or step it as a single step")


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


def _value(option: Any) -> Any:
    """Return the value of one of a selection widget's options (given as ``value`` or ``(label, value)``)."""
    return option[1] if isinstance(option, tuple) else option


def _badge(release: Release | ArgonRelease, published: str) -> str:
    """Return the badge the room reads for one detector's data: its label and one plain phrase (no reasons, no paths)."""
    label = html.escape(release.label)
    if release.is_simulated:
        return (f'<span class="cevns-badge" title="{html.escape(display_source(release))}">{label}</span>'
                f'<span>simulated data, not the real measurement</span>')
    if release.label == "REAL DATA":
        return f'<span class="cevns-badge real">{label}</span><span>COHERENT’s published {published}</span>'
    # files that are not the official release, used on request
    return f'<span class="cevns-badge">{label}</span><span>data files changed from COHERENT’s published release</span>'


def _two_detectors(argon: ArgonRelease, csi: FitResult, csi_simulated: bool) -> TwoDetectorsPanel:
    """Argon's ⟨σ⟩ from its own fit and CsI's from the dashboard's fit (moment ③), side by side."""
    s_ar = xsec.argon_measured_sigma(argon)
    s_csi = xsec.csi_measured_sigma(csi.n_cevns, csi.n_cevns_err)
    return TwoDetectorsPanel(s_ar, s_csi, is_simulated=argon.is_simulated or csi_simulated)


def _excess(release: Release) -> tuple[ModelTermsPanel, FitResult]:
    result = fit_release(release, minos=False)  # HESSE errors suffice for the headline number
    panel = ModelTermsPanel(result)
    panel.update(n_terms=1)  # start from background alone: the click that adds CEvNS is the moment
    return panel, result


class Dashboard:
    """The four moments as one screen. ``Dashboard().widget`` is an ipywidgets VBox.

    ``release``: the CsI data to fit (default :func:`cevns_edu.experiment.replica.release_or_replica`).
    ``argon``: the argon data (default :func:`cevns_edu.experiment.argon.replica.release_or_replica`, read when
    the argon moment is first shown).
    ``moment``: which moment is shown first ("nsquared", "timing", "excess" or "twodetectors").

    A talk is a sequence of :attr:`steps`: each moment, and in the fit's moment each model term added in turn
    (the fitted number appears with the last). :meth:`step` moves along it; in the browser the keys a
    presentation clicker sends (→ ↓ PageDown space forwards, ← ↑ PageUp back) and the "back"/"next" buttons
    call it.
    """

    def __init__(self, release: Release | None = None, moment: str = "nsquared",
                 argon: ArgonRelease | None = None) -> None:
        self.release = release if release is not None else release_or_replica()
        self._argon = argon
        self.result: FitResult | None = None
        self.moments = (
            Moment("nsquared", "① σ grows like N²",
                   "Neutrinos bounce off the whole nucleus at once",
                   "Slow neutrinos cannot see single neutrons: their waves add up, so the chance of a bounce "
                   "grows like N², the number of neutrons squared. Caesium (N = 78) beats argon (N = 22) by "
                   "(78/22)² ≈ 12.", _nsquared),
            Moment("timing", "② The pulsed beam",
                   "Listen only when the neutrinos can arrive",
                   "The SNS fires 60 short proton pulses a second. The neutrinos arrive within ~10 μs of each "
                   "pulse, so the detector listens only then — and ignores the background 99.9 % of the time.",
                   _timing),
            Moment("excess", "③ The excess in the fit",
                   "Backgrounds alone cannot explain the data",
                   "Add the known backgrounds first: the data still sit above them at early times and low "
                   "light. Add CEvNS and the model matches — that excess is the discovery.",
                   lambda: self._build_excess(), stepper="n_terms"),
            Moment("twodetectors", "④ Two detectors",
                   "Two detectors, one law: σ grows like N²",
                   "In 2020 COHERENT saw CEvNS again, in 24 kg of liquid argon (N = 22): N² is 12 times smaller "
                   "than in CsI. Divide the two measured cross sections and the neutrino flux, which both "
                   "share, cancels: does the ratio follow N²?", lambda: self._build_two_detectors(),
                   lazy=True),
        )
        self._moment = {m.key: m for m in self.moments}
        keys = list(self._moment)
        if moment not in keys:
            raise ValueError(f"moment must be one of {keys}, got {moment!r}")
        self.panels: dict[str, Any] = {}
        for m in self.moments:
            if not m.lazy or m.key == moment:
                self._build(m)
        self._reveal: W.HTML | None = None
        self._views = {m.key: self._view(m) for m in self.moments}
        self.buttons = W.ToggleButtons(options=[(m.button, m.key) for m in self.moments], value=moment,
                                       tooltips=[m.headline for m in self.moments])
        self.buttons.add_class("cevns-moment-buttons")
        self.back = W.Button(description="◀ back", tooltip="previous step (← or PageUp)")
        self.next = W.Button(description="next ▶", tooltip="next step (→, PageDown or space)")
        self.back.add_class("cevns-step")
        self.back.add_class("cevns-step-back")
        self.next.add_class("cevns-step")
        self.next.add_class("cevns-step-next")
        self.back.on_click(lambda _b: self.step(-1))
        self.next.on_click(lambda _b: self.step(+1))
        nav = W.HBox([self.buttons, self.back, self.next])
        nav.add_class("cevns-nav")
        # All moments stay in the page (hidden ones with display: none): switching is instant and no
        # figure is re-created.
        self.stage = W.VBox(list(self._views.values()))
        self.stage.add_class("cevns-stage")
        self.buttons.observe(lambda ch: self.show(ch["new"]), names="value")
        self.widget = W.VBox([W.HTML(_CSS), self._header(), nav, self.stage])
        self.widget.add_class("cevns-presenter")
        self.show(moment)

    def _build(self, m: Moment) -> Any:
        """Build a moment's panel in the projector style, with figure texts a room can read, and draw it once.

        The first render solves the figure's layout and caches its background (about a second for a dashboard
        figure); done here, under ``make present``'s preheated kernel, the room's first frame is a blit. (Not
        ``draw()``: a frame sent before a browser view exists confuses ipympl's handshake.)
        """
        with style("projector"), rc_context({"figure.dpi": FIGURE_DPI}):
            panel = m.build()
            projectorize(panel.plot.fig)
            panel.plot.fig.canvas.prerender()
        self.panels[m.key] = panel
        return panel

    def _build_excess(self) -> ModelTermsPanel:
        panel, self.result = _excess(self.release)
        return panel

    @property
    def argon(self) -> ArgonRelease:
        """The argon data of moment ④ (read on first use)."""
        if self._argon is None:
            self._argon = argon_release_or_replica()
        return self._argon

    def _build_two_detectors(self) -> TwoDetectorsPanel:
        if self.result is None:
            self.result = fit_release(self.release, minos=False)
        return _two_detectors(self.argon, self.result, self.release.is_simulated)

    def _header(self) -> W.HTML:
        return W.HTML(f'<div class="cevns-title"><b>CEvNS: neutrinos bouncing off whole nuclei — seen by COHERENT in '
                      f'2017 with 14.6 kg of CsI</b>{_badge(self.release, "2017 data")}</div>')

    def _stepper(self, key: str) -> W.ValueWidget | None:
        """Return the control moment ``key`` steps through, or None."""
        m = self._moment[key]
        return self.panels[key].controls[m.stepper] if m.stepper else None

    @property
    def steps(self) -> list[tuple[str, Any]]:
        """The talk in order: ``(moment, None)``, or ``(moment, value)`` for each option of its stepping control."""
        out: list[tuple[str, Any]] = []
        for m in self.moments:
            ctrl = self._stepper(m.key)
            out += [(m.key, _value(o)) for o in ctrl.options] if ctrl is not None else [(m.key, None)]
        return out

    @property
    def position(self) -> int:
        """Index of what is shown in :attr:`steps`."""
        key = self.buttons.value
        ctrl = self._stepper(key)
        return self.steps.index((key, ctrl.value if ctrl is not None else None))

    def step(self, by: int) -> None:
        """Go ``by`` steps along :attr:`steps` (stopping at either end).

        Parameters
        ----------
        by : int
            +1 for the next step, -1 for the previous one.
        """
        steps = self.steps
        key, value = steps[min(max(self.position + int(by), 0), len(steps) - 1)]
        ctrl = self._stepper(key)
        if ctrl is not None:
            ctrl.value = value
        self.show(key)

    def _view(self, m: Moment) -> W.VBox:
        head = W.HTML(f'<div class="cevns-headline">{html.escape(m.headline)}</div>'
                      f'<div class="cevns-say">{html.escape(m.say)}</div>')
        view = W.VBox([head])
        view.add_class("cevns-moment")
        view.add_class(f"cevns-moment-{m.key}")  # for the browser tests
        if m.key in self.panels:
            view.children = self._view_children(m, head)
        else:  # built when first shown
            view.children = [head, W.HTML("Loading the argon data and fitting them …")]
        return view

    def _view_children(self, m: Moment, head: W.HTML) -> list[W.Widget]:
        panel = self.panels[m.key]
        # The presenter speaks the "try this" prompts; the screen keeps controls, figure and readout.
        controls = W.HBox(list(panel.controls.values()))
        controls.add_class("cevns-controls")
        figure = W.Box([panel.plot.fig.canvas])
        figure.add_class("cevns-figure")
        panel.readout.add_class("cevns-readout")
        extra: list[W.Widget] = []
        if m.key == "excess" and self.result is not None:
            r = self.result
            reveal = W.HTML(f'Fit: <b>{r.n_cevns:.0f} CEvNS events</b>, '
                            f'<b>{r.significance_sigma:.1f}σ</b> above background alone '
                            f'(Standard Model: {r.sm_prediction:.0f}; published 2017 result: 134 ± 22 events, '
                            f'6.7σ).')
            reveal.add_class("cevns-punchline")
            ctrl = panel.controls["n_terms"]
            n_all = len(ctrl.options)

            def _reveal(_change: dict[str, Any] | None = None) -> None:  # the number appears with the full model, not before
                reveal.layout.visibility = "visible" if ctrl.value == n_all else "hidden"

            ctrl.observe(_reveal, names="value")
            _reveal()
            self._reveal = reveal
            extra = [reveal]
        if m.key == "twodetectors":  # what the room reads about the argon data, next to the CsI badge above
            head = W.HTML(head.value + f'<div class="cevns-title"><span>Argon (CENNS-10, 24 kg):</span>'
                                       f'{_badge(self.argon, "2020 argon data")}</div>')
        return [head, controls, figure, panel.readout, *extra]

    def show(self, key: str) -> None:
        """Show one moment and hide the others.

        Parameters
        ----------
        key : {"nsquared", "timing", "excess", "twodetectors"}
            The moment (a lazy one is built now if it was not yet).

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
        if key not in self.panels:  # the room sees "Loading …" while it is built
            m = self._moment[key]
            self._build(m)
            self._views[key].children = self._view_children(m, self._views[key].children[0])

    def _ipython_display_(self) -> None:
        display(self.widget)
        display(Javascript(ACCESSIBILITY_JS + _JS))
