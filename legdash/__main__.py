"""Entry point for `python -m legdash`."""

import sys

try:
    from legdash.cli import main

    code = main()
except KeyboardInterrupt:  # Ctrl-C while Python loads legdash, before main's own handling
    print("interrupted", file=sys.stderr)
    code = 130
sys.exit(code)
