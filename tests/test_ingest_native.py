from __future__ import annotations

import codecs
import io
import json
import random
import tarfile
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from legdash import cli, db, members, settings, wording
from legdash.ingest import measures, pipeline, source, staging
from legdash.ingest.batches import BatchError, rejects, undo
from legdash.ingest.layout import Options
from legdash.ingest.pipeline import import_file
from legdash.ingest.source import UnusableFile
from legdash.members import MemberError

NOW = datetime(2026, 3, 1, 12, 0)
HEADER = "member_id,performed_at,exercise,weight,reps\n"


def native_rows(weeks: int, member: str = "M1") -> str:
    """Three squat sets every Monday evening for `weeks` weeks from 2026-01-05."""
    rows = []
    for week in range(weeks):
        day = 5 + 7 * week
        month, dom = (1, day) if day <= 31 else (2, day - 31)
        for set_no in range(3):
            rows.append(
                f"{member},2026-{month:02d}-{dom:02d} 18:{set_no * 3:02d},Squat (Barbell),{100 + week},5"
            )
    return HEADER + "\n".join(rows) + "\n"


def _tar(data: bytes) -> bytes:
    """A tar archive of one file holding `data`: a header of text and zeros, the data, then
    zeros to the end, which alone do not say binary."""
    archive, info = io.BytesIO(), tarfile.TarInfo("log.csv")
    info.size = len(data)
    with tarfile.open(fileobj=archive, mode="w") as tar:
        tar.addfile(info, io.BytesIO(data))
    return archive.getvalue()


def run(path: Path, database: Path, **options: object):
    return import_file(path, database, options=Options(**options), now=NOW)  # type: ignore[arg-type]


def count(database: Path, sql: str) -> int:
    with db.read(database) as con:
        return con.execute(sql).fetchone()[0]


def fetch_rows(database: Path, sql: str) -> list[tuple]:
    with db.read(database) as con:
        return con.execute(sql).fetchall()


def test_accounting_with_bad_and_flagged_rows(write_csv, db_file):
    path = write_csv(
        "log.csv",
        HEADER
        + "M1,2026-01-05 18:00,Squat (Barbell),100,5\n"
        + "M1,yesterday,Squat (Barbell),100,5\n"
        + "M1,2026-01-05 18:05,Squat (Barbell),100,five\n"
        + "M1,2026-01-05 18:10,Squat (Barbell),900,5\n"
        + "M1,1949-12-31 10:00,Squat (Barbell),100,5\n"
        + "M1,2027-01-01 10:00,Squat (Barbell),100,5\n"
        + "M1,2026-01-05 18:15,Leg Press (Machine),,\n",
    )
    result = run(path, db_file)
    assert (result.rows_read, result.imported, result.duplicates, result.rejected) == (7, 2, 0, 5)
    reasons = {r["line"]: r["reason"] for r in result.rejects}
    assert "not a date" in reasons[3]
    assert "reps 'five' is not a number" in reasons[4]
    assert "before 1950" in reasons[6]
    assert "in the future" in reasons[7]
    assert "no reps, duration or distance" in reasons[8]
    assert count(db_file, "SELECT count(*) FROM v_sets WHERE flagged") == 1
    assert any("flagged" in w for w in result.warnings)


def test_same_file_twice_is_all_duplicates(write_csv, db_file):
    path = write_csv("log.csv", native_rows(4))
    first = run(path, db_file)
    second = run(path, db_file)
    assert (first.imported, first.duplicates) == (12, 0)
    assert (second.imported, second.duplicates, second.rejected) == (0, 12, 0)
    assert count(db_file, "SELECT count(*) FROM sets") == 12


def test_overlapping_reexport_imports_only_new_weeks(write_csv, db_file):
    run(write_csv("weeks1-4.csv", native_rows(4)), db_file)
    result = run(write_csv("weeks1-8.csv", native_rows(8)), db_file)
    assert (result.rows_read, result.imported, result.duplicates) == (24, 12, 12)
    assert count(db_file, "SELECT count(*) FROM sets") == 24
    assert count(db_file, "SELECT count(*) FROM workouts") == 8


def test_changed_values_are_duplicates_with_a_warning(write_csv, db_file):
    run(write_csv("a.csv", native_rows(1)), db_file)
    changed = native_rows(1).replace(",100,5\n", ",102.5,5\n", 1)
    result = run(write_csv("b.csv", changed), db_file)
    assert (result.imported, result.duplicates) == (0, 3)
    assert any("different weight or reps" in w and "line 2" in w for w in result.warnings)


def test_identical_rows_in_one_file_are_distinct_sets(write_csv, db_file):
    row = "M1,2026-01-05 18:00,Squat (Barbell),100,5\n"
    result = run(write_csv("same.csv", HEADER + row * 3), db_file)
    assert result.imported == 3
    with db.read(db_file) as con:
        ordinals = [
            r[0] for r in con.execute("SELECT ordinal FROM sets ORDER BY ordinal").fetchall()
        ]
    assert ordinals == [1, 2, 3]


def test_undo_removes_exactly_that_batch_and_allows_reimport(write_csv, db_file):
    first = run(write_csv("a.csv", native_rows(2)), db_file)
    second = run(write_csv("b.csv", native_rows(2, member="M2")), db_file)
    with db.write(db_file) as con:
        removed = undo(con, second.batch_id)
        with pytest.raises(BatchError):
            undo(con, second.batch_id)
        with pytest.raises(BatchError):
            undo(con, 999)
    assert removed["sets"] == 6
    assert count(db_file, "SELECT count(*) FROM sets") == 6
    assert count(db_file, "SELECT count(DISTINCT member_id) FROM sets") == 1
    assert count(db_file, f"SELECT count(*) FROM sets WHERE batch_id = {first.batch_id}") == 6
    assert count(db_file, "SELECT count(*) FROM members WHERE member_id = 'M2'") == 0
    again = run(write_csv("b.csv", native_rows(2, member="M2")), db_file)
    assert again.imported == 6


def test_ids_of_an_undone_batch_are_never_given_again(write_csv, db_file):
    """A set id noted down (to unflag it) must not name another set after an undo."""
    log = write_csv("a.csv", native_rows(2))
    first = run(log, db_file)
    highest = (
        count(db_file, "SELECT max(set_id) FROM sets"),
        count(db_file, "SELECT max(workout_id) FROM workouts"),
    )
    with db.write(db_file) as con:
        undo(con, first.batch_id)
    run(log, db_file)
    lowest = (
        count(db_file, "SELECT min(set_id) FROM sets"),
        count(db_file, "SELECT min(workout_id) FROM workouts"),
    )
    assert lowest[0] > highest[0] and lowest[1] > highest[1]


# Written with decimal commas (102,5), where a dot separates thousands: 1.500 may be 1,500.
DECIMAL_COMMA = (
    "member_id;performed_at;exercise;weight;reps;distance_m\n"
    "M1;2026-01-05 18:00;Squat;102,5;5;\n"
    "M1;2026-01-05 18:05;Squat;1.500;5;\n"
    "M1;2026-01-05 18:10;Rowing;;;2.000\n"
    "M1;2026-01-05 18:20;Rowing;;;1.500.000\n"
    "M1;2026-01-05 18:30;Squat;0.500;5;\n"
    "M1;2026-01-05 18:35;Squat;100.25;5;\n"
)


def test_a_file_with_decimal_commas_rejects_numbers_whose_dots_may_separate_thousands(
    write_csv, db_file
):
    result = run(write_csv("log.csv", DECIMAL_COMMA), db_file, units="kg")
    comma = "this file writes decimals with a comma"
    assert result.rejects == [
        {"line": 3, "reason": f"weight '1.500' could be 1.5 or 1,500: {comma}"},
        {"line": 4, "reason": f"distance_m '2.000' could be 2 or 2,000: {comma}"},
        {"line": 5, "reason": f"distance_m '1.500.000' could be 1,500,000: {comma}"},
    ]
    # A leading zero or other than three digits after the dot is no thousands separator.
    assert [r[0] for r in fetch_rows(db_file, "SELECT weight_kg FROM sets ORDER BY set_id")] == [
        102.5,
        0.5,
        100.25,
    ]


def test_a_file_with_decimal_points_reads_a_dot_and_three_digits_as_decimals(write_csv, db_file):
    points = DECIMAL_COMMA.replace("102,5", "102.5")
    result = run(write_csv("log.csv", points), db_file, units="kg")
    assert result.rejects == [{"line": 5, "reason": "distance_m '1.500.000' is not a number"}]
    assert fetch_rows(db_file, "SELECT weight_kg, distance_m FROM sets ORDER BY set_id") == [
        (102.5, None),
        (1.5, None),
        (None, 2.0),
        (0.5, None),
        (100.25, None),
    ]


def test_units_and_optional_columns(write_csv, db_file):
    path = write_csv(
        "units.csv",
        "Member ID,Performed At,Exercise,Weight,Reps,Unit,RPE,Set Type,Notes,Location\n"
        "M1,2026-01-05T18:00:00+01:00,Squat (Barbell),225,5,lb,8,warmup,easy,Annex\n"
        "M1,2026-01-05 18:05,Squat (Barbell),100,5,kg,,,,\n",
    )
    result = run(path, db_file)
    assert result.imported == 2
    # The only warning: the rows without a location are at the default, Main.
    assert result.warnings == [
        "this file brings 2 locations: Annex (1 set), Main (1 set); check for typos: each location"
        " has its own racks and figures"
    ]
    with db.read(db_file) as con:
        rows = con.execute(
            "SELECT weight_kg, rpe, set_type, location, performed_at FROM v_sets ORDER BY set_id"
        ).fetchall()
    assert rows[0][0] == pytest.approx(225 * 0.45359237)
    assert rows[0][1:4] == (8.0, "warmup", "Annex")
    assert rows[0][4] == datetime(2026, 1, 5, 17, 0)  # +01:00 converted to Europe/London
    assert rows[1][2:4] == ("normal", "Main")


def test_missing_unit_assumes_kg_with_a_warning_and_units_flag(write_csv, db_file):
    path = write_csv("a.csv", native_rows(1))
    assert any("assumed kg" in w for w in run(path, db_file).warnings)
    lb = run(write_csv("b.csv", native_rows(1, member="M2")), db_file, units="lb")
    assert not lb.warnings
    weight = count(db_file, "SELECT max(weight_kg) FROM sets WHERE member_id = 'M2'")
    assert weight == pytest.approx(100 * 0.45359237)


@pytest.mark.parametrize(
    ("header", "units", "kg"), [("weight_kg", "lb", 100.0), ("Load (lbs)", "kg", 45.359237)]
)
def test_a_header_naming_the_unit_wins_over_the_units_option(write_csv, db_file, header, units, kg):
    log = write_csv("log.csv", native_rows(1).replace("weight", header, 1))

    def native(database: Path, **options: object):
        chosen = Options(mapping={"weight": header}, **options)  # type: ignore[arg-type]
        return import_file(log, database, "native", options=chosen, now=NOW)

    result = native(db_file, units=units)
    assert result.warnings == [f"--units {units} was not used: the header says the unit ({header})"]
    assert count(db_file, "SELECT max(weight_kg) FROM sets") == pytest.approx(kg)
    assert "assumed kg" not in " ".join(native(db_file.with_name("b.duckdb")).warnings)


