"""How often members really train legs, gym-wide: the figures the leg-training push rests on.

Definitions (issue 6; the page and the README show them):
- hard set: a set that is not a warm-up, has reps > 0 and is not flagged;
- leg session: a workout with at least `min_sets` hard sets of leg patterns (setting
  leg_session_min_sets);
- active member in a week: logged at least one workout that ISO week (Monday-Sunday);
- last week: the last complete ISO week up to the end date (the end date's own week when the end
  date is a Sunday, else the week before), never the running week. By default the range holds
  up to 12 weeks the data covers from their first open day to their last, up to the last such
  week before today's, as the racks page's does with 8 (metrics.default_weeks).
Weekly figures cover ISO weeks from the week holding the start date to the week holding the end
date, as on the Equipment demand page; a week after last week counts up to the end date and is a
part-week, marked as one like a week the data starts or stops inside. Every
figure is one SQL query over the whole range: no per-member or per-week loops in Python.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd
from pandas.api.types import is_list_like

from legdash import settings
from legdash.db import Connection
from legdash.metrics import (
    DataSpan,
    EmptyState,
    FilterError,
    data_span,
    default_weeks,
    empty_fields,
    known_location,
    last_complete_week,
    monday,
    open_days,
    part_week,
    run,
    status,
    week_name,
)
from legdash.metrics.part_weeks import unknown_without_data, with_data_days
from legdash.wording import days_run, names_listed, plural, weeks_named

if TYPE_CHECKING:
    from collections.abc import Mapping

    from legdash.reports import ReportArgs

LEG_CLASSES = ("0", "1", "2", "3+")
LEG_PATTERN_ORDER = ("squat", "hinge", "lunge", "leg_machine", "calf")
WINDOW_WEEKS = 4
DEFAULT_WEEKS = 12
DEFAULT_SKIPPER_WEEKS = 4
# Each name reads whole in the page's Members box on a tablet beside the menu.
SEGMENTS: dict[str, str] = {
    "legs-0": "Leg class 0 (rarely trains legs)",
    "legs-1": "Leg class 1 (about 1 a week)",
    "legs-2": "Leg class 2 (about 2 a week)",
    "legs-3+": "Leg class 3+ (3+ a week)",
    "machine-only": "Machine-only leg training",
    "free-weight": "Free-weight leg training",
}
DEFINITIONS = """\
- **Hard set**: a set that is not a warm-up, has more than 0 reps and is not flagged.
- **Leg session**: a workout with at least {min_sets} hard sets of leg patterns (squat, hinge,
  lunge, leg machine, calf).
- **Active member**: logged at least one workout in that ISO week (Monday to Sunday).
- **Location**: a set logged without a location counts at the gym's default location (a
  setting), as on Equipment demand.
- **Last week**: here the week of {last_week}, the last complete ISO week up to the end date
  (never the running week).
- **Weeks shown**: ISO weeks from the week holding the start date to the week holding the end
  date; a week the data or the end date covers in part says its days of data.
- **A week with no workout logged** (at the location, when one is picked) between weeks with
  workouts, as when imports are missing or the gym was closed, says nothing of who trained legs:
  it is "(no data)", its counts and shares unknown, as a week before the data. A week with
  workouts but no leg sets is a real week with 0 leg sets.
- **Skip-legs ratio**: upper-body hard sets (push and pull) per leg hard set.
- **Free weight** is barbell, dumbbell or kettlebell; **machine** is machine, Smith machine or
  cable; bodyweight and band work is "other".
- **Leg class over 4 weeks**: leg sessions in the 4 weeks up to that week divided by 4, rounded to
  the nearest whole number (halves up; 3 or more is 3+), for members active in those 4 weeks;
  4-week windows that begin before the first week the data covers whole (a first week the data
  starts inside counts as none) or end after the last week with logged workouts (at the
  location, when one is picked) are left out, and so are those holding a week with no workout
  logged (a gap in the chart, whose week says "left out: gap in its 4 weeks"): it would count
  as a week without leg sessions for everybody. Moves between classes and machine-only
  members' moves compare two such windows 4 weeks apart, both counted.
- **Leg style over 4 weeks**: free-weight (any free-weight leg hard set), machine-only (machine
  leg sets, no free-weight ones), other (bodyweight leg work only) or none.
- **Segments** put members in the leg class or style of the 4 weeks up to last week.
- **Leg skippers**: active in the last {skipper_weeks} up to last week (at the picked location,
  when one is) with no leg session at any location in them, nor since (after the end date too,
  up to today); their last workout is the latest one logged (at the picked location, when one
  is), after the end date too, and their last leg session the latest one logged at any location
  (when a location is picked and some of that day's leg sets were at another, every location of
  them is named, in the order first done: "at North, Annex"; a name holding a comma or a quote
  mark is quoted: "at North, 'Annex, East'"). A week with no workout logged
  among those weeks holds no leg session to count: a member may have trained legs then.
"""

HARD_SET_SQL = "(set_type <> 'warmup' AND coalesce(reps, 0) > 0)"
# Whether a set is at the picked $location (any, for none): one logged without a location is at
# the default location, $home, as Equipment demand counts it.
AT_LOCATION_SQL = "($location IS NULL OR coalesce(location, $home) = $location)"
# Whether a workout's sets, each with `hard` (HARD_SET_SQL) and `is_leg`, make a leg session.
LEG_SESSION_SQL = "count(*) FILTER (WHERE hard AND is_leg) >= $min_sets"


@dataclass(frozen=True)
class LegFilters:
    """The page's and the report's filters, defaults filled in; a stable repr for the cache."""

    start: date
    end: date
    location: str | None = None
    segment: str | None = None
    min_sets: int = 2
    skipper_weeks: int = DEFAULT_SKIPPER_WEEKS
    last_open_day: int = 7  # ISO weekday: 5 for a gym closed at weekends
    today: date = date.max  # the gym's: the running week is never last week
    # Where sets logged without a location count (the setting), as on Equipment demand.
    default_location: str = settings.DEFAULTS["default_location"]

    @property
    def first_week(self) -> date:
        return monday(self.start)

    @property
    def last_week(self) -> date:
        """The last complete ISO week up to the end date: an end date on the week's last open
        day (a Sunday, a Friday for a gym closed at weekends) completes its week, but the running
        week is over only after that day, whatever end date a report was given."""
        return last_complete_week(min(self.end, self.today - timedelta(days=1)), self.last_open_day)

    @property
    def end_week(self) -> date:
        """The Monday of the week holding the end date: the last week the charts show, a
        part-week when the end date is not a Sunday."""
        return monday(self.end)

    @property
    def has_weeks(self) -> bool:
        """False when the range holds no complete week (start in the week of the end date)."""
        return self.first_week <= self.last_week


@dataclass(frozen=True)
class LegSpan(DataSpan):
    """The days the counted workouts run over (leg_span), and the weeks inside them with no
    workout logged (at the location, or anywhere): imports missing, or a closure. Such a week
    says nothing of who trained legs, so it has no days of data, as a week before the data."""

    gaps: tuple[date, ...] = ()  # their Mondays, in order

    def days_in(self, week: date, start: date = date.min, end: date = date.max) -> int:
        return 0 if week in self.gaps else super().days_in(week, start, end)

    def gaps_in(self, last: date, weeks: int) -> list[date]:
        """The weeks with nothing logged among the `weeks` weeks up to `last`."""
        first = last - timedelta(weeks=weeks - 1)
        return [week for week in self.gaps if first <= week <= last]


@dataclass(frozen=True)
class SkippersNote:
    """Names the weeks of the skippers' look-back with nothing logged (skippers_note)."""

    text: str
    nobody_to_list: bool  # every one of those weeks has nothing logged: no one, not all fine


