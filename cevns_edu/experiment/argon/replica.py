"""A labelled simulated replica of the CENNS-10 data, built without the release files.

A seeded Poisson sample of a release-free model on the release binning (12 energy × 8 F90 × 10 time):

* CEvNS: this library's SM prediction (:func:`.model.cevns_template` with the release-free efficiency and F90
  stand-ins);
* prompt beam-related neutrons: energy ∝ exp(−E/:data:`BRN_E_SCALE_KEVEE`), the nuclear-recoil F90 shape,
  arrival time the proton-pulse Gaussian (prompt: no lifetime);
* delayed beam-related neutrons: same energy and F90, arrival times uniform after 1 μs;
* steady-state background: flat in time, energy ∝ exp(−E/:data:`SS_E_SCALE_KEVEE`), F90 falling as
  exp(−(F90 − 0.5)/:data:`SS_F90_SCALE`) (electron-recoil leakage).

Normalisations are the published *predicted* numbers (PRL 126, 012002 (2021), supplementary table): 497 prompt,
33 delayed BRN, 3154 steady-state; shape scales are round numbers chosen to look like the released 1-D
projections. The result is an :class:`~cevns_edu.data.cenns10.ArgonRelease` with ``is_simulated=True``,
``label == "SIMULATED REPLICA"``, its model templates as PDFs and :func:`replica_variations` as its ±1σ shape
variations — never the data.
"""

from __future__ import annotations

import os
from typing import Any, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from cevns_edu.data.availability import find
from cevns_edu.data.cenns10 import (
    E_CENTERS_KEVEE,
    F90_CENTERS,
    SHAPE,
    T_EDGES_US,
    ArgonRelease,
    make_argon_release,
)

from ..replica import or_replica
from .model import F90_NR_MEAN, ArgonDetector, cevns_template, f90_shape

PREDICTED = {"brn_prompt": 497.0, "brn_delayed": 33.0, "steady_state": 3154.0}
BRN_E_SCALE_KEVEE = 40.0
SS_E_SCALE_KEVEE = 45.0
SS_F90_SCALE = 0.12


def _outer(e: ArrayLike, f: ArrayLike, t: ArrayLike, total: float) -> NDArray[np.float64]:
    g = np.asarray(e)[:, None, None] * np.asarray(f)[None, :, None] * np.asarray(t)[None, None, :]
    out: NDArray[np.float64] = total * g / g.sum()
    return out


def replica_templates(det: ArgonDetector | None = None) -> dict[str, NDArray[np.float64]]:
    """Return the expected counts (12, 8, 10) of each component of the release-free model.

    Parameters
    ----------
    det : ArgonDetector, optional
        The detector; default :class:`ArgonDetector()`.

    Returns
    -------
    dict of str to numpy.ndarray, shape (12, 8, 10)
        "cevns", "brn_prompt", "brn_delayed", "steady_state" [events per (energy, F90, time) bin].
    """
    det = det or ArgonDetector()
    nr = f90_shape()
    e_brn = np.exp(-E_CENTERS_KEVEE / BRN_E_SCALE_KEVEE)
    t_prompt = np.diff(stats.norm.cdf(T_EDGES_US, det.pot_t0_us, det.pot_sigma_us))
    t_delayed = np.clip(np.diff(np.clip(T_EDGES_US, 1.0, None)), 0, None)
    return {"cevns": cevns_template(det),
            "brn_prompt": _outer(e_brn, nr, t_prompt, PREDICTED["brn_prompt"]),
            "brn_delayed": _outer(e_brn, nr, t_delayed, PREDICTED["brn_delayed"]),
            "steady_state": _outer(np.exp(-E_CENTERS_KEVEE / SS_E_SCALE_KEVEE),
                                   np.exp(-(F90_CENTERS - 0.5) / SS_F90_SCALE), np.ones(SHAPE[2]), PREDICTED["steady_state"])}


#: Release-free ±1σ shape variations (round numbers chosen so that each moves the fitted CEvNS count by about as
#: much as the release's own ``SystErrors`` variations do, 6–9 events): prompt-BRN
#: arrival-time mean ± :data:`BRN_T0_SHIFT_US`, prompt-BRN energy scale ± :data:`BRN_E_SCALE_REL`, CEvNS F90
#: mean ± :data:`CEVNS_F90_SHIFT`.
BRN_T0_SHIFT_US = 0.02
BRN_E_SCALE_REL = 0.05
CEVNS_F90_SHIFT = 0.007


