"""SQL for the figures pages and reports show; one module per subject."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from legdash import settings
from legdash.db import Connection
from legdash.wording import names_listed, plural

_PARAM = re.compile(r"\$(\w+)")
WEEK = timedelta(weeks=1)


class FilterError(ValueError):
    """A filter a person chose that the figures cannot use (bad dates, unknown segment...)."""


@dataclass(frozen=True)
class EmptyState:
    """Why a page and its report have nothing to show, in the sentence both print.

    `import_kinds` names the logs to import when the database lacks them (the page adds how to
    import them); None when there is data, outside the filters.
    """

    sentence: str
    import_kinds: str | None = None


def empty_fields(state: EmptyState | None) -> dict[str, Any]:
    """A report's JSON fields for its empty state: whether it has nothing to show, and why."""
    return {"empty": state is not None, "empty_sentence": state.sentence if state else None}


def run(con: Connection, sql: str, **params: Any) -> Connection:
    """Execute with only the named parameters the statement uses: DuckDB rejects extra ones, and
    one set of filters can then serve every query of a page."""
    used = set(_PARAM.findall(sql))
    return con.execute(sql, {k: v for k, v in params.items() if k in used})


def monday(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def last_complete_week(end: date, last_open_day: int = 7) -> date:
    """The Monday of the last complete ISO week up to `end`: an end on the week's last open day
    (ISO weekday `last_open_day`) completes it: a Sunday, or a Friday for a gym closed at
    weekends."""
    week = monday(end)
    return week if end.isoweekday() >= last_open_day else week - WEEK


def open_days(con: Connection) -> tuple[int, ...]:
    """The ISO weekdays (Monday = 1) the gym opens, in order; every day when none is open."""
    # A day counts as open by its own hours: a Saturday open past midnight does not make a closed
    # Sunday a day the data must reach.
    hours = settings.load(con).opening_hours
    days = tuple(d for d in range(1, 8) if not hours[settings.WEEKDAYS[d - 1]].closed)
    return days or tuple(range(1, 8))


# The first and last moment with data, per source a page draws on. Sets without a location are
# at $home (NULL: at none).
_SPAN_SQL = {
    "sets": """SELECT min(workout_start), max(workout_start) FROM v_sets
        WHERE NOT flagged AND ($location IS NULL OR coalesce(location, $home) = $location)""",
    "stations": """SELECT min(started_at), max(started_at) FROM v_station_sessions
        WHERE $location IS NULL OR location = $location""",
}


@dataclass(frozen=True)
class DataSpan:
    """The days the data runs over and the weekdays the gym opens: which weeks it covers whole.

    A week is covered when the data runs from its first open day to its last; an import that
    ends on a Monday covers its week for one day only, and its figures are not a week's.
    """

    first: date
    last: date
    open_days: tuple[int, ...]  # ISO weekdays (Monday = 1) the gym opens, in order

    @property
    def first_week(self) -> date:
        """The Monday of the first week the data covers from its first open day."""
        week = monday(self.first)
        return week if self.first <= week + timedelta(days=self.open_days[0] - 1) else week + WEEK

    @property
    def last_week(self) -> date:
        """The Monday of the last week the data covers to its last open day."""
        week = monday(self.last)
        return week if self.last >= week + timedelta(days=self.open_days[-1] - 1) else week - WEEK

    def covers(self, week: date) -> bool:
        return self.first_week <= week <= self.last_week

    def days_in(self, week: date, start: date = date.min, end: date = date.max) -> int:
        """Days of the ISO week from Monday `week`, within start..end, that the data runs over;
        in a week the data covers, every day counts (closed days too), and so do the closed days
        a range leaves out: a range to Friday holds a Monday-Friday gym's whole week."""
        if end >= week + timedelta(days=self.open_days[-1] - 1):
            end = max(end, week + timedelta(days=6))
        if start <= week + timedelta(days=self.open_days[0] - 1):
            start = min(start, week)
        first, last = max(week, start), min(week + timedelta(days=6), end)
        if not self.covers(week):
            first, last = max(first, self.first), min(last, self.last)
        return max(0, (last - first).days + 1)


def part_week(days: int) -> str:
    """' (1 day of data)' after a week the data covers in part: its figures are not a week's."""
    if days >= 7:
        return ""
    return f" ({plural(days, 'day')} of data)" if days else " (no data)"


def week_name(monday: date, days: int, form: str = "%d %b %Y") -> str:
    """'16 Nov 2026', or '16 Nov 2026 (3 days of data)' for a part-week: one wording for the
    week's name in charts, page text and reports."""
    return f"{monday:{form}}{part_week(days)}"


def data_span(
    con: Connection,
    sources: tuple[str, ...] = ("sets",),
    location: str | None = None,
    home: str | None = None,
) -> DataSpan | None:
    """The first and last day with data in `sources` (at `location`, or anywhere), None without
    data. A page whose figures count sets without a location at the default location passes it
    as `home`, so that its span counts the same sets."""
    union = " UNION ALL ".join(_SPAN_SQL[source] for source in sources)
    first, last = run(
        con,
        f"SELECT min(first_at)::DATE, max(last_at)::DATE FROM ({union}) AS t(first_at, last_at)",
        location=location,
        home=home,
    ).fetchone()
    return None if first is None else span_of(con, first, last)


def span_of(con: Connection, first: date, last: date) -> DataSpan:
    """The data span first..last, with the weekdays the gym opens: which weeks it covers whole."""
    return DataSpan(first, last, open_days(con))


def default_weeks(
    con: Connection,
    today: date,
    weeks: int,
    sources: tuple[str, ...] = ("sets",),
    end: date | None = None,
    start: date | None = None,
    location: str | None = None,
    home: str | None = None,
    part_week: bool = False,
) -> tuple[date, date]:
    """The range a page opens on: up to `weeks` ISO weeks the data in `sources` covers, ending
    with the last such week before today's (or with `end` when a person gave one).

    The running week is never "last week", nor is a week the data stops in before its last open
    day; a week is over after its last open day (on a Saturday, a gym closed at weekends has had
    its week, and the range ends that Saturday; an `end` on Friday completes it); data that
    stopped months ago keeps its last week, so a page does not open on empty weeks. The range
    starts no earlier than the first week the data covers from its first open day, so it does
    not open on weeks before the data either. Data that covers no week whole
    gives the weeks it touches. Without data, the weeks up to the last complete week before today.
    A `start` alone runs to that end, or to the end of the week the data stops in when the start
    lies in or after that week, but no later than today (a start later in the running week: that
    day; a start in a week to come: to the end of that week). With a `location`, the weeks are that location's data's (sets
    without a location counted at `home`, as data_span counts them). With `part_week` (figures
    that hold for part of a week, as Equipment demand's hours do) data that all lies in the
    running week, as a new gym's first import does, opens on that week up to today.
    """
    span = data_span(con, sources, location, home)
    closing = (span.open_days if span else open_days(con))[-1]  # the span read them already
    last = last_complete_week(end or today - timedelta(days=1), closing)
    first = last - (weeks - 1) * WEEK
    # All the data in the running week (a new gym's first import), for figures that hold for
    # part of a week: that week, up to today.
    running = span is not None and last + WEEK <= span.first <= today
    if part_week and running and end is None and start is None:
        return monday(span.first), today
    if span is not None and span.first < last + WEEK:
        whole = span.first_week <= min(span.last_week, last)
        if end is None:
            last = min(last, span.last_week if whole else monday(span.last))
            first = last - (weeks - 1) * WEEK
        first = max(first, span.first_week if whole else monday(span.first))
    if end is not None:
        return first, end
    if start is not None and start > last + timedelta(days=6):
        last = monday(start if span is None else max(start, span.last))
        if monday(start) > monday(today):  # weeks to come: their figures say nothing is logged
            return first, last + timedelta(days=6)
    # The running week, over after its last open day, ends today rather than on a Sunday to
    # come, and so does a range from a start in it: no date picker takes a day after today.
    # Its closed days still hold it whole. A start after today in it is that day alone: the
    # week is not over, and the range holds no week, as one from today does.
    stop = min(last + timedelta(days=6), today)
    return first, stop if start is None else max(start, stop)


def known_location(con: Connection, name: str | None) -> str | None:
    """A --location filter in its known spelling ("main" -> "Main"); FilterError naming the known
    locations when there is none by that name, instead of figures for an empty floor."""
    if name is None:
        return None
    try:
        name = settings.location_name(name)
    except settings.SettingError as error:
        raise FilterError(f"--location: {error}") from None
    known = settings.known_locations(con)
    found = settings.same_location(known, name)
    if found is None:
        raise FilterError(f"no location {name!r}; the known ones are {names_listed(known)}")
    return found
