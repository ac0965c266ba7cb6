"""The argon branches of `cevns-edu fit`, `predict` and `data` (kept here so the CsI commands stay unchanged)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from cevns_edu.data import cenns10_registry as reg
from cevns_edu.data.cenns10 import describe_source, load_argon_folder, load_argon_release
from cevns_edu.data.files import mirror_url
from cevns_edu.data.loaders import ReleaseFileError, ReleaseNotFoundError
from cevns_edu.experiment.argon.fit import fit_argon, shape_systematics
from cevns_edu.experiment.argon.model import ArgonDetector
from cevns_edu.experiment.argon.model import predict as _predict
from cevns_edu.experiment.argon.replica import simulate_argon_replica

from .common import check_fit, check_seed, dump_json, not_a_folder_line, print_rows, run_fit


def fit(args: argparse.Namespace) -> int:
    """`cevns-edu fit --detector argon [--data-dir DIR | --simulated [--seed N]] [--no-shape-nuisances] [--json]`."""
    if getattr(args, "beam", "on") != "on":
        raise ValueError("--beam off applies to the CsI data only; the argon release has no beam-off sample")
    check_seed(args)
    rel = simulate_argon_replica(seed=2020 if args.seed is None else args.seed) if args.simulated \
        else load_argon_release(args.data_dir, allow_modified=getattr(args, "allow_modified", False))
    res = run_fit(lambda: fit_argon(rel, shape_nuisances=not getattr(args, "no_shape_nuisances", False)), f"the argon {rel.label}")
    syst = run_fit(lambda: shape_systematics(rel), f"the argon {rel.label}") if rel.variations else None
    check_fit({"n_cevns": res.n_cevns, "n_cevns_err_lo": res.n_cevns_err_lo, "n_cevns_err_hi": res.n_cevns_err_hi,
               "significance_sigma": res.significance_sigma, **dict(res.values),
               **({"n_cevns_syst": syst.total, "significance_with_syst_sigma": syst.significance_sigma}
                  if syst else {})}, res.valid, f"the argon {rel.label}")
    if args.json:
        out = {"detector": "argon", "source": res.source, "label": res.label, "n_cevns": res.n_cevns,
               "n_cevns_err_lo": res.n_cevns_err_lo, "n_cevns_err_hi": res.n_cevns_err_hi,
               "significance_sigma": res.significance_sigma, "shape_nuisances": res.shape_nuisances,
               "n_cevns_syst": syst.total if syst else None,
               "significance_with_syst_sigma": syst.significance_sigma if syst else None,
               "values": res.values, "fit_seconds": res.fit_seconds}
        print(dump_json(out))
        return 0
    if res.label != "REAL DATA":
        print(f"*** {res.label} — not the official data ***")
    print(res.summary())
    if syst:
        print(f"shape systematic  ± {syst.total:.1f} events (offset method) → "
              f"{syst.significance_sigma:.2f} σ with systematics")
    print("published (PRL 126, 012002 (2021))  159 ± 43 (stat) events, 3.5 σ")
    return 0


def predict(args: argparse.Namespace) -> int:
    """`cevns-edu predict --detector argon [--json]`: the SM prediction for CENNS-10 (release parameters)."""
    det = ArgonDetector(efficiency=_efficiency_table())
    pred = _predict(det)
    if args.json:
        print(json.dumps({"detector": "argon", "n_cevns_predicted": pred.n_cevns, "n_prompt": pred.n_prompt,
                          "n_delayed": pred.n_delayed, "uncertainty": pred.uncertainty,
                          "uncertainty_components": pred.components}))
        return 0
    rows = [("configuration", f"{det.mass_kg:g} kg Ar at {det.distance_m:g} m, {det.pot:.3g} POT, "
                              f"QF {det.qf_a:g} + {det.qf_b_per_kevnr:g}·T"),
            ("efficiency", "release table" if det.efficiency is not None else "release-free stand-in (no release here)"),
            ("predicted CEvNS events", f"{pred.n_cevns:.1f} ± {pred.uncertainty:.1f}"),
            ("  prompt ν_μ", f"{pred.n_prompt:.1f}"), ("  delayed ν_e + ν̄_μ", f"{pred.n_delayed:.1f}")] + [
            (f"  ± from {k.replace('_', ' ')}", f"{v:.1f}") for k, v in pred.components.items()] + [
            ("published (PRL 126, 012002 (2021))", "128 ± 17")]
    print_rows(rows)
    return 0


def _efficiency_table() -> np.ndarray | None:
    """Return the release's efficiency table when the release is on this computer, else None (stand-in)."""
    try:
        return load_argon_release().efficiency
    except ReleaseNotFoundError:
        return None


def fetch(args: argparse.Namespace) -> int:
    """Run ``cevns-edu data fetch --detector argon`` with the parsed arguments: download and verify the CENNS-10 release.

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
    folder = Path(args.data_dir).expanduser() if args.data_dir else reg.cache_dir()
    say = (lambda *a, **k: None) if getattr(args, "quiet", False) else print
    mirror = mirror_url(getattr(args, "base_url", None))
    say(f"Downloading the CENNS-10 argon data release (Zenodo record {reg.ZENODO_RECORD}, DOI {reg.DOI})")
    say(f"into {folder}; every file is checked against the checksum Zenodo publishes for it"
        + (f" (as the mirror {mirror} serves it), then its content against the official release." if mirror else "."))
    skipped: list[str] = []
    got = reg.fetch(folder, progress=not getattr(args, "quiet", False), base=mirror, skipped=skipped)
    if mirror:  # a mirror vouches for its own checksums: the content must also be the official release
        try:
            load_argon_folder(folder)
        except ReleaseFileError as exc:
            for path in [*got.values(), folder / reg.CHECKSUM_FILE]:
                path.unlink(missing_ok=True)
            raise RuntimeError(f"the mirror's files are not the official CENNS-10 release and were removed: {exc}") \
                from None
    for line in skipped:
        print(f"warning: optional file not downloaded: {line}", file=sys.stderr)
    say("Done: the argon release is present and verified.")
    return 0


def status(folder: Path | None) -> tuple[str, bool]:
    """Readable status of the argon release in ``folder`` (default cache); returns (text, usable)."""
    d = folder if folder is not None else reg.cache_dir()
    rows = reg.status(d)
    lines = [f"CENNS-10 argon data release (Zenodo record {reg.ZENODO_RECORD}) — {d}"]
    lines += not_a_folder_line(d, "cevns-edu data fetch --release argon")
    for r in rows:
        size = f"{r.size_bytes / 1024:7.1f} kB" if r.present else " " * 10
        lines.append(f"  {r.state:<13}  {size}  {r.name}" + ("" if r.required else "   (optional)"))
    line = describe_source(folder)
    lines.append(line)
    return "\n".join(lines), "NOT usable" not in line and "no release here" not in line
