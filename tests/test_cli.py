from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pytest

from legdash import auth, cli, db, settings
from legdash.commands import run_cli
from tests.conftest import GYM_ZONE, ROOT, DbHolder, damage, foreign_database

HEADER = "member_id,performed_at,exercise,weight,reps\n"
GOOD = HEADER + (
    "M1,2026-01-05 18:00,Squat (Barbell),100,5\nM1,2026-01-05 18:03,Squat (Barbell),100,5\n"
)
FORMULAS = HEADER + (
    "M1,2026-01-05 18:00,Squat (Barbell),100,5\n"
    "=1+2,not a date,Squat,100,5\n"
    "+1,2026-01-05 18:00,Squat,100,five\n"
    "-1,2026-01-05 18:00,Squat,=cmd|x,5\n"
    "@SUM(1),1900-01-01 10:00,Squat,100,5\n"
)
NOT_A_LOG = "colour,size\nred,large\n"
NOW = datetime(2026, 3, 2, 18, 0)


class Cli:
    """Runs `python -m legdash` in this process on one database; keeps the last output."""

    def __init__(self, database: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.database = database
        self.capsys = capsys
        self.out = self.err = ""

    def __call__(self, *argv: str) -> int:
        try:
            code = cli.main([*argv, "--db", str(self.database)])
        except SystemExit as stop:
            code = int(stop.code or 0)
        self.out, self.err = self.capsys.readouterr()
        return code

    def json(self, *argv: str) -> object:
        assert self(*argv, "--json") == 0, self.err
        return json.loads(self.out)


@pytest.fixture
def run(db_file: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_file, capsys)


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))

    return feed


def one_error_line(text: str) -> str:
    """The single `error: ...` line a user mistake prints (fails on anything more)."""
    assert "Traceback" not in text
    lines = text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), text
    return lines[0]


def test_init(run: Cli, db_file: Path) -> None:
    assert run("init") == 0
    assert run.out == f"database ready: {db_file}\n"
    assert db_file.exists()
    assert run("init") == 0


@pytest.mark.parametrize(
    "command",
    [("init",), ("batches",), ("report", "legs"), ("settings", "show"), ("member", "list")],
)
def test_a_file_from_a_newer_version_is_refused(
    run: Cli, db_file: Path, command: tuple[str, ...]
) -> None:
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    assert run(*command) == 2
    assert "newer legdash (schema 99); upgrade legdash first" in one_error_line(run.err)


def test_a_database_path_that_is_not_a_database_exits_2(
    run: Cli, db_file: Path, write_csv: Callable[..., Path]
) -> None:
    db_file.parent.mkdir(parents=True)
    db_file.write_bytes(b"PK\x03\x04 a spreadsheet saved over the database")
    assert run("import", str(write_csv("log.csv", GOOD))) == 2
    assert "cannot open the database" in one_error_line(run.err)
    assert run("settings", "show") == 2
    assert "not a valid DuckDB database file" in one_error_line(run.err)


def test_a_damaged_database_exits_2(
    run: Cli, db_file: Path, write_csv: Callable[..., Path]
) -> None:
    damage(db_file)
    for command in (("batches",), ("report", "legs"), ("import", str(write_csv("log.csv", GOOD)))):
        assert run(*command) == 2
        assert "is damaged (Corrupt database file: " in one_error_line(run.err)


