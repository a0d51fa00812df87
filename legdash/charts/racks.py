"""Charts of the Equipment demand page: weekday x hour heatmaps, the racks planner and the trends.

Each builder takes one small aggregated frame from legdash.metrics.racks (at most 7 x 24 rows per
heatmap) and labels its axes with units.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from legdash.capacity import Target
from legdash.charts import (
    MAX_ROWS,
    OKABE_ITO,
    SEQUENTIAL,
    SHARE_SCALE,
    aligned_ticks,
    palette,
    themed,
    themed_by_week,
    tick_values,
    ticked_axis,
    ticked_y,
    week_x,
    with_week_labels,
)
from legdash.metrics.racks import CLASS_LABELS, CLASS_ORDER
from legdash.metrics.racks_wording import WEEKDAY_NAMES, pct

WAIT_SCHEME = "oranges"
UNITS_BUSY = "Units busy (mean)"
ALL_BUSY = "All busy (share of time)"
ONE_BUSY = "Busy (share of time)"
WAIT_MEASURE = "Members who wait"
MEAN_WAIT_MEASURE = "Mean wait (minutes)"
MEET_MEASURE = "Open hours meeting the target"
TEXT_DARK, TEXT_LIGHT = "#000000", "#FFFFFF"
LABEL_FROM = 0.005
# Cell text: a character's width at its font size, and the room a cell keeps on either side.
CELL_FONT_SIZE = 11
CELL_CHAR_PX = 6.5
CELL_PADDING_PX = 6
SHORT_WEEKDAYS_BELOW = 500
ROW_STEP_PX = 30
# The planner's box: Streamlit fits axes, titles and legend inside it, which took about 140 px of
# 300 and left a plot 160 px tall; this leaves it about 260 on a laptop and on a tablet.
PLANNER_HEIGHT = 400
# The legend under the planner's axis title, no farther than the title is from the labels.
LEGEND_OFFSET_PX = 4
# A share target above this has its label under the rule, clear of the line near 100%.
SHARE_LABEL_BELOW_FROM = 0.5
# The off-scale waits' words above the planner: font size, a character's width, a line's height.
OFF_SCALE_FONT_SIZE = 12
OFF_SCALE_CHAR_PX = 7
OFF_SCALE_LINE_PX = 14
# The room under the words for the marker, and about the planner's plot width on a tablet.
OFF_SCALE_MARKER_PX = 16
TABLET_PLOT_PX = 320
# Rack hours' finest tick step: a tenth of an hour, as the tooltip and the trend tell them.
RACK_HOURS_STEP = 0.1
# Where no week has rack use the axes run to 1 h and 5 users, so weeks of none read as 0 on a
# quiet week's axis, not on one to 0.8 h and 8 users.
NO_USE_TOPS = {"rack_hours": 1.0, "rack_users": 5.0}
# The minutes planner's open hours run 0-100% in steps of 20%; the mean wait takes as many
# steps, of 2.5 too (a 3 minute target's axis to 12 ends on 12.5, where 5 steps of 1, 2 or 5
# would run to 25 and leave half of it empty), and at least a hundredth of a minute.
SHARE_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1]
WAIT_TICK_MULTIPLES = (1, 2, 2.5, 5)
WAIT_LEAST_STEP = 0.01


def _slot_axes() -> dict[str, alt.X | alt.Y]:
    # Weekdays shorten to "Mon" where the plot is narrow (a tablet), so the cells keep the room.
    short = f"width < {SHORT_WEEKDAYS_BELOW} ? slice(datum.label, 0, 3) : datum.label"
    return {
        "x": alt.X("hour:O", title="Hour of day (start, 24 h)", axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(
            "weekday:O", title="Weekday", sort=list(WEEKDAY_NAMES), axis=alt.Axis(labelExpr=short)
        ),
    }


def _text_fits(frame: pd.DataFrame, label: str) -> str:
    """A Vega expression true where a cell is wide enough for its longest label: on a narrow
    chart the labels would run into each other, and the colours and tooltips say it instead."""
    hours = max(1, frame["hour"].nunique())
    longest = max((len(str(text)) for text in frame[label]), default=0)
    return f"width / {hours} >= {longest * CELL_CHAR_PX + CELL_PADDING_PX}"


def _heatmap(
    frame: pd.DataFrame,
    value: str,
    legend: str,
    label: str,
    scale: alt.Scale,
    tooltip: list[alt.Tooltip],
    light_above: float,
    legend_format: str = ".0%",
) -> alt.LayerChart:
    if len(frame) > MAX_ROWS:
        raise ValueError("a heatmap takes one row per weekday and hour")
    base = alt.Chart(frame).encode(**_slot_axes())
    # Whole counts: no ticks between them, which the "d" format would print as 1, 1, 0.
    step = {"tickMinStep": 1} if legend_format == "d" else {}
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=1).encode(
        color=alt.Color(
            f"{value}:Q",
            title=legend,
            scale=scale,
            # Under the plot, not beside it: the hours get the whole width.
            legend=alt.Legend(
                format=legend_format, orient="bottom", direction="horizontal", **step
            ),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(
        fontSize=CELL_FONT_SIZE, opacity=alt.expr(f"{_text_fits(frame, label)} ? 1 : 0")
    ).encode(
        text=alt.Text(f"{label}:N"),
        color=alt.condition(
            alt.datum[value] > light_above, alt.value(TEXT_LIGHT), alt.value(TEXT_DARK)
        ),
    )
    # Each weekday a row of its own height: the legend below must not squeeze the rows.
    return themed(alt.layer(cells, text)).properties(height=alt.Step(ROW_STEP_PX))


def utilisation_heatmap(
    frame: pd.DataFrame, units: int, measure: str = "busy_share"
) -> alt.LayerChart:
    """Mean share of the `units` busy (or share of time all were busy) per weekday and hour; a
    single unit's share of time busy, which both measures give, where "units" and "all" would
    count units it does not have."""
    legend = ONE_BUSY if units == 1 else UNITS_BUSY if measure == "busy_share" else ALL_BUSY
    shares = (
        [alt.Tooltip(f"{measure}_text:N", title=ONE_BUSY)]
        if units == 1
        else [
            alt.Tooltip("busy_share_text:N", title=UNITS_BUSY),
            alt.Tooltip("all_busy_share_text:N", title=ALL_BUSY),
        ]
    )
    data = frame.assign(
        label=[_percent_label(v) for v in frame[measure]],
        busy_share_text=_told(frame["busy_share"]),
        all_busy_share_text=_told(frame["all_busy_share"]),
    )
    return _heatmap(
        data,
        measure,
        legend,
        "label",
        alt.Scale(scheme=SEQUENTIAL, domain=[0, 1]),
        [
            alt.Tooltip("slot:N", title="Hour"),
            *shares,
            alt.Tooltip("days:Q", title="Days counted"),
        ],
        0.5,
    )


def wait_heatmap(queue: pd.DataFrame, target: Target | None = None) -> alt.LayerChart:
    """Estimated share of members who wait for a rack; hours over capacity show "full". Beside
    a share `target`, a cell reads on its side, as the table and sentences do (pct)."""
    data = queue.assign(
        wait_shown=[
            1.0 if over else p
            for over, p in zip(queue["over_capacity"], queue["wait_probability"], strict=True)
        ],
        label=[
            "full" if over else _percent_label(p, target)
            for over, p in zip(queue["over_capacity"], queue["wait_probability"], strict=True)
        ],
    )
    return _heatmap(
        data,
        "wait_shown",
        "Members who wait",
        "label",
        alt.Scale(scheme=WAIT_SCHEME, domain=[0, 1]),
        [
            alt.Tooltip("slot:N", title="Hour"),
            alt.Tooltip("status:N", title="Estimate"),
            alt.Tooltip("arrivals_per_hour:Q", title="Arrivals per hour", format=".1f"),
            alt.Tooltip("mean_minutes:Q", title="Mean session (min)", format=".0f"),
            alt.Tooltip("load:Q", title="Racks busy on average", format=".2f"),
        ],
        0.5,
    )


def racks_needed_heatmap(queue: pd.DataFrame) -> alt.LayerChart:
    """Racks each hour needs to meet the wait target."""
    top = max(1, int(queue["racks_needed"].max()))
    data = queue.assign(label=[str(n) if n else "" for n in queue["racks_needed"]])
    return _heatmap(
        data,
        "racks_needed",
        "Racks needed",
        "label",
        alt.Scale(scheme=SEQUENTIAL, domain=[0, top]),
        [
            alt.Tooltip("slot:N", title="Hour"),
            alt.Tooltip("racks_needed:Q", title="Racks needed"),
            alt.Tooltip("status:N", title="With today's racks"),
        ],
        top / 2,
        legend_format="d",
    )


def planner_chart(planner: pd.DataFrame, racks: int, target: Target) -> alt.LayerChart:
    """Waiting and the share of open hours meeting the target, per number of racks.

    Waiting is in the target's unit: the share of members who wait (one % axis for both lines),
    or the mean wait in minutes on its own axis beside the % of open hours.
    """
    if target.kind == "minutes":
        return _planner_minutes(planner, racks, target.value)
    long = pd.concat(
        [
            planner.assign(
                measure=WAIT_MEASURE,
                share=planner["members_waiting_share"],
                share_text=_told(planner["members_waiting_share"], target),
            ),
            planner.assign(
                measure=MEET_MEASURE,
                share=planner["share_hours_meeting_target"],
                share_text=_told(planner["share_hours_meeting_target"]),
            ),
        ]
    )[["racks", "measure", "share", "share_text"]]
    lines = _rack_line(
        long,
        alt.Y("share:Q", title="Share (%)", axis=alt.Axis(format="%"), scale=SHARE_SCALE),
        _measure_colours([WAIT_MEASURE, MEET_MEASURE]),
        [
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("share_text:N", title="Share"),
        ],
        racks,
    )
    # a high share target's label under its rule: the hours meeting it run at about 100%
    label_below = target.value > SHARE_LABEL_BELOW_FROM
    goal = _target_rule("share:Q", target.value, f"target {target.percent}", label_below)
    return themed(alt.layer(lines, *goal, *_now_rule(racks)), height=PLANNER_HEIGHT)


def _planner_minutes(planner: pd.DataFrame, racks: int, minutes: float) -> alt.LayerChart:
    """Mean wait (minutes, left axis) and open hours meeting the target (%, right axis)."""
    measures = [MEAN_WAIT_MEASURE, MEET_MEASURE]
    colours = _measure_colours(measures)
    # No point where no hour with arrivals keeps up: the wait has no finite mean there.
    waits = planner[planner["mean_wait_minutes"].notna()].assign(measure=MEAN_WAIT_MEASURE)
    # The axis reaches the target and today's racks' wait (and more racks'); with fewer racks the
    # wait can be an hour, and the line leaves the top rather than flatten the minutes that matter.
    kept = waits.loc[waits["racks"] >= racks, "mean_wait_minutes"]
    reach = max(4 * minutes, 1.2 * float(kept.max()) if len(kept) else 0.0)
    # Its ticks on the open hours' gridlines: as many steps, the top one labelled.
    ticks = tick_values(reach, WAIT_LEAST_STEP, len(SHARE_TICKS) - 1, WAIT_TICK_MULTIPLES)
    top = ticks[-1]
    wait_line = _rack_line(
        waits[["racks", "measure", "mean_wait_minutes"]],
        ticked_y("mean_wait_minutes:Q", "Mean wait (minutes)", ticks, titleColor=OKABE_ITO[0]),
        colours,
        [alt.Tooltip("mean_wait_minutes:Q", title="Mean wait (min)", format=".1f")],
        racks,
        clip=True,
    )
    goal = _target_rule("mean_wait_minutes:Q", minutes, f"target {minutes:g} min")
    off_scale, above = _off_scale(planner, top)
    meets = planner.assign(
        measure=MEET_MEASURE, meeting_text=_told(planner["share_hours_meeting_target"])
    )
    meet_line = _rack_line(
        meets[["racks", "measure", "share_hours_meeting_target", "meeting_text"]],
        alt.Y(
            "share_hours_meeting_target:Q",
            # two lines: one is longer than the plot is high, and was cut at the top
            title=["Open hours meeting", "the target (%)"],
            axis=ticked_axis(SHARE_TICKS, percent=True, titleColor=OKABE_ITO[1], grid=False),
            scale=SHARE_SCALE,
        ),
        colours,
        [alt.Tooltip("meeting_text:N", title=MEET_MEASURE)],
        racks,
    )
    left = alt.layer(wait_line, *off_scale, *goal, *_now_rule(racks))
    chart = alt.layer(left, meet_line).resolve_scale(y="independent")
    return themed(chart, height=PLANNER_HEIGHT + above)


def _off_scale(planner: pd.DataFrame, top: float) -> tuple[list[alt.Chart], int]:
    """For each rack count whose mean wait is beyond the axis or has no finite mean, a marker and
    the wait in words ("2 h over capacity", "58 min") above the plot, where no line runs (at the
    top of the wait axis the open-hours line, 90-100%, ran through them); and the pixels they
    take above it, which the chart adds to its height so the plot keeps its own."""
    waits = planner["mean_wait_minutes"]
    off = planner[waits.isna() | (waits > top)]
    if off.empty:
        return [], 0
    words = [
        f"{over} h over capacity" if pd.isna(w) else f"{w:.0f} min"
        for w, over in zip(off["mean_wait_minutes"], off["hours_over_capacity"], strict=True)
    ]
    # Two short lines, centred on the rack count; where the counts on a tablet's plot are closer
    # than the lines are wide, every other count's words go a row higher, clear of their
    # neighbours'.
    labels = [word.replace(" capacity", "\ncapacity") for word in words]
    heights = [(label.count("\n") + 1) * OFF_SCALE_LINE_PX for label in labels]
    widest = max(len(line) for label in labels for line in label.split("\n")) * OFF_SCALE_CHAR_PX
    steps = max(1, int(planner["racks"].max() - planner["racks"].min()))
    rows = 2 if len(off) > 1 and TABLET_PLOT_PX / steps < widest else 1
    # Each label's last line just above the markers, or a row higher.
    tops = [-(OFF_SCALE_MARKER_PX + h + (i % rows) * max(heights)) for i, h in enumerate(heights)]
    data = pd.DataFrame({"racks": off["racks"], "wait": words, "label": labels, "top": tops})
    base = alt.Chart(data).encode(
        x="racks:Q",
        tooltip=[
            alt.Tooltip("racks:Q", title="Racks"),
            alt.Tooltip("wait:N", title="Mean wait (off the scale)"),
        ],
    )
    layers = [
        base.mark_point(
            shape="triangle-up",
            filled=True,
            size=90,
            color=OKABE_ITO[0],
            opacity=1,
            y=-OFF_SCALE_MARKER_PX / 2,
        ),
        base.mark_text(
            baseline="top",
            lineBreak="\n",
            fontSize=OFF_SCALE_FONT_SIZE,
            lineHeight=OFF_SCALE_LINE_PX,
            color=OKABE_ITO[0],
            y=alt.expr("datum.top"),
        ).encode(text="label:N"),
    ]
    return layers, OFF_SCALE_MARKER_PX + rows * max(heights)


def _rack_line(
    data: pd.DataFrame,
    y: alt.Y,
    colours: alt.Color,
    tooltip: list[alt.Tooltip],
    racks: int,
    clip: bool = False,
) -> alt.Chart:
    """One measure per number of squat racks: a line through its points."""
    cut = {"clip": True} if clip else {}
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80, **cut), strokeWidth=3, **cut)
        .encode(
            x=_racks_axis(racks),
            y=y,
            color=colours,
            tooltip=[alt.Tooltip("racks:Q", title="Racks"), *tooltip],
        )
    )


def _racks_axis(racks: int) -> alt.X:
    """Whole racks; today's count is labelled "4 (now)" on the axis, where no data point is."""
    now = {
        "labelExpr": f"datum.value == {racks} ? datum.label + ' (now)' : datum.label",
        "labelFontWeight": {
            "condition": {"test": f"datum.value == {racks}", "value": "bold"},
            "value": "normal",
        },
    }
    return alt.X(
        "racks:Q",
        title="Squat racks",
        axis=alt.Axis(tickMinStep=1, format="d", **(now if racks else {})),
    )


