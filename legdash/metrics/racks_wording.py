"""Rack figures in words, shared by the page, its charts and the report: labels and sentences."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from legdash.capacity import TOLERANCE, Target
from legdash.metrics import week_name
from legdash.settings import equipment_name
from legdash.wording import WEEKDAY_NAMES, plural, weeks_named

PEAK_SENTENCES = 3
TREND_BASELINE_WEEKS = 4
LEVEL_BAND = 0.05  # a change within +-5% reads as "about level"
SHARE_DIGITS = 4  # shares are stored and reported to 0.01%


def stored_share(share: float) -> float:
    """A share at the precision the figures are stored and reported with (SHARE_DIGITS decimals,
    as in the JSON report), never rounded down to 0: a share above 0 that would be (every rack
    taken for a moment at 50% coverage) keeps two significant digits, so that it reads "<0.1%"
    (pct) in the JSON, the CSV and the charts alike, not "0%" as if it never happened."""
    rounded = round(share, SHARE_DIGITS)
    return rounded if rounded or share <= 0 else float(f"{share:.2g}")


def pct(share: float, target: Target | None = None) -> str:
    """A share as a percentage, with a decimal below 10% so small shares do not read as 0%, and
    "<0.1%" for any share above 0 that would.

    One rule for every share the page, its charts and the report show: the share is first taken
    at the precision the figures are stored with (stored_share), then rounded half up. A heatmap
    cell drawn from a stored share and the sentence made from the unrounded one therefore always
    read the same (0.04449 and its stored 0.0445 are both 4.5%, 0.00004 and its stored 4e-05 both
    "<0.1%"). Beside a share `target` it reads on the target's side (_beside): 0.1004 reads
    "10.1%" over a 10% target.
    """
    stored = Decimal(str(round(share, SHARE_DIGITS))) * 100
    if share > 0 and stored < Decimal("0.05"):
        return "<0.1%"
    tenth = stored.quantize(Decimal("0.1"), ROUND_HALF_UP)
    shown = tenth if 0 < tenth < 10 else stored.quantize(Decimal("1"), ROUND_HALF_UP)
    return f"{_beside(stored, shown, target, 'share', 100):f}%"


def _beside(
    value: Decimal, shown: Decimal, target: Target | None, kind: str, scale: int
) -> Decimal:
    """`shown`, the rounded `value`, unless it reads on the other side of a `kind` target than
    `value` is: then `value` to one decimal more than `shown`, rounded away from the target. An
    hour over a 0.5 min target with a mean wait of 0.5265 min must not read "0.5 min", as if it
    met it, and reads "0.53 min"; 21.18% over 21% reads "21.2%", short enough for a heatmap cell
    (`scale`: the target's value in the units shown)."""
    if target is None or target.kind != kind:
        return shown
    limit = Decimal(str(target.value)) * scale
    over = value > limit + Decimal(TOLERANCE)
    if over == (shown > limit):
        return shown
    step = Decimal(1).scaleb(shown.as_tuple().exponent - 1)
    # normalize: "10.3", not "10.30" (format with :f, as "1E+1" would read otherwise)
    return value.quantize(step, ROUND_CEILING if over else ROUND_FLOOR).normalize()


def tenths(value: float) -> str:
    """A figure to one decimal as the page's tables show it (JavaScript's toFixed): an exact half
    goes up, 5.25 is 5.3 where Python's format gives 5.2. Like both, it rounds the float's exact
    value, so 12.35 (stored as 12.3499...) is 12.3."""
    return str(Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP))


def minutes(value: float, short: bool = False, target: Target | None = None) -> str:
    """A wait in minutes, "under 0.1 min" ("<0.1 min" `short`) rather than a wait that reads as
    none; beside a minutes `target`, on the target's side (_beside): "0.53 min" over 0.5."""
    if value < 0.05:
        return "<0.1 min" if short else "under 0.1 min"
    # str: Decimal(0.53) holds the float's binary tail, which rounding up makes 0.54
    return f"{_beside(Decimal(str(value)), Decimal(f'{value:.1f}'), target, 'minutes', 1):f} min"


