"""One member's own figures for the kiosk and `report member`: leg days, streak, PRs, e1RM, volume.

Definitions are those of the gym-wide figures (legdash/metrics/legs.py). The weeks listed are the
ISO weeks from the start date's to the end date's (the end week). The current week, which the
streak and the goal count up to and tell apart, is today's clipped to the range: the end week for
a range ending before today (the kiosk's ends today), none when every week starts after today;
last week is the one before it.
- e1RM (Epley) = weight x (1 + reps / 30) for 2 to 12 reps; a single rep is its weight; no e1RM
  for more than 12 reps, warm-ups or flagged sets.
- Streak: consecutive complete weeks with a leg session up to last week, plus the current week if
  it already has one. "This week included" only when that week is still running (today's); a
  range ending in the past says the week the streak runs up to; one ending after today counts up
  to today, whose week is "this week" as in the goal's line; one whose weeks all start after
  today has no streak figure.
- Leg-session goal (the member's `leg_goal`, sessions a week): met in a complete week with at
  least that many leg sessions. Complete weeks are those before the current week, up to today,
  from the week of the member's first workout on: the current week is told apart ("This week: 1 of 2 leg sessions"), as it is not yet missed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from legdash import settings
from legdash.db import Connection
from legdash.exercises import MAIN_LIFTS, PATTERNS
from legdash.members import no_such_member, stored_id
from legdash.metrics import EmptyState, FilterError, empty_fields, monday, run
from legdash.metrics.legs import HARD_SET_SQL, LEG_SESSION_SQL, iso_dates, query, records
from legdash.metrics.status import sets_held_sentence
from legdash.wording import days_run, plural

if TYPE_CHECKING:
    from legdash.reports import ReportArgs

E1RM_FORMULA = "e1RM = weight x (1 + reps / 30) for 2-12 reps; 1 rep = its weight"
E1RM_SQL = (
    "CASE WHEN reps = 1 THEN weight_kg WHEN reps BETWEEN 2 AND 12 THEN weight_kg * (1 + reps / 30)"
    " END"
)
DEFAULT_WEEKS = 12

# The member's counted sets up to the last day counted (MemberRange.last_day), with the
# workout's ISO week; the weeks listed run to the end date.
_SETS = f"""
WITH sets_in AS (
    SELECT workout_id, date_trunc('week', workout_start)::DATE AS week,
        workout_start::DATE AS day, performed_at, pattern, is_leg, exercise, weight_kg, reps,
        {HARD_SET_SQL} AS hard
    FROM v_sets
    WHERE member_id = $member AND NOT flagged AND workout_start < $counted_until
),
workouts_in AS (
    SELECT workout_id, week, {LEG_SESSION_SQL} AS leg_session
    FROM sets_in GROUP BY workout_id, week
),
weeks AS (
    SELECT range::DATE AS week FROM range($first_week, $until, INTERVAL 7 DAY)
)
"""

_LEG_WEEKS_SQL = f"""{_SETS}
SELECT w.week, count(x.workout_id) AS workouts,
    count(x.workout_id) FILTER (WHERE x.leg_session) AS leg_sessions
FROM weeks w LEFT JOIN workouts_in x USING (week)
GROUP BY w.week ORDER BY w.week
"""

# Leg weeks ranked newest first: the n-th newest continues the streak when it is n-1 weeks
# before last week, so the streak is the length of that unbroken run.
_STREAK_SQL = f"""{_SETS}
, leg_weeks AS (
    SELECT week, row_number() OVER (ORDER BY week DESC) AS n
    FROM (SELECT DISTINCT week FROM workouts_in WHERE leg_session AND week <= $last_week)
)
SELECT (SELECT count(*) FROM leg_weeks WHERE week + 7 * (n - 1)::INTEGER = $last_week),
    EXISTS (SELECT 1 FROM workouts_in WHERE leg_session AND week = $last_week + 7)