def skippers_note(f: LegFilters, span: LegSpan | None) -> SkippersNote | None:
    """Names the weeks of the skippers' look-back with nothing logged (span.gaps): a member may
    have trained legs then, and with every such week empty there is no one to list, which an
    empty list would read as everyone training legs. None without such a week."""
    first = f.last_week - timedelta(weeks=f.skipper_weeks - 1)
    gaps = [week for week in (span.gaps if span else ()) if first <= week <= f.last_week]
    if not gaps:
        return None
    where = at(f.location)
    if len(gaps) == f.skipper_weeks:
        return SkippersNote(
            f"Nothing was logged{where} in the {plural(f.skipper_weeks, 'week')} up to the week"
            f" of {f.last_week:%d %b %Y}: there is no one to list.",
            nobody_to_list=True,
        )
    return SkippersNote(
        f"Nothing was logged{where} in {weeks_named(gaps)}: a member listed may have trained legs"
        " then.",
        nobody_to_list=False,
    )


def gap_weeks_note(f: LegFilters, span: LegSpan | None) -> str | None:
    """Names the weeks of the range with nothing logged (span.gaps): without it an owner sees
    "(no data)" bars and blank 4-week windows and is not told why. None without such a week."""
    gaps = [week for week in (span.gaps if span else ()) if f.first_week <= week <= f.end_week]
    if not gaps:
        return None
    them = "them" if len(gaps) > 1 else "it"
    return (
        f"Nothing was logged{at(f.location)} in {weeks_named(gaps)}: the charts show {them} as"
        f' "(no data)", and leave out the 4-week windows holding {them}.'
    )


def at(location: str | None) -> str:
    """' at Main' for a picked location, '' for all: the figures' wording says which they count."""
    return f" at {location}" if location else ""


def skippers_rule(weeks: int, location: str | None) -> str:
    """Who the leg skippers are, as the page's caption and the report word it: active at the
    location, but with no leg session anywhere, as one elsewhere is leg training all the same."""
    anywhere = " at any location" if location else ""
    return f"a workout{at(location)} but no leg session{anywhere} in the {plural(weeks, 'week')}"


def no_workouts_sentence(f: LegFilters, span: LegSpan | None, today: date) -> str:
    """Why the filters hold no workouts (`span`: the workout days at the filters' location, as
    `leg_span` gives them): widening helps only when the workouts lie outside the range, and a
    range can neither reach the running week nor hold logs in weeks to come."""
    where = f" at {f.location}" if f.location else ""
    if span is None or (span.first <= f.end and span.last >= f.first_week):
        # The 4 weeks segments go by begin before the data covers a week, and a later range
        # would hold a whole window: the segment is empty for that, not for its members.
        if f.segment and span and _window_before_data(f.last_week, span) and _has_window(span):
            first_whole = span.first_week + timedelta(weeks=WINDOW_WEEKS - 1)
            return (
                f'No members in "{SEGMENTS[f.segment]}"{where} yet: segments go by the 4 weeks up'
                f" to last week (the week of {f.last_week:%d %b %Y}), which begin before the first"
                f" week the data covers whole (the week of {span.first_week:%d %b %Y}). Pick All"
                f" members, or a range ending in the week of {first_whole:%d %b %Y} or later."
            )
        if f.segment and span and (gaps := span.gaps_in(f.last_week, WINDOW_WEEKS)):
            return (
                f'No members in "{SEGMENTS[f.segment]}"{where}: segments go by the 4 weeks up to'
                f" last week (the week of {f.last_week:%d %b %Y}), and nothing was logged{where}"
                f" in {weeks_named(gaps)}, so those 4 weeks are left out. Pick All members."
            )
        if f.segment:
            return f'No members in "{SEGMENTS[f.segment]}"{where} in these weeks: pick All members.'
        return "No workouts in these weeks for these filters."
    weeks = f"No workouts{where} in the weeks from {f.first_week:%d %b %Y} to {f.end:%d %b %Y}"
    held = f"Workouts{where} {days_run(span.first, span.last)}"
    if f.first_week > today:  # widening a range of weeks to come would not help
        return f"{weeks}: these weeks start after today, so nothing is logged in them yet. {held}."
    text = f"{weeks}. {held}"
    if span.first >= monday(today):
        return text + ", in the current week: its figures appear once the week is complete."
    return text + ": widen the range to include them."


NO_COMPLETE_WEEK = (
    "the range holds no complete week: pick a start date before the week of the end date and"
    " before the running week"
)
# Said instead of the machine-only chart when it would have no line (empty axes).
NO_MACHINE_ONLY_MOVES = (
    "No member whose leg work was machine-only in 4 weeks was active in the 4 weeks after, in "
    "this range."
)


