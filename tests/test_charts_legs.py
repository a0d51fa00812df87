"""Leg-training chart specs: what the reader sees in the legend, axes and data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import pytest

from legdash.charts import OKABE_ITO
from legdash.charts import legs as charts

WEEKS = pd.to_datetime(["2026-11-02", "2026-11-09", "2026-11-16"])


def colour_scale(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["encoding"]["color"]["scale"]


def test_equipment_share_legend_shows_only_classes_with_sets() -> None:
    frame = pd.DataFrame(
        {
            "week": WEEKS.repeat(3),
            "equipment_class": ["free_weight", "machine", "other"] * 3,
            "hard_sets": [6, 4, 0, 5, 5, 0, 0, 3, 0],
            "share": [0.6, 0.4, 0, 0.5, 0.5, 0, 0, 1, 0],
            "data_days": 7,
        }
    )
    spec = charts.equipment_share_chart(frame).to_dict()
    assert colour_scale(spec) == {
        "domain": ["Free weight", "Machine"],
        "range": [OKABE_ITO[0], OKABE_ITO[1]],
    }
    only_machines = charts.equipment_share_chart(frame[frame["equipment_class"] == "machine"])
    # A class keeps its colour when the one before it has no sets.
    assert colour_scale(only_machines.to_dict()) == {
        "domain": ["Machine"],
        "range": [OKABE_ITO[1]],
    }


def test_a_week_without_data_draws_no_bars() -> None:
    """A "(no data)" week's leg sets are unknown (null), not 0: the charts draw a gap there."""
    frame = pd.DataFrame(
        {
            "week": WEEKS.repeat(3),
            "equipment_class": ["free_weight", "machine", "other"] * 3,
            "hard_sets": pd.array([None] * 3 + [6, 4, 0, 5, 5, 0], dtype="Int64"),
            "share": [None] * 3 + [0.6, 0.4, 0, 0.5, 0.5, 0],
            "data_days": [0] * 3 + [7] * 6,
        }
    )
    spec = charts.equipment_share_chart(frame).to_dict()
    rows = next(iter(spec["datasets"].values()))
    gap = [r for r in rows if r["week_label"] == "02 Nov (no data)"]
    assert [(r["hard_sets"], r["share"]) for r in gap] == [(None, None)] * 2


def machine_only_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week": WEEKS,
            "machine_only": [0, 90, 88],
            "to_free_weight": [0, 1, 3],
            "to_free_squat": [0, 1, 3],
            "share_to_free_weight": [None, 0.0111, 0.0341],
            "share_to_free_squat": [None, 0.0111, 0.0341],
            "window_holds_gap": False,
            "data_days": 7,
        }
    )


def test_machine_only_axis_reads_small_shares() -> None:
    """Shares of 1-4% get ticks of their own, not a lone "0%" from quarter ticks; a short plot,
    so few of them."""
    spec = charts.machine_only_chart(machine_only_frame()).to_dict()
    y = spec["layer"][0]["encoding"]["y"]
    assert y["axis"]["values"] == [0, 0.01, 0.02, 0.03, 0.04]
    assert y["axis"]["format"] == ",.0~%"


@pytest.mark.parametrize("peak", [0.054, 0.058, 0.0341, 0.5, 1.0])
def test_machine_only_axis_runs_to_a_labelled_tick_above_the_highest_share(peak: float) -> None:
    """A peak of 5.4% rose above the top label, "5%": the scale's nice rounding let Vega pick
    ticks that stopped below it. The axis runs to a tick given at or above the peak, every tick
    drawn."""
    frame = machine_only_frame().assign(share_to_free_weight=[None, 0.0111, peak])
    y = charts.machine_only_chart(frame).to_dict()["layer"][0]["encoding"]["y"]
    ticks = y["axis"]["values"]
    assert ticks[0] == 0 and peak <= ticks[-1] < 2 * peak
    assert y["scale"] == {"domain": [0, ticks[-1]], "nice": False}
    assert y["axis"]["tickCount"] == len(ticks) <= 6


