"""The weeks the pages open on: shared by Leg training, Equipment demand and their reports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from legdash import db, settings
from legdash.charts import with_week_labels
from legdash.db import Connection
from legdash.metrics import FilterError, default_weeks, known_location, legs, racks
from tests.conftest import SQUAT, GymLog

TODAY = date(2026, 11, 26)  # a Thursday, months after the data


def log_days(gym_log: GymLog, first: date, last: date, hours: dict[str, str] | None = None) -> None:
    """One squat workout a day from `first` to `last`, on the gym's open days."""
    closed = {day for day, value in (hours or {}).items() if value == "closed"}
    day = first
    while day <= last:
        if settings.WEEKDAYS[day.weekday()] not in closed:
            gym_log.workout("A", f"{day} 10:00", *[(SQUAT, 100, 5)] * 2)
        day += timedelta(days=1)
    gym_log.save()
    if hours:
        with db.write(gym_log.path) as con:
            for day, value in hours.items():
                settings.set_value(con, f"hours.{day}", value)


def defaults(gym_log: GymLog) -> tuple[tuple[date, date], tuple[date, date], tuple[date, date]]:
    """Leg training's, Equipment demand's and the shared rule's default ranges."""
    with db.read(gym_log.path) as con:
        f = legs.resolve_filters(con, today=TODAY)
        return (f.start, f.end), racks.default_range(con, TODAY), default_weeks(con, TODAY, 8)


def leg_classes(con: Connection, **filters: Any) -> legs.LegClasses:
    """Leg training's classes for these filters, over the span the page reads for them."""
    f = legs.resolve_filters(con, **filters)
    return legs.leg_classes(con, f, legs.leg_span(con, f))


def test_a_last_week_with_one_day_of_data_is_not_last_week(gym_log: GymLog) -> None:
    """Data runs to Monday 15 June: the week of 15 June holds one day, so last week is the week
    of 8 June on both owner pages."""
    log_days(gym_log, date(2026, 3, 2), date(2026, 6, 15))
    legs_range, racks_range, _ = defaults(gym_log)
    assert legs_range[1] == racks_range[1] == date(2026, 6, 14)


@pytest.mark.parametrize(
    "last_day, hours, end",
    [
        (date(2026, 6, 14), None, date(2026, 6, 14)),  # runs to Sunday: a whole week
        (date(2026, 6, 13), None, date(2026, 6, 7)),  # Saturday, the gym opens on Sunday
        (date(2026, 6, 13), {"sun": "closed"}, date(2026, 6, 14)),  # closed on Sundays
        (date(2026, 6, 12), {"sat": "closed", "sun": "closed"}, date(2026, 6, 14)),
        # Open past midnight on Saturday does not make a closed Sunday a day to reach.
        (date(2026, 6, 13), {"sat": "18:00-02:00", "sun": "closed"}, date(2026, 6, 14)),
    ],
)
def test_last_week_ends_on_the_last_open_day(
    gym_log: GymLog, last_day: date, hours: dict[str, str] | None, end: date
) -> None:
    """A gym closed on Sundays does not lag a week: its weeks end on Saturday."""
    log_days(gym_log, date(2026, 3, 2), last_day, hours)
    legs_range, racks_range, shared = defaults(gym_log)
    assert legs_range[1] == racks_range[1] == shared[1] == end


WEEKDAYS_ONLY = {"sat": "closed", "sun": "closed"}


@pytest.mark.parametrize("today", [date(2026, 6, 13), date(2026, 6, 14)])
def test_a_weekday_gym_has_had_its_week_by_saturday(gym_log: GymLog, today: date) -> None:
    """Closed at weekends, data to Friday 12 June: on that Saturday or Sunday the week of 8 June
    is over, so it is last week on both owner pages, not the week before, whole; the range ends
    today, not on a Sunday still to come."""
    log_days(gym_log, date(2026, 3, 2), date(2026, 6, 12), WEEKDAYS_ONLY)
    with db.read(gym_log.path) as con:
        f = legs.resolve_filters(con, today=today)
        assert (f.last_week, f.end) == (date(2026, 6, 8), today)
        assert leg_classes(con, today=today).data_days == 7
        first, last = racks.default_range(con, today)
        assert (first, last) == (date(2026, 4, 20), today)
        assert racks.rack_demand(con, first, last).weekly["data_days"].tolist() == [7] * 8


