"""What is in the database: the home page's tiles and the first thing to check after an import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from legdash import db
from legdash.db import Connection
from legdash.wording import plural

ACTIVE_WINDOW_DAYS = 28
ACTIVE_LABEL = f"Active ({ACTIVE_WINDOW_DAYS} days)"

_COUNTS_SQL = """
WITH counted AS (SELECT member_id, performed_at FROM v_sets WHERE NOT flagged),
last AS (SELECT max(performed_at)::DATE AS day FROM counted),
days AS (
    SELECT performed_at::DATE AS day FROM counted
    UNION ALL SELECT started_at::DATE FROM station_sessions
    UNION ALL SELECT observed_at::DATE FROM occupancy)
SELECT
    (SELECT count(*) FROM (SELECT member_id FROM members UNION SELECT member_id FROM sets)),
    (SELECT count(DISTINCT member_id) FROM counted, last
        WHERE performed_at::DATE > last.day - ?::INTEGER),
    (SELECT count(*) FROM sets),
    (SELECT count(*) FROM workouts),
    (SELECT min(performed_at)::DATE FROM counted),
    (SELECT day FROM last),
    (SELECT count(*) FROM import_batches WHERE NOT undone),
    (SELECT count(*) FROM v_unclassified_exercises),
    (SELECT count(*) FROM sets WHERE flagged),
    (SELECT count(*) FROM station_sessions),
    (SELECT count(*) FROM occupancy),
    (SELECT min(day) FROM days),
    (SELECT max(day) FROM days)
"""

_LAST_IMPORT_SQL = """
SELECT batch_id, source_file, imported_at, imported_by FROM v_import_batches
WHERE NOT undone ORDER BY batch_id DESC LIMIT 1
"""


@dataclass(frozen=True)
class LastImport:
    batch_id: int
    source_file: str
    imported_at: datetime
    imported_by: str | None


@dataclass(frozen=True)
class DatabaseStatus:
    """Counts of what the database holds; flagged sets count in `sets` and in `flagged_sets`.

    `first_set`/`last_set` span the sets that count; `first_day`/`last_day` span everything that
    counts: those sets, station sessions and door counts.
    """

    members: int
    active_members: int
    sets: int
    workouts: int
    first_set: date | None
    last_set: date | None
    last_import: LastImport | None
    batches: int
    is_demo: bool
    unclassified_exercises: int
    flagged_sets: int
    station_sessions: int
    occupancy_rows: int
    first_day: date | None
    last_day: date | None

    @property
    def has_sets(self) -> bool:
        """True when some sets count in figures (not all flagged)."""
        return self.last_set is not None

    def active_until(self, today: date) -> str | None:
        """The active members tile's last day, "to 17 Oct 2025", when the data stops before
        yesterday: "12 active" on data that ended a year ago would read as this month's."""
        if self.last_set is None or self.last_set >= today - timedelta(days=1):
            return None
        return f"to {self.last_set:%d %b %Y}"

    @property
    def has_data(self) -> bool:
        """True when anything was imported: sets (flagged ones too), station sessions or door
        counts. Station logs and door counts alone feed Equipment demand, not leg figures."""
        return bool(self.sets or self.station_sessions or self.occupancy_rows)

    @property
    def door_counts_only(self) -> bool:
        """True when door counts are all there is: they give coverage, not demand."""
        return bool(self.occupancy_rows and not self.sets and not self.station_sessions)

    @property
    def sets_held(self) -> str:
        """What the database holds in sets when none count: said the same on every page."""
        return sets_held_sentence(self.sets)


def sets_held_sentence(sets: int, of: str = "") -> str:
    """What the database holds in sets (of one member: `of` is " of M1") when none count: none
    yet, or only sets flagged for review."""
    if sets:
        return (
            f"The database holds {plural(sets, 'set')}{of}, all flagged for review and left"
            " out of the figures."
        )
    return f"The database holds no workout sets{of} yet."


def database_status(con: Connection) -> DatabaseStatus:
    """Active members trained in the 28 days up to the last date with data, not up to today."""
    (
        members,
        active,
        sets,
        workouts,
        first,
        last,
        batches,
        unclassified,
        flagged,
        stations,
        occupancy,
        first_day,
        last_day,
    ) = con.execute(_COUNTS_SQL, [ACTIVE_WINDOW_DAYS]).fetchone()
    row = con.execute(_LAST_IMPORT_SQL).fetchone()
    return DatabaseStatus(
        members=members,
        active_members=active,
        sets=sets,
        workouts=workouts,
        first_set=first,
        last_set=last,
        last_import=LastImport(*row) if row else None,
        batches=batches,
        is_demo=db.has_demo_data(con),
        unclassified_exercises=unclassified,
        flagged_sets=flagged,
        station_sessions=stations,
        occupancy_rows=occupancy,
        first_day=first_day,
        last_day=last_day,
    )
