from __future__ import annotations

import io
import math
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from legdash import capacity, db, settings
from legdash.capacity import Target
from legdash.charts import racks as charts
from legdash.charts import with_week_labels
from legdash.export import csv_bytes
from legdash.metrics import FilterError, data_span, legs, racks, racks_report, racks_wording
from tests.conftest import GAP_WEEKS, LEG_PRESS, RACK_MIXED_WEEKS, SQUAT, GymLog, RackFloor
from tests.conftest import RACK_WEEK as WEEK

# Default hours: weekdays 06-22. The floors log on Monday and Tuesday: the days of demand.
MONDAY_TUESDAY_OPEN_HOURS = 2 * 16


def demand(path: Path, **kwargs: object) -> racks.RackDemand:
    with db.read(path) as con:
        return racks.rack_demand(con, *WEEK, "Main", **kwargs)  # type: ignore[arg-type]


def cells(result: racks.RackDemand) -> dict[tuple[str, str], tuple[float, float]]:
    """Non-zero utilisation cells: (equipment type, slot) -> (busy share, all-busy share)."""
    u = result.utilisation
    busy = u[(u["busy_share"] > 0) | (u["all_busy_share"] > 0)]
    return {(r.equipment_type, r.slot): (r.busy_share, r.all_busy_share) for r in busy.itertuples()}


def slot(result: racks.RackDemand, name: str) -> dict[str, object]:
    rows = result.queue[result.queue["slot"] == name]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 3, 11), (date(2026, 1, 12), date(2026, 3, 8))),
        (date(2026, 3, 9), (date(2026, 1, 12), date(2026, 3, 8))),
        (date(2026, 3, 8), (date(2026, 1, 5), date(2026, 3, 1))),
    ],
)
def test_default_range_is_eight_complete_weeks(
    db_file: Path, today: date, expected: tuple[date, date]
) -> None:
    db.init(db_file)
    with db.read(db_file) as con:
        assert racks.default_range(con, today) == expected


@pytest.mark.parametrize("logs", ["sets_week", "stations_week"])
def test_default_range_is_the_week_with_data(rack_floor: RackFloor, logs: str) -> None:
    """Data of 2 and 3 March, looked at in November: the page opens on that week, not on eight
    weeks mostly before the data. Station logs alone count as data."""
    path = getattr(rack_floor, logs)()
    with db.read(path) as con:
        assert racks.default_range(con, date(2026, 11, 25)) == (date(2026, 3, 2), date(2026, 3, 8))
        # The week of the data still running, and no data before it: that week up to today,
        # not eight empty weeks before it.
        assert racks.default_range(con, date(2026, 3, 4)) == (date(2026, 3, 2), date(2026, 3, 4))


def test_a_location_without_data_names_where_the_data_is(rack_floor: RackFloor) -> None:
    path = rack_floor.sets_week()
    with db.read(path) as con:
        result = racks.rack_demand(con, *WEEK, "North")
    assert result.empty_state == racks.EmptyState(
        "No workouts or station sessions at North at all. The data is at"
        " Main from 02 Mar 2026 to 03 Mar 2026; Annex from 02 Mar 2026 to 02 Mar 2026."
    )


def test_locations_put_the_default_first(rack_floor: RackFloor) -> None:
    path = rack_floor.sets_week()
    with db.read(path) as con:
        assert settings.known_locations(con) == ("Main", "Annex")


def test_inventory_without_station_logs_is_named_as_not_charted(rack_floor: RackFloor) -> None:
    """Set logs say when a rack is taken, not a bench: equipment without station logs in the
    range has no heatmap, and the result names it so that the page can say why."""
    rack_floor.units("bench", 3)
    rack_floor.units("hack_squat", 1)
    result = demand(rack_floor.sets_week())
    assert list(dict.fromkeys(result.utilisation["equipment_type"])) == ["squat_rack"]
    assert result.unlogged == ("hack_squat", "bench")
    assert demand(rack_floor.stations_week()).unlogged == ("hack_squat", "bench")


def test_station_utilisation(rack_floor: RackFloor) -> None:
    result = demand(rack_floor.stations_week())
    assert result.source == "stations" and not result.empty
    assert result.racks == 2 and result.units["leg_press"] == 1
    assert list(dict.fromkeys(result.utilisation["equipment_type"])) == ["squat_rack", "leg_press"]
    assert len(result.utilisation) == 2 * MONDAY_TUESDAY_OPEN_HOURS
    assert cells(result) == {
        ("squat_rack", "Monday 18:00-19:00"): (0.75, 0.5),
        ("squat_rack", "Monday 19:00-20:00"): (0.25, 0.0),
        ("squat_rack", "Tuesday 07:00-08:00"): (0.25, 0.0),
        ("leg_press", "Monday 18:00-19:00"): (0.5, 0.5),
    }
    assert result.all_busy_share == round(0.5 / MONDAY_TUESDAY_OPEN_HOURS, 4)
    assert result.peaks == ("All racks were busy 50% of Monday 18:00-19:00.",)
    assert result.coverage is None
    assert "Station logs count every user, so coverage does not apply to this range." in (
        result.notes
    )


def test_a_single_rack_is_told_as_that_rack(rack_floor: RackFloor) -> None:
    """With one squat rack the busiest hours speak of it, not of "all racks"."""
    with db.read(rack_floor.mixed_weeks()) as con:
        result = racks.rack_demand(con, *RACK_MIXED_WEEKS, "Main")
    assert result.racks == 1
    assert result.peaks[0] == "The squat rack was busy 50% of Monday 18:00-19:00."


def test_stations_in_use_outnumber_a_lowered_inventory(rack_floor: RackFloor) -> None:
    """An owner who lowered the count learns why the figures still use the stations in use."""
    path = rack_floor.stations_week()
    with db.write(path) as con:
        settings.set_value(con, "inventory.squat_rack", "1")
    result = demand(path)
    assert result.racks == 2
    assert (
        "Station logs in this range name 2 squat rack stations but the inventory lists 1:"
        " using 2, the stations in use. If some have gone since, pick a range after that."
        in result.notes
    )


def test_one_station_beyond_the_inventory_is_one(rack_floor: RackFloor) -> None:
    path = rack_floor.stations_week()
    with db.write(path) as con:
        settings.set_value(con, "inventory.leg_press", "0")
        assert settings.stations_beyond_inventory(con) == [
            "Station logs at Main name 1 leg press station while the inventory lists 0: Equipment"
            " demand counts every station used in its date range."
        ]
    assert any("name 1 leg press station but" in note for note in demand(path).notes)


def test_equal_hours_stored_by_an_earlier_version_are_named_beside_the_figures(
    rack_floor: RackFloor,
) -> None:
    """Monday stored as 06:00-06:00 has no open hours: the page and report say so, with the fix,
    rather than show Monday's demand as nothing."""
    path = rack_floor.sets_week()
    with db.write(path) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('hours.mon', '06:00-06:00')")
    result = demand(path)
    (note,) = [n for n in result.notes if "opening hours" in n]
    assert note.startswith("Monday's opening hours 06:00-06:00 open and close at the same time")
    assert "set hours.mon to closed, or to 00:00-24:00" in note
    assert result.needs_fix == (note,) and note not in result.captions
    assert "Monday" not in set(result.queue["weekday"])
    with db.write(path) as con:
        settings.set_value(con, "hours.mon", "06:00-22:00")
    assert not [n for n in demand(path).notes if "opening hours" in n]


