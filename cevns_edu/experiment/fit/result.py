"""The outcome of a fit (:class:`FitResult`) and the published 2017 result it is compared with (:data:`PUBLISHED`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

from ...core.binning import PE_MAX, PE_MIN, T_MAX_US, T_MIN_US
from ..likelihood.poisson import BinnedLikelihood


#: The published 2017 result, shown beside ours for comparison — never used by the fit.
#: Akimov et al. (COHERENT), Science 357, 1123 (2017), arXiv:1708.01294.
class PublishedResult(TypedDict):
    """The published 2017 result: fitted CEvNS count, significance and SM prediction, with its reference."""

    n_cevns: float
    n_cevns_err: float
    significance_sigma: float
    sm_prediction: float
    sm_prediction_err: float
    reference: str


PUBLISHED: PublishedResult = {
    "n_cevns": 134.0,
    "n_cevns_err": 22.0,
    "significance_sigma": 6.7,
    "sm_prediction": 173.0,
    "sm_prediction_err": 48.0,
    "reference": "D. Akimov et al. (COHERENT), Science 357, 1123 (2017)",
}


@dataclass(frozen=True)
class FitResult:
    """Outcome of one fit. Counts are events inside the analysis region (``pe_range`` × ``t_range_us``).

    ``n_cevns_err_lo``/``_hi`` are positive numbers (MINOS, Δ(2 lnL) = 1); ``significance_sigma`` is signed
    (negative when the best fit is below zero); ``p_value`` is the one-sided background-only p-value;
    ``chi2`` is the Baker–Cousins likelihood χ² over C and AC bins with ``ndof`` degrees of freedom and
    ``gof_p`` its p-value. ``fit_seconds`` is the wall time of the whole fit including errors and the null fit.
    """

    source: str
    is_simulated: bool
    beam: str
    n_cevns: float
    n_cevns_err_lo: float
    n_cevns_err_hi: float
    n_cevns_err: float          # symmetric (HESSE) error
    significance_sigma: float
    p_value: float
    n_steady_state: float
    n_brn: float
    n_nin: float
    chi2: float
    ndof: int
    gof_p: float
    sm_prediction: float
    fit_seconds: float
    valid: bool = True
    n_observed_c: int = 0
    n_observed_ac: int = 0
    pe_range: tuple[float, float] = (PE_MIN, PE_MAX)
    t_range_us: tuple[float, float] = (T_MIN_US, T_MAX_US)
    values: dict[str, float] = field(default_factory=dict)
    errors: dict[str, float] = field(default_factory=dict)
    likelihood: BinnedLikelihood | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """Return "SIMULATED REPLICA", "MODIFIED DATA" (a source that is not the official files) or "REAL DATA"."""
        if self.is_simulated:
            return "SIMULATED REPLICA"
        return "MODIFIED DATA" if self.source.startswith("MODIFIED DATA") else "REAL DATA"

    @property
    def signal_strength(self) -> float:
        """N_CEvNS / SM prediction."""
        return self.n_cevns / self.sm_prediction if self.sm_prediction > 0 else float("nan")

    def to_json_dict(self) -> dict[str, Any]:
        """Return the keys of ``cevns-edu fit --json`` (DESIGN.md §1), plus a few extras.

        Returns
        -------
        dict of str to Any
            JSON-serialisable fields (no likelihood, parameter values or errors).
        """
        d = {k: v for k, v in asdict(self).items() if k not in ("likelihood", "values", "errors")}
        d["pe_range"] = list(self.pe_range)
        d["t_range_us"] = list(self.t_range_us)
        return d

    def summary(self, timing: bool = True) -> str:
        """Return a short readable table of the fit.

        Parameters
        ----------
        timing : bool
            Include the fit time (``False`` for reproducible output, e.g. in notebooks).

        Returns
        -------
        str
            One aligned "name  value" line per quantity.
        """
        rows = [
            ("data", f"{self.source}  [{self.label}], beam {self.beam}"),
            ("window", f"{self.pe_range[0]:g} ≤ PE < {self.pe_range[1]:g},  "
                       f"{self.t_range_us[0]:g} ≤ t < {self.t_range_us[1]:g} μs"),
            ("observed C / AC", f"{self.n_observed_c} / {self.n_observed_ac}"),
            ("N_CEvNS (fit)", f"{self.n_cevns:.1f}  −{self.n_cevns_err_lo:.1f} +{self.n_cevns_err_hi:.1f}"),
            ("significance", f"{self.significance_sigma:.2f} σ  (p = {self.p_value:.2g})"),
            ("SM prediction", f"{self.sm_prediction:.1f}"),
            ("steady-state", f"{self.n_steady_state:.1f}"),
            ("prompt neutrons", f"{self.n_brn:.2f}"),
            ("ν-induced neutrons", f"{self.n_nin:.2f}"),
            ("χ² / ndof", f"{self.chi2:.1f} / {self.ndof}  (p = {self.gof_p:.2f})"),
        ] + ([("fit time", f"{1e3 * self.fit_seconds:.0f} ms")] if timing else [])
        w = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)
