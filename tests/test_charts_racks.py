"""The racks planner chart speaks in the unit of the chosen wait target."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import pytest

from legdash.capacity import Target
from legdash.charts import OKABE_ITO
from legdash.charts import racks as charts

PLANNER = pd.DataFrame(
    {
        "racks": [1, 2, 3],
        "open_hours": [10, 10, 10],
        "hours_meeting_target": [6, 9, 10],
        "hours_over_capacity": [2, 0, 0],
        "share_hours_meeting_target": [0.6, 0.9, 1.0],
        "members_waiting_share": [0.5, 0.2, 0.05],
        "mean_wait_minutes": [None, 0.8, 0.02],
    }
)


def texts(spec: Any) -> list[str]:
    """Every title, label and measure name in a chart spec and its data, at any depth."""
    found: list[str] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "label", "measure") and isinstance(value, str):
                found.append(value)
            found += texts(value)
    elif isinstance(spec, list):
        for value in spec:
            found += texts(value)
    return found


def test_share_target_plots_shares() -> None:
    spec = charts.planner_chart(PLANNER, 2, Target("share", 0.1)).to_dict()
    shown = texts(spec)
    assert "Share (%)" in shown and "target 10%" in shown
    assert not any("min" in t for t in shown)


def test_share_target_line_says_the_target_unrounded() -> None:
    spec = charts.planner_chart(PLANNER, 2, Target("share", 0.125)).to_dict()
    assert "target 12.5%" in texts(spec)


def target_label(chart: alt.LayerChart) -> dict[str, Any]:
    """The planner's target label: the text mark placed at the plot's right edge."""
    [label] = [
        unit["mark"]
        for unit in layers(chart.to_dict())
        if isinstance(unit["mark"], dict)
        and unit["mark"]["type"] == "text"
        and unit["encoding"].get("x", {}).get("value") == "width"
    ]
    return label


@pytest.mark.parametrize("target", [Target("share", 0.1), Target("minutes", 2.0)])
def test_target_is_labelled_at_the_right_end_clear_of_the_rising_lines(target: Target) -> None:
    """Both lines start at one rack, where the waits are longest and the open hours meeting the
    target fewest: a label at the left end sat on them. At the right the waits have fallen
    below the target."""
    assert target_label(charts.planner_chart(PLANNER, 2, target))["align"] == "right"


@pytest.mark.parametrize("share, below", [(0.1, False), (0.5, False), (0.96, True)])
def test_a_high_share_targets_label_sits_under_its_rule(share: float, below: bool) -> None:
    """The open hours meeting the target run at about 100% on the right: a 96% target's label
    above its rule was struck through by that line."""
    label = target_label(charts.planner_chart(PLANNER, 2, Target("share", share)))
    assert (label["dy"] > 0) is below


def test_minutes_target_plots_minutes() -> None:
    spec = charts.planner_chart(PLANNER, 2, Target("minutes", 0.5)).to_dict()
    shown = texts(spec)
    assert "Mean wait (minutes)" in shown and "target 0.5 min" in shown
    assert "Members who wait" not in shown
    assert "target 10%" not in shown


def test_racks_needed_legend_ticks_whole_racks() -> None:
    queue = pd.DataFrame(
        {
            "weekday": ["Monday", "Monday"],
            "hour": [17, 18],
            "slot": ["Monday 17:00-18:00", "Monday 18:00-19:00"],
            "racks_needed": [0, 1],
            "status": ["fine", "fine"],
        }
    )
    legend = charts.racks_needed_heatmap(queue).to_dict()["layer"][0]["encoding"]["color"]["legend"]
    assert legend == {
        "format": "d",
        "tickMinStep": 1,
        "orient": "bottom",
        "direction": "horizontal",
    }


def test_heatmap_cells_keep_their_text_only_where_it_fits() -> None:
    """On a tablet the hours are too narrow for "12%": the text goes rather than overlap, the
    legend sits below rather than take the hours' width, and each weekday keeps its row height."""
    hours = range(6, 22)
    queue = pd.DataFrame(
        {
            "weekday": "Monday",
            "hour": list(hours),
            "slot": [f"Monday {h}:00" for h in hours],
            "busy_share": 0.125,
            "all_busy_share": 0.0,
            "days": 4,
            "equipment_type": "squat_rack",
        }
    )
    spec = charts.utilisation_heatmap(queue, 2).to_dict()
    cells, text = spec["layer"]
    # 16 hours, "12%" is 3 characters: a cell needs 3 * 6.5 + 6 px
    assert text["mark"]["opacity"] == {"expr": "width / 16 >= 25.5 ? 1 : 0"}
    assert cells["encoding"]["color"]["legend"]["orient"] == "bottom"
    assert spec["height"] == {"step": charts.ROW_STEP_PX}


