from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest

from legdash import cli, db, settings
from legdash.db import Connection
from legdash.settings import SettingError


def open_hours(gym: settings.Settings, weekday: int) -> list[int]:
    """The whole hours of ISO weekday 1..7 the gym is open for at least part of."""
    return sorted({hour for hour, _, _ in gym.open_spans(weekday)})


@pytest.fixture
def con(db_file: Path) -> Iterator[Connection]:
    with db.write(db_file) as connection:
        yield connection


def test_defaults_on_a_new_database(con: Connection) -> None:
    gym = settings.load(con)
    assert gym.gym_name == settings.DEFAULTS["gym_name"]
    assert gym.default_location == "Main"
    assert gym.time_zone == "Europe/London"
    assert gym.display_unit == "kg"
    assert gym.leg_session_min_sets == 2
    assert open_hours(gym, 1) == list(range(6, 22))
    assert open_hours(gym, 6) == list(range(8, 20))
    assert open_hours(gym, 7) == list(range(8, 20))
    assert settings.inventory(con) == {}


@pytest.mark.parametrize(
    "key, value, stored",
    [
        ("hours.mon", " 07:00-21:30 ", "07:00-21:30"),
        ("hours.sun", "Closed", "closed"),
        ("hours.fri", "00:00-24:00", "00:00-24:00"),
        ("time_zone", "America/New_York", "America/New_York"),
        ("time_zone", "UTC", "UTC"),
        ("display_unit", "LB", "lb"),
        ("display_unit", "lbs", "lb"),
        ("display_unit", " KGS", "kg"),
        ("display_unit", "Pounds", "lb"),
        ("leg_session_min_sets", "1", "1"),
        ("leg_session_min_sets", "20", "20"),
        ("leg_session_min_sets", " 03 ", "3"),
        ("gym_name", "  Iron Works  ", "Iron Works"),
        ("default_location", "Annex", "Annex"),
        ("default_location", " Main   Street ", "Main Street"),
        ("default_location", "Main\u3000\u00a0Street", "Main Street"),
    ],
)
def test_validate_accepts_and_cleans(key: str, value: str, stored: str) -> None:
    assert settings.validate(key, value) == stored


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("hours.mon", "6-22", "must look like 06:00-22:00"),
        ("hours.mon", "06:00 - 22:00", "must look like"),
        ("hours.mon", "25:00-26:00", "must look like"),
        ("hours.mon", "06:60-22:00", "must look like"),
        ("hours.mon", "24:00-24:00", "must look like"),
        ("hours.mon", "09:00-07:00", "or after midnight up to 06:00"),
        ("hours.mon", "22:00-06:30", "up to 06:00"),
        ("hours.mon", "08:00-08:00", "the same opening and closing time"),
        ("hours.mon", "06:00-06:00", "the same opening and closing time"),
        ("hours.mon", "00:30-00:30", "around the clock, 00:00-24:00"),
        ("hours.mon", "00:00-00:00", "the same opening and closing time"),
        ("hours.mon", "22:00-24:30", "latest closing time is 24:00"),
        ("hours.mon", "", "must look like"),
        ("hours.monday", "06:00-22:00", "unknown weekday"),
        ("time_zone", "Mars/Olympus", "unknown time zone"),
        ("time_zone", "", "unknown time zone"),
        ("time_zone", "../../etc/passwd", "unknown time zone"),
        # Python knows these, DuckDB's timezone() (which imports convert UTC offsets with) not.
        ("time_zone", "localtime", "unknown time zone"),
        ("time_zone", "posixrules", "unknown time zone"),
        ("time_zone", "right/UTC", "unknown time zone"),
        ("display_unit", "stone", "kg or lb"),
        ("leg_session_min_sets", "0", "from 1 to 20"),
        ("leg_session_min_sets", "21", "from 1 to 20"),
        ("leg_session_min_sets", "\u00b2", "from 1 to 20"),
        ("leg_session_min_sets", "2.5", "from 1 to 20"),
        ("leg_session_min_sets", "-1", "from 1 to 20"),
        ("gym_name", "   ", "1 to 100 characters"),
        ("gym_name", "x" * 101, "1 to 100 characters"),
        ("gym_name", "Iron\nWorks", "must be one line, without tabs or other control characters"),
        ("gym_name", "Iron\u2028Works", "must be one line"),
        ("default_location", "Ma\tin", "must be one line"),
        ("default_location", "Main\x00", "must be one line"),
        ("default_location", "Main\x07Hall", "must be one line"),
        ("default_location", "Main\x85Hall", "must be one line"),
        ("default_location", "\u200b", "must have a visible character"),
        ("gym_name", "My\u202eGym", "must not hold right-to-left"),
        ("colour", "red", "unknown setting; known: default_location"),
    ],
)
def test_validate_rejects_with_a_reason(key: str, value: str, message: str) -> None:
    with pytest.raises(SettingError, match=message):
        settings.validate(key, value)


