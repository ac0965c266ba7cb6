"""`cevns-edu fit`: the 2017 binned maximum-likelihood fit, on the real release or a labelled replica.

    cevns-edu fit [--data-dir DIR | --simulated [--seed N]] [--beam on|off] [--json]

Without ``--data-dir`` or ``--simulated`` it uses the release found by :func:`cevns_edu.data.load_release`
(``$COHERENT2017_DIR``, else the verified download in the user cache); if there is none it exits non-zero
and says how to get it (``cevns-edu data fetch``) — it never falls back to the replica silently.
"""

from __future__ import annotations

import argparse

from cevns_edu.data import load_release
from cevns_edu.experiment.fit import fit_release
from cevns_edu.experiment.replica import simulate_replica

from . import argon
from .common import add_allow_modified, check_data_dir, check_fit, check_seed, dump_json, run_fit

JSON_KEYS = ("source", "n_cevns", "n_cevns_err_lo", "n_cevns_err_hi", "significance_sigma", "n_steady_state",
             "n_brn", "sm_prediction", "fit_seconds")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``fit`` subcommand to the ``cevns-edu`` parser.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The subparsers of the ``cevns-edu`` parser; the new parser's ``func`` is :func:`run`.
    """
    p = sub.add_parser(
        "fit", help="fit the 2017 CsI[Na] data (CEvNS count, significance)",
        description="Binned Poisson maximum-likelihood fit of CEvNS + steady-state + prompt neutrons in "
                    "6 <= PE < 30, 0 <= t < 6 us (C beam-on jointly with AC beam-on). Uses the real release "
                    "(--data-dir, $COHERENT2017_DIR, or the cache filled by `cevns-edu data fetch`), or a "
                    "labelled simulated replica with --simulated.")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--data-dir", metavar="DIR", help="folder holding the release files (official or header-stripped)")
    src.add_argument("--simulated", action="store_true", help="fit a seeded simulated replica instead of real data")
    p.add_argument("--seed", type=int, default=None, help="replica seed (with --simulated; default 2017)")
    p.add_argument("--beam", choices=("on", "off"), default="on",
                   help="beam-on data, or the beam-off control sample (must show no signal)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--detector", choices=("csi", "argon"), default="csi",
                   help="csi: the 2017 CsI[Na] data (default); argon: the CENNS-10 data ($CENNS10_DIR or the cache)")
    p.add_argument("--no-shape-nuisances", action="store_true", help="argon: fit without the ±1σ shape nuisances")
    add_allow_modified(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``cevns-edu fit`` with the parsed arguments (the argon branch for ``--detector argon``).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        Exit code (0: success).

    Raises
    ------
    ValueError, FileNotFoundError, RuntimeError
        For bad options or missing data; :func:`cevns_edu.cli.main` prints them without a traceback.
    """
    check_data_dir(args)
    if args.detector == "argon":
        return argon.fit(args)
    check_seed(args)
    if args.simulated:
        release = simulate_replica(seed=2017 if args.seed is None else args.seed)
    else:  # raises FileNotFoundError saying how to get the data
        release = load_release(args.data_dir, allow_modified=getattr(args, "allow_modified", False))
    res = run_fit(lambda: fit_release(release, beam=args.beam), f"the {release.label}")
    d = res.to_json_dict()
    check_fit(d, res.valid, f"the {release.label}")
    if args.json:
        out = {k: d[k] for k in JSON_KEYS}
        out.update({k: d[k] for k in d if k not in out})  # extras after the contract keys
        print(dump_json(out))
    else:
        if res.label != "REAL DATA":
            print(f"*** {res.label} — not the official data ***")
        print(res.summary())
    return 0
