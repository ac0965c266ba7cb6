"""Build configuration that pyproject.toml cannot express: the course folders ship inside the package.

The repository's top-level ``data/``, ``notebooks/`` and ``docs/`` (the source of truth, edited in place) ship
inside the package as ``cevns_edu/_course/{data,notebooks,docs}``; ``cevns_edu/core/resources.py`` finds them
there. Which files
of each folder ship is ``[tool.setuptools.package-data]`` in pyproject.toml.

``labextension/`` is the course's JupyterLab/Voila plugin (cevns-edu-frames: how the page shows a figure's frames;
see ``cevns_edu/plotting/frames.py``). It is plain JavaScript, needs no build, and installs where JupyterLab finds
prebuilt extensions: ``<prefix>/share/jupyter/labextensions/cevns-edu-frames/``.
"""

from setuptools import find_packages, setup

COURSE = {"cevns_edu._course.data": "data", "cevns_edu._course.notebooks": "notebooks",
          "cevns_edu._course.notebooks.images": "notebooks/images", "cevns_edu._course.docs": "docs",
          "cevns_edu._course.docs.gallery": "docs/gallery"}

LABEXTENSION = "share/jupyter/labextensions/cevns-edu-frames"

setup(packages=find_packages(include=["cevns_edu", "cevns_edu.*"]) + list(COURSE), package_dir=COURSE,
      data_files=[(LABEXTENSION, ["labextension/package.json"]),
                  (f"{LABEXTENSION}/static", ["labextension/static/remoteEntry.js"])])