def test_machine_only_lines_differ_where_they_coincide() -> None:
    spec = charts.machine_only_chart(machine_only_frame()).to_dict()
    lines = spec["layer"][0]["encoding"]
    assert lines["strokeDash"]["scale"]["range"][0] != lines["strokeDash"]["scale"]["range"][1]
    assert lines["strokeWidth"]["scale"]["range"] == [6, 2]
    # The legend draws line symbols: no point shape merged into it.
    assert lines["color"]["legend"]["symbolType"] == "stroke"
    assert all("shape" not in layer.get("encoding", {}) for layer in spec["layer"])


def test_machine_only_legend_says_when_the_lines_coincide_every_week() -> None:
    """Every member who moved did free-weight squats: the dashed line lay on the solid one all
    along and was missed, so the legend says the squats line is the same and on top."""
    same = charts.machine_only_chart(machine_only_frame()).to_dict()
    legend = same["layer"][0]["encoding"]["color"]["legend"]
    assert "Free-weight squats (same share every week, on top)" in legend["labelExpr"]
    assert legend["labelLimit"] == 0  # the longer label is not cut to "Free-weight squ..."
    fewer = machine_only_frame().assign(
        to_free_squat=[0, 1, 2], share_to_free_squat=[None, 0.0111, 0.0227]
    )
    legend = charts.machine_only_chart(fewer).to_dict()["layer"][0]["encoding"]["color"]["legend"]
    assert "labelExpr" not in legend


def test_machine_only_words_agree_and_weeks_without_members_stay() -> None:
    chart = charts.machine_only_chart(machine_only_frame())
    spec = chart.to_dict()
    words = str(spec)
    assert "next 4 weeks" not in words
    tooltips = [t["title"] for t in spec["layer"][0]["encoding"]["tooltip"]]
    assert "Machine-only in the 4 weeks up to" in tooltips
    assert "Moved in the 4 weeks up to" in tooltips
    rows = next(iter(spec["datasets"].values()))
    # The first week has nobody machine-only: it stays on the axis as a gap.
    assert len({row["week"] for row in rows}) == 3
    assert "isValid" not in words


def patterns_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week": WEEKS,
            "squat": [5, 0, 4],
            "hinge": [2, 0, 1],
            "lunge": [0, 0, 0],
            "leg_machine": [3, 0, 2],
            "calf": [0, 0, 0],
            "upper_body_sets": [30, 12, 20],
            "leg_sets": [10, 0, 7],
            "skip_legs_ratio": [3.0, None, 20 / 7],
            "data_days": 7,
        }
    )


def test_skip_legs_ratio_lines_up_with_the_pattern_bars() -> None:
    """Same weeks at the same x: one band per week, the same room for the y axis, no legend
    beside either chart; a week without leg sets is a gap, not a dropped week."""
    frame = patterns_frame().assign(data_days=[4, 7, 1])
    bars = charts.pattern_sets_chart(frame).to_dict()
    ratio = charts.skip_legs_ratio_chart(frame).to_dict()
    assert bars["encoding"]["x"]["scale"] == ratio["encoding"]["x"]["scale"]
    assert ratio["encoding"]["x"]["bandPosition"] == 0.5
    for extent in ("minExtent", "maxExtent"):
        assert bars["encoding"]["y"]["axis"][extent] == ratio["encoding"]["y"]["axis"][extent]
    assert bars["encoding"]["color"]["legend"]["orient"] == "top"
    rows = next(iter(ratio["datasets"].values()))
    assert len(rows) == 3 and rows[1]["skip_legs_ratio"] is None
    # Both charts mark the same part-weeks, so their bands keep lining up.
    assert bars["encoding"]["x"]["sort"] == ratio["encoding"]["x"]["sort"]


def leg_class_frame(data_days: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week": [w.date() for w in WEEKS.repeat(4)],
            "leg_class": ["0", "1", "2", "3+"] * 3,
            "members": [2, 1, 1, 0] * 3,
            "active_members": 4,
            "share": [0.5, 0.25, 0.25, 0.0] * 3,
            "data_days": [days for days in data_days for _ in range(4)],
        }
    )


