"""Gym-wide leg figures against plain-Python counts over a small hand-built history."""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from legdash import db, exercises, settings
from legdash.charts import legs as charts
from legdash.export import csv_bytes
from legdash.metrics import FilterError, legs, racks
from tests.conftest import (
    GAP_WEEKS,
    LEG_PRESS,
    LEG_RANGE,
    SQUAT,
    GymLog,
    LoggedSet,
    RackFloor,
    mondays,
)

START, END = LEG_RANGE  # weeks of 12 Jan .. 2 Mar; the running week began 9 Mar


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def hard(s: LoggedSet) -> bool:
    return s.set_type != "warmup" and (s.reps or 0) > 0


def kind(s: LoggedSet) -> exercises.Exercise:
    found = exercises.classify(s.exercise)
    assert found is not None, s.exercise
    return found


def class_of(sessions: int) -> str:
    return "3+" if sessions >= 3 else str(sessions)


def class_of_window(sessions: int) -> str:
    return class_of(math.floor(sessions / 4 + 0.5))


# A leg session's start and its hard leg sets, in the order done.
LegSession = tuple[datetime, list[LoggedSet]]


class Expected:
    """The issue's definitions applied row by row, independently of the SQL."""

    def __init__(self, log: GymLog, f: legs.LegFilters) -> None:
        self.f = f
        # Last week: the last complete ISO week up to the end date (a Sunday end completes it).
        self.last = monday(f.end + timedelta(days=1)) - timedelta(weeks=1)
        # Weeks shown: to the end date's week, a part-week counted up to the end date.
        self.weeks = mondays(monday(f.start), monday(f.end))
        self.all_sets = [s for s in log.sets if not s.flagged]
        here = [s for s in self.all_sets if f.location is None or s.location == f.location]
        # With a location picked, its data: windows start from that location's first week, the
        # first the data covers from its Monday (the test gym opens every day).
        first_day = min(s.start.date() for s in here)
        self.first_whole_week = monday(first_day + timedelta(days=6))
        # Weeks before or after the location's data hold no data: their sets are unknown; so are
        # those of a week between with no workout there (imports missing, a closure).
        self.data_weeks = (monday(first_day), monday(max(s.start.date() for s in here)))
        logged = {monday(s.start.date()) for s in here}
        self.gaps = set(mondays(*self.data_weeks)) - logged
        self.sets = [s for s in here if s.start.date() <= f.end]
        # A skipper's last workout is at the location, up to the latest logged.
        self.last_workout: dict[str, date] = {}
        for s in here:
            self.last_workout[s.member] = max(
                s.start.date(), self.last_workout.get(s.member, date.min)
            )
        # A skipper's last leg session is the member's, at any location, up to the latest logged.
        self.leg_sessions_anywhere: dict[str, list[LegSession]] = defaultdict(list)
        for sets in group_by_workout(self.all_sets):
            leg = [s for s in sets if hard(s) and kind(s).pattern in exercises.LEG_PATTERNS]
            if len(leg) >= f.min_sets:
                self.leg_sessions_anywhere[sets[0].member].append((sets[0].start, leg))
        self.joined = {m: joined for m, (_, joined) in log.members.items()}
        self.names = {m: name for m, (name, _) in log.members.items()}
        # (member, week) -> [workouts, leg sessions], up to the end date
        self.member_weeks: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0])
        for sets in group_by_workout(self.sets):
            first = sets[0]
            leg = sum(1 for s in sets if hard(s) and kind(s).pattern in exercises.LEG_PATTERNS)
            counts = self.member_weeks[(first.member, monday(first.start.date()))]
            counts[0] += 1
            counts[1] += leg >= f.min_sets
        self.scope = self.segment_members() if f.segment else None

    def in_scope(self, member: str) -> bool:
        return self.scope is None or member in self.scope

    def window(self, member: str, end: date) -> int | None:
        """Leg sessions in the 4 weeks up to `end`, None when not active in them (or before data)."""
        if end - timedelta(weeks=3) < self.first_whole_week:
            return None
        if any(end - timedelta(weeks=k) in self.gaps for k in range(4)):
            return None  # a week with nothing logged says nothing of the member's leg sessions
        weeks = [self.member_weeks.get((member, end - timedelta(weeks=k))) for k in range(4)]
        return None if not any(weeks) else sum(w[1] for w in weeks if w)

    def style(self, member: str, end: date) -> str:
        leg = [
            kind(s)
            for s in self.sets
            if s.member == member
            and hard(s)
            and kind(s).pattern in exercises.LEG_PATTERNS
            and end - timedelta(weeks=3) <= monday(s.start.date()) <= end
        ]
        classes = {exercises.equipment_class(e.equipment) for e in leg}
        if "free_weight" in classes:
            return "free_weight"
        return "machine_only" if "machine" in classes else ("other" if leg else "none")

    def free_squat(self, member: str, end: date) -> bool:
        return any(
            s.member == member
            and hard(s)
            and kind(s).pattern == "squat"
            and exercises.equipment_class(kind(s).equipment) == "free_weight"
            and end - timedelta(weeks=3) <= monday(s.start.date()) <= end
            for s in self.sets
        )

    def members(self) -> set[str]:
        return {s.member for s in self.sets}

    def segment_members(self) -> set[str]:
        chosen = set()
        for m in self.members():
            sessions = self.window(m, self.last)
            if sessions is None:
                continue
            style = self.style(m, self.last)
            if (
                self.f.segment == f"legs-{class_of_window(sessions)}"
                or (self.f.segment == "machine-only" and style == "machine_only")
                or (self.f.segment == "free-weight" and style == "free_weight")
            ):
                chosen.add(m)
        return chosen

    def has_data(self, week: date) -> bool:
        return self.data_weeks[0] <= week <= self.data_weeks[1] and week not in self.gaps

    def classes(self) -> list[tuple[date, str, int | None, int | None]]:
        rows = []
        for week in self.weeks:
            if not self.has_data(week):  # nobody is known to be active
                rows += [(week, c, None, None) for c in legs.LEG_CLASSES]
                continue
            counts = {c: 0 for c in legs.LEG_CLASSES}
            for (m, w), (_, sessions) in self.member_weeks.items():
                if w == week and self.in_scope(m):
                    counts[class_of(sessions)] += 1
            rows += [(week, c, n, sum(counts.values())) for c, n in counts.items()]
        return rows

    def hard_sets(self, week: date, pattern_test, equipment: str | None = None) -> int | None:
        if not self.has_data(week):
            return None
        return sum(
            1
            for s in self.sets
            if hard(s)
            and monday(s.start.date()) == week
            and self.in_scope(s.member)
            and pattern_test(kind(s).pattern)
            and (equipment is None or exercises.equipment_class(kind(s).equipment) == equipment)
        )

    def patterns(self) -> list[dict[str, object]]:
        rows = []
        for week in self.weeks:
            row: dict[str, object] = {"week": week}
            for p in legs.LEG_PATTERN_ORDER:
                row[p] = self.hard_sets(week, lambda x, p=p: x == p)
            row["leg_sets"] = self.hard_sets(week, lambda x: x in exercises.LEG_PATTERNS)
            row["upper_body_sets"] = self.hard_sets(week, lambda x: x in ("push", "pull"))
            leg = row["leg_sets"]
            row["skip_legs_ratio"] = row["upper_body_sets"] / leg if leg else None
            rows.append(row)
        return rows

    def equipment(self) -> list[tuple[date, str, int | None]]:
        return [
            (week, e, self.hard_sets(week, lambda x: x in exercises.LEG_PATTERNS, e))
            for week in self.weeks
            for e in exercises.EQUIPMENT_CLASSES
        ]

    def join_cohorts(self) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
        """Member-weeks per (join month, class) and active members per join month."""
        first = {}
        for s in sorted(self.all_sets, key=lambda s: s.start):
            first.setdefault(s.member, s.start.date())
        counts: dict[tuple[str, str], int] = defaultdict(int)
        members: dict[str, set[str]] = defaultdict(set)
        for (m, week), (_, sessions) in self.member_weeks.items():
            if monday(self.f.start) <= week <= self.last and self.in_scope(m):
                cohort = f"{self.joined.get(m) or first[m]:%Y-%m}"
                counts[(cohort, class_of(sessions))] += 1
                members[cohort].add(m)
        return dict(counts), {c: len(ms) for c, ms in members.items()}

    def class_weeks(self) -> dict[tuple[date, str], int]:
        counts: dict[tuple[date, str], int] = defaultdict(int)
        for week in self.weeks:
            for m in filter(self.in_scope, self.members()):
                sessions = self.window(m, week)
                if sessions is not None:
                    counts[(week, class_of_window(sessions))] += 1
        return dict(counts)

    def moves(self) -> list[tuple[str, date, str, str, bool]]:
        """(member, week, style before, style now, free squat now) for members active in both."""
        rows = []
        for week in self.weeks:
            for m in filter(self.in_scope, self.members()):
                before = week - timedelta(weeks=4)
                if self.window(m, week) is not None and self.window(m, before) is not None:
                    rows.append(
                        (
                            m,
                            week,
                            self.style(m, before),
                            self.style(m, week),
                            self.free_squat(m, week),
                        )
                    )
        return rows

    def transitions(self) -> dict[tuple[date, str, str], int]:
        counts: dict[tuple[date, str, str], int] = defaultdict(int)
        for m, week, *_ in self.moves():
            before = class_of_window(self.window(m, week - timedelta(weeks=4)) or 0)
            counts[(week, before, class_of_window(self.window(m, week) or 0))] += 1
        return dict(counts)

    def machine_only(self) -> dict[date, tuple[int, int, int]]:
        """Weeks whose two windows the data covers whole (as the classes' one window)."""
        counted = set(mondays(self.first_whole_week + timedelta(weeks=7), self.data_weeks[1]))
        result = {week: (0, 0, 0) for week in self.weeks if week in counted}
        for _, week, before, now, squat in self.moves():
            if before == "machine_only":
                n, free, squats = result[week]
                result[week] = (n + 1, free + (now == "free_weight"), squats + squat)
        return result

    def leg_locations(self, member: str, day: date) -> str:
        """Where the day's leg sets were, each location once, in the order first done."""
        done = sorted(
            (start, n, s.location)
            for start, leg in self.leg_sessions_anywhere[member]
            if start.date() == day
            for n, s in enumerate(leg)
        )
        return ", ".join(dict.fromkeys(where for *_, where in done))

    def skippers(self) -> list[tuple[str, str | None, int, date, date | None, str | None]]:
        first = self.last - timedelta(weeks=self.f.skipper_weeks - 1)
        rows = []
        for m in filter(self.in_scope, self.members()):
            recent = [
                self.member_weeks[(m, w)]
                for w in mondays(first, self.last)
                if (m, w) in self.member_weeks
            ]
            # Active at the location in those weeks; no leg session anywhere in them nor since.
            since = [day for day, _ in self.leg_sessions_anywhere[m] if day.date() >= first]
            if recent and not since:
                last_leg = max((d for d, _ in self.leg_sessions_anywhere[m]), default=None)
                where = self.leg_locations(m, last_leg.date()) if last_leg else None
                rows.append(
                    (
                        m,
                        self.names.get(m),
                        sum(r[0] for r in recent),
                        self.last_workout[m],
                        last_leg.date() if last_leg else None,
                        where if self.f.location not in (None, where) else None,
                    )
                )
        return sorted(rows, key=lambda r: (-r[2], r[4] is not None, r[4] or date.min, r[0]))


