"""The final transaction: staged rows into the database, with duplicates recognised and counted.

Runs on the staging connection, with the staged rows in `stg` and the database attached as the
default catalog, inside one transaction, so a file lands whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from legdash import members
from legdash.db import MINUTE_SQL, MINUTES_ONLY_SQL, Connection, command_on, next_id
from legdash.equipment import type_sql
from legdash.ingest.layout import Format
from legdash.ingest.limits import changed_set_sql, set_values_sql
from legdash.ingest.staging import respell_members, station_key_sql
from legdash.wording import escaped, plural

MAX_CHANGED_WARNINGS = 20

# The dedupe key of the design: the workout's start and the set's number in it for its exercise.
WORKOUT_KEY = """s.member_id = r.member_id AND s.source_format = $fmt
    AND s.workout_start = r.workout_start AND s.exercise_raw = r.exercise_raw
    AND s.ordinal = r.ordinal"""


@dataclass
class Committed:
    imported: int
    duplicates: int
    warnings: list[str]
    # Whether the file's timed sets all sit at whole minutes; None without timed sets, and for
    # formats whose sets are not found by their time (Format.workouts_follow_sets).
    minutes_only: bool | None = None


def commit_sets(con: Connection, batch_id: int, fmt: Format, imported_at: datetime) -> Committed:
    """Insert new sets (and their workouts and members, created `imported_at`); count the ones
    already stored.

    New ids are the next free id plus the record's line number: unique, in file order, no sort.
    """
    minutes_only = None
    if fmt.workouts_follow_sets:  # only such sets are found by their time (_match_timed_sets)
        minutes_only = con.execute(f"SELECT {MINUTES_ONLY_SQL} FROM stg.ready_sets").fetchone()[0]
    _match_stored_sets(con, fmt, minutes_only)
    changed = con.execute("SELECT line FROM temp.known WHERE changed ORDER BY line").fetchall()
    # Stored sets, and the file's rows that repeat an earlier row's set (set_aside_repeated_sets).
    duplicates = con.execute(
        """SELECT (SELECT count(*) FROM temp.known WHERE NOT rejected)
            + (SELECT count(*) FROM stg.repeated_sets)"""
    ).fetchone()[0]
    con.execute(
        # created_at on the gym's clock, as the batch's imported_at: KNOWN_MEMBER_IDS orders both.
        """INSERT INTO members (member_id, batch_id, created_at)
        SELECT DISTINCT member_id, $batch, $at FROM stg.ready_sets
        WHERE member_id NOT IN (SELECT member_id FROM members)""",
        {"batch": batch_id, "at": imported_at},
    )
    _place_in_workouts(con, batch_id, fmt)
    imported = con.execute(
        """INSERT INTO sets
        SELECT $first + r.line - 1, $batch, r.member_id, p.workout_id,
            r.workout_start, r.ordinal, r.performed_at, r.time_known, r.location, r.station_id,
            r.exercise_raw, r.exercise_key, r.weight_kg, r.reps, r.rpe, r.set_type, r.distance_m,
            r.duration_s, r.notes, $fmt, r.flag_reason IS NOT NULL, r.flag_reason
        FROM (SELECT * FROM stg.ready_sets r ANTI JOIN temp.known k ON k.line = r.line) r
        JOIN temp.placed_workouts p USING (member_id, workout_start)""",
        {"first": next_id(con, "sets", "set_id"), "batch": batch_id, "fmt": fmt.name},
    ).fetchone()[0]
    if fmt.workouts_follow_sets:
        joined = con.execute("SELECT workout_id FROM temp.placed_workouts WHERE NOT created")
        fit_workouts_to_sets(con, [row[0] for row in joined.fetchall()])
    else:
        end_at_latest_file_end(con, _note_file_ends(con, batch_id))
    warnings = [
        f"line {line}: this set is already stored with a different weight or reps; "
        "the stored values were kept"
        for (line,) in changed[:MAX_CHANGED_WARNINGS]
    ]
    if len(changed) > MAX_CHANGED_WARNINGS:
        warnings.append(f"... and {len(changed) - MAX_CHANGED_WARNINGS} more changed sets")
    if changed:
        warnings.append(_keep_changed_values_hint(con))
    return Committed(
        int(imported), int(duplicates), warnings + _review_warnings(con, batch_id), minutes_only
    )


def _review_warnings(con: Connection, batch_id: int) -> list[str]:
    """The batch's sets left out of figures until staff act: the flagged ones, and those whose
    exercise names the taxonomy does not know, counted in one scan of the batch's sets."""
    # Per name, then its pattern as v_sets gives it: grouping the sets before the join keeps the
    # one scan as quick as counting the flagged sets and joining the unknown ones apart. A set's
    # exercise_key follows from its exercise_raw (staging's exercise_names), so any_value is it.
    groups = con.execute(
        """SELECT s.exercise_raw, s.n, s.flagged,
            coalesce(e.pattern, 'unclassified') = 'unclassified' AS unknown
        FROM (SELECT exercise_raw, any_value(exercise_key) AS exercise_key, count(*) AS n,
                count(*) FILTER (WHERE flagged) AS flagged
            FROM sets WHERE batch_id = ? GROUP BY exercise_raw) s
        LEFT JOIN v_exercises e ON e.name_key = s.exercise_key
        ORDER BY s.n DESC, s.exercise_raw""",
        [batch_id],
    ).fetchall()
    warnings = []
    flagged = sum(f for _, _, f, _ in groups)
    if flagged:
        warnings.append(
            f"{flagged} implausible set(s) kept but flagged for review (left out of figures):"
            f" `{command_on(con, f'flagged --batch {batch_id}')}` lists them,"
            f" `{command_on(con, 'unflag SET_ID')}` counts one again"
        )
    names = [(name, n) for name, n, _, unknown in groups if unknown]
    return warnings + _unclassified_warning(con, names)