@pytest.mark.parametrize(
    "value, hours",
    [
        ("06:00-22:00", range(6, 22)),
        ("06:30-22:15", range(6, 23)),
        ("05:45-06:10", range(5, 7)),
        ("18:00-24:00", range(18, 24)),
        ("00:00-24:00", range(0, 24)),
        ("00:00-01:00", range(0, 1)),
        ("22:00-02:00", range(22, 24)),
        ("closed", range(0)),
    ],
)
def test_opening_hours_cover_every_hour_partly_open(
    con: Connection, value: str, hours: range
) -> None:
    for day in settings.WEEKDAYS:
        settings.set_value(con, f"hours.{day}", "closed")
    settings.set_value(con, "hours.mon", value)
    assert open_hours(settings.load(con), 1) == list(hours)


@pytest.mark.parametrize(
    "value, seconds",
    [
        ("06:30-22:15", (23_400, 80_100)),
        ("18:00-24:00", (64_800, 86_400)),
        ("18:00-02:30", (64_800, 95_400)),
        ("00:00-24:00", (0, 86_400)),
        ("22:00-00:00", (79_200, 86_400)),
        ("closed", None),
    ],
)
def test_opening_hours_in_seconds(value: str, seconds: tuple[int, int] | None) -> None:
    assert settings.parse_hours(value).seconds == seconds


def test_closed_and_open_around_the_clock_differ() -> None:
    closed, all_day = settings.parse_hours("closed"), settings.parse_hours("00:00-24:00")
    assert closed.closed and not all_day.closed
    assert all_day.opens == time(0) and all_day.closes == time(0)


def test_set_value_is_stored_and_loaded(con: Connection) -> None:
    assert settings.set_value(con, "hours.sun", "closed") == ("hours.sun", "closed")
    assert settings.set_value(con, "hours.sat", "00:00-24:00") == ("hours.sat", "00:00-24:00")
    settings.set_value(con, "display_unit", "lb")
    settings.set_value(con, "leg_session_min_sets", "3")
    gym = settings.load(con)
    assert open_hours(gym, 7) == []
    assert open_hours(gym, 6) == list(range(24))
    assert gym.display_unit == "lb"
    assert gym.leg_session_min_sets == 3


def test_set_value_rejects_and_keeps_the_old_value(con: Connection) -> None:
    with pytest.raises(SettingError):
        settings.set_value(con, "hours.mon", "late")
    with pytest.raises(SettingError):
        settings.set_value(con, "nonsense", "1")
    assert open_hours(settings.load(con), 1) == list(range(6, 22))
    assert con.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_inventory_per_type_and_per_location(con: Connection) -> None:
    assert settings.set_value(con, "inventory.squat_rack", " 4 ") == (
        "inventory.Main.squat_rack",
        "4",
    )
    settings.set_value(con, "default_location", "Annex")
    settings.set_value(con, "inventory.platform", "2")
    settings.set_value(con, "inventory.Main.leg_press", "1")
    settings.set_value(con, "inventory.Main.squat_rack", "5")
    assert settings.inventory(con) == {
        "Annex": {"platform": 2},
        "Main": {"leg_press": 1, "squat_rack": 5},
    }
    assert settings.inventory(con, "Annex") == {"Annex": {"platform": 2}}
    assert settings.inventory(con, "Nowhere") == {}


def test_a_count_of_0_takes_a_mistyped_location_out_of_the_lists(con: Connection) -> None:
    settings.set_value(con, "inventory.Main.squat_rack", "4")
    settings.set_value(con, "inventory.Mian.squat_rack", "2")
    assert settings.known_locations(con) == ("Main", "Mian")
    assert settings.set_value(con, "inventory.Mian.squat_rack", "0") == (
        "inventory.Mian.squat_rack",
        "0",
    )
    assert settings.inventory(con) == {"Main": {"squat_rack": 4}}
    assert settings.known_locations(con) == ("Main",)


