"""The `report` command's kinds: each builds plain data (for --json) and a text rendering of it.

Pages show the same figures from the same library functions, so a report equals its page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from legdash.db import Connection
from legdash.metrics import legs, member, racks


@dataclass(frozen=True)
class ReportArgs:
    """The command line's report options; each report uses the ones that apply to it."""

    member: str | None = None
    start: date | None = None
    end: date | None = None
    location: str | None = None
    segment: str | None = None
    min_leg_sets: int | None = None
    coverage: float | None = None
    max_wait_share: float | None = None
    max_wait_minutes: float | None = None


@dataclass(frozen=True)
class Report:
    build: Callable[[Connection, ReportArgs], dict[str, Any]]
    text: Callable[[dict[str, Any]], str]


REPORTS: dict[str, Report] = {
    "racks": Report(racks.build, racks.text),
    "legs": Report(legs.build, legs.text),
    "member": Report(member.build, member.text),
}
