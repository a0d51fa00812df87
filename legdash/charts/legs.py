"""Charts of leg-training frequency across the gym."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from legdash.charts import (
    MAX_ROWS,
    OKABE_ITO,
    SHARE_SCALE,
    aligned_ticks,
    palette,
    themed,
    themed_by_week,
    ticked_y,
    week_x,
    with_week_labels,
)
from legdash.metrics import legs, part_week

CLASS_LABELS = {"0": "0 leg sessions", "1": "1", "2": "2", "3+": "3+"}
# The number axes of the short plots (machine-only shares, skip-legs ratio): 3 to 5 steps, what
# such a plot holds without crowding its labels, each at least a tenth of a percent of share (the
# tooltips' decimals) or a tenth of a ratio.
SHORT_PLOT_STEPS = range(3, 6)
SHARE_STEP = 0.001
RATIO_STEP = 0.1
# Red-orange for "no legs", then blues as the leg sessions add up.
CLASS_SCALE = alt.Scale(
    domain=list(CLASS_LABELS.values()),
    range=[OKABE_ITO[5], OKABE_ITO[1], OKABE_ITO[4], OKABE_ITO[0]],
)
PATTERN_LABELS = {
    "squat": "Squat",
    "hinge": "Hinge",
    "lunge": "Lunge",
    "leg_machine": "Leg machine",
    "calf": "Calf",
    "upper_body_sets": "Upper body (push + pull)",
}
EQUIPMENT_LABELS = {"free_weight": "Free weight", "machine": "Machine", "other": "Other"}
CHANGE_LABELS = {"up": "More leg sessions", "same": "Same class", "down": "Fewer leg sessions"}


def _small(frame: pd.DataFrame) -> pd.DataFrame:
    """Charts take aggregated frames; a bigger one means a caller passed raw rows."""
    if len(frame) > MAX_ROWS:
        raise ValueError(f"{len(frame)} rows is too many for a chart (at most {MAX_ROWS})")
    return frame


def _weeks(frame: pd.DataFrame, **labels: dict[str, str]) -> pd.DataFrame:
    """A copy with week as a timestamp (Vega-Lite dates), each week's axis label (a part-week
    says its days of data, as on the Equipment demand page) and codes replaced by readable
    labels."""
    out = _small(frame).copy()
    if "week" in out:
        out = with_week_labels(out)
        out["week"] = pd.to_datetime(out["week"])
    for column, mapping in labels.items():
        out[column] = out[column].map(mapping)
    return out


def _windows(frame: pd.DataFrame, weeks: int, **labels: dict[str, str]) -> pd.DataFrame:
    """`_weeks` for windows of `weeks` weeks up to each week: one holding a week with nothing
    logged (window_holds_gap) is left out and its label says so, unless its own week is that
    week, "(no data)" as on every chart by week."""
    out = _weeks(frame, **labels)
    left_out = out["window_holds_gap"] & (out["data_days"] > 0)
    out.loc[left_out, "week_label"] = [
        label.removesuffix(part_week(days)) + legs.left_out_window(weeks)
        for label, days in zip(
            out.loc[left_out, "week_label"], out.loc[left_out, "data_days"], strict=True
        )
    ]
    return out


def _share_axis(title: str) -> alt.Axis:
    # Quarters: ten ticks crowd "90%" into "100%" on a narrow chart.
    return alt.Axis(format="%", title=title, values=[0, 0.25, 0.5, 0.75, 1])


def _class_colour(data: pd.DataFrame, count: str, title: str) -> alt.Color:
    """Leg classes in their fixed colours, with a legend entry only for a class some member was
    in (`count` above 0): "3+" was listed beside bars that never showed it."""
    present = set(data.loc[data[count].fillna(0) > 0, "leg_class"])
    shown = [label for label in CLASS_LABELS.values() if label in present]
    return alt.Color("leg_class:N", scale=CLASS_SCALE, title=title, legend=alt.Legend(values=shown))


def leg_class_stack(frame: pd.DataFrame) -> alt.Chart:
    """Active members per week split by their leg sessions that week (shares stack to 100%)."""
    data = _weeks(frame, leg_class=CLASS_LABELS)
    chart = _class_shares(
        alt.Chart(data).mark_bar(),
        data,
        ("Share of active members", "Leg sessions that week"),
        ("Week starting", "Leg sessions"),
        [alt.Tooltip("active_members:Q", title="Active members")],
    )
    return themed_by_week(chart, data, 320)


def _class_shares(
    chart: alt.Chart,
    data: pd.DataFrame,
    titles: tuple[str, str],
    tooltip_titles: tuple[str, str],
    more: list[alt.Tooltip],
    **x: Any,
) -> alt.Chart:
    """Leg classes' shares stacked to 100% per week: `titles` of the y axis and the legend,
    `tooltip_titles` of the week and the class, `more` tooltips after the members, `x` the week
    axis's other properties."""
    axis_title, legend_title = titles
    week_title, class_title = tooltip_titles
    return chart.encode(
        x=week_x(data, **x),
        y=alt.Y("share:Q", axis=_share_axis(axis_title), stack="zero", scale=SHARE_SCALE),
        color=_class_colour(data, "members", legend_title),
        order=alt.Order("leg_class:N", sort="ascending"),
        tooltip=[
            alt.Tooltip("week:T", title=week_title, format="%d %b %Y"),
            alt.Tooltip("leg_class:N", title=class_title),
            alt.Tooltip("members:Q", title="Members"),
            *more,
            alt.Tooltip("share:Q", title="Share", format=".0%"),
        ],
    )