def test_inventory_of_a_known_location_in_another_spelling(con: Connection) -> None:
    settings.set_value(con, "inventory.Main.squat_rack", "4")
    stored = settings.set_value(con, "inventory.  main .platform", "2")
    assert stored == ("inventory.Main.platform", "2")
    assert settings.inventory(con) == {"Main": {"platform": 2, "squat_rack": 4}}


def test_inventory_location_names_may_contain_dots(con: Connection) -> None:
    settings.set_value(con, "inventory.St. Pauli.squat_rack", "3")
    assert settings.inventory(con, "St. Pauli") == {"St. Pauli": {"squat_rack": 3}}


def test_inventory_location_names_are_at_most_100_characters(con: Connection) -> None:
    with pytest.raises(SettingError, match="a location name must be 1 to 100 characters"):
        settings.set_value(con, f"inventory.{'x' * 101}.squat_rack", "1")
    assert settings.inventory(con) == {}


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("inventory.treadmill", "3", "unknown equipment type 'treadmill'"),
        ("inventory.Ma\x1bin.squat_rack", "3", "a location name must be one line"),
        ("inventory.Ma\x07in.squat_rack", "3", "a location name must be one line"),
        ("inventory.Ma\x85in.squat_rack", "3", "a location name must be one line"),
        ("inventory.Main.squat_rack", "-1", "a whole number from 0 to 500, not '-1'"),
        ("inventory.Main.squat_rack", "2.5", "a whole number from 0 to 500, not '2.5'"),
        ("inventory.Main.squat_rack", "", "a whole number from 0 to 500, not ''"),
        ("inventory.Main.squat_rack", "501", "a whole number from 0 to 500, not 501"),
        ("inventory.Main.squat_rack", "\u00b2", "a whole number from 0 to 500, not '\u00b2'"),
    ],
)
def test_inventory_rejects(con: Connection, key: str, value: str, message: str) -> None:
    with pytest.raises(SettingError, match=message):
        settings.set_value(con, key, value)
    assert settings.inventory(con) == {}


def test_show_lists_defaults_overrides_and_inventory(con: Connection) -> None:
    settings.set_value(con, "gym_name", "Iron Works")
    settings.set_value(con, "inventory.squat_rack", "4")
    shown = settings.show(con)
    assert shown["settings"] == {**settings.DEFAULTS, "gym_name": "Iron Works"}
    assert shown["inventory"] == {"Main": {"squat_rack": 4}}
    assert json.loads(settings.as_json(con)) == shown