# How many unknown exercise names a warning writes out; `exercise unclassified` lists them all.
MAX_NAMED_EXERCISES = 3


def _unclassified_warning(con: Connection, names: list[tuple[str, int]]) -> list[str]:
    """The batch's sets whose exercise names the taxonomy does not know (`names`: each name and its
    sets, most first): they count as neither leg nor upper-body sets, so a member who logs an
    unknown leg exercise seems to skip legs until staff map the name. Said at the import, where
    staff can act on it."""
    if not names:
        return []
    sets = sum(n for _, n in names)
    shown = ", ".join(f"'{escaped(name)}'" for name, _ in names[:MAX_NAMED_EXERCISES])
    more = (
        f" and {len(names) - MAX_NAMED_EXERCISES:,} more"
        if len(names) > MAX_NAMED_EXERCISES
        else ""
    )
    return [
        f"{plural(sets, 'set')} name {plural(len(names), 'exercise')} the taxonomy does not know"
        f" ({shown}{more}): they count as unclassified, not as leg or upper-body sets, until they"
        f" are mapped (`{command_on(con, 'exercise unclassified')}` lists them,"
        f" `{command_on(con, 'exercise map NAME --to EXERCISE')}` maps one)"
    ]


def _keep_changed_values_hint(con: Connection) -> str:
    """How to keep this file's values instead: the stored ones came from earlier batches (a unit
    forgotten there, an export corrected since), and only their undo lets this file's in.

    Undo takes a whole batch: the hint names the sets of each batch this file does not hold, and
    the file that brings them back, so that following it loses nothing.
    """
    batches = con.execute(
        """SELECT b.batch_id, b.source_file,
            (SELECT count(*) FROM sets s
                ANTI JOIN (SELECT set_id FROM temp.known WHERE NOT rejected) k USING (set_id)
                WHERE s.batch_id = b.batch_id) AS not_held
        FROM import_batches b
        WHERE b.batch_id IN (SELECT batch_id FROM temp.known WHERE changed)
        ORDER BY b.batch_id"""
    ).fetchall()
    return _keep_file_values_hint(batches, "set")


def _keep_file_values_hint(batches: list[tuple[int, str, int]], word: str) -> str:
    """The hint's words, for the (batch_id, source_file, rows this file does not hold) of the
    batches that stored the other values; `word` names a row ('set', 'door count')."""
    named = ("batch " if len(batches) == 1 else "batches ") + ", ".join(
        str(batch_id) for batch_id, _, _ in batches
    )
    hint = (
        f"if this file's values are the right ones, undo {named}, which stored the others,"
        " then import this file again"
    )
    for batch_id, source_file, not_held in batches:
        if not_held:
            hint += (
                f"; undoing batch {batch_id} also removes its {plural(not_held, word)} this file"
                f" does not hold: import {escaped(source_file)} again after this file"
            )
    return hint


# The member IDs a file's match: the members', and those of stored station sessions, as first
# stored by their batch: a station log brings in no member, and its person must not become two
# when the next log, of sessions or of sets, spells the ID otherwise.
KNOWN_MEMBER_IDS = """(SELECT member_id, created_at FROM members
    UNION ALL
    SELECT s.member_id, min(b.imported_at) FROM station_sessions s
    JOIN import_batches b USING (batch_id) WHERE s.member_id IS NOT NULL GROUP BY s.member_id)"""