@pytest.mark.parametrize(
    ("header", "kg"),
    [
        ("weight_lbs", 45.359237),
        ("weight_lb", 45.359237),
        ("Weight (lbs)", 45.359237),
        ("Weight (lb)", 45.359237),
        ("load_lbs", 45.359237),
        ("Load (pounds)", 45.359237),
        ("Weight (kgs)", 100.0),
    ],
)
def test_a_weight_header_naming_its_unit_is_recognised(write_csv, db_file, header, kg):
    log = write_csv("log.csv", native_rows(1).replace("weight", f'"{header}"', 1))
    result = run(log, db_file)
    assert (result.format, result.imported, result.warnings) == ("native", 3, [])
    assert count(db_file, "SELECT max(weight_kg) FROM sets") == pytest.approx(kg)


def test_a_unit_contradicting_the_header_rejects_the_row(write_csv, db_file):
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight_kg,reps,unit\n"
        "M1,2026-01-05 18:00,Squat,100,5,lb\n"
        "M1,2026-01-05 18:01,Squat,100,5,kgs\n"
        "M1,2026-01-05 18:02,Squat,100,5,\n",
    )
    result = run(log, db_file, units="lb")
    assert (result.rows_read, result.imported, result.rejected) == (3, 2, 1)
    assert result.rejects == [
        {"line": 2, "reason": "unit 'lb' contradicts the weight_kg column (kg)"}
    ]
    assert result.warnings == ["--units lb was not used: the header says the unit (weight_kg)"]
    assert count(db_file, "SELECT count(*) FROM sets WHERE weight_kg = 100") == 2
    pounds = write_csv(
        "lb.csv",
        "member_id,performed_at,exercise,Weight (lbs),reps,unit\n"
        "M2,2026-01-05 18:00,Squat,100,5,KG\n"
        "M2,2026-01-05 18:01,Squat,100,5,pounds\n",
    )
    result = run(pounds, db_file)
    assert result.rejects == [
        {"line": 2, "reason": "unit 'KG' contradicts the Weight (lbs) column (lb)"}
    ]
    assert count(db_file, "SELECT max(weight_kg) FROM sets WHERE member_id = 'M2'") == (
        pytest.approx(45.359237)
    )


def test_a_unit_without_a_weight_is_not_checked(write_csv, db_file):
    """As in the app exports: a row's unit is its weight's, so with no weight (no external load)
    it contradicts nothing; a weight of 0 is a weight."""
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight_kg,reps,unit\n"
        "M1,2026-01-05 18:00,Pull Up,,8,lb\n"
        "M1,2026-01-05 18:01,Pull Up,,8,stone\n"
        "M1,2026-01-05 18:02,Pull Up,0,8,lb\n",
    )
    result = run(log, db_file)
    assert (result.imported, result.rejects) == (
        2,
        [{"line": 4, "reason": "unit 'lb' contradicts the weight_kg column (kg)"}],
    )
    assert fetch_rows(db_file, "SELECT weight_kg FROM sets") == [(None,), (None,)]


def test_units_option_against_a_unit_on_every_row_is_named(write_csv, db_file):
    log = write_csv("log.csv", "member_id,performed_at,exercise,weight,reps,unit\n"
                    "M1,2026-01-05 18:00,Squat,100,5,kg\n")  # fmt: skip
    assert run(log, db_file, units="lb").warnings == [
        "--units lb was not used: the file's unit column gives every row's unit"
    ]


def test_multiline_notes_keep_spreadsheet_row_numbers(write_csv, db_file):
    path = write_csv(
        "notes.csv",
        "member_id,performed_at,exercise,weight,reps,notes\n"
        'M1,2026-01-05 18:00,Squat (Barbell),100,5,"felt\nheavy"\n'
        "M1,2026-01-05 18:03,Squat (Barbell),100,x,\n",
    )
    result = run(path, db_file)
    assert result.imported == 1
    assert result.rejects == [{"line": 3, "reason": "reps 'x' is not a number"}]


def test_a_multiline_note_with_a_trailing_delimiter_stays_one_row(write_csv, db_file):
    path = write_csv(
        "notes.csv",
        "member_id,performed_at,exercise,weight,reps,notes\n"
        'M1,2026-01-05 18:04,Squat,100,5,"line one\nline two",\n'
        "M1,2026-01-05 18:06,Squat,100,5,ok,\n",
    )
    result = run(path, db_file)
    assert (result.rows_read, result.imported, result.rejects) == (2, 2, [])
    assert count(db_file, "SELECT count(*) FROM sets WHERE notes = 'line one\nline two'") == 1


def test_a_rejected_multiline_note_with_a_trailing_delimiter_is_one_reject(write_csv, db_file):
    bad = 'M1,2026-01-05 18:04,Squat,100,five,"line one\nline two",'
    path = write_csv(
        "notes.csv",
        "member_id,performed_at,exercise,weight,reps,notes\n"
        f"{bad}\n"
        "M1,2026-01-05 18:06,Squat,100,5,ok,\n"
        'M1,2026-01-05 18:08,Squat,100,x,"one\ntwo\nthree",,\n'
        "M1,2026-01-05 18:10,Squat,100,5,fine,\n",
    )
    result = run(path, db_file, units="kg")
    assert (result.rows_read, result.imported, result.duplicates, result.rejected) == (4, 2, 0, 2)
    assert result.rejects == [
        {"line": 2, "reason": "reps 'five' is not a number"},
        {"line": 4, "reason": "reps 'x' is not a number"},
    ]
    with db.read(db_file) as con:
        texts = [text for _, _, text in rejects(con, result.batch_id)]
    assert texts == [bad, 'M1,2026-01-05 18:08,Squat,100,x,"one\ntwo\nthree",,']
    # A stray quote is no quoted note: the lines it swallowed are rows of their own again.
    stray = write_csv(
        "stray.csv",
        "member_id,performed_at,exercise,weight,reps,notes\n"
        'M2,2026-01-05 18:00,Squat,100,five,"oops\n'
        "M2,2026-01-05 18:01,Squat,100,5,ok\n"
        'M2,2026-01-05 18:02,Squat,100,5,"fine",\n',
    )
    result = run(stray, db_file, units="kg")
    assert (result.rows_read, result.imported, result.rejected) == (3, 2, 1)
    assert result.rejects == [{"line": 2, "reason": 'has an unmatched quote (")'}]


def test_notes_over_the_limit_are_cut_with_one_warning(write_csv, db_file):
    long, longest, limit = "a" * 2001, "b" * 5000, "c" * 2000
    path = write_csv(
        "notes.csv",
        "member_id,performed_at,exercise,weight,reps,notes\n"
        f"M1,2026-01-05 18:00,Squat (Barbell),100,5,{long}\n"
        f"M1,2026-01-05 18:03,Squat (Barbell),100,5,{longest}\n"
        f"M1,2026-01-05 18:06,Squat (Barbell),100,5,{limit}\n"
        f"M1,2026-01-05 18:09,Squat (Barbell),100,x,{longest}\n",
    )
    result = run(path, db_file, units="kg")
    assert (result.imported, result.rejected) == (3, 1)
    assert result.warnings == ["2 notes longer than 2,000 characters were cut to 2,000"]
    assert count(db_file, "SELECT max(length(notes)) FROM sets") == 2000
    with db.read(db_file) as con:
        assert con.execute("SELECT warnings FROM import_batches").fetchone()[0] == result.warnings
    again = run(path, db_file, units="kg")
    assert again.duplicates == 3 and again.warnings == result.warnings


def test_one_cut_note_is_one_warning(write_csv, db_file):
    path = write_csv(
        "note.csv",
        "member_id,performed_at,exercise,weight,reps,notes\n"
        f"M1,2026-01-05 18:00,Squat (Barbell),100,5,{'n' * 2500}\n",
    )
    assert run(path, db_file, units="kg").warnings == [
        "1 note longer than 2,000 characters was cut to 2,000"
    ]


def test_unquoted_comma_in_exercise_name_is_repaired(write_csv, db_file):
    path = write_csv(
        "comma.csv",
        HEADER
        + "M1,2026-01-05 18:00,Squat, pause (Barbell),100,5\n"
        + "M1,2026-01-05 18:05,Squat (Barbell),100,5,extra,fields\n",
    )
    result = run(path, db_file)
    assert result.imported == 1
    assert result.rejected == 1 and "has 7 fields" in result.rejects[0]["reason"]
    assert (
        count(db_file, "SELECT count(*) FROM sets WHERE exercise_raw = 'Squat, pause (Barbell)'")
        == 1
    )


@pytest.mark.parametrize(
    "first_note, note",
    [
        ("", ""),  # DuckDB's fast reader reads the file and drops the empty last field
        ('"two\nlines"', ""),  # a note over two lines: the Python reader reads the file
        ("", "ok"),  # too many fields for the fast reader: the Python reader too
    ],
)
def test_an_unquoted_comma_before_an_empty_last_column_is_repaired_by_either_reader(
    first_note, note, write_csv, db_file
):
    """One reading lines the row up, so it is read, whichever reader reads the file (a file the
    fast reader misread is read again, its warnings said once)."""
    path = write_csv(
        "comma.csv",
        HEADER.replace("reps", "reps,notes")
        + f"M1,2026-01-05 18:00,Squat (Barbell),100,5,{first_note}\n"
        + f"M1,2026-01-05 18:05,Squat, paused,100,5,{note}\n"
        + "M1,2026-01-05 18:10,Squat (Barbell),110,5,\n",
    )
    result = run(path, db_file)
    assert (result.imported, result.rejects) == (3, [])
    assumed, unknown = result.warnings  # each said once
    assert assumed == measures.NO_WEIGHT_UNIT
    assert unknown.startswith("1 set name 1 exercise the taxonomy does not know ('Squat, paused')")
    assert fetch_rows(
        db_file, "SELECT exercise_raw, weight_kg FROM sets ORDER BY performed_at"
    ) == [
        ("Squat (Barbell)", 100.0),
        ("Squat, paused", 100.0),
        ("Squat (Barbell)", 110.0),
    ]


