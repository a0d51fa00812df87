"""Leg-training chart specs: what the reader sees in the legend, axes and data."""

from __future__ import annotations

from typing import Any

import pandas as pd

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


def machine_only_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week": WEEKS,
            "machine_only": [0, 90, 88],
            "to_free_weight": [0, 1, 3],
            "to_free_squat": [0, 1, 3],
            "share_to_free_weight": [None, 0.0111, 0.0341],
            "share_to_free_squat": [None, 0.0111, 0.0341],
        }
    )


def test_machine_only_axis_reads_small_shares() -> None:
    """Shares of 1-4% get ticks of their own, not a lone "0%" from quarter ticks."""
    spec = charts.machine_only_chart(machine_only_frame()).to_dict()
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert axis["format"] == ".1~%"
    assert "values" not in axis


def test_machine_only_lines_differ_where_they_coincide() -> None:
    spec = charts.machine_only_chart(machine_only_frame()).to_dict()
    lines = spec["layer"][0]["encoding"]
    assert lines["strokeDash"]["scale"]["range"][0] != lines["strokeDash"]["scale"]["range"][1]
    assert lines["strokeWidth"]["scale"]["range"] == [6, 2]
    # The legend draws line symbols: no point shape merged into it.
    assert lines["color"]["legend"]["symbolType"] == "stroke"
    assert all("shape" not in layer.get("encoding", {}) for layer in spec["layer"])


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


def test_skip_legs_ratio_lines_up_with_the_pattern_bars() -> None:
    """Same weeks at the same x: one band per week, the same room for the y axis, no legend
    beside either chart; a week without leg sets is a gap, not a dropped week."""
    frame = pd.DataFrame(
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
        }
    )
    bars = charts.pattern_sets_chart(frame).to_dict()
    ratio = charts.skip_legs_ratio_chart(frame).to_dict()
    assert bars["encoding"]["x"]["scale"] == ratio["encoding"]["x"]["scale"]
    assert ratio["encoding"]["x"]["bandPosition"] == 0.5
    assert bars["encoding"]["y"]["axis"] == ratio["encoding"]["y"]["axis"]
    assert bars["encoding"]["color"]["legend"]["orient"] == "top"
    rows = next(iter(ratio["datasets"].values()))
    assert len(rows) == 3 and rows[1]["skip_legs_ratio"] is None
