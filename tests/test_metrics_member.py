"""One member's figures against plain-Python counts over a hand-built history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import astuple
from datetime import date, timedelta
from pathlib import Path

import pytest

from legdash import db, exercises, members, settings
from legdash.members import MemberError
from legdash.metrics import EmptyState, FilterError, member
from legdash.metrics.member import LiftRecord, Streak
from tests.conftest import GymLog, LoggedSet

START, END = date(2026, 1, 19), date(2026, 3, 11)  # Wednesday; the running week began 9 March
SQUAT = "Squat (Barbell)"
AHEAD_TODAY = date(2026, 3, 15)  # a Sunday: an import takes sets of Monday 16 March


def build_history(log: GymLog) -> None:
    log.member("P", "Pat", "2025-12-01")
    log.member("R", "Rita")
    log.workout("P", "2026-01-26 18:00", (SQUAT, 100, 5), (SQUAT, 100, 5))
    log.workout(
        "P",
        "2026-02-10 18:00",
        (SQUAT, 130, 1, "warmup"),
        (SQUAT, 110, 1),
        (SQUAT, 100, 5),
        (SQUAT, 500, 1, "normal", True),
    )
    log.workout("P", "2026-02-17 18:00", (SQUAT, 120, 15), (SQUAT, 90, 12), (SQUAT, 100, 13))
    log.workout(
        "P",
        "2026-02-24 18:00",
        *[("Deadlift (Barbell)", 150, 20)] * 2,
        *[("Romanian Deadlift (Barbell)", 100, 8)] * 2,
    )
    log.workout(
        "P",
        "2026-03-03 18:00",
        *[("Leg Press (Machine)", 200, 1)] * 2,
        ("Bench Press (Barbell)", 80, 5),
        ("Pull Up", None, 8),
    )
    log.workout("P", "2026-03-10 07:00", *[("Front Squat (Barbell)", 80, 3)] * 2)
    log.workout("P", "2026-03-12 07:00", (SQUAT, 200, 1), (SQUAT, 200, 1))  # after the end date
    log.workout("Q", "2026-02-23 07:00", *[(SQUAT, 60, 5)] * 2)
    log.workout("Q", "2026-03-09 07:00", *[(SQUAT, 60, 5)] * 2)
    log.workout("S", "2026-02-23 07:00", *[(SQUAT, 60, 5)] * 2)
    log.workout("S", "2026-03-08 23:50", *[(SQUAT, 60, 5)] * 2)
    log.workout("R", "2026-03-04 07:00", *[("Bench Press (Barbell)", 60, 5)] * 3)
    log.save()


@pytest.fixture
def history(gym_log: GymLog) -> GymLog:
    build_history(gym_log)
    return gym_log


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def hard(s: LoggedSet) -> bool:
    return s.set_type != "warmup" and (s.reps or 0) > 0 and not s.flagged


def e1rm(weight: float, reps: int) -> float | None:
    if reps == 1:
        return weight
    return weight * (1 + reps / 30) if 2 <= reps <= 12 else None


def lift(s: LoggedSet) -> str:
    found = exercises.classify(s.exercise)
    assert found is not None
    return found.name


def counted(log: GymLog, who: str) -> list[LoggedSet]:
    return [s for s in log.sets if s.member == who and not s.flagged and s.start.date() <= END]


def weeks() -> list[date]:
    return [monday(START) + timedelta(weeks=n) for n in range(8)]


def expected_leg_weeks(log: GymLog, who: str, min_sets: int) -> list[tuple[date, int, int]]:
    per_workout: dict[int, list[LoggedSet]] = defaultdict(list)
    for s in counted(log, who):
        per_workout[s.workout].append(s)
    rows = []
    for week in weeks():
        workouts = [w for w in per_workout.values() if monday(w[0].start.date()) == week]
        legs = [
            w
            for w in workouts
            if sum(
                hard(s) and exercises.classify(s.exercise).pattern in exercises.LEG_PATTERNS
                for s in w
            )
            >= min_sets
        ]
        rows.append((week, len(workouts), len(legs)))
    return rows


def expected_records(log: GymLog, who: str) -> list[LiftRecord]:
    sets = [
        s for s in counted(log, who) if hard(s) and s.weight and lift(s) in exercises.MAIN_LIFTS
    ]
    records = []
    for name in exercises.MAIN_LIFTS:
        mine = [s for s in sets if lift(s) == name]
        if not mine:
            continue
        top = max(s.weight for s in mine)
        heaviest = min((s for s in mine if s.weight == top), key=lambda s: (-s.reps, s.start))
        rated = [(e1rm(s.weight, s.reps), s) for s in mine if e1rm(s.weight, s.reps) is not None]
        best_value = max((v for v, _ in rated), default=None)
        best = min((s for v, s in rated if v == best_value), key=lambda s: s.start, default=None)
        records.append(
            LiftRecord(
                name,
                heaviest.weight,
                heaviest.reps,
                heaviest.start.date(),
                best_value,
                best.weight if best else None,
                best.reps if best else None,
                best.start.date() if best else None,
            )
        )
    return records


def summary(path: Path, who: str, **choices: object) -> member.MemberSummary:
    with db.read(path) as con:
        r = member.member_range(con, who, **{"start": START, "end": END, **choices})
        return member.member_summary(con, r)


@pytest.mark.parametrize("min_sets", [1, 2, 3])
def test_leg_weeks_match_plain_python(history: GymLog, min_sets: int) -> None:
    got = summary(history.path, "P", min_sets=min_sets).leg_weeks
    assert list(got.itertuples(index=False, name=None)) == expected_leg_weeks(
        history, "P", min_sets
    )


def test_records_match_plain_python(history: GymLog) -> None:
    got = summary(history.path, "P").records
    assert [r.lift for r in got] == [r.lift for r in expected_records(history, "P")]
    for mine, theirs in zip(got, expected_records(history, "P"), strict=True):
        assert astuple(mine) == pytest.approx(astuple(theirs))


def test_record_rules_by_hand(history: GymLog) -> None:
    """Warm-ups, flagged sets and sets after the end date never count; >12 reps get no e1RM."""
    records = {r.lift: r for r in summary(history.path, "P").records}
    assert list(records) == [
        "Back Squat",
        "Front Squat",
        "Deadlift",
        "Romanian Deadlift",
        "Leg Press",
    ]
    squat = records["Back Squat"]
    assert (squat.heaviest_kg, squat.heaviest_reps, squat.heaviest_date) == (
        120,
        15,
        date(2026, 2, 17),
    )
    assert squat.best_e1rm_kg == pytest.approx(126.0)  # 90 x 12; 100 x 13 has no e1RM
    assert (squat.e1rm_weight_kg, squat.e1rm_reps, squat.e1rm_date) == (90, 12, date(2026, 2, 17))
    assert records["Deadlift"].best_e1rm_kg is None  # only sets of 20
    assert records["Leg Press"].best_e1rm_kg == 200  # one rep is its weight
    assert records["Romanian Deadlift"].best_e1rm_kg == pytest.approx(100 * (1 + 8 / 30))


def test_tied_record_keeps_its_first_date(gym_log: GymLog) -> None:
    gym_log.workout("T", "2026-02-02 18:00", (SQUAT, 100, 5))
    gym_log.workout("T", "2026-02-09 18:00", (SQUAT, 100, 5))
    gym_log.save()
    (record,) = summary(gym_log.path, "T").records
    assert record.heaviest_date == record.e1rm_date == date(2026, 2, 2)


def test_heaviest_set_is_the_most_reps_at_the_top_weight(gym_log: GymLog) -> None:
    """100 kg x 5, then x 6 a week later: the heaviest set is 100 x 6 of the later date, as the
    best e1RM beside it is, not 100 x 5 dated by the first time the weight was lifted."""
    gym_log.workout("T", "2026-02-02 18:00", (SQUAT, 100, 5))
    gym_log.workout("T", "2026-02-09 18:00", (SQUAT, 100, 6), (SQUAT, 100, 5))
    gym_log.save()
    (record,) = summary(gym_log.path, "T").records
    assert (record.heaviest_kg, record.heaviest_reps, record.heaviest_date) == (
        100,
        6,
        date(2026, 2, 9),
    )
    assert (record.e1rm_weight_kg, record.e1rm_reps, record.e1rm_date) == (100, 6, date(2026, 2, 9))


@pytest.mark.parametrize(
    "who, expected",
    [
        # 9 Feb .. 2 Mar complete, plus 10 Mar in the running week
        ("P", Streak(5, True, date(2026, 3, 9))),
        ("Q", Streak(1, True, date(2026, 3, 9))),  # only the running week
        # 23 Feb and Sunday 8 Mar, nothing yet this week
        ("S", Streak(2, False, date(2026, 3, 2))),
        ("R", Streak(0, False)),
    ],
)
def test_streak(history: GymLog, who: str, expected: Streak) -> None:
    assert summary(history.path, who).streak == expected


def test_streak_before_the_current_week_is_logged(history: GymLog) -> None:
    """Ending on Sunday 8 March, P's streak is 9 Feb .. 1 Mar plus the week of 2 Mar (running)."""
    assert summary(history.path, "P", end=date(2026, 3, 8)).streak == Streak(
        4, True, date(2026, 3, 2)
    )


