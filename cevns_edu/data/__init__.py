"""The COHERENT 2017 data: registry and download (``registry``), validated loaders (``loaders``), the
:class:`Release` object and where it comes from (``release``), and the seeded simulated replica (``replica``).

    from cevns_edu.data import release_or_replica
    rel = release_or_replica()      # real files when present, else "simulated replica (seed 2017)"
    rel.label                       # "REAL DATA" or "SIMULATED REPLICA"
"""

from __future__ import annotations

from .loaders import ReleaseFileError, ReleaseNotFoundError, load_counts, load_parameters, load_prompt_pdf, load_time_pdf
from .registry import REGISTRY, cache_dir, fetch, status
from .release import Release, load_release, release_or_replica


def simulate_replica(seed: int = 2017, **model_overrides):
    """A seeded Poisson sample of the full background + CEvNS model (see :mod:`cevns_edu.data.replica`)."""
    from .replica import simulate_replica as _simulate

    return _simulate(seed=seed, **model_overrides)


__all__ = ["Release", "load_release", "simulate_replica", "release_or_replica", "ReleaseFileError",
           "ReleaseNotFoundError", "REGISTRY", "cache_dir", "fetch", "status", "load_counts", "load_time_pdf",
           "load_prompt_pdf", "load_parameters"]
