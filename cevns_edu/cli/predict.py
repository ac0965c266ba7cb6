"""`cevns-edu predict`: the Standard-Model CEvNS prediction for the 2017 CsI[Na] configuration.

Usage::

    cevns-edu predict                 # readable table
    cevns-edu predict --json          # {"n_cevns_predicted", "uncertainty_lo", "uncertainty_hi", "protons_on_target",
                                      #  "uncertainty_components_asym", "pe_range", "exposure_gwh", ...}
    cevns-edu predict --qf 0.07 --mass-kg 20 --distance-m 25 --exposure-gwh 10 --pe-min 8 --pe-max 30
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from types import SimpleNamespace

from ..core.binning import WINDOW_US
from ..experiment.detector import DetectorModel, predict
from . import argon
from .common import check_range, print_rows


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``predict`` subcommand to the ``cevns-edu`` parser.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The subparsers of the ``cevns-edu`` parser; the new parser's ``func`` is :func:`run`.
    """
    # the dataclass's declared defaults: building the parser constructs no model and reads no file
    d = SimpleNamespace(**{f.name: f.default for f in dataclasses.fields(DetectorModel)})
    p = sub.add_parser("predict", help="predicted CEvNS events for the COHERENT 2017 CsI[Na] run (or your variant)",
                       description="Standard-Model CEvNS prediction with propagated uncertainty (quenching factor, "
                                   "neutrino flux, acceptance, light yield, form factor, PE-bin convention). Defaults: the 2017 CsI[Na] run "
                                   "(COHERENT data release coherent_parameters.yaml).")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--qf", type=float, default=d.qf, help=f"quenching factor (default {d.qf})")
    p.add_argument("--mass-kg", type=float, default=d.mass_kg, help=f"detector mass in kg (default {d.mass_kg})")
    p.add_argument("--distance-m", type=float, default=d.distance_m, help=f"distance to the target in m (default {d.distance_m})")
    p.add_argument("--exposure-gwh", type=float, default=d.exposure_gwh, help=f"beam exposure in GW·hr (default {d.exposure_gwh})")
    p.add_argument("--pe-min", type=float, default=6.0, help="lower edge of the PE window (default 6)")
    p.add_argument("--pe-max", type=float, default=30.0, help="upper edge of the PE window, exclusive (default 30)")
    p.add_argument("--t-max-us", type=float, default=WINDOW_US, help=f"arrival-time window 0 … t_max in μs (default {WINDOW_US:g}: all)")
    p.add_argument("--form-factor", default=d.form_factor_model, help=f"form factor model (default {d.form_factor_model})")
    p.add_argument("--detector", choices=("csi", "argon"), default="csi",
                   help="csi: the 2017 CsI[Na] run (default, options above); argon: CENNS-10 (release parameters)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``cevns-edu predict`` with the parsed arguments (the argon branch for ``--detector argon``).

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
        return argon.predict(args)
    check_range("--exposure-gwh", args.exposure_gwh, 0.0, 1e9, "a positive beam exposure in GW·hr")
    det = DetectorModel().replace(qf=args.qf, mass_kg=args.mass_kg, distance_m=args.distance_m,
                                  exposure_gwh=args.exposure_gwh, form_factor_model=args.form_factor)
    pred = predict(det, pe_range=(args.pe_min, args.pe_max), t_range_us=(0.0, args.t_max_us))
    if args.json:
        print(json.dumps(pred.to_dict()))
        return 0
    lo, hi = pred.pe_range
    rows = [
        ("configuration", f"{det.mass_kg:g} kg {det.material} at {det.distance_m:g} m, {det.exposure_gwh:g} GW·hr, "
                          f"QF {det.qf:g}, {det.form_factor_model} form factor"),
        ("window", f"{lo:g} ≤ PE < {hi:g}, {pred.t_range_us[0]:g} ≤ t < {pred.t_range_us[1]:g} μs"),
        ("protons on target", f"{pred.protons_on_target:.3g}"),
        ("predicted CEvNS events", f"{pred.n_cevns:.1f} −{pred.uncertainty_lo:.1f} +{pred.uncertainty_hi:.1f}"),
        ("  prompt ν_μ", f"{pred.n_prompt:.1f}  ({100 * pred.prompt_fraction:.0f}%)"),
        ("  delayed ν_e + ν̄_μ", f"{pred.n_delayed:.1f}"),
        ("all accepted events (any PE, any time)", f"{pred.n_accepted_all:.1f}"),
        ("all nuclear recoils (before detector)", f"{pred.n_recoils:.0f}"),
    ] + [(f"  ± from {k.replace('_', ' ')}", f"−{a:.1f} +{b:.1f}") for k, (a, b) in pred.components_asym.items()] + [
        ("published (Science 357, 1123 (2017))", "173 ± 48"),
    ]
    print_rows(rows)
    return 0
