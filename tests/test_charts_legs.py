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