def test_the_wait_is_rounded_once_where_it_is_told(rack_floor: RackFloor) -> None:
    """One 6 min 20 s rack session an hour on one rack: the mean wait is 0.747 min. Rounded to
    0.75 first, it was told as "0.8 min", a step off the wait the hour's shown figures give
    (P(wait) x session / (1 - load)); every place that tells it now says 0.7."""
    rack_floor.units("squat_rack", 1)
    rack_floor.workout(1, "M1", ("2026-03-02 18:00:00", SQUAT), ("2026-03-02 18:03:20", SQUAT))
    path = rack_floor.save()
    result = demand(path, target=Target("minutes", 5))
    monday = slot(result, "Monday 18:00-19:00")
    share, session, load = (float(monday[k]) for k in ("wait_probability", "mean_minutes", "load"))
    from_shown = share * session / (1 - load)
    assert round(from_shown, 1) == 0.7
    assert monday["mean_wait_minutes"] == pytest.approx(from_shown, abs=1e-3)
    assert monday["status"] == "11% wait, 0.7 min on average"
    table = racks_wording.waiting_table(result.queue, result.racks)
    assert table["wait"].tolist() == ["11%, 0.7 min"]
    assert result.planner_sentences[1].startswith("With 1 rack (now): members wait 0.7 min")
    assert result.mean_wait_minutes == pytest.approx(monday["mean_wait_minutes"])
    text = racks_report.text(racks_report.as_dict(result))
    assert "Mean wait for a rack: 0.7 min" in text


def test_station_queue_and_planner(rack_floor: RackFloor) -> None:
    result = demand(rack_floor.stations_week())
    monday = slot(result, "Monday 18:00-19:00")
    assert monday["arrivals_per_hour"] == 2 and monday["mean_minutes"] == 60
    assert monday["over_capacity"] and monday["min_racks"] == 3
    assert monday["status"] == "over capacity - at least 3 racks needed"
    # a = 2 Erlangs: C(3, 2) = 4/9, C(4, 2) = 0.174, C(5, 2) = 0.060 -> 5 racks for 10%.
    assert monday["wait_probability_one_more"] == round(4 / 9, 4)
    assert monday["racks_needed"] == 5
    tuesday = slot(result, "Tuesday 07:00-08:00")
    # a = 0.5 on 2 racks: C = 2 rho^2 / (1 + rho) with rho = 0.25 -> 0.1; Wq = 0.1 * 30 / 1.5.
    assert tuesday["wait_probability"] == 0.1
    assert tuesday["mean_wait_minutes"] == 2.0  # kept to 4 decimals: no float noise in the JSON
    assert tuesday["wait_probability_one_less"] == 0.5
    assert tuesday["racks_needed"] == 2
    assert slot(result, "Tuesday 10:00-11:00")["status"] == "no rack sessions start in this hour"
    assert result.racks_needed == 5
    assert result.peak_slot == "Monday 18:00-19:00"  # the hour the 5 racks are for
    # Arrival-weighted: Monday's 2 arrivals all wait (over capacity), Tuesday's 1 waits 10%.
    assert result.members_waiting_share == round((2 * 1 + 0.1) / 3, 4)
    planner = result.planner.set_index("racks")
    assert list(planner.index) == [1, 2, 3, 4, 5, 6]
    assert planner.loc[3, "members_waiting_share"] == round((2 * 4 / 9 + 1 / 66) / 3, 4)
    assert planner.loc[2, "hours_over_capacity"] == 1
    assert planner.loc[5, "hours_meeting_target"] == MONDAY_TUESDAY_OPEN_HOURS
    assert result.planner_sentences[0] == "5 squat racks meet the target in every open hour."
    assert result.planner_sentences[1].startswith("With 2 racks (now): 70% of members wait")


def test_station_substitution_classes_and_weeks(rack_floor: RackFloor) -> None:
    result = demand(rack_floor.stations_week())
    sub = result.substitution
    assert (sub.machine_leg_sets, sub.while_racks_full, sub.members) == (3, 1, 1)
    assert "33% of machine leg sets (1 of 3, by 1 member)" in sub.sentence()
    # None done while the racks were full: no "0% ... (0 of 3, by 0 members)".
    assert (
        racks.Substitution(3, 0, 0, 0.01, 2)
        .sentence()
        .startswith("No machine leg set (of 3 logged) was done while every squat rack was taken")
    )
    assert result.weekly.to_dict("records") == [
        {
            "week": "2026-03-02",
            "days": 7,
            "rack_hours": 3.5,
            "station_days": 2,
            "set_days": 0,
            "rack_users": 2,
            "data_days": 2,
        }
    ]
    shares = {r.equipment_class: (r.sets, r.share) for r in result.classes.itertuples()}
    assert shares == {"free_weight": (1, 0.25), "machine": (3, 0.75), "other": (0, 0.0)}
    assert any("1 set without a time of day (1 on racks)" in note for note in result.notes)


def test_substitution_counts_hard_sets(rack_floor: RackFloor) -> None:
    """M3's leg press while every rack was taken was a warm-up: not a machine leg hard set."""
    path = rack_floor.stations_week()
    with db.write(path) as con:
        con.execute("UPDATE sets SET set_type = 'warmup' WHERE member_id = 'M3'")
    sub = demand(path).substitution
    assert (sub.machine_leg_sets, sub.while_racks_full, sub.members) == (2, 0, 0)


def test_substitution_counts_opening_hours_only(rack_floor: RackFloor) -> None:
    """M6's leg press at 22:30 on Monday, after closing, while both racks were taken: the gym
    is shut, so no rack was wanted there, and the sentence compares opening hours with opening
    hours. A closed day's sets count for nothing either."""
    rack_floor.session("Rack 2", "squat_rack", "2026-03-02 22:00", "2026-03-02 23:00", "M7")
    rack_floor.workout(6, "M6", ("2026-03-02 22:30", LEG_PRESS))
    sub = demand(rack_floor.stations_week()).substitution
    assert (sub.machine_leg_sets, sub.while_racks_full, sub.members) == (3, 1, 1)
    rack_floor.settings["hours.mon"] = "closed"
    sub = demand(rack_floor.save()).substitution
    assert (sub.machine_leg_sets, sub.while_racks_full) == (0, 0)
    assert sub.sentence() == (
        "No machine leg sets with a time of day were logged in opening hours in this range."
    )


