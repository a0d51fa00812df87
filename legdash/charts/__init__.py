"""Altair chart builders. They take small aggregated frames (never raw rows) and share one look.

Colours are the Okabe-Ito palette, readable for colour-blind viewers and on a projector.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import pandas as pd

from legdash.metrics import week_name

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)
SEQUENTIAL = "blues"
MAX_ROWS = 5000
# Shares run from 0 to 100% on every chart, so charts side by side compare at a glance.
SHARE_SCALE = alt.Scale(domain=[0, 1])
FONT_SIZE = 13
WEEK_TITLE = "Week starting (Monday)"
# Slanted labels never touch for up to this many weeks on a laptop's chart, however long; Vega's
# overlap check measures their upright boxes and would drop every other one, a part-week's too.
ALL_WEEK_LABELS = 26
# A label character's width at FONT_SIZE, a little over the font's mean, and the length of a whole
# week's label ("16 Nov"), which the charts' heights were chosen for.
LABEL_CHAR_PX = 6.5
SHORT_WEEK_LABEL = 6
# Room inside the chart's box on every side but the bottom (Streamlit adds its own there and none
# elsewhere). Vega sizes a chart to its box from its own estimate of the text, a few pixels short
# of what the browser's font draws: without this a right-hand axis title, the top label of a y
# axis and the points at the right-hand end were cut at the box's edge.
PADDING = {"top": 8, "right": 10, "left": 4}
# Ticks side by side axes share (aligned_ticks): steps of 1, 2 or 5 times a power of ten, as Vega
# picks them, and between 3 and 8 steps, about what a 300 px plot holds with room for its labels.
TICK_MULTIPLES = (1, 2, 5)
TICK_INTERVALS = range(3, 9)


def themed(chart: alt.Chart | alt.LayerChart, height: int = 320) -> alt.Chart | alt.LayerChart:
    """Shared sizing and fonts large enough for a projector. A number axis's labels sit centred
    on their gridlines, the end ones too: Streamlit's chart theme flushes end labels inside the
    plot (Vega's labelFlush), so a bottom "0%" sat above its gridline as if it marked another value.
    """
    return (
        chart.properties(height=height, padding=PADDING)
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_axisQuantitative(labelFlush=False)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_title(fontSize=FONT_SIZE + 3)
    )


def palette(domain: list[str], shown: Iterable[str] | None = None) -> alt.Scale:
    """A categorical colour scale with a fixed order, so a category keeps its colour everywhere.

    With `shown`, only those categories enter the legend (no entry for a class without data),
    each still in the colour its place in `domain` gives it.
    """
    colours = dict(zip(domain, OKABE_ITO, strict=False))
    keep = set(domain if shown is None else shown)
    kept = [name for name in domain if name in keep]
    return alt.Scale(domain=kept, range=[colours[name] for name in kept])


def with_week_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `week_label` from its `week` and `data_days`: '16 Nov', or '16 Nov (3 days of
    data)' for a part-week, which every chart by week marks (its bars are not a whole week's).

    The year shows when the weeks reach a year apart, where '16 Nov' alone would stand for two.
    """
    weeks = [pd.Timestamp(week) for week in frame["week"]]
    long = len(weeks) > 1 and max(weeks) - min(weeks) >= pd.Timedelta(weeks=52)
    form = "%d %b %Y" if long else "%d %b"
    labels = [
        week_name(week, int(days), form)
        for week, days in zip(weeks, frame["data_days"], strict=True)
    ]
    return frame.assign(week_label=labels)


def week_height(data: pd.DataFrame, height: int) -> int:
    """A chart by week's height: `height` plus what its slanted labels take beyond a whole week's
    ("16 Nov (3 days of data)" reaches far lower), so the plot keeps its height however long a
    part-week's label is; a fixed height would give the labels the plot's room instead."""
    longest = max((len(label) for label in data["week_label"]), default=SHORT_WEEK_LABEL)
    extra = max(0, longest - SHORT_WEEK_LABEL) * LABEL_CHAR_PX * math.sin(math.radians(45))
    return height + math.ceil(extra)


def themed_by_week(
    chart: alt.Chart | alt.LayerChart, data: pd.DataFrame, height: int
) -> alt.Chart | alt.LayerChart:
    """`themed` for a chart by week: its plot `height` tall, with room for the week labels
    (week_height) on top, so no chart by week can give its plot's height to a long label."""
    return themed(chart, height=week_height(data, height))


def week_x(data: pd.DataFrame, **encoding: Any) -> alt.X:
    """The x axis of a chart by week: one band per week in date order, labelled by
    with_week_labels, so a part-week reads the same on every page."""
    order = list(dict.fromkeys(data.sort_values("week", kind="stable")["week_label"]))
    axis = alt.Axis(labelAngle=-45, labelLimit=0, labelOverlap=len(order) > ALL_WEEK_LABELS)
    return alt.X("week_label:O", title=WEEK_TITLE, sort=order, axis=axis, **encoding)


def aligned_ticks(
    tops: Sequence[float], least_steps: Sequence[float], counts: range = TICK_INTERVALS
) -> list[list[float]]:
    """Tick values for number axes side by side, each from 0 to a labelled tick at or above its
    highest value `tops` (an axis that stops under a bar leaves it unread), every axis with as
    many ticks as the others so that they meet the same gridlines: one axis's ticks floating
    between the other's gridlines cannot be read against them. Each step is at least its
    `least_steps` (1 for a count). Of the tick counts, the one whose emptiest axis is fullest;
    more gridlines where two are as full. `counts`: the numbers of steps to pick from, fewer for
    a short plot."""

    def fullest(intervals: int) -> tuple[float, int]:
        fills = [top / (intervals * _step(top, least, intervals)) for top, least in axes]
        return round(min(fills), 6), intervals  # 4.4 / 6 is as full as 4.4 / (3 * 2)

    # a top that is no number (no week with data) reads as 0
    axes = [(top if top > 0 else 0.0, least) for top, least in zip(tops, least_steps, strict=True)]
    intervals = max(counts, key=fullest)
    return [tick_values(top, least, intervals) for top, least in axes]


def ticked_y(
    field: str, title: str, ticks: list[float], percent: bool = False, **axis: Any
) -> alt.Y:
    """A number axis from 0 to its last tick, labelled at each of `ticks` (ticked_axis; `axis`:
    its other properties, `grid=False` for an axis whose ticks sit on another's gridlines)."""
    return alt.Y(
        field,
        title=title,
        axis=ticked_axis(ticks, percent, **axis),
        scale=alt.Scale(domain=[0, ticks[-1]], nice=False),
    )


def ticked_axis(ticks: list[float], percent: bool = False, **axis: Any) -> alt.Axis:
    """An axis labelled at each of `ticks`, every one drawn (Vega drops every other given tick
    while there are more than its tick count, one per 40 px of plot: a short plot lost 2.5, 7.5
    and 12.5, top label and gridlines with them), each with the decimals it needs, as a
    percentage for shares (`percent`): the format Vega takes from the tick count rounded 2.5 to
    "3" and 12.5 to "13". `axis`: its other properties."""
    shown = [round(tick * 100, 10) if percent else tick for tick in ticks]
    decimals = max(len(f"{tick:g}".partition(".")[2]) for tick in shown)
    kind = "%" if percent else "f"
    return alt.Axis(values=ticks, tickCount=len(ticks), format=f",.{decimals}~{kind}", **axis)


def tick_values(
    top: float, least: float, intervals: int, multiples: tuple[float, ...] = TICK_MULTIPLES
) -> list[float]:
    """`intervals` equal steps from 0 to a tick at or above `top`: the smallest step, `least` or
    more, of one of `multiples` times a power of ten."""
    step = _step(top, least, intervals, multiples)
    return [round(i * step, 10) for i in range(intervals + 1)]


def _step(
    top: float, least: float, intervals: int, multiples: tuple[float, ...] = TICK_MULTIPLES
) -> float:
    power = 10 ** math.floor(math.log10(max(top / intervals, least)))
    steps = (m * power * scale for scale in (1, 10) for m in multiples)
    # a hair's room: 0.1 * 3 is 0.30000000000000004 in floats, yet reaches a top of 0.3
    return min(s for s in steps if s >= least and s * intervals >= top - 1e-9)
