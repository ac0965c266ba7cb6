"""cevns_edu — the library behind an interactive course on coherent elastic neutrino–nucleus
scattering (CEvNS) and its 2017 discovery by the COHERENT collaboration.

Layers (data flows one way; see docs/ARCHITECTURE.md):
``physics`` → ``experiment`` / ``data`` → ``bsm``; ``plotting`` (figures with ``update()``);
``widgets`` (ipywidgets panels composing physics and plotting); ``cli`` (the ``cevns-edu`` command).

Importing the package never touches the network.
"""

__version__ = "0.1.0"
