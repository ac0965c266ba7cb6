"""`python -m cevns_edu.cli` runs the `cevns-edu` command."""

import sys

from . import main

sys.exit(main())
