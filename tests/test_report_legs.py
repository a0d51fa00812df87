"""`report legs` and `report member` on the command line: the library's figures, user errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from legdash import cli, db, settings
from legdash.metrics import legs, member
from tests.conftest import LEG_RANGE, ROOT, SQUAT, GymLog
from tests.test_metrics_legs import GAP, GAP_RANGE, two_weeks_missing

RANGE_ARGS = ["--from", str(LEG_RANGE[0]), "--to", str(LEG_RANGE[1])]


def run(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["report", *args, "--db", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def leg_figures(path: Path, **choices: object) -> dict[str, object]:
    with db.read(path) as con:
        f = legs.resolve_filters(con, start=LEG_RANGE[0], end=LEG_RANGE[1], **choices)
        return legs.as_dict(legs.leg_training(con, f))


@pytest.mark.parametrize(
    "options, choices",
    [
        ([], {}),
        (["--min-leg-sets", "1"], {"min_sets": 1}),
        (["--location", "Annex"], {"location": "Annex"}),
        (["--segment", "free-weight"], {"segment": "free-weight"}),
        (["--skipper-weeks", "8"], {"skipper_weeks": 8}),
    ],
)
def test_legs_json_equals_the_library(
    leg_history: GymLog,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    choices: dict[str, object],
) -> None:
    code, out, err = run(leg_history.path, capsys, "legs", *RANGE_ARGS, *options, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == leg_figures(leg_history.path, **choices)


def test_legs_text(leg_history: GymLog, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(leg_history.path, capsys, "legs", *RANGE_ARGS)
    assert code == 0
    assert "33% of active members did not train legs last week" in out
    assert "B (=HYPERLINK(1)): 12 workouts, last leg session 2026-01-07" in out
    assert "2026-03-02       9     33%" in out


def test_legs_text_leaves_out_a_skipper_who_trained_legs_after_the_range(
    gym_log: GymLog, capsys: pytest.CaptureFixture[str]
) -> None:
    """The range ends on Sunday 15 November; M1 squatted on Monday 16th, after it: only M2, who
    has trained no legs at all, is listed, with "none logged"."""
    for who in ("M1", "M2"):
        gym_log.workout(who, "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("M1", "2026-11-16 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    code, out, _ = run(gym_log.path, capsys, "legs", "--from", "2026-11-09", "--to", "2026-11-15")
    assert code == 0
    listed = out.split("Leg skippers")[1].splitlines()[1:]
    assert listed == ["  M2: 1 workout, last leg session none logged"]


def test_legs_text_at_a_location_says_so(
    gym_log: GymLog, capsys: pytest.CaptureFixture[str]
) -> None:
    """F benches at Main and squats at North: `--location Main` says "at Main" in the headline
    and the skippers' heading, and lists no F, who trains legs."""
    gym_log.workout("F", "2026-11-10 18:00", ("Bench Press (Barbell)", 100, 5))
    gym_log.workout("F", "2026-11-12 18:00", *[(SQUAT, 100, 5)] * 2, location="North")
    gym_log.workout("M2", "2026-11-10 18:00", *[(SQUAT, 100, 5)] * 2)
    gym_log.save()
    dates = ["--from", "2026-11-09", "--to", "2026-11-15"]
    code, out, _ = run(gym_log.path, capsys, "legs", *dates, "--location", "Main")
    assert code == 0
    assert "50% of active members did not train legs at Main last week" in out
    assert out.endswith(
        "Leg skippers (with a workout at Main but no leg session at any location in the 4 weeks"
        " up to last week, nor since):\n  none\n"
    )


