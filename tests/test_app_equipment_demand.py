from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from legdash import db, settings
from legdash.capacity import Target
from legdash.metrics import racks, racks_report
from legdash.metrics import racks_wording as wording
from legdash.metrics.racks_wording import pct
from legdash.reports import ReportArgs
from legdash.ui import escape_markdown
from tests.conftest import RACK_MIXED_WEEKS, SQUAT, RackFloor
from tests.conftest import RACK_WEEK as WEEK


@pytest.fixture
def page(app_page: Callable[..., AppTest]) -> AppTest:
    return app_page("pages/equipment_demand.py")


def report(path: Path, **options: Any) -> dict[str, Any]:
    with db.read(path) as con:
        return racks_report.build(con, ReportArgs(**options))


def shown(at: AppTest) -> dict[str, Any]:
    """The page's figures in the report's terms, read back from what it draws."""
    table = at.dataframe[0].value
    return {
        "tiles": {m.label: m.value for m in at.metric},
        "queue": table.to_dict("records"),
        "markdown": [m.value for m in at.markdown],
    }


def expected(data: dict[str, Any]) -> dict[str, Any]:
    """What the page must show for a report's data."""
    busy = sorted(
        (q for q in data["queue"] if q["sessions"]), key=lambda q: (-q["load"], q["dow"], q["hour"])
    )
    # The table's short hour and wait, told from the report's figures (a tablet-sized table).
    target = Target(data["target"]["kind"], data["target"]["value"])
    rows = [
        {
            "hour": wording.short_slot(q["slot"]),
            "arrivals_per_hour": q["arrivals_per_hour"],
            "mean_minutes": q["mean_minutes"],
            "load": q["load"],
            "wait": wording.wait_cell(
                q["over_capacity"], q["wait_probability"], q["mean_wait_minutes"], target
            ),
            "racks_needed": q["racks_needed"],
        }
        for q in busy
    ]
    if not data["racks"]:
        rows = [{c: v for c, v in row.items() if c != "wait"} for row in rows]
    busy_tile = "Squat rack busy" if data["racks"] == 1 else "All racks busy"  # one is that rack
    return {
        "tiles": {
            "Squat racks": str(data["racks"]),
            busy_tile: "-" if data["all_busy_share"] is None else pct(data["all_busy_share"]),
            "Who waits": "-"
            if data["members_waiting_share"] is None
            else pct(data["members_waiting_share"]),
            "Racks at peak": str(data["racks_needed"]),
        },
        "queue": rows,
        "planner": "\n".join(f"- {line}" for line in data["planner_sentences"]),
        # Without leg sets the section says no workout logs were imported, and nothing else.
        "substitution": data["substitution"]["sentence"]
        if data["substitution"] and any(c["sets"] for c in data["classes"])
        else None,
    }


def assert_same(at: AppTest, data: dict[str, Any]) -> None:
    assert not at.exception
    page, want = shown(at), expected(data)
    assert page["tiles"] == want["tiles"]
    assert page["queue"] == want["queue"]
    assert want["planner"] in page["markdown"]
    if want["substitution"]:
        assert want["substitution"] in page["markdown"]


def test_missing_database(page: AppTest) -> None:
    page.run()
    assert not page.exception
    assert "There is no database" in page.info[0].value


def test_empty_database_shows_an_empty_state(page: AppTest, db_file: Path) -> None:
    db.init(db_file)
    page.run()
    assert not page.exception
    assert page.info[0].value.startswith("No workouts or station sessions yet")
    assert not page.metric and not page.get("vega_lite_chart")


def test_door_counts_alone_are_explained(page: AppTest, rack_floor: RackFloor) -> None:
    rack_floor.door("2026-03-02 18:00", 23)
    rack_floor.door("2026-03-02 19:00", 31)
    rack_floor.save()
    page.run()
    assert not page.exception
    notice = page.info[0].value
    assert "2 door counts and nothing else" in notice
    assert "door counts give coverage" in notice and "workout logs or station logs" in notice
    help_text = " ".join(m.value for m in page.markdown)
    assert "Import workout logs or station logs from the command line" in help_text
    assert not page.metric


