"""The caching rule: caches are keyed on content (hashable frozen values), never on ``id()``."""

from __future__ import annotations

import gc

import numpy as np

from cevns_edu.bsm import scans
from cevns_edu.data.release import make_release
from cevns_edu.experiment.replica import simulate_replica


def _copy(release, **changes):
    fields = {"source": release.source, "is_simulated": release.is_simulated, "counts": dict(release.counts),
              "time_pdfs": dict(release.time_pdfs), "brn_pe_per_gwh": release.brn_pe_per_gwh,
              "parameters": release.parameters}
    return make_release(**{**fields, **changes})


def test_release_equality_and_hash_follow_content():
    a = simulate_replica(3)
    b = _copy(a)
    assert a is not b and a == b and hash(a) == hash(b)
    counts = dict(a.counts)
    counts["C_on"] = counts["C_on"] + 1
    c = _copy(a, counts=counts)
    assert c != a and c.fingerprint != a.fingerprint


def test_new_release_with_other_counts_never_gets_another_releases_likelihood():
    scans.hypothesis_likelihood.cache_clear()
    first = simulate_replica(3)
    h1 = scans.hypothesis_likelihood(first)
    np.testing.assert_array_equal(h1.inputs.c_on, first.counts["C_on"])
    same_source_other_counts = dict(first.counts)
    same_source_other_counts["C_on"] = np.asarray(first.counts["C_on"])[::-1].copy()
    del first, h1
    gc.collect()  # an id() key could now be reused by the next object
    second = _copy(simulate_replica(3), counts=same_source_other_counts)
    h2 = scans.hypothesis_likelihood(second)
    np.testing.assert_array_equal(h2.inputs.c_on, second.counts["C_on"])
    assert h2.release == second
    # an equal release (a new object with the same numbers) is served from the cache
    assert scans.hypothesis_likelihood(_copy(second)) is h2
    assert scans.hypothesis_likelihood.cache_info().maxsize is not None  # bounded