def test_legs_text_marks_a_part_week_as_the_charts_do(
    leg_history: GymLog, capsys: pytest.CaptureFixture[str]
) -> None:
    """The range ends on Wednesday 11 March and the data on Monday 9 March: that week's row holds
    1 day of data and says so; whole weeks carry no mark."""
    _, out, _ = run(leg_history.path, capsys, "legs", *RANGE_ARGS)
    rows = {line[:10]: line for line in out.splitlines() if line.startswith("2026-")}
    assert rows["2026-03-09"].endswith("0.0   (1 day of data)")
    assert rows["2026-03-02"].endswith("0.7")


def test_member_json(leg_history: GymLog, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(leg_history.path, capsys, "member", "--member", "A", *RANGE_ARGS, "--json")
    assert code == 0
    data = json.loads(out)
    with db.read(leg_history.path) as con:
        r = member.member_range(con, "A", start=LEG_RANGE[0], end=LEG_RANGE[1])
        summary = member.as_dict(member.member_summary(con, r))
        assert data == json.loads(json.dumps({**summary, "display_unit": "kg"}))
    assert (data["name"], data["streak_weeks"]) == ("Ann", 9)
    assert [r["lift"] for r in data["records"]] == ["Back Squat", "Romanian Deadlift", "Leg Press"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["legs", "--segment", "legs-7"], "error: unknown segment 'legs-7'"),
        (["legs", "--from", "2026-03-12", "--to", "2026-03-11"], "is after the end date"),
        (["legs", "--min-leg-sets", "0"], "threshold must be from 1 to 20"),
        (["legs", "--skipper-weeks", "0"], "leg skippers look back 1 to 52 weeks"),
        (["member"], "error: report member needs --member ID"),
        (["member", "--member", "NOBODY"], "error: there is no member NOBODY"),
    ],
)
def test_user_errors_are_one_line(
    leg_history: GymLog, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(leg_history.path, capsys, *args)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_python_dash_m(leg_history: GymLog) -> None:
    """The real entry point, as cron jobs call it."""
    done = subprocess.run(
        [sys.executable, "-m", "legdash", "report", "legs", *RANGE_ARGS, "--json"]
        + ["--db", str(leg_history.path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == leg_figures(leg_history.path)


def test_legs_text_shows_a_week_nobody_trained_as_dashes(
    leg_history: GymLog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        leg_history.path, capsys, "legs", "--from", "2025-12-29", "--to", "2026-01-11"
    )
    assert code == 0
    # Before the data: no active members known either.
    assert "2025-12-29       -       -      -      -      -   -     (no data)" in out


@pytest.mark.parametrize(
    "kind, sentence",
    [
        (
            ["legs"],
            "No workouts in the weeks from 26 May 2025 to 31 Aug 2025. Workouts run from "
            "05 Jan 2026 to 09 Mar 2026: widen the range to include them.",
        ),
        (
            ["member", "--member", "A"],
            "No workouts of A in the weeks from 26 May 2025 to 31 Aug 2025. A's workouts run from"
            " 05 Jan 2026 to 05 Mar 2026: widen the range to include them.",
        ),
    ],
    ids=["legs", "member"],
)
def test_range_without_workouts_says_where_they_are(
    leg_history: GymLog, capsys: pytest.CaptureFixture[str], kind: list[str], sentence: str
) -> None:
    """As the page says it: no "(no data)" rows, no "No active members in the week of", no
    weeks of zeros for a member."""
    dates = ["--from", "2025-06-01", "--to", "2025-08-31"]
    code, out, _ = run(leg_history.path, capsys, *kind, *dates)
    assert code == 0
    assert out.splitlines()[1:] == [sentence]
    code, out, _ = run(leg_history.path, capsys, *kind, *dates, "--json")
    data = json.loads(out)
    assert code == 0 and data["empty"] and data["empty_sentence"] == sentence
    code, out, _ = run(leg_history.path, capsys, *kind, *RANGE_ARGS, "--json")
    data = json.loads(out)
    assert not data["empty"] and data["empty_sentence"] is None


def test_legs_without_sets_says_the_database_holds_none(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db.init(db_file)
    code, out, _ = run(db_file, capsys, "legs")
    assert code == 0
    assert out.splitlines()[1:] == [
        "The database holds no workout sets yet. Leg training counts sets from workout logs."
    ]
    assert "0%" not in out


def test_legs_range_inside_one_week_is_refused_as_on_the_page(
    leg_history: GymLog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        leg_history.path, capsys, "legs", "--from", "2026-03-04", "--to", "2026-03-06"
    )
    assert (code, out) == (2, "")
    assert err == (
        "error: the range holds no complete week: pick a start date before the week of the end"
        " date and before the running week\n"
    )


def test_legs_last_week_is_never_the_running_week(
    gym_log: GymLog, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--to` the running week's Sunday: last week is still the week before, in which M1 trained
    legs; M1's bench press this morning is the running week's, not last week's."""
    today = settings.wall_clock(settings.DEFAULTS["time_zone"]).date()
    running = today - timedelta(days=today.weekday())
    gym_log.workout(
        "M1", f"{running - timedelta(weeks=1)} 18:00", *[("Squat (Barbell)", 100, 5)] * 2
    )
    gym_log.workout("M1", f"{today} 00:00", ("Bench Press (Barbell)", 80, 5))
    gym_log.save()
    sunday = str(running + timedelta(days=6))
    week_before = str(running - timedelta(weeks=1))
    code, out, _ = run(
        gym_log.path, capsys, "legs", "--from", week_before, "--to", sunday, "--json"
    )
    data = json.loads(out)
    assert (code, data["last_week"]) == (0, week_before)
    assert data["headline"] == "0% of active members did not train legs last week"


def test_member_without_sets_prints_the_sentence(
    db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A member added at the desk, before any import: one sentence, no table of zeros; exit 0."""
    db.init(db_file)
    assert cli.main(["member", "add", "M1", "--name", "Ann", "--db", str(db_file)]) == 0
    capsys.readouterr()
    code, out, _ = run(db_file, capsys, "member", "--member", "M1", *RANGE_ARGS)
    assert code == 0
    assert out.splitlines() == [
        "Member M1 (Ann), weeks 2026-01-12 to 2026-03-09",
        "The database holds no workout sets of M1 yet. Member figures count sets from workout"
        " logs.",
    ]


def test_member_streak_in_a_past_range_is_not_this_week(
    gym_log: GymLog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Leg sessions in the weeks of 19 Oct, 26 Oct and 2 Nov 2026; a range to Sunday 8 November,
    a week long over: the streak of 3 runs up to the week of 2 November, not "this week"."""
    for day in ("2026-10-19", "2026-10-26", "2026-11-02", "2026-11-16"):
        gym_log.workout("M7", f"{day} 18:00", *[("Squat (Barbell)", 100, 5)] * 2)
    gym_log.save()
    options = ["--member", "M7", "--from", "2026-10-19", "--to", "2026-11-08"]
    code, out, _ = run(gym_log.path, capsys, "member", *options)
    assert code == 0
    assert "Leg-session streak: 3 weeks, up to the week of 02 Nov 2026\n" in out
    code, out, _ = run(gym_log.path, capsys, "member", *options, "--json")
    data = json.loads(out)
    assert (data["streak_weeks"], data["streak_through"]) == (3, "2026-11-02")
    assert (data["counted_week"], data["counted_week_running"]) == ("2026-11-02", False)


def test_weeks_with_nothing_logged_are_null_and_no_data_in_the_text(
    gym_log: GymLog, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing logged at Main in the weeks of 9 and 16 February: null counts in the JSON, as a
    week before the data, and "-" with "(no data)" in the text, not 0 active members."""
    path = two_weeks_missing(gym_log)
    dates = ["--from", str(GAP_RANGE[0]), "--to", str(GAP_RANGE[1]), "--location", "Main"]
    code, out, _ = run(path, capsys, "legs", *dates, "--json")
    assert code == 0
    data = json.loads(out)
    gap = [r for r in data["leg_classes"] if r["week"] == "2026-02-09"]
    assert {(r["members"], r["active_members"], r["share"], r["data_days"]) for r in gap} == {
        (None, None, None, 0)
    }
    patterns = {r["week"]: r for r in data["patterns"]}
    assert (patterns["2026-02-16"]["leg_sets"], patterns["2026-02-23"]["leg_sets"]) == (None, 7)
    # Machine-only moves comparing a window that holds the gap: unknown members, not 0 (from
    # 23 February, the first week whose two windows the data covers).
    held = [r for r in data["machine_only"] if r["window_holds_gap"]]
    assert held[0]["week"] == "2026-02-23" and held[-1]["week"] == "2026-03-16"
    assert {(r["machine_only"], r["to_free_weight"], r["to_free_squat"]) for r in held} == {
        (None, None, None)
    }
    code, out, _ = run(path, capsys, "legs", *dates)
    assert code == 0
    assert "2026-02-09       -       -      -      -      -   -     (no data)" in out


@pytest.mark.parametrize(
    "location, start, note",
    [
        (
            ["--location", "Main"],
            GAP_RANGE[0],
            "Nothing was logged at Main in the weeks of 09 Feb 2026 and 16 Feb 2026: the charts"
            ' show them as "(no data)", and leave out the 4-week windows holding them.',
        ),
        # H benched at the Annex in the week of 9 February: across locations it is logged.
        (
            [],
            GAP_RANGE[0],
            "Nothing was logged in the week of 16 Feb 2026: the charts show it as"
            ' "(no data)", and leave out the 4-week windows holding it.',
        ),
        # The range's weeks from 23 February: windows reach back into the gap, its weeks do not.
        (["--location", "Main"], GAP[1] + timedelta(days=7), None),
    ],
)
def test_report_legs_names_the_weeks_of_the_range_with_nothing_logged(
    gym_log: GymLog,
    capsys: pytest.CaptureFixture[str],
    location: list[str],
    start: date,
    note: str | None,
) -> None:
    path = two_weeks_missing(gym_log)
    args = ["--from", str(start), "--to", str(GAP_RANGE[1]), *location]
    code, out, _ = run(path, capsys, "legs", *args, "--json")
    assert code == 0
    assert json.loads(out)["gap_weeks_note"] == note
    code, out, _ = run(path, capsys, "legs", *args)
    assert code == 0
    assert (out.splitlines()[1] == note) if note else ("the charts show" not in out)


@pytest.mark.parametrize(
    "weeks, to, note",
    [
        # Last week is the second week with nothing logged: nobody to list, not "none skipped".
        (
            1,
            "2026-02-22",
            "Nothing was logged at Main in the 1 week up to the week of 16 Feb 2026: there is no"
            " one to list.",
        ),
        (
            4,
            "2026-03-01",
            "Nothing was logged at Main in the weeks of 09 Feb 2026 and 16 Feb 2026: a member"
            " listed may have trained legs then.",
        ),
        (1, "2026-03-22", None),
    ],
)
def test_leg_skippers_say_which_of_their_weeks_hold_nothing_logged(
    gym_log: GymLog, capsys: pytest.CaptureFixture[str], weeks: int, to: str, note: str | None
) -> None:
    path = two_weeks_missing(gym_log)
    dates = ["--from", str(GAP_RANGE[0]), "--to", to, "--location", "Main"]
    args = [*dates, "--skipper-weeks", str(weeks)]
    code, out, _ = run(path, capsys, "legs", *args, "--json")
    assert code == 0
    assert json.loads(out)["skippers_note"] == note
    code, out, _ = run(path, capsys, "legs", *args)
    skippers = out[out.index("Leg skippers") :].splitlines()
    assert (skippers[1] == f"  {note}") if note else ("Nothing was logged" not in skippers[1])
