"""Squat-rack and equipment demand figures, for the "Equipment demand" page and `report racks`.

Demand comes, day by day, from station sessions (sensors, check-ins) on the days the location has
any. On the other days it is estimated from set logs: the rack exercises of a workout (the
taxonomy's needs_rack) hold one squat rack from the first to the last such set, plus
RACK_REST_SECONDS for the last set and its rest; a gap of over RACK_GAP_MINUTES between them
gives the rack up. Only some members log workouts, so set-log demand is scaled by coverage (the
share of the people in the gym who log, from door counts): see METHOD. Sets without a time of day
count in weekly figures only.
All figures are aggregated in DuckDB over opening hours; the queueing maths is in legdash.capacity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import pandas as pd

from legdash import capacity, settings
from legdash.capacity import Target
from legdash.db import Connection
from legdash.metrics import (
    DataSpan,
    EmptyState,
    FilterError,
    data_span,
    default_weeks,
    monday,
    run,
    span_of,
    status,
)
from legdash.metrics.legs import HARD_SET_SQL
from legdash.metrics.part_weeks import unknown_without_data, with_data_days
from legdash.metrics.racks_wording import (
    SHARE_DIGITS,
    WEEKDAY_NAMES,
    gap_weeks_note,
    peak_sentences,
    planner_sentences,
    slot_label,
    stored_share,
    substitution_sentence,
    the_racks,
    trend_sentence,
    wait_status,
)
from legdash.wording import ALL_LOGS, plural

EQUIPMENT_ORDER = ("squat_rack", "platform", "smith", "leg_press", "hack_squat", "bench")
EQUIPMENT_LABELS = {
    "squat_rack": "Squat racks",
    "platform": "Platforms",
    "smith": "Smith machines",
    "leg_press": "Leg presses",
    "hack_squat": "Hack squat machines",
    "bench": "Benches",
}
CLASS_ORDER = ("free_weight", "machine", "other")
CLASS_LABELS = {"free_weight": "Free weights", "machine": "Machines", "other": "Other"}
# How long the last set of a stretch holds its rack, for the set and its rest; coverage counts a
# visit present at least as long after its last set, so a member is never on a rack unseen.
RACK_REST_SECONDS = 180
# A member away from the rack exercises longer than this gave the rack up: a second visit that
# day (a native log's workout is the member's day), or rack work split by a stretch of others.
RACK_GAP_MINUTES = 30
# A member with no set logged for longer than this left the gym and came back: coverage counts
# them present from workout start to end (at least the last set plus RACK_REST_SECONDS) but for
# such absences.
AWAY_HOURS = 2
SOURCES = ("sets", "stations")  # the data rack demand comes from
MIXED = "stations and sets"  # the source of a range with days of each
NOT_APPLIED = "Station logs count every user, so coverage does not apply to this range"
DEFAULT_WEEKS = 8
DEFAULT_TARGET = Target("share", 0.10)
# The bounds of the page's fields and of `report racks`' options, alike: whole percentages (a
# coverage or a wait target of 40.5% would be told as 40%, 99.9% as 100%) and waits in minutes.
COVERAGE_PERCENTS = (1, 100)
WAIT_SHARE_PERCENTS = (1, 99)
WAIT_MINUTES = (0.5, 120.0)

METHOD = f"""\
**Where demand comes from**, day by day. On a day the location has squat-rack station logs (rack
sensors, check-ins), each session holds one rack from start to end. On the other days, rack
demand is estimated from set logs: the rack exercises of a workout (back and front squats, rack
pulls, good mornings...) hold one squat rack from the first to the last such set plus
{RACK_REST_SECONDS // 60} minutes for the last set and its rest; a member away from them for over
{RACK_GAP_MINUTES} minutes (a second visit that day) gives the rack up and takes one again. So a
gym that installs rack sensors part-way through keeps its set-log demand for the days before, and the page says how many days
came from each. Set logs say nothing of other equipment: leg presses, platforms and the like are
counted from their station sessions, on the days the location has any (and days with nothing
logged). Sets without a time of day (FitNotes) count
in the weekly figures only.

**Coverage.** Only some members log workouts. Over the hours with a door count, on days with a
logged workout, coverage is the mean number of logged members present (workout start to end, and
at least to {RACK_REST_SECONDS // 60} minutes after the last set, as the rack figures count a last
set; more than {AWAY_HOURS} hours without a set is a second visit) over the mean head count. Without
door counts it is 100% and the figures count loggers only. Station logs count everyone, so coverage does not apply to their days. Below 100%, every figure built on
set-log demand is scaled alike, on the set-log days: the people who do not log are taken to use
the racks as the loggers do, at random moments of the same weekday hours. Arrivals, rack hours and
rack users from set logs are divided by the coverage (a week's users are those, plus the station
logs' users not among them). The busy figures cannot simply be divided (a share of time cannot
pass 100%, and the logs do not say when the others held a rack): at any moment of a set-log day a
Poisson number of non-loggers, with mean the hour's logged racks busy on those days x
(1 / coverage - 1), hold racks on top of the logged ones, which makes the hour's mean demand the
logged one divided by the coverage. The units busy, the share of time all racks are taken, the
peaks and the substitution count follow from that; the substitution count is then an estimate and
does not say by how many members. The free-weight and machine split of leg sets counts logged
sets, as on the Leg training page.

**Utilisation** is the mean share of units busy, over opening hours only, against the inventory on
the Settings page. **All racks busy** (**Squat rack busy** with one rack) is the share of the hour
every squat rack was taken. An hour
the gym opens or closes in counts its open minutes only (06:30-07:00 for an opening at 06:30),
for these shares and for the arrivals per hour.

**Waiting is an estimate** (Erlang C, the M/M/c queue): members arrive at random at the hour's
mean arrival rate and hold a rack for its mean session length; P(wait) = C(c, a) for c racks and
a = arrivals per minute x mean minutes, and the mean wait is C x session length / (c - a). When a
reaches c the queue keeps growing: the hour is over capacity and needs at least floor(a) + 1 racks.
Real lifters share racks, give up or switch to machines, so read the figures as pressure on the
racks, not a promise. **Members who wait** weights each hour by its arrivals; in an hour over
capacity every arrival counts as waiting. With a target in minutes the planner gives the **mean
wait**, weighted by arrivals over every open hour; with an hour over capacity its queue grows
without end, so there is no finite mean, and the planner counts those hours instead: a mean over the
hours that keep up went up and down with the racks, as hours dropped out of it.

**Rack use by week** adds up every rack session's time and counts its users, opening hours or
not: a week's total use of the racks, where the hour-by-hour figures above rate the opening hours.
A week with no rack demand logged at the location (no set, no squat-rack station session:
imports missing, or a closure) says nothing of rack use: it shows as a week without data, and the
up/down statement leaves it out of the weeks it compares. Its open hours are left out of the
racks' hour-by-hour figures and the planner as well. A week without a set logged has unknown leg
sets.

**Leg sets** here are hard sets, as on the Leg training page: not a warm-up, more than 0 reps, not
flagged; each counts in the week its workout started. **Substitution** counts machine leg hard
sets (leg press, hack squat, leg curl...) logged in opening hours while every squat rack was
taken, by members not holding a rack themselves.
"""


@dataclass(frozen=True)
class Substitution:
    """Machine leg sets done while every squat rack was taken: members who might have squatted.
    Below 100% coverage `while_racks_full` is an estimate, not a whole count (0.4 is not "none"),
    and `members` is None (not known)."""

    machine_leg_sets: int
    while_racks_full: float
    members: int | None
    full_time_share: float
    racks: int  # the squat racks counted (RackDemand.racks): one rack is told as that rack

    @property
    def share(self) -> float:
        return self.while_racks_full / self.machine_leg_sets if self.machine_leg_sets else 0.0

    def sentence(self) -> str:
        return substitution_sentence(
            self.machine_leg_sets,
            self.while_racks_full,
            self.members,
            self.full_time_share,
            self.racks,
        )


@dataclass(frozen=True)
class RackDemand:
    """Everything the page draws and the report prints, for one range, location and target.

    With no squat racks in the inventory, or no demand in the range, the waiting figures
    (`all_busy_share`, `members_waiting_share`, `mean_wait_minutes`, `substitution`) are None: not
    applicable, where 0 racks would read as "everyone waits" and a share of 0 as "nobody waited".
    Without racks `racks_needed` still answers how many the demand needs; with no demand to count
    (`empty`) it is None, where 0 would read as "no rack needed". `racks` is the inventory's
    count, or the racks the range's station logs name where they name more (_units).
    Likewise `coverage` is None when the demand comes from station logs alone, or when the range
    holds no demand at all: it applies to no day of the range, where 100% would read as a
    coverage the owner set or door counts gave.
    """

    start: date
    end: date
    location: str
    target: Target
    empty_state: EmptyState | None = None  # why there are no figures; None when there are
    source: str = "none"  # as DemandBasis.source
    station_days: int = 0
    set_days: int = 0
    coverage: float | None = None  # None: station logs alone (they count everyone), or no data
    coverage_measured: float | None = None
    racks: int = 0
    units: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    needs_fix: tuple[str, ...] = ()  # the notes naming stored settings to fix (Settings.needs_fix)
    utilisation: pd.DataFrame = field(default_factory=pd.DataFrame)
    unlogged: tuple[str, ...] = ()  # types in the inventory without station logs: not charted
    all_busy_share: float | None = None
    peaks: tuple[str, ...] = ()
    queue: pd.DataFrame = field(default_factory=pd.DataFrame)
    racks_needed: int | None = None
    members_waiting_share: float | None = None
    mean_wait_minutes: float | None = None
    planner: pd.DataFrame = field(default_factory=pd.DataFrame)
    planner_sentences: tuple[str, ...] = ()
    classes: pd.DataFrame = field(default_factory=pd.DataFrame)
    substitution: Substitution | None = None
    weekly: pd.DataFrame = field(default_factory=pd.DataFrame)
    trend: str = ""
    data_span: tuple[date, date] | None = None

    @property
    def empty(self) -> bool:
        return self.empty_state is not None

    @property
    def captions(self) -> tuple[str, ...]:
        """The notes other than settings to fix: the page shows these as captions and the
        settings to fix as warnings, as a data problem that changes the figures."""
        return tuple(note for note in self.notes if note not in self.needs_fix)

    @property
    def peak_slot(self) -> str | None:
        """The open hour with the most racks busy among those that need `racks_needed`: the hour
        that figure is for (None without arrivals)."""
        if self.queue.empty or not self.racks_needed:
            return None
        needing = self.queue[self.queue["racks_needed"] == self.racks_needed]
        return str(needing.sort_values("load", ascending=False, kind="stable")["slot"].iloc[0])


class DemandDay(NamedTuple):
    """One day of a range and where its rack demand comes from (_DAYS_SQL)."""

    day: date
    kind: str  # "stations", "sets" or "none" (nothing logged)
    sensed: bool  # any station session: where equipment other than racks is measured
    has_sets: bool  # any set logged: the leg sets chart's data


@dataclass(frozen=True)
class DemandBasis:
    """What the page's filters and its figures both rest on, for one range and location: worked
    out once, shown in the filters (the coverage field's default and help) and passed on to
    rack_demand_for."""

    start: date
    end: date
    location: str  # the gym's default location when none was picked
    source: str  # "stations", "sets", MIXED (days of each) or "none" (no demand to count)
    measured: float | None  # coverage from door counts; None without them or without demand
    span: DataSpan | None  # the days of demand data at the location (_DATA_SPANS_SQL)
    set_span: DataSpan | None  # the days the workouts alone run over there: the leg sets' weeks
    station_days: int = 0  # days in the range with station sessions: demand from them
    set_days: int = 0  # the other days with set logs: demand estimated from those
    closed: str | None = None  # closed_sentence: data in the range, but no opening hour
    # Each day of the range: built once here, the figures' days (demand_days) rest on it.
    days: tuple[DemandDay, ...] = ()


def default_range(
    con: Connection,
    today: date | None = None,
    end: date | None = None,
    start: date | None = None,
    location: str | None = None,
) -> tuple[date, date]:
    """What the page and report show first: up to DEFAULT_WEEKS ISO weeks the workouts or
    station sessions at `location` (the default location for None: the one the figures are for)
    cover, up to the last such week before today's or to `end` (as on the Leg training page).
    A location that opens later opens on its own weeks, not on weeks before its data."""
    home = _home(con)
    return default_weeks(
        con,
        today or settings.gym_today(con),
        DEFAULT_WEEKS,
        SOURCES,
        end,
        start,
        location or home,
        home,
        part_week=True,
    )


def demand_basis(
    con: Connection, start: date, end: date, location: str | None = None
) -> DemandBasis:
    """The demand source, measured coverage and data span for a range and location (the default
    location for None). The span is the location's days of demand data, sets without a location
    counted at the default location as in every figure of the page: the hour-by-hour figures'
    days and the part-weeks of the rack use chart both rest on it, so they agree on which days
    hold data. Leg sets come from workouts alone, so their weeks rest on the workouts' own span
    (`set_span`): a location whose station logs start before its set logs marks its first weeks
    of leg sets as Leg training does.

    A range the location is closed on every day of holds no demand to count, whatever was
    logged in it: its source is "none", with no days of either kind and no measured coverage,
    as a range without data (`closed` says why)."""
    config = settings.load(con)
    home = config.default_location
    scope = _scope(start, end, location, home)
    days = tuple(DemandDay(*row) for row in run(con, _DAYS_SQL, **scope).fetchall())
    source, station_days, set_days = _source(days)
    closed = None if source == "none" else closed_sentence(config, start, end, scope["loc"])
    if closed is not None:
        source, station_days, set_days, days = "none", 0, 0, ()
    return DemandBasis(
        start,
        end,
        scope["loc"],
        source,
        None if closed else _measured(con, scope),
        _demand_span(con, scope),
        data_span(con, ("sets",), scope["loc"], home),
        station_days,
        set_days,
        closed,
        days,
    )


def _scope(start: date, end: date, location: str | None, home: str) -> dict[str, Any]:
    """The SQL parameters every rack query takes; `home` is the gym's default location."""
    if end < start:
        raise FilterError("the end date is before the start date")
    return {
        "t0": datetime.combine(start, datetime.min.time()),
        "t1": datetime.combine(end + timedelta(days=1), datetime.min.time()),
        "loc": location or home,
        "home": home,
        "rest": RACK_REST_SECONDS,
        "gap": RACK_GAP_MINUTES,
        "away": AWAY_HOURS,
    }


def _set_gaps_sql(scope: str, threshold: str) -> str:
    """The unflagged sets `scope` picks (a condition on v_sets), each with its workout's previous
    one of them and `gap`: more than `threshold` (an interval) between the two, a member who went
    away. One rule for the rack stretches (RACK_GAP_MINUTES) and the coverage's absences
    (AWAY_HOURS), which differ only in the threshold and the sets they look at."""
    return f"""
SELECT *, coalesce(performed_at > previous + {threshold}, false) AS gap
FROM (
    SELECT member_id, workout_id, performed_at, time_known,
        lag(performed_at) OVER (PARTITION BY workout_id ORDER BY performed_at) AS previous
    FROM v_sets WHERE NOT flagged AND ({scope}))
"""


_VISIT_SETS = "time_known AND workout_id IN (SELECT workout_id FROM visits)"
_COVERAGE_SQL = f"""
WITH obs AS (
    SELECT date_trunc('hour', observed_at) AS h, avg(people) AS people FROM v_occupancy
    WHERE location = $loc AND observed_at >= $t0 AND observed_at < $t1 GROUP BY 1),
last_sets AS (
    SELECT workout_id, max(performed_at) AS last_set FROM v_sets
    WHERE NOT flagged AND performed_at >= $t0 - INTERVAL 1 DAY AND performed_at < $t1 + INTERVAL 1 DAY
    GROUP BY 1),
visits AS (
    -- A workout ends at its last set, which takes time: present at least until that set and
    -- its rest are over, as long as the set holds a rack in the rack figures.
    SELECT w.workout_id, w.started_at,
        greatest(w.ended_at, coalesce(l.last_set, w.started_at) + to_seconds($rest)) AS ended_at
    FROM v_workouts w LEFT JOIN last_sets l USING (workout_id)
    WHERE w.time_known AND coalesce(w.location, $home) = $loc
        AND w.started_at >= $t0 AND w.started_at < $t1),
-- A visit's absences: over AWAY_HOURS between two of its sets, the member left and came back
-- (a native log's workout is the member's day), from the first set's rest to the second.
absences AS (
    SELECT workout_id, previous + to_seconds($rest) AS started_at, performed_at AS ended_at
    FROM ({_set_gaps_sql(_VISIT_SETS, "to_hours($away)")}) WHERE gap),
stays AS (
    SELECT started_at, ended_at, 1 AS sign FROM visits
    UNION ALL SELECT started_at, ended_at, -1 FROM absences),
slots AS (
    SELECT h, people FROM obs WHERE h::DATE IN (SELECT started_at::DATE FROM visits)),
present AS (
    SELECT s.h, sum(v.sign * epoch(
            least(v.ended_at, s.h + INTERVAL 1 HOUR) - greatest(v.started_at, s.h))) / 3600
        AS logged
    FROM slots s JOIN stays v ON v.started_at < s.h + INTERVAL 1 HOUR AND v.ended_at > s.h
    GROUP BY s.h)
SELECT sum(coalesce(p.logged, 0)), sum(s.people), count(*) FROM slots s LEFT JOIN present p USING (h)
"""


def _home(con: Connection) -> str:
    return settings.load(con).default_location


def _measured(con: Connection, scope: dict[str, Any]) -> float | None:
    """Share of the people counted at the door who log workouts, to the whole percent (1%-100%).

    Over hour slots with a door count on days with a logged workout: the mean number of logged
    members present (workout start to end, at least the last set plus RACK_REST_SECONDS, less
    absences of over AWAY_HOURS between sets) over the mean head count. None without door counts.
    """
    logged, people, _ = run(con, _COVERAGE_SQL, **scope).fetchone()
    if not people:
        return None
    return min(100, max(1, round(100 * logged / people))) / 100


# Each day of the range and where its rack demand comes from: "stations" when the location has
# squat-rack station sessions that day (one running past midnight counts on both days), else
# "sets" when it has set logs, else "none" (nothing logged: no demand, counted with the set-log
# days). A gym that installs rack sensors part-way through keeps its set-log demand for the days
# before, and sensors on other equipment alone leave the racks to the set logs. `sensed`: any
# station session that day, which is where other equipment is measured.
_DAYS_SQL = """
WITH station_days AS (
    SELECT DISTINCT unnest(generate_series(started_at::DATE,
        (CASE WHEN ended_at > started_at THEN ended_at - INTERVAL 1 MICROSECOND
            ELSE started_at END)::DATE, INTERVAL 1 DAY))::DATE AS day,
        equipment_type = 'squat_rack' AS rack
    FROM v_station_sessions WHERE location = $loc AND started_at < $t1 AND ended_at > $t0),
set_days AS (
    SELECT DISTINCT performed_at::DATE AS day FROM v_sets
    WHERE NOT flagged AND coalesce(location, $home) = $loc
        AND performed_at >= $t0 AND performed_at < $t1)
SELECT d::DATE AS day,
    CASE WHEN d::DATE IN (SELECT day FROM station_days WHERE rack) THEN 'stations'
        WHEN d::DATE IN (SELECT day FROM set_days) THEN 'sets' ELSE 'none' END AS kind,
    d::DATE IN (SELECT day FROM station_days) AS sensed,
    d::DATE IN (SELECT day FROM set_days) AS has_sets
FROM range($t0, $t1, INTERVAL 1 DAY) AS g(d)
"""

# Each location's first and last day of demand data, as _DAYS_SQL counts a day: a set on the day
# it was performed (a workout begun at 23:50 on Sunday reaches Monday), not on its workout's, a
# session on every day it reaches; a set without a location at the default location, as
# everywhere on the page. Not metrics.data_span, which dates workouts and sessions by their start:
# the days of demand and the rack use chart's days of data both rest on this one (DemandBasis.span).
_DATA_SPANS_SQL = """
SELECT loc, min(first) AS first, max(last) AS last FROM (
    SELECT coalesce(location, $home) AS loc, min(performed_at)::DATE AS first,
        max(performed_at)::DATE AS last, count(*) AS n
    FROM v_sets WHERE NOT flagged GROUP BY loc
    UNION ALL
    SELECT location, min(started_at)::DATE, max(CASE WHEN ended_at > started_at
        THEN ended_at - INTERVAL 1 MICROSECOND ELSE started_at END)::DATE, count(*)
    FROM v_station_sessions GROUP BY location)
GROUP BY loc ORDER BY sum(n) DESC, loc
"""

# The days of demand: those of the range (DemandBasis.days) from the location's first data to its
# last (DemandBasis.span), in weeks with anything logged there. Days before or after are none:
# counted as open hours with nobody on the racks, a range reaching into next month would read as
# a quiet floor that needs fewer racks; so would a week with nothing logged inside the data
# (imports missing, a closure), which the rack use chart shows as a week without data.
# `rack_week`: the week logs rack demand (sets or rack sessions), which the racks' figures need;
# a week whose only logs are other equipment's sensors counts for that equipment alone.
_DEMAND_DAYS_SQL = """
CREATE OR REPLACE TEMP TABLE demand_days AS
WITH weeks AS (
    SELECT date_trunc('week', day) AS week, bool_or(kind <> 'none') AS rack_week,
        bool_or(sensed) AS sensed_week
    FROM basis_days GROUP BY 1)
SELECT day::DATE AS day, kind, sensed, rack_week
FROM basis_days JOIN weeks w ON w.week = date_trunc('week', day)
WHERE day BETWEEN $first AND $last AND (rack_week OR sensed_week)
"""


def _demand_span(con: Connection, scope: dict[str, Any]) -> DataSpan | None:
    """The location's days of demand data (_DATA_SPANS_SQL); None without any."""
    found = run(con, f"SELECT first, last FROM ({_DATA_SPANS_SQL}) WHERE loc = $loc", **scope)
    first_last = found.fetchone()
    return span_of(con, *first_last) if first_last else None


def _source(days: tuple[DemandDay, ...]) -> tuple[str, int, int]:
    """The demand source and the days of each kind: "stations", "sets", "stations and sets"
    (MIXED) or "none"; station-log days (racks from station logs, or other equipment's alone on
    a day without set logs), set-log days."""
    stations = sum(d.sensed and d.kind != "sets" for d in days)
    sets = sum(d.kind == "sets" for d in days)
    source = MIXED if stations and sets else "stations" if stations else "sets" if sets else "none"
    return source, stations, sets


# The rack sets of the set-log days, each with its stretch: a workout's rack sets with no gap of
# more than RACK_GAP_MINUTES between them, which hold one rack from the first to the last plus
# rest. Sets without a time of day all sit at midnight, in one stretch.
_RACK_SETS = """needs_rack AND coalesce(location, $home) = $loc
    AND performed_at >= $t0 AND performed_at < $t1
    AND performed_at::DATE IN (SELECT day FROM demand_days WHERE kind = 'sets')"""
_RACK_STRETCHES_SQL = f"""
SELECT member_id, workout_id, performed_at, time_known,
    sum(gap::INTEGER) OVER (PARTITION BY workout_id ORDER BY performed_at) AS stretch
FROM ({_set_gaps_sql(_RACK_SETS, "to_minutes($gap)")})
"""

# Station sessions (every unit they name) and, on the set-log days, one squat rack per stretch of
# a workout's timed rack sets, from its first to its last set plus rest; `from_sets` marks these.
_SESSIONS_SQL = f"""
CREATE OR REPLACE TEMP TABLE demand_sessions AS
SELECT equipment_type, station_id, member_id, started_at, ended_at, false AS from_sets
FROM v_station_sessions
WHERE location = $loc AND started_at < $t1 AND ended_at > $t0 AND ended_at > started_at
    AND equipment_type IN (SELECT unnest($types))
UNION ALL
SELECT 'squat_rack', NULL::VARCHAR, member_id,
    min(performed_at), max(performed_at) + to_seconds($rest), true
FROM ({_RACK_STRETCHES_SQL}) WHERE time_known
GROUP BY member_id, workout_id, stretch
"""

# Busy units over time: +1 at each session start, -1 at each end; the running sum is the level
# between consecutive event times.
_SEGMENTS_SQL = """
CREATE OR REPLACE TEMP TABLE demand_segments AS
WITH events AS (
    SELECT equipment_type, t, sum(delta) AS delta FROM (
        SELECT equipment_type, started_at AS t, 1 AS delta FROM demand_sessions
        UNION ALL SELECT equipment_type, ended_at, -1 FROM demand_sessions)
    GROUP BY ALL),
levels AS (
    SELECT equipment_type, t AS seg_start,
        lead(t) OVER (PARTITION BY equipment_type ORDER BY t) AS seg_end,
        sum(delta) OVER (PARTITION BY equipment_type ORDER BY t) AS level
    FROM events)
SELECT * FROM levels WHERE seg_end IS NOT NULL AND level > 0
"""

# The open stretches of every day in the range, each within one clock hour: $open holds
# [iso weekday, hour, from, to] with from and to in seconds into the hour (Settings.open_spans), so
# an hour the gym opens or closes in counts its open minutes only.
_GRID_SQL = """
CREATE OR REPLACE TEMP TABLE demand_grid AS
SELECT d::DATE AS day, k.kind, k.sensed, k.rack_week, isodow(d) AS dow, o.s[2] AS hour,
    d + to_hours(o.s[2]) + to_seconds(o.s[3]) AS hour_start,
    d + to_hours(o.s[2]) + to_seconds(o.s[4]) AS hour_end
FROM range($t0, $t1, INTERVAL 1 DAY) AS g(d) JOIN (SELECT unnest($open) AS s) o ON o.s[1] = isodow(d)
JOIN demand_days k ON k.day = d::DATE
"""

# Each open hour of the week: the days it is open in the range, in weeks with rack demand
# logged, and its open time over them.
_OPEN_SQL = """
SELECT dow, hour, count(DISTINCT day) AS days, sum(epoch(hour_end - hour_start)) AS open_secs
FROM demand_grid WHERE rack_week GROUP BY ALL
"""

# Per open hour of the week and equipment type: the levels the logged sessions reach in it, the
# share of the hour's open time (over the range's days) at each level and whether that time is on
# days estimated from set logs, and the share of the open time on such days. Set logs estimate
# squat racks only: other equipment is counted on days with station sessions, or none logged.
_LEVELS_SQL = """
WITH cells AS (
    SELECT t.equipment_type, g.*,
        t.equipment_type = 'squat_rack' AND g.kind <> 'stations' AS estimated
    FROM (SELECT unnest($types) AS equipment_type) t
    JOIN demand_grid g ON CASE WHEN t.equipment_type = 'squat_rack' THEN g.rack_week
        ELSE g.sensed OR g.kind = 'none' END),
open AS (
    SELECT equipment_type, dow, hour, count(DISTINCT day) AS days,
        sum(epoch(hour_end - hour_start)) AS open_secs,
        coalesce(sum(epoch(hour_end - hour_start)) FILTER (WHERE estimated), 0) AS estimated_secs
    FROM cells GROUP BY ALL),
overlap AS (
    SELECT c.equipment_type, c.dow, c.hour, s.level, c.estimated,
        sum(epoch(least(s.seg_end, c.hour_end) - greatest(s.seg_start, c.hour_start))) AS secs
    FROM demand_segments s JOIN cells c ON c.equipment_type = s.equipment_type
        AND s.seg_start < c.hour_end AND s.seg_end > c.hour_start
    GROUP BY ALL)
SELECT p.equipment_type, p.dow, p.hour, p.days, p.open_secs / 3600 AS open_hours,
    p.estimated_secs / p.open_secs AS estimated_share,
    coalesce(list(o.level::INTEGER ORDER BY o.estimated, o.level)
        FILTER (WHERE o.level IS NOT NULL), []) AS levels,
    coalesce(list(o.secs / p.open_secs ORDER BY o.estimated, o.level)
        FILTER (WHERE o.level IS NOT NULL), []) AS shares,
    coalesce(list(o.estimated ORDER BY o.estimated, o.level)
        FILTER (WHERE o.level IS NOT NULL), []) AS estimated
FROM open p LEFT JOIN overlap o
    ON o.equipment_type = p.equipment_type AND o.dow = p.dow AND o.hour = p.hour
GROUP BY p.equipment_type, p.dow, p.hour, p.days, p.open_secs, p.estimated_secs
ORDER BY list_position($types, p.equipment_type), p.dow, p.hour
"""

# Rack sessions starting in each open hour: arrivals per open hour, those of set-log days divided
# by the coverage. `weight` is the hour's estimated arrivals times the coverage (set-log sessions
# count 1, station sessions the coverage), which weighs hours alike and keeps a range with one
# kind of data on its logged session counts; the mean session length is weighted the same way.
_ARRIVALS_SQL = f"""
WITH days AS ({_OPEN_SQL}),
starts AS (
    SELECT g.dow, g.hour, count(*) AS sessions, count(*) FILTER (WHERE s.from_sets) AS estimated,
        sum(epoch(s.ended_at - s.started_at) * if(s.from_sets, 1, $cov))
            / sum(if(s.from_sets, 1, $cov)) / 60 AS mean_minutes
    FROM demand_sessions s JOIN demand_grid g
        ON s.started_at >= g.hour_start AND s.started_at < g.hour_end
    WHERE s.equipment_type = 'squat_rack'
    GROUP BY ALL)
SELECT d.dow, d.hour, d.days, d.open_secs / 3600 AS open_hours,
    coalesce(st.sessions, 0) AS sessions,
    coalesce(st.estimated, 0) / (d.open_secs / 3600) / $cov
        + coalesce(st.sessions - st.estimated, 0) / (d.open_secs / 3600) AS arrivals_per_hour,
    coalesce(st.estimated, 0) + coalesce(st.sessions - st.estimated, 0) * $cov AS weight,
    st.mean_minutes
FROM days d LEFT JOIN starts st USING (dow, hour) ORDER BY d.dow, d.hour
"""

# Machine leg hard sets with a time of day in opening hours (the hours the all-busy share it is
# told against counts), each with the squat racks logged sessions held at that moment, whether
# the set's member held one of them and whether station logs (which count everyone) cover its day.
_MACHINE_SETS_SQL = f"""
CREATE OR REPLACE TEMP TABLE demand_machine_sets AS
SELECT m.member_id, isodow(m.performed_at) AS dow, hour(m.performed_at) AS hour,
    coalesce(f.level, 0) AS level,
    EXISTS (SELECT 1 FROM demand_sessions own WHERE own.equipment_type = 'squat_rack'
        AND own.member_id = m.member_id
        AND m.performed_at >= own.started_at AND m.performed_at < own.ended_at) AS on_rack,
    m.performed_at::DATE IN (SELECT day FROM demand_days WHERE kind = 'stations') AS counted
FROM v_sets m LEFT JOIN demand_segments f ON f.equipment_type = 'squat_rack'
    AND m.performed_at >= f.seg_start AND m.performed_at < f.seg_end
WHERE NOT m.flagged AND m.is_leg AND {HARD_SET_SQL} AND m.equipment_class = 'machine'
    AND m.time_known
    AND coalesce(m.location, $home) = $loc AND m.performed_at >= $t0 AND m.performed_at < $t1
    AND EXISTS (SELECT 1 FROM demand_grid g
        WHERE m.performed_at >= g.hour_start AND m.performed_at < g.hour_end)
"""

_WEEKS_SQL = """
SELECT w::DATE AS week,
    datediff('day', greatest(w, $t0), least(w + INTERVAL 7 DAY, $t1))::INTEGER AS days
FROM range(date_trunc('week', $t0), $t1, INTERVAL 7 DAY) AS r(w)
"""

# Leg hard sets, in the week of their workout: the sets Leg training's free-weight share counts.
_CLASSES_SQL = f"""
WITH weeks AS ({_WEEKS_SQL}),
counted AS (
    SELECT date_trunc('week', workout_start)::DATE AS week, equipment_class, count(*) AS sets
    FROM v_sets
    WHERE NOT flagged AND is_leg AND {HARD_SET_SQL} AND coalesce(location, $home) = $loc
        AND workout_start >= $t0 AND workout_start < $t1
    GROUP BY ALL)
SELECT w.week, c.equipment_class, coalesce(n.sets, 0) AS sets,
    -- no share of no leg sets: null, not 0, as on Leg training
    coalesce(n.sets, 0) / nullif(sum(n.sets) OVER (PARTITION BY w.week), 0) AS share
FROM weeks w CROSS JOIN (SELECT unnest($classes) AS equipment_class) c
LEFT JOIN counted n USING (week, equipment_class)
ORDER BY w.week, list_position($classes, c.equipment_class)
"""

# Rack hours and users per week: station sessions as logged; on set-log days a stretch of a
# workout's rack sets (_RACK_STRETCHES_SQL) holds a rack from its first to its last set plus rest
# (without a time of day the sets all sit at midnight, so each rack set counts as one set plus
# rest instead), divided by the coverage as every set-log demand figure is. Users: set-log users divided by the coverage, plus station users not among them; a
# week whose station sessions name no member says nothing of how many used the racks: not zero.
_WEEKLY_SQL = f"""
WITH weeks AS ({_WEEKS_SQL}),
visits AS (
    SELECT member_id, date_trunc('week', min(performed_at))::DATE AS week,
        CASE WHEN bool_and(time_known)
            THEN epoch(max(performed_at) - min(performed_at)) + $rest
            ELSE count(*) * $rest END AS secs
    FROM ({_RACK_STRETCHES_SQL}) GROUP BY member_id, workout_id, stretch),
estimated AS (
    SELECT week, sum(secs) / 3600 / $cov AS rack_hours,
        round(count(DISTINCT member_id) / $cov)::INTEGER AS rack_users,
        list(DISTINCT member_id) AS members
    FROM visits GROUP BY 1),
counted AS (
    SELECT date_trunc('week', started_at)::DATE AS week,
        sum(epoch(ended_at - started_at)) / 3600 AS rack_hours,
        list(DISTINCT member_id) FILTER (WHERE member_id IS NOT NULL) AS members,
        count(member_id) AS named
    FROM demand_sessions
    WHERE equipment_type = 'squat_rack' AND NOT from_sets AND started_at >= $t0 GROUP BY 1),
sources AS (
    SELECT date_trunc('week', day)::DATE AS week,
        count(*) FILTER (WHERE kind = 'stations') AS station_days,
        count(*) FILTER (WHERE kind = 'sets') AS set_days
    FROM demand_days GROUP BY 1)
SELECT w.week, w.days, coalesce(e.rack_hours, 0) + coalesce(c.rack_hours, 0) AS rack_hours,
    coalesce(k.station_days, 0) AS station_days, coalesce(k.set_days, 0) AS set_days,
    CASE WHEN c.named = 0 THEN NULL
        ELSE coalesce(e.rack_users, 0) + coalesce(len(c.members), 0)
            - coalesce(len(list_intersect(c.members, e.members)), 0) END AS rack_users
FROM weeks w LEFT JOIN estimated e USING (week) LEFT JOIN counted c USING (week)
LEFT JOIN sources k USING (week) ORDER BY w.week
"""

_NO_TIME_SQL = """
SELECT count(*) FILTER (WHERE needs_rack), count(*) FROM v_sets
WHERE NOT flagged AND NOT time_known AND coalesce(location, $home) = $loc
    AND performed_at >= $t0 AND performed_at < $t1
"""


def _open_slots(config: settings.Settings) -> list[list[int]]:
    return [[dow, *span] for dow in range(1, 8) for span in config.open_spans(dow)]


def _open_parts(config: settings.Settings) -> dict[tuple[int, int], tuple[int, int]]:
    """(weekday, hour) -> the seconds into the hour it is open from and to, which its label
    says: an opening at 06:30 makes 06:00-07:00 "06:30-07:00"."""
    parts: dict[tuple[int, int], tuple[int, int]] = {}
    for dow, hour, lo, hi in _open_slots(config):
        was = parts.get((dow, hour), (lo, hi))
        parts[(dow, hour)] = (min(was[0], lo), max(was[1], hi))
    return parts


def _stored_units(con: Connection, location: str) -> dict[str, int]:
    """The inventory's units of each equipment type at `location` (0 for a type it lacks)."""
    stored = settings.inventory(con, location).get(location, {})
    return {kind: stored.get(kind, 0) for kind in EQUIPMENT_ORDER}


def _units(
    con: Connection, location: str
) -> tuple[list[str], dict[str, int], list[str], tuple[str, ...]]:
    """Equipment types to show, their unit counts, notes where the data outgrows the inventory,
    and the inventory's types not shown: other than racks, only station logs say when a unit is
    in use."""
    stored = _stored_units(con, location)
    seen = dict(
        con.execute(
            "SELECT equipment_type, count(DISTINCT station_id) FROM demand_sessions GROUP BY 1"
        ).fetchall()
    )
    notes = []
    units = {}
    for kind in EQUIPMENT_ORDER:
        units[kind] = max(stored[kind], seen.get(kind, 0))
        if seen.get(kind, 0) > stored[kind]:
            notes.append(
                f"Station logs in this range name"
                f" {settings.stations_of(kind, seen[kind])}"
                f" but the inventory lists {stored[kind]}: using {seen[kind]}, the"
                " stations in use. If some have gone since, pick a range after that."
            )
    shown = ["squat_rack"] if units["squat_rack"] else []
    shown += [k for k in EQUIPMENT_ORDER[1:] if units[k] and k in seen]
    unlogged = tuple(k for k in EQUIPMENT_ORDER[1:] if units[k] and k not in seen)
    return shown, units, notes, unlogged


def _session_minutes(row: Any) -> float:
    """An arrivals row's mean session length; an hour with no sessions has none (0)."""
    return 0.0 if pd.isna(row.mean_minutes) else float(row.mean_minutes)


def _slot_queue(
    row: Any, racks: int, target: Target, parts: dict[tuple[int, int], tuple[int, int]]
) -> dict[str, Any]:
    """An open hour's queue with today's racks, one fewer and one more, labelled by its open
    part (`parts`: _open_parts). The mean wait is kept at the precision shares are (_round) and
    rounded to 0.1 min where it is told: kept to 2 decimals and told again to 1, 0.747 min read
    "0.8 min", a step off the hour's other figures."""
    session = _session_minutes(row)
    now = capacity.queue(row.arrivals_per_hour, session, racks)
    fewer = capacity.queue(row.arrivals_per_hour, session, racks - 1) if racks else None
    more = capacity.queue(row.arrivals_per_hour, session, racks + 1)
    needed = capacity.servers_needed(row.arrivals_per_hour, session, target)
    if not row.sessions:
        status = "no rack sessions start in this hour"
    elif not racks:
        status = "no squat racks in the inventory"
    elif now.over_capacity:
        status = f"over capacity - at least {plural(now.min_servers, 'rack')} needed"
    else:
        status = wait_status(now.wait_probability, now.mean_wait_minutes, target=target)
    return {
        "dow": int(row.dow),
        "weekday": WEEKDAY_NAMES[row.dow - 1],
        "hour": int(row.hour),
        "slot": slot_label(row.dow, row.hour, parts[(row.dow, row.hour)]),
        "days": int(row.days),
        "open_hours": round(float(row.open_hours), 4),
        "sessions": int(row.sessions),
        "arrivals_per_hour": round(float(row.arrivals_per_hour), 4),
        "mean_minutes": None if pd.isna(row.mean_minutes) else round(session, 2),
        "load": round(now.load, 4),
        "over_capacity": now.over_capacity,
        "min_racks": now.min_servers,
        "wait_probability": _share(now.wait_probability),
        "mean_wait_minutes": _round(now.mean_wait_minutes),
        "wait_probability_one_less": _share(fewer.wait_probability) if fewer else None,
        "wait_probability_one_more": _share(more.wait_probability),
        "racks_needed": needed,
        "status": status,
    }


def _round(value: float | None) -> float | None:
    """A mean wait in minutes at the precision shares are stored with: the JSON and CSV carry no
    float noise (2.0000000000000004), and telling it to 0.1 min from there gives the wait as
    computed."""
    return None if value is None else round(value, SHARE_DIGITS)


def _share(value: float | None) -> float | None:
    """A share of members who wait as stored (stored_share): above 0, never 0."""
    return None if value is None else stored_share(value)


def _planner(arrivals: pd.DataFrame, racks: int, needed: int, target: Target) -> pd.DataFrame:
    """For each rack count: open hours meeting the target, the share of members who wait and
    their mean wait.

    Members who wait is the arrival-weighted P(wait) over all open hours (the arrivals rows'
    `weight`); an hour over capacity counts every arrival as waiting. The mean wait (minutes) is
    arrival-weighted over every open hour, so None (no finite mean) with any hour over capacity:
    a mean over the hours that keep up rose and fell with the racks as hours left it (1 rack
    90 min, 2 racks 13, 3 racks 192), and hours_over_capacity says how many cannot keep up.
    """
    rows = []
    weight = float(arrivals["weight"].sum())
    for count in range(1, max(racks + 2, needed + 1, 2) + 1):
        meeting = over = 0
        waiting = waited = 0.0
        for row in arrivals.itertuples():
            session = _session_minutes(row)
            q = capacity.queue(row.arrivals_per_hour, session, count)
            meeting += q.meets(target)
            over += q.over_capacity
            waiting += row.weight * (1.0 if q.over_capacity else q.wait_probability)
            if not q.over_capacity:
                waited += row.weight * q.mean_wait_minutes
        # An hour over capacity: no finite mean wait; nobody arrives: no wait. Kept as the hours'
        # waits are (_slot_queue).
        mean_wait = None if over else _round(waited / weight) if weight else 0.0
        rows.append(
            {
                "racks": count,
                "open_hours": len(arrivals),
                "hours_meeting_target": meeting,
                "hours_over_capacity": over,
                "share_hours_meeting_target": round(meeting / len(arrivals), 4)
                if len(arrivals)
                else 1.0,
                "members_waiting_share": stored_share(waiting / weight) if weight else 0.0,
                "mean_wait_minutes": mean_wait,
            }
        )
    return pd.DataFrame(rows)


def _with_labels(
    frame: pd.DataFrame, parts: dict[tuple[int, int], tuple[int, int]]
) -> pd.DataFrame:
    frame = frame.copy()
    frame["equipment"] = frame["equipment_type"].map(EQUIPMENT_LABELS)
    frame["weekday"] = [WEEKDAY_NAMES[d - 1] for d in frame["dow"]]
    frame["slot"] = [
        slot_label(d, h, parts[(d, h)]) for d, h in zip(frame["dow"], frame["hour"], strict=True)
    ]
    for col in ("busy_share", "all_busy_share"):
        frame[col] = frame[col].astype(float).map(stored_share)
    return frame[
        [
            "equipment_type",
            "equipment",
            "dow",
            "weekday",
            "hour",
            "slot",
            "days",
            "open_hours",
            "busy_share",
            "all_busy_share",
        ]
    ]


def _rack_days(basis: DemandBasis) -> frozenset[date]:
    """The days of the range with rack demand logged at the location: sets or rack sessions
    (another equipment's sensor says nothing of the racks)."""
    return frozenset(day.day for day in basis.days if day.kind != "none")


def _gap_weeks(weekly: pd.DataFrame, basis: DemandBasis) -> list[date]:
    """The range's whole weeks inside the location's data with no rack demand logged (no days
    of data in `weekly`, after _without_logs_unknown): those the hour-by-hour figures leave out."""
    if basis.span is None:
        return []
    first = max(basis.start, basis.span.first)
    last = min(basis.end, basis.span.last)
    weeks = (pd.Timestamp(row.week).date() for row in weekly.itertuples() if not row.data_days)
    return [week for week in weeks if first <= week and week + timedelta(days=6) <= last]


def _set_days(basis: DemandBasis) -> frozenset[date]:
    """The days of the range with sets logged at the location: the leg sets' data."""
    return frozenset(day.day for day in basis.days if day.has_sets)


def _without_logs_unknown(weekly: pd.DataFrame, logged: frozenset[date]) -> pd.DataFrame:
    """`weekly` with no days of data in a week without a day of its data at the location
    (`logged`: _rack_days for rack use, _set_days for leg sets), though the data runs on either
    side of it (imports missing, a closure): such a week says nothing, as one before the data,
    where its 0 rack hours would read as a quiet week and pull the trend's baseline down. A week
    with any log of its data is a real one, even with no rack use."""
    weeks = {monday(day) for day in logged}
    held = [pd.Timestamp(week).date() in weeks for week in weekly["week"]]
    return weekly.assign(data_days=weekly["data_days"].where(held, 0))


def _weeks_iso(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["week"] = [pd.Timestamp(w).date().isoformat() for w in frame["week"]]
    return frame


def _coverage(basis: DemandBasis, coverage: float | None, racks: int) -> tuple[float, str]:
    """The coverage the figures use and the note that says where it comes from, of the `racks`
    the floor has (one is told as that rack)."""
    source, measured = basis.source, basis.measured
    if source == "stations":
        unused = f": the {coverage:.0%} given is not used" if coverage is not None else ""
        return 1.0, f"{NOT_APPLIED}{unused}."
    only = (
        " Station logs count every user, so the coverage applies to the "
        f"{plural(basis.set_days, 'set-log day')} only."
        if source == MIXED
        else ""
    )
    if coverage is None and measured is None:
        counted = "the set-log days count" if source == MIXED else "the figures count"
        return 1.0, (
            f"No door counts for this range: {counted} members who log workouts only "
            "(coverage 100%). Set the coverage if you know the share of members who log." + only
        )
    used = coverage or measured or 1.0
    told = f" (door counts suggest {measured:.0%})" if coverage is not None and measured else ""
    return used, (
        f"Logged demand is divided by a coverage of {used:.0%}{told}: about that share of the "
        f"people in the gym log their workouts, and the others are taken to use {the_racks(racks)}"
        " as they do, at random moments of the same hours." + only
    )


def _load_sessions(
    con: Connection, scope: dict[str, Any], config: settings.Settings, basis: DemandBasis
) -> None:
    """Temporary tables for this connection: each day's source (the basis's days within its span,
    the data's), sessions, busy-level segments and the open hours."""
    con.register("basis_days", pd.DataFrame(basis.days, columns=list(DemandDay._fields)))
    run(con, _DEMAND_DAYS_SQL, first=basis.span.first, last=basis.span.last)
    con.unregister("basis_days")
    run(con, _SESSIONS_SQL, types=list(EQUIPMENT_ORDER), **scope)
    con.execute(_SEGMENTS_SQL)
    run(con, _GRID_SQL, open=_open_slots(config), **scope)


def _busy_shares(levels: pd.DataFrame, units: dict[str, int], coverage: float) -> pd.DataFrame:
    """Each open hour's mean share of units busy, share of time with every unit busy, and the
    units that lifters who do not log keep busy on average (`unlogged`).

    The logged sessions give the units taken over the hour's time. Below 100% coverage, lifters
    who do not log come on top on the days estimated from set logs (station logs count everyone):
    at any moment of those days a Poisson number of them with mean `unlogged`, the logged mean
    over those days times (1 / coverage - 1), so the hour's mean demand there is the logged one
    divided by the coverage, as in the waiting figures. At 100% the figures are the logged
    timeline's own.
    """
    rows = []
    columns = [
        *("equipment_type", "dow", "hour", "days", "open_hours"),
        *("busy_share", "all_busy_share", "unlogged"),
    ]
    for row in levels.itertuples():
        count = units[row.equipment_type]
        taken = list(zip(row.levels, row.shares, row.estimated, strict=True))
        estimated = [(level, share) for level, share, on_sets in taken if on_sets]
        weight = row.estimated_share  # of the hour's open time, on set-log days
        logged = sum(level * share for level, share in estimated) / weight if weight else 0.0
        unlogged = logged * (1 / coverage - 1)
        # Time on set-log days with nothing logged: no unit taken by a logger. (On station days
        # such time has no unit taken at all.)
        nothing = max(0.0, weight - sum(share for _, share in estimated))
        time = [(0, nothing, unlogged)]
        time += [(k, share, unlogged if on_sets else 0.0) for k, share, on_sets in taken]
        figures = [(share, capacity.busy_and_full(int(k), count, mean)) for k, share, mean in time]
        busy = sum(share * mean for share, (mean, _) in figures)
        full = sum(share * chance for share, (_, chance) in figures)
        rows.append(
            (row.equipment_type, row.dow, row.hour, row.days, row.open_hours)
            + (busy / count, full, unlogged)
        )
    return pd.DataFrame(rows, columns=columns)


def _all_busy_share(busy: pd.DataFrame) -> float:
    """Share of all opening hours in the range with every squat rack taken; an hour open in part
    weighs its open minutes. From the hours' shares as computed (_busy_shares): a mean of the
    stored ones, rounded to 4 decimals, can be a step off once it is rounded again."""
    racks = busy[busy["equipment_type"] == "squat_rack"]
    hours = float(racks["open_hours"].sum())
    return float((racks["all_busy_share"] * racks["open_hours"]).sum() / hours) if hours else 0.0


def _substitution(
    con: Connection, params: dict[str, Any], busy: pd.DataFrame, full_share: float
) -> Substitution:
    """Machine leg hard sets done in opening hours while every squat rack was taken, by members
    not on one: a set when the gym is closed (a home workout logged without a location) wants
    no rack there.

    A set counts with the chance that the racks were all taken at its moment: certain when logged
    sessions held them all; below 100% coverage, the chance that lifters who do not log (as in
    `_busy_shares`, for the set's hour) took the rest. Who did those sets is then unknown.
    """
    racks = params["racks"]
    run(con, _MACHINE_SETS_SQL, **params)
    machine, members = con.execute(
        "SELECT count(*), count(DISTINCT member_id) FILTER (WHERE NOT on_rack AND level >= ?)"
        " FROM demand_machine_sets",
        [racks],
    ).fetchone()
    by_slot = con.execute(
        "SELECT dow, hour, level, counted, count(*) FROM demand_machine_sets WHERE NOT on_rack"
        " GROUP BY ALL"
    ).fetchall()
    rack_hours = busy[busy["equipment_type"] == "squat_rack"]
    unlogged = {(r.dow, r.hour): r.unlogged for r in rack_hours.itertuples()}
    # Station logs count everyone: on their days nobody unlogged comes on top.
    during = sum(
        sets * capacity.at_least(0.0 if counted else unlogged.get((dow, hour), 0.0), racks - level)
        for dow, hour, level, counted, sets in by_slot
    )
    logged = params["cov"] == 1
    return Substitution(
        int(machine),
        round(during) if logged else round(during, 2),
        int(members) if logged else None,
        stored_share(full_share),
        racks,
    )


def _empty_state(
    con: Connection, start: date, end: date, location: str, spans: dict[str, tuple[date, date]]
) -> EmptyState:
    """No demand in the range: where the data is instead (`spans`: each location's), or what to
    import (door counts alone give coverage, not demand)."""
    span = spans.get(location)
    text = f"No workouts or station sessions at {location} from {start:%d %b %Y} to {end:%d %b %Y}."
    if span:
        return EmptyState(
            f"{text} Data for {location} runs from {span[0]:%d %b %Y} to {span[1]:%d %b %Y}."
        )
    if spans:  # none here at all, but elsewhere
        places = "; ".join(
            f"{loc} from {first:%d %b %Y} to {last:%d %b %Y}"
            for loc, (first, last) in spans.items()
        )
        return EmptyState(
            f"No workouts or station sessions at {location} at all. The data is at {places}."
        )
    held = status.database_status(con)
    if not held.sets and not held.station_sessions:  # the range does not matter
        text = "No workouts or station sessions yet."
    if held.door_counts_only:
        demand = "workout logs or station logs"
        return EmptyState(
            f"{text} The database holds {plural(held.occupancy_rows, 'door count')} and nothing "
            "else: door counts give coverage (the share of people in the gym who log workouts), "
            f"not demand. Demand comes from {demand}.",
            demand,
        )
    return EmptyState(text, ALL_LOGS)


def closed_sentence(config: settings.Settings, start: date, end: date, location: str) -> str | None:
    """Why a range has no opening hour, so no share of them: every day of it closed (a weekend at
    a gym closed at weekends), or every day of the week. None when some hour of it is open."""
    days = [start + timedelta(days=k) for k in range(min((end - start).days + 1, 7))]
    if any(config.open_spans(day.isoweekday()) for day in days):
        return None
    if not any(config.open_spans(weekday) for weekday in range(1, 8)):
        return (
            f"{location} has no opening hours on any day of the week: set them on the Settings"
            " page."
        )
    held = (
        f"on {start:%A %d %b %Y}"
        if start == end
        else f"on every day of this range ({start:%A %d %b %Y} to {end:%A %d %b %Y})"
    )
    return f"{location} is closed {held}: pick a range with opening days."


def rack_demand(
    con: Connection,
    start: date,
    end: date,
    location: str | None = None,
    coverage: float | None = None,
    target: Target = DEFAULT_TARGET,
) -> RackDemand:
    """Every figure of the Equipment demand page. `coverage` (0-1] overrides the measured one."""
    return rack_demand_for(con, demand_basis(con, start, end, location), coverage, target)


def rack_demand_for(
    con: Connection,
    basis: DemandBasis,
    coverage: float | None = None,
    target: Target = DEFAULT_TARGET,
) -> RackDemand:
    """rack_demand on a basis the caller has worked out already (the page, for its filters)."""
    config = settings.load(con)
    start, end, loc, source = basis.start, basis.end, basis.location, basis.source
    scope = _scope(start, end, loc, config.default_location)
    if coverage is not None and not 0 < coverage <= 1:
        raise FilterError("coverage must be more than 0% and at most 100%")
    if source == "none":  # no demand, or no opening hour to count it in: no figures
        spans = {
            place: (first, last)
            for place, first, last in run(con, _DATA_SPANS_SQL, home=scope["home"]).fetchall()
        }
        state = (
            EmptyState(basis.closed) if basis.closed else _empty_state(con, start, end, loc, spans)
        )
        units = _stored_units(con, loc)
        return RackDemand(
            start,
            end,
            loc,
            target,
            empty_state=state,
            racks=units["squat_rack"],
            units=units,
            data_span=spans.get(loc),
        )
    _load_sessions(con, scope, config, basis)
    shown, units, unit_notes, unlogged = _units(con, loc)
    racks = units["squat_rack"]
    used, note = _coverage(basis, coverage, racks)
    notes = [note, *config.needs_fix, *unit_notes]  # a day of equal stored hours has no open hours
    rack_sets_no_time, sets_no_time = run(con, _NO_TIME_SQL, **scope).fetchone()
    if sets_no_time:
        notes.append(
            f"{plural(sets_no_time, 'set')} without a time of day ({rack_sets_no_time:,} on racks) "
            "count in the weekly figures but not in the hour-by-hour figures."
        )
    params = {**scope, "cov": used, "racks": racks}
    levels = run(con, _LEVELS_SQL, types=shown, **params).df()
    busy = _busy_shares(levels, units, used)
    parts = _open_parts(config)
    utilisation = _with_labels(busy, parts)
    all_busy = _all_busy_share(busy)
    arrivals = run(con, _ARRIVALS_SQL, **params).df()
    queue = pd.DataFrame([_slot_queue(row, racks, target, parts) for row in arrivals.itertuples()])
    needed = int(queue["racks_needed"].max()) if len(queue) else 0
    planner = _planner(arrivals, racks, needed, target)
    now = planner[planner["racks"] == racks]
    waiting = float(now["members_waiting_share"].iloc[0]) if racks else None
    mean_wait = now["mean_wait_minutes"].iloc[0] if racks else None
    # A week the range cuts, or the data starts or stops inside, is a part-week: its days of
    # data say so (where the range cuts it, the days open or with logs). Leg sets count
    # workouts only; rack hours count station sessions as well.
    classes = run(con, _CLASSES_SQL, classes=list(CLASS_ORDER), **scope).df()
    classes["equipment"] = classes["equipment_class"].map(CLASS_LABELS)
    classes["share"] = classes["share"].astype(float).map(stored_share)
    set_days, rack_days = _set_days(basis), _rack_days(basis)
    classes = with_data_days(classes, basis.set_span, start, end, set_days)
    classes = unknown_without_data(_without_logs_unknown(classes, set_days), "sets")
    weekly = run(con, _WEEKLY_SQL, **params).df()
    weekly = with_data_days(weekly, basis.span, start, end, rack_days)
    weekly = _without_logs_unknown(weekly, rack_days)
    if note := gap_weeks_note(_gap_weeks(weekly, basis), loc):
        notes.append(note)
    # A week without data at the location says nothing of rack use: unknown (a gap on the
    # chart), not none, as for station logs that name no members.
    unknown = weekly["data_days"] == 0
    weekly["rack_hours"] = weekly["rack_hours"].astype(float).mask(unknown)
    weekly["rack_users"] = weekly["rack_users"].astype("Int64").mask(unknown)
    trend = trend_sentence(weekly)  # from the hours as measured: a few minutes' rounding is 5%
    weekly["rack_hours"] = weekly["rack_hours"].round(2)
    return RackDemand(
        start=start,
        end=end,
        location=loc,
        target=target,
        source=source,
        station_days=basis.station_days,
        set_days=basis.set_days,
        coverage=None if source == "stations" else used,
        coverage_measured=basis.measured,
        racks=racks,
        units={k: units[k] for k in EQUIPMENT_ORDER},
        notes=tuple(notes),
        needs_fix=config.needs_fix,
        utilisation=utilisation,
        unlogged=unlogged,
        all_busy_share=stored_share(all_busy) if racks else None,
        peaks=peak_sentences(utilisation, racks),
        queue=queue,
        racks_needed=needed,
        members_waiting_share=waiting,
        mean_wait_minutes=None if mean_wait is None or pd.isna(mean_wait) else float(mean_wait),
        planner=planner,
        planner_sentences=planner_sentences(planner, racks, needed, target),
        classes=_weeks_iso(classes),
        substitution=_substitution(con, params, busy, all_busy) if racks else None,
        weekly=_weeks_iso(weekly),
        trend=trend,
    )
