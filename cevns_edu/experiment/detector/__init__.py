"""The COHERENT CsI[Na] detector: from nuclear recoils to photoelectrons, and the predicted count.

Chain (Akimov et al., Science 357, 1123 (2017); release ``coherent_parameters.yaml``,
Zenodo 10.5281/zenodo.1228631):

1. **Quenching.** A nuclear recoil of T keVnr makes as much scintillation light as an electron of
   E_ee = QF(T)·T keVee. The release gives QF = 0.0878 ± 0.0166 (constant, 5–30 keVnr); an
   optional linear energy dependence ``qf_slope_per_kevnr`` lets one explore the measured trend.
2. **Light yield.** 13.348 PE/keVee → mean photoelectron number μ(T) = LY·QF(T)·T.
3. **Photoelectron statistics.** The detected number n is Poisson(μ). An event with n PE belongs to
   the release's "n-PE bin", the 1-PE bin [n−1, n) with centre n − ½.
4. **Acceptance**, exactly as the release defines it, evaluated at 1-PE bin centres:
   f(x) = a / (1 + exp(−k (x − x₀))) · H(x − 5), H = 0 below 5, ½ on [5, 6), 1 from 6.
5. **Time.** Each population (prompt ν_μ, delayed ν_e + ν̄_μ) is spread over the 0.5 μs bins with
   its arrival-time PDF (the release's when given, else the analytic model of
   :mod:`cevns_edu.physics.sources`); detector and PE do not depend on time.

:func:`cevns_template` returns the (25 PE × 24 time) expected counts on the release binning; the
flux-averaged cross section is cached per (target, form factor, ``dsigma``), so a call that only
changes QF, light yield, acceptance, mass, distance or exposure costs well under a millisecond.
:func:`predict` adds the count in an analysis window with its propagated uncertainty.

The package: :mod:`.model` (:class:`DetectorModel`, :func:`acceptance`), :mod:`.response` (Poisson PE
statistics, its cache, time PDFs), :mod:`.prediction` (:func:`cevns_template`, :func:`predict`), :mod:`.qf_data`
(the release's QF measurements). The names below are the package's public interface.
"""

from __future__ import annotations

from .model import RELEASE_ACCEPTANCE_SHIFT_PE, DetectorModel, acceptance
from .prediction import (
    ACCEPTANCE_SHIFT_READINGS,
    FORM_FACTOR_UNC,
    CevnsTemplate,
    Prediction,
    cevns_template,
    predict,
    qf_shifted,
    uncertainty_components,
    uncertainty_components_asym,
)
from .qf_data import QFPoints, load_qf_points, weighted_mean_qf
from .response import poisson_matrix, response_matrix, time_pdfs

__all__ = ["RELEASE_ACCEPTANCE_SHIFT_PE", "DetectorModel", "acceptance", "CevnsTemplate", "Prediction",
           "cevns_template", "predict", "qf_shifted", "uncertainty_components", "uncertainty_components_asym", "FORM_FACTOR_UNC",
           "ACCEPTANCE_SHIFT_READINGS", "QFPoints", "load_qf_points", "weighted_mean_qf",
           "poisson_matrix", "response_matrix", "time_pdfs"]
