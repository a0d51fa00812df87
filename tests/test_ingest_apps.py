"""Strong, Hevy and FitNotes exports: the shared samples with their expected figures, then one small
realistic file per layout variant with exact counts."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from legdash import cli, db
from legdash.ingest.batches import undo
from legdash.ingest.layout import Options
from legdash.ingest.measures import M_PER_MILE
from legdash.ingest.pipeline import import_file
from legdash.ingest.registry import choose
from legdash.ingest.source import UnusableFile
from legdash.ingest.staging import KG_PER_LB

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EXPECTED = json.loads((SAMPLES / "EXPECTED.json").read_text())
NOW = datetime(2026, 3, 1, 12, 0)


def units_for(sample: str) -> list[str]:
    """--units for a sample whose file does not state its weight unit (EXPECTED 'units')."""
    note = EXPECTED[sample]["units"]
    return ["--units", note.rsplit(" ", 1)[1]] if note.startswith("not in file") else []


def run(path: Path, database: Path, fmt: str = "auto", **options: object):
    options.setdefault("member", "M1")
    return import_file(path, database, fmt, Options(**options), now=NOW)  # type: ignore[arg-type]


def figures(database: Path) -> tuple[int, int, float, str, str]:
    """(sets, workouts, volume in kg, first and last workout date) of the live data."""
    with db.read(database) as con:
        return con.execute(
            """SELECT (SELECT count(*) FROM v_sets), count(*),
                (SELECT round(sum(weight_kg * reps), 3) FROM v_sets),
                strftime(min(started_at), '%Y-%m-%d'), strftime(max(started_at), '%Y-%m-%d')
            FROM v_workouts"""
        ).fetchone()


def rows(database: Path, sql: str) -> list[tuple]:
    with db.read(database) as con:
        return con.execute(sql).fetchall()


def cli_import(capsys, database: Path, *args: str) -> tuple[int, dict]:
    code = cli.main(["import", *args, "--db", str(database), "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)["files"][0]


# --- the shared samples -------------------------------------------------------------------------


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_sample_imports_with_expected_figures_and_reimports_as_duplicates(sample, db_file, capsys):
    expected = EXPECTED[sample]
    path = str(SAMPLES / sample)
    code, first = cli_import(capsys, db_file, path, "--member", "M1", *units_for(sample))
    assert code == 0 and first["error"] is None
    assert first["format"] == sample.split("_")[0]
    assert first["imported"] == expected["sets"]
    assert first["rows_read"] == first["imported"] + first["rejected"]
    # The only rows that are not sets are Strong's rest timers.
    assert {r["reason"] for r in first["rejects"]} <= {"a rest timer row, not a set"}
    assert not [w for w in first["warnings"] if "assumed" in w]
    assert figures(db_file) == (
        expected["sets"],
        expected["workouts"],
        expected["volume_kg"],
        expected["first"],
        expected["last"],
    )
    code, again = cli_import(capsys, db_file, path, "--member", "M1", *units_for(sample))
    assert code == 0
    assert (again["imported"], again["duplicates"], again["rejected"]) == (
        0,
        expected["sets"],
        first["rejected"],
    )
    assert figures(db_file)[0] == expected["sets"]
    assert rows(db_file, "SELECT count(*) FROM workout_ends") == [(0,)]  # no end moved


def first_workouts(sample: str, count: int, out: Path) -> int:
    """Write the sample's header and its first `count` workouts to `out`; returns the set rows kept."""
    lines = (SAMPLES / sample).read_text(encoding="utf-8").splitlines(keepends=True)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    parsed = list(csv.reader(lines, delimiter=delimiter))
    key = next(i for i, name in enumerate(parsed[0]) if name in ("Date", "start_time"))
    keep: list[str] = []
    kept = [lines[0]]
    for line, fields in zip(lines[1:], parsed[1:], strict=True):
        if fields[key] not in keep:
            keep.append(fields[key])
        if len(keep) <= count:
            kept.append(line)
    out.write_text("".join(kept), encoding="utf-8")
    return sum(1 for line in kept[1:] if "Rest Timer" not in line)


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_overlapping_reexport_counts_the_overlap_as_duplicates(sample, db_file, tmp_path):
    units = units_for(sample)[1:] or [None]
    partial = tmp_path / f"first-{sample}"
    sets_in_partial = first_workouts(sample, 5, partial)
    early = run(partial, db_file, units=units[0])
    assert early.imported == sets_in_partial > 0
    full = run(SAMPLES / sample, db_file, units=units[0])
    assert (full.imported, full.duplicates) == (
        EXPECTED[sample]["sets"] - sets_in_partial,
        sets_in_partial,
    )
    assert full.rows_read == full.imported + full.duplicates + full.rejected
    assert figures(db_file)[:2] == (EXPECTED[sample]["sets"], EXPECTED[sample]["workouts"])


def with_first_set_unreadable(sample: str, out: Path) -> int:
    """Write the sample to `out` with the reps of a set made unreadable ("8x"): the first set
    followed in its exercise by one of another weight or reps. Returns that row's line number."""
    lines = (SAMPLES / sample).read_text(encoding="utf-8").splitlines(keepends=True)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    parsed = list(csv.reader(lines, delimiter=delimiter))
    names = [name.lower() for name in parsed[0]]
    reps = names.index("reps")
    exercise = next(i for i, name in enumerate(names) if name.startswith("exercise"))
    weight = next(i for i, name in enumerate(names) if re.match(r"weight(?! unit)", name))
    number = next(
        n
        for n, (fields, after) in enumerate(itertools.pairwise(parsed[1:]), 2)
        if fields[reps].isdigit()
        and after[exercise] == fields[exercise]
        and (after[reps], after[weight]) != (fields[reps], fields[weight])
    )
    fields = parsed[number - 1]
    fields[reps] += "x"
    broken = io.StringIO()
    csv.writer(broken, delimiter=delimiter, lineterminator=lines[number - 1][-1]).writerow(fields)
    lines[number - 1] = broken.getvalue()
    out.write_text("".join(lines), encoding="utf-8")
    return number


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_a_rejected_set_keeps_its_place_for_the_corrected_export(sample, db_file, tmp_path):
    """A set rejected in one export and read in the next is the one new set: the sets after it
    in its exercise keep their place, so they are duplicates and nothing else is stored."""
    units = units_for(sample)[1:] or [None]
    broken = tmp_path / f"broken-{sample}"
    line = with_first_set_unreadable(sample, broken)
    first = run(broken, db_file, units=units[0])
    assert [r for r in first.rejects if r["line"] == line]
    assert first.imported == EXPECTED[sample]["sets"] - 1
    corrected = run(SAMPLES / sample, db_file, units=units[0])
    assert (corrected.imported, corrected.duplicates) == (1, EXPECTED[sample]["sets"] - 1)
    assert not [w for w in corrected.warnings if "stored values were kept" in w]
    expected = EXPECTED[sample]
    assert figures(db_file) == (
        expected["sets"],
        expected["workouts"],
        pytest.approx(expected["volume_kg"], abs=0.01),
        expected["first"],
        expected["last"],
    )


def stored_workouts(database: Path) -> list[list[tuple]]:
    """Every row of the workouts, their sets and the ends files gave them."""
    return [
        rows(database, f"SELECT * FROM {table} ORDER BY ALL")
        for table in ("workouts", "sets", "workout_ends", "members")
    ]


def undo_batch(database: Path, batch_id: int) -> None:
    with db.write(database) as con:
        undo(con, batch_id)


def cut_export(full: Path, out: Path, drop_last: int, end: tuple[str, str] | None) -> None:
    """An earlier export of `full`'s workout: without its last sets, and with the end text
    `end[0]` (Hevy's end time, Strong's duration) written as `end[1]`."""
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(lines[:-drop_last])
    out.write_text(text.replace(*end) if end else text, encoding="utf-8")


LATER_EXPORTS = [
    ("hevy_kg.csv", ("16:52", "16:20"), datetime(2025, 9, 3, 16, 20), datetime(2025, 9, 3, 16, 52)),
    (
        "strong_no_unit_kg.csv",
        ("1h 13m", "40m"),
        datetime(2025, 9, 4, 9, 14),
        datetime(2025, 9, 4, 9, 47),
    ),
]


@pytest.mark.parametrize("sample, end, first_end, later_end", LATER_EXPORTS)
def test_a_later_export_of_a_stored_workout_moves_its_end_and_undo_moves_it_back(
    sample, end, first_end, later_end, db_file, tmp_path
):
    units = units_for(sample)[1:] or [None]
    later, first = tmp_path / "later.csv", tmp_path / "first.csv"
    sets = first_workouts(sample, 1, later)
    cut_export(later, first, 3, end)
    assert run(first, db_file, units=units[0]).imported == sets - 3
    assert rows(db_file, "SELECT ended_at FROM v_workouts") == [(first_end,)]
    before = stored_workouts(db_file)

    result = run(later, db_file, units=units[0])
    assert (result.imported, result.duplicates) == (3, sets - 3)
    assert figures(db_file)[:2] == (sets, 1)
    assert rows(db_file, "SELECT ended_at FROM v_workouts") == [(later_end,)]

    undo_batch(db_file, result.batch_id)
    assert rows(db_file, "SELECT ended_at FROM v_workouts") == [(first_end,)]
    assert stored_workouts(db_file) == before

    again = run(later, db_file, units=units[0])
    assert (again.imported, again.duplicates) == (3, sets - 3)
    assert figures(db_file)[:2] == (sets, 1)
    assert rows(db_file, "SELECT ended_at FROM v_workouts") == [(later_end,)]


@pytest.mark.parametrize("sample, end, first_end, later_end", LATER_EXPORTS)
def test_a_later_end_of_stored_sets_alone_moves_the_end_and_undo_moves_it_back(
    sample, end, first_end, later_end, db_file, tmp_path
):
    """An export made after the last set was logged, before the workout was finished: the next
    export holds the same sets and a later end."""
    units = units_for(sample)[1:] or [None]
    later, first = tmp_path / "later.csv", tmp_path / "first.csv"
    sets = first_workouts(sample, 1, later)
    first.write_text(later.read_text(encoding="utf-8").replace(*end), encoding="utf-8")
    assert run(first, db_file, units=units[0]).imported == sets
    before = stored_workouts(db_file)

    result = run(later, db_file, units=units[0])
    assert (result.imported, result.duplicates) == (0, sets)
    assert rows(db_file, "SELECT ended_at FROM v_workouts") == [(later_end,)]
    assert rows(db_file, "SELECT imported FROM v_import_batches ORDER BY batch_id") == [
        (sets,),
        (0,),
    ]

    undo_batch(db_file, result.batch_id)
    assert rows(db_file, "SELECT ended_at FROM v_workouts") == [(first_end,)]
    assert stored_workouts(db_file) == before


def test_undoing_the_export_that_made_a_workout_forgets_the_ends_of_its_re_exports(
    db_file, tmp_path
):
    """Two re-exports hold only the first export's sets, with later ends: undoing the first
    takes the workout, and with it the ends they gave it."""
    full, first, later = tmp_path / "full.csv", tmp_path / "first.csv", tmp_path / "later.csv"
    first_workouts("hevy_kg.csv", 1, full)
    text = full.read_text()
    first.write_text(text.replace("16:52", "16:20"))
    later.write_text(text.replace("16:52", "17:05"))
    batches = [run(path, db_file).batch_id for path in (first, full, later)]
    assert rows(db_file, "SELECT ended_at FROM v_workouts") == [(datetime(2025, 9, 3, 17, 5),)]
    undo_batch(db_file, batches[0])
    assert stored_workouts(db_file) == [[], [], [], []]


def test_only_native_batches_note_whether_their_sets_carry_minutes_only(db_file, write_csv):
    """A native set is known by its time, at the minute when a file carries minutes only; an app
    export's set is known by its place in its workout, so its batch notes nothing (NULL)."""
    run(SAMPLES / "hevy_kg.csv", db_file)
    native = "member_id,performed_at,exercise,weight,reps\nM2,2026-01-05 18:04{},Squat,100,5\n"
    for seconds in ("", ":31"):
        run(write_csv(f"native{seconds[1:]}.csv", native.format(seconds)), db_file)
    assert rows(db_file, "SELECT source_format, minutes_only FROM import_batches ORDER BY ALL") == [
        ("hevy", None),
        ("native", False),
        ("native", True),
    ]


