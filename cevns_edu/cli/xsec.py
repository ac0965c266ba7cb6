"""`cevns-edu xsec`: the CEvNS cross section of one nucleus at one neutrino energy."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..physics.cross_section import sigma_total, weak_charge
from ..physics.form_factors import FORM_FACTORS
from ..physics.kinematics import t_max_kev
from ..physics.nuclei import get_nucleus
from .common import check_range


def xsec_summary(nucleus: str, enu_mev: float, form_factor: str = "helm") -> dict[str, Any]:
    """Compute the numbers `cevns-edu xsec` prints.

    Parameters
    ----------
    nucleus : str
        Catalogue name of the nucleus (e.g. ``"Cs133"``).
    enu_mev : float
        Neutrino energy [MeV].
    form_factor : str
        Form-factor model of ``sigma_cm2``.

    Returns
    -------
    dict
        ``nucleus``, ``enu_mev`` [MeV], ``q_w`` (weak charge), ``t_max_kev`` [keV], ``sigma_cm2`` and
        ``sigma_no_ff_cm2`` (total cross section with and without form factor) [cm²], ``form_factor``.
    """
    nuc = get_nucleus(nucleus)
    return {
        "nucleus": nuc.name,
        "enu_mev": float(enu_mev),
        "q_w": weak_charge(nuc),
        "t_max_kev": float(t_max_kev(enu_mev, nuc)),
        "sigma_cm2": float(sigma_total(enu_mev, nuc, form_factor)),
        "sigma_no_ff_cm2": float(sigma_total(enu_mev, nuc, "none")),
        "form_factor": form_factor,
    }


def _run(args: argparse.Namespace) -> int:
    if args.enu >= 0:  # negative or non-finite: the library's own message
        check_range("--enu", args.enu, 1e-3, 1e4, "a neutrino energy 0.001 < E ≤ 10000 MeV (CEvNS is coherent below ~100 MeV)")
    s = xsec_summary(args.nucleus, args.enu, args.form_factor)
    if args.json:
        print(json.dumps(s))
    else:
        print(f"CEvNS on {s['nucleus']} at E_nu = {s['enu_mev']:g} MeV")
        rows = [("weak charge Q_W", f"{s['q_w']:.3f}"),
                ("maximum recoil T_max", f"{s['t_max_kev']:.3f} keV"),
                (f"sigma ({s['form_factor']})", f"{s['sigma_cm2']:.4g} cm^2"),
                ("sigma (no form factor)", f"{s['sigma_no_ff_cm2']:.4g} cm^2")]
        for k, v in rows:
            print(f"  {k:<28s} {v}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``xsec`` subcommand to the ``cevns-edu`` parser.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The subparsers of the ``cevns-edu`` parser; the new parser's ``func`` is the summary printer.
    """
    p = sub.add_parser("xsec", help="CEvNS cross section for a nucleus and neutrino energy",
                       description="Total CEvNS cross section, weak charge and maximum recoil energy.")
    p.add_argument("--nucleus", default="Cs133", help="nucleus, e.g. Cs133, I127, Ar40, Xe132 (default Cs133)")
    p.add_argument("--enu", type=float, default=29.79, metavar="MEV", help="neutrino energy in MeV (default 29.79)")
    p.add_argument("--form-factor", choices=FORM_FACTORS, default="helm", help="nuclear form factor (default helm)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_run)