"""

_PATTERN_SETS_SQL = f"""{_SETS}
SELECT pattern, count(*) AS hard_sets FROM sets_in
WHERE hard AND week >= $first_week
GROUP BY pattern ORDER BY list_position($patterns, pattern), pattern
"""

# Records are all-time up to the last day counted: the heaviest hard set (the most reps at the top
# weight) and the best e1RM per main lift, each dated by the first workout that reached it.
_RECORDS_SQL = f"""{_SETS}
, lifts AS (
    SELECT exercise AS lift, weight_kg, reps, day, performed_at, {E1RM_SQL} AS e1rm
    FROM sets_in WHERE hard AND weight_kg > 0 AND list_contains($lifts, exercise)
),
heaviest AS (
    SELECT *, row_number() OVER (
        PARTITION BY lift ORDER BY weight_kg DESC, reps DESC, performed_at) AS n
    FROM lifts
),
best AS (
    SELECT *, row_number() OVER (PARTITION BY lift ORDER BY e1rm DESC, performed_at) AS n
    FROM lifts WHERE e1rm IS NOT NULL
)
SELECT h.lift, h.weight_kg, h.reps, h.day, b.e1rm, b.weight_kg, b.reps, b.day
FROM heaviest h LEFT JOIN best b ON b.lift = h.lift AND b.n = 1
WHERE h.n = 1 ORDER BY list_position($lifts, h.lift)
"""

_E1RM_TREND_SQL = f"""{_SETS}
SELECT exercise AS lift, week, max({E1RM_SQL}) AS e1rm_kg
FROM sets_in
WHERE hard AND weight_kg > 0 AND week >= $first_week AND list_contains($lifts, exercise)
    AND reps <= 12
GROUP BY lift, week ORDER BY list_position($lifts, lift), week
"""

_VOLUME_SQL = f"""{_SETS}
SELECT w.week,
    coalesce(sum(s.weight_kg * s.reps), 0) AS volume_kg,
    coalesce(sum(s.weight_kg * s.reps) FILTER (WHERE s.is_leg), 0) AS leg_volume_kg
FROM weeks w LEFT JOIN (SELECT * FROM sets_in WHERE hard AND weight_kg > 0) s USING (week)
GROUP BY w.week ORDER BY w.week
"""

# What the database holds of the member: their sets (flagged ones too), the days the counted
# ones up to today run over, and the first unflagged one dated after today, anywhere and in the
# range's weeks (such a set counts from its day on).
_HELD_SQL = """
SELECT count(*),
    min(workout_start) FILTER (WHERE NOT flagged AND workout_start < $tomorrow),
    max(workout_start) FILTER (WHERE NOT flagged AND workout_start < $tomorrow),
    min(workout_start) FILTER (WHERE NOT flagged AND workout_start >= $tomorrow),
    min(workout_start) FILTER (WHERE NOT flagged AND workout_start >= $tomorrow
        AND workout_start >= $first_week AND workout_start < $until)
FROM v_sets WHERE member_id = $member
"""

# The member's name and leg-session goal (null without a member record), and whether the ID is a
# member at all: a member record, or sets of an ID an import named.
_MEMBER_SQL = """
SELECT m.name, m.leg_goal,
    m.member_id IS NOT NULL OR EXISTS (SELECT 1 FROM sets WHERE member_id = $member)