@dataclass(frozen=True)
class LegClasses:
    """Active members per week by leg sessions that week (0, 1, 2, 3+)."""

    frame: pd.DataFrame  # week, leg_class, members, active_members, share, data_days
    last_week: date
    active_last_week: int | None  # None when nothing was logged last week, inside the data
    no_legs_last_week: int | None
    data_days: int  # days of last week the workouts run over: fewer when they stop inside it
    location: str | None = None  # the picked one: the figures count its workouts only

    @property
    def share_no_legs_last_week(self) -> float | None:
        if not self.active_last_week or self.no_legs_last_week is None:
            return None
        return self.no_legs_last_week / self.active_last_week

    @property
    def last_week_label(self) -> str:
        """'the week of 15 Jun 2026 (1 day of data)': a part-week says so wherever it is named."""
        return f"the week of {week_name(self.last_week, self.data_days)}"

    @property
    def headline(self) -> str:
        """Names the picked location: a member who trains legs only at another one counts."""
        share, where = self.share_no_legs_last_week, at(self.location)
        if self.active_last_week is None:
            return (
                f"No workouts logged{where} in the week of {self.last_week:%d %b %Y}: its figures"
                " are unknown."
            )
        if share is None:
            return f"No active members{where} in the week of {self.last_week:%d %b %Y}."
        return f"{share:.0%} of active members did not train legs{where} last week" + part_week(
            self.data_days
        )


@dataclass(frozen=True)
class ClassCohorts:
    """Members by leg class over the previous 4 weeks, and how they move between classes."""

    weeks: pd.DataFrame  # week, leg_class, members, share, data_days
    transitions: pd.DataFrame  # week, from_class, to_class, change, members, data_days
    machine_only: pd.DataFrame  # week, machine_only, to_free_weight/squat, shares, data_days


@dataclass(frozen=True)
class LegNotes:
    """What the page and the report say of the range's weeks with nothing logged, found once."""

    gap_weeks: str | None  # under the filters: why "(no data)" bars and blank windows
    skippers: SkippersNote | None  # over the skippers
    no_moves: str  # said instead of an empty moves chart
    no_machine_only_moves: str  # said instead of an empty machine-only chart


def leg_notes(f: LegFilters, span: LegSpan | None) -> LegNotes:
    """The notes for the filters and leg_span's `span`, so the page only draws them."""
    return LegNotes(
        gap_weeks=gap_weeks_note(f, span),
        skippers=skippers_note(f, span),
        no_moves=no_moves_in_range_sentence(f, span),
        no_machine_only_moves=no_machine_only_moves_sentence(f, span),
    )


@dataclass(frozen=True)
class LegTraining:
    """Everything the Leg training page shows; `report legs` prints the same object."""

    filters: LegFilters
    classes: LegClasses
    patterns: pd.DataFrame
    equipment: pd.DataFrame
    join_cohorts: pd.DataFrame
    class_cohorts: ClassCohorts
    skippers: pd.DataFrame
    empty_state: EmptyState | None  # why no week has an active member; None when one has
    span: LegSpan | None  # the days the counted workouts run over (leg_span)
    notes: LegNotes