def test_a_weekday_gym_range_to_friday_holds_that_week(gym_log: GymLog) -> None:
    """A range to Friday 12 June at a gym closed at weekends: the week of 8 June is whole (last
    week, compared in the rack use statement, no "(5 days of data)"), not the week before."""
    log_days(gym_log, date(2026, 3, 2), date(2026, 6, 12), WEEKDAYS_ONLY)
    friday = date(2026, 6, 12)
    with db.read(gym_log.path) as con:
        assert legs.resolve_filters(con, end=friday).last_week == date(2026, 6, 8)
        first, last = racks.default_range(con, TODAY, end=friday)
        assert (first, last) == (date(2026, 4, 20), friday)
        result = racks.rack_demand(con, first, last)
        classes = leg_classes(con, end=friday)
    assert result.weekly["data_days"].tolist() == [7] * 8
    assert result.trend.startswith("Rack hours were about level in the week of 08 Jun 2026")
    assert "not compared" not in result.trend
    assert (classes.last_week, classes.data_days) == (date(2026, 6, 8), 7)


def test_data_in_the_running_week_completes_last_week(gym_log: GymLog) -> None:
    """Data up to Wednesday of the running week: last week ran to its end, whatever its Sunday
    held."""
    log_days(gym_log, date(2026, 10, 5), date(2026, 11, 25))
    assert defaults(gym_log)[2][1] == date(2026, 11, 22)


def test_the_default_ranges_count_up_to_the_gyms_today(
    gym_log: GymLog, gym_behind_server: date
) -> None:
    """The server's clock is a day ahead of the gym's: both owner pages' defaults, and their
    reports', count up to the gym's today."""
    today = gym_behind_server
    log_days(gym_log, today - timedelta(weeks=10), today)
    with db.read(gym_log.path) as con:
        f = legs.resolve_filters(con)
        assert (f.start, f.end) == default_weeks(con, today, legs.DEFAULT_WEEKS)
        assert racks.default_range(con) == racks.default_range(con, today)


def test_without_data_the_last_complete_week_before_today(db_file: Path) -> None:
    db.init(db_file)
    with db.read(db_file) as con:
        assert default_weeks(con, TODAY, 8) == (date(2026, 9, 28), date(2026, 11, 22))


@pytest.mark.parametrize(
    "first_day, hours, start",
    [
        (date(2026, 5, 25), None, date(2026, 5, 25)),  # from a Monday: its week counts
        (date(2026, 5, 28), None, date(2026, 6, 1)),  # from a Thursday: that week is a part-week
        (date(2026, 5, 26), {"mon": "closed"}, date(2026, 5, 25)),  # closed on Mondays
    ],
)
def test_default_range_starts_with_the_data(
    gym_log: GymLog, first_day: date, hours: dict[str, str] | None, start: date
) -> None:
    """Three weeks of data open on those weeks, not on 8 or 12 weeks mostly before the data."""
    log_days(gym_log, first_day, date(2026, 6, 14), hours)
    legs_range, racks_range, shared = defaults(gym_log)
    assert legs_range == racks_range == shared == (start, date(2026, 6, 14))


def test_default_range_keeps_eight_weeks_of_long_data(gym_log: GymLog) -> None:
    log_days(gym_log, date(2026, 1, 7), date(2026, 6, 14))
    legs_range, racks_range, _ = defaults(gym_log)
    assert racks_range == (date(2026, 4, 20), date(2026, 6, 14))
    assert legs_range == (date(2026, 3, 23), date(2026, 6, 14))  # Leg training shows 12


def test_data_within_one_week_shows_that_week(gym_log: GymLog) -> None:
    """Two days of data cover no week whole: the page opens on the week they are in."""
    log_days(gym_log, date(2026, 6, 16), date(2026, 6, 17))
    assert defaults(gym_log)[2] == (date(2026, 6, 15), date(2026, 6, 21))


