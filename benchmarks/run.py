"""`make bench`: time what a learner feels — every frame (kernel and browser), the fit, σ(E) — and the notebook suite.

Each ``benchmarks/bench_*.py`` module lists ``BENCHMARKS``: tuples ``(name, make, target_ms)`` where
``make()`` does the set-up (build a panel, load data) and returns the zero-argument callable to time.
A module may also define ``section(only) -> (key, results)`` (the kernel frame, browser and class
benchmarks); its results go to ``results.json`` under ``key``. Prints tables and writes
``benchmarks/results.json``. Timings are measured here, never asserted in tests.

    python benchmarks/run.py [--only SUBSTRING] [--no-notebooks]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
os.environ.setdefault("MPLBACKEND", "Agg")


def time_call(fn, min_time_s: float = 0.3, max_repeats: int = 200) -> dict[str, float]:
    """Median and best wall time (ms) of repeated calls, after one warm-up call."""
    fn()
    samples: list[float] = []
    t_end = time.perf_counter() + min_time_s
    while len(samples) < 3 or (time.perf_counter() < t_end and len(samples) < max_repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(1e3 * (time.perf_counter() - t0))
    samples.sort()
    return {"median_ms": samples[len(samples) // 2], "best_ms": samples[0], "n": len(samples)}


def load_modules() -> list[object]:
    mods = []
    sys.path.insert(0, str(HERE))
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mods.append(mod)
    return mods


def load_benchmarks(only: str | None, mods: list[object] | None = None) -> list[tuple[str, object, float]]:
    return [b for mod in (mods if mods is not None else load_modules()) for b in mod.BENCHMARKS
            if not only or only in b[0]]


def notebook_suite_seconds() -> dict[str, float]:
    """Execute every course notebook in a fresh kernel (in the `make test` environment)."""
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    sys.path.insert(0, str(ROOT / "tools"))
    from execute_notebooks import test_environment

    os.environ.update(test_environment())
    out = {}
    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        t0 = time.perf_counter()
        ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(nb, {"metadata": {"path": str(nb_path.parent)}})
        out[nb_path.name] = time.perf_counter() - t0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run only benchmarks whose name contains this")
    ap.add_argument("--no-notebooks", action="store_true", help="skip the notebook-suite timing")
    args = ap.parse_args()

    mods = load_modules()
    rows = []
    for name, make, target_ms in load_benchmarks(args.only, mods):
        r = time_call(make())
        r.update(name=name, target_ms=target_ms, ok=r["median_ms"] < target_ms)
        rows.append(r)
        print(f"{name:<48s} {r['median_ms']:9.2f} ms (best {r['best_ms']:.2f}, n={r['n']:3d})"
              f"  target < {target_ms:g} ms  {'ok' if r['ok'] else 'SLOW'}", flush=True)

    # Sections: what a learner waits for, end to end (kernel frames, browser, a class on one machine).
    sections = {}
    for mod in mods:
        if hasattr(mod, "section"):
            key, value = mod.section(args.only)
            sections[key] = value

    nb_times = {} if args.no_notebooks or args.only else notebook_suite_seconds()
    for nb, s in nb_times.items():
        print(f"notebook {nb:<39s} {s:9.2f} s")
    if nb_times:
        total = sum(nb_times.values())
        print(f"{'notebook suite (all, fresh kernels)':<48s} {total:9.2f} s   target < 60 s  {'ok' if total < 60 else 'SLOW'}")

    results = {
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(), "platform": platform.platform()},
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_avg_1_5_15min": [round(x, 2) for x in os.getloadavg()],
        "benchmarks": rows,
        **sections,
        "notebooks_s": nb_times,
    }
    old = HERE / "results.json"
    if old.exists():  # keep the recorded "before" tables of earlier work (e.g. frames_before_issue14)
        results.update({k: v for k, v in json.loads(old.read_text()).items() if k.endswith(("_before", "_before_issue14"))})
    if not args.only:
        (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {HERE / 'results.json'}")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
