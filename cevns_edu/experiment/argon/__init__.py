"""The CENNS-10 liquid-argon analysis (COHERENT, PRL 126, 012002 (2021)).

Detector model and SM prediction (:mod:`cevns_edu.experiment.argon.model`), flux-averaged cross sections and the
CsI/argon ratio (:mod:`cevns_edu.experiment.argon.xsec`), the 3-D binned Poisson likelihood
(:mod:`cevns_edu.experiment.argon.likelihood`), the fit (:mod:`cevns_edu.experiment.argon.fit`) and the labelled
simulated replica (:mod:`cevns_edu.experiment.argon.replica`).
"""