def test_missing_member_column_needs_member_option(write_csv, db_file):
    path = write_csv(
        "me.csv", "performed_at,exercise,weight,reps\n2026-01-05 18:00,Deadlift,140,3\n"
    )
    with pytest.raises(UnusableFile, match="--member"):
        run(path, db_file)
    assert not db_file.exists()
    assert run(path, db_file, member="M7").imported == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"PK\x03\x04rest", "zip"),
        (b"\x00" * 8 + b"DUCK" + b"\x00" * 40, "a DuckDB database"),
        (b"PAR1\x15\x04", "a Parquet file"),
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<< /Length 9 >>\nstream\n\x00\x01", "a PDF document"),
        (b"hello world\n", "no recognisable header"),
        (b"a,b,c\n1,2,3\n", "does not match any known format"),
        # Zero bytes that are not UTF-16's: mostly zeros, or in most lines, a binary file.
        (bytes(4096), "a binary file"),
        (HEADER.encode() + bytes(4096) + b"M1,2026-01-05 18:00,Squat,100,5\n", "a binary file"),
        (random.Random(7).randbytes(4096), "a binary file"),
        # Zeros a file ends in do not vote (a copy cut short): what comes before them does.
        (random.Random(7).randbytes(4096) + bytes(4096), "a binary file"),
        (b"\x01\x02\x03\x04" + bytes(70_000), "a binary file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(4096), "PNG image"),
        (_tar(native_rows(10).encode()), "a tar archive"),
        (HEADER.encode() + b"\x00\x01\x02\n" * 3 + b"M1,2026-01-05 18:00,Squat,100,5\n",
         "a binary file"),
        (HEADER.replace("reps", "re\x00ps").encode() + b"M1,2026-01-05 18:00,Squat,100,5\n",
         "the header row holds a NUL character"),
        # A header row alone is one line: its NUL says so, while other control bytes say binary.
        (HEADER.replace("reps", "re\x00ps").encode(), "the header row holds a NUL character"),
        (HEADER.replace("reps", "re\x00ps").rstrip("\n").encode(),
         "the header row holds a NUL character"),
        (HEADER.replace("reps", "re\x00\x01\x02ps").encode(), "a binary file"),
        # A copy cut short inside its header row: no NUL to delete, the file is not whole.
        (HEADER[:27].encode() + bytes(4096), "ends in zero bytes inside its header row"),
        (HEADER[:27].encode() + bytes(100_000), "ends in zero bytes inside its header row"),
        (HEADER[:27].encode("utf-16") + bytes(4095), "ends in zero bytes inside its header row"),
        (HEADER[:5].encode() + bytes(4096), "ends in zero bytes inside its header row"),
        (HEADER.rstrip("\n").encode() + bytes(4096), "ends in zero bytes inside its header row"),
    ],
)  # fmt: skip
def test_unusable_files_write_nothing(write_csv, db_file, content, message):
    with pytest.raises(UnusableFile, match=message):
        run(write_csv("bad.csv", content), db_file)
    assert not db_file.exists()


@pytest.mark.parametrize(
    "before, delimiter",
    [
        ("sep=;\n", ";"),
        ("sep=,\r\n", ","),
        ("SEP=\t\n", "\t"),
        ("\n\n", ","),
        ("\r\n \nsep=;\n", ";"),
        (",,,,,\n;;\n", ","),  # a spreadsheet's empty rows
    ],
)
@pytest.mark.parametrize("note", ["one line", '"two\nlines"'])  # DuckDB's reader, then Python's
def test_excels_sep_line_and_blank_lines_before_the_header_are_skipped(
    write_csv, db_file, before, delimiter, note
):
    """Line numbers stay the file's: the header is on line 1 + the lines before it."""
    rows = [
        "member_id,performed_at,exercise,weight,reps,notes",
        "M1,2026-01-05 18:00,Squat,100,5,",
        "M1,not a date,Squat,100,5,",
        f"M1,2026-01-05 18:05,Squat,100,5,{note}",
        "M1,2026-01-05 18:10,Squat,100,x,",
    ]
    text = "\n".join(row.replace(",", delimiter) for row in rows) + "\n"
    result = run(write_csv("log.csv", before + text), db_file, units="kg")
    first = before.count("\n") + 1  # the header's line
    assert (result.imported, result.rejected) == (2, 2)
    assert [r["line"] for r in result.rejects] == [first + 2, first + 4]
    with db.read(db_file) as con:
        assert [raw for _, _, raw in rejects(con, 1)] == [
            rows[2].replace(",", delimiter),
            rows[4].replace(",", delimiter),
        ]


def test_a_refused_file_leaves_no_utf8_copy_behind(write_csv, db_file):
    path = write_csv("names.csv", "Caf\u00e9 list\nJos\u00e9\n".encode("cp1252"))
    with pytest.raises(UnusableFile, match="no recognisable header"):
        run(path, db_file)
    # Nothing at all is left: no copy, no work folder, not the database's folder the import made.
    assert not db_file.parent.exists()


def test_a_device_is_refused(db_file):
    """A device or pipe is never read: /dev/zero would be copied until the disk is full."""
    with pytest.raises(UnusableFile, match="null is not a regular file"):
        run(Path("/dev/null"), db_file)
    assert not db_file.exists()


def test_stations_import_normalises_equipment(write_csv, db_file):
    path = write_csv(
        "stations.csv",
        "station_id,equipment_type,started_at,ended_at,member_id\n"
        "R1,Power Rack 3,2026-01-05 18:00,2026-01-05 18:40,M1\n"
        "R2,half rack,2026-01-05 18:10,2026-01-05 18:30,\n"
        "P1,Deadlift platform,2026-01-05 18:10,2026-01-05 18:05,\n",
    )
    result = run(path, db_file)
    assert (result.format, result.imported, result.rejected) == ("stations", 2, 1)
    assert result.rejects[0] == {"line": 4, "reason": "session ends before it starts"}
    with db.read(db_file) as con:
        kinds = con.execute("SELECT DISTINCT equipment_type FROM v_station_sessions").fetchall()
    assert kinds == [("squat_rack",)]
    assert run(path, db_file).duplicates == 2


BAD_MEMBER_IDS = ["M 2", "M\t4", "M\n5", "y" * 65, "Bell\x07", "-M7", "=cmd", "@gym"]


def test_member_ids_in_files_follow_the_rule_of_member_add(write_csv, db_file):
    ids = ["M1", " M3 ", "\u00a0M6\u00a0", "ann.lee+gym@example.com", "x" * 64, *BAD_MEMBER_IDS]
    rows = "".join(
        f'"{member}",2026-01-05 18:{minute:02d},Squat,100,5\n' for minute, member in enumerate(ids)
    )
    result = run(write_csv("log.csv", HEADER + rows), db_file, units="kg")
    assert (result.rows_read, result.imported, result.duplicates, result.rejected) == (13, 5, 0, 8)
    said = {}
    for member in BAD_MEMBER_IDS:
        with pytest.raises(MemberError) as refused:
            members.validate_id(member)
        said[member] = str(refused.value)
    # The same reason as `member add`, with a long ID cut in the middle as every reason cuts one.
    said["y" * 65] = said["y" * 65].replace("y" * 65, "y" * 40 + "...")
    assert result.rejects == [
        {"line": line, "reason": said[member]} for line, member in enumerate(BAD_MEMBER_IDS, 7)
    ]
    with db.read(db_file) as con:
        stored = {m for (m,) in con.execute("SELECT member_id FROM members").fetchall()}
    assert stored == {"M1", "M3", "M6", "ann.lee+gym@example.com", "x" * 64}


# Every character Python's str.strip() strips, and format characters it keeps (zero-width space,
# word joiner, BOM), which the member ID rule then refuses.
PYTHON_SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()]


def test_a_file_member_id_is_trimmed_of_every_whitespace_as_python_strips_it():
    texts = [f"{space}M1{space}" for space in PYTHON_SPACES] + ["\u200bM1", "M1\u2060", "\ufeffM1"]
    con = duckdb.connect()
    con.execute(staging.MACROS)
    trimmed = con.execute("SELECT list_transform(?, lambda t: ld_member_id(t))", [texts])
    assert trimmed.fetchone()[0] == [t.strip() for t in texts]


@pytest.mark.parametrize("fmt", ["native", "stations"])
def test_member_ids_with_tabs_and_line_ends_around_them_are_trimmed_not_refused(
    write_csv, db_file, fmt
):
    ids = [" ann@gym.com ", "M1\u00a0", "M1\t", "M1\r", "\tM2\r\n", "M3\u2028", "\u3000M3"]
    if fmt == "native":
        body = HEADER + "".join(
            f'"{member}",2026-01-05 18:{minute:02d},Squat,100,5\n'
            for minute, member in enumerate(ids)
        )
    else:
        body = "station_id,equipment_type,started_at,ended_at,member_id\n" + "".join(
            f'R{n},half rack,2026-01-05 18:{n:02d},2026-01-05 18:{n + 30:02d},"{member}"\n'
            for n, member in enumerate(ids)
        )
    result = run(write_csv(f"{fmt}.csv", body), db_file, units="kg")
    assert (result.format, result.imported, result.rejected) == (fmt, 7, 0)
    table = "v_sets" if fmt == "native" else "v_station_sessions"
    with db.read(db_file) as con:
        stored = con.execute(f"SELECT DISTINCT member_id FROM {table} ORDER BY 1").fetchall()
    assert stored == [("M1",), ("M2",), ("M3",), ("ann@gym.com",)]


def test_a_station_log_member_id_follows_the_rule_of_member_add(write_csv, db_file):
    path = write_csv(
        "stations.csv",
        "station_id,equipment_type,started_at,ended_at,member_id\n"
        "R1,Power Rack 3,2026-01-05 18:00,2026-01-05 18:40,ann@gym.example\n"
        'R2,half rack,2026-01-05 18:10,2026-01-05 18:30,"M\n1"\n'
        "R3,half rack,2026-01-05 18:10,2026-01-05 18:30,\n",
    )
    result = run(path, db_file)
    assert (result.rows_read, result.imported, result.rejected) == (3, 2, 1)
    assert result.rejects == [
        {
            "line": 3,
            "reason": "member ID 'M\\n1' must be 1-64 letters, digits, '.', '_', '-', '@' or '+',"
            " the first a letter or digit",
        }
    ]


def test_stations_in_logs_raise_the_inventory_but_never_lower_it(write_csv, db_file):
    from legdash import settings

    rows = "".join(
        f"{name},{kind},2026-01-05 18:00,2026-01-05 18:40\n"
        for name, kind in [("R1", "rack"), ("R2", "rack"), ("P1", "platform"), ("B1", "bike")]
    )
    path = write_csv("stations.csv", "station_id,equipment_type,started_at,ended_at\n" + rows)
    with db.write(db_file) as con:
        settings.set_value(con, "inventory.platform", "2")
    result = run(path, db_file)
    assert result.warnings == [
        "inventory: squat_rack at Main raised from 0 to 2 (stations in the logs)"
    ]
    with db.read(db_file) as con:
        assert settings.inventory(con)["Main"] == {"platform": 2, "squat_rack": 2}


def test_undo_lowers_the_inventory_its_station_log_raised(write_csv, db_file):
    from legdash import settings

    header = "station_id,equipment_type,started_at,ended_at\n"
    session = "{},rack,2026-01-0{} 18:00,2026-01-0{} 18:40\n"
    first = run(write_csv("a.csv", header + session.format("R1", 5, 5)), db_file)
    second = run(
        write_csv("b.csv", header + "".join(session.format(r, 6, 6) for r in "ABC")), db_file
    )
    with db.write(db_file) as con:
        settings.set_value(con, "inventory.platform", "2")
        assert settings.inventory(con)["Main"] == {"platform": 2, "squat_rack": 4}
        # Back to what the remaining log shows (R1), not to the 0 before this import.
        assert undo(con, second.batch_id)["inventory"] == 1
        assert settings.inventory(con)["Main"] == {"platform": 2, "squat_rack": 1}
        assert undo(con, first.batch_id)["inventory"] == 1
        assert settings.inventory(con) == {"Main": {"platform": 2}}


