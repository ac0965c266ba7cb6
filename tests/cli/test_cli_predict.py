"""Tests of `cevns-edu predict`."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from cevns_edu.cli import main
from cevns_edu.experiment.detector import DetectorModel, predict
from cevns_edu.physics import sources as S
from cevns_edu.physics.cross_section import sigma_total

KEYS = {"n_cevns_predicted", "n_prompt", "n_delayed", "uncertainty", "pe_range", "exposure_gwh"}


def _json(capsys, *args):
    assert main(["predict", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_contract(capsys):
    out = _json(capsys)
    assert KEYS <= set(out)
    # independent: the recoils before any detector response, by hand from stated inputs — 1.76e23 protons on
    # target, the number the Science paper quotes for the 7.47594 GW·hr run; 0.08 ν/flavour/proton spread over
    # 4π (1930 cm)²; 14.57 kg × 1000/259.81 mol/kg × N_A of each of Cs and I; ⟨σ⟩ = σ(29.79 MeV) + ∫ φ σ dE for
    # the delayed ν_e and ν̄_μ (numpy trapezoid over the physics core's σ); tolerance 0.1 %
    fluence = 1.76e23 * 0.08 / (4 * np.pi * 1930.0**2)
    nuclei = 14.57 * 1000 / 259.81 * 6.02214076e23
    e = np.linspace(0.0, S.E_MICHEL_MAX_MEV, 4001)
    sigma = sum(float(sigma_total(S.E_PROMPT_MEV, nuc)) + sum(np.trapezoid(S.spectrum(e, f) * sigma_total(e, nuc), e)
                                                              for f in ("nue", "numubar")) for nuc in ("Cs133", "I127"))
    assert out["n_recoils"] == pytest.approx(nuclei * fluence * sigma, rel=1e-3)
    # the detector response only loses events: recoils ≥ accepted (whole window) ≥ predicted in the PE range
    assert out["n_recoils"] > out["n_accepted_all"] > out["n_cevns_predicted"] > 0
    # the flux normalisation is 0.08 ± 0.008 ν/flavour/proton (release parameter file): 10 % of the count
    assert out["uncertainty_components"]["neutrino_flux"] == pytest.approx(0.1 * out["n_cevns_predicted"], rel=1e-9)
    assert out["n_prompt"] + out["n_delayed"] == pytest.approx(out["n_cevns_predicted"], rel=1e-12)
    assert out["pe_range"] == [6.0, 30.0]
    assert out["exposure_gwh"] == 7.47594
    # issue 3: agrees with the published 173 ± 48 within its uncertainty
    assert abs(out["n_cevns_predicted"] - 173) < 48


def test_options_change_the_prediction(capsys):
    base = _json(capsys)["n_cevns_predicted"]
    assert _json(capsys, "--mass-kg", str(2 * 14.57))["n_cevns_predicted"] == pytest.approx(2 * base, rel=1e-9)
    assert _json(capsys, "--distance-m", str(2 * 19.3))["n_cevns_predicted"] == pytest.approx(base / 4, rel=1e-9)
    assert _json(capsys, "--exposure-gwh", str(2 * 7.47594))["n_cevns_predicted"] == pytest.approx(2 * base, rel=1e-9)
    assert _json(capsys, "--qf", "0.06")["n_cevns_predicted"] < base
    narrow = _json(capsys, "--pe-min", "10", "--pe-max", "20")
    assert narrow["pe_range"] == [10.0, 20.0] and narrow["n_cevns_predicted"] < base
    ref = predict(DetectorModel(qf=0.07), pe_range=(8, 30))
    assert _json(capsys, "--qf", "0.07", "--pe-min", "8")["n_cevns_predicted"] == pytest.approx(ref.n_cevns, rel=1e-12)


def test_table_output(capsys):
    assert main(["predict"]) == 0
    out = capsys.readouterr().out
    assert "predicted CEvNS events" in out and "173 ± 48" in out and "quenching factor" in out


@pytest.mark.parametrize("args, msg", [(["--qf", "-1"], "qf must be between"),
                                      (["--pe-min", "30", "--pe-max", "6"], "pe_min < pe_max"),
                                      (["--mass-kg", "0"], "mass_kg must be between"),
                                      (["--form-factor", "box"], "form_factor_model must be one of")])
def test_bad_options_exit_1(capsys, args, msg):
    assert main(["predict", *args]) == 1
    assert msg in capsys.readouterr().err


def test_console_script():
    # the installed entry point runs end to end (subprocess, same interpreter)
    r = subprocess.run([sys.executable, "-m", "cevns_edu.cli", "predict", "--json"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert KEYS <= set(json.loads(r.stdout))


def test_json_reports_protons_on_target_and_each_uncertainty_component(capsys):
    # issue 12: protons on target as published (Science 357, 1123 (2017): 1.76e23 for 7.47594 GW·hr) and every
    # component of the asymmetric uncertainty, whose quadrature sums are the reported lo/hi
    out = _json(capsys)
    assert out["protons_on_target"] == pytest.approx(1.76e23, rel=1e-9)
    comps = out["uncertainty_components_asym"]
    assert set(comps) == {"quenching_factor", "neutrino_flux", "acceptance", "light_yield", "form_factor",
                          "pe_bin_convention"}
    assert all(len(v) == 2 and min(v) >= 0 for v in comps.values())
    assert out["uncertainty_lo"] == pytest.approx(sum(v[0] ** 2 for v in comps.values()) ** 0.5, rel=1e-12)
    assert out["uncertainty_hi"] == pytest.approx(sum(v[1] ** 2 for v in comps.values()) ** 0.5, rel=1e-12)
    # form factor 5 % and flux 10 % of the count (Science 2017 budget)
    n = out["n_cevns_predicted"]
    assert comps["form_factor"] == pytest.approx([0.05 * n, 0.05 * n], rel=1e-12)
    assert comps["neutrino_flux"] == pytest.approx([0.10 * n, 0.10 * n], rel=1e-12)