def replica_variations(det: ArgonDetector | None = None) -> dict[str, tuple[str, NDArray[np.float64], NDArray[np.float64]]]:
    """±1σ shape variations of the release-free model: name → (component, down, up) expected counts (12, 8, 10).

    Parameters
    ----------
    det : ArgonDetector, optional
        The detector (default: the release's parameters).

    Returns
    -------
    dict
        "brn_timing_mean", "brn_energy" (prompt BRN) and "cevns_f90" (CEvNS), each normalised like the nominal.
    """
    det = det or ArgonDetector()
    nr = f90_shape()
    e_brn = np.exp(-E_CENTERS_KEVEE / BRN_E_SCALE_KEVEE)
    t_prompt = np.diff(stats.norm.cdf(T_EDGES_US, det.pot_t0_us, det.pot_sigma_us))
    n_brn = PREDICTED["brn_prompt"]
    t_shift = [np.diff(stats.norm.cdf(T_EDGES_US, det.pot_t0_us + s * BRN_T0_SHIFT_US, det.pot_sigma_us))
               for s in (-1, 1)]
    e_shift = [np.exp(-E_CENTERS_KEVEE / (BRN_E_SCALE_KEVEE * (1 + s * BRN_E_SCALE_REL))) for s in (-1, 1)]
    f_shift = [cevns_template(det, f90_shape(F90_NR_MEAN + s * CEVNS_F90_SHIFT)) for s in (-1, 1)]
    return {"brn_timing_mean": ("brn_prompt", _outer(e_brn, nr, t_shift[0], n_brn), _outer(e_brn, nr, t_shift[1], n_brn)),
            "brn_energy": ("brn_prompt", _outer(e_shift[0], nr, t_prompt, n_brn), _outer(e_shift[1], nr, t_prompt, n_brn)),
            "cevns_f90": ("cevns", f_shift[0], f_shift[1])}


def _parameters(det: ArgonDetector) -> dict[str, Any]:
    def v(x: float, u: float = 0.0) -> dict[str, float]:
        return {"value": x, "uncertainty": u}

    return {"fiducialMass": {**v(det.mass_kg, det.mass_unc_kg), "units": "kg"},
            "distanceToTarget": {**v(det.distance_m), "units": "m"},
            "beamExposure": {**v(det.pot / 1e22), "units": "E22 POT"},
            "neutrinosPerProton": {**v(det.nu_per_proton, det.nu_per_proton_unc), "units": "nu/flavor/proton"},
            "larQF": {"parameters": [{"name": "a", **v(det.qf_a, det.qf_a_unc)}, {"name": "b", **v(det.qf_b_per_kevnr, det.qf_b_unc)}]},
            "energyResolution": {"parameters": [{"name": "a", "value": det.resolution_sqrt_kevee}]},
            "snsPOTTraceTiming": {"parameters": [{"name": "a", **v(1e3 * det.pot_t0_us, 1e3 * det.pot_t0_unc_us)},
                                                 {"name": "b", "value": 1e3 * det.pot_sigma_us}]},
            "promptBeamRelatedNeutronPredictionNormalization": {**v(PREDICTED["brn_prompt"], 160.0), "units": "none"},
            "delayedBeamRelatedNeutronPredictionNormalization": {**v(PREDICTED["brn_delayed"], 33.0), "units": "none"},
            "ssBackgroundPredictionNormalization": {**v(PREDICTED["steady_state"], 25.0), "units": "none"}}


def simulate_argon_replica(seed: int = 2020, cevns_scale: float = 1.0) -> ArgonRelease:
    """Draw a seeded Poisson sample of the release-free model, labelled SIMULATED REPLICA.

    Parameters
    ----------
    seed : int
        Non-negative seed; the same seed always gives the same counts.
    cevns_scale : float
        Multiplies the CEvNS expectation (0 → background only).

    Returns
    -------
    ArgonRelease
        The simulated release.

    Raises
    ------
    ValueError
        If ``seed`` is not a non-negative integer or ``cevns_scale`` not a finite number ≥ 0.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(cevns_scale, bool) or not isinstance(cevns_scale, (int, float)) or not np.isfinite(cevns_scale) or cevns_scale < 0:
        raise ValueError(f"cevns_scale must be a number >= 0, got {cevns_scale!r}")
    det = ArgonDetector()
    tpl = replica_templates(det)
    mu = cevns_scale * tpl["cevns"] + tpl["brn_prompt"] + tpl["brn_delayed"] + tpl["steady_state"]
    counts = np.random.default_rng(int(seed)).poisson(mu)
    eff = np.column_stack([np.arange(0.25, 40.0, 0.5), det.efficiency_at(np.arange(0.25, 40.0, 0.5))])
    extra = f"; cevns_scale={cevns_scale:g}" if cevns_scale != 1.0 else ""
    return make_argon_release(source=f"simulated argon replica (seed {int(seed)}{extra})", is_simulated=True,
                              counts=counts, pdfs=tpl, variations=replica_variations(det), efficiency=eff, parameters=_parameters(det))


def release_or_replica(data_dir: str | os.PathLike[str] | None = None, seed: int = 2020, *,
                       strict: bool = False) -> ArgonRelease:
    """Return the real CENNS-10 release when it is on this computer, otherwise the seeded simulated replica.

    The decision is :func:`cevns_edu.data.availability.find` (the one the data panel reports): a folder that
    is asked for (argument or ``$CENNS10_DIR``) but missing or broken, or a broken cache, raises with ``strict``;
    by default the labelled replica stands in and carries the reason
    (:func:`cevns_edu.experiment.replica.fallback_problem`). "No release here at all" gives the plain replica.

    Parameters
    ----------
    data_dir : path, optional
        An explicit release folder.
    seed : int
        Seed of the replica.
    strict : bool
        Raise the loader's error instead of falling back to the replica.

    Returns
    -------
    ArgonRelease
    """
    return or_replica(lambda: cast("ArgonRelease | None", find("argon", data_dir)),
                      lambda: simulate_argon_replica(seed=seed), strict)