def test_undoing_exports_of_one_workout_in_any_order_leaves_the_latest_end_of_those_left(
    db_file, tmp_path
):
    """Three exports of a workout that went on: 9 sets to 16:20, 12 sets to 16:52, and one
    more set with an end of 16:40 (the phone's clock was corrected)."""
    full, first, third = tmp_path / "full.csv", tmp_path / "first.csv", tmp_path / "third.csv"
    first_workouts("hevy_kg.csv", 1, full)
    cut_export(full, first, 3, ("16:52", "16:20"))
    corrected = full.read_text().replace("16:52", "16:40")
    third.write_text(corrected + corrected.splitlines()[-1].replace(",0,", ",1,") + "\n")
    batches = [run(path, db_file).batch_id for path in (first, full, third)]
    ended_at = "SELECT ended_at FROM v_workouts"
    assert rows(db_file, ended_at) == [(datetime(2025, 9, 3, 16, 52),)]

    undo_batch(db_file, batches[1])
    assert rows(db_file, ended_at) == [(datetime(2025, 9, 3, 16, 40),)]
    undo_batch(db_file, batches[0])  # the workout stays, the third export's now
    assert rows(db_file, ended_at) == [(datetime(2025, 9, 3, 16, 40),)]
    assert rows(db_file, "SELECT batch_id, count(*) FROM v_sets GROUP BY ALL") == [(batches[2], 1)]
    assert rows(db_file, "SELECT count(*) FROM workout_ends") == [(0,)]


def sample_ending_at(end: str, out: Path) -> Path:
    """hevy_kg.csv with its 3 Sep workout ending at `end` instead of 16:52."""
    text = (SAMPLES / "hevy_kg.csv").read_text(encoding="utf-8")
    out.write_text(text.replace("3 Sep 2025, 16:52", f"3 Sep 2025, {end}"), encoding="utf-8")
    return out


FIRST_WORKOUT_END = (
    "SELECT strftime(ended_at, '%H:%M') FROM v_workouts WHERE started_at < '2025-09-04'"
)


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_workout_ends_at_the_latest_end_its_live_exports_give_after_each_undo(
    order, db_file, tmp_path
):
    """The sample, then two re-exports of it holding only its sets, the first with a later end
    (17:30) than the second (17:10): every undo leaves the latest end of the exports left, and
    no workout once the sample, which made it, is undone."""
    ends = ["16:52", "17:30", "17:10"]
    batches = [
        run(sample_ending_at(end, tmp_path / f"export{n}.csv"), db_file).batch_id
        for n, end in enumerate(ends)
    ]
    assert rows(db_file, FIRST_WORKOUT_END) == [("17:30",)]
    live = set(range(3))
    for undone in order:
        undo_batch(db_file, batches[undone])
        live.discard(undone)
        expected = [(max(ends[i] for i in live),)] if 0 in live else []
        assert rows(db_file, FIRST_WORKOUT_END) == expected
    assert rows(db_file, "SELECT count(*) FROM workout_ends") == [(0,)]


def test_samples_need_a_member_and_leave_the_database_untouched(db_file, capsys):
    code = cli.main(["import", str(SAMPLES / "hevy_kg.csv"), "--db", str(db_file)])
    assert code == 2
    err = capsys.readouterr().err
    assert "--member" in err and "Traceback" not in err
    assert not db_file.exists()


# --- Strong variants ----------------------------------------------------------------------------


def test_strong_kg_and_km_columns(write_csv, db_file):
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes,Workout Notes\n"
        "2025-11-03 18:00:00,Leg Day,Squat (Barbell),1,100,5,0,0,,\n"
        "2025-11-03 18:00:00,Leg Day,Squat (Barbell),2,100,5,0,0,,\n"
        '2025-11-03 18:00:00,Leg Day,Squat (Barbell),3,102.5,4,0,0,"felt heavy",\n'
        "2025-11-03 18:00:00,Leg Day,Treadmill,1,0,0,2.5,900,,\n"
        "2025-11-05 07:30:00,Pull,Deadlift (Barbell),1,140,3,0,0,,\n",
    )
    result = run(path, db_file)
    assert (result.format, result.imported, result.rejected, result.warnings) == (
        "strong",
        5,
        0,
        [],
    )
    assert figures(db_file) == (5, 2, 1830.0, "2025-11-03", "2025-11-05")
    assert rows(
        db_file, "SELECT distance_m, duration_s FROM v_sets WHERE exercise = 'Treadmill'"
    ) == [(2500.0, 900.0)]
    assert rows(db_file, "SELECT notes FROM v_sets WHERE notes IS NOT NULL") == [("felt heavy",)]


def test_strong_lbs_and_mi_columns(write_csv, db_file):
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,lbs,Reps,mi,Seconds,Notes,Workout Notes\n"
        "2025-11-03 18:00:00,Legs,Squat (Barbell),1,225,5,0,0,,\n"
        "2025-11-03 18:00:00,Legs,Squat (Barbell),2,225,5,0,0,,\n"
        "2025-11-03 18:00:00,Legs,Treadmill,1,0,0,1.5,720,,\n",
    )
    result = run(path, db_file)
    assert (result.imported, result.warnings) == (3, [])
    assert figures(db_file) == (3, 1, round(2250 * KG_PER_LB, 3), "2025-11-03", "2025-11-03")
    assert rows(db_file, "SELECT distance_m FROM v_sets WHERE distance_m > 0") == [
        (pytest.approx(1.5 * M_PER_MILE),)
    ]


def test_strong_duration_and_rpe_layout_spreads_sets_over_the_workout(write_csv, db_file):
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2025-11-03 18:00:00,Legs,56m,Squat (Barbell),1,100,5,0,0,,,7\n"
        "2025-11-03 18:00:00,Legs,56m,Squat (Barbell),2,100,5,0,0,,,8\n"
        "2025-11-03 18:00:00,Legs,56m,Squat (Barbell),3,100,5,0,0,,,8.5\n"
        "2025-11-03 18:00:00,Legs,56m,Leg Press (Machine),1,200,10,0,0,,,\n"
        "2025-11-05 07:00:00,Pull,1h 5m,Deadlift (Barbell),1,140,3,0,0,,,9\n"
        "2025-11-07 12:00:00,Quick,21min,Hip Thrust (Barbell),1,120,8,0,0,,,\n"
        "2025-11-07 12:00:00,Quick,21min,Hip Thrust (Barbell),2,120,8,0,0,,,\n"
        "2025-11-09 12:00:00,Odd,soon,Hip Thrust (Barbell),1,120,8,0,0,,,\n"
        "2025-11-09 12:00:00,Odd,soon,Hip Thrust (Barbell),2,120,8,0,0,,,\n",
    )
    result = run(path, db_file, units="kg")
    assert (result.imported, result.rejected) == (9, 0)
    assert result.warnings == [
        "1 workout duration(s) could not be read (e.g. 'soon'): their sets are placed 90 s apart"
    ]
    start = datetime(2025, 11, 3, 18, 0)
    assert rows(
        db_file,
        "SELECT performed_at FROM v_sets WHERE workout_start = '2025-11-03 18:00' ORDER BY set_id",
    ) == [(start + timedelta(minutes=14 * i),) for i in range(4)]
    assert rows(db_file, "SELECT ended_at FROM v_workouts ORDER BY started_at") == [
        (start + timedelta(minutes=56),),
        (datetime(2025, 11, 5, 8, 5),),
        (datetime(2025, 11, 7, 12, 21),),
        (datetime(2025, 11, 9, 12, 1, 30),),
    ]
    assert rows(db_file, "SELECT rpe FROM v_sets WHERE rpe IS NOT NULL ORDER BY set_id") == [
        (7.0,),
        (8.0,),
        (8.5,),
        (9.0,),
    ]


def test_strong_set_order_from_zero_letters_and_rows_that_are_not_sets(write_csv, db_file):
    header = (
        '"Workout #","Date","Workout Name","Duration (sec)","Exercise Name","Set Order",'
        '"Weight (kg)","Reps","RPE","Distance (km)","Seconds","Notes","Workout Notes"\n'
    )
    row = '"1","2025-11-10 17:00:00","Legs","3600","{}","{}","{}","{}","","{}","{}","{}",""\n'
    path = write_csv(
        "strong.csv",
        header
        + row.format("Squat (Barbell)", "W", "60", "5", "", "", "")
        + row.format("Squat (Barbell)", "0", "100", "5", "", "", "")
        + row.format("Squat (Barbell)", "Rest Timer", "", "", "", "180", "")
        + row.format("Squat (Barbell)", "1", "100", "5", "", "", "")
        + row.format("Squat (Barbell)", "F", "100", "3", "", "", "")
        + row.format("Squat (Barbell)", "D", "80", "8", "", "", "")
        + row.format("Squat (Barbell)", "Note", "", "", "", "", "knees fine")
        + row.format("Rowing (Machine)", "0", "", "", "2", "480", "")
        + row.format("Squat (Barbell)", "X", "100", "5", "", "", ""),
    )
    result = run(path, db_file)
    assert (result.rows_read, result.imported, result.rejected) == (9, 6, 3)
    assert result.rejects == [  # the mistake first
        {"line": 10, "reason": "Set Order 'X' is not a set number or W, D, F"},
        {"line": 4, "reason": "a rest timer row, not a set"},
        {"line": 8, "reason": "a note row, not a set"},
    ]
    assert result.not_sets == {"rest timer": 1, "note": 1}
    assert figures(db_file) == (6, 1, 2240.0, "2025-11-10", "2025-11-10")
    assert rows(
        db_file,
        "SELECT ordinal, set_type, weight_kg FROM v_sets WHERE exercise = 'Back Squat' ORDER BY ordinal",
    ) == [(1, "warmup", 60.0), (2, "normal", 100.0), (3, "normal", 100.0), (4, "failure", 100.0),
          (5, "dropset", 80.0)]  # fmt: skip
    assert rows(db_file, "SELECT distance_m, duration_s FROM v_sets WHERE reps IS NULL") == [
        (2000.0, 480.0)
    ]


MISREAD_ROWS = {
    # format: (a set, a name with an unquoted delimiter, a set, a note over two lines)
    "strong": (
        "2025-09-03 15:42:00,A,Squat (Barbell),1,100,5,0,0,,\n",
        "2025-09-03 15:42:00,A,{},2,100,5,0,0,,\n",
        "2025-09-03 15:42:00,A,Squat (Barbell),3,110,5,0,0,,\n",
        '2025-09-03 15:42:00,A,Bench Press (Barbell),1,60,5,0,0,"felt\nheavy",\n',
    ),
    "hevy": (
        '"A";"3 Sep 2025, 15:42";"";"";"Squat (Barbell)";;"";0;"normal";100;5;;;\n',
        '"A";"3 Sep 2025, 15:42";"";"";{};;"";1;"normal";100;5;;;\n',
        '"A";"3 Sep 2025, 15:42";"";"";"Squat (Barbell)";;"";2;"normal";110;5;;;\n',
        '"A";"3 Sep 2025, 15:42";"";"";"Bench Press (Barbell)";;"felt\nheavy";0;"normal";60;5;;;\n',
    ),
}


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
@pytest.mark.parametrize("note_over_two_lines", [False, True])  # the fast reader, or Python's
def test_a_name_with_an_unquoted_delimiter_before_empty_columns_is_a_field_count_reject(
    fmt, note_over_two_lines, write_csv, db_file
):
    """The row has a field more than the header, the last one empty: trailing delimiters only if
    the rest lines up, and here Set Order (Hevy's weight) holds the end of the name. Either
    reader says so, and the row holds no place among the sets of the name's first part: the
    export with the name quoted adds just that set."""
    header, delimiter = (STRONG_HEADER, ",") if fmt == "strong" else (HEVY_HEADER, ";")
    first, broken, later, multi_line = MISREAD_ROWS[fmt]
    name = f"Squat (Barbell){delimiter} paused"
    sets = [first, broken, later, multi_line if note_over_two_lines else ""]
    text = header + "".join(sets)
    result = run(write_csv(f"comma-{fmt}.csv", text.format(name)), db_file, **units(fmt))
    width = header.count(delimiter) + 1
    assert result.rejects == [
        {
            "line": 3,
            "reason": f"has {width + 1} fields where the header has {width}"
            " (an unquoted delimiter inside a name or note?)",
        }
    ]
    mended = run(write_csv(f"quoted-{fmt}.csv", text.format(f'"{name}"')), db_file, **units(fmt))
    assert (mended.imported, mended.duplicates) == (1, result.imported)


