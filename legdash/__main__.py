"""Entry point for `python -m legdash`."""

import sys

from legdash.cli import main

sys.exit(main())
