"""A class on JupyterHub, the recipe of docs/teaching-on-jupyterhub.md run for real on 127.0.0.1: PyPI
`jupyterhub`, npm `configurable-http-proxy`, the dummy authenticator and local-process spawner. Students
log in, get the course by copy-on-spawn (`cevns-edu notebooks copy`, never overwriting), run notebook 06
in their own server's kernel; the admin then installs an updated course and each student's edited
notebook is still theirs while the new notebook arrives.

The course package is installed from wheels built here (v1, then an updated v2) into a folder on the
single-user servers' PYTHONPATH, so the update is a real `pip install` of a new version; everything else
(JupyterLab, jupyterhub) is the project's venv.
"""

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
import tarfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_or_skip

pytestmark = [pytest.mark.hub, pytest.mark.needs_socket]

BIN = Path(sys.executable).parent
STUDENTS = ("ada", "bo", "chen")
PASSWORD = "class-password"
NB = "06_fit.ipynb"


def _proxy() -> str | None:
    local = Path(sys.prefix) / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _check(cmd: list[str], **kw) -> str:
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    assert run.returncode == 0, f"{cmd} failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    return run.stdout


def _wheels(tmp: Path) -> tuple[Path, Path]:
    """Wheel v1 (this checkout) and v2 (an update: notebook 06 changed, a new notebook 08)."""
    _check([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp), str(ROOT)])
    sdist, = tmp.glob("cevns_edu-*.tar.gz")
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp / "src", filter="data")
    src, = (tmp / "src").iterdir()
    _check([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp / "v1"), str(src)])
    pyproject = src / "pyproject.toml"
    pyproject.write_text(re.sub(r'(?m)^version = "[^"]+"', 'version = "0.1.1"', pyproject.read_text()))
    nb06 = json.loads((src / "notebooks" / NB).read_text())
    nb06["cells"][0]["source"] = ["**Course update v0.1.1.**\n\n", *nb06["cells"][0]["source"]]
    (src / "notebooks" / NB).write_text(json.dumps(nb06, indent=1))
    new = {"cells": [{"cell_type": "markdown", "id": "new", "metadata": {}, "source": ["# 08 · What's new"]}],
           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (src / "notebooks" / "08_whats_new.ipynb").write_text(json.dumps(new))
    _check([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp / "v2"), str(src)])
    return next((tmp / "v1").glob("*.whl")), next((tmp / "v2").glob("*.whl"))


def _install(wheel: Path, site: Path) -> None:
    """The admin installs (or upgrades) the course package for every student."""
    _check([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--upgrade",
            "--target", str(site), str(wheel)])


