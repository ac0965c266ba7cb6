"""The 2017 fit: maximum likelihood with iminuit, errors, significance, goodness of fit — as a result object.

* :func:`fit_inputs` fits a :class:`~cevns_edu.experiment.likelihood.FitInputs` (pure arrays): MIGRAD, HESSE
  (analytic Hessian), MINOS for the asymmetric error on N_CEvNS, then the background-only fit (N_CEvNS
  fixed at 0) for the profile-likelihood-ratio significance Z = sign(N̂)·√(2[lnL(N̂) − lnL(0)]) (Wilks'
  theorem, one parameter; Cowan, Cranmer, Gross & Vitells, EPJC 71, 1554 (2011), q₀).
* :func:`fit_release` builds the inputs from a :class:`~cevns_edu.data.Release` — CEvNS template from this
  library's prediction with the release's arrival-time PDFs, steady-state from the anti-coincidence window,
  prompt neutrons from the release's promptPDF × acceptance × exposure — and fits it.
* :func:`profile_scan` traces Δ(2 lnL) against N_CEvNS, from which the 1σ interval (Δ = 1) and the
  significance (at N = 0) can be read.

Published reference for comparison only (:data:`PUBLISHED`).

The package: :mod:`.result` (:class:`FitResult`, :data:`PUBLISHED`), :mod:`.minimise` (:func:`fit_inputs`,
:func:`profile_scan`), :mod:`.assemble` (:func:`build_inputs`, :func:`fit_release`), :mod:`.report`
(:data:`VARIANTS`, :func:`compare_variants`, :func:`comparison_table`). The names below are its public interface.
"""

from __future__ import annotations

from .assemble import (
                       BEAM_UNRELATED_WINDOWS,
                       BEAMS,
                       SS_TIME_SHAPES,
                       brn_for_detector,
                       build_inputs,
                       cevns_signal,
                       fit_release,
                       slope_constraint_windows,
                       steady_state_inputs,
                       steady_state_shape,
                       steady_state_time_slope,
)
from .minimise import ProfileScan, fit_inputs, profile_scan
from .report import VARIANTS, compare_variants, comparison_table, variant_table
from .result import PUBLISHED, FitResult

__all__ = ["BEAM_UNRELATED_WINDOWS", "BEAMS", "SS_TIME_SHAPES", "brn_for_detector", "build_inputs", "cevns_signal",
           "fit_release", "slope_constraint_windows", "steady_state_inputs", "steady_state_shape", "steady_state_time_slope", "ProfileScan", "fit_inputs", "profile_scan", "VARIANTS", "compare_variants",
           "comparison_table", "variant_table", "PUBLISHED", "FitResult"]