def test_strong_12_hour_dates_with_no_break_spaces(write_csv, db_file):
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n"
        '"Nov 3, 2025, 6:05\u202fPM",Legs,Squat (Barbell),1,100,5,0,0,,\n'
        '"Nov 3, 2025, 6:05\u202fPM",Legs,Squat (Barbell),2,100,5,0,0,,\n'
        "2025-11-05 7:30\u00a0AM,Pull,Deadlift (Barbell),1,140,3,0,0,,\n"
        "2025-11-06 12:15 AM,Late,Deadlift (Barbell),1,140,3,0,0,,\n",
    )
    result = run(path, db_file, units="kg")
    assert (result.imported, result.rejected) == (4, 0)
    assert rows(db_file, "SELECT started_at FROM v_workouts ORDER BY started_at") == [
        (datetime(2025, 11, 3, 18, 5),),
        (datetime(2025, 11, 5, 7, 30),),
        (datetime(2025, 11, 6, 0, 15),),
    ]


def test_strong_plain_weight_follows_units_or_assumes_kg_with_a_warning(write_csv, db_file):
    content = (
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n"
        "2025-11-03 18:00:00,Legs,Squat (Barbell),1,100,5,0,0,,\n"
    )
    assumed = run(write_csv("a.csv", content), db_file)
    assert assumed.warnings == [
        "the file does not say the weight unit: assumed kg (use --units lb)"
    ]
    pounds = run(write_csv("b.csv", content), db_file, member="M2", units="lb")
    assert pounds.warnings == []
    assert rows(db_file, "SELECT member_id, weight_kg FROM v_sets ORDER BY member_id") == [
        ("M1", 100.0),
        ("M2", pytest.approx(100 * KG_PER_LB)),
    ]


@pytest.mark.parametrize("weight, date", [("", "2025-11-03 18:00:00"), ("100", "not a date")])
def test_strong_plain_weight_without_an_imported_weight_assumes_no_unit(
    weight, date, write_csv, db_file
):
    """A plain Weight that no imported row has a value in was read in no unit."""
    content = (
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n"
        f"{date},Legs,Pull Up,1,{weight},5,0,0,,\n"
    )
    assert run(write_csv("a.csv", content), db_file).warnings == []


def test_strong_semicolon_with_unit_columns(write_csv, db_file):
    path = write_csv(
        "strong.csv",
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
        "2025-11-03 18:00:00;Legs;Squat (Barbell);1;100;kg;5;;;;0;;\n"
        "2025-11-03 18:00:00;Legs;Squat (Barbell);2;225;lbs;5;;;;0;;\n"
        "2025-11-03 18:00:00;Legs;Squat (Barbell);3;16;stone;5;;;;0;;\n"
        "2025-11-03 18:00:00;Legs;Rowing (Machine);1;;;;;1000;m;240;;\n"
        "2025-11-03 18:00:00;Legs;Rowing (Machine);2;;;;;1;mi;480;;\n",
    )
    result = run(path, db_file)
    assert (result.imported, result.rejected, result.warnings) == (4, 1, [])
    assert result.rejects == [
        {"line": 4, "reason": "Weight Unit 'stone' is not a unit legdash knows"}
    ]
    assert rows(db_file, "SELECT weight_kg, distance_m FROM v_sets ORDER BY set_id") == [
        (100.0, None),
        (pytest.approx(225 * KG_PER_LB), None),
        (None, 1000.0),
        (None, pytest.approx(M_PER_MILE)),
    ]


STRONG_DECIMAL_COMMA = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes\n"
    "2025-11-03 18:00:00;Legs;Squat (Barbell);1;102,5;kg;5;;;;0;;\n"
    "2025-11-03 18:00:00;Legs;Squat (Barbell);2;1.025;kg;5;;;;0;;\n"
    "2025-11-03 18:00:00;Legs;Rowing (Machine);1;;;;;1.500;m;420;;\n"
    "2025-11-03 18:00:00;Legs;Rowing (Machine);2;;;;;2.5;km;600;;\n"
)


def test_strong_with_decimal_commas_rejects_a_dot_that_may_separate_thousands(write_csv, db_file):
    result = run(write_csv("strong.csv", STRONG_DECIMAL_COMMA), db_file)
    comma = "this file writes decimals with a comma"
    assert (result.imported, result.rejects) == (
        2,
        [
            {"line": 3, "reason": f"Weight '1.025' could be 1.025 or 1,025: {comma}"},
            {"line": 4, "reason": f"Distance '1.500' could be 1.5 or 1,500: {comma}"},
        ],
    )
    assert rows(db_file, "SELECT weight_kg, distance_m FROM v_sets ORDER BY set_id") == [
        (102.5, None),
        (None, 2500.0),
    ]


def test_strong_with_decimal_points_reads_a_dot_and_three_digits_as_decimals(write_csv, db_file):
    result = run(write_csv("strong.csv", STRONG_DECIMAL_COMMA.replace("102,5", "102.5")), db_file)
    assert (result.imported, result.rejected) == (4, 0)
    assert rows(db_file, "SELECT weight_kg, distance_m FROM v_sets ORDER BY set_id") == [
        (102.5, None),
        (1.025, None),
        (None, 1.5),
        (None, 2500.0),
    ]


# --- Hevy variants ------------------------------------------------------------------------------

HEVY_NO_SUPERSET = (
    "title,start_time,end_time,description,exercise_title,exercise_notes,set_index,set_type,"
    "weight_lbs,reps,distance_miles,duration_seconds,rpe\n"
)


def test_hevy_pounds_miles_12_hour_clock_and_no_superset_column(write_csv, db_file):
    start, end = '"Apr 7, 2025, 10:14\u202fAM"', '"Apr 7, 2025, 11:14\u202fAM"'
    path = write_csv(
        "hevy.csv",
        HEVY_NO_SUPERSET
        + f'Push,{start},{end},,"Bench Press (Barbell)",,0,warmup,95,10,,,\n'
        + f'Push,{start},{end},,"Bench Press (Barbell)","paused",1,normal,185,5,,,8\n'
        + f'Push,{start},{end},,"Bench Press (Barbell)",,2,failure,185,3,,,10\n'
        + f'Push,{start},{end},,"Bench Press (Barbell)",,3,dropset,135,8,,,\n'
        + f"Push,{start},{end},,Treadmill,,0,normal,,,1.2,600,\n"
        + f'Push,{start},{end},,"Bench Press (Barbell)",,4,myo,135,8,,,\n',
    )
    result = run(path, db_file)
    assert (result.format, result.imported, result.rejected, result.warnings) == (
        "hevy",
        5,
        1,
        [],
    )
    assert result.rejects == [
        {"line": 7, "reason": "set_type 'myo' is not normal, warmup, dropset or failure"}
    ]
    assert figures(db_file) == (5, 1, round(3510 * KG_PER_LB, 3), "2025-04-07", "2025-04-07")
    begin = datetime(2025, 4, 7, 10, 14)
    assert rows(db_file, "SELECT performed_at, set_type FROM v_sets ORDER BY set_id") == [
        (begin, "warmup"),
        (begin + timedelta(minutes=12), "normal"),
        (begin + timedelta(minutes=24), "failure"),
        (begin + timedelta(minutes=36), "dropset"),
        (begin + timedelta(minutes=48), "normal"),
    ]
    assert rows(db_file, "SELECT distance_m, duration_s FROM v_sets WHERE reps IS NULL") == [
        (pytest.approx(1.2 * M_PER_MILE), 600.0)
    ]


HEVY_HEADER = (
    "title;start_time;end_time;description;exercise_title;superset_id;exercise_notes;set_index;"
    "set_type;weight_kg;reps;distance_km;duration_seconds;rpe\n"
)
LANGUAGES = {
    # language: (first start, first end, second start, second end, squat name, deadlift name)
    "es": ("7 mar 2025, 10:14", "7 mar 2025, 11:00", "12 dic 2025, 18:00", "12 dic 2025, 19:05",
           "Sentadilla (Barra)", "Peso Muerto"),
    "de": ("7. März 2025, 10:14", "7. März 2025, 11:00", "12. Dez. 2025, 18:00",
           "12. Dez. 2025, 19:05", "Kniebeuge", "Kreuzheben (Langhantel)"),
    "fr": ("7 févr. 2025, 10:14", "7 févr. 2025, 11:00", "12 déc. 2025, 18:00",
           "12 déc. 2025, 19:05", "Squat (Barre)", "Soulevé de terre"),
    "it": ("7 mag 2025, 10:14", "7 mag 2025, 11:00", "12 dic 2025, 18:00", "12 dic 2025, 19:05",
           "Squat con Bilanciere", "Stacco"),
    "pt": ("7 Fev 2025, 10:14", "7 Fev 2025, 11:00", "12 Dez 2025, 18:00", "12 Dez 2025, 19:05",
           "Agachamento", "Levantamento Terra"),
}  # fmt: skip
FIRST_DAYS = {"es": "2025-03-07", "de": "2025-03-07", "fr": "2025-02-07", "it": "2025-05-07",
              "pt": "2025-02-07"}  # fmt: skip


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_hevy_month_names_and_exercise_names_in_the_phones_language(language, write_csv, db_file):
    start1, end1, start2, end2, squat, deadlift = LANGUAGES[language]
    path = write_csv(
        f"hevy-{language}.csv",
        HEVY_HEADER
        + f'"Pierna";"{start1}";"{end1}";"";"{squat}";;"";0;"warmup";40;8;;;\n'
        + f'"Pierna";"{start1}";"{end1}";"";"{squat}";1;"";1;"normal";100;5;;;8\n'
        + f'"Pierna";"{start1}";"{end1}";"";"{squat}";1;"";2;"normal";100,5;5;;;\n'
        + f'"Tirón";"{start2}";"{end2}";"";"{deadlift}";;"";0;"normal";140;3;;;\n',
    )
    result = run(path, db_file)
    assert (result.format, result.imported, result.rejected, result.warnings) == (
        "hevy",
        4,
        0,
        [],
    )
    assert figures(db_file) == (4, 2, 320 + 500 + 502.5 + 420, FIRST_DAYS[language], "2025-12-12")
    assert rows(db_file, "SELECT exercise, count(*) FROM v_sets GROUP BY 1 ORDER BY 1") == [
        ("Back Squat", 3),
        ("Deadlift", 1),
    ]
    assert rows(db_file, "SELECT ended_at FROM v_workouts WHERE title = 'Tirón'") == [
        (datetime(2025, 12, 12, 19, 5),)
    ]


def test_hevy_unreadable_start_is_rejected_and_unreadable_end_warned(write_csv, db_file):
    path = write_csv(
        "hevy.csv",
        HEVY_HEADER
        + '"A";"7 Apr 2025, 10:14";"later";"";"Squat (Barbell)";;"";0;"normal";100;5;;;\n'
        + '"A";"7 Apr 2025, 10:14";"later";"";"Squat (Barbell)";;"";1;"normal";100;5;;;\n'
        + '"B";"7 Avocado 2025, 10:14";"";"";"Squat (Barbell)";;"";0;"normal";100;5;;;\n',
    )
    result = run(path, db_file)
    assert (result.imported, result.rejected) == (2, 1)
    assert result.rejects[0]["line"] == 4
    assert result.rejects[0]["reason"].startswith(
        "start_time '7 Avocado 2025, 10:14' is not a date"
    )
    assert result.warnings == [
        "1 workout end time(s) could not be read (e.g. 'later'): their sets are placed 90 s apart"
    ]
    assert rows(db_file, "SELECT performed_at FROM v_sets ORDER BY set_id") == [
        (datetime(2025, 4, 7, 10, 14),),
        (datetime(2025, 4, 7, 10, 15, 30),),
    ]