def test_range_without_data_names_the_data_span(page: AppTest, rack_floor: RackFloor) -> None:
    rack_floor.stations_week()
    page.run()
    page.date_input[0].set_value((date(2026, 4, 6), date(2026, 4, 12))).run()
    assert not page.exception
    assert "runs from 02 Mar 2026 to 03 Mar 2026" in page.info[0].value
    assert not page.get("vega_lite_chart") and not page.metric
    # Nothing to scale: the coverage field offers no 100%, as the report's null says.
    cover = page.number_input[0]
    assert (cover.disabled, cover.value, cover.placeholder) == (True, None, "Does not apply")


def test_half_picked_range_waits(page: AppTest, rack_floor: RackFloor) -> None:
    rack_floor.stations_week()
    page.run()
    page.date_input[0].set_value((date(2026, 3, 2),)).run()
    assert not page.exception
    assert "Pick the end date of the range too" in page.info[0].value
    assert not page.get("vega_lite_chart")


def test_defaults_equal_the_report_defaults(page: AppTest, rack_floor: RackFloor) -> None:
    today = date.today()
    monday = today - timedelta(days=today.weekday(), weeks=3)
    rack_floor.units("squat_rack", 1)
    for day in (monday, monday + timedelta(days=7)):
        rack_floor.session("Rack 1", "squat_rack", f"{day} 18:00", f"{day} 18:45", "M1")
        rack_floor.session("Rack 1", "squat_rack", f"{day} 18:45", f"{day} 19:30", "M2")
    path = rack_floor.save()
    with db.read(path) as con:
        first, last = racks.default_range(con)
    # The data's last week holds its Monday only: the page opens on the week before it.
    assert last == monday + timedelta(days=6)
    page.run()
    assert page.date_input[0].value == (first, last)
    assert page.selectbox[0].value == "Main"
    assert page.number_input[0].value is None  # station logs only: coverage does not apply
    assert_same(page, report(path))
    assert len(page.get("vega_lite_chart")) == 5  # station logs only: no leg-set chart
    assert len(page.get("download_button")) == 5


def test_station_week(page: AppTest, rack_floor: RackFloor) -> None:
    path = rack_floor.stations_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    data = report(path, start=WEEK[0], end=WEEK[1])
    assert_same(page, data)
    assert page.metric[0].value == "2" and page.metric[3].value == "5"
    assert page.number_input[0].disabled  # station logs count everyone
    assert [t.label for t in page.tabs] == ["Squat rack", "Leg press"]


def test_equipment_without_station_logs_is_named(page: AppTest, rack_floor: RackFloor) -> None:
    """A leg press and benches in the inventory, set logs alone: only the racks have a tab, and
    the page says why the others have none."""
    rack_floor.units("leg_press", 1)
    rack_floor.units("bench", 3)
    rack_floor.sets_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    assert [t.label for t in page.tabs] == ["Squat rack"]
    assert (
        "Leg press (1 unit) and Bench (3 units) in the inventory have no heatmap: no station logs "
        "of them in this range, and set logs do not say when equipment other than squat racks "
        "is in use."
    ) in [c.value for c in page.caption]


def test_busy_hours_in_words_follow_the_tab_and_the_measure(
    page: AppTest, rack_floor: RackFloor
) -> None:
    """Each heatmap has its own busiest hours, in the measure it shows: the racks' share of time
    all busy was written under every tab and beside the mean share busy."""
    path = rack_floor.stations_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    data = report(path, start=WEEK[0], end=WEEK[1])
    frame = pd.DataFrame(data["utilisation"])

    def under_tabs() -> list[list[str]]:
        return [[m.value for m in tab.markdown] for tab in page.tabs]

    def said(kind: str, measure: str) -> list[str]:
        lines = wording.peak_sentences(frame, data["units"][kind], kind, measure)
        return ["\n".join(f"- {escape_markdown(line)}" for line in lines)]

    assert under_tabs() == [said("squat_rack", "busy_share"), said("leg_press", "busy_share")]
    assert said("squat_rack", "busy_share")[0].startswith("- On Monday 18\\:00\\-19\\:00, ")
    page.radio[0].set_value("all_busy_share").run()
    assert under_tabs() == [
        said("squat_rack", "all_busy_share"),
        said("leg_press", "all_busy_share"),
    ]
    assert "- All racks were busy 50% of Monday 18\\:00\\-19\\:00\\." in under_tabs()[0][0]
    # The floor's one leg press is told as that unit, not as a share of units.
    assert under_tabs()[1] == ["- The leg press was busy 50% of Monday 18\\:00\\-19\\:00\\."]


