"""Panels of notebooks 03–07 and the presenter dashboard, built as the notebooks build them (on the seeded
simulated replica where data are needed): each control moved through valid values changes the readout
and the figure's artists the way the physics (or another route through the library) says it must, and
an invalid value is rejected with a ValueError naming the control.

Expectations are independent of the panels' code: closed-form physics (flux ∝ P/(E_p L²), duty factor
60 Hz × window, muon-decay timing, weak charges of Cs and I, μ² and 1/T scaling, WIMP kinematics), or
the same number reached through a different library route (``predict``, ``fit_release``,
``region_mask``, ``Release.region_counts``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from cevns_edu.core.binning import region_mask
from cevns_edu.experiment.argon import xsec
from cevns_edu.experiment.detector import DetectorModel, predict
from cevns_edu.experiment.fit import fit_release

# --- imports from the experiment and data layers (kept together: modules are moving) ---------------
from cevns_edu.experiment.replica import release_or_replica

# --- public entry points the notebooks use -----------------------------------------------------------
from cevns_edu.widgets import bsm as B
from cevns_edu.widgets.backgrounds import CutsPanel, data_banner
from cevns_edu.widgets.detector import DetectorPanel
from cevns_edu.widgets.fit import ModelTermsPanel, RefitPanel, banner
from cevns_edu.widgets.presenter import MIN_FONT_PT, Dashboard
from cevns_edu.widgets.source import FluxPanel, TimeWindowPanel

E_CHARGE_C = 1.602176634e-19  # CODATA 2018 (exact): J per eV
NU_PER_PROTON_PER_FLAVOR = 0.08  # Akimov et al. (COHERENT), Science 357, 1123 (2017): r = 0.08 ± 0.02
TAU_MU_US = 2.1969811  # PDG muon lifetime
PULSE_PEAK_US = 0.7  # the release clock's pulse peak (release documentation; notebook 03 axis label)
CS133, I127 = (55, 78), (53, 74)  # (Z, N)
SIN2_LOW_Q = 0.23857  # PDG: sin²θ_W(MS-bar) at Q → 0


@pytest.fixture(scope="module")
def rel():
    r = release_or_replica()  # conftest hides the real release, as for the notebooks under test
    assert r.is_simulated
    return r


def _text(widget) -> str:
    return widget.value


def _rejects(panel, **bad) -> None:
    before = panel.params
    name = next(iter(bad))
    with pytest.raises(ValueError, match=name):
        panel.update(**bad)
    assert panel.params == before, "a rejected value must leave every control as it was"


# --- notebook 03: the source -------------------------------------------------------------------------

def _flux_expected(power_mw: float, e_gev: float, d_m: float) -> float:
    """Φ = 3 r P / (E_p e) / (4π L²), ν cm⁻² s⁻¹, all three π-DAR flavours."""
    pps = power_mw * 1e6 / (e_gev * 1e9 * E_CHARGE_C)
    return 3 * NU_PER_PROTON_PER_FLAVOR * pps / (4 * math.pi * (100 * d_m) ** 2)


@pytest.fixture(scope="module")
def flux_panel():
    return FluxPanel()


@pytest.mark.parametrize("power, e_p, dist", [(1.4, 1.0, 19.3), (2.8, 1.0, 19.3), (1.4, 1.0, 38.6),
                                              (0.1, 1.5, 5.0), (2.0, 0.5, 60.0)])
def test_flux_panel_follows_power_energy_and_inverse_square(flux_panel, power, e_p, dist):
    r = flux_panel.update(beam_power_mw=power, proton_energy_gev=e_p, distance_m=dist)
    want = _flux_expected(power, e_p, dist)
    assert r["flux_at"] == pytest.approx(want, rel=1e-3)
    # figure: the curve is Φ(L) on the panel's distance grid, the marker sits at (L, Φ(L))
    curve, marker = flux_panel.plot._curve, flux_panel.plot._mark
    d = curve.get_xdata()
    np.testing.assert_allclose(curve.get_ydata(), [_flux_expected(power, e_p, x) for x in d], rtol=1e-3)
    assert marker.get_xdata()[0] == pytest.approx(dist) and marker.get_ydata()[0] == pytest.approx(want, rel=1e-3)
    assert f"Φ = {want:.2e}" in _text(flux_panel.readout)
    assert f"at {dist:.1f} m" in _text(flux_panel.readout)


def test_flux_panel_doubling_distance_quarters_flux(flux_panel):
    a = flux_panel.update(beam_power_mw=1.4, proton_energy_gev=1.0, distance_m=20.0)["flux_at"]
    b = flux_panel.update(distance_m=40.0)["flux_at"]
    assert a / b == pytest.approx(4.0, rel=1e-9)


@pytest.mark.parametrize("bad", [{"beam_power_mw": 0.0}, {"beam_power_mw": 3.0}, {"proton_energy_gev": 2.0},
                                 {"distance_m": 4.0}, {"distance_m": float("nan")}, {"distance_m": "far"}])
def test_flux_panel_rejects_invalid(flux_panel, bad):
    _rejects(flux_panel, **bad)


@pytest.fixture(scope="module")
def window_panel():
    return TimeWindowPanel()


def _delayed_fraction(t0: float, t1: float) -> float:
    """Muon-decay ν arriving in [t0, t1) for a pulse at PULSE_PEAK_US (pulse width and τ_π neglected)."""
    a, b = max(t0 - PULSE_PEAK_US, 0.0), max(t1 - PULSE_PEAK_US, 0.0)
    return math.exp(-a / TAU_MU_US) - math.exp(-b / TAU_MU_US)


@pytest.mark.parametrize("window", [(0.0, 6.0), (0.0, 1.5), (0.0, 12.0), (2.0, 8.0), (1.5, 12.0)])
def test_time_window_panel_kept_fractions_and_duty_factor(window_panel, window):
    t0, t1 = window
    window_panel.update(window_us=window)
    last = window_panel._last
    assert last["duty"] == pytest.approx(60.0 * (t1 - t0) * 1e-6, rel=1e-9)  # 60 Hz × window
    assert last["fd"] == pytest.approx(_delayed_fraction(t0, t1), abs=0.02)
    # the prompt line (26 ns pion) arrives with the ~0.4 μs pulse: all of it inside any window covering 0–1.5 μs
    assert last["fp"] == pytest.approx(1.0 if t0 == 0.0 else 0.0, abs=0.02)
    span = window_panel.plot._window
    assert span.get_x() == pytest.approx(t0) and span.get_width() == pytest.approx(t1 - t0)
    assert f"duty factor <b>{60 * (t1 - t0) * 1e-6:.2e}</b>" in _text(window_panel.readout)


@pytest.mark.parametrize("bad", [(-1.0, 5.0), (5.0, 13.0), (6.0, 3.0), "0-6", (0.0, float("inf"))])
def test_time_window_panel_rejects_invalid(window_panel, bad):
    _rejects(window_panel, window_us=bad)


# --- notebook 04: the detector -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def detector_panel():
    return DetectorPanel()


@pytest.mark.parametrize("qf, ly, thr", [(0.0878, 13.348, 5.0), (0.0712, 13.348, 5.0), (0.0878, 20.0, 5.0),
                                         (0.0878, 13.348, 8.0), (0.12, 7.0, 0.0)])
def test_detector_panel_matches_library_prediction(detector_panel, qf, ly, thr):
    r = detector_panel.update(qf=qf, light_yield=ly, threshold_pe=thr)
    p = predict(DetectorModel(qf=qf, light_yield=ly, acc_threshold_pe=thr), pe_range=(6, 30))
    assert r["n"] == pytest.approx(p.n_cevns, rel=1e-9)
    assert detector_panel._last["sigma"] == pytest.approx(p.uncertainty, rel=1e-9)
    # the plotted accepted spectrum (1-PE bins) holds the predicted count between 6 and 30 PE
    values = detector_panel.plot._total.get_data().values
    assert values[6:30].sum() == pytest.approx(p.n_cevns, rel=0.02)
    assert f"<b>{p.n_cevns:.0f} ± {p.uncertainty:.0f}</b>" in _text(detector_panel.readout)


def test_detector_panel_depends_on_qf_times_light_yield(detector_panel):
    # PE = T × QF × LY: raising QF or LY by the same factor gives the same photoelectron spectrum
    a = detector_panel.update(qf=0.0878 * 1.2, light_yield=13.348, threshold_pe=5.0)["n"]
    b = detector_panel.update(qf=0.0878, light_yield=13.348 * 1.2, threshold_pe=5.0)["n"]
    assert a == pytest.approx(b, rel=1e-6)


def test_detector_panel_moves_the_right_way(detector_panel):
    base = detector_panel.update(qf=0.0878, light_yield=13.348, threshold_pe=5.0)["n"]
    assert abs(base - 173.0) < 48.0  # Akimov et al. 2017: 173 ± 48 predicted
    assert detector_panel.update(qf=0.0712)["n"] < base  # less light per recoil → fewer above threshold
    assert detector_panel.update(qf=0.0878, threshold_pe=8.0)["n"] < base
    assert detector_panel.update(threshold_pe=5.0, light_yield=20.0)["n"] > base


@pytest.mark.parametrize("bad", [{"qf": 0.2}, {"qf": 0.0}, {"light_yield": -1.0}, {"threshold_pe": 12.5},
                                 {"threshold_pe": None}])
def test_detector_panel_rejects_invalid(detector_panel, bad):
    _rejects(detector_panel, **bad)


# --- notebook 05: backgrounds and cuts -----------------------------------------------------------------

@pytest.fixture(scope="module")
def cuts_panel(rel):
    return CutsPanel(rel)


@pytest.mark.parametrize("pe, t", [((6, 30), (0.0, 6.0)), ((2, 50), (0.0, 12.0)), ((10, 20), (1.0, 3.5))])
def test_cuts_panel_yields_are_region_sums(cuts_panel, rel, pe, t):
    r = cuts_panel.update(pe_range=pe, t_range_us=t)
    m = region_mask(pe[0], pe[1], t[0], t[1])
    for k, comp in cuts_panel.components.items():
        assert r["yields"][k] == pytest.approx(comp[m].sum(), rel=1e-9)
    assert r["n_data"] == int(np.asarray(rel.counts["C_on"])[m].sum())
    # the stacked PE histogram's top edge is the sum of all components in the time window
    top = cuts_panel.plot.stairs["cevns"][0].get_data().values
    assert top[m.any(axis=1)].sum() == pytest.approx(sum(r["yields"].values()), rel=1e-9)
    assert f"data (C, beam on): <b>{r['n_data']}</b>" in _text(cuts_panel.readout)
    span = cuts_panel.plot.span_t
    assert (span.get_x(), span.get_x() + span.get_width()) == pytest.approx(t)


def test_cuts_panel_default_is_the_analysis_region(cuts_panel, rel):
    r = cuts_panel.update(pe_range=(6, 30), t_range_us=(0.0, 6.0))
    assert r["n_data"] == rel.region_counts("C_on")  # the number notebook 05 prints


def test_cuts_panel_signal_gain_from_12us_follows_arrival_times(cuts_panel):
    # Prompt ν arrive by ~1.5 μs, delayed ones with the muon lifetime: opening the window from 6 to 12 μs
    # multiplies the signal by (f_p + f_d·k12)/(f_p + f_d·k6) with k the delayed fraction kept.
    f_p = predict(DetectorModel(), pe_range=(6, 30)).prompt_fraction
    gain = (f_p + (1 - f_p) * _delayed_fraction(0, 12)) / (f_p + (1 - f_p) * _delayed_fraction(0, 6))
    s6 = cuts_panel.update(pe_range=(6, 30), t_range_us=(0.0, 6.0))["yields"]["cevns"]
    s12 = cuts_panel.update(t_range_us=(0.0, 12.0))["yields"]["cevns"]
    assert s12 / s6 == pytest.approx(gain, rel=0.01)


@pytest.mark.parametrize("bad", [{"pe_range": (6, 60)}, {"pe_range": (30, 6)}, {"t_range_us": (0.0, 13.0)},
                                 {"t_range_us": (-0.5, 6.0)}])
def test_cuts_panel_rejects_invalid(cuts_panel, bad):
    _rejects(cuts_panel, **bad)


def test_banners_say_simulated_replica(rel):
    assert "SIMULATED REPLICA" in data_banner(rel).value
    assert "SIMULATED REPLICA" in banner(rel).value


# --- notebook 06: the fit ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fit_result(rel):
    return fit_release(rel)


@pytest.fixture(scope="module")
def terms_panel(fit_result):
    return ModelTermsPanel(fit_result)


def test_model_terms_panel_adds_terms(terms_panel):
    order = terms_panel.plot.terms
    assert order[-1] == "cevns" and len(order) == len(terms_panel.controls["n_terms"].options)
    results = [terms_panel.update(n_terms=k) for k in range(1, len(order) + 1)]
    n_model = [r["n_model"] for r in results]
    assert all(b > a for a, b in zip(n_model, n_model[1:], strict=False)), "every added term adds events"
    assert results[-1]["chi2"] < results[-2]["chi2"], "adding CEvNS improves the agreement"
    full = results[-1]
    assert abs(full["n_model"] - full["n_data"]) < 3 * math.sqrt(full["n_data"])  # the fitted model explains the data
    for k in range(1, len(results) + 1):  # the figure shows exactly the first k terms
        terms_panel.update(n_terms=k)
        shown = [all(a.get_visible() for a in terms_panel.plot.artists[t]) for t in order]
        assert shown == [i < k for i in range(len(order))]
        assert ("CEvNS" in terms_panel.plot.title.get_text()) == (k == len(order))
    assert f"<b>{full['chi2']:.0f}</b>" in _text(terms_panel.readout)


@pytest.mark.parametrize("bad", [0, 5, 2.5, "all"])
def test_model_terms_panel_rejects_invalid(terms_panel, bad):
    _rejects(terms_panel, n_terms=bad)


@pytest.fixture(scope="module")
def refit_panel(rel):
    return RefitPanel(rel)


def test_refit_panel_default_matches_the_fit(refit_panel, fit_result):
    r = refit_panel.update(qf=round(DetectorModel().qf, 4), pe_range=(6, 30), t_range_us=(0.0, 6.0))
    f = r["result"]
    assert f.n_cevns == pytest.approx(fit_result.n_cevns, rel=1e-3)
    assert f.sm_prediction == pytest.approx(fit_result.sm_prediction, rel=1e-6)
    assert f"<b>{f.n_cevns:.0f} ± {f.n_cevns_err:.0f}</b>" in _text(refit_panel.readout)
    # figure: the fitted curve in time sums to the fitted CEvNS + neutrons in the window
    fitted_t = refit_panel.plot.fit_t.get_data().values
    assert np.nansum(fitted_t) == pytest.approx(r["fitted"][r["mask"]].sum(), rel=1e-9)


def test_refit_panel_sm_prediction_follows_qf_and_prompt_window(refit_panel):
    base = refit_panel.update(qf=0.088, pe_range=(6, 30), t_range_us=(0.0, 6.0))["result"].sm_prediction
    # QF: the SM count scales as the detector prediction does (PE and time factorise in the template)
    lo = refit_panel.update(qf=0.07)["result"].sm_prediction
    want = (predict(DetectorModel(qf=0.07), pe_range=(6, 30)).n_cevns
            / predict(DetectorModel(qf=0.088), pe_range=(6, 30)).n_cevns)
    assert lo / base == pytest.approx(want, rel=0.01)
    # a 0–1.5 μs window keeps the prompt events and ~30% of the delayed ones (muon lifetime)
    f_p = predict(DetectorModel(qf=0.088), pe_range=(6, 30)).prompt_fraction
    short = refit_panel.update(qf=0.088, t_range_us=(0.0, 1.5))["result"].sm_prediction
    want = (f_p + (1 - f_p) * _delayed_fraction(0, 1.5)) / (f_p + (1 - f_p) * _delayed_fraction(0, 6))
    assert short / base == pytest.approx(want, rel=0.05)
    assert "0–1.5 μs" in refit_panel.plot.title.get_text()


def test_refit_panel_empty_window_is_explained_not_raised(refit_panel):
    r = refit_panel.update(qf=0.088, pe_range=(20, 20), t_range_us=(0.0, 6.0))
    assert "error" in r and r["mask"] is None
    from cevns_edu.plotting.style import WARNING_TEXT

    assert WARNING_TEXT in _text(refit_panel.readout)  # shown as a warning
    assert "no events can be selected" in refit_panel.plot.title.get_text()
    assert "result" in refit_panel.update(pe_range=(6, 30))


@pytest.mark.parametrize("bad", [{"qf": 0.2}, {"pe_range": (6, 60)}, {"t_range_us": (4.0, 2.0)}])
def test_refit_panel_rejects_invalid(refit_panel, bad):
    _rejects(refit_panel, **bad)


# --- notebook 07: new physics ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nsi_panel(rel):
    return B.NSIPanel(rel)


def _band_slope() -> float:
    """dε^d/dε^u keeping Q_W(ε) = (g_p + 2ε^u + ε^d) Z + (g_n + ε^u + 2ε^d) N fixed, averaged over Cs, I."""
    return float(np.mean([-(2 * z + n) / (z + 2 * n) for z, n in (CS133, I127)]))


def _degenerate_eps_d() -> float:
    """ε^d (with ε^u = 0) that flips the sign of the ν_e weak charge, averaged over Cs and I."""
    g_p, g_n = 0.5 - 2 * SIN2_LOW_Q, -0.5
    return float(np.mean([-2 * (g_p * z + g_n * n) / (z + 2 * n) for z, n in (CS133, I127)]))


def test_nsi_panel_standard_model_point(nsi_panel):
    r = nsi_panel.update(eps_u=0.0, eps_d=0.0)
    assert r["count"] == pytest.approx(nsi_panel.hl.n_sm, rel=1e-3)
    assert r["dchi2"] == pytest.approx(nsi_panel.scan.sm_delta_chi2, abs=1e-6)
    assert ("allowed" if r["dchi2"] < 4.61 else "excluded") in _text(nsi_panel.readout)


@pytest.mark.parametrize("eps_u", [-0.3, 0.1, 0.25])
def test_nsi_panel_count_unchanged_along_the_weak_charge_line(nsi_panel, eps_u):
    sm = nsi_panel.update(eps_u=0.0, eps_d=0.0)["count"]
    along = nsi_panel.update(eps_u=eps_u, eps_d=round(_band_slope() * eps_u, 2))["count"]
    assert along == pytest.approx(sm, rel=0.03)
    # ε^u alone changes the ν_e weak charge by (2Z + N) ε^u: ×6 at −0.3, ×0.25 at 0.1, ×0.06 at 0.25
    across = nsi_panel.update(eps_u=eps_u, eps_d=0.0)["count"]
    assert abs(across / sm - 1) > 0.2
    assert tuple(nsi_panel.plot._pt.get_xydata()[0]) == pytest.approx((eps_u, 0.0))


def test_nsi_panel_degenerate_point(nsi_panel):
    # Q_W(ε) = −Q_W^SM gives the SM rate again (the try-this: ε^u = 0, ε^d ≈ 0.36)
    eps_d = _degenerate_eps_d()
    assert eps_d == pytest.approx(0.357, abs=0.01)
    sm = nsi_panel.update(eps_u=0.0, eps_d=0.0)["count"]
    assert nsi_panel.update(eps_d=round(eps_d, 2))["count"] == pytest.approx(sm, rel=0.03)
    # halfway the ν_e weak charge vanishes: the ν_e events (a third of the flux, at similar energies) go,
    # the ν_μ and ν̄_μ events (untouched by ε_ee) stay
    assert 0.60 < nsi_panel.update(eps_d=round(eps_d / 2, 2))["count"] / sm < 0.72


@pytest.mark.parametrize("bad", [{"eps_u": 0.61}, {"eps_d": -0.7}, {"eps_u": float("nan")}])
def test_nsi_panel_rejects_invalid(nsi_panel, bad):
    _rejects(nsi_panel, **bad)


@pytest.fixture(scope="module")
def mu_panel(rel):
    return B.MagneticMomentPanel(rel)


def _crossing_kev(t: np.ndarray, weak: np.ndarray, em: np.ndarray) -> float:
    """Recoil energy below which the magnetic term exceeds the weak one (log interpolation)."""
    ok = (em > 0) & (weak > 0)
    t, d = t[ok], np.log(em[ok]) - np.log(weak[ok])
    i = int(np.nonzero(d < 0)[0][0])
    return float(np.exp(np.interp(0.0, [d[i], d[i - 1]], [np.log(t[i]), np.log(t[i - 1])])))


def test_magnetic_moment_panel_scales_as_mu_squared_over_t(mu_panel):
    a = mu_panel.update(mu_nu_1e9=3.0)
    b = mu_panel.update(mu_nu_1e9=6.0)
    assert b["extra"] / a["extra"] == pytest.approx(4.0, rel=1e-9)
    np.testing.assert_allclose(b["em"], 4 * a["em"], rtol=1e-9)
    t, em = a["t_kev"], a["em"]
    low = t < 0.2  # T ≪ E_ν and q r_N ≪ 1: dσ/dT ∝ 1/T − 1/E_ν ≈ 1/T
    assert np.ptp(em[low] * t[low]) / np.mean(em[low] * t[low]) < 0.02
    # EM ∝ μ²/T: halving μ would move the crossing 4× lower against a flat weak term; the weak dσ/dT
    # grows towards low T (form factor, 1 − T/T_max), so the crossing moves further, but not twice as far
    ratio = _crossing_kev(t, a["weak"], a["em"]) / _crossing_kev(t, a["weak"], mu_panel.update(mu_nu_1e9=1.5)["em"])
    assert 4.0 < ratio < 6.0
    # figure: the dashed EM line and the sum show the current μ
    mu_panel.update(mu_nu_1e9=3.0)
    drawn = a["em"] > 0  # zeros (T above T_max) are left out of the log axes
    np.testing.assert_allclose(mu_panel.plot._em.get_ydata()[drawn], a["em"][drawn], rtol=1e-12)
    assert np.isnan(mu_panel.plot._em.get_ydata()[~drawn]).all()
    np.testing.assert_allclose(mu_panel.plot._sum.get_ydata(), a["weak"] + a["em"], rtol=1e-12)


def test_magnetic_moment_panel_readout_and_limit(mu_panel):
    lim = mu_panel.scan.upper_limit()
    r = mu_panel.update(mu_nu_1e9=round(lim * 1e9, 1))
    assert r["dchi2"] == pytest.approx(2.706, abs=0.3)  # 90% CL, one parameter
    assert f"exclude μ_ν > {lim * 1e9:.1f}" in _text(mu_panel.readout)
    assert mu_panel.update(mu_nu_1e9=0.0)["extra"] == 0.0


@pytest.mark.parametrize("bad", [10.5, -0.1, "big"])
def test_magnetic_moment_panel_rejects_invalid(mu_panel, bad):
    _rejects(mu_panel, mu_nu_1e9=bad)


@pytest.fixture(scope="module")
def floor_panel():
    return B.WimpFloorPanel("Xe")


def test_wimp_panel_rate_scales_with_sigma(floor_panel):
    a = floor_panel.update(mass_gev=50.0, sigma_cm2=1e-46)
    b = floor_panel.update(sigma_cm2=1e-45)
    assert b["n_wimp"] / a["n_wimp"] == pytest.approx(10.0, rel=1e-9)
    assert tuple(floor_panel.plot._pt.get_xydata()[0]) == pytest.approx((50.0, 1e-45))


def test_wimp_panel_spectrum_ends_at_the_kinematic_limit(floor_panel):
    # T_max = 2 μ² v_max² / m_N with v_max = v_esc + v_E = 544 + 232 km/s (standard halo) for ¹³¹Xe
    m_n = 131 * 0.9315
    mu = 6.0 * m_n / (6.0 + m_n)
    t_max_kev = 2 * mu**2 * ((544 + 232) / 299792.458) ** 2 / m_n * 1e6
    r = floor_panel.update(mass_gev=6.0, sigma_cm2=4e-45)
    t, w = r["t_kev"], r["wimp"]
    assert t_max_kev == pytest.approx(3.6, abs=0.1)
    assert np.all(w[t > 1.05 * t_max_kev] <= 1e-12 * w.max())
    assert np.all(w[t < 0.8 * t_max_kev] > 0)


def test_wimp_panel_floor_verdict(floor_panel):
    floor_panel.update(mass_gev=100.0, sigma_cm2=1e-42)
    assert "above" in _text(floor_panel.readout)
    floor_panel.update(sigma_cm2=1e-50)
    assert "below" in _text(floor_panel.readout)


@pytest.mark.parametrize("bad", [{"mass_gev": 2.0}, {"mass_gev": 2000.0}, {"sigma_cm2": 1e-40}, {"sigma_cm2": 0.0}])
def test_wimp_panel_rejects_invalid(floor_panel, bad):
    _rejects(floor_panel, **bad)


# --- the presenter dashboard ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def argon_rel():
    from cevns_edu.experiment.argon.replica import simulate_argon_replica

    return simulate_argon_replica()


@pytest.fixture(scope="module")
def dashboard(rel, argon_rel):
    return Dashboard(release=rel, argon=argon_rel)


def test_dashboard_switches_moments(dashboard):
    for key in ("timing", "excess", "twodetectors", "nsquared"):
        dashboard.buttons.value = key  # a click
        shown = [k for k, v in dashboard._views.items() if v.layout.display != "none"]
        assert shown == [key]
    with pytest.raises(ValueError, match="moment must be one of"):
        dashboard.show("finale")


def test_dashboard_rejects_unknown_first_moment(rel):
    with pytest.raises(ValueError, match="moment must be one of"):
        Dashboard(release=rel, moment="finale")


def test_a_lazy_moment_cannot_have_a_stepper():
    """The talk's steps are counted from each moment's stepping control, which a lazy moment does not have yet."""
    from cevns_edu.widgets.presenter import Moment

    with pytest.raises(ValueError, match=r"moment 'late': a lazy moment cannot have a stepper \(got stepper='n_terms'\)"):
        Moment("late", "late", "h", "s", lambda: None, stepper="n_terms", lazy=True)
    assert Moment("late", "late", "h", "s", lambda: None, lazy=True).stepper is None


def test_dashboard_text_is_readable_from_the_back(dashboard):
    from matplotlib.text import Text

    for key, panel in dashboard.panels.items():
        sizes = [t.get_fontsize() for t in panel.plot.fig.findobj(Text) if t.get_text()]
        assert min(sizes) >= MIN_FONT_PT, key


def test_dashboard_excess_reveals_the_fit_with_the_full_model(dashboard, rel):
    panel = dashboard.panels["excess"]
    ctrl = panel.controls["n_terms"]
    reveal = dashboard._reveal
    assert reveal in dashboard._views["excess"].children
    assert ctrl.value == 1 and reveal.layout.visibility == "hidden"  # starts from background alone
    ctrl.value = len(ctrl.options)  # a click on "+ CEvNS"
    assert reveal.layout.visibility == "visible"
    fit = fit_release(rel, minos=False)
    assert f"<b>{fit.n_cevns:.0f} CEvNS events</b>" in reveal.value
    ctrl.value = 1
    assert reveal.layout.visibility == "hidden"


def test_dashboard_steps_through_the_talk_like_a_clicker(dashboard):
    """next/back (what the clicker keys press in the browser) walk moment by moment, then term by term."""
    dashboard.show("nsquared")
    ctrl = dashboard.panels["excess"].controls["n_terms"]
    ctrl.value = len(ctrl.options)  # left at the full model: entering the moment again starts from background
    n_all = len(ctrl.options)

    def state():
        return dashboard.buttons.value, ctrl.value if dashboard.buttons.value == "excess" else None

    seen = [state()]
    for _ in range(len(dashboard.steps)):  # one click too many: it stays at the end
        dashboard.next.click()
        seen.append(state())
    assert seen == [("nsquared", None), ("timing", None)] + [("excess", n) for n in range(1, n_all + 1)] \
        + [("twodetectors", None)] * 2, "stepping into the fit starts from background alone, then adds one term a click"
    dashboard.back.click()
    assert (dashboard.buttons.value, ctrl.value) == ("excess", n_all), "back from argon: the full fit"
    assert dashboard._reveal.layout.visibility == "visible"
    dashboard.back.click()
    assert (dashboard.buttons.value, ctrl.value) == ("excess", len(ctrl.options) - 1)
    for _ in range(10):
        dashboard.step(-1)
    assert dashboard.buttons.value == "nsquared" and dashboard.position == 0
    shown = [k for k, v in dashboard._views.items() if v.layout.display != "none"]
    assert shown == ["nsquared"]


def test_dashboard_badge_speaks_plainly(dashboard, rel):
    """The room reads one plain phrase: no file path, no 'not found' reason; SIMULATED REPLICA stays visible."""
    header = dashboard.widget.children[1].value
    assert rel.is_simulated
    assert "SIMULATED REPLICA" in header and "simulated data" in header
    assert "not found" not in header and "/" not in header.replace("</", "")


def test_dashboard_two_detectors_is_built_when_first_shown(rel, argon_rel):
    """Moment ④ costs an argon fit: the dashboard builds it on first show, from the fit moment ③ made."""
    d = Dashboard(release=rel, argon=argon_rel)
    assert "twodetectors" not in d.panels and len(d._views["twodetectors"].children) == 2  # headline + "Loading"
    d.buttons.value = "twodetectors"  # a click
    panel = d.panels["twodetectors"]
    assert panel.plot.fig.canvas in d._views["twodetectors"].children[2].children
    assert panel.meas["CsI"].rel_err_count == pytest.approx(d.result.n_cevns_err / d.result.n_cevns)
    assert panel.meas["Ar"].sigma_cm2 == pytest.approx(xsec.argon_measured_sigma(argon_rel).sigma_cm2)
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in panel.plot.fig.findobj(Text) if t.get_text()]
    assert min(sizes) >= MIN_FONT_PT
    head = d._views["twodetectors"].children[0].value
    assert "Argon" in head and "SIMULATED REPLICA" in head and "simulated data" in head  # its own badge
    assert "SIMULATED" in panel.plot.fig.axes[0].get_title() or any(
        "SIMULATED" in t.get_text() for t in panel.plot.fig.findobj(Text)), "the figure says it is simulated"
    # the sentence the room hears: "N² is 12 times smaller than in CsI"
    assert round(1 / panel.ratio.n2_ratio) == 12 and "12 times smaller" in head


def test_dashboard_figures_are_sharp_up_to_1080p(dashboard):
    from cevns_edu.widgets.presenter import FIGURE_DPI

    for key, panel in dashboard.panels.items():
        fig = panel.plot.fig
        assert fig.dpi == FIGURE_DPI, key
        assert fig.get_figheight() * fig.dpi >= 540, f"{key}: the figure would be blown up on a 1080p screen"


# --- the Panel.compute contract ------------------------------------------------------------------------

def test_compute_takes_one_keyword_per_control(flux_panel, cuts_panel):
    flux_panel.update(beam_power_mw=1.4, proton_energy_gev=1.0, distance_m=19.3)
    assert flux_panel.compute(**flux_panel.params)["flux_at"] == pytest.approx(_flux_expected(1.4, 1.0, 19.3), rel=1e-3)
    with pytest.raises(TypeError, match=r"missing keyword argument\(s\) \['distance_m'\]"):
        flux_panel.compute(beam_power_mw=1.4, proton_energy_gev=1.0)
    with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\) \['power'\]"):
        flux_panel.compute(power=1.4, proton_energy_gev=1.0, distance_m=19.3)
    # a panel may give its keywords defaults (the cut explorer's analysis window)
    assert cuts_panel.compute()["pe_range"] == (6.0, 30.0)
