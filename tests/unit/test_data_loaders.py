"""Loaders of the COHERENT 2017 release: real files (../shared/coherent2017), both file forms, and
corrupted copies giving errors that name the file, say what is wrong and how to get a good copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from cevns_edu.core.binning import region_mask
from cevns_edu.data import (
    ReleaseFileError,
    ReleaseNotFoundError,
    load_counts,
    load_parameters,
    load_prompt_pdf,
    load_release,
    load_time_pdf,
)
from cevns_edu.data import registry as reg
from cevns_edu.experiment.replica import fallback_problem, release_or_replica

# Events in the analysis region 6 <= PE < 30, 0 <= t < 6 us (release README; ../shared/coherent2017/README.md).
EXPECTED_REGION = {"C_on": 547, "AC_on": 405, "C_off": 209, "AC_off": 207}


@pytest.fixture
def copy_dir(release_dir: Path, tmp_path: Path) -> Path:
    d = tmp_path / "release"
    shutil.copytree(release_dir, d)
    for p in d.iterdir():
        p.chmod(0o644)
    return d


def test_region_counts_match_release(release_dir):
    rel = load_release(release_dir)
    for key, n in EXPECTED_REGION.items():  # exact: integer counts
        assert rel.counts[key].shape == (25, 24)
        assert rel.counts[key].dtype.kind == "i"
        assert int(rel.counts[key][region_mask()].sum()) == n
        assert rel.region_counts(key) == n


def test_local_folder_is_labelled_honestly(release_dir):
    rel = load_release(release_dir)
    # the header-stripped data files cannot match the official MD5s → "local folder", never "verified"
    assert rel.source == f"local folder: {release_dir}"
    assert not rel.is_simulated and rel.label == "REAL DATA" and rel.title_prefix == ""


def test_env_var_is_used(release_dir, monkeypatch):
    monkeypatch.setenv("COHERENT2017_DIR", str(release_dir))
    assert release_or_replica().source == f"local folder: {release_dir}"


def test_time_pdfs_and_prompt_pdf(release_dir):
    rel = load_release(release_dir)
    for k, pdf in rel.time_pdfs.items():
        assert pdf.shape == (24,)
        assert abs(pdf.sum() - 1) < 1e-6, k
    # prompt neutrinos arrive within ~1.5 us of the pulse: the 0.75 us bin holds 91% (release file)
    assert rel.time_pdfs["prompt_neutrinos"][1] == pytest.approx(0.9094831995369566, rel=1e-12)
    assert rel.brn_pe_per_gwh.shape == (50,)
    assert rel.brn_pe_per_gwh[0] == pytest.approx(0.5526297688, rel=1e-12)  # first row of promptPDF.txt
    assert rel.exposure_gwh == pytest.approx(7.47594)
    assert rel.acceptance_parameters == {"a": 0.6655, "k": 0.4942, "x_0": 10.8507}


def test_arrays_are_read_only(release_dir):
    rel = load_release(release_dir)
    with pytest.raises(ValueError):
        rel.counts["C_on"][0, 0] = 5
    with pytest.raises(TypeError):
        rel.counts["C_on"] = None  # MappingProxyType


def test_official_header_form_parses(release_dir, tmp_path):
    """Official files carry '#' comment headers; the same numbers must come out."""
    src = release_dir / "data_coincidence_beamOn.txt"
    p = tmp_path / "data_coincidence_beamOn.txt"
    p.write_text("# COHERENT Collaboration data release\n# PE, time (us), counts\n\n" + src.read_text())
    np.testing.assert_array_equal(load_counts(p), load_counts(src))
    pdf = tmp_path / "arrivalTimePDF_promptNeutrinos.txt"
    pdf.write_text("# time, probability\n" + (release_dir / pdf.name).read_text())
    np.testing.assert_array_equal(load_time_pdf(pdf), load_time_pdf(release_dir / pdf.name))


def test_rows_in_any_order_and_whitespace_separated(release_dir, tmp_path):
    src = release_dir / "data_anticoincidence_beamOn.txt"
    lines = src.read_text().splitlines()[::-1]
    p = tmp_path / "x.txt"
    p.write_text("\n".join(ln.replace(",", " ") for ln in lines))
    np.testing.assert_array_equal(load_counts(p), load_counts(src))


def _assert_good_error(exc: pytest.ExceptionInfo, path: Path, what: str) -> None:
    msg = str(exc.value)
    assert str(path) in msg, msg
    assert what in msg, msg
    assert "cevns-edu data fetch" in msg, msg


def test_truncated_file(release_dir, tmp_path):
    p = tmp_path / "data_coincidence_beamOn.txt"
    text = (release_dir / p.name).read_text()
    p.write_text(text[: len(text) // 2].rsplit("\n", 1)[0])
    with pytest.raises(ReleaseFileError) as exc:
        load_counts(p)
    _assert_good_error(exc, p, "incomplete grid")


def test_missing_column(release_dir, tmp_path):
    p = tmp_path / "data_coincidence_beamOff.txt"
    lines = (release_dir / p.name).read_text().splitlines()
    lines[4] = lines[4].rsplit(",", 1)[0]
    p.write_text("\n".join(lines))
    with pytest.raises(ReleaseFileError) as exc:
        load_counts(p)
    _assert_good_error(exc, p, "line 5 has 2 column(s), expected 3")


def test_nan_count(release_dir, tmp_path):
    p = tmp_path / "data_coincidence_beamOff.txt"
    lines = (release_dir / p.name).read_text().splitlines()
    lines[6] = lines[6].rsplit(",", 1)[0] + ", nan"
    p.write_text("\n".join(lines))
    with pytest.raises(ReleaseFileError) as exc:
        load_counts(p)
    _assert_good_error(exc, p, "not a finite number")


@pytest.mark.parametrize("bad,what", [("-1", "not a non-negative integer"), ("2.5", "not a non-negative integer"),
                                      ("abc", "is not a number")])
def test_bad_count_values(release_dir, tmp_path, bad, what):
    p = tmp_path / "data_anticoincidence_beamOff.txt"
    lines = (release_dir / p.name).read_text().splitlines()
    lines[0] = lines[0].rsplit(",", 1)[0] + ", " + bad
    p.write_text("\n".join(lines))
    with pytest.raises(ReleaseFileError) as exc:
        load_counts(p)
    _assert_good_error(exc, p, what)


def test_wrong_bin_centre_and_duplicate(release_dir, tmp_path):
    p = tmp_path / "d.txt"
    lines = (release_dir / "data_coincidence_beamOn.txt").read_text().splitlines()
    p.write_text("\n".join(["2.0" + lines[0][3:]] + lines[1:]))  # PE centre 2 is not a 2-PE bin centre
    with pytest.raises(ReleaseFileError, match="photoelectrons 2 is not one of the documented 2-PE bin centres"):
        load_counts(p)
    p.write_text("\n".join(lines + [lines[0]]))
    with pytest.raises(ReleaseFileError, match="appears 2 times"):
        load_counts(p)


def test_pdf_that_does_not_sum_to_one(release_dir, tmp_path):
    p = tmp_path / "arrivalTimePDF_promptNeutrons.txt"
    lines = (release_dir / p.name).read_text().splitlines()
    lines[1] = "0.75, 0.9"
    p.write_text("\n".join(lines))
    with pytest.raises(ReleaseFileError) as exc:
        load_time_pdf(p)
    _assert_good_error(exc, p, "sum to")
    p.write_text("\n".join(lines[:10]))
    with pytest.raises(ReleaseFileError, match="has 10 rows, expected 24"):
        load_time_pdf(p)


def test_prompt_pdf_errors(release_dir, tmp_path):
    p = tmp_path / "promptPDF.txt"
    lines = (release_dir / p.name).read_text().splitlines()
    p.write_text("\n".join(lines[:-5]))
    with pytest.raises(ReleaseFileError, match="has 45 rows, expected 50"):
        load_prompt_pdf(p)
    # independent reader (numpy's loadtxt skips the '#' header): same numbers, exactly
    ref = np.loadtxt(release_dir / p.name, delimiter=",", comments="#")[:, 1]
    np.testing.assert_array_equal(load_prompt_pdf(release_dir / p.name), ref)


def test_empty_and_binary_files(tmp_path):
    p = tmp_path / "data_coincidence_beamOn.txt"
    p.write_text("# only a header\n")
    with pytest.raises(ReleaseFileError, match="contains no data rows"):
        load_counts(p)
    p.write_bytes(b"\xff\xfe\x00\x01" * 10)
    with pytest.raises(ReleaseFileError, match="not a text file"):
        load_counts(p)


@pytest.mark.parametrize("edit,what", [
    (lambda s: s.replace("units: GW*hr", "units: MW*hr"), "units 'MW*hr', expected 'GW*hr'"),
    (lambda s: s.replace("csiLightYield:", "lightYield:"), "missing parameter 'csiLightYield'"),
    (lambda s: s.replace("- name: x_0", "- name: x0"), "parameter 'x_0' missing"),
    (lambda s: s.replace("value: 19.3", "value: -19.3"), "not a positive number"),
    (lambda s: s + "\n  bad: [unclosed\n", "not valid YAML"),
])
def test_parameter_file_validation(release_dir, tmp_path, edit, what):
    p = tmp_path / "coherent_parameters.yaml"
    p.write_text(edit((release_dir / p.name).read_text()))
    with pytest.raises(ReleaseFileError) as exc:
        load_parameters(p)
    _assert_good_error(exc, p, what)


def test_missing_files_in_folder(copy_dir):
    (copy_dir / "promptPDF.txt").unlink()
    with pytest.raises(ReleaseNotFoundError, match=r"has 8 of the 9 COHERENT 2017 files \(missing: promptPDF.txt\).*cevns-edu data fetch"):
        load_release(copy_dir)
    with pytest.raises(ReleaseNotFoundError, match="does not exist"):
        load_release(copy_dir / "nope")


def test_broken_folder_is_not_replaced_by_replica(copy_dir, monkeypatch):
    """A learner who points at a folder gets told what is wrong, never silently a replica: strict raises, the
    default (notebooks) gives the replica carrying the reason (issue 13)."""
    (copy_dir / "data_coincidence_beamOn.txt").write_text("1.0, 0.25, 2\n")
    monkeypatch.setenv("COHERENT2017_DIR", str(copy_dir))
    with pytest.raises(ReleaseFileError, match="incomplete grid"):
        release_or_replica(strict=True)
    rel = release_or_replica()
    assert rel.is_simulated and "incomplete grid" in fallback_problem(rel)


def test_no_release_anywhere(tmp_path, monkeypatch):
    monkeypatch.delenv("COHERENT2017_DIR", raising=False)
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    with pytest.raises(ReleaseNotFoundError, match="not on this computer.*cevns-edu data fetch.*COHERENT2017_DIR"):
        load_release()
    assert isinstance(ReleaseNotFoundError("x"), FileNotFoundError)


def _fill_cache(release_dir: Path, cache: Path) -> None:
    """A cache whose files carry the official checksums: pretend by registering the local copies' MD5s."""
    cache.mkdir(parents=True)
    for n in reg.REQUIRED_FILES:
        shutil.copy(release_dir / n, cache / n)
        (cache / n).chmod(0o644)


def test_verified_cache_and_corrupt_cache(release_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("COHERENT2017_DIR", raising=False)
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path))
    cache = reg.cache_dir()
    assert cache == tmp_path / "coherent2017"
    _fill_cache(release_dir, cache)
    # the local copies of the header-stripped files differ from Zenodo's: register their own MD5s for this test
    fake = dict(reg.REGISTRY)
    for n in reg.REQUIRED_FILES:
        fake[n] = reg.file_md5(cache / n)
    monkeypatch.setattr(reg, "REGISTRY", fake)
    rel = load_release()
    assert rel.source == "COHERENT 2017 data release (verified)"
    assert rel.region_counts("C_on") == 547
    # corrupt one cached file: detected, never used
    p = cache / "data_anticoincidence_beamOn.txt"
    p.write_text(p.read_text().replace("1.0, 0.25,", "1.0, 0.25, 9", 1)[:-1])
    with pytest.raises(ReleaseFileError) as exc:
        load_release()
    _assert_good_error(exc, p, "cached file is corrupt")
    with pytest.raises(ReleaseFileError, match="corrupt"):
        release_or_replica(strict=True)
    assert "corrupt" in fallback_problem(release_or_replica())
