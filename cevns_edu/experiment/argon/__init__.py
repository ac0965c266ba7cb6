"""The CENNS-10 liquid-argon analysis (COHERENT, PRL 126, 012002 (2021)): detector model and SM prediction
(:mod:`.model`), flux-averaged cross sections and the CsI/argon ratio (:mod:`.xsec`), the 3-D binned Poisson
likelihood (:mod:`.likelihood`), the fit (:mod:`.fit`) and the labelled simulated replica (:mod:`.replica`).
"""