def test_undoing_station_logs_out_of_order_ends_where_the_owner_left_the_count(write_csv, db_file):
    from legdash import settings

    header = "station_id,equipment_type,started_at,ended_at\n"
    session = "{},rack,2026-01-0{} 18:00,2026-01-0{} 18:40\n"
    with db.write(db_file) as con:
        settings.set_value(con, "inventory.squat_rack", "2")
    first = run(
        write_csv("a.csv", header + "".join(session.format(r, 5, 5) for r in "ABC")), db_file
    )
    second = run(
        write_csv("b.csv", header + "".join(session.format(r, 6, 6) for r in "ABCD")), db_file
    )
    with db.write(db_file) as con:
        assert settings.inventory(con)["Main"] == {"squat_rack": 4}
        undo(con, first.batch_id)  # the count is the second log's now: left alone
        assert settings.inventory(con)["Main"] == {"squat_rack": 4}
        undo(con, second.batch_id)
        assert settings.inventory(con)["Main"] == {"squat_rack": 2}


def test_undo_keeps_an_inventory_count_changed_since_the_import(write_csv, db_file):
    from legdash import settings

    header = "station_id,equipment_type,started_at,ended_at\n"
    batch = run(write_csv("a.csv", header + "R1,rack,2026-01-05 18:00,2026-01-05 18:40\n"), db_file)
    with db.write(db_file) as con:
        settings.set_value(con, "inventory.squat_rack", "5")
        assert undo(con, batch.batch_id)["inventory"] == 0
        assert settings.inventory(con)["Main"] == {"squat_rack": 5}