def test_cli_set_and_show(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["settings", "set", "hours.sun", "Closed", "--db", str(db_file)]) == 0
    assert capsys.readouterr().out == "hours.sun = closed\n"
    assert (
        cli.main(["settings", "set", "inventory.Main.squat_rack", "3", "--db", str(db_file)]) == 0
    )
    capsys.readouterr()
    assert cli.main(["settings", "show", "--db", str(db_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "hours.sun = closed" in lines
    assert "gym_name = My gym" in lines
    assert "inventory.Main.squat_rack = 3" in lines
    # The week as people read it, Monday first, not the keys' alphabetical order.
    days = [line.split(" = ")[0] for line in lines if line.startswith("hours.")]
    assert days == [f"hours.{day}" for day in settings.WEEKDAYS]
    assert cli.main(["settings", "show", "--json", "--db", str(db_file)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["settings"]["hours.sun"] == "closed"
    assert shown["inventory"] == {"Main": {"squat_rack": 3}}


def test_cli_sets_several_values_in_one_transaction(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["settings", "--db", str(db_file), "set", "--", "gym_name", "-Iron-", "hours.sun"]
    assert cli.main([*argv, "closed", "inventory.squat_rack", "6"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "gym_name = -Iron-",
        "hours.sun = closed",
        "inventory.Main.squat_rack = 6",
    ]
    assert cli.main([*argv, "10:00-16:00", "inventory.squat_rack", "lots"]) == 2
    assert (
        "inventory.squat_rack: an equipment count is a whole number from 0 to 500, not 'lots'"
        in capsys.readouterr().err
    )
    with db.read(db_file) as con:
        shown = settings.show(con)
    assert shown["settings"]["hours.sun"] == "closed"
    assert shown["inventory"] == {"Main": {"squat_rack": 6}}


@pytest.mark.parametrize(
    "argv, message",
    [
        (["set", "hours.mon", "9 to 5"], "error: hours.mon: opening hours must look like"),
        (["set", "time_zone", "Nowhere/City"], "error: time_zone: unknown time zone"),
        (
            ["set", "inventory.hamster_wheel", "1"],
            "error: inventory.hamster_wheel: unknown equipment",
        ),
        (["set", "colour", "red"], "error: colour: unknown setting"),
        (["set", "gym_name", " "], "error: gym_name: must be 1 to 100 characters"),
        (["set", "gym_name", "Iron\nWorks"], "error: gym_name: must be one line"),
        (["set", "gym_name"], "error: usage: settings set KEY VALUE"),
        (["set", "gym_name", "Iron", "hours.mon"], "error: usage: settings set KEY VALUE"),
        (["set", "gym_name", "Iron", "hours.mon", "9 to 5"], "error: hours.mon: opening hours"),
    ],
)
def test_cli_bad_values_exit_2_with_one_line(
    db_file: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert cli.main(["settings", *argv, "--db", str(db_file)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message)
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    "key, shown",
    [
        ("gym\u200bname", "gym\\u200bname"),
        ("gym\nname", "gym\\nname"),
        ("gym\x1b[2J", "gym\\x1b[2J"),
    ],
)
def test_cli_writes_out_the_odd_characters_of_a_key_as_every_message_does(
    db_file: Path, capsys: pytest.CaptureFixture[str], key: str, shown: str
) -> None:
    """wording.escaped, as for locations and reject reasons: no quotes, \\u200b in place."""
    assert cli.main(["settings", "set", key, "Iron", "--db", str(db_file)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {shown}: unknown setting; known: ")


def test_inventory_changes_keep_only_edited_counts() -> None:
    cells = [
        ("Main", "squat_rack", 4, 5.0),
        ("Main", "bench", 6, 6),
        ("Annex", "platform", 0, float("nan")),
        ("St. Pauli", "smith", 0, 1),
    ]
    assert settings.inventory_changes(cells) == {
        "inventory.Main.squat_rack": "5",
        "inventory.St. Pauli.smith": "1",
    }


def test_inventory_changes_name_every_count_that_is_not_one() -> None:
    cells = [("Main", "bench", 6, 2.7), ("Main", "squat_rack", 4, 5), ("Annex", "platform", 0, -1)]
    with pytest.raises(SettingError) as caught:
        settings.inventory_changes(cells)
    assert str(caught.value) == (
        "Bench at Main: 2.7 is not a whole number from 0 to 500; "
        "Platform at Annex: -1 is not a whole number from 0 to 500"
    )


def test_hours_after_midnight_count_on_the_next_day(con: Connection) -> None:
    settings.set_value(con, "hours.fri", "18:00-02:30")
    settings.set_value(con, "hours.sat", "closed")
    settings.set_value(con, "hours.sun", "20:00-01:00")
    gym = settings.load(con)
    assert open_hours(gym, 5) == list(range(18, 24))
    assert open_hours(gym, 6) == [0, 1, 2]  # closed itself, but Friday night runs into it
    assert open_hours(gym, 1) == [0, *range(6, 22)]  # Sunday night runs into Monday


def test_an_early_opening_may_close_after_midnight(con: Connection) -> None:
    """Gyms open from early morning to past midnight (05:00-01:00) are common."""
    settings.set_value(con, "hours.fri", "05:00-01:00")
    gym = settings.load(con)
    assert open_hours(gym, 5) == list(range(5, 24))
    assert open_hours(gym, 6)[:2] == [0, 8]  # Friday night's last hour, then Saturday's own


@pytest.mark.parametrize(
    "name, known, spelling",
    [
        ("main", ("Main", "main"), "main"),  # spelled exactly as a known one: that one
        ("MAIN\u200b", ("Main",), "Main"),
        ("\uff2d\uff41\uff49\uff4e", ("Main",), "Main"),  # fullwidth
        ("istanbul", ("İstanbul",), "İstanbul"),
        ("Cafe\u0301", ("Café",), "Café"),
        ("Annex", ("Main",), None),
        ("Main\tHall", ("Main Hall",), "Main Hall"),  # a file's tab is a space
        ("Main\n  Hall", ("Main Hall",), "Main Hall"),
    ],
)
def test_same_location(name: str, known: tuple[str, ...], spelling: str | None) -> None:
    assert settings.same_location(known, name) == spelling


def test_default_location_takes_the_known_spelling(con: Connection) -> None:
    settings.set_value(con, "inventory.Annex.squat_rack", "2")
    assert settings.set_value(con, "default_location", " annex ") == ("default_location", "Annex")
    assert settings.load(con).default_location == "Annex"


def test_default_location_is_one_location_whatever_its_spaces(con: Connection) -> None:
    assert settings.set_value(con, "default_location", "Main  Street") == (
        "default_location",
        "Main Street",
    )
    assert settings.set_value(con, "inventory.Main   Street.squat_rack", "2") == (
        "inventory.Main Street.squat_rack",
        "2",
    )
    assert settings.known_locations(con) == ("Main Street",)


def test_cli_echoes_the_location_an_inventory_count_went_to(db_file: Path, capsys) -> None:
    assert (
        cli.main(["settings", "set", "inventory. main .squat_rack", "4", "--db", str(db_file)]) == 0
    )
    assert capsys.readouterr().out == "inventory.Main.squat_rack = 4\n"


def test_cli_names_a_new_location_and_the_known_ones(db_file: Path, capsys) -> None:
    pairs = ["inventory.Anex.squat_rack", "2", "inventory.Main.bench", "3"]
    assert cli.main(["settings", "set", *pairs, "--db", str(db_file)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "inventory.Anex.squat_rack = 2",
        "inventory.Main.bench = 3",
        "new location Anex (known before: Main)",
    ]
    assert cli.main(["settings", "set", "inventory.anex.bench", "1", "--db", str(db_file)]) == 0
    assert "new location" not in capsys.readouterr().out


def test_cli_quotes_a_new_location_holding_a_comma(db_file: Path, capsys) -> None:
    """ "Annex, East" is one location: joined by commas alone it would read as two."""
    pairs = ["inventory.Annex, East.squat_rack", "2", "inventory.North.squat_rack", "1"]
    assert cli.main(["settings", "set", *pairs, "--db", str(db_file)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "new location 'Annex, East', North (known before: Main)"
    )


def test_cli_writes_out_the_invisible_characters_of_a_new_location(db_file: Path, capsys) -> None:
    """ "Side\u200bHall" reads as "SideHall": the message shows the difference."""
    pairs = ["inventory.Side\u200bHall.squat_rack", "2"]
    assert cli.main(["settings", "set", *pairs, "--db", str(db_file)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "new location Side\\u200bHall (known before: Main)"
    )


def test_cli_says_what_a_new_time_zone_means_for_stored_sets(db_file: Path, write_csv, capsys):
    zone = ["settings", "set", "time_zone", "Europe/Berlin", "--db", str(db_file)]
    assert cli.main(zone) == 0
    assert "time_zone changed" not in capsys.readouterr().out  # nothing imported yet
    log = write_csv(
        "z.csv", "member_id,performed_at,exercise,weight,reps\nM1,2026-01-05T18:04Z,Squat,100,5\n"
    )
    assert cli.main(["import", str(log), "--db", str(db_file)]) == 0
    assert cli.main([*zone[:3], "Europe/Paris", *zone[4:]]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[-1].endswith("its sets count as new (undo its batch first)")
    assert cli.main([*zone[:3], "Europe/Paris", *zone[4:]]) == 0
    assert "time_zone changed" not in capsys.readouterr().out
    assert cli.main([*zone[:3], "Europe/Rome", *zone[4:], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == [said[-1]]


def test_cli_show_of_a_missing_database_makes_none(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "typo" / "gym.duckdb"
    assert cli.main(["settings", "show", "--db", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"error: no database at {missing}")
    assert not missing.parent.exists()


def test_open_spans_count_the_open_minutes_of_each_hour(con: Connection) -> None:
    settings.set_value(con, "hours.mon", "06:30-21:30")
    settings.set_value(con, "hours.sat", "20:00-01:15")
    settings.set_value(con, "hours.sun", "01:45-03:00")
    gym = settings.load(con)
    monday = gym.open_spans(1)
    assert monday[0] == (6, 1800, 3600) and monday[-1] == (21, 0, 1800)
    assert [hour for hour, _, _ in monday] == open_hours(gym, 1)
    # Saturday night runs to 01:15 and Sunday opens at 01:45: two stretches in one hour.
    assert gym.open_spans(7) == [(0, 0, 3600), (1, 0, 900), (1, 2700, 3600), (2, 0, 3600)]


def test_equal_hours_stored_by_an_earlier_version_still_load(db_file: Path, capsys) -> None:
    """06:00-06:00 was accepted once (a day without open hours): a database holding it still
    opens, `settings show` names the day and the fix rather than let figures treat it as closed
    unseen, and `settings set` mends it."""
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('hours.mon', '06:00-06:00')")
        assert settings.load(con).opening_hours["mon"].seconds == (21_600, 21_600)
    show = ["settings", "show", "--db", str(db_file)]
    assert cli.main(show) == 0
    out, err = capsys.readouterr()
    assert "hours.mon = 06:00-06:00" in out.splitlines()
    assert err.count("\n") == 1
    assert err.startswith("warning: Monday's opening hours 06:00-06:00 open and close")
    assert "set hours.mon to closed, or to 00:00-24:00" in err
    assert cli.main([*show, "--json"]) == 0
    (problem,) = json.loads(capsys.readouterr().out)["needs_fix"]
    assert problem == err.removeprefix("warning: ").rstrip("\n")
    assert cli.main(["settings", "set", "hours.mon", "closed", "--db", str(db_file)]) == 0
    with db.read(db_file) as con:
        assert settings.load(con).opening_hours["mon"].closed
    capsys.readouterr()
    assert cli.main(show) == 0
    assert capsys.readouterr().err == ""


def test_a_stored_time_zone_imports_cannot_use_is_named(db_file: Path, write_csv, capsys) -> None:
    """An earlier version took `localtime`, which DuckDB's timezone() refuses: an import says
    which setting to mend, in one line, rather than DuckDB's error."""
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('time_zone', 'localtime')")
    log = write_csv(
        "tz.csv",
        "member_id,performed_at,exercise,weight,reps\nM1,2026-11-17T18:00:00+00:00,Squat,100,5\n",
    )
    assert cli.main(["import", str(log), "--db", str(db_file)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "settings set time_zone" in err
    assert cli.main(["import", str(log), "--db", str(db_file), "--json"]) == 2
    (result,) = json.loads(capsys.readouterr().out)["files"]
    assert "time_zone 'localtime'" in result["error"]
    with db.read(db_file) as con:
        assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == 0


@pytest.mark.parametrize(
    "name, text",
    [
        (
            "local.csv",
            "member_id,performed_at,exercise,weight,reps\nM1,2026-11-17 18:00,Squat,100,5\n",
        ),
        ("counts.csv", "observed_at,people\n17.11.2026 18:00,12\n"),
    ],
    ids=["set log", "door count"],
)
def test_an_unusable_stored_time_zone_stops_only_files_with_offsets(
    db_file: Path, write_csv, capsys, name: str, text: str
) -> None:
    """Times without a UTC offset never use the zone: such a file imports, while the next file,
    whose times carry offsets (ISO in a set log, other styles in a door count), is refused with
    the fix and nothing of it written."""
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('time_zone', 'localtime')")
    local = write_csv(name, text)
    offsets = (
        write_csv(
            "tz.csv",
            "member_id,performed_at,exercise,weight,reps\nM1,2026-11-17T18:00+01:00,Squat,100,5\n",
        ),
        write_csv("tz_counts.csv", "observed_at,people\n17.11.2026 18:00+01:00,12\n"),
    )
    files = [str(f) for f in (local, *offsets)]
    assert cli.main(["import", *files, "--db", str(db_file), "--json"]) == 2
    results = json.loads(capsys.readouterr().out)["files"]
    assert [r["error"] is None for r in results] == [True, False, False]
    assert results[0]["imported"] == 1
    assert all("settings set time_zone" in r["error"] for r in results[1:])
    with db.read(db_file) as con:
        assert con.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 1


def test_cli_set_json_gives_the_values_stored_and_the_notes_apart(db_file: Path, capsys) -> None:
    """The Settings page reads the notes from here: a location with a space in an inventory key,
    or a value that reads like a note, is no note; the new locations are, as the text says them."""
    pairs = ["inventory. main hall .squat_rack", "2", "default_location", "Mian"]
    pairs += ["gym_name", "new location X"]
    assert cli.main(["settings", "set", *pairs, "--json", "--db", str(db_file)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "stored": {
            "inventory.main hall.squat_rack": "2",
            "default_location": "Mian",
            "gym_name": "new location X",
        },
        "notes": ["new location Mian, main hall (known before: Main)"],
        "new_database": str(db_file.absolute()),
    }
    assert err == ""  # JSON alone: the new database is named in it
    # As the Settings page runs it: --json before `set`, values after "--".
    page_argv = ["settings", "--db", str(db_file), "--json", "set", "--", "gym_name", "-Iron-"]
    assert cli.main(page_argv) == 0
    assert json.loads(capsys.readouterr().out) == {
        "stored": {"gym_name": "-Iron-"},
        "notes": [],
        "new_database": None,
    }
