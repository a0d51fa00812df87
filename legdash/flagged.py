"""Sets kept but flagged as implausible: listed for review, and unflagged when staff confirm them.

A flagged set stays out of every figure. Unflagging keeps its reason, so that the history still
says why the set was held back.
"""

from __future__ import annotations

from typing import Any

from legdash.db import Connection, command_on, dict_rows, transaction
from legdash.ingest.batches import require_batch


class FlagError(ValueError):
    """Unflagging a set that does not exist, is not flagged or cannot count: told in one line."""


# What of a flagged set no figure can use: a value that is not a number or far beyond any real
# set (1e308 kg makes every volume infinite), or reps too large to store (kept as NULL, so the
# set has nothing left to count). Such a set stays flagged; its batch is undone and the file
# corrected. Below these bounds staff decide: a 650 kg leg press can be real.
UNUSABLE_SQL = """concat_ws(' and ',
    CASE WHEN NOT isfinite(weight_kg) OR abs(weight_kg) > 10000 THEN 'weight' END,
    CASE WHEN reps IS NULL AND duration_s IS NULL AND distance_m IS NULL THEN 'reps' END,
    CASE WHEN NOT isfinite(rpe) OR abs(rpe) > 100 THEN 'RPE' END,
    CASE WHEN NOT isfinite(distance_m) OR abs(distance_m) > 10000000 THEN 'distance' END,
    CASE WHEN NOT isfinite(duration_s) OR abs(duration_s) > 10000000 THEN 'duration' END)"""


def list_flagged(con: Connection, batch_id: int | None = None) -> list[dict[str, Any]]:
    """Every flagged set (of one batch, if given), in the order they were imported."""
    if batch_id is not None:
        require_batch(con, batch_id)
    cursor = con.execute(
        """SELECT set_id, batch_id, member_id, performed_at, exercise_raw, weight_kg, reps,
            flag_reason
        FROM sets WHERE flagged AND ($batch IS NULL OR batch_id = $batch) ORDER BY set_id""",
        {"batch": batch_id},
    )
    return dict_rows(cursor)


def unflag(con: Connection, set_ids: list[int]) -> int:
    """Count the sets in figures again, all of them or none; how many were unflagged."""
    wanted = sorted(set(set_ids))
    flagged = {
        set_id
        for (set_id,) in con.execute(
            "SELECT set_id FROM sets WHERE flagged AND list_contains($ids, set_id)",
            {"ids": wanted},
        ).fetchall()
    }
    missing = [set_id for set_id in wanted if set_id not in flagged]
    if missing:
        listed = ", ".join(str(set_id) for set_id in missing)
        raise FlagError(
            f"not a flagged set: {listed} (see `{command_on(con, 'flagged')}`); nothing unflagged"
        )
    unusable = con.execute(
        f"""SELECT set_id, batch_id, {UNUSABLE_SQL} FROM sets
        WHERE list_contains($ids, set_id) AND {UNUSABLE_SQL} <> '' ORDER BY set_id LIMIT 1""",
        {"ids": wanted},
    ).fetchone()
    if unusable:
        set_id, batch_id, what = unusable
        raise FlagError(
            f"set {set_id} cannot count in figures: its {what} is not a number, or too large to"
            " be real or to store;"
            f" undo batch {batch_id} and import a corrected file; nothing unflagged"
        )
    with transaction(con):
        con.execute(
            "UPDATE sets SET flagged = false WHERE list_contains($ids, set_id)", {"ids": wanted}
        )
    return len(wanted)