def test_pattern_sets_and_volume(history: GymLog) -> None:
    s = summary(history.path, "P")
    sets = [x for x in counted(history, "P") if hard(x) and x.start.date() >= monday(START)]
    patterns: dict[str, int] = defaultdict(int)
    for x in sets:
        patterns[exercises.classify(x.exercise).pattern] += 1
    assert (
        dict(zip(s.pattern_sets["pattern"], s.pattern_sets["hard_sets"], strict=True)) == patterns
    )
    assert list(s.pattern_sets["pattern"]) == [p for p in exercises.PATTERNS if p in patterns]
    volume = {w: [0.0, 0.0] for w in weeks()}
    for x in sets:
        if x.weight:
            leg = exercises.classify(x.exercise).pattern in exercises.LEG_PATTERNS
            volume[monday(x.start.date())][0] += x.weight * x.reps
            volume[monday(x.start.date())][1] += x.weight * x.reps if leg else 0
    assert [(w, v, lv) for w, v, lv in s.volume.itertuples(index=False, name=None)] == [
        (w, *v) for w, v in volume.items()
    ]


def test_e1rm_trend(history: GymLog) -> None:
    s = summary(history.path, "P")
    best: dict[tuple[str, date], float] = {}
    for x in counted(history, "P"):
        value = e1rm(x.weight, x.reps) if hard(x) and x.weight else None
        if value is not None and lift(x) in exercises.MAIN_LIFTS:
            key = (lift(x), monday(x.start.date()))
            best[key] = max(best.get(key, 0.0), value)
    got = {(r.lift, r.week): r.e1rm_kg for r in s.e1rm_trend.itertuples()}
    assert got == pytest.approx(best)
    order = list(dict.fromkeys(s.e1rm_trend["lift"]))
    assert order == [x for x in exercises.MAIN_LIFTS if x in order]


