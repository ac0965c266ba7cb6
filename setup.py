"""Build configuration that pyproject.toml cannot express: the course folders ship inside the package.

The repository's top-level ``data/``, ``notebooks/`` and ``docs/`` (the source of truth, edited in place) ship
inside the package as ``cevns_edu/_course/{data,notebooks,docs}``; ``cevns_edu/core/resources.py`` finds them
there. Which files
of each folder ship is ``[tool.setuptools.package-data]`` in pyproject.toml.
"""

from setuptools import find_packages, setup

COURSE = {"cevns_edu._course.data": "data", "cevns_edu._course.notebooks": "notebooks",
          "cevns_edu._course.notebooks.images": "notebooks/images", "cevns_edu._course.docs": "docs",
          "cevns_edu._course.docs.gallery": "docs/gallery"}

setup(packages=find_packages(include=["cevns_edu", "cevns_edu.*"]) + list(COURSE), package_dir=COURSE)
