"""The real browser of the project's tools, tests and benchmarks: Debian's Chromium, headless, and its flags.

One place for both (``tools/build_handouts.py`` prints with it; ``tests/browser/servers.py`` drives it).
``$CEVNS_EDU_CHROMIUM`` names another Chromium binary.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CEVNS_EDU_CHROMIUM", "/usr/bin/chromium"))
#: No sandbox (containers run as root), no GPU, nothing that calls home; /dev/shm is small in containers.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