def test_unknown_member(history: GymLog) -> None:
    with pytest.raises(MemberError, match="no member NOBODY"):
        summary(history.path, "NOBODY")


def test_bad_range(history: GymLog) -> None:
    with pytest.raises(FilterError):
        summary(history.path, "P", start=date(2026, 4, 1))


def test_report(history: GymLog) -> None:
    from legdash.reports import ReportArgs

    with db.read(history.path) as con:
        data = member.build(con, ReportArgs(member="P", start=START, end=END), today=END)
    assert data["streak_weeks"] == 5 and data["name"] == "Pat"
    assert data["records"][0]["lift"] == "Back Squat"
    assert data["records"][0]["e1rm_date"] == "2026-02-17"
    assert "e1RM = weight x (1 + reps / 30)" in data["e1rm_formula"]
    text = member.text(data)
    assert "Leg-session streak: 5 weeks (this week included)" in text
    assert "Deadlift: heaviest 150 kg x 20 (2026-02-24); no e1RM" in text


def report(log: GymLog, start: date, end: date, today: date) -> dict[str, object]:
    from legdash.reports import ReportArgs

    with db.read(log.path) as con:
        return member.build(con, ReportArgs(member="P", start=start, end=end), today=today)


@pytest.mark.parametrize(
    "goal, lines",
    [
        (
            2,
            [
                "Leg-session goal: 2 a week, met in 0 of 6 complete weeks",
                "This week: 1 of 2 leg sessions",
            ],
        ),
        (
            1,
            [
                "Leg-session goal: 1 a week, met in 5 of 6 complete weeks",
                "This week: 1 leg session, goal of 1 met",
            ],
        ),
    ],
)
def test_leg_goal_is_met_in_complete_weeks_and_the_running_week_is_not_yet_missed(
    history: GymLog, goal: int, lines: list[str]
) -> None:
    with db.write(history.path) as con:
        members.set_leg_goal(con, "P", goal)
    data = report(history, START, END, today=END)
    *weeks, (this_week, _, now) = expected_leg_weeks(history, "P", 2)
    # The weeks before P's first workout (26 January) are not weeks missed.
    complete = [week for week in weeks if week[0] >= date(2026, 1, 26)]
    assert this_week == monday(END) and len(complete) < len(weeks)
    assert (data["leg_goal"], data["leg_goal_weeks"], data["leg_goal_weeks_met"]) == (
        goal,
        len(complete),
        sum(legs >= goal for _, _, legs in complete),
    )
    assert (data["leg_goal_current_week"], data["leg_goal_current_sessions"]) == (
        this_week.isoformat(),
        now,
    )
    text = member.text(data).splitlines()
    assert text[1:4] == ["Leg-session streak: 5 weeks (this week included)", *lines]