def test_rejected_rows_are_stored_with_original_text(write_csv, db_file):
    result = run(
        write_csv("a.csv", HEADER + "M1,2026-01-05 18:00,Squat,=HYPERLINK(1),5\n"), db_file
    )
    with db.read(db_file) as con:
        stored = rejects(con, result.batch_id)
    assert stored == [
        (2, "weight '=HYPERLINK(1)' is not a number", "M1,2026-01-05 18:00,Squat,=HYPERLINK(1),5")
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_rejected_row_keeps_its_original_line_from_the_fast_reader(tmp_path, db_file, ending):
    line = 'M1,2026-01-05 10:00,=HYPERLINK("http://x"),100,bad,"=1+2"'
    path = tmp_path / "log.csv"
    rows = ["member_id,performed_at,exercise,weight,reps,notes", "M1,2026-01-05 09:58,Squat,100,5,"]
    path.write_text(ending.join([*rows, line, ""]), newline="")
    result = run(path, db_file)
    assert result.imported == 1
    with db.read(db_file) as con:
        assert rejects(con, result.batch_id) == [(3, "reps 'bad' is not a number", line)]


def test_cli_json_summary_and_exit_codes(write_csv, db_file, capsys):
    good = write_csv("good.csv", native_rows(1))
    bad = write_csv("bad.csv", b"\x00\x01binary")
    code = cli.main(["import", str(good), str(bad), "--db", str(db_file), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    first, second = out["files"]
    assert first["rows_read"] == first["imported"] + first["duplicates"] + first["rejected"] == 3
    assert first["format"] == "native" and first["batch_id"] == 1 and first["error"] is None
    assert second["batch_id"] is None and "binary" in second["error"]
    assert cli.main(["import", str(good), "--db", str(db_file), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)["files"][0]
    assert (again["imported"], again["duplicates"]) == (0, 3)
    assert cli.main(["undo", "2", "--db", str(db_file)]) == 0
    assert cli.main(["undo", "2", "--db", str(db_file)]) == 2
    assert "undone already" in capsys.readouterr().err


def test_clean_files_take_duckdbs_fast_reader(write_csv, tmp_path):
    import duckdb

    from legdash.ingest import raw
    from legdash.ingest.source import open_csv

    source = open_csv(write_csv("log.csv", native_rows(2)), tmp_path)
    con = duckdb.connect()
    assert raw._load_fast(con, source, len(source.header), has_header=True) == 6
    assert con.execute("SELECT min(line), max(line) FROM raw").fetchone() == (2, 7)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("ending", ["\n", "\r\n", ""])
def test_every_encoding_takes_duckdbs_fast_reader(tmp_path, encoding: str, ending: str) -> None:
    """The line count comes from the pass that checks or transcodes the file; a wrong count would
    send a clean file to the slow reader."""
    from legdash.ingest import raw
    from legdash.ingest.source import open_csv

    rows = [
        "member_id,performed_at,exercise,weight,reps",
        "M1,2026-01-05 18:00,Squat (Barbell),100,5",
        "M2,2026-01-05 18:05,Crème de la squat,80,5",
    ]
    path = tmp_path / "log.csv"
    path.write_bytes(((ending or "\n").join(rows) + ending).encode(encoding))
    source = open_csv(path, tmp_path)
    assert source.lines == 3
    assert raw._load_fast(duckdb.connect(), source, len(source.header), has_header=True) == 2


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF32_LE + text.encode("utf-32-le"),
        lambda text: codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
        lambda text: text.encode("utf-32-le"),
        lambda text: text.encode("utf-32-be"),
    ],
    ids=["utf-32", "utf-32-be", "utf-32 without BOM", "utf-32-be without BOM"],
)
def test_a_utf32_file_is_read(write_csv, db_file, encode) -> None:
    """UTF-32 (PowerShell's Export-Csv -Encoding UTF32) was read as UTF-16 and refused for a NUL
    in its header, which no one can delete: each character's zero bytes are the encoding's."""
    text = HEADER + "M1,2026-01-05 18:00,Crème,100,5\nM1,2026-01-05 18:03,Squat \U0001f3cb,100,5\n"
    result = run(write_csv("log.csv", encode(text)), db_file, units="kg")
    assert (result.imported, result.rejected) == (2, 0)
    stored = fetch_rows(db_file, "SELECT exercise_raw FROM sets ORDER BY performed_at")
    assert stored == [("Crème",), ("Squat \U0001f3cb",)]


CHUNK = 1 << 20  # what source.py reads at a time


def _padded_to(data: bytes, size: int) -> bytes:
    """`data` and a row whose exercise name runs up to byte `size` of the file."""
    row = b"M1,2026-01-05 18:00,Squat "
    return data + row + b"x" * (size - len(data) - len(row))


@pytest.mark.parametrize(
    "between, encoding",
    [
        # A UTF-8 character split across the first two chunks.
        (b"", "utf-8"),
        # Its two bytes with a whole chunk of plain ASCII between them: not UTF-8.
        (b",100,5\n", "cp1252"),
    ],
    ids=["split character", "split by an ASCII chunk"],
)
def test_the_utf8_check_sees_characters_across_read_chunks(
    tmp_path, between: bytes, encoding: str
) -> None:
    from legdash.ingest.source import open_csv

    data = _padded_to(HEADER.encode(), CHUNK - 1) + b"\xc3" + between
    if between:
        data = _padded_to(data, 2 * CHUNK)  # the next byte starts the third chunk
    data += b"\xa9,100,5\n"
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    source = open_csv(path, tmp_path)
    assert source.encoding == encoding
    assert source.lines == data.count(b"\n")


UTF8_ROW = "M1,2026-01-05 18:04,Soulevé de terre,100,5\n".encode()
LATIN1_ROW = "M1,2026-01-05 18:06,café,100,5\n".encode("latin-1")


@pytest.mark.parametrize(
    "data, stored, rejected",
    [
        # Mostly UTF-8, with or without a BOM: the Latin-1 row is rejected, not garbled.
        (HEADER.encode() + UTF8_ROW + LATIN1_ROW, "Soulevé de terre", (3, LATIN1_ROW)),
        (
            codecs.BOM_UTF8 + HEADER.encode() + UTF8_ROW + LATIN1_ROW,
            "Soulevé de terre",
            (3, LATIN1_ROW),
        ),
        # Mostly Latin-1: the UTF-8 row is rejected, the others read as before.
        (HEADER.encode() + LATIN1_ROW * 2 + UTF8_ROW, "café", (4, UTF8_ROW)),
    ],
    ids=["utf-8", "utf-8 with BOM", "latin-1"],
)
def test_a_row_in_another_encoding_than_the_file_is_rejected(
    tmp_path, db_file, data: bytes, stored: str, rejected: tuple[int, bytes]
) -> None:
    """Decoding a mixed file whole in one encoding garbles the other rows' accents silently."""
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    result = run(path, db_file, units="kg")
    assert result.rows_read == result.imported + 1
    assert [r["line"] for r in result.rejects] == [rejected[0]]
    assert "UTF-8" in result.rejects[0]["reason"]
    with db.read(db_file) as con:
        assert con.execute("SELECT DISTINCT exercise_raw FROM sets").fetchall() == [(stored,)]
        line, text = rejected
        encoding = "utf-8" if text == UTF8_ROW else "latin-1"
        assert rejects(con, result.batch_id)[0][2] == text.decode(encoding).rstrip("\n")


NUL_ROW = "M2,2026-01-05 18:09,Squat (Bar\x00bell),100,5\n"


@pytest.mark.parametrize(
    "before, encode",
    [
        ("", lambda text: text.encode("utf-8")),
        ("", lambda text: codecs.BOM_UTF8 + text.encode("utf-8")),
        ("", lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le")),
        ("", lambda text: text.encode("utf-16-be")),
        ("", lambda text: text.encode("cp1252")),
        # Past the first 64 KiB, which decide whether the file is text.
        ("M1,2026-01-05 18:00,Squat (Barbell),100,5\n" * 2000, lambda text: text.encode()),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16", "utf-16-be without BOM", "cp1252", "late"],
)
def test_a_row_with_a_nul_character_is_rejected_alone(
    tmp_path, db_file, before: str, encode
) -> None:
    """A stray zero byte in one row (an app's note) rejects that row, not the file as binary."""
    path = tmp_path / "log.csv"
    rows = HEADER + before + "M1,2026-01-05 18:03,Crème,100,5\n"
    path.write_bytes(encode(rows + NUL_ROW + "M1,2026-01-05 18:06,Squat (Barbell),100,5\n"))
    result = run(path, db_file, units="kg")
    line = rows.count("\n") + 1
    assert (result.rows_read, result.imported) == (line, line - 1)
    assert result.rejects == [{"line": line, "reason": source.NUL_IN_ROW}]
    assert count(db_file, "SELECT count(*) FROM sets WHERE contains(exercise_raw, chr(0))") == 0
    assert count(db_file, "SELECT count(*) FROM sets WHERE exercise_raw = 'Crème'") == 1
    with db.read(db_file) as con:
        assert rejects(con, result.batch_id)[0][2] == NUL_ROW.rstrip("\n")


ROWS_BEFORE_ZEROS = HEADER + "".join(f"M1,2026-01-05 18:0{n},Squat,100,5\n" for n in range(5))


@pytest.mark.parametrize(
    "text, encode, zeros",
    [
        (ROWS_BEFORE_ZEROS, lambda text: text.encode(), 4096),
        (ROWS_BEFORE_ZEROS.replace("\n", "\r\n"), lambda text: text.encode(), 4096),
        (ROWS_BEFORE_ZEROS, lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), 4096),
        (ROWS_BEFORE_ZEROS, lambda text: text.encode("utf-16-be"), 4096),
        (ROWS_BEFORE_ZEROS, lambda text: text.encode("utf-32-le"), 4096),
        # Zeros that end inside a character: they are still the zeros a copy cut short ends in.
        (ROWS_BEFORE_ZEROS, lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), 4095),
        (ROWS_BEFORE_ZEROS, lambda text: text.encode("utf-16-be"), 1),
        (ROWS_BEFORE_ZEROS, lambda text: text.encode("utf-32-le"), 4099),
        # Cut inside the row after the last one read.
        (ROWS_BEFORE_ZEROS + "M1,2026-01-05 18:1", lambda text: text.encode(), 4096),
        # More zeros than a field may hold, and zeros after the first 64 KiB.
        (ROWS_BEFORE_ZEROS, lambda text: text.encode(), 17 << 20),
        (
            ROWS_BEFORE_ZEROS + "M1,2026-01-05 18:10,Squat,100,5\n" * 2000,
            lambda t: t.encode(),
            4096,
        ),
    ],
    ids=[
        "utf-8",
        "crlf",
        "utf-16",
        "utf-16-be without BOM",
        "utf-32",
        "utf-16 odd",
        "utf-16-be one zero byte",
        "utf-32 cut in a character",
        "cut in a row",
        "huge",
        "late",
    ],
)
def test_a_file_ending_in_zeros_imports_its_rows(tmp_path, db_file, text, encode, zeros) -> None:
    """A copy cut short (a USB stick pulled out, a preallocated file) ends in a block of zeros:
    its rows import and the zeros' line is rejected, rather than the file refused as binary."""
    path = tmp_path / "log.csv"
    path.write_bytes(encode(text) + bytes(zeros))
    result = run(path, db_file, units="kg")
    rows = text.count("\n") - 1
    assert (result.rows_read, result.imported) == (rows + 1, rows)
    assert result.rejects == [{"line": rows + 2, "reason": source.ZERO_TAIL}]
    # The rejected line keeps its text, not the zeros: it says how many there were.
    cut = text.rsplit("\n", 1)[1]
    with db.read(db_file) as con:
        [(_, _, raw)] = rejects(con, result.batch_id)
    assert raw == f"{cut}[{wording.plural(zeros, 'zero byte')} to the end of the file]"


def _utf16(before: str, broken: bytes, after: str, order: str = "le") -> bytes:
    """UTF-16 text with a byte-order mark, `broken` (bytes that are no UTF-16 character)
    between `before` and `after`."""
    bom = codecs.BOM_UTF16_LE if order == "le" else codecs.BOM_UTF16_BE
    return bom + before.encode(f"utf-16-{order}") + broken + after.encode(f"utf-16-{order}")


ROWS = HEADER + "M1,2026-01-05 18:00,Crème,100,5\n"
LAST = "M1,2026-01-05 18:06,Squat (Barbell),100,5"


@pytest.mark.parametrize(
    "data, encoding, line",
    [
        # An unpaired high surrogate, a lone low one, in either byte order.
        (_utf16(ROWS + "M1,2026-01-05 18:03,Squat", b"\x00\xd8", ",100,5\n" + LAST), "UTF-16", 3),
        (_utf16(ROWS + "M1,2026-01-05 18:03,Squat", b"\xdc\x00", ",100,5\n" + LAST, "be"), "UTF-16", 3),
        # The last character cut in half: one byte where UTF-16 takes two.
        (_utf16(ROWS + LAST, b"\x35", ""), "UTF-16", 3),
        # A byte cp1252 leaves undefined past the first 64 KiB, which chose the encoding.
        ((ROWS + "M1,2026-01-05 18:00,Squat,100,5\n" * 2100).encode("cp1252")
         + b"M1,2026-01-05 18:09,Squat\x81,100,5\n" + LAST.encode(), "cp1252", 2103),
    ],
    ids=["unpaired surrogate", "lone low surrogate, big-endian", "cut off", "cp1252"],
)  # fmt: skip
def test_a_row_with_a_broken_character_is_rejected_as_in_utf8(
    tmp_path, db_file, data: bytes, encoding: str, line: int
) -> None:
    """Bytes that are no character of the file's encoding reject their row with its line, as
    a UTF-8 file's do, rather than land as U+FFFD (or, cut off at the end, vanish)."""
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    result = run(path, db_file, units="kg")
    assert result.imported == result.rows_read - 1
    assert [r["line"] for r in result.rejects] == [line]
    assert result.rejects[0]["reason"].startswith(f"not valid {encoding} text like the rest")
    assert count(db_file, "SELECT count(*) FROM sets WHERE contains(exercise_raw, '\ufffd')") == 0
    assert count(db_file, "SELECT count(*) FROM sets WHERE exercise_raw = 'Crème'") == 1
    with db.read(db_file) as con:
        assert "\ufffd" in rejects(con, result.batch_id)[0][2]


@pytest.mark.parametrize(
    "lines, stored",
    [
        # Saved again by Excel with UK settings: semicolons, decimal commas, day first.
        (
            ["\ufeffmember_id;performed_at;exercise;weight;reps",
             "M1;05/01/2026 18:04;Squat (Barbell);100,5;5", "M1;13/01/2026 18:10;Squat (Barbell);100;5"],
            [datetime(2026, 1, 5, 18, 4), datetime(2026, 1, 13, 18, 10)],
        ),
        # With US settings: month first, 12-hour clock.
        (
            [HEADER.strip(), "M1,1/5/2026 6:04 PM,Squat (Barbell),100,5",
             "M1,1/13/2026 6:10 PM,Squat (Barbell),100,5"],
            [datetime(2026, 1, 5, 18, 4), datetime(2026, 1, 13, 18, 10)],
        ),
        ([HEADER.strip(), "M1,05.01.2026 18:12,Squat (Barbell),100,5"], [datetime(2026, 1, 5, 18, 12)]),
    ],
    ids=["UK spreadsheet", "US spreadsheet", "dotted"],
)  # fmt: skip
def test_a_native_file_saved_again_by_a_spreadsheet_keeps_its_dates(
    write_csv, db_file, lines: list[str], stored: list[datetime]
) -> None:
    result = run(write_csv("log.csv", "\n".join(lines) + "\n"), db_file, units="kg")
    assert (result.imported, result.rejected) == (len(stored), 0)
    assert not [w for w in result.warnings if "day/month" in w]
    with db.read(db_file) as con:
        assert [
            r[0] for r in con.execute("SELECT performed_at FROM sets ORDER BY set_id").fetchall()
        ] == stored


def test_a_date_no_order_reads_does_not_turn_the_files_dates_around(write_csv, db_file) -> None:
    """A typo such as 13/13/2026 is rejected; it must not read a month-first file day-first."""
    us = "M1,1/20/2026 6:04 PM,Squat,100,5\nM1,2/3/2026 6:10 PM,Squat,100,5\n"
    result = run(
        write_csv("us.csv", HEADER + us + "M1,13/13/2026 7:00 PM,Squat,100,5\n"),
        db_file,
        units="kg",
    )
    assert (result.imported, result.rejected) == (2, 1)
    assert not [w for w in result.warnings if "day/month" in w]
    assert fetch_rows(db_file, "SELECT performed_at FROM sets ORDER BY set_id") == [
        (datetime(2026, 1, 20, 18, 4),),
        (datetime(2026, 2, 3, 18, 10),),
    ]


def test_a_spreadsheet_file_that_leaves_the_date_order_open_follows_an_earlier_one(
    write_csv, db_file
) -> None:
    """Dates such as 2/3/2026 follow the member's earlier file, a file of many members the
    latest native file that showed its order."""
    # The member comes from --member here, and from the member_id column in the next file.
    us = "performed_at,exercise,weight,reps\n1/13/2026 6:10 PM,Squat,100,5\n2/3/2026 6:04 PM,Squat,100,5\n"
    assert run(write_csv("us.csv", us), db_file, units="kg", member="M1").warnings == []
    feb = HEADER + "M1,2/3/2026 6:04 PM,Squat,100,5\n"
    again = run(write_csv("feb.csv", feb), db_file, units="kg")
    assert again.warnings == [
        "dates such as '2/3/2026 6:04 PM' could be either order; read month-first,"
        " as in batch 1 (us.csv) of the same member"
    ]
    assert (again.imported, again.duplicates) == (0, 1)
    both = "M1,2/3/2026 6:04 PM,Squat,100,5\nM2,2/4/2026 7:00 PM,Squat,100,5\n"
    many = run(write_csv("both.csv", HEADER + both), db_file, units="kg")
    assert many.warnings == [
        "dates such as '2/3/2026 6:04 PM' could be either order; read month-first,"
        " as in batch 1 (us.csv), the latest native import whose dates showed the order"
    ]
    assert (many.imported, many.duplicates) == (1, 1)
    assert count(db_file, "SELECT max(performed_at) FROM sets") == datetime(2026, 2, 4, 19, 0)


def test_iso_dates_keep_their_reading_next_to_a_spreadsheet_date(write_csv, db_file) -> None:
    log = write_csv(
        "log.csv",
        HEADER + "M1,2026-01-05 24:00,Squat,100,5\nM1,5/1/2026 18:04,Squat,100,5\n"
        "M1,2026-01-06T18:10:00+01:00,Squat,100,5\n",
    )
    result = run(log, db_file, units="kg")
    assert (result.imported, result.rejected) == (3, 0)
    with db.read(db_file) as con:
        assert [
            r[0] for r in con.execute("SELECT performed_at FROM sets ORDER BY set_id").fetchall()
        ] == [
            datetime(2026, 1, 6, 0, 0),
            datetime(2026, 1, 5, 18, 4),
            datetime(2026, 1, 6, 17, 10),  # Europe/London
        ]


def test_a_spreadsheet_date_after_iso_first_rows_says_which_style_to_use(write_csv, db_file):
    log = write_csv("log.csv", HEADER + "M1,2026-01-05 18:04,Squat,100,5\n" * 1000
                    + "M1,05/01/2026 18:09,Squat,100,5\n")  # fmt: skip
    result = run(log, db_file, units="kg")
    assert (result.imported, result.rejected) == (1000, 1)
    assert result.rejects[0]["reason"] == (
        "performed_at '05/01/2026 18:09' is not a date and time (the first rows of the file"
        " write 2026-01-31 18:05: use that style throughout)"
    )


def test_a_date_no_style_reads_is_rejected_with_examples(write_csv, db_file) -> None:
    log = write_csv(
        "log.csv", HEADER + "M1,05/01/2026 18:04,Squat,100,5\nM1,yesterday,Squat,100,5\n"
    )
    result = run(log, db_file, units="kg")
    assert (result.imported, result.rejected) == (1, 1)
    assert result.rejects[0]["reason"] == (
        "performed_at 'yesterday' is not a date and time (e.g. 2026-01-31 18:05, 31 Jan 2026, "
        "18:05 or Jan 31, 2026, 6:05 PM)"
    )


def test_a_location_keeps_its_known_spelling(write_csv, db_file) -> None:
    """One floor must not split into "Main", "main" and " Main " over case and spaces."""
    assert run(write_csv("first.csv", native_rows(1)), db_file, units="kg").warnings == []
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,reps,location\n"
        "M2,2026-01-06 18:00,Squat (Barbell),100,5,MAIN\n"
        "M2,2026-01-06 18:03,Squat (Barbell),100,5,\n",
    )
    result = run(log, db_file, units="kg", location="  main ")
    assert (result.imported, result.warnings) == (2, [])
    with db.read(db_file) as con:
        assert con.execute("SELECT DISTINCT location FROM v_sets").fetchall() == [("Main",)]


def test_member_option_for_a_file_with_member_ids_says_where_it_applies(write_csv, db_file):
    log = write_csv(
        "log.csv", HEADER + "M1,2026-01-05 18:00,Squat,100,5\n,2026-01-05 18:03,Squat,100,5\n"
    )
    result = run(log, db_file, units="kg", member="M9")
    assert result.warnings == [
        "--member M9 applies only to rows with an empty member_id: the file has a member_id column"
    ]
    assert count(db_file, "SELECT count(DISTINCT member_id) FROM v_sets") == 2


@pytest.mark.parametrize(
    "name, content",
    [
        ("counts.csv", "observed_at,people\n2026-01-05 18:00,12\n"),
        (
            "stations.csv",
            "station_id,equipment_type,started_at,ended_at,member_id\n"
            "R1,Power Rack 3,2026-01-05 18:00,2026-01-05 18:40,M1\n",
        ),
    ],
)
def test_member_and_units_for_a_file_without_sets_are_named_as_not_used(
    write_csv, db_file, name: str, content: str
):
    result = run(write_csv(name, content), db_file, units="lb", member="M9")
    file = "an occupancy file" if result.format == "occupancy" else "a stations file"
    assert (result.imported, result.warnings[:2]) == (
        1,
        [
            f"--member M9 was not used: {file} has no workout sets it applies to",
            f"--units lb was not used: {file} has no weight or distance it applies to",
        ],
    )
    assert count(db_file, "SELECT count(*) FROM v_import_batches WHERE member_id IS NULL") == 1
    assert count(db_file, "SELECT count(*) FROM members WHERE member_id = 'M9'") == 0


def test_spellings_of_a_new_location_in_one_file_are_one_location(write_csv, db_file) -> None:
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,reps,location\n"
        "M1,2026-01-05 18:00,Squat,100,5,Annex  Hall\n"
        "M1,2026-01-05 18:03,Squat,100,5,annex hall\n"
        "M1,2026-01-05 18:06,Squat,100,5,\u00a0ANNEX HALL\u200b\n"
        "M1,2026-01-05 18:09,Squat,100,5,\n",
    )
    result = run(log, db_file, units="kg", location="ANNEX hall")
    assert result.imported == 4
    with db.read(db_file) as con:
        assert con.execute("SELECT DISTINCT location FROM v_sets").fetchall() == [("Annex Hall",)]


