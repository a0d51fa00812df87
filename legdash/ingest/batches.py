"""Import history: list batches, list a batch's rejected rows, and undo a batch."""

from __future__ import annotations

import csv
from datetime import datetime
from typing import TextIO

from legdash import settings
from legdash.db import Connection, command_on, dict_rows, retire_ids, transaction
from legdash.ingest.commit import STATIONS_SEEN_SQL, end_at_latest_file_end, fit_workouts_to_sets
from legdash.ingest.registry import FORMATS

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class BatchError(ValueError):
    """An unknown or already undone batch: a user mistake, reported in one line."""


def list_batches(con: Connection) -> list[dict[str, object]]:
    return dict_rows(con.execute("SELECT * FROM v_import_batches ORDER BY batch_id"))


def rejects(con: Connection, batch_id: int) -> list[tuple[int, str, str | None]]:
    """(line, reason, original text) of every row of the batch that was rejected."""
    require_batch(con, batch_id)
    return con.execute(
        "SELECT line, reason, raw FROM rejected_rows WHERE batch_id = ? ORDER BY line", [batch_id]
    ).fetchall()


def spreadsheet_safe(text: str | None) -> str:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text or ""


def write_rejects(rows: list[tuple[int, str, str | None]], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(["line", "reason", "original_row"])
    for line, reason, raw in rows:
        writer.writerow([line, spreadsheet_safe(reason), spreadsheet_safe(raw)])


def require_batch(con: Connection, batch_id: int) -> bool:
    """Whether the batch was undone; BatchError when there is no such batch."""
    row = con.execute("SELECT undone FROM import_batches WHERE batch_id = ?", [batch_id]).fetchone()
    if row is None:
        raise BatchError(f"there is no batch {batch_id} (see `{command_on(con, 'batches')}`)")
    return bool(row[0])


def undo(con: Connection, batch_id: int, now: datetime | None = None) -> dict[str, int]:
    """Remove everything the batch added, in one transaction; the batch stays in the history.

    Returns how many rows of each kind went, how many inventory counts were lowered and how many
    workout ends moved back (to the latest end the files left give).
    """
    if require_batch(con, batch_id):
        raise BatchError(f"batch {batch_id} was undone already")
    removed: dict[str, int] = {}
    with transaction(con):
        retire_ids(con)
        # Workouts this batch added sets to, of formats whose workouts follow their sets: those
        # that stay get their bounds back.
        following = [
            row[0]
            for row in con.execute(
                """SELECT DISTINCT workout_id FROM sets
                WHERE batch_id = ? AND source_format IN (SELECT unnest(?))""",
                [batch_id, [f.name for f in FORMATS.values() if f.workouts_follow_sets]],
            ).fetchall()
        ]
        # App-export workouts several files gave an end: those that stay end at the others' latest.
        ended = con.execute(
            "DELETE FROM workout_ends WHERE batch_id = ? RETURNING workout_id", [batch_id]
        ).fetchall()
        for table in ("sets", "station_sessions", "occupancy"):
            removed[table] = con.execute(
                f"DELETE FROM {table} WHERE batch_id = ?", [batch_id]
            ).fetchone()[0]
        # A workout this batch created may hold sets a later batch added: keep it, owned by that batch.
        _hand_over(con, "workouts", "workout_id", batch_id)
        removed["workouts"] = con.execute(
            "DELETE FROM workouts WHERE batch_id = ?", [batch_id]
        ).fetchone()[0]
        fit_workouts_to_sets(con, following)
        ended_ids = sorted({row[0] for row in ended})
        removed["ends_moved_back"] = end_at_latest_file_end(con, ended_ids)
        _forget_single_ends(con, ended_ids)
        # Likewise a member this batch brought in who has sets from a later batch. A member staff
        # named, gave a PIN or deactivated stays: that was their decision, not the file's.
        _hand_over(con, "members", "member_id", batch_id)
        removed["members"] = con.execute(
            """DELETE FROM members
            WHERE batch_id = ? AND pin_hash IS NULL AND name IS NULL AND active""",
            [batch_id],
        ).fetchone()[0]
        removed["inventory"] = _lower_raised_inventory(con, batch_id)
        con.execute(
            "UPDATE import_batches SET undone = true, undone_at = ? WHERE batch_id = ?",
            [now or settings.wall_clock(settings.load(con).time_zone), batch_id],
        )
    return removed


def _hand_over(con: Connection, table: str, key: str, batch_id: int) -> None:
    """Rows of `table` the batch brought in that still have sets (by `key`) from later batches
    go to the first of those, so undoing the batch keeps them and undoing that one removes them."""
    con.execute(
        f"""UPDATE {table} t SET batch_id = (SELECT min(s.batch_id) FROM sets s
            WHERE s.{key} = t.{key})
        WHERE t.batch_id = ? AND EXISTS (SELECT 1 FROM sets s WHERE s.{key} = t.{key})""",
        [batch_id],
    )


def _forget_single_ends(con: Connection, workout_ids: list[int]) -> None:
    """Drop the notes of workouts an undo left with one file's end (their stored end is that
    file's; an import notes it again when another file gives one) or took away (the undone file
    made the workout, and re-exports noted only later ends for it).

    Only an undo leaves such notes: an import notes two ends at least (see
    commit._note_file_ends).
    """
    if not workout_ids:
        return
    con.execute(
        """DELETE FROM workout_ends WHERE workout_id IN (
            SELECT e.workout_id FROM workout_ends e LEFT JOIN workouts w USING (workout_id)
            WHERE e.workout_id IN (SELECT unnest($ids))
            GROUP BY e.workout_id HAVING count(*) < 2 OR count(w.workout_id) = 0)""",
        {"ids": workout_ids},
    )


def later_duplicates(con: Connection, batch_id: int) -> list[tuple[str, list[int]]]:
    """(file, its batches) of later live batches of the same format and member that found rows
    already stored: some may have been this batch's, which its undo takes away. None when the
    batch stored no rows (a re-export of stored sets alone): none of them was its."""
    return con.execute(
        """SELECT later.source_file, list(later.batch_id ORDER BY later.batch_id)
        FROM import_batches later JOIN import_batches b ON b.batch_id = ?
        WHERE b.imported > 0 AND later.batch_id > b.batch_id AND NOT later.undone
            AND later.duplicates > 0
            AND later.source_format = b.source_format
            AND later.member_id IS NOT DISTINCT FROM b.member_id
        GROUP BY later.source_file ORDER BY min(later.batch_id)""",
        [batch_id],
    ).fetchall()


def _lower_raised_inventory(con: Connection, batch_id: int) -> int:
    """Take back the inventory counts the batch's station logs raised; how many were lowered.

    A count goes back to what it was, or to the stations the remaining logs still show if that is
    more. A count changed since the import (by the owner or a later import) is left alone; a later
    import that raised it from this batch's count takes over this batch's starting point, so
    undoing that one later still ends where the owner left it.
    """
    con.execute(
        """UPDATE inventory_raises later SET old_units = r.old_units FROM inventory_raises r
        WHERE r.batch_id = ? AND later.batch_id > r.batch_id AND later.location = r.location
            AND later.equipment_type = r.equipment_type AND later.old_units = r.new_units""",
        [batch_id],
    )
    lowered = con.execute(
        f"""WITH seen AS ({STATIONS_SEEN_SQL})
        SELECT * FROM (
            SELECT r.location, r.equipment_type, r.new_units,
                nullif(greatest(coalesce(r.old_units, 0), coalesce(s.units, 0)), 0) AS units
            FROM inventory_raises r
            JOIN inventory i ON i.location = r.location AND i.equipment_type = r.equipment_type
                AND i.units = r.new_units
            LEFT JOIN seen s ON s.location = r.location AND s.equipment_type = r.equipment_type
            WHERE r.batch_id = ?)
        WHERE units IS DISTINCT FROM new_units""",
        [batch_id],
    ).fetchall()
    for location, kind, _, units in lowered:
        con.execute(
            "DELETE FROM inventory WHERE location = ? AND equipment_type = ?", [location, kind]
        )
        if units is not None:
            con.execute("INSERT INTO inventory VALUES (?, ?, ?)", [location, kind, units])
    return len(lowered)
