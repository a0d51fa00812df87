"""Leg training (owner and staff): how often members really train legs, and who skips them."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from legdash import auth
from legdash.cache import cached
from legdash.charts import legs as charts
from legdash.export import csv_bytes
from legdash.metrics import FilterError, legs
from legdash.ui import (
    FILTER_WIDTH,
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

ALL_LOCATIONS = "All locations"
# The narrowest the class moves chart and the table of moves get side by side: narrower, the
# chart's legend leaves its bars a sliver and the table scrolls sideways.
SIDE_BY_SIDE_WIDTH = 380
# The leg skippers' rows are three lines high, so a long name or member ID wraps rather than ends
# in "...": Streamlit wraps text only in rows over 64 px. The widths of the member, name and last
# leg session add up, with the dates and counts, to the 466 px a tablet leaves the table beside
# the menu; a wider window shares out the rest.
SKIPPER_ROW_HEIGHT = 65
SKIPPER_TEXT_WIDTH = 110


def download(frame: pd.DataFrame, name: str) -> None:
    st.download_button(
        "Download CSV",
        csv_bytes(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"csv:{name}",
    )


def default_filters(place: str, today: date) -> legs.LegFilters:
    """The filters the page opens on at `place` (a location, or all of them)."""
    return cached(
        legs.resolve_filters, location=None if place == ALL_LOCATIONS else place, today=today
    )


def default_range(place: str) -> tuple[date, date]:
    """The range the page opens on at `place`: that location's weeks."""
    defaults = default_filters(place, current_day())
    return defaults.start, defaults.end


def pick_filters(today: date) -> legs.LegFilters:
    """The filter row; stops the page with a message while the choice cannot be used."""
    defaults = default_filters(st.session_state.get("legs:location", ALL_LOCATIONS), today)
    st.session_state["legs:default_range"] = (defaults.start, defaults.end)
    places = cached(legs.locations)
    row = filter_row(4)
    picked = row.date_input(
        "Date range",
        value=(defaults.start, defaults.end),
        max_value=today,
        format="YYYY-MM-DD",
        help="Weekly charts cover ISO weeks from the week of the start date to the week of the "
        "end date, as on Equipment demand; a week the end date or the data cuts is marked with "
        "its days of data. Last week is the last complete Monday-Sunday week up to the end "
        "date. By default up to 12 weeks the workouts cover (at the picked location), each from "
        "its first open day to its last.",
        **kept("legs:range"),
    )
    location = row.selectbox(
        "Location",
        [ALL_LOCATIONS, *places],
        on_change=follow_location,
        args=("legs:range", "legs:default_range", "legs:location", default_range),
        **kept("legs:location"),
    )
    segment = row.selectbox(
        "Members",
        [None, *legs.SEGMENTS],
        format_func=lambda s: "All members" if s is None else legs.SEGMENTS[s],
        help="Segments use each member's leg training in the 4 weeks up to last week.",
        **kept("legs:segment"),
    )
    min_sets = row.number_input(
        "Sets for a leg session",
        min_value=1,
        max_value=20,
        value=defaults.min_sets,
        help="At least this many hard leg sets make a workout a leg session. The default is the "
        "leg_session_min_sets setting; changing it here does not save it.",
        **kept("legs:min_sets"),
    )
    start, end = whole_range(picked)
    try:
        return cached(
            legs.resolve_filters,
            start=start,
            end=end,
            location=None if location == ALL_LOCATIONS else location,
            segment=segment,
            min_sets=int(min_sets),
            skipper_weeks=int(
                st.session_state.get("legs:skipper_weeks", legs.DEFAULT_SKIPPER_WEEKS)
            ),
            today=today,
        )
    except FilterError as error:
        st.error(str(error), icon=":material/error:")
        st.stop()


