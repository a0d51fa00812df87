from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from legdash import auth, cli, db, members
from legdash.db import Connection
from legdash.ingest.batches import undo
from legdash.ingest.pipeline import import_file
from legdash.members import MemberError

NOW = datetime(2026, 3, 2, 18, 0)


@pytest.fixture
def con(db_file: Path) -> Iterator[Connection]:
    with db.write(db_file) as connection:
        yield connection


def member(con: Connection, member_id: str) -> tuple | None:
    return con.execute(
        "SELECT name, joined, active, batch_id FROM members WHERE member_id = ?", [member_id]
    ).fetchone()


def import_sets(write_csv: Callable[..., Path], database: Path, member_id: str) -> int:
    path = write_csv(
        f"{member_id}.csv",
        f"member_id,performed_at,exercise,weight,reps\n{member_id},2026-01-05 18:00,Squat,100,5\n",
    )
    result = import_file(path, database, now=NOW)
    assert result.imported == 1
    assert result.batch_id is not None
    return result.batch_id


@pytest.mark.parametrize(
    "member_id", ["M1", "a", "club-007", "j.smith_2", "ann.lee+gym@example.com", "9" * 64]
)
def test_validate_id_accepts(member_id: str) -> None:
    assert members.validate_id(member_id) == member_id


@pytest.mark.parametrize(
    "member_id",
    [
        *["", "  ", "\t\n", "\xa0", "-M1", ".M1", "@gym.com", "+44123", "M 1", "M1;DROP"],
        *["é1", "9" * 65, " 9" + "9" * 64, "M1\x07", "\u200bM1"],
    ],
)
def test_validate_id_rejects(member_id: str) -> None:
    with pytest.raises(MemberError) as refused:
        members.validate_id(member_id)
    assert str(refused.value) == (
        f"member ID {member_id!r} must be 1-64 letters, digits, '.', '_', '-', '@' or '+',"
        " the first a letter or digit"
    )


# Whitespace as str.strip drops it, the IDs in files included (staging's ld_member_id).
AROUND = ["\t", "\r\n", "\x0b\x0c", "\x1c\x1f", "\x85", "\xa0", "\u2009", "\u2028", "\u3000"]


@pytest.mark.parametrize("space", AROUND)
def test_a_typed_id_loses_the_whitespace_at_its_ends(space: str) -> None:
    assert members.typed_id(f"{space} M7{space}") == "M7"
    assert members.validate_id(f"M7 {space}") == "M7"


def test_add_and_list(con: Connection) -> None:
    assert members.add(con, "M2", "Bea", date(2025, 9, 1)) is False
    assert members.add(con, "M1") is False
    rows = members.list_members(con)
    assert [r["member_id"] for r in rows] == ["M1", "M2"]
    bea = rows[1]
    assert bea["name"] == "Bea"
    assert bea["joined"] == date(2025, 9, 1)
    assert bea["active"] is True
    assert bea["leg_goal"] == 2  # the schema's default
    assert bea["has_pin"] is False
    assert bea["is_demo"] is False
    assert bea["sets"] == 0
    assert bea["last_set"] is None


@pytest.mark.parametrize(
    "name, message",
    [
        ("x" * 101, "a member name must be 1 to 100 characters"),
        ("   ", "a member name must be 1 to 100 characters"),
        ("Ann\nM2 Bob active", "a member name must be one line"),
        ("Ann\tLee", "must be one line, without tabs or other control characters"),
        ("Ann\x1b[2J", "must be one line"),
        ("Ann\u2028Lee", "must be one line"),
        ("Ann\u202eevil", "must not hold right-to-left"),
        ("\u200b", "must have a visible character"),
    ],
)
def test_add_refuses_a_name_that_breaks_the_listing(
    con: Connection, name: str, message: str
) -> None:
    with pytest.raises(MemberError, match=message):
        members.add(con, "M1", name)
    assert member(con, "M1") is None


def test_add_keeps_a_name_of_up_to_100_characters_stripped(con: Connection) -> None:
    members.add(con, "M1", " Ann Lee ")
    members.add(con, "M2", "x" * 100)
    assert [member(con, m)[0] for m in ("M1", "M2")] == ["Ann Lee", "x" * 100]


@pytest.mark.parametrize("name", [None, "Ann"])
def test_adding_a_member_twice_is_an_error(con: Connection, name: str | None) -> None:
    members.add(con, "M1", name)
    with pytest.raises(MemberError, match="member M1 exists already"):
        members.add(con, "M1", "Other")
    assert member(con, "M1")[0] == name