# The skip-legs ratio is drawn under the pattern bars: one band per week with the same padding,
# the same room for the y axis and no legend beside either, so a week sits at the same x in both.
WEEK_BANDS = alt.Scale(type="band", paddingInner=0.2, paddingOuter=0.1)
Y_AXIS_EXTENT = 48


def pattern_sets_chart(frame: pd.DataFrame) -> alt.Chart:
    """Per week, two bars side by side: leg hard sets stacked by pattern, and upper-body sets."""
    data = _weeks(frame)
    domain = list(PATTERN_LABELS.values())
    chart = (
        alt.Chart(data)
        .transform_fold(list(PATTERN_LABELS), as_=["pattern", "sets"])
        .transform_calculate(
            what=_label_expr("pattern", PATTERN_LABELS),
            side="datum.pattern == 'upper_body_sets' ? 'Upper body' : 'Legs'",
        )
        .mark_bar()
        .encode(
            x=week_x(data, scale=WEEK_BANDS),
            xOffset=alt.XOffset("side:N", sort=["Legs", "Upper body"]),
            y=alt.Y(
                "sets:Q",
                title="Hard sets per week",
                axis=alt.Axis(minExtent=Y_AXIS_EXTENT, maxExtent=Y_AXIS_EXTENT),
            ),
            color=alt.Color(
                "what:N",
                scale=palette(domain),
                sort=domain,
                title="Hard sets",
                legend=alt.Legend(orient="top", columns=3, labelLimit=300),
            ),
            order=alt.Order("pattern:N"),
            tooltip=[
                alt.Tooltip("week:T", title="Week starting", format="%d %b %Y"),
                alt.Tooltip("what:N", title="Sets of"),
                alt.Tooltip("sets:Q", title="Hard sets"),
            ],
        )
    )
    return themed_by_week(chart, data, 380)  # the legend above takes room


def _label_expr(field: str, labels: dict[str, str]) -> str:
    """A Vega expression mapping codes to labels (for values created by a fold)."""
    cases = " : ".join(f"datum.{field} == '{code}' ? '{label}'" for code, label in labels.items())
    return f"{cases} : datum.{field}"


def skip_legs_ratio_chart(frame: pd.DataFrame) -> alt.Chart:
    """Upper-body hard sets per leg hard set, per week, lined up with the pattern bars above it
    (a week without leg sets is a gap in the line)."""
    data = _weeks(frame)
    top = data["skip_legs_ratio"].max()  # NaN without a ratio: the comparison below is False
    # Weeks of leg sets only are all 0: the axis still runs to 1, not to a lone "0" tick.
    ticks = _short_plot_ticks(top if top > 1 else 1, RATIO_STEP)
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(color=OKABE_ITO[5]), color=OKABE_ITO[5])
        .encode(
            x=week_x(data, scale=WEEK_BANDS, bandPosition=0.5),
            # to a labelled tick at or above the highest week: 3.9 reaches 4, every tick labelled
            y=ticked_y(
                "skip_legs_ratio:Q",
                "Skip-legs ratio",
                ticks,
                minExtent=Y_AXIS_EXTENT,
                maxExtent=Y_AXIS_EXTENT,
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week starting", format="%d %b %Y"),
                alt.Tooltip("skip_legs_ratio:Q", title="Skip-legs ratio", format=".2f"),
                alt.Tooltip("leg_sets:Q", title="Leg hard sets"),
                alt.Tooltip("upper_body_sets:Q", title="Upper-body hard sets"),
            ],
        )
    )
    return themed_by_week(chart, data, 220)


