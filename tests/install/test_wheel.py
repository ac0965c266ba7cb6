"""The package as a learner installs it: build the sdist and wheel, check them, install the wheel into a
fresh venv (with the lock file, from the local wheelhouse `make test` fills — no network), and run
every subcommand and a copied notebook from a folder outside the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from cevns_edu.cli import main
from tests.conftest import ROOT, SHARED_RELEASE, require_or_skip

pytestmark = pytest.mark.needs_socket  # runs a notebook kernel (loopback only)

WHEELHOUSE = Path(sys.prefix) / "wheelhouse"
SHIPPED = {  # repository file -> where the wheel carries it
    **{f"data/{p.name}": f"cevns_edu/_course/data/{p.name}" for p in (ROOT / "data").glob("*.csv")},
    **{str(p.relative_to(ROOT)): f"cevns_edu/_course/{p.relative_to(ROOT)}"
       for pattern in ("notebooks/*.ipynb", "notebooks/images/*.png", "docs/teacher_guide.md", "docs/GALLERY.md",
                       "docs/gallery/*.png")
       for p in sorted(ROOT.glob(pattern))},
}


def _clean_env(venv: Path | None) -> dict[str, str]:
    """The environment of a learner's shell: no trace of this checkout or of the project's venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV") and not k.startswith("JUPYTER")}
    path = [p for p in env.get("PATH", "").split(os.pathsep) if Path(p).resolve() != Path(sys.executable).parent]
    env["PATH"] = os.pathsep.join(([str(venv / "bin")] if venv else []) + path)
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    run = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, f"{' '.join(map(str, cmd))} failed ({run.returncode}):\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """sdist and wheel built by `python -m build` (isolated build env from the wheelhouse, offline)."""
    for module in ("build", "twine"):
        require_or_skip(subprocess.run([sys.executable, "-c", f"import {module}"]).returncode == 0,
                        f"{module} is not installed in {sys.prefix} (make install installs it)")
    require_or_skip(any(WHEELHOUSE.glob("setuptools-*.whl")),
                    f"no local wheelhouse at {WHEELHOUSE} (`make test` or `make wheelhouse` fills it from constraints.txt)")
    out = tmp_path_factory.mktemp("dist")
    env = _clean_env(None) | {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(WHEELHOUSE)}
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=out, env=env)
    _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, out.iterdir())], cwd=out, env=env)
    wheel, = out.glob("cevns_edu-*.whl")
    sdist, = out.glob("cevns_edu-*.tar.gz")
    print(f"\nwheel {wheel.stat().st_size / 1e6:.2f} MB, sdist {sdist.stat().st_size / 1e6:.2f} MB")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="module")
def venv(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A fresh venv with the wheel (and the `lab` extra) installed from the lock, plus a folder outside the repo."""
    root = tmp_path_factory.mktemp("learner")
    venv = root / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    _run([base, "-m", "venv", str(venv)], cwd=root, env=_clean_env(None))
    env = _clean_env(venv) | {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(WHEELHOUSE)}
    t0 = time.perf_counter()
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-c", str(ROOT / "constraints.txt"),
          f"{built['wheel']}[lab]"], cwd=root, env=env)
    installed = time.perf_counter() - t0
    work = root / "elsewhere"
    work.mkdir()
    fit = _run(["cevns-edu", "fit", "--simulated", "--seed", "1", "--json"], cwd=work, env=env)
    seconds = time.perf_counter() - t0
    print(f"\npip install of the wheel[lab] -> working `cevns-edu fit --simulated`: {seconds:.1f} s "
          f"(pip install {installed:.1f} s)")
    return {"venv": venv, "env": env, "work": work, "fit": fit.stdout}


