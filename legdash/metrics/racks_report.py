"""`report racks`: the rack figures as plain data for --json and as text for a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legdash.capacity import Target
from legdash.db import Connection
from legdash.metrics import FilterError, empty_fields, known_location
from legdash.metrics.legs import records
from legdash.metrics.racks import (
    COVERAGE_PERCENTS,
    DEFAULT_TARGET,
    WAIT_MINUTES,
    WAIT_SHARE_PERCENTS,
    RackDemand,
    default_range,
    rack_demand,
)
from legdash.metrics.racks_wording import (
    all_busy_sentence,
    minutes,
    no_racks_sentence,
    pct,
    source_words,
    stored_share,
    tenths,
    unlogged_sentence,
)
from legdash.wording import plural

if TYPE_CHECKING:
    from legdash.reports import ReportArgs


def as_dict(result: RackDemand) -> dict[str, Any]:
    """JSON-safe form of every figure: what `report racks --json` prints."""
    sub = result.substitution
    return {
        "report": "racks",
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "location": result.location,
        **empty_fields(result.empty_state),
        "data_span": [d.isoformat() for d in result.data_span] if result.data_span else None,
        "source": result.source,
        "station_days": result.station_days,
        "set_days": result.set_days,
        "coverage": result.coverage,
        "coverage_measured": result.coverage_measured,
        "target": {"kind": result.target.kind, "value": result.target.value},
        "racks": result.racks,
        "units": result.units,
        "unlogged": list(result.unlogged),  # inventory types without station logs: no busy hours
        "notes": list(result.notes),
        "all_busy_share": result.all_busy_share,
        "peaks": list(result.peaks),
        "racks_needed": result.racks_needed,
        "members_waiting_share": result.members_waiting_share,
        "mean_wait_minutes": result.mean_wait_minutes,
        "planner_sentences": list(result.planner_sentences),
        "substitution": None
        if sub is None
        else {
            "machine_leg_sets": sub.machine_leg_sets,
            "while_racks_full": sub.while_racks_full,
            "members": sub.members,
            "share": stored_share(sub.share),
            "full_time_share": sub.full_time_share,
            "sentence": sub.sentence(),
        },
        "trend": result.trend,
        "utilisation": records(result.utilisation),
        "queue": records(result.queue),
        "planner": records(result.planner),
        "classes": records(result.classes),
        "weekly": records(result.weekly),
    }


def percent_option(value: float | None, name: str, bounds: tuple[int, int]) -> float | None:
    """A command-line percentage (10 = 10%) as a share, or FilterError.

    Whole and within the page's field's `bounds`: from 1, since 0.4 is far more likely a share
    meant as 40% than a real 0.4%, and whole, as the report tells it (40.5 would read "40%").
    """
    if value is None:
        return None
    low, high = bounds
    if not (low <= value <= high and float(value).is_integer()):
        raise FilterError(f"{name} is a whole percentage from {low} to {high}: 40 means 40%")
    return value / 100


def build(con: Connection, args: ReportArgs) -> dict[str, Any]:
    """`report racks`: the page's figures for the same range, location, coverage and wait target.

    Percentages are whole numbers (--coverage 40 is 40%), within the page's bounds; defaults match the page's: up to 8
    weeks the location's data covers, up to the last such week, the default location, the
    measured coverage and at most 10% of members waiting.
    """
    location = known_location(con, args.location)
    first, last = default_range(con, end=args.end, start=args.start, location=location)
    share = percent_option(args.max_wait_share, "--max-wait-share", WAIT_SHARE_PERCENTS)
    minutes = args.max_wait_minutes
    if share is not None and minutes is not None:
        raise FilterError("give one wait target: --max-wait-share or --max-wait-minutes")
    if minutes is not None and not WAIT_MINUTES[0] <= minutes <= WAIT_MINUTES[1]:
        raise FilterError("--max-wait-minutes is from {:g} to {:g} minutes".format(*WAIT_MINUTES))
    target = DEFAULT_TARGET
    if share is not None:
        target = Target("share", share)
    elif minutes is not None:
        target = Target("minutes", minutes)
    coverage = percent_option(args.coverage, "--coverage", COVERAGE_PERCENTS)
    return as_dict(
        rack_demand(con, args.start or first, args.end or last, location, coverage, target)
    )


def text(data: dict[str, Any]) -> str:
    """The report as a person reads it in a terminal."""
    head = f"Equipment demand at {data['location']}, {data['start']} to {data['end']}"
    if data["empty"]:
        return f"{head}\n{data['empty_sentence']}"
    source = source_words(data["source"], data["station_days"], data["set_days"])
    racks = data["racks"]
    # No coverage on station logs alone: the note below says it does not apply.
    coverage = "" if data["coverage"] is None else f"; coverage {data['coverage']:.0%}"
    lines = [
        head,
        f"Demand from {source}{coverage}; {plural(racks, 'squat rack')}.",
        *([] if racks else [no_racks_sentence(data["location"])]),
        *data["notes"],
        *([unlogged_sentence(data["units"], data["unlogged"])] if data["unlogged"] else []),
        "",
    ]
    if racks:
        lines += [all_busy_sentence(data["all_busy_share"], racks), *data["peaks"], ""]
    lines += [
        f"Waiting (Erlang C estimate), target: {_target(data).describe()}",
        f"Members who wait for a rack: {_waiting_text(data)}",
    ]
    if racks and data["target"]["kind"] == "minutes":
        lines.append(f"Mean wait for a rack: {_mean_wait_text(data)}")
    lines += data["planner_sentences"]
    busy = [q for q in data["queue"] if q["sessions"]]
    for q in sorted(busy, key=lambda q: (-q["load"], q["dow"], q["hour"]))[:5]:
        lines.append(f"  {q['slot']}: {tenths(q['arrivals_per_hour'])} arrivals/h, {q['status']}")
    lines += [""]
    if data["substitution"]:
        lines.append(data["substitution"]["sentence"])
    lines.append(data["trend"])
    return "\n".join(lines)


def _waiting_text(data: dict[str, Any]) -> str:
    share = data["members_waiting_share"]
    return "not applicable (no squat racks)" if share is None else pct(share, _target(data))


def _mean_wait_text(data: dict[str, Any]) -> str:
    """Today's racks' mean wait over every open hour, as the planner sentences tell it."""
    wait = data["mean_wait_minutes"]
    if wait is None:
        over = next(
            p["hours_over_capacity"] for p in data["planner"] if p["racks"] == data["racks"]
        )
        return f"none finite: {plural(over, 'open hour')} over capacity, where the queue grows"
    return minutes(wait, target=_target(data))


def _target(data: dict[str, Any]) -> Target:
    """The wait target the report's JSON gives, which its text is told beside."""
    return Target(data["target"]["kind"], data["target"]["value"])