def equipment_share_chart(frame: pd.DataFrame) -> alt.Chart:
    """Free-weight, machine and other shares of leg hard sets, per week (classes with sets only)."""
    data = _weeks(frame, equipment_class=EQUIPMENT_LABELS)
    present = set(data.loc[data["hard_sets"] > 0, "equipment_class"])
    data = data[data["equipment_class"].isin(present)]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=week_x(data),
            y=alt.Y(
                "share:Q",
                axis=_share_axis("Share of leg hard sets"),
                stack="zero",
                scale=SHARE_SCALE,
            ),
            color=alt.Color(
                "equipment_class:N",
                scale=palette(list(EQUIPMENT_LABELS.values()), present),
                title="Equipment",
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week starting", format="%d %b %Y"),
                alt.Tooltip("equipment_class:N", title="Equipment"),
                alt.Tooltip("hard_sets:Q", title="Leg hard sets"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
            ],
        )
    )
    return themed_by_week(chart, data, 320)


def join_cohort_chart(frame: pd.DataFrame) -> alt.Chart:
    """Per join month: how the cohort's active weeks split by leg sessions (0, 1, 2, 3+)."""
    data = _weeks(frame, leg_class=CLASS_LABELS)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("cohort:O", title="Joined (month)", sort="descending"),
            x=alt.X(
                "share:Q", axis=_share_axis("Share of the cohort's active weeks"), scale=SHARE_SCALE
            ),
            color=_class_colour(data, "member_weeks", "Leg sessions that week"),
            order=alt.Order("leg_class:N", sort="ascending"),
            tooltip=[
                alt.Tooltip("cohort:O", title="Joined"),
                alt.Tooltip("members:Q", title="Active members in range"),
                alt.Tooltip("leg_class:N", title="Leg sessions"),
                alt.Tooltip("member_weeks:Q", title="Member-weeks"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
            ],
        )
    )
    return themed(chart, height=max(160, 28 * data["cohort"].nunique()))


def class_weeks_chart(frame: pd.DataFrame) -> alt.Chart | alt.LayerChart:
    """Members by leg class over the previous 4 weeks, week by week (shares stack to 100%).

    Areas between the weeks; a week without a counted week beside it (_lone_weeks) is a bar, as an
    area through one point draws nothing: a labelled week over empty axes.
    """
    data = _windows(frame, legs.WINDOW_WEEKS, leg_class=CLASS_LABELS)
    titles = ("Share of members active in 4 weeks", "Leg class (4 weeks)")
    tooltip_titles = ("4 weeks up to the week of", "Leg class")
    lone = _lone_weeks(data)
    if not lone.any():
        chart = _class_shares(alt.Chart(data).mark_area(), data, titles, tooltip_titles, [])
        return themed_by_week(chart, data, 320)
    # The bars' bands, with the areas' points in their middles, so both meet at each week.
    base = alt.Chart(data.assign(lone=lone))
    areas = _class_shares(
        base.mark_area(), data, titles, tooltip_titles, [], scale=WEEK_BANDS, bandPosition=0.5
    )
    bars = _class_shares(
        base.transform_filter(alt.datum.lone).mark_bar(),
        data,
        titles,
        tooltip_titles,
        [],
        scale=WEEK_BANDS,
    )
    return themed_by_week(alt.layer(areas, bars), data, 320)


def _lone_weeks(data: pd.DataFrame) -> pd.Series:
    """Whether each row's week is counted (has shares) while neither week beside it on the axis is
    (one left out, a week with nothing logged, or the range's edge): a single week of a range, or
    one between two gaps."""
    counted = data.groupby("week")["share"].count().sort_index() > 0
    beside = counted.shift(1, fill_value=False) | counted.shift(-1, fill_value=False)
    return data["week"].map(counted & ~beside)


def class_moves_chart(frame: pd.DataFrame) -> alt.Chart:
    """Members who moved up, stayed or moved down a leg class against 4 weeks earlier."""
    data = _weeks(frame, change=CHANGE_LABELS)
    domain = list(CHANGE_LABELS.values())
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=week_x(data),
            y=alt.Y("sum(members):Q", title="Members active in both 4-week windows"),
            color=alt.Color(
                "change:N",
                scale=alt.Scale(domain=domain, range=[OKABE_ITO[2], "#BBBBBB", OKABE_ITO[5]]),
                title="Against 4 weeks earlier",
            ),
            tooltip=[
                alt.Tooltip("yearmonthdate(week):O", title="Week starting", format="%d %b %Y"),
                alt.Tooltip("change:N", title="Change"),
                alt.Tooltip("sum(members):Q", title="Members"),
            ],
        )
    )
    return themed_by_week(chart, data, 320)


