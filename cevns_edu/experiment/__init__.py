"""The experiment layer: detector responses (CsI[Na], LAr), backgrounds, binned likelihoods and fits, replicas.

Import the sub-package you need, e.g. ``from cevns_edu.experiment.detector import DetectorModel, predict``.
"""
