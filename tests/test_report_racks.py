from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from legdash import cli, db, settings
from legdash.capacity import Target
from legdash.metrics import racks, racks_report, racks_wording
from tests.conftest import GAP_WEEKS, RACK_WEEK, SQUAT, RackFloor

WEEK_ARGS = ["--from", str(RACK_WEEK[0]), "--to", str(RACK_WEEK[1])]


def run(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["report", "racks", "--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def library(path: Path, start: date, end: date, **kwargs: object) -> dict[str, object]:
    with db.read(path) as con:
        return racks_report.as_dict(racks.rack_demand(con, start, end, **kwargs))  # type: ignore[arg-type]


def test_json_equals_the_library(rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]) -> None:
    path = rack_floor.stations_week()
    code, out, _ = run(path, capsys, *WEEK_ARGS, "--location", "Main", "--json")
    assert code == 0
    assert json.loads(out) == library(path, *RACK_WEEK, location="Main")


def test_report_names_inventory_without_station_logs(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the page does: a bench in the inventory has no busy hours, and the report says why."""
    rack_floor.units("bench", 3)
    path = rack_floor.sets_week()
    code, out, _ = run(path, capsys, *WEEK_ARGS, "--json")
    assert code == 0 and json.loads(out)["unlogged"] == ["bench"]
    code, out, _ = run(path, capsys, *WEEK_ARGS)
    assert code == 0
    assert "Bench (3 units) in the inventory has no heatmap: no station logs of it" in out


def test_report_tells_one_racks_coverage_as_that_rack(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the page does: with one squat rack the others are taken to use the rack, not "the
    racks"."""
    rack_floor.units("squat_rack", 1)
    rack_floor.workout(1, "M1", ("2026-03-02 18:00", SQUAT))
    code, out, _ = run(rack_floor.save(), capsys, *WEEK_ARGS, "--coverage", "50")
    assert code == 0
    assert "the others are taken to use the rack as they do" in out


def test_report_data_is_plain_json(rack_floor: RackFloor) -> None:
    data = library(rack_floor.stations_week(), *RACK_WEEK, location="Main")
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    monday = next(q for q in data["queue"] if q["slot"] == "Monday 18:00-19:00")
    assert monday["wait_probability"] is None and monday["mean_wait_minutes"] is None


@pytest.mark.parametrize(
    "options, kwargs",
    [
        (["--coverage", "40"], {"coverage": 0.4}),
        (["--max-wait-share", "25"], {"target": Target("share", 0.25)}),
        (["--max-wait-minutes", "1.5"], {"target": Target("minutes", 1.5)}),
        (
            ["--coverage", "60", "--max-wait-share", "5"],
            {"coverage": 0.6, "target": Target("share", 0.05)},
        ),
    ],
)
def test_options_reach_the_figures(
    rack_floor: RackFloor,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    kwargs: dict[str, object],
) -> None:
    path = rack_floor.sets_week()
    code, out, _ = run(path, capsys, *WEEK_ARGS, *options, "--json")
    assert code == 0
    assert json.loads(out) == library(path, *RACK_WEEK, **kwargs)


def test_defaults_are_the_page_defaults(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    path = rack_floor.stations_week()
    _, out, _ = run(path, capsys, "--json")
    data = json.loads(out)
    with db.read(path) as con:
        first, last = racks.default_range(con)
    assert (data["start"], data["end"]) == (str(first), str(last))
    assert data["location"] == "Main"
    assert data["target"] == {"kind": "share", "value": 0.1}


def test_a_location_opens_on_its_own_weeks(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """--location without dates: the weeks North's data covers, as the page opens on them, not
    the gym's; its leg sets mark the Thursday its set logs start, as report legs does."""
    path = rack_floor.north_opens_mid_week()
    code, out, _ = run(path, capsys, "--location", "north", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["start"], data["end"]) == ("2026-10-05", "2026-10-25")
    assert data == library(path, date(2026, 10, 5), date(2026, 10, 25), location="North")
    days = {row["week"]: row["data_days"] for row in data["classes"]}
    assert days == {"2026-10-05": 0, "2026-10-12": 4, "2026-10-19": 7}
    _, main, _ = run(path, capsys, "--json")
    assert json.loads(main)["start"] == "2026-09-07"


def test_text_report(rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]) -> None:
    path = rack_floor.stations_week()
    code, out, _ = run(path, capsys, *WEEK_ARGS)
    assert code == 0
    assert out.startswith("Equipment demand at Main, 2026-03-02 to 2026-03-08\n")
    assert "Every squat rack was busy " in out
    assert "All racks were busy 50% of Monday 18:00-19:00." in out
    assert "Monday 18:00-19:00: 2.0 arrivals/h, over capacity - at least 3 racks needed" in out
    assert "5 squat racks meet the target in every open hour." in out


def quiet_racks(floor: RackFloor) -> Path:
    """Three racks and one logged squat: at 50% coverage every rack is taken for a moment, a share
    of opening hours far under 0.005%."""
    floor.units("squat_rack", 3)
    floor.workout(1, "M1", ("2026-03-02 18:00", SQUAT))
    return floor.save()


def test_a_share_above_0_never_reads_0(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every rack taken for a moment reads "<0.1%", as the members who wait beside it do, not
    "0%" (nor "never all taken"), in the text and in the JSON it is told from."""
    path = quiet_racks(rack_floor)
    code, out, _ = run(path, capsys, *WEEK_ARGS, "--coverage", "50")
    assert code == 0
    assert "Every squat rack was busy <0.1% of opening hours." in out
    assert "Members who wait for a rack: <0.1%" in out
    assert "Adding one rack (4): <0.1% of members wait" in out
    assert "never all taken" not in out and " 0% " not in out
    data = library(path, *RACK_WEEK, coverage=0.5)
    assert 0 < data["all_busy_share"] < 0.00005
    assert 0 < data["substitution"]["full_time_share"] < 0.00005


def test_a_week_with_nothing_logged_is_null_and_left_out_of_the_trend(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing logged in the week of 23 February, between weeks with logs: null in the JSON, as a
    week before the data, and named as left out of the trend in the text."""
    path = rack_floor.gap_weeks()
    dates = ["--from", str(GAP_WEEKS[0]), "--to", str(GAP_WEEKS[1])]
    code, out, _ = run(path, capsys, *dates, "--json")
    assert code == 0
    gap = next(row for row in json.loads(out)["weekly"] if row["week"] == "2026-02-23")
    assert (gap["rack_hours"], gap["rack_users"], gap["data_days"]) == (None, None, 0)
    code, out, _ = run(path, capsys, *dates)
    assert code == 0
    assert "(1.0 h against 0.3 h a week in the 3 weeks before)" in out
    assert "The week of 23 Feb 2026 is left out: no rack demand was logged in it." in out


def test_coverage_scales_every_figure(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """--coverage moves the busy tile, peaks and substitution with the waiting figures."""
    path = rack_floor.sets_week()
    with db.write(path) as con:
        settings.set_inventory(con, "Main", "squat_rack", 1)
    figures = {}
    for coverage in ("100", "10"):
        _, out, _ = run(path, capsys, *WEEK_ARGS, "--coverage", coverage, "--json")
        figures[coverage] = json.loads(out)
    full, tenth = figures["100"], figures["10"]
    assert tenth["all_busy_share"] > 2 * full["all_busy_share"]
    assert tenth["peaks"] != full["peaks"]
    assert tenth["weekly"][0]["rack_users"] == 10 * full["weekly"][0]["rack_users"]
    assert full["substitution"]["members"] == 2 and tenth["substitution"]["members"] is None
    _, out, _ = run(path, capsys, *WEEK_ARGS, "--coverage", "10")
    # the floor's one rack is told as that rack
    assert f"The squat rack was busy {racks_wording.pct(tenth['all_busy_share'])} of opening" in out
    assert "Every squat rack was busy" not in out
    assert "estimated with the coverage) were done while the squat rack was taken" in out


def test_minutes_target_text(rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]) -> None:
    path = rack_floor.stations_week()
    code, out, _ = run(path, capsys, *WEEK_ARGS, "--max-wait-minutes", "0.5")
    assert code == 0
    assert "target: the mean wait for a rack is at most 0.5 minutes" in out
    assert (
        "Mean wait for a rack: none finite: 1 open hour over capacity, where the queue grows" in out
    )
    assert "With 2 racks (now): no finite mean wait" in out
    assert "of members wait;" not in out


def test_no_racks_text(rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]) -> None:
    path = rack_floor.sets_week()
    code, out, _ = run(path, capsys, *WEEK_ARGS, "--location", "Annex")
    assert code == 0
    assert "There are no squat racks in the inventory for Annex" in out
    assert "Members who wait for a rack: not applicable (no squat racks)" in out
    assert "wait for a rack: 100%" not in out and "over capacity" not in out
    assert "1 squat rack meets the target in every open hour." in out


def test_empty_range_text(rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]) -> None:
    path = rack_floor.stations_week()
    code, out, _ = run(path, capsys, "--from", "2026-04-06", "--to", "2026-04-12")
    assert code == 0
    assert out.splitlines()[1:] == [
        "No workouts or station sessions at Main from 06 Apr 2026 to 12 Apr 2026. Data for Main "
        "runs from 02 Mar 2026 to 03 Mar 2026."
    ]


def test_an_empty_range_has_no_coverage(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """No data in the range: no coverage applies (null, as on station logs alone), not 100%;
    nor does a waiting figure (no share of 0), while the racks are the inventory's."""
    path = rack_floor.sets_week()
    code, out, _ = run(path, capsys, "--from", "2026-04-06", "--to", "2026-04-12", "--json")
    data = json.loads(out)
    assert code == 0 and (data["source"], data["empty"]) == ("none", True)
    assert (data["coverage"], data["coverage_measured"]) == (None, None)
    assert (data["all_busy_share"], data["members_waiting_share"]) == (None, None)
    assert data["racks_needed"] is None  # no demand counted, not "no rack needed"
    assert data["racks"] == 2 and data["units"]["squat_rack"] == 2


def test_door_counts_alone_are_explained(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """As on the page: door counts give coverage, not demand; in the text and the JSON."""
    rack_floor.door("2026-03-02 18:00", 23)
    rack_floor.door("2026-03-02 19:00", 31)
    path = rack_floor.save()
    code, out, _ = run(path, capsys, *WEEK_ARGS)
    assert code == 0
    sentence = out.splitlines()[1]
    assert "The database holds 2 door counts and nothing else" in sentence
    assert "door counts give coverage" in sentence and "workout logs or station logs" in sentence
    code, out, _ = run(path, capsys, *WEEK_ARGS, "--json")
    data = json.loads(out)
    assert code == 0 and data["empty"] and data["empty_sentence"] == sentence


def test_location_in_another_spelling_is_the_known_one(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    path = rack_floor.sets_week()
    for spelling in (" main ", "MAIN"):
        code, out, _ = run(path, capsys, *WEEK_ARGS, "--location", spelling, "--json")
        assert code == 0
        assert json.loads(out) == library(path, *RACK_WEEK)


@pytest.mark.parametrize(
    "options, message",
    [
        (["--coverage", "0"], "--coverage is a whole percentage"),
        (["--coverage", "150"], "--coverage is a whole percentage"),
        (["--coverage", "0.4"], "--coverage is a whole percentage from 1 to 100: 40 means 40%"),
        (["--coverage", "40.5"], "--coverage is a whole percentage from 1 to 100"),
        (["--max-wait-share", "0.1"], "--max-wait-share is a whole percentage from 1 to 99"),
        (["--max-wait-share", "100"], "--max-wait-share is a whole percentage from 1 to 99"),
        (["--max-wait-share", "99.9"], "--max-wait-share is a whole percentage from 1 to 99"),
        (["--max-wait-minutes", "0"], "--max-wait-minutes is from 0.5 to 120 minutes"),
        (["--max-wait-minutes", "0.4"], "--max-wait-minutes is from 0.5 to 120 minutes"),
        (["--max-wait-minutes", "121"], "--max-wait-minutes is from 0.5 to 120 minutes"),
        (["--max-wait-share", "10", "--max-wait-minutes", "3"], "give one wait target"),
        (["--from", "2026-03-08", "--to", "2026-03-01"], "end date is before the start date"),
        (["--location", "Nowhere"], "no location 'Nowhere'; the known ones are Main, Annex"),
    ],
)
def test_bad_options_are_one_line_errors(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    path = rack_floor.sets_week()
    code, out, err = run(path, capsys, *options)
    assert code == 2 and not out
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "option, value, told",
    [
        ("--coverage", "1", "coverage 1%"),
        ("--coverage", "100", "coverage 100%"),
        ("--max-wait-share", "1", "at most 1% of members"),
        ("--max-wait-share", "99", "at most 99% of members"),
        ("--max-wait-minutes", "0.5", "at most 0.5 minutes"),
        ("--max-wait-minutes", "120", "at most 120 minutes"),
    ],
)
def test_options_take_the_page_fields_bounds(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str], option: str, value: str, told: str
) -> None:
    """The page's fields' ends are the options' ends, told as given: whole percentages (99.9 was
    accepted and told "at most 100%")."""
    code, out, _ = run(rack_floor.sets_week(), capsys, *WEEK_ARGS, option, value)
    assert code == 0 and told in out


SQUAT_DAYS = "member_id,performed_at,exercise,weight,reps\n" + "".join(
    f"M1,2026-11-{day} 18:{minute},Squat (Barbell),100,5\n"
    for day in ("02", "04", "09")
    for minute in ("00", "27")
)
STATIONS = "station_id,equipment_type,started_at,ended_at,member_id,location\n"


def test_a_leg_press_sensor_leaves_the_racks_to_the_set_logs(
    db_file: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Squats on 2, 4 and 9 Nov, and a leg press with a sensor on 4 Nov: that day's rack demand
    still comes from its set logs, and the leg press is measured from its station log."""
    files = [
        write_csv("mix.csv", SQUAT_DAYS),
        write_csv("lp.csv", STATIONS + "L1,Leg Press,2026-11-04 10:00,2026-11-04 10:30,M2,Main\n"),
    ]
    assert cli.main(["import", *map(str, files), "--db", str(db_file)]) == 0
    assert cli.main(["settings", "set", "inventory.squat_rack", "1", "--db", str(db_file)]) == 0
    capsys.readouterr()
    code, out, _ = run(db_file, capsys, "--from", "2026-11-02", "--to", "2026-11-15", "--json")
    data = json.loads(out)
    assert (data["source"], data["station_days"], data["set_days"]) == ("sets", 0, 3)
    assert [w["rack_hours"] for w in data["weekly"]] == [1.0, 0.5]
    wednesday = next(
        u
        for u in data["utilisation"]
        if u["slot"] == "Wednesday 18:00-19:00" and u["equipment_type"] == "squat_rack"
    )
    # 30 of 60 minutes on 4 Nov: 11 Nov, after the last data (9 Nov), is no day of demand.
    assert wednesday["busy_share"] == 0.5
    press = next(
        u
        for u in data["utilisation"]
        if u["slot"] == "Wednesday 10:00-11:00" and u["equipment_type"] == "leg_press"
    )
    assert press["busy_share"] == 0.5  # 30 minutes on 4 Nov, with its sensor


def test_station_logs_from_mid_range_keep_the_set_log_weeks(
    db_file: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Three 27-minute squat sessions (2, 4 and 9 Nov) and station logs on 9 and 15 Nov: the
    week before the sensors keeps its set-log demand, and 9 Nov counts once, from its station
    log."""
    files = [
        write_csv("mix.csv", SQUAT_DAYS),
        write_csv("st.csv", STATIONS + "R1,Power Rack,2026-11-09 18:00,2026-11-09 18:30,M1,Main\n"),
        write_csv(
            "st2.csv", STATIONS + "R1,Power Rack,2026-11-15 10:00,2026-11-15 10:30,M2,Main\n"
        ),
    ]
    assert cli.main(["import", *map(str, files), "--db", str(db_file)]) == 0
    capsys.readouterr()
    span = ["--from", "2026-11-02", "--to", "2026-11-15"]
    code, out, _ = run(db_file, capsys, *span, "--json")
    data = json.loads(out)
    assert (data["source"], data["station_days"], data["set_days"]) == ("stations and sets", 2, 2)
    assert [(w["rack_hours"], w["rack_users"]) for w in data["weekly"]] == [(1.0, 1), (1.0, 2)]
    monday = next(u for u in data["utilisation"] if u["slot"] == "Monday 18:00-19:00")
    assert monday["busy_share"] == monday["all_busy_share"] == 0.5
    code, out, _ = run(db_file, capsys, *span)
    assert code == 0
    assert (
        "Demand from station logs on 2 days, set logs (estimated) on 2 days; coverage 100%; "
        "1 squat rack." in out
    )
    assert (
        "Rack hours were about level in the week of 09 Nov 2026 (1.0 h against 1.0 h a week in "
        "the week before); unique rack users were up 100% (2 against 1). The weeks compared take "
        "their demand from different logs (station logs, set-log estimates), so part of the "
        "change may be the switch." in out
    )


def test_an_opening_on_the_half_hour(
    db_file: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A rack taken 06:30-07:00 with the gym opening at 06:30 was busy all of the open time, and
    the hour says so: 06:30-07:00, not 06:00-07:00, when the gym was not open yet."""
    sets = "member_id,performed_at,exercise,weight,reps\n"
    sets += "M1,2026-11-09 06:30,Squat (Barbell),100,5\nM1,2026-11-09 06:57,Squat (Barbell),100,5\n"
    base = ["--db", str(db_file)]
    assert (
        cli.main(
            ["settings", "set", "inventory.squat_rack", "1", "hours.mon", "06:30-21:30", *base]
        )
        == 0
    )
    assert cli.main(["import", str(write_csv("ph.csv", sets)), *base]) == 0
    capsys.readouterr()
    code, out, _ = run(db_file, capsys, "--from", "2026-11-09", "--to", "2026-11-15")
    assert code == 0 and "The squat rack was busy 100% of Monday 06:30-07:00." in out
    assert "  Monday 06:30-07:00: 2.0 arrivals/h" in out
    _, out, _ = run(db_file, capsys, "--from", "2026-11-09", "--to", "2026-11-15", "--json")
    slots = [u["slot"] for u in json.loads(out)["utilisation"] if u["dow"] == 1]
    assert (slots[0], slots[-1]) == ("Monday 06:30-07:00", "Monday 21:00-21:30")


def test_a_one_minute_target_says_minute(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(rack_floor.sets_week(), capsys, *WEEK_ARGS, "--max-wait-minutes", "1")
    assert code == 0
    assert "target: the mean wait for a rack is at most 1 minute\n" in out


def test_a_station_only_range_says_coverage_does_not_apply(
    rack_floor: RackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    """Station logs count everyone: `--coverage 40` said "coverage 100%", a figure nobody set
    and none of the figures used. The text and the JSON say it does not apply, and that the 40%
    is not used."""
    path = rack_floor.stations_week()
    _, out, _ = run(path, capsys, *WEEK_ARGS, "--coverage", "40")
    lines = out.splitlines()
    assert lines[1] == "Demand from station logs; 2 squat racks."
    assert lines[2] == (
        "Station logs count every user, so coverage does not apply to this range: the 40% given"
        " is not used."
    )
    assert "coverage 100%" not in out and "coverage 40%" not in out
    _, out, _ = run(path, capsys, *WEEK_ARGS, "--json")
    data = json.loads(out)
    assert (data["source"], data["coverage"]) == ("stations", None)
    assert data["notes"][0] == (
        "Station logs count every user, so coverage does not apply to this range."
    )


WEEKEND = {"sat": "closed", "sun": "closed"}
EVERY_DAY = dict.fromkeys(settings.WEEKDAYS, "closed")


@pytest.mark.parametrize(
    "hours, start, end, sentence",
    [
        (
            WEEKEND,
            "2026-03-07",
            "2026-03-08",
            "Main is closed on every day of this range (Saturday 07 Mar 2026 to Sunday 08 Mar "
            "2026): pick a range with opening days.",
        ),
        (
            WEEKEND,
            "2026-03-07",
            "2026-03-07",
            "Main is closed on Saturday 07 Mar 2026: pick a range with opening days.",
        ),
        (
            EVERY_DAY,
            "2026-03-02",
            "2026-03-08",
            "Main has no opening hours on any day of the week: set them on the Settings page.",
        ),
    ],
)
def test_a_range_without_opening_hours_is_empty(
    rack_floor: RackFloor,
    capsys: pytest.CaptureFixture[str],
    hours: dict[str, str],
    start: str,
    end: str,
    sentence: str,
) -> None:
    """No opening hour in the range: no share of opening hours applies, nor waiting, where the
    report said "busy 0% of opening hours" and "Members who wait: 0%"."""
    path = rack_floor.weekend(hours)
    _, out, _ = run(path, capsys, "--from", start, "--to", end)
    assert out.splitlines()[1:] == [sentence]
    _, out, _ = run(path, capsys, "--from", start, "--to", end, "--json")
    data = json.loads(out)
    assert (data["empty"], data["empty_sentence"]) == (True, sentence)
    assert (data["all_busy_share"], data["members_waiting_share"]) == (None, None)
    assert data["data_span"] == ["2026-03-02", "2026-03-08"]
    # No open hour to count demand in: no demand, as for a range without data, where the
    # weekend's station logs and squat set gave "stations and sets" with 0 days of each.
    assert (data["source"], data["station_days"], data["set_days"]) == ("none", 0, 0)
    assert (data["coverage"], data["coverage_measured"], data["racks_needed"]) == (None,) * 3


def test_a_night_past_midnight_opens_a_closed_saturday(rack_floor: RackFloor) -> None:
    """Open on Friday until 02:00: a range of the Saturday holds Friday night's hours, so it has
    figures (the racks, taken after 02:00, were free in them)."""
    path = rack_floor.weekend({**WEEKEND, "fri": "18:00-02:00"})
    data = library(path, date(2026, 3, 7), date(2026, 3, 7))
    assert data["empty"] is False
    assert (data["all_busy_share"], data["members_waiting_share"]) == (0.0, 0.0)