def test_a_location_with_a_control_character_rejects_its_row(write_csv, db_file) -> None:
    """A tab or line break in a location is a space; a bell, escape or U+0085 is no name."""
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,reps,location\n"
        "M1,2026-01-05 18:00,Squat,100,5,Side  Hall\n"
        'M1,2026-01-05 18:01,Squat,100,5,"Side\tHall"\n'
        'M1,2026-01-05 18:02,Squat,100,5,"Side\n Hall"\n'
        'M1,2026-01-05 18:03,Squat,100,5,"Bell\x07Hall"\n'
        'M1,2026-01-05 18:04,Squat,100,5,"Esc\x1bHall"\n'
        'M1,2026-01-05 18:05,Squat,100,5,"Nel\x85Hall"\n',
    )
    result = run(log, db_file, units="kg")
    assert (result.rows_read, result.imported, result.duplicates, result.rejected) == (6, 3, 0, 3)
    assert result.rejects == [
        {"line": 5, "reason": "location 'Bell\\x07Hall' holds a control character"},
        {"line": 6, "reason": "location 'Esc\\x1bHall' holds a control character"},
        {"line": 7, "reason": "location 'Nel\\x85Hall' holds a control character"},
    ]
    with db.read(db_file) as con:
        assert con.execute("SELECT DISTINCT location FROM v_sets").fetchall() == [("Side Hall",)]


def test_a_location_no_one_could_type_rejects_its_row(write_csv, db_file) -> None:
    """A file's location follows the rule of --location, so every stored one can be asked for."""
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,reps,location\n"
        f"M1,2026-01-05 18:00,Squat,100,5,{'L' * 100}\n"
        f"M1,2026-01-05 18:01,Squat,100,5,{'L' * 101}\n"
        f"M1,2026-01-05 18:02,Squat,100,5,Side{' ' * 100}Hall\n"
        "M1,2026-01-05 18:03,Squat,100,5,Side\u202eHall\n"
        "M1,2026-01-05 18:04,Squat,100,5,Side\u2066Hall\n"
        "M1,2026-01-05 18:05,Squat,100,5,\u200b\n"
        'M1,2026-01-05 18:06,Squat,100,5,"\t\u200b\n"\n',
    )
    result = run(log, db_file, units="kg")
    assert (result.rows_read, result.imported, result.rejected) == (7, 2, 5)
    assert result.rejects == [
        {"line": 3, "reason": f"location '{'L' * 40}...' must be 1 to 100 characters"},
        {
            "line": 5,
            "reason": "location 'Side\\u202eHall' must not hold right-to-left or left-to-right"
            " override characters",
        },
        {
            "line": 6,
            "reason": "location 'Side\\u2066Hall' must not hold right-to-left or left-to-right"
            " override characters",
        },
        {"line": 7, "reason": "location '\\u200b' must have a visible character"},
        {"line": 8, "reason": "location '\\t\\u200b\\n' must have a visible character"},
    ]
    with db.read(db_file) as con:
        rows = con.execute("SELECT DISTINCT location FROM v_sets ORDER BY 1").fetchall()
    stored = [location for (location,) in rows]
    assert stored == ["L" * 100, "Side Hall"]
    assert [settings.location_name(name) for name in stored] == stored


def test_a_station_log_location_with_a_control_character_rejects_its_row(write_csv, db_file):
    path = write_csv(
        "stations.csv",
        "station_id,equipment_type,started_at,ended_at,location\n"
        "R1,Power Rack,2026-01-05 18:00,2026-01-05 18:40,Annex\n"
        'R1,Power Rack,2026-01-05 19:00,2026-01-05 19:40,"Annex\x1b[2J"\n',
    )
    result = run(path, db_file)
    assert (result.rows_read, result.imported, result.rejected) == (2, 1, 1)
    assert result.rejects == [
        {"line": 3, "reason": "location 'Annex\\x1b[2J' holds a control character"}
    ]


def test_a_station_log_location_no_one_could_type_rejects_its_row(write_csv, db_file) -> None:
    path = write_csv(
        "stations.csv",
        "station_id,equipment_type,started_at,ended_at,location\n"
        "R1,Power Rack,2026-01-05 18:00,2026-01-05 18:40,Annex\n"
        f"R1,Power Rack,2026-01-05 19:00,2026-01-05 19:40,{'A' * 101}\n"
        "R1,Power Rack,2026-01-05 20:00,2026-01-05 20:40,\u202eAnnex\n",
    )
    result = run(path, db_file)
    assert (result.rows_read, result.imported, result.rejected) == (3, 1, 2)
    assert [r["reason"] for r in result.rejects] == [
        f"location '{'A' * 40}...' must be 1 to 100 characters",
        "location '\\u202eAnnex' must not hold right-to-left or left-to-right override characters",
    ]


def test_a_new_location_in_a_database_with_data_is_named(write_csv, db_file) -> None:
    run(write_csv("first.csv", native_rows(1)), db_file, units="kg")
    result = run(write_csv("log.csv", native_rows(1, "M2")), db_file, units="kg", location="Mian")
    assert result.imported == 3
    assert result.warnings == [
        "new location(s) Mian (known: Main); check the spelling: each location has its own racks"
        " and figures"
    ]


def test_new_and_known_locations_holding_a_comma_are_quoted(write_csv, db_file) -> None:
    """Joined by commas alone, "Annex, East" and "Main" would read as three locations."""
    run(write_csv("first.csv", native_rows(1)), db_file, units="kg", location="Annex, East")
    result = run(write_csv("log.csv", native_rows(1, "M2")), db_file, units="kg", location="Mian")
    assert result.warnings == [
        "new location(s) Mian (known: Main, 'Annex, East'); check the spelling: each location has its"
        " own racks and figures"
    ]


def test_a_first_import_with_several_locations_names_them_with_their_rows(write_csv, db_file):
    """A new database knows no location to compare with: a typo in its first file is named too."""
    rows = [f"M1,2026-01-05 18:{minute:02d},Squat,100,5,Main" for minute in range(4)]
    rows[2] = rows[2].replace("Main", "Mian")
    log = write_csv(
        "log.csv", "member_id,performed_at,exercise,weight,reps,location\n" + "\n".join(rows)
    )
    result = run(log, db_file, units="kg")
    assert result.warnings == [
        "this file brings 2 locations: Main (3 sets), Mian (1 set); check for typos: each"
        " location has its own racks and figures"
    ]


def test_a_first_import_at_one_location_says_nothing_of_it(write_csv, db_file) -> None:
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,reps,location\n"
        "M1,2026-01-05 18:00,Squat,100,5,Annex\n"
        "M1,2026-01-05 18:03,Squat,100,5,annex\n",
    )
    assert run(log, db_file, units="kg").warnings == []


def test_a_first_station_log_with_several_locations_names_them(write_csv, db_file) -> None:
    log = write_csv(
        "stations.csv",
        "station_id,equipment_type,started_at,ended_at,location\n"
        "R1,squat rack,2026-01-05 18:00,2026-01-05 18:30,Main\n"
        "R2,squat rack,2026-01-05 18:00,2026-01-05 18:30,Annex\n",
    )
    assert run(log, db_file).warnings[0] == (
        "this file brings 2 locations: Annex (1 station session), Main (1 station session);"
        " check for typos: each location has its own racks and figures"
    )


def test_a_typed_location_is_named_with_its_invisible_characters_written_out(
    write_csv, db_file
) -> None:
    run(write_csv("first.csv", native_rows(1)), db_file, units="kg")
    typed = "Side\u200bHall"
    result = run(write_csv("log.csv", native_rows(1, "M2")), db_file, units="kg", location=typed)
    assert result.warnings == [
        "new location(s) Side\\u200bHall (known: Main); check the spelling: each location has its"
        " own racks and figures"
    ]


def test_reject_reasons_write_invisible_characters_out(write_csv, db_file) -> None:
    """A zero-width space, joiner, word joiner or byte-order mark shows nothing: written as itself,
    the reason "reps '5' is not a number" would blame a value that reads right."""
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,reps,unit,set_type\n"
        "M1,2026-01-05 18:00,Squat,100,5\u200b,kg,\n"
        "M1,2026-01-05 18:01,Squat,100,\u20605,kg,\n"
        "M1,2026-01-05 18:02,Squat,100,5,kg\ufeff,\n"
        "M1,2026-01-05 18:03,Squat,100,5,kg,warm\u200dup\n"
        "M1,2026-01-05 18:04,Squat\u200b,100,5,kg,\n",
    )
    result = run(log, db_file)
    assert [r["reason"] for r in result.rejects] == [
        "reps '5\\u200b' is not a number",
        "reps '\\u20605' is not a number",
        "unit 'kg\\ufeff' is not kg or lb",
        "set_type 'warm\\u200dup' is not normal, warmup, dropset or failure",
    ]
    assert result.imported == 1


