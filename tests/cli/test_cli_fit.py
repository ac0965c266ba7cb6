"""`cevns-edu fit`: the DESIGN.md §1 contract (JSON keys, sources, never a silent fallback)."""

from __future__ import annotations

import json

import pytest

from cevns_edu.cli import main
from cevns_edu.cli.fit import JSON_KEYS


def run(capsys, *argv):
    code = main(["fit", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_on_real_folder(capsys, release_dir):
    code, out, _ = run(capsys, "--data-dir", str(release_dir), "--json")
    assert code == 0
    d = json.loads(out)
    assert list(d)[: len(JSON_KEYS)] == list(JSON_KEYS)
    assert d["source"] == f"local folder: {release_dir}"
    assert all(isinstance(d[k], float) for k in JSON_KEYS if k != "source")
    assert 110 <= d["n_cevns"] <= 160 and 6 <= d["significance_sigma"] <= 8  # the band of test_fit.py
    assert d["n_cevns_err_lo"] > 0 and d["n_cevns_err_hi"] > 0


def test_beam_off_and_table(capsys, release_dir):
    code, out, _ = run(capsys, "--data-dir", str(release_dir), "--beam", "off", "--json")
    assert code == 0 and abs(json.loads(out)["significance_sigma"]) < 2
    code, out, _ = run(capsys, "--data-dir", str(release_dir))
    assert code == 0 and "N_CEvNS" in out and "REAL DATA" in out and "SIMULATED" not in out


def test_no_data_exits_non_zero_and_says_how_to_get_it(capsys, monkeypatch):
    monkeypatch.delenv("COHERENT2017_DIR", raising=False)  # conftest: empty cache
    code, out, err = run(capsys, "--json")
    assert code != 0 and out == ""
    assert "cevns-edu data fetch" in err


def test_missing_folder_is_an_error(capsys, tmp_path):
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "nowhere"), "--json")
    assert code != 0 and out == "" and "nowhere" in err


def test_seed_needs_simulated(capsys):
    code, _, err = run(capsys, "--seed", "3")
    assert code == 1 and "--seed only applies to --simulated" in err


def test_data_dir_and_simulated_are_exclusive(capsys):
    with pytest.raises(SystemExit):
        main(["fit", "--simulated", "--data-dir", "x"])


def test_simulated_is_labelled(capsys):
    code, out, _ = run(capsys, "--simulated", "--seed", "5", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["source"] == "simulated replica (seed 5)" and d["is_simulated"] is True
    code, out, _ = run(capsys, "--simulated")
    assert code == 0 and "SIMULATED REPLICA" in out