def take_stored_member_ids(con: Connection, kind: str, member_column: bool) -> None:
    """Give the staged rows' member IDs the spelling of the stored member they match regardless of
    case, by members.stored_id's rule (members.STORED_SPELLING_SQL): "ANN@gym.com" in a file is
    the stored "ann@gym.com", so their sets are one member's, and a re-export's sets are found on
    the dedupe key, which holds the member. The IDs of stored station sessions count too
    (KNOWN_MEMBER_IDS).

    A file without a member_id column holds one ID in every row (--member) or none: its first row
    tells it. --member comes in its stored spelling, but read before the lock: looked up again
    here, a member added in another spelling since still gets the rows.

    Runs with the database attached and locked, before the commit's transaction: that may write
    the database only, and this writes the staged rows.
    """
    table = f"stg.ready_{kind}"
    ids = (
        f"(SELECT DISTINCT member_id FROM {table} WHERE member_id IS NOT NULL)"
        if member_column
        else f"(SELECT member_id FROM {table} LIMIT 1)"
    )
    spelling = members.STORED_SPELLING_SQL.format(ids=ids, stored=KNOWN_MEMBER_IDS)
    respelled = con.execute(
        f"""SELECT typed, stored FROM ({spelling})
        WHERE stored <> typed"""
    ).fetchall()
    respell_members(con, table, respelled)
    if kind == "sets":  # the rejected rows that claim stored sets (_match_nth), spelled alike
        respell_members(con, "stg.held_sets", respelled)


# The station IDs stored at each location, by station logs and set logs (`by_sets`), with the
# batch and row that first stored each spelling: one station keeps one spelling whichever file
# named it first.
KNOWN_STATION_IDS = """(SELECT location, station_id, false AS by_sets,
        min(batch_id) AS first_batch, min(session_id) AS first_row
    FROM station_sessions GROUP BY ALL
    UNION ALL
    SELECT location, station_id, true, min(batch_id), min(set_id)
    FROM sets WHERE station_id IS NOT NULL GROUP BY ALL)"""


def take_stored_station_ids(con: Connection, kind: str) -> None:
    """Give the staged rows' station IDs (`kind` "stations" or "sets") the spelling stored for
    their station at their location (station_key_sql), by a station log or a set log: "r1" in a
    file is the stored "R1", so a re-export's sessions are found on the dedupe key, the inventory
    counts one rack, and a set's station is the station log's. A station log's spelling wins, a
    set log's only when no station log stored the station: an earlier version stored a set log's
    IDs as typed (`rack-1` beside a station log's `RACK-1`), and a station log's re-export must
    still meet its sessions. Among one kind's spellings, should older data hold several, the ID
    spelled exactly wins, else the first stored.

    Runs before the commit's transaction, as take_stored_member_ids does: it writes the staged rows.
    """
    table = f"stg.ready_{kind}"
    staged, stored = station_key_sql("r.station_id"), station_key_sql("s.station_id")
    con.execute(
        f"""UPDATE {table} AS t SET station_id = m.stored
        FROM (SELECT r.location, r.station_id AS typed,
                first(s.station_id ORDER BY s.by_sets, s.station_id <> r.station_id,
                    s.first_batch, s.first_row) AS stored
            FROM (SELECT DISTINCT location, station_id FROM {table}
                WHERE station_id IS NOT NULL) r
            JOIN {KNOWN_STATION_IDS} s ON s.location = r.location AND {stored} = {staged}
            GROUP BY ALL) m
        WHERE t.location = m.location AND t.station_id = m.typed AND m.stored <> m.typed"""
    )


def _match_stored_sets(con: Connection, fmt: Format, minute_file: bool | None) -> None:
    """`temp.known`: the staged lines already stored (line, changed weight or reps, the stored
    set's id, workout and batch, and the line's member and workout start), and the stored sets
    the file's rejected rows claim (`rejected`: neither a duplicate nor changed, see _match_nth).

    App exports give the workout's start, the same in every export, so the workout key finds a
    set. Where workouts follow their sets (native files), a set has its own time instead, while
    its workout's start is its day's first set in the file: a re-export that starts earlier or
    later in the day would move every set of that day to a new key. So such a set with a time of
    day is found by that time (see _match_timed_sets).
    """
    # Such a set without a time of day is found by the workout key among such sets only.
    untimed = "NOT r.time_known AND NOT s.time_known" if fmt.workouts_follow_sets else "true"
    con.execute(
        f"""CREATE TEMP TABLE temp.known AS
        SELECT r.line, {changed_set_sql("r", "s")} AS changed, s.set_id, s.workout_id, s.batch_id,
            r.member_id, r.workout_start, false AS rejected
        FROM stg.ready_sets r JOIN sets s ON {WORKOUT_KEY}
        WHERE {untimed}""",
        {"fmt": fmt.name},
    )
    if fmt.workouts_follow_sets:
        _match_timed_sets(con, fmt, minute_file)


