/*
 * cevns-edu-frames — a JupyterLab / Voila plugin that shows the course's figure frames sooner.
 *
 * ipympl's page code (jupyter-matplotlib) shows each PNG frame the kernel sends by pointing an <img> at a blob:
 * URL (a fetch through the browser's network service, then a decode on the page's main thread at the first
 * drawImage) and, for every frame, re-encodes the previous picture as a PNG data URL (toDataURL, 3–6 ms on the
 * page's main thread). This plugin changes that, for the course's figures only (the canvases with the CSS class
 * "cevns-canvas"): a frame is decoded off the main thread (createImageBitmap), drawn as soon as it is decoded,
 * in the order the frames came, and a frame that a later whole frame replaces is not drawn at all. The data URL
 * (what a saved widget state shows) is written once the figure is still. Any other ipympl figure is untouched.
 *
 * It is a plain-JavaScript module-federation container (no build step): JupyterLab and Voila load it like any
 * prebuilt extension, from share/jupyter/labextensions/cevns-edu-frames/. If ipympl's page code is not there or
 * not the one this was written for, nothing is changed (the figures keep ipympl's own path).
 */
var _JUPYTERLAB;
(function () {
  'use strict';
  const NAME = 'cevns-edu-frames';
  const COURSE_CLASS = 'cevns-canvas';
  const DATA_URL_DELAY_MS = 400;

  function isCourseFigure(model) {
    const classes = model.get('_dom_classes');
    return Array.isArray(classes) && classes.includes(COURSE_CLASS);
  }

  function show(model, seq, full, bitmap) {
    if (seq < model.__cevnsLatestFull) { // a later whole frame replaces this one: do not draw it
      bitmap.close();
      return;
    }
    const canvas = model.offscreen_canvas;
    const context = model.offscreen_context;
    if (full) {
      context.clearRect(0, 0, canvas.width, canvas.height);
    }
    context.drawImage(bitmap, 0, 0);
    if (full) { // ipympl redraws model.image after a resize, until the kernel's next frame: the last whole frame
      if (model.__cevnsImage) {
        model.__cevnsImage.close();
      }
      model.__cevnsImage = model.image = bitmap;
    } else {
      bitmap.close();
    }
    model._for_each_view(view => view.update_canvas());
    clearTimeout(model.__cevnsDataUrlTimer);
    model.__cevnsDataUrlTimer = setTimeout(() => model.set('_data_url', canvas.toDataURL()), DATA_URL_DELAY_MS);
  }

  function patch(proto) {
    const original = proto.handle_binary;
    if (proto.__cevnsFrames || typeof original !== 'function' || typeof createImageBitmap !== 'function') {
      return false;
    }
    proto.handle_binary = function (msg, buffers) {
      if (!isCourseFigure(this)) {
        return original.call(this, msg, buffers);
      }
      const buffer = buffers[0];
      const bytes = ArrayBuffer.isView(buffer) ? buffer : new Uint8Array(buffer);
      const full = this.get('_image_mode') === 'full';
      const seq = (this.__cevnsSeq = (this.__cevnsSeq || 0) + 1);
      if (full) {
        this.__cevnsLatestFull = seq;
      }
      const decoded = createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      this.__cevnsChain = Promise.all([decoded, this.__cevnsChain])
        .then(([bitmap]) => show(this, seq, full, bitmap))
        .catch(err => console.warn(`${NAME}: a figure frame could not be shown`, err));
      this.waiting_for_image = false;
    };
    proto.__cevnsFrames = true;
    return true;
  }

  const plugin = {
    id: `${NAME}:plugin`,
    description: 'Course figures: frames decoded off the main thread and drawn as soon as they arrive.',
    autoStart: true,
    activate: function () {
      const ipympl = window._JUPYTERLAB && window._JUPYTERLAB['jupyter-matplotlib'];
      if (!ipympl) {
        document.documentElement.dataset.cevnsFrames = 'no-ipympl';
        return;
      }
      ipympl.get('./index')
        .then(factory => {
          const model = factory().MPLCanvasModel;
          const ok = model && patch(model.prototype);
          document.documentElement.dataset.cevnsFrames = ok ? 'on' : 'unsupported';
        })
        .catch(err => {
          document.documentElement.dataset.cevnsFrames = 'error';
          console.warn(`${NAME}: ipympl's page code could not be loaded; figures keep ipympl's own path`, err);
        });
    },
  };

  _JUPYTERLAB = window._JUPYTERLAB = window._JUPYTERLAB || {};
  _JUPYTERLAB[NAME] = {
    init: function () { return Promise.resolve(); },
    get: function (module) {
      if (module === './extension') {
        return Promise.resolve(() => ({ __esModule: true, default: plugin }));
      }
      return Promise.reject(new Error(`${NAME} has no module ${module}`));
    },
  };
})();
