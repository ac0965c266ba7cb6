"""Backgrounds of the 2017 CsI[Na] measurement, and what the energy and timing cuts buy.

Three kinds of events besides CEvNS land in the coincidence (C) window after a beam pulse
(Akimov et al., Science 357, 1123 (2017) and its supplementary materials; data release arXiv:1804.09459):

* **steady-state** (SS): cosmic-ray and radioactivity events that know nothing of the beam. They are
  measured in the anti-coincidence (AC) window — an equally long window *before* each pulse, where no
  beam-related event can be. Energy shape: taken from AC data. Time shape: AC data, see
  :func:`time_shape_test`. In the released AC data the rate *falls* across the 12 μs window (≈ 30 % from
  the first to the last 6 μs, > 4σ in the beam-on AC window alone), well described by exp(−t/τ) with
  τ ≈ 17 μs (:data:`STEADY_STATE`); a flat shape — the textbook assumption for random events — is
  disfavoured. Both are available here so the consequence can be shown.
* **beam-related prompt neutrons** (BRN): fast neutrons from the mercury target that make it through
  ~19 m of steel, concrete and gravel and the detector's own shield. Release: ``promptPDF.txt`` (per
  GW·hr, 1-PE bins) × acceptance × exposure, normalisation uncertain by 25 %
  (``promptNeutronNormalization``), arriving with the proton pulse (``arrivalTimePDF_promptNeutrons.txt``).
* **neutrino-induced neutrons** (NIN): neutrinos interacting in the lead of the detector's shield
  (mostly ²⁰⁸Pb(νe, e⁻)²⁰⁸Bi* followed by neutron emission) knock neutrons into the crystal. They follow
  the neutrino timing — mostly the delayed νe — so timing cannot remove them. The theory (Kolbe &
  Langanke, PRC 63, 025802 (2001); Engel, McLaughlin & Volpe, PRD 67, 013005 (2003)) was tested by a
  dedicated lead target in Neutrino Alley: the measured NIN production was a factor ≈1.7 *below*
  the theoretical prediction (COHERENT, Science 357, 1123 (2017), supplementary materials). With that
  reduction the NINs are a few-event background (:data:`NIN_EVENTS_REGION`).

Project-side models (for the simulated replica, which must work without the release files): the SS
PE and time shapes, the BRN PE spectrum and the BRN arrival-time PDF are few-parameter analytic forms
whose parameters were fitted to the public release (Zenodo record 1228631); :func:`fit_steady_state_model`
and :func:`fit_prompt_neutron_model` redo those fits and the tests check they reproduce the constants.
No table of the release is copied into the project.

The package: :mod:`.steady_state`, :mod:`.neutrons` (BRN and NIN), :mod:`.cuts`. The names below are its
public interface.
"""

from __future__ import annotations

from .cuts import CUT_SEQUENCE, CutRow, cut_table, expected_components, window_yields
from .neutrons import (
                       BRN_NORM_UNC,
                       NIN_EVENTS_EXPOSURE_GWH,
                       NIN_EVENTS_REGION,
                       NIN_MEASURED_OVER_THEORY,
                       NIN_NORM_UNC,
                       PROMPT_NEUTRONS,
                       PromptNeutronModel,
                       brn_from_release,
                       brn_template,
                       fit_prompt_neutron_model,
                       nin_template,
                       release_acceptance_1pe,
)
from .steady_state import (
                       STEADY_STATE,
                       SteadyStateModel,
                       TimeShapeTest,
                       fit_steady_state_model,
                       steady_state_template,
                       time_shape_test,
)

__all__ = ["CUT_SEQUENCE", "CutRow", "cut_table", "expected_components", "window_yields", "BRN_NORM_UNC",
           "NIN_EVENTS_EXPOSURE_GWH", "NIN_EVENTS_REGION", "NIN_MEASURED_OVER_THEORY", "NIN_NORM_UNC",
           "PROMPT_NEUTRONS", "PromptNeutronModel", "brn_from_release", "brn_template", "fit_prompt_neutron_model",
           "nin_template", "release_acceptance_1pe", "STEADY_STATE", "SteadyStateModel", "TimeShapeTest",
           "fit_steady_state_model", "steady_state_template", "time_shape_test"]