# Stored sets from a minutes-only file: at a whole minute, stored by an import whose sets all
# were (`$batches`). The batch keeps that (see record_batch), so no import groups the whole sets
# table.
FROM_MINUTE_FILES = f"performed_at = {MINUTE_SQL} AND batch_id IN (SELECT unnest($batches))"


def _match_timed_sets(con: Connection, fmt: Format, minute_file: bool | None) -> None:
    """Timed sets of a member's exercise: first those at the same time when both sides carry
    seconds, then, of the sets left on both sides, those in the same minute when one side carries
    minutes only.

    A spreadsheet that saves a set log again drops the seconds (18:04:31 becomes 18:04). A file
    carries minutes only when all its timed sets are at whole minutes (duplicates included); a
    stored set does when the import that stored it did, as its batch's `minutes_only` keeps.
    Deciding per file, not per set ("either side at :00" would be simpler), keeps two files with
    seconds apart: a new set at 18:04:00 is not a stored 18:04:20 that a later export leaves out,
    nor the reverse. Matching exact times first keeps a set both files list from pairing with a
    neighbour in its minute. Where one side carries minutes only, its 18:04:00 is any time of that
    minute: such a set is found in the minute pass alone, where a set of its weight and reps
    comes first (_match_nth), not at 18:04:00 first.
    """
    if minute_file is None:  # no timed set in the file
        return
    # Each pass reads the format's stored sets: the minute pass only when one side can need it.
    if minute_file:
        _match_nth(con, fmt, MINUTE_SQL, "true")
        return
    batches = [
        batch_id
        for (batch_id,) in con.execute(
            "SELECT batch_id FROM import_batches WHERE minutes_only AND source_format = ?",
            [fmt.name],
        ).fetchall()
    ]
    if not batches:
        _match_nth(con, fmt, "performed_at", "true")
        return
    params = {"batches": batches}
    _match_nth(con, fmt, "performed_at", "batch_id NOT IN (SELECT unnest($batches))", params)
    _match_nth(con, fmt, MINUTE_SQL, FROM_MINUTE_FILES, params)


def _match_nth(
    con: Connection,
    fmt: Format,
    slot: str,
    stored_filter: str,
    filter_params: dict[str, object] | None = None,
) -> None:
    """Add to `temp.known` the timed staged lines not known yet that meet stored sets (those of
    `stored_filter`, with its parameters `filter_params`, not matched yet) in the same `slot` of a
    member's exercise: first those of the same weight and reps, then the rest, the n-th such line
    (by time, then set number and file order) being the n-th such stored set (by time, then set
    number and id).

    Pairing the same values first keeps a file that holds some of a minute's sets on the stored
    sets it holds: by place alone, a log of a minute's second squat would meet the first, and a
    later log of both would store the second twice and never the first.

    The file's rejected rows with a time of day (stg.held_sets) pair too, as a rejected row holds
    its place in an app export's numbering: one whose reps do not read (`6x`) meets a set of its
    weight before the rest pair by place. Its set is then claimed (`rejected`: neither a duplicate
    nor changed), so that no other line of the file takes it for its own with changed values and
    leaves that line's set unstored.
    """
    held = con.execute("SELECT EXISTS (SELECT 1 FROM stg.held_sets)").fetchone()[0]
    columns = f"""line, member_id, {slot} AS slot, performed_at, exercise_raw, weight_kg, reps,
        {set_values_sql("r")} AS set_values, workout_start, ordinal"""
    staged = f"""SELECT {columns}, false AS rejected
        FROM stg.ready_sets r ANTI JOIN temp.known k USING (line) WHERE time_known"""
    if held:
        staged += f"""
        UNION ALL
        SELECT {columns}, true FROM stg.held_sets r ANTI JOIN temp.known k USING (line)"""
    # Each pass: its name, the lines it pairs and what a pair shares besides its slot and place.
    passes = [("by_values", "true", "set_values")]
    if held:
        passes.append(("rejected_by_weight", "rejected", "set_values.weight"))
    passes.append(("by_place", "true", None))
    names = [name for name, _, _ in passes]
    paired = []
    for n, (name, lines, key) in enumerate(passes):
        materialized = "" if n == len(passes) - 1 else "MATERIALIZED"  # later passes read it
        paired.append(f"{name} AS {materialized} ({_nth_pass(key, lines, names[:n])})")
    con.execute(
        f"""INSERT INTO temp.known
        WITH staged AS ({staged}),
        unmatched AS (
            SELECT set_id, member_id, {slot} AS slot, performed_at, exercise_raw, weight_kg, reps,
                {set_values_sql("s")} AS set_values, workout_id, batch_id, ordinal
            FROM sets s ANTI JOIN temp.known k USING (set_id)
            WHERE source_format = $fmt AND time_known AND {stored_filter}),
        timed AS MATERIALIZED (
            SELECT * FROM staged r WHERE EXISTS (
                SELECT 1 FROM unmatched s WHERE s.member_id = r.member_id AND s.slot = r.slot
                    AND s.exercise_raw = r.exercise_raw)),
        stored AS MATERIALIZED (
            SELECT * FROM unmatched s WHERE EXISTS (
                SELECT 1 FROM timed t WHERE t.member_id = s.member_id AND t.slot = s.slot
                    AND t.exercise_raw = s.exercise_raw)),
        {", ".join(paired)}
        SELECT t.line, NOT t.rejected AND ({changed_set_sql("t", "s")}), s.set_id, s.workout_id,
            s.batch_id, t.member_id, t.workout_start, t.rejected
        FROM ({_union(names)}) m
        JOIN timed t USING (line) JOIN stored s USING (set_id)""",
        {"fmt": fmt.name, **(filter_params or {})},
    )