def test_an_end_date_alone_counts_back_to_the_data(gym_log: GymLog) -> None:
    """`report legs --to` and `report racks --to` without --from start where the data does."""
    from legdash.metrics import racks_report
    from legdash.reports import ReportArgs

    log_days(gym_log, date(2026, 5, 28), date(2026, 8, 30))
    end = date(2026, 6, 21)
    with db.read(gym_log.path) as con:
        f = legs.resolve_filters(con, end=end, today=TODAY)
        report = racks_report.build(con, ReportArgs(end=end))
    assert (f.start, f.end) == (date(2026, 6, 1), end)
    assert (report["start"], report["end"]) == ("2026-06-01", "2026-06-21")


def test_a_start_date_in_the_week_the_data_stops_in_runs_to_that_weeks_end(
    gym_log: GymLog,
) -> None:
    """`--from` alone in the part-week the data stops in: not an end before the start."""
    from legdash.metrics import racks_report
    from legdash.reports import ReportArgs

    log_days(gym_log, date(2026, 3, 2), date(2026, 3, 10))
    start = date(2026, 3, 9)
    with db.read(gym_log.path) as con:
        f = legs.resolve_filters(con, start=start, today=TODAY)
        report = racks_report.build(con, ReportArgs(start=start))
        earlier = legs.resolve_filters(con, start=date(2026, 3, 2), today=TODAY)
    assert (f.start, f.end) == (start, date(2026, 3, 15))
    assert (report["start"], report["end"]) == ("2026-03-09", "2026-03-15")
    assert earlier.end == date(2026, 3, 8)  # a start before it keeps the last whole week


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2026, 11, 26)])  # Monday, Thursday
def test_a_start_date_alone_in_the_running_week_ends_today(gym_log: GymLog, today: date) -> None:
    """`--from` the running week's Monday without --to ends today, as the pages' ranges do, not
    on a Sunday to come; at Leg training that range holds no complete week, as on the page. A
    start after today still runs to the end of its week: its figures say nothing is logged yet."""
    log_days(gym_log, date(2026, 10, 5), today - timedelta(days=1))
    monday, later = date(2026, 11, 23), date(2026, 12, 9)
    with db.read(gym_log.path) as con:
        assert racks.default_range(con, today, start=monday)[1] == today
        f = legs.resolve_filters(con, start=monday, today=today)
        assert racks.default_range(con, today, start=later)[1] == date(2026, 12, 13)
        # A start after today in the running week: that day alone, which holds no week either.
        saturday = date(2026, 11, 28)
        assert racks.default_range(con, today, start=saturday)[1] == saturday
        tomorrow = legs.resolve_filters(con, start=saturday, today=today)
    assert f.end == today and not f.has_weeks
    assert tomorrow.end == saturday and not tomorrow.has_weeks


def test_data_only_in_the_running_week_opens_equipment_demand_on_it(gym_log: GymLog) -> None:
    """A new gym's first import, Monday to Thursday, read on Friday: Equipment demand's hours
    hold for part of a week, so it opens on that week, not on 8 empty ones before it; Leg
    training, whose figures need a whole week, keeps its range and says why it is empty."""
    today = date(2026, 11, 27)
    log_days(gym_log, date(2026, 11, 23), date(2026, 11, 26))
    with db.read(gym_log.path) as con:
        assert racks.default_range(con, today) == (date(2026, 11, 23), today)
        f = legs.resolve_filters(con, today=today)
    assert f.end == date(2026, 11, 22)


def test_a_picked_range_names_its_part_last_week(gym_log: GymLog) -> None:
    """A range to Sunday 21 June over data that stops on Monday 15 June: Leg training's headline
    and Equipment demand's trend do not pass the one day off as a week."""
    log_days(gym_log, date(2026, 3, 2), date(2026, 6, 15))
    start, end = date(2026, 4, 27), date(2026, 6, 21)
    with db.read(gym_log.path) as con:
        classes = leg_classes(con, start=start, end=end)
        demand = racks.rack_demand(con, start, end)
    assert classes.data_days == 1
    assert classes.headline == "0% of active members did not train legs last week (1 day of data)"
    assert classes.last_week_label == "the week of 15 Jun 2026 (1 day of data)"
    assert list(demand.weekly["data_days"]) == [7] * 7 + [1]
    assert list(demand.classes.drop_duplicates("week")["data_days"]) == [7] * 7 + [1]
    assert list(classes.frame.drop_duplicates("week")["data_days"]) == [7] * 7 + [1]
    assert demand.trend.startswith("Rack hours were about level in the week of 08 Jun 2026")
    assert demand.trend.endswith("The week of 15 Jun 2026 (1 day of data) is not compared.")