UTILISATION = pd.DataFrame(
    {
        "weekday": "Monday",
        "hour": [18, 19],
        "slot": ["Monday 18:00-19:00", "Monday 19:00-20:00"],
        "busy_share": [0.6, 0.3],
        "all_busy_share": [0.6, 0.3],
        "days": 4,
        "equipment_type": "leg_press",
    }
)


def shares_told(spec: dict[str, Any]) -> tuple[str, list[str]]:
    """A utilisation heatmap's legend title and the titles of its tooltip's shares."""
    cells = spec["layer"][0]["encoding"]
    tooltips = [t["title"] for t in cells["tooltip"] if t["title"] not in ("Hour", "Days counted")]
    return cells["color"]["title"], tooltips


@pytest.mark.parametrize("measure", ["busy_share", "all_busy_share"])
def test_a_single_units_heatmap_tells_its_share_of_time_busy(measure: str) -> None:
    """With one unit both measures are its share of time busy: no "units" or "all" it does not
    have in the legend, and one share in the tooltip."""
    spec = charts.utilisation_heatmap(UTILISATION, 1, measure).to_dict()
    assert shares_told(spec) == ("Busy (share of time)", ["Busy (share of time)"])


@pytest.mark.parametrize(
    "measure, legend",
    [("busy_share", "Units busy (mean)"), ("all_busy_share", "All busy (share of time)")],
)
def test_several_units_heatmap_tells_both_shares(measure: str, legend: str) -> None:
    spec = charts.utilisation_heatmap(UTILISATION, 2, measure).to_dict()
    assert shares_told(spec) == (legend, ["Units busy (mean)", "All busy (share of time)"])


def tooltip_rows(spec: dict[str, Any], field: str) -> list[str]:
    """What a chart's tooltips show for `field` (a `...:N` text column), row by row, or the Vega
    format they would apply to a number."""
    shown = [t for layer in layers(spec) for t in layer.get("encoding", {}).get("tooltip", [])]
    told = next(t for t in shown if t["field"].startswith(field))
    if "format" in told:
        return [told["format"]]
    rows = [row for rows in spec["datasets"].values() for row in rows if told["field"] in row]
    return [row[told["field"]] for row in rows]


def test_tooltips_tell_a_share_above_0_as_the_page_does() -> None:
    """ "<0.1%" for a share above 0 that Vega's ".0%" told "0%" beside a cell of the same hour,
    and every share in pct's words (a tenth below 10%)."""
    tiny = UTILISATION.assign(busy_share=[0.00003, 0.034], all_busy_share=[0.00001, 0.0])
    spec = charts.utilisation_heatmap(tiny, 2).to_dict()
    assert tooltip_rows(spec, "busy_share") == ["<0.1%", "3.4%"]
    assert tooltip_rows(spec, "all_busy_share") == ["<0.1%", "0%"]
    planner = PLANNER.assign(members_waiting_share=[0.5, 0.2, 0.00002])
    spec = charts.planner_chart(planner, 2, Target("share", 0.1)).to_dict()
    assert tooltip_rows(spec, "share")[2] == "<0.1%"