def _nth_pass(key: str | None, lines: str, earlier: list[str]) -> str:
    """SQL: pairs (line, set_id) of `timed` lines of `lines` and `stored` sets, neither paired by
    the `earlier` passes (their CTEs), that share a slot of a member's exercise and `key` (or
    nothing more), the n-th such line being the n-th such set."""
    partition = "PARTITION BY member_id, slot, exercise_raw" + (f", {key}" if key else "")
    before = _union(earlier)
    line_left = f"ANTI JOIN ({before}) USING (line)" if earlier else ""
    set_left = f"ANTI JOIN ({before}) USING (set_id)" if earlier else ""
    same_key = f"AND s.{key} IS NOT DISTINCT FROM t.{key}" if key else ""
    # Paired on values, a rejected line comes after the accepted lines of those values: they are
    # sure sets, each keeping its stored set, and the rejected one takes a set only if one is left
    # (else the file imported again would store an accepted line's set twice).
    rejected_last = "rejected, " if key else ""
    return f"""SELECT t.line, s.set_id
        FROM (SELECT *, row_number() OVER (
                    {partition} ORDER BY {rejected_last}performed_at, ordinal, line)
                AS nth FROM timed {line_left} WHERE {lines}) t
        JOIN (SELECT *, row_number() OVER ({partition} ORDER BY performed_at, ordinal, set_id)
                AS nth FROM stored {set_left}) s
            ON s.member_id = t.member_id AND s.slot = t.slot
            AND s.exercise_raw = t.exercise_raw AND s.nth = t.nth {same_key}"""


def _union(names: list[str]) -> str:
    """SQL: the rows of the named CTEs."""
    return " UNION ALL ".join(f"SELECT * FROM {name}" for name in names)


