"""Sphinx configuration of the cevns-edu API reference (built offline; warnings are errors in the tests).

Build by hand: ``.venv/bin/python -m sphinx -W --keep-going -b html docs/api docs/api/_build``
(tests/quality/test_docs.py builds a copy of this folder into a temporary directory).
"""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if (ROOT / "cevns_edu" / "__init__.py").is_file():
    sys.path.insert(0, str(ROOT))  # document the working tree even when the package is not installed

project = "cevns-edu"
author = "cevns-edu developers"
copyright = "cevns-edu developers (MIT licence)"
release = _version("cevns-edu")  # one source for the version: pyproject.toml, read back from the metadata
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",  # the page loads MathJax when read; the build itself never touches the network
    "numpydoc",
]

# the whole package, one page per module, generated from the docstrings (index.rst: :recursive:)
autosummary_generate = True
autosummary_imported_members = False
autosummary_ignore_module_all = True
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    "ignore-module-all": True,  # sub-packages re-export names in __all__; document each object where it is defined
}
autodoc_typehints = "signature"
# ``python -m cevns_edu.cli`` runs the command when imported: never import it while documenting
autodoc_mock_imports = ["cevns_edu.cli.__main__"]
autodoc_member_order = "bysource"

# numpydoc renders Parameters / Returns / References; member lists come from autodoc, not numpydoc
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# offline: no intersphinx, no remote images; unresolved cross-references are not warnings (nitpicky off)
nitpicky = False
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

html_theme = "alabaster"
html_title = f"cevns-edu {release} API reference"
html_extra_path = ["../ARCHITECTURE.md"]  # the architecture document, copied beside the pages it is linked from
html_static_path: list[str] = []
