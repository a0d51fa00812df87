"""SQL for the figures pages and reports show; one module per subject."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from legdash import settings
from legdash.db import Connection

_PARAM = re.compile(r"\$(\w+)")


class FilterError(ValueError):
    """A filter a person chose that the figures cannot use (bad dates, unknown segment...)."""


def run(con: Connection, sql: str, **params: Any) -> Connection:
    """Execute with only the named parameters the statement uses: DuckDB rejects extra ones, and
    one set of filters can then serve every query of a page."""
    used = set(_PARAM.findall(sql))
    return con.execute(sql, {k: v for k, v in params.items() if k in used})


def monday(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


# The last day with data before $before, per source a page draws on.
_LAST_DAY_SQL = {
    "sets": "SELECT max(workout_start) FROM v_sets WHERE NOT flagged AND workout_start < $before",
    "stations": "SELECT max(started_at) FROM v_station_sessions WHERE started_at < $before",
}


def last_week_end(con: Connection, today: date, sources: tuple[str, ...] = ("sets",)) -> date:
    """The Sunday ending the last complete ISO week before today that has data in `sources`.

    The running week is never "last week"; data that stopped weeks ago keeps its last week, so a
    page does not open on empty weeks. Without data, the last complete week before today.
    """
    this_week = monday(today)
    union = " UNION ALL ".join(_LAST_DAY_SQL[source] for source in sources)
    last = run(con, f"SELECT max(day)::DATE FROM ({union}) AS t(day)", before=this_week).fetchone()[
        0
    ]
    return monday(last or this_week - timedelta(days=1)) + timedelta(days=6)


def known_location(con: Connection, name: str | None) -> str | None:
    """A --location filter in its known spelling ("main" -> "Main"); FilterError naming the known
    locations when there is none by that name, instead of figures for an empty floor."""
    if name is None:
        return None
    known = settings.known_locations(con)
    found = settings.same_location(known, name)
    if found is None:
        raise FilterError(f"no location {name!r}; the known ones are {', '.join(known)}")
    return found
