"""Bad input to the library's public API (issue 13, area ``api``): refused with a message naming the argument.

Table-driven: each row is a public function of ``physics``, ``experiment`` or ``bsm``, a call that is legal, the
argument to spoil and the hostile values to put there. Every (row, value) pair is one case; the harness
(``harness.api_call``) classifies it. A spoiled argument must raise ``ValueError``/``TypeError`` whose message names
the argument (``names``); a NaN, an infinity, a negative count, a string, ``None`` or a boolean where a number is
documented are never silently used. Rows of legal-but-odd input check the right answer instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import harness as h
import numpy as np
import pytest

from cevns_edu.bsm import discovery, halo, magnetic_moment, neutrino_floor, nsi, sterile, weak_mixing
from cevns_edu.experiment.argon import model as ar_model
from cevns_edu.experiment.argon import xsec as ar_xsec
from cevns_edu.experiment.backgrounds import cuts, neutrons, steady_state
from cevns_edu.experiment.detector import model as det_model
from cevns_edu.experiment.detector import response
from cevns_edu.experiment.fit import assemble, minimise
from cevns_edu.physics import (
    astro_sources,
    comparison,
    context_sources,
    cross_section,
    form_factors,
    kinematics,
    nuclei,
    rates,
    sources,
)

NAN, INF = float("nan"), float("inf")
#: What no documented number may be: not a number, infinite, the wrong type.
NOT_A_NUMBER = (NAN, INF, -INF, "ten", None, True)
NEGATIVE = (-1.0, -1e-9)
GRID = np.ones((25, 24))
DISC = {"s": np.ones(3), "b": np.ones((1, 3)), "rel_unc": np.full(1, 0.1)}


@dataclass(frozen=True)
class Row:
    """A public function, a legal call, the argument spoiled and the values tried there."""

    fn: Callable[..., Any]
    good: dict[str, Any]
    arg: str
    bad: tuple[Any, ...]
    args: tuple[Any, ...] = field(default=())
    names: str | None = None  # regex the message must match; default: the argument's name

    def cases(self) -> list[Any]:
        label = f"{self.fn.__module__.removeprefix('cevns_edu.')}.{self.fn.__qualname__}"
        return [pytest.param(self, v, id=f"{label}[{self.arg}={v!r}]") for v in self.bad]


def _number_rows() -> list[Row]:
    e = {"enu_mev": 29.8}
    return [
        # physics: kinematics, form factors, cross sections
        Row(kinematics.t_max_kev, {"enu_mev": 30.0, "nucleus": "Cs133"}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(kinematics.q_mev, {"recoil_kev": 5.0, "nucleus": "Cs133"}, "recoil_kev", NOT_A_NUMBER + NEGATIVE),
        Row(kinematics.enu_min_mev, {"recoil_kev": 5.0, "nucleus": "Cs133"}, "recoil_kev", NOT_A_NUMBER + NEGATIVE),
        Row(kinematics.t_max_kev, {"enu_mev": 30.0, "nucleus": "Cs133"}, "nucleus", ("Xx999", 133, None, ""),
            names="nucleus|Xx999|known|unknown"),
        Row(form_factors.helm, {"q_mev": 10.0, "a_mass": 133}, "q_mev", NOT_A_NUMBER + NEGATIVE),
        Row(form_factors.helm, {"q_mev": 10.0, "a_mass": 133}, "a_mass", (0, -5, 0.5, NAN, "133", None, True, 1000)),
        Row(form_factors.helm, {"q_mev": 10.0, "a_mass": 133}, "rms_radius_fm", (0.0, -1.0, NAN, INF, "4.8")),
        Row(form_factors.klein_nystrand, {"q_mev": 10.0, "a_mass": 133}, "a_mass", (0, -5, NAN, "133", None)),
        Row(form_factors.klein_nystrand, {"q_mev": 10.0, "a_mass": 133}, "q_mev", NOT_A_NUMBER + NEGATIVE),
        Row(form_factors.symmetrized_fermi, {"q_mev": 10.0, "a_mass": 133}, "a_mass", (0, -5, NAN, "133", None)),
        Row(form_factors.symmetrized_fermi, {"q_mev": 10.0, "a_mass": 133}, "q_mev", NOT_A_NUMBER + NEGATIVE),
        Row(form_factors.unity, {"q_mev": 10.0, "a_mass": 133}, "q_mev", NOT_A_NUMBER + NEGATIVE),
        Row(form_factors.form_factor, {"q_mev": 10.0, "nucleus": "Cs133", "model": "helm"}, "model",
            ("Helm!", "", None, 3)),
        Row(form_factors.helm_r0_fm, {"a_mass": 133}, "a_mass", (0, -1, NAN, "x", None)),
        Row(cross_section.sigma_total, {**e, "nucleus": "Cs133"}, "enu_mev", NOT_A_NUMBER + NEGATIVE + (1e100, 2e4)),
        Row(cross_section.sigma_total, {**e, "nucleus": "Cs133"}, "q_w", (NAN, INF, "75", True)),
        Row(cross_section.sigma_total, {**e, "nucleus": "Cs133"}, "rms_radius_fm", (NAN, -1.0, 0.0, "4.8")),
        Row(cross_section.sigma_total, {**e, "nucleus": "Cs133"}, "form_factor_model", ("none!", "", None)),
        Row(cross_section.dsigma_dt, {**e, "recoil_kev": 5.0, "nucleus": "Cs133"}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(cross_section.dsigma_dt, {**e, "recoil_kev": 5.0, "nucleus": "Cs133"}, "recoil_kev",
            NOT_A_NUMBER + NEGATIVE),
        Row(cross_section.dsigma_dt, {**e, "recoil_kev": 5.0, "nucleus": "Cs133"}, "q_w", (NAN, INF, "75")),
        Row(cross_section.weak_charge, {"nucleus": "Cs133"}, "sin2_theta_w", (NAN, INF, -0.1, 1.5, "0.23", None)),
        Row(cross_section.nucleon_vector_couplings, {}, "sin2_theta_w", (NAN, -0.1, 1.5, "0.23", None)),
        Row(cross_section.sigma_ibd, e, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(cross_section.sigma_nu_e_elastic, e, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(cross_section.sigma_nu_e_elastic, e, "flavor", ("tau!", "", None)),
        # physics: sources
        Row(sources.michel_nue, {"enu_mev": 30.0}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(sources.michel_numubar, {"enu_mev": 30.0}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(sources.spectrum, {"enu_mev": 30.0, "flavor": "nue"}, "flavor", ("nutau", "", None)),
        Row(sources.spectrum, {"enu_mev": 30.0, "flavor": "nue"}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(sources.mean_energy_mev, {"flavor": "nue"}, "flavor", ("nutau", None)),
        Row(sources.protons_on_target, {"exposure_gwh": 7.5}, "exposure_gwh", NOT_A_NUMBER + NEGATIVE),
        Row(sources.protons_on_target, {"exposure_gwh": 7.5}, "proton_energy_gev", (0.0, -1.0, NAN, INF, "1")),
        Row(sources.protons_per_second, {}, "beam_power_mw", (NAN, INF, -1.0, "1.4", None)),
        Row(sources.protons_per_second, {}, "proton_energy_gev", (0.0, -1.0, NAN, "1")),
        Row(sources.fluence_per_cm2, {"distance_m": 20.0, "n_protons": 1e23}, "distance_m",
            NOT_A_NUMBER + NEGATIVE + (0.0,)),
        Row(sources.fluence_per_cm2, {"distance_m": 20.0, "n_protons": 1e23}, "n_protons", NOT_A_NUMBER + NEGATIVE),
        Row(sources.fluence_per_cm2, {"distance_m": 20.0, "n_protons": 1e23}, "nu_per_proton", (NAN, -0.1, "0.08")),
        Row(sources.flux_per_cm2_s, {"distance_m": 20.0}, "distance_m", NOT_A_NUMBER + NEGATIVE + (0.0,)),
        Row(sources.flux_per_cm2_s, {"distance_m": 20.0}, "beam_power_mw", (NAN, -1.0, "1.4")),
        Row(sources.total_flux_per_cm2_s, {"distance_m": 20.0}, "distance_m", (NAN, -1.0, 0.0, "20")),
        Row(sources.pulse_density, {"t_us": 1.0}, "sigma_us", (0.0, -1.0, NAN, "0.1")),
        Row(sources.pulse_density, {"t_us": 1.0}, "t_us", (NAN, "1", None)),
        Row(sources.arrival_time_density, {"t_us": 1.0, "population": "prompt"}, "population", ("late", "", None)),
        Row(sources.arrival_time_density, {"t_us": 1.0, "population": "prompt"}, "sigma_us", (0.0, -1.0, NAN)),
        Row(sources.fraction_in_window, {"t_start_us": 0.0, "t_stop_us": 1.0, "population": "prompt"}, "t_stop_us",
            (NAN, INF, "1", None, -1.0)),
        Row(sources.fraction_in_window, {"t_start_us": 0.0, "t_stop_us": 1.0, "population": "prompt"},
            "population", ("late", None)),
        Row(sources.duty_factor, {}, "window_us", (NAN, -1.0, 2e4, "0.8", None)),
        Row(sources.duty_factor, {}, "rep_rate_hz", (NAN, -1.0, 0.0, "60", None)),
        Row(astro_sources.flux_spectrum, {"enu_mev": 10.0, "source": "8B"}, "source", ("pp!", "", None)),
        Row(astro_sources.flux_spectrum, {"enu_mev": 10.0, "source": "8B"}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(astro_sources.solar_b8_spectrum, {"enu_mev": 10.0}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(context_sources.reactor_spectrum, {"enu_mev": 3.0}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(context_sources.reactor_flux_per_cm2_s_mev, {"enu_mev": 3.0}, "thermal_power_gw", (NAN, -1.0, "3")),
        Row(context_sources.reactor_flux_per_cm2_s_mev, {"enu_mev": 3.0}, "distance_m", (NAN, -1.0, 0.0, "20")),
        Row(context_sources.supernova_spectrum, {"enu_mev": 10.0}, "mean_energy_mev", (NAN, -1.0, 0.0, "14")),
        Row(context_sources.supernova_spectrum, {"enu_mev": 10.0}, "alpha", (NAN, INF, "2.5", None)),
        Row(context_sources.supernova_fluence_per_cm2_mev, {"enu_mev": 10.0}, "distance_kpc", (NAN, -1.0, 0.0, "10")),
        Row(context_sources.supernova_fluence_per_cm2_mev, {"enu_mev": 10.0}, "species", ("nux!", None)),
        # physics: rates, comparison
        Row(rates.recoil_grid_kev, {}, "n_bins", (0, -1, 1.5, NAN, "500", None, True)),
        Row(rates.fluence_per_flavor, {"distance_m": 19.3, "exposure_gwh": 7.5}, "distance_m",
            (NAN, -1.0, 0.0, "19.3", None)),
        Row(rates.fluence_per_flavor, {"distance_m": 19.3, "exposure_gwh": 7.5}, "exposure_gwh",
            (NAN, INF, -1.0, "7.5", None)),
        Row(rates.dn_dt, {"recoil_kev": 5.0}, "mass_kg", (NAN, INF, -1.0, "14.6")),
        Row(rates.dn_dt, {"recoil_kev": 5.0}, "distance_m", (NAN, -1.0, 0.0)),
        Row(rates.dn_dt, {"recoil_kev": 5.0}, "recoil_kev", NOT_A_NUMBER + NEGATIVE),
        Row(rates.n_events, {}, "threshold_kev", (NAN, INF, -1.0, "1")),
        Row(rates.n_events, {}, "material", ("Unobtainium", None, 3), names="material|Unobtainium|known|unknown"),
        Row(comparison.sigma_per_kg_cm2, {**e, "process": "cevns"}, "process", ("magic", "", None)),
        Row(comparison.sigma_per_kg_cm2, {**e, "process": "cevns"}, "enu_mev", NOT_A_NUMBER + NEGATIVE),
        Row(comparison.mass_for_same_rate_kg, {"enu_mev": 29.8, "process": "ibd", "material": "water"},
            "reference_mass_kg", (NAN, -1.0, 0.0, "14")),
        Row(comparison.mass_for_same_rate_kg, {"enu_mev": 29.8, "process": "ibd", "material": "water"},
            "enu_mev", (NAN, -1.0, INF, "30")),
        Row(comparison.sigma_total_helm_radius, {**e, "nucleus": "Cs133", "rms_radius_fm": 4.8}, "rms_radius_fm",
            (NAN, -1.0, 0.0, "4.8", None)),
        Row(nuclei.get_nucleus, {"name": "Cs133"}, "name", ("Cs999", "", None, 133), names="nucleus|Cs999|known"),
        Row(nuclei.get_material, {"name": "CsI"}, "name", ("CsBr", "", None), names="material|CsBr|known"),
        # experiment: detector
        Row(det_model.acceptance, {"pe": 20.0}, "a", (-1.0, 0.0, 1.5, NAN, "0.66", None)),
        Row(det_model.acceptance, {"pe": 20.0}, "k", (NAN, INF, 0.0, -0.5, "0.49")),
        Row(det_model.acceptance, {"pe": 20.0}, "x0", (NAN, INF, "10.8")),
        Row(det_model.acceptance, {"pe": 20.0}, "pe", NOT_A_NUMBER + NEGATIVE),
        Row(det_model.acceptance, {"pe": 20.0}, "threshold_pe", (NAN, -1.0, "5")),
        Row(response.poisson_matrix, {"mean_pe": [1.0, 2.0]}, "n_max", (0, -1, 2.5, NAN, "50", None)),
        Row(response.poisson_matrix, {"mean_pe": [1.0, 2.0]}, "mean_pe", (NAN, [-1.0], "1", None)),
        # experiment: backgrounds
        Row(steady_state.steady_state_template, {"ac_counts": GRID}, "ac_counts",
            (-GRID, np.full((25, 24), NAN), np.ones((3, 3)), np.ones(600), "counts", None)),
        Row(steady_state.steady_state_template, {"ac_counts": GRID}, "tau_us", (0.0, -1.0, NAN, "16")),
        Row(steady_state.steady_state_template, {"ac_counts": GRID}, "time_shape", ("wavy", "", None)),
        Row(steady_state.time_shape_test, {"counts": GRID}, "counts",
            (np.ones((3, 3)), np.ones(600), -GRID, np.full((25, 24), NAN), "x", None)),
        Row(steady_state.time_shape_test, {"counts": GRID}, "pe_max", (NAN, -1.0, 2.0, "30")),
        Row(cuts.window_yields, {"components": {"cevns": GRID}}, "components",
            ({"cevns": np.ones((3, 3))}, {"cevns": -GRID}, {"cevns": np.full((25, 24), NAN)}, {}, None, GRID)),
        Row(cuts.window_yields, {"components": {"cevns": GRID}}, "pe_max", (NAN, 2.0, -1.0, "30")),
        Row(cuts.window_yields, {"components": {"cevns": GRID}}, "t_max_us", (NAN, -1.0, "6")),
        Row(neutrons.brn_template, {"brn_pe_per_gwh": np.ones(50), "time_pdf": np.full(24, 1 / 24),
                                    "exposure_gwh": 7.5}, "exposure_gwh", (NAN, INF, -1.0, "7.5", None)),
        Row(neutrons.brn_template, {"brn_pe_per_gwh": np.ones(50), "time_pdf": np.full(24, 1 / 24),
                                    "exposure_gwh": 7.5}, "brn_pe_per_gwh",
            (-np.ones(50), np.full(50, NAN), np.ones(7), None)),
        Row(neutrons.brn_template, {"brn_pe_per_gwh": np.ones(50), "time_pdf": np.full(24, 1 / 24),
                                    "exposure_gwh": 7.5}, "time_pdf", (-np.ones(24), np.ones(5), None)),
        Row(neutrons.nin_template, {}, "n_region", (NAN, INF, -1.0, "4")),
        # experiment: fit
        Row(assemble.fit_release, {"release": "x"}, "release", ("x", None, 3, GRID)),
        Row(assemble.steady_state_time_slope, {"windows": [GRID]}, "windows", ([np.ones((3, 3))], [-GRID], [], None)),
        Row(minimise.profile_scan, {"result": None}, "result", (None, "fit", 3)),
        # experiment: argon
        Row(ar_model.f90_shape, {}, "sigma", (0.0, -0.1, NAN, "0.08")),
        Row(ar_model.f90_shape, {}, "mean", (NAN, INF, "0.66", None)),
        Row(ar_xsec.measured_sigma, {"material": "Ar", "n_fit": 159.0, "n_fit_err": 43.0, "n_sm": 128.0,
                                     "rel_err_flux": 0.1}, "n_fit_err", (NAN, -1.0, "43", None)),
        Row(ar_xsec.measured_sigma, {"material": "Ar", "n_fit": 159.0, "n_fit_err": 43.0, "n_sm": 128.0,
                                     "rel_err_flux": 0.1}, "n_sm", (NAN, 0.0, -1.0, "128", None)),
        Row(ar_xsec.measured_sigma, {"material": "Ar", "n_fit": 159.0, "n_fit_err": 43.0, "n_sm": 128.0,
                                     "rel_err_flux": 0.1}, "rel_err_flux", (NAN, -0.1, "0.1", None)),
        Row(ar_xsec.measured_sigma, {"material": "Ar", "n_fit": 159.0, "n_fit_err": 43.0, "n_sm": 128.0,
                                     "rel_err_flux": 0.1}, "n_fit", (NAN, INF, "159", None)),
        Row(ar_xsec.mean_n_squared, {"material": "Ar"}, "material", ("Kr!", None), names="material|Kr!|known"),
        Row(ar_xsec.csi_measured_sigma, {}, "n_fit_err", (NAN, -1.0, "22")),
        # bsm
        Row(halo.Halo, {}, "rho_gev_cm3", (-0.3, 0.0, NAN, INF, "0.3", None)),
        Row(halo.Halo, {}, "v0_km_s", (-220.0, 0.0, NAN, "220")),
        Row(halo.Halo, {}, "vesc_km_s", (-544.0, 0.0, NAN, "544")),
        Row(halo.Halo, {}, "vearth_km_s", (-1.0, NAN, "232")),
        Row(halo.eta, {"vmin_km_s": 100.0}, "vmin_km_s", NOT_A_NUMBER + NEGATIVE),
        Row(halo.wimp_recoil_spectrum, {"recoil_kev": 10.0, "mass_gev": 100.0, "sigma_n_cm2": 1e-46}, "mass_gev",
            (0.0, -100.0, NAN, INF, "100", None)),
        Row(halo.wimp_recoil_spectrum, {"recoil_kev": 10.0, "mass_gev": 100.0, "sigma_n_cm2": 1e-46}, "sigma_n_cm2",
            (-1e-46, NAN, INF, "1e-46", None)),
        Row(halo.wimp_recoil_spectrum, {"recoil_kev": 10.0, "mass_gev": 100.0, "sigma_n_cm2": 1e-46},
            "recoil_kev", NOT_A_NUMBER + NEGATIVE),
        Row(halo.wimp_recoil_spectrum, {"recoil_kev": 10.0, "mass_gev": 100.0, "sigma_n_cm2": 1e-46}, "target",
            ("Pb", "", None)),
        Row(neutrino_floor.integrated_rate, {"target": "Xe", "source": "8B", "threshold_kev": 1.0}, "upper_kev",
            (0.5, NAN, -1.0, "200", None)),
        Row(neutrino_floor.integrated_rate, {"target": "Xe", "source": "8B", "threshold_kev": 1.0}, "threshold_kev",
            (NAN, -1.0, "1", None)),
        Row(neutrino_floor.integrated_rate, {"target": "Xe", "source": "8B", "threshold_kev": 1.0}, "source",
            ("pp!", None)),
        Row(neutrino_floor.discovery_limit, {"mass_gev": 10.0}, "n_neutrino_events", (-1.0, 0.0, NAN, INF, "500")),
        Row(neutrino_floor.discovery_limit, {"mass_gev": 10.0}, "mass_gev", (0.0, -1.0, NAN, INF, "10", None)),
        Row(neutrino_floor.discovery_limit, {"mass_gev": 10.0}, "exposure_t_yr", (0.0, -1.0, NAN, "1")),
        Row(neutrino_floor.discovery_limit, {"mass_gev": 10.0}, "z_discovery", (0.0, -3.0, NAN, "3")),
        Row(neutrino_floor.discovery_limit, {"mass_gev": 10.0}, "power", (0.3, 1.0, NAN, "0.9", None)),
        Row(neutrino_floor.discovery_limit, {"mass_gev": 10.0}, "fluxes", ({"8B": 5.69e6}, {s: -1.0 for s in
            ("8B", "hep", "atm", "DSNB")})),
        Row(neutrino_floor.neutrino_floor, {"masses_gev": [10.0]}, "masses_gev", ([0.0], [-1.0], [NAN], "10", None)),
        Row(neutrino_floor.neutrino_floor, {"masses_gev": [10.0]}, "n_neutrino_events", (-1.0, 0.0, NAN)),
        Row(neutrino_floor.neutrino_recoil_spectrum, {"recoil_kev": 1.0}, "recoil_kev", NOT_A_NUMBER + NEGATIVE),
        Row(discovery.log_bins, {"threshold_kev": 1.0}, "n_bins", (0, -1, 2.5, "30", None)),
        Row(discovery.log_bins, {"threshold_kev": 1.0}, "threshold_kev", (0.0, -1.0, NAN, 200.0, "1")),
        Row(discovery.discovery_significance, DISC, "b",
            (np.ones((1, 4)), np.ones(3), -np.ones((1, 3)), np.full((1, 3), NAN), None)),
        Row(discovery.discovery_significance, DISC, "s", (np.ones(2), -np.ones(3), np.full(3, NAN), None)),
        Row(discovery.discovery_significance, DISC, "rel_unc", (np.ones(5), -np.ones(1), np.zeros(1), np.full(1, NAN))),
        Row(magnetic_moment.dsigma_dt_magnetic, {**e, "recoil_kev": 5.0, "nucleus": "Cs133", "mu_nu_bohr": 1e-9},
            "mu_nu_bohr", (NAN, INF, -1e-9, "1e-9", None)),
        Row(magnetic_moment.dsigma_dt_magnetic, {**e, "recoil_kev": 5.0, "nucleus": "Cs133", "mu_nu_bohr": 1e-9},
            "recoil_kev", NOT_A_NUMBER + NEGATIVE),
        Row(magnetic_moment.em_to_weak_ratio, {**e, "recoil_kev": 5.0, "nucleus": "Cs133", "mu_nu_bohr": 1e-9},
            "mu_nu_bohr", (NAN, -1e-9, "1e-9")),
        Row(magnetic_moment.dsigma_with_magnetic_moment, {"mu_nu_bohr": 1e-9}, "mu_nu_bohr", (NAN, INF, -1e-9, "x")),
        Row(nsi.NSICouplings, {}, "ee_u", (NAN, INF, "0.1", None)),
        Row(nsi.NSICouplings, {}, "mumu_d", (NAN, INF, "0.1")),
        Row(nsi.weak_charge_nsi, {"nucleus": "Cs133"}, "eps_u", (NAN, INF, "0.1", None)),
        Row(nsi.weak_charge_nsi, {"nucleus": "Cs133"}, "sin2_theta_w", (NAN, -0.1, 1.5, "0.23")),
        Row(nsi.rate_factor, {"nucleus": "Cs133"}, "eps_d", (NAN, INF, "0.1")),
        Row(sterile.survival_probability, {"enu_mev": 30.0, "baseline_m": 19.3, "dm2_ev2": 1.0, "sin2_2theta": 0.1},
            "sin2_2theta", (-0.1, 1.5, NAN, "0.1", None)),
        Row(sterile.survival_probability, {"enu_mev": 30.0, "baseline_m": 19.3, "dm2_ev2": 1.0, "sin2_2theta": 0.1},
            "dm2_ev2", (-1.0, NAN, INF, "1", None)),
        Row(sterile.survival_probability, {"enu_mev": 30.0, "baseline_m": 19.3, "dm2_ev2": 1.0, "sin2_2theta": 0.1},
            "baseline_m", (-1.0, NAN, INF, "19.3", None)),
        Row(sterile.survival_probability, {"enu_mev": 30.0, "baseline_m": 19.3, "dm2_ev2": 1.0, "sin2_2theta": 0.1},
            "enu_mev", (-1.0, 0.0, NAN, "30", None)),
        Row(sterile.rate_fraction, {"dm2_ev2": 1.0}, "sin2_2theta_mumu", (-0.1, 1.5, NAN, "0.1")),
        Row(sterile.rate_fraction, {"dm2_ev2": 1.0}, "dm2_ev2", (-1.0, NAN, "1")),
        Row(sterile.excluded_sin2_2theta, {"rate_uncertainty": 0.3, "dm2_ev2": 1.0}, "rate_uncertainty",
            (0.0, -0.3, NAN, INF, "0.3", None)),
        Row(sterile.excluded_sin2_2theta, {"rate_uncertainty": 0.3, "dm2_ev2": 1.0}, "flavor", ("tautau", None)),
        Row(weak_mixing.sin2_theta_w_running, {"q_gev": 0.05}, "q_gev", (NAN, -1.0, "0.05", None)),
        Row(weak_mixing.rate_factor, {"target": "CsI", "sin2_theta_w": 0.23}, "sin2_theta_w", (NAN, -0.1, 1.5, "x")),
        Row(weak_mixing.sin2_from_rate_factor, {"target": "CsI", "factor": 1.0}, "factor", (NAN, -1.0, INF, "1")),
        Row(weak_mixing.typical_q_mev, {"target": "CsI", "recoil_kev": 10.0}, "recoil_kev", (NAN, -1.0, INF, "10")),
    ]


ROWS = _number_rows()
CASES = [c for row in ROWS for c in row.cases()]


def _call(row: Row, value: Any) -> h.Verdict:
    kwargs = {**row.good, row.arg: value}
    names = row.names or rf"\b{row.arg}\b"
    return h.api_call(row.fn, *row.args, names=names, **kwargs)


@pytest.mark.parametrize("row, value", CASES)
def test_bad_argument_is_refused(record, row, value):
    record("api", _call(row, value))


# (rows whose legal call needs a release are left out: their legal use is covered by tests/validation)
@pytest.mark.parametrize("row", [r for r in ROWS if r.arg not in ("release", "result", "windows")], ids=lambda r: f"{r.fn.__module__.removeprefix('cevns_edu.')}.{r.fn.__qualname__}"
                                                    f"[{r.arg}]")
def test_the_legal_call_of_each_row_works(row):
    # a row whose own legal call fails would make its bad cases prove nothing
    row.fn(*row.args, **row.good)


# Legal but odd input: the right answer, not a refusal.
RIGHT = [
    ("sigma_total at E = 0 is 0", lambda: float(cross_section.sigma_total(0.0, "Cs133")), lambda v: v == 0.0),
    ("helm at q = 0 is 1", lambda: float(form_factors.helm(0.0, 133)), lambda v: v == pytest.approx(1.0)),
    ("T_max of an empty array is empty", lambda: kinematics.t_max_kev(np.array([]), "Cs133"), lambda v: v.size == 0),
    ("acceptance below 5 PE is 0", lambda: float(det_model.acceptance(4.0)), lambda v: v == 0.0),
    ("acceptance is at most a", lambda: float(det_model.acceptance(1e6)), lambda v: 0 < v <= 0.6655 + 1e-12),
    ("σ at 1e-200 MeV is 0, not NaN", lambda: float(cross_section.sigma_total(1e-200, "Cs133")), lambda v: v == 0.0),
    ("σ at 1e-3 MeV is tiny and finite", lambda: float(cross_section.sigma_total(1e-3, "Cs133")),
     lambda v: 0 < v < 1e-44 and math.isfinite(v)),
    ("σ at 1 GeV is finite and below the point-nucleus value", lambda: float(cross_section.sigma_total(1000.0, "Cs133")),
     lambda v: 0 < v < float(cross_section.sigma_total(1000.0, "Cs133", "none")) and math.isfinite(v)),
    ("survival without mixing is 1", lambda: float(sterile.survival_probability(30.0, 19.3, 1.0, 0.0)),
     lambda v: v == 1.0),
    ("integrated ⁸B rate above its Xe endpoint (4.7 keV) is nil", lambda: neutrino_floor.integrated_rate("Xe", "8B", 50.0),
     lambda v: 0.0 <= v < 1e-200),
    ("duty factor of the SNS ≈ 4.8e-5", lambda: sources.duty_factor(), lambda v: 3e-5 < v < 6e-5),
]


@pytest.mark.parametrize("name, call, check", RIGHT, ids=[r[0] for r in RIGHT])
def test_odd_but_legal_input_gives_the_right_answer(record, name, call, check):
    record("api", h.api_call(call, check=check))