def headline(result: legs.LegTraining) -> None:
    classes, last = result.classes, result.filters.last_week
    st.subheader(escape_markdown(classes.headline))  # it names the picked location
    # The tiles are all about last week: said once here, so their labels stay short enough to fit.
    st.caption(f"Last week: {classes.last_week_label}")
    patterns = result.patterns.set_index("week")
    equipment = result.equipment.set_index(["week", "equipment_class"])
    tiles = tile_row(4)
    share, active = classes.share_no_legs_last_week, classes.active_last_week
    where = escape_markdown(legs.at(classes.location))
    tiles.metric(
        "Skipped legs",
        "-" if share is None else f"{share:.0%}",
        help=f"No workouts logged{where}: unknown"
        if active is None
        else f"{classes.no_legs_last_week} of {active} active members did not train legs{where}",
        border=True,
    )
    tiles.metric(
        "Active members",
        "-" if active is None else f"{active:,}",
        help="Members who logged at least one workout",
        border=True,
    )
    last_ratio = patterns.loc[last, "skip_legs_ratio"]
    tiles.metric(
        "Skip-legs ratio",
        "-" if pd.isna(last_ratio) else f"{last_ratio:.1f}",
        help="Upper-body hard sets per leg hard set",
        border=True,
    )
    free_share = equipment.loc[(last, "free_weight"), "share"]
    leg_sets = equipment.loc[last, "hard_sets"].sum()  # no share of none: "-", not 0%
    tiles.metric(
        "Free-weight legs",
        f"{free_share:.0%}" if leg_sets else "-",
        help="Share of last week's leg hard sets done with barbells, dumbbells or kettlebells",
        border=True,
    )


def cohorts(result: legs.LegTraining) -> None:
    st.header("Cohorts")
    by_join, by_class = st.tabs(["By join month", "By leg class over 4 weeks"])
    with by_join:
        st.caption(
            "Members grouped by the month they joined (or of their first workout): how their "
            "active weeks in the range split by leg sessions that week."
        )
        if result.join_cohorts.empty:
            st.info("No active members in this range.", icon=":material/inbox:")
        else:
            st.altair_chart(charts.join_cohort_chart(result.join_cohorts), width="stretch")
        download(result.join_cohorts, "leg-cohorts-by-join-month")
    with by_class:
        moves = result.class_cohorts
        if moves.weeks.empty:
            st.info(
                "No 4-week leg classes in this range: they start once 4 weeks of data exist.",
                icon=":material/inbox:",
            )
        elif moves.weeks["members"].isna().all():
            st.info(
                "No 4-week leg classes in this range: the 4 weeks up to each of its weeks hold a"
                " week with nothing logged.",
                icon=":material/inbox:",
            )
        else:
            st.altair_chart(charts.class_weeks_chart(moves.weeks), width="stretch")
        download(moves.weeks, "leg-classes-4-weeks")
        # Side by side on a wide screen only; on a tablet the moves chart would be squeezed to
        # a sliver and the table cut, so the right-hand half goes under the left.
        pair = st.grid(2, min_column_width=SIDE_BY_SIDE_WIDTH)
        with pair.cell():
            st.markdown("**Moves between leg classes** (against the 4 weeks before)")
            if moves.transitions.empty:
                st.info(escape_markdown(result.notes.no_moves), icon=":material/inbox:")
            else:
                st.altair_chart(charts.class_moves_chart(moves.transitions), width="stretch")
            download(moves.transitions, "leg-class-moves")
        with pair.cell():
            last = result.filters.last_week
            st.markdown(f"**Leg class moves up to the week of {last:%d %b}**")
            st.caption(
                "Members by leg class in the 4 weeks before (rows) and in the 4 weeks up to last "
                "week (columns)."
            )
            matrix = legs.transition_matrix(moves.transitions, last)
            if matrix.to_numpy().any():
                st.dataframe(matrix)
            else:
                st.info(legs.no_class_moves_sentence(last, result.span), icon=":material/inbox:")
            st.markdown("**Do machine-only members move to free weights?**")
            st.caption(
                "Of the members whose leg work was machine-only in 4 weeks, the share who did "
                "free-weight leg work in the 4 weeks after, shown at the week those end."
            )
            if moves.machine_only["machine_only"].any():
                st.altair_chart(charts.machine_only_chart(moves.machine_only), width="stretch")
            else:
                why = escape_markdown(result.notes.no_machine_only_moves)
                st.info(why, icon=":material/inbox:")
            download(moves.machine_only, "machine-only-moves")


