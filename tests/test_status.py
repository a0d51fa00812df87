from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from legdash import db
from legdash.db import Connection
from legdash.metrics import data_span
from legdash.metrics.status import DatabaseStatus, LastImport, database_status
from tests.conftest import insert_sets


def add_batch(
    con: Connection, batch_id: int, imported_at: str, by: str | None = None, **flags: bool
) -> None:
    con.execute(
        """INSERT INTO import_batches (batch_id, source_file, source_format, imported_at,
            imported_by, rows_read, imported, duplicates, rejected, warnings, undone, is_demo)
        VALUES (?, ?, 'native', ?, ?, 1, 1, 0, 0, [], ?, ?)""",
        [
            batch_id,
            f"log{batch_id}.csv",
            imported_at,
            by,
            flags.get("undone", False),
            flags.get("is_demo", False),
        ],
    )


def add_set(
    con: Connection, set_id: int, member: str, at: str, exercise: str, flagged: bool = False
) -> None:
    insert_sets(
        con,
        [
            {
                "set_id": set_id,
                "member_id": member,
                "workout_id": set_id,
                "workout_start": at,
                "performed_at": at,
                "exercise_raw": exercise,
                "flagged": flagged,
            }
        ],
    )


def build_gym(con: Connection) -> None:
    """M1 trains on the last day, M2 27 days before it, M3 28 days before (outside the window)."""
    add_batch(con, 1, "2026-03-02 10:00", by="ann")
    add_batch(con, 2, "2026-03-03 09:30", by="bob")
    add_batch(con, 3, "2026-03-05 08:00", undone=True)
    con.execute("INSERT INTO members (member_id) VALUES ('M1'), ('M2')")
    add_set(con, 1, "M1", "2026-03-01 18:00", "Squat (Barbell)")
    add_set(con, 2, "M2", "2026-02-02 07:00", "Zercher Wobble")
    add_set(con, 3, "M3", "2026-02-01 12:00", "Squat (Barbell)")
    add_set(con, 4, "M3", "2026-03-10 12:00", "Squat (Barbell)", flagged=True)
    con.execute(
        """INSERT INTO workouts VALUES
            (1, 1, 'M1', 'native', '2026-03-01 18:00', NULL, true, NULL, NULL),
            (2, 1, 'M2', 'native', '2026-02-02 07:00', NULL, true, NULL, NULL)"""
    )
    con.execute(
        """INSERT INTO station_sessions VALUES (1, 2, 'Rack 1', 'Power Rack 1', 'squat_rack',
            'Main', '2026-03-01 18:00', '2026-03-01 18:40', 'M1')"""
    )
    con.execute(
        """INSERT INTO occupancy VALUES (2, 'Main', '2026-03-01 18:00', 40, 120),
            (2, 'Main', '2026-03-01 19:00', 55, 120)"""
    )


def test_status_of_small_gym(db_file: Path) -> None:
    with db.write(db_file) as con:
        build_gym(con)
    with db.read(db_file) as con:
        status = database_status(con)
    assert status == DatabaseStatus(
        members=3,
        active_members=2,
        sets=4,
        workouts=2,
        first_set=date(2026, 2, 1),
        last_set=date(2026, 3, 1),
        last_import=LastImport(2, "log2.csv", datetime(2026, 3, 3, 9, 30), "bob"),
        batches=2,
        is_demo=False,
        unclassified_exercises=1,
        flagged_sets=1,
        station_sessions=1,
        occupancy_rows=2,
        first_day=date(2026, 2, 1),
        last_day=date(2026, 3, 1),
    )
    assert status.has_sets and status.has_data


@pytest.mark.parametrize(
    "today, until",
    [
        (date(2026, 3, 1), None),
        (date(2026, 3, 2), None),
        (date(2026, 3, 3), "to 01 Mar 2026"),
        (date(2026, 11, 27), "to 01 Mar 2026"),
    ],
)
def test_the_active_window_is_dated_when_it_ended_before_yesterday(
    db_file: Path, today: date, until: str | None
) -> None:
    """Data up to yesterday is current; older data's 28 days are not this month's."""
    with db.write(db_file) as con:
        build_gym(con)
        assert database_status(con).active_until(today) == until


def test_the_last_import_is_the_latest_batch_whatever_its_clock_said(db_file: Path) -> None:
    """Import times are the gym's clock, which a time-zone change moves: a later batch can carry
    an earlier time (the demo's batches are stamped the day after their data, too)."""
    with db.write(db_file) as con:
        add_batch(con, 1, "2026-11-28 04:19")  # a gym on Kiritimati time
        add_batch(con, 2, "2026-11-27 06:19", by="ann")  # then moved to Los Angeles
    with db.read(db_file) as con:
        last = database_status(con).last_import
    assert last == LastImport(2, "log2.csv", datetime(2026, 11, 27, 6, 19), "ann")


def test_status_of_empty_database(db_file: Path) -> None:
    db.init(db_file)
    with db.read(db_file) as con:
        status = database_status(con)
    assert (status.members, status.sets, status.batches) == (0, 0, 0)
    assert status.first_set is None and status.last_set is None
    assert status.last_import is None
    assert not status.has_sets and not status.has_data


def test_only_flagged_sets_count_as_no_data(db_file: Path) -> None:
    with db.write(db_file) as con:
        add_set(con, 1, "M1", "2026-03-01 18:00", "Squat (Barbell)", flagged=True)
        status = database_status(con)
    assert (status.sets, status.flagged_sets, status.active_members) == (1, 1, 0)
    assert not status.has_sets and status.has_data
    assert status.first_day is None


@pytest.mark.parametrize("kind", ["stations", "door counts"])
def test_station_logs_or_door_counts_without_sets_are_data(db_file: Path, kind: str) -> None:
    with db.write(db_file) as con:
        if kind == "stations":
            con.execute(
                """INSERT INTO station_sessions VALUES (1, 1, 'Rack 1', 'Power Rack 1',
                    'squat_rack', 'Main', '2026-03-01 18:00', '2026-03-01 18:40', NULL),
                    (2, 1, 'Rack 1', 'Power Rack 1', 'squat_rack', 'Main', '2026-03-04 07:00',
                    '2026-03-04 07:30', NULL)"""
            )
        else:
            con.execute(
                """INSERT INTO occupancy VALUES (1, 'Main', '2026-03-01 18:00', 40, 120),
                    (1, 'Main', '2026-03-04 07:00', 12, 120)"""
            )
        status = database_status(con)
    assert not status.has_sets and status.has_data
    assert (status.first_day, status.last_day) == (date(2026, 3, 1), date(2026, 3, 4))


def test_demo_batch_or_member_marks_demo(db_file: Path) -> None:
    with db.write(db_file) as con:
        add_batch(con, 1, "2026-03-02 10:00", is_demo=True)
        assert database_status(con).is_demo
        con.execute("UPDATE import_batches SET undone = true")
        assert not database_status(con).is_demo
        con.execute("INSERT INTO members (member_id, is_demo) VALUES ('D1', true)")
        assert database_status(con).is_demo


def test_set_span_leaves_out_flagged_sets_and_other_locations(db_file: Path) -> None:
    with db.write(db_file) as con:
        build_gym(con)
        con.execute("UPDATE sets SET location = 'Annex' WHERE set_id = 3")

        def span(location: str | None = None) -> tuple[date, date] | None:
            found = data_span(con, ("sets",), location)
            return (found.first, found.last) if found else None

        assert span() == (date(2026, 2, 1), date(2026, 3, 1))
        assert span("Annex") == (date(2026, 2, 1), date(2026, 2, 1))
        assert span("Main") is None