FROM (SELECT 1) LEFT JOIN members m ON m.member_id = $member
"""


@dataclass(frozen=True)
class MemberRange:
    """Whose figures, from the week holding `start` to the week holding `end` (the end week);
    `today` tells which week is the current one (`counted_week`) and whether it is still running."""

    member_id: str
    start: date
    end: date
    min_sets: int = 2
    today: date = field(default_factory=date.today)

    @property
    def first_week(self) -> date:
        return monday(self.start)

    @property
    def end_week(self) -> date:
        return monday(self.end)

    @property
    def last_week(self) -> date:
        return self.end_week - timedelta(weeks=1)

    @property
    def last_day(self) -> date:
        """The last day whose sets count: the end date, or today for a range ending after it
        (sets logged ahead of today are not done yet)."""
        return min(self.end, self.today)

    @property
    def counted_week(self) -> date | None:
        """The newest week the streak and the goal count, which they tell apart as the current
        week: today's, clipped to the range (the end date's week for a range ending before
        today); None when every week of the range starts after today."""
        counted = self.streak_range
        return None if counted is None else counted.end_week

    @property
    def counted_week_running(self) -> bool:
        """True when the counted week is today's, so it can still gain leg sessions: both lines
        call it "this week", for a range ending after today too."""
        return self.counted_week == monday(self.today)

    @property
    def streak_range(self) -> MemberRange | None:
        """The range a streak runs in: up to today at the latest, as weeks to come are not
        weeks missed (a range ending next month would break every streak). None when every
        week of the range starts after today: a streak up to today would be of other weeks."""
        if self.first_week > self.today:
            return None
        return replace(self, end=self.last_day)


@dataclass(frozen=True)
class Streak:
    weeks: int
    includes_current_week: bool
    through: date | None = None  # the Monday of the streak's newest week; None without a streak


# The streak of a range whose weeks all start after today.
NO_STREAK_YET = "none yet (these weeks start after today)"


def streak_wording(streak: Streak | None, running: bool) -> str:
    """'3 weeks (this week included)' while the week is running, else '3 weeks, up to the week
    of 02 Nov 2026': a week already over is not "this week"."""
    if streak is None:
        return NO_STREAK_YET
    text = plural(streak.weeks, "week")
    if streak.through is None:
        return text
    if streak.includes_current_week and running:
        return f"{text} (this week included)"
    return f"{text}, up to the week of {streak.through:%d %b %Y}"


@dataclass(frozen=True)
class GoalProgress:
    """How the member's weeks went against their leg-session goal."""

    goal: int
    weeks_met: int  # complete weeks with at least `goal` leg sessions
    weeks: int  # complete weeks: before the current week, up to today, since the first workout
    current_week: date | None  # the week told apart; None when every week starts after today
    current_sessions: int | None  # its leg sessions so far
    running: bool = False  # the current week is today's: "This week"


def goal_progress(
    weeks: pd.DataFrame, r: MemberRange, goal: int, first_workout: datetime | None
) -> GoalProgress:
    """The goal against `weeks` (leg_weeks of `r`). As for the streak, a range ending after
    today counts up to today: weeks to come are neither complete nor missed; nor are the weeks
    before the member's `first_workout` (a new member's default range reaches back 12 weeks)."""
    counted = r.streak_range
    if counted is None:
        return GoalProgress(goal, 0, 0, None, None)
    sessions = weeks.set_index("week")["leg_sessions"]
    since = monday(first_workout.date()) if first_workout else counted.end_week
    complete = sessions[(sessions.index >= since) & (sessions.index < counted.end_week)]
    current = counted.end_week
    return GoalProgress(
        goal,
        int((complete >= goal).sum()),
        len(complete),
        current,
        int(sessions[current]),
        r.counted_week_running,
    )


def goal_wording(progress: GoalProgress) -> str:
    """'2 a week, met in 5 of 7 complete weeks'."""
    if not progress.weeks:
        return f"{progress.goal} a week (no complete week yet)"
    weeks = plural(progress.weeks, "complete week")
    return f"{progress.goal} a week, met in {progress.weeks_met} of {weeks}"


def current_goal_wording(progress: GoalProgress) -> str | None:
    """'This week: 1 of 2 leg sessions' while the week runs, else 'Week of 02 Nov 2026: ...'
    (as streak_wording says it); None without a current week."""
    if progress.current_week is None or progress.current_sessions is None:
        return None
    week = "This week" if progress.running else f"Week of {progress.current_week:%d %b %Y}"
    done, goal = progress.current_sessions, progress.goal
    if done >= goal:
        return f"{week}: {plural(done, 'leg session')}, goal of {goal} met"
    return f"{week}: {done} of {plural(goal, 'leg session')}"


@dataclass(frozen=True)
class LiftRecord:
    """A main lift's PRs; the e1RM fields are None when every set had more than 12 reps."""

    lift: str
    heaviest_kg: float
    heaviest_reps: int
    heaviest_date: date
    best_e1rm_kg: float | None
    e1rm_weight_kg: float | None
    e1rm_reps: int | None
    e1rm_date: date | None