def test_strong_rest_timers_are_summed_up_after_the_real_mistake(tmp_path, db_file, capsys):
    """42 rest timers listed one by one would hide the one typo in the weight."""
    lines = (SAMPLES / "strong_quoted_unit_in_header.csv").read_text().splitlines(keepends=True)
    assert lines[149].split(",")[6] == '"37.5"'
    lines[149] = lines[149].replace('"37.5"', '"8O"')
    path = tmp_path / "strong.csv"
    path.write_text("".join(lines))
    code, result = cli_import(capsys, db_file, str(path), "--member", "M1")
    assert (code, result["rejected"], result["not_sets"]) == (0, 43, {"rest timer": 42})
    assert result["rejects"][0] == {"line": 150, "reason": "Weight (kg) '8O' is not a number"}
    assert {r["reason"] for r in result["rejects"][1:]} == {"a rest timer row, not a set"}
    assert [r["line"] for r in result["rejects"][1:]] == sorted(
        r["line"] for r in result["rejects"][1:]
    )
    undo_batch(db_file, 1)
    assert cli.main(["import", str(path), "--member", "M1", "--db", str(db_file)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  line 150: Weight (kg) '8O' is not a number",
        f"  rejected as not sets: 42 rest timer rows (`python -m legdash rejects 2 --db {db_file}`"
        " lists them)",
    ]
    assert cli.main(["rejects", "2", "--db", str(db_file)]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1 + 43  # header and every row


def test_a_rest_timer_row_holding_a_nul_character_stays_a_rest_timer(write_csv, db_file):
    """It holds no place among its exercise's sets, with the NUL or without: the sets after it
    meet their own sets in the export with the NUL deleted."""
    sets = [(SQUAT, 0, 100, "5"), (SQUAT, "Rest Timer", "", ""), (SQUAT, 1, 110, "5")]
    clean = app_export("strong", [("A", 3, sets)])
    with_nul = write_csv("nul.csv", clean.replace("Rest Timer,,,0,0,,", "Rest Timer,,,0,0,a\x00,"))
    first = run(with_nul, db_file, units="kg")
    assert (first.imported, first.not_sets) == (2, {"rest timer": 1})
    mended = run(write_csv("mended.csv", clean), db_file, units="kg")
    assert (mended.imported, mended.duplicates, mended.not_sets) == (0, 2, {"rest timer": 1})
    assert not [w for w in mended.warnings if "stored values were kept" in w]


def test_rejected_rows_warn_of_nothing(write_csv, db_file):
    """A header repeated mid-file is rejected; its 'Duration' is no unreadable duration, and a
    rejected row's distance needs no unit."""
    header = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
    )
    path = write_csv(
        "strong.csv",
        header
        + "2025-11-03 18:00:00,Legs,56m,Squat (Barbell),1,100,5,0,0,,,\n"
        + header
        + "2025-11-03 18:00:00,Legs,56m,Squat (Barbell),2,100,5,0,0,,,\n"
        + "2025-11-04 18:00:00,Run,soon,Treadmill,1,,,2,x,,,\n",
    )
    result = run(path, db_file)
    assert (result.imported, [r["line"] for r in result.rejects]) == (2, [3, 5])
    assert result.warnings == ["the file does not say the weight unit: assumed kg (use --units lb)"]


@pytest.mark.parametrize("sample", ["hevy_kg.csv", "strong_quoted_unit_in_header.csv"])
def test_two_exports_pasted_into_one_file_import_each_set_once(sample, tmp_path, db_file):
    """A workout's rows again after other workouts' are the same sets; the second copy here is a
    later export, whose last workout gained a set."""
    lines = (SAMPLES / sample).read_text().splitlines(keepends=True)
    last = next(line for line in reversed(lines) if "Rest Timer" not in line)
    path = tmp_path / sample
    path.write_text("".join([*lines, *lines[1:], last]))
    result = run(path, db_file, units="kg")
    sets = EXPECTED[sample]["sets"]
    assert (result.imported, result.duplicates) == (sets + 1, sets)
    assert result.warnings[-1] == (
        f"{sets} rows repeat the set of an earlier row (same workout, exercise and set number;"
        " two exports in one file?): counted as duplicates"
    )
    assert figures(db_file)[:2] == (sets + 1, EXPECTED[sample]["workouts"])


@pytest.mark.parametrize(
    "weight, changed",
    [
        (
            102.5,
            "; 1 of them with another weight or reps than that earlier row, whose values were kept",
        ),
        (100.02, ""),  # within the weight tolerance, as against a stored set: the same weight
    ],
)
def test_a_repeated_set_keeps_the_earlier_rows(write_csv, db_file, weight, changed):
    row = '"{}";"{} Sep 2025, 15:42";"";"";"Squat (Barbell)";;"";0;"normal";{};5;;;\n'
    path = write_csv(
        "hevy.csv",
        HEVY_HEADER + row.format("A", 3, 100) + row.format("B", 4, 90) + row.format("A", 3, weight),
    )
    result = run(path, db_file)
    assert (result.imported, result.duplicates) == (2, 1)
    assert result.warnings == [
        "1 row repeats the set of an earlier row (same workout, exercise and set number; two"
        " exports in one file?): counted as duplicates" + changed
    ]
    assert rows(db_file, "SELECT weight_kg FROM v_sets ORDER BY set_id") == [(100.0,), (90.0,)]


def test_a_rejected_row_in_a_pasted_copy_takes_no_second_place(write_csv, db_file):
    """Workout A, workout B, then A again with a set's reps unreadable: A's sets keep the places
    of its first copy, so A exported alone later is all duplicates."""
    row = '"A";"3 Sep 2025, 15:42";"";"";"Squat (Barbell)";;"";{};"normal";{};{};;;\n'
    a = [row.format(0, 60, 5), row.format(1, 70, 5), row.format(2, 80, 5)]
    b = '"B";"5 Sep 2025, 15:42";"";"";"Squat (Barbell)";;"";0;"normal";50;5;;;\n'
    pasted = write_csv(
        "pasted.csv", HEVY_HEADER + "".join(a) + b + a[0] + row.format(1, 70, "5x") + a[2]
    )
    assert (
        run(pasted, db_file).imported,
        run(write_csv("a.csv", HEVY_HEADER + "".join(a)), db_file).imported,
    ) == (4, 0)
    assert rows(db_file, "SELECT weight_kg FROM v_sets ORDER BY set_id") == [
        (60.0,),
        (70.0,),
        (80.0,),
        (50.0,),
    ]


# Workout A of a pasted file: Squat done twice (its set numbers start again), with a rest timer
# after its second set in Strong; (exercise, set number from 0 or the Set Order text, weight, reps).
SQUAT, BENCH = "Squat (Barbell)", "Bench Press (Barbell)"


def workout_a(second_set_reps: str) -> list[tuple[str, int | str, float | str, str]]:
    return [
        (SQUAT, 0, 100, "5"),
        (SQUAT, 1, 110, second_set_reps),
        (SQUAT, "Rest Timer", "", ""),
        (BENCH, 0, 60, "5"),
        (SQUAT, 0, 80, "5"),
        (SQUAT, 1, 85, "5"),
    ]


def app_export(fmt: str, workouts: list[tuple[str, int, list[tuple]]]) -> str:
    """A Strong or Hevy file of (title, day of September 2025, sets) workouts."""
    if fmt == "strong":
        return STRONG_HEADER + "".join(
            f"2025-09-0{day} 15:42:00,{title},{exercise},"
            f"{n + 1 if isinstance(n, int) else n},{weight},{reps},0,0,,\n"
            for title, day, sets in workouts
            for exercise, n, weight, reps in sets
        )
    return HEVY_HEADER + "".join(
        f'"{title}";"{day} Sep 2025, 15:42";"";"";"{exercise}";;"";{n};"normal";{weight};{reps};;;\n'
        for title, day, sets in workouts
        for exercise, n, weight, reps in sets
        if isinstance(n, int)  # Hevy writes no rest timers
    )


# Workout A's stored sets, (exercise, ordinal, weight, reps), with every set read: an app places
# an exercise's sets in file order, its second block after its first.
A_STORED = [
    (BENCH, 1, 60.0, 5), (SQUAT, 1, 100.0, 5), (SQUAT, 2, 110.0, 8), (SQUAT, 3, 80.0, 5),
    (SQUAT, 4, 85.0, 5),
]  # fmt: skip
A_SETS = "SELECT exercise_raw, ordinal, weight_kg, reps FROM sets WHERE day(workout_start) = 3"
PASTED_WARNING = (
    "{} rows repeat the set of an earlier row (same workout, exercise and set number; two exports"
    " in one file?): counted as duplicates"
)


def units(fmt: str) -> dict[str, str]:
    """--units for a Strong file, whose weight column names no unit (Hevy's weight_kg does)."""
    return {"units": "kg"} if fmt == "strong" else {}


def import_pasted(fmt: str, write_csv, db_file: Path, first: str, second: str):
    """Workout A with its second Squat set's reps `first`, workout B, then A again with `second`."""
    b = ("B", 5, [(SQUAT, 0, 90, "5")])
    text = app_export(fmt, [("A", 3, workout_a(first)), b, ("A", 3, workout_a(second))])
    return run(write_csv(f"pasted-{fmt}.csv", text), db_file, **units(fmt))


def import_a_alone(fmt: str, write_csv, db_file: Path):
    """Workout A exported again with every set read."""
    path = write_csv(f"a-{fmt}.csv", app_export(fmt, [("A", 3, workout_a("8"))]))
    return run(path, db_file, **units(fmt))


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_set_rejected_in_a_pasted_copy_and_mended_in_the_next_is_imported_at_its_place(
    fmt, write_csv, db_file
):
    """Its rejected row holds its place in the first copy: the mended row is that set, new, and
    every other row of the second copy meets its own set (rest timers hold no place)."""
    result = import_pasted(fmt, write_csv, db_file, "8x", "8")
    assert (result.imported, result.duplicates, result.warnings) == (
        6,
        4,
        [PASTED_WARNING.format(4)],
    )
    label = "Reps" if fmt == "strong" else "reps"
    assert result.rejects[0] == {"line": 3, "reason": f"{label} '8x' is not a number"}
    assert [r["line"] for r in result.rejects] == ([3, 4, 11] if fmt == "strong" else [3])
    assert rows(db_file, A_SETS + " ORDER BY exercise_raw, ordinal") == A_STORED
    # Set times follow the sets' places, as the mended export alone places them.
    in_time = "SELECT weight_kg FROM sets WHERE day(workout_start) = 3 ORDER BY performed_at"
    assert rows(db_file, in_time) == [(100.0,), (110.0,), (60.0,), (80.0,), (85.0,)]
    alone = import_a_alone(fmt, write_csv, db_file)
    assert (alone.imported, alone.duplicates, alone.warnings) == (0, 5, [])


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_set_rejected_in_the_second_pasted_copy_leaves_the_rows_after_it_their_sets(
    fmt, write_csv, db_file
):
    """The rejected row holds its place in the second copy: the rows after it repeat their own
    sets, with the same weight and reps."""
    result = import_pasted(fmt, write_csv, db_file, "8", "8x")
    assert (result.imported, result.duplicates, result.warnings) == (
        6,
        4,
        [PASTED_WARNING.format(4)],
    )
    assert [r["line"] for r in result.rejects] == ([10, 4, 11] if fmt == "strong" else [9])
    assert rows(db_file, A_SETS + " ORDER BY exercise_raw, ordinal") == A_STORED
    alone = import_a_alone(fmt, write_csv, db_file)
    assert (alone.imported, alone.duplicates, alone.warnings) == (0, 5, [])


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_set_rejected_in_both_pasted_copies_keeps_one_place_for_the_mended_export(
    fmt, write_csv, db_file
):
    """The set is missing from both copies: its place is held once, so the export with it mended
    adds just that set, the ones after it being duplicates."""
    result = import_pasted(fmt, write_csv, db_file, "8x", "8x")
    assert (result.imported, result.duplicates, result.warnings) == (
        5,
        4,
        [PASTED_WARNING.format(4)],
    )
    lines = [r["line"] for r in result.rejects]
    assert lines == ([3, 10, 4, 11] if fmt == "strong" else [3, 9])
    assert rows(db_file, A_SETS + " ORDER BY exercise_raw, ordinal") == [
        s
        for s in A_STORED
        if s[:2] != (SQUAT, 2)  # Squat's 110 kg set
    ]
    alone = import_a_alone(fmt, write_csv, db_file)
    assert (alone.imported, alone.duplicates) == (1, 4)
    assert rows(db_file, A_SETS + " ORDER BY exercise_raw, ordinal") == A_STORED


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_workout_found_again_after_a_workout_rejected_whole_is_imported_once(
    fmt, write_csv, db_file
):
    """Workout B, dated in the future, is rejected whole, yet it is a workout of the file: A's
    rows after it are the second export's copy, not Squat done twice more."""
    text = app_export(fmt, [("A", 3, workout_a("8")), ("B", 5, [(SQUAT, 0, 90, "5")])] * 2)
    future = text.replace("5 Sep 2025", "5 Sep 2099").replace("2025-09-05", "2099-09-05")
    result = run(write_csv(f"pasted-{fmt}.csv", future), db_file, **units(fmt))
    assert (result.imported, result.duplicates, result.warnings) == (
        5,
        5,
        [PASTED_WARNING.format(5)],
    )
    assert [r["line"] for r in result.rejects if "future" in r["reason"]] == (
        [8, 15] if fmt == "strong" else [7, 13]
    )
    assert rows(db_file, A_SETS + " ORDER BY exercise_raw, ordinal") == A_STORED


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_an_export_after_an_exercise_went_on_in_a_second_block_adds_just_its_new_set(
    fmt, write_csv, db_file
):
    """An export made while Squat's first block was done, then one after a Leg Press and a second
    Squat block: the stored sets meet their own, and the new ones are stored once."""
    early = [(SQUAT, 0, 100, "5"), (SQUAT, 1, 110, "5")]
    later = [*early, ("Leg Press (Machine)", 0, 150, "10"), (SQUAT, 0, 60, "10")]
    first = run(
        write_csv(f"early-{fmt}.csv", app_export(fmt, [("A", 3, early)])), db_file, **units(fmt)
    )
    second = run(
        write_csv(f"later-{fmt}.csv", app_export(fmt, [("A", 3, later)])), db_file, **units(fmt)
    )
    assert (first.imported, second.imported, second.duplicates, second.warnings) == (2, 2, 2, [])
    assert rows(db_file, A_SETS + f" AND exercise_raw = '{SQUAT}' ORDER BY ordinal") == [
        (SQUAT, 1, 100.0, 5),
        (SQUAT, 2, 110.0, 5),
        (SQUAT, 3, 60.0, 10),
    ]


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_row_whose_date_does_not_read_leaves_its_workout_one_run(fmt, write_csv, db_file):
    """Its start names no workout: the rows after it are still A's own, so Squat's second block
    is new sets, not a pasted copy of the first."""
    text = app_export(fmt, [("A", 3, workout_a("8"))])
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].replace("3 Sep 2025", "3 Sep 20x5").replace("2025-09-03", "2025-09-0x")
    result = run(write_csv(f"typo-{fmt}.csv", "".join(lines)), db_file, **units(fmt))
    assert (result.imported, result.duplicates, result.warnings) == (4, 0, [])
    assert rows(db_file, "SELECT weight_kg FROM sets ORDER BY ALL") == [
        (60.0,),
        (80.0,),
        (85.0,),
        (100.0,),
    ]


