"""Entry point for `python -m legdash`."""

import signal
import sys

# Ctrl-C while Python loads DuckDB would stop its extension half-built (an abort with a
# "Critical nanobind error" and a traceback): loading finishes first, then it counts.
_pressed: list[int] = []
signal.signal(signal.SIGINT, lambda number, _frame: _pressed.append(number))
from legdash.cli import main  # noqa: E402

signal.signal(signal.SIGINT, signal.default_int_handler)
if _pressed:
    print("interrupted", file=sys.stderr)
    sys.exit(130)
sys.exit(main())