def shown_weeks(spec: dict[str, Any]) -> list[str]:
    """The week labels on the x axis, in axis order."""
    return spec["encoding"]["x"]["sort"]


def test_part_weeks_say_their_days_of_data_on_every_weekly_chart() -> None:
    """Data that starts on a Thursday and stops on a Monday: the first and last weeks are marked
    as on the Equipment demand page, the whole week between is not."""
    frame = leg_class_frame([4, 7, 1])
    expected = ["02 Nov (4 days of data)", "09 Nov", "16 Nov (1 day of data)"]
    charts_by_week = [
        charts.leg_class_stack(frame),
        charts.class_weeks_chart(frame.assign(window_holds_gap=False)),
        charts.class_moves_chart(frame.assign(change="same")),
        charts.equipment_share_chart(frame.assign(equipment_class="machine", hard_sets=3)),
    ]
    for chart in charts_by_week:
        assert shown_weeks(chart.to_dict()) == expected
    machine_only = charts.machine_only_chart(machine_only_frame().assign(data_days=[4, 7, 1]))
    assert shown_weeks(machine_only.to_dict()["layer"][0]) == expected


def test_long_part_week_labels_add_height_rather_than_take_the_plots() -> None:
    """A chart's height holds its slanted labels: "16 Nov (1 day of data)" reaches far lower
    than "16 Nov", so the charts grow by the difference, the same on every chart by week, and
    the plot (the skip-legs ratio's only 220 px in all) keeps its room."""
    whole, part = leg_class_frame([7, 7, 7]), leg_class_frame([4, 7, 1])
    patterns = part.drop_duplicates("week").assign(skip_legs_ratio=3.0, leg_sets=1)
    patterns = patterns.assign(upper_body_sets=3)
    growth = {
        charts.leg_class_stack(part).to_dict()["height"]
        - charts.leg_class_stack(whole).to_dict()["height"],
        charts.skip_legs_ratio_chart(patterns).to_dict()["height"]
        - charts.skip_legs_ratio_chart(patterns.assign(data_days=7)).to_dict()["height"],
    }
    # 23 characters against 6, slanted at 45 degrees: about 80 px more.
    assert len(growth) == 1 and 70 <= growth.pop() <= 100
    assert charts.skip_legs_ratio_chart(patterns.assign(data_days=7)).to_dict()["height"] == 220


def test_whole_weeks_are_not_marked_and_weeks_a_year_apart_show_their_year() -> None:
    frame = leg_class_frame([7, 7, 7])
    assert shown_weeks(charts.leg_class_stack(frame).to_dict()) == ["02 Nov", "09 Nov", "16 Nov"]
    a_year_before = [date(2025, 11, 3)] * 4 + list(frame["week"][4:])
    labels = shown_weeks(charts.leg_class_stack(frame.assign(week=a_year_before)).to_dict())
    assert labels == ["03 Nov 2025", "09 Nov 2026", "16 Nov 2026"]


@pytest.mark.parametrize(
    "ratios, ticks",
    [
        # weeks of leg sets only: a [0, 0] scale labelled its one tick 0.000000
        ([0.0, 0.0], [0, 0.2, 0.4, 0.6, 0.8, 1]),
        # Vega's nice rounding of a top of 3.9 left the line over the top label "3"
        ([3.9, None], [0, 1, 2, 3, 4]),
        ([2.85, 1.2], [0, 1, 2, 3]),
        ([4.2, 0.5], [0, 1, 2, 3, 4, 5]),
    ],
)
def test_the_skip_legs_ratio_axis_runs_to_a_labelled_tick_over_every_week(
    ratios: list[float | None], ticks: list[float]
) -> None:
    """As on the machine-only chart: the axis ends on a tick at or above the highest week's ratio,
    and every tick is labelled (the axis reaches at least 1, so all zeros still read)."""
    frame = pd.DataFrame(
        {
            "week": [date(2026, 3, 2), date(2026, 3, 9)],
            "leg_sets": [6, 4],
            "upper_body_sets": [0, 0],
            "skip_legs_ratio": ratios,
            "data_days": [7, 7],
        }
    )
    y = charts.skip_legs_ratio_chart(frame).to_dict()["encoding"]["y"]
    assert y["scale"] == {"domain": [0, ticks[-1]], "nice": False}
    assert y["axis"]["values"] == ticks and y["axis"]["tickCount"] == len(ticks)
    assert y["axis"]["format"] == (",.1~f" if 0.2 in ticks else ",.0~f")