def _place_in_workouts(con: Connection, batch_id: int, fmt: Format) -> None:
    """`temp.placed_workouts`: the workout of each (member, workout start) with new sets, stored
    or created now.

    A stored workout of the same start takes the sets. A workout that follows its sets (native
    files) starts where the sets a file holds start, so such a file's workout goes on in the
    stored workout that holds its sets already; without any, a workout that is the member's day
    (no workout id in the file) joins the stored workout of that day nearest in time.
    """
    group_sql = """SELECT member_id, workout_start, min(line) AS first_line,
            max(workout_end) AS workout_end, bool_and(time_known) AS time_known,
            any_value(title) AS title, any_value(location) AS location, bool_or(keyed) AS keyed
        FROM stg.ready_sets r ANTI JOIN temp.known k ON k.line = r.line GROUP BY ALL"""
    holding, nearest = "NULL::BIGINT", "NULL::BIGINT"
    if fmt.workouts_follow_sets:
        holding = """(SELECT min(k.workout_id) FROM temp.known k
            WHERE k.member_id = g.member_id AND k.workout_start = g.workout_start)"""
        nearest = """CASE WHEN NOT g.keyed THEN (
            SELECT arg_min(d.workout_id, greatest(epoch(d.started_at - g.workout_start),
                    epoch(g.workout_start - d.ended_at), 0))
            FROM workouts d WHERE d.member_id = g.member_id AND d.source_format = $fmt
                AND CAST(d.started_at AS DATE) = CAST(g.workout_start AS DATE)) END"""
    con.execute(
        f"""CREATE TEMP TABLE temp.placed_workouts AS
        SELECT *, workout_id IS NULL AS created FROM (
            SELECT g.*, coalesce({holding}, w.workout_id, {nearest}) AS workout_id
            FROM ({group_sql}) g
            LEFT JOIN workouts w ON w.member_id = g.member_id AND w.source_format = $fmt
                AND w.started_at = g.workout_start)""",
        {"fmt": fmt.name},
    )
    first = next_id(con, "workouts", "workout_id")
    con.execute(
        "UPDATE temp.placed_workouts SET workout_id = $first + first_line - 1 WHERE created",
        {"first": first},
    )
    con.execute(
        """INSERT INTO workouts
        SELECT workout_id, $batch, member_id, $fmt, workout_start, workout_end, time_known, title,
            location
        FROM temp.placed_workouts WHERE created""",
        {"batch": batch_id, "fmt": fmt.name},
    )


def fit_workouts_to_sets(con: Connection, workout_ids: list[int]) -> None:
    """Workouts that follow their sets, whose sets changed: their bounds, and each set's workout
    start and number.

    Such a workout starts at its first set and ends at its last, so a later file (or an undo)
    that adds (or takes) sets of its day moves them; the timed sets' numbers follow their times,
    after the untimed ones. An untimed set keeps its number: it is found by it (the n-th set of
    its exercise that day, a rejected row's place included), and another file's sets on that
    day, or an undo of the file beside it, do not change which set it is.
    """
    if not workout_ids:
        return
    params = {"ids": workout_ids}
    con.execute(
        """UPDATE workouts w SET started_at = b.first_at, ended_at = b.last_at
        FROM (SELECT workout_id, min(performed_at) AS first_at, max(performed_at) AS last_at
            FROM sets WHERE workout_id IN (SELECT unnest($ids)) GROUP BY workout_id) b
        WHERE w.workout_id = b.workout_id""",
        params,
    )
    con.execute(
        """UPDATE sets SET workout_start = n.started_at, ordinal = n.ordinal
        FROM (SELECT s.set_id, w.started_at, CASE WHEN NOT s.time_known THEN s.ordinal
                ELSE coalesce(max(s.ordinal) FILTER (WHERE NOT s.time_known)
                        OVER (PARTITION BY s.workout_id, s.exercise_raw), 0)
                    + row_number() OVER (PARTITION BY s.workout_id, s.exercise_raw, s.time_known
                        ORDER BY s.performed_at, s.batch_id, s.ordinal, s.set_id) END AS ordinal
            FROM sets s JOIN workouts w USING (workout_id)
            WHERE s.workout_id IN (SELECT unnest($ids))) n
        WHERE sets.set_id = n.set_id""",
        params,
    )


def _note_file_ends(con: Connection, batch_id: int) -> list[int]:
    """Keep the end this file gives each stored workout it adds sets to or, holding only stored
    sets of it, gives a later end than the file that made it; and that file's end (the end stored
    so far) when no other file has noted one yet. Returns the workouts noted.

    An app export states its workouts' ends, and an export made after a workout went on states a
    later one, with or without sets the workout did not have; undo takes the batch's end back
    out of this table. Comparing with the making file's end, not the workout's end now, keeps
    every live file's later end on record: undoing the export of the latest end leaves the
    workout at the next latest. A re-export that only repeats a workout (the apps export
    everything each time) notes nothing.
    """
    # The end the making file gave: its note (it may be another file's after an undo handed the
    # workout over), else the workout's end, as nothing else moved it yet.
    con.execute(
        """CREATE TEMP TABLE temp.file_ends AS
        SELECT workout_id, workout_end FROM temp.placed_workouts WHERE NOT created
        UNION ALL
        SELECT k.workout_id, max(r.workout_end) FROM temp.known k
        JOIN stg.ready_sets r USING (line)
        JOIN workouts w USING (workout_id)
        LEFT JOIN workout_ends made ON made.workout_id = w.workout_id AND made.batch_id = w.batch_id
        ANTI JOIN temp.placed_workouts p USING (workout_id)
        GROUP BY k.workout_id, coalesce(made.ended_at, w.ended_at)
        HAVING max(r.workout_end) > coalesce(made.ended_at, w.ended_at)"""
    )
    con.execute(
        """INSERT INTO workout_ends
        SELECT w.batch_id, w.workout_id, w.ended_at FROM workouts w
        SEMI JOIN temp.file_ends f ON f.workout_id = w.workout_id
        ANTI JOIN workout_ends e ON e.workout_id = w.workout_id"""
    )
    noted = con.execute(
        """INSERT INTO workout_ends SELECT $batch, workout_id, workout_end FROM temp.file_ends
        RETURNING workout_id""",
        {"batch": batch_id},
    )
    return [row[0] for row in noted.fetchall()]