def test_a_whole_last_week_is_not_labelled(gym_log: GymLog) -> None:
    log_days(gym_log, date(2026, 3, 2), date(2026, 6, 14))
    with db.read(gym_log.path) as con:
        classes = leg_classes(con, today=TODAY)
    assert classes.headline == "0% of active members did not train legs last week"
    assert classes.last_week_label == "the week of 08 Jun 2026"


def test_a_range_that_starts_mid_week(gym_log: GymLog) -> None:
    """From Wednesday 29 April: Equipment demand counts 5 days of that week, so it is a part-week
    there; Leg training counts the whole ISO week, so it is not one there."""
    log_days(gym_log, date(2026, 3, 2), date(2026, 6, 14))
    start, end = date(2026, 4, 29), date(2026, 5, 17)
    with db.read(gym_log.path) as con:
        classes = leg_classes(con, start=start, end=end)
        demand = racks.rack_demand(con, start, end)
    assert list(demand.weekly["data_days"]) == [5, 7, 7]
    assert list(demand.classes.drop_duplicates("week")["data_days"]) == [5, 7, 7]
    assert list(classes.frame.drop_duplicates("week")["data_days"]) == [7, 7, 7]


def test_a_location_that_opens_later_marks_its_own_part_weeks(gym_log: GymLog) -> None:
    """The Annex opens on Thursday 19 March, two weeks after Main: at the Annex both pages mark
    its first week as 4 days of data and the weeks before as no data; over the whole gym nothing
    changes. A set without a location is at the default location (Main) on both pages, so at
    Main B's Monday set makes its first week whole on both."""
    gym_log.workout("B", "2026-03-02 10:00", *[(SQUAT, 100, 5)] * 2, location=None)
    day = date(2026, 3, 19)
    while day <= date(2026, 3, 29):
        gym_log.workout("C", f"{day} 18:00", *[(SQUAT, 100, 5)] * 2, location="Annex")
        day += timedelta(days=1)
    log_days(gym_log, date(2026, 3, 4), date(2026, 3, 29))  # Main's, and saves them all
    start, end = date(2026, 3, 2), date(2026, 3, 29)

    def days_of_data(location: str | None) -> tuple[list[int], list[int], list[int]]:
        """Leg training's and Equipment demand's (weekly, classes) days of data per week."""
        with db.read(gym_log.path) as con:
            f = legs.resolve_filters(con, start=start, end=end, location=location)
            leg_weeks = legs.leg_training(con, f).classes.frame.drop_duplicates("week")
            demand = racks.rack_demand(con, start, end, location)
        return (
            list(leg_weeks["data_days"]),
            list(demand.weekly["data_days"]),
            list(demand.classes.drop_duplicates("week")["data_days"]),
        )

    annex = days_of_data("Annex")
    assert annex == ([0, 0, 4, 7],) * 3
    labels = with_week_labels(pd.DataFrame({"week": WEEKS, "data_days": annex[0]}))
    assert list(labels["week_label"]) == [
        "02 Mar (no data)",
        "09 Mar (no data)",
        "16 Mar (4 days of data)",
        "23 Mar",
    ]
    whole_gym = days_of_data(None)
    assert whole_gym == ([7] * 4, [7] * 4, [7] * 4)
    main = days_of_data("Main")
    assert main == ([7] * 4, [7] * 4, [7] * 4)
    with db.read(gym_log.path) as con:
        annex_legs = leg_classes(con, start=start, end=date(2026, 3, 22), location="Annex")
    assert annex_legs.last_week_label == "the week of 16 Mar 2026 (4 days of data)"


WEEKS = [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)]


def test_an_unknown_location_names_the_known_ones_each_whole(db_file: Path) -> None:
    """ "Annex, East" is one location: joined by commas alone the list would read as three."""
    db.init(db_file)
    with db.write(db_file) as con:
        settings.set_value(con, "inventory.Annex, East.squat_rack", "2")
        with pytest.raises(
            FilterError, match="^no location 'Nowhere'; the known ones are Main, 'Annex, East'$"
        ):
            known_location(con, "Nowhere")