def _measure_colours(measures: list[str]) -> alt.Color:
    return alt.Color(
        "measure:N",
        title=None,
        scale=palette(measures),
        legend=alt.Legend(orient="bottom", labelLimit=400, offset=LEGEND_OFFSET_PX),
    )


def _now_rule(racks: int) -> list[alt.Chart]:
    """A dashed rule at today's rack count (none without racks); the axis label says "now"."""
    if not racks:
        return []
    now = pd.DataFrame({"racks": [racks]})
    return [alt.Chart(now).mark_rule(strokeDash=[6, 4], color="#555555").encode(x="racks:Q")]


def _target_rule(field: str, value: float, label: str, below: bool = False) -> list[alt.Chart]:
    """A dotted rule at the target on the waiting axis, labelled at its right end: both lines
    start at one rack, where waits are longest and the hours meeting the target fewest, so a
    label at the left end sat on them. `below`: under the rule rather than above it."""
    name = field.split(":")[0]
    goal = pd.DataFrame({name: [value], "label": [label]})
    rule = alt.Chart(goal).encode(y=field)
    return [
        rule.mark_rule(strokeDash=[2, 2], color=OKABE_ITO[5]),
        rule.mark_text(
            align="right", dx=-4, dy=10 if below else -8, fontSize=12, color=OKABE_ITO[5]
        ).encode(text="label:N", x=alt.value("width")),
    ]