@pytest.mark.parametrize(
    "end, today, weeks, current",
    [
        # The range's week is over: it is named, not "this week", and still told apart.
        (END, date(2026, 11, 26), 6, "Week of 09 Mar 2026: 1 of 2 leg sessions"),
        # A range ending weeks ahead counts up to today's week, which is still running: weeks to
        # come are not missed, nor is P's workout of 12 March, logged ahead of today, counted.
        (END + timedelta(weeks=3), END, 6, "This week: 1 of 2 leg sessions"),
        (date(2026, 3, 1), END, 4, "Week of 23 Feb 2026: 1 of 2 leg sessions"),
    ],
)
def test_leg_goal_outside_the_running_week(
    history: GymLog, end: date, today: date, weeks: int, current: str
) -> None:
    data = report(history, START, end, today)
    assert (data["leg_goal_weeks"], data["leg_goal_current"]) == (weeks, current)


@pytest.mark.parametrize(
    "end, today, streak, goal",
    [
        (END, END, "5 weeks (this week included)", "This week: "),
        (END + timedelta(weeks=3), END, "5 weeks (this week included)", "This week: "),
        (
            END,
            date(2026, 11, 26),
            "5 weeks, up to the week of 09 Mar 2026",
            "Week of 09 Mar 2026: ",
        ),
    ],
    ids=["running", "range ends after today", "over"],
)
def test_the_streak_and_the_goal_name_the_week_they_count_up_to_alike(
    history: GymLog, end: date, today: date, streak: str, goal: str
) -> None:
    """Both count up to the week of 9 March; a range ending after today said "This week" of it
    in the goal's line and "up to the week of 09 Mar 2026" in the streak's."""
    data = report(history, START, end, today)
    assert data["streak"] == streak and data["leg_goal_current"].startswith(goal)
    lines = member.text(data).splitlines()
    assert lines[1] == f"Leg-session streak: {streak}" and lines[3].startswith(goal)