MOVED_LABELS = {"to_free_weight": "Any free-weight leg work", "to_free_squat": "Free-weight squats"}
# Equal shares are common (every move to free weights a squat): a wide solid line under a narrow
# dashed one, with different point shapes, keeps both in sight where they coincide.
MOVED_DASHES = [[1, 0], [6, 3]]
MOVED_WIDTHS = [6, 2]
MOVED_SHAPES = ["circle", "square"]
MOVED_SIZES = [90, 30]
# Where the shares are equal in every week the two lines read as one: the legend says so.
SAME_EVERY_WEEK = " (same share every week, on top)"


def _same_every_week_label(data: pd.DataFrame) -> dict[str, str]:
    """A legend label expression noting that the squats line lies on the other all along (every
    member who moved did free-weight squats), where the dashed line on the solid one was missed.
    """
    if not data["to_free_squat"].equals(data["to_free_weight"]):
        return {}
    squats = MOVED_LABELS["to_free_squat"]
    return {"labelExpr": f"datum.label == '{squats}' ? '{squats}{SAME_EVERY_WEEK}' : datum.label"}


def _short_plot_ticks(top: float, least_step: float) -> list[float]:
    """A short plot's number axis ticks, from 0 to a labelled tick at or above `top`, each step
    `least_step` or more: Vega's nice rounding of a given top let the highest value rise over
    the top label."""
    return aligned_ticks([top], [least_step], SHORT_PLOT_STEPS)[0]


def machine_only_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Of members who trained legs only on machines in 4 weeks, the share who did free-weight leg
    work in the 4 weeks after, plotted at the week those end (a gap where nobody was machine-only).
    """
    data = _windows(frame, 2 * legs.WINDOW_WEEKS)
    long = pd.concat(
        [
            data.assign(moved=label, members=data[code], share=data[f"share_{code}"])
            for code, label in MOVED_LABELS.items()
        ]
    )[["week", "week_label", "machine_only", "moved", "members", "share"]]
    long["before"] = long["week"] - pd.Timedelta(weeks=4)
    domain = list(MOVED_LABELS.values())
    colour = palette(domain)
    # Line symbols in the legend (a point's shape over a dashed outline reads as a blob).
    legend = alt.Legend(
        symbolType="stroke",
        symbolSize=300,
        orient="top",
        direction="vertical",
        labelLimit=0,
        **_same_every_week_label(data),
    )
    base = alt.Chart(long).encode(
        x=week_x(data),
        # to a labelled tick at or above the highest share: 0.5%, 1%, 1.5% ... or 25%, 50%
        y=ticked_y(
            "share:Q",
            "Share of machine-only members",
            _short_plot_ticks(float(long["share"].max()), SHARE_STEP),
            percent=True,
        ),
        tooltip=[
            alt.Tooltip("before:T", title="Machine-only in the 4 weeks up to", format="%d %b %Y"),
            alt.Tooltip("machine_only:Q", title="Machine-only members"),
            alt.Tooltip("week:T", title="Moved in the 4 weeks up to", format="%d %b %Y"),
            alt.Tooltip("moved:N", title="Moved to"),
            alt.Tooltip("members:Q", title="Members who moved"),
            alt.Tooltip("share:Q", title="Share", format=".1%"),
        ],
    )
    lines = base.mark_line().encode(
        color=alt.Color("moved:N", scale=colour, title=None, legend=legend),
        strokeDash=alt.StrokeDash(
            "moved:N",
            scale=alt.Scale(domain=domain, range=MOVED_DASHES),
            title=None,
            legend=legend,
        ),
        strokeWidth=alt.StrokeWidth(
            "moved:N",
            scale=alt.Scale(domain=domain, range=MOVED_WIDTHS),
            title=None,
            legend=legend,
        ),
    )
    # Points without encodings of their own, so the legend keeps its line symbols.
    points = [
        base.transform_filter(alt.datum.moved == label).mark_point(
            filled=True, opacity=1, shape=shape, size=size, color=colour.range[i]
        )
        for i, (label, shape, size) in enumerate(
            zip(domain, MOVED_SHAPES, MOVED_SIZES, strict=True)
        )
    ]
    return themed_by_week(alt.layer(lines, *points), data, 340)
