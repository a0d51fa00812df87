"""Native re-exports that cover more or less of a day: each set is stored once, in its day's workout."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from legdash import db
from legdash.ingest.batches import undo
from legdash.ingest.layout import Options
from legdash.ingest.pipeline import FileResult, import_file

NOW = datetime(2026, 3, 1, 12, 0)
HEADER = "member_id,performed_at,exercise,weight,reps\n"
EVENING = "M1,2026-01-05 18:04,Squat,100,5\nM1,2026-01-05 18:06,Squat,100,5\n"


def run(path: Path, database: Path) -> FileResult:
    return import_file(path, database, options=Options(), now=NOW)


def counts(result: FileResult) -> tuple[int, int, int]:
    return result.imported, result.duplicates, result.rejected


def workouts(database: Path) -> list[tuple]:
    with db.read(database) as con:
        return con.execute(
            "SELECT started_at::VARCHAR, ended_at::VARCHAR FROM workouts ORDER BY started_at"
        ).fetchall()


def sets(database: Path) -> list[tuple]:
    """(time, exercise, workout start, ordinal) of every stored set, by time."""
    with db.read(database) as con:
        return con.execute(
            """SELECT strftime(performed_at, '%H:%M'), exercise_raw,
                strftime(workout_start, '%H:%M'), ordinal, workout_id = min(workout_id) OVER ()
            FROM sets ORDER BY performed_at, set_id"""
        ).fetchall()


def test_an_export_starting_earlier_in_the_day_adds_only_the_earlier_set(write_csv, db_file):
    run(write_csv("a.csv", HEADER + EVENING), db_file)
    earlier = HEADER + "M1,2026-01-05 17:58,Squat,60,5\n" + EVENING
    assert counts(run(write_csv("b.csv", earlier), db_file)) == (1, 2, 0)
    # One workout for the day, from its first set to its last; the squats numbered by time.
    assert workouts(db_file) == [("2026-01-05 17:58:00", "2026-01-05 18:06:00")]
    assert sets(db_file) == [
        ("17:58", "Squat", "17:58", 1, True),
        ("18:04", "Squat", "17:58", 2, True),
        ("18:06", "Squat", "17:58", 3, True),
    ]


def test_an_earlier_set_of_another_exercise_joins_the_days_workout(write_csv, db_file):
    run(write_csv("a.csv", HEADER + EVENING), db_file)
    morning = HEADER + "M1,2026-01-05 07:00,Bench Press,60,5\n" + EVENING
    assert counts(run(write_csv("b.csv", morning), db_file)) == (1, 2, 0)
    assert workouts(db_file) == [("2026-01-05 07:00:00", "2026-01-05 18:06:00")]


def test_an_export_cut_inside_a_workout_is_all_duplicates(write_csv, db_file):
    run(write_csv("a.csv", HEADER + "M1,2026-01-05 18:00,Squat,80,5\n" + EVENING), db_file)
    assert counts(run(write_csv("b.csv", HEADER + EVENING), db_file)) == (0, 2, 0)
    assert len(sets(db_file)) == 3


def test_a_later_set_extends_the_workout_and_undo_takes_it_back(write_csv, db_file):
    first = run(write_csv("a.csv", HEADER + EVENING), db_file)
    later = HEADER + EVENING + "M1,2026-01-05 18:30,Leg Press,100,5\n"
    second = run(write_csv("b.csv", later), db_file)
    assert counts(second) == (1, 2, 0)
    assert workouts(db_file) == [("2026-01-05 18:04:00", "2026-01-05 18:30:00")]
    with db.write(db_file) as con:
        undo(con, second.batch_id)
    assert workouts(db_file) == [("2026-01-05 18:04:00", "2026-01-05 18:06:00")]
    assert all(batch == first.batch_id for (batch,) in _batches(db_file))


def test_undo_of_the_earlier_export_gives_the_workout_back_its_start(write_csv, db_file):
    run(write_csv("a.csv", HEADER + EVENING), db_file)
    earlier = HEADER + "M1,2026-01-05 17:58,Squat,60,5\n" + EVENING
    second = run(write_csv("b.csv", earlier), db_file)
    with db.write(db_file) as con:
        undo(con, second.batch_id)
    assert workouts(db_file) == [("2026-01-05 18:04:00", "2026-01-05 18:06:00")]
    assert sets(db_file) == [
        ("18:04", "Squat", "18:04", 1, True),
        ("18:06", "Squat", "18:04", 2, True),
    ]
    # The same export imports its one new set again.
    assert counts(run(write_csv("b.csv", earlier), db_file)) == (1, 2, 0)


def test_the_hint_to_keep_a_files_values_escapes_the_file_to_import_again(write_csv, db_file):
    both = "M1,2026-01-05 18:04,Squat,100,5\nM2,2026-01-05 18:10,Squat,80,5\n"
    run(write_csv("a\nb.csv", HEADER + both), db_file)
    result = run(write_csv("c.csv", HEADER + "M1,2026-01-05 18:04,Squat,105,5\n"), db_file)
    assert result.warnings[-1].endswith("does not hold: import a\\nb.csv again after this file")


def test_sets_at_one_time_are_matched_one_for_one(write_csv, db_file):
    row = "M1,2026-01-05 18:04,Squat,100,5\n"
    run(write_csv("a.csv", HEADER + row * 2), db_file)
    assert counts(run(write_csv("b.csv", HEADER + row * 3), db_file)) == (1, 2, 0)
    assert counts(run(write_csv("c.csv", HEADER + row * 3), db_file)) == (0, 3, 0)
    assert len(sets(db_file)) == 3


def test_a_changed_set_at_a_known_time_is_a_duplicate_with_a_warning(write_csv, db_file):
    run(write_csv("a.csv", HEADER + EVENING), db_file)
    changed = HEADER + "M1,2026-01-05 17:58,Squat,60,5\n" + EVENING.replace(",100,5\n", ",105,5\n")
    result = run(write_csv("b.csv", changed), db_file)
    assert counts(result) == (1, 2, 0)
    assert [w for w in result.warnings if "different weight" in w] == [
        "line 3: this set is already stored with a different weight or reps; "
        "the stored values were kept",
        "line 4: this set is already stored with a different weight or reps; "
        "the stored values were kept",
    ]
    assert result.warnings[-1] == (
        "if this file's values are the right ones, undo batch 1, which stored the others, "
        "then import this file again"
    )


def test_the_hint_to_keep_a_files_values_names_the_sets_undo_takes_with_the_batch(
    write_csv, db_file
):
    """Undo takes the whole batch: the sets of other members it holds come back only with their
    file, imported again after the corrected one."""
    three = (
        "M1,2026-01-05 18:04,Squat,100,5\nM2,2026-01-05 18:10,Squat,80,5\n"
        "M3,2026-01-05 18:20,Squat,60,5\n"
    )
    first = run(write_csv("a.csv", HEADER + three), db_file)
    corrected = write_csv("b.csv", HEADER + "M1,2026-01-05 18:04,Squat,105,5\n")
    result = run(corrected, db_file)
    assert result.warnings[-1] == (
        "if this file's values are the right ones, undo batch 1, which stored the others, "
        "then import this file again; undoing batch 1 also removes its 2 sets this file does "
        "not hold: import a.csv again after this file"
    )
    with db.write(db_file) as con:
        undo(con, first.batch_id)
    run(corrected, db_file)
    run(write_csv("a.csv", HEADER + three), db_file)
    with db.read(db_file) as con:
        assert con.execute(
            "SELECT member_id, weight_kg FROM sets ORDER BY member_id"
        ).fetchall() == [("M1", 105), ("M2", 80), ("M3", 60)]


def _batches(database: Path) -> list[tuple]:
    with db.read(database) as con:
        return con.execute("SELECT batch_id FROM workouts").fetchall()


KEYED = "member_id,performed_at,exercise,weight,reps,workout_id\n"
TWO_WORKOUTS = (
    KEYED + "M1,2026-01-05 07:00,Squat,100,5,am\nM1,2026-01-05 07:05,Squat,100,5,am\n"
    "M1,2026-01-05 18:00,Bench Press,60,5,pm\nM1,2026-01-05 18:05,Bench Press,60,5,pm\n"
)


def test_a_new_set_goes_on_in_the_workout_holding_its_file_workouts_sets(write_csv, db_file):
    run(write_csv("a.csv", TWO_WORKOUTS), db_file)
    evening = (
        KEYED + "M1,2026-01-05 17:55,Leg Press,100,5,pm\nM1,2026-01-05 18:00,Bench Press,60,5,pm\n"
        "M1,2026-01-05 18:05,Bench Press,60,5,pm\n"
    )
    assert counts(run(write_csv("b.csv", evening), db_file)) == (1, 2, 0)
    assert workouts(db_file) == [
        ("2026-01-05 07:00:00", "2026-01-05 07:05:00"),
        ("2026-01-05 17:55:00", "2026-01-05 18:05:00"),
    ]
    # A workout id of its own, new on a day with workouts: a workout of its own.
    late = KEYED + "M1,2026-01-05 21:00,Deadlift,140,3,late\n"
    assert counts(run(write_csv("c.csv", late), db_file)) == (1, 0, 0)
    assert len(workouts(db_file)) == 3


def test_a_workout_across_midnight_goes_on_in_one_workout(write_csv, db_file):
    night = KEYED + "M1,2026-01-05 23:50,Squat,100,5,w9\nM1,2026-01-06 00:05,Squat,100,5,w9\n"
    run(write_csv("a.csv", night), db_file)
    later = KEYED + "M1,2026-01-06 00:05,Squat,100,5,w9\nM1,2026-01-06 00:25,Leg Press,90,8,w9\n"
    assert counts(run(write_csv("b.csv", later), db_file)) == (1, 1, 0)
    assert workouts(db_file) == [("2026-01-05 23:50:00", "2026-01-06 00:25:00")]


def test_a_set_without_a_time_is_not_a_timed_set_of_its_day(write_csv, db_file):
    mixed = HEADER + "M1,2026-01-05,Squat,100,5\nM1,2026-01-05 18:00,Squat,120,5\n"
    run(write_csv("a.csv", mixed), db_file)
    untimed = HEADER + "M1,2026-01-05,Squat,100,5\nM1,2026-01-05,Squat,110,5\n"
    result = run(write_csv("b.csv", untimed), db_file)
    assert counts(result) == (1, 1, 0)
    assert not [w for w in result.warnings if "different weight" in w]


def test_undoing_both_exports_leaves_no_member_behind(write_csv, db_file):
    first = run(write_csv("a.csv", HEADER + EVENING), db_file)
    later = HEADER + EVENING + "M1,2026-01-05 18:30,Leg Press,100,5\n"
    second = run(write_csv("b.csv", later), db_file)
    with db.write(db_file) as con:
        undo(con, first.batch_id)
        undo(con, second.batch_id)
        assert con.execute("SELECT count(*) FROM members").fetchone()[0] == 0


# A set log with seconds, and the same log after a spreadsheet saved it again without them.
ORIGINAL = (
    "M1,2026-01-05 18:04:10,Squat,100,5\nM1,2026-01-05 18:04:50,Squat,100,5\n"
    "M1,2026-01-05 18:07:31,Squat,100,5\nM1,2026-01-05 18:12:05,Leg Press,150,8\n"
)
RESAVED = re.sub(r"(\d\d:\d\d):\d\d", r"\1", ORIGINAL)
RESAVED_LOCALE = re.sub(r"2026-01-05", "05/01/2026", RESAVED)


def stored(database: Path) -> list[tuple]:
    """Every stored set and workout, exactly: what undo must give back."""
    with db.read(database) as con:
        return con.execute(
            """SELECT s.*, w.started_at, w.ended_at FROM sets s JOIN workouts w USING (workout_id)
            ORDER BY set_id"""
        ).fetchall()


@pytest.mark.parametrize("resaved", [RESAVED, RESAVED_LOCALE], ids=["iso", "day-first"])
def test_a_log_saved_again_without_seconds_is_all_duplicates(write_csv, db_file, resaved):
    run(write_csv("a.csv", HEADER + ORIGINAL), db_file)
    result = run(write_csv("b.csv", HEADER + resaved), db_file)
    assert counts(result) == (0, 4, 0)
    assert result.rows_read == 4
    assert not [w for w in result.warnings if "different weight" in w]


def test_the_log_with_seconds_after_the_one_without_is_all_duplicates(write_csv, db_file):
    run(write_csv("a.csv", HEADER + RESAVED), db_file)
    result = run(write_csv("b.csv", HEADER + ORIGINAL.replace("150,8", "155,8")), db_file)
    assert counts(result) == (0, 4, 0)
    assert [w for w in result.warnings if "different weight" in w] == [
        "line 5: this set is already stored with a different weight or reps; "
        "the stored values were kept"
    ]
    # A duplicate never moves a stored set.
    with db.read(db_file) as con:
        assert con.execute(
            "SELECT strftime(performed_at, '%H:%M:%S'), weight_kg FROM sets ORDER BY set_id"
        ).fetchall() == [
            ("18:04:00", 100),
            ("18:04:00", 100),
            ("18:07:00", 100),
            ("18:12:00", 150),
        ]


# Saved again after two more sets: a third squat in a minute that has two, and a later leg press.
RESAVED_MORE = RESAVED + "M1,2026-01-05 18:04,Squat,100,5\nM1,2026-01-05 18:20,Leg Press,150,8\n"


def test_a_log_saved_again_with_more_sets_adds_only_those(write_csv, db_file):
    run(write_csv("a.csv", HEADER + ORIGINAL), db_file)
    assert counts(run(write_csv("b.csv", HEADER + RESAVED_MORE), db_file)) == (2, 4, 0)
    assert workouts(db_file) == [("2026-01-05 18:04:00", "2026-01-05 18:20:00")]
    with db.read(db_file) as con:
        assert con.execute(
            "SELECT strftime(performed_at, '%H:%M:%S'), exercise_raw FROM sets ORDER BY set_id"
        ).fetchall() == [
            ("18:04:10", "Squat"),
            ("18:04:50", "Squat"),
            ("18:07:31", "Squat"),
            ("18:12:05", "Leg Press"),
            ("18:04:00", "Squat"),
            ("18:20:00", "Leg Press"),
        ]


def test_undo_of_a_log_saved_again_with_more_sets_restores_exactly(write_csv, db_file):
    run(write_csv("a.csv", HEADER + ORIGINAL), db_file)
    before = stored(db_file)
    second = run(write_csv("b.csv", HEADER + RESAVED_MORE), db_file)
    assert counts(second) == (2, 4, 0)
    with db.write(db_file) as con:
        undo(con, second.batch_id)
    assert stored(db_file) == before


@pytest.mark.parametrize("rows, expected", [(2, (0, 2, 0)), (1, (0, 1, 0)), (3, (1, 2, 0))])
def test_distinct_sets_in_one_minute_match_a_minute_file_one_for_one(
    write_csv, db_file, rows, expected
):
    distinct = "M1,2026-01-05 18:04:10,Squat,100,5\nM1,2026-01-05 18:04:50,Squat,100,5\n"
    run(write_csv("a.csv", HEADER + distinct), db_file)
    minute = HEADER + "M1,2026-01-05 18:04,Squat,100,5\n" * rows
    assert counts(run(write_csv("b.csv", minute), db_file)) == expected


def test_a_log_with_seconds_imported_twice_is_all_duplicates(write_csv, db_file):
    whole = ORIGINAL + "M1,2026-01-05 18:15:00,Squat,100,5\n"
    run(write_csv("a.csv", HEADER + whole), db_file)
    assert counts(run(write_csv("b.csv", HEADER + whole), db_file)) == (0, 5, 0)
    assert len(sets(db_file)) == 5


def test_logs_with_seconds_meet_only_at_their_own_times(write_csv, db_file):
    # A set at a whole minute in a file with seconds is a time like any other: a new set in its
    # minute is not it, and it is not a stored set of its minute that this export leaves out.
    run(write_csv("a.csv", HEADER + "M1,2026-01-05 18:04:00,Squat,100,5\n" + ORIGINAL), db_file)
    later = HEADER + "M1,2026-01-05 18:04:30,Squat,100,5\nM1,2026-01-05 18:07:00,Squat,100,5\n"
    assert counts(run(write_csv("b.csv", later), db_file)) == (2, 0, 0)


def test_a_file_with_seconds_counts_as_one_when_only_whole_minutes_were_new(write_csv, db_file):
    # The second file's 18:04:31 was stored already: its one new set, at 18:10:00, still came
    # from a file with seconds, so a later 18:10:20 is a set of its own.
    run(write_csv("a.csv", HEADER + "M1,2026-01-05 18:04:31,Squat,100,5\n"), db_file)
    more = HEADER + "M1,2026-01-05 18:04:31,Squat,100,5\nM1,2026-01-05 18:10:00,Squat,100,5\n"
    assert counts(run(write_csv("b.csv", more), db_file)) == (1, 1, 0)
    later = HEADER + "M1,2026-01-05 18:10:20,Squat,100,5\n"
    assert counts(run(write_csv("c.csv", later), db_file)) == (1, 0, 0)


# One day's squats without times; the second file has the 110 kg set's reps mended.
UNTIMED = "M1,2026-01-05,Squat,100,5\nM1,2026-01-05,Squat,110,{reps}\nM1,2026-01-05,Squat,120,5\n"


def squats(database: Path) -> list[tuple]:
    with db.read(database) as con:
        return con.execute(
            "SELECT weight_kg, ordinal FROM sets WHERE exercise_raw = 'Squat' ORDER BY ordinal"
        ).fetchall()


def test_a_rejected_untimed_set_keeps_its_place_when_its_workout_changes(write_csv, db_file):
    """Untimed sets are found by their number: another file's set on that day (which moves the
    workout's bounds) must not close the gap a rejected row left, or the mended export would
    meet the wrong stored sets."""
    assert counts(run(write_csv("a.csv", HEADER + UNTIMED.format(reps="5x")), db_file)) == (
        2,
        0,
        1,
    )
    run(write_csv("b.csv", HEADER + "M1,2026-01-05,Leg Press,200,10\n"), db_file)
    mended = run(write_csv("c.csv", HEADER + UNTIMED.format(reps=5)), db_file)
    assert counts(mended) == (1, 2, 0)
    assert not [w for w in mended.warnings if "different weight" in w]
    assert squats(db_file) == [(100, 1), (110, 2), (120, 3)]


def test_undo_keeps_the_numbers_of_the_untimed_sets_left(write_csv, db_file):
    """The untimed sets another export added keep their numbers when the first export is undone,
    so that export, imported again, adds just the sets undo took."""
    first = run(write_csv("a.csv", HEADER + UNTIMED.format(reps=5).rsplit("M1", 1)[0]), db_file)
    assert counts(run(write_csv("b.csv", HEADER + UNTIMED.format(reps=5)), db_file)) == (1, 2, 0)
    with db.write(db_file) as con:
        undo(con, first.batch_id)
    again = run(write_csv("b2.csv", HEADER + UNTIMED.format(reps=5)), db_file)
    assert counts(again) == (2, 1, 0)
    assert not [w for w in again.warnings if "different weight" in w]
    assert squats(db_file) == [(100, 1), (110, 2), (120, 3)]


def test_a_set_rejected_for_a_nul_character_keeps_its_place(write_csv, db_file):
    """Its row reads otherwise: deleting the NUL, as the reason says, adds just that set."""
    with_nul = UNTIMED.format(reps=5).replace("110,5", "110,5\x00")
    first = run(write_csv("a.csv", HEADER + with_nul), db_file)
    assert counts(first) == (2, 0, 1)
    mended = run(write_csv("b.csv", HEADER + UNTIMED.format(reps=5)), db_file)
    assert counts(mended) == (1, 2, 0)
    assert not [w for w in mended.warnings if "different weight" in w]
    assert squats(db_file) == [(100, 1), (110, 2), (120, 3)]


# Two squats in one minute, of different weights, and a log holding only the second of them.
PAIR = "M1,2026-01-05 18:04:10,Squat,100,5\nM1,2026-01-05 18:04:40,Squat,105,5\n"
SECOND = PAIR.splitlines(keepends=True)[1]
# The same log with its first squat at a whole minute: in a file with seconds, a time like any other.
PAIR_AT_00 = PAIR.replace("18:04:10", "18:04:00")


def without_seconds(rows: str) -> str:
    return re.sub(r"(\d\d:\d\d):\d\d", r"\1", rows)


def squat_weights(database: Path) -> list[float]:
    with db.read(database) as con:
        return [
            w for (w,) in con.execute("SELECT weight_kg FROM sets ORDER BY weight_kg").fetchall()
        ]


@pytest.mark.parametrize(
    "first, then, expected",
    [
        (SECOND, without_seconds(PAIR), (1, 1, 0)),
        (without_seconds(SECOND), PAIR, (1, 1, 0)),
        (PAIR, without_seconds(SECOND), (0, 1, 0)),
        (without_seconds(PAIR), SECOND, (0, 1, 0)),
        (without_seconds(SECOND), PAIR_AT_00, (1, 1, 0)),
        (PAIR_AT_00, without_seconds(SECOND), (0, 1, 0)),
    ],
    ids=[
        "seconds-then-minutes",
        "minutes-then-seconds",
        "part-in-minutes",
        "part-in-seconds",
        "minutes-then-whole-minute",
        "whole-minute-then-minutes",
    ],
)
def test_a_set_of_a_minute_meets_the_stored_set_of_its_own_weight(
    write_csv, db_file, first, then, expected
):
    """By place in the minute, the second squat alone would meet the first (or, by time, the one
    at 18:04:00): the whole log would then store the 105 kg squat twice and lose the 100 kg one."""
    run(write_csv("a.csv", HEADER + first), db_file)
    result = run(write_csv("b.csv", HEADER + then), db_file)
    assert counts(result) == expected
    assert not [w for w in result.warnings if "different weight" in w]
    assert squat_weights(db_file) == [100, 105]


def test_undo_of_a_part_then_the_whole_log_again_stores_each_set_once(write_csv, db_file):
    part = run(write_csv("a.csv", HEADER + SECOND), db_file)
    run(write_csv("b.csv", HEADER + without_seconds(PAIR)), db_file)
    with db.write(db_file) as con:
        undo(con, part.batch_id)
    again = run(write_csv("c.csv", HEADER + without_seconds(PAIR)), db_file)
    assert counts(again) == (1, 1, 0)
    assert not [w for w in again.warnings if "different weight" in w]
    assert squat_weights(db_file) == [100, 105]


def test_a_set_rejected_for_another_encoding_keeps_its_place(write_csv, db_file):
    """A cp1252 row in a UTF-8 file: fixing its text, as the reason says, adds just that set."""
    text = HEADER.replace("reps", "reps,notes") + UNTIMED.format(reps=5).replace("\n", ",café\n")
    lines = text.splitlines(keepends=True)
    mixed = b"".join(line.encode("cp1252" if "110" in line else "utf-8") for line in lines)
    first = run(write_csv("a.csv", mixed), db_file)
    assert counts(first) == (2, 0, 1) and "not valid UTF-8" in first.rejects[0]["reason"]
    mended = run(write_csv("b.csv", text), db_file)
    assert counts(mended) == (1, 2, 0)
    assert not [w for w in mended.warnings if "different weight" in w]
    assert squats(db_file) == [(100, 1), (110, 2), (120, 3)]


# Three squats of one minute; the first log holds two of them (with seconds or without), the second
# log all three, saved without seconds (or with them), its 110 kg row rejected for its reps.
TWO = "M1,2026-01-05 18:04:10,Squat,100,5\nM1,2026-01-05 18:04:40,Squat,110,5\n"
THREE = (
    "M1,2026-01-05 18:04,Squat,100,5\n"
    "M1,2026-01-05 18:04,Squat,110,5x\n"
    "M1,2026-01-05 18:04,Squat,120,5\n"
)
THREE_SECONDS = (
    "M1,2026-01-05 18:04:10,Squat,100,5\n"
    "M1,2026-01-05 18:04:40,Squat,110,5x\n"
    "M1,2026-01-05 18:04:50,Squat,120,5\n"
)


@pytest.mark.parametrize(
    "first, then",
    [
        (TWO, THREE),
        (without_seconds(TWO), THREE),
        (without_seconds(TWO), THREE_SECONDS),
        # The new set before the rejected one: by place it would meet the stored 110 kg squat.
        (TWO, "".join(THREE.splitlines(keepends=True)[i] for i in (0, 2, 1))),
        # The member ID spelled otherwise, in the rejected row or the whole file: the same member.
        (TWO, THREE.replace("M1,2026-01-05 18:04,Squat,110", "m1,2026-01-05 18:04,Squat,110")),
        (TWO, THREE.replace("M1", "m1")),
    ],
    ids=[
        "seconds-then-minutes",
        "minutes-then-minutes",
        "minutes-then-seconds",
        "new-set-first",
        "rejected-row-in-other-case",
        "file-in-other-case",
    ],
)
def test_a_rejected_row_of_a_minute_keeps_its_stored_set_from_other_rows(
    write_csv, db_file, first, then
):
    """Left out of the pairing, the rejected row's stored set would meet the 120 kg squat by
    place: a false "different weight" warning, and the new squat not stored."""
    run(write_csv("a.csv", HEADER + first), db_file)
    result = run(write_csv("b.csv", HEADER + then), db_file)
    assert counts(result) == (1, 1, 1)
    line = 2 + next(n for n, row in enumerate(then.splitlines()) if "5x" in row)
    assert result.rejects == [{"line": line, "reason": "reps '5x' is not a number"}]
    assert not [w for w in result.warnings if "different weight" in w]
    assert squat_weights(db_file) == [100, 110, 120]
    mended = run(write_csv("c.csv", HEADER + then.replace("5x", "5")), db_file)
    assert counts(mended) == (0, 3, 0)
    assert not [w for w in mended.warnings if "different weight" in w]
    assert squat_weights(db_file) == [100, 110, 120]


def test_the_hint_to_keep_a_files_values_counts_a_set_claimed_by_a_rejected_row(write_csv, db_file):
    """Undoing the batch takes the 110 kg squat too, and this file's rejected row does not bring
    it back: the hint names it with its file."""
    run(write_csv("a.csv", HEADER + TWO), db_file)
    changed = "".join(THREE.splitlines(keepends=True)[:2]).replace("100,5", "100,6")
    result = run(write_csv("b.csv", HEADER + changed), db_file)
    assert counts(result) == (0, 1, 1)
    assert result.warnings[-1].endswith(
        "undoing batch 1 also removes its 1 set this file does not hold:"
        " import a.csv again after this file"
    )


@pytest.mark.parametrize("seconds", [":32", ""])
def test_a_file_with_a_rejected_row_like_a_stored_set_imports_again_as_duplicates(
    write_csv, db_file, seconds
):
    """A row rejected for its text (another encoding) with the values of the next, accepted row at
    the same time: the accepted row keeps its own stored set, so the file imported again stores
    nothing."""
    header = "member_id,performed_at,exercise,weight,reps,set_type,notes\n"
    utf8_row = "M2,2025-11-17 07:10,Squat (Barbell),100,5,normal,série lourde\n"
    path = write_csv("a.csv", "")
    path.write_bytes(
        (header + utf8_row).encode()
        + f"M1,2025-11-17 06:38{seconds},Bench Press (Barbell),80,6,warmup,caf\xe9\n".encode(
            "cp1252"
        )
        + f"M1,2025-11-17 06:38{seconds},Bench Press (Barbell),80,6,normal,\n".encode()
    )
    first = run(path, db_file)
    assert counts(first) == (2, 0, 1)
    again = run(path, db_file)
    assert counts(again) == (0, 2, 1)
    assert not again.warnings or all("different weight" not in w for w in again.warnings)
