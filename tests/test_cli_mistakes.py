"""User mistakes around the command line's files and options: one line, exit 2, never a traceback."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from legdash import cli, db, settings
from legdash.wording import escaped
from tests.test_cli import GOOD, Cli, one_error_line

COUNTS = "Tag,Uhrzeit,Anzahl\n2026-01-05,18:00,12\n2026-01-05,19:00,20\n"
NATIVE_TWO_WEIGHTS = (
    "member_id,performed_at,exercise,reps,Foo,bar\nM1,2026-01-05 18:04,Squat,5,100,200\n"
)
PERCENT_ONLY = "observed_at,percent\n2026-01-05 18:00,40\n"
APP_EXPORT = (
    "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
    "2026-01-05 18:00:00,Legs,Squat (Barbell),1,100,5\n"
)


@pytest.fixture
def run(db_file: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_file, capsys)


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write in: a read-only tmp folder, or /sys for root (whom chmod does not
    stop)."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
    elif Path("/sys/kernel").is_dir():
        yield Path("/sys")
    else:
        pytest.skip("running as root without /sys: no folder refuses writes")


# --- --map ---------------------------------------------------------------------------------------


def test_map_naming_a_target_twice_in_one_flag_is_the_error(
    run: Cli, write_csv: Callable[..., Path]
) -> None:
    counts = write_csv("counts.csv", COUNTS)
    assert run("import", str(counts), "--map", "date=Tag,date=Uhrzeit") == 2
    assert one_error_line(run.err) == "error: --map names date twice (date=Tag, date=Uhrzeit)"
    assert not run.database.exists()


def test_repeated_map_flags_add_up(run: Cli, write_csv: Callable[..., Path]) -> None:
    counts = write_csv("counts.csv", COUNTS)
    argv = ["import", str(counts), "--map", "date=Tag", "--map", "time=Uhrzeit,people=Anzahl"]
    summary = run.json(*argv)
    [result] = summary["files"]
    assert result["error"] is None, result
    assert (result["format"], result["imported"], result["rejected"]) == ("occupancy", 2, 0)


def test_repeated_map_flags_naming_a_target_twice_is_the_error(
    run: Cli, write_csv: Callable[..., Path]
) -> None:
    counts = write_csv("counts.csv", COUNTS)
    argv = ["import", str(counts), "--map", "date=Tag,time=Uhrzeit", "--map", "Date=Anzahl"]
    assert run(*argv) == 2
    assert one_error_line(run.err) == "error: --map names date twice (date=Tag, Date=Anzahl)"


@pytest.mark.parametrize(
    "content, argv, message",
    [
        (
            NATIVE_TWO_WEIGHTS,
            ["--map", "weight=Foo", "--map", "weight_kg=bar"],
            "--map names two weight columns (weight=Foo, weight_kg=bar): map one",
        ),
        (
            NATIVE_TWO_WEIGHTS,
            ["--map", "weight_lb=bar,weight=Foo"],
            "--map names two weight columns (weight_lb=bar, weight=Foo): map one",
        ),
        (
            "Date,Workout Name,Exercise Name,Set Order,Reps,Foo,bar\n"
            "2026-01-05 18:00:00,Legs,Running,1,,3,5\n",
            ["--format", "strong", "--member", "M1", "--map", "distance=Foo,km=bar"],
            "--map names two distance columns (distance=Foo, km=bar): map one",
        ),
    ],
)
def test_map_naming_two_columns_of_one_weight_is_the_error(
    content: str, argv: list[str], message: str, run: Cli, write_csv: Callable[..., Path]
) -> None:
    """Only one column of a weight (or distance) is read: a second one mapped would be ignored."""
    path = write_csv("log.csv", content)
    assert run("import", str(path), *argv) == 2
    assert run.err == f"{path}: not imported: {message}\n"
    assert not run.database.exists()


# --- --location ----------------------------------------------------------------------------------


@pytest.mark.parametrize("location", ["Side\x07Hall", "Side\x1b[2JHall", "Side\x85Hall", "A\nB"])
def test_a_location_with_a_control_character_is_refused_on_one_line(
    run: Cli, write_csv: Callable[..., Path], location: str
) -> None:
    export = write_csv("export.csv", APP_EXPORT)
    assert run("import", str(export), "--member", "M1", "--location", location) == 2
    assert one_error_line(run.err) == (
        "error: --location: a location name must be one line, without tabs or other control"
        " characters"
    )
    assert not run.database.exists()
    assert run("init") == 0
    assert run("report", "legs", "--location", location) == 2
    assert one_error_line(run.err) == (
        "error: --location: a location name must be one line, without tabs or other control"
        " characters"
    )
    assert run("settings", "set", f"inventory.{location}.squat_rack", "2") == 2
    assert one_error_line(run.err) == (
        f"error: {escaped(f'inventory.{location}.squat_rack')}: a location name must be one line,"
        " without tabs or other control characters"
    )


# --- --member ------------------------------------------------------------------------------------


@pytest.mark.parametrize("member", ["  ", "M 1", "=cmd|' /C calc'!A0", "+M1", "M" * 65])
def test_import_member_follows_the_rule_of_member_add(
    run: Cli, write_csv: Callable[..., Path], member: str
) -> None:
    export = write_csv("export.csv", APP_EXPORT)
    assert run("import", str(export), "--member", member) == 2
    refused = one_error_line(run.err)
    assert refused == (
        f"error: member ID {member!r} must be 1-64 letters, digits, '.', '_', '-', '@' or '+',"
        " the first a letter or digit"
    )
    assert not run.database.exists()
    assert run("member", "add", member) == 2
    assert one_error_line(run.err) == refused


@pytest.mark.parametrize("typed", ["m-1.A_2", " m-1.A_2\t", "\xa0m-1.A_2\r\n"])
def test_import_member_with_a_good_id(run: Cli, write_csv: Callable[..., Path], typed: str) -> None:
    """Whitespace around it goes, as around the IDs in files."""
    export = write_csv("export.csv", APP_EXPORT)
    assert run("import", str(export), "--member", typed) == 0, run.err
    [member] = run.json("member", "list")
    assert member["member_id"] == "m-1.A_2"


# --- --leg-goal and set-goal ---------------------------------------------------------------------


@pytest.mark.parametrize("goal", ["0", "8", "2.5", "two", "-1", "", "\uff13", "3 4"])
def test_a_leg_goal_is_a_whole_number_from_1_to_7(run: Cli, goal: str) -> None:
    refused = (
        f"error: a leg-session goal is a whole number of sessions a week, 1 to 7, not {goal!r}"
    )
    assert run("member", "add", "M1", "--leg-goal", goal) == 2
    assert one_error_line(run.err) == refused
    assert not run.database.exists()
    assert run("member", "add", "M1") == 0
    assert run("member", "set-goal", "M1", goal) == 2
    assert one_error_line(run.err) == refused
    [member] = run.json("member", "list")
    assert member["leg_goal"] == 2


def test_member_list_refuses_a_leg_goal_rather_than_ignoring_it(run: Cli) -> None:
    assert run("member", "add", "M1") == 0
    assert run("member", "list", "--leg-goal", "3") == 2
    assert one_error_line(run.err).startswith("error: --leg-goal is for member add")


# --- --out ---------------------------------------------------------------------------------------


def test_rejects_out_to_a_missing_folder_or_a_folder(
    run: Cli, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    missing = tmp_path / "missing" / "x.csv"
    assert run("rejects", "1", "--out", str(missing)) == 2
    assert one_error_line(run.err) == f"error: cannot write {missing}: no such folder"
    assert run("rejects", "1", "--out", str(tmp_path)) == 2
    assert one_error_line(run.err) == f"error: cannot write {tmp_path}: it is a folder"


def test_rejects_out_never_overwrites_a_file(
    run: Cli, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """As `backup --out`: an existing file is refused, the database itself most of all."""
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    kept = tmp_path / "notes.csv"
    kept.write_text("keep me")
    for out, error in (
        (kept, f"{kept} exists already"),
        (run.database, f"--out {run.database} is a file of the database {run.database}"),
    ):
        before = out.read_bytes()
        assert run("rejects", "1", "--out", str(out)) == 2
        assert one_error_line(run.err).startswith(f"error: {error}")
        assert out.read_bytes() == before
    assert run("batches") == 0


def test_rejects_out_to_a_folder_nobody_may_write(
    run: Cli, write_csv: Callable[..., Path], unwritable: Path
) -> None:
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    out = unwritable / "x.csv"
    assert run("rejects", "1", "--out", str(out)) == 2
    assert one_error_line(run.err).startswith(f"error: cannot write {out}: ")


def test_backup_out_to_a_folder_or_under_a_file(run: Cli, tmp_path: Path) -> None:
    db.init(run.database)
    assert run("backup", "--out", str(tmp_path)) == 2
    assert one_error_line(run.err) == f"error: cannot write {tmp_path}: it is a folder"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    out = a_file / "copy.duckdb"
    assert run("backup", "--out", str(out)) == 2
    assert one_error_line(run.err) == f"error: cannot write {out}: {a_file} is not a folder"


def test_backup_out_in_a_missing_folder_is_a_typo(run: Cli, tmp_path: Path) -> None:
    """As for `rejects --out`: a typed path's folders are not made, the default one's are."""
    db.init(run.database)
    out = tmp_path / "bakups" / "copy.duckdb"
    assert run("backup", "--out", str(out)) == 2
    assert one_error_line(run.err) == f"error: cannot write {out}: no such folder"
    assert not out.parent.exists()


def test_backup_out_in_a_folder_nobody_may_write(run: Cli, unwritable: Path) -> None:
    db.init(run.database)
    out = unwritable / "copy.duckdb"
    assert run("backup", "--out", str(out)) == 2
    assert one_error_line(run.err).startswith(f"error: cannot write {out}: ")


# --- the database's folder -----------------------------------------------------------------------


def test_import_into_a_folder_nobody_may_write(
    run: Cli, write_csv: Callable[..., Path], unwritable: Path
) -> None:
    log = write_csv("log.csv", GOOD)
    run.database = unwritable / "gym.duckdb"
    assert run("import", str(log)) == 2
    line = one_error_line(run.err)
    assert line.startswith(f"error: cannot write in {unwritable}: ")
    assert ".legdash" not in line
    assert run("import", str(log), "--json") == 2
    [result] = json.loads(run.out)["files"]
    assert result["error"].startswith(f"cannot write in {unwritable}: ")
    assert result["batch_id"] is None


@pytest.mark.parametrize(
    "command",
    [["init"], ["settings", "set", "gym_name", "Iron"], ["demo", "--members", "5", "--weeks", "1"]],
)
def test_writing_commands_in_a_folder_nobody_may_write(
    run: Cli, unwritable: Path, command: list[str]
) -> None:
    run.database = unwritable / "gym.duckdb"
    assert run(*command) == 2
    assert one_error_line(run.err) == f"error: cannot write in {unwritable}: permission denied"


def test_import_with_a_database_under_a_file(run: Cli, write_csv: Callable[..., Path]) -> None:
    log = write_csv("log.csv", GOOD)
    run.database = log / "gym.duckdb"
    assert run("import", str(log)) == 2
    assert one_error_line(run.err) == f"error: cannot write in {log}: it is a file, not a folder"


@pytest.mark.parametrize("what", ["not a database", "a folder"])
def test_import_json_reports_a_database_that_cannot_be_opened(
    run: Cli, write_csv: Callable[..., Path], what: str
) -> None:
    run.database.parent.mkdir(parents=True)
    if what == "a folder":
        run.database.mkdir()
    else:
        run.database.write_bytes(b"PK\x03\x04 a spreadsheet saved over the database")
    log, other = write_csv("log.csv", GOOD), write_csv("other.csv", GOOD)
    assert run("import", str(log), str(other), "--json") == 2
    assert run.err == ""
    results = json.loads(run.out)["files"]
    assert [r["file"] for r in results] == [str(log), str(other)]
    for result in results:
        assert result["error"].startswith("cannot open the database: ")
        assert (result["batch_id"], result["imported"]) == (None, 0)


# --- report dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["racks", "--to", "9999-12-31"],
        ["legs", "--from", "0001-01-01"],
        ["legs", "--to", "0001-01-07"],
        ["member", "--member", "M1", "--to", "9999-12-31"],
        ["legs", "--from", "1949-12-31"],
    ],
)
def test_report_dates_outside_what_data_can_hold_are_refused(run: Cli, argv: list[str]) -> None:
    db.init(run.database)
    assert run("report", *argv) == 2
    assert "is outside the dates a report covers, 1950-01-01 to " in one_error_line(run.err)


def test_report_dates_at_the_edges_are_fine(run: Cli) -> None:
    db.init(run.database)
    latest = gym_today() + timedelta(days=cli.REPORT_DAYS_AHEAD)
    assert run("report", "legs", "--from", "1950-01-01", "--to", str(latest)) == 0, run.err


def test_report_dates_end_a_year_after_the_gyms_today(run: Cli, gym_behind_server: date) -> None:
    """The server's today is the gym's tomorrow here: a year after it is a day too far."""
    latest = gym_behind_server + timedelta(days=cli.REPORT_DAYS_AHEAD)
    beyond = latest + timedelta(days=1)
    assert run("report", "legs", "--to", str(beyond)) == 2
    assert one_error_line(run.err) == (
        f"error: argument --to: {beyond} is outside the dates a report covers, 1950-01-01 to"
        f" {latest}"
    )
    start = str(gym_behind_server - timedelta(weeks=5))
    assert run("report", "legs", "--from", start, "--to", str(latest)) == 0, run.err


def gym_today() -> date:
    """Today at a gym with the default time zone, which a joined date may not pass."""
    return settings.wall_clock(settings.DEFAULTS["time_zone"]).date()


@pytest.mark.parametrize("joined", ["0001-01-01", "1949-12-31", "9999-12-31", "tomorrow"])
def test_a_joined_date_before_1950_or_in_the_future_is_refused(run: Cli, joined: str) -> None:
    if joined == "tomorrow":
        joined = str(gym_today() + timedelta(days=1))
    assert run("member", "add", "M1", "--joined", joined) == 2
    assert one_error_line(run.err) == (
        f"error: a member cannot have joined on {joined}: the dates are 1950-01-01 to"
        f" {gym_today()} (today at the gym)"
    )
    assert not run.database.exists()


@pytest.mark.parametrize("joined", ["1950-01-01", "today"])
def test_a_joined_date_at_the_edges_is_fine(run: Cli, joined: str) -> None:
    joined = str(gym_today()) if joined == "today" else joined
    assert run("member", "add", "M1", "--joined", joined) == 0, run.err
    assert run("member", "list", "--json") == 0
    assert [m["joined"] for m in json.loads(run.out)] == [joined]


def test_a_joined_date_is_checked_against_the_gyms_today(run: Cli, gym_behind_server: date) -> None:
    """The server's today is the gym's tomorrow here: no member has joined then yet."""
    tomorrow = gym_behind_server + timedelta(days=1)
    assert run("member", "add", "M1", "--joined", str(tomorrow)) == 2
    assert f"to {gym_behind_server} (today at the gym)" in one_error_line(run.err)
    assert run("member", "add", "M1", "--joined", str(gym_behind_server)) == 0, run.err


# --- --lock-timeout ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "soon"])
@pytest.mark.parametrize(
    "command",
    [
        ["import", "log.csv"],
        ["undo", "1"],
        ["member", "add", "M1"],
        ["staff", "passwd", "ann", "--password-stdin"],
        ["exercise", "map", "Kniebeuge", "--to", "Back Squat"],
        ["exercise", "unmap", "Kniebeuge"],
    ],
)
def test_lock_timeout_must_be_a_finite_number_of_seconds(
    run: Cli, command: list[str], value: str
) -> None:
    assert run(*command, "--lock-timeout", value) == 2
    line = one_error_line(run.err)
    assert f"--lock-timeout: {value!r} is not a number of seconds (0 or more)" in line
    assert not run.database.exists()


def test_lock_timeout_zero_is_fine(run: Cli, write_csv: Callable[..., Path]) -> None:
    assert run("import", str(write_csv("log.csv", GOOD)), "--lock-timeout", "0") == 0


READING_COMMANDS = [
    ["batches"],
    ["rejects", "1"],
    ["flagged"],
    ["report", "legs"],
    ["settings", "show"],
    ["member", "list"],
    ["exercise", "unclassified"],
    ["backup"],
]


@pytest.mark.parametrize("value", ["5", "0"])
@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_a_command_that_only_reads_refuses_a_lock_timeout(
    run: Cli, write_csv: Callable[..., Path], command: list[str], value: str
) -> None:
    """Reading takes no lock: `member list --lock-timeout 5` was accepted and did nothing."""
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    assert run(*command) == 0, run.err
    assert run(*command, "--lock-timeout", value) == 2
    assert "--lock-timeout" in one_error_line(run.err)
    assert run.out == ""


# A reading action's option that another action uses: refused, as `member list --leg-goal` is.
IGNORED_OPTIONS = {
    "settings show KEY VALUE": (
        ["settings", "show", "gym_name", "Iron"],
        "error: settings show takes no KEY VALUE",
    ),
    "member list --name": (
        ["member", "list", "--name", "Ann"],
        "error: member list takes no --name, which is for member add",
    ),
    "member list --joined": (["member", "list", "--joined", "2026-01-05"], "takes no --joined"),
    "member list --pin-stdin": (["member", "list", "--pin-stdin"], "takes no --pin-stdin"),
    "member deactivate --joined": (
        ["member", "deactivate", "M1", "--joined", "2026-01-05"],
        "error: member deactivate takes no --joined, which is for member add",
    ),
    "member set-goal --name": (["member", "set-goal", "M1", "3", "--name", "Ann"], "no --name"),
    "member activate --pin-stdin": (
        ["member", "activate", "M1", "--pin-stdin"],
        "error: member activate takes no --pin-stdin, which is for member add and set-pin",
    ),
    "exercise unmap --to": (
        ["exercise", "unmap", "Kniebeuge", "--to", "Back Squat"],
        "error: exercise unmap takes no --to, which is for exercise map",
    ),
    "exercise unmap --rack": (["exercise", "unmap", "Kniebeuge", "--rack"], "takes no --rack"),
    "demo --remove --members": (
        ["demo", "--remove", "--members", "50"],
        "error: demo --remove takes no --members, which is for making a demo",
    ),
    "demo --remove --seed": (["demo", "--remove", "--seed", "1"], "takes no --seed"),
    "demo --remove --end": (["demo", "--remove", "--end", "2026-01-04"], "takes no --end"),
    "demo --remove --allow-real": (["demo", "--remove", "--allow-real"], "takes no --allow-real"),
    "exercise unclassified NAME": (
        ["exercise", "unclassified", "Kniebeuge"],
        "error: exercise unclassified takes no NAME",
    ),
    "exercise unclassified --to": (
        ["exercise", "unclassified", "--to", "Back Squat"],
        "error: exercise unclassified takes no --to, which is for exercise map",
    ),
    "exercise unclassified --rack": (["exercise", "unclassified", "--rack"], "takes no --rack"),
    "report member --location": (
        ["report", "member", "--member", "M1", "--location", "Main"],
        "error: report member takes no --location, which is for report legs and racks",
    ),
    "report legs --member": (
        ["report", "legs", "--member", "M1"],
        "error: report legs takes no --member, which is for report member",
    ),
    "report legs --coverage": (["report", "legs", "--coverage", "40"], "takes no --coverage"),
    "report racks --min-leg-sets": (
        ["report", "racks", "--min-leg-sets", "3"],
        "error: report racks takes no --min-leg-sets, which is for report legs and member",
    ),
    "report racks --skipper-weeks": (
        ["report", "racks", "--skipper-weeks", "4"],
        "takes no --skipper-weeks",
    ),
    "report member --max-wait-minutes": (
        ["report", "member", "--member", "M1", "--max-wait-minutes", "5"],
        "takes no --max-wait-minutes",
    ),
}


@pytest.mark.parametrize("argv, message", IGNORED_OPTIONS.values(), ids=IGNORED_OPTIONS.keys())
def test_an_action_refuses_the_options_it_would_ignore(
    run: Cli, write_csv: Callable[..., Path], argv: list[str], message: str
) -> None:
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    assert run(*argv) == 2
    assert message in one_error_line(run.err)
    assert run.out == ""


# --- --json --------------------------------------------------------------------------------------

# Mistakes of commands that print what they did as JSON, each with its standard input.
JSON_MISTAKES = {
    "undo of no batch": (["undo", "42"], "", "error: there is no batch 42"),
    "undo done already": (["undo", "1"], "", "error: batch 1 was undone already"),
    "unflag of no flagged set": (["unflag", "99"], "", "error: not a flagged set: 99"),
    "staff add of a short password": (
        ["staff", "add", "bo", "--role", "staff", "--password-stdin"],
        "short\n",
        "error: a password needs",
    ),
    "staff passwd of nobody": (
        ["staff", "passwd", "zed", "--password-stdin"],
        "long enough 1\n",
        "error: no staff account 'zed'",
    ),
    "--json with a value": (["undo", "1", "--json=yes"], "", "error: argument --json"),
}


@pytest.mark.parametrize("argv, stdin, message", JSON_MISTAKES.values(), ids=JSON_MISTAKES.keys())
def test_a_mistake_with_json_is_one_error_line_and_no_output(
    run: Cli,
    write_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str,
    message: str,
) -> None:
    assert run("import", str(write_csv("log.csv", GOOD))) == 0
    assert run("undo", "1") == 0
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    assert run(*argv, "--json") == 2
    assert one_error_line(run.err).startswith(message)
    assert run.out == ""


# --- format of a refused file --------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, fmt, reason",
    [(PERCENT_ONLY, "occupancy", "no capacity column"), (APP_EXPORT, "strong", "--member")],
)
def test_a_refused_file_still_names_its_format(
    run: Cli, write_csv: Callable[..., Path], content: str, fmt: str, reason: str
) -> None:
    assert run("import", str(write_csv("export.csv", content)), "--json") == 2
    [result] = json.loads(run.out)["files"]
    assert result["format"] == fmt
    assert reason in result["error"]
    assert result["batch_id"] is None


# --- a failed write on a new database ------------------------------------------------------------

# Write commands that fail once they hold the file, each with what it reads on standard input.
FAILED_WRITES = {
    "settings set": (["settings", "set", "display_unit", "xyz"], ""),
    "settings set, one good pair": (["settings", "set", "gym_name", "Iron", "time_zone", "x"], ""),
    "member add with a bad PIN": (["member", "add", "M1", "--pin-stdin"], "1\n"),
    "staff add with a short password": (
        ["staff", "add", "ann", "--role", "staff", "--password-stdin"],
        "short\n",
    ),
    "staff passwd of nobody": (["staff", "passwd", "bob", "--password-stdin"], "long enough 1\n"),
    "member set-pin": (["member", "set-pin", "M1", "--pin-stdin"], "4826\n"),
    "member deactivate": (["member", "deactivate", "M1"], ""),
    "exercise map": (["exercise", "map", "Kniebeuge", "--to", "Back Squat"], ""),
    "unflag": (["unflag", "1"], ""),
    "undo": (["undo", "1"], ""),
    "demo --remove": (["demo", "--remove"], ""),
}


@pytest.mark.parametrize("argv, stdin", FAILED_WRITES.values(), ids=FAILED_WRITES.keys())
def test_a_failed_write_leaves_no_new_database_behind(
    run: Cli, monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    assert run(*argv) == 2
    one_error_line(run.err)
    assert not run.database.parent.exists()


def test_an_import_of_only_unusable_files_leaves_no_database_behind(
    run: Cli, write_csv: Callable[..., Path]
) -> None:
    unusable = [write_csv("counts.csv", PERCENT_ONLY), write_csv("notes.csv", "foo,bar\n1,2\n")]
    assert run("import", *map(str, unusable)) == 2
    assert not run.database.parent.exists()


def test_a_failed_write_removes_the_folders_it_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = Cli(tmp_path / "new" / "deeper" / "gym.duckdb", capsys)
    assert run("settings", "set", "display_unit", "xyz") == 2
    assert one_error_line(run.err) == "error: display_unit: must be kg or lb"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_database_that_was_there(run: Cli) -> None:
    assert run("settings", "set", "gym_name", "Iron") == 0
    assert run("settings", "set", "display_unit", "xyz") == 2
    assert one_error_line(run.err) == "error: display_unit: must be kg or lb"
    assert run("settings", "show") == 0
    assert "gym_name = Iron" in run.out.splitlines()
