"""Benchmarks of the argon (CENNS-10) fit: a full fit with errors (< 50 ms) and its profile scan (< 0.5 s).

Uses the labelled simulated argon replica so it runs anywhere; the real release has the same 960 bins.
The replica has no shape variations, so the real-data fit with its 5 shape nuisances is timed on the shared
copy when it is beside the repository.
"""

from pathlib import Path

_SHARED = Path(__file__).resolve().parents[2] / "shared" / "cenns10"


def _release():
    if (_SHARED / "datanobkgsub.txt").is_file():
        from cevns_edu.data.cenns10 import load_argon_folder

        return load_argon_folder(_SHARED)
    from cevns_edu.experiment.argon.replica import simulate_argon_replica

    return simulate_argon_replica()


def _fit(nuisances):
    def make():
        from cevns_edu.experiment.argon.fit import fit_argon

        rel = _release()
        return lambda: fit_argon(rel, shape_nuisances=nuisances)  # MIGRAD + HESSE + MINOS + N = 0 fit
    return make


def _profile():
    from cevns_edu.experiment.argon.fit import fit_argon, profile_scan

    res = fit_argon(_release(), shape_nuisances=True)
    return lambda: profile_scan(res, n_points=41)


BENCHMARKS = [
    ("argon fit: MIGRAD+HESSE+MINOS+null fit (no shape nuisances)", _fit(False), 50.0),
    ("argon fit: with the 5 shape nuisances", _fit(True), 50.0),
    ("argon profile_scan: 41 points (shape nuisances)", _profile, 500.0),
]