def test_wheel_and_sdist_carry_the_course(built: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    assert "cevns_edu/py.typed" in names
    assert len(SHIPPED) > 20
    for repo_file, packaged in SHIPPED.items():
        assert packaged in names, f"{repo_file} is not in the wheel"
        assert zipfile.ZipFile(built["wheel"]).read(packaged) == (ROOT / repo_file).read_bytes()
    with tarfile.open(built["sdist"]) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    missing = [f for f in [*SHIPPED, "setup.py", "pyproject.toml", "LICENSE", "README.md"] if f not in members]
    assert not missing, f"missing from the sdist: {missing}"


LABEXTENSION_FILES = ("package.json", "static/remoteEntry.js")


def test_the_page_plugin_installs_where_jupyterlab_finds_it(built: dict[str, Path], venv: dict) -> None:
    """labextension/ (cevns-edu-frames) ships in the wheel and sdist and lands in the venv's labextensions."""
    with tarfile.open(built["sdist"]) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    for rel in LABEXTENSION_FILES:
        assert f"labextension/{rel}" in members, f"labextension/{rel} is not in the sdist"
        installed = venv["venv"] / "share" / "jupyter" / "labextensions" / "cevns-edu-frames" / rel
        assert installed.read_bytes() == (ROOT / "labextension" / rel).read_bytes(), f"{installed} differs"
    listing = _run(["jupyter", "labextension", "list"], cwd=venv["work"], env=venv["env"])
    line = next((x for x in (listing.stdout + listing.stderr).splitlines() if "cevns-edu-frames" in x), "")
    assert "enabled" in line and "OK" in line, f"JupyterLab of the venv does not list the plugin: {line!r}"


def test_installed_package_is_the_wheel_not_the_checkout(venv: dict) -> None:
    code = ("import cevns_edu, cevns_edu.core.resources as r; print(cevns_edu.__file__); "
            "print(r.data_file('nuclei.csv')); print(r.notebooks_dir()); print(r.docs_dir())")
    run = _run(["python", "-c", code], cwd=venv["work"], env=venv["env"])
    for line in run.stdout.split():
        assert Path(line).resolve().is_relative_to(venv["venv"].resolve()), line
        assert not Path(line).resolve().is_relative_to(ROOT), line


def test_every_subcommand_runs_outside_the_checkout(venv: dict, capsys: pytest.CaptureFixture[str]) -> None:
    env, work = venv["env"], venv["work"]
    help_text = _run(["cevns-edu", "--help"], cwd=work, env=env).stdout
    for name in ("xsec", "predict", "data", "fit", "notebooks"):
        assert name in help_text
        assert "usage" in _run(["cevns-edu", name, "--help"], cwd=work, env=env).stdout
    # same numbers as the checkout: the shipped nuclei table and code are the repository's
    for args in (["xsec", "--nucleus", "Cs133", "--enu", "29.79", "--json"], ["predict", "--json"]):
        installed = json.loads(_run(["cevns-edu", *args], cwd=work, env=env).stdout)
        capsys.readouterr()
        assert main(args) == 0
        assert installed == json.loads(capsys.readouterr().out), args
    capsys.readouterr()
    assert main(["fit", "--simulated", "--seed", "1", "--json"]) == 0
    timing = ("fit_seconds",)  # wall-clock, differs run to run
    installed, here = json.loads(venv["fit"]), json.loads(capsys.readouterr().out)
    assert {k: v for k, v in installed.items() if k not in timing} == {k: v for k, v in here.items() if k not in timing}
    empty = subprocess.run(["cevns-edu", "data", "status"], cwd=work, env=env, capture_output=True, text=True)
    assert empty.returncode == 1 and "Nothing here yet" in empty.stdout and not empty.stderr  # empty cache
    if (SHARED_RELEASE / "coherent_parameters.yaml").is_file():
        status = _run(["cevns-edu", "data", "status", "--data-dir", str(SHARED_RELEASE)], cwd=work, env=env).stdout
        assert "Usable" in status
    listing = _run(["cevns-edu", "notebooks", "list"], cwd=work, env=env).stdout
    assert str(venv["venv"]) in listing and "06_fit.ipynb" in listing
    copied = _run(["cevns-edu", "notebooks", "copy", "course"], cwd=work, env=env).stdout
    assert "skipped 0 existing" in copied
    for repo_file in SHIPPED:
        if not repo_file.startswith("data/"):
            rel = repo_file.removeprefix("notebooks/")
            if rel == "docs/teacher_guide.md":  # it prints every solution: the teacher's edition only
                assert not (work / "course" / rel).exists(), "the students' copy carries the teacher's guide"
                continue
            assert (work / "course" / rel).read_bytes() == (ROOT / repo_file).read_bytes(), rel
    _run(["cevns-edu", "notebooks", "copy", "teachers", "--solutions"], cwd=work, env=env)
    guide = "docs/teacher_guide.md"
    assert (work / "teachers" / guide).read_bytes() == (ROOT / guide).read_bytes()


def test_a_copied_notebook_runs_top_to_bottom(venv: dict) -> None:
    env, work = venv["env"], venv["work"]
    _run(["cevns-edu", "notebooks", "copy", "course"], cwd=work, env=env)
    nb = work / "course" / "06_fit.ipynb"
    # nbclient (installed with the lab extra) runs every cell in the venv's own kernel; an error fails
    _run(["jupyter", "execute", "--inplace", "--timeout=600", nb.name], cwd=nb.parent, env=env, timeout=900)
    executed = json.loads(nb.read_text())
    committed = json.loads((ROOT / "notebooks" / nb.name).read_text())

    def streams(notebook: dict) -> list[str]:
        # what each code cell printed, joined: the kernel may split one print into several stream messages
        # (text, then its newline) depending on timing, which is the same printed result
        return ["".join("".join(o["text"]) for o in c.get("outputs", []) if o["output_type"] == "stream")
                for c in notebook["cells"] if c["cell_type"] == "code"]

    assert streams(executed), "the executed notebook printed nothing"
    assert streams(executed) == streams(committed)  # the same printed results as the committed outputs


def test_importing_and_building_the_parser_read_no_file() -> None:
    """Nothing is computed at import time or while the CLI's parser is built: the nuclei table stays unread."""
    code = ("import importlib, pkgutil, cevns_edu, cevns_edu.physics.nuclei as n\n"
            "for m in pkgutil.walk_packages(cevns_edu.__path__, 'cevns_edu.'):\n"
            "    if not m.name.endswith('__main__') and '._course' not in m.name: importlib.import_module(m.name)\n"
            "import cevns_edu.cli as c; c.build_parser()\n"
            "print(n.catalogue.cache_info().misses)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[-1] == "0"


def test_a_file_the_package_does_not_ship_is_a_clear_error() -> None:
    from cevns_edu.core import resources

    with pytest.raises(FileNotFoundError, match="not shipped with cevns-edu"):
        resources.data_file("no_such_table.csv")
    with pytest.raises(ValueError, match="kind must be one of"):
        resources._folder("images")