def test_a_database_cut_short_exits_2(run: Cli, db_file: Path) -> None:
    """A copy cut short (an interrupted `cp`, a full disk): DuckDB opens it and fails on the first
    query that reads a missing block. That is a damaged database too, not an unexpected error."""
    assert run("demo", "--members", "100", "--weeks", "6") == 0
    whole = db_file.read_bytes()
    for tenth in range(3, 10):
        db_file.write_bytes(whole[: len(whole) * tenth // 10])
        for command in (("batches",), ("report", "legs")):
            code = run(*command)
            assert code in (0, 2)
            if code:
                assert one_error_line(run.err).startswith("error: cannot open the database: ")


def test_another_apps_database_exits_2_untouched(
    run: Cli, db_file: Path, write_csv: Callable[..., Path]
) -> None:
    foreign_database(db_file)
    before = db_file.read_bytes()
    log = str(write_csv("log.csv", GOOD))
    for command in (("batches",), ("report", "legs"), ("init",), ("import", log)):
        assert run(*command) == 2
        assert f"{db_file} is not a legdash database" in one_error_line(run.err)
    assert run("import", log, "--json") == 2
    [result] = json.loads(run.out)["files"]
    assert "is not a legdash database" in result["error"] and result["batch_id"] is None
    assert db_file.read_bytes() == before


def test_import_exit_0_with_rejects(run: Cli, write_csv: Callable[..., Path]) -> None:
    summary = run.json("import", str(write_csv("log.csv", FORMULAS)))
    [result] = summary["files"]
    assert result["format"] == "native"
    assert (result["rows_read"], result["imported"], result["rejected"]) == (5, 1, 4)
    assert result["error"] is None
    assert [r["line"] for r in result["rejects"]] == [3, 4, 5, 6]


@pytest.mark.parametrize(
    "argv",
    [
        ["settings", "set", "gym_name", "Iron"],
        ["member", "add", "M1"],
        ["staff", "add", "ann", "--role", "owner", "--password-stdin"],
    ],
)
def test_a_command_says_when_it_creates_the_database(
    run: Cli, db_file: Path, stdin: Callable[[str], None], argv: list[str]
) -> None:
    stdin("long enough 1\n")
    assert run(*argv) == 0
    assert run.err == f"note: new database created at {db_file}\n"
    assert run("settings", "show") == 0
    assert run.err == ""


def test_init_and_demo_name_the_database_themselves(run: Cli, db_file: Path) -> None:
    assert run("init") == 0
    assert run.err == ""


def test_import_says_when_it_creates_the_database(
    run: Cli, write_csv: Callable[..., Path], db_file: Path
) -> None:
    log = write_csv("log.csv", GOOD)
    assert run("import", str(log)) == 0
    assert run.err == f"note: new database created at {db_file}\n"
    assert run("import", str(log)) == 0
    assert run.err == ""
    run.database = db_file.with_name("other.duckdb")
    bad = write_csv("bad.csv", NOT_A_LOG)
    assert run("import", str(bad), str(log), str(log), "--json") == 2
    assert run.err == ""
    made = [r["new_database"] for r in json.loads(run.out)["files"]]
    assert made == [None, str(run.database), None]


def test_import_exit_2_for_an_unusable_file_while_others_land(
    run: Cli, write_csv: Callable[..., Path]
) -> None:
    bad, good = write_csv("bad.csv", NOT_A_LOG), write_csv("good.csv", GOOD)
    assert run("import", str(bad), str(good), "--json") == 2
    first, second = json.loads(run.out)["files"]
    assert first["error"] and first["batch_id"] is None
    assert second["imported"] == 2 and second["error"] is None
    assert run("import", str(bad)) == 2
    assert run.err.startswith(f"{bad}: not imported: ")
    assert len(run.err.splitlines()) == 1


def test_import_exit_1_when_the_database_stays_busy(
    run: Cli, db_file: Path, write_csv: Callable[..., Path], hold_db: Callable[..., DbHolder]
) -> None:
    db.init(db_file)
    holder = hold_db(db_file, "read")
    log = write_csv("log.csv", GOOD)
    assert run("import", str(log), "--lock-timeout", "1", "--json") == 1
    [result] = json.loads(run.out)["files"]
    assert result["error"] == "database busy, try again"
    assert run("import", str(log), "--lock-timeout", "0.5") == 1
    assert run.err == f"{log}: not imported: database busy, try again\n"
    assert run("undo", "1", "--lock-timeout", "0.5") == 1
    assert one_error_line(run.err) == "error: database busy, try again"
    assert run("settings", "set", "gym_name", "Iron", "--lock-timeout", "0.5") == 1
    assert one_error_line(run.err) == "error: database busy, try again"
    holder.release()
    assert not db.importing_flag(db_file).exists()
    assert run.json("batches") == []


@pytest.mark.parametrize(
    "option, typed, choices",
    [
        (
            "--format",
            "Stronk",
            "'auto', 'native', 'stations', 'occupancy', 'strong', 'hevy', 'fitnotes'",
        ),
        ("--units", "LBS", "'kg', 'lb'"),
    ],
)
def test_an_unknown_choice_is_named_as_typed(
    run: Cli, write_csv: Callable[..., Path], option: str, typed: str, choices: str
) -> None:
    assert run("import", str(write_csv("log.csv", GOOD)), option, typed) == 2
    assert one_error_line(run.err) == (
        f"error: argument {option}: invalid choice: {typed!r} (choose from {choices})"
        " (see `python -m legdash import --help`)"
    )


def test_format_and_units_match_regardless_of_case(run: Cli) -> None:
    strong = ROOT / "tests" / "fixtures" / "samples" / "strong_no_unit_lb.csv"
    [result] = run.json(
        "import", str(strong), "--member", "M1", "--format", "Strong", "--units", "LB"
    )["files"]
    assert (result["format"], result["error"], result["warnings"]) == ("strong", None, [])
    with db.read(run.database) as con:
        assert con.execute("SELECT max(weight_kg) FROM sets").fetchone()[0] == pytest.approx(
            275 * 0.45359237
        )


def test_listings_write_counts_as_the_other_commands_do() -> None:
    """Thousands separated and singulars singular, as `undo` and `import` write them."""
    batch = {
        "batch_id": 7,
        "imported_at": "2026-11-27T12:35:00",
        "source_format": "native",
        "source_file": "big.csv",
        "rows_read": 150389,
        "imported": 150388,
        "duplicates": 0,
        "rejected": 1,
        "undone": False,
    }
    assert "big.csv: 150,389 read, 150,388 imported, 0 duplicates, 1 rejected" in (
        cli._batch_line(batch)
    )
    member = {
        "member_id": "M1",
        "name": "Ann",
        "active": True,
        "has_pin": False,
        "leg_goal": 2,
        "sets": 1,
    }
    assert cli._member_line(member).split()[-2:] == ["1", "set"]


def command_options() -> dict[str, set[str]]:
    """Each command's long options as its `--help` lists them, but --help and --db (which the
    section says every command but `bench` takes)."""
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: {
            option
            for action in command._actions
            for option in action.option_strings
            if option.startswith("--") and option not in ("--help", "--db")
        }
        for name, command in commands.choices.items()
    }


def test_readme_command_table_names_every_option_help_lists() -> None:
    """The README's command line reference is where staff look an option up: each command's row
    names every option its --help lists (the section never named --version)."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Command line\n") :]
    section = section[: section.index("\n## ")]
    rows: dict[str, str] = {}
    for row, command in re.findall(r"^(\| `([a-z]+)[` ].*)$", section, re.MULTILINE):
        rows[command] = rows.get(command, "") + row
    commands = command_options()
    assert set(rows) == set(commands)
    for command, options in commands.items():
        missing = sorted(option for option in options if option not in rows[command])
        assert not missing, f"{command}: {missing}"
    assert "--version" in section and "--db" in section


def test_batches_text_and_json(run: Cli, write_csv: Callable[..., Path]) -> None:
    db.init(run.database)
    assert run("batches") == 0
    assert run.out == "no imports yet\n"
    assert run("import", str(write_csv("log.csv", FORMULAS))) == 0
    assert run("batches") == 0
    [line] = run.out.splitlines()
    assert line.split()[0] == "1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", " ".join(line.split()[1:3]))  # to the minute
    assert "native" in line
    assert "log.csv: 5 read, 1 imported, 0 duplicates, 4 rejected" in line
    [batch] = run.json("batches")
    assert batch["batch_id"] == 1
    assert batch["source_format"] == "native"
    assert (batch["rows_read"], batch["imported"], batch["duplicates"], batch["rejected"]) == (
        5,
        1,
        0,
        4,
    )
    assert batch["undone"] is False
    datetime.fromisoformat(batch["imported_at"])


def test_rejects_to_a_file_neutralise_formulas(
    run: Cli, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    assert run("import", str(write_csv("log.csv", FORMULAS))) == 0
    out = tmp_path / "rejects.csv"
    assert run("rejects", "1", "--out", str(out)) == 0
    assert run.out == f"4 rejected rows written to {out}\n"
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["line", "reason", "original_row"]
    assert [r[0] for r in rows[1:]] == ["3", "4", "5", "6"]
    originals = [r[2] for r in rows[1:]]
    assert originals == [
        "'=1+2,not a date,Squat,100,5",
        "'+1,2026-01-05 18:00,Squat,100,five",
        "'-1,2026-01-05 18:00,Squat,=cmd|x,5",
        "'@SUM(1),1900-01-01 10:00,Squat,100,5",
    ]
    assert run("rejects", "1") == 0
    assert list(csv.reader(io.StringIO(run.out))) == rows


def test_hints_name_the_database_when_it_is_not_the_default(
    run: Cli, write_csv: Callable[..., Path], db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEGDASH_DB", raising=False)
    rejected = "M1,not a date,Squat,100,5\n" * 21
    log = write_csv("log.csv", HEADER + rejected + "M1,2026-01-05 18:00,Squat,900,5\n")
    assert run("import", str(log), "--units", "kg") == 0
    on = f"--db {db_file}"
    assert f"  ... see all with: python -m legdash rejects 1 {on}\n" in run.out
    assert (
        f"`python -m legdash flagged --batch 1 {on}` lists them,"
        f" `python -m legdash unflag SET_ID {on}` counts one again"
    ) in run.out
    assert run("undo", "9") == 2
    assert f"(see `python -m legdash batches {on}`)" in one_error_line(run.err)
    assert run("unflag", "99") == 2
    assert f"(see `python -m legdash flagged {on}`)" in one_error_line(run.err)
    missing = db_file.with_name("missing.duckdb")
    run.database = missing
    assert run("batches") == 2
    assert f"run `python -m legdash init --db {missing}`" in one_error_line(run.err)
    # The database a bare command finds: the hints need no --db.
    monkeypatch.setenv("LEGDASH_DB", str(db_file))
    run.database = db_file
    assert run("undo", "9") == 2
    assert one_error_line(run.err).endswith("(see `python -m legdash batches`)")


def test_the_import_line_counts_in_words(run: Cli, write_csv: Callable[..., Path]) -> None:
    one = write_csv("one.csv", HEADER + "M1,2026-01-05 18:00,Squat,100,5\n")
    assert run("import", str(one), "--units", "kg") == 0
    assert run("import", str(one), "--units", "kg") == 0
    assert run.out.startswith(
        f"{one}: native, batch 2: 1 row read, 0 imported, 1 duplicate, 0 rejected\n"
    )


def test_db_may_come_before_the_command(
    write_csv: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    assert cli.main(["--db", str(first), "import", str(write_csv("log.csv", GOOD))]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(second), "batches", "--db", str(first), "--json"]) == 0
    assert [b["batch_id"] for b in json.loads(capsys.readouterr().out)] == [1]
    assert not second.exists()  # the option after the command wins


@pytest.mark.parametrize(
    "argv",
    [
        ["settings", "set", "--json", "gym_name", "Iron", "display_unit", "lb"],
        ["settings", "set", "gym_name", "--json", "Iron", "display_unit", "lb"],
        ["settings", "set", "gym_name", "Iron", "--json", "display_unit", "lb"],
        ["settings", "--json", "set", "gym_name", "Iron", "display_unit", "lb"],
    ],
)
def test_options_may_come_anywhere_among_a_commands_words(run: Cli, argv: list[str]) -> None:
    assert run(*argv) == 0, run.err
    assert json.loads(run.out)["stored"] == {"gym_name": "Iron", "display_unit": "lb"}


def test_options_among_the_files_of_an_import(run: Cli, write_csv: Callable[..., Path]) -> None:
    first, second = write_csv("a.csv", GOOD), write_csv("b.csv", GOOD)
    assert run("import", str(first), "--json", str(second)) == 0, run.err
    assert [f["file"] for f in json.loads(run.out)["files"]] == [str(first), str(second)]


def test_after_a_double_dash_every_word_is_a_file(
    db_file: Path,
    write_csv: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file whose name starts with a dash reads after `--`, first or not, as the README says."""
    monkeypatch.chdir(write_csv("-dash.csv", GOOD).parent)
    command = ["import", "--db", str(db_file)]
    assert cli.main([*command, "--json", "--", "-dash.csv"]) == 0
    assert [f["file"] for f in json.loads(capsys.readouterr().out)["files"]] == ["-dash.csv"]
    assert cli.main([*command, "--", "-dash.csv", "--json"]) == 2
    assert "--json: not imported: cannot read --json" in capsys.readouterr().err


def test_undo(run: Cli, write_csv: Callable[..., Path]) -> None:
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    assert run("undo", "1") == 0
    assert run.out.startswith("batch 1 undone: removed 2 sets, 1 workout,")
    assert run("undo", "1") == 2
    assert one_error_line(run.err) == "error: batch 1 was undone already"
    assert run("undo", "42") == 2
    assert one_error_line(run.err).startswith("error: there is no batch 42")
    [batch] = run.json("batches")
    assert batch["undone"] is True


def test_import_and_undo_times_are_the_gyms_clock(
    run: Cli, write_csv: Callable[..., Path], gym_behind_server: date
) -> None:
    """Stored times are the gym's wall-clock time; so are the times an import and an undo
    happened, which Home and `batches` show beside them, whatever zone the server runs in."""
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    assert run("undo", "1") == 0
    with db.read(run.database) as con:
        times = con.execute("SELECT imported_at, undone_at FROM import_batches").fetchone()
    gym_now = datetime.now(ZoneInfo(GYM_ZONE)).replace(tzinfo=None)
    assert all(abs(when - gym_now) < timedelta(minutes=5) for when in times)


def test_the_first_stored_spelling_of_a_member_wins_at_a_gym_ahead_of_the_server(
    run: Cli, write_csv: Callable[..., Path]
) -> None:
    """A station log's `ANN` came before `member add ann`: a set file's `Ann` is `ANN`. Both
    moments are on the gym's clock, which runs hours ahead of the server's here."""
    db.init(run.database)
    assert run("settings", "set", "time_zone", "Pacific/Kiritimati") == 0
    stations = write_csv(
        "stations.csv",
        "station_id,equipment_type,started_at,ended_at,member_id\n"
        "R1,squat rack,2026-01-05 18:00,2026-01-05 18:30,ANN\n",
    )
    assert run("import", str(stations)) == 0
    assert run("member", "add", "ann") == 0
    assert run("import", str(write_csv("log.csv", GOOD.replace("M1", "Ann")))) == 0
    with db.read(run.database) as con:
        assert con.execute("SELECT DISTINCT member_id FROM sets").fetchall() == [("ANN",)]


def test_undo_names_later_imports_that_found_its_sets(run: Cli, write_csv) -> None:
    log = write_csv("log.csv", GOOD)
    for _ in range(3):
        assert run("import", str(log)) == 0
    assert run("undo", "1") == 0
    assert run.out.splitlines()[1:] == [
        "batches 2, 3 (log.csv) found rows already stored; those that were batch 1's are removed"
        " too: import log.csv again to restore them"
    ]
    [files] = run.json("import", str(log), "--json")["files"]
    assert (files["imported"], files["duplicates"]) == (2, 0)
    assert run("undo", "4") == 0
    assert len(run.out.splitlines()) == 1  # only a later import can have found its sets


def test_undo_json_says_what_its_text_says(run: Cli, write_csv: Callable[..., Path]) -> None:
    log = write_csv("log.csv", GOOD)
    for _ in range(3):
        assert run("import", str(log)) == 0
    assert run.json("undo", "1") == {
        "batch_id": 1,
        "removed": {"sets": 2, "workouts": 1, "station_sessions": 0, "occupancy_counts": 0},
        "inventory_counts_lowered": 0,
        "workout_ends_moved_back": 0,
        "import_again": [{"file": "log.csv", "batch_ids": [2, 3]}],
    }
    assert run.err == ""


def test_unflag_json_names_the_sets_unflagged(run: Cli, write_csv: Callable[..., Path]) -> None:
    heavy = HEADER + "M1,2026-01-05 18:00,Squat,900,5\nM1,2026-01-05 18:03,Squat,950,5\n"
    assert run("import", str(write_csv("log.csv", heavy))) == 0
    first, second = (s["set_id"] for s in run.json("flagged"))
    assert run.json("unflag", str(second), str(first), str(second)) == {
        "set_ids": sorted([first, second]),
        "unflagged": 2,
    }
    assert run.json("flagged") == []


def test_messages_escape_file_names(run: Cli, tmp_path: Path) -> None:
    """A line break, tab or direction override in a file name would break the one-line messages
    or turn them around: every line naming the file writes them as wording.escaped does."""
    broken, turned = tmp_path / "a\nb.csv", tmp_path / "x\u202ey.csv"
    broken.write_text(GOOD)
    turned.write_text(GOOD)
    assert run("import", str(broken)) == 0
    assert run("import", str(turned)) == 0
    assert run.out.splitlines()[0] == (
        f"{tmp_path}/x\\u202ey.csv: native, batch 2: 2 rows read, 0 imported, 2 duplicates,"
        " 0 rejected"
    )
    assert run("batches") == 0
    assert [line.split("  native    ")[1] for line in run.out.splitlines()] == [
        "a\\nb.csv: 2 read, 2 imported, 0 duplicates, 0 rejected",
        "x\\u202ey.csv: 2 read, 0 imported, 2 duplicates, 0 rejected",
    ]
    assert run("undo", "1") == 0
    assert run.out.splitlines()[1:] == [
        "batch 2 (x\\u202ey.csv) found rows already stored; those that were batch 1's are removed"
        " too: import x\\u202ey.csv again to restore them"
    ]
    empty = tmp_path / "e\tmpty.csv"
    empty.write_text("")
    assert run("import", str(empty)) == 2
    assert run.err == f"{tmp_path}/e\\tmpty.csv: not imported: e\\tmpty.csv is empty\n"


def test_undo_names_no_later_import_of_another_member(run: Cli, write_csv) -> None:
    hevy = ROOT / "tests" / "fixtures" / "samples" / "hevy_kg.csv"
    for member in ("A1", "B1", "B1"):
        assert run("import", str(hevy), "--member", member) == 0
    assert run("undo", "1") == 0
    assert len(run.out.splitlines()) == 1


def test_undo_of_a_re_export_that_only_gave_a_later_end_says_the_end_moved_back(
    run: Cli, write_csv
) -> None:
    """The re-export stored no sets, so no later import can have lost any to its undo."""
    hevy = (ROOT / "tests" / "fixtures" / "samples" / "hevy_kg.csv").read_text()
    for name, end in (("hevy_kg.csv", "16:52"), ("mid.csv", "17:30"), ("late.csv", "17:10")):
        changed = hevy.replace("3 Sep 2025, 16:52", f"3 Sep 2025, {end}")
        assert run("import", str(write_csv(name, changed)), "--member", "M1") == 0
    assert run("undo", "2") == 0
    assert run.out.splitlines() == [
        "batch 2 undone: removed 0 sets, 0 workouts, 0 station sessions, 0 occupancy counts;"
        " 1 workout end moved back"
    ]
    assert run("undo", "3") == 0
    assert run.out.endswith("; 1 workout end moved back\n")
    # The sample's own re-import changes no end, and its undo says nothing of one.
    assert run("import", str(write_csv("again.csv", hevy)), "--member", "M1") == 0
    assert run("undo", "4") == 0
    assert run.out.splitlines() == [
        "batch 4 undone: removed 0 sets, 0 workouts, 0 station sessions, 0 occupancy counts"
    ]


@pytest.mark.parametrize("argv", [["undo", "1"], ["staff", "passwd", "ann", "--password-stdin"]])
def test_a_change_on_a_missing_database_creates_nothing(
    run: Cli, db_file: Path, stdin: Callable[[str], None], argv: list[str]
) -> None:
    stdin("long enough 1\n")
    assert run(*argv) == 2
    assert "no database at" in one_error_line(run.err)
    assert not db_file.exists()


def test_backup(run: Cli, db_file: Path, tmp_path: Path) -> None:
    db.init(db_file)
    out = tmp_path / "copy.duckdb"
    assert run("backup", "--out", str(out)) == 0
    assert run.out == f"backup written: {out}\n"
    with db.read(out) as con:
        assert db.schema_version(con) == db.SCHEMA_VERSION
    assert run("backup", "--out", str(out)) == 2
    assert one_error_line(run.err) == f"error: {out} exists already"
    assert run("backup") == 0
    assert [p.parent for p in (db_file.parent / "backups").glob("gym-*.duckdb")] == [
        db_file.parent / "backups"
    ]


@pytest.mark.parametrize("command", [["backup"], ["rejects", "1"]])
@pytest.mark.parametrize("suffix", [".wal", ".version", ".importing"])
def test_an_output_named_as_a_file_of_the_database_is_refused(
    run: Cli, db_file: Path, write_csv: Callable[..., Path], command: list[str], suffix: str
) -> None:
    """DuckDB takes a `gym.duckdb.wal` beside the database for its own log and deletes it on the
    next write: a backup written there would be lost without a word."""
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    out = db_file.with_name(db_file.name + suffix)
    out.unlink(missing_ok=True)
    assert run(*command, "--out", str(out)) == 2
    assert one_error_line(run.err) == (
        f"error: --out {out} is a file of the database {db_file}: pick another name"
    )
    assert not out.exists()


def test_an_output_beside_a_linked_database_is_refused(
    run: Cli, db_file: Path, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """--db a symbolic link: DuckDB keeps the log beside the file the link points to."""
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    link = tmp_path / "link.duckdb"
    link.symlink_to(db_file)
    out = db_file.with_name(db_file.name + ".wal")
    out.unlink(missing_ok=True)
    run.database = link
    assert run("backup", "--out", str(out)) == 2
    assert "is a file of the database" in one_error_line(run.err)


def test_staff_add_and_passwd(run: Cli, db_file: Path, stdin: Callable[[str], None]) -> None:
    stdin("first password\n")
    assert run("staff", "add", "Ann", "--role", "owner", "--password-stdin") == 0
    assert run.out == "staff ann: added\n"  # as stored: sign-in takes any case
    stdin("another password\n")
    assert run("staff", "add", "ann", "--role", "staff", "--password-stdin") == 2
    assert one_error_line(run.err) == "error: username 'ann' is taken"
    stdin("second password\n")
    assert run("staff", "passwd", "ANN", "--password-stdin") == 0
    assert run.out == "staff ann: password changed\n"
    with db.write(db_file) as con:
        assert auth.verify_staff(con, "ann", "first password", NOW) is None
        assert auth.verify_staff(con, "ann", "second password", NOW) == "owner"
        stored = con.execute("SELECT password_hash FROM staff").fetchone()[0]
    assert "second password" not in stored


# Commands that write the database, each with what it reads on standard input.
WRITES = {
    "member add": (["member", "add", "M2"], ""),
    "member set-goal": (["member", "set-goal", "M1", "3"], ""),
    "member set-pin": (["member", "set-pin", "M1", "--pin-stdin"], "4826\n"),
    "staff add": (["staff", "add", "bo", "--role", "staff", "--password-stdin"], "long enough 1\n"),
    "staff passwd": (["staff", "passwd", "ann", "--password-stdin"], "long enough 2\n"),
    "exercise map": (["exercise", "map", "Kniebeuge", "--to", "Back Squat"], ""),
    "exercise unmap": (["exercise", "unmap", "Kniebeuge"], ""),
}


@pytest.mark.parametrize("argv, stdin_text", WRITES.values(), ids=WRITES.keys())
def test_writes_wait_for_a_busy_database_up_to_the_lock_timeout(
    run: Cli,
    db_file: Path,
    stdin: Callable[[str], None],
    hold_db: Callable[..., DbHolder],
    argv: list[str],
    stdin_text: str,
) -> None:
    """As `settings set`: past --lock-timeout a busy database is exit 1, "database busy"."""
    stdin("long enough 0\n")
    assert run("staff", "add", "ann", "--role", "owner", "--password-stdin") == 0
    assert run("member", "add", "M1") == 0
    assert run("exercise", "map", "Kniebeuge", "--to", "Back Squat") == 0
    holder = hold_db(db_file, "read")
    stdin(stdin_text)
    assert run(*argv, "--lock-timeout", "0.5") == 1
    assert one_error_line(run.err) == "error: database busy, try again"
    holder.release()
    stdin(stdin_text)
    assert run(*argv, "--lock-timeout", "0") == 0, run.err


def test_staff_json_names_the_account_never_the_password(
    run: Cli, db_file: Path, stdin: Callable[[str], None]
) -> None:
    stdin("first password\n")
    assert run.json("staff", "add", "Ann", "--role", "owner", "--password-stdin") == {
        "username": "ann",
        "role": "owner",
        "action": "add",
        "new_database": str(db_file.resolve()),
    }
    stdin("second password\n")
    assert run.json("staff", "passwd", "ANN", "--password-stdin") == {
        "username": "ann",
        "role": "owner",
        "action": "passwd",
    }
    assert "password" not in run.out and "argon2" not in run.out
    assert run.err == ""  # the new database is named in the JSON, not in a note


@pytest.mark.parametrize(
    "argv, stdin_text, message",
    [
        (["add", "bo", "--role", "staff"], None, "error: pass the password on standard input"),
        (["add", "bo", "--password-stdin"], "long enough pw\n", "error: staff add needs --role"),
        (
            ["add", "bo", "--role", "staff", "--password-stdin"],
            "short\n",
            "error: a password needs",
        ),
        (["add", "bo", "--role", "staff", "--password-stdin"], "\n", "error: no password on"),
        (
            ["add", "bo!", "--role", "staff", "--password-stdin"],
            "long enough pw\n",
            "error: a username",
        ),
        (
            ["passwd", "zed", "--password-stdin"],
            "long enough pw\n",
            "error: no staff account 'zed'",
        ),
        (["add", "bo", "--role", "admin", "--password-stdin"], "x\n", "error: argument --role"),
        # A role change would otherwise pass as done: passwd changes the password alone.
        (
            ["passwd", "zed", "--role", "staff", "--password-stdin"],
            "long enough pw\n",
            "error: --role is for staff add",
        ),
    ],
)
def test_staff_mistakes(
    run: Cli, stdin: Callable[[str], None], argv: list[str], stdin_text: str | None, message: str
) -> None:
    db.init(run.database)
    if stdin_text is not None:
        stdin(stdin_text)
    assert run("staff", *argv) == 2
    assert one_error_line(run.err).startswith(message)


def test_demo_refuses_a_database_with_real_imports(
    run: Cli, db_file: Path, write_csv: Callable[..., Path]
) -> None:
    pytest.importorskip("legdash.demo")
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    assert run("demo", "--members", "5", "--weeks", "1") == 2
    assert "holds real imports" in one_error_line(run.err)
    with db.read(db_file) as con:
        assert not db.has_demo_data(con)
        assert con.execute("SELECT count(*) FROM members").fetchone() == (1,)


def test_import_into_the_demo_gym_warns_that_figures_mix(
    run: Cli, db_file: Path, write_csv: Callable[..., Path]
) -> None:
    """`demo`, then `import`: the file lands, and the first real file says that its figures now
    mix with the demo's and how to take the demo out."""
    log = write_csv("log.csv", GOOD)
    assert run("demo", "--members", "5", "--weeks", "1") == 0
    assert run("import", str(log), "--json") == 0
    (result,) = json.loads(run.out)["files"]
    assert (result["format"], result["imported"], result["error"]) == ("native", 2, None)
    assert result["warnings"][0] == (
        f"{db_file} holds the generated demo gym: this file's figures mix with the demo's under"
        f" the DEMO DATA banner; `python -m legdash demo --remove --db {db_file}` takes the demo"
        " out and keeps this file's rows"
    )
    assert run("import", str(log), "--json") == 0  # a gym's own database from now on
    (again,) = json.loads(run.out)["files"]
    assert again["duplicates"] == 2 and "demo" not in " ".join(again["warnings"])
    assert run("demo", "--remove") == 0
    with db.read(db_file) as con:
        assert not db.has_demo_data(con)
        assert con.execute("SELECT count(*) FROM v_sets").fetchone() == (2,)


def test_import_joins_real_imports_the_demo_was_added_to_on_purpose(
    run: Cli, write_csv: Callable[..., Path]
) -> None:
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    assert run("demo", "--members", "5", "--weeks", "1", "--allow-real") == 0
    more = GOOD.replace("2026-01-05", "2026-01-12")
    assert run("import", str(write_csv("more.csv", more))) == 0


def test_import_joins_the_demo_added_on_purpose_after_the_real_imports_are_undone(
    run: Cli, write_csv: Callable[..., Path]
) -> None:
    """The owner chose to mix: undoing their only real batch leaves the database theirs."""
    counts = write_csv("occ.csv", "observed_at,people\n2026-01-05 18:00,12\n")
    assert run("import", str(counts)) == 0
    assert run("demo", "--members", "5", "--weeks", "1", "--allow-real") == 0
    assert run("undo", "1") == 0
    [result] = run.json("import", str(counts))["files"]
    assert (result["error"], result["imported"]) == (None, 1)


@pytest.mark.parametrize(
    "argv, code",
    [
        (["batches"], 2),
        (["rejects", "1"], 2),
        (["backup"], 2),
        (["undo", "1"], 2),
        (["member", "list"], 2),
        (["undo", "one"], 2),
        (["report", "legs", "--from", "2026-02-30"], 2),
        (["frobnicate"], 2),
    ],
)
def test_user_mistakes_print_one_error_line(run: Cli, argv: list[str], code: int) -> None:
    assert run(*argv) == code
    one_error_line(run.err)
    assert run.out == ""


def test_no_traceback_from_the_real_command(db_file: Path) -> None:
    """`python -m legdash` as scripts run it: exit code and one stderr line."""
    db.init(db_file)
    missing = run_cli(["undo", "7"], db_file)
    assert missing.returncode == 2
    assert one_error_line(missing.stderr).startswith("error: there is no batch 7")


def test_output_piped_into_head_ends_quietly(db_file: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    assert cli.main(["demo", "--db", str(db_file), "--members", "30", "--weeks", "3"]) == 0
    # Enough output that the writer is still writing when `head` has closed the pipe.
    script = (
        f"for i in 1 2 3 4 5; do '{sys.executable}' -m legdash batches --db '{db_file}';"
        f" '{sys.executable}' -m legdash report legs --db '{db_file}'; done | head -1"
    )
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {script}"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=120,
    )
    assert "Error" not in done.stderr and "Traceback" not in done.stderr


def test_a_pipe_as_database_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "gym.duckdb"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "legdash", "batches", "--db", str(fifo)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"error: cannot open the database: {fifo} is not a regular file\n",
    )


def _wait_for_library(pid: int, library: str, timeout: float = 30.0) -> None:
    """Until the process has mapped `library`: it is then importing it, past Python's own
    start-up (a Ctrl-C before that is Python's, not legdash's, to report)."""
    import time

    deadline = time.monotonic() + timeout
    while library not in Path(f"/proc/{pid}/maps").read_text():
        assert time.monotonic() < deadline, f"{library} never loaded"
        time.sleep(0.001)


def _ctrl_c_while_loading(db_file: Path, delay: float, **popen: Any) -> tuple[int, str]:
    """(exit code, stderr) of `batches` given Ctrl-C `delay` seconds into loading DuckDB."""
    import signal
    import time

    db.init(db_file)
    process = subprocess.Popen(
        [sys.executable, "-m", "legdash", "batches", "--db", str(db_file)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )
    _wait_for_library(process.pid, "_duckdb")
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


@pytest.mark.parametrize("delay", [0.0, 0.03, 0.08])
def test_ctrl_c_while_legdash_loads_is_one_line(db_file: Path, delay: float) -> None:
    """Ctrl-C in the first moments, while Python still imports DuckDB and legdash: `interrupted`
    and exit 130, as later, not a KeyboardInterrupt traceback."""
    code, stderr = _ctrl_c_while_loading(db_file, delay)
    assert "Traceback" not in stderr
    if code == 130:  # a fast machine may have listed the batches already
        assert stderr == "interrupted\n"


def test_a_legdash_started_with_ctrl_c_ignored_keeps_ignoring_it(db_file: Path) -> None:
    """`python -m legdash import ... &` in a script starts with Ctrl-C ignored: it runs on."""
    import signal

    ignored = _ctrl_c_while_loading(
        db_file, 0.0, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)
    )
    assert ignored == (0, "")


@pytest.mark.parametrize("option", [["--members", "0"], ["--weeks", "100000"]])
def test_demo_sizes_out_of_range_are_refused_before_the_file_is_made(
    run: Cli, db_file: Path, option: list[str]
) -> None:
    assert run("demo", *option) == 2
    assert "--members must be 1 to 20,000 and --weeks 1 to 260" in one_error_line(run.err)
    assert not db_file.exists()


def test_demo_that_ends_in_the_future_is_refused_before_the_file_is_made(
    run: Cli, db_file: Path
) -> None:
    today = settings.wall_clock(settings.DEFAULTS["time_zone"]).date()
    ahead = today + timedelta(days=2)
    assert run("demo", "--end", str(ahead), "--members", "5", "--weeks", "1") == 2
    assert one_error_line(run.err) == (
        f"error: --end {ahead} is more than a day ahead: a demo ends by tomorrow"
    )
    assert not db_file.exists()
    tomorrow = today + timedelta(days=1)
    assert run("demo", "--end", str(tomorrow), "--members", "5", "--weeks", "1") == 0


def test_demo_ends_on_the_gyms_yesterday(run: Cli, gym_behind_server: date) -> None:
    """The server's clock runs a day or more ahead of the gym's here: the demo's last day is the
    gym's yesterday, and a day after the gym's tomorrow is ahead."""
    ahead = gym_behind_server + timedelta(days=2)
    assert run("demo", "--end", str(ahead), "--members", "5", "--weeks", "1") == 2
    assert run("demo", "--members", "5", "--weeks", "1") == 0
    assert f"to {gym_behind_server - timedelta(days=1)} (labelled DEMO DATA)" in run.out


@pytest.mark.parametrize("end", ["0001-01-07", "1950-01-10"])
def test_demo_before_1950_is_refused(run: Cli, db_file: Path, end: str) -> None:
    assert run("demo", "--end", end, "--members", "5", "--weeks", "2") == 2
    assert one_error_line(run.err) == f"error: --end {end} puts the demo's 2 weeks before 1950"
    assert not db_file.exists()


def test_the_import_command_starts_without_pandas() -> None:
    """pandas takes about a quarter of a second to load, on every import a cron job runs and in
    the benchmark's whole-process time; the import path reads through DuckDB alone."""
    code = (
        "import sys, legdash.cli, legdash.ingest.pipeline;"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'altair', 'streamlit') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def full_underneath() -> Exception:
    """A clean-up's error raised while a full disk's was handled: DuckDB refuses any statement
    in a transaction the failed write aborted."""
    try:
        try:
            raise duckdb.IOException(
                'IO Error: Could not write file "/gym/x.duckdb.wal": No space left on device'
            )
        finally:
            raise duckdb.TransactionException(
                "TransactionContext Error: Current transaction is aborted (please ROLLBACK)"
            )
    except duckdb.TransactionException as error:
        return error


FULL = "the disk is full (free some space, then run the command again)"
FULL_WAL = (
    "the disk is full: could not write /gym/x.duckdb.wal (free some space, then run the command"
    " again)"
)


@pytest.mark.parametrize(
    "failure, code, said, error",
    [
        (OSError(28, "No space left on device"), 1, f"error: {FULL}", FULL),
        (
            duckdb.TransactionException(
                "TransactionContext Error: Failed to commit: Could not write file"
                ' "/gym/x.duckdb.wal": No space left on device'
            ),
            1,
            f"error: {FULL_WAL}",
            FULL_WAL,
        ),
        (full_underneath(), 1, f"error: {FULL_WAL}", FULL_WAL),
        (OSError(5, "Input/output error"), 1, "error: OSError: ", "OSError: "),
        (KeyboardInterrupt(), 130, "interrupted", "interrupted"),
        (RuntimeError("Query interrupted"), 130, "interrupted", "interrupted"),
    ],
    ids=[
        "disk full",
        "disk full in a commit",
        "disk full under a clean-up's error",
        "other failure",
        "ctrl-c",
        "ctrl-c in a query",
    ],
)
def test_import_json_is_printed_when_a_later_file_fails_unexpectedly(
    run: Cli,
    write_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    code: int,
    said: str,
    error: str,
) -> None:
    files = [str(write_csv(f"{n}.csv", GOOD)) for n in ("first", "second", "third")]
    real_import = cli.import_file

    def failing_second(file: Path, *args: object) -> object:
        if file.name == "second.csv":
            raise failure
        return real_import(file, *args)

    monkeypatch.setattr(cli, "import_file", failing_second)
    assert run("import", *files, "--json") == code
    assert run.err.startswith(said) and "Traceback" not in run.err
    done, failed, untried = json.loads(run.out)["files"]
    assert (done["batch_id"], done["imported"], done["error"]) == (1, 2, None)
    assert failed["file"] == files[1] and failed["error"].startswith(error)
    assert untried["file"] == files[2] and untried["error"].startswith("not tried")
    assert set(failed) == set(untried) == set(done)


def test_ctrl_c_during_a_query_exits_130_without_json(
    run: Cli, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> object:
        raise RuntimeError("Query interrupted")

    monkeypatch.setattr(cli, "import_file", interrupted)
    assert run("import", str(write_csv("log.csv", GOOD))) == 130
    assert run.err == "interrupted\n"


@pytest.mark.parametrize(
    "argv",
    [
        ("staff", "add", "ann", "--role", "staff", "--password-stdin"),
        ("member", "add", "M1", "--pin-stdin"),
    ],
)
@pytest.mark.parametrize("junk", [b"\xff\xfe\x80 secret 12345\n", b"\x00\xc3(\xa0\xa1 x\n"])
def test_a_secret_that_is_not_utf8_is_a_usage_error(
    run: Cli, db_file: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...], junk: bytes
) -> None:
    db.init(db_file)
    # A C locale's stdin, a UTF-8 locale's, a Latin-1 locale's, PYTHONIOENCODING=utf-8:replace.
    readings = [("utf-8", "surrogateescape"), ("utf-8", "strict"), ("latin-1", "strict")]
    for encoding, errors in [*readings, ("utf-8", "replace")]:
        stdin = io.TextIOWrapper(io.BytesIO(junk), encoding=encoding, errors=errors)
        monkeypatch.setattr("sys.stdin", stdin)
        assert run(*argv) == 2
        assert one_error_line(run.err).endswith("on standard input is not UTF-8 text")


def test_demo_help_names_the_demo_database(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["demo", "--help"])
    assert "(default $LEGDASH_DB or data/demo.duckdb)" in " ".join(capsys.readouterr().out.split())