def source_words(source: str, station_days: int, set_days: int) -> str:
    """Where the demand comes from, as the page and the report say it: with days of both kinds,
    which days came from which ("station logs on 12 days, set logs (estimated) on 30 days")."""
    if source == "stations":
        return "station logs"
    if source == "sets":
        return "set logs (estimated)"
    return (
        f"station logs on {plural(station_days, 'day')}, "
        f"set logs (estimated) on {plural(set_days, 'day')}"
    )


def no_racks_sentence(location: str) -> str:
    """Why the waiting figures are not applicable at a location, and what to do about it."""
    return (
        f"There are no squat racks in the inventory for {location}: add them on the Settings page "
        "to see how busy they are and who waits. Racks needed shows how many the demand calls for."
    )


def slot_label(dow: int, hour: int, open_part: tuple[int, int] = (0, 3600)) -> str:
    """ "Monday 18:00-19:00"; an hour the gym opens or closes in names its open part, the time
    its figures count (`open_part`: seconds into the hour): "Monday 06:30-07:00"."""
    start, end = (hour * 3600 + seconds for seconds in open_part)
    return f"{WEEKDAY_NAMES[dow - 1]} {_clock(start)}-{_clock(end)}"


def _clock(seconds: int) -> str:
    return f"{seconds // 3600 % 24:02d}:{seconds % 3600 // 60:02d}"


def short_slot(label: str) -> str:
    """A slot_label with its weekday cut to three letters, "Mon 18:00-19:00": a table column on
    a tablet."""
    day, hours = label.split(" ", 1)
    return f"{day[:3]} {hours}"


def wait_cell(
    over_capacity: bool, share: float | None, wait: float | None, target: Target | None = None
) -> str:
    """An hour's waiting with today's racks, short enough for a table column on a tablet:
    "21%, 2.1 min" (the share of members who wait, their mean wait), "0.3%, <0.1 min", or
    "over capacity". The status column of the CSV and the report says it in full."""
    return "over capacity" if over_capacity else wait_status(share, wait, True, target)


def wait_status(
    share: float | None, wait: float | None, short: bool = False, target: Target | None = None
) -> str:
    """An hour's waiting with today's racks, in full for the CSV and the report, or `short` for
    the page's table; "no wait" when nobody waits, where "0%, under 0.1 min" would give a wait to
    nobody. A share above 0 reads "<0.1%" (pct), as the Who waits tile it adds up to does. Beside
    the `target` an hour that misses it never reads as meeting it (pct, minutes)."""
    if not share:
        return "no wait"
    who, mean = pct(share or 0.0, target), minutes(wait or 0.0, short, target)
    return f"{who}, {mean}" if short else f"{who} wait, {mean} on average"


def every_rack(racks: int, noun: str = "squat rack") -> str:
    """ "every squat rack", or "the squat rack" when there is one: one rack taken is told as that
    rack, where "every" would count racks the floor does not have (`noun`: "rack" for short)."""
    return f"the {noun}" if racks == 1 else f"every {noun}"


def the_racks(racks: int) -> str:
    """ "the racks", or "the rack" when there is one, told as that rack."""
    return "the rack" if racks == 1 else "the racks"


def todays_racks(racks: int) -> str:
    """ "today's racks", or "today's rack" when there is one."""
    return "today's rack" if racks == 1 else "today's racks"


def all_busy_label(racks: int) -> str:
    """The tile of the share of opening hours with every rack taken: "All racks busy", or
    "Squat rack busy" for one rack, named as the heatmap's tab names it (equipment_name)."""
    return f"{equipment_name('squat_rack')} busy" if racks == 1 else "All racks busy"


def all_busy_sentence(share: float, racks: int) -> str:
    """The share of opening hours with every squat rack taken, as `report racks` says it."""
    return f"{every_rack(racks).capitalize()} was busy {pct(share)} of opening hours."


