"""`cevns-edu fit/predict --detector argon` and `data status/fetch --release argon`."""

from __future__ import annotations

import json

from cevns_edu.cli import main


def test_fit_argon_json(argon_dir, capsys):
    assert main(["fit", "--detector", "argon", "--data-dir", str(argon_dir), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["detector"] == "argon" and out["label"] == "REAL DATA" and abs(out["n_cevns"] - 159) < 5
    assert abs(out["significance_with_syst_sigma"] - 3.5) < 0.2


def test_fit_argon_replica_is_labelled_and_missing_data_is_a_clear_error(tmp_path, monkeypatch, capsys):
    assert main(["fit", "--detector", "argon", "--simulated", "--no-shape-nuisances"]) == 0
    assert "SIMULATED REPLICA" in capsys.readouterr().out
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    monkeypatch.delenv("CENNS10_DIR", raising=False)
    assert main(["fit", "--detector", "argon"]) == 1
    err = capsys.readouterr().err
    assert "data fetch --release argon" in err and "Traceback" not in err
    assert main(["fit", "--detector", "argon", "--simulated", "--beam", "off"]) == 1
    assert "beam off" in capsys.readouterr().err


def test_predict_argon(argon_dir, monkeypatch, capsys):
    monkeypatch.setenv("CENNS10_DIR", str(argon_dir))
    assert main(["predict", "--detector", "argon", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert abs(out["n_cevns_predicted"] - 128) < 17 and out["detector"] == "argon"


def test_data_status_argon(argon_dir, capsys):
    assert main(["data", "status", "--release", "argon", "--data-dir", str(argon_dir)]) == 0
    out = capsys.readouterr().out
    assert "CENNS-10" in out and f"local folder: {argon_dir}" in out and "(verified)" not in out