def test_a_range_ending_after_today_counts_the_sets_up_to_today(history: GymLog) -> None:
    """P's workout of Thursday 12 March (two 200 kg squats) lies after today, Wednesday 11 March,
    as only data built directly can (imports refuse dates more than a day ahead). A range ending
    weeks ahead counted it in the week's leg sessions, the goal and the records."""
    ahead = report(history, START, END + timedelta(weeks=3), today=END)
    to_today = report(history, START, END, today=END)
    # The weeks to come are listed, with nothing in them.
    for weekly, figure in (("leg_weeks", "workouts"), ("volume", "volume_kg")):
        shown = len(to_today[weekly])
        assert ahead[weekly][:shown] == to_today[weekly], weekly
        assert [week[figure] for week in ahead[weekly][shown:]] == [0, 0, 0], weekly
    for figure in ("records", "e1rm_trend", "pattern_sets", "leg_goal_current_sessions"):
        assert ahead[figure] == to_today[figure], figure
    assert ahead["leg_goal_current"] == "This week: 1 of 2 leg sessions"
    # The records' heading names the day they count up to, not the range's end weeks ahead.
    assert ahead["records_through"] == to_today["records_through"] == END.isoformat()
    assert f"Personal records, best ever up to {END} (e1RM = " in member.text(ahead)


def test_leg_goal_counts_the_weeks_from_the_members_first_workout(history: GymLog) -> None:
    """A range reaching back before the member's first workout (the kiosk's default 12 weeks for
    a new member) counts only the weeks since: the weeks before were not weeks the goal was
    missed in."""
    from_start = report(history, START, END, today=END)
    from_earlier = report(history, START - timedelta(weeks=8), END, today=END)
    assert from_earlier["leg_goal_weeks"] == from_start["leg_goal_weeks"] == 6


def test_leg_goal_of_weeks_that_start_after_today(history: GymLog) -> None:
    start = END + timedelta(weeks=2)
    data = report(history, start, start + timedelta(weeks=3), today=END)
    assert data["leg_goal"] == 2
    assert (data["leg_goal_weeks"], data["leg_goal_current_week"], data["leg_goal_current"]) == (
        0,
        None,
        None,
    )


def test_a_member_known_only_from_sets_has_no_goal(history: GymLog) -> None:
    from legdash.reports import ReportArgs

    with db.read(history.path) as con:
        data = member.build(con, ReportArgs(member="Q", start=START, end=END), today=END)
    assert data["leg_goal"] is None and data["leg_goal_current"] is None
    assert "goal" not in member.text(data)


def test_report_records_are_best_ever_up_to_the_end_date_and_say_so(gym_log: GymLog) -> None:
    """A lifter's PR is theirs however long ago it was set: a squat of 140 kg in February stays
    the record in a report of March's weeks, whose heading says the records are all-time."""
    from legdash.reports import ReportArgs

    gym_log.workout("T", "2026-02-02 18:00", (SQUAT, 140, 3))
    gym_log.workout("T", "2026-03-02 18:00", (SQUAT, 100, 5))
    gym_log.workout("T", "2026-03-16 18:00", (SQUAT, 150, 3))  # after the end date
    gym_log.save()
    args = ReportArgs(member="T", start=date(2026, 3, 2), end=date(2026, 3, 8))
    with db.read(gym_log.path) as con:
        text = member.text(member.build(con, args, today=date(2026, 3, 20)))
    assert "weeks 2026-03-02 to 2026-03-02" in text
    assert "Personal records, best ever up to 2026-03-08 (e1RM = " in text
    assert "Back Squat: heaviest 140 kg x 3 (2026-02-02)" in text


def test_report_text_uses_the_display_unit(history: GymLog) -> None:
    from legdash.reports import ReportArgs

    with db.write(history.path) as con:
        settings.set_value(con, "display_unit", "lb")
    with db.read(history.path) as con:
        data = member.build(con, ReportArgs(member="P", start=START, end=END))
    text = member.text(data)
    assert "Deadlift: heaviest 330.7 lb x 20 (2026-02-24); no e1RM" in text
    assert "volume lb" in text and " kg" not in text
    assert data["records"][0]["heaviest_kg"] < 200  # the figures themselves stay in kg