def skippers(result: legs.LegTraining) -> None:
    """Names for coaching outreach: owner and staff only, never on the kiosk."""
    if auth.current_role() not in auth.STAFF_ROLES:
        return
    f = result.filters
    st.header("Leg skippers")
    st.number_input(
        "Active in the last N weeks",
        min_value=1,
        max_value=52,
        value=legs.DEFAULT_SKIPPER_WEEKS,
        **kept("legs:skipper_weeks"),
        width=FILTER_WIDTH,
    )
    rule = escape_markdown(legs.skippers_rule(f.skipper_weeks, f.location))
    st.caption(
        f"Members with {rule} up to the week of {f.last_week:%d %b %Y}, nor since, for "
        "coaching outreach."
    )
    note = result.notes.skippers
    if note and note.nobody_to_list:
        st.info(escape_markdown(note.text), icon=":material/inbox:")  # not "all trained legs"
        return
    if note:
        st.caption(escape_markdown(note.text))
    if result.skippers.empty:
        who = " in this segment" if f.segment else ""
        where = f" at {escape_markdown(f.location)}" if f.location else ""
        st.info(
            f"No leg skippers in the {plural(f.skipper_weeks, 'week')} up to the week of "
            f"{f.last_week:%d %b %Y}: every active member{who}{where} had a leg session.",
            icon=":material/check_circle:",
        )
        return
    st.dataframe(
        result.skippers.assign(
            # A member without a name gets an empty cell, not a grey "None".
            name=result.skippers["name"].fillna(""),
            last_leg_session=[
                legs.last_leg_wording(day, where)
                for day, where in zip(
                    result.skippers["last_leg_session"],
                    result.skippers["last_leg_location"],
                    strict=True,
                )
            ],
        ).drop(columns="last_leg_location"),
        hide_index=True,
        row_height=SKIPPER_ROW_HEIGHT,
        column_order=("member_id", "name", "last_leg_session", "last_workout", "workouts"),
        column_config={
            "member_id": st.column_config.TextColumn("Member", width="small"),
            "name": st.column_config.TextColumn("Name", width=SKIPPER_TEXT_WIDTH),
            "last_leg_session": st.column_config.TextColumn(
                "Last leg session", width=SKIPPER_TEXT_WIDTH
            ),
            "last_workout": st.column_config.DateColumn(
                "Last workout",
                help=f"The latest workout logged{escape_markdown(legs.at(f.location))}, after "
                "the end date too",
            ),
            "workouts": st.column_config.NumberColumn("Workouts", format="%d"),
        },
        key="legs:skippers",
    )
    download(result.skippers, "leg-skippers")


page_header("Leg training", "How often members really train legs, week by week")
day = current_day()
filters = pick_filters(day)
if not filters.has_weeks:
    st.info(f"{legs.NO_COMPLETE_WEEK.capitalize()}.", icon=":material/date_range:")
    st.stop()
result = cached(legs.leg_training, filters, day)
if result.notes.gap_weeks:
    st.caption(escape_markdown(result.notes.gap_weeks))
if result.empty_state:
    empty_state(result.empty_state)
    st.stop()

headline(result)
st.header("Leg sessions per week")
st.altair_chart(charts.leg_class_stack(result.classes.frame), width="stretch")
download(result.classes.frame, "leg-sessions-per-week")

st.header("Leg sets by pattern against upper-body sets")
st.altair_chart(charts.pattern_sets_chart(result.patterns), width="stretch")
st.altair_chart(charts.skip_legs_ratio_chart(result.patterns), width="stretch")
download(result.patterns, "leg-sets-by-pattern")

st.header("Free weight against machine")
st.altair_chart(charts.equipment_share_chart(result.equipment), width="stretch")
download(result.equipment, "leg-sets-by-equipment")

cohorts(result)
skippers(result)

with st.expander("How these figures are defined", icon=":material/menu_book:"):
    st.markdown(legs.definitions(filters))