def test_estimate_from_sets(rack_floor: RackFloor) -> None:
    result = demand(rack_floor.sets_week())
    assert result.source == "sets" and result.coverage == 1.0
    assert result.coverage_measured is None
    assert cells(result) == {
        # (5 x 1 + 8 x 2 + 10 x 1) rack-minutes of 120; both racks taken 8 of 60 minutes.
        ("squat_rack", "Monday 18:00-19:00"): (round(31 / 120, 4), round(8 / 60, 4)),
    }
    monday = slot(result, "Monday 18:00-19:00")
    assert monday["arrivals_per_hour"] == 2 and monday["mean_minutes"] == 15.5
    assert monday["wait_probability"] == round(capacity.queue(2, 15.5, 2).wait_probability, 4)
    sub = result.substitution
    assert (sub.machine_leg_sets, sub.while_racks_full, sub.members) == (2, 1, 1)
    # 13 + 18 minutes timed, plus M3's two untimed rack sets at 3 minutes each.
    assert result.weekly.to_dict("records") == [
        {
            "week": "2026-03-02",
            "days": 7,
            "rack_hours": round(37 / 60, 2),
            "station_days": 0,
            "set_days": 2,
            "rack_users": 3,
            "data_days": 2,
        }
    ]
    notes = " ".join(result.notes)
    assert "count members who log workouts only" in notes
    assert "2 sets without a time of day (2 on racks)" in notes


def two_visits(rack_floor: RackFloor) -> None:
    """M1's squats on Monday 2 March at 07:00 and 07:05, then at 19:00 and 19:30, in one workout
    (a native log's workout is the member's day)."""
    times = ("07:00", "07:05", "19:00", "19:30")
    rack_floor.workout(1, "M1", *((f"2026-03-02 {at}", SQUAT) for at in times))


def test_a_second_visit_in_one_workout_takes_the_rack_again(rack_floor: RackFloor) -> None:
    """A native log's workout is the member's day: squats at 07:00 and again at 19:00 hold the
    rack twice for a few minutes, not all day; a gap of 30 minutes keeps it held."""
    rack_floor.units("squat_rack", 1)
    two_visits(rack_floor)
    result = demand(rack_floor.save())
    # 07:00-07:08 and 19:00-19:33: 8 and 33 minutes, nothing in the hours between.
    assert cells(result) == {
        ("squat_rack", "Monday 07:00-08:00"): (round(8 / 60, 4), round(8 / 60, 4)),
        ("squat_rack", "Monday 19:00-20:00"): (round(33 / 60, 4), round(33 / 60, 4)),
    }
    assert result.weekly["rack_hours"].tolist() == [round(41 / 60, 2)]


def racks_at_main(path: Path, units: int) -> None:
    with db.write(path) as con:
        settings.set_inventory(con, "Main", "squat_rack", units)


def poisson(mean: float, count: int) -> float:
    """P(N = count), N ~ Poisson(mean): the expectation's own formula, not capacity's."""
    return math.exp(-mean) * mean**count / math.factorial(count)


def test_coverage_scales_set_demand(rack_floor: RackFloor) -> None:
    """Each logged lifter stands for two, at random moments of the same hour: on top of the
    logged level, a Poisson number of others with the logged mean (31/60 racks) as mean."""
    result = demand(rack_floor.sets_week(), coverage=0.5)
    assert result.coverage == 0.5
    # Logged: 0 racks for 37 of 60 minutes, 1 for 15, 2 (both) for 8.
    mean = 31 / 60
    time = {0: 37 / 60, 1: 15 / 60, 2: 8 / 60}
    one, none = poisson(mean, 1), poisson(mean, 0)
    all_busy = time[0] * (1 - none - one) + time[1] * (1 - none) + time[2]
    busy = time[0] * (one + 2 * (1 - none - one)) + time[1] * (none + 2 * (1 - none)) + time[2] * 2
    assert cells(result) == {
        ("squat_rack", "Monday 18:00-19:00"): (round(busy / 2, 4), round(all_busy, 4)),
    }
    assert slot(result, "Monday 18:00-19:00")["arrivals_per_hour"] == 4
    assert result.weekly.iloc[0]["rack_hours"] == round(74 / 60, 2)
    assert result.weekly.iloc[0]["rack_users"] == 6
    # M4's leg press at 18:07, both racks held by loggers: certain. M1's at 18:20 with one rack
    # held by M2: taken if anyone else came (1 - none). About 1.4 sets, who by is not known.
    sub = result.substitution
    assert (sub.machine_leg_sets, sub.while_racks_full, sub.members) == (
        2,
        round(2 - none, 2),
        None,
    )
    assert "(about 1 of 2, estimated with the coverage)" in sub.sentence()
    assert any("coverage of 50%" in note for note in result.notes)


def test_coverage_scales_the_busy_figures_with_the_waiting_ones(rack_floor: RackFloor) -> None:
    """One rack: logged lifters alone fill it whenever one is on it, so dividing the logged level
    by coverage changed nothing while arrivals grew. Now every rack figure grows with demand, and
    with units to spare the mean units busy is the logged mean divided by coverage."""
    path = rack_floor.sets_week()
    racks_at_main(path, 1)
    full, tenth = demand(path), demand(path, coverage=0.1)
    assert cells(full)[("squat_rack", "Monday 18:00-19:00")] == (round(23 / 60, 4),) * 2
    busy, all_busy = cells(tenth)[("squat_rack", "Monday 18:00-19:00")]
    assert all_busy > 0.9 and busy == all_busy  # one rack: busy exactly when all are
    assert (
        tenth.all_busy_share == round(all_busy / MONDAY_TUESDAY_OPEN_HOURS, 4) > full.all_busy_share
    )
    assert tenth.members_waiting_share > full.members_waiting_share
    assert tenth.peaks[0].startswith(
        f"The squat rack was busy {racks_wording.pct(all_busy)} of Monday"
    )
    racks_at_main(path, 50)
    spare = demand(path, coverage=0.1)
    assert cells(spare)[("squat_rack", "Monday 18:00-19:00")][0] == round(31 / 60 / 0.1 / 50, 4)


@pytest.mark.parametrize("units, used", [(1, "the rack"), (2, "the racks"), (3, "the racks")])
def test_the_coverage_note_speaks_of_the_racks_the_floor_has(
    rack_floor: RackFloor, units: int, used: str
) -> None:
    """With one squat rack the note said the others "use the racks as they do", of racks the
    floor does not have: one rack is told as that rack, as the tile and the peaks tell it."""
    path = rack_floor.sets_week()
    racks_at_main(path, units)
    assert (
        "Logged demand is divided by a coverage of 50%: about that share of the people in the gym"
        f" log their workouts, and the others are taken to use {used} as they do, at random"
        " moments of the same hours."
    ) in demand(path, coverage=0.5).notes