def class_trend(classes: pd.DataFrame) -> alt.Chart:
    """Leg sets per week by equipment class, stacked; a part-week says its days of data.

    Only classes with sets enter the legend, each in its fixed colour.
    """
    labels = [CLASS_LABELS[c] for c in CLASS_ORDER]
    data = with_week_labels(classes)
    present = set(data.loc[data["sets"] > 0, "equipment"])
    data = data[data["equipment"].isin(present)].assign(share_text=lambda d: _told(d["share"]))
    scale = palette(labels, present)
    return themed_by_week(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=week_x(data),
            y=alt.Y("sets:Q", title="Leg hard sets", stack="zero"),
            color=alt.Color("equipment:N", title="Equipment", scale=scale, sort=scale.domain),
            order=alt.Order("class_order:Q"),
            tooltip=[
                alt.Tooltip("week:N", title="Week starting"),
                alt.Tooltip("equipment:N", title="Equipment"),
                alt.Tooltip("sets:Q", title="Leg sets"),
                alt.Tooltip("share_text:N", title="Share of the week"),
            ],
        )
        .transform_calculate(class_order=f"indexof({list(CLASS_ORDER)!r}, datum.equipment_class)"),
        data,
        320,
    )


def weekly_trend(weekly: pd.DataFrame) -> alt.LayerChart:
    """Weekly rack hours (bars) and unique rack users (line), each on its own axis; no line
    when the logs name no members. A part-week says its days of data. Both axes run to a
    labelled tick above their highest week (1 h and 5 users with no rack use: NO_USE_TOPS) and
    their ticks meet the same gridlines (aligned_ticks)."""
    data = with_week_labels(weekly)
    users = not data["rack_users"].isna().all()  # station logs may name no members
    steps = {"rack_hours": RACK_HOURS_STEP}  # each axis's finest step
    if users:
        steps["rack_users"] = 1  # counted: whole ticks
    tops = [float(data[field].max()) for field in steps]
    ticks = aligned_ticks(
        [top if top > 0 else NO_USE_TOPS[field] for top, field in zip(tops, steps, strict=True)],
        list(steps.values()),
    )
    base = alt.Chart(data).encode(
        x=week_x(data),
        tooltip=[
            alt.Tooltip("week:N", title="Week starting"),
            alt.Tooltip("rack_hours:Q", title="Rack hours", format=".1f"),
            alt.Tooltip("rack_users:Q", title="Unique rack users"),
            alt.Tooltip("days:Q", title="Days in range"),
            alt.Tooltip("data_days:Q", title="Days of data"),
        ],
    )
    bars = base.mark_bar(color=OKABE_ITO[0], opacity=0.8).encode(
        y=ticked_y("rack_hours:Q", "Rack hours (h per week)", ticks[0], titleColor=OKABE_ITO[0])
    )
    if not users:
        return themed_by_week(alt.layer(bars), data, 300)
    line = base.mark_line(
        color=OKABE_ITO[1], strokeWidth=3, point=alt.OverlayMarkDef(color=OKABE_ITO[1], size=60)
    ).encode(
        y=ticked_y(
            "rack_users:Q", "Unique rack users", ticks[1], titleColor=OKABE_ITO[1], grid=False
        )
    )
    return themed_by_week(alt.layer(bars, line).resolve_scale(y="independent"), data, 300)


def _told(shares: pd.Series, target: Target | None = None) -> list[str]:
    """Shares as the page's words tell them (pct: "<0.1%" for a share above 0 that would read
    0%), for tooltips, where Vega's own format told such a share "0%"; empty where unknown."""
    return ["" if pd.isna(share) else pct(share, target) for share in shares]


def _percent_label(value: float | None, target: Target | None = None) -> str:
    """Cell text: blank below half a percent, so the busy hours stand out."""
    return "" if value is None or pd.isna(value) or value < LABEL_FROM else pct(value, target)
