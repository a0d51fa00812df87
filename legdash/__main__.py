"""Entry point for `python -m legdash`."""

import signal
import sys

# Ctrl-C while Python loads DuckDB would stop its extension half-built (an abort with a
# "Critical nanobind error" and a traceback): loading finishes first, then it counts. A process
# started with Ctrl-C ignored (`legdash import ... &` in a script) keeps ignoring it.
_inherited = signal.getsignal(signal.SIGINT) or signal.default_int_handler  # None: set in C
_pressed: list[int] = []
if _inherited is not signal.SIG_IGN:
    signal.signal(signal.SIGINT, lambda number, _frame: _pressed.append(number))
from legdash.cli import main  # noqa: E402

signal.signal(signal.SIGINT, _inherited)
if _pressed:
    print("interrupted", file=sys.stderr)
    sys.exit(130)
sys.exit(main())
