from __future__ import annotations

import json
from pathlib import Path

import pytest

from legdash import cli, db
from legdash.flagged import FlagError, list_flagged, unflag
from legdash.ingest.batches import BatchError

LOG = """member_id,performed_at,exercise,weight,reps
M1,2026-01-05 18:00,Squat (Barbell),100,5
M1,2026-01-05 18:03,Squat (Barbell),650,1
M2,2026-01-06 09:00,Calf Raise (Machine),60,150
"""


@pytest.fixture
def imported(write_csv, db_file: Path) -> Path:
    assert (
        cli.main(["import", str(write_csv("log.csv", LOG)), "--db", str(db_file), "--units", "kg"])
        == 0
    )
    return db_file


def counted(database: Path) -> int:
    """Sets in the figures: the public view without flagged sets."""
    with db.read(database) as con:
        return con.execute("SELECT count(*) FROM v_sets WHERE NOT flagged").fetchone()[0]


def test_flagged_sets_are_listed_with_their_reasons(imported: Path, write_csv) -> None:
    clean = write_csv("clean.csv", LOG.splitlines()[0] + "\nM3,2026-01-07 09:00,Squat,80,5\n")
    assert cli.main(["import", str(clean), "--db", str(imported), "--units", "kg"]) == 0
    with db.read(imported) as con:
        rows = list_flagged(con)
        assert list_flagged(con, batch_id=2) == []
    assert [(r["member_id"], r["weight_kg"], r["reps"]) for r in rows] == [
        ("M1", 650.0, 1),
        ("M2", 60.0, 150),
    ]
    assert "weight" in rows[0]["flag_reason"] and "reps" in rows[1]["flag_reason"]
    assert counted(imported) == 2  # the clean set of each batch


def test_unflag_counts_a_checked_set_again_and_keeps_its_reason(imported: Path) -> None:
    with db.read(imported) as con:
        first = list_flagged(con)[0]
    with db.write(imported) as con:
        assert unflag(con, [first["set_id"]]) == 1
        reason = con.execute(
            "SELECT flag_reason FROM sets WHERE set_id = ?", [first["set_id"]]
        ).fetchone()[0]
    assert reason == first["flag_reason"]
    assert counted(imported) == 2


def test_flagged_of_an_unknown_batch_is_a_mistake(imported: Path) -> None:
    with db.read(imported) as con, pytest.raises(BatchError, match="there is no batch 9"):
        list_flagged(con, batch_id=9)


def test_unflag_is_all_or_nothing(imported: Path) -> None:
    with db.read(imported) as con:
        flagged = [r["set_id"] for r in list_flagged(con)]
        plain = con.execute("SELECT min(set_id) FROM sets WHERE NOT flagged").fetchone()[0]
    with db.write(imported) as con, pytest.raises(FlagError, match=f"not a flagged set: {plain}"):
        unflag(con, [*flagged, plain])
    assert counted(imported) == 1


def test_cli_lists_and_unflags(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["flagged", "--json", "--db", str(imported)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert cli.main(["flagged", "--db", str(imported)]) == 0
    text = capsys.readouterr().out
    assert "2026-01-05 18:03  Squat (Barbell): 650 kg x 1" in text and "batch 1" in text
    ids = [str(r["set_id"]) for r in rows]
    assert cli.main(["unflag", *ids, "--db", str(imported)]) == 0
    assert capsys.readouterr().out == "2 sets unflagged: counted in the figures again\n"
    assert cli.main(["flagged", "--db", str(imported)]) == 0
    assert capsys.readouterr().out == "no flagged sets\n"
    assert cli.main(["unflag", ids[0], "--db", str(imported)]) == 2
    assert capsys.readouterr().err.startswith(f"error: not a flagged set: {ids[0]}")


UNREADABLE = """member_id,performed_at,exercise,weight,reps
M1,2026-01-05 18:00,Squat (Barbell),NaN,5
M1,2026-01-05 18:03,Squat (Barbell),100,99999999999
M1,2026-01-05 18:05,Squat (Barbell),100,5
M1,2026-01-05 18:07,Squat (Barbell),1e308,5
"""


def test_a_value_that_is_not_a_number_gets_one_reason(write_csv, db_file: Path) -> None:
    log = write_csv("nan.csv", UNREADABLE)
    assert cli.main(["import", str(log), "--db", str(db_file), "--units", "kg"]) == 0
    with db.read(db_file) as con:
        reasons = [r["flag_reason"] for r in list_flagged(con)]
    assert reasons == [
        "weight_kg is not a finite number",
        "reps outside 0-100",
        "weight outside 0-600 kg",
    ]


@pytest.mark.parametrize(
    "line", [2, 3, 5], ids=["NaN weight", "reps too large to store", "weight beyond any set"]
)
def test_a_set_no_figure_can_use_stays_flagged(
    write_csv, db_file: Path, line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_csv("nan.csv", UNREADABLE)
    assert cli.main(["import", str(log), "--db", str(db_file), "--units", "kg"]) == 0
    assert capsys.readouterr().err == f"note: new database created at {db_file}\n"
    set_id = line  # ids follow the file's lines in a new database
    with db.read(db_file) as con:
        assert set_id in [r["set_id"] for r in list_flagged(con)]
    assert cli.main(["unflag", str(set_id), "--db", str(db_file)]) == 2
    what = "reps" if line == 3 else "weight"
    assert capsys.readouterr().err == (
        f"error: set {set_id} cannot count in figures: its {what} is not a number, or too large"
        " to be real or to store; undo batch 1 and import a corrected file; nothing unflagged\n"
    )
    assert counted(db_file) == 1
    report = ["report", "member", "--member", "M1", "--db", str(db_file)]
    assert cli.main([*report, "--from", "2026-01-01", "--to", "2026-01-31"]) == 0


def test_flagged_json_is_strict_json(write_csv, db_file: Path, capsys) -> None:
    log = write_csv("nan.csv", UNREADABLE)
    assert cli.main(["import", str(log), "--db", str(db_file), "--units", "kg"]) == 0
    capsys.readouterr()
    assert cli.main(["flagged", "--json", "--db", str(db_file)]) == 0
    rows = json.loads(capsys.readouterr().out, parse_constant=pytest.fail)
    assert [r["weight_kg"] for r in rows] == [None, 100.0, 1e308]