def with_an_unreadable_date(text: str, index: int) -> str:
    """An app export with the date of its row `index` (0 = the header) mistyped."""
    lines = text.splitlines(keepends=True)
    lines[index] = lines[index].replace("Sep 2025", "Sep 20x5").replace("2025-09-0", "2025-09-x")
    return "".join(lines)


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_row_whose_date_does_not_read_holds_its_place_in_the_workout_around_it(
    fmt, write_csv, db_file, tmp_path
):
    """Squat's second set, between rows of workout A: the export with its date mended adds just
    that set, every other row meeting its own stored set."""
    mended = app_export(fmt, [("A", 3, workout_a("8"))])
    first = run(write_csv("typo.csv", with_an_unreadable_date(mended, 2)), db_file, **units(fmt))
    assert [r["line"] for r in first.rejects if "date" in r["reason"].lower()] == [3]
    again = run(write_csv("mended.csv", mended), db_file, **units(fmt))
    assert (again.imported, again.duplicates, again.warnings) == (1, first.imported, [])
    assert rows(db_file, A_SETS + " ORDER BY exercise_raw, ordinal") == A_STORED


def test_a_fitnotes_row_whose_date_does_not_read_holds_its_place_in_its_day(write_csv, db_file):
    row = "2025-09-0{},Squat (Barbell),Legs,{},5,,,,\n"
    mended = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n" + (
        row.format(3, 100) + row.format(3, 110) + row.format(3, 120) + row.format(4, 100)
    )
    run(write_csv("typo.csv", with_an_unreadable_date(mended, 2)), db_file)
    again = run(write_csv("mended.csv", mended), db_file)
    assert (again.imported, again.duplicates, again.warnings) == (1, 3, [])
    assert rows(
        db_file, "SELECT ordinal, weight_kg FROM sets WHERE day(workout_start) = 3 ORDER BY 1"
    ) == [
        (1, 100.0),
        (2, 110.0),
        (3, 120.0),
    ]


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_row_whose_date_does_not_read_between_two_workouts_holds_no_place(
    fmt, write_csv, db_file
):
    """Workout B's first row, after A's rows: which workout it is, the file does not say."""
    b = ("B", 5, [(SQUAT, 0, 90, "5"), (SQUAT, 1, 95, "5")])
    text = app_export(fmt, [("A", 3, workout_a("8")), b])
    broken = with_an_unreadable_date(text, len(text.splitlines()) - 2)
    result = run(write_csv("typo.csv", broken), db_file, **units(fmt))
    assert result.imported == 6
    assert rows(db_file, "SELECT ordinal, weight_kg FROM sets WHERE day(workout_start) = 5") == [
        (1, 95.0)
    ]


def test_a_fitnotes_row_whose_date_does_not_read_between_two_days_holds_no_place_in_either(
    write_csv, db_file
):
    """Nor in the day before it: that place would move the day's sets found after the next day's
    rows (a file sorted by hand). In a Strong or Hevy file such rows are a pasted export, which
    takes its places from the first copy, so only a FitNotes day shows it."""
    row = "2025-09-0{},Squat (Barbell),Legs,{},5,,,,\n"
    text = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n" + (
        row.format(3, 100) + row.format(4, 90) + row.format(4, 95) + row.format(3, 120)
    )
    result = run(write_csv("typo.csv", with_an_unreadable_date(text, 2)), db_file)
    assert [r["line"] for r in result.rejects] == [3]
    assert rows(
        db_file, "SELECT day(workout_start), ordinal, weight_kg FROM sets ORDER BY 1, 2"
    ) == [
        (3, 1, 100.0),
        (3, 2, 120.0),
        (4, 1, 95.0),
    ]


@pytest.mark.parametrize(
    "weight, sets",
    [
        (110, workout_a("8")),  # inside Squat's first block
        (80, workout_a("8")),  # first of its second block
        (85, workout_a("8")),  # last of its second block
        (80, workout_a("8")[:5]),  # the second block's only set
    ],
)
def test_hevy_set_with_an_unreadable_set_index_holds_its_place_for_the_mended_export(
    weight, sets, write_csv, db_file, tmp_path
):
    """Its row holds its place in the file: the export with the number mended adds that set,
    every other row meeting its own stored set."""
    mended = app_export("hevy", [("A", 3, sets)])
    broken = re.sub(rf';[0-9]+;"normal";{weight};', f';x;"normal";{weight};', mended)
    first = run(write_csv("broken.csv", broken), db_file)
    assert [r["reason"] for r in first.rejects] == ["set_index 'x' is not a number"]
    sets_in_a = first.imported + 1
    again = run(write_csv("mended.csv", mended), db_file)
    assert (again.imported, again.duplicates, again.warnings) == (1, sets_in_a - 1, [])
    alone = tmp_path / "alone.duckdb"
    run(write_csv("alone.csv", mended), alone)
    assert rows(db_file, A_SETS + " ORDER BY ALL") == rows(alone, A_SETS + " ORDER BY ALL")


@pytest.mark.parametrize("weight", [110, 80])  # inside Squat's first block, first of its second
def test_hevy_set_with_an_unreadable_set_index_in_a_pasted_copy_is_the_mended_row_of_the_next(
    weight, write_csv, db_file
):
    """The number its block gives the row pairs it with its mended copy: that set is stored
    once, at its place, and no row of the second copy meets another block's set."""
    b = ("B", 5, [(SQUAT, 0, 90, "5")])
    mended = app_export("hevy", [("A", 3, workout_a("8")), b, ("A", 3, workout_a("8"))])
    broken = re.sub(rf';[0-9]+;"normal";{weight};', f';x;"normal";{weight};', mended, count=1)
    result = run(write_csv("pasted.csv", broken), db_file)
    assert (result.imported, result.duplicates, len(result.rejects)) == (6, 4, 1)
    assert rows(db_file, A_SETS + " ORDER BY exercise_raw, ordinal") == A_STORED


@pytest.mark.parametrize("weight", [110, 80, 85])  # last of the first block, each of the second
def test_hevy_set_with_an_unreadable_set_index_in_blocks_back_to_back_is_paired_by_its_block(
    weight, write_csv, db_file
):
    """Squat done twice in a row, its numbers starting again at 0: the number that does not go
    up after the broken row starts the second block, so its first row is 0, not 2, and meets its
    mended copy in the next export."""
    twice = [(SQUAT, 0, 100, "5"), (SQUAT, 1, 110, "5"), (SQUAT, 0, 80, "5"), (SQUAT, 1, 85, "5")]
    b = ("B", 5, [(SQUAT, 0, 90, "5")])
    mended = app_export("hevy", [("A", 3, twice), b, ("A", 3, twice)])
    broken = re.sub(rf';[0-9]+;"normal";{weight};', f';x;"normal";{weight};', mended, count=1)
    result = run(write_csv("pasted.csv", broken), db_file)
    assert (result.imported, result.duplicates, len(result.rejects)) == (5, 3, 1)
    assert rows(db_file, A_SETS + " ORDER BY ordinal") == [
        (SQUAT, 1, 100.0, 5),
        (SQUAT, 2, 110.0, 5),
        (SQUAT, 3, 80.0, 5),
        (SQUAT, 4, 85.0, 5),
    ]


def test_an_exercise_done_twice_in_a_workout_keeps_both_blocks(write_csv, db_file):
    """Its set numbers start again, in the workout's own rows: distinct sets."""
    start, end = '"3 Sep 2025, 15:42"', '"3 Sep 2025, 16:52"'
    row = f'"Legs";{start};{end};"";"{{}}";;"";{{}};"normal";{{}};{{}};;;\n'
    path = write_csv(
        "hevy.csv",
        HEVY_HEADER
        + row.format("Squat (Barbell)", 0, 100, 5)
        + row.format("Squat (Barbell)", 1, 100, 5)
        + row.format("Leg Press (Machine)", 0, 200, 10)
        + row.format("Squat (Barbell)", 0, 80, 8)
        + row.format("Squat (Barbell)", 1, 80, 8),
    )
    result = run(path, db_file)
    assert (result.imported, result.duplicates, result.warnings) == (5, 0, [])


TIMER_LEFT_RUNNING = (
    "1 workout ran longer than 4 h (a timer left running?): their sets are placed 90 s apart"
    " from the start"
)