def end_at_latest_file_end(con: Connection, workout_ids: list[int]) -> int:
    """App-export workouts that files added sets to or gave a later end (or an undo took a file
    from): each ends at the latest end its live files give. Returns how many ends moved."""
    if not workout_ids:
        return 0
    return con.execute(
        """UPDATE workouts w SET ended_at = e.last_end
        FROM (SELECT workout_id, max(ended_at) AS last_end FROM workout_ends
            WHERE workout_id IN (SELECT unnest($ids)) GROUP BY workout_id) e
        WHERE w.workout_id = e.workout_id AND w.ended_at IS DISTINCT FROM e.last_end""",
        {"ids": workout_ids},
    ).fetchone()[0]


@dataclass(frozen=True)
class StoredRows:
    """How a kind's ready rows (`r`) meet the stored rows (`s`) of its table: `key` finds a row's
    stored one, `values` names each value that may differ with its column, `shown` writes the
    values of the row `{t}` for a warning, `word` names a row and `unread` holds the columns no
    figure reads, whose difference alone changes nothing an undo would mend."""

    kind: str
    table: str
    key: str
    values: tuple[tuple[str, str], ...]  # (what a warning calls it, column)
    shown: str
    word: str
    unread: tuple[str, ...] = ()

    @property
    def changed(self) -> str:
        """True where a ready row's values that figures read differ from its stored row's."""
        return " OR ".join(
            self.differs(column) for _, column in self.values if column not in self.unread
        )

    @property
    def any_differ(self) -> str:
        """True where any of a ready row's values differ from its stored row's."""
        return " OR ".join(self.differs(column) for _, column in self.values)

    @staticmethod
    def differs(column: str) -> str:
        return f"r.{column} IS DISTINCT FROM s.{column}"


SESSIONS = StoredRows(
    "stations",
    "station_sessions",
    key="s.station_id = r.station_id AND s.location = r.location AND s.started_at = r.started_at",
    values=(("end", "ended_at"), ("member", "member_id")),
    shown="""'end ' || CAST({t}.ended_at AS VARCHAR)
        || coalesce(' and member ' || {t}.member_id, '')""",
    word="station session",
)
DOOR_COUNTS = StoredRows(
    "occupancy",
    "occupancy",
    key="s.location = r.location AND s.observed_at = r.observed_at",
    values=(("people count", "people"), ("capacity", "capacity")),
    shown="{t}.people || ' people' || coalesce(' of capacity ' || {t}.capacity, '')",
    word="door count",
    # The figures read a door count's people only (coverage); a percentage became people on import.
    unread=("capacity",),
)


def commit_stations(con: Connection, batch_id: int) -> Committed:
    """Insert new station sessions; raise the inventory to the stations the logs show."""
    committed = _insert_new(
        con,
        SESSIONS,
        columns=f"""$first + row_number() OVER (ORDER BY r.line) - 1, $batch, r.station_id,
            r.equipment_raw, {type_sql("r.equipment_raw")}, r.location, r.started_at, r.ended_at,
            r.member_id""",
        params={"first": next_id(con, "station_sessions", "session_id"), "batch": batch_id},
    )
    committed.warnings += _add_stations_to_inventory(con, batch_id)
    return committed


