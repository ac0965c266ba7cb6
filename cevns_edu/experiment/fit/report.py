"""Reporting fits: the modelling variants of notebook 06 and a plain-text table beside the published result.

:data:`VARIANTS`, :func:`compare_variants` and :func:`variant_table` compare modelling choices;
:func:`comparison_table` sets a fit beside :data:`~cevns_edu.experiment.fit.result.PUBLISHED`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...data.release import Release
from .assemble import fit_release
from .result import PUBLISHED, FitResult

#: Modelling choices compared in notebook 06: label → keyword arguments of :func:`fit_release`.
VARIANTS: dict[str, dict[str, Any]] = {
    "this course's default": {},
    "steady state: slope from the 3 beam-unrelated windows, fixed": {"ss_time_shape": "beam-unrelated-fixed"},
    "steady state: τ from the AC beam-on window, fixed": {"ss_time_shape": "exponential"},
    "steady state: flat in time": {"ss_time_shape": "flat"},
    "+ ν-induced neutrons (estimate, 4 ± 35 %)": {"include_nin": True},
    "no QF / acceptance shape nuisances": {"nuisances": ()},
    "previous default (AC τ, NIN, no shape nuisances)": {"ss_time_shape": "exponential", "include_nin": True,
                                                         "nuisances": ()},
}


def compare_variants(release: Release, variants: Mapping[str, Mapping[str, Any]] | None = None, *,
                     beam: str = "on") -> list[tuple[str, FitResult]]:
    """Fit ``release`` with each modelling choice of ``variants``.

    Parameters
    ----------
    release : Release
        The data release (real or simulated).
    variants : mapping of str to mapping, optional
        Label → keyword arguments of :func:`fit_release`; default :data:`VARIANTS`.
    beam : {"on", "off"}
        Beam state fitted.

    Returns
    -------
    list of (str, FitResult)
        One fit per variant, in order.
    """
    return [(label, fit_release(release, beam=beam, **kw)) for label, kw in (variants or VARIANTS).items()]


def variant_table(release: Release, variants: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """Each modelling variant's N and Z and its effect relative to the first (the default), beside the published.

    Parameters
    ----------
    release : Release
        The data (real or simulated).
    variants : mapping, optional
        label → keyword arguments of :func:`fit_release`; default :data:`VARIANTS` (first row: the default).

    Returns
    -------
    str
        Plain text: label, N (−/+), Z, ΔN and ΔZ from the first row; last line the published result.

    References
    ----------
    D. Akimov et al. (COHERENT), Science 357, 1123 (2017): 134 ± 22 events, 6.7σ.
    """
    rows = compare_variants(release, variants)
    n0, z0 = rows[0][1].n_cevns, rows[0][1].significance_sigma
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"{'[' + release.label + '] variant':<{width}s}{'N':>6s} {'−/+':>8s}{'Z':>7s}{'ΔN':>8s}{'ΔZ':>7s}"]
    for label, r in rows:
        err = f"−{r.n_cevns_err_lo:.0f}/+{r.n_cevns_err_hi:.0f}"
        lines.append(f"{label:<{width}s}{r.n_cevns:6.1f} {err:>8s}"
                     f"{r.significance_sigma:6.2f}σ{r.n_cevns - n0:+8.1f}{r.significance_sigma - z0:+6.2f}σ")
    p = PUBLISHED
    lines.append(f"{'published':<{width}s}{p['n_cevns']:6.1f} {'±' + format(p['n_cevns_err'], '.0f'):>8s}{p['significance_sigma']:6.2f}σ"
                 f"{p['n_cevns'] - n0:+8.1f}{p['significance_sigma'] - z0:+6.2f}σ   ({p['reference']})")
    return "\n".join(lines)


def comparison_table(result: FitResult) -> str:
    """Set a fit beside the published result (:data:`PUBLISHED`), as plain text with rounded numbers.

    Parameters
    ----------
    result : FitResult
        The fit.

    Returns
    -------
    str
        A three-column table and the published reference.

    References
    ----------
    .. [1] D. Akimov et al. (COHERENT), Science 357, 1123 (2017).
    """
    p = PUBLISHED
    rows = [("", f"this fit ({result.label})", "published"),
            ("N_CEvNS", f"{result.n_cevns:.0f} −{result.n_cevns_err_lo:.0f} +{result.n_cevns_err_hi:.0f}",
             f"{p['n_cevns']:.0f} ± {p['n_cevns_err']:.0f}"),
            ("significance", f"{result.significance_sigma:.1f} σ", f"{p['significance_sigma']:.1f} σ"),
            ("SM prediction", f"{result.sm_prediction:.0f}", f"{p['sm_prediction']:.0f} ± {p['sm_prediction_err']:.0f}")]
    return "\n".join(f"{a:<15s}{b:<32s}{c}" for a, b, c in rows) + f"\npublished: {p['reference']}"
