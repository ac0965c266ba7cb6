"""cevns_edu — the library behind an interactive course on CEvNS and its 2017 discovery by COHERENT.

CEvNS: coherent elastic neutrino–nucleus scattering, first observed by the COHERENT collaboration in 2017.

Layers, each importing only the ones below it (enforced by ``.importlinter``; see docs/ARCHITECTURE.md):
``core`` (release binning, argument checks) < ``physics`` < ``data`` (find, download, check, read files)
< ``experiment`` (detector, backgrounds, fit, simulated replica) < ``bsm`` < ``plotting``
< ``widgets`` | ``exercises`` | ``cli``.

Importing the package never touches the network.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cevns-edu")  # the one version: pyproject.toml, via the installed metadata
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