@dataclass(frozen=True)
class MemberSummary:
    """What the kiosk shows a signed-in member and `report member` prints."""

    range: MemberRange
    name: str | None
    streak: Streak | None  # None when every week of the range starts after today
    goal: GoalProgress | None  # None for a member known only from sets (no member record)
    leg_weeks: pd.DataFrame  # week, workouts, leg_sessions
    pattern_sets: pd.DataFrame  # pattern, hard_sets
    records: tuple[LiftRecord, ...]
    e1rm_trend: pd.DataFrame  # lift, week, e1rm_kg
    volume: pd.DataFrame  # week, volume_kg, leg_volume_kg
    empty_state: EmptyState | None  # why no week has a workout; None when one has


def _params(r: MemberRange) -> dict[str, Any]:
    return {
        "member": r.member_id,
        "until": r.end + timedelta(days=1),
        "counted_until": r.last_day + timedelta(days=1),
        "first_week": r.first_week,
        "last_week": r.last_week,
        "min_sets": r.min_sets,
        "lifts": list(MAIN_LIFTS),
        "patterns": list(PATTERNS),
    }


def _weekly(con: Connection, sql: str, r: MemberRange) -> pd.DataFrame:
    frame = query(con, sql, _params(r))
    frame["week"] = frame["week"].dt.date
    return frame


def member_range(
    con: Connection,
    member_id: str,
    *,
    start: date | None = None,
    end: date | None = None,
    min_sets: int | None = None,
    today: date | None = None,
) -> MemberRange:
    """Defaults: up to the gym's today, the current week and the 11 before it; threshold from
    settings."""
    today = today or settings.gym_today(con)
    end = end or today
    start = start or monday(end) - timedelta(weeks=DEFAULT_WEEKS - 1)
    if start > end:
        raise FilterError(f"the start date {start} is after the end date {end}")
    if min_sets is None:
        min_sets = settings.load(con).leg_session_min_sets
    if not 1 <= min_sets <= 20:
        raise FilterError("the leg-session threshold must be from 1 to 20 hard sets")
    return MemberRange(stored_id(con, member_id), start, end, min_sets, today)


def member_record(con: Connection, member_id: str) -> tuple[str | None, int | None]:
    """The member's name and leg-session goal, None for a member known only from sets;
    MemberError when the ID has no member record and no sets."""
    name, goal, known = run(con, _MEMBER_SQL, member=member_id).fetchone()
    if not known:
        raise no_such_member(member_id)
    return name, goal


@dataclass(frozen=True)
class HeldSets:
    """What the database holds of the member: their sets (flagged ones too), the first and last
    workout start of the counted ones up to today, and the first unflagged workout dated after
    today (which counts from its day on), anywhere and in the range's weeks."""

    sets: int
    first: datetime | None
    last: datetime | None
    first_ahead: datetime | None
    first_ahead_in_range: datetime | None


def held_sets(con: Connection, r: MemberRange) -> HeldSets:
    """What the database holds of `r`'s member, as of `r.today`: an empty range says where it is."""
    held = run(
        con,
        _HELD_SQL,
        member=r.member_id,
        tomorrow=r.today + timedelta(days=1),
        first_week=r.first_week,
        until=r.end + timedelta(days=1),
    )
    return HeldSets(*held.fetchone())


def leg_weeks(con: Connection, r: MemberRange) -> pd.DataFrame:
    """Workouts and leg sessions per ISO week, the current week included."""
    return _weekly(con, _LEG_WEEKS_SQL, r)


def streak(con: Connection, r: MemberRange) -> Streak | None:
    """Weeks in a row with a leg session up to last week, plus the current week if it has one;
    None for a range whose weeks all start after today."""
    r = r.streak_range
    if r is None:
        return None
    complete, current = run(con, _STREAK_SQL, **_params(r)).fetchone()
    through = r.end_week if current else r.last_week if complete else None
    return Streak(complete + int(current), bool(current), through)


