"""The binned Poisson likelihood of the 2017 CsI[Na] analysis — pure arrays, no files, no plotting.

The coincidence (C) window after each beam spill and the anti-coincidence (AC) window before it [1]_ are binned in
(photoelectrons × arrival time) on the release binning (25 × 24, see :mod:`cevns_edu.core.binning`). Inside the
analysis region the expected counts are

    μ_C(i)  = N_CEvNS · s_i(α) + N_ss · b_i + f_BRN · n_i + f_NIN · m_i
    μ_AC(i) = N_ss · b_i

with ``s`` the CEvNS shape (normalised to 1 in the region), ``b`` the steady-state shape (normalised to 1; both
windows have the same length, so the same N_ss), ``n`` and ``m`` the nominal prompt-neutron (BRN) and
neutrino-induced-neutron (NIN) expectations. The negative log-likelihood is

    −ln L = Σ_C [μ − k + k ln(k/μ)] + Σ_AC [μ − k + k ln(k/μ)]
            + ½((f_BRN − 1)/σ_BRN)² + ½((f_NIN − 1)/σ_NIN)² + ½ Σ α_j²,

written in the saturated-model ("deviance") form, so that 2·(−ln L) at the minimum, without the penalty terms, is
the Baker–Cousins likelihood χ² used for goodness of fit [3]_. σ_BRN = 0.25 is the release's prompt-neutron
normalisation uncertainty (``coherent_parameters.yaml``, ``promptNeutronNormalization``) [2]_. Optional shape
nuisances α_j morph the CEvNS shape linearly between "down" and "up" templates (e.g. quenching factor ± 1σ), keeping
N_CEvNS the count in the region.

N_CEvNS may go negative (as long as every μ stays positive), so that fits of background-only data are unbiased; the
significance is signed accordingly. The gradient and the Hessian are analytic: a fit is a handful of
millisecond-scale MIGRAD iterations.

Modules, one job each:

* :mod:`~cevns_edu.experiment.likelihood.inputs` — :class:`FitInputs`, the validated arrays;
* :mod:`~cevns_edu.experiment.likelihood.model` — :class:`BinnedModel`, the parameters and expected counts;
* :mod:`~cevns_edu.experiment.likelihood.constraints` — the Gaussian constraint (penalty) terms;
* :mod:`~cevns_edu.experiment.likelihood.poisson` — :class:`BinnedLikelihood`, −ln L and its derivatives.

References
----------
.. [1] D. Akimov et al. (COHERENT), "Observation of coherent elastic neutrino-nucleus scattering",
   Science 357, 1123 (2017).
.. [2] D. Akimov et al. (COHERENT), "COHERENT collaboration data release from the first observation of coherent
   elastic neutrino-nucleus scattering", arXiv:1804.09459.
.. [3] S. Baker and R. D. Cousins, "Clarification of the use of chi-square and likelihood functions in fits to
   histograms", Nucl. Instrum. Meth. 221, 437 (1984).
"""

from __future__ import annotations

from ..backgrounds.neutrons import BRN_NORM_UNC, NIN_NORM_UNC
from .constraints import GaussianConstraints
from .inputs import FitInputs
from .model import BinnedModel
from .poisson import BinnedLikelihood

__all__ = ["BRN_NORM_UNC", "NIN_NORM_UNC", "BinnedLikelihood", "BinnedModel", "FitInputs", "GaussianConstraints"]