def test_a_member_is_found_whichever_case_the_id_is_typed_in(history: GymLog) -> None:
    assert summary(history.path, "p").leg_weeks.equals(summary(history.path, "P").leg_weeks)


def test_report_member_reads_the_id_as_a_file_s(history: GymLog) -> None:
    """`report member --member " P"`: whitespace around a typed ID goes (members.typed_id)."""
    from legdash.reports import ReportArgs

    with db.read(history.path) as con:
        data = member.build(con, ReportArgs(member="\tp\xa0", start=START, end=END))
    assert data["member_id"] == "P" and data["name"] == "Pat"


def test_a_range_with_workouts_is_not_empty(history: GymLog) -> None:
    assert summary(history.path, "P").empty_state is None
    assert summary(history.path, "R").empty_state is None  # no leg session, but a workout


def test_a_member_without_sets_gets_the_sentence_and_what_to_import(gym_log: GymLog) -> None:
    gym_log.member("N", "Nia")
    gym_log.workout("P", "2026-02-02 18:00", (SQUAT, 100, 5))
    gym_log.save()
    assert summary(gym_log.path, "n").empty_state == EmptyState(
        "The database holds no workout sets of N yet. Member figures count sets from workout logs.",
        "workout logs",
    )


@pytest.mark.parametrize("count, held", [(1, "1 set"), (2, "2 sets")])
def test_a_member_whose_sets_are_all_flagged_is_told_so(
    gym_log: GymLog, count: int, held: str
) -> None:
    gym_log.workout("F", "2026-02-02 18:00", *[(SQUAT, 900, 5, "normal", True)] * count)
    gym_log.save()
    assert summary(gym_log.path, "F").empty_state == EmptyState(
        f"The database holds {held} of F, all flagged for review and left out of the figures."
    )


@pytest.mark.parametrize(
    "start, end",
    [(date(2025, 6, 4), date(2025, 8, 31)), (date(2026, 4, 1), date(2026, 5, 6))],
    ids=["before", "after"],
)
def test_a_range_without_the_member_s_workouts_says_where_they_are(
    history: GymLog, start: date, end: date
) -> None:
    """The range starts on its Monday, as the weeks shown do; the workouts after the old end date
    count too: a wider range would show them."""
    got = summary(history.path, "P", start=start, end=end).empty_state
    assert got == EmptyState(
        f"No workouts of P in the weeks from {monday(start):%d %b %Y} to {end:%d %b %Y}."
        " P's workouts run from 26 Jan 2026 to 12 Mar 2026: widen the range to include them."
    )


def test_flagged_sets_in_the_range_leave_it_empty(gym_log: GymLog) -> None:
    gym_log.workout("P", "2026-01-05 18:00", (SQUAT, 100, 5))
    gym_log.workout("P", "2026-02-02 18:00", (SQUAT, 900, 5, "normal", True))
    gym_log.save()
    got = summary(gym_log.path, "P", start=date(2026, 2, 2), end=date(2026, 2, 8)).empty_state
    assert got is not None
    assert got.sentence.endswith(
        "P's workouts are all on 05 Jan 2026: widen the range to include them."
    )


def test_report_text_prints_the_sentence_instead_of_zeros(history: GymLog) -> None:
    from legdash.reports import ReportArgs

    with db.read(history.path) as con:
        data = member.build(
            con, ReportArgs(member="P", start=date(2025, 6, 4), end=date(2025, 8, 31))
        )
    assert member.text(data).splitlines() == [
        "Member P (Pat), weeks 2025-06-02 to 2025-08-25",
        "No workouts of P in the weeks from 02 Jun 2025 to 31 Aug 2025. P's workouts run from"
        " 26 Jan 2026 to 12 Mar 2026: widen the range to include them.",
    ]