def group_by_workout(sets: Iterable[LoggedSet]) -> list[list[LoggedSet]]:
    by_workout: dict[int, list[LoggedSet]] = defaultdict(list)
    for s in sets:
        by_workout[s.workout].append(s)
    return list(by_workout.values())


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    return list(frame[list(columns)].itertuples(index=False, name=None))


def rounded(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records with dates as ISO text and ratios to 9 places, so SQL and Python rows compare."""
    return [
        {
            k: v.isoformat() if isinstance(v, date) else round(v, 9) if isinstance(v, float) else v
            for k, v in record.items()
        }
        for record in records
    ]


def figures(path: Path, **choices: object) -> tuple[legs.LegFilters, legs.LegTraining]:
    with db.read(path) as con:
        f = legs.resolve_filters(con, **{"start": START, "end": END, **choices})
        return f, legs.leg_training(con, f)


FILTER_CASES = [
    {},
    {"min_sets": 1},
    {"min_sets": 3},
    {"location": "Annex"},
    {"segment": "legs-0"},
    {"segment": "legs-1"},
    {"segment": "legs-2"},
    {"segment": "machine-only"},
    {"segment": "free-weight"},
    {"end": date(2026, 3, 8)},
    {"end": date(2026, 3, 9), "start": date(2026, 2, 1)},
    {"skipper_weeks": 8},
]


@pytest.mark.parametrize("choices", FILTER_CASES, ids=lambda c: repr(c))
def test_figures_match_plain_python(leg_history: GymLog, choices: dict[str, object]) -> None:
    f, result = figures(leg_history.path, **choices)
    want = Expected(leg_history, f)

    got = result.classes.frame
    known = got.astype(object).where(got.notna(), None)
    assert rows(known, "week", "leg_class", "members", "active_members") == want.classes()
    shares = [n / active if active else None for *_, n, active in want.classes()]
    assert [r["share"] for r in legs.records(got)] == pytest.approx(shares)

    # Days of data per week: test_weekly_figures_give_each_weeks_days_of_data.
    patterns = result.patterns.drop(columns="data_days")
    assert rounded(legs.records(patterns)) == rounded(want.patterns())
    equipment = result.equipment.astype(object).where(result.equipment.notna(), None)
    assert rows(equipment, "week", "equipment_class", "hard_sets") == want.equipment()

    cohorts = result.join_cohorts
    member_weeks, members = want.join_cohorts()
    assert {
        (r.cohort, r.leg_class): r.member_weeks for r in cohorts.itertuples() if r.member_weeks
    } == member_weeks
    assert dict(rows(cohorts, "cohort", "members")) == members

    c = result.class_cohorts
    assert {
        (r.week, r.leg_class): r.members
        for r in c.weeks.itertuples()
        if r.members is not pd.NA and r.members
    } == want.class_weeks()
    assert {
        (r.week, r.from_class, r.to_class): r.members for r in c.transitions.itertuples()
    } == want.transitions()
    assert {
        r.week: (r.machine_only, r.to_free_weight, r.to_free_squat)
        for r in c.machine_only.itertuples()
    } == want.machine_only()

    columns = [
        "member_id",
        "name",
        "workouts",
        "last_workout",
        "last_leg_session",
        "last_leg_location",
    ]
    expected = [dict(zip(columns, row, strict=True)) for row in want.skippers()]
    assert legs.records(result.skippers) == rounded(expected)


def test_headline_last_week(leg_history: GymLog) -> None:
    """Active last week: all but F (only flagged sets), nine members; B, D and G no leg session."""
    _, result = figures(leg_history.path)
    classes = result.classes
    assert classes.last_week == date(2026, 3, 2)
    assert (classes.active_last_week, classes.no_legs_last_week) == (9, 3)
    assert classes.headline == "33% of active members did not train legs last week"
    last = classes.frame[classes.frame["week"] == date(2026, 3, 2)]
    assert dict(zip(last["leg_class"], last["members"], strict=True)) == {
        "0": 3,
        "1": 4,
        "2": 1,
        "3+": 1,
    }


def test_threshold_changes_leg_sessions(leg_history: GymLog) -> None:
    """At one hard leg set D's workouts (1 hard squat, warm-ups and flagged sets) are leg sessions."""
    _, result = figures(leg_history.path, min_sets=1)
    assert result.classes.no_legs_last_week == 2
    assert result.classes.headline == "22% of active members did not train legs last week"
    assert "D" not in set(result.skippers["member_id"])


def test_threshold_defaults_to_the_setting(leg_history: GymLog) -> None:
    with db.write(leg_history.path) as con:
        con.execute("INSERT INTO settings VALUES ('leg_session_min_sets', '1')")
    f, result = figures(leg_history.path)
    assert f.min_sets == 1 and result.classes.no_legs_last_week == 2


def test_week_boundaries(leg_history: GymLog) -> None:
    """Sunday 23:30 belongs to its week; the Monday 00:15 workout is in the running week. A range
    ending on a Sunday holds that whole week, so it is last week."""
    _, result = figures(leg_history.path)
    assert result.classes.last_week == date(2026, 3, 2)
    assert result.classes.frame["week"].max() == date(2026, 3, 9)  # the end date's part-week
    _, saturday_end = figures(leg_history.path, end=date(2026, 3, 7))
    assert saturday_end.classes.last_week == date(2026, 2, 23)
    _, sunday_end = figures(leg_history.path, end=date(2026, 3, 8))
    assert sunday_end.classes.last_week == date(2026, 3, 2)
    _, monday_end = figures(leg_history.path, end=date(2026, 3, 9))
    assert monday_end.classes.last_week == date(2026, 3, 2)


def test_skippers(leg_history: GymLog) -> None:
    _, result = figures(leg_history.path)
    rows = result.skippers.set_index("member_id")
    assert list(rows.index) == ["B", "D", "F", "G"]
    assert rows.loc["B", "last_leg_session"] == date(2026, 1, 7)
    assert rows.loc["B", "workouts"] == 12
    assert rows.loc["D", "last_leg_session"] is None


def test_a_leg_session_after_the_last_week_is_no_skipping(gym_log: GymLog) -> None:
    """A range ending on Wednesday 18 November: the skippers are those of the weeks up to 9
    November, but M1, who benched then and squatted on Monday 16th, is nobody to call."""
    for member in ("M1", "M2"):
        gym_log.workout(member, "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M1", "2026-11-16 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    f, result = figures(gym_log.path, start=date(2026, 11, 2), end=date(2026, 11, 18))
    assert f.last_week == date(2026, 11, 9)
    assert list(result.skippers["member_id"]) == ["M2"]


def test_a_leg_session_after_the_range_is_no_skipping(gym_log: GymLog) -> None:
    """A range ending on Sunday 15 November, looked at on the 20th: M1 benched in the range and
    squatted on Monday 16th, after it, so is nobody to call; at Main, nor is M3, who trained legs
    at North after the range."""
    for member in ("M1", "M2", "M3"):
        gym_log.workout(member, "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M1", "2026-11-16 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.workout("M3", "2026-11-17 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.save()
    week = {"start": date(2026, 11, 9), "end": date(2026, 11, 15)}
    _, result = figures(gym_log.path, **week)
    assert list(result.skippers["member_id"]) == ["M2"]
    _, main = figures(gym_log.path, location="Main", **week)
    found = [
        (r["member_id"], r["last_leg_session"], r["last_leg_location"])
        for r in legs.records(main.skippers)
    ]
    assert found == [("M2", None, None)]


def test_a_skippers_last_workout_is_the_latest_logged_at_the_location(gym_log: GymLog) -> None:
    """M1 benched at Main in a range ending on Sunday 15 November, then on the 18th at Main and
    the 20th at North: the last workout is the 18th at Main, the 20th gym-wide, not the 10th."""
    gym_log.workout("M1", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M1", "2026-11-18 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M1", "2026-11-20 18:00", ("Bench Press (Barbell)", 100, 5), location="North")
    gym_log.save()
    week = {"start": date(2026, 11, 9), "end": date(2026, 11, 15)}
    _, main = figures(gym_log.path, location="Main", **week)
    _, gym = figures(gym_log.path, **week)
    assert rows(main.skippers, "member_id", "workouts", "last_workout") == [
        ("M1", 1, date(2026, 11, 18))
    ]
    assert rows(gym.skippers, "member_id", "workouts", "last_workout") == [
        ("M1", 1, date(2026, 11, 20))
    ]


def test_leg_classes_start_with_the_first_whole_window(leg_history: GymLog) -> None:
    """A range from the data's first week: the 4-week classes begin with the first window the
    data fills, not with weeks of 0% members in every class."""
    first_week = min(s.start.date() for s in leg_history.sets)
    first_week -= timedelta(days=first_week.weekday())
    _, result = figures(leg_history.path, start=first_week)
    weeks = result.class_cohorts.weeks
    assert weeks["week"].min() == first_week + timedelta(weeks=3)
    assert (weeks.groupby("week")["share"].sum().round(6) == 1).all()
    # Machine-only moves compare two windows: they begin 4 weeks later, as the moves do, not
    # with weeks of 0 machine-only members.
    machine_only = result.class_cohorts.machine_only
    assert machine_only["week"].min() == first_week + timedelta(weeks=7)


def test_leg_classes_start_with_the_first_week_the_data_covers_whole(gym_log: GymLog) -> None:
    """Data from Friday 7 August: the window ending 24 August holds 2 weeks and 3 days, so the
    4-week classes start with the window ending 31 August, and the first moves 4 weeks later."""
    squats_every_day(gym_log, date(2026, 8, 7), date(2026, 10, 4))
    _, result = figures(gym_log.path, start=date(2026, 8, 5), end=date(2026, 10, 4))
    cohorts = result.class_cohorts
    assert cohorts.weeks["week"].min() == date(2026, 8, 31)
    assert cohorts.transitions["week"].min() == date(2026, 9, 28)


def test_leg_classes_keep_the_weeks_of_a_closure(gym_log: GymLog) -> None:
    """Weekly squats from 3 August, none from 5 October to 8 November, then again: the weeks in
    which nobody was active in 4 weeks stay on the axis, as weeks of none."""
    for week in mondays(date(2026, 8, 3), date(2026, 11, 16)):
        if not date(2026, 10, 5) <= week <= date(2026, 11, 8):
            gym_log.workout("M1", f"{week} 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    _, result = figures(gym_log.path, start=date(2026, 9, 7), end=date(2026, 11, 22))
    weeks = sorted(set(result.class_cohorts.weeks["week"]))
    assert weeks == mondays(date(2026, 9, 7), date(2026, 11, 16))
    # A range running on past the data ends its 4-week classes with the last week logged: later
    # windows would count every member as fading to none.
    _, result = figures(gym_log.path, start=date(2026, 9, 7), end=date(2026, 12, 13))
    weeks = sorted(set(result.class_cohorts.weeks["week"]))
    assert weeks == mondays(date(2026, 9, 7), date(2026, 11, 16))
    assert result.class_cohorts.transitions["week"].max() <= date(2026, 11, 16)
    # A range starting inside the closure keeps its whole windows too.
    _, result = figures(gym_log.path, start=date(2026, 10, 26), end=date(2026, 11, 22))
    weeks = sorted(set(result.class_cohorts.weeks["week"]))
    assert weeks == mondays(date(2026, 10, 26), date(2026, 11, 16))


def test_machine_only_member_moves_to_squats(leg_history: GymLog) -> None:
    """C did leg machines until 9 Feb and goblet squats from 16 Feb."""
    _, result = figures(leg_history.path)
    moves = result.class_cohorts.machine_only.set_index("week")
    assert moves.loc[date(2026, 3, 2), "machine_only"] == 2  # C and M, 4 weeks earlier
    assert moves.loc[date(2026, 3, 2), "to_free_squat"] == 1  # C
    assert moves.loc[date(2026, 3, 2), "share_to_free_weight"] == 0.5


def test_empty_database(db_file: Path) -> None:
    db.init(db_file)
    _, result = figures(db_file)
    assert result.classes.active_last_week == 0
    assert result.classes.headline == "No active members in the week of 02 Mar 2026."
    assert result.skippers.empty and result.join_cohorts.empty


@pytest.mark.parametrize(
    "choices, message",
    [
        ({"start": date(2026, 3, 12)}, "after the end date"),
        ({"segment": "legs-9"}, "unknown segment"),
        ({"min_sets": 0}, "from 1 to 20"),
    ],
)
def test_bad_filters(leg_history: GymLog, choices: dict[str, object], message: str) -> None:
    with pytest.raises(FilterError, match=message):
        figures(leg_history.path, **choices)


def test_default_range_follows_the_data(leg_history: GymLog) -> None:
    """Data stopped months ago, on Monday 9 March (E's workout): last week is the last week the
    data covers, the week of 2 March."""
    with db.read(leg_history.path) as con:
        f = legs.resolve_filters(con, today=date(2026, 11, 25))
    assert f.end == date(2026, 3, 8)
    # The data starts on Monday 5 January: 9 weeks, not 12 with 3 empty ones first.
    assert f.first_week == date(2026, 1, 5) and f.last_week == date(2026, 3, 2)


@pytest.mark.parametrize(
    "gaps, named",
    [
        ((date(2026, 10, 12),), "the week of 12 Oct 2026, so the later 4-week window is"),
        (
            (date(2026, 10, 12), date(2026, 10, 26)),
            "the weeks of 12 Oct 2026 and 26 Oct 2026, so the later 4-week window is",
        ),
        ((date(2026, 9, 21),), "the week of 21 Sep 2026, so the earlier 4-week window is"),
        (
            (date(2026, 9, 21), date(2026, 10, 26)),
            "the weeks of 21 Sep 2026 and 26 Oct 2026, so both 4-week windows are",
        ),
    ],
)
def test_no_class_moves_sentence_names_every_week_with_nothing_logged(
    gaps: tuple[date, ...], named: str
) -> None:
    """The 8 weeks up to 2 November hold both weeks with nothing logged: naming the first alone
    hid the second."""
    span = legs.LegSpan(date(2026, 8, 31), date(2026, 11, 16), tuple(range(1, 8)), gaps)
    assert f"nothing was logged in {named} left out." in legs.no_class_moves_sentence(
        date(2026, 11, 2), span
    )


@pytest.mark.parametrize(
    "today, last_week",
    [
        (date(2026, 3, 12), date(2026, 2, 23)),  # Thursday after the data's last week
        (date(2026, 3, 9), date(2026, 2, 23)),  # the Monday after: the data stops inside it
        (date(2026, 3, 8), date(2026, 2, 23)),  # Sunday: its week is still running
        (date(2026, 3, 4), date(2026, 2, 23)),
    ],
)
def test_default_last_week_is_the_last_week_the_data_covers(
    gym_log: GymLog, today: date, last_week: date
) -> None:
    """Data ends on Friday 6 March while the gym opens at weekends: "last week" is the week of
    23 February, the week the racks page's default range ends with too."""
    for day in ("2026-02-02", "2026-02-10", "2026-02-18", "2026-02-26", "2026-03-06"):
        gym_log.workout("A", f"{day} 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    with db.read(gym_log.path) as con:
        f = legs.resolve_filters(con, today=today)
        racks_end = racks.default_range(con, today)[1]
    assert f.last_week == last_week
    assert f.end == last_week + timedelta(days=6) == racks_end
    assert f.first_week == date(2026, 2, 2)  # the first week with data


@pytest.mark.parametrize(
    "today, last_week",
    [
        (date(2026, 11, 27), date(2026, 11, 16)),  # Friday: the running week is not over
        (date(2026, 11, 29), date(2026, 11, 16)),  # Sunday: nor is it until the day is
        (date(2026, 11, 30), date(2026, 11, 23)),  # Monday: now it is last week
    ],
)
def test_last_week_is_never_the_running_week(today: date, last_week: date) -> None:
    f = legs.LegFilters(date(2026, 11, 2), date(2026, 11, 29), today=today)
    assert f.last_week == last_week


@pytest.mark.parametrize(
    "week, reason",
    [
        (date(2026, 11, 9), "begin before the first week the data covers whole (the week of 28"),
        (date(2026, 11, 23), "the workouts stop in the week of 16 Nov 2026"),
        (date(2026, 11, 16), "No member was active both in the 4 weeks up to the week of 16 Nov"),
    ],
)
def test_no_class_moves_sentence_gives_the_reason(week: date, reason: str) -> None:
    """Data from Monday 28 September to Monday 16 November: moves up to 9 November compare a
    window before the data, up to 23 November one after it; up to 16 November both are whole."""
    span = legs.LegSpan(date(2026, 9, 28), date(2026, 11, 16), tuple(range(1, 8)))
    assert reason in legs.no_class_moves_sentence(week, span)


@pytest.mark.parametrize(
    "last_week, reason",
    [
        (date(2026, 11, 9), "already begin before the first week the data covers whole"),
        (date(2026, 11, 16), "No member was active in two 4-week windows 4 weeks apart"),
    ],
)
def test_no_moves_in_range_sentence_gives_the_reason(last_week: date, reason: str) -> None:
    """The same data: a range whose last week's moves reach back before it has none at all."""
    span = legs.LegSpan(date(2026, 9, 28), date(2026, 11, 16), tuple(range(1, 8)))
    f = legs.LegFilters(last_week, last_week + timedelta(days=6))
    assert reason in legs.no_moves_in_range_sentence(f, span)


@pytest.mark.parametrize(
    "start, end, sentence",
    [
        # Every move up to a week from 23 November compares a window holding one of them.
        (
            date(2026, 11, 23),
            date(2026, 12, 27),
            "No leg class moves in this range: nothing was logged in the weeks of 23 Nov 2026 and"
            " 30 Nov 2026, and every move in it compares a 4-week window holding them.",
        ),
        # From 9 November, the earlier moves compare a window before 5 October, the first week.
        (
            date(2026, 11, 9),
            date(2026, 12, 27),
            "No leg class moves in this range: nothing was logged in the weeks of 23 Nov 2026 and"
            " 30 Nov 2026, and every move in it compares a 4-week window holding them or one"
            " beginning before the first week the data covers whole (the week of 05 Oct 2026).",
        ),
        # The moves up to the weeks from 25 January compare two whole windows: nobody was
        # active in both.
        (
            date(2027, 1, 11),
            date(2027, 2, 28),
            "No member was active in two 4-week windows 4 weeks apart in this range. Nothing was"
            " logged in the weeks of 23 Nov 2026 and 30 Nov 2026: the 4-week windows holding them"
            " are left out.",
        ),
    ],
)
def test_no_moves_in_range_sentence_names_the_weeks_with_nothing_logged_when_they_are_why(
    start: date, end: date, sentence: str
) -> None:
    """Data from Monday 5 October to 7 March, with nothing logged in the weeks of 23 and 30
    November."""
    gaps = (date(2026, 11, 23), date(2026, 11, 30))
    span = legs.LegSpan(date(2026, 10, 5), date(2027, 3, 7), tuple(range(1, 8)), gaps)
    assert legs.no_moves_in_range_sentence(legs.LegFilters(start, end), span) == sentence


@pytest.mark.parametrize(
    "start, end, sentence",
    [
        (
            date(2026, 11, 23),
            date(2026, 12, 27),
            "No machine-only members' moves in this range: nothing was logged in the weeks of 23"
            " Nov 2026 and 30 Nov 2026, and every move in it compares a 4-week window holding"
            " them.",
        ),
        (
            date(2027, 1, 11),
            date(2027, 2, 28),
            legs.NO_MACHINE_ONLY_MOVES + " Nothing was logged in the weeks of 23 Nov 2026 and 30"
            " Nov 2026: the 4-week windows holding them are left out.",
        ),
    ],
)
def test_no_machine_only_moves_sentence_names_the_weeks_with_nothing_logged_when_they_are_why(
    start: date, end: date, sentence: str
) -> None:
    """The data of the test above: the machine-only moves compare the same windows."""
    gaps = (date(2026, 11, 23), date(2026, 11, 30))
    span = legs.LegSpan(date(2026, 10, 5), date(2027, 3, 7), tuple(range(1, 8)), gaps)
    f = legs.LegFilters(start, end)
    assert legs.no_machine_only_moves_sentence(f, span) == sentence


def test_an_empty_segment_before_a_whole_4_week_window_says_why() -> None:
    """Data from Friday 2 October to 1 November: the 4 weeks up to the week of 19 October begin
    in the week the data starts inside, so no member has a segment yet, whoever was active; a
    range to 1 November holds a whole window."""
    span = legs.LegSpan(date(2026, 10, 2), date(2026, 11, 1), tuple(range(1, 8)))
    f = legs.LegFilters(date(2026, 10, 2), date(2026, 10, 25), segment="legs-0")
    assert legs.no_workouts_sentence(f, span, date(2026, 11, 27)) == (
        'No members in "Leg class 0 (rarely trains legs)" yet: segments go by the 4 weeks up to'
        " last week (the week of 19 Oct 2026), which begin before the first week the data covers"
        " whole (the week of 05 Oct 2026). Pick All members, or a range ending in the week of"
        " 26 Oct 2026 or later."
    )
    later = legs.LegFilters(date(2026, 10, 2), date(2026, 11, 1), segment="legs-0")
    assert legs.no_workouts_sentence(later, span, date(2026, 11, 27)).endswith(
        "in these weeks: pick All members."
    )


def test_skipper_weeks_in_words(leg_history: GymLog) -> None:
    from legdash.reports import ReportArgs

    with db.read(leg_history.path) as con:
        data = legs.build(con, ReportArgs(start=START, end=END))
        f = legs.resolve_filters(con, start=START, end=END, skipper_weeks=1)
    data["filters"]["skipper_weeks"] = 1
    assert "Leg skippers (with a workout but no leg session in the 1 week up to last week, nor" in (
        legs.text(data)
    )
    text = legs.definitions(f)
    assert "in the last 1 week up to last week" in text
    assert "here the week of 02 Mar 2026" in text and "at least 2 hard sets" in text


def test_report_json_is_the_page_figures(leg_history: GymLog) -> None:
    from legdash.reports import ReportArgs

    with db.read(leg_history.path) as con:
        data = legs.build(con, ReportArgs(start=START, end=END))
    assert data["headline"] == "33% of active members did not train legs last week"
    assert (
        data["skippers"][0]["member_id"] == "B"
        and data["skippers"][0]["last_leg_session"] == "2026-01-07"
    )
    text = legs.text(data)
    assert "33% of active members" in text and "B (=HYPERLINK(1)): 12 workouts" in text


@pytest.mark.parametrize(
    ("span", "segment", "ends"),
    [
        ((date(2026, 1, 5), date(2026, 3, 8)), None, ": widen the range to include them."),
        ((date(2026, 11, 23), date(2026, 11, 25)), None, "once the week is complete."),
        ((date(2026, 11, 2), date(2026, 11, 8)), "legs-3+", "in these weeks: pick All members."),
        (None, None, "No workouts in these weeks for these filters."),
    ],
)
def test_why_the_filters_hold_no_workouts(
    span: tuple[date, date] | None, segment: str | None, ends: str
) -> None:
    f = legs.LegFilters(date(2026, 10, 5), date(2026, 11, 22), "Main", segment=segment)
    data = legs.LegSpan(*span, open_days=tuple(range(1, 8))) if span else None
    assert legs.no_workouts_sentence(f, data, date(2026, 11, 26)).endswith(ends)


def test_workouts_of_one_day_are_named_by_that_day() -> None:
    """ "run from 05 Oct 2026 to 05 Oct 2026" reads as a slip: one day is named once."""
    f = legs.LegFilters(date(2026, 11, 2), date(2026, 11, 22), "Main")
    data = legs.LegSpan(date(2026, 10, 5), date(2026, 10, 5), open_days=tuple(range(1, 8)))
    assert legs.no_workouts_sentence(f, data, date(2026, 11, 26)) == (
        "No workouts at Main in the weeks from 02 Nov 2026 to 22 Nov 2026. Workouts at Main are"
        " all on 05 Oct 2026: widen the range to include them."
    )


def test_weeks_that_all_start_after_today_say_nothing_is_logged_in_them_yet() -> None:
    """Widening such a range would not help: the sentence says why it is empty, as the member
    report does."""
    f = legs.LegFilters(date(2026, 12, 14), date(2027, 1, 10), "Main")
    data = legs.LegSpan(date(2026, 9, 1), date(2026, 11, 25), open_days=tuple(range(1, 8)))
    assert legs.no_workouts_sentence(f, data, date(2026, 11, 26)) == (
        "No workouts at Main in the weeks from 14 Dec 2026 to 10 Jan 2027: these weeks start"
        " after today, so nothing is logged in them yet. Workouts at Main run from 01 Sep 2026"
        " to 25 Nov 2026."
    )


def squats_every_day(gym_log: GymLog, first: date, last: date) -> None:
    """Member A's workout of two squat sets at 10:00 each day from `first` to `last`, saved."""
    day = first
    while day <= last:
        gym_log.workout("A", f"{day} 10:00", *[(SQUAT, 100, 5)] * 2)
        day += timedelta(days=1)
    gym_log.save()


def test_weeks_run_to_the_end_dates_week_as_on_equipment_demand(gym_log: GymLog) -> None:
    """A range ending on Wednesday 25 March shows the week of 23 March, as Equipment demand does:
    a part-week of 3 days, counted up to the end date (Thursday's workout is left out), while
    last week stays the week of 16 March."""
    squats_every_day(gym_log, date(2026, 3, 2), date(2026, 3, 26))
    with db.read(gym_log.path) as con:
        f = legs.resolve_filters(con, start=date(2026, 3, 2), end=date(2026, 3, 25))
        result = legs.leg_training(con, f)
        racks_weeks = racks.rack_demand(con, f.start, f.end).weekly
    weeks = result.patterns.set_index("week")
    assert list(weeks.index) == [date(2026, 3, d) for d in (2, 9, 16, 23)]
    assert [date.fromisoformat(w) for w in racks_weeks["week"]] == list(weeks.index)
    assert weeks.loc[date(2026, 3, 23), "data_days"] == 3
    assert weeks.loc[date(2026, 3, 23), "squat"] == 3 * 2
    classes = result.classes
    assert (classes.last_week, classes.data_days) == (date(2026, 3, 16), 7)
    part = classes.frame[classes.frame["week"] == date(2026, 3, 23)].set_index("leg_class")
    assert part.loc["3+", "members"] == 1 and set(part["data_days"]) == {3}
    window = result.class_cohorts.weeks
    assert window.loc[window["week"] == date(2026, 3, 23), "members"].sum() == 1


def test_weekly_figures_give_each_weeks_days_of_data(gym_log: GymLog) -> None:
    """Data from Thursday 5 March to Monday 23 March, a range picked from Saturday 7 March to
    Sunday 29 March: the first week holds 4 days of data and the last 1, on every weekly figure
    the charts mark; the range's mid-week start cuts nothing, as the weeks are whole ISO weeks."""
    squats_every_day(gym_log, date(2026, 3, 5), date(2026, 3, 23))
    with db.read(gym_log.path) as con:
        f = legs.resolve_filters(con, start=date(2026, 3, 7), end=date(2026, 3, 29))
        result = legs.leg_training(con, f)
    expected = {
        date(2026, 3, 2): 4,
        date(2026, 3, 9): 7,
        date(2026, 3, 16): 7,
        date(2026, 3, 23): 1,
    }
    cohorts = result.class_cohorts
    for frame in (result.classes.frame, result.patterns, result.equipment):
        assert dict(zip(frame["week"], frame["data_days"], strict=True)) == expected
    for frame in (cohorts.weeks, cohorts.transitions, cohorts.machine_only):
        assert all(frame["data_days"] == frame["week"].map(expected))
    assert result.classes.data_days == 1


def test_weeks_without_members_or_data_give_no_figure_not_zero(gym_log: GymLog) -> None:
    """A squats every day of the weeks of 2 and 16 March; the week of 9 March, between them, logs
    only B's bench press: a real week, with no leg sets (known: none) and B active without a
    leg session. The week of 23 February, before the data, is "(no data)": no active members
    and no sets known. Null in JSON, empty in the CSV."""
    for week in (date(2026, 3, 2), date(2026, 3, 16)):
        for day in range(7):
            gym_log.workout("A", f"{week + timedelta(days=day)} 10:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.workout("B", "2026-03-10 07:00", ("Bench Press (Barbell)", 60, 8))
    gym_log.save()
    _, result = figures(gym_log.path, start=date(2026, 2, 23), end=date(2026, 3, 22))
    data = legs.as_dict(result)
    shares = {(r["week"], r["leg_class"]): r["share"] for r in data["leg_classes"]}
    assert [shares["2026-02-23", c] for c in legs.LEG_CLASSES] == [None] * 4
    assert [shares["2026-03-09", c] for c in legs.LEG_CLASSES] == [1.0, 0.0, 0.0, 0.0]
    assert [shares["2026-03-02", c] for c in legs.LEG_CLASSES] == [0.0, 0.0, 0.0, 1.0]
    active = {r["week"]: r["active_members"] for r in data["leg_classes"]}
    assert (active["2026-02-23"], active["2026-03-09"]) == (None, 1)
    patterns = {r["week"]: r for r in data["patterns"]}
    assert [patterns["2026-02-23"][k] for k in ("squat", "leg_sets", "upper_body_sets")] == [
        None
    ] * 3
    assert [patterns["2026-03-09"][k] for k in ("squat", "leg_sets", "upper_body_sets")] == [
        0,
        0,
        1,
    ]
    assert patterns["2026-03-02"]["squat"] == 14
    equipment = {(r["week"], r["equipment_class"]): r for r in data["equipment"]}
    assert equipment["2026-02-23", "free_weight"] | {"data_days": 0} == {
        "week": "2026-02-23",
        "equipment_class": "free_weight",
        "hard_sets": None,
        "share": None,
        "data_days": 0,
    }
    assert (
        equipment["2026-03-09", "free_weight"]["hard_sets"],
        equipment["2026-03-09", "free_weight"]["share"],
    ) == (0, None)
    assert equipment["2026-03-02", "free_weight"]["share"] == 1.0
    csv = pd.read_csv(io.BytesIO(csv_bytes(result.patterns)), dtype=str, keep_default_na=False)
    assert csv.loc[csv["week"] == "2026-02-23", "leg_sets"].tolist() == [""]
    assert csv.loc[csv["week"] == "2026-03-02", "leg_sets"].tolist() == ["14"]


def north_opens_late(gym_log: GymLog) -> None:
    """Main logs from Monday 5 October; North from Monday 2 November, where M1 trains legs three
    times a week to Friday 20 November."""
    for week in mondays(date(2026, 10, 5), date(2026, 11, 16)):
        gym_log.workout("M9", f"{week} 10:00", ("Bench Press (Barbell)", 80, 5))
    for week in mondays(date(2026, 11, 2), date(2026, 11, 16)):
        for day in (0, 2, 4):
            start = f"{week + timedelta(days=day)} 18:00"
            gym_log.workout("M1", start, *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.save()


@pytest.mark.parametrize("segment", [None, "legs-3+", "legs-2"])
def test_location_windows_start_from_the_locations_first_week(
    gym_log: GymLog, segment: str | None
) -> None:
    """Every 4-week window up to the week of 16 November begins before North's first week: at
    North, no member has a 4-week class, so none is in a leg-class segment either."""
    north_opens_late(gym_log)
    _, result = figures(
        gym_log.path,
        start=date(2026, 11, 2),
        end=date(2026, 11, 22),
        location="North",
        segment=segment,
    )
    assert result.class_cohorts.weeks["members"].sum() == 0
    # Gym-wide, the data starts on 5 October: M1 and M9 each have a class every week.
    _, gym = figures(gym_log.path, start=date(2026, 11, 2), end=date(2026, 11, 22))
    assert gym.class_cohorts.weeks.groupby("week")["members"].sum().tolist() == [2, 2, 2]


def test_default_range_follows_the_picked_location(gym_log: GymLog) -> None:
    north_opens_late(gym_log)
    with db.read(gym_log.path) as con:
        north = legs.resolve_filters(con, location="North", today=date(2026, 11, 26))
        gym = legs.resolve_filters(con, today=date(2026, 11, 26))
    assert (north.start, north.end) == (date(2026, 11, 2), date(2026, 11, 15))
    assert (gym.start, gym.end) == (date(2026, 10, 5), date(2026, 11, 15))


def test_skippers_last_leg_session_is_the_members_anywhere(gym_log: GymLog) -> None:
    """M1 trained legs at North on 5 October and benched at Main on 10 November: a skipper at
    Main and gym-wide, whose last leg session is North's (named at Main, as it is not Main)."""
    gym_log.workout("M1", "2026-10-05 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.workout("M1", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M2", "2026-11-10 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    week = {"start": date(2026, 11, 9), "end": date(2026, 11, 15)}
    _, main = figures(gym_log.path, location="Main", **week)
    found = [
        (r.member_id, r.last_workout, r.last_leg_session, r.last_leg_location)
        for r in main.skippers.itertuples()
    ]
    assert found == [("M1", date(2026, 11, 10), date(2026, 10, 5), "North")]
    assert "M1: 1 workout, last leg session 2026-10-05 at North" in legs.text(legs.as_dict(main))
    _, gym = figures(gym_log.path, **week)
    assert legs.records(gym.skippers)[0]["last_leg_location"] is None


def test_a_member_training_legs_at_another_location_is_no_skipper_there(gym_log: GymLog) -> None:
    """F benches at Main and squats at North, in the same week: at Main the headline counts F
    among those who did not train legs there, and says "at Main"; F is no leg skipper."""
    gym_log.workout("F", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("F", "2026-11-12 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.workout("M2", "2026-11-10 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    _, main = figures(
        gym_log.path, location="Main", start=date(2026, 11, 9), end=date(2026, 11, 15)
    )
    headline = "50% of active members did not train legs at Main last week"
    assert main.classes.headline.startswith(headline)
    assert main.skippers.empty
    text = legs.text(legs.as_dict(main))
    assert (
        "Leg skippers (with a workout at Main but no leg session at any location in the 4 weeks"
        " up to last week, nor since):\n  none"
    ) in text


@pytest.mark.parametrize(
    "squats_at, presses_at, named",
    [
        ("North", "North", "North"),
        # Every location of the leg sets, in the order done rather than by name.
        ("North", "Annex", "North, Annex"),
        # Split between the picked location and another: some of the leg work was elsewhere.
        ("Main", "North", "Main, North"),
        # Squats logged without a location were at the default location, Main.
        (None, "North", "Main, North"),
        # A name holding a comma is quoted: "North, Annex, East" read as three locations.
        ("North", "Annex, East", "North, 'Annex, East'"),
    ],
)
def test_a_last_leg_session_names_the_locations_of_its_leg_sets(
    gym_log: GymLog, squats_at: str | None, presses_at: str, named: str
) -> None:
    """M1's day of 5 October is one workout, as a native log's day is: a bench set at Main, then
    squats, then leg presses. At Main, the last leg session names where its leg sets were."""
    gym_log.workout(
        "M1",
        "2026-10-05 18:00",
        ("Bench Press (Barbell)", 100, 5),
        *[(SQUAT, 100, 5)] * 2,
        *[(LEG_PRESS, 150, 10)] * 2,
    )
    gym_log.workout("M1", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.save()
    with db.write(gym_log.path) as con:
        for exercise, where in ((SQUAT, squats_at), (LEG_PRESS, presses_at)):
            con.execute("UPDATE sets SET location = ? WHERE exercise_raw = ?", [where, exercise])
    _, main = figures(
        gym_log.path, location="Main", start=date(2026, 11, 9), end=date(2026, 11, 15)
    )
    assert rows(main.skippers, "member_id", "last_leg_session", "last_leg_location") == [
        ("M1", date(2026, 10, 5), named)
    ]


def test_a_last_leg_day_of_two_workouts_names_both_locations(gym_log: GymLog) -> None:
    """M1 squatted at North in the morning of 5 October and again at West that evening, as two
    workouts (an app's log): the day's leg sessions were at both."""
    gym_log.workout("M1", "2026-10-05 08:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.workout("M1", "2026-10-05 18:00", *[(SQUAT, 100, 5)] * 2, location="West")
    gym_log.workout("M1", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.save()
    _, main = figures(
        gym_log.path, location="Main", start=date(2026, 11, 9), end=date(2026, 11, 15)
    )
    assert rows(main.skippers, "last_leg_session", "last_leg_location") == [
        (date(2026, 10, 5), "North, West")
    ]


def test_a_last_leg_session_without_a_location_names_none(gym_log: GymLog) -> None:
    """The latest leg session carries no location (the schema allows it), so it was at the
    default location, Main, the one picked: its date comes without the location of an older
    session."""
    gym_log.workout("M1", "2026-10-05 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.workout("M1", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M1", "2026-10-07 18:00", *[(SQUAT, 100, 5)] * 2, location="West")
    gym_log.save()
    with db.write(gym_log.path) as con:
        con.execute("UPDATE sets SET location = NULL WHERE location = 'West'")
    _, main = figures(
        gym_log.path, location="Main", start=date(2026, 11, 9), end=date(2026, 11, 15)
    )
    found = [(r.last_leg_session, r.last_leg_location) for r in main.skippers.itertuples()]
    assert found == [(date(2026, 10, 7), None)]


def test_last_leg_session_wording() -> None:
    assert legs.last_leg_wording(None, None) == "none logged"
    assert legs.last_leg_wording(date(2026, 11, 9), None) == "2026-11-09"
    assert legs.last_leg_wording("2026-11-09", "North") == "2026-11-09 at North"


GAP = (date(2026, 2, 9), date(2026, 2, 16))  # the Mondays of two weeks with nothing logged at Main
GAP_RANGE = (date(2026, 1, 5), date(2026, 3, 22))
BENCH_PRESS = "Bench Press (Barbell)"


def two_weeks_missing(gym_log: GymLog) -> Path:
    """Weeks of 5 January to 23 March at Main, but for the weeks of 9 and 16 February (imports
    missing, or a closure): A squats on Mondays and Thursdays (2 leg sessions a week), B benches
    on Tuesdays, M leg-presses on Wednesdays (machine-only, 1 a week). At the Annex, H benches on
    Tuesday 10 February: across locations that week is logged, with no leg sets."""
    for week in mondays(GAP_RANGE[0], date(2026, 3, 23)):
        if week in GAP:
            continue
        for offset in (0, 3):
            gym_log.workout("A", f"{week + timedelta(days=offset)} 18:00", *[(SQUAT, 100, 5)] * 2)
        gym_log.workout("B", f"{week + timedelta(days=1)} 07:00", *[(BENCH_PRESS, 60, 8)] * 3)
        gym_log.workout("M", f"{week + timedelta(days=2)} 12:00", *[(LEG_PRESS, 100, 12)] * 3)
    gym_log.workout("H", "2026-02-10 07:00", (BENCH_PRESS, 40, 10), location="Annex")
    return gym_log.save()


def by_week(frame: pd.DataFrame, column: str) -> dict[date, Any]:
    """`column` per week (one row per week), unknown values as None."""
    return {week: row[column] for week, row in zip(frame["week"], legs.records(frame), strict=True)}


def test_weeks_with_nothing_logged_inside_the_data_are_unknown_not_zero(gym_log: GymLog) -> None:
    """Nothing logged at Main in the weeks of 9 and 16 February: each is "(no data)", its counts
    and shares unknown, as a week before the data, not a week of 0 leg sets in which everybody
    skipped legs; across locations the week of 9 February logged H's bench press: a real week,
    with 0 leg sets."""
    _, result = figures(
        two_weeks_missing(gym_log), location="Main", start=GAP_RANGE[0], end=GAP_RANGE[1]
    )
    patterns = result.patterns
    assert by_week(patterns, "data_days")[GAP[0]] == by_week(patterns, "data_days")[GAP[1]] == 0
    assert [by_week(patterns, "leg_sets")[w] for w in GAP] == [None, None]
    assert by_week(patterns, "leg_sets")[date(2026, 2, 23)] == 7
    classes = result.classes.frame
    gap = classes[classes["week"].isin(GAP)]
    assert gap["members"].isna().all() and gap["active_members"].isna().all()
    assert gap["share"].isna().all()
    equipment = result.equipment[result.equipment["week"].isin(GAP)]
    assert equipment["hard_sets"].isna().all() and equipment["share"].isna().all()
    labels = charts.leg_class_stack(classes).to_dict()["encoding"]["x"]["sort"]
    assert "09 Feb (no data)" in labels and "16 Feb (no data)" in labels
    _, anywhere = figures(gym_log.path, start=GAP_RANGE[0], end=GAP_RANGE[1])
    assert by_week(anywhere.patterns, "leg_sets")[GAP[0]] == 0
    assert by_week(anywhere.patterns, "upper_body_sets")[GAP[0]] == 1
    assert by_week(anywhere.patterns, "leg_sets")[GAP[1]] is None


def test_four_week_windows_holding_a_week_with_nothing_logged_are_left_out(
    gym_log: GymLog,
) -> None:
    """A trains legs twice a week whenever anything is logged: no 4-week window holding a week
    with nothing logged puts A in leg class 1 (4 sessions in 4 weeks) or M, the machine-only
    member, among those who did not move to free weights. Those windows' classes are unknown
    (a gap in the chart), and the first after the gap counts whole weeks again."""
    _, result = figures(
        two_weeks_missing(gym_log), location="Main", start=GAP_RANGE[0], end=GAP_RANGE[1]
    )
    weeks = result.class_cohorts.weeks
    unknown = weeks.loc[weeks["members"].isna(), "week"].unique().tolist()
    assert unknown == [date(2026, 2, 9) + timedelta(weeks=k) for k in range(5)]  # to 9 March
    assert weeks["share"][weeks["members"].isna()].isna().all()
    after = weeks[weeks["week"] == date(2026, 3, 16)].set_index("leg_class")["members"]
    assert after.to_dict() == {"0": 1, "1": 1, "2": 1, "3+": 0}  # B, M, A
    # Every move compares two windows 4 weeks apart from 26 January on: one of them holds the gap.
    moves = result.class_cohorts
    assert moves.transitions.empty
    assert moves.machine_only["share_to_free_weight"].isna().all()
    # Its members are unknown too, not 0: the windows hold the gap. Its weeks begin on 23
    # February, the first whose two windows the data (from 5 January) covers.
    held = moves.machine_only[moves.machine_only["window_holds_gap"]]
    assert held["week"].tolist() == moves.machine_only["week"].tolist()
    assert held["week"].tolist() == mondays(date(2026, 2, 23), GAP_RANGE[1])
    assert held[["machine_only", "to_free_weight", "to_free_squat"]].isna().all().all()
    assert legs.no_class_moves_sentence(date(2026, 3, 16), result.span) == (
        "No leg class moves up to the week of 16 Mar 2026: they compare the 8 weeks up to it, and"
        " nothing was logged in the weeks of 09 Feb 2026 and 16 Feb 2026, so the earlier 4-week"
        " window is left out."
    )


@pytest.mark.parametrize(
    "weeks, nobody_to_list",
    [(1, True), (2, True), (3, False)],
)
def test_the_skippers_note_says_whether_there_is_anyone_to_list(
    weeks: int, nobody_to_list: bool
) -> None:
    """Nothing logged in the weeks of 9 and 16 February: a look-back of 1 or 2 weeks up to 16
    February holds nothing to list anyone by, one of 3 does; the note tells the page which, so
    it need not find those weeks again."""
    span = legs.LegSpan(date(2026, 1, 5), date(2026, 3, 22), tuple(range(1, 8)), GAP)
    f = legs.LegFilters(GAP_RANGE[0], date(2026, 2, 22), skipper_weeks=weeks)
    note = legs.skippers_note(f, span)
    assert note is not None and note.nobody_to_list is nobody_to_list
    assert legs.leg_notes(f, span).skippers == note


def test_a_last_week_with_nothing_logged_is_unknown(gym_log: GymLog) -> None:
    """A range ending in the week of 16 February, with nothing logged at Main: nobody is known
    to be active, so no share skipped legs; null in the JSON. A segment of the 4 weeks up to it
    has no members, and says why."""
    path = two_weeks_missing(gym_log)
    f, result = figures(path, location="Main", start=GAP_RANGE[0], end=date(2026, 2, 22))
    classes = result.classes
    assert (classes.active_last_week, classes.no_legs_last_week) == (None, None)
    assert classes.headline == (
        "No workouts logged at Main in the week of 16 Feb 2026: its figures are unknown."
    )
    data = legs.as_dict(result)
    assert (data["active_last_week"], data["share_no_legs_last_week"]) == (None, None)
    _, segment = figures(
        path, location="Main", start=GAP_RANGE[0], end=date(2026, 2, 22), segment="legs-2"
    )
    assert segment.empty_state is not None
    assert segment.empty_state.sentence == (
        'No members in "Leg class 2 (about 2 a week)" at Main: segments go by the 4 weeks up to'
        " last week (the week of 16 Feb 2026), and nothing was logged at Main in the weeks of"
        " 09 Feb 2026 and 16 Feb 2026, so those 4 weeks are left out. Pick All members."
    )


def test_a_week_with_nothing_logged_is_unknown_on_both_owner_pages(rack_floor: RackFloor) -> None:
    """Nothing logged at Main in the week of 23 February: Leg training's leg sets are unknown in
    it, as on Equipment demand's leg sets chart, and the week of 16 February, with a leg press
    set and nothing else, has its 1 leg set on both."""
    with db.read(rack_floor.gap_weeks()) as con:
        f = legs.resolve_filters(con, start=GAP_WEEKS[0], end=GAP_WEEKS[1], location="Main")
        shown = legs.equipment_share(con, f, legs.leg_span(con, f))
        racks_classes = racks.rack_demand(con, *GAP_WEEKS, "Main").classes
    assert shown["data_days"].tolist() == racks_classes["data_days"].tolist()
    assert shown["hard_sets"].tolist() == racks_classes["sets"].tolist()
    weekly = shown.groupby("week")["hard_sets"].sum(min_count=1)
    assert weekly[date(2026, 2, 16)] == 1 and pd.isna(weekly[date(2026, 2, 23)])


def test_sets_without_a_location_count_at_the_default_location(gym_log: GymLog) -> None:
    """Annex is the default location. M1's bench session of 10 November and M2's of the 19th
    were logged without a location (imports fill one in, so they are written here by hand):
    at Annex they count there, as on Equipment demand, so the week of 9 November is no gap with
    nothing logged, M2 is an active member and a leg skipper there, and the data runs to the
    19th on both pages."""
    bench = ("Bench Press (Barbell)", 100, 5)
    gym_log.workout("M1", "2026-11-03 18:00", *[(SQUAT, 100, 5)] * 2, location="Annex")
    gym_log.workout("M1", "2026-11-10 18:00", bench, location=None)
    gym_log.workout("M1", "2026-11-17 18:00", *[(SQUAT, 100, 5)] * 2, location="Annex")
    gym_log.workout("M2", "2026-11-19 18:00", bench, location=None)
    for day in ("04", "11", "18"):
        gym_log.workout("M3", f"2026-11-{day} 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.save()
    with db.write(gym_log.path) as con:
        settings.set_value(con, "default_location", "Annex")
    week = {"start": date(2026, 11, 2), "end": date(2026, 11, 22), "today": date(2026, 11, 26)}
    f, annex = figures(gym_log.path, location="Annex", **week)
    assert annex.span is not None and annex.span.gaps == ()
    active = annex.classes.frame.drop_duplicates("week").set_index("week")["active_members"]
    assert list(active) == [1, 1, 2]
    assert rows(annex.skippers, "member_id", "workouts", "last_workout") == [
        ("M2", 1, date(2026, 11, 19))
    ]
    with db.read(gym_log.path) as con:
        demand = racks.demand_basis(con, f.start, f.end, "Annex").set_span
        assert legs.locations(con) == ["Annex", "North"]
    assert (annex.span.first, annex.span.last) == (demand.first, demand.last)


def test_the_location_filter_lists_the_default_location_of_sets_without_one(
    gym_log: GymLog,
) -> None:
    """Every set was logged without a location: the figures count them at the default location,
    so the location filter offers it."""
    gym_log.workout("M1", "2026-11-03 18:00", *[(SQUAT, 100, 5)] * 2, location=None)
    gym_log.save()
    with db.read(gym_log.path) as con:
        assert legs.locations(con) == ["Main"]
