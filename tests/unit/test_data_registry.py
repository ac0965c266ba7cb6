"""Release registry, cache and fetch — without ever touching the network (a local "downloader" copies
files from ../shared/coherent2017 the way pooch's HTTP downloader would write them)."""

from __future__ import annotations

import shutil

import pytest

from cevns_edu.data import registry as reg
from tests.conftest import local_downloader

# Official MD5s published by Zenodo for record 1228631 (../shared/coherent2017/README.md).
OFFICIAL_SAMPLE = {
    "coherent_parameters.yaml": "66b907201dcd7cccfb9af0a1b35893a7",
    "promptPDF.txt": "faf1a4b6b27cd9fa685e17ddd38a00cf",
    "data_coincidence_beamOn.txt": "23f399e605e94401a611c23c37090a31",
    "arrivalTimePDF_promptNeutrons.txt": "400d86635b180b52e51b429ec5fe5965",
}
BYTE_IDENTICAL = ("coherent_parameters.yaml", "qfData_chicago.txt", "qfData_tunl.txt", "promptPDF.txt")


def test_registry_has_the_13_official_files():
    assert len(reg.REGISTRY) == 13
    for name, md5 in OFFICIAL_SAMPLE.items():
        assert reg.REGISTRY[name] == md5
    assert all(len(h) == 32 and int(h, 16) >= 0 for h in reg.REGISTRY.values())
    assert set(reg.REQUIRED_FILES) <= set(reg.REGISTRY)
    assert reg.url("promptPDF.txt") == "https://zenodo.org/records/1228631/files/promptPDF.txt?download=1"
    with pytest.raises(ValueError, match="not a file of the COHERENT 2017 release"):
        reg.url("data.csv")


def test_byte_identical_files_verify(release_dir):
    for n in BYTE_IDENTICAL:
        assert reg.is_verified(release_dir / n), n
    # header-stripped copies cannot carry the official checksum
    assert not reg.is_verified(release_dir / "data_coincidence_beamOn.txt")


def test_cache_dir_env_override(tmp_path, monkeypatch):
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    assert reg.cache_dir() == tmp_path / "coherent2017"
    monkeypatch.delenv("CEVNS_EDU_CACHE")
    assert reg.cache_dir().name == "coherent2017" and "cevns-edu" in str(reg.cache_dir())


def test_fetch_verifies_and_caches(release_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    calls: list[str] = []
    got = reg.fetch(BYTE_IDENTICAL, downloader=local_downloader(release_dir, calls))
    assert set(got) == set(BYTE_IDENTICAL)
    for n, p in got.items():
        assert p == tmp_path / "coherent2017" / n and reg.is_verified(p)
    assert sorted(calls) == sorted(BYTE_IDENTICAL)
    # a second fetch finds verified files and downloads nothing
    calls.clear()
    reg.fetch(BYTE_IDENTICAL, downloader=local_downloader(release_dir, calls))
    assert calls == []


def test_fetch_replaces_a_corrupt_cached_file(release_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    reg.fetch(["promptPDF.txt"], downloader=local_downloader(release_dir))
    p = tmp_path / "coherent2017" / "promptPDF.txt"
    p.write_text(p.read_text()[:100])  # truncated
    assert not reg.is_verified(p)
    assert [s.state for s in reg.status() if s.name == "promptPDF.txt"] == ["CHECKSUM MISMATCH"]
    calls: list[str] = []
    reg.fetch(["promptPDF.txt"], downloader=local_downloader(release_dir, calls))
    assert calls == ["promptPDF.txt"] and reg.is_verified(p)


def test_fetch_rejects_checksum_mismatch(release_dir, tmp_path, monkeypatch):
    """The header-stripped copy of a data file differs from Zenodo's: the download must be refused."""
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    with pytest.raises(RuntimeError) as exc:
        reg.fetch(["data_coincidence_beamOn.txt"], downloader=local_downloader(release_dir))
    msg = str(exc.value)
    assert "data_coincidence_beamOn.txt" in msg and "MD5 does not match" in msg and "cevns-edu data fetch" in msg
    assert not (tmp_path / "coherent2017" / "data_coincidence_beamOn.txt").exists()  # bad copy discarded


def test_fetch_network_error_is_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))

    def offline(url, output_file, pooch_obj=None, check_only=False):
        raise ConnectionError("no route to host")

    with pytest.raises(RuntimeError, match="could not download https://zenodo.org/.*README.*internet connection"):
        reg.fetch(["README"], downloader=offline)


def test_status_reports_missing_verified_and_mismatch(release_dir, tmp_path):
    d = tmp_path / "x"
    d.mkdir()
    shutil.copy(release_dir / "promptPDF.txt", d)
    shutil.copy(release_dir / "data_coincidence_beamOn.txt", d)
    st = {s.name: s for s in reg.status(d)}
    assert len(st) == 13
    assert st["promptPDF.txt"].state == "verified" and st["promptPDF.txt"].size_bytes > 0
    assert st["data_coincidence_beamOn.txt"].state == "CHECKSUM MISMATCH"
    assert st["README"].state == "missing" and not st["README"].required
    assert st["coherent_parameters.yaml"].required
