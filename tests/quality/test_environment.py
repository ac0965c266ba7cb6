"""The three descriptions of the environment agree: pyproject.toml (ranges), constraints.txt (the
lock: exact versions) and environment.yml (conda/Binder/JupyterHub)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


#: Extras a learner's environment (environment.yml: conda, Binder, a class hub) does not need: the
#: project's own quality gates (lint, types, API docs), and the `hub` extra, which is the hub's side
#: (matched to the hub's version, docs/teaching-on-jupyterhub.md).
NOT_IN_ENVIRONMENT_YML = ("dev", "hub")


def _pyproject_requirements(exclude: tuple[str, ...] = ()) -> list[Requirement]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for name, extra in meta["optional-dependencies"].items():
        if name not in exclude:
            reqs += extra
    return [Requirement(r) for r in reqs]


def _environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = {}
    for item in pip:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s]+)", item)
        if m:
            pins[canonicalize_name(m.group(1))] = m.group(2)
    assert "." in pip, "environment.yml must install the project itself (`.`)"
    assert not any(str(item).startswith("-e") for item in pip), \
        "environment.yml must install the course as a regular package (Binder, hubs): `.`, not `-e .`"
    return pins


@pytest.mark.parametrize("req", _pyproject_requirements(), ids=str)
def test_every_dependency_is_locked_within_its_range(req):
    lock = _lock()
    name = canonicalize_name(req.name)
    assert name in lock, f"{req.name} is in pyproject.toml but not pinned in constraints.txt (run `make lock`)"
    assert req.specifier.contains(lock[name]), f"constraints.txt pins {req.name}=={lock[name]}, outside {req.specifier}"


def test_environment_yml_matches_lock_and_pyproject():
    lock, env = _lock(), _environment_pins()
    direct = {canonicalize_name(r.name) for r in _pyproject_requirements(exclude=NOT_IN_ENVIRONMENT_YML)}
    assert direct <= set(env), f"missing from environment.yml: {sorted(direct - set(env))}"
    for name, version in env.items():
        assert lock.get(name) == version, f"environment.yml pins {name}=={version}, constraints.txt {lock.get(name)}"


def test_environment_yml_python_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.11"
