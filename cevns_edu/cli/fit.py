"""`cevns-edu fit`: the 2017 binned maximum-likelihood fit, on the real release or a labelled replica.

    cevns-edu fit [--data-dir DIR | --simulated [--seed N]] [--beam on|off] [--json]

Without ``--data-dir`` or ``--simulated`` it uses the release found by :func:`cevns_edu.data.load_release`
(``$COHERENT2017_DIR``, else the verified download in the user cache); if there is none it exits non-zero
and says how to get it (``cevns-edu data fetch``) — it never falls back to the replica silently.
"""

from __future__ import annotations

import argparse
import json

from cevns_edu.data import load_release
from cevns_edu.experiment.fit import fit_release
from cevns_edu.experiment.replica import simulate_replica

from . import argon
from .common import check_seed

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
    if args.detector == "argon":
        return argon.fit(args)
    check_seed(args)
    if args.simulated:
        release = simulate_replica(seed=2017 if args.seed is None else args.seed)
    else:
        release = load_release(args.data_dir)  # raises FileNotFoundError saying how to get the data
    res = fit_release(release, beam=args.beam)
    if args.json:
        d = res.to_json_dict()
        out = {k: d[k] for k in JSON_KEYS}
        out.update({k: d[k] for k in d if k not in out})  # extras after the contract keys
        print(json.dumps(out))
    else:
        if res.is_simulated:
            print("*** SIMULATED REPLICA — not real data ***")
        print(res.summary())
    return 0
