"""The final transaction: staged rows into the database, with duplicates recognised and counted.

Runs on the staging connection, with the staged rows in `stg` and the database attached as the
default catalog, inside one transaction, so a file lands whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from legdash.db import Connection, next_id
from legdash.equipment import type_sql

MAX_CHANGED_WARNINGS = 20


@dataclass
class Committed:
    imported: int
    duplicates: int
    warnings: list[str]


def commit_sets(con: Connection, batch_id: int, source_format: str) -> Committed:
    """Insert new sets (and their workouts and members); count the ones already stored.

    New ids are the next free id plus the record's line number: unique, in file order, no sort.
    """
    key = """s.member_id = r.member_id AND s.source_format = $fmt AND s.workout_start = r.workout_start
        AND s.exercise_raw = r.exercise_raw AND s.ordinal = r.ordinal"""
    changed = con.execute(
        f"""SELECT r.line FROM stg.ready_sets r JOIN sets s ON {key}
        WHERE r.weight_kg IS DISTINCT FROM s.weight_kg OR r.reps IS DISTINCT FROM s.reps
        ORDER BY r.line""",
        {"fmt": source_format},
    ).fetchall()
    duplicates = con.execute(
        f"SELECT count(*) FROM stg.ready_sets r SEMI JOIN sets s ON {key}", {"fmt": source_format}
    ).fetchone()[0]
    con.execute(
        """INSERT INTO members (member_id, batch_id)
        SELECT DISTINCT member_id, $batch FROM stg.ready_sets
        WHERE member_id NOT IN (SELECT member_id FROM members)""",
        {"batch": batch_id},
    )
    con.execute(
        """INSERT INTO workouts
        SELECT $first + min(r.line) - 1, $batch, r.member_id, $fmt,
            r.workout_start, max(r.workout_end), bool_and(r.time_known), any_value(r.title),
            any_value(r.location)
        FROM stg.ready_sets r ANTI JOIN workouts w ON w.member_id = r.member_id
            AND w.source_format = $fmt AND w.started_at = r.workout_start
        GROUP BY r.member_id, r.workout_start""",
        {"first": next_id(con, "workouts", "workout_id"), "batch": batch_id, "fmt": source_format},
    )
    imported = con.execute(
        f"""INSERT INTO sets
        SELECT $first + r.line - 1, $batch, r.member_id, w.workout_id,
            r.workout_start, r.ordinal, r.performed_at, r.time_known, r.location, r.station_id,
            r.exercise_raw, r.exercise_key, r.weight_kg, r.reps, r.rpe, r.set_type, r.distance_m,
            r.duration_s, r.notes, $fmt, r.flag_reason IS NOT NULL, r.flag_reason
        FROM (SELECT * FROM stg.ready_sets r ANTI JOIN sets s ON {key}) r
        JOIN workouts w ON w.member_id = r.member_id AND w.source_format = $fmt
            AND w.started_at = r.workout_start""",
        {"first": next_id(con, "sets", "set_id"), "batch": batch_id, "fmt": source_format},
    ).fetchone()[0]
    warnings = [
        f"line {line}: this set is already stored with a different weight or reps; "
        "the stored values were kept"
        for (line,) in changed[:MAX_CHANGED_WARNINGS]
    ]
    if len(changed) > MAX_CHANGED_WARNINGS:
        warnings.append(f"... and {len(changed) - MAX_CHANGED_WARNINGS} more changed sets")
    flagged = con.execute(
        "SELECT count(*) FROM sets WHERE batch_id = ? AND flagged", [batch_id]
    ).fetchone()[0]
    if flagged:
        warnings.append(
            f"{flagged} implausible set(s) kept but flagged for review (left out of figures):"
            f" `flagged --batch {batch_id}` lists them, `unflag SET_ID` counts one again"
        )
    return Committed(int(imported), int(duplicates), warnings)


def commit_stations(con: Connection, batch_id: int) -> Committed:
    imported, duplicates = _insert_new(
        con,
        "stations",
        "station_sessions",
        key="s.station_id = r.station_id AND s.location = r.location AND s.started_at = r.started_at",
        columns=f"""$first + row_number() OVER (ORDER BY r.line) - 1, $batch, r.station_id,
            r.equipment_raw, {type_sql("r.equipment_raw")}, r.location, r.started_at, r.ended_at,
            r.member_id""",
        params={"first": next_id(con, "station_sessions", "session_id"), "batch": batch_id},
    )
    return Committed(imported, duplicates, _add_stations_to_inventory(con, batch_id))


# Units of each equipment type the station logs show at each location: what the inventory is
# raised to on import, and lowered to no further than on undo.
STATIONS_SEEN_SQL = """SELECT location, equipment_type, count(DISTINCT station_id) AS units
    FROM station_sessions WHERE equipment_type <> 'other' GROUP BY ALL"""


def _add_stations_to_inventory(con: Connection, batch_id: int) -> list[str]:
    """Raise the inventory to the stations the logs show (never lower it: the owner decides that)."""
    raised = con.execute(
        f"""WITH seen AS ({STATIONS_SEEN_SQL})
        SELECT s.location, s.equipment_type, i.units, s.units
        FROM seen s LEFT JOIN inventory i USING (location, equipment_type)
        WHERE s.units > coalesce(i.units, 0) AND (s.location, s.equipment_type) IN (
            SELECT (location, equipment_type) FROM station_sessions WHERE batch_id = $batch)
        ORDER BY ALL""",
        {"batch": batch_id},
    ).fetchall()
    for location, kind, old, units in raised:
        con.execute(
            "INSERT OR REPLACE INTO inventory (location, equipment_type, units) VALUES (?, ?, ?)",
            [location, kind, units],
        )
        con.execute(
            "INSERT INTO inventory_raises VALUES (?, ?, ?, ?, ?)",
            [batch_id, location, kind, old, units],
        )
    return [
        f"inventory: {kind} at {location} raised from {old or 0} to {units} (stations in the logs)"
        for location, kind, old, units in raised
    ]


def commit_occupancy(con: Connection, batch_id: int) -> Committed:
    imported, duplicates = _insert_new(
        con,
        "occupancy",
        "occupancy",
        key="s.location = r.location AND s.observed_at = r.observed_at",
        columns="$batch, r.location, r.observed_at, r.people, r.capacity",
        params={"batch": batch_id},
    )
    return Committed(imported, duplicates, [])


def _insert_new(
    con: Connection, kind: str, table: str, *, key: str, columns: str, params: dict[str, object]
) -> tuple[int, int]:
    """Insert the ready rows `table` does not hold yet; (imported, duplicates).

    `key` matches a ready row `r` to a stored row `s`; a ready row that matches is a duplicate
    (counted, not stored again), so importing a file twice changes nothing.
    """
    duplicates = con.execute(
        f"SELECT count(*) FROM stg.ready_{kind} r SEMI JOIN {table} s ON {key}"
    ).fetchone()[0]
    imported = con.execute(
        f"""INSERT INTO {table} SELECT {columns}
        FROM stg.ready_{kind} r ANTI JOIN {table} s ON {key}""",
        params,
    ).fetchone()[0]
    return int(imported), int(duplicates)


def record_batch(
    con: Connection,
    batch_id: int,
    *,
    source_file: str,
    source_format: str,
    imported_at: datetime,
    imported_by: str | None,
    member_id: str | None,
    rows_read: int,
    committed: Committed,
    rejected: int,
    warnings: list[str],
) -> None:
    """The batch row and its rejected rows; rejects are kept even when every row was rejected."""
    con.execute(
        """INSERT INTO import_batches (batch_id, source_file, source_format, imported_at, imported_by,
            member_id, rows_read, imported, duplicates, rejected, warnings)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            batch_id,
            source_file,
            source_format,
            imported_at,
            imported_by,
            member_id,
            rows_read,
            committed.imported,
            committed.duplicates,
            rejected,
            warnings,
        ],
    )
    con.execute(
        "INSERT INTO rejected_rows SELECT ?, line, reason, raw FROM stg.rejects ORDER BY line",
        [batch_id],
    )
