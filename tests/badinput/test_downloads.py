"""Bad-input suite, area ``downloads``: hostile servers and destinations (issue 13, items 3 and 6).

A small HTTP server on 127.0.0.1 (one per module, threads, every response bounded in size and time) plays a
mirror (``CEVNS_EDU_MIRROR`` / ``cevns-edu data fetch --base-url``): the first path segment of the base URL
chooses how it misbehaves (``http://127.0.0.1:PORT/<behaviour>/<NAME>``). Every case must end in a clear
error or the verified file, and must leave nothing behind but verified files.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from harness import RIGHT, Verdict, api_call, cli_case, run_cli

from cevns_edu.data import registry as reg

pytestmark = pytest.mark.needs_socket

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CSI = SHARED / "coherent2017"
ARGON = SHARED / "cenns10"
#: Files of the CsI release whose local copy is byte-identical to the official one (so a download verifies).
IDENTICAL = ("coherent_parameters.yaml", "promptPDF.txt", "qfData_chicago.txt", "qfData_tunl.txt")
STREAM_CAP = 12 << 20  # the server never sends more than this (a bounded "huge" response)


def _argon_mirror(edited: bool) -> dict[str, bytes]:
    """What a teacher's mirror of the argon release serves: the files and the checksum file a fetch writes
    (``edited``: one efficiency changed, with checksums that match the edit — only the content check catches it)."""
    from cevns_edu.data import cenns10_registry as areg

    out = {n: areg.find_file(ARGON, n).read_bytes() for n in areg.REQUIRED_FILES}
    if edited:
        name = areg.EFFICIENCY_FILE
        lines = out[name].decode().splitlines()
        fields = lines[-1].split()
        lines[-1] = " ".join([*fields[:-1], "0.5"])
        out[name] = ("\n".join(lines) + "\n").encode()
    out[areg.CHECKSUM_FILE] = "".join(f"{n} md5:{hashlib.md5(b).hexdigest()}\n" for n, b in out.items()).encode()
    return out


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        parts = self.path.split("?")[0].strip("/").split("/")
        behaviour, name = parts[0], parts[-1]
        src = CSI / name
        body = src.read_bytes() if src.is_file() else b""
        if behaviour in {"argon", "argon-edited"}:
            files = _argon_mirror(edited=behaviour == "argon-edited")
            self._send(200, files[name]) if name in files else self._send(404, b"not here")
        elif behaviour == "ok":
            self._send(200, body)
        elif behaviour == "notfound":
            self._send(404, b"not here")
        elif behaviour == "error":
            self._send(500, b"server error")
        elif behaviour == "forbidden":
            self._send(403, b"proxy says no")
        elif behaviour == "html":
            self._send(200, b"<html><body>Please log in to the proxy</body></html>")
        elif behaviour == "empty":
            self._send(200, b"")
        elif behaviour == "corrupt":
            self._send(200, body[:-10] + b"0123456789")
        elif behaviour == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) + 5000))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
        elif behaviour == "huge-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(300 << 20))
            self.end_headers()
            self._stream()
        elif behaviour == "huge-chunked":
            self.send_response(200)
            self.end_headers()  # no Content-Length: the size is known only while reading
            self._stream()
        elif behaviour == "redirect-loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif behaviour == "optional-missing":
            self._send(404 if name in {"README", "coherentCollaboration_dataReleaseCompanion_april2018.pdf",
                                       "qfData_chicago.txt", "qfData_tunl.txt"} else 200, body)
        else:
            self._send(400, b"unknown behaviour")

    def _send(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        chunk = b"9" * 65536
        sent, t0 = 0, time.monotonic()
        try:
            while sent < STREAM_CAP and time.monotonic() - t0 < 20:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    if not CSI.is_dir():
        pytest.skip(f"release files not found at {CSI}")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def short_tmp(monkeypatch):
    d = Path(tempfile.mkdtemp(prefix="bd", dir="/tmp"))
    monkeypatch.setenv("CEVNS_EDU_CACHE", str(d / "cache"))
    monkeypatch.delenv("COHERENT2017_DIR", raising=False)
    monkeypatch.delenv("CEVNS_EDU_MIRROR", raising=False)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _leftovers(folder: Path) -> list[str]:
    """Files in ``folder`` that are not verified release files (temporary or partial downloads)."""
    if not folder.is_dir():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and not (p.name in reg.REGISTRY and reg.is_verified(p)))


def _no_leftovers(verdict: Verdict, folder: Path) -> Verdict:
    left = _leftovers(folder)
    if left:
        return Verdict("silently wrong", f"left behind in {folder}: {left[:5]}; case said {verdict}")
    return verdict


BAD_BEHAVIOURS = {
    "notfound": r"404|not found|could not download",
    "error": r"500|server|could not download",
    "forbidden": r"403|forbidden|proxy|could not download",
    "html": r"MD5|checksum",
    "empty": r"MD5|checksum|empty",
    "corrupt": r"MD5|checksum",
    "truncated": r"could not download|incomplete|truncated|MD5|checksum|connection",
    "huge-declared": r"bytes|large|size|limit",
    "huge-chunked": r"bytes|large|size|limit",
    "redirect-loop": r"redirect|could not download",
}
API_CASES = [(b, n) for b in BAD_BEHAVIOURS for n in IDENTICAL]


@pytest.mark.parametrize(("behaviour", "name"), API_CASES, ids=[f"{b}-{n}" for b, n in API_CASES])
def test_fetch_from_bad_mirror(behaviour, name, server, short_tmp, monkeypatch, record):
    monkeypatch.setenv("CEVNS_EDU_MIRROR", f"{server}/{behaviour}/")
    dest = short_tmp / "dest"
    v = api_call(reg.fetch, [name], folder=dest, progress=False, names=BAD_BEHAVIOURS[behaviour],
                 allowed=(ValueError, TypeError, RuntimeError, OSError))
    record("downloads", _no_leftovers(v, dest))


@pytest.mark.parametrize("name", IDENTICAL)
def test_fetch_from_good_mirror_is_verified_and_readable(name, server, short_tmp, monkeypatch, record):
    monkeypatch.setenv("CEVNS_EDU_MIRROR", f"{server}/ok")
    dest = short_tmp / "dest"

    def good(paths) -> bool:
        p = dest / name
        mode = stat.S_IMODE(p.stat().st_mode)
        return reg.is_verified(p) and mode & 0o044 == 0o044  # readable by group and others (0644 under umask 022)

    record("downloads", api_call(reg.fetch, [name], folder=dest, progress=False, check=good))


def test_fetch_all_identical_at_once(server, short_tmp, monkeypatch, record):
    monkeypatch.setenv("CEVNS_EDU_MIRROR", f"{server}/ok/")
    dest = short_tmp / "dest"
    record("downloads", api_call(reg.fetch, list(IDENTICAL), folder=dest, progress=False,
                                 check=lambda _: all(reg.is_verified(dest / n) for n in IDENTICAL)))


CLI_BEHAVIOURS = [*BAD_BEHAVIOURS, "optional-missing"]


@pytest.mark.parametrize("how", ["base-url", "env"])
@pytest.mark.parametrize("behaviour", CLI_BEHAVIOURS)
def test_cli_fetch_from_bad_mirror(behaviour, how, server, short_tmp, monkeypatch, record):
    """A whole `data fetch` from a mirror that cannot give the official files: exit 1, one line, nothing kept."""
    base = f"{server}/{behaviour}/"
    argv = ["data", "fetch", "--quiet", "--data-dir", str(short_tmp / "dest")]
    if how == "base-url":
        argv += ["--base-url", base]
    else:
        monkeypatch.setenv("CEVNS_EDU_MIRROR", base)
    names = BAD_BEHAVIOURS.get(behaviour, r"MD5|checksum|could not download")
    record("downloads", _no_leftovers(cli_case(argv, names=names), short_tmp / "dest"))


@pytest.mark.parametrize("behaviour", ["notfound", "corrupt", "huge-declared"])
def test_cli_quiet_is_quiet(behaviour, server, short_tmp, record):
    run = run_cli(["data", "fetch", "--quiet", "--base-url", f"{server}/{behaviour}/",
                   "--data-dir", str(short_tmp / "dest")])
    ok = run.code == 1 and len(run.out.strip().splitlines()) <= 1 and len(run.err.strip().splitlines()) <= 3
    record("downloads", Verdict(RIGHT if ok else "unclear",
                                f"exit {run.code}; {len(run.out.splitlines())} stdout lines: {run.out[-300:]!r}"))


BAD_BASES = {
    "ftp": ("ftp://127.0.0.1/x/", r"http"),
    "no-scheme": ("127.0.0.1/x", r"http|URL"),
    "garbage": ("::::", r"http|URL"),
    "file-scheme": ("file:///etc/", r"http|URL"),
    "closed-port": ("http://127.0.0.1:9/", r"could not download|connect|refused|mirror"),
    "spaces": ("http://127.0.0.1:9/a b/", r"could not download|URL|http|mirror"),
}


@pytest.mark.parametrize("how", ["base-url", "env"])
@pytest.mark.parametrize("label", list(BAD_BASES))
def test_cli_bad_base_url(label, how, short_tmp, monkeypatch, record):
    url, names = BAD_BASES[label]
    argv = ["data", "fetch", "--quiet", "--data-dir", str(short_tmp / "dest")]
    if how == "base-url":
        argv += ["--base-url", url]
    else:
        monkeypatch.setenv("CEVNS_EDU_MIRROR", url)
    record("downloads", _no_leftovers(cli_case(argv, names=names), short_tmp / "dest"))


@pytest.mark.parametrize("release", ["csi", "argon"])
@pytest.mark.parametrize("kind", ["dest-is-a-file", "dest-under-a-file"])
def test_cli_fetch_into_a_file(kind, release, server, short_tmp, record):
    f = short_tmp / "afile"
    f.write_text("mine\n")
    dest = f if kind == "dest-is-a-file" else f / "sub"
    argv = ["data", "fetch", "--quiet", "--release", release, "--base-url", f"{server}/ok/", "--data-dir", str(dest)]
    v = cli_case(argv, names=r"file|not a folder|not a directory")
    if f.read_text() != "mine\n":
        v = Verdict("lost work", f"{f} was changed; case said {v}")
    record("downloads", v)


def test_cli_argon_from_bad_mirror(server, short_tmp, record):
    argv = ["data", "fetch", "--quiet", "--release", "argon", "--base-url", f"{server}/notfound/",
            "--data-dir", str(short_tmp / "dest")]
    record("downloads", _no_leftovers(cli_case(argv, names=r"404|not found|could not download"), short_tmp / "dest"))


@pytest.mark.parametrize("behaviour", ["argon", "argon-edited"])
def test_cli_argon_from_a_mirror(behaviour, server, short_tmp, record):
    """A class mirror of the argon release: the official content is fetched and loads as REAL DATA; content that
    is not the official release is refused and removed, though the mirror's checksums match it."""
    from cevns_edu.data.cenns10 import load_argon_folder

    if not ARGON.is_dir():
        pytest.skip(f"argon release files not found at {ARGON}")
    dest = short_tmp / "dest"
    argv = ["data", "fetch", "--quiet", "--release", "argon", "--base-url", f"{server}/{behaviour}/",
            "--data-dir", str(dest)]
    if behaviour == "argon-edited":
        v = cli_case(argv, names=r"not the official")
        left = sorted(p.name for p in dest.iterdir()) if dest.is_dir() else []
        record("downloads", v if not left else Verdict("silently wrong", f"kept {left}"))
        return
    run = run_cli(argv)
    ok = run.code == 0 and load_argon_folder(dest).label == "REAL DATA"
    record("downloads", Verdict(RIGHT if ok else "silently wrong", f"exit {run.code}: {run.err[-300:]}"))


def test_fetch_keeps_a_good_cache_after_a_bad_mirror(server, short_tmp, monkeypatch, record):
    """A verified file already there survives a failed re-fetch from a bad mirror."""
    dest = short_tmp / "dest"
    monkeypatch.setenv("CEVNS_EDU_MIRROR", f"{server}/ok/")
    reg.fetch(["promptPDF.txt"], folder=dest, progress=False)
    monkeypatch.setenv("CEVNS_EDU_MIRROR", f"{server}/corrupt/")
    try:
        reg.fetch(["promptPDF.txt", "coherent_parameters.yaml"], folder=dest, progress=False)
    except (ValueError, RuntimeError, OSError):
        pass
    ok = reg.is_verified(dest / "promptPDF.txt") and not _leftovers(dest)
    record("downloads", Verdict(RIGHT if ok else "lost work", f"after: {sorted(p.name for p in dest.iterdir())}"))
