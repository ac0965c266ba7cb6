"""The SNS pion-decay-at-rest (π-DAR) neutrino source: spectra, protons on target, flux, time structure.

Other sources shown for context live elsewhere: reactor and supernova spectra in
:mod:`cevns_edu.physics.context_sources`, solar and atmospheric neutrinos (the one ⁸B spectrum) in
:mod:`cevns_edu.physics.astro_sources`.

**SNS π-DAR.** ~1 GeV protons hit a mercury target; the π⁺ that stop decay at rest,
π⁺ → μ⁺ ν_μ (two-body, τ_π = 26 ns), then μ⁺ → e⁺ ν_e ν̄_μ (three-body, τ_μ = 2.2 μs). So:

* prompt ν_μ: a line at E = (m_π² − m_μ²)/(2 m_π) = 29.79 MeV, arriving with the proton pulse;
* delayed ν_e and ν̄_μ: Michel spectra up to m_μ/2 = 52.8 MeV, arriving over several μs.

Each flavour is produced at 0.08 ± 0.008 per proton on target (COHERENT data release,
``coherent_parameters.yaml``, Zenodo 10.5281/zenodo.1228631), isotropically.

Spectra are probability densities in 1/MeV, each normalised to 1 per neutrino of that flavour.
The prompt ν_μ line is a Dirac delta; :func:`spectrum` represents it as a narrow normalised
Gaussian of width :data:`PROMPT_LINE_WIDTH_MEV` so it can be plotted and integrated on a grid;
rate calculations treat it exactly (``spectrum_lines("numu")`` gives the line).

**Time structure.** The proton pulse (60 Hz) is modelled as a Gaussian of mean
:data:`PULSE_T0_US` and width :data:`PULSE_SIGMA_US` — about 0.8 μs full width at the base
(±2.8σ), FWHM ≈ 0.33 μs; these two numbers were chosen so that the analytic model reproduces the
release's arrival-time PDFs (tested against ``arrivalTimePDF_*Neutrinos.txt`` to < 0.2% per bin).
Prompt arrival = pulse ⊗ exponential(τ_π); delayed = pulse ⊗ exp(τ_π) ⊗ exp(τ_μ). Both have
closed forms (exponentially modified Gaussians, :data:`scipy.stats.exponnorm`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from ..core.binning import T_EDGES_US
from ..core.validate import as_float_array, in_range, nonneg_array, number
from .constants import M_MU_MEV, M_PI_MEV, TAU_MU_US, TAU_PI_NS

# --- SNS π-DAR --------------------------------------------------------------------------------

#: Prompt ν_μ energy from π⁺ → μ⁺ν_μ at rest: (m_π² − m_μ²)/(2m_π) = 29.79 MeV (PDG masses).
E_PROMPT_MEV: float = (M_PI_MEV**2 - M_MU_MEV**2) / (2 * M_PI_MEV)
#: Endpoint of the Michel spectra, m_μ/2 = 52.83 MeV.
E_MICHEL_MAX_MEV: float = M_MU_MEV / 2
#: The three π-DAR flavours: prompt ν_μ, delayed ν_e and ν̄_μ.
FLAVORS: tuple[str, ...] = ("numu", "nue", "numubar")
#: Which arrival-time population each flavour belongs to.
POPULATION: dict[str, str] = {"numu": "prompt", "nue": "delayed", "numubar": "delayed"}
POPULATIONS: tuple[str, ...] = ("prompt", "delayed")
FLAVOR_LABELS: dict[str, str] = {"numu": "prompt ν_μ", "nue": "delayed ν_e", "numubar": "delayed ν̄_μ"}
#: Neutrinos per proton per flavour, 0.08 ± 0.008 (COHERENT release ``coherent_parameters.yaml``).
NU_PER_PROTON_PER_FLAVOR: float = 0.08
NU_PER_PROTON_PER_FLAVOR_UNC: float = 0.008
#: SNS beam: nominal 1.4 MW of ~1 GeV protons at 60 Hz (SNS parameters; Akimov et al., Science 357, 1123 (2017)).
SNS_BEAM_POWER_MW: float = 1.4
SNS_PROTON_ENERGY_GEV: float = 1.0
SNS_REP_RATE_HZ: float = 60.0
#: Gaussian proton-pulse model (μs): mean and σ fitted to the release's arrival-time PDFs (see module doc).
PULSE_T0_US: float = 0.69
PULSE_SIGMA_US: float = 0.142
#: Full width of the pulse at its base, ±2.8σ ≈ 0.8 μs (the "~800 ns" of the SNS pulse).
PULSE_FULL_WIDTH_US: float = 2 * 2.8 * PULSE_SIGMA_US
#: Width given to the prompt line when it must be drawn as a density (display only).
PROMPT_LINE_WIDTH_MEV: float = 0.25

#: Joules per GeV (exact, SI 2019: e = 1.602176634e-19 C).
J_PER_GEV = 1.602176634e-10


def _check_flavor(flavor: str) -> str:
    if flavor not in FLAVORS:
        raise ValueError(f"flavor must be one of {FLAVORS}, got {flavor!r}")
    return flavor


def michel_nue(enu_mev: ArrayLike) -> np.ndarray:
    """ν_e spectrum from μ⁺ decay at rest, 1/MeV: (192/m_μ)(E/m_μ)²(½ − E/m_μ) for E ≤ m_μ/2."""
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    x = e / M_MU_MEV
    return np.where(e <= E_MICHEL_MAX_MEV, 192 / M_MU_MEV * x**2 * (0.5 - x), 0.0)


def michel_numubar(enu_mev: ArrayLike) -> np.ndarray:
    """ν̄_μ spectrum from μ⁺ decay at rest, 1/MeV: (64/m_μ)(E/m_μ)²(¾ − E/m_μ) for E ≤ m_μ/2."""
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    x = e / M_MU_MEV
    return np.where(e <= E_MICHEL_MAX_MEV, 64 / M_MU_MEV * x**2 * (0.75 - x), 0.0)


def spectrum(enu_mev: ArrayLike, flavor: str) -> NDArray[np.float64]:
    """Energy spectrum of one π-DAR flavour in 1/MeV, normalised to 1 neutrino.

    ``"nue"`` and ``"numubar"``: Michel spectra (standard μ decay at rest). ``"numu"``: the
    29.79 MeV line, drawn as a narrow normalised Gaussian (σ = :data:`PROMPT_LINE_WIDTH_MEV`) — for
    plots only; rates use the exact line (:func:`spectrum_lines`).
    """
    _check_flavor(flavor)
    if flavor == "nue":
        return michel_nue(enu_mev)
    if flavor == "numubar":
        return michel_numubar(enu_mev)
    e = nonneg_array(enu_mev, "enu_mev", "MeV")
    ret: NDArray[np.float64] = stats.norm.pdf(e, loc=E_PROMPT_MEV, scale=PROMPT_LINE_WIDTH_MEV)
    return ret


def spectrum_lines(flavor: str) -> tuple[tuple[float, float], ...]:
    """Monochromatic lines of a flavour as ((energy MeV, fraction), ...): ν_μ → ((29.79, 1),), others ()."""
    _check_flavor(flavor)
    return ((E_PROMPT_MEV, 1.0),) if flavor == "numu" else ()


def mean_energy_mev(flavor: str) -> float:
    """Mean energy in MeV of a flavour: the ν_μ line, or the Michel mean computed by quadrature."""
    _check_flavor(flavor)
    if flavor == "numu":
        return E_PROMPT_MEV
    x, w = np.polynomial.legendre.leggauss(64)
    e = 0.5 * E_MICHEL_MAX_MEV * (x + 1)
    return float(0.5 * E_MICHEL_MAX_MEV * np.sum(w * e * spectrum(e, flavor)))


def protons_on_target(exposure_gwh: ArrayLike, proton_energy_gev: float = SNS_PROTON_ENERGY_GEV) -> NDArray[np.float64] | float:
    """Return the number of protons on target for a beam exposure in GW·hr: POT = exposure / (energy per proton).

    7.47594 GW·hr at 1 GeV → 1.68×10²³; at the 2017 run's mean proton energy
    (:data:`cevns_edu.physics.run2017.MEAN_PROTON_ENERGY_GEV`, 0.954 GeV) → 1.76×10²³, the number the
    Science paper quotes.
    """
    ex = nonneg_array(exposure_gwh, "exposure_gwh", "GW·hr")
    ep = in_range(proton_energy_gev, "proton_energy_gev", 0.05, 100.0, "GeV")
    pot = ex * 1e9 * 3600.0 / (ep * J_PER_GEV)
    return pot if pot.ndim else float(pot)


def protons_per_second(beam_power_mw: float = SNS_BEAM_POWER_MW, proton_energy_gev: float = SNS_PROTON_ENERGY_GEV) -> float:
    """Proton rate (1/s) of a beam of ``beam_power_mw`` MW and ``proton_energy_gev`` GeV per proton."""
    p = float(nonneg_array(beam_power_mw, "beam_power_mw", "MW"))
    ep = in_range(proton_energy_gev, "proton_energy_gev", 0.05, 100.0, "GeV")
    return p * 1e6 / (ep * J_PER_GEV)


def fluence_per_cm2(distance_m: ArrayLike, n_protons: ArrayLike,
                    nu_per_proton: float = NU_PER_PROTON_PER_FLAVOR) -> NDArray[np.float64] | float:
    """Neutrinos per cm² (one flavour) at ``distance_m`` from ``n_protons`` protons: N r /(4π L²)."""
    d = nonneg_array(distance_m, "distance_m", "m", positive=True) * 100.0
    n = nonneg_array(n_protons, "n_protons", "protons")
    r = float(nonneg_array(nu_per_proton, "nu_per_proton", "ν/proton"))
    out = n * r / (4 * np.pi * d**2)
    return out if out.ndim else float(out)


def flux_per_cm2_s(distance_m: ArrayLike, beam_power_mw: float = SNS_BEAM_POWER_MW,
                   proton_energy_gev: float = SNS_PROTON_ENERGY_GEV,
                   nu_per_proton: float = NU_PER_PROTON_PER_FLAVOR) -> NDArray[np.float64] | float:
    """Time-averaged flux of ONE flavour in ν cm⁻² s⁻¹ at ``distance_m``.

    At 20 m, 1.4 MW, 1 GeV: 1.39×10⁷ per flavour, 4.17×10⁷ for all three (COHERENT quotes
    ≈4.3×10⁷ cm⁻² s⁻¹ at 20 m, Science 357, 1123 (2017)). Multiply by ``len(FLAVORS)`` for the total.
    """
    return fluence_per_cm2(distance_m, protons_per_second(beam_power_mw, proton_energy_gev), nu_per_proton)


def total_flux_per_cm2_s(distance_m: ArrayLike, beam_power_mw: float = SNS_BEAM_POWER_MW,
                         proton_energy_gev: float = SNS_PROTON_ENERGY_GEV,
                         nu_per_proton: float = NU_PER_PROTON_PER_FLAVOR) -> NDArray[np.float64] | float:
    """Flux of all three π-DAR flavours together, ν cm⁻² s⁻¹."""
    return len(FLAVORS) * flux_per_cm2_s(distance_m, beam_power_mw, proton_energy_gev, nu_per_proton)


# --- time structure ---------------------------------------------------------------------------

def _check_population(population: str) -> str:
    if population not in POPULATIONS:
        raise ValueError(f"population must be 'prompt' or 'delayed', got {population!r}")
    return population


def _times(t_us: ArrayLike) -> NDArray[np.float64]:
    """Arrival times [μs] as a float array: any finite real numbers (negative = before the pulse's t₀ reference)."""
    t = as_float_array(t_us, "t_us", "μs")
    if not np.all(np.isfinite(t)):
        raise ValueError("t_us must be finite (no NaN or inf) in μs")
    return t


def pulse_density(t_us: ArrayLike, t0_us: float = PULSE_T0_US, sigma_us: float = PULSE_SIGMA_US) -> NDArray[np.float64]:
    """Proton-pulse time profile (1/μs, integrates to 1): Gaussian of mean ``t0_us`` and σ ``sigma_us``."""
    in_range(sigma_us, "sigma_us", 1e-3, 10.0, "μs")
    t = _times(t_us)
    ret: NDArray[np.float64] = stats.norm.pdf(t, loc=number(t0_us, "t0_us", "μs"), scale=sigma_us)
    return ret


def _cdf(t_us: np.ndarray, population: str, t0_us: float, sigma_us: float) -> NDArray[np.float64]:
    tau_pi = TAU_PI_NS * 1e-3
    c_pi = stats.exponnorm.cdf(t_us, tau_pi / sigma_us, loc=t0_us, scale=sigma_us)
    if population == "prompt":
        ret: NDArray[np.float64] = c_pi
        return ret
    # pulse ⊗ exp(τ_π) ⊗ exp(τ_μ): the two-exponential (hypoexponential) density is
    # [τ_μ·Exp(τ_μ) − τ_π·Exp(τ_π)]/(τ_μ − τ_π), so its convolution with the Gaussian is the same
    # combination of exponentially modified Gaussians.
    c_mu = stats.exponnorm.cdf(t_us, TAU_MU_US / sigma_us, loc=t0_us, scale=sigma_us)
    ret = (TAU_MU_US * c_mu - tau_pi * c_pi) / (TAU_MU_US - tau_pi)
    return ret


def arrival_time_density(t_us: ArrayLike, population: str, t0_us: float = PULSE_T0_US,
                         sigma_us: float = PULSE_SIGMA_US) -> NDArray[np.float64]:
    """Arrival-time density (1/μs, integrates to 1 over all t) of the prompt or delayed population."""
    _check_population(population)
    in_range(sigma_us, "sigma_us", 1e-3, 10.0, "μs")
    number(t0_us, "t0_us", "μs")
    t = _times(t_us)
    tau_pi = TAU_PI_NS * 1e-3
    d_pi = stats.exponnorm.pdf(t, tau_pi / sigma_us, loc=t0_us, scale=sigma_us)
    if population == "prompt":
        ret: NDArray[np.float64] = d_pi
        return ret
    d_mu = stats.exponnorm.pdf(t, TAU_MU_US / sigma_us, loc=t0_us, scale=sigma_us)
    ret = (TAU_MU_US * d_mu - tau_pi * d_pi) / (TAU_MU_US - tau_pi)
    return ret


def arrival_time_pdf(population: str, t_edges_us: ArrayLike = T_EDGES_US, *, t0_us: float = PULSE_T0_US,
                     sigma_us: float = PULSE_SIGMA_US, normalize: bool = True) -> np.ndarray:
    """Binned arrival-time probabilities of the analytic model on ``t_edges_us`` (μs).

    With ``normalize=True`` (default) the bins sum to 1, as the release's ``arrivalTimePDF_*.txt``
    files do over 0–12 μs; with ``False`` each bin holds the probability of the full (untruncated)
    distribution, so the sum is the fraction inside the window.
    """
    _check_population(population)
    in_range(sigma_us, "sigma_us", 1e-3, 10.0, "μs")
    edges = np.asarray(t_edges_us, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError(f"t_edges_us must be an increasing 1-D array of at least 2 edges, got {t_edges_us!r}")
    p = np.diff(_cdf(edges, population, t0_us, sigma_us))
    if normalize:
        s = p.sum()
        if s <= 0:
            raise ValueError(f"no {population} neutrinos arrive between {edges[0]} and {edges[-1]} μs")
        p = p / s
    return p


def fraction_in_window(t_start_us: float, t_stop_us: float, population: str) -> float:
    """Fraction of a population's neutrinos arriving in [t_start_us, t_stop_us) (untruncated model)."""
    _check_population(population)
    t_start_us, t_stop_us = number(t_start_us, "t_start_us", "μs"), number(t_stop_us, "t_stop_us", "μs")
    if not t_stop_us > t_start_us:
        raise ValueError(f"need t_stop_us > t_start_us, got {t_start_us} and {t_stop_us}")
    c = _cdf(np.array([t_start_us, t_stop_us], dtype=float), population, PULSE_T0_US, PULSE_SIGMA_US)
    return float(c[1] - c[0])


def duty_factor(window_us: float = PULSE_FULL_WIDTH_US, rep_rate_hz: float = SNS_REP_RATE_HZ) -> float:
    """Fraction of wall-clock time a detector listens if it looks only ``window_us`` after each pulse.

    Steady-state backgrounds (cosmics, radioactivity) scale with this fraction; the beam signal
    does not. The proton pulse alone: 60 Hz × 0.8 μs ≈ 4.8×10⁻⁵ ("~4×10⁻⁵", Akimov et al. 2017).
    """
    r = number(rep_rate_hz, "rep_rate_hz", "Hz", lo=0.0, lo_open=True)
    w = in_range(window_us, "window_us", 0.0, 1e6 / r, "μs")
    return w * 1e-6 * r