def test_waiting_table_reads_on_a_tablet(page: AppTest, rack_floor: RackFloor) -> None:
    """Short headers and cells, so the table fits beside the menu on a tablet without scrolling
    sideways; what they stand for is in the column help."""
    rack_floor.stations_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    table = page.dataframe[0]
    rows = table.value.to_dict("records")
    assert [(r["hour"], r["wait"]) for r in rows] == [
        ("Mon 18:00-19:00", "over capacity"),
        ("Tue 07:00-08:00", "10%, 2.0 min"),
    ]
    assert max(len(str(v)) for v in table.value.to_numpy().ravel()) <= len("Wed 17:00-18:00")
    columns = json.loads(table.proto.columns)
    labels = [c["label"] for name, c in columns.items() if not name.startswith("_")]
    assert labels == ["Hour", "Arrivals", "Session", "Busy", "With 2 racks", "Needed"]
    assert (
        "Over capacity: members arrive faster than the racks free up" in (columns["wait"]["help"])
    )


def test_every_rack_taken_for_a_moment_reads_under_a_tenth(
    page: AppTest, rack_floor: RackFloor
) -> None:
    """Three racks and one logged squat at 50% coverage: every rack taken for a moment is no 0%
    beside "<0.1%" who wait, in the tile, the table and the report alike."""
    rack_floor.units("squat_rack", 3)
    rack_floor.workout(1, "M1", ("2026-03-02 18:00", SQUAT))
    path = rack_floor.save()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    page.number_input[0].set_value(50).run()
    tiles = {m.label: m.value for m in page.metric}
    assert (tiles["All racks busy"], tiles["Who waits"]) == ("<0.1%", "<0.1%")
    assert_same(page, report(path, start=WEEK[0], end=WEEK[1], coverage=50))


def test_coverage_and_target_filters(page: AppTest, rack_floor: RackFloor) -> None:
    path = rack_floor.sets_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    assert_same(page, report(path, start=WEEK[0], end=WEEK[1]))
    assert any("members who log workouts only" in c.value for c in page.caption)
    page.number_input[0].set_value(50).run()
    assert any("divided by a coverage of 50%" in c.value for c in page.caption)
    assert_same(page, report(path, start=WEEK[0], end=WEEK[1], coverage=50))
    page.number_input[1].set_value(40).run()
    assert_same(page, report(path, start=WEEK[0], end=WEEK[1], coverage=50, max_wait_share=40))
    page.selectbox[1].select("Mean wait (minutes)").run()
    page.number_input[1].set_value(2.5).run()
    data = report(path, start=WEEK[0], end=WEEK[1], coverage=50, max_wait_minutes=2.5)
    assert_same(page, data)
    assert "Target: the mean wait for a rack is at most 2.5 minutes." in [
        c.value for c in page.caption
    ]


def test_location_filter(page: AppTest, rack_floor: RackFloor) -> None:
    path = rack_floor.sets_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    assert page.selectbox[0].options == ["Main", "Annex"]
    assert not page.info
    page.selectbox[0].select("Annex").run()
    assert_same(page, report(path, start=WEEK[0], end=WEEK[1], location="Annex"))


def test_default_range_follows_the_picked_location(page: AppTest, rack_floor: RackFloor) -> None:
    """Main logs from 7 September, North from Thursday 1 October: picking North moves a range
    still on its default to North's weeks (the report's for --location North); a range picked by
    hand stays."""
    path = rack_floor.north_opens_mid_week()
    page.run()
    assert page.date_input(key="racks:range").value == (date(2026, 9, 7), date(2026, 10, 25))
    page.selectbox(key="racks:location").set_value("North").run()
    assert not page.exception
    north = report(path, location="North")
    assert page.date_input(key="racks:range").value == (date(2026, 10, 5), date(2026, 10, 25))
    assert (north["start"], north["end"]) == ("2026-10-05", "2026-10-25")
    assert_same(page, north)
    picked = (date(2026, 10, 12), date(2026, 10, 25))
    page.date_input(key="racks:range").set_value(picked).run()
    page.selectbox(key="racks:location").set_value("Main").run()
    assert page.date_input(key="racks:range").value == picked


