"""The CENNS-10 argon release: registry, validated loaders (bad folders refused with file and line), labels."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from cevns_edu.data import cenns10_registry as reg
from cevns_edu.data.cenns10 import (
    ArgonReleaseFileError,
    describe_source,
    load_argon_folder,
    load_argon_release,
    load_efficiency,
    load_grid,
    load_parameters,
)
from cevns_edu.data.loaders import ReleaseFileError, ReleaseNotFoundError


@pytest.fixture
def flat_copy(argon_dir, tmp_path) -> Path:
    """A flat copy (the record's layout) of the required files, to corrupt."""
    for n in reg.REQUIRED_FILES:
        shutil.copy(reg.find_file(argon_dir, n), tmp_path / n)
    return tmp_path


def test_release_content_matches_its_readme(argon_dir):
    rel = load_argon_folder(argon_dir)
    assert rel.counts.shape == (12, 8, 10) and int(rel.counts.sum()) == 3752
    # PDFs are normalised to the parameter file's predictions: 128, 497, 33 and ≈3152 (README)
    sums = {k: v.sum() for k, v in rel.pdfs.items()}
    assert sums["cevns"] == pytest.approx(128, abs=0.01) and sums["brn_prompt"] == pytest.approx(497, abs=0.01)
    assert sums["brn_delayed"] == pytest.approx(33, abs=0.01) and sums["steady_state"] == pytest.approx(3152, abs=0.5)
    assert set(rel.variations) == set(reg.VARIATION_FILES)
    assert rel.efficiency.shape == (80, 3)


def test_local_folder_is_labelled_local_never_verified(argon_dir, monkeypatch):
    monkeypatch.setenv(reg.DATA_DIR_ENV, str(argon_dir))
    rel = load_argon_release()
    assert rel.source == f"local folder: {argon_dir}" and rel.label == "REAL DATA" and not rel.is_simulated
    assert "local folder" in describe_source() and "verified" not in describe_source()


def test_fetch_verifies_against_the_given_registry_and_saves_it(argon_dir, tmp_path):
    registry = {n: f"md5:{reg.file_md5(reg.find_file(argon_dir, n))}" for n in reg.REQUIRED_FILES}

    def copy(url, output_file, pooch_obj):  # a downloader that copies the local files (no network)
        shutil.copy(reg.find_file(argon_dir, url.rsplit("/", 1)[-1]), output_file)

    reg.fetch(tmp_path, registry=registry, downloader=copy, progress=False)
    assert reg.is_verified_folder(tmp_path)
    assert load_argon_folder(tmp_path).source == "CENNS-10 data release (verified)"
    bad = dict(registry, **{"cevnspdf.txt": "md5:" + "0" * 32})
    (tmp_path / "cevnspdf.txt").unlink()
    with pytest.raises(RuntimeError, match="cevnspdf.txt"):
        reg.fetch(tmp_path / "again", registry=bad, downloader=copy, progress=False)


def test_cache_with_a_changed_file_is_refused(argon_dir, tmp_path, monkeypatch):
    registry = {n: f"md5:{reg.file_md5(reg.find_file(argon_dir, n))}" for n in reg.REQUIRED_FILES}
    monkeypatch.setenv(reg.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(reg.DATA_DIR_ENV, raising=False)
    reg.fetch(registry=registry, downloader=lambda u, o, p: shutil.copy(reg.find_file(argon_dir, u.rsplit("/", 1)[-1]), o),
              progress=False)
    with open(reg.cache_dir() / "bkgpdf.txt", "a") as fh:
        fh.write("\n")
    with pytest.raises(ArgonReleaseFileError, match="bkgpdf.txt.*checksum"):
        load_argon_release()


def test_missing_release_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv(reg.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(reg.DATA_DIR_ENV, raising=False)
    with pytest.raises(ReleaseNotFoundError, match="data fetch --release argon"):
        load_argon_release()
    assert "SIMULATED REPLICA" in describe_source()
    with pytest.raises(ReleaseNotFoundError, match=r"has 0 of the 15 CENNS-10 files \(missing: datanobkgsub.txt, cevnspdf.txt and 13 more\)"):
        load_argon_folder(tmp_path)


@pytest.mark.parametrize("edit, match", [
    (lambda L: L[:500], "incomplete grid after line 500.*first missing bin"),
    (lambda L: L[:41] + ["5 0.525 0.15 x"] + L[42:], "line 42: counts 'x' is not a number"),
    (lambda L: L[:9] + ["5 0.525 4.65"] + L[10:], "line 10 has 3 column"),
    (lambda L: L[:2] + ["7 0.525 1.15 3"] + L[3:], "line 3: energy 7 is not one of the documented bin centres"),
    (lambda L: L[:4] + ["5 0.525 2.15 -1"] + L[5:], "line 5: value -1 is not a non-negative integer count"),
    (lambda L: L[:6] + ["5 0.525 3.15 2.5"] + L[7:], "line 7: value 2.5"),
    (lambda L: L[:1] + [L[0]] + L[2:], "line 2: bin .* appears a second time"),
])
def test_corrupt_data_file_is_refused_naming_file_and_line(flat_copy, edit, match):
    p = flat_copy / "datanobkgsub.txt"
    p.write_text("\n".join(edit(p.read_text().splitlines())) + "\n")
    with pytest.raises(ArgonReleaseFileError, match=match) as exc:
        load_argon_folder(flat_copy)
    assert "datanobkgsub.txt" in str(exc.value) and isinstance(exc.value, ReleaseFileError)
    assert "CENNS10_DIR" in str(exc.value)


def test_corrupt_pdf_efficiency_and_parameters_are_refused(flat_copy):
    p = flat_copy / "brnpdf+1sigEnergy.txt"
    lines = p.read_text().splitlines()
    p.write_text("\n".join(lines[:99] + ["5 0.525 0.15 nan"] + lines[100:]) + "\n")
    with pytest.raises(ArgonReleaseFileError, match=r"brnpdf\+1sigEnergy.txt.*line 100"):
        load_argon_folder(flat_copy)
    e = flat_copy / "CENNS10AnlAEfficiency.txt"
    el = e.read_text().splitlines()
    e.write_text("\n".join(el[:20] + ["10.25 37.2456 1.7"] + el[21:]) + "\n")
    with pytest.raises(ArgonReleaseFileError, match="line 21: efficiency 1.7 is outside"):
        load_efficiency(e)
    y = flat_copy / "LArParametersAnlA.yaml"
    y.write_text(y.read_text().replace("units: kg", "units: g"))
    with pytest.raises(ArgonReleaseFileError, match="fiducialMass.*units 'g'"):
        load_parameters(y)
    y.write_text("beamExposure: [1, 2\n  oops: :\n")
    with pytest.raises(ArgonReleaseFileError, match="line"):
        load_parameters(y)


def test_grid_loader_reads_every_bin_once(argon_dir):
    g = load_grid(argon_dir / "datanobkgsub.txt", counts=True)
    raw = np.loadtxt(argon_dir / "datanobkgsub.txt")
    assert g.dtype == np.int64 and not g.flags.writeable
    assert g[0, 0, 0] == raw[0, 3] and g[11, 7, 9] == raw[-1, 3] and g.sum() == raw[:, 3].sum()


def test_registry_names_and_urls():
    assert len(reg.REQUIRED_FILES) == 15 and len(reg.REQUIRED_FILES + reg.OPTIONAL_FILES) == 24
    assert reg.url("cevnspdf.txt") == "https://zenodo.org/records/3903810/files/cevnspdf.txt?download=1"
    with pytest.raises(ValueError, match="not a file of the CENNS-10 release"):
        reg.url("nope.txt")
