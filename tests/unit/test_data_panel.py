"""The data panel (notebooks 00, 05–08): its lines say what the loaders use, and its Download button downloads
all or nothing — never touching the network (a fake downloader copies ../shared files; the real downloader
is only run where there is no network, and must then fail in one clear line keeping nothing).

Expectations are independent of the panel: each line is compared with what ``release_or_replica`` (CsI and
argon) actually returns in the same situation.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from cevns_edu.data import cenns10_registry as areg
from cevns_edu.data import registry as creg
from cevns_edu.data.availability import data_status, find
from cevns_edu.data.download import DownloadCancelled, download
from cevns_edu.data.sources import locate
from cevns_edu.experiment.argon.replica import release_or_replica as argon_release_or_replica
from cevns_edu.experiment.replica import release_or_replica
from cevns_edu.widgets.data_panel import DataPanel, WidgetProgress

LOADERS = {"csi": release_or_replica, "argon": argon_release_or_replica}


@pytest.fixture
def empty(tmp_path, monkeypatch):
    """No release anywhere: an empty cache, no folder variables."""
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(creg.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(areg.DATA_DIR_ENV, raising=False)
    return tmp_path


def _agrees(release: str) -> None:
    """The status line says exactly what release_or_replica does."""
    st = data_status(release)
    try:
        rel = LOADERS[release]()
    except (FileNotFoundError, ValueError) as exc:
        assert st.kind == "broken" and "NOT USABLE" in st.line and str(exc) in st.line
        return
    assert st.uses_real_data is (not rel.is_simulated)
    assert ("SIMULATED REPLICA" in st.line) is rel.is_simulated
    assert ("REAL DATA" in st.line) is (not rel.is_simulated)
    if not rel.is_simulated:
        assert st.source == rel.source
        assert ("verified" in rel.source) is (st.kind == "verified")


def test_lines_agree_with_the_loaders_without_data(empty):
    for r in ("csi", "argon"):
        _agrees(r)
        assert data_status(r).kind == "replica" and find(r) is None


def test_lines_agree_with_the_loaders_for_local_folders(empty, release_dir, argon_dir, monkeypatch):
    monkeypatch.setenv(creg.DATA_DIR_ENV, str(release_dir))
    monkeypatch.setenv(areg.DATA_DIR_ENV, str(argon_dir))
    for r in ("csi", "argon"):
        _agrees(r)
        st = data_status(r)
        assert st.kind == "local" and str(locate(r).folder) in st.line and locate(r).env_var in st.line
    # the old notebook-00 bug: with COHERENT2017_DIR set, the panel must say REAL DATA, not "0 of 13 verified → replica"
    panel = DataPanel()
    assert all("REAL DATA" in panel.lines[r].value for r in ("csi", "argon"))
    assert panel.to_download() == [] and panel.download_button.disabled


def test_lines_agree_with_the_loaders_when_broken(empty, tmp_path, monkeypatch):
    monkeypatch.setenv(creg.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    monkeypatch.setenv(areg.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    for r in ("csi", "argon"):
        _agrees(r)
        assert data_status(r).kind == "broken"


def _fake_argon(argon_dir: Path, calls: list[str] | None = None, cancel_after: int | None = None,
                cancel: threading.Event | None = None):
    def copy(url, output_file, pooch_obj):
        name = url.rsplit("/", 1)[-1]
        if calls is not None:
            calls.append(name)
        if cancel is not None and cancel_after is not None and len(calls or []) > cancel_after:
            cancel.set()
            raise OSError("interrupted")  # what pooch sees when the progress bar stops it mid-file
        shutil.copy(areg.find_file(argon_dir, name), output_file)
    return copy


def _argon_registry(argon_dir: Path) -> dict[str, str]:
    return {n: f"md5:{areg.file_md5(areg.find_file(argon_dir, n))}" for n in areg.REQUIRED_FILES}


def test_download_button_fetches_argon_then_the_line_says_verified(empty, argon_dir):
    calls: list[str] = []
    panel = DataPanel(("argon",), downloader=_fake_argon(argon_dir, calls), registries={"argon": _argon_registry(argon_dir)})
    assert panel.statuses["argon"].kind == "replica" and panel.to_download() == ["argon"]
    panel.download(wait=True)
    assert sorted(calls) == sorted(areg.REQUIRED_FILES)
    assert "✔ Downloaded and verified" in panel.message.value and "No kernel restart" in panel.message.value
    assert panel.statuses["argon"].kind == "verified" and "REAL DATA" in panel.lines["argon"].value
    rel = argon_release_or_replica()  # what notebook 08 now reads, in the same kernel (no restart)
    assert not rel.is_simulated and rel.source == "CENNS-10 data release (verified)"
    assert panel.download_button.disabled and panel.cancel_button.disabled
    assert not [p for p in areg.cache_dir().parent.iterdir() if "partial" in p.name], "staging folder left behind"


def test_download_of_the_csi_release_with_a_fake_downloader(empty, release_dir, monkeypatch, tmp_path):
    src = tmp_path / "zenodo"
    shutil.copytree(release_dir, src)
    for extra in ("README", "coherentCollaboration_dataReleaseCompanion_april2018.pdf"):
        (src / extra).write_text("stand-in\n")
    for name in creg.REGISTRY:  # the test copies are header-stripped: their checksums stand in for Zenodo's
        monkeypatch.setitem(creg.REGISTRY, name, creg.file_md5(src / name))

    def copy(url, output_file, pooch_obj=None):
        shutil.copy(src / url.split("/files/")[1].split("?")[0], output_file)

    assert data_status("csi").kind == "replica"
    folder = download("csi", downloader=copy)
    assert folder == creg.cache_dir() and all(creg.is_verified(folder / n) for n in creg.REGISTRY)
    st = data_status("csi")
    assert st.kind == "verified" and "REAL DATA" in st.line
    assert not release_or_replica().is_simulated


def test_a_bad_checksum_keeps_nothing(empty, argon_dir):
    bad = dict(_argon_registry(argon_dir), **{"bkgpdf.txt": "md5:" + "0" * 32})
    panel = DataPanel(("argon",), downloader=_fake_argon(argon_dir), registries={"argon": bad})
    panel.download(wait=True)
    assert "Download failed" in panel.message.value and "bkgpdf.txt" in panel.message.value
    assert "Nothing partial was kept" in panel.message.value
    assert not areg.cache_dir().exists() or not any(areg.cache_dir().iterdir())
    assert not [p for p in areg.cache_dir().parent.iterdir() if "partial" in p.name]
    assert panel.statuses["argon"].kind == "replica" and argon_release_or_replica().is_simulated


def test_cancel_keeps_nothing(empty, argon_dir):
    calls: list[str] = []
    cancel = threading.Event()
    with pytest.raises(DownloadCancelled):
        download("argon", cancel=cancel, registry_md5=_argon_registry(argon_dir),
                 downloader=_fake_argon(argon_dir, calls, cancel_after=3, cancel=cancel))
    assert 3 <= len(calls) < len(areg.REQUIRED_FILES)
    parent = areg.cache_dir().parent
    assert not areg.cache_dir().exists() and not [p for p in parent.iterdir() if "partial" in p.name]


def test_cancel_button_in_the_panel(empty, argon_dir):
    gate = threading.Event()

    def slow(url, output_file, pooch_obj):
        gate.wait(10)  # the download is "in flight" until the test has pressed Cancel
        shutil.copy(areg.find_file(argon_dir, url.rsplit("/", 1)[-1]), output_file)

    panel = DataPanel(("argon",), downloader=slow, registries={"argon": _argon_registry(argon_dir)})
    panel.download()
    assert not panel.cancel_button.disabled and panel.download_button.disabled
    panel.cancel_button.click()
    gate.set()
    panel._thread.join(30)
    assert "Cancelled" in panel.message.value and panel.statuses["argon"].kind == "replica"
    assert not areg.cache_dir().exists()


def test_widget_progress_follows_the_pooch_protocol():
    import ipywidgets as W

    bar = WidgetProgress(W.IntProgress())
    bar.total = 1000
    bar.update(300)
    bar.update(300)
    assert bar.bar.value == 600 and bar.bar.max == 1000
    bar.reset()
    assert bar.bar.value == 0
    bar.update(5000)
    assert bar.bar.value == 1000
    bar.close()
    assert bar.bar.value == bar.bar.max


def test_without_network_the_real_download_fails_in_one_clear_line(empty):
    """pytest-socket blocks sockets here: the real downloader (pooch + requests) must fail cleanly."""
    panel = DataPanel()
    panel.download(wait=True)
    msg = panel.message.value
    assert "Download failed" in msg and "Check the internet connection" in msg and "cevns-edu data fetch" in msg
    assert "Traceback" not in msg and msg.count("\n") == 0
    assert panel.statuses["csi"].kind == "replica" and panel.statuses["argon"].kind == "replica"
    assert not any(p.is_file() for p in Path(os.environ["CEVNS_EDU_CACHE"]).rglob("*"))


@pytest.mark.needs_socket
@pytest.mark.skipif(os.environ.get("CEVNS_EDU_NETNS") != "1", reason="only inside tools/offline's network namespace")
def test_inside_tools_offline_the_real_download_fails_cleanly(empty):
    """Sockets allowed, but the namespace has no route out: DNS/connect fail; one line, nothing kept."""
    for release in ("csi", "argon"):
        with pytest.raises(RuntimeError) as info:
            download(release)
        assert "\n" not in str(info.value) and ("connection" in str(info.value) or "could not" in str(info.value))
    assert not any(p.is_file() for p in Path(os.environ["CEVNS_EDU_CACHE"]).rglob("*"))
    panel = DataPanel()
    panel.download(wait=True)
    assert "Download failed" in panel.message.value