def week_axes(at: AppTest) -> list[list[str]]:
    """Each chart by week's week labels, in order, as its x axis shows them."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    axes = []
    for spec in specs:
        for layer in [spec, *spec.get("layer", [])]:
            x = layer.get("encoding", {}).get("x", {})
            if x.get("field") == "week_label":
                axes.append(x["sort"])
                break
    return axes


def test_leg_sets_mark_the_weeks_as_leg_training_does(page: AppTest, rack_floor: RackFloor) -> None:
    """North's set logs start on Thursday 15 October, its rack sensors on 1 October: the leg
    sets chart marks 12 October's 4 days and the weeks before as without data (as Leg training
    does), the rack use chart the sensors' weeks."""
    rack_floor.north_opens_mid_week()
    page.run()
    page.selectbox(key="racks:location").set_value("North").run()
    page.date_input(key="racks:range").set_value((date(2026, 9, 28), date(2026, 10, 25))).run()
    assert not page.exception
    assert week_axes(page) == [
        ["28 Sep (no data)", "05 Oct (no data)", "12 Oct (4 days of data)", "19 Oct"],
        ["28 Sep (4 days of data)", "05 Oct", "12 Oct", "19 Oct"],
    ]


def test_location_without_racks(page: AppTest, rack_floor: RackFloor) -> None:
    """No racks in the inventory: waiting is not applicable, one note says why, racks needed
    stays."""
    rack_floor.sets_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    page.selectbox[0].select("Annex").run()
    assert not page.exception
    assert [i.value for i in page.info] == [
        escape_markdown(
            "There are no squat racks in the inventory for Annex: add them on the Settings page "
            "to see how busy they are and who waits. Racks needed shows how many the demand calls "
            "for."
        )
    ]
    tiles = {m.label: m for m in page.metric}
    assert [tiles[k].value for k in ("Squat racks", "All racks busy", "Who waits")] == [
        "0",
        "-",
        "-",
    ]
    assert tiles["Racks at peak"].value == "1"
    for label in ("All racks busy", "Who waits"):
        assert "no squat racks in the inventory for this location" in tiles[label].help
        assert "Settings page" in tiles[label].help
    planner = next(m.value for m in page.markdown if "meets the target" in m.value)
    assert planner.startswith("- 1 squat rack meets the target") and "over capacity" not in planner
    assert "over capacity" not in " ".join(
        str(v) for v in page.dataframe[0].value.to_numpy().ravel()
    )
    assert not any("no squat racks at Annex" in c.value for c in page.caption)


def test_racks_tile_says_the_stations_in_use_may_outnumber_the_inventory(
    page: AppTest, rack_floor: RackFloor
) -> None:
    """Station logs name 2 racks, the inventory lists 1: the tile counts 2, and its help said
    "In the inventory", a figure the owner had not set."""
    path = rack_floor.stations_week()
    with db.write(path) as con:
        settings.set_value(con, "inventory.squat_rack", "1")
    page.run()
    page.date_input[0].set_value(WEEK).run()
    tile = next(m for m in page.metric if m.label == "Squat racks")
    assert tile.value == "2"
    assert tile.help == (
        "In the inventory (Settings page), or the rack stations the station logs name where they"
        " name more: a note above says so"
    )


def test_unit_counts_in_words(page: AppTest, rack_floor: RackFloor) -> None:
    rack_floor.stations_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    captions = [c.value for c in page.caption]
    assert "2 units; opening hours only" in captions and "1 unit; opening hours only" in captions


