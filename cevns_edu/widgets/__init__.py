"""Interactive panels of the notebooks: ipywidgets controls driving the figures of :mod:`cevns_edu.plotting`."""