def test_add_fills_in_a_member_an_import_created(
    write_csv: Callable[..., Path], db_file: Path
) -> None:
    batch_id = import_sets(write_csv, db_file, "M7")
    with db.write(db_file) as con:
        assert member(con, "M7") == (None, None, True, batch_id)
        assert members.add(con, "M7", "Cal", date(2024, 1, 15)) is True
        assert member(con, "M7") == ("Cal", date(2024, 1, 15), True, None)
        with pytest.raises(MemberError, match="exists already"):
            members.add(con, "M7")
        listed = {r["member_id"]: r for r in members.list_members(con)}
        assert listed["M7"]["sets"] == 1
        assert listed["M7"]["last_set"] == date(2026, 1, 5)


def test_undoing_the_import_keeps_a_member_staff_added(
    write_csv: Callable[..., Path], db_file: Path
) -> None:
    batch_id = import_sets(write_csv, db_file, "M8")
    with db.write(db_file) as con:
        members.add(con, "M8")
        undo(con, batch_id)
        assert member(con, "M8") is not None


def test_a_leg_goal_is_set_on_add_or_later_and_checked(con: Connection) -> None:
    members.add(con, "M1", leg_goal=3)
    members.add(con, "M2")
    assert members.set_leg_goal(con, "m2", "1") == 1
    assert [(r["member_id"], r["leg_goal"]) for r in members.list_members(con)] == [
        ("M1", 3),
        ("M2", 1),
    ]
    for goal in (0, 8, "2.5", "two", ""):
        with pytest.raises(MemberError, match="whole number of sessions a week, 1 to 7"):
            members.set_leg_goal(con, "M1", goal)
    with pytest.raises(MemberError, match="whole number of sessions a week, 1 to 7"):
        members.add(con, "M3", leg_goal=0)
    assert member(con, "M3") is None
    with pytest.raises(MemberError, match="there is no member M9"):
        members.set_leg_goal(con, "M9", 2)
    assert members.leg_goal(con, "M1") == 3 and members.leg_goal(con, "M9") is None


def test_adding_a_member_an_import_created_keeps_the_goal_staff_set(
    write_csv: Callable[..., Path], db_file: Path
) -> None:
    import_sets(write_csv, db_file, "M7")
    with db.write(db_file) as con:
        members.set_leg_goal(con, "M7", 4)
        with pytest.raises(MemberError, match="exists already"):  # as after set-pin
            members.add(con, "M7", "Cal")
        assert members.leg_goal(con, "M7") == 4


def test_undoing_the_import_keeps_a_member_whose_goal_staff_set(
    write_csv: Callable[..., Path], db_file: Path
) -> None:
    """A goal is a staff decision, as a PIN is: undoing the file must not take it away."""
    batch_id = import_sets(write_csv, db_file, "M8")
    with db.write(db_file) as con:
        members.set_leg_goal(con, "M8", 3)
        assert undo(con, batch_id)["members"] == 0
        assert members.leg_goal(con, "M8") == 3


def test_undoing_the_import_keeps_a_member_staff_deactivated(
    write_csv: Callable[..., Path], db_file: Path
) -> None:
    """Deactivating is a staff decision: importing the file again must not bring the member back
    able to sign in."""
    batch_id = import_sets(write_csv, db_file, "M8")
    with db.write(db_file) as con:
        members.deactivate(con, "M8")
        assert undo(con, batch_id)["members"] == 0
        assert member(con, "M8") == (None, None, False, batch_id)
    import_sets(write_csv, db_file, "M8")
    with db.write(db_file) as con:
        assert member(con, "M8")[2] is False


def test_deactivate(con: Connection) -> None:
    members.add(con, "M1", "Ann")
    members.deactivate(con, "M1")
    assert member(con, "M1")[2] is False
    with pytest.raises(MemberError, match="there is no member M9"):
        members.deactivate(con, "M9")


def test_deactivated_member_cannot_sign_in(con: Connection) -> None:
    members.add(con, "M1", "Ann")
    auth.set_member_pin(con, "M1", "2580")
    assert auth.verify_member_pin(con, "M1", "2580", NOW)
    members.deactivate(con, "M1")
    assert not auth.verify_member_pin(con, "M1", "2580", NOW)


def test_activate_lets_a_deactivated_member_sign_in_again(con: Connection) -> None:
    members.add(con, "M1", "Ann")
    auth.set_member_pin(con, "M1", "2580")
    members.deactivate(con, "M1")
    members.activate(con, "M1")
    assert member(con, "M1")[2] is True
    assert auth.verify_member_pin(con, "M1", "2580", NOW)
    with pytest.raises(MemberError, match="there is no member M9"):
        members.activate(con, "M9")