def test_minutes_target_planner_in_minutes(page: AppTest, rack_floor: RackFloor) -> None:
    path = rack_floor.stations_week()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    page.selectbox[1].select("Mean wait (minutes)").run()
    page.number_input[1].set_value(0.5).run()
    data = report(path, start=WEEK[0], end=WEEK[1], max_wait_minutes=0.5)
    assert_same(page, data)
    planner = next(m.value for m in page.markdown if "squat racks meet the target" in m.value)
    assert "min on average" in planner and "of members wait" not in planner
    assert "Target: the mean wait for a rack is at most 0.5 minutes." in [
        c.value for c in page.caption
    ]


def test_one_rack_is_told_as_that_rack(page: AppTest, rack_floor: RackFloor) -> None:
    """With one rack (and one leg press) "every rack", "all racks" and "today's racks" count
    racks the floor does not have; and both measures of a single unit are its share of time
    busy, so there is no measure to pick."""
    path = rack_floor.mixed_weeks()
    page.run()
    page.date_input[0].set_value(RACK_MIXED_WEEKS).run()
    data = report(path, start=RACK_MIXED_WEEKS[0], end=RACK_MIXED_WEEKS[1])
    assert_same(page, data)
    tiles = {m.label: m for m in page.metric}
    assert "All racks busy" not in tiles
    assert tiles["Squat rack busy"].help == "Share of opening hours with the squat rack taken"
    assert tiles["Who waits"].help.startswith(
        "Share of members who find the squat rack taken: an Erlang C estimate with today's rack,"
    )
    assert tiles["Racks at peak"].help.endswith("how many hours today's rack misses.")
    assert "the share of members who find the rack taken" in " ".join(c.value for c in page.caption)
    assert not page.radio
    legends = [
        layer["encoding"]["color"]["title"]
        for chart in page.get("vega_lite_chart")[:2]
        for layer in json.loads(chart.proto.spec)["layer"][:1]
    ]
    assert legends == ["Busy (share of time)", "Busy (share of time)"]


def test_measure_switch_and_method(page: AppTest, rack_floor: RackFloor) -> None:
    rack_floor.workout(1, "M1", ("2026-03-02 18:00", SQUAT))
    rack_floor.units("squat_rack", 2)
    rack_floor.save()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    page.radio(key="racks:measure").set_value("all_busy_share").run()
    assert not page.exception
    assert "Erlang C" in page.expander[0].markdown[0].value


def test_station_logs_only_draw_no_empty_leg_set_chart(
    page: AppTest, rack_floor: RackFloor
) -> None:
    rack_floor.units("squat_rack", 2)
    rack_floor.session("Rack 1", "squat_rack", "2026-03-02 18:00", "2026-03-02 19:00", "M1")
    rack_floor.session("Rack 2", "squat_rack", "2026-03-03 18:00", "2026-03-03 18:45", "M2")
    rack_floor.save()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    assert not page.exception
    assert "No workout logs with leg sets were imported for this range" in " ".join(
        i.value for i in page.info
    )
    charts = page.get("vega_lite_chart")
    # Utilisation, waiting, planner, racks needed and rack use: no blank leg-set chart.
    assert len(charts) == 5


def test_mixed_range_says_which_days_came_from_which(page: AppTest, rack_floor: RackFloor) -> None:
    path = rack_floor.mixed_weeks()
    page.run()
    page.date_input[0].set_value(RACK_MIXED_WEEKS).run()
    assert_same(page, report(path, start=RACK_MIXED_WEEKS[0], end=RACK_MIXED_WEEKS[1]))
    captions = [c.value for c in page.caption]
    assert (
        "Demand from station logs on 1 day, set logs (estimated) on 2 days. The hour-by-hour "
        "figures are for opening hours only; leg sets and rack use by week count every set and "
        "session." in captions
    )
    assert any("coverage applies to the 2 set\\-log days only" in c for c in captions)
    cover = page.number_input[0]
    assert not cover.disabled and "applies to the set-log days only" in cover.help
    cover.set_value(50).run()
    data = report(path, start=RACK_MIXED_WEEKS[0], end=RACK_MIXED_WEEKS[1], coverage=50)
    assert_same(page, data)