# Units of each equipment type the station logs show at each location: what the inventory is
# raised to on import, and lowered to no further than on undo.
# One station in several spellings (older data) counts once.
STATIONS_SEEN_SQL = f"""SELECT location, equipment_type,
        count(DISTINCT {station_key_sql("station_id")}) AS units
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
    """Insert new door counts; a count for a location and time already stored is a duplicate."""
    return _insert_new(
        con,
        DOOR_COUNTS,
        columns="$batch, r.location, r.observed_at, r.people, r.capacity",
        params={"batch": batch_id},
    )


def _insert_new(
    con: Connection, rows: StoredRows, *, columns: str, params: dict[str, object]
) -> Committed:
    """Insert the ready rows the table does not hold yet; warn of those it holds with other values.

    A ready row whose key meets a stored row is a duplicate (counted, not stored again), so
    importing a file twice changes nothing. The stored rows are joined once (`temp.met`).
    """
    ready, table, key = f"stg.ready_{rows.kind}", rows.table, rows.key
    con.execute(
        f"""CREATE TEMP TABLE temp.met AS
        SELECT r.line, s.batch_id, {rows.changed} AS changed,
            CASE WHEN {rows.any_differ} THEN {rows.shown.format(t="s")} END AS stored,
            {", ".join(f"{rows.differs(column)} AS differs_{column}" for _, column in rows.values)}
        FROM {ready} r JOIN {table} s ON {key}"""
    )
    warnings = _changed_rows_warnings(con, rows)
    duplicates = con.execute("SELECT count(DISTINCT line) FROM temp.met").fetchone()[0]
    imported = con.execute(
        f"""INSERT INTO {table} SELECT {columns}
        FROM {ready} r ANTI JOIN temp.met m ON m.line = r.line""",
        params,
    ).fetchone()[0]
    return Committed(int(imported), int(duplicates), warnings)


def _changed_rows_warnings(con: Connection, rows: StoredRows) -> list[str]:
    """Duplicates whose values differ from the stored ones (a corrected count, a session that
    ended later), which the stored values win as a changed set's do: how many, which values
    differ (a capacity alone is not a people count), the first, the batches that stored the
    others, and how to keep this file's instead. Rows differing in `unread` values alone get a
    line of their own without the undo: no figure would change."""
    ready, table, key = f"stg.ready_{rows.kind}", rows.table, rows.key
    first = _first_changed(con, rows, "m.changed")
    warnings = []
    if first is not None:
        changed, line, batch_id, values, here, stored = first
        batches = con.execute(
            f"""WITH changed AS (SELECT DISTINCT batch_id FROM temp.met WHERE changed),
            not_held AS (SELECT s.batch_id, count(*) AS n FROM {table} s ANTI JOIN {ready} r ON {key}
                WHERE s.batch_id IN (SELECT batch_id FROM changed) GROUP BY ALL)
            SELECT b.batch_id, b.source_file, coalesce(n.n, 0) FROM import_batches b
            SEMI JOIN changed c ON c.batch_id = b.batch_id
            LEFT JOIN not_held n ON n.batch_id = b.batch_id
            ORDER BY b.batch_id"""
        ).fetchall()
        warnings += [
            f"{plural(changed, rows.word)} already stored with a different {values}: the stored"
            f" values were kept (line {line}: {escaped(here)} in this file,"
            f" {escaped(stored)} stored by batch {batch_id})",
            _keep_file_values_hint(batches, rows.word),
        ]
    differ_unread = " OR ".join(f"m.differs_{column}" for column in rows.unread)
    unread = (
        _first_changed(con, rows, f"NOT m.changed AND ({differ_unread})") if rows.unread else None
    )
    if unread is not None:
        changed, line, batch_id, values, here, stored = unread
        warnings.append(
            f"{plural(changed, rows.word)} already stored with a different {values} only: the"
            f" stored values were kept, and no figure reads a {rows.word}'s {values}"
            f" (line {line}: {escaped(here)} in this file, {escaped(stored)} stored by batch"
            f" {batch_id})"
        )
    return warnings


def _first_changed(
    con: Connection, rows: StoredRows, where: str
) -> tuple[int, int, int, str, str, str] | None:
    """Over the met rows `where` picks: how many, and the first's line, the batch that stored it,
    which values differ across them all, and the first's values in the file and stored."""
    # With the first such row, over them all: how many, and which values differ.
    differ = ", ".join(f"bool_or(m.differs_{column}) OVER ()" for _, column in rows.values)
    first = con.execute(
        f"""SELECT count(*) OVER (), m.line, m.batch_id, {rows.shown.format(t="r")}, m.stored,
            {differ}
        FROM temp.met m JOIN stg.ready_{rows.kind} r ON r.line = m.line WHERE {where}
        ORDER BY m.line LIMIT 1"""
    ).fetchone()
    if first is None:
        return None
    changed, line, batch_id, here, stored, *differing = first
    values = " or ".join(
        name for (name, _), differs in zip(rows.values, differing, strict=True) if differs
    )
    return changed, line, batch_id, values, here, stored


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
            member_id, rows_read, imported, duplicates, rejected, warnings, minutes_only)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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
            committed.minutes_only,
        ],
    )
    con.execute(
        "INSERT INTO rejected_rows SELECT ?, line, reason, raw FROM stg.rejects ORDER BY line",
        [batch_id],
    )
