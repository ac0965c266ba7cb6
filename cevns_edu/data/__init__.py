"""Find, download, check and read the COHERENT data releases.

The COHERENT 2017 data files: registry and download (``registry``), validated loaders (``loaders``), and
the :class:`Release` object read from them (``release``); the CENNS-10 argon release likewise
(``cenns10_registry``, ``cenns10``). This layer only finds, downloads, checks and reads files; the seeded
simulated replica (a model product) is :mod:`cevns_edu.experiment.replica`::

    from cevns_edu.experiment.replica import release_or_replica
    rel = release_or_replica()      # real files when present, else "simulated replica (seed 2017)"
    rel.label                       # "REAL DATA" or "SIMULATED REPLICA"
"""

from __future__ import annotations

from .loaders import (
    ReleaseFileError,
    ReleaseNotFoundError,
    load_counts,
    load_parameters,
    load_prompt_pdf,
    load_time_pdf,
)
from .registry import REGISTRY, cache_dir, fetch, status
from .release import Release, load_release

__all__ = ["Release", "load_release", "ReleaseFileError", "ReleaseNotFoundError", "REGISTRY", "cache_dir", "fetch",
    "status", "load_counts", "load_time_pdf", "load_prompt_pdf", "load_parameters"]