def test_every_chart_keeps_room_for_its_edge_labels() -> None:
    """The top label of a y axis and the last point at the right were cut at the chart's edge:
    Streamlit pads a chart at the bottom only."""
    spec = charts.machine_only_chart(machine_only_frame()).to_dict()
    assert spec["padding"]["top"] > 0 and spec["padding"]["right"] > 0
    assert "bottom" not in spec["padding"]


def class_weeks_frame(weeks: pd.DatetimeIndex) -> pd.DataFrame:
    classes = ["0", "1", "2", "3+"]
    return pd.DataFrame(
        {
            "week": weeks.repeat(len(classes)),
            "leg_class": classes * len(weeks),
            "members": 5,
            "share": 0.25,
            "window_holds_gap": False,
            "data_days": 7,
        }
    )


def week_labels(chart: alt.Chart | alt.LayerChart) -> list[str]:
    spec = chart.to_dict()
    return (spec["layer"][0] if "layer" in spec else spec)["encoding"]["x"]["sort"]


def test_windows_holding_a_week_with_nothing_logged_say_they_are_left_out() -> None:
    """Nothing logged in the week of 9 November: it is "(no data)", and the window of the week
    after, which holds it, says it is left out rather than a plain week over nothing drawn."""
    gap = [False, True, True]
    weeks = class_weeks_frame(WEEKS).assign(
        members=[5] * 4 + [pd.NA] * 8,
        share=[0.25] * 4 + [None] * 8,
        window_holds_gap=[holds for holds in gap for _ in range(4)],
        data_days=[7] * 4 + [0] * 4 + [7] * 4,
    )
    moves = machine_only_frame().assign(window_holds_gap=gap, data_days=[7, 0, 7])
    assert week_labels(charts.class_weeks_chart(weeks)) == [
        "02 Nov",
        "09 Nov (no data)",
        "16 Nov (left out: gap in its 4 weeks)",
    ]
    assert week_labels(charts.machine_only_chart(moves)) == [
        "02 Nov",
        "09 Nov (no data)",
        "16 Nov (left out: gap in its 8 weeks)",
    ]


def bar_weeks(chart: alt.Chart | alt.LayerChart) -> list[str]:
    """The weeks the class chart draws as bars: its layer of bars, filtered to them."""
    spec = chart.to_dict()
    layers = spec.get("layer", [spec])
    bars = [layer for layer in layers if layer["mark"]["type"] == "bar"]
    if not bars:
        return []
    rows = next(iter(spec["datasets"].values()))
    assert [layer["transform"] for layer in bars] == [[{"filter": "datum.lone"}]]
    return list(dict.fromkeys(row["week_label"] for row in rows if row["lone"]))


def test_a_single_week_of_leg_classes_is_drawn() -> None:
    """A range with one 4-week window gave an area through one point: nothing drawn, empty axes
    under the legend. One week is a bar; two or more are areas, as before."""
    assert bar_weeks(charts.class_weeks_chart(class_weeks_frame(WEEKS[-1:]))) == ["16 Nov"]
    more = charts.class_weeks_chart(class_weeks_frame(WEEKS)).to_dict()
    assert more["mark"]["type"] == "area" and "lone" not in more["datasets"].popitem()[1][0]


FIVE_WEEKS = pd.to_datetime(["2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"])