def test_measured_coverage_from_door_counts(rack_floor: RackFloor) -> None:
    rack_floor.door("2026-03-02 18:00", 4)
    rack_floor.door("2026-03-02 18:30", 6)
    rack_floor.door("2026-03-02 19:15", 2)
    rack_floor.door("2026-03-03 10:00", 10)  # no timed workout that day: left out
    rack_floor.door("2026-03-02 18:00", 50, location="Annex")
    path = rack_floor.sets_week()
    # 18:00-19:00: M1 30 min + M2 18 min + M4 3 min present = 0.85 loggers over 5 people (mean);
    # 19:00-20:00: 0 over 2. Coverage 0.85 / 7 = 12%.
    with db.read(path) as con:
        assert racks.demand_basis(con, *WEEK, "Main").measured == 0.12
    result = demand(path)
    assert result.coverage == result.coverage_measured == 0.12
    assert slot(result, "Monday 18:00-19:00")["arrivals_per_hour"] == round(2 / 0.12, 4)
    overridden = demand(path, coverage=0.4)
    assert overridden.coverage == 0.4
    assert any("door counts suggest 12%" in note for note in overridden.notes)


def test_all_racks_busy_is_the_mean_of_the_hours_as_computed(rack_floor: RackFloor) -> None:
    """Two racks at 13% coverage, busy in three open hours of 32: every rack is taken 99.4497%,
    5.6904% and 49.8997% of them (worked out apart from legdash), 4.84499% of the opening hours,
    4.8%. The mean of the hours' stored shares (0.9945, 0.0569, 0.499) is 0.04845, which read
    4.9% on the tile, the report and the substitution sentence."""
    rack_floor.units("squat_rack", 2)
    rack_floor.workout(
        1,
        "M1",
        *((f"2026-03-02 {at}", SQUAT) for at in ("18:00", "18:05", "18:10", "18:50", "21:00")),
    )
    rack_floor.workout(
        2, "M2", *((f"2026-03-02 {at}", SQUAT) for at in ("18:05", "18:20", "18:40"))
    )
    rack_floor.workout(3, "M4", ("2026-03-03 07:00", SQUAT), ("2026-03-03 07:10", SQUAT))
    result = demand(rack_floor.save(), coverage=0.13)
    hours = result.utilisation[result.utilisation["all_busy_share"] > 0]
    assert hours["all_busy_share"].tolist() == [0.9945, 0.0569, 0.499]
    assert result.all_busy_share == 0.0484
    assert racks_wording.pct(result.all_busy_share) == "4.8%"


def test_coverage_leaves_out_a_members_hours_away(rack_floor: RackFloor) -> None:
    """A native log's workout is the member's day: sets at 07:00 and 19:00 are two visits, not
    twelve hours in the gym, so the member is not among the people counted at noon."""
    two_visits(rack_floor)
    for hour in ("07", "12", "19"):
        rack_floor.door(f"2026-03-02 {hour}:00", 4)
    path = rack_floor.save()
    # 07:00-07:08 and 19:00-19:33 present: (8 + 0 + 33) / 60 loggers over 12 people, 6%.
    with db.read(path) as con:
        assert racks.demand_basis(con, *WEEK, "Main").measured == 0.06


def test_coverage_counts_a_visit_until_its_last_set_has_held_its_rack(
    rack_floor: RackFloor,
) -> None:
    """A workout ends at its last set, so a one-set visit counted no time present, and a short
    one too little. A set takes time: a visit lasts at least until its last set plus the rest
    for which that set holds a rack, so coverage counts a member present whenever the rack
    figures have them on a rack. A later end the workout has of its own (an app's) stays."""
    rest = racks.RACK_REST_SECONDS // 60
    rack_floor.units("squat_rack", 3)
    rack_floor.workout(1, "M1", ("2026-03-02 18:00", SQUAT), ended="2026-03-02 18:00")
    rack_floor.workout(
        2,
        "M2",
        ("2026-03-02 18:10", SQUAT),
        ("2026-03-02 18:20", SQUAT),
        ended="2026-03-02 18:20",
    )
    rack_floor.workout(3, "M3", ("2026-03-02 18:30", SQUAT), ended="2026-03-02 18:50")
    rack_floor.door("2026-03-02 18:00", 1)
    path = rack_floor.save()
    # Present 3 + 13 + 20 minutes over 1 person: 36 / 60 = 60% (not 0 + 10 + 20, 50%).
    with db.read(path) as con:
        assert racks.demand_basis(con, *WEEK, "Main").measured == 0.6
    # The rack figures hold M1's and M2's racks exactly as long (M3's for the set's 3 minutes).
    held = demand(path, coverage=1.0).weekly["rack_hours"].tolist()
    assert held == [round((rest + 10 + rest + rest) / 60, 2)]


def test_station_logs_ignore_coverage(rack_floor: RackFloor) -> None:
    path = rack_floor.stations_week()
    assert demand(path, coverage=0.5).utilisation.equals(demand(path).utilisation)


def test_opening_hours_limit_the_grid(rack_floor: RackFloor) -> None:
    rack_floor.settings["hours.mon"] = "closed"
    result = demand(rack_floor.stations_week())
    assert "Monday" not in set(result.utilisation["weekday"])
    assert result.peaks == ("The racks were never all busy in opening hours.",)
    assert result.substitution.full_time_share == 0


def test_hours_after_midnight_are_open_hours(rack_floor: RackFloor) -> None:
    rack_floor.settings["hours.mon"] = "18:00-02:00"
    rack_floor.session("Rack 2", "squat_rack", "2026-03-03 00:30", "2026-03-03 01:30", "M2")
    result = demand(rack_floor.stations_week())
    tuesday = result.utilisation[result.utilisation["weekday"] == "Tuesday"]
    busy = tuesday[tuesday["equipment_type"] == "squat_rack"].set_index("hour")["busy_share"]
    assert busy[0] == busy[1] == 0.25  # one of two racks, half of each hour
    assert 2 not in busy.index  # closed again until Tuesday's own opening


@pytest.mark.parametrize("start, end", [(date(2026, 2, 16), WEEK[1]), (WEEK[0], date(2026, 3, 29))])
def test_days_beyond_the_data_are_no_days_of_demand(
    rack_floor: RackFloor, start: date, end: date
) -> None:
    """A range reaching weeks before or after the location's data gives the figures of the data's
    own days: days nobody logged anything on are not open hours with the racks standing empty."""
    path = rack_floor.stations_week()
    within = demand(path)
    with db.read(path) as con:
        wider = racks.rack_demand(con, start, end, "Main")
    assert cells(wider) == cells(within)
    assert wider.all_busy_share == within.all_busy_share
    assert wider.queue.equals(within.queue)
    assert wider.members_waiting_share == within.members_waiting_share
    assert wider.racks_needed == within.racks_needed


def test_the_last_data_day_keeps_a_session_past_midnight(rack_floor: RackFloor) -> None:
    """The data's last session runs from Saturday 23:30 to Sunday 00:30, the gym open till 02:00:
    Sunday's first hour is a day of demand, though the session started on Saturday."""
    rack_floor.settings["hours.sat"] = "08:00-02:00"
    rack_floor.units("squat_rack", 1)
    rack_floor.session("Rack 1", "squat_rack", "2026-03-02 18:00", "2026-03-02 19:00", "M1")
    rack_floor.session("Rack 1", "squat_rack", "2026-03-07 23:30", "2026-03-08 00:30", "M2")
    result = demand(rack_floor.save())
    assert cells(result)[("squat_rack", "Sunday 00:00-01:00")] == (0.5, 0.5)


