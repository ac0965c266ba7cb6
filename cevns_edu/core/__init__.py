"""The bottom layer everything shares: the release's binning (:mod:`.binning`) and argument checks (:mod:`.validate`)."""