def _hub_config(tmp: Path, port: int, token: str, site: Path) -> Path:
    # the recipe: copy the course on every spawn (never overwriting), then start the single-user server
    start = (f'"{site}/bin/cevns-edu" notebooks copy "$HOME/cevns-course" > "$HOME/.cevns-course-copy.log" '
             f'&& exec "{BIN}/jupyterhub-singleuser" "$@"')
    config = f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.ConfigurableHTTPProxy.command = [{_proxy()!r}]
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp / "home" / "{username}")!r}
c.Spawner.cmd = ["sh", "-c", {start!r}, "jupyterhub-singleuser"]
c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab/tree/cevns-course/00_welcome.ipynb"
c.Spawner.environment = {{"PYTHONPATH": {str(site)!r}, "MPLBACKEND": "Agg"}}
c.Spawner.http_timeout = 180
c.Spawner.start_timeout = 180
c.JupyterHub.db_url = "sqlite:///{tmp / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(tmp / 'cookie_secret')!r}
c.JupyterHub.pid_file = {str(tmp / 'hub.pid')!r}
c.JupyterHub.services = [{{"name": "teacher", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "teacher", "services": ["teacher"],
                            "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}}]
"""
    path = tmp / "jupyterhub_config.py"
    path.write_text(config)
    return path


class Hub:
    def __init__(self, url: str, token: str) -> None:
        import requests  # the hub's HTTP API; a jupyterhub dependency, needed only here

        self.url, self.requests = url, requests
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {token}"
        self.token = token

    def login(self, name: str) -> None:
        """What a student does: open the login page, type name and password (the hub then spawns the server)."""
        s = self.requests.Session()
        s.get(f"{self.url}/hub/login", timeout=30)
        r = s.post(f"{self.url}/hub/login?next=", timeout=60, allow_redirects=False,
                   data={"username": name, "password": PASSWORD, "_xsrf": s.cookies.get("_xsrf", "")})
        assert r.status_code in (302, 303), f"login of {name}: {r.status_code} {r.text[:300]}"
        s.get(f"{self.url}/hub/spawn", timeout=60, allow_redirects=False)  # the page the login redirects to

    def wait_ready(self, name: str, timeout_s: float = 240) -> None:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout_s:
            r = self.api.get(f"{self.url}/hub/api/users/{name}", timeout=30)
            server = r.json().get("servers", {}).get("") if r.ok else None
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"{name}'s server not ready after {timeout_s:.0f} s")

    def server(self, name: str, path: str) -> str:
        return f"{self.url}/user/{name}/{path}"

    def restart(self, name: str) -> None:
        r = self.api.delete(f"{self.url}/hub/api/users/{name}/server", timeout=120)
        assert r.status_code in (202, 204), r.text
        t0 = time.monotonic()
        while self.api.get(f"{self.url}/hub/api/users/{name}", timeout=30).json().get("servers"):
            assert time.monotonic() - t0 < 120, f"{name}'s server did not stop"
            time.sleep(0.5)
        r = self.api.post(f"{self.url}/hub/api/users/{name}/server", timeout=120)
        assert r.status_code in (201, 202), r.text
        self.wait_ready(name)

    def read_notebook(self, name: str, rel: str) -> dict:
        r = self.api.get(self.server(name, f"api/contents/{rel}"), timeout=60)
        assert r.ok, f"{name}: {rel}: {r.status_code}"
        return r.json()["content"]


def _run_notebook(hub: Hub, name: str) -> tuple[str, float]:
    """Run every code cell of the student's copy of notebook 06 in a kernel of their server (REST + websocket)."""
    import websocket  # websocket-client (jupyter_server dependency): the kernel's channels

    nb = hub.read_notebook(name, f"cevns-course/{NB}")
    r = hub.api.post(hub.server(name, "api/kernels"), json={"name": "python3", "path": "cevns-course"}, timeout=120)
    assert r.status_code == 201, r.text
    kernel = r.json()["id"]
    ws_url = hub.server(name, f"api/kernels/{kernel}/channels").replace("http", "ws")
    ws = websocket.create_connection(ws_url, header=[f"Authorization: token {hub.token}"], timeout=300)
    session = uuid.uuid4().hex
    try:
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "username": name, "session": session, "msg_type": "execute_request",
                           "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": "".join(cell["source"]), "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "error":
                    raise AssertionError(f"{name}: {NB} cell failed: {msg['content']['ename']}: {msg['content']['evalue']}")
                if msg["msg_type"] == "execute_reply":
                    assert msg["content"]["status"] == "ok", msg["content"]
                    break
    finally:
        ws.close()
    return kernel, _kernel_rss_mb(kernel)


def _kernel_rss_mb(kernel_id: str) -> float:
    import psutil  # to read the kernel process's memory; a jupyter_server dependency

    for proc in psutil.process_iter(["cmdline"]):
        if any(f"kernel-{kernel_id}.json" in part for part in (proc.info["cmdline"] or [])):
            return proc.memory_info().rss / 2**20
    return float("nan")


def test_a_class_on_jupyterhub(tmp_path: Path) -> None:
    require_or_skip(shutil.which("jupyterhub", path=str(BIN)) is not None,
                    f"jupyterhub is not installed in {sys.prefix} (.ci/run installs it; see docs/teaching-on-jupyterhub.md)")
    require_or_skip(_proxy() is not None,
                    "configurable-http-proxy not found (npm install --prefix .venv/node configurable-http-proxy; "
                    "see .ci/run)")
    require_or_skip(shutil.which("sh") is not None, "sh is needed by the spawn command")
    v1, v2 = _wheels(tmp_path / "wheels")
    site = tmp_path / "course-site"
    _install(v1, site)
    port, token = _free_port(), secrets.token_hex(32)
    config = _hub_config(tmp_path, port, token, site)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("JUPYTER")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    log = (tmp_path / "hub.log").open("w")
    proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)], cwd=tmp_path, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", token)
    try:
        t0 = time.monotonic()
        while True:
            assert proc.poll() is None, "hub exited:\n" + (tmp_path / "hub.log").read_text()[-4000:]
            assert time.monotonic() - t0 < 120, "hub did not start:\n" + (tmp_path / "hub.log").read_text()[-4000:]
            try:
                if hub.api.get(f"{hub.url}/hub/api/", timeout=2).ok:
                    break
            except hub.requests.RequestException:
                pass
            time.sleep(0.5)

        # every student logs in at once; each gets a running notebook 06 in their own server
        results: dict[str, dict] = {}
        errors: list[BaseException] = []

        def student(name: str) -> None:
            try:
                t_login = time.monotonic()
                hub.login(name)
                hub.wait_ready(name)
                t_ready = time.monotonic()
                kernel, rss = _run_notebook(hub, name)
                results[name] = {"ready_s": t_ready - t_login, "notebook_done_s": time.monotonic() - t_login,
                                 "kernel_rss_mb": rss}
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=student, args=(n,)) for n in STUDENTS]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=900)
        if errors:
            raise errors[0]
        assert sorted(results) == sorted(STUDENTS)
        for name, r in results.items():
            print(f"\n{name}: server ready {r['ready_s']:.1f} s after login, notebook 06 done "
                  f"{r['notebook_done_s']:.1f} s after login, kernel RSS {r['kernel_rss_mb']:.0f} MiB")
        for name in STUDENTS:
            home = tmp_path / "home" / name
            assert (home / "cevns-course" / NB).read_bytes() == (ROOT / "notebooks" / NB).read_bytes()
            assert (home / "cevns-course" / "docs" / "GALLERY.md").is_file()
            assert not (home / "cevns-course" / "docs" / "teacher_guide.md").exists()  # students: no solutions

        # each student edits notebook 06 in their server (the contents API JupyterLab uses to save)
        for name in STUDENTS:
            nb = hub.read_notebook(name, f"cevns-course/{NB}")
            nb["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": f"{name}'s own notes",
                                   "attachments": {}, "id": f"notes-{name}"})
            r = hub.api.put(hub.server(name, f"api/contents/cevns-course/{NB}"), timeout=60,
                            json={"type": "notebook", "format": "json", "content": nb})
            assert r.ok, r.text

        # the course is updated: the admin installs v2; each server restarts (copy on spawn runs again)
        _install(v2, site)
        for name in STUDENTS:
            hub.restart(name)
        for name in STUDENTS:
            mine = hub.read_notebook(name, f"cevns-course/{NB}")
            assert mine["cells"][0]["source"] == f"{name}'s own notes", f"{name}'s edit was lost"
            assert "Course update v0.1.1" not in json.dumps(mine)
            assert hub.read_notebook(name, "cevns-course/08_whats_new.ipynb")["cells"][0]["source"] == "# 08 · What's new"
            copy_log = (tmp_path / "home" / name / ".cevns-course-copy.log").read_text()
            assert "skipped    06_fit.ipynb" in copy_log and "copied     08_whats_new.ipynb" in copy_log
    finally:
        os.kill(proc.pid, signal.SIGTERM)  # the hub stops the proxy and the students' servers
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
