"""Benchmarks of the 2017 fit: a full fit with errors (< 100 ms), the profile scan (< 1 s), the live refit panel.

Uses the simulated replica (seed 2017) so it runs anywhere; the real release has the same binning and size.
"""



def _inputs():
    from cevns_edu.experiment.fit import build_inputs
    from cevns_edu.experiment.replica import simulate_replica

    return simulate_replica(seed=2017), build_inputs(simulate_replica(seed=2017))


def _fit():
    from cevns_edu.experiment.fit import fit_inputs

    _, inp = _inputs()
    return lambda: fit_inputs(inp)  # MIGRAD + HESSE + MINOS + background-only fit


def _fit_release():
    from cevns_edu.experiment.fit import fit_release

    rel, _ = _inputs()
    return lambda: fit_release(rel)  # template building + the above


def _profile():
    from cevns_edu.experiment.fit import fit_inputs, profile_scan

    _, inp = _inputs()
    res = fit_inputs(inp)
    return lambda: profile_scan(res, n_points=41)


def _refit_panel():
    from cevns_edu.widgets.fit import RefitPanel

    rel, _ = _inputs()
    panel = RefitPanel(rel)
    state = {"i": 0}

    def step():
        state["i"] += 1
        i = state["i"]
        return panel.update(qf=0.08 + 0.002 * (i % 5), pe_range=(6 + 2 * (i % 2), 30), t_range_us=(0.0, 6.0 - 0.5 * (i % 3)))

    return step


BENCHMARKS = [
    ("fit: MIGRAD+HESSE+MINOS+null fit (arrays)", _fit, 100.0),
    ("fit_release: templates + full fit", _fit_release, 100.0),
    ("profile_scan: 41 points", _profile, 1000.0),
    ("RefitPanel.update (QF + cuts → refit, new QF template)", _refit_panel, 16.0),
]