def wait_help(racks: int) -> str:
    """What the waiting table's wait column says (its cells are short: wait_cell)."""
    free_up = "the rack frees up" if racks == 1 else "the racks free up"
    return (
        f"With today's {plural(racks, 'rack')}: the share of members who find "
        f"{every_rack(racks, 'rack')} taken, then their mean wait. Over capacity: members arrive "
        f"faster than {free_up}, so the queue keeps growing; Needed says how many racks the hour "
        "needs."
    )


def waiting_table(queue: pd.DataFrame, racks: int, target: Target | None = None) -> pd.DataFrame:
    """The page's waiting table: the hours with rack sessions, busiest first, with short hour
    names and waits (wait_cell, beside the `target`) so that it reads on a tablet without
    scrolling sideways. No wait column without racks: nobody can be said to wait for one."""
    busy = queue[queue["sessions"] > 0].sort_values(
        ["load", "dow", "hour"], ascending=[False, True, True]
    )
    table = busy.assign(
        hour=[short_slot(label) for label in busy["slot"]],
        wait=[
            wait_cell(over, share, wait, target)
            for over, share, wait in zip(
                busy["over_capacity"],
                busy["wait_probability"],
                busy["mean_wait_minutes"],
                strict=True,
            )
        ],
    )
    columns = ["hour", "arrivals_per_hour", "mean_minutes", "load", "wait", "racks_needed"]
    return table[columns if racks else [c for c in columns if c != "wait"]]


def peak_sentences(
    utilisation: pd.DataFrame,
    units: int,
    kind: str = "squat_rack",
    measure: str = "all_busy_share",
) -> tuple[str, ...]:
    """The hours when `kind` was busiest by `measure` (the heatmap's: "all_busy_share" or
    "busy_share"), busiest first, so that the words under a heatmap tell what it shows."""
    hours = utilisation[utilisation["equipment_type"] == kind]
    busiest = hours[hours[measure] > 0].sort_values(
        [measure, "dow", "hour"], ascending=[False, True, True]
    )
    said, never = _peak_wording(units, kind, measure)
    if busiest.empty:
        return (never,) if len(hours) else ()
    return tuple(
        said.format(share=pct(getattr(row, measure)), slot=row.slot)
        for row in busiest.head(PEAK_SENTENCES).itertuples()
    )


def _peak_wording(units: int, kind: str, measure: str) -> tuple[str, str]:
    """A busy hour's sentence (to format with its share and slot) and the one for no busy hour.
    One unit is told as that unit ("The leg press was busy 35% of ..."): its share of time busy
    is then both measures' figure, where "35% of the units" would count units it does not have."""
    if units == 1:
        one = f"The {equipment_name(kind).lower()}"
        return f"{one} was busy {{share}} of {{slot}}.", f"{one} was never in use in opening hours."
    noun = "racks" if kind == "squat_rack" else "units"
    if measure == "all_busy_share":
        return (
            f"All {noun} were busy {{share}} of {{slot}}.",
            f"The {noun} were never all busy in opening hours.",
        )
    return (
        f"On {{slot}}, {{share}} of the {noun} were busy on average.",
        f"The {noun} were never in use in opening hours.",
    )


def unlogged_sentence(units: dict[str, int], kinds: tuple[str, ...]) -> str:
    """Why equipment in the inventory has no heatmap: no station logs of it in the range, and set
    logs do not say when it is in use (only a rack's time comes from them)."""
    named = [f"{equipment_name(k)} ({plural(units[k], 'unit')})" for k in kinds]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    one = len(kinds) == 1
    return (
        f"{listed} in the inventory {'has' if one else 'have'} no heatmap: no station logs of "
        f"{'it' if one else 'them'} in this range, and set logs do not say when equipment other "
        "than squat racks is in use."
    )