def test_strong_workout_longer_than_4_h_places_its_sets_90_s_apart(write_csv, db_file):
    """A timer left running (98 h) would spread three sets over four days."""
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        + "2025-09-04 08:34:00,Legs,98h 3m,Squat (Barbell),1,100,5,0,0,,,\n" * 3
        + "2025-09-06 08:00:00,Legs,4h,Squat (Barbell),1,100,5,0,0,,,\n" * 2,
    )
    result = run(path, db_file, units="kg")
    assert (result.imported, result.warnings) == (5, [TIMER_LEFT_RUNNING])
    start = datetime(2025, 9, 4, 8, 34)
    assert rows(db_file, "SELECT performed_at FROM v_sets ORDER BY set_id") == [
        (start,),
        (start + timedelta(seconds=90),),
        (start + timedelta(seconds=180),),
        (datetime(2025, 9, 6, 8, 0),),
        (datetime(2025, 9, 6, 10, 0),),  # 4 h is believed
    ]
    assert rows(db_file, "SELECT ended_at FROM v_workouts ORDER BY started_at") == [
        (start + timedelta(seconds=180),),
        (datetime(2025, 9, 6, 12, 0),),
    ]


@pytest.mark.parametrize(
    "end, warning",
    [
        ("9 Sep 2025, 14:52", TIMER_LEFT_RUNNING),
        (
            "5 Sep 2025, 14:52",
            "1 workout ends before it starts: their sets are placed 90 s apart from the start",
        ),
    ],
    ids=["days later", "before the start"],
)
def test_hevy_workout_end_that_cannot_place_its_sets_places_them_90_s_apart(
    end, warning, write_csv, db_file
):
    """An end days later (a timer left running) or before the start cannot place the sets: they
    go 90 s apart, the workout ends at the last, and the import says why."""
    start = '"5 Sep 2025, 15:42"'
    path = write_csv(
        "hevy.csv",
        HEVY_HEADER
        + f'"Legs";{start};"{end}";"";"Squat (Barbell)";;"";0;"normal";100;5;;;\n'
        + f'"Legs";{start};"{end}";"";"Squat (Barbell)";;"";1;"normal";100;5;;;\n',
    )
    result = run(path, db_file)
    assert (result.imported, result.warnings) == (2, [warning])
    assert rows(db_file, "SELECT performed_at FROM v_sets ORDER BY set_id") == [
        (datetime(2025, 9, 5, 15, 42),),
        (datetime(2025, 9, 5, 15, 43, 30),),
    ]
    assert rows(db_file, "SELECT ended_at FROM v_workouts") == [(datetime(2025, 9, 5, 15, 43, 30),)]


def test_hevy_kg_export_of_workouts_stored_from_the_lb_export_changes_nothing(tmp_path, db_file):
    """A member switches Hevy from lb to kg: 75 lb (34.0194 kg) comes back as 34.02. Only a real
    change, a 0.25 kg fractional plate, is a changed set."""
    with (SAMPLES / "hevy_lbs.csv").open(newline="") as handle:
        table = list(csv.reader(handle))
    header = table[0]
    weight, distance = header.index("weight_lbs"), header.index("distance_miles")
    header[weight], header[distance] = "weight_kg", "distance_km"
    for row in table[1:]:
        if row[weight]:
            row[weight] = f"{float(row[weight]) * KG_PER_LB:.2f}"
        if row[distance]:
            row[distance] = f"{float(row[distance]) * M_PER_MILE / 1000:.2f}"
    table[2][weight] = f"{float(table[2][weight]) + 0.25:.2f}"
    kg_export = tmp_path / "hevy_kg_now.csv"
    with kg_export.open("w", newline="") as handle:
        csv.writer(handle).writerows(table)
    first = run(SAMPLES / "hevy_lbs.csv", db_file)
    again = run(kg_export, db_file)
    assert (again.imported, again.duplicates) == (0, first.imported)
    assert [w for w in again.warnings if "different weight" in w] == [
        "line 3: this set is already stored with a different weight or reps;"
        " the stored values were kept"
    ]


def test_hevy_weight_unit_contradicting_the_weight_kg_header_rejects_the_row(write_csv, db_file):
    """weight_kg holds every row's weight in kg: a row's unit may only agree."""
    start, end = '"7 Apr 2025, 10:14"', '"7 Apr 2025, 11:14"'
    path = write_csv(
        "hevy.csv",
        "title,start_time,end_time,exercise_title,set_index,set_type,weight_kg,Weight Unit,reps\n"
        f"Legs,{start},{end},Squat (Barbell),0,normal,100,kg,5\n"
        f"Legs,{start},{end},Squat (Barbell),1,normal,100,lbs,5\n"
        f"Legs,{start},{end},Squat (Barbell),2,normal,100,,5\n"
        f"Legs,{start},{end},Squat (Barbell),3,normal,100,stone,5\n",
    )
    result = run(path, db_file)
    assert (result.format, result.imported, result.rejected) == ("hevy", 2, 2)
    assert result.rejects == [
        {"line": 3, "reason": "Weight Unit 'lbs' contradicts the weight_kg column (kg)"},
        {"line": 5, "reason": "Weight Unit 'stone' is not a unit legdash knows"},
    ]
    assert rows(db_file, "SELECT weight_kg FROM v_sets") == [(100.0,), (100.0,)]


def test_app_export_with_two_weight_columns_reads_the_kg_one_with_a_warning(write_csv, db_file):
    """As in the native set log: the column that names its unit, kg before lb, and a warning."""
    start = '"7 Apr 2025, 10:14"'
    path = write_csv(
        "hevy.csv",
        "title,start_time,exercise_title,set_index,weight_lbs,weight_kg,reps\n"
        f"Legs,{start},Squat (Barbell),0,220,100,5\n",
    )
    result = run(path, db_file)
    assert result.warnings == [
        "the header names weight ('weight_lbs', 'weight_kg') more than once: column 6 is read,"
        " column 5 ignored"
    ]
    assert rows(db_file, "SELECT weight_kg FROM v_sets") == [(100.0,)]


def test_an_ignored_weight_column_rejects_no_row(write_csv, db_file):
    """Its values are not read, so not checked: `n/a` there is no reason to reject the row."""
    start = '"7 Apr 2025, 10:14"'
    path = write_csv(
        "hevy.csv",
        "title,start_time,exercise_title,set_index,weight_lbs,weight_kg,reps\n"
        f"Legs,{start},Squat (Barbell),0,n/a,100,5\n",
    )
    assert (run(path, db_file).imported, rows(db_file, "SELECT weight_kg FROM v_sets")) == (
        1,
        [(100.0,)],
    )


@pytest.mark.parametrize(
    "units, warning",
    [
        (None, []),  # the weight read names its unit: nothing assumed
        ("lb", ["--units lb was not used: the header says the unit (Weight (kg))"]),
    ],
)
def test_an_ignored_plain_weight_column_gives_no_unit_warning(units, warning, write_csv, db_file):
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,Weight,Weight (kg),Reps,Distance,Seconds\n"
        "2025-09-03 15:42:00,A,Squat (Barbell),1,225,102,5,0,0\n",
    )
    result = run(path, db_file, units=units)
    assert result.warnings == [
        "the header names weight ('Weight', 'Weight (kg)') more than once: column 6 is read,"
        " column 5 ignored",
        *warning,
    ]
    assert rows(db_file, "SELECT weight_kg FROM v_sets") == [(102.0,)]


@pytest.mark.parametrize(
    "distance, reason",
    [("n/a", "Distance (km) 'n/a' is not a number"), ("0", "Distance 'n/a' is not a number")],
)
def test_a_row_with_an_empty_unit_cell_checks_the_value_it_reads(
    distance, reason, write_csv, db_file
):
    """Weight (kgs) is read where Weight Unit is empty and it has a value: an n/a there rejects
    the row; a distance of 0 is none, and the plain Distance is read and checked."""
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Weight (kgs),Reps,"
        "Distance,Distance Unit,Distance (km),Seconds\n"
        "2025-09-03 15:42:00,A,Squat,1,225,,n/a,5,,,,\n"
        f"2025-09-03 15:42:00,A,Running,2,,,,,n/a,,{distance},600\n",
    )
    result = run(path, db_file, units="lb")
    assert [r["reason"] for r in result.rejects] == ["Weight (kgs) 'n/a' is not a number", reason]


def test_units_are_not_used_when_empty_unit_cells_read_the_column_that_names_its_unit(
    write_csv, db_file
):
    path = write_csv(
        "fitnotes.csv",
        "Date,Exercise,Category,Weight,Weight Unit,Weight (kgs),Reps\n"
        "2025-11-03,Squat,Legs,225,lbs,102.1,5\n"
        "2025-11-03,Squat,Legs,225,,102.1,5\n",
    )
    assert run(path, db_file, units="lb").warnings[1:] == [
        "--units lb was not used: the file's Weight Unit column, and Weight (kgs) where it is"
        " empty, give every row's unit"
    ]


@pytest.mark.parametrize(
    "cells, warnings",
    [("kgs", []), ("", ["the file does not say the weight unit: assumed kg (use --units lb)"])],
)
def test_an_empty_weight_unit_cell_says_that_kg_was_assumed(cells, warnings, write_csv, db_file):
    path = write_csv(
        "fitnotes.csv",
        "Date,Exercise,Category,Weight,Weight Unit,Reps\n"
        "2025-11-03,Squat,Legs,225,lbs,5\n"
        f"2025-11-03,Squat,Legs,100,{cells},5\n",
    )
    assert run(path, db_file).warnings == warnings


def test_a_row_with_an_empty_distance_unit_reads_the_column_that_names_its_unit(write_csv, db_file):
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Distance Unit,"
        "Distance (km),Seconds\n"
        "2025-09-03 15:42:00,A,Running,1,,,3,,4.8,600\n"
        "2025-09-03 15:42:00,A,Running,2,,,2,,,600\n",
    )
    result = run(path, db_file)
    assert result.warnings == [
        "the header names distance ('Distance', 'Distance (km)') more than once: column 7 is read"
        " (column 9 in a row whose unit cell is empty)",
        "the file does not say the distance unit: assumed km (use --units lb for miles)",
    ]
    assert rows(db_file, "SELECT distance_m FROM v_sets ORDER BY ordinal") == [
        (pytest.approx(4800),),
        (pytest.approx(2000),),
    ]


@pytest.mark.parametrize(
    "units, warnings, kg",
    [
        (None, ["the file does not say the weight unit: assumed kg (use --units lb)"], 225),
        ("lb", [], 225 * KG_PER_LB),
    ],
)
def test_a_weight_column_named_with_map_is_read_in_units_beside_one_that_names_its_unit(
    units, warnings, kg, write_csv, db_file
):
    """The user's choice comes first, as in the native set log: the other is not named."""
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,Gewicht,Weight (kg),Reps,Distance,Seconds\n"
        "2025-09-03 15:42:00,A,Squat (Barbell),1,225,102,5,0,0\n",
    )
    result = run(path, db_file, units=units, mapping={"weight": "Gewicht"})
    assert result.warnings == warnings
    assert rows(db_file, "SELECT weight_kg FROM v_sets") == [(pytest.approx(kg),)]


def test_a_weight_column_named_with_map_is_read_in_the_unit_its_header_names(write_csv, db_file):
    """As in the native set log: a header that names the unit wins over --units."""
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,Gewicht (lbs),Reps,Distance,Seconds\n"
        "2025-09-03 15:42:00,A,Squat (Barbell),1,225,5,0,0\n",
    )
    result = run(path, db_file, units="kg", mapping={"weight": "Gewicht (lbs)"})
    assert result.warnings == ["--units kg was not used: the header says the unit (Gewicht (lbs))"]
    assert rows(db_file, "SELECT weight_kg FROM v_sets") == [(pytest.approx(225 * KG_PER_LB),)]


def test_a_plain_weight_column_named_with_map_is_read_alone(write_csv, db_file):
    """An empty unit cell does not send the row to the Weight (kgs) column the user passed over."""
    path = write_csv(
        "fitnotes.csv",
        "Date,Exercise,Category,Weight,Weight Unit,Weight (kgs),Reps\n"
        "2025-11-03,Squat,Legs,225,lbs,102.1,5\n"
        "2025-11-03,Squat,Legs,100,,45.4,5\n",
    )
    result = run(path, db_file, units="kg", mapping={"weight": "Weight"})
    assert result.warnings == []
    assert rows(db_file, "SELECT weight_kg FROM v_sets ORDER BY ordinal") == [
        (pytest.approx(225 * KG_PER_LB),),
        (100.0,),
    ]