def test_weekly_trend_statement(rack_floor: RackFloor) -> None:
    rack_floor.session("Rack 2", "squat_rack", "2026-02-24 07:00", "2026-02-24 09:00", "M1")
    # The station logs run from Monday 23 February to Sunday 8 March: two whole weeks of data.
    for day in ("2026-02-23", "2026-03-08"):
        rack_floor.session("Leg press", "leg_press", f"{day} 10:00", f"{day} 10:30", "M9")
    path = rack_floor.stations_week()
    with db.read(path) as con:
        result = racks.rack_demand(con, date(2026, 2, 23), WEEK[1], "Main")
    assert list(result.weekly["rack_hours"]) == [2.0, 3.5]
    assert result.trend == (
        "Rack hours were up 75% in the week of 02 Mar 2026 (3.5 h against 2.0 h a week in the "
        "week before); unique rack users were up 100% (2 against 1)."
    )


def test_weekly_trend_compares_unrounded_hours(rack_floor: RackFloor) -> None:
    """10 rack-minutes, then 14: up 40%, not the 35% of the hours shown (0.17 h, 0.23 h)."""
    rack_floor.units("squat_rack", 1)
    rack_floor.session("Rack 1", "squat_rack", "2026-02-23 07:00", "2026-02-23 07:10", "M1")
    rack_floor.session("Rack 1", "squat_rack", "2026-03-02 07:00", "2026-03-02 07:14", "M1")
    rack_floor.session("Rack 1", "squat_rack", "2026-03-08 07:00", "2026-03-08 07:00", "M1")
    with db.read(rack_floor.save()) as con:
        result = racks.rack_demand(con, date(2026, 2, 23), WEEK[1], "Main")
    assert list(result.weekly["rack_hours"]) == [0.17, 0.23]
    assert result.trend.startswith(
        "Rack hours were up 40% in the week of 02 Mar 2026 (0.2 h against 0.2 h a week"
    )


def test_station_logs_without_members_count_no_rack_users(rack_floor: RackFloor) -> None:
    rack_floor.units("squat_rack", 2)
    for day in ("2026-02-23", "2026-03-02", "2026-03-08"):
        rack_floor.session("Rack 1", "squat_rack", f"{day} 07:00", f"{day} 08:00", None)
    rack_floor.session("Rack 2", "squat_rack", "2026-03-09 07:00", "2026-03-09 08:00", "M1")
    with db.read(rack_floor.save()) as con:
        later = racks.rack_demand(con, date(2026, 2, 23), date(2026, 3, 15), "Main").weekly
        result = racks.rack_demand(con, date(2026, 2, 23), WEEK[1], "Main")
    # A week whose logs name a member counts them; the weeks before stay unknown.
    assert later["rack_users"].isna().tolist() == [True, True, False]
    assert result.weekly["rack_users"].isna().all()
    assert result.trend == (
        "Rack hours were up 100% in the week of 02 Mar 2026 (2.0 h against 1.0 h a week in the"
        " week before); the station logs name no members, so rack users are not counted."
    )
    chart = charts.weekly_trend(result.weekly).to_dict()
    assert [layer["mark"]["type"] for layer in chart["layer"]] == ["bar"]


def test_weeks_without_data_are_unknown_not_zero(rack_floor: RackFloor) -> None:
    """The set logs start in the week of 2 March: the two weeks before it in the range have no
    data at the location, so their rack hours and users are unknown (a gap on the chart), not 0."""
    path = rack_floor.sets_week()
    with db.read(path) as con:
        weekly = racks.rack_demand(con, date(2026, 2, 16), WEEK[1], "Main").weekly
    assert weekly["data_days"].tolist() == [0, 0, 2]
    assert racks_report.records(weekly)[:2] == [
        {
            "week": week,
            "days": 7,
            "rack_hours": None,
            "station_days": 0,
            "set_days": 0,
            "rack_users": None,
            "data_days": 0,
        }
        for week in ("2026-02-16", "2026-02-23")
    ]
    assert weekly["rack_users"].tolist()[2] == 3
    chart = charts.weekly_trend(weekly).to_dict()
    rows = next(iter(chart["datasets"].values()))
    unknown = [r for r in rows if r["data_days"] == 0]
    assert [(r["week_label"], r["rack_hours"], r["rack_users"]) for r in unknown] == [
        ("16 Feb (no data)", None, None),
        ("23 Feb (no data)", None, None),
    ]


def test_a_week_with_nothing_logged_inside_the_data_is_unknown_not_zero(
    rack_floor: RackFloor,
) -> None:
    """Nothing at all is logged at the location in the week of 23 February, between weeks with
    logs: its rack hours and users are unknown, as before the data, and the trend compares the
    week of 2 March with the weeks that hold logs, including the week of 16 February, which
    logged a leg press set and no rack use (a real 0)."""
    with db.read(rack_floor.gap_weeks()) as con:
        result = racks.rack_demand(con, *GAP_WEEKS, "Main")
    weekly = result.weekly
    assert weekly["data_days"].tolist() == [7, 7, 7, 0, 7]
    assert racks_report.records(weekly)[2:4] == [
        {"week": "2026-02-16", "days": 7, "rack_hours": 0.0, "station_days": 0, "set_days": 1}
        | {"rack_users": 0, "data_days": 7},
        {"week": "2026-02-23", "days": 7, "rack_hours": None, "station_days": 0, "set_days": 0}
        | {"rack_users": None, "data_days": 0},
    ]
    # The download leaves the unknown week's figures empty, as for a week before the data.
    csv = pd.read_csv(io.BytesIO(csv_bytes(weekly)))
    assert csv.loc[3, ["rack_hours", "rack_users"]].isna().all()
    assert result.trend == (
        "Rack hours were up 200% in the week of 02 Mar 2026 (1.0 h against 0.3 h a week in the"
        " 3 weeks before); unique rack users were up 200% (2 against 0.7 a week on average)."
        " The week of 23 Feb 2026 is left out: no rack demand was logged in it."
    )
    rows = next(iter(charts.weekly_trend(weekly).to_dict()["datasets"].values()))
    assert [(r["week_label"], r["rack_hours"]) for r in rows][2:4] == [
        ("16 Feb", 0.0),
        ("23 Feb (no data)", None),
    ]


