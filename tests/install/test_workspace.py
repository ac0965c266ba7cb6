"""`make lab`: the learner's own copy of the course (made once, never overwritten) opened in JupyterLab,
whose terminals find `cevns-edu` and `jupyter` as the course prints them — proved with the server `make lab`
itself starts, from a shell where the venv is not activated."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_or_skip

BIN = Path(sys.executable).parent


def _learner_env(home: Path) -> dict[str, str]:
    """A learner's shell: their own HOME, and a PATH without the project's venv (not activated)."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH") and not k.startswith("JUPYTER")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p).resolve() != BIN.resolve())
    env["HOME"] = str(home)
    return env


def _make(target: str, home: Path, *args: str, **kw) -> subprocess.CompletedProcess | subprocess.Popen:
    require_or_skip(shutil.which("make") is not None, "`make` is not installed")
    # -o install: the venv running this test is the installed one; do not reinstall from inside a test
    cmd = ["make", "--no-print-directory", "-C", str(ROOT), "-o", "install", target, *args]
    return subprocess.run(cmd, env=_learner_env(home), capture_output=True, text=True, timeout=120, **kw)


def test_workspace_is_made_once_and_never_overwritten(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    first = _make("workspace", home)
    assert first.returncode == 0, first.stderr
    ws = home / "cevns-course"  # the default WORKSPACE
    assert "Copied" in first.stdout and str(ws) in first.stdout
    for rel in ("00_welcome.ipynb", "06_fit.ipynb", "images/cevns_diagram.png",
                "docs/GALLERY.md", "docs/gallery/06_fit.png"):
        assert (ws / rel).is_file(), rel
    assert not (ws / "docs" / "teacher_guide.md").exists(), "the students' edition holds no solutions"
    # every image GALLERY.md shows is there, relative to it, as in the repository
    gallery = (ws / "docs" / "GALLERY.md").read_text()
    for png in (ROOT / "docs" / "gallery").glob("*.png"):
        if f"gallery/{png.name}" in gallery:
            assert (ws / "docs" / "gallery" / png.name).read_bytes() == png.read_bytes()
    mine = ws / "06_fit.ipynb"
    mine.write_text(mine.read_text().replace("\"cells\": [", "\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"MY NOTES\"]},", 1))
    (ws / "docs" / "GALLERY.md").unlink()
    again = _make("workspace", home)
    assert again.returncode == 0, again.stderr
    assert "MY NOTES" in mine.read_text()
    assert "Copied 1 file(s)" in again.stdout and "nothing was overwritten" in again.stdout
    assert (ws / "docs" / "GALLERY.md").read_bytes() == (ROOT / "docs" / "GALLERY.md").read_bytes()


def test_workspace_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run = _make("workspace", tmp_path, f"WORKSPACE={blocker / 'course'}")
    assert run.returncode != 0
    errors = [line for line in run.stderr.splitlines() if not line.startswith("make")]
    # one line that names the blocking file and says what it is
    assert len(errors) == 1 and errors[0].startswith("cevns-edu notebooks: error:"), run.stderr
    assert str(blocker) in errors[0] and "is a file, not a folder" in errors[0], run.stderr
    assert "Traceback" not in run.stderr and blocker.read_text() == "not a folder"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _terminal_output(url: str, token: str, commands: str, timeout_s: float = 60.0) -> str:
    """Open a JupyterLab terminal over the server's REST API and websocket, type ``commands``, return its output."""
    import websocket  # websocket-client, a jupyter_server dependency; only this test needs it

    req = urllib.request.Request(f"{url}/api/terminals", method="POST", data=b"{}",
                                 headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        name = json.load(r)["name"]
    ws = websocket.create_connection(f"{url.replace('http', 'ws')}/terminals/websocket/{name}?token={token}", timeout=30)
    try:
        ws.send(json.dumps(["stdin", commands + "; echo __DO''NE__\r"]))
        out, t0 = "", time.monotonic()
        while "__DONE__" not in out and time.monotonic() - t0 < timeout_s:
            msg = json.loads(ws.recv())
            if msg[0] == "stdout":
                out += msg[1]
        return out
    finally:
        ws.close()
        urllib.request.urlopen(urllib.request.Request(f"{url}/api/terminals/{name}", method="DELETE",
                                                      headers={"Authorization": f"token {token}"}), timeout=30)


@pytest.mark.needs_socket
def test_make_lab_terminals_have_the_venv_on_path(tmp_path: Path) -> None:
    require_or_skip(shutil.which("bash") is not None, "bash is needed for JupyterLab terminals")
    require_or_skip((Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json").is_file(),
                    "the venv's terminal configuration is missing: run `make install`")
    home = tmp_path / "home"
    home.mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    lab_args = f"LAB_ARGS=--no-browser --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    log = (tmp_path / "lab.log").open("w")
    cmd = ["make", "--no-print-directory", "-C", str(ROOT), "-o", "install", "lab", f"PORT={port}", lab_args]
    proc = subprocess.Popen(cmd, env=_learner_env(home), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        t0 = time.monotonic()
        while True:
            assert proc.poll() is None, (tmp_path / "lab.log").read_text()[-3000:]
            assert time.monotonic() - t0 < 120, "JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        ws = home / "cevns-course"
        out = _terminal_output(url, token, "echo CWD=$PWD; echo CEVNS=$(command -v cevns-edu); "
                                           "echo JUPYTER=$(command -v jupyter); echo PY=$(command -v python); "
                                           "cevns-edu notebooks copy ~/cevns-course | tail -n 1; "
                                           "jupyter lab --version && echo LAB_OK")
        lines = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out).replace("\r", "").splitlines()  # no terminal escapes
        assert f"CWD={ws}" in lines, out  # the server runs in the learner's copy, not in notebooks/
        assert f"CEVNS={BIN / 'cevns-edu'}" in lines, out
        assert f"JUPYTER={BIN / 'jupyter'}" in lines, out
        assert f"PY={BIN / 'python'}" in lines, out
        assert "LAB_OK" in lines, out
        assert any(line.startswith("Copied 0 file(s)") and "nothing was overwritten" in line for line in lines), out
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
