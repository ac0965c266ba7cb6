"""Where the files the package ships live: the nuclei table, the course notebooks and the guide.

The repository's top-level ``data/``, ``notebooks/`` and ``docs/`` are the source of truth. The build
(``setup.py``) maps them into the package as ``cevns_edu/_course/{data,notebooks,docs}``, so a wheel or
sdist install reads them with :mod:`importlib.resources`. An editable install or a plain checkout has no
``_course`` folder and reads the repository's folders directly. This module imports nothing else from
``cevns_edu`` (the lowest layer: every other layer may use it).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: the shipped folders and, for each, a file that proves it is complete
_MARKERS = {"data": "nuclei.csv", "notebooks": "00_welcome.ipynb", "docs": "teacher_guide.md"}


def _folder(kind: str) -> Path:
    """Folder ``kind`` (``"data"``, ``"notebooks"`` or ``"docs"``): packaged copy first, else the checkout.

    Raises ``FileNotFoundError`` naming both places looked in.
    """
    if kind not in _MARKERS:
        raise ValueError(f"kind must be one of {', '.join(_MARKERS)}, got {kind!r}")
    packaged = resources.files("cevns_edu") / "_course" / kind
    # a wheel/sdist install: a real folder inside site-packages/cevns_edu
    if isinstance(packaged, Path) and (packaged / _MARKERS[kind]).is_file():
        return packaged
    # editable install or checkout: the repository folder beside the package, only if the folder
    # beside it really is this project's checkout (site-packages/data would be someone else's)
    package = Path(str(resources.files("cevns_edu")))
    checkout = package.parent / kind
    if (package.parent / "pyproject.toml").is_file() and (checkout / _MARKERS[kind]).is_file():
        return checkout
    raise FileNotFoundError(
        f"the course's {kind}/ folder is missing (looked in {packaged} and {checkout}); "
        "reinstall cevns-edu (pip install cevns-edu, or `make install` in a checkout)"
    )


def data_file(name: str) -> Path:
    """Path of a shipped data file, e.g. ``data_file("nuclei.csv")``."""
    path = _folder("data") / name
    if not path.is_file():
        raise FileNotFoundError(f"data file {name!r} is not shipped with cevns-edu (looked in {path.parent})")
    return path


def notebooks_dir() -> Path:
    """Folder holding the course notebooks (``*.ipynb`` and ``images/``)."""
    return _folder("notebooks")


def docs_dir() -> Path:
    """Folder holding the docs the course links to (``teacher_guide.md``, ``GALLERY.md``, ``gallery/``)."""
    return _folder("docs")
