"""Equipment demand (owner): how busy the squat racks are, who waits, and how many racks to keep.

Same figures as `python -m legdash report racks`, with the same defaults.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from legdash import settings
from legdash.cache import cached
from legdash.capacity import Target
from legdash.charts import racks as charts
from legdash.export import csv_bytes
from legdash.metrics import racks
from legdash.metrics.racks_wording import (
    all_busy_label,
    every_rack,
    no_racks_sentence,
    pct,
    peak_sentences,
    source_words,
    todays_racks,
    unlogged_sentence,
    wait_help,
    waiting_table,
)
from legdash.ui import (
    current_day,
    empty_state,
    escape_markdown,
    filter_row,
    follow_location,
    kept,
    page_header,
    tile_row,
    whole_range,
)
from legdash.wording import plural

# The wait targets' names read whole in their box on a tablet beside the menu.
SHARE_TARGET = "Share who wait (%)"
MINUTES_TARGET = "Mean wait (minutes)"
DEFAULT_WAIT_MINUTES = 3.0
# The narrowest the planner's two charts get side by side: the heatmap's hours keep room for
# their numbers.
SIDE_BY_SIDE_WIDTH = 640
MEASURES = {"busy_share": "Mean share of units busy", "all_busy_share": "Share of time all busy"}
# The racks the figures count: the inventory's, or the stations in use where the logs name more.
RACKS_HELP = (
    "In the inventory (Settings page), or the rack stations the station logs name where they "
    "name more: a note above says so"
)
NO_RACKS_HELP = (
    "Not applicable: there are no squat racks in the inventory for this location. "
    "Add them on the Settings page."
)


def default_range(location: str | None) -> tuple[date, date]:
    """The range the page opens on at `location`: that location's weeks, as the report's."""
    return cached(racks.default_range, current_day(), location=location)


def filters() -> tuple[racks.DemandBasis, float | None, Target]:
    """The page's filters; untouched, they equal the report's defaults. The basis they rest on
    (the location's data span, demand source, measured coverage) is worked out once and passed
    on."""
    places = cached(settings.known_locations)
    first, last = default_range(st.session_state.get("racks:location", next(iter(places), None)))
    st.session_state["racks:default_range"] = (first, last)
    row = filter_row(3)
    picked = row.date_input(
        "Date range",
        value=(first, last),
        format="YYYY-MM-DD",
        help="By default up to 8 Monday-Sunday weeks the workouts or station sessions at the "
        "picked location cover, each from its first open day to its last.",
        **kept("racks:range"),
    )
    location = row.selectbox(
        "Location",
        places,
        on_change=follow_location,
        args=("racks:range", "racks:default_range", "racks:location", default_range),
        **kept("racks:location"),
    )
    start, end = whole_range(picked)
    basis = cached(racks.demand_basis, start, end, location)
    source, measured = basis.source, basis.measured
    # Station logs count everyone: coverage does not apply to them, so the field stays empty, as
    # it does for a range without data, where there is nothing to scale.
    applies = source not in ("stations", "none")
    default_pct = round(100 * (measured or 1.0)) if applies else None
    coverage_pct = row.number_input(
        "Coverage (%)",
        min_value=racks.COVERAGE_PERCENTS[0],
        max_value=racks.COVERAGE_PERCENTS[1],
        value=default_pct,
        step=1,
        disabled=not applies,
        placeholder="Does not apply",
        help="Share of the people in the gym who log workouts; every figure from set logs is "
        "scaled by it, as the method below says. "
        + {
            "stations": "Station logs count everyone, so it does not apply to them. ",
            racks.MIXED: "Station logs count everyone, so it applies to the set-log days only. ",
        }.get(source, "")
        + (
            f"Door counts suggest {measured:.0%}."
            if measured
            else "Without door counts it is 100%: the figures count loggers only."
        ),
        # One choice per source and default: another location or range with other door counts
        # starts from its own measured coverage, as the report does, and a station-only range
        # shows no coverage typed for set logs.
        **kept(f"racks:coverage:{source}:{default_pct}"),
    )
    kind = row.selectbox("Wait target", (SHARE_TARGET, MINUTES_TARGET), **kept("racks:target"))
    if kind == SHARE_TARGET:
        share = row.number_input(
            "At most this share waits (%)",
            min_value=racks.WAIT_SHARE_PERCENTS[0],
            max_value=racks.WAIT_SHARE_PERCENTS[1],
            value=round(100 * racks.DEFAULT_TARGET.value),
            step=1,
            **kept("racks:share"),
        )
        target = Target("share", share / 100)
    else:
        minutes = row.number_input(
            "Mean wait at most (minutes)",
            min_value=racks.WAIT_MINUTES[0],
            max_value=racks.WAIT_MINUTES[1],
            value=DEFAULT_WAIT_MINUTES,
            step=0.5,
            **kept("racks:minutes"),
        )
        target = Target("minutes", float(minutes))
    # None means "the measured coverage", exactly what the report uses by default.
    coverage = None if coverage_pct in (default_pct, None) else coverage_pct / 100
    return basis, coverage, target


def share_or_dash(
    share: float | None, help_text: str, target: Target | None = None
) -> tuple[str, str]:
    """A tile's value and help: "-" when there are no squat racks to be busy or wait for, with
    the help saying why; beside a share `target`, on its side (pct), as the planner's sentence."""
    return ("-", NO_RACKS_HELP) if share is None else (pct(share, target), help_text)


def tiles(result: racks.RackDemand) -> None:
    """Four tiles: two rows of two on a tablet beside the menu, one row on a laptop. Coverage has
    no tile: the Coverage field above holds the figure the page uses, and a note says where it
    comes from (a fifth tile sat alone on a third row on a tablet)."""
    grid = tile_row(4)
    grid.metric("Squat racks", result.racks, help=RACKS_HELP, border=True)
    every, today = every_rack(result.racks), todays_racks(result.racks)
    busy, busy_help = share_or_dash(
        result.all_busy_share, f"Share of opening hours with {every} taken"
    )
    grid.metric(all_busy_label(result.racks), busy, help=busy_help, border=True)
    waits, waits_help = share_or_dash(
        result.members_waiting_share,
        f"Share of members who find {every} taken: an Erlang C estimate with {today}, "
        "weighted by arrivals",
        target=result.target,
    )
    grid.metric("Who waits", waits, help=waits_help, border=True)
    # The racks for the busiest hour can be more than today's, while most hours do fine: the
    # label says the figure is for the peak, the help which hour that is.
    peak = f", the peak ({result.peak_slot}) included" if result.peak_slot else ""
    miss = "misses" if result.racks == 1 else "miss"
    grid.metric(
        "Racks at peak",
        result.racks_needed,
        help=f"Racks so that {result.target.describe()} in every open hour{peak}. "
        f"The planner below shows how many hours {today} {miss}.",
        border=True,
    )


def utilisation(result: racks.RackDemand) -> None:
    st.subheader("When the equipment is busy")
    kinds = list(dict.fromkeys(result.utilisation["equipment_type"]))
    if result.unlogged:
        st.caption(unlogged_sentence(result.units, result.unlogged))
    elif not kinds:
        st.caption("No equipment with units in the inventory to chart.")
    if not kinds:
        return
    # One unit is either busy or free: both measures are its share of time busy, so with one
    # unit of each type charted there is no measure to choose.
    single = all(result.units[kind] == 1 for kind in kinds)
    measure = (
        "busy_share"
        if single
        else st.radio(
            "Show",
            tuple(MEASURES),
            format_func=MEASURES.get,
            horizontal=True,
            **kept("racks:measure"),
        )
    )
    # The names the Settings page lists the inventory by: short enough for every tab to show on a
    # tablet beside the menu, where longer ones went behind the tab row's scroll arrow.
    names = [settings.equipment_name(k) for k in kinds]
    for tab, kind in zip(st.tabs(names), kinds, strict=True):
        frame = result.utilisation[result.utilisation["equipment_type"] == kind]
        tab.caption(f"{plural(result.units[kind], 'unit')}; opening hours only")
        tab.altair_chart(
            charts.utilisation_heatmap(frame, result.units[kind], measure), width="stretch"
        )
        peaks = peak_sentences(frame, result.units[kind], kind, measure)
        tab.markdown("\n".join(f"- {escape_markdown(line)}" for line in peaks))


def waiting(result: racks.RackDemand) -> None:
    st.subheader("Waiting for a rack (estimate)")
    if result.racks:
        st.caption(
            "Erlang C queue per hour from its arrivals and mean session length: the share of "
            f"members who find {every_rack(result.racks, 'rack')} taken. See the method below."
        )
        st.altair_chart(charts.wait_heatmap(result.queue, result.target), width="stretch")
    else:
        st.caption(
            "Without racks in the inventory nobody can be said to wait for one: the hours below "
            "show the demand and the racks each hour needs for the target."
        )
    st.dataframe(
        waiting_table(result.queue, result.racks, result.target),
        hide_index=True,
        width="stretch",
        # Short headers and cells, their meaning in the help: the whole table fits a tablet's
        # window beside the menu, without scrolling sideways.
        column_config={
            "hour": "Hour",
            "arrivals_per_hour": st.column_config.NumberColumn(
                "Arrivals", format="%.1f/h", help="Sessions starting per hour"
            ),
            "mean_minutes": st.column_config.NumberColumn(
                "Session", format="%.0f min", help="Mean session length"
            ),
            "load": st.column_config.NumberColumn(
                "Busy", format="%.2f", help="Racks busy on average"
            ),
            "wait": st.column_config.TextColumn(
                f"With {plural(result.racks, 'rack')}", help=wait_help(result.racks)
            ),
            "racks_needed": st.column_config.NumberColumn(
                "Needed", help="Racks this hour needs for the target"
            ),
        },
    )


def planner(result: racks.RackDemand) -> None:
    st.subheader("Racks needed")
    st.caption(f"Target: {result.target.describe()}.")
    st.markdown("\n".join(f"- {line}" for line in result.planner_sentences))
    # Side by side on a wide screen only; where that would leave the heatmap's hours too narrow to
    # read (a laptop, a tablet) the heatmap goes under the line chart.
    pair = st.grid(2, min_column_width=SIDE_BY_SIDE_WIDTH)
    pair.altair_chart(
        charts.planner_chart(result.planner, result.racks, result.target), width="stretch"
    )
    pair.altair_chart(charts.racks_needed_heatmap(result.queue), width="stretch")


def free_weights(result: racks.RackDemand) -> None:
    st.subheader("Free weights or machines")
    if not result.classes["sets"].any():
        # Station logs say which rack was taken, not which exercise: the split needs set logs.
        st.info(
            "No workout logs with leg sets were imported for this range, so there are no leg "
            "sets to split into free weights and machines.",
            icon=":material/inbox:",
        )
        return
    st.caption(
        "Leg hard sets per week (not warm-ups, more than 0 reps), as on the Leg training page: "
        "free weights are barbell, dumbbell and kettlebell work."
    )
    st.altair_chart(charts.class_trend(result.classes), width="stretch")
    if result.substitution:
        st.markdown(result.substitution.sentence())


def trend(result: racks.RackDemand) -> None:
    st.subheader("Rack use by week")
    st.markdown(f"**{result.trend}**")
    st.altair_chart(charts.weekly_trend(result.weekly), width="stretch")


def downloads(result: racks.RackDemand) -> None:
    st.subheader("Download the figures")
    frames = {
        "Utilisation": result.utilisation,
        "Waiting": result.queue,
        "Planner": result.planner,
        "Leg sets": result.classes,
        "Rack use": result.weekly,
    }
    stem = f"{result.start}_{result.end}"
    # Buttons as wide as their labels, wrapping to a new line rather than cutting them.
    row = st.container(horizontal=True, wrap=True)
    for label, frame in frames.items():
        row.download_button(
            label,
            csv_bytes(frame),
            file_name=f"racks-{label.lower().replace(' ', '-')}-{stem}.csv",
            key=f"download:{label}",
            mime="text/csv",
            icon=":material/download:",
        )


page_header(
    "Equipment demand",
    "Squat racks and free-weight stations by weekday and hour, waiting, and the racks you need",
)
basis, coverage, target = filters()
result = cached(racks.rack_demand_for, basis, coverage, target)
if result.empty_state:
    empty_state(result.empty_state)
    st.stop()
if not result.racks:
    st.info(escape_markdown(no_racks_sentence(result.location)), icon=":material/info:")
for problem in result.needs_fix:
    st.warning(escape_markdown(problem), icon=":material/warning:")
source = source_words(result.source, result.station_days, result.set_days)
st.caption(
    f"Demand from {source}. The hour-by-hour figures are for opening hours only; leg sets and"
    " rack use by week count every set and session."
)
for note in result.captions:
    st.caption(escape_markdown(note))
tiles(result)
utilisation(result)
waiting(result)
planner(result)
free_weights(result)
trend(result)
downloads(result)
with st.expander("How these figures are made"):
    st.markdown(racks.METHOD)