# --- FitNotes variants --------------------------------------------------------------------------


def test_fitnotes_pounds_time_and_identical_rows(write_csv, db_file):
    path = write_csv(
        "fitnotes.csv",
        "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time,Comment\n"
        '2025-11-03,Squat,Legs,225.0,5,,,,"top set"\n'
        "2025-11-03,Squat,Legs,225.0,5,,,,\n"
        "2025-11-03,Treadmill,Cardio,,,1.5,mi,0:12:30,\n"
        "2025-11-04,Deadlift,Legs,315.0,3,,,,\n",
    )
    result = run(path, db_file)
    assert (result.format, result.imported, result.rejected, result.warnings) == (
        "fitnotes",
        4,
        0,
        [],
    )
    assert figures(db_file) == (4, 2, round(3195 * KG_PER_LB, 3), "2025-11-03", "2025-11-04")
    assert rows(
        db_file, "SELECT ordinal, notes FROM v_sets WHERE exercise = 'Back Squat' ORDER BY ordinal"
    ) == [(1, "top set"), (2, None)]
    assert rows(
        db_file, "SELECT DISTINCT time_known, strftime(performed_at, '%H:%M') FROM v_sets"
    ) == [(False, "00:00")]
    assert rows(db_file, "SELECT distance_m, duration_s FROM v_sets WHERE reps IS NULL") == [
        (pytest.approx(1.5 * M_PER_MILE), 750.0)
    ]


@pytest.mark.parametrize(
    "weight, rejects, stored",
    [
        ("80,5", [(3, "Distance '1.500' could be 1.5 or 1,500: this file writes decimals with"
                      " a comma")], [(80.5, None)]),
        ("80.5", [], [(80.5, None), (None, 1.5)]),
    ],
    ids=["decimal comma", "decimal point"],
)  # fmt: skip
def test_fitnotes_reads_a_dot_and_three_digits_as_its_decimals_say(
    write_csv, db_file, weight, rejects, stored
):
    path = write_csv(
        "fitnotes.csv",
        "Date;Exercise;Category;Weight (kgs);Reps;Distance;Distance Unit;Time;Comment\n"
        f"2025-11-03;Squat;Legs;{weight};5;;;;\n"
        "2025-11-03;Rowing;Cardio;;;1.500;m;0:07:00;\n",
    )
    result = run(path, db_file)
    assert [(r["line"], r["reason"]) for r in result.rejects] == rejects
    assert rows(db_file, "SELECT weight_kg, distance_m FROM v_sets ORDER BY set_id") == stored


def test_an_ignored_weight_column_does_not_say_the_file_writes_decimal_commas(write_csv, db_file):
    """The plain Weight beside Weight (kgs) is ignored everywhere: its 225,5 says nothing of how
    the column read writes its decimals."""
    path = write_csv(
        "fitnotes.csv",
        "Date;Exercise;Category;Weight;Weight (kgs);Reps\n2025-11-03;Squat;Legs;225,5;1.500;5\n",
    )
    result = run(path, db_file)
    assert result.rejects == []
    assert rows(db_file, "SELECT weight_kg FROM v_sets") == [(1.5,)]


def test_fitnotes_weight_unit_column_with_mixed_units(write_csv, db_file):
    path = write_csv(
        "fitnotes.csv",
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
        "2025-11-03,Deadlift,Legs,140.0,kgs,3,,,\n"
        "2025-11-03,Deadlift,Legs,315.0,lbs,3,,,\n"
        "2025-11-03,Rowing,Cardio,,,,2000,m,0:08:00\n"
        "2025-11-03,Rowing,Cardio,,,,2,km,8:00\n"
        "2025-11-03,Rowing,Cardio,,,,2,leagues,0:08:00\n"
        "2025-11-03,Rowing,Cardio,,,,2,km,eight minutes\n",
    )
    result = run(path, db_file)
    assert (result.imported, result.rejected) == (4, 2)
    assert result.rejects == [
        {"line": 6, "reason": "Distance Unit 'leagues' is not a unit legdash knows"},
        {"line": 7, "reason": "Time 'eight minutes' is not a time (h:mm:ss)"},
    ]
    assert rows(
        db_file, "SELECT weight_kg, distance_m, duration_s FROM v_sets ORDER BY set_id"
    ) == [
        (140.0, None, None),
        (pytest.approx(315 * KG_PER_LB), None, None),
        (None, 2000.0, 480.0),
        (None, 2000.0, 480.0),
    ]


def test_fitnotes_units_contradicting_the_headers_reject_the_row(write_csv, db_file):
    """A header naming its unit (Weight (kgs), Distance (km)) holds every row's value in it."""
    path = write_csv(
        "fitnotes.csv",
        "Date,Exercise,Category,Weight (kgs),Weight Unit,Reps,Distance (km),Distance Unit,Time\n"
        "2025-11-03,Squat,Legs,100.0,kgs,5,0,m,\n"
        "2025-11-03,Squat,Legs,100.0,lbs,5,,,\n"
        "2025-11-03,Rowing,Cardio,,lbs,,2,km,0:08:00\n"
        "2025-11-03,Rowing,Cardio,,,,2000,m,0:08:00\n",
    )
    result = run(path, db_file)
    assert (result.format, result.imported, result.rejected) == ("fitnotes", 2, 2)
    assert result.rejects == [
        {"line": 3, "reason": "Weight Unit 'lbs' contradicts the Weight (kgs) column (kg)"},
        {"line": 5, "reason": "Distance Unit 'm' contradicts the Distance (km) column (km)"},
    ]
    assert rows(db_file, "SELECT weight_kg, distance_m FROM v_sets ORDER BY set_id") == [
        (100.0, None),
        (None, 2000.0),
    ]


FITNOTES_HEADER = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n"


@pytest.mark.parametrize(
    "dates, first, last, warned",
    [
        (["03/11/2025", "03/11/2025", "13/11/2025"], "2025-11-03", "2025-11-13", False),
        (["11/03/2025", "11/03/2025", "11/13/2025"], "2025-11-03", "2025-11-13", False),
        (["03.11.2025", "03.11.2025", "13.11.2025"], "2025-11-03", "2025-11-13", False),
        (["03/11/2025", "03/11/2025", "04/11/2025"], "2025-11-03", "2025-11-04", True),
    ],
    ids=["day-first", "month-first", "dotted", "ambiguous"],
)
def test_fitnotes_locale_dates_are_decided_from_the_whole_file(
    dates, first, last, warned, write_csv, db_file
):
    body = "".join(f"{day},Squat,Legs,100.0,5,,,\n" for day in dates)
    result = run(write_csv("fitnotes.csv", FITNOTES_HEADER + body), db_file)
    assert (result.imported, result.rejected) == (3, 0)
    assert figures(db_file) == (3, 2, 1500.0, first, last)
    assert bool(result.warnings) == warned
    if warned:
        assert result.warnings == [
            "dates such as '03/11/2025' could be either order; read day-first,"
            " as no earlier fitnotes import's dates showed the order"
        ]


STRONG_HEADER = (
    "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n"
)
# Late enough that the February dates below read day-first (2 March to 2 November) are no future.
LATER = datetime(2026, 12, 1)
US_EXPORT = ["01/25/2026", "02/03/2026", "02/05/2026"]  # 25 can only be a day: month first
UK_EXPORT = ["25/01/2026", "03/02/2026"]  # day first
ROLLING = ["02/03/2026", "02/05/2026", "02/10/2026"]  # 1 to 12 February: either order


def strong_export(write_csv, name: str, days: list[str]) -> Path:
    """A Strong export with two squat sets on each day, at 18:00."""
    body = "".join(
        f"{day} 18:00:00,Legs,Squat (Barbell),{n},100,5,0,0,,\n" for day in days for n in (1, 2)
    )
    return write_csv(name, STRONG_HEADER + body)


def import_later(path: Path, database: Path, member: str = "M1", fmt: str = "auto"):
    return import_file(path, database, fmt, Options(member=member, units="kg"), now=LATER)


def workout_days(database: Path, batch_id: int | None = None) -> list[str]:
    return [
        day
        for (day,) in rows(
            database,
            f"""SELECT DISTINCT strftime(started_at, '%Y-%m-%d') FROM v_workouts
            WHERE {batch_id or "batch_id"} = batch_id ORDER BY 1""",
        )
    ]


def test_an_export_that_leaves_the_date_order_open_follows_the_members_earlier_export(
    write_csv, db_file
):
    first = import_later(strong_export(write_csv, "strong.csv", US_EXPORT), db_file)
    assert (first.imported, first.warnings) == (6, [])
    rolling = import_later(strong_export(write_csv, "strong-feb.csv", ROLLING), db_file)
    assert rolling.warnings == [
        "dates such as '02/03/2026 18:00:00' could be either order; read month-first,"
        " as in batch 1 (strong.csv) of the same member"
    ]
    assert (rolling.imported, rolling.duplicates, rolling.rejected) == (2, 4, 0)
    assert workout_days(db_file) == ["2026-01-25", "2026-02-03", "2026-02-05", "2026-02-10"]


def test_the_date_order_warnings_escape_the_earlier_files_name(write_csv, db_file):
    import_later(strong_export(write_csv, "us\u202e1.csv", OPEN_JANUARY), db_file, "E")
    decided = import_later(strong_export(write_csv, "us\n2.csv", US_JANUARY), db_file, "E")
    assert decided.warnings[0].startswith("batch 1 (us\\u202e1.csv) of the same member was read")
    rolling = import_later(strong_export(write_csv, "feb.csv", ROLLING), db_file, "E")
    assert rolling.warnings[0].endswith(" as in batch 2 (us\\n2.csv) of the same member")


def test_with_the_deciding_export_undone_an_open_export_is_read_day_first_again(write_csv, db_file):
    import_later(strong_export(write_csv, "strong.csv", US_EXPORT), db_file)
    followed = import_later(strong_export(write_csv, "strong-feb.csv", ROLLING), db_file)
    assert "read month-first" in followed.warnings[0]
    undo_batch(db_file, 1)
    # The export that followed batch 1 decided nothing itself: the next one has no order to follow.
    again = import_later(strong_export(write_csv, "strong-feb-2.csv", ["02/11/2026"]), db_file)
    assert again.warnings == [
        "dates such as '02/11/2026 18:00:00' could be either order; read day-first,"
        " as no earlier strong import's dates showed the order"
    ]
    assert workout_days(db_file, again.batch_id) == ["2026-11-02"]


def test_an_open_export_follows_the_same_member_first_then_the_latest_of_its_format(
    write_csv, db_file
):
    import_later(strong_export(write_csv, "us.csv", US_EXPORT), db_file, "M1")
    import_later(strong_export(write_csv, "uk.csv", UK_EXPORT), db_file, "M2")
    # Another app's export decides nothing for Strong exports, even the same member's.
    fitnotes = FITNOTES_HEADER + "01/25/2026,Squat,Legs,100.0,5,,,\n"
    import_later(write_csv("fitnotes.csv", fitnotes), db_file, "M3")
    same = import_later(strong_export(write_csv, "m1.csv", ROLLING), db_file, "M1")
    assert same.warnings == [
        "dates such as '02/03/2026 18:00:00' could be either order; read month-first,"
        " as in batch 1 (us.csv) of the same member"
    ]
    other = import_later(strong_export(write_csv, "m3.csv", ROLLING), db_file, "M3")
    assert other.warnings == [
        "dates such as '02/03/2026 18:00:00' could be either order; read day-first,"
        " as in batch 2 (uk.csv), the latest strong import whose dates showed the order"
        " (none of the same member's did)"
    ]
    assert (same.imported, same.duplicates) == (2, 4)
    assert workout_days(db_file, other.batch_id) == ["2026-03-02", "2026-05-02", "2026-10-02"]


OPEN_JANUARY = ["01/02/2026", "01/05/2026"]  # 1 Feb and 1 May day-first, 2 and 5 Jan month-first
US_JANUARY = [*OPEN_JANUARY, "01/13/2026"]  # the next full export shows month-first