def test_filters_survive_a_visit_to_another_page(
    app_page: Callable[..., AppTest], rack_floor: RackFloor
) -> None:
    """Streamlit forgets a widget's value while its page is not shown: the filters must not."""
    path = rack_floor.sets_week()
    at = app_page("app.py").run()
    at.switch_page("pages/equipment_demand.py").run()
    at.date_input[0].set_value(WEEK).run()
    at.number_input[0].set_value(35).run()
    at.selectbox[1].select("Mean wait (minutes)").run()
    at.number_input[1].set_value(2.5).run()
    at.radio(key="racks:measure").set_value("all_busy_share").run()
    at.switch_page("pages/leg_training.py").run()
    at.switch_page("pages/equipment_demand.py").run()
    assert not at.exception
    assert at.date_input[0].value == WEEK
    assert [n.value for n in at.number_input] == [35, 2.5]
    assert at.selectbox[1].value == "Mean wait (minutes)"
    assert at.radio(key="racks:measure").value == "all_busy_share"
    data = report(path, start=WEEK[0], end=WEEK[1], coverage=35, max_wait_minutes=2.5)
    assert_same(at, data)


def test_a_station_only_range_shows_no_coverage_typed_for_set_logs(
    page: AppTest, rack_floor: RackFloor
) -> None:
    """Coverage typed on a set-log week does not sit, disabled, beside a station-only range's
    tile, which says coverage does not apply."""
    rack_floor.mixed_weeks()
    page.run()
    page.date_input[0].set_value((date(2026, 3, 2), date(2026, 3, 8))).run()
    page.number_input[0].set_value(40).run()
    page.date_input[0].set_value((date(2026, 3, 9), date(2026, 3, 10))).run()
    assert not page.exception
    cover = page.number_input[0]
    assert (cover.disabled, cover.value) == (True, None)


def test_a_station_only_range_says_coverage_does_not_apply(
    page: AppTest, rack_floor: RackFloor
) -> None:
    """Station logs count everyone: the coverage field shows no 100% the owner never set and the
    figures do not use, and a note says that coverage does not apply, as the report does."""
    path = rack_floor.stations_week()
    rack_floor.door("2026-03-02 18:00", 4)
    rack_floor.save()
    page.run()
    page.date_input[0].set_value(WEEK).run()
    assert not page.exception
    note = "Station logs count every user, so coverage does not apply to this range."
    assert escape_markdown(note) in [c.value for c in page.caption]
    cover = page.number_input[0]
    assert (cover.disabled, cover.value, cover.placeholder) == (True, None, "Does not apply")
    assert report(path, start=WEEK[0], end=WEEK[1])["coverage"] is None


def test_equal_hours_stored_by_an_earlier_version_are_a_warning(
    page: AppTest, rack_floor: RackFloor
) -> None:
    """06:00-06:00 stored by an earlier version leaves Monday without open hours: a data problem
    that changes the figures, shown as a warning like the page's others, not a caption among the
    notes on method."""
    path = rack_floor.sets_week()
    with db.write(path) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('hours.mon', '06:00-06:00')")
    page.run()
    page.date_input[0].set_value(WEEK).run()
    assert not page.exception
    (problem,) = [n for n in report(path, start=WEEK[0], end=WEEK[1])["notes"] if "06:00" in n]
    assert [w.value for w in page.warning] == [escape_markdown(problem)]
    assert page.warning[0].icon == ":material/warning:"
    assert not [c.value for c in page.caption if "same time" in c.value]


def test_a_range_without_opening_hours_says_so(page: AppTest, rack_floor: RackFloor) -> None:
    """A weekend at a gym closed at weekends: the report's sentence, not "busy 0% of opening
    hours" and "0% of members wait"."""
    path = rack_floor.weekend({"sat": "closed", "sun": "closed"})
    weekend = (date(2026, 3, 7), date(2026, 3, 8))
    page.run()
    page.date_input[0].set_value(weekend).run()
    assert not page.exception
    data = report(path, start=weekend[0], end=weekend[1])
    assert data["empty"]
    assert page.info[0].value == escape_markdown(data["empty_sentence"])
    assert not page.metric and not page.get("vega_lite_chart")
    # Nothing to scale, as the report's null coverage says: no 100% offered for the set logs.
    cover = page.number_input[0]
    assert (cover.disabled, cover.value, cover.placeholder) == (True, None, "Does not apply")
