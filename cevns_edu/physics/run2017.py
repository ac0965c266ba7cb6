"""The COHERENT 2017 CsI[Na] run: the numbers that define its configuration, stated once.

References: COHERENT data release ``coherent_parameters.yaml`` (Zenodo 10.5281/zenodo.1228631) for the
distance and the beam exposure; D. Akimov et al. (COHERENT), Science 357, 1123 (2017) for the mass and the
protons on target.
Physics functions take these as defaults; :class:`cevns_edu.experiment.detector.DetectorModel` uses them too.
"""

from __future__ import annotations

#: CsI[Na] crystal mass [kg] (Akimov et al., Science 357, 1123 (2017)).
MASS_KG: float = 14.57
#: Distance from the mercury target to the detector [m] (release ``distanceToTarget``).
DISTANCE_M: float = 19.3
#: Integrated beam exposure of the 2017 data set [GW·hr] (release ``beamExposure``).
EXPOSURE_GWH: float = 7.47594
#: Protons on target of the 2017 data set, 1.76×10²³ (Akimov et al., Science 357, 1123 (2017); the same number
#: in the 7stats code of Denton & Gehrlein, JHEP 04 (2021) 266, github.com/JuliaGehrlein/7stats).
PROTONS_ON_TARGET: float = 1.76e23
_J_PER_GEV = 1.602176634e-10  # exact (SI 2019: e = 1.602176634e-19 C)
#: Mean proton energy of the run [GeV]: exposure / protons on target = 0.954 GeV (the SNS ran below its
#: 1 GeV design energy in 2015–16); with it, 7.47594 GW·hr gives the published 1.76×10²³ protons.
MEAN_PROTON_ENERGY_GEV: float = EXPOSURE_GWH * 1e9 * 3600.0 / (PROTONS_ON_TARGET * _J_PER_GEV)