def pattern_sets(con: Connection, r: MemberRange) -> pd.DataFrame:
    """Hard sets per movement pattern in the range."""
    return query(con, _PATTERN_SETS_SQL, _params(r))


def personal_records(con: Connection, r: MemberRange) -> tuple[LiftRecord, ...]:
    """Heaviest set and best e1RM per main lift, all-time up to the last day counted, with dates."""
    rows = run(con, _RECORDS_SQL, **_params(r)).fetchall()
    return tuple(LiftRecord(*row) for row in rows)


def e1rm_trend(con: Connection, r: MemberRange) -> pd.DataFrame:
    """Best e1RM per main lift per week (weeks without such a set are left out)."""
    return _weekly(con, _E1RM_TREND_SQL, r)


def weekly_volume(con: Connection, r: MemberRange) -> pd.DataFrame:
    """Kilograms moved (weight x reps of hard sets) per week, in total and in leg work."""
    return _weekly(con, _VOLUME_SQL, r)


def empty_state(r: MemberRange, held: HeldSets) -> EmptyState:
    """Why the member has no workout in the range: none logged (import their workout logs), all
    flagged, those in the range all dated after today (they count from their day on), these
    weeks all to come (nothing logged in them yet, as the streak says), or all outside these
    weeks (then where those up to today are, as Leg training says it for the gym)."""
    who = r.member_id
    if not held.sets:
        return EmptyState(
            f"{sets_held_sentence(0, f' of {who}')} Member figures count sets from workout logs.",
            "workout logs",
        )
    if held.first is None and held.first_ahead is None:
        return EmptyState(sets_held_sentence(held.sets, f" of {who}"))
    weeks = f"the weeks from {r.first_week:%d %b %Y} to {r.end:%d %b %Y}"
    if held.first_ahead_in_range:  # widening the range would not count them sooner
        return EmptyState(
            f"No workouts of {who} count yet in {weeks}: {who}'s sets in them are dated after"
            f" today (the first on {held.first_ahead_in_range:%d %b %Y}) and count from their"
            " day on."
        )
    if held.first is None:  # every unflagged set lies after today, outside the range
        return EmptyState(
            f"No workouts of {who} in {weeks}: {who}'s sets are all dated after today (the first"
            f" on {held.first_ahead:%d %b %Y}) and count from their day on."
        )
    span = f"{who}'s workouts {days_run(held.first, held.last)}"
    if r.streak_range is None:  # widening a range of weeks to come would not help
        return EmptyState(
            f"No workouts of {who} in {weeks}: these weeks start after today, so nothing is"
            f" logged in them yet. {span}."
        )
    return EmptyState(f"No workouts of {who} in {weeks}. {span}: widen the range to include them.")


def member_summary(con: Connection, r: MemberRange) -> MemberSummary:
    name, goal = member_record(con, r.member_id)
    held = held_sets(con, r)
    weeks = leg_weeks(con, r)
    return MemberSummary(
        range=r,
        name=name,
        streak=streak(con, r),
        goal=None if goal is None else goal_progress(weeks, r, goal, held.first),
        leg_weeks=weeks,
        pattern_sets=pattern_sets(con, r),
        records=personal_records(con, r),
        e1rm_trend=e1rm_trend(con, r),
        volume=weekly_volume(con, r),
        empty_state=None if weeks["workouts"].any() else empty_state(r, held),
    )