def test_reasons_and_messages_escape_the_same_characters() -> None:
    """ld_escaped (reject reasons) and wording.escaped (messages in Python) follow one
    definition: every control, format and space character but the plain space, as Python's repr
    escapes them, and nothing else."""
    categories = ("Cc", "Cf", "Zs", "Zl", "Zp")
    invisible = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in categories]
    texts = [*invisible, "Main Hall", "café", "1\u00a000", "a\u3000b", "\U0001f3cb\ufe0f", "'"]
    con = duckdb.connect()
    con.execute(staging.MACROS)
    sql = con.execute("SELECT ld_escaped(unnest($texts))", {"texts": texts}).fetchall()
    python = [wording.escaped(text) for text in texts]
    assert [row[0] for row in sql] == python
    assert python == [repr(text)[1:-1] for text in texts[:-1]] + ["'"]
    assert (
        wording.escaped("\u200b\u200c\u200d\u2060\ufeff\n\u00a0\u2028 ")
        == "\\u200b\\u200c\\u200d\\u2060\\ufeff\\n\\xa0\\u2028 "
    )


def test_a_reason_writes_a_no_break_space_inside_a_value_out(write_csv, db_file) -> None:
    log = write_csv("log.csv", HEADER + "M1,2026-01-05 18:00,Squat,1\u00a000,5\n")
    result = run(log, db_file, units="kg")
    assert result.rejects == [{"line": 2, "reason": "weight '1\\xa000' is not a number"}]


def test_text_fields_lose_spaces_of_every_kind(write_csv, db_file) -> None:
    """Exports pad with no-break and other Unicode spaces as well as plain ones."""
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,reps,location\n"
        "\u00a0M1 ,2026-01-05 18:00,\u202fSquat (Barbell)\u00a0, 100,5,Annex\u3000\n"
        "M1,2026-01-05 18:03,Squat (Barbell),100,5,\u00a0\n"
        "\u2007,2026-01-05 18:05,Squat (Barbell),100,5,\n",
    )
    result = run(log, db_file, units="kg")
    assert (result.imported, result.rejected) == (2, 1)
    assert result.rejects[0]["reason"].startswith("no member ID")
    with db.read(db_file) as con:
        assert con.execute(
            "SELECT DISTINCT member_id, exercise_raw, exercise, location FROM v_sets ORDER BY ALL"
        ).fetchall() == [
            ("M1", "Squat (Barbell)", "Back Squat", "Annex"),
            ("M1", "Squat (Barbell)", "Back Squat", "Main"),
        ]


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("2026-01-31 18:05:09", datetime(2026, 1, 31, 18, 5, 9), True),
        ("2026-01-31T18:05:09", datetime(2026, 1, 31, 18, 5, 9), True),
        ("2026-01-31 18:05", datetime(2026, 1, 31, 18, 5), True),
        (" 2026-01-31 18:05:09 ", datetime(2026, 1, 31, 18, 5, 9), True),
        ("2026-1-31 8:05", datetime(2026, 1, 31, 8, 5), True),
        ("2026-01-31 18:05:09.250", datetime(2026, 1, 31, 18, 5, 9, 250000), True),
        ("2026-01-31 18:05:09+01:00", datetime(2026, 1, 31, 17, 5, 9), True),
        ("2026-01-31T18:05:09Z", datetime(2026, 1, 31, 18, 5, 9), True),
        ("2026-01-31", datetime(2026, 1, 31), False),
        ("2026-02-30 18:05:09", None, True),
        ("2026-01-31 24:05:09", None, True),
        ("2026-01-31 18:05:0Z", None, True),
        ("2026-01-31 6:00 PM", None, True),
        ("31/01/2026 18:05", None, True),
        ("epoch", None, False),
    ],
)
def test_iso_date_times_are_read_exactly(
    text: str, expected: datetime | None, has_time: bool
) -> None:
    """Plain date-times take a fast path; it must read them exactly as the general path does."""
    con = duckdb.connect()
    con.execute(staging.MACROS)
    value, timed = con.execute(
        "SELECT ld_iso_ts(?, 'UTC'), ld_has_time(?)", [text, text]
    ).fetchone()
    assert value == expected
    assert timed is has_time


def test_a_repeated_header_name_is_read_once_with_a_warning(write_csv, db_file):
    path = write_csv(
        "log.csv", HEADER.replace("reps", "reps,Reps") + "M1,2026-01-05 18:00,Squat,100,5,6\n"
    )
    result = run(path, db_file, units="kg")
    assert result.warnings == [
        "the header names 'reps' more than once: column 5 is read, column 6 ignored"
    ]
    assert count(db_file, "SELECT reps FROM sets") == 5


@pytest.mark.parametrize(
    "columns, values, read, ignored, kg",
    [
        ("weight,weight_lbs", "100,220", 5, [4], 220 * staging.KG_PER_LB),
        ("weight_lbs,weight", "220,100", 4, [5], 220 * staging.KG_PER_LB),
        ("weight_kg,weight_lbs", "100,220", 4, [5], 100),
        ("Weight (lb),load,weight_kg", "220,100,100", 6, [4, 5], 100),
        ("load_kg,weight_lbs", "100,220", 4, [5], 100),  # kg before lb, whatever the name
    ],
)
def test_two_weight_columns_read_the_one_that_names_its_unit_with_a_warning(
    columns, values, read, ignored, kg, write_csv, db_file
):
    """Not a silent pick: the column whose unit is sure (kg before lb) is read, and the warnings
    name the others, as for a header that names a column twice."""
    path = write_csv(
        "log.csv",
        f"member_id,performed_at,exercise,{columns},reps\nM1,2026-01-05 18:00,Squat,{values},5\n",
    )
    result = run(path, db_file)
    names = ", ".join(repr(name) for name in columns.split(","))
    skipped = ", ".join(map(str, ignored))
    assert result.warnings == [
        f"the header names weight ({names}) more than once: column {read} is read,"
        f" column{'s' if len(ignored) > 1 else ''} {skipped} ignored"
    ]
    assert count(db_file, "SELECT weight_kg FROM sets") == pytest.approx(kg)


@dataclass(frozen=True)
class UnitCellLog:
    """A format's file whose weight is in a plain column (4) with its unit cell beside it (5),
    and again in a column that names kg (6): the native set log's layout, and FitNotes'."""

    header: str
    row: str  # one set: {n}, its number, and {cells}, its "weight,unit,kg"
    member: str | None = None  # --member, for a format without member IDs

    def text(self, *sets: str) -> str:
        return self.header + "".join(self.row.format(n=n, cells=c) for n, c in enumerate(sets))

    @property
    def two_weights(self) -> str:
        """The warning that names the plain weight column and the one that names kg."""
        names = self.header.split(",")
        return (
            f"the header names weight ({names[3]!r}, {names[5]!r}) more than once: column 4 is"
            " read (column 6 in a row whose unit cell is empty)"
        )


UNIT_CELL_LOGS = {
    "native": UnitCellLog(
        "member_id,performed_at,exercise,weight,unit,weight_kg,reps\n",
        "M1,2026-01-05 18:{n}0,Squat,{cells},5\n",
    ),
    "fitnotes": UnitCellLog(
        "Date,Exercise,Category,Weight,Weight Unit,Weight (kgs),Reps\n",
        "2025-11-03,Squat,Legs,{cells},5\n",
        member="M1",
    ),
}


@pytest.mark.parametrize("fmt", sorted(UNIT_CELL_LOGS))
def test_a_plain_weight_column_with_a_unit_column_is_read_beside_one_that_names_its_unit(
    fmt, write_csv, db_file
):
    """The unit column gives the plain column's unit row by row: that column is read, and the
    column that names kg is not read in a row with a unit, its values unchecked (no contradiction,
    no 'not a number'). Every row's unit is known: nothing is assumed."""
    log = UNIT_CELL_LOGS[fmt]
    path = write_csv(f"{fmt}.csv", log.text("225,lbs,102.1", "100,kgs,n/a", "90,kgs,"))
    result = run(path, db_file, member=log.member)
    assert (result.format, result.imported, result.rejects) == (fmt, 3, [])
    assert result.warnings == [log.two_weights]
    assert fetch_rows(db_file, "SELECT weight_kg FROM sets ORDER BY set_id") == [
        (pytest.approx(225 * staging.KG_PER_LB),),
        (100.0,),
        (90.0,),
    ]


@pytest.mark.parametrize("fmt", sorted(UNIT_CELL_LOGS))
@pytest.mark.parametrize(
    "units, assumed, kg",
    [(None, [measures.NO_WEIGHT_UNIT], 80), ("lb", [], 80 * staging.KG_PER_LB)],
)
def test_a_row_with_an_empty_unit_cell_reads_the_column_that_names_its_unit(
    fmt, units, assumed, kg, write_csv, db_file
):
    """Where the unit cell is empty, the column that names its unit has the weight, if the row
    has one there; else the plain weight is in --units, and without it the warnings say kg."""
    log = UNIT_CELL_LOGS[fmt]
    path = write_csv(f"{fmt}.csv", log.text("225,lbs,102.1", "225,,102.1", "80,,"))
    result = run(path, db_file, units=units, member=log.member)
    assert (result.format, result.imported, result.rejects) == (fmt, 3, [])
    assert result.warnings == [log.two_weights, *assumed]
    assert fetch_rows(db_file, "SELECT weight_kg FROM sets ORDER BY set_id") == [
        (pytest.approx(225 * staging.KG_PER_LB),),
        (pytest.approx(102.1),),
        (pytest.approx(kg),),
    ]


def test_a_row_with_an_empty_unit_cell_checks_the_weight_kg_value_it_reads(write_csv, db_file):
    """The weight_kg column is read where the unit cell is empty and it has a value: an n/a there
    is not a weight, and the plain weight is not read in its place; in a row with a unit, or
    without a value there, it is not read, and the plain weight is the one checked."""
    path = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,unit,weight_kg,reps\n"
        "M1,2026-01-05 18:00,Squat,225,,n/a,5\n"
        "M1,2026-01-05 18:05,Squat,225,lb,n/a,5\n"
        "M1,2026-01-05 18:10,Squat,n/a,,102.5,5\n"
        "M1,2026-01-05 18:15,Squat,n/a,,,5\n",
    )
    result = run(path, db_file, units="lb")
    assert result.rejects == [
        {"line": 2, "reason": "weight_kg 'n/a' is not a number"},
        {"line": 5, "reason": "weight 'n/a' is not a number"},
    ]
    assert fetch_rows(db_file, "SELECT weight_kg FROM sets ORDER BY performed_at") == [
        (pytest.approx(225 * staging.KG_PER_LB),),
        (102.5,),
    ]