@pytest.mark.parametrize(
    "days, data_days, labels",
    [
        # the range runs from Friday 13 to Monday 23 November
        ([3, 7, 1], [3, 7, 1], ["09 Nov (3 days of data)", "16 Nov", "23 Nov (1 day of data)"]),
        # the whole weeks are in the range; the data starts on a Thursday, stops on a Tuesday
        ([7, 7, 7], [4, 7, 2], ["09 Nov (4 days of data)", "16 Nov", "23 Nov (2 days of data)"]),
        # the range reaches a week past the data
        ([7, 7, 7], [7, 7, 0], ["09 Nov", "16 Nov", "23 Nov (no data)"]),
    ],
)
def test_a_part_week_says_its_days_of_data(
    days: list[int], data_days: list[int], labels: list[str]
) -> None:
    weekly = pd.DataFrame(
        {
            "week": ["2026-11-09", "2026-11-16", "2026-11-23"],
            "days": days,
            "rack_hours": [5.0, 12.0, 1.0],
            "rack_users": [3, 8, 1],
            "data_days": data_days,
        }
    )
    chart = charts.weekly_trend(weekly).to_dict()
    assert [row["week_label"] for row in next(iter(chart["datasets"].values()))] == labels
    assert chart["layer"][0]["encoding"]["x"]["sort"] == labels
    classes = pd.DataFrame(
        {
            "week": weekly["week"].repeat(3),
            "equipment_class": ["free_weight", "machine", "other"] * 3,
            "equipment": ["Free weights", "Machines", "Other"] * 3,
            "sets": 1,
            "share": 1 / 3,
            "data_days": weekly["data_days"].repeat(3),
        }
    )
    assert charts.class_trend(classes).to_dict()["encoding"]["x"]["sort"] == labels


@pytest.mark.parametrize("target", [Target("minutes", 0.5), Target("share", 0.1)])
def test_number_axis_labels_sit_on_their_gridlines(target: Target) -> None:
    """As on Leg training (charts.themed): Streamlit's theme flushes an axis's end labels inside
    the plot, so the planner's "0%" and the first rack's "1" sat off their gridlines."""
    weekly = pd.DataFrame(
        {"week": ["2026-11-09"], "days": [7], "rack_hours": [5.0], "rack_users": [3]}
    ).assign(data_days=7)
    for chart in (charts.planner_chart(PLANNER, 2, target), charts.weekly_trend(weekly)):
        assert chart.to_dict()["config"]["axisQuantitative"]["labelFlush"] is False


def test_leg_set_classes_without_sets_stay_out_of_the_legend() -> None:
    classes = pd.DataFrame(
        {
            "week": ["2026-11-09"] * 3 + ["2026-11-16"] * 3,
            "equipment_class": ["free_weight", "machine", "other"] * 2,
            "equipment": ["Free weights", "Machines", "Other"] * 2,
            "sets": [0, 4, 0, 0, 6, 0],
            "share": [0.0, 1.0, 0.0, 0.0, 1.0, 0.0],
            "data_days": 7,
        }
    )
    spec = charts.class_trend(classes).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale == {"domain": ["Machines"], "range": [OKABE_ITO[1]]}
    shown = {row["equipment"] for row in next(iter(spec["datasets"].values()))}
    assert shown == {"Machines"}


def layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every unit layer of a (nested) layer chart."""
    if "layer" not in spec:
        return [spec]
    return [unit for layer in spec["layer"] for unit in layers(layer)]


def test_minutes_planner_marks_waits_off_the_scale() -> None:
    """One rack: every hour over capacity (no mean); two racks: a 58-minute wait far above the
    axis. Both get a marker and words at the top instead of a line leaving the plot."""
    planner = PLANNER.assign(mean_wait_minutes=[None, 58.0, 0.5])
    spec = charts.planner_chart(planner, 3, Target("minutes", 1.0)).to_dict()
    marked = [row for rows in spec["datasets"].values() for row in rows if "wait" in row]
    assert {row["racks"]: row["wait"] for row in marked} == {1: "2 h over capacity", 2: "58 min"}
    assert any(unit["mark"].get("shape") == "triangle-up" for unit in layers(spec))


def test_off_scale_waits_are_told_above_the_plot_where_no_line_runs() -> None:
    """At the top of the wait axis the open-hours line (90-100% with 3 racks and more) ran
    through "1 h over capacity": the markers and words sit above the plot, in rows clear of each
    other, and the chart grows by their room so the plot keeps its height."""
    planner = pd.DataFrame(
        {
            "racks": range(1, 8),
            "open_hours": 104,
            "hours_meeting_target": [22, 71, 89, 99, 103, 104, 104],
            "hours_over_capacity": [25, 11, 1, 0, 0, 0, 0],
            "share_hours_meeting_target": [0.21, 0.68, 0.86, 0.95, 0.99, 1.0, 1.0],
            "members_waiting_share": [0.83, 0.57, 0.32, 0.16, 0.07, 0.03, 0.01],
            "mean_wait_minutes": [None, None, None, 9.6, 0.7, 0.2, 0.05],
        }
    )
    spec = charts.planner_chart(planner, 3, Target("minutes", 3.0)).to_dict()
    off = [
        unit
        for unit in layers(spec)
        if any(
            t.get("title") == "Mean wait (off the scale)"
            for t in unit.get("encoding", {}).get("tooltip", [])
        )
    ]
    assert {unit["mark"]["type"] for unit in off} == {"point", "text"}
    for unit in off:
        assert "y" not in unit["encoding"]  # not on the wait axis, which the lines share
    marker = next(unit["mark"] for unit in off if unit["mark"]["type"] == "point")
    words = next(unit["mark"] for unit in off if unit["mark"]["type"] == "text")
    assert marker["y"] < 0 and words["y"] == {"expr": "datum.top"}
    rows = [row for rows in spec["datasets"].values() for row in rows if "wait" in row]
    assert [row["label"] for row in rows] == [
        "25 h over\ncapacity",
        "11 h over\ncapacity",
        "1 h over\ncapacity",
    ]
    # Above the marker; on a tablet 1 and 2, 2 and 3 racks are closer than the words are wide.
    assert [row["top"] for row in rows] == [-44, -72, -44]
    assert spec["height"] == charts.PLANNER_HEIGHT + 72


def test_planner_titles_fit_and_now_is_on_the_axis() -> None:
    for target in (Target("minutes", 0.5), Target("share", 0.1)):
        spec = charts.planner_chart(PLANNER, 2, target).to_dict()
        assert "now: 2" not in str(spec)  # a label inside the plot sat on a data point
        axes = [
            unit["encoding"]["x"].get("axis", {})
            for unit in layers(spec)
            if "x" in unit.get("encoding", {})
        ]
        assert any("(now)" in axis.get("labelExpr", "") for axis in axes)
    minutes = charts.planner_chart(PLANNER, 2, Target("minutes", 0.5)).to_dict()
    titles = [unit["encoding"].get("y", {}).get("title") for unit in layers(minutes)]
    assert ["Open hours meeting", "the target (%)"] in titles


def test_right_hand_axis_titles_and_edge_points_keep_room_inside_the_chart() -> None:
    """Streamlit pads a chart at the bottom only: without room of its own on the other sides the
    rack users' axis title (right) and the planner's points at the last rack count were cut."""
    weekly = pd.DataFrame(
        {
            "week": ["2026-11-09", "2026-11-16"],
            "days": [7, 7],
            "rack_hours": [5.0, 12.0],
            "rack_users": [3, 8],
            "data_days": [7, 7],
        }
    )
    specs = [
        charts.weekly_trend(weekly).to_dict(),
        charts.planner_chart(PLANNER, 2, Target("minutes", 0.5)).to_dict(),
        charts.planner_chart(PLANNER, 2, Target("share", 0.1)).to_dict(),
    ]
    for spec in specs:
        padding = spec["padding"]
        assert padding["right"] >= 8 and padding["top"] >= 6 and padding["left"] > 0
        assert "bottom" not in padding  # Streamlit's own room under the chart stays


def y_axes(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The y encoding with an axis of each field."""
    encodings = [unit.get("encoding", {}).get("y", {}) for unit in layers(spec)]
    return {y["field"]: y for y in encodings if "axis" in y}


