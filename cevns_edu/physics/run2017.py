"""The COHERENT 2017 CsI[Na] run: the numbers that define its configuration, stated once.

References: COHERENT data release ``coherent_parameters.yaml`` (Zenodo 10.5281/zenodo.1228631) for the
distance and the beam exposure; D. Akimov et al. (COHERENT), Science 357, 1123 (2017) for the mass.
Physics functions take these as defaults; :class:`cevns_edu.experiment.detector.DetectorModel` uses them too.
"""

from __future__ import annotations

#: CsI[Na] crystal mass [kg] (Akimov et al., Science 357, 1123 (2017)).
MASS_KG: float = 14.57
#: Distance from the mercury target to the detector [m] (release ``distanceToTarget``).
DISTANCE_M: float = 19.3
#: Integrated beam exposure of the 2017 data set [GW·hr] (release ``beamExposure``).
EXPOSURE_GWH: float = 7.47594
