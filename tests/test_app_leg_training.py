from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from legdash import db, settings
from legdash.metrics import legs
from legdash.reports import ReportArgs
from legdash.ui import escape_markdown
from tests.conftest import LEG_RANGE, SQUAT, GymLog, RackFloor
from tests.test_metrics_legs import GAP_RANGE, two_weeks_missing

ALL = "All locations"


@pytest.fixture
def page(app_page: Callable[..., AppTest]) -> AppTest:
    return app_page("pages/leg_training.py")


def report(path: Path, **options: Any) -> dict[str, Any]:
    with db.read(path) as con:
        return legs.build(con, ReportArgs(**options))


def skippers_table(at: AppTest) -> list[dict[str, Any]] | None:
    """The skippers as the page lists them, a missing name as None as the report has it."""
    tables = [d.value for d in at.dataframe if "member_id" in d.value.columns]
    if not tables:
        return None
    rows = legs.records(tables[0])
    for row in rows:
        if row["name"] == "":
            row["name"] = None
    return rows


def as_page_words(skippers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The report's skippers as the page words them: "none logged" for no leg session, and the
    location in the same cell when the session was at another one."""
    rows = []
    for row in skippers:
        row = dict(row)
        day, where = row["last_leg_session"], row.pop("last_leg_location")
        row["last_leg_session"] = (
            "none logged" if day is None else day + (f" at {where}" if where else "")
        )
        rows.append(row)
    return rows


def assert_page_is_report(at: AppTest, data: dict[str, Any]) -> None:
    """The headline, tiles and skippers the page draws are the report's figures."""
    assert not at.exception
    assert at.subheader[0].value == escape_markdown(data["headline"])
    tiles = {m.label: m.value for m in at.metric}
    share = data["share_no_legs_last_week"]
    assert tiles["Skipped legs"] == ("-" if share is None else f"{share:.0%}")
    active = data["active_last_week"]
    assert tiles["Active members"] == ("-" if active is None else f"{active:,}")
    last = {r["week"]: r for r in data["patterns"]}[data["last_week"]]
    ratio = last["skip_legs_ratio"]
    assert tiles["Skip-legs ratio"] == ("-" if ratio is None else f"{ratio:.1f}")
    free = next(
        r["share"]
        for r in data["equipment"]
        if r["week"] == data["last_week"] and r["equipment_class"] == "free_weight"
    )
    leg_sets = sum(r["hard_sets"] or 0 for r in data["equipment"] if r["week"] == data["last_week"])
    assert tiles["Free-weight legs"] == (f"{free:.0%}" if leg_sets else "-")
    if data["skippers"]:
        assert skippers_table(at) == as_page_words(data["skippers"])
    else:
        assert skippers_table(at) is None
        assert any(i.value.startswith("No leg skippers") for i in at.info)


def shown(at: AppTest, **widgets: Any) -> AppTest:
    """Run the page over the history's range, then set widgets (key suffix -> value)."""
    at.run()
    at.date_input(key="legs:range").set_value(LEG_RANGE).run()
    for key, value in widgets.items():
        widget = at.selectbox if key in ("location", "segment") else at.number_input
        widget(key=f"legs:{key}").set_value(value).run()
    return at


def test_missing_database(page: AppTest) -> None:
    page.run()
    assert not page.exception
    assert "There is no database" in page.info[0].value


@pytest.mark.parametrize("held", ["nothing", "station logs"])
def test_database_without_sets_shows_how_to_import(
    page: AppTest, rack_floor: RackFloor, held: str
) -> None:
    if held == "station logs":
        rack_floor.session("Rack 1", "squat_rack", "2026-03-02 18:00", "2026-03-02 19:00", "M1")
    rack_floor.save()
    page.run()
    assert not page.exception
    assert "The database holds no workout sets yet" in page.info[0].value
    assert "Widen" not in page.info[0].value and "widen" not in page.info[0].value
    assert "python -m legdash import" in " ".join(m.value for m in page.markdown)
    assert not page.metric


def test_range_without_workouts_names_where_they_are(page: AppTest, leg_history: GymLog) -> None:
    page.run()
    page.date_input(key="legs:range").set_value((date(2025, 6, 1), date(2025, 8, 31))).run()
    assert not page.exception
    sentence = (
        "No workouts in the weeks from 26 May 2025 to 31 Aug 2025. Workouts run from "
        "05 Jan 2026 to 09 Mar 2026: widen the range to include them."
    )
    assert page.info[0].value == escape_markdown(sentence)
    assert (
        report(leg_history.path, start=date(2025, 6, 1), end=date(2025, 8, 31))["empty_sentence"]
        == sentence
    )
    assert not page.markdown and not page.metric


def test_workouts_of_the_current_week_only_wait_for_its_end(page: AppTest, gym_log: GymLog) -> None:
    today = date.today()
    gym_log.workout("A", f"{today} 06:00", ("Squat (Barbell)", 100, 5))
    gym_log.save()
    page.run()
    assert not page.exception
    notice = page.info[0].value
    assert escape_markdown("in the current week: its figures appear once the week is complete") in (
        notice
    )
    assert "widen" not in notice


def test_empty_segment_says_so(page: AppTest, leg_history: GymLog) -> None:
    at = shown(page, location="Annex", segment="legs-3+")
    assert not at.exception
    assert at.info[0].value == escape_markdown(
        'No members in "Leg class 3+ (3+ a week)" at Annex in these weeks: pick All members.'
    )


def test_defaults_equal_the_report_defaults(page: AppTest, leg_history: GymLog) -> None:
    page.run()
    assert_page_is_report(page, report(leg_history.path))


def test_range_equals_the_report(page: AppTest, leg_history: GymLog) -> None:
    at = shown(page)
    data = report(leg_history.path, start=LEG_RANGE[0], end=LEG_RANGE[1])
    assert_page_is_report(at, data)
    assert data["headline"] == "33% of active members did not train legs last week"
    assert [r["member_id"] for r in skippers_table(at)] == ["B", "D", "F", "G"]


@pytest.mark.parametrize(
    "widgets, options",
    [
        ({"min_sets": 1}, {"min_leg_sets": 1}),
        ({"location": "Annex"}, {"location": "Annex"}),
        ({"segment": "legs-0"}, {"segment": "legs-0"}),
        ({"segment": "machine-only"}, {"segment": "machine-only"}),
    ],
)
def test_filters_equal_the_report(
    page: AppTest, leg_history: GymLog, widgets: dict[str, Any], options: dict[str, Any]
) -> None:
    at = shown(page, **widgets)
    assert_page_is_report(
        at, report(leg_history.path, start=LEG_RANGE[0], end=LEG_RANGE[1], **options)
    )


def test_threshold_is_shown_in_the_definitions(page: AppTest, leg_history: GymLog) -> None:
    at = shown(page, min_sets=3)
    text = " ".join(m.value for m in at.markdown)
    assert "at least 3 hard sets of leg patterns" in text


def test_definitions_say_which_4_week_windows_are_left_out(
    page: AppTest, leg_history: GymLog
) -> None:
    """Both ends of the data, as the README says: a window reaching back before the first week
    the data covers whole, or on past the last week logged, has no leg classes."""
    at = shown(page)
    text = " ".join(" ".join(m.value for m in at.markdown).split())
    assert "begin before the first week the data covers whole" in text
    assert "end after the last week with logged workouts" in text


def squats_then_range(
    page: AppTest, gym_log: GymLog, days: list[date], picked: tuple[date, date]
) -> list[str]:
    """The page's notices after M1 squats on `days` and the range `picked` is set, as they read
    (some are escaped as Markdown, as they may name a location from the data)."""
    for day in days:
        gym_log.workout("M1", f"{day} 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    page.run()
    page.date_input(key="legs:range").set_value(picked).run()
    assert not page.exception
    return [i.value.replace("\\", "") for i in page.info]


def test_no_class_moves_says_why(page: AppTest, gym_log: GymLog) -> None:
    """Weekly squats from Monday 28 September (the reviewer's gym): up to the week of 9 November
    the earlier 4 weeks begin before the data, though M1 was active in both windows."""
    weeks = [date(2026, 9, 28) + timedelta(weeks=k) for k in range(8)]
    notices = squats_then_range(page, gym_log, weeks, (date(2026, 10, 12), date(2026, 11, 19)))
    assert (
        "No leg class moves up to the week of 09 Nov 2026: they compare the 8 weeks up to it,"
        " which begin before the first week the data covers whole (the week of 28 Sep 2026)."
    ) in notices
    assert not [n for n in notices if n.startswith("No member was active both")]


def test_skipper_weeks(page: AppTest, leg_history: GymLog) -> None:
    at = shown(page, skipper_weeks=1)
    assert not at.exception
    assert [r["member_id"] for r in skippers_table(at)] == ["B", "D", "G"]
    captions = " ".join(c.value for c in at.caption)
    assert "no leg session in the 1 week up to the week of 02 Mar 2026" in captions


def test_no_skippers_is_a_sentence(page: AppTest, leg_history: GymLog) -> None:
    at = shown(page, segment="legs-2")
    assert not at.exception
    assert skippers_table(at) is None
    # Among the notices: this segment has no machine-only member either, which is said above.
    assert (
        "No leg skippers in the 4 weeks up to the week of 02 Mar 2026: every active member in "
        "this segment had a leg session."
    ) in [i.value for i in at.info]


def test_skipper_without_a_name_is_blank(page: AppTest, leg_history: GymLog) -> None:
    at = shown(page)
    table = next(d.value for d in at.dataframe if "member_id" in d.value.columns)
    names = dict(zip(table["member_id"], table["name"], strict=True))
    assert names["D"] == "" and names["B"] == "=HYPERLINK(1)"


def test_no_complete_week(page: AppTest, leg_history: GymLog) -> None:
    page.run()
    page.date_input(key="legs:range").set_value((date(2026, 3, 10), date(2026, 3, 11))).run()
    assert not page.exception
    assert "no complete week" in page.info[0].value


def test_half_picked_range_waits(page: AppTest, leg_history: GymLog) -> None:
    page.run()
    page.date_input(key="legs:range").set_value((date(2026, 1, 5),)).run()
    assert not page.exception
    assert "Pick the end date" in page.info[0].value


def test_never_lists_skippers_in_kiosk_mode(
    page: AppTest, leg_history: GymLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGDASH_KIOSK", "1")
    at = shown(page)
    assert not at.exception
    assert skippers_table(at) is None
    assert "Leg skippers" not in [h.value for h in at.header]


def test_a_last_week_the_data_stops_in_says_so(page: AppTest, leg_history: GymLog) -> None:
    """The data ends on Monday 9 March (E's squats): a range to 15 March makes that day last
    week, and the headline and the tiles' caption say it holds one day of data."""
    page.run()
    page.date_input(key="legs:range").set_value((date(2026, 1, 12), date(2026, 3, 15))).run()
    data = report(leg_history.path, start=date(2026, 1, 12), end=date(2026, 3, 15))
    assert_page_is_report(page, data)
    assert data["headline"].endswith("did not train legs last week (1 day of data)")
    assert "Last week: the week of 09 Mar 2026 (1 day of data)" in [c.value for c in page.caption]


def test_a_leg_session_after_the_range_takes_a_skipper_off(page: AppTest, gym_log: GymLog) -> None:
    """The range ends on Sunday 15 November; M1 squatted on Monday 16th, after it: the page lists
    only M2, as `report legs` does."""
    for member in ("M1", "M2"):
        gym_log.workout(member, "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M1", "2026-11-16 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    page.run()
    page.date_input(key="legs:range").set_value((date(2026, 11, 9), date(2026, 11, 15))).run()
    data = report(gym_log.path, start=date(2026, 11, 9), end=date(2026, 11, 15))
    assert_page_is_report(page, data)
    assert [r["member_id"] for r in skippers_table(page)] == ["M2"]


def test_skippers_last_leg_session_at_another_location(page: AppTest, gym_log: GymLog) -> None:
    """At Main, M1 benched on 10 November and last trained legs at North on 12 October: the page
    says where, as `report legs --location Main` does. M3's last leg session, at Main, is the
    date alone."""
    gym_log.workout("M1", "2026-10-12 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.workout("M1", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M2", "2026-11-10 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.workout("M3", "2026-10-05 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.workout("M3", "2026-11-11 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.save()
    page.run()
    page.date_input(key="legs:range").set_value((date(2026, 11, 9), date(2026, 11, 15))).run()
    page.selectbox(key="legs:location").set_value("Main").run()
    assert not page.exception
    rows = skippers_table(page)
    assert [(r["member_id"], r["last_leg_session"]) for r in rows] == [
        ("M3", "2026-10-05"),
        ("M1", "2026-10-12 at North"),
    ]
    data = report(gym_log.path, start=date(2026, 11, 9), end=date(2026, 11, 15), location="Main")
    assert rows == as_page_words(data["skippers"])


def test_location_figures_say_at_which_location(page: AppTest, gym_log: GymLog) -> None:
    """F benches at Main and squats at North: at Main the headline and the skippers' caption name
    Main, and F, who trains legs, is no leg skipper; the page shows the report's figures."""
    gym_log.workout("F", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("F", "2026-11-12 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.workout("M2", "2026-11-10 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    page.run()
    page.date_input(key="legs:range").set_value((date(2026, 11, 9), date(2026, 11, 15))).run()
    page.selectbox(key="legs:location").set_value("Main").run()
    data = report(gym_log.path, start=date(2026, 11, 9), end=date(2026, 11, 15), location="Main")
    assert_page_is_report(page, data)
    assert data["headline"].startswith("50% of active members did not train legs at Main last")
    captions = " ".join(c.value for c in page.caption)
    assert (
        "Members with a workout at Main but no leg session at any location in the 4 weeks up to "
        "the week of 09 Nov 2026, nor since"
    ) in captions
    assert skippers_table(page) is None


def test_a_range_before_any_4_week_class_says_so(page: AppTest, gym_log: GymLog) -> None:
    """Data from 2 November, a range of its first two weeks: no window of 4 weeks yet, so the
    4-week classes tab says why it is empty rather than drawing bare axes."""
    days = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    notices = squats_then_range(page, gym_log, days, (date(2026, 11, 2), date(2026, 11, 15)))
    assert "No 4-week leg classes in this range: they start once 4 weeks of data exist." in notices
    # The moves chart says why it is empty as the matrix does: M1 was active in both windows.
    assert (
        "No leg class moves in this range: each compares 8 weeks, and those up to the week of"
        " 09 Nov 2026 already begin before the first week the data covers whole (the week of"
        " 02 Nov 2026)."
    ) in notices
    assert not [n for n in notices if n.startswith("No member was active in two")]
    assert legs.NO_MACHINE_ONLY_MOVES in notices
    # Not a matrix of zeros for the moves up to last week either, nor a claim about the members.
    assert (
        "No leg class moves up to the week of 09 Nov 2026: they compare the 8 weeks up to it,"
        " which begin before the first week the data covers whole (the week of 02 Nov 2026)."
    ) in notices
    assert not [t for t in page.dataframe if "4 weeks earlier" in str(t.value.index.name)]
    # Nothing drawn in the tab but the notices: its three charts would be bare axes.
    assert len(page.get("vega_lite_chart")) == 5


def test_default_range_follows_the_picked_location(page: AppTest, gym_log: GymLog) -> None:
    """Main logs from 5 October, North from 2 November (both to 20 November): picking North
    moves a range still on its default to North's weeks; a range picked by hand stays."""
    for week in (date(2026, 10, 5) + timedelta(weeks=k) for k in range(7)):
        gym_log.workout("M9", f"{week} 10:00", ("Bench Press (Barbell)", 80, 5))
    for day in (date(2026, 11, 2) + timedelta(days=2 * k) for k in range(10)):
        gym_log.workout("M1", f"{day} 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.save()
    page.run()
    assert page.date_input(key="legs:range").value == (date(2026, 10, 5), date(2026, 11, 15))
    page.selectbox(key="legs:location").set_value("North").run()
    assert not page.exception
    assert page.date_input(key="legs:range").value == (date(2026, 11, 2), date(2026, 11, 15))
    picked = (date(2026, 11, 9), date(2026, 11, 15))
    page.date_input(key="legs:range").set_value(picked).run()
    page.selectbox(key="legs:location").set_value(ALL).run()
    assert page.date_input(key="legs:range").value == picked


def test_filters_survive_a_visit_to_another_page(
    app_page: Callable[..., AppTest], leg_history: GymLog
) -> None:
    """Streamlit forgets a widget's value while its page is not shown: the filters must not."""
    at = app_page("app.py").run()
    at.switch_page("pages/leg_training.py")
    chosen = {"location": "Main", "segment": "legs-0", "min_sets": 3, "skipper_weeks": 6}
    shown(at, **chosen)
    at.switch_page("pages/equipment_demand.py").run()
    at.switch_page("pages/leg_training.py").run()
    assert not at.exception
    assert at.date_input(key="legs:range").value == LEG_RANGE
    assert {key: at.session_state[f"legs:{key}"] for key in chosen} == chosen


def test_a_week_without_leg_sets_has_no_free_weight_share(page: AppTest, gym_log: GymLog) -> None:
    """Last week's members only benched: no share of leg sets at all, "-" rather than 0%."""
    gym_log.workout("M1", "2026-11-02 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.workout("M1", "2026-11-09 18:00", *[("Bench Press (Barbell)", 60, 5)] * 3)
    gym_log.save()
    page.run()
    page.date_input(key="legs:range").set_value((date(2026, 11, 2), date(2026, 11, 15))).run()
    tiles = {m.label: m.value for m in page.metric}
    assert (tiles["Active members"], tiles["Free-weight legs"]) == ("1", "-")
    assert_page_is_report(
        page, report(gym_log.path, start=date(2026, 11, 2), end=date(2026, 11, 15))
    )


@pytest.mark.parametrize(
    "closed, today",
    [
        (("sat", "sun"), date(2026, 11, 21)),  # Monday-Friday, on the Saturday
        (("fri", "sat", "sun"), date(2026, 11, 20)),  # Monday-Thursday, on the Friday
        (("fri", "sat", "sun"), date(2026, 11, 21)),
    ],
)
def test_a_gym_whose_week_is_over_opens_on_it_up_to_today(
    app_page: Callable[..., AppTest],
    gym_log: GymLog,
    today_is: Callable[[date], None],
    closed: tuple[str, ...],
    today: date,
) -> None:
    """Data to the last open day of the running week, after which the gym is closed: both owner
    pages open on that week, whole, with a range that ends today, not on Sunday (Leg training's
    date picker goes up to today only)."""
    for day in (date(2026, 11, 2) + timedelta(days=k) for k in range(19)):
        if settings.WEEKDAYS[day.weekday()] not in closed:
            gym_log.workout("A", f"{day} 10:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    with db.write(gym_log.path) as con:
        for day in closed:
            settings.set_value(con, f"hours.{day}", "closed")
    today_is(today)
    legs_page = app_page("pages/leg_training.py").run()
    assert not legs_page.exception
    assert legs_page.date_input(key="legs:range").value == (date(2026, 11, 2), today)
    assert "Last week: the week of 16 Nov 2026" in [c.value for c in legs_page.caption]
    racks_page = app_page("pages/equipment_demand.py").run()
    assert not racks_page.exception
    assert racks_page.date_input[0].value == (date(2026, 11, 2), today)


def test_the_date_picker_stops_at_the_gyms_today(
    page: AppTest, gym_log: GymLog, gym_behind_server: date
) -> None:
    """The server's clock is a day ahead of the gym's: the date picker, and the range the page
    opens on, stop at the gym's today, not at a day the gym has not reached."""
    today = gym_behind_server
    for days in range(42):
        gym_log.workout("A", f"{today - timedelta(days=days)} 06:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    page.run()
    assert not page.exception
    picker = page.date_input(key="legs:range")
    assert picker.max == today
    assert picker.value[1] <= today


def test_a_last_week_with_nothing_logged_shows_no_figures(page: AppTest, gym_log: GymLog) -> None:
    """Nothing logged at Main in the weeks of 9 and 16 February: a range to 22 February makes
    the second last week, whose tiles are unknown ("-"), not 0 active members; the definitions
    say how such a week and the 4-week windows holding it count."""
    path = two_weeks_missing(gym_log)
    page.run()
    page.selectbox(key="legs:location").set_value("Main").run()
    page.date_input(key="legs:range").set_value((GAP_RANGE[0], date(2026, 2, 22))).run()
    data = report(path, start=GAP_RANGE[0], end=date(2026, 2, 22), location="Main")
    assert_page_is_report(page, data)
    assert {m.label: m.value for m in page.metric}["Active members"] == "-"
    assert "Last week: the week of 16 Feb 2026 (no data)" in [c.value for c in page.caption]
    text = " ".join(" ".join(m.value for m in page.markdown).split())
    assert "A week with no workout logged" in text
    # Under the filters, a note names those weeks: why the charts show "(no data)".
    captions = [c.value.replace("\\", "") for c in page.caption]
    assert data["gap_weeks_note"] is not None
    last_week = captions.index("Last week: the week of 16 Feb 2026 (no data)")
    assert captions.index(data["gap_weeks_note"]) < last_week  # above the headline's tiles
    # Two of the skippers' 4 weeks held nothing: the list says so.
    captions = [c.value.replace("\\", "") for c in page.caption]
    assert data["skippers_note"] is not None and data["skippers_note"] in captions
    # With 1 week, the last, nothing is logged in it: nobody to list, not "every member trained".
    page.number_input(key="legs:skipper_weeks").set_value(1).run()
    infos = [i.value.replace("\\", "") for i in page.info]
    assert any(i.startswith("Nothing was logged at Main in the 1 week up to") for i in infos)
    assert not any("every active member" in i for i in infos)


def test_empty_moves_charts_name_the_weeks_with_nothing_logged(
    page: AppTest, gym_log: GymLog
) -> None:
    """To 22 March, every move compares a 4-week window holding 9 or 16 February, with nothing
    logged at Main: the empty charts say so, not only that nobody was active in two windows."""
    two_weeks_missing(gym_log)
    page.run()
    page.selectbox(key="legs:location").set_value("Main").run()
    page.date_input(key="legs:range").set_value((date(2026, 3, 2), date(2026, 3, 22))).run()
    assert not page.exception
    notices = [i.value.replace("\\", "") for i in page.info]  # escaped as Markdown
    # Those weeks are why there are no moves, not that nobody was active in two windows.
    why = (
        " in this range: nothing was logged at Main in the weeks of 09 Feb 2026 and 16 Feb 2026,"
        " and every move in it compares a 4-week window holding them."
    )
    assert "No leg class moves" + why in notices
    assert "No machine-only members' moves" + why in notices
