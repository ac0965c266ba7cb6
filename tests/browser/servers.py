"""Start and stop a JupyterLab or Voila server on 127.0.0.1 for the browser tests (helpers, not tests)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The course folder; CEVNS_EDU_BROWSER_COURSE overrides it (only for developing these tests).
NOTEBOOKS = Path(os.environ.get("CEVNS_EDU_BROWSER_COURSE", ROOT / "notebooks"))
sys.path.insert(0, str(ROOT / "tools"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402,F401  (the browser and its flags: tools/chromium.py)

# JupyterLab user settings for the test server only (nothing of the learner's or the venv's is touched):
# no news/update popup; every cell kept in the DOM (no windowing) so each widget can be found.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/announcements.jupyterlab-settings": {},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(tmp: Path) -> dict[str, str]:
    """Kernels see what nbval sees: no release data (so notebooks show the replica), an empty cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("COHERENT2017_DIR", "JUPYTER_TOKEN")}
    cache = tmp / "empty-cache"
    cache.mkdir(exist_ok=True)
    env["CEVNS_EDU_CACHE"] = str(cache)
    env["MPLBACKEND"] = "module://ipympl.backend_nbagg"
    env["JUPYTER_CONFIG_DIR"] = str(tmp / "jupyter-config")  # ignore any user config
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "jupyter-runtime")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["PYTHONFAULTHANDLER"] = "1"  # a kernel that crashes leaves its Python traceback in the server log
    return env


@dataclass
class Server:
    kind: str  # "lab" | "voila"
    url: str  # base URL, e.g. http://127.0.0.1:PORT
    token: str
    root: Path
    process: subprocess.Popen
    log: Path

    def api(self, method: str, path: str) -> object:
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut every kernel down (REST DELETE /api/kernels/<id>) so the next notebook starts fresh."""
        for k in self.api("GET", "/api/kernels") or []:
            try:
                self.api("DELETE", f"/api/kernels/{k['id']}")
            except urllib.error.HTTPError:
                pass

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def copy_course(dest: Path) -> Path:
    """A temporary copy of notebooks/ so nothing in the repository is modified by the browser."""
    shutil.copytree(NOTEBOOKS, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


def _wait_ready(server: Server, probe: str, timeout_s: float = 90.0) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout_s:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.kind} server exited early (code {server.process.returncode}):\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}{probe}", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{server.kind} server not ready after {timeout_s:.0f} s:\n{server.log_tail()}")


def start_lab(tmp: Path) -> Server:
    root = copy_course(tmp / "course")
    settings = tmp / "lab-user-settings"
    for rel, content in LAB_SETTINGS.items():
        f = settings / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(content))
    (tmp / "lab-workspaces").mkdir()
    port, token = free_port(), secrets.token_hex(16)
    log = tmp / "jupyterlab.log"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           f"--IdentityProvider.token={token}", "--allow-root", f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp / 'lab-workspaces'}",
           "--ServerApp.open_browser=False", "--LabApp.expose_app_in_browser=True"]
    with log.open("w") as out:  # the server writes to its own copy of the descriptor; ours is closed at once
        proc = subprocess.Popen(cmd, cwd=root, env=server_env(tmp), stdout=out, stderr=subprocess.STDOUT)
    server = Server("lab", f"http://127.0.0.1:{port}", token, root, proc, log)
    _wait_ready(server, f"/api/status?token={token}")
    return server


def start_voila(tmp: Path, notebook: str, *extra_args: str) -> Server:
    """Voila serving ``notebook`` of a copy of the course; ``extra_args`` as `make present` passes them."""
    root = copy_course(tmp / "voila-course")
    port = free_port()
    log = tmp / "voila.log"
    cmd = [sys.executable, "-m", "voila", str(root / notebook), "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--theme=light", *extra_args]
    with log.open("w") as out:  # the server writes to its own copy of the descriptor; ours is closed at once
        proc = subprocess.Popen(cmd, cwd=root, env=server_env(tmp), stdout=out, stderr=subprocess.STDOUT)
    server = Server("voila", f"http://127.0.0.1:{port}", "", root, proc, log)
    _wait_ready(server, "/voila/static/voila.js", timeout_s=90)
    return server