@pytest.mark.parametrize(
    "units, warnings",
    [
        (["lb", "kg"], []),
        (["lb", ""], [measures.NO_WEIGHT_UNIT]),
        (["lb", " "], [measures.NO_WEIGHT_UNIT]),
    ],
)
def test_an_empty_unit_cell_says_that_kg_was_assumed(units, warnings, write_csv, db_file):
    path = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,unit,reps\n"
        f"M1,2026-01-05 18:00,Squat,225,{units[0]},5\n"
        f"M1,2026-01-05 18:05,Squat,100,{units[1]},5\n",
    )
    assert run(path, db_file).warnings == warnings


@pytest.mark.parametrize(
    "units, warnings",
    [
        (None, []),
        ("lb", ["--units lb was not used: the file's unit column gives every row's unit"]),
    ],
)
def test_a_rejected_rows_empty_unit_cell_assumes_nothing(units, warnings, write_csv, db_file):
    """Every stored row says kg: the rejected row's empty unit cell read its weight in no unit,
    as in the app exports."""
    path = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,unit,reps\n"
        "M1,2026-01-05 18:00,Squat,100,kg,5\n"
        "M1,2026-01-05 18:05,Squat,100,,x\n",
    )
    result = run(path, db_file, units=units)
    assert (result.imported, result.rejected, result.warnings) == (1, 1, warnings)


@pytest.mark.parametrize(
    "row, imported, units, warnings",
    [
        ("M1,2026-01-05 18:04,Pull-up,5,", 1, None, []),
        ("M1,bad,Squat,5,100", 0, None, []),
        (
            "M1,2026-01-05 18:04,Pull-up,5,",
            1,
            "lb",
            ["--units lb was not used: no imported row has a value in the weight column"],
        ),
    ],
)
def test_no_imported_weight_assumes_no_unit(row, imported, units, warnings, write_csv, db_file):
    """Without a unit column, kg is assumed only for an imported row's weight: a file whose rows
    hold none, or were rejected, does not say kg was assumed, nor advise the --units that would
    then not be used."""
    path = write_csv("log.csv", f"member_id,performed_at,exercise,reps,weight\n{row}\n")
    result = run(path, db_file, units=units)
    assert (result.imported, result.warnings) == (imported, warnings)


def test_the_weight_kg_column_an_empty_unit_cell_reads_shows_the_decimal_comma(write_csv, db_file):
    """The column read in a row whose unit cell is empty is one of the file's numbers: its 102,5
    says that this file's 1.500 could be 1.5 or 1,500."""
    path = write_csv(
        "log.csv",
        "member_id;performed_at;exercise;weight;unit;weight_kg;reps\n"
        "M1;2026-01-05 18:00;Squat;;;102,5;5\n"
        "M1;2026-01-05 18:05;Squat;1.500;kg;;5\n",
    )
    result = run(path, db_file)
    assert result.rejects == [
        {
            "line": 3,
            "reason": "weight '1.500' could be 1.5 or 1,500: this file writes decimals with a comma",
        }
    ]
    assert count(db_file, "SELECT weight_kg FROM sets") == pytest.approx(102.5)


def test_a_weight_column_named_with_map_is_read_and_the_other_not_named(write_csv, db_file):
    path = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,weight_lbs,reps\n"
        "M1,2026-01-05 18:00,Squat,100,220,5\n",
    )
    result = run(path, db_file, mapping={"weight": "weight"}, units="kg")
    assert result.warnings == []
    assert count(db_file, "SELECT weight_kg FROM sets") == 100


MEMBER_LOG = "member_id,performed_at,exercise,weight,reps\n"


def members_and_sets(database: Path) -> list[tuple]:
    with db.read(database) as con:
        return con.execute(
            """SELECT m.member_id, count(s.set_id) FROM members m LEFT JOIN sets s USING (member_id)
            GROUP BY ALL ORDER BY 1"""
        ).fetchall()


def test_spellings_of_a_member_id_in_one_file_are_one_member(write_csv, db_file) -> None:
    """E-mail addresses as IDs come in either case: one person must not count twice."""
    log = write_csv(
        "log.csv",
        MEMBER_LOG + "Ann@Gym.com,2026-01-05 18:00,Squat,100,5\n"
        "ann@gym.com,2026-01-05 18:03,Squat,100,5\n"
        "ANN@GYM.COM,2026-01-05 18:06,Squat,100,5\n",
    )
    assert run(log, db_file, units="kg").imported == 3
    assert members_and_sets(db_file) == [("Ann@Gym.com", 3)]
    assert count(db_file, "SELECT count(*) FROM workouts") == 1


def test_a_file_takes_the_stored_spelling_of_a_member_id(write_csv, db_file) -> None:
    first = MEMBER_LOG + "ann@gym.com,2026-01-05 18:00,Squat,100,5\n"
    run(write_csv("first.csv", first), db_file, units="kg")
    later = MEMBER_LOG + "Ann@Gym.com,2026-01-12 18:00,Squat,100,5\n"
    assert run(write_csv("later.csv", later), db_file, units="kg").imported == 1
    assert members_and_sets(db_file) == [("ann@gym.com", 2)]


@pytest.mark.parametrize(
    "typed, spelling",
    [
        ("ANN@GYM.COM", "ann@gym.com"),
        ("Ann@Gym.com", "Ann@Gym.com"),
        ("ann@gym.com", "ann@gym.com"),
    ],
)
def test_a_file_and_a_typed_id_pick_one_of_several_stored_spellings_alike(
    write_csv, db_file, typed: str, spelling: str
) -> None:
    """An older database may hold one ID in two spellings: the one spelled exactly, else the
    first stored, for a file's ID as for a typed one (members.STORED_SPELLING_SQL)."""
    with db.write(db_file) as con:
        con.execute(
            "INSERT INTO members (member_id, created_at) VALUES"
            " ('Ann@Gym.com', TIMESTAMP '2026-01-02'), ('ann@gym.com', TIMESTAMP '2026-01-01')"
        )
        assert members.stored_id(con, typed) == spelling
    log = write_csv("log.csv", MEMBER_LOG + f"{typed},2026-01-05 18:00,Squat,100,5\n")
    assert run(log, db_file, units="kg").imported == 1
    assert count(db_file, "SELECT count(*) FROM members") == 2
    with db.read(db_file) as con:
        assert con.execute("SELECT member_id FROM sets").fetchall() == [(spelling,)]


def test_sets_of_exercise_names_the_taxonomy_does_not_know_are_named_in_a_warning(
    write_csv, db_file
) -> None:
    """They count as neither leg nor upper-body sets until staff map them: a gym whose members
    log an unknown leg exercise would otherwise see them skip legs, and nobody would know why."""
    log = write_csv(
        "log.csv",
        MEMBER_LOG + "M1,2026-01-05 18:00,Squat (Barbell),100,5\n"
        "M1,2026-01-05 18:05,Zercher Wobble,60,8\n"
        "M1,2026-01-05 18:08,Zercher Wobble,60,8\n"
        "M1,2026-01-05 18:12,Nordic Sled Drag,40,1\n"
        "M1,2026-01-05 18:14,Wobble \\ Board *x*,40,1\n"
        "M1,2026-01-05 18:20,,40,1\n",
    )
    result = run(log, db_file, units="kg")
    assert (result.imported, result.rejected) == (5, 1)
    assert result.warnings == [
        "4 sets name 3 exercises the taxonomy does not know ('Zercher Wobble', 'Nordic Sled"
        " Drag', 'Wobble \\ Board *x*'): they count as unclassified, not as leg or upper-body"
        " sets, until they are"
        f" mapped (`{db.command('exercise unclassified', db_file)}` lists them,"
        f" `{db.command('exercise map NAME --to EXERCISE', db_file)}` maps one)"
    ]
    again = run(log, db_file, units="kg")
    assert again.warnings == []  # nothing new is unclassified


def test_a_reexport_with_the_member_id_in_other_case_gives_duplicates(write_csv, db_file):
    """The dedupe key holds the member: it must be the stored spelling before sets are matched."""
    rows = "{m},2026-01-05 18:00,Squat,100,5\n{m},2026-01-05 18:03,Squat,100,5\n"
    run(write_csv("first.csv", MEMBER_LOG + rows.format(m="ann@gym.com")), db_file, units="kg")
    again = run(
        write_csv("again.csv", MEMBER_LOG + rows.format(m="ANN@gym.com")), db_file, units="kg"
    )
    assert (again.imported, again.duplicates) == (0, 2)
    assert members_and_sets(db_file) == [("ann@gym.com", 2)]


def test_member_option_in_other_case_is_the_stored_member(write_csv, db_file) -> None:
    run(write_csv("first.csv", MEMBER_LOG + "ann@gym.com,2026-01-05 18:00,Squat,100,5\n"), db_file)
    log = write_csv("hevy.csv", "date,exercise,weight,reps\n2026-01-12 18:00,Squat,100,5\n")
    result = run(log, db_file, units="kg", member="ANN@GYM.COM")
    assert result.imported == 1
    assert members_and_sets(db_file) == [("ann@gym.com", 2)]
    with db.read(db_file) as con:
        batch_member = "SELECT member_id FROM import_batches WHERE batch_id = ?"
        assert con.execute(batch_member, [result.batch_id]).fetchone() == ("ann@gym.com",)


def test_member_option_takes_the_spelling_of_a_member_added_while_the_file_was_read(
    write_csv, db_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--member's stored spelling is found before the import takes the lock: a member added in
    another spelling in between still gets the sets, though the rows are not read for it."""
    read_gym = pipeline.gym_defaults

    def then_added(*args: object, **kwargs: object) -> pipeline.GymDefaults:
        defaults = read_gym(*args, **kwargs)  # type: ignore[arg-type]
        with db.write(db_file) as con:
            members.add(con, "ann@gym.com")
        return defaults

    monkeypatch.setattr(pipeline, "gym_defaults", then_added)
    log = write_csv("hevy.csv", "date,exercise,weight,reps\n2026-01-12 18:00,Squat,100,5\n")
    assert run(log, db_file, units="kg", member="ANN@GYM.COM").imported == 1
    assert members_and_sets(db_file) == [("ann@gym.com", 1)]


def test_members_are_settled_only_in_a_file_with_a_member_column() -> None:
    """Without one, every row holds --member's ID: there is no other spelling to look for."""
    con = duckdb.connect()
    staging.settle_members(con, member_column=False)  # no staged rows to read: none are
    with pytest.raises(duckdb.CatalogException, match="checked"):
        staging.settle_members(con, member_column=True)


def test_a_station_log_takes_the_stored_spelling_of_a_member_id(write_csv, db_file) -> None:
    run(write_csv("first.csv", MEMBER_LOG + "ann@gym.com,2026-01-05 18:00,Squat,100,5\n"), db_file)
    log = write_csv(
        "stations.csv",
        "station_id,equipment_type,started_at,ended_at,member_id\n"
        "R1,squat rack,2026-01-05 18:00,2026-01-05 18:30,Ann@Gym.com\n"
        "R1,squat rack,2026-01-05 19:00,2026-01-05 19:30,ANN@gym.com\n",
    )
    assert run(log, db_file).imported == 2
    with db.read(db_file) as con:
        stored = con.execute("SELECT DISTINCT member_id FROM station_sessions").fetchall()
    assert stored == [("ann@gym.com",)]