@pytest.mark.parametrize(
    "today, end, running, wording",
    [
        # The range ends on Sunday 8 March: its week is over once 9 March comes.
        (date(2026, 3, 8), date(2026, 3, 8), True, "4 weeks (this week included)"),
        (date(2026, 3, 9), date(2026, 3, 8), False, "4 weeks, up to the week of 02 Mar 2026"),
        (date(2026, 11, 26), END, False, "5 weeks, up to the week of 09 Mar 2026"),
        (END, END, True, "5 weeks (this week included)"),
        # A range ending weeks ahead counts up to today's week, which is running.
        (END, END + timedelta(weeks=3), True, "5 weeks (this week included)"),
    ],
)
def test_streak_says_this_week_only_while_it_runs(
    history: GymLog, today: date, end: date, running: bool, wording: str
) -> None:
    from legdash.reports import ReportArgs

    with db.read(history.path) as con:
        data = member.build(con, ReportArgs(member="P", start=START, end=end), today=today)
    assert data["counted_week_running"] is running
    assert data["streak"] == wording
    assert f"Leg-session streak: {wording}\n" in member.text(data)


@pytest.mark.parametrize(
    "start, end, today, end_week, current",
    [
        (START, END, END, date(2026, 3, 9), date(2026, 3, 9)),
        (START, date(2026, 3, 8), END, date(2026, 3, 2), date(2026, 3, 2)),
        # A range ending weeks ahead: its last week is to come, today's week is the current one.
        (START, END + timedelta(weeks=3), END, date(2026, 3, 30), date(2026, 3, 9)),
        (END + timedelta(weeks=2), END + timedelta(weeks=3), END, date(2026, 3, 30), None),
    ],
    ids=["running", "over", "range ends after today", "weeks to come"],
)
def test_report_json_names_the_current_week_the_streak_and_the_goal_are_about(
    history: GymLog, start: date, end: date, today: date, end_week: date, current: date | None
) -> None:
    """`current_week` was the range's last week, and `current_week_running` said whether it was
    today's, while `streak_includes_current_week` and `leg_goal_current_week` were about today's
    week: a range ending weeks ahead gave two "current weeks". The range's last week is
    `end_week`; the current week, of every field named so, is `counted_week`."""
    data = report(history, start, end, today)
    assert data["end_week"] == end_week.isoformat()
    assert data["counted_week"] == (current.isoformat() if current else None)
    assert data["leg_goal_current_week"] == data["counted_week"]
    assert data["counted_week_running"] is (current == monday(today))
    assert "current_week" not in data and "current_week_running" not in data
    assert member.text(data).startswith(f"Member P (Pat), weeks {monday(start)} to {end_week}\n")


@pytest.mark.parametrize(
    "start, streak",
    [
        # Thursday 12 March is in today's week: the week of 9 March counts, as it does on screen.
        (END + timedelta(days=1), 5),
        # The week of 16 March starts after today: no week up to today, so no streak to report.
        (END + timedelta(days=5), None),
        (END + timedelta(weeks=6), None),
    ],
)
def test_a_range_whose_weeks_start_after_today_has_no_streak(
    history: GymLog, start: date, streak: int | None
) -> None:
    """`report member` for weeks to come said "empty" and still carried P's streak of the weeks
    before them; such a range says it has no streak yet."""
    from legdash.reports import ReportArgs

    args = ReportArgs(member="P", start=start, end=start + timedelta(weeks=4))
    with db.read(history.path) as con:
        data = member.build(con, args, today=END)
    assert data["streak_weeks"] == streak
    if streak is None:
        assert data["empty"]
        assert (data["streak_through"], data["streak_includes_current_week"]) == (None, False)
        assert data["streak"] == "none yet (these weeks start after today)"


def test_a_range_of_weeks_to_come_says_nothing_is_logged_yet(history: GymLog) -> None:
    """Weeks that all start after today hold no sets yet: "widen the range" pointed the member
    at a fix that does not help. The sentence says the weeks are to come, as the streak does."""
    from legdash.reports import ReportArgs

    start = END + timedelta(weeks=2)  # a Wednesday: the weeks shown start on its Monday
    args = ReportArgs(member="P", start=start, end=start + timedelta(weeks=3))
    with db.read(history.path) as con:
        data = member.build(con, args, today=END)
    sentence = (
        f"No workouts of P in the weeks from {monday(start):%d %b %Y} to {args.end:%d %b %Y}:"
        " these weeks start after today, so nothing is logged in them yet. P's workouts run"
        " from 26 Jan 2026 to 10 Mar 2026."
    )
    assert (data["empty"], data["empty_sentence"]) == (True, sentence)
    assert data["streak"] == "none yet (these weeks start after today)"
    assert member.text(data).splitlines()[1] == sentence


