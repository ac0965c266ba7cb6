"""Accessibility of the course's widgets in the browser (WCAG 2.1 AA), where ipywidgets leaves gaps.

ipywidgets 8 does not name a slider's handle (the ``role="slider"`` element a screen reader announces) after
the slider's ``description``, shows a 1 px light focus ring, an ipympl figure has no text alternative, an
ipympl canvas traps the keyboard focus, and JupyterLab takes the keys of a focused dropdown.
:data:`ACCESSIBILITY_JS` — displayed with every panel (:meth:`cevns_edu.widgets.base.Panel._ipython_display_`)
and by the presenter dashboard — mends all five in the page, once per page, and keeps them current as
widgets appear and readouts change:

* every slider handle gets ``aria-label`` = its description (range sliders: "… (start)" and "… (end)");
* every panel's figure gets ``role="img"`` and ``aria-label`` = "Figure: <title>. <readout>", so the text
  alternative follows the figure's state (the readout is computed from the same numbers);
* keyboard focus in a panel shows a ring of 3 px of black with a yellow halo (visible on a projector);
* a course figure's canvas leaves the Tab order: ipympl makes it focusable and, focused, it keeps every key
  (Tab included) for matplotlib's key events — a keyboard trap (WCAG 2.1.2). The course's figures take no keys;
* the keys a focused control uses stay with it: in JupyterLab's command mode ↓ on a dropdown selected the next
  cell instead of the next option, and a letter typed to pick an option ran a notebook shortcut ("a" inserts a
  cell; ipywidgets issue 3912). A panel stops those keys from bubbling up to JupyterLab once the control has
  had them; Tab, Escape, Shift+Enter and Ctrl/Alt/⌘ combinations still reach the notebook.

Nothing here needs the internet or changes what a panel computes.
"""

from __future__ import annotations

from ..plotting.frames import CANVAS_CLASS

#: focus ring [px] (WCAG 2.4.7 focus visible; 2.4.11's ≥ 2 px and 3:1 contrast, generously)
FOCUS_RING_PX = 3

ACCESSIBILITY_JS = """
(() => {
  if (window.__cevnsA11y) return;
  window.__cevnsA11y = true;
  const style = document.createElement('style');
  style.textContent = `.cevns-panel :focus-visible, .cevns-panel select:focus, .cevns-panel .noUi-handle:focus-visible {
    outline: @RING@px solid #000 !important; outline-offset: 2px; box-shadow: 0 0 0 calc(@RING@px + 2px) #ffd400 !important; }`;
  document.head.appendChild(style);
  const text = (el) => (el ? el.textContent : '').replace(/\\s+/g, ' ').trim();
  const CONTROL = 'select, input, button, textarea, .noUi-handle';
  const keepKey = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.key === 'Tab' || e.key === 'Escape') return;
    if (e.key === 'Enter' && e.shiftKey) return;
    if (e.target instanceof Element && e.target.matches(CONTROL)) e.stopPropagation();
  };
  function mend() {
    document.querySelectorAll('.cevns-panel:not([data-cevns-keys])').forEach((p) => {
      p.setAttribute('data-cevns-keys', '');
      p.addEventListener('keydown', keepKey);  // after the control's own handlers, before JupyterLab's
    });
    document.querySelectorAll('.@CANVAS@ .jupyter-matplotlib-canvas-div[tabindex]')
      .forEach((c) => c.removeAttribute('tabindex'));
    document.querySelectorAll('.widget-slider').forEach((s) => {
      const lab = text(s.querySelector('.widget-label'));
      const hs = s.querySelectorAll('.noUi-handle');
      hs.forEach((h, i) => {
        const n = hs.length === 2 ? `${lab} (${i ? 'end' : 'start'})` : lab;
        if (n && h.getAttribute('aria-label') !== n) h.setAttribute('aria-label', n);
      });
    });
    document.querySelectorAll('.cevns-panel').forEach((p) => {
      const title = text(p.querySelector('.cevns-panel-title'));
      const readout = text(p.querySelector('.cevns-readout'));
      const alt = `Figure${title ? ': ' + title : ''}.${readout ? ' ' + readout : ''}`;
      p.querySelectorAll('.jupyter-matplotlib').forEach((f) => {
        if (f.closest('.cevns-panel') !== p) return;
        if (f.getAttribute('aria-label') !== alt) { f.setAttribute('role', 'img'); f.setAttribute('aria-label', alt); }
      });
    });
  }
  let queued = false;
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; mend(); }); } })
    .observe(document.body, { subtree: true, childList: true, characterData: true });
  mend();
})();
""".replace("@RING@", str(FOCUS_RING_PX)).replace("@CANVAS@", CANVAS_CLASS)