def substitution_sentence(
    machine_leg_sets: int,
    while_racks_full: float,
    members: int | None,
    full_time_share: float,
    racks: int,
) -> str:
    """Machine leg sets done while every squat rack was taken, against how often that was; one
    rack is told as that rack (every_rack).

    `members` is None when the count is a coverage estimate: who did those sets is then unknown.
    """
    every, every_short = every_rack(racks), every_rack(racks, "rack")
    if not machine_leg_sets:
        return "No machine leg sets with a time of day were logged in opening hours in this range."
    if not full_time_share:
        never = "The squat rack was never" if racks == 1 else "The squat racks were never all"
        return (
            f"{never} taken in opening hours, so no machine leg set "
            f"(of {machine_leg_sets:,} logged) was done for want of a free rack."
        )
    if not while_racks_full:
        return (
            f"No machine leg set (of {machine_leg_sets:,} logged) was done while {every} was "
            f"taken, though {every_short} was taken in {pct(full_time_share)} of opening hours."
        )
    estimate = "fewer than 1" if while_racks_full < 0.5 else f"about {round(while_racks_full):,}"
    counted = (
        f"{estimate} of {machine_leg_sets:,}, estimated with the coverage"
        if members is None
        else f"{while_racks_full:,} of {machine_leg_sets:,}, by {plural(members, 'member')}"
    )
    return (
        f"{pct(while_racks_full / machine_leg_sets)} of machine leg sets ({counted}) were done "
        f"while {every} was taken, against {pct(full_time_share)} of opening hours with "
        f"{every_short} taken."
    )


def planner_sentences(
    planner: pd.DataFrame, racks: int, needed: int, target: Target | None = None
) -> tuple[str, ...]:
    """The racks the target needs, and waiting with today's racks, one fewer and one more.

    Waiting is told in the target's terms: the share of members who wait, or the mean wait in
    minutes (over every open hour: none finite with hours over capacity, which are counted).
    """
    by_count = {int(r.racks): r for r in planner.itertuples()}
    in_minutes = target is not None and target.kind == "minutes"

    def waiting(r: Any) -> str:
        if not in_minutes:
            return f"{pct(r.members_waiting_share, target)} of members wait"
        if r.mean_wait_minutes is None or pd.isna(r.mean_wait_minutes):
            return "no finite mean wait, as the queue grows without end in hours over capacity"
        return f"members wait {minutes(r.mean_wait_minutes, target=target)} on average"

    def describe(count: int) -> str:
        r = by_count[count]
        missing = r.open_hours - r.hours_meeting_target
        text = f"{waiting(r)}; "
        verb = "misses" if missing == 1 else "miss"
        hours = "open hour" if r.open_hours == 1 else "open hours"
        text += (
            f"{missing} of {r.open_hours} {hours} {verb} the target"
            if missing
            else "every open hour meets the target"
        )
        if r.hours_over_capacity:
            text += f" ({r.hours_over_capacity} over capacity)"
        return text

    meet = "meets" if needed == 1 else "meet"
    lines = [f"{plural(needed, 'squat rack')} {meet} the target in every open hour."]
    if racks:
        lines.append(f"With {plural(racks, 'rack')} (now): {describe(racks)}.")
    else:
        lines.append(f"With 1 rack: {describe(1)}.")
    if racks > 1:
        lines.append(f"Removing one rack ({racks - 1}): {describe(racks - 1)}.")
    if racks:
        lines.append(f"Adding one rack ({racks + 1}): {describe(racks + 1)}.")
    return tuple(lines)


def trend_sentence(weekly: pd.DataFrame) -> str:
    """Up, down or level: the last complete week against the mean of up to 4 complete weeks before.

    A complete week has all 7 days in the data within the range (`data_days`); a later
    part-week with data is named as left out, so a week the data stops in early is never
    compared as if it were a week. Hours show to a tenth. Users are counted, so the week shows a
    whole number; a baseline of several weeks is their mean, said as such, to a tenth when it is
    not whole. A baseline that shows as none gives no percentage ("up 300%" from 0.0 h says
    nothing).
    """
    whole = weekly["data_days"] == 7
    complete = weekly[whole]
    if len(complete) < 2:
        return "Not enough complete weeks in the range to compare rack use."
    compared = complete.iloc[-1 - TREND_BASELINE_WEEKS :]
    between = weekly.loc[compared.index[0] : compared.index[-1]]
    return (
        _compare(complete)
        + _mixed_sources(compared)
        + _nothing_logged(between[between["data_days"] == 0])
        + _left_out(weekly[~whole & (weekly.index > complete.index[-1])])
    )


