"""The `report` command's kinds: each builds plain data (for --json) and a text rendering of it.

Pages show the same figures from the same library functions, so a report equals its page.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from legdash.db import Connection


@dataclass(frozen=True)
class ReportArgs:
    """The command line's report options; each report uses the ones that apply to it."""

    member: str | None = None
    start: date | None = None
    end: date | None = None
    location: str | None = None
    segment: str | None = None
    min_leg_sets: int | None = None
    skipper_weeks: int | None = None
    coverage: float | None = None
    max_wait_share: float | None = None
    max_wait_minutes: float | None = None


@dataclass(frozen=True)
class Report:
    build: Callable[[Connection, ReportArgs], dict[str, Any]]
    text: Callable[[dict[str, Any]], str]


# Report kind -> the metrics module with its build() and text(). Imported on use: the figures need
# pandas, which every other command (an import from cron, say) can start without.
REPORT_MODULES = {
    "racks": "legdash.metrics.racks_report",
    "legs": "legdash.metrics.legs",
    "member": "legdash.metrics.member",
}


def report(kind: str) -> Report:
    module = importlib.import_module(REPORT_MODULES[kind])
    return Report(module.build, module.text)
