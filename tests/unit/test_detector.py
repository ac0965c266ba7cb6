"""Tests of the CsI[Na] detector response, the CEvNS template and the predicted count."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import yaml
from scipy import stats

from cevns_edu.core.binning import PE_CENTERS_1, region_mask
from cevns_edu.data.release import make_release
from cevns_edu.experiment import detector as D
from cevns_edu.experiment.replica import simulate_replica
from cevns_edu.physics.cross_section import dsigma_dt
from cevns_edu.physics.rates import n_events

DET = D.DetectorModel()


@pytest.fixture(scope="module")
def tpl():
    return D.cevns_template()


# --- parameters -------------------------------------------------------------------------------

def test_defaults_are_the_release_parameters(release_dir):
    # every default must equal coherent_parameters.yaml of the release (exact)
    p = yaml.safe_load((release_dir / "coherent_parameters.yaml").read_text())
    assert DET.exposure_gwh == p["beamExposure"]["value"]
    assert DET.distance_m == p["distanceToTarget"]["value"]
    assert (DET.qf, DET.qf_unc) == (p["csiQF"]["value"], p["csiQF"]["uncertainty"])
    assert (DET.light_yield, DET.light_yield_unc) == (p["csiLightYield"]["value"], p["csiLightYield"]["uncertainty"])
    assert (DET.nu_per_proton, DET.nu_per_proton_unc) == (p["neutrinosPerProton"]["value"],
                                                          p["neutrinosPerProton"]["uncertainty"])
    acc = {a["name"]: a for a in p["acceptanceEfficiency"]["parameters"]}
    for name, attr in (("a", "acc_a"), ("k", "acc_k"), ("x_0", "acc_x0")):
        assert getattr(DET, attr) == acc[name]["value"]
        assert getattr(DET, attr + "_err_hi") == acc[name]["error_hi"]
        assert getattr(DET, attr + "_err_lo") == acc[name]["error_lo"]


def test_detector_validation():
    with pytest.raises(ValueError, match="qf must be between"):
        D.DetectorModel(qf=0.0)
    with pytest.raises(ValueError, match="mass_kg must be between"):
        D.DetectorModel(mass_kg=-1)
    with pytest.raises(ValueError, match="form_factor_model must be one of"):
        D.DetectorModel(form_factor_model="box")
    with pytest.raises(ValueError, match="unknown material"):
        D.DetectorModel(material="Kryptonite")
    with pytest.raises(ValueError, match="unknown DetectorModel parameter"):
        DET.replace(quenching=0.1)
    with pytest.raises(TypeError, match="DetectorModel"):
        D.cevns_template({"qf": 0.1})


def test_quenching_and_light():
    # E_ee = QF·T; μ = LY·QF·T: 10 keVnr → 0.878 keVee → 11.72 PE (independent arithmetic, 1e-12)
    assert float(DET.electron_equivalent_kev(10.0)) == pytest.approx(0.878, rel=1e-12)
    # 13.348 PE/keVee (release csiLightYield) × 0.878 keVee = 11.7195 PE, worked by hand; 1e-4 (the rounding)
    assert float(DET.mean_pe(10.0)) == pytest.approx(11.7195, rel=1e-4)
    # limiting case and scaling with a constant QF: no recoil, no light; twice the recoil, twice the light
    assert float(DET.mean_pe(0.0)) == 0.0
    assert float(DET.mean_pe(20.0)) == pytest.approx(2 * float(DET.mean_pe(10.0)), rel=1e-12)
    lin = DET.replace(qf_slope_per_kevnr=0.001)
    assert float(lin.quenching(lin.qf_ref_kevnr)) == pytest.approx(DET.qf)
    assert float(lin.quenching(27.5)) == pytest.approx(DET.qf + 0.01)
    with pytest.raises(ValueError, match="recoil_kev must be >= 0"):
        DET.mean_pe(-1.0)


# --- acceptance -------------------------------------------------------------------------------

def test_acceptance_formula_and_step():
    a, k, x0 = 0.6655, 0.4942, 10.8507
    f = lambda x: a / (1 + np.exp(-k * (x - x0)))  # noqa: E731 — the release's formula, typed independently
    assert float(D.acceptance(4.99)) == 0.0
    assert float(D.acceptance(5.5)) == pytest.approx(0.5 * f(5.5), rel=1e-12)
    assert float(D.acceptance(6.0)) == pytest.approx(f(6.0), rel=1e-12)
    assert float(D.acceptance(30.0)) == pytest.approx(f(30.0), rel=1e-12)
    assert float(D.acceptance(1e3)) == pytest.approx(a, rel=1e-12)  # plateau = a
    x = np.linspace(6, 50, 100)
    assert np.all(np.diff(D.acceptance(x)) > 0)
    with pytest.raises(ValueError, match="pe must be finite"):
        D.acceptance(np.nan)


def test_acceptance_evaluated_at_one_pe_bin_centres():
    # release rule: the 1-PE bin is evaluated at 0.5, the 2-PE bin at 1.5, … (exact)
    np.testing.assert_array_equal(DET.acceptance_1pe(), D.acceptance(PE_CENTERS_1))
    np.testing.assert_array_equal(DET.replace(acceptance_shift_pe=0.0).acceptance_1pe(), D.acceptance(PE_CENTERS_1 + 0.5))
    acc = DET.acceptance_1pe()
    # bins 1–5 PE (centres 0.5–4.5) are rejected, the 6-PE bin (centre 5.5) gets half the sigmoid
    assert np.all(acc[:5] == 0)
    assert acc[5] == pytest.approx(0.5 * 0.6655 / (1 + np.exp(-0.4942 * (5.5 - 10.8507))), rel=1e-12)


def test_poisson_matrix_is_poisson():
    mu = np.array([0.3, 2.0, 11.7, 40.0])
    np.testing.assert_allclose(D.poisson_matrix(mu), stats.poisson.pmf(np.arange(1, 51)[None, :], mu[:, None]),
                               rtol=1e-10, atol=1e-300)
    assert np.all(D.poisson_matrix(np.array([0.0])) == 0)  # no light, no PE
    with pytest.raises(ValueError, match="mean_pe must be finite numbers between 0 and 700"):
        D.poisson_matrix(np.array([-1.0]))


# --- the template -----------------------------------------------------------------------------

def test_template_shapes_and_consistency(tpl):
    assert tpl.prompt.shape == tpl.delayed.shape == (25, 24)
    assert tpl.pe_1.shape == (50,)
    assert np.all(tpl.total >= 0)
    np.testing.assert_allclose(tpl.total.sum(), tpl.pe_1.sum(), rtol=1e-12)
    np.testing.assert_allclose(tpl.prompt.sum(axis=1), tpl.pe_1_prompt.reshape(25, 2).sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(tpl.pe_1, tpl.pe_1_raw * DET.acceptance_1pe(), rtol=1e-12)
    assert tpl.pe_1[:5].sum() == 0  # below the release threshold nothing is accepted


def test_recoils_match_rates(tpl):
    # the template's midpoint-grid recoil count equals the adaptive rates.n_events; 0.2%
    assert tpl.n_recoils == pytest.approx(n_events("CsI"), rel=2e-3)


def test_prediction_2017(tpl):
    # DESIGN §2 / issue 3: an independent fold of the release parameters gives ≈168 accepted events in all,
    # ≈156 in 6 ≤ PE < 30, ≈145 with t < 6 μs, prompt share ≈16%: each within 10% (prompt share ±3 points)
    assert tpl.total.sum() == pytest.approx(168, rel=0.10)
    assert tpl.count((6, 30)) == pytest.approx(156, rel=0.10)
    assert tpl.count((6, 30), (0, 6)) == pytest.approx(145, rel=0.10)
    assert tpl.prompt.sum() / tpl.total.sum() == pytest.approx(0.16, abs=0.03)
    # and agrees with the published 173 ± 48 within its uncertainty
    assert abs(tpl.count((6, 30)) - 173) < 48


def test_time_pdfs_from_release(release_dir, tpl):
    pdfs = {k: np.loadtxt(release_dir / f"arrivalTimePDF_{n}.txt", delimiter=",", comments="#")[:, 1]
            for k, n in (("prompt_neutrinos", "promptNeutrinos"), ("delayed_neutrinos", "delayedNeutrinos"))}
    rel = D.cevns_template(time_pdfs=pdfs)
    np.testing.assert_allclose(rel.prompt.sum(axis=1), tpl.prompt.sum(axis=1), rtol=1e-12)  # PE unaffected
    np.testing.assert_allclose(rel.delayed.sum(axis=0) / rel.delayed.sum(), pdfs["delayed_neutrinos"], rtol=1e-12)
    # analytic vs release timing: count with t < 6 μs agrees to 0.5%
    assert rel.count((6, 30), (0, 6)) == pytest.approx(tpl.count((6, 30), (0, 6)), rel=5e-3)


def test_time_pdfs_bad_input():
    good = np.full(24, 1 / 24)
    with pytest.raises(ValueError, match="needs a 'delayed'"):
        D.cevns_template(time_pdfs={"prompt": good})
    with pytest.raises(ValueError, match="must be 24 non-negative"):
        D.cevns_template(time_pdfs={"prompt": good[:10], "delayed": good})
    with pytest.raises(ValueError, match="must sum to 1"):
        D.cevns_template(time_pdfs={"prompt": 2 * good, "delayed": good})


def test_template_scalings(tpl):
    np.testing.assert_allclose(D.cevns_template(DET.replace(mass_kg=2 * DET.mass_kg)).total, 2 * tpl.total, rtol=1e-12)
    np.testing.assert_allclose(D.cevns_template(DET.replace(distance_m=2 * DET.distance_m)).total, tpl.total / 4,
                               rtol=1e-12)
    np.testing.assert_allclose(D.cevns_template(DET.replace(acc_a=DET.acc_a / 2)).total, tpl.total / 2, rtol=1e-12)
    assert D.cevns_template(DET.replace(exposure_gwh=0.0)).total.sum() == 0.0


def test_more_light_more_events():
    # in the threshold regime, a larger QF or light yield lifts recoils above threshold: count grows
    n = [D.cevns_template(DET.replace(qf=q)).total.sum() for q in (0.06, 0.0878, 0.11)]
    assert n[0] < n[1] < n[2]
    n = [D.cevns_template(DET.replace(acc_threshold_pe=thr)).total.sum() for thr in (3, 5, 8)]
    assert n[0] > n[1] > n[2]


def test_dsigma_hook(tpl):
    def doubled(e, t, nuc, flavor):
        return 2 * dsigma_dt(e, t, nuc)

    np.testing.assert_allclose(D.cevns_template(dsigma=doubled).total, 2 * tpl.total, rtol=1e-12)

    def only_prompt(e, t, nuc, flavor):
        return dsigma_dt(e, t, nuc) * (flavor == "numu")

    t2 = D.cevns_template(dsigma=only_prompt)
    assert t2.delayed.sum() == 0
    np.testing.assert_allclose(t2.prompt, tpl.prompt, rtol=1e-12)


def test_form_factor_and_convention_effects():
    base = D.cevns_template().count()
    # no form factor: more events (F ≤ 1); Klein–Nystrand vs Helm differ by < 10%
    assert D.cevns_template(DET.replace(form_factor_model="none")).count() > 1.5 * base
    assert D.cevns_template(DET.replace(form_factor_model="klein-nystrand")).count() == pytest.approx(base, rel=0.10)
    # DESIGN §2: the PE-bin convention matters at the ~10% level (acceptance at n instead of n − ½): 3–15%
    shifted = D.cevns_template(DET.replace(acceptance_shift_pe=0.0)).count()
    assert 1.03 < shifted / base < 1.15


# --- prediction and uncertainty ---------------------------------------------------------------

def test_predict_uncertainty_propagated():
    p = D.predict()
    assert p.n_cevns == pytest.approx(p.n_prompt + p.n_delayed, rel=1e-12)
    c = p.components
    # flux: 10% exactly (0.008/0.08)
    assert c["neutrino_flux"] == pytest.approx(0.1 * p.n_cevns, rel=1e-12)
    # quenching dominates (~20–25%); then flux; then acceptance (~5%); light yield negligible (< 1%)
    assert c["quenching_factor"] > c["neutrino_flux"] > c["acceptance"] > c["light_yield"]
    assert 0.15 < c["quenching_factor"] / p.n_cevns < 0.30
    assert c["light_yield"] / p.n_cevns < 0.01
    # total relative uncertainty comparable with the published 48/173 = 28% (within 20–35%)
    assert 0.20 < p.uncertainty / p.n_cevns < 0.35
    lo = np.sqrt(sum(v[0] ** 2 for v in p.components_asym.values()))
    hi = np.sqrt(sum(v[1] ** 2 for v in p.components_asym.values()))
    assert (p.uncertainty_lo, p.uncertainty_hi) == pytest.approx((lo, hi), rel=1e-12)
    assert p.uncertainty == pytest.approx(0.5 * (lo + hi), rel=1e-12)
    # the QF shift is computed, not assumed: it matches an explicit ±1σ recomputation
    up = D.cevns_template(DET.replace(qf=DET.qf + DET.qf_unc)).count()
    dn = D.cevns_template(DET.replace(qf=DET.qf - DET.qf_unc)).count()
    assert c["quenching_factor"] == pytest.approx(0.5 * (up - dn), rel=1e-12)


def test_predict_windows():
    full = D.predict(pe_range=(0, 50))
    assert full.n_cevns == pytest.approx(full.n_accepted_all, rel=1e-12)
    assert D.predict(t_range_us=(0, 6)).n_cevns < D.predict().n_cevns
    d = D.predict().to_dict()
    for key in ("n_cevns_predicted", "n_prompt", "n_delayed", "uncertainty", "pe_range", "exposure_gwh"):
        assert key in d
    with pytest.raises(ValueError, match="pe_min < pe_max"):
        D.predict(pe_range=(30, 6))
    # the count is the template summed over exactly the binning's region mask
    tpl = D.cevns_template()
    assert D.predict(t_range_us=(0, 6)).n_cevns == pytest.approx(tpl.total[region_mask(6, 30, 0, 6)].sum(), rel=1e-12)


# --- QF data of the release -------------------------------------------------------------------

def test_qf_points_from_release(release_dir):
    chicago = D.load_qf_points(release_dir / "qfData_chicago.txt")
    tunl = D.load_qf_points(release_dir / "qfData_tunl.txt")
    assert chicago.recoil_kev.size == 7 and tunl.recoil_kev.size == 12   # rows in the release files
    assert chicago.label == "Chicago" and tunl.label == "TUNL"
    assert np.all((chicago.qf > 0.04) & (chicago.qf < 0.12)) and np.all((tunl.qf > 0.04) & (tunl.qf < 0.12))
    # the release's value 0.0878 ± 0.0166 came from these AND literature points (5–30 keVnr weighted mean);
    # the released points alone must agree within that 1σ
    mean, spread = D.weighted_mean_qf([chicago, tunl])
    assert mean == pytest.approx(DET.qf, abs=DET.qf_unc)
    assert spread == pytest.approx(DET.qf_unc, rel=0.5)


def test_qf_points_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="QF data file not found"):
        D.load_qf_points(tmp_path / "nope.txt")
    bad = tmp_path / "qf.txt"
    bad.write_text("1, 2, 3\n4, 5, 6\n")
    with pytest.raises(ValueError, match="expected 4 or 6"):
        D.load_qf_points(bad)


def test_detector_model_from_release_reads_the_release_parameters():
    # the replica writes DetectorModel()'s values into coherent_parameters.yaml's structure; reading them back
    # must give the same detector, and a changed parameter must come through (independent of the defaults)
    rel = simulate_replica(1)
    assert D.DetectorModel.from_release(rel) == D.DetectorModel()
    params = {**rel.parameters, "csiQF": {**rel.parameters["csiQF"], "value": 0.07}}
    other = make_release(source=rel.source, is_simulated=True, counts=rel.counts, time_pdfs=rel.time_pdfs,
                         brn_pe_per_gwh=rel.brn_pe_per_gwh, parameters=params)
    assert D.DetectorModel.from_release(other) == replace(D.DetectorModel(), qf=0.07)
    assert D.DetectorModel.from_release(rel, mass_kg=10.0).mass_kg == 10.0


@pytest.mark.parametrize("changes", [{"acc_a": 0.55}, {"acc_k": 0.9}, {"acc_x0": 9.0}, {"acc_threshold_pe": 7.0},
                                     {"acceptance_shift_pe": 0.0}])
def test_with_acceptance_equals_a_fresh_template(changes):
    """Re-weighting the nominal PE spectra (the shortcut of the uncertainty budget) = building the template anew."""
    from cevns_edu.experiment.detector.prediction import cevns_template

    det = D.DetectorModel()
    other = det.replace(**changes)
    fast, fresh = cevns_template(det).with_acceptance(other), cevns_template(other)
    assert not np.allclose(fresh.total, cevns_template(det).total)  # the change matters
    for name in ("prompt", "delayed", "pe_1_prompt", "pe_1_delayed", "acceptance_1pe"):
        np.testing.assert_allclose(getattr(fast, name), getattr(fresh, name), rtol=1e-12, atol=0)
    assert fast.detector == other


def test_prediction_with_the_callers_template_is_the_same_and_a_wrong_one_is_refused():
    from cevns_edu.experiment.detector.prediction import cevns_template, predict

    det = D.DetectorModel(qf=0.09)
    assert predict(det, template=cevns_template(det)) == predict(det)
    with pytest.raises(ValueError, match="template must be the template of detector"):
        predict(det, template=cevns_template(D.DetectorModel()))


def test_the_callers_shifted_templates_are_used_not_computed_again(monkeypatch):
    from cevns_edu.experiment.detector import prediction as P

    det = D.DetectorModel(qf=0.07)
    down, up = P.qf_shifted(det)
    assert (down.qf, up.qf) == (det.qf - det.qf_unc, det.qf + det.qf_unc)
    assert P.qf_shifted(det.replace(qf=0.01))[0].qf == 1e-4  # kept inside the allowed range
    have = {down: P.cevns_template(down), up: P.cevns_template(up)}
    expected = P.predict(det)
    made: list[D.DetectorModel] = []
    real = P.cevns_template
    monkeypatch.setattr(P, "cevns_template", lambda d, **kw: made.append(d) or real(d, **kw))
    assert P.predict(det, templates=have) == expected  # the same prediction ...
    assert down not in made and up not in made  # ... without computing the QF ±1σ templates again
    assert made  # (the nominal one and the light-yield shifts are still computed)
    made.clear()
    P.predict(det)
    assert down in made and up in made  # without them, they are computed


@pytest.mark.parametrize("field", ["qf", "light_yield", "acc_k", "acc_a"])
def test_a_detector_at_the_edge_of_its_range_still_gets_a_prediction(field):
    # a 1σ shift past a field's allowed range is cut at the range (it raised "qf must be between 0.0001 and 1 …,
    # got 0.0001" for `cevns-edu predict --qf 0.01`: the shift, not the learner's value)
    det = D.DetectorModel()
    edge = {"qf": 0.01, "light_yield": 0.011, "acc_k": 0.0011, "acc_a": 0.99}[field]
    pred = D.predict(det.replace(**{field: edge}))
    assert np.isfinite(pred.n_cevns) and pred.uncertainty_lo >= 0 and pred.uncertainty_hi >= 0


def test_replace_checks_the_changed_field_and_keeps_the_others():
    det = D.DetectorModel()
    new = det.replace(qf=0.1)
    assert new.qf == 0.1 and det.qf != 0.1 and new.light_yield == det.light_yield
    with pytest.raises(ValueError, match="qf"):
        det.replace(qf=2.0)
    with pytest.raises(ValueError, match="form_factor_model"):
        det.replace(form_factor_model="gauss")