def test_a_week_with_nothing_logged_leaves_the_hour_by_hour_figures_and_leg_sets(
    rack_floor: RackFloor,
) -> None:
    """The week of 23 February logs nothing at the location: its Monday is not an open day with
    nobody on the rack, which would lower every hour's figures (and the racks the planner asks
    for) by the share of the range the gap takes; its leg sets are unknown, as its rack use."""
    with db.read(rack_floor.gap_weeks()) as con:
        result = racks.rack_demand(con, *GAP_WEEKS, "Main")
    monday = result.utilisation.set_index(["equipment_type", "slot"]).loc[
        ("squat_rack", "Monday 18:00-19:00")
    ]
    # Mondays 2, 9 and 16 February and 2 March; 27 min of rack use on 2 and 9 February and 54 on
    # 2 March, with the rest after each session, over 4 hours
    assert (monday["days"], monday["open_hours"]) == (4, 4.0)
    assert monday["busy_share"] == 0.375
    gap = result.classes[pd.to_datetime(result.classes["week"]) == "2026-02-23"]
    assert gap["data_days"].tolist() == [0, 0, 0]
    assert gap["sets"].isna().all()
    # The page and report say so: the figures rest on 4 of the range's 5 weeks.
    assert result.captions[-1] == (
        "No set and no squat-rack session was logged at Main in the week of 23 Feb 2026: the"
        " hour-by-hour figures, the waiting estimates and the planner leave it out, and the"
        " charts by week show no data there."
    )


def test_a_gap_week_with_other_sensors_only_is_still_a_gap_for_the_racks(
    rack_floor: RackFloor,
) -> None:
    """A leg press sensor logs in the week of 23 February, nothing else does: the racks' week
    holds no data (no set, no rack session), so its rack use and its hours stay out of the rack
    figures, while the leg press keeps its logged hours; the leg sets are unknown too."""
    rack_floor.units("leg_press", 1)
    rack_floor.session("Leg press", "leg_press", "2026-02-23 18:00", "2026-02-23 18:30", "M3")
    with db.read(rack_floor.gap_weeks()) as con:
        result = racks.rack_demand(con, *GAP_WEEKS, "Main")
    assert result.weekly["data_days"].tolist() == [7, 7, 7, 0, 7]
    assert pd.isna(result.weekly["rack_hours"].iloc[3])
    cells = result.utilisation.set_index(["equipment_type", "slot"])
    assert cells.loc[("squat_rack", "Monday 18:00-19:00"), "days"] == 4
    assert cells.loc[("leg_press", "Monday 18:00-19:00"), "busy_share"] > 0
    gap = result.classes[pd.to_datetime(result.classes["week"]) == "2026-02-23"]
    assert gap["sets"].isna().all()


def test_a_week_with_rack_sessions_but_no_sets_has_unknown_leg_sets(rack_floor: RackFloor) -> None:
    """Rack sensors log the week of 23 February, but no workout is imported for it: its rack use
    is known, its leg sets (which come from workouts alone) are not."""
    rack_floor.session("Rack 1", "squat_rack", "2026-02-23 18:00", "2026-02-23 18:40", "M1")
    with db.read(rack_floor.gap_weeks()) as con:
        result = racks.rack_demand(con, *GAP_WEEKS, "Main")
    assert result.weekly["data_days"].tolist()[3] == 7
    assert result.weekly["rack_hours"].tolist()[3] > 0
    gap = result.classes[pd.to_datetime(result.classes["week"]) == "2026-02-23"]
    assert gap["data_days"].tolist() == [0, 0, 0] and gap["sets"].isna().all()


@pytest.mark.parametrize("logs", ["stations", "sets"])
def test_a_last_session_past_midnight_gives_the_weekly_chart_the_day_it_reaches(
    rack_floor: RackFloor, logs: str
) -> None:
    """The data's last rack session begins on Sunday 8 March and runs into Monday 9 March: that
    Monday holds data for the hour-by-hour figures (a second Monday counted), so the rack use
    chart counts it too, rather than marking its week "(no data)"."""
    rack_floor.units("squat_rack", 1)
    if logs == "stations":
        rack_floor.session("Rack 1", "squat_rack", "2026-03-02 18:00", "2026-03-02 19:00", "M1")
        rack_floor.session("Rack 1", "squat_rack", "2026-03-08 23:30", "2026-03-09 00:30", "M2")
    else:
        rack_floor.workout(1, "M1", ("2026-03-02 18:00", SQUAT), ("2026-03-02 18:57", SQUAT))
        rack_floor.workout(2, "M2", ("2026-03-08 23:50", SQUAT), ("2026-03-09 00:05", SQUAT))
    with db.read(rack_floor.save()) as con:
        result = racks.rack_demand(con, *RACK_MIXED_WEEKS, "Main")
    assert slot(result, "Monday 18:00-19:00")["days"] == 2
    weekly = result.weekly
    assert weekly["data_days"].tolist() == [7, 1]
    assert (weekly["station_days"] + weekly["set_days"]).tolist()[1] == 1
    assert weekly["rack_hours"].tolist()[1] == 0.0


@pytest.mark.parametrize(
    "start, saturday, days, label",
    [
        # from Wednesday: Wednesday to Friday
        (date(2026, 3, 4), False, [3, 7], "02 Mar (3 days of data)"),
        # from Saturday: the closed weekend holds nothing
        (date(2026, 3, 7), False, [0, 7], "02 Mar (no data)"),
        # a Saturday with a workout logged holds data
        (date(2026, 3, 7), True, [1, 7], "02 Mar (1 day of data)"),
    ],
)
def test_a_range_from_mid_week_counts_the_open_days_and_the_days_with_logs(
    rack_floor: RackFloor, start: date, saturday: bool, days: list[int], label: str
) -> None:
    """Closed at weekends, with a squat workout every weekday: a range from Saturday labelled
    the closed weekend "(2 days of data)" over a bar of nothing. A week the range cuts counts,
    of its days in the range, those the gym opens and those with anything logged, so that a
    workout logged on a closed Saturday still counts, and is drawn; both charts by week agree."""
    rack_floor.settings.update({"hours.sat": "closed", "hours.sun": "closed"})
    rack_floor.units("squat_rack", 1)
    weekdays = [date(2026, 3, 2) + timedelta(days=n) for n in range(19)]
    for n, day in enumerate(d for d in weekdays if d.isoweekday() <= 5):
        rack_floor.workout(n + 1, "M1", (f"{day} 10:00", SQUAT))
    if saturday:
        rack_floor.workout(99, "M2", ("2026-03-07 10:00", SQUAT))
    with db.read(rack_floor.save()) as con:
        result = racks.rack_demand(con, start, date(2026, 3, 15), "Main")
    assert result.weekly["data_days"].tolist() == days
    assert result.classes.drop_duplicates("week")["data_days"].tolist() == days
    assert pd.isna(result.weekly["rack_hours"].iloc[0]) == (days[0] == 0)
    assert with_week_labels(result.weekly)["week_label"].iloc[0] == label