def as_dict(s: MemberSummary) -> dict[str, Any]:
    r = s.range
    return {
        "member_id": r.member_id,
        "name": s.name,
        "start": r.start.isoformat(),
        "end": r.end.isoformat(),
        "first_week": r.first_week.isoformat(),
        "end_week": r.end_week.isoformat(),
        "counted_week": r.counted_week.isoformat() if r.counted_week else None,
        "counted_week_running": r.counted_week_running,
        **empty_fields(s.empty_state),
        "min_leg_sets": r.min_sets,
        "e1rm_formula": E1RM_FORMULA,
        "streak_weeks": s.streak.weeks if s.streak else None,
        "streak_includes_current_week": bool(s.streak and s.streak.includes_current_week),
        "streak_through": s.streak.through.isoformat() if s.streak and s.streak.through else None,
        "streak": streak_wording(s.streak, r.counted_week_running),
        **_goal_fields(s.goal),
        "leg_weeks": records(s.leg_weeks),
        "pattern_sets": records(s.pattern_sets),
        "records": [iso_dates(asdict(rec)) for rec in s.records],
        "records_through": r.last_day.isoformat(),
        "e1rm_trend": records(s.e1rm_trend),
        "volume": records(s.volume),
    }


def _goal_fields(p: GoalProgress | None) -> dict[str, Any]:
    """The goal's JSON fields; null for a member known only from sets (no member record)."""
    week = p.current_week if p else None
    return {
        "leg_goal": p.goal if p else None,
        "leg_goal_weeks_met": p.weeks_met if p else None,
        "leg_goal_weeks": p.weeks if p else None,
        "leg_goal_summary": goal_wording(p) if p else None,
        "leg_goal_current_week": week.isoformat() if week else None,
        "leg_goal_current_sessions": p.current_sessions if p else None,
        "leg_goal_current": current_goal_wording(p) if p else None,
    }


def build(con: Connection, args: ReportArgs, today: date | None = None) -> dict[str, Any]:
    """`report member --member ID`: the member's kiosk figures; `today` (default: the gym's)
    tells whether the range's last week is still running."""
    if not args.member:
        raise FilterError("report member needs --member ID")
    r = member_range(
        con, args.member, start=args.start, end=args.end, min_sets=args.min_leg_sets, today=today
    )
    # The figures stay in kg; the text shows them in the gym's display unit.
    return {**as_dict(member_summary(con, r)), "display_unit": settings.load(con).display_unit}


def text(data: dict[str, Any]) -> str:
    unit = data["display_unit"]
    name = f" ({data['name']})" if data["name"] else ""
    lines = [
        f"Member {data['member_id']}{name}, weeks {data['first_week']} to {data['end_week']}",
    ]
    if data["empty"]:
        return "\n".join([*lines, data["empty_sentence"]])
    lines.append(f"Leg-session streak: {data['streak']}")
    if data["leg_goal"] is not None:
        lines.append(f"Leg-session goal: {data['leg_goal_summary']}")
    if data["leg_goal_current"]:
        lines.append(data["leg_goal_current"])
    lines += [
        "",
        f"week        workouts  leg sessions  volume {unit}",
    ]
    volume = {row["week"]: row["volume_kg"] for row in data["volume"]}
    for row in data["leg_weeks"]:
        lines.append(
            f"{row['week']}  {row['workouts']:>8}  {row['leg_sessions']:>12}"
            f"  {settings.in_unit(volume[row['week']], unit):>9,.0f}"
        )
    # All-time, as lifters count PRs, not the weeks above: the heading says so.
    lines += [
        "",
        f"Personal records, best ever up to {data['records_through']} ({data['e1rm_formula']}):",
    ]
    if not data["records"]:
        lines.append("  none yet")
    for rec in data["records"]:
        e1rm = (
            f"best e1RM {settings.in_unit(rec['best_e1rm_kg'], unit):.1f} {unit}"
            f" ({settings.in_unit(rec['e1rm_weight_kg'], unit):g} x {rec['e1rm_reps']},"
            f" {rec['e1rm_date']})"
            if rec["best_e1rm_kg"] is not None
            else "no e1RM (all sets over 12 reps)"
        )
        lines.append(
            f"  {rec['lift']}: heaviest {settings.in_unit(rec['heaviest_kg'], unit):g} {unit}"
            f" x {rec['heaviest_reps']} ({rec['heaviest_date']}); {e1rm}"
        )
    sets = ", ".join(f"{row['pattern']} {row['hard_sets']}" for row in data["pattern_sets"])
    lines += ["", f"Hard sets per pattern: {sets or 'none'}"]
    return "\n".join(lines)
