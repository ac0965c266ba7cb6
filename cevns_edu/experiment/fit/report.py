"""Reporting fits: the modelling variants compared in notebook 06 (:data:`VARIANTS`, :func:`compare_variants`)
and a plain-text table beside the published result (:func:`comparison_table`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...data.release import Release
from .assemble import fit_release
from .result import PUBLISHED, FitResult

#: Modelling choices compared in notebook 06: label → keyword arguments of :func:`fit_release`.
VARIANTS = {
    "this course's default": {},
    "steady state: τ from the AC beam-on window, fixed": {"ss_time_shape": "exponential"},
    "steady state: flat in time": {"ss_time_shape": "flat"},
    "+ ν-induced neutrons (estimate, 4 ± 35 %)": {"include_nin": True},
    "no QF / acceptance shape nuisances": {"nuisances": ()},
    "previous default (AC τ, NIN, no shape nuisances)": {"ss_time_shape": "exponential", "include_nin": True,
                                                         "nuisances": ()},
}


def compare_variants(release: Release, variants: Mapping[str, Mapping[str, Any]] | None = None, *,
                     beam: str = "on") -> list[tuple[str, FitResult]]:
    """Fit ``release`` with each modelling choice of ``variants`` (default :data:`VARIANTS`)."""
    return [(label, fit_release(release, beam=beam, **kw)) for label, kw in (variants or VARIANTS).items()]


def comparison_table(result: FitResult) -> str:
    """Our fit beside the published result (:data:`PUBLISHED`), as plain text with rounded numbers."""
    p = PUBLISHED
    rows = [("", f"this fit ({result.label})", "published"),
            ("N_CEvNS", f"{result.n_cevns:.0f} −{result.n_cevns_err_lo:.0f} +{result.n_cevns_err_hi:.0f}",
             f"{p['n_cevns']:.0f} ± {p['n_cevns_err']:.0f}"),
            ("significance", f"{result.significance_sigma:.1f} σ", f"{p['significance_sigma']:.1f} σ"),
            ("SM prediction", f"{result.sm_prediction:.0f}", f"{p['sm_prediction']:.0f} ± {p['sm_prediction_err']:.0f}")]
    return "\n".join(f"{a:<15s}{b:<32s}{c}" for a, b, c in rows) + f"\npublished: {p['reference']}"