@pytest.mark.parametrize(
    "who, start, end, sentence",
    [
        # A's only sets in a range ending after today are dated tomorrow: no wider range counts
        # them before their day.
        (
            "A",
            date(2026, 3, 9),
            date(2026, 3, 31),
            "No workouts of A count yet in the weeks from 09 Mar 2026 to 31 Mar 2026: A's sets in"
            " them are dated after today (the first on 16 Mar 2026) and count from their day on.",
        ),
        # Weeks that all start after today: tomorrow's week holds a set already.
        (
            "A",
            date(2026, 3, 16),
            date(2026, 3, 22),
            "No workouts of A count yet in the weeks from 16 Mar 2026 to 22 Mar 2026: A's sets in"
            " them are dated after today (the first on 16 Mar 2026) and count from their day on.",
        ),
        # A range ending today: the span to widen to is that of the workouts up to today.
        (
            "A",
            date(2026, 2, 2),
            AHEAD_TODAY,
            "No workouts of A in the weeks from 02 Feb 2026 to 15 Mar 2026. A's workouts are all"
            " on 05 Jan 2026: widen the range to include them.",
        ),
        (
            "B",
            date(2026, 2, 2),
            AHEAD_TODAY,
            "No workouts of B in the weeks from 02 Feb 2026 to 15 Mar 2026: B's sets are all dated"
            " after today (the first on 16 Mar 2026) and count from their day on.",
        ),
    ],
    ids=["range ends after today", "weeks to come", "span up to today", "all after today"],
)
def test_sets_dated_after_today_are_not_offered_to_a_wider_range(
    gym_log: GymLog, who: str, start: date, end: date, sentence: str
) -> None:
    """Sets of Monday 16 March, logged ahead of today (Sunday 15 March, as an import allows),
    count in no figure yet: the sentence said to widen the range to include workouts running
    "to 16 Mar 2026", though the range held them, and no range counts them before their day."""
    gym_log.workout("A", "2026-01-05 18:00", *[(SQUAT, 100, 5)] * 2)
    for who_ahead in ("A", "B"):
        gym_log.workout(who_ahead, "2026-03-16 07:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    with db.read(gym_log.path) as con:
        r = member.member_range(con, who, start=start, end=end, today=AHEAD_TODAY)
        assert member.member_summary(con, r).empty_state == EmptyState(sentence)


@pytest.mark.parametrize(
    "streak, running, wording",
    [
        (Streak(0, False), True, "0 weeks"),
        (Streak(2, False, date(2026, 11, 16)), True, "2 weeks, up to the week of 16 Nov 2026"),
        (Streak(1, True, date(2026, 11, 23)), True, "1 week (this week included)"),
        (Streak(3, True, date(2026, 11, 2)), False, "3 weeks, up to the week of 02 Nov 2026"),
    ],
)
def test_streak_wording(streak: Streak, running: bool, wording: str) -> None:
    assert member.streak_wording(streak, running) == wording


def test_the_range_runs_to_the_gyms_today(gym_log: GymLog, gym_behind_server: date) -> None:
    """`report member` without --to runs to the gym's today, not to the server's (a day ahead
    here): the running week, and a streak's, is the gym's."""
    from legdash.reports import ReportArgs

    today = gym_behind_server
    gym_log.workout("P", f"{today} 06:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    with db.read(gym_log.path) as con:
        r = member.member_range(con, "P")
        data = member.build(con, ReportArgs(member="P"))
    assert (r.end, r.today) == (today, today)
    assert data["end"] == today.isoformat()