def _mixed_sources(compared: pd.DataFrame) -> str:
    """Says so when some compared weeks have rack station logs and others set logs alone (sensors
    fitted part-way): a week of station logs against weeks of set-log estimates changes with the
    switch alone. A week with neither says nothing of either."""
    sensed = compared["station_days"] > 0
    estimated = ~sensed & (compared["set_days"] > 0)
    if not (sensed.any() and estimated.any()):
        return ""
    return (
        " The weeks compared take their demand from different logs (station logs, set-log"
        " estimates), so part of the change may be the switch."
    )


def gap_weeks_note(weeks: list[date], location: str) -> str | None:
    """Names the whole weeks of the range with no rack demand logged inside the data (imports
    missing, a closure), which the hour-by-hour figures leave out: without it an owner would not
    learn that they rest on fewer weeks than the range holds. None without such a week."""
    if not weeks:
        return None
    return (
        f"No set and no squat-rack session was logged at {location} in {weeks_named(weeks)}: the"
        " hour-by-hour figures, the waiting estimates and the planner leave"
        f" {'it' if len(weeks) == 1 else 'them'} out, and the charts by week show no data there."
    )


def _nothing_logged(gaps: pd.DataFrame) -> str:
    """Names the weeks with no rack demand logged among those compared (no days of data inside
    the data: imports missing, a closure): the weeks compared are not then the weeks just before."""
    if gaps.empty:
        return ""
    named = weeks_named([pd.Timestamp(week).date() for week in gaps["week"]])
    them = "it" if len(gaps) == 1 else "them"
    verb = "is" if len(gaps) == 1 else "are"
    return f" {named[0].upper()}{named[1:]} {verb} left out: no rack demand was logged in {them}."


def _left_out(later: pd.DataFrame) -> str:
    """Names the last part-week with data after the compared week: why it is not compared. Its
    days of data (within the range) are marked as the charts' week labels mark them."""
    with_data = later[later["data_days"] > 0]
    if with_data.empty:
        return ""
    week = with_data.iloc[-1]
    return (
        f" The week of {week_name(pd.Timestamp(week.week), int(week.data_days))} is not compared."
    )


def _compare(complete: pd.DataFrame) -> str:
    last = complete.iloc[-1]
    before = complete.iloc[-1 - TREND_BASELINE_WEEKS : -1]
    hours, base_hours = float(last.rack_hours), float(before["rack_hours"].mean())
    span = "the week before" if len(before) == 1 else f"the {len(before)} weeks before"
    week = f"the week of {pd.Timestamp(last.week):%d %b %Y}"
    said = (
        f"Rack hours were {_direction(hours, base_hours, 1)} in {week} "
        f"({_hours(hours)} against {_hours(base_hours)} a week in {span})"
    )
    if pd.isna(last.rack_users):
        return f"{said}; the station logs name no members, so rack users are not counted."
    users, base_users = float(last.rack_users), float(before["rack_users"].mean())
    digits = 0 if base_users.is_integer() else 1
    mean = " a week on average" if len(before) > 1 else ""
    return (
        f"{said}; unique rack users were {_direction(users, base_users, digits)} "
        f"({users:,.0f} against {base_users:,.{digits}f}{mean})."
    )


def _hours(value: float) -> str:
    return "under 0.1 h" if 0 < value < 0.05 else f"{value:.1f} h"


def _direction(value: float, base: float, digits: int) -> str:
    """How `value` compares with `base`; both show rounded to `digits` decimals."""
    if base == 0:
        return "up from none" if value > 0 else "level at none"
    if round(base, digits) == 0:
        if value == 0:
            return "down to none"
        return "about level at almost none" if round(value, digits) == 0 else "up from almost none"
    change = value / base - 1
    if abs(change) <= LEVEL_BAND:
        return "about level"
    return f"{'up' if change > 0 else 'down'} {abs(change):.0%}"