def test_leg_sets_mark_the_weeks_leg_training_marks(rack_floor: RackFloor) -> None:
    """North's leg sets start on a Thursday: their chart marks that week with its 4 days and the
    weeks before as without data, as Leg training does, though its rack sensors log earlier;
    the rack hours count the sensors' weeks."""
    path = rack_floor.north_opens_mid_week()
    start, end = date(2026, 9, 28), date(2026, 10, 25)
    with db.read(path) as con:
        result = racks.rack_demand(con, start, end, "North")
        f = legs.resolve_filters(con, start=start, end=end, location="North")
        leg_page = legs.equipment_share(con, f, legs.leg_span(con, f))
    classes = result.classes[result.classes["equipment_class"] == "free_weight"]
    assert classes["data_days"].tolist() == [0, 0, 4, 7]
    # weeks without data say nothing of leg sets, as on Leg training: unknown, not 0
    assert classes["sets"].tolist() == [pd.NA, pd.NA, 4, 7]
    assert classes["share"].isna().tolist() == [True, True, False, False]
    shown = leg_page[leg_page["equipment_class"] == "free_weight"]
    assert shown["data_days"].tolist() == classes["data_days"].tolist()
    assert shown["hard_sets"].tolist() == classes["sets"].tolist()
    chart = charts.class_trend(result.classes).to_dict()
    labels = dict.fromkeys(r["week_label"] for r in next(iter(chart["datasets"].values())))
    assert list(labels) == [
        "28 Sep (no data)",
        "05 Oct (no data)",
        "12 Oct (4 days of data)",
        "19 Oct",
    ]
    assert result.weekly["data_days"].tolist() == [4, 7, 7, 7]


def test_default_range_follows_the_location(rack_floor: RackFloor) -> None:
    """North's data starts on Thursday 1 October: its range opens on its first whole week,
    Main's (the default location's, for no location) on Main's."""
    path = rack_floor.north_opens_mid_week()
    today = date(2026, 11, 26)
    with db.read(path) as con:
        assert racks.default_range(con, today, location="North") == (
            date(2026, 10, 5),
            date(2026, 10, 25),
        )
        main = (date(2026, 9, 7), date(2026, 10, 25))
        assert racks.default_range(con, today, location="Main") == main
        assert racks.default_range(con, today) == main
        # A typed end date counts back within North's weeks too.
        assert racks.default_range(con, today, end=date(2026, 10, 18), location="North") == (
            date(2026, 10, 5),
            date(2026, 10, 18),
        )


def test_no_racks_in_the_inventory(rack_floor: RackFloor) -> None:
    """Waiting cannot be estimated without racks: not 100% waiting, but "not applicable"."""
    rack_floor.units("squat_rack", 0)
    rack_floor.workout(1, "M1", ("2026-03-02 18:00", SQUAT))
    result = demand(rack_floor.save())
    assert result.racks == 0 and result.utilisation.empty
    assert result.members_waiting_share is None and result.all_busy_share is None
    assert result.substitution is None
    assert not any("no squat racks" in note for note in result.notes)
    monday = slot(result, "Monday 18:00-19:00")
    assert monday["status"] == "no squat racks in the inventory"
    assert result.racks_needed == 1
    assert result.planner_sentences[0] == "1 squat rack meets the target in every open hour."
    assert not any("over capacity" in line for line in result.planner_sentences)


def test_empty_range_names_where_the_data_is(rack_floor: RackFloor) -> None:
    path = rack_floor.stations_week()
    with db.read(path) as con:
        result = racks.rack_demand(con, date(2026, 4, 6), date(2026, 4, 12), "Main")
    assert result.empty and result.utilisation.empty
    assert result.data_span == (date(2026, 3, 2), date(2026, 3, 3))


def test_empty_database(db_file: Path) -> None:
    db.init(db_file)
    result = demand(db_file)
    assert result.empty and result.data_span is None


def test_bad_filters(rack_floor: RackFloor) -> None:
    path = rack_floor.sets_week()
    with db.read(path) as con, pytest.raises(FilterError):
        racks.rack_demand(con, WEEK[1], WEEK[0], "Main")
    with pytest.raises(FilterError):
        demand(path, coverage=0)


def test_minutes_target(rack_floor: RackFloor) -> None:
    result = demand(rack_floor.stations_week(), target=Target("minutes", 1))
    # Tuesday 07:00 waits 2 min on average with 2 racks; 3 racks give 0.015 * 30 / 2.5 min.
    assert slot(result, "Tuesday 07:00-08:00")["racks_needed"] == 3
    planner = result.planner.set_index("racks")
    # Monday 18:00 keeps up from 3 racks: Wq = C(3, 2) x 60 / 1 = 26.7 min; Tuesday's 1 arrival
    # waits C(3, 0.5) x 30 / 2.5 min. Weighted by arrivals (2 and 1).
    tuesday = capacity.queue(1, 30, 3).mean_wait_minutes
    assert planner.loc[3, "mean_wait_minutes"] == pytest.approx((2 * 60 * 4 / 9 + tuesday) / 3)
    # With 2 racks or 1 Monday's queue grows without end: no finite mean, where the mean of
    # Tuesday alone (2 min, 30 min with 1 rack) read as a wait 13 times shorter than with 3 racks.
    assert planner.loc[[1, 2], "mean_wait_minutes"].isna().all()
    assert planner.loc[2, "hours_over_capacity"] == 1
    assert result.mean_wait_minutes is None
    assert result.planner_sentences[1] == (
        "With 2 racks (now): no finite mean wait, as the queue grows without end in hours over "
        "capacity; 2 of 32 open hours miss the target (1 over capacity)."
    )
    assert not any("of members wait" in line for line in result.planner_sentences)


def test_leg_sets_by_class_are_leg_trainings_hard_sets(leg_history: GymLog) -> None:
    """One definition on both owner pages: warm-ups (A's, D's) and 0-rep squats (G's) count on
    neither, so a week's free-weight share is the same on both."""
    start, end = date(2026, 1, 12), date(2026, 3, 8)  # whole weeks: none is a part-week
    with db.read(leg_history.path) as con:
        f = legs.resolve_filters(con, start=start, end=end, location="Main")
        hard = legs.equipment_share(con, f, legs.leg_span(con, f))
        shown = racks.rack_demand(con, start, end, "Main").classes
    hard = hard.assign(week=[w.isoformat() for w in hard["week"]])
    key = ["week", "equipment_class"]
    merged = shown.merge(hard, on=key, suffixes=("_racks", "_legs"))
    assert len(merged) == len(shown) == len(hard) == 3 * 8
    assert list(merged["sets"]) == list(merged["hard_sets"])
    assert list(merged["share_racks"]) == [round(s, 4) for s in merged["share_legs"]]


def test_the_figures_use_the_basis_the_filters_show(rack_floor: RackFloor) -> None:
    """The page works out the source, measured coverage and data span once, for its filters, and
    the figures take them from there rather than querying them again."""
    rack_floor.door("2026-03-02 18:00", 4)
    path = rack_floor.sets_week()
    with db.read(path) as con:
        span = data_span(con, racks.SOURCES)  # every set is at Main: its span is the gym's
        basis = racks.demand_basis(con, *WEEK, "Main")
        same = [racks.rack_demand_for(con, basis), racks.rack_demand(con, *WEEK, "Main")]
        assert racks_report.as_dict(same[0]) == racks_report.as_dict(same[1])
        # A basis that says otherwise is what the figures show: nothing is read twice.
        other = replace(basis, measured=0.5, span=replace(span, last=date(2026, 3, 4)))
        shown = racks.rack_demand_for(con, other)
    assert (basis.location, basis.source, basis.span) == ("Main", "sets", span)
    assert shown.coverage == shown.coverage_measured == 0.5
    assert shown.weekly["data_days"].tolist() == [3]


