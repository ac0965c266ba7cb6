"""`cevns-edu notebooks copy DEST`: copies the course, never overwrites, reports copied and skipped files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cevns_edu.cli import main
from cevns_edu.cli import notebooks as nbcli

ROOT = Path(__file__).resolve().parents[2]


def _nb(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": [text]}], "metadata": {},
                       "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small stand-in course folder (independent of which notebooks exist yet)."""
    src = tmp_path / "course"
    (src / "images").mkdir(parents=True)
    (src / ".ipynb_checkpoints").mkdir()
    (src / "00_welcome.ipynb").write_text(_nb("welcome"))
    (src / "01_coherence.ipynb").write_text(_nb("coherence"))
    (src / "images" / "sns.png").write_bytes(b"\x89PNG fake")
    (src / ".ipynb_checkpoints" / "00_welcome-checkpoint.ipynb").write_text(_nb("old"))
    monkeypatch.setattr(nbcli, "course_dir", lambda: src)
    monkeypatch.setattr(nbcli, "guide_files", lambda **_: [])  # the guide's copy is tested in test_workspace.py
    return src


def test_copy_into_new_folder(course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "learner" / "cevns"
    assert main(["notebooks", "copy", str(dest)]) == 0
    out = capsys.readouterr().out
    for rel in ("00_welcome.ipynb", "01_coherence.ipynb", "images/sns.png"):
        assert (dest / rel).read_bytes() == (course / rel).read_bytes()
        assert rel in out
    assert not (dest / ".ipynb_checkpoints").exists()
    assert "Copied 3 file(s)" in out and "skipped 0 existing" in out
    assert "jupyter lab" in out


def test_never_overwrites_an_edited_notebook(course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "mine"
    assert main(["notebooks", "copy", str(dest)]) == 0
    mine = dest / "01_coherence.ipynb"
    mine.write_text(_nb("MY OWN NOTES — do not lose"))
    (dest / "00_welcome.ipynb").unlink()  # deleted by the learner: copying again restores it
    capsys.readouterr()
    assert main(["notebooks", "copy", str(dest)]) == 0
    out = capsys.readouterr().out
    assert "MY OWN NOTES" in mine.read_text()
    assert "skipped    01_coherence.ipynb" in out and "your version is kept" in out
    assert "copied     00_welcome.ipynb" in out
    assert (dest / "00_welcome.ipynb").read_bytes() == (course / "00_welcome.ipynb").read_bytes()
    assert "Copied 1 file(s)" in out and "skipped 2 existing file(s)" in out and "nothing was overwritten" in out


def test_skips_symlinks_and_exclusive_creation(course: Path, tmp_path: Path) -> None:
    dest = tmp_path / "d"
    dest.mkdir()
    (dest / "00_welcome.ipynb").symlink_to(tmp_path / "nowhere.ipynb")  # dangling: still never written through
    report = nbcli.copy_course(dest)
    assert Path("00_welcome.ipynb") in report.skipped
    assert not (tmp_path / "nowhere.ipynb").exists()


def test_dry_run_writes_nothing(course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "dry"
    assert main(["notebooks", "copy", str(dest), "--dry-run"]) == 0
    assert not dest.exists()
    assert "Would copy 3 file(s)" in capsys.readouterr().out


def test_destination_is_a_file(course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "file.txt"
    f.write_text("x")
    assert main(["notebooks", "copy", str(f)]) == 1
    assert "exists and is not a folder" in capsys.readouterr().err
    assert f.read_text() == "x"


def test_destination_is_the_course_itself(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notebooks", "copy", str(course)]) == 1
    assert "course folder itself" in capsys.readouterr().err


def test_list(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notebooks", "list"]) == 0
    out = capsys.readouterr().out
    assert str(course) in out and "00_welcome.ipynb" in out and "sns.png" not in out


def test_action_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["notebooks"])
    assert "copy" in capsys.readouterr().err


def test_real_course_is_found_and_copied(tmp_path: Path) -> None:
    """The installed package locates the repository's notebooks/ and the console script copies all of them."""
    course = ROOT / "notebooks"
    if not any(course.glob("*.ipynb")):
        pytest.skip("no course notebooks committed yet in notebooks/")
    assert nbcli.course_dir() == course
    dest = tmp_path / "class"
    exe = Path(sys.executable).with_name("cevns-edu")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cevns_edu.cli"]
    run = subprocess.run([*cmd, "notebooks", "copy", str(dest)], capture_output=True, text=True, check=True)
    expected = sorted(p.name for p in course.glob("*.ipynb"))
    assert sorted(p.name for p in dest.glob("*.ipynb")) == expected
    for name in expected:
        assert (dest / name).read_bytes() == (course / name).read_bytes()
        assert name in run.stdout
    again = subprocess.run([*cmd, "notebooks", "copy", str(dest)], capture_output=True, text=True, check=True)
    assert "Copied 0 file(s)" in again.stdout
