"""From a :class:`~cevns_edu.data.Release` to a fit.

The CEvNS template from this library's prediction with the release's arrival-time PDFs, the steady-state shape from the anti-coincidence window, prompt neutrons from the
release's promptPDF × acceptance × exposure, NINs (:func:`build_inputs`); and :func:`fit_release`, which fits them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize

from ...core.binning import N_T, PE_CENTERS, PE_MAX, PE_MIN, T_MAX_US, T_MIN_US, region_mask
from ...core.validate import grid
from ...data.release import Release
from .. import backgrounds as bg
from ..backgrounds.steady_state import _exp_time_shape
from ..detector.model import DetectorModel
from ..detector.prediction import cevns_template
from ..likelihood.inputs import BoolArray, FitInputs, FloatArray
from .minimise import fit_inputs
from .result import FitResult

BEAMS = ("on", "off")
PeRange = tuple[float, float]
#: Default CEvNS shape nuisances of the fit (the published analysis's quenching-factor and acceptance terms).
DEFAULT_NUISANCES = ("qf", "acceptance")


def brn_for_detector(release: Release, exposure_gwh: float | None = None,
                     detector: DetectorModel | None = None) -> FloatArray:
    """Return the beam-related (prompt) neutron expectation with a detector model's acceptance.

    Release promptPDF [per GW·hr, 1-PE bins] × ``detector``'s acceptance (1-PE bin centres) × exposure, ⊗ the
    release's prompt-neutron arrival-time PDF (:func:`cevns_edu.experiment.backgrounds.brn_template`).

    Parameters
    ----------
    release : Release
        The data release (promptPDF, arrival-time PDFs, exposure).
    exposure_gwh : float, optional
        Beam exposure [GW·hr]; default the release's ``beamExposure``.
    detector : DetectorModel, optional
        Detector model whose acceptance is applied; default :class:`DetectorModel()`.

    Returns
    -------
    numpy.ndarray, shape (25, 24)
        Expected prompt-neutron counts [events per bin].
    """
    det = detector or DetectorModel()
    exp = release.exposure_gwh if exposure_gwh is None else float(exposure_gwh)
    return bg.brn_template(release.brn_pe_per_gwh, release.time_pdfs["prompt_neutrons"], exp,
                           acceptance_1pe=det.acceptance_1pe())


SS_TIME_SHAPES = ("beam-unrelated", "beam-unrelated-fixed", "exponential", "flat")
#: The windows without beam-related events: their time distribution measures the steady-state time shape.
BEAM_UNRELATED_WINDOWS = ("AC_on", "C_off", "AC_off")


def _check_beam(beam: str) -> None:
    """Raise ValueError unless ``beam`` is one of :data:`BEAMS`."""
    if beam not in BEAMS:
        raise ValueError(f"beam must be 'on' or 'off', got {beam!r}")


def slope_constraint_windows(beam: str = "on",
                             t_range_us: tuple[float, float] = (T_MIN_US, T_MAX_US)) -> dict[str, BoolArray]:
    """Return the beam-unrelated data that constrain the steady-state slope of a fit to ``beam``: window → time bins.

    Every beam-unrelated bin that the fit's likelihood does not already contain: the two beam-unrelated windows
    not fitted, all 24 time bins (beam on: C_off and AC_off; beam off: AC_on), and the fitted AC window's time
    bins outside ``t_range_us`` (beam on, 0–6 μs: AC_on at 6–12 μs). The fitted C window is left out (it holds
    the beam's events), and no bin is counted twice.

    Parameters
    ----------
    beam : {"on", "off"}
        The beam state fitted.
    t_range_us : tuple of float
        The fit's arrival-time range [μs].

    Returns
    -------
    dict of str to numpy.ndarray of bool, shape (24,)
        Window name (from :data:`BEAM_UNRELATED_WINDOWS`) → the time bins it contributes; a window with no bin
        left is omitted.

    Raises
    ------
    ValueError
        If ``beam`` is not "on" or "off", or ``t_range_us`` is not a valid window.
    """
    _check_beam(beam)
    outside: BoolArray = np.logical_not(region_mask(PE_MIN, PE_MAX, *t_range_us).any(axis=0))
    out: dict[str, BoolArray] = {w: np.ones(N_T, bool) for w in BEAM_UNRELATED_WINDOWS if w not in (f"C_{beam}", f"AC_{beam}")}
    if outside.any():
        out[f"AC_{beam}"] = outside
    return out


def steady_state_time_slope(windows: Sequence[ArrayLike], pe_range: PeRange = (PE_MIN, PE_MAX), *,
                            time_bins: Sequence[ArrayLike | None] | None = None) -> tuple[float, float]:
    """Fit the decay rate λ (1/μs) of the steady-state time shape exp(−λt) and its 1σ error.

    Parameters
    ----------
    windows : list of ndarray
        (25, 24) count arrays of beam-unrelated windows, read inside ``pe_range``.
    pe_range : tuple of float
        PE range (PE).
    time_bins : list of (bool array of shape (24,) or None), optional
        Per window, the arrival-time bins it contributes (``None``: all 24); the exponential is normalised over
        each window's own bins. Default: every window contributes all bins.

    Returns
    -------
    tuple of float
        (λ, σ_λ) in 1/μs: binned multinomial maximum likelihood (one multinomial per window), error from the
        curvature (Δ(−ln L) = ½).

    Raises
    ------
    TypeError
        If ``windows`` is not a non-empty list of arrays.
    ValueError
        If a grid or time-bin mask has the wrong shape, or the selected bins hold no event inside ``pe_range``.
    """
    if isinstance(windows, str | bytes) or not isinstance(windows, Sequence) or not windows:
        raise TypeError(f"windows must be a non-empty list of (25, 24) count arrays, got {type(windows).__name__}")
    masks = [None] * len(windows) if time_bins is None else list(time_bins)
    if len(masks) != len(windows):
        raise ValueError(f"time_bins must give one mask per window ({len(windows)}), got {len(masks)}")
    sel = (PE_CENTERS >= pe_range[0]) & (PE_CENTERS < pe_range[1])
    spectra = []  # (time-bin mask, counts per time bin) per window
    for i, (w, tb) in enumerate(zip(windows, masks, strict=True)):
        t = np.asarray(grid(w, f"windows[{i}]", (PE_CENTERS.size, N_T)))[sel].sum(axis=0)
        keep = np.ones(N_T, bool) if tb is None else np.asarray(tb, dtype=bool)
        if keep.shape != (N_T,):
            raise ValueError(f"time_bins[{i}] must be a boolean mask of {N_T} time bins, got shape {keep.shape}")
        if keep.any():
            spectra.append((keep, t[keep]))
    if sum(float(t.sum()) for _, t in spectra) <= 0:
        raise ValueError("no events in the steady-state windows inside the PE range")

    def nll(lam: float) -> float:
        p = _exp_time_shape(1.0 / lam if abs(lam) > 1e-9 else np.inf)
        return -float(sum(np.sum(t * np.log(p[keep] / p[keep].sum())) for keep, t in spectra))

    lam = float(optimize.minimize_scalar(nll, bounds=(1e-6, 2.0), method="bounded", options={"xatol": 1e-9}).x)
    h = 1e-3
    curv = (nll(lam + h) - 2 * nll(lam) + nll(lam - h)) / h**2
    return lam, float(1.0 / np.sqrt(curv))


def steady_state_shape(ac: ArrayLike, *, time_shape: str = "exponential", pe_range: PeRange = (PE_MIN, PE_MAX),
                       tau_us: float | None = None) -> FloatArray:
    """Return the steady-state background shape from the anti-coincidence window.

    The shape is the window's PE spectrum (summed over all 24 time bins) × a time shape.

    Steady-state events (cosmics, radioactivity, afterglow) know nothing of the beam, so their time shape was
    long taken as flat; in the released AC data the rate falls across the 12 μs window, well described by
    exp(−t/τ) (see :mod:`cevns_edu.experiment.backgrounds`). ``time_shape="exponential"`` fits τ to this AC
    window's own time distribution (all 24 bins, inside ``pe_range``) unless ``tau_us`` is given; ``"flat"`` is
    the textbook choice.

    Parameters
    ----------
    ac : array_like, shape (25, 24)
        Anti-coincidence counts.
    time_shape : {"exponential", "flat"}
        The time shape.
    pe_range : tuple of float
        PE range [PE] in which τ is fitted.
    tau_us : float, optional
        Fixed decay time τ [μs] of the exponential (default: fitted).

    Returns
    -------
    numpy.ndarray, shape (25, 24)
        The shape (any normalisation).

    Raises
    ------
    ValueError
        If ``time_shape`` is not one of the allowed values.
    """
    ac = np.asarray(ac, dtype=np.float64)
    if time_shape not in ("exponential", "flat"):
        raise ValueError(f"time_shape must be one of ('exponential', 'flat'), got {time_shape!r}")
    if time_shape == "flat" or ac.sum() == 0:
        return bg.steady_state_template(ac, time_shape="flat")
    tau = tau_us
    if tau is None:
        try:
            tau = bg.time_shape_test(ac, pe_range[0], pe_range[1]).tau_us
        except ValueError:  # no AC events in the PE window
            tau = float("inf")
    return bg.steady_state_template(ac, time_shape="exponential" if np.isfinite(tau) else "flat", tau_us=tau)


def steady_state_inputs(release: Release, ac: ArrayLike, *, time_shape: str = "beam-unrelated",
                        pe_range: PeRange = (PE_MIN, PE_MAX), beam: str = "on",
                        t_range_us: tuple[float, float] = (T_MIN_US, T_MAX_US)) -> tuple[FloatArray, tuple[FloatArray, FloatArray] | None]:
    """Return the steady-state shape and its time-shape variation for :class:`~cevns_edu.experiment.likelihood.FitInputs`.

    ``"beam-unrelated"`` (default): exp(−λt) with λ ± σ_λ fitted to every beam-unrelated bin that is not in
    the fit's likelihood (:func:`slope_constraint_windows`: for the beam-on fit in 0–6 μs, C_off and AC_off and
    AC_on at 6–12 μs; :func:`steady_state_time_slope`); the slope is a Gaussian-constrained nuisance of the fit
    (``alpha_ss_time``, ±1 ↔ λ ± σ_λ), which the fitted AC window constrains further. ``"beam-unrelated-fixed"``:
    λ from all three beam-unrelated windows (:data:`BEAM_UNRELATED_WINDOWS`), fixed (no nuisance).
    ``"exponential"``/``"flat"``: fixed shapes from the AC window (:func:`steady_state_shape`), no nuisance.

    Parameters
    ----------
    release : Release
        The data release (its beam-unrelated windows measure the slope).
    ac : array_like, shape (25, 24)
        Anti-coincidence counts of the fitted beam state.
    time_shape : {"beam-unrelated", "beam-unrelated-fixed", "exponential", "flat"}
        How the time shape is obtained.
    pe_range : tuple of float
        PE range [PE] of the slope fit.
    beam : {"on", "off"}
        The beam state fitted (which windows constrain the profiled slope).
    t_range_us : tuple of float
        The fit's arrival-time range [μs] (the fitted AC window's bins outside it constrain the slope).

    Returns
    -------
    shape : numpy.ndarray, shape (25, 24)
        The steady-state shape.
    variation : (numpy.ndarray, numpy.ndarray) or None
        (down, up) shapes at λ ∓ σ_λ, or ``None`` without a nuisance.

    Raises
    ------
    ValueError
        If ``time_shape`` is not one of :data:`SS_TIME_SHAPES`, or ``beam`` not "on" or "off".
    """
    if time_shape not in SS_TIME_SHAPES:
        raise ValueError(f"time_shape must be one of {SS_TIME_SHAPES}, got {time_shape!r}")
    if time_shape in ("exponential", "flat"):
        return steady_state_shape(ac, time_shape=time_shape, pe_range=pe_range), None
    if time_shape == "beam-unrelated-fixed":
        lam, sig = steady_state_time_slope([release.counts[k] for k in BEAM_UNRELATED_WINDOWS], pe_range)
    else:
        bins = slope_constraint_windows(beam, t_range_us)
        lam, sig = steady_state_time_slope([release.counts[k] for k in bins], pe_range, time_bins=list(bins.values()))

    def shape(rate: float) -> FloatArray:
        return steady_state_shape(ac, time_shape="exponential" if rate > 1e-9 else "flat", pe_range=pe_range,
                                  tau_us=1.0 / max(rate, 1e-9))

    if time_shape == "beam-unrelated-fixed":
        return shape(lam), None
    return shape(lam), (shape(lam - sig), shape(lam + sig))


def cevns_signal(release: Release, detector: DetectorModel | None = None, **kwargs: Any) -> FloatArray:
    """Return this library's SM CEvNS expectation with the release's arrival-time PDFs.

    Parameters
    ----------
    release : Release
        The data release (prompt and delayed neutrino arrival-time PDFs).
    detector : DetectorModel, optional
        Detector model; default :class:`DetectorModel()`.
    **kwargs
        Passed on to :func:`~cevns_edu.experiment.detector.prediction.cevns_template`.

    Returns
    -------
    numpy.ndarray, shape (25, 24)
        Expected CEvNS counts [events per bin].
    """
    det = detector or DetectorModel()
    pdfs = {"prompt": np.asarray(release.time_pdfs["prompt_neutrinos"], float),
            "delayed": np.asarray(release.time_pdfs["delayed_neutrinos"], float)}
    return np.asarray(cevns_template(det, time_pdfs=pdfs, **kwargs).total, float)


def build_inputs(release: Release, *, beam: str = "on", detector: DetectorModel | None = None,
                 pe_range: PeRange = (PE_MIN, PE_MAX), t_range_us: tuple[float, float] = (T_MIN_US, T_MAX_US),
                 include_nin: bool = False, nuisances: Sequence[str] = DEFAULT_NUISANCES,
                 signal: ArrayLike | None = None, ss_time_shape: str = "beam-unrelated") -> FitInputs:
    """Assemble :class:`FitInputs` from a release for ``beam`` "on" or "off".

    With the beam off there is no beam, so the prompt-neutron (and NIN) expectations are zero; the fit is
    otherwise identical and must find no CEvNS. ``nuisances`` may contain "qf" and/or "acceptance"
    (CEvNS shape morphing between ±1σ templates). Defaults follow the published analysis: no NIN term (the
    release carries no NIN value; ``include_nin=True`` adds the estimate as a variant), the steady-state time
    shape from the beam-unrelated windows with its slope profiled (:func:`steady_state_inputs`).

    Parameters
    ----------
    release : Release
        The data release (real or simulated).
    beam : {"on", "off"}
        Which beam state's C and AC windows are fitted.
    detector : DetectorModel, optional
        Detector model; default :class:`DetectorModel()`.
    pe_range : tuple of float
        Analysis PE range [PE].
    t_range_us : tuple of float
        Analysis arrival-time range [μs].
    include_nin : bool
        Add the NIN estimate as a constrained term.
    nuisances : sequence of str
        CEvNS shape nuisances, from "qf" and "acceptance".
    signal : array_like, shape (25, 24), optional
        A CEvNS expectation to use instead of this library's prediction.
    ss_time_shape : {"beam-unrelated", "exponential", "flat"}
        Steady-state time shape (:func:`steady_state_inputs`).

    Returns
    -------
    FitInputs
        The validated inputs of the likelihood.

    Raises
    ------
    ValueError
        If ``beam``, a nuisance name or ``ss_time_shape`` is not allowed, or the inputs do not validate.
    """
    _check_beam(beam)
    det = detector or DetectorModel()
    mask = region_mask(pe_range[0], pe_range[1], t_range_us[0], t_range_us[1])
    c = np.asarray(release.counts[f"C_{beam}"])
    ac = np.asarray(release.counts[f"AC_{beam}"])
    sig = cevns_signal(release, det) if signal is None else np.asarray(signal, dtype=np.float64)
    brn = brn_for_detector(release, detector=det)
    nin = _nin_template(release, det) if include_nin else None
    if beam == "off":
        brn = np.zeros_like(brn)
        nin = None
    variations: dict[str, tuple[FloatArray, FloatArray]] = {}
    for name in nuisances:
        variations[name] = _variation(release, det, name)
    brn_unc = float(release.parameters["promptNeutronNormalization"].get("uncertainty", bg.BRN_NORM_UNC)) if isinstance(
        getattr(release, "parameters", {}).get("promptNeutronNormalization"), dict) else bg.BRN_NORM_UNC
    ss, ss_var = steady_state_inputs(release, ac, time_shape=ss_time_shape, pe_range=pe_range, beam=beam,
                                     t_range_us=t_range_us)
    return FitInputs(c, ac, sig, ss, brn, mask, nin=nin, brn_unc=brn_unc, nin_unc=bg.NIN_NORM_UNC,
                     signal_variations=variations, ss_variation=ss_var)


def _nin_template(release: Release, detector: DetectorModel) -> FloatArray:
    return np.asarray(bg.nin_template(release, detector), dtype=np.float64)


def _variation(release: Release, det: DetectorModel, name: str) -> tuple[FloatArray, FloatArray]:
    if name == "qf":
        return (cevns_signal(release, replace(det, qf=det.qf - det.qf_unc)),
                cevns_signal(release, replace(det, qf=det.qf + det.qf_unc)))
    if name == "acceptance":
        # the release's asymmetric ±1σ on x₀ (threshold position) — the dominant acceptance shape effect
        dn = replace(det, acc_x0=det.acc_x0 + det.acc_x0_err_hi)
        up = replace(det, acc_x0=det.acc_x0 - det.acc_x0_err_lo)
        return cevns_signal(release, dn), cevns_signal(release, up)
    raise ValueError(f"unknown nuisance {name!r}; allowed: 'qf', 'acceptance'")


def fit_release(release: Release, *, beam: str = "on", detector: DetectorModel | None = None,
                pe_range: PeRange = (PE_MIN, PE_MAX), t_range_us: tuple[float, float] = (T_MIN_US, T_MAX_US),
                include_nin: bool = False, nuisances: Sequence[str] = DEFAULT_NUISANCES,
                ss_time_shape: str = "beam-unrelated", minos: bool = True) -> FitResult:
    """Fit a :class:`~cevns_edu.data.Release` (real or simulated) in the analysis window.

    Parameters
    ----------
    release : Release
        The data release (real or simulated).
    beam, detector, pe_range, t_range_us, include_nin, nuisances, ss_time_shape
        As for :func:`build_inputs`.
    minos : bool
        Compute MINOS (asymmetric) errors on N_CEvNS.

    Returns
    -------
    FitResult
        The fit, with its likelihood attached.
    """
    if not isinstance(release, Release):
        raise TypeError(f"release must be a Release (cevns_edu.data.load_release or a simulated replica), "
                        f"got {type(release).__name__}")
    inputs = build_inputs(release, beam=beam, detector=detector, pe_range=pe_range, t_range_us=t_range_us,
                          include_nin=include_nin, nuisances=nuisances, ss_time_shape=ss_time_shape)
    return fit_inputs(inputs, source=release.source, is_simulated=release.is_simulated, beam=beam, minos=minos,
                      pe_range=pe_range, t_range_us=t_range_us)