def refused_as_deactivated(database: Path) -> str:
    return f"member M7 is deactivated: `python -m legdash member activate M7 --db {database}`"


def test_add_leaves_a_member_staff_deactivated_deactivated(
    write_csv: Callable[..., Path], db_file: Path
) -> None:
    batch_id = import_sets(write_csv, db_file, "M7")
    with db.write(db_file) as con:
        members.deactivate(con, "M7")
        with pytest.raises(MemberError, match=re.escape(refused_as_deactivated(db_file))):
            members.add(con, "M7", "Cal")
        assert member(con, "M7") == (None, None, False, batch_id)
        members.activate(con, "M7")
        assert members.add(con, "M7", "Cal") is True
        assert member(con, "M7") == ("Cal", None, True, None)


def test_add_of_a_deactivated_member_staff_added_names_activate(
    con: Connection, db_file: Path
) -> None:
    members.add(con, "M7", "Cal")
    members.deactivate(con, "M7")
    with pytest.raises(MemberError, match=re.escape(refused_as_deactivated(db_file))):
        members.add(con, "M7")


def run(db_file: Path, *argv: str, stdin: str | None = None) -> int:
    return cli.main(["member", *argv, "--db", str(db_file)])


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))

    return feed


def test_cli_add_list_set_pin_deactivate(
    db_file: Path, capsys: pytest.CaptureFixture[str], stdin: Callable[[str], None]
) -> None:
    assert run(db_file, "add", "M1", "--name", "Ann", "--joined", "2025-10-01") == 0
    stdin("2580\n")
    assert run(db_file, "add", "M2", "--pin-stdin") == 0
    stdin("13579\n")
    assert run(db_file, "set-pin", "M1", "--pin-stdin") == 0
    assert run(db_file, "deactivate", "M2") == 0
    out = capsys.readouterr().out
    assert "member M1: added" in out
    assert "member M2: deactivated" in out
    assert run(db_file, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["M1", "Ann", "active", "PIN", "set", "goal", "2/week", "0", "sets"]
    assert lines[1].split() == ["M2", "inactive", "PIN", "set", "goal", "2/week", "0", "sets"]
    assert run(db_file, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(m["member_id"], m["active"], m["has_pin"]) for m in listed] == [
        ("M1", True, True),
        ("M2", False, True),
    ]
    assert listed[0]["joined"] == "2025-10-01"
    with db.read(db_file) as con:
        pin_hash = con.execute("SELECT pin_hash FROM members WHERE member_id = 'M1'").fetchone()[0]
    assert "13579" not in pin_hash and auth.verify_secret(pin_hash, "13579")


def test_cli_leg_goal_on_add_and_set_goal_shown_by_list(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_file, "add", "M1", "--name", "Ann", "--leg-goal", "3") == 0
    assert run(db_file, "add", "M2") == 0
    assert run(db_file, "set-goal", "m2", "1") == 0
    assert capsys.readouterr().out.splitlines() == [
        "member M1: added",
        "member M2: added",
        "member M2: leg-session goal set to 1 a week",
    ]
    assert run(db_file, "list") == 0
    assert [line.split()[-4:-2] for line in capsys.readouterr().out.splitlines()] == [
        ["goal", "3/week"],
        ["goal", "1/week"],
    ]
    assert run(db_file, "list", "--json") == 0
    assert [m["leg_goal"] for m in json.loads(capsys.readouterr().out)] == [3, 1]


def test_cli_add_says_when_the_member_was_in_imported_data(
    write_csv: Callable[..., Path], db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_sets(write_csv, db_file, "M7")
    assert run(db_file, "add", "M7", "--name", "Cal") == 0
    assert capsys.readouterr().out == (
        "member M7: was in imported data, now added (undoing that import keeps the member)\n"
    )
    assert run(db_file, "add", "M7") == 2
    assert capsys.readouterr().err == "error: member M7 exists already\n"


def test_cli_add_refuses_a_deactivated_member_until_activated(
    write_csv: Callable[..., Path], db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_sets(write_csv, db_file, "M7")
    assert run(db_file, "deactivate", "M7") == 0
    capsys.readouterr()
    assert run(db_file, "add", "M7", "--name", "Cal") == 2
    assert capsys.readouterr().err == (
        f"error: {refused_as_deactivated(db_file)} lets them sign in again\n"
    )
    assert run(db_file, "list") == 0
    assert capsys.readouterr().out.split()[:2] == ["M7", "inactive"]
    assert run(db_file, "activate", "M7") == 0
    assert capsys.readouterr().out == "member M7: activated\n"
    assert run(db_file, "list") == 0
    assert capsys.readouterr().out.split()[:2] == ["M7", "active"]


def test_cli_activate_and_deactivate_say_when_the_member_is_so_already(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_file, "add", "M1") == 0
    capsys.readouterr()
    assert run(db_file, "activate", "M1") == 0
    assert capsys.readouterr().out == "member M1 is already active\n"
    assert run(db_file, "deactivate", "M1") == 0
    assert capsys.readouterr().out == "member M1: deactivated\n"
    assert run(db_file, "deactivate", "M1") == 0
    assert capsys.readouterr().out == "member M1 is already deactivated\n"
    with db.read(db_file) as con:
        assert con.execute("SELECT active FROM members").fetchall() == [(False,)]
    assert run(db_file, "activate", "M1") == 0
    assert capsys.readouterr().out == "member M1: activated\n"


def test_cli_json_prints_what_each_action_stored(
    write_csv: Callable[..., Path],
    db_file: Path,
    capsys: pytest.CaptureFixture[str],
    stdin: Callable[[str], None],
) -> None:
    def done(*argv: str) -> object:
        assert run(db_file, *argv, "--json") == 0
        return json.loads(capsys.readouterr().out)

    stdin("2580\n")
    assert done("add", "M1", "--name", " Ann ", "--joined", "2025-10-01", "--pin-stdin") == {
        "member_id": "M1",
        "name": "Ann",
        "joined": "2025-10-01",
        "leg_goal": 2,
        "pin_set": True,
        "was_in_imported_data": False,
        "new_database": os.path.abspath(db_file),
    }
    import_sets(write_csv, db_file, "M7")
    assert done("add", "m7")["was_in_imported_data"] is True
    stdin("13579\n")
    assert done("set-pin", "m1", "--pin-stdin") == {"member_id": "M1", "pin_set": True}
    assert done("set-goal", "m1", "4") == {"member_id": "M1", "leg_goal": 4}
    assert done("add", "M2", "--leg-goal", "1")["leg_goal"] == 1
    off = {"member_id": "M1", "active": False, "changed": True}
    assert done("deactivate", "M1") == off
    assert done("deactivate", "M1") == off | {"changed": False}
    assert done("activate", "M1") == {"member_id": "M1", "active": True, "changed": True}


def test_activate_and_deactivate_report_whether_anything_changed(con: Connection) -> None:
    members.add(con, "M1")
    assert members.activate(con, "M1") is False
    assert members.deactivate(con, "M1") is True
    assert members.deactivate(con, "M1") is False
    assert members.activate(con, "M1") is True


@pytest.mark.parametrize("argv", [["add", "bad id"], ["add", "M1", "--name", "Ann\nBob"]])
def test_cli_add_with_a_mistake_makes_no_database(tmp_path: Path, argv: list[str], capsys) -> None:
    missing = tmp_path / "gym.duckdb"
    assert run(missing, *argv) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv, stdin_text, message",
    [
        (["add", "M1"], None, "error: member M1 exists already"),
        (["add", "bad id"], None, "error: member ID 'bad id' must be"),
        (["add", "M2", "--name", "Ann\nBob"], None, "error: a member name must be one line"),
        (["deactivate", "M9"], None, "error: there is no member M9"),
        (["activate", "M9"], None, "error: there is no member M9"),
        (["activate"], None, "error: usage: member activate ID"),
        (["set-pin", "M9", "--pin-stdin"], "2580\n", "error: there is no member M9"),
        (["set-pin", "M1", "--pin-stdin"], "1234\n", "error: that PIN is too easy"),
        (["set-pin", "M1", "--pin-stdin"], "\n", "error: no PIN on standard input"),
        (["set-pin", "M1"], None, "error: pass the PIN on standard input with --pin-stdin"),
        (["set-pin"], None, "error: usage: member set-pin ID"),
        (["set-goal", "M9", "3"], None, "error: there is no member M9"),
        (["set-goal", "M1"], None, "error: usage: member set-goal ID N"),
        (["set-goal"], None, "error: usage: member set-goal ID N"),
        # A goal the action would not store would pass for one set.
        (["add", "M2", "3"], None, "error: member add takes one member ID, not '3' too"),
        (["deactivate", "M1", "3"], None, "error: member deactivate takes one member ID"),
        (["set-goal", "M1", "3", "--leg-goal", "3"], None, "error: --leg-goal is for member add"),
        (["add", "M2", "--pin-stdin"], "12\n", "error: a PIN is 4 to 8 digits"),
        # A list of every member would pass for that member's line.
        (["list", "M1"], None, "error: member list takes no member ID"),
    ],
)
def test_cli_mistakes_exit_2_with_one_line(
    db_file: Path,
    capsys: pytest.CaptureFixture[str],
    stdin: Callable[[str], None],
    argv: list[str],
    stdin_text: str | None,
    message: str,
) -> None:
    assert run(db_file, "add", "M1") == 0
    capsys.readouterr()
    if stdin_text is not None:
        stdin(stdin_text)
    assert run(db_file, *argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_cli_add_with_a_bad_pin_adds_nothing(
    db_file: Path, stdin: Callable[[str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    db.init(db_file)
    stdin("12\n")
    assert run(db_file, "add", "M3", "--pin-stdin") == 2
    with db.read(db_file) as con:
        assert member(con, "M3") is None


def test_cli_list_without_a_database(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_file, "list") == 2
    assert capsys.readouterr().err.startswith("error: no database at")


# Whitespace around a typed ID, as str.strip and the IDs in files drop it: none, or a pair.
PADDING = [("", ""), ("\xa0", "\t"), (" ", "\r\n"), ("\u3000", " ")]


@pytest.mark.parametrize("before, after", PADDING)
def test_an_id_in_other_case_is_the_same_member(
    write_csv: Callable[..., Path],
    db_file: Path,
    capsys: pytest.CaptureFixture[str],
    stdin: Callable[[str], None],
    before: str,
    after: str,
) -> None:
    """Gyms use e-mail addresses as IDs, typed either way: one person is one member. An ID pasted
    with a space, tab or line end around it is that member too, as a file's ID is."""

    def typed(member_id: str) -> str:
        return f"{before}{member_id}{after}"

    assert run(db_file, "add", typed("Ann@Gym.com")) == 0
    capsys.readouterr()
    assert run(db_file, "add", typed("ann@GYM.COM")) == 2
    assert capsys.readouterr().err == "error: member Ann@Gym.com exists already\n"
    stdin("2580\n")
    assert run(db_file, "set-pin", typed("ANN@gym.com"), "--pin-stdin") == 0
    assert run(db_file, "deactivate", typed("ann@gym.com")) == 0
    assert run(db_file, "activate", typed("ANN@GYM.COM")) == 0
    assert capsys.readouterr().out.splitlines() == [
        "member Ann@Gym.com: PIN set",
        "member Ann@Gym.com: deactivated",
        "member Ann@Gym.com: activated",
    ]
    import_sets(write_csv, db_file, "\xa0ann@gym.com\t")  # padded in a file (a line end ends a row)
    with db.write(db_file) as con:
        assert con.execute("SELECT member_id FROM members").fetchall() == [("Ann@Gym.com",)]
        assert con.execute("SELECT DISTINCT member_id FROM sets").fetchall() == [("Ann@Gym.com",)]
        assert auth.verify_member_pin(con, typed("aNN@gym.com"), "2580", NOW)


def test_add_in_other_case_fills_in_a_member_an_import_created(
    write_csv: Callable[..., Path], db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_sets(write_csv, db_file, "ann@gym.com")
    assert run(db_file, "add", "Ann@Gym.com", "--name", "Ann") == 0
    assert capsys.readouterr().out == (
        "member ann@gym.com: was in imported data, now added (undoing that import keeps the"
        " member)\n"
    )
    with db.read(db_file) as con:
        assert member(con, "ann@gym.com")[0] == "Ann"
        assert con.execute("SELECT count(*) FROM members").fetchone()[0] == 1


@pytest.mark.parametrize("action", ["add", "set-pin", "deactivate", "activate"])
def test_an_id_of_whitespace_only_breaks_the_rule(
    db_file: Path,
    capsys: pytest.CaptureFixture[str],
    stdin: Callable[[str], None],
    action: str,
) -> None:
    db.init(db_file)
    stdin("2580\n")
    pin = ["--pin-stdin"] if action in ("add", "set-pin") else []  # the others refuse it
    assert run(db_file, action, " \t", *pin) == 2
    assert capsys.readouterr().err == (
        "error: member ID ' \\t' must be 1-64 letters, digits, '.', '_', '-', '@' or '+', the"
        " first a letter or digit\n"
    )
