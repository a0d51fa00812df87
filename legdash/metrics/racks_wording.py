"""Rack figures in words, shared by the page, its charts and the report: labels and sentences."""

from __future__ import annotations

import pandas as pd

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PEAK_SENTENCES = 3
TREND_BASELINE_WEEKS = 4
LEVEL_BAND = 0.05  # a change within +-5% reads as "about level"


def pct(share: float) -> str:
    """A share as a percentage, with a decimal below 10% so small shares do not read as 0%."""
    if 0 < share < 0.0005:
        return "<0.1%"
    return f"{share:.1%}" if 0 < share < 0.1 else f"{share:.0%}"


def slot_label(dow: int, hour: int) -> str:
    """ "Monday 18:00-19:00"."""
    return f"{WEEKDAY_NAMES[dow - 1]} {hour:02d}:00-{(hour + 1) % 24:02d}:00"


def peak_sentences(utilisation: pd.DataFrame) -> tuple[str, ...]:
    """The hours when every squat rack was busy most often, busiest first."""
    racks = utilisation[utilisation["equipment_type"] == "squat_rack"]
    busiest = racks[racks["all_busy_share"] > 0].sort_values(
        ["all_busy_share", "dow", "hour"], ascending=[False, True, True]
    )
    if busiest.empty:
        return ("The squat racks were never all busy in opening hours.",) if len(racks) else ()
    return tuple(
        f"All racks were busy {pct(row.all_busy_share)} of {slot_label(row.dow, row.hour)}."
        for row in busiest.head(PEAK_SENTENCES).itertuples()
    )


def planner_sentences(planner: pd.DataFrame, racks: int, needed: int) -> tuple[str, ...]:
    """The racks the target needs, and waiting with today's racks, one fewer and one more."""
    by_count = {int(r.racks): r for r in planner.itertuples()}

    def describe(count: int) -> str:
        r = by_count[count]
        missing = r.open_hours - r.hours_meeting_target
        text = f"{pct(r.members_waiting_share)} of members wait; "
        text += (
            f"{missing} of {r.open_hours} open hours miss the target"
            if missing
            else ("every open hour meets the target")
        )
        if r.hours_over_capacity:
            text += f" ({r.hours_over_capacity} over capacity)"
        return text

    lines = [f"{needed} squat racks meet the target in every open hour."]
    if racks:
        lines.append(f"With {racks} racks (now): {describe(racks)}.")
    if racks > 1:
        lines.append(f"Removing one rack ({racks - 1}): {describe(racks - 1)}.")
    lines.append(f"Adding one rack ({racks + 1}): {describe(racks + 1)}.")
    return tuple(lines)


def trend_sentence(weekly: pd.DataFrame) -> str:
    """Up, down or level: the last complete week against the mean of up to 4 complete weeks before."""
    complete = weekly[weekly["days"] == 7]
    if len(complete) < 2:
        return "Not enough complete weeks in the range to compare rack use."
    last = complete.iloc[-1]
    before = complete.iloc[-1 - TREND_BASELINE_WEEKS : -1]
    base_hours = float(before["rack_hours"].mean())
    base_users = float(before["rack_users"].mean())
    span = "the week before" if len(before) == 1 else f"the {len(before)} weeks before"
    week = f"the week of {pd.Timestamp(last.week):%d %b %Y}"
    return (
        f"Rack hours were {_direction(last.rack_hours, base_hours)} in {week} "
        f"({last.rack_hours:.1f} h against {base_hours:.1f} h a week in {span}); "
        f"unique rack users were {_direction(last.rack_users, base_users)} "
        f"({int(last.rack_users)} against {base_users:.1f})."
    )


def _direction(value: float, base: float) -> str:
    if base == 0:
        return "up from none" if value > 0 else "level at none"
    change = value / base - 1
    if abs(change) <= LEVEL_BAND:
        return "about level"
    return f"{'up' if change > 0 else 'down'} {abs(change):.0%}"
