"""The simulated replica: a seeded Poisson sample of the full model on the release's binning and exposure.

It stands in for the COHERENT 2017 release when the files are not on the computer (a fresh clone, a
class server without internet). Everything comes from project-side models, never from the release files:

* CEvNS prompt + delayed: the shape of this library's Standard-Model prediction
  (:func:`cevns_edu.experiment.detector.cevns_template`, analytic arrival-time PDFs), normalised to the
  count the published fit measured (:func:`signal_strength`), 134 events in the analysis region (6 ≤ PE < 30, t < 6 μs;
  :data:`~cevns_edu.experiment.fit.PUBLISHED`, Science 357, 1123 (2017)). The SM prediction itself (157 in
  the region with the paper's protons on target and the PDG couplings) is 17 % above what the data show
  (within its 28 % uncertainty); injecting it would put the replica's C beam-on 24 events (1σ) above the
  observed 547. ``cevns_scale`` multiplies this injected count;
* steady-state background in C and AC, beam on and off: :data:`~cevns_edu.experiment.backgrounds.STEADY_STATE`;
* beam-related prompt neutrons in C beam-on: :data:`~cevns_edu.experiment.backgrounds.PROMPT_NEUTRONS`
  × acceptance × exposure;
* neutrino-induced neutrons in C beam-on: :func:`~cevns_edu.experiment.backgrounds.nin_template`.

The analytic background models have a few parameters fitted to the public release (Zenodo record
1228631); so the replica is *faithful* — its expected counts in the analysis region are close to the real
ones (C beam-on ≈ 550 vs 547 observed, AC beam-on 405, beam-off 208 in each window) — but it is not the
data. Its :class:`~cevns_edu.data.Release` says ``is_simulated=True``, ``label == "SIMULATED REPLICA"``
and ``source == "simulated replica (seed N)"``; every figure or table made from it must carry
"SIMULATED REPLICA" in its title.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np

from ..core.binning import region_mask
from ..data.availability import find
from ..data.cenns10 import ArgonRelease
from ..data.loaders import ReleaseFileError, ReleaseNotFoundError
from ..data.release import Release, make_release
from ..physics.sources import arrival_time_pdf
from . import backgrounds as bg
from .detector import DetectorModel, cevns_template
from .fit.result import PUBLISHED

ReleaseT = TypeVar("ReleaseT", Release, ArgonRelease)


#: Values of the release's ``coherent_parameters.yaml`` (same structure), as cited in DetectorModel.
def _parameters(det: DetectorModel) -> dict[str, Any]:
    return {
        "beamExposure": {"name": "Beam exposure", "value": det.exposure_gwh, "units": "GW*hr"},
        "distanceToTarget": {"name": "Distance to target", "value": det.distance_m, "units": "m"},
        "csiQF": {"name": "CsI-Na quenching factor", "value": det.qf, "units": "none", "uncertainty": det.qf_unc},
        "csiLightYield": {"name": "Light yield for CsI-Na", "value": det.light_yield, "units": "PE/keVee",
                          "uncertainty": det.light_yield_unc},
        "neutrinosPerProton": {"name": "Neutrinos produced per SNS proton", "value": det.nu_per_proton,
                               "units": "nu/flavor/proton", "uncertainty": det.nu_per_proton_unc},
        "promptNeutronNormalization": {"name": "Normalization constant of prompt neutron PDF", "value": 1,
                                       "units": "none", "uncertainty": bg.BRN_NORM_UNC},
        "acceptanceEfficiency": {"name": "Acceptance efficiency parameters", "parameters": [
            {"name": "a", "value": det.acc_a, "error_hi": det.acc_a_err_hi, "error_lo": det.acc_a_err_lo},
            {"name": "k", "value": det.acc_k, "error_hi": det.acc_k_err_hi, "error_lo": det.acc_k_err_lo},
            {"name": "x_0", "value": det.acc_x0, "error_hi": det.acc_x0_err_hi, "error_lo": det.acc_x0_err_lo}]},
    }


_DEFAULTS = {"cevns_scale": 1.0, "brn_scale": 1.0, "nin_scale": 1.0, "steady_state": None,
             "prompt_neutrons": None, "detector": None}


def _model(overrides: dict[str, Any]) -> dict[str, Any]:
    unknown = set(overrides) - set(_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown replica model override(s) {sorted(unknown)}; allowed: {sorted(_DEFAULTS)}")
    m = {**_DEFAULTS, **overrides}
    for k in ("cevns_scale", "brn_scale", "nin_scale"):
        v = m[k]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v) or v < 0:
            raise ValueError(f"{k} must be a number >= 0, got {v!r}")
    m["detector"] = m["detector"] or DetectorModel()
    m["steady_state"] = m["steady_state"] or bg.STEADY_STATE
    m["prompt_neutrons"] = m["prompt_neutrons"] or bg.PROMPT_NEUTRONS
    return m


def signal_strength() -> float:
    """Measured over predicted CEvNS count, μ ≈ 0.85 (dimensionless).

    μ = 134 / (this library's SM count in the analysis region of the 2017 run, analytic timing): the factor by
    which the replica scales every detector's SM template (module docstring; Science 357, 1123 (2017)).
    """
    return float(PUBLISHED["n_cevns"]) / float(cevns_template(DetectorModel()).total[region_mask()].sum())


def replica_expectation(**model_overrides: Any) -> dict[str, dict[str, np.ndarray]]:
    """Return the expected counts (25, 24) of every component in every window of the replica's model.

    Parameters
    ----------
    **model_overrides
        As for :func:`simulate_replica`.

    Returns
    -------
    dict of str to dict of str to numpy.ndarray, shape (25, 24)
        {"C_on": {"cevns_prompt": …, "cevns_delayed": …, "steady_state": …, "brn": …, "nin": …}, "AC_on": {...},
        "C_off": {...}, "AC_off": {...}} [events per bin].

    Raises
    ------
    ValueError
        If an override is unknown or a scale is not a number ≥ 0.
    """
    m = _model(model_overrides)
    det = m["detector"]
    tpl = cevns_template(det)
    sig = m["cevns_scale"] * signal_strength()
    pn = m["prompt_neutrons"]
    brn = m["brn_scale"] * bg.brn_template(pn.pe_per_gwh(), pn.time_pdf(), det.exposure_gwh,
                                           {"a": det.acc_a, "k": det.acc_k, "x_0": det.acc_x0})
    nin = bg.nin_template(None, n_region=m["nin_scale"] * bg.NIN_EVENTS_REGION * det.exposure_gwh / bg.NIN_EVENTS_EXPOSURE_GWH)
    zero = np.zeros_like(brn)
    ss_on, ss_off = m["steady_state"].template("on"), m["steady_state"].template("off")
    return {
        "C_on": {"cevns_prompt": sig * np.asarray(tpl.prompt, float),
                 "cevns_delayed": sig * np.asarray(tpl.delayed, float),
                 "steady_state": ss_on, "brn": brn, "nin": nin},
        "AC_on": {"cevns_prompt": zero, "cevns_delayed": zero, "steady_state": ss_on, "brn": zero, "nin": zero},
        "C_off": {"cevns_prompt": zero, "cevns_delayed": zero, "steady_state": ss_off, "brn": zero, "nin": zero},
        "AC_off": {"cevns_prompt": zero, "cevns_delayed": zero, "steady_state": ss_off, "brn": zero, "nin": zero},
    }


def simulate_replica(seed: int = 2017, **model_overrides: Any) -> Release:
    """Draw a seeded Poisson sample of the full model for C and AC, beam on and off.

    The sample has the release's binning and exposure; the same seed always gives the same counts.

    Parameters
    ----------
    seed : int
        Non-negative seed.
    **model_overrides
        ``cevns_scale`` (0 → background only), ``brn_scale``, ``nin_scale`` (multiply those components),
        ``steady_state`` (a :class:`~cevns_edu.experiment.backgrounds.SteadyStateModel`), ``prompt_neutrons``
        (a :class:`~cevns_edu.experiment.backgrounds.PromptNeutronModel`), ``detector`` (a
        :class:`~cevns_edu.experiment.detector.DetectorModel`).

    Returns
    -------
    Release
        A release labelled SIMULATED REPLICA.

    Raises
    ------
    ValueError
        If ``seed`` is not a non-negative integer, or an override is not allowed.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    m = _model(model_overrides)
    expect = replica_expectation(**model_overrides)
    # one independent stream per window (SeedSequence.spawn): changing one window's model (e.g. cevns_scale=0)
    # leaves the other windows' counts unchanged for the same seed
    streams = np.random.SeedSequence(int(seed)).spawn(len(expect))
    counts = {k: np.random.default_rng(ss).poisson(sum(comp.values())).astype(np.int64)
              for ss, (k, comp) in zip(streams, expect.items(), strict=True)}
    pn = m["prompt_neutrons"]
    pdfs = {"prompt_neutrinos": arrival_time_pdf("prompt"), "delayed_neutrinos": arrival_time_pdf("delayed"),
            "prompt_neutrons": pn.time_pdf()}
    changed = {k: v for k, v in model_overrides.items() if k in ("cevns_scale", "brn_scale", "nin_scale") and v != 1.0}
    extra = "".join(f"; {k}={v:g}" for k, v in changed.items())
    extra += "".join(f"; custom {k}" for k in ("steady_state", "prompt_neutrons", "detector") if model_overrides.get(k))
    return make_release(source=f"simulated replica (seed {int(seed)}{extra})", is_simulated=True, counts=counts,
                        time_pdfs=pdfs, brn_pe_per_gwh=pn.pe_per_gwh(), parameters=_parameters(m["detector"]))


#: What a replica standing in for unusable real data adds to its ``source``, before the reason (see
#: :func:`fallback_problem`): the banners and the data panel show the reason and what to do.
FALLBACK_NOTE = "; standing in because the real data could not be used: "
_FALLBACK_ERRORS = (ReleaseFileError, ReleaseNotFoundError, OSError)


def fallback_problem(release: Release | ArgonRelease) -> str:
    """Return why a simulated replica stands in for real data that was asked for but is unusable ("" otherwise).

    Parameters
    ----------
    release : Release or ArgonRelease
        What :func:`release_or_replica` (or the argon one) returned.

    Returns
    -------
    str
        The loader's one-line error, or "" for real data and for a replica used because no data were here.
    """
    src = release.source
    return src.split(FALLBACK_NOTE, 1)[1] if release.is_simulated and FALLBACK_NOTE in src else ""


def display_source(release: Release | ArgonRelease) -> str:
    """Return ``release.source`` without the fallback reason (:data:`FALLBACK_NOTE`), for titles and badges.

    Parameters
    ----------
    release : Release or ArgonRelease
        A real release or a replica.

    Returns
    -------
    str
        The source, e.g. "simulated replica (seed 2017)".
    """
    return release.source.split(FALLBACK_NOTE, 1)[0]


def or_replica(load: Callable[[], ReleaseT | None], replica: Callable[[], ReleaseT], strict: bool) -> ReleaseT:
    """Run ``load``; on ``None`` return ``replica()``; on a data error raise or return the labelled replica.

    With ``strict`` the error is raised; otherwise the replica carries the reason (:data:`FALLBACK_NOTE`), so
    a notebook goes on instead of cascading errors.
    """
    try:
        found = load()
    except _FALLBACK_ERRORS as exc:
        if strict:
            raise
        problem = " ".join(str(exc).split())[:300] or type(exc).__name__
        sim = replica()
        return dataclasses.replace(sim, source=sim.source + FALLBACK_NOTE + problem)
    return found if found is not None else replica()


def release_or_replica(data_dir: str | os.PathLike[str] | None = None, seed: int = 2017, *,
                       strict: bool = False) -> Release:
    """Load the real release when it is on this computer, otherwise simulate the seeded replica.

    A folder that is given (argument or ``$COHERENT2017_DIR``) or a cache that is broken is never used and
    never silently replaced: with ``strict`` the loader's error is raised; by default (notebooks, widgets)
    the labelled replica stands in and carries the one-line reason (:func:`fallback_problem`), which the
    banners and the data panel show with what to do. "No release here at all" gives the plain replica.

    Parameters
    ----------
    data_dir : str or os.PathLike, optional
        Folder of the release; default ``$COHERENT2017_DIR`` or the cache.
    seed : int
        Seed of the replica.
    strict : bool
        Raise the loader's error instead of falling back to the replica.

    Returns
    -------
    Release
        The real release, or the simulated replica.

    Raises
    ------
    ReleaseNotFoundError, ReleaseFileError, OSError
        With ``strict``, if the given folder or the cache cannot be used.
    """
    # the decision the data panel reports (cevns_edu.data.availability)
    return or_replica(lambda: cast("Release | None", find("csi", data_dir)), lambda: simulate_replica(seed=seed),
                      strict)