@pytest.mark.parametrize(
    "counted, lone",
    [
        # one counted week between two left out: an area through it alone drew nothing
        ([True, False, True, False, True], ["19 Oct", "02 Nov", "16 Nov"]),
        # one beside the range's edge, and a pair that an area joins
        ([True, False, False, True, True], ["19 Oct"]),
        ([False, True, True, False, True], ["16 Nov"]),
    ],
)
def test_a_counted_week_without_a_counted_neighbour_is_a_bar(
    counted: list[bool], lone: list[str]
) -> None:
    """Windows left out (a week with nothing logged in their 4 weeks) on both sides of a counted
    week, or one side and the range's edge on the other: that week is a bar on the weeks' bands,
    the areas' points in the bands' middles, so the owner sees its shares."""
    rows = [flag for flag in counted for _ in range(4)]
    weeks = class_weeks_frame(FIVE_WEEKS).assign(
        members=[5 if flag else pd.NA for flag in rows],
        share=[0.25 if flag else None for flag in rows],
        window_holds_gap=[not flag for flag in rows],
    )
    chart = charts.class_weeks_chart(weeks)
    assert bar_weeks(chart) == lone
    areas, bars = chart.to_dict()["layer"]
    assert areas["mark"]["type"] == "area"
    assert areas["encoding"]["x"]["bandPosition"] == 0.5
    assert areas["encoding"]["x"]["scale"] == bars["encoding"]["x"]["scale"]
    assert bars["encoding"]["y"]["stack"] == "zero"


def class_legend(spec: dict[str, Any]) -> list[str]:
    return spec["encoding"]["color"]["legend"]["values"]


def test_leg_class_legends_list_only_classes_some_member_was_in() -> None:
    """No week and no cohort had a 3+ member: "3+" was still listed, beside bars without it.
    Each class keeps its colour, whichever others are left out."""
    weeks = class_weeks_frame(WEEKS).assign(
        members=[2, 0, 3, 0] * 2 + [pd.NA] * 4,  # the last week has no data
        active_members=[5] * 8 + [pd.NA] * 4,
    )
    for chart in (charts.leg_class_stack(weeks), charts.class_weeks_chart(weeks)):
        spec = chart.to_dict()
        assert class_legend(spec) == ["0 leg sessions", "2"]
        assert colour_scale(spec)["range"][colour_scale(spec)["domain"].index("2")] == OKABE_ITO[4]
    cohorts = pd.DataFrame(
        {
            "cohort": ["2025-09"] * 4,
            "leg_class": ["0", "1", "2", "3+"],
            "member_weeks": [1, 9, 3, 0],
            "share": [1 / 13, 9 / 13, 3 / 13, 0],
            "members": 4,
        }
    )
    assert class_legend(charts.join_cohort_chart(cohorts).to_dict()) == ["0 leg sessions", "1", "2"]


# Every chart the Leg training page draws, from small frames of the figures it takes.
PAGE_CHARTS: dict[str, Callable[[], alt.TopLevelMixin]] = {
    "leg classes": lambda: charts.leg_class_stack(leg_class_frame([7, 7, 7])),
    "patterns": lambda: charts.pattern_sets_chart(patterns_frame()),
    "skip-legs ratio": lambda: charts.skip_legs_ratio_chart(patterns_frame()),
    "equipment": lambda: charts.equipment_share_chart(
        leg_class_frame([7, 7, 7]).assign(equipment_class="machine", hard_sets=3)
    ),
    "join cohorts": lambda: charts.join_cohort_chart(
        class_weeks_frame(WEEKS[:1]).assign(cohort="2025-09", member_weeks=5)
    ),
    "class weeks": lambda: charts.class_weeks_chart(class_weeks_frame(WEEKS)),
    "class moves": lambda: charts.class_moves_chart(leg_class_frame([7, 7, 7]).assign(change="up")),
    "machine-only": lambda: charts.machine_only_chart(machine_only_frame()),
}


@pytest.mark.parametrize("name", PAGE_CHARTS)
def test_axis_labels_sit_on_their_gridlines(name: str) -> None:
    """Streamlit's chart theme flushes an axis's end labels inside the plot: the machine-only
    chart's bottom "0%" sat above its gridline, a share axis's "100%" under its own."""
    spec = PAGE_CHARTS[name]().to_dict()
    assert spec["config"]["axisQuantitative"]["labelFlush"] is False