def test_the_figures_take_each_days_source_from_the_basis(rack_floor: RackFloor) -> None:
    """The days of the range and where each day's demand comes from are worked out once, with
    the basis, and the figures rest on those rather than build the day list again."""
    path = rack_floor.sets_week()
    with db.read(path) as con:
        basis = racks.demand_basis(con, *WEEK, "Main")
        logged = racks.rack_demand_for(con, basis)
        # The set-log days told as days with nothing logged: no demand estimated from them.
        idle = replace(basis, days=tuple(day._replace(kind="none") for day in basis.days))
        shown = racks.rack_demand_for(con, idle)
    assert [day.kind for day in basis.days if day.kind != "none"] == ["sets", "sets"]
    assert logged.utilisation["busy_share"].any()
    assert not shown.utilisation["busy_share"].any()
    # Nor any day of the week logged: a week with nothing logged, its rack use unknown.
    assert shown.weekly["data_days"].tolist() == [0]
    assert shown.weekly["rack_hours"].isna().all()


@pytest.mark.parametrize(
    "hours, sets, slot_name, open_hours",
    [
        # Opening at 06:30: a rack taken 06:30-07:00 (last set 06:57 + 3 min rest).
        ("06:30-21:30", ("2026-03-02 06:30", "2026-03-02 06:57"), "Monday 06:30-07:00", 0.5),
        # Closing at 21:30: a rack taken 21:00-21:30.
        ("06:00-21:30", ("2026-03-02 21:00", "2026-03-02 21:27"), "Monday 21:00-21:30", 0.5),
        # Opening at 06:20 and closing at 06:35 in the same hour.
        ("06:20-06:35", ("2026-03-02 06:20", "2026-03-02 06:32"), "Monday 06:20-06:35", 0.25),
    ],
)
def test_an_hour_open_in_part_counts_its_open_minutes(
    rack_floor: RackFloor, hours: str, sets: tuple[str, str], slot_name: str, open_hours: float
) -> None:
    """The rack was taken for all of the hour's open time: 100%, not the share of the clock
    hour; arrivals are per open hour and the all-busy share weighs the open minutes. The hour is
    named by its open part, the time those figures count."""
    rack_floor.settings["hours.mon"] = hours
    rack_floor.units("squat_rack", 1)
    rack_floor.workout(1, "M1", *((at, SQUAT) for at in sets))
    result = demand(rack_floor.save())
    assert cells(result) == {("squat_rack", slot_name): (1.0, 1.0)}
    assert result.peaks == (f"The squat rack was busy 100% of {slot_name}.",)
    row = result.utilisation.set_index("slot").loc[slot_name]
    assert (row["days"], row["open_hours"]) == (1, open_hours)
    monday = settings.parse_hours(hours).seconds  # the one day of data
    assert result.all_busy_share == round(open_hours / ((monday[1] - monday[0]) / 3600), 4)
    queue = slot(result, slot_name)
    assert queue["arrivals_per_hour"] == 1 / open_hours and queue["open_hours"] == open_hours


@pytest.mark.parametrize(
    "logs, source, days",
    [("stations_week", "stations", (2, 0)), ("sets_week", "sets", (0, 2))],
)
def test_one_kind_of_data_names_its_days(
    rack_floor: RackFloor, logs: str, source: str, days: tuple[int, int]
) -> None:
    """Station sessions on 2 and 3 March (the sets of those days count for nothing), or set logs
    on 2 and 3 March: one source, its days counted."""
    result = demand(getattr(rack_floor, logs)())
    assert (result.source, result.station_days, result.set_days) == (source, *days)


def test_mixed_range_takes_each_day_from_its_own_logs(rack_floor: RackFloor) -> None:
    """Coverage 50% scales the set-log days only. Monday 18:00 over two Mondays: on 2 March the
    logged rack half the hour, plus Poisson non-loggers with mean 0.5 (the logged mean on
    set-log Mondays, 0.5, x (1 / 0.5 - 1)) in the other half; on 9 March the station-logged half
    hour as it is."""
    path = rack_floor.mixed_weeks()
    with db.read(path) as con:
        result = racks.rack_demand(con, *RACK_MIXED_WEEKS, "Main", coverage=0.5)
    assert (result.source, result.station_days, result.set_days) == (racks.MIXED, 1, 2)
    u = result.utilisation.set_index(["equipment_type", "slot"])
    monday = u.loc[("squat_rack", "Monday 18:00-19:00")]
    expected = 0.25 + 0.25 * (1 - math.exp(-0.5)) + 0.25
    assert monday["days"] == 2
    assert (monday["busy_share"], monday["all_busy_share"]) == (round(expected, 4),) * 2
    # The station day counts as logged: no non-loggers on top of M2's half hour.
    assert u.loc[("squat_rack", "Monday 19:00-20:00"), "busy_share"] == 0.25
    assert u.loc[("squat_rack", "Monday 07:00-08:00"), "busy_share"] == 0
    # Set logs say nothing of the leg press: it is counted on the other days only.
    press = u.loc[("leg_press", "Monday 18:00-19:00")]
    assert (press["days"], press["busy_share"]) == (1, 0.5)
    assert u.loc[("leg_press", "Wednesday 18:00-19:00"), "days"] == 1
    # Arrivals: 1 set-log session / 2 open hours / 0.5 plus 1 station session / 2 open hours.
    assert slot(result, "Monday 18:00-19:00")["arrivals_per_hour"] == 1.5
    assert slot(result, "Monday 07:00-08:00")["sessions"] == 0
    # Week of 2 March: 0.5 h / 0.5 from set logs, 1 user / 0.5. Week of 9 March: 1.0 h from
    # station logs and 0.5 h / 0.5 from set logs; users 1 / 0.5, plus M2 (M1 is among them).
    assert result.weekly[["rack_hours", "rack_users"]].values.tolist() == [[1.0, 2], [2.0, 3]]
    sub = result.substitution
    assert (sub.machine_leg_sets, sub.while_racks_full, sub.members) == (2, 1.0, None)
    assert "coverage applies to the 2 set-log days only" in " ".join(result.notes)


def test_mixed_range_at_full_coverage_counts_members(rack_floor: RackFloor) -> None:
    path = rack_floor.mixed_weeks()
    with db.read(path) as con:
        result = racks.rack_demand(con, *RACK_MIXED_WEEKS, "Main")
    assert result.weekly[["rack_hours", "rack_users"]].values.tolist() == [[0.5, 1], [1.5, 2]]
    monday = result.utilisation.set_index("slot").loc["Monday 18:00-19:00"]
    assert monday[monday["equipment_type"] == "squat_rack"]["busy_share"].iloc[0] == 0.5
    assert (
        "No door counts for this range: the set-log days count members who log workouts only"
        in result.notes[0]
    )
