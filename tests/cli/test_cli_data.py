"""`cevns-edu data fetch|status` — offline (fetch uses a local downloader)."""

from __future__ import annotations

from cevns_edu.cli import main
from cevns_edu.data import registry as reg
from tests.conftest import local_downloader


def test_status_empty_cache(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    monkeypatch.delenv("COHERENT2017_DIR", raising=False)
    assert main(["data", "status"]) == 1
    out = capsys.readouterr().out
    assert str(tmp_path / "coherent2017") in out
    assert "Run `cevns-edu data fetch`" in out and "SIMULATED REPLICA" in out
    assert "0 of 13 files verified" in out


def test_status_local_folder(release_dir, capsys):
    assert main(["data", "status", "--data-dir", str(release_dir)]) == 0
    out = capsys.readouterr().out
    assert f"Usable: local folder: {release_dir}" in out
    assert "C_on 547, AC_on 405, C_off 209, AC_off 207" in out
    assert "4 of 13 files verified" in out  # the byte-identical ones


def test_status_missing_folder(tmp_path, capsys):
    assert main(["data", "status", "--data-dir", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_fetch_and_corrupt_cache_status(release_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    # download only byte-identical files through the CLI path (real fetch would take all 13)
    real_fetch = reg.fetch
    monkeypatch.setattr(reg, "fetch", lambda folder=None, progress=True, **kw: real_fetch(
        ["promptPDF.txt", "coherent_parameters.yaml"], folder=folder, downloader=local_downloader(release_dir), **kw))
    assert main(["data", "fetch", "--quiet"]) == 0
    assert capsys.readouterr().out == ""  # --quiet: nothing on stdout
    assert main(["data", "fetch"]) == 0
    out = capsys.readouterr().out
    assert "Zenodo record 1228631" in out and "verified" in out
    p = tmp_path / "coherent2017" / "promptPDF.txt"
    p.write_text("0.5, 1.0\n")
    assert main(["data", "status"]) == 1
    out = capsys.readouterr().out
    assert "CHECKSUM MISMATCH" in out and "will NOT be used" in out


def test_fetch_error_exits_nonzero(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))

    def boom(folder=None, progress=True, **kw):
        raise RuntimeError("README: could not download ... run `cevns-edu data fetch` again")

    monkeypatch.setattr(reg, "fetch", boom)
    assert main(["data", "fetch"]) == 1
    assert "cevns-edu data: error: README: could not download" in capsys.readouterr().err


def test_data_without_action_prints_help(capsys):
    assert main(["data"]) == 2
    assert "fetch" in capsys.readouterr().out