def test_an_export_that_decides_names_the_earlier_one_read_the_other_way_by_assumption(
    write_csv, db_file
):
    first = import_later(strong_export(write_csv, "us1.csv", OPEN_JANUARY), db_file, "E")
    assert workout_days(db_file, first.batch_id) == ["2026-02-01", "2026-05-01"]
    second = import_later(strong_export(write_csv, "us2.csv", US_JANUARY), db_file, "E")
    assert second.warnings == [
        "batch 1 (us1.csv) of the same member was read day-first because its dates could be"
        " either order; this file shows month-first: undo batch 1 and import its file again"
    ]
    with db.read(db_file) as con:
        stored = con.execute("SELECT warnings FROM v_import_batches WHERE batch_id = 2").fetchone()
    assert stored == (second.warnings,)
    assert workout_days(db_file, second.batch_id) == ["2026-01-02", "2026-01-05", "2026-01-13"]
    undo_batch(db_file, 1)
    again = import_later(strong_export(write_csv, "us1.csv", OPEN_JANUARY), db_file, "E")
    assert again.warnings == [
        "dates such as '01/02/2026 18:00:00' could be either order; read month-first,"
        " as in batch 2 (us2.csv) of the same member"
    ]
    assert (again.imported, again.duplicates) == (0, 4)
    assert workout_days(db_file) == ["2026-01-02", "2026-01-05", "2026-01-13"]
    # With the misread batch undone, the next deciding export has nothing to point at.
    third = import_later(strong_export(write_csv, "us3.csv", US_JANUARY), db_file, "E")
    assert third.warnings == []


def import_native_log(write_csv, database: Path, name: str, member: str, days: list[str]):
    """A native set log of one member, one squat set a day at 18:00, imported."""
    body = "".join(f"{member},{day} 18:00,Squat (Barbell),100,5\n" for day in days)
    path = write_csv(name, "member_id,performed_at,exercise,weight,reps\n" + body)
    return import_file(path, database, options=Options(units="kg"), now=LATER)


def test_the_date_order_of_a_member_holds_whatever_the_case_of_the_id(write_csv, db_file):
    """IDs match regardless of case: a log that spells the member otherwise is still theirs."""
    first = import_native_log(write_csv, db_file, "a.csv", "ann@gym.com", OPEN_JANUARY)
    decided = import_native_log(write_csv, db_file, "b.csv", "Ann@Gym.com", US_JANUARY)
    assert decided.warnings == [
        f"batch {first.batch_id} (a.csv) of the same member was read day-first because its dates"
        " could be either order; this file shows month-first: undo batch 1 and import its file"
        " again"
    ]
    rolling = import_native_log(write_csv, db_file, "c.csv", "ANN@GYM.COM", ROLLING)
    assert rolling.warnings == [
        "dates such as '02/03/2026 18:00' could be either order; read month-first,"
        " as in batch 2 (b.csv) of the same member"
    ]


def test_no_misread_warning_when_the_assumed_order_agrees_or_is_another_members(write_csv, db_file):
    import_later(strong_export(write_csv, "uk1.csv", OPEN_JANUARY), db_file, "E")
    import_later(strong_export(write_csv, "f1.csv", OPEN_JANUARY), db_file, "F")
    agrees = import_later(strong_export(write_csv, "uk2.csv", UK_EXPORT), db_file, "E")
    assert agrees.warnings == []
    other = import_later(strong_export(write_csv, "g.csv", US_JANUARY), db_file, "G")
    assert other.warnings == []
    fitnotes = FITNOTES_HEADER + "01/13/2026,Squat,Legs,100.0,5,,,\n"
    another_app = import_later(write_csv("fitnotes.csv", fitnotes), db_file, "F")
    assert not [w for w in another_app.warnings if "batch" in w]


def test_an_import_into_a_file_of_an_older_schema_has_no_earlier_order_to_follow(
    write_csv, db_file, monkeypatch
):
    with monkeypatch.context() as old:
        old.setattr(db, "SCHEMA_VERSION", 3)
        old.setattr(db, "MIGRATIONS", db.MIGRATIONS[:3])
        db.init(db_file)
    result = import_later(strong_export(write_csv, "strong.csv", ROLLING), db_file)
    assert result.imported == 6
    assert result.warnings[0].endswith(
        "day-first, as no earlier strong import's dates showed the order"
    )
    with db.read(db_file) as con:
        assert db.schema_version(con) == db.SCHEMA_VERSION
    assert len(list((db_file.parent / "backups").glob("gym-v3-*.duckdb"))) == 1


def test_fitnotes_plain_weight_without_unit_assumes_kg(write_csv, db_file):
    path = write_csv(
        "fitnotes.csv", "Date,Exercise,Category,Weight,Reps\n2025-11-03,Squat,Legs,100,5\n"
    )
    result = run(path, db_file)
    assert result.warnings == ["the file does not say the weight unit: assumed kg (use --units lb)"]
    assert figures(db_file)[2] == 500.0


# --- detection, options, mapping ----------------------------------------------------------------


@pytest.mark.parametrize(
    "header, fmt",
    [
        ("Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes",
         "strong"),
        ("Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes,Workout Notes", "strong"),
        ('"Workout #","Date","Workout Name","Duration (sec)","Exercise Name","Set Order",'
         '"Weight (kg)","Reps","RPE","Distance (meters)","Seconds","Notes","Workout Notes"', "strong"),
        ("title,start_time,end_time,description,exercise_title,exercise_notes,set_index,set_type,"
         "weight_kg,reps,distance_km,duration_seconds,rpe", "hevy"),
        ("Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment", "fitnotes"),
        ("Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time", "fitnotes"),
        ("member_id,performed_at,exercise,weight,reps", "native"),
    ],
)  # fmt: skip
def test_detection_from_the_header(header, fmt):
    assert choose(next(csv.reader([header])))[0].name == fmt


def test_format_override_that_does_not_fit_is_unusable(write_csv, db_file):
    log = write_csv("log.csv", "member,when,lift,kg,reps\n")
    with pytest.raises(UnusableFile, match="not a hevy file: missing column"):
        run(log, db_file, "hevy")
    assert not db_file.exists()


@pytest.mark.parametrize(
    "sample, forced, named",
    [
        ("strong_no_unit_kg.csv", "fitnotes", "strong file (Workout Name, Exercise Name, Set Order)"),
        ("fitnotes_weight_unit_column.csv", "native", "fitnotes file (Category)"),
    ],
)  # fmt: skip
def test_format_override_against_another_apps_header_is_refused(sample, forced, named, db_file):
    # Read as the forced format the sets would lose their times, and a later import as their own
    # format would count every set a second time.
    with pytest.raises(UnusableFile, match=rf"^this is a {re.escape(named)}, not {forced}: "):
        run(SAMPLES / sample, db_file, forced, member="M1")
    assert not db_file.exists()


def test_format_override_refuses_another_apps_header_before_naming_missing_columns(db_file):
    with pytest.raises(UnusableFile, match=r"^this is a hevy file \(.*\), not native: "):
        run(SAMPLES / "hevy_kg.csv", db_file, "native", member="M1")


def test_format_override_with_a_map_to_its_own_columns_is_the_users_choice(write_csv, db_file):
    log = write_csv("log.csv", "member_id,date,exercise,weight,reps,category\n"
                    "M1,2026-01-05 18:00,Squat,100,5,Legs\n")  # fmt: skip
    result = run(log, db_file, "native", units="kg", mapping={"performed_at": "date"})
    assert (result.format, result.imported) == ("native", 1)


def test_format_override_with_one_stray_signature_column_is_allowed(write_csv, db_file):
    log = write_csv("log.csv", "member_id,timestamp,exercise,weight,reps,category\n"
                    "M1,2026-01-05 18:00,Squat,100,5,Legs\n")  # fmt: skip
    assert run(log, db_file, "native", units="kg").imported == 1


def test_units_option_against_a_header_that_states_the_unit_is_named(db_file):
    result = run(SAMPLES / "hevy_kg.csv", db_file, member="M1", units="lb")
    assert "--units lb was not used: the header says the unit (weight_kg)" in result.warnings
    assert figures(db_file)[2] == EXPECTED["hevy_kg.csv"]["volume_kg"]  # still in kg


@pytest.mark.parametrize(
    "name, content",
    [
        (
            "fitnotes.csv",
            "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
            "2026-01-05,Squat,Legs,100,kgs,5,,,\n",
        ),
        (
            "strong.csv",
            "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
            "Distance Unit;Seconds;Notes;Workout Notes\n"
            "2026-01-05 18:00:00;Legs;Squat;1;100;kg;5;;;;;;\n",
        ),
    ],
)
def test_units_option_against_a_unit_column_on_every_row_is_named(
    write_csv, db_file, name: str, content: str
):
    result = run(write_csv(name, content), db_file, member="M1", units="lb")
    assert result.imported == 1
    assert result.warnings == [
        "--units lb was not used: the file's Weight Unit column gives every row's unit"
    ]


def test_units_option_is_not_used_by_a_rejected_row(write_csv, db_file):
    """A row rejected for its date, with an empty unit cell, does not take --units: the warning
    that --units was not used stays."""
    header = (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
    )
    path = write_csv(
        "strong.csv",
        header
        + "2026-01-05 18:00:00;Legs;Squat;1;100;kg;5;;;;;;\n"
        + "not a date;Legs;Squat;2;100;;5;;;;;;\n",
    )
    result = run(path, db_file, member="M1", units="lb")
    assert (result.imported, result.rejected) == (1, 1)
    assert (
        "--units lb was not used: the file's Weight Unit column gives every row's unit"
        in result.warnings
    )


@pytest.mark.parametrize(
    "columns, values, why",
    [
        ("Gewicht", "heavy", "no imported row has a value in the Gewicht column"),
        ("Distance (km)", "3", "the file has no weight or distance it applies to"),
    ],
)
def test_units_option_names_why_it_was_not_used(columns, values, why, write_csv, db_file):
    """A file whose weight column --units applies to has one, even when its every row with a
    weight is rejected; one without any such column says so."""
    path = write_csv(
        "strong.csv",
        f"Date,Workout Name,Exercise Name,Set Order,{columns},Reps\n"
        f"2025-09-03 15:42:00,A,Squat,1,{values},5\n",
    )
    result = run(
        path, db_file, units="lb", mapping={"weight": "Gewicht"} if values == "heavy" else {}
    )
    assert result.warnings == [f"--units lb was not used: {why}"]


def test_units_option_for_a_row_without_a_unit_is_used(write_csv, db_file):
    path = write_csv(
        "fitnotes.csv",
        "Date,Exercise,Category,Weight,Weight Unit,Reps\n"
        "2026-01-05,Squat,Legs,100,kgs,5\n2026-01-05,Squat,Legs,100,,5\n",
    )
    result = run(path, db_file, member="M1", units="lb")
    assert result.warnings == []
    assert figures(db_file)[2] == pytest.approx(500 + 500 * KG_PER_LB)


def test_units_option_for_a_plain_distance_next_to_a_stated_weight_is_used(write_csv, db_file):
    path = write_csv(
        "strong.csv",
        "Date,Workout Name,Exercise Name,Set Order,Weight (kg),Reps,Distance,Seconds\n"
        "2025-11-03 18:00:00,Run,Treadmill,1,0,0,1,600\n",
    )
    result = run(path, db_file, units="lb")
    assert not [w for w in result.warnings if "--units" in w]
    assert rows(db_file, "SELECT distance_m FROM v_sets") == [(1609.344,)]


def test_location_option_and_default(db_file):
    run(SAMPLES / "fitnotes_kgs.csv", db_file, location="Annex")
    run(SAMPLES / "hevy_kg.csv", db_file)
    assert rows(
        db_file, "SELECT source_format, location FROM v_workouts GROUP BY ALL ORDER BY 1"
    ) == [
        ("fitnotes", "Annex"),
        ("hevy", "Main"),
    ]


def test_unknown_exercise_names_are_listed_for_mapping(write_csv, db_file):
    path = write_csv("fitnotes.csv", FITNOTES_HEADER + "2025-11-03,Zottman Curl,Arms,10.0,12,,,\n")
    run(path, db_file)
    assert rows(db_file, "SELECT exercise_raw, sets FROM v_unclassified_exercises") == [
        ("Zottman Curl", 1)
    ]