def query(con: Connection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    return run(con, sql, **params).df()


def locations(con: Connection) -> list[str]:
    """Locations that have logged sets, for the location filter: sets without one at the
    default location, where the figures count them."""
    rows = run(
        con,
        "SELECT DISTINCT coalesce(location, $home) AS place FROM v_sets ORDER BY place",
        home=settings.load(con).default_location,
    ).fetchall()
    return [r[0] for r in rows]


def resolve_filters(
    con: Connection,
    *,
    start: date | None = None,
    end: date | None = None,
    location: str | None = None,
    segment: str | None = None,
    min_sets: int | None = None,
    skipper_weeks: int = DEFAULT_SKIPPER_WEEKS,
    today: date | None = None,
) -> LegFilters:
    """Fill defaults (up to 12 weeks the data covers, at the location when one is picked;
    threshold from settings) and check."""
    today = today or settings.gym_today(con)
    config = settings.load(con)
    if start is None or end is None:
        first, last = default_weeks(
            con,
            today,
            DEFAULT_WEEKS,
            end=end,
            start=start,
            location=location,
            home=config.default_location,
        )
        start, end = start or first, end or last
    if start > end:
        raise FilterError(f"the start date {start} is after the end date {end}")
    if segment is not None and segment not in SEGMENTS:
        raise FilterError(f"unknown segment {segment!r}; use one of {', '.join(SEGMENTS)}")
    if min_sets is None:
        min_sets = config.leg_session_min_sets
    if not 1 <= min_sets <= 20:
        raise FilterError("the leg-session threshold must be from 1 to 20 hard sets")
    if not 1 <= skipper_weeks <= 52:
        raise FilterError("leg skippers look back 1 to 52 weeks")
    days = open_days(con)
    return LegFilters(
        start,
        end,
        location or None,
        segment,
        min_sets,
        skipper_weeks,
        days[-1],
        today,
        config.default_location,
    )


def _params(f: LegFilters, span: LegSpan | None, history_start: date | None) -> dict[str, Any]:
    """The filters, and the weeks `span` (leg_span's) covers: 4-week windows stay within them."""
    return {
        "history_start": history_start,
        "until": f.end + timedelta(days=1),
        "first_week": f.first_week,
        "last_week": f.last_week,
        "end_week": f.end_week,
        "window_from": min(f.first_week - timedelta(weeks=WINDOW_WEEKS), f.last_week),
        "location": f.location,
        "home": f.default_location,
        "segment": f.segment,
        "min_sets": f.min_sets,
        "data_first_week": span.first_week if span else None,
        "data_last_week": monday(span.last) if span else None,
        "gap_weeks": list(span.gaps) if span else [],
        "skip_from": f.last_week - timedelta(weeks=f.skipper_weeks - 1),
    }


def _page_params(f: LegFilters, span: LegSpan | None) -> dict[str, Any]:
    """Weekly figures read 8 weeks before the first week: two 4-week windows for transitions."""
    return _params(f, span, f.first_week - timedelta(weeks=2 * WINDOW_WEEKS))


# Counted sets, workouts, member-weeks and 4-week windows, then `scope`: the segment's members.
# Windows end on every week from $window_from to $end_week, within the weeks the data covers:
# from $data_first_week, the first it covers whole, to $data_last_week, the last logged (with a
# location picked, that location's weeks), and hold none of the $gap_weeks, with nothing logged.
_BASE = f"""
WITH sets_in AS (
    SELECT member_id, workout_id, date_trunc('week', workout_start)::DATE AS week,
        workout_start::DATE AS day, pattern, is_leg, equipment_class,
        {HARD_SET_SQL} AS hard
    FROM v_sets
    WHERE NOT flagged
        AND ($history_start IS NULL OR workout_start >= $history_start)
        AND workout_start < $until
        AND {AT_LOCATION_SQL}
),
workouts_in AS (
    SELECT member_id, workout_id, week, min(day) AS day,
        {LEG_SESSION_SQL} AS leg_session,
        bool_or(hard AND is_leg) AS leg_work,
        bool_or(hard AND is_leg AND equipment_class = 'free_weight') AS free_weight,
        bool_or(hard AND is_leg AND equipment_class = 'machine') AS machine,
        bool_or(hard AND is_leg AND equipment_class = 'free_weight' AND pattern = 'squat')
            AS free_squat
    FROM sets_in GROUP BY member_id, workout_id, week
),
-- The window ends whose 4 weeks hold a week with nothing logged (imports missing, a closure):
-- such a window would count that week as one without leg sessions, for every member.
gap_windows AS (
    SELECT DISTINCT g.week + 7 * r.k::INTEGER AS week
    FROM (SELECT unnest($gap_weeks::DATE[]) AS week) g CROSS JOIN range(4) r(k)
),
member_weeks AS (
    SELECT member_id, week, count(*) AS workouts,
        count(*) FILTER (WHERE leg_session) AS leg_sessions, bool_or(leg_work) AS leg_work,
        bool_or(free_weight) AS free_weight, bool_or(machine) AS machine,
        bool_or(free_squat) AS free_squat
    FROM workouts_in GROUP BY member_id, week
),
windows AS (
    SELECT member_id, week + 7 * r.k::INTEGER AS window_end, sum(leg_sessions) AS leg_sessions,
        bool_or(free_weight) AS free_weight, bool_or(machine) AS machine,
        bool_or(free_squat) AS free_squat, bool_or(leg_work) AS leg_work
    FROM member_weeks CROSS JOIN range(4) r(k)
    WHERE week + 7 * r.k::INTEGER BETWEEN $window_from AND $end_week
        -- a window reaching back before the first week the data covers whole, or on past the
        -- last week logged, would undercount its sessions
        AND week + 7 * r.k::INTEGER - 21 >= $data_first_week
        AND week + 7 * r.k::INTEGER <= $data_last_week
        AND week + 7 * r.k::INTEGER NOT IN (SELECT week FROM gap_windows)
    GROUP BY ALL
),
member_windows AS (
    SELECT member_id, window_end AS week, leg_sessions, free_squat,
        CASE WHEN leg_sessions >= 10 THEN '3+'
            ELSE ((leg_sessions * 2 + 4) // 8)::VARCHAR END AS leg_class,
        CASE WHEN free_weight THEN 'free_weight' WHEN machine THEN 'machine_only'
            WHEN leg_work THEN 'other' ELSE 'none' END AS leg_style
    FROM windows
),
scope AS (
    SELECT member_id FROM member_windows
    WHERE week = $last_week AND ($segment = 'legs-' || leg_class
        OR ($segment = 'machine-only' AND leg_style = 'machine_only')
        OR ($segment = 'free-weight' AND leg_style = 'free_weight'))
),
weeks AS (
    SELECT range::DATE AS week FROM range($first_week, $until, INTERVAL 7 DAY)
)
"""
_IN_SCOPE = "($segment IS NULL OR member_id IN (SELECT member_id FROM scope))"
_CLASS = "CASE WHEN {n} >= 3 THEN '3+' ELSE {n}::VARCHAR END"

_CLASSES_SQL = f"""{_BASE}
SELECT w.week, c.leg_class, count(mw.member_id) AS members,
    sum(count(mw.member_id)) OVER (PARTITION BY w.week)::BIGINT AS active_members
FROM weeks w CROSS JOIN (VALUES ('0'), ('1'), ('2'), ('3+')) c(leg_class)
LEFT JOIN (
    SELECT week, member_id, {_CLASS.format(n="leg_sessions")} AS leg_class FROM member_weeks
    WHERE {_IN_SCOPE}
) mw USING (week, leg_class)
GROUP BY w.week, c.leg_class ORDER BY w.week, c.leg_class
"""

_PATTERNS_SQL = f"""{_BASE}
, counted AS (
    SELECT week, pattern, count(*) AS hard_sets FROM sets_in
    WHERE hard AND (is_leg OR pattern IN ('push', 'pull')) AND {_IN_SCOPE}
    GROUP BY week, pattern
)
SELECT w.week,
    {", ".join(f"coalesce(sum(hard_sets) FILTER (WHERE pattern = '{p}'), 0)::BIGINT AS {p}" for p in LEG_PATTERN_ORDER)},
    coalesce(sum(hard_sets) FILTER (WHERE pattern NOT IN ('push', 'pull')), 0)::BIGINT
        AS leg_sets,
    coalesce(sum(hard_sets) FILTER (WHERE pattern IN ('push', 'pull')), 0)::BIGINT
        AS upper_body_sets,
    upper_body_sets / nullif(leg_sets, 0) AS skip_legs_ratio
FROM weeks w LEFT JOIN counted USING (week)
GROUP BY w.week ORDER BY w.week
"""

_EQUIPMENT_SQL = f"""{_BASE}
SELECT w.week, e.equipment_class, count(s.week) AS hard_sets,
    -- no share of no leg sets: null, not 0
    count(s.week) / nullif(sum(count(s.week)) OVER (PARTITION BY w.week), 0) AS share
FROM weeks w CROSS JOIN (VALUES ('free_weight'), ('machine'), ('other')) e(equipment_class)
LEFT JOIN (
    SELECT week, equipment_class FROM sets_in WHERE hard AND is_leg AND {_IN_SCOPE}
) s USING (week, equipment_class)
GROUP BY w.week, e.equipment_class ORDER BY w.week, e.equipment_class
"""

# Cohort = join month: members.joined, else the month of the member's first counted workout.
_JOIN_COHORTS_SQL = f"""{_BASE}
, first_seen AS (
    SELECT member_id, min(workout_start)::DATE AS first_day FROM v_sets WHERE NOT flagged
    GROUP BY member_id
),
cohorts AS (
    SELECT f.member_id, strftime(coalesce(m.joined, f.first_day), '%Y-%m') AS cohort
    FROM first_seen f LEFT JOIN members m USING (member_id)
),
weeks_in AS (
    SELECT c.cohort, mw.member_id, {_CLASS.format(n="mw.leg_sessions")} AS leg_class
    FROM member_weeks mw JOIN cohorts c USING (member_id)
    WHERE mw.week BETWEEN $first_week AND $last_week AND {_IN_SCOPE}
)
SELECT k.cohort, c.leg_class, count(w.member_id) AS member_weeks,
    coalesce(count(w.member_id) / nullif(sum(count(w.member_id)) OVER (PARTITION BY k.cohort), 0),
        0) AS share,
    any_value(k.members) AS members
FROM (SELECT cohort, count(DISTINCT member_id) AS members FROM weeks_in GROUP BY cohort) k
CROSS JOIN (VALUES ('0'), ('1'), ('2'), ('3+')) c(leg_class)
LEFT JOIN weeks_in w ON w.cohort = k.cohort AND w.leg_class = c.leg_class
GROUP BY k.cohort, c.leg_class ORDER BY k.cohort, c.leg_class
"""

_CLASS_WEEKS_SQL = f"""{_BASE}
, counted AS (
    SELECT w.week, c.leg_class, count(mw.member_id) AS members,
        coalesce(count(mw.member_id)
            / nullif(sum(count(mw.member_id)) OVER (PARTITION BY w.week), 0), 0) AS share
    FROM weeks w CROSS JOIN (VALUES ('0'), ('1'), ('2'), ('3+')) c(leg_class)
    LEFT JOIN (SELECT * FROM member_windows WHERE {_IN_SCOPE}) mw USING (week, leg_class)
    -- The weeks before the first whole window (one reaching back before the first week the data
    -- covers whole) and after the last week logged are left out, not weeks of 0%; a week between
    -- nobody was active in stays, as a week of none.
    WHERE w.week - 21 >= $data_first_week AND w.week <= $data_last_week
    GROUP BY w.week, c.leg_class
)
-- A window holding a week with nothing logged is unknown: a gap in the chart, not 0%.
SELECT week, leg_class,
    CASE WHEN NOT window_holds_gap THEN members END AS members,
    CASE WHEN NOT window_holds_gap THEN share END AS share,
    window_holds_gap
FROM (SELECT *, week IN (SELECT week FROM gap_windows) AS window_holds_gap FROM counted)
ORDER BY week, leg_class
"""

# A member moves between the window ending 4 weeks earlier and the window ending this week;
# only members active in both windows count.
_TRANSITIONS_SQL = f"""{_BASE}
, moves AS (
    SELECT cur.week, prev.leg_class AS from_class, cur.leg_class AS to_class,
        prev.leg_style AS from_style, cur.leg_style AS to_style, cur.free_squat
    FROM member_windows cur JOIN member_windows prev
        ON prev.member_id = cur.member_id AND prev.week = cur.week - 28
    WHERE cur.week >= $first_week
        AND ($segment IS NULL OR cur.member_id IN (SELECT member_id FROM scope))
)
"""

_CLASS_MOVES_SQL = f"""{_TRANSITIONS_SQL}
SELECT week, from_class, to_class,
    -- class names sort as text in class order: '0' < '1' < '2' < '3+'
    CASE WHEN to_class > from_class THEN 'up' WHEN to_class < from_class THEN 'down'
        ELSE 'same' END AS change,
    count(*) AS members
FROM moves GROUP BY ALL ORDER BY week, from_class, to_class
"""

# A week whose two windows hold a week with nothing logged has no moves counted: its counts are
# unknown, as its shares, not 0 members.
_MACHINE_ONLY_SQL = f"""{_TRANSITIONS_SQL}
, counted AS (
    SELECT w.week, count(m.week) AS machine_only,
        count(m.week) FILTER (WHERE m.to_style = 'free_weight') AS to_free_weight,
        count(m.week) FILTER (WHERE m.free_squat) AS to_free_squat
    FROM weeks w LEFT JOIN (SELECT * FROM moves WHERE from_style = 'machine_only') m USING (week)
    -- As the classes' weeks: those whose two windows reach back before the first week the data
    -- covers whole, or on past the last week logged, are left out, not weeks of 0 members.
    WHERE w.week - 49 >= $data_first_week AND w.week <= $data_last_week
    GROUP BY w.week
),
flagged AS (
    SELECT *, week IN (SELECT week FROM gap_windows)
        OR week - 28 IN (SELECT week FROM gap_windows) AS window_holds_gap
    FROM counted
)
SELECT week,
    CASE WHEN NOT window_holds_gap THEN machine_only END AS machine_only,
    CASE WHEN NOT window_holds_gap THEN to_free_weight END AS to_free_weight,
    CASE WHEN NOT window_holds_gap THEN to_free_squat END AS to_free_squat,
    to_free_weight / nullif(machine_only, 0) AS share_to_free_weight,
    to_free_squat / nullif(machine_only, 0) AS share_to_free_squat,
    window_holds_gap
FROM flagged ORDER BY week
"""

_SKIPPERS_SQL = f"""{_BASE}
, recent AS (
    SELECT member_id, sum(workouts)::BIGINT AS workouts, sum(leg_sessions) AS leg_sessions
    FROM member_weeks WHERE week BETWEEN $skip_from AND $last_week AND {_IN_SCOPE}
    GROUP BY member_id
),
-- Every set, anywhere and up to the latest logged, of the members with no leg session at the
-- location in those weeks, read once for the three figures below.
skipper_sets AS (
    SELECT member_id, workout_id, workout_start, performed_at, is_leg, {HARD_SET_SQL} AS hard,
        {AT_LOCATION_SQL} AS here, coalesce(location, $home) AS place
    FROM v_sets
    WHERE NOT flagged AND member_id IN (SELECT member_id FROM recent WHERE leg_sessions = 0)
),
-- The last workout at the location, up to the latest logged as the last leg session is: one
-- since the range's end is when the member last came in.
days AS (
    SELECT member_id, max(workout_start)::DATE AS last_workout FROM skipper_sets WHERE here
    GROUP BY member_id
),
-- Their leg sessions: one at another location, or since the range, is leg training all the
-- same, and the last one is what an owner calling the member wants to know of.
leg_sessions_anywhere AS (
    SELECT member_id, workout_id, min(workout_start)::DATE AS day FROM skipper_sets
    GROUP BY member_id, workout_id
    HAVING {LEG_SESSION_SQL}
),
last_leg_day AS (
    SELECT member_id, max(day) AS last_leg_session FROM leg_sessions_anywhere GROUP BY member_id
),
-- Where that day's leg sets were, each location once in the order first done: a native log's
-- day is one workout across locations, and an app's two workouts that day both count; a set
-- logged without a location was at the default location.
last_leg_places AS (
    SELECT member_id, min(s.performed_at) AS first_done, s.place AS location
    FROM skipper_sets s JOIN leg_sessions_anywhere USING (member_id, workout_id)
    JOIN last_leg_day d USING (member_id)
    WHERE day = d.last_leg_session AND s.hard AND s.is_leg
    GROUP BY ALL
),
last_leg AS (
    SELECT d.member_id, d.last_leg_session,
        list(p.location ORDER BY p.first_done, p.location) AS locations
    FROM last_leg_day d LEFT JOIN last_leg_places p USING (member_id)
    GROUP BY d.member_id, d.last_leg_session
)
SELECT r.member_id, m.name, r.workouts, d.last_workout, l.last_leg_session,
    -- named only when a location is picked and some of the day's leg sets were elsewhere
    CASE WHEN $location IS NOT NULL AND l.locations <> [$location] THEN l.locations END
        AS last_leg_location
FROM recent r JOIN days d USING (member_id) LEFT JOIN last_leg l USING (member_id)
LEFT JOIN members m USING (member_id)
-- none in those weeks nor since: a member who trained legs two days ago, or at North, is
-- nobody to call about skipping them
WHERE r.leg_sessions = 0 AND (l.last_leg_session IS NULL OR l.last_leg_session < $skip_from)
ORDER BY r.workouts DESC, l.last_leg_session NULLS FIRST, r.member_id
"""


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """DuckDB hands DATE columns to pandas as timestamps; pages and JSON want plain dates."""
    for column in columns:
        frame[column] = frame[column].dt.date.astype(object).where(frame[column].notna(), None)
    return frame


def _weekly(frame: pd.DataFrame, f: LegFilters, span: LegSpan | None) -> pd.DataFrame:
    """A per-week figure as pages and reports take it: plain dates, and each week's days of data.

    The first week is whole whatever the range's start date, so the data starting or stopping
    inside a week, or the end date before a Sunday, makes a part-week here.
    """
    return with_data_days(_dates(frame, "week"), span, end=f.end)


# The weeks from the first workout's to the last's with no workout counted (at $location, or
# anywhere), as the figures count workouts: by the week they start in.
_GAP_WEEKS_SQL = f"""
SELECT range::DATE AS week FROM range($first, $last + INTERVAL 1 DAY, INTERVAL 7 DAY)
EXCEPT
SELECT date_trunc('week', workout_start)::DATE FROM v_sets
WHERE NOT flagged AND workout_start >= $first AND {AT_LOCATION_SQL}
ORDER BY week
"""


def leg_span(con: Connection, f: LegFilters) -> LegSpan | None:
    """The days the workouts the figures count run over: at the filter's location, or anywhere,
    and the weeks between with none. A location's first and last weeks are its part-weeks, and
    its weeks with nothing logged are gaps, whatever the rest of the gym logged."""
    span = data_span(con, location=f.location, home=f.default_location)
    if span is None:
        return None
    gaps = run(
        con,
        _GAP_WEEKS_SQL,
        first=monday(span.first),
        last=monday(span.last),
        location=f.location,
        home=f.default_location,
    ).fetchall()
    return LegSpan(span.first, span.last, span.open_days, tuple(week for (week,) in gaps))


def leg_classes(con: Connection, f: LegFilters, span: LegSpan | None) -> LegClasses:
    """Share of active members with 0, 1, 2 and 3+ leg sessions, per ISO week.

    `span` is leg_span's, read once by the caller for all the figures; likewise below.
    """
    frame = query(con, _CLASSES_SQL, _page_params(f, span))
    frame["share"] = frame["members"] / frame["active_members"]  # no share of no one: NaN
    frame = unknown_without_data(_weekly(frame, f, span), "members", "active_members")
    last = frame[frame["week"] == f.last_week]
    data_days = span.days_in(f.last_week) if span else 0
    # Last week without data (nothing logged in it, or before the data): nobody known active.
    known = span is None or data_days > 0
    return LegClasses(
        frame=frame,
        last_week=f.last_week,
        active_last_week=int(last["members"].sum()) if known else None,
        no_legs_last_week=int(last.loc[last["leg_class"] == "0", "members"].sum())
        if known
        else None,
        data_days=data_days,
        location=f.location,
    )


def pattern_sets(con: Connection, f: LegFilters, span: LegSpan | None) -> pd.DataFrame:
    """Hard sets per leg pattern and upper-body hard sets per week, with the skip-legs ratio."""
    frame = _weekly(query(con, _PATTERNS_SQL, _page_params(f, span)), f, span)
    return unknown_without_data(frame, *LEG_PATTERN_ORDER, "leg_sets", "upper_body_sets")


def equipment_share(con: Connection, f: LegFilters, span: LegSpan | None) -> pd.DataFrame:
    """Free-weight, machine and other shares of leg hard sets per week."""
    frame = _weekly(query(con, _EQUIPMENT_SQL, _page_params(f, span)), f, span)
    return unknown_without_data(frame, "hard_sets")


def join_cohorts(con: Connection, f: LegFilters, span: LegSpan | None) -> pd.DataFrame:
    """Members by join month: their active weeks in the range split by leg sessions that week."""
    return query(con, _JOIN_COHORTS_SQL, _page_params(f, span))


def class_cohorts(con: Connection, f: LegFilters, span: LegSpan | None) -> ClassCohorts:
    """4-week leg classes week by week, moves between classes and machine-only members' moves.

    A row's days of data are those of the week its 4 weeks end with, the week the charts show.
    """
    params = _page_params(f, span)
    return ClassCohorts(
        weeks=_weekly(query(con, _CLASS_WEEKS_SQL, params), f, span),
        transitions=_weekly(query(con, _CLASS_MOVES_SQL, params), f, span),
        machine_only=_weekly(query(con, _MACHINE_ONLY_SQL, params), f, span),
    )


def leg_skippers(con: Connection, f: LegFilters, span: LegSpan | None) -> pd.DataFrame:
    """Members active in the last `skipper_weeks` weeks with no leg session: coaching outreach."""
    frame = query(con, _SKIPPERS_SQL, _params(f, span, None))
    frame["last_leg_location"] = [
        names_listed(places) if is_list_like(places) else None
        for places in frame["last_leg_location"]
    ]
    return _dates(frame, "last_workout", "last_leg_session")


def _empty_state(con: Connection, f: LegFilters, span: LegSpan | None, today: date) -> EmptyState:
    """Why the filters hold no active member: no sets to count at all (import workout logs), or
    none in these weeks, location or segment."""
    held = status.database_status(con)
    if not held.has_sets:
        return EmptyState(
            f"{held.sets_held} Leg training counts sets from workout logs.", "workout logs"
        )
    return EmptyState(no_workouts_sentence(f, span, today))


def leg_training(con: Connection, f: LegFilters, today: date | None = None) -> LegTraining:
    """All of the Leg training page's figures for one set of filters; `today` (default: the
    gym's) tells an empty range whether the workouts are in the running week."""
    span = leg_span(con, f)
    classes = leg_classes(con, f, span)
    return LegTraining(
        filters=f,
        classes=classes,
        patterns=pattern_sets(con, f, span),
        equipment=equipment_share(con, f, span),
        join_cohorts=join_cohorts(con, f, span),
        class_cohorts=class_cohorts(con, f, span),
        skippers=leg_skippers(con, f, span),
        empty_state=None
        if classes.frame["members"].any()
        else _empty_state(con, f, span, today or settings.gym_today(con)),
        span=span,
        notes=leg_notes(f, span),
    )


def last_leg_wording(day: date | str | None, location: str | None) -> str:
    """A skipper's last leg session as the page and the report word it: its date, with the
    location when that is not the picked one (the member trains legs, elsewhere). A frame's
    missing location is NaN, not None: only text names a location."""
    if day is None:
        return "none logged"
    return f"{day} at {location}" if isinstance(location, str) and location else str(day)


def iso_dates(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with its dates as ISO text, so it can go into JSON."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-safe rows: dates as ISO text, missing values as None."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [iso_dates(r) for r in rows]


def as_dict(result: LegTraining) -> dict[str, Any]:
    """The report's JSON: the same figures the page draws."""
    f, classes = result.filters, result.classes
    return {
        "filters": iso_dates(asdict(f)),
        "first_week": f.first_week.isoformat(),
        "last_week": f.last_week.isoformat(),
        "end_week": f.end_week.isoformat(),
        "gap_weeks_note": result.notes.gap_weeks,
        **empty_fields(result.empty_state),
        "headline": classes.headline,
        "last_week_data_days": classes.data_days,
        "active_last_week": classes.active_last_week,
        "no_legs_last_week": classes.no_legs_last_week,
        "share_no_legs_last_week": classes.share_no_legs_last_week,
        "leg_classes": records(classes.frame),
        "patterns": records(result.patterns),
        "equipment": records(result.equipment),
        "join_cohorts": records(result.join_cohorts),
        "class_weeks": records(result.class_cohorts.weeks),
        "class_transitions": records(result.class_cohorts.transitions),
        "machine_only": records(result.class_cohorts.machine_only),
        "skippers": records(result.skippers),
        "skippers_note": None if result.notes.skippers is None else result.notes.skippers.text,
    }


def build(con: Connection, args: ReportArgs) -> dict[str, Any]:
    """`report legs`: the page's figures for the same filters."""
    f = resolve_filters(
        con,
        start=args.start,
        end=args.end,
        location=known_location(con, args.location),
        segment=args.segment,
        min_sets=args.min_leg_sets,
        skipper_weeks=DEFAULT_SKIPPER_WEEKS if args.skipper_weeks is None else args.skipper_weeks,
    )
    if not f.has_weeks:
        raise FilterError(NO_COMPLETE_WEEK)
    return as_dict(leg_training(con, f))


def text(data: dict[str, Any]) -> str:
    """`report legs` without --json: the headline, last week's classes and the skippers."""
    f = data["filters"]
    lines = [
        f"Leg training, weeks of {data['first_week']} to {data['end_week']}"
        f"{', location ' + f['location'] if f['location'] else ''}"
        f"{', segment ' + f['segment'] if f['segment'] else ''}"
        f"; leg session = {f['min_sets']}+ leg hard sets",
    ]
    if data["gap_weeks_note"]:
        lines.append(data["gap_weeks_note"])
    if data["empty"]:
        return "\n".join([*lines, data["empty_sentence"]])
    lines += [
        data["headline"],
        "",
        "week        active   0 legs   1      2      3+     skip-legs ratio",
    ]
    ratios = {row["week"]: row["skip_legs_ratio"] for row in data["patterns"]}
    by_week: dict[str, dict[str, float]] = {}
    active: dict[str, int | None] = {}
    days: dict[str, int] = {}
    for row in data["leg_classes"]:
        by_week.setdefault(row["week"], {})[row["leg_class"]] = row["share"]
        active[row["week"]] = row["active_members"]
        days[row["week"]] = row["data_days"]
    for week, shares in by_week.items():
        ratio = ratios.get(week)
        # A week nobody trained has no shares: "-", not a row of 0% that reads as "nobody did legs";
        # nor has a week without data any active members to count.
        cells = [f"{shares[c]:>5.0%}" if active[week] else f"{'-':>5}" for c in LEG_CLASSES]
        count = "-" if active[week] is None else active[week]
        row = f"{week}  {count:>6}   " + "  ".join(cells)
        row += f"   {'-' if ratio is None else f'{ratio:.1f}':<5}"
        # A part-week's figures are not a whole week's: marked as the charts mark it.
        lines.append((row + part_week(days[week])).rstrip())
    rule = skippers_rule(f["skipper_weeks"], f["location"])
    lines += ["", f"Leg skippers (with {rule} up to last week, nor since):"]
    if data["skippers_note"]:
        lines.append(f"  {data['skippers_note']}")
    if not data["skippers"]:
        lines.append("  none")
    for row in data["skippers"]:
        last = last_leg_wording(row["last_leg_session"], row["last_leg_location"])
        name = f" ({row['name']})" if row["name"] else ""
        workouts = plural(row["workouts"], "workout")
        lines.append(f"  {row['member_id']}{name}: {workouts}, last leg session {last}")
    return "\n".join(lines)


def definitions(f: LegFilters) -> str:
    """The definitions as the page shows them, with this range's threshold and weeks."""
    return DEFINITIONS.format(
        min_sets=f.min_sets,
        last_week=f"{f.last_week:%d %b %Y}",
        skipper_weeks=plural(f.skipper_weeks, "week"),
    )


def _window_before_data(week: date, span: LegSpan, windows: int = 1) -> bool:
    """Whether the `windows` 4-week windows up to `week` begin before the first week the data
    (`span`, leg_span's) covers whole: such a window is left out, whoever was active."""
    return week - timedelta(weeks=windows * WINDOW_WEEKS - 1) < span.first_week


def _has_window(span: LegSpan) -> bool:
    """Whether the data covers 4 whole weeks: a range ending late enough has a whole window."""
    return not _window_before_data(span.last_week, span)


def _moves_before_data(week: date, span: LegSpan | None) -> bool:
    """Whether the 8 weeks the moves up to `week` compare begin before the data covers a week."""
    return span is not None and _window_before_data(week, span, windows=2)


def _moves_counted(week: date, span: LegSpan) -> bool:
    """Whether the moves up to `week` compare two counted 4-week windows: within the weeks the
    data covers whole and holding no week with nothing logged."""
    return (
        not _moves_before_data(week, span)
        and week <= monday(span.last)
        and not span.gaps_in(week, 2 * WINDOW_WEEKS)
    )


def _gaps_are_why(f: LegFilters, span: LegSpan | None) -> str | None:
    """Why the range has no moves, when weeks with nothing logged are: every week's moves
    compare a 4-week window holding one (or one before the data). None when some week's moves
    compare two counted windows, so nobody was active in both."""
    gaps = _window_gaps(f, span)
    weeks = (f.last_week - f.first_week).days // 7 + 1
    if not gaps or any(
        _moves_counted(f.first_week + timedelta(weeks=k), span) for k in range(weeks)
    ):
        return None
    before = (
        f" or one beginning before the first week the data covers whole (the week of"
        f" {span.first_week:%d %b %Y})"
        if _moves_before_data(f.first_week, span)
        else ""
    )
    return (
        f"nothing was logged{at(f.location)} in {weeks_named(gaps)}, and every move in it"
        f" compares a 4-week window holding {'them' if len(gaps) > 1 else 'it'}{before}."
    )


def no_moves_in_range_sentence(f: LegFilters, span: LegSpan | None) -> str:
    """Said instead of an empty moves chart, with its true reason: when even the moves up to
    last week, the latest, reach back before the data, every earlier week's do too; when every
    week's compare a window holding a week with nothing logged (or one before the data), those
    weeks are why, not that nobody was active."""
    if _moves_before_data(f.last_week, span):
        return (
            f"No leg class moves in this range: each compares 8 weeks, and those up to the week of"
            f" {f.last_week:%d %b %Y} already begin before the first week the data covers whole"
            f" (the week of {span.first_week:%d %b %Y})." + windows_gap_note(f, span)
        )
    if why := _gaps_are_why(f, span):
        return f"No leg class moves in this range: {why}"
    return "No member was active in two 4-week windows 4 weeks apart in this range." + (
        windows_gap_note(f, span)
    )


def no_machine_only_moves_sentence(f: LegFilters, span: LegSpan | None) -> str:
    """Said instead of an empty machine-only chart: weeks with nothing logged, when they are why,
    as for the moves between classes; else that no such member was active (naming those weeks)."""
    if not _moves_before_data(f.last_week, span) and (why := _gaps_are_why(f, span)):
        return f"No machine-only members' moves in this range: {why}"
    return NO_MACHINE_ONLY_MOVES + windows_gap_note(f, span)


def _window_gaps(f: LegFilters, span: LegSpan | None) -> list[date]:
    """The weeks with nothing logged (span.gaps) in the range's 4-week windows: those the moves
    compare reach 7 weeks before the first week."""
    first = f.first_week - timedelta(weeks=2 * WINDOW_WEEKS - 1)
    return [week for week in (span.gaps if span else ()) if first <= week <= f.last_week]


def windows_gap_note(f: LegFilters, span: LegSpan | None) -> str:
    """Said after an empty moves or machine-only chart whose range's 4-week windows hold a week
    with nothing logged: such windows are left out, which may be why there is nothing to draw.
    "" without such a week."""
    gaps = _window_gaps(f, span)
    if not gaps:
        return ""
    return (
        f" Nothing was logged{at(f.location)} in {weeks_named(gaps)}: the 4-week windows holding"
        f" {'them' if len(gaps) > 1 else 'it'} are left out."
    )


def no_class_moves_sentence(week: date, span: LegSpan | None) -> str:
    """Said instead of an all-zero matrix of moves up to `week`, with its true reason: the moves
    compare two 4-week windows, and one the data (`span`, leg_span's) does not cover whole is
    left out, whoever was active."""
    if _moves_before_data(week, span):
        return (
            f"No leg class moves up to the week of {week:%d %b %Y}: they compare the 8 weeks up"
            " to it, which begin before the first week the data covers whole (the week of"
            f" {span.first_week:%d %b %Y})."
        )
    if span is not None and week > monday(span.last):
        return (
            f"No leg class moves up to the week of {week:%d %b %Y}: the workouts stop in the week"
            f" of {monday(span.last):%d %b %Y}, and a 4-week window past it is left out."
        )
    if span is not None and (gaps := span.gaps_in(week, 2 * WINDOW_WEEKS)):
        later = week - timedelta(weeks=WINDOW_WEEKS - 1)  # the later window's first week
        held = {"earlier" if gap < later else "later" for gap in gaps}
        windows = (
            "both 4-week windows are" if len(held) == 2 else f"the {held.pop()} 4-week window is"
        )
        return (
            f"No leg class moves up to the week of {week:%d %b %Y}: they compare the 8 weeks up"
            f" to it, and nothing was logged in {weeks_named(gaps)}, so {windows} left out."
        )
    return (
        f"No member was active both in the 4 weeks up to the week of {week:%d %b %Y} and in the"
        " 4 weeks before."
    )


def left_out_window(weeks: int) -> str:
    """After a window chart's week whose `weeks` (the 4 of a class, the 8 moves compare) hold a
    week with nothing logged: the window is left out, and a plain week name over nothing drawn
    would read as a counted window of nobody. The week with nothing logged says "(no data)"."""
    return f" (left out: gap in its {weeks} weeks)"


def transition_matrix(transitions: pd.DataFrame, week: date) -> pd.DataFrame:
    """Members by leg class 4 weeks before `week` (rows) and in the 4 weeks up to it (columns)."""
    moves = transitions[transitions["week"] == week]
    matrix = moves.pivot_table(
        index="from_class", columns="to_class", values="members", aggfunc="sum", fill_value=0
    )
    matrix = matrix.reindex(index=list(LEG_CLASSES), columns=list(LEG_CLASSES), fill_value=0)
    matrix.index.name, matrix.columns.name = "4 weeks earlier", "now"
    return matrix.astype(int)