def test_rack_use_axes_run_to_a_labelled_tick_and_meet_the_same_gridlines() -> None:
    """On a gym built from the sample exports a 4.4 h week rose above the top label "4" and 11
    users above "10", and the users' ticks floated between the hours' gridlines: each axis now
    ends on a labelled tick at or above its highest week, with as many ticks as the other."""
    weekly = pd.DataFrame(
        {
            "week": ["2025-09-08", "2025-09-15", "2025-09-22", "2025-09-29"],
            "days": 7,
            "rack_hours": [4.07, 4.15, 3.02, 4.4],
            "rack_users": pd.array([11, 11, 9, 9], dtype="Int64"),
            "data_days": 7,
        }
    )
    axes = y_axes(charts.weekly_trend(weekly).to_dict())
    hours, users = axes["rack_hours"], axes["rack_users"]
    assert hours["axis"]["values"] == [0, 1, 2, 3, 4, 5, 6]
    assert users["axis"]["values"] == [0, 2, 4, 6, 8, 10, 12]
    for axis in (hours, users):
        assert axis["scale"] == {"domain": [0, axis["axis"]["values"][-1]], "nice": False}
    assert users["axis"]["grid"] is False  # its ticks are on the hours' gridlines
    assert hours["axis"]["tickCount"] == users["axis"]["tickCount"] == 7


def test_rack_hours_alone_run_to_a_labelled_tick() -> None:
    """Station logs that name no members: the bars alone, on the tick step that fits them."""
    weekly = pd.DataFrame(
        {
            "week": ["2025-09-08", "2025-09-15"],
            "days": 7,
            "rack_hours": [0.35, 0.1],
            "rack_users": pd.array([None, None], dtype="Int64"),
            "data_days": 7,
        }
    )
    hours = y_axes(charts.weekly_trend(weekly).to_dict())["rack_hours"]
    assert hours["axis"]["values"] == [0, 0.1, 0.2, 0.3, 0.4]
    assert hours["scale"]["domain"] == [0, 0.4]


@pytest.mark.parametrize("hours, users", [(0.0, 0), (None, None)])
def test_weeks_without_rack_use_read_on_an_axis_to_1_h_and_5_users(hours, users) -> None:
    """Weeks of no rack use (0 h, or unknown: no data) ran the axes to 0.8 h and 8 users: now to
    a whole hour and a few users, the same five gridlines for both."""
    weekly = pd.DataFrame(
        {
            "week": ["2025-09-08", "2025-09-15"],
            "days": 7,
            "rack_hours": [hours, hours],
            "rack_users": pd.array([users, 0], dtype="Int64"),
            "data_days": 7,
        }
    )
    axes = y_axes(charts.weekly_trend(weekly).to_dict())
    assert axes["rack_hours"]["axis"]["values"] == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert axes["rack_users"]["axis"]["values"] == [0, 1, 2, 3, 4, 5]


def test_minutes_planner_axes_meet_the_same_gridlines() -> None:
    """A 3 minute target ran the wait axis to 12 in steps of 2 beside the open hours' 0-100% in
    steps of 20%: six steps against five, so "80%" floated between "8" and "10". The wait axis now
    takes the share axis's five steps, ending on a labelled tick at or above its top (12)."""
    spec = charts.planner_chart(PLANNER, 2, Target("minutes", 3.0)).to_dict()
    axes = y_axes(spec)
    waits, hours = axes["mean_wait_minutes"], axes["share_hours_meeting_target"]
    assert waits["axis"]["values"] == [0, 2.5, 5, 7.5, 10, 12.5]
    assert waits["scale"] == {"domain": [0, 12.5], "nice": False}
    assert hours["axis"]["values"] == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert hours["axis"]["grid"] is False  # its ticks are on the waits' gridlines
    for axis in (waits, hours):  # Vega keeps every given tick only up to its tick count
        assert axis["axis"]["tickCount"] == 6
    assert waits["axis"]["format"] == ",.1~f"  # 2.5 and 12.5, not the tick count's "3" and "13"
