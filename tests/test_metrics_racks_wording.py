from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from legdash.capacity import Target
from legdash.metrics import racks_wording as wording


@pytest.mark.parametrize(
    "share, expected",
    [(0, "0%"), (0.0004, "<0.1%"), (0.034, "3.4%"), (0.1, "10%"), (0.456, "46%"), (1, "100%")],
)
def test_pct(share: float, expected: str) -> None:
    assert wording.pct(share) == expected


@pytest.mark.parametrize(
    "share, expected",
    [(0.04449, "4.5%"), (0.0445, "4.5%"), (0.125, "13%"), (0.0999, "10%"), (0.00004, "<0.1%")],
)
def test_pct_rounds_the_stored_share_half_up(share: float, expected: str) -> None:
    """A heatmap cell shows the stored share, the table's sentence the unrounded one: both read
    the same, a share above 0 too small to store at 4 decimals included."""
    assert wording.pct(share) == wording.pct(wording.stored_share(share)) == expected


@pytest.mark.parametrize(
    "share, stored",
    [(0.04449, 0.0445), (0.00004, 0.00004), (0.0000234567, 0.000023), (0.0, 0.0), (1.0, 1.0)],
)
def test_a_share_above_0_is_never_stored_as_0(share: float, stored: float) -> None:
    """4 decimals, as the JSON reports them, but a share that would round to 0 keeps two
    significant digits: every rack taken at some moment does not read "0%", as if never."""
    assert wording.stored_share(share) == stored


def test_slot_label_wraps_at_midnight() -> None:
    assert wording.slot_label(1, 18) == "Monday 18:00-19:00"
    assert wording.slot_label(7, 23) == "Sunday 23:00-00:00"


def test_an_hour_open_in_part_is_labelled_by_its_open_part() -> None:
    """06:30-21:30: the first and last open hours say what they count, not the clock hour."""
    assert wording.slot_label(1, 6, (1800, 3600)) == "Monday 06:30-07:00"
    assert wording.slot_label(1, 21, (0, 1800)) == "Monday 21:00-21:30"
    assert wording.slot_label(2, 0, (0, 3600)) == "Tuesday 00:00-01:00"


def test_short_slot_label_for_a_table_on_a_tablet() -> None:
    assert wording.short_slot("Wednesday 17:00-18:00") == "Wed 17:00-18:00"
    assert wording.short_slot("Monday 06:30-07:00") == "Mon 06:30-07:00"


@pytest.mark.parametrize(
    "over, share, wait, expected",
    [
        (False, 0.2144, 2.13, "21%, 2.1 min"),
        (False, 0.0031, 0.01, "0.3%, <0.1 min"),
        (False, 0.0, 0.0, "no wait"),
        (False, 0.00004, 0.01, "<0.1%, <0.1 min"),  # above 0, as the Who waits tile says
        (True, None, None, "over capacity"),
    ],
)
def test_wait_cell_is_short(over: bool, share: float | None, wait: float | None, expected: str):
    assert wording.wait_cell(over, share, wait) == expected


@pytest.mark.parametrize(
    "share, wait, target, expected",
    [
        # The demo's Monday 19:00-20:00: over a 0.5 min target, so never "0.5 min".
        (0.0721, 0.5265, Target("minutes", 0.5), "7.2%, 0.53 min"),
        (0.0721, 0.5001, Target("minutes", 0.5), "7.2%, 0.51 min"),
        (0.0721, 0.5, Target("minutes", 0.5), "7.2%, 0.5 min"),  # on the target meets it
        (0.0721, 0.4951, Target("minutes", 0.5), "7.2%, 0.5 min"),
        (0.0721, 0.5265, Target("minutes", 1.0), "7.2%, 0.5 min"),
        (0.0721, 0.5265, Target("share", 0.1), "7.2%, 0.5 min"),
        (0.1004, 0.8, Target("share", 0.1), "10.1%, 0.8 min"),
        (0.1, 0.8, Target("share", 0.1), "10%, 0.8 min"),
        # A float's binary tail does not round up a further 0.01, nor do zeros trail.
        (0.0721, 0.53, Target("minutes", 0.5), "7.2%, 0.53 min"),
        (0.103, 0.8, Target("share", 0.1), "10.3%, 0.8 min"),
        # Within a target the rounding would pass (a command-line 0.46 min): rounded down.
        (0.0721, 0.455, Target("minutes", 0.46), "7.2%, 0.45 min"),
    ],
)
def test_a_wait_reads_on_its_side_of_the_target(
    share: float, wait: float, target: Target, expected: str
) -> None:
    assert wording.wait_cell(False, share, wait, target) == expected
    assert wording.wait_status(share, wait, target=target) == (
        expected.replace(", ", " wait, ", 1).replace(" min", " min on average")
    )


def test_who_waits_reads_on_its_side_of_a_share_target_everywhere() -> None:
    """The page's tile, the report's line and the waiting heatmap's cell say what the planner
    sentence says: 18.2% against "at most 18%" (18.12%), not 18%."""
    from legdash.charts import racks as racks_charts
    from legdash.metrics import racks_report

    target = Target("share", 0.18)
    assert wording.pct(0.1812, target) == "18.2%"
    data = {"members_waiting_share": 0.1812, "target": {"kind": "share", "value": 0.18}}
    assert racks_report._waiting_text(data) == "18.2%"
    queue = pd.DataFrame(
        {"over_capacity": [False], "wait_probability": [0.1812], "dow": [1], "hour": [18]}
    )
    spec = racks_charts.wait_heatmap(queue, target).to_dict()
    labels = [row["label"] for rows in spec["datasets"].values() for row in rows]
    assert labels == ["18.2%"]


@pytest.mark.parametrize("share", [0.2118, 0.1004, 0.0951, 0.9912])
def test_a_share_beside_its_target_fits_a_heatmap_cell(share: float) -> None:
    """A wait heatmap hides every label when its longest does not fit a cell (about 5
    characters at 1280 px, "21.2%"): a share told on its side of the target takes one decimal
    more than it otherwise shows, not two."""
    target = Target("share", round(share - 0.001, 2))
    assert len(wording.pct(share, target)) <= len("21.2%")


def test_waiting_table_marks_no_hour_over_the_target_as_on_it() -> None:
    queue = pd.DataFrame(
        {
            "dow": [1],
            "hour": [19],
            "slot": ["Monday 19:00-20:00"],
            "sessions": [40],
            "arrivals_per_hour": [4.9],
            "mean_minutes": [18.0],
            "load": [1.49],
            "over_capacity": [False],
            "wait_probability": [0.0721],
            "mean_wait_minutes": [0.5265],
            "racks_needed": [5],
        }
    )
    table = wording.waiting_table(queue, 4, Target("minutes", 0.5))
    assert table["wait"].tolist() == ["7.2%, 0.53 min"]


def test_waiting_table_busiest_hours_first_without_a_wait_when_there_are_no_racks() -> None:
    queue = pd.DataFrame(
        {
            "dow": [1, 1, 2],
            "hour": [17, 18, 7],
            "slot": ["Monday 17:00-18:00", "Monday 18:00-19:00", "Tuesday 07:00-08:00"],
            "sessions": [3, 5, 0],
            "arrivals_per_hour": [1.5, 2.0, 0.0],
            "mean_minutes": [20.0, 60.0, None],
            "load": [0.5, 2.0, 0.0],
            "over_capacity": [False, True, False],
            "wait_probability": [0.0312, None, 0.0],
            "mean_wait_minutes": [0.41, None, 0.0],
            "racks_needed": [2, 5, 0],
        }
    )
    table = wording.waiting_table(queue, 2)
    assert table[["hour", "wait"]].to_dict("records") == [
        {"hour": "Mon 18:00-19:00", "wait": "over capacity"},
        {"hour": "Mon 17:00-18:00", "wait": "3.1%, 0.4 min"},
    ]
    assert "wait" not in wording.waiting_table(queue, 0).columns


def test_peak_sentences_busiest_first_at_most_three() -> None:
    shares = [0.1, 0.5, 0.0, 0.2, 0.1]
    frame = pd.DataFrame(
        {
            "equipment_type": ["squat_rack"] * 5 + ["leg_press"],
            "dow": [1, 1, 2, 3, 4, 1],
            "hour": [7, 18, 7, 18, 7, 18],
            "all_busy_share": [*shares, 0.9],
        }
    )
    frame["slot"] = [
        wording.slot_label(d, h) for d, h in zip(frame["dow"], frame["hour"], strict=True)
    ]
    assert wording.peak_sentences(frame, 2) == (
        "All racks were busy 50% of Monday 18:00-19:00.",
        "All racks were busy 20% of Wednesday 18:00-19:00.",
        "All racks were busy 10% of Monday 07:00-08:00.",
    )
    never = frame.assign(all_busy_share=0.0)
    assert wording.peak_sentences(never, 2) == ("The racks were never all busy in opening hours.",)
    assert wording.peak_sentences(frame[frame["equipment_type"] == "leg_press"], 2) == ()


def test_peak_sentences_follow_the_equipment_and_the_measure() -> None:
    """The words under a heatmap tell what it shows: the leg press's hours under its tab, the
    mean share busy beside a heatmap of it, not the racks' share of time all busy."""
    frame = pd.DataFrame(
        {
            "equipment_type": ["squat_rack", "squat_rack", "leg_press"],
            "dow": [1, 2, 1],
            "hour": [18, 18, 18],
            "busy_share": [0.53, 0.6, 0.3],
            "all_busy_share": [0.17, 0.09, 0.3],
        }
    )
    frame["slot"] = [
        wording.slot_label(d, h) for d, h in zip(frame["dow"], frame["hour"], strict=True)
    ]
    assert wording.peak_sentences(frame, 2, "squat_rack", "busy_share") == (
        "On Tuesday 18:00-19:00, 60% of the racks were busy on average.",
        "On Monday 18:00-19:00, 53% of the racks were busy on average.",
    )
    assert wording.peak_sentences(frame, 2, "leg_press", "all_busy_share") == (
        "All units were busy 30% of Monday 18:00-19:00.",
    )
    idle = frame.assign(busy_share=0.0, all_busy_share=0.0)
    assert wording.peak_sentences(idle, 2, "leg_press", "busy_share") == (
        "The units were never in use in opening hours.",
    )


@pytest.mark.parametrize("measure", ["busy_share", "all_busy_share"])
def test_peak_sentences_tell_a_single_unit_as_that_unit(measure: str) -> None:
    """With one leg press, "30% of the units were busy" counts units the floor does not have:
    the sentence is of the leg press, whose share of time busy both measures give."""
    frame = pd.DataFrame(
        {
            "equipment_type": ["leg_press", "leg_press", "squat_rack"],
            "dow": [1, 2, 1],
            "hour": [18, 18, 18],
            "busy_share": [0.3, 0.0, 0.5],
            "all_busy_share": [0.3, 0.0, 0.5],
        }
    )
    frame["slot"] = [
        wording.slot_label(d, h) for d, h in zip(frame["dow"], frame["hour"], strict=True)
    ]
    assert wording.peak_sentences(frame, 1, "leg_press", measure) == (
        "The leg press was busy 30% of Monday 18:00-19:00.",
    )
    assert wording.peak_sentences(frame, 1, "squat_rack", measure) == (
        "The squat rack was busy 50% of Monday 18:00-19:00.",
    )
    idle = frame.assign(busy_share=0.0, all_busy_share=0.0)
    assert wording.peak_sentences(idle, 1, "leg_press", measure) == (
        "The leg press was never in use in opening hours.",
    )


@pytest.mark.parametrize(
    "racks, label, sentence, every",
    [
        (1, "Squat rack busy", "The squat rack was busy 42% of opening hours.", "the rack"),
        (2, "All racks busy", "Every squat rack was busy 42% of opening hours.", "every rack"),
    ],
)
def test_one_rack_is_told_as_that_rack(racks: int, label: str, sentence: str, every: str) -> None:
    """ "Every squat rack was busy" and "All racks busy" count racks a floor with one does not
    have: one rack is told as that rack, as its busiest hours are."""
    assert wording.all_busy_label(racks) == label
    assert wording.all_busy_sentence(0.42, racks) == sentence
    assert wording.every_rack(racks, "rack") == every
    assert wording.todays_racks(racks) == ("today's rack" if racks == 1 else "today's racks")


@pytest.mark.parametrize(
    "racks, expected",
    [
        (
            1,
            "With today's 1 rack: the share of members who find the rack taken, then their mean "
            "wait. Over capacity: members arrive faster than the rack frees up, so the queue keeps "
            "growing; Needed says how many racks the hour needs.",
        ),
        (
            3,
            "With today's 3 racks: the share of members who find every rack taken, then their "
            "mean wait. Over capacity: members arrive faster than the racks free up, so the queue "
            "keeps growing; Needed says how many racks the hour needs.",
        ),
    ],
)
def test_wait_help_tells_one_rack_as_that_rack(racks: int, expected: str) -> None:
    assert wording.wait_help(racks) == expected


def test_unlogged_sentence_names_the_equipment_and_why_it_has_no_heatmap() -> None:
    units = {"squat_rack": 2, "leg_press": 1, "bench": 3, "smith": 2}
    assert wording.unlogged_sentence(units, ("leg_press", "bench")) == (
        "Leg press (1 unit) and Bench (3 units) in the inventory have no heatmap: no station "
        "logs of them in this range, and set logs do not say when equipment other than squat "
        "racks is in use."
    )
    assert wording.unlogged_sentence(units, ("smith", "leg_press", "bench")).startswith(
        "Smith (2 units), Leg press (1 unit) and Bench (3 units) in the inventory have"
    )
    assert wording.unlogged_sentence(units, ("bench",)).startswith(
        "Bench (3 units) in the inventory has no heatmap: no station logs of it in"
    )


# One to three racks for the same demand: what each would do.
PLANNER = pd.DataFrame(
    {
        "racks": [1, 2, 3],
        "open_hours": [10, 10, 10],
        "hours_meeting_target": [6, 9, 10],
        "hours_over_capacity": [2, 0, 0],
        "members_waiting_share": [0.5, 0.2, 0.05],
        "mean_wait_minutes": [None, 0.8, 0.02],  # hours over capacity: no finite mean
    }
)


def test_planner_sentences() -> None:
    assert wording.planner_sentences(PLANNER, racks=2, needed=3) == (
        "3 squat racks meet the target in every open hour.",
        "With 2 racks (now): 20% of members wait; 1 of 10 open hours misses the target.",
        "Removing one rack (1): 50% of members wait; 4 of 10 open hours miss the target "
        "(2 over capacity).",
        "Adding one rack (3): 5.0% of members wait; every open hour meets the target.",
    )


def weeks(*rows: tuple[int, ...]) -> pd.DataFrame:
    """Weekly rack use from (days, rack hours, rack users[, days of data]), one row per week from
    5 Jan 2026; without days of data, the data runs over every day in the range."""
    starts = pd.date_range(date(2026, 1, 5), periods=len(rows), freq="7D")
    days, hours, users, data_days = zip(
        *[(*r, r[0]) if len(r) == 3 else r for r in rows], strict=True
    )
    return pd.DataFrame(
        {
            "week": starts,
            "days": days,
            "rack_hours": hours,
            "rack_users": users,
            "data_days": data_days,
            "station_days": [0] * len(rows),
            "set_days": list(data_days),
        }
    )


def test_trend_needs_two_complete_weeks() -> None:
    assert wording.trend_sentence(weeks((3, 1.0, 1), (7, 2.0, 2))) == (
        "Not enough complete weeks in the range to compare rack use."
    )


def test_trend_against_the_weeks_before() -> None:
    # The first of six weeks is beyond the 4-week baseline; the last is 10.2 h against 10 h.
    history = weeks(
        (7, 99.0, 9), (7, 8.0, 4), (7, 12.0, 4), (7, 9.0, 4), (7, 11.0, 4), (7, 10.2, 2)
    )
    assert wording.trend_sentence(history) == (
        "Rack hours were about level in the week of 09 Feb 2026 (10.2 h against 10.0 h a week in "
        "the 4 weeks before); unique rack users were down 50% (2 against 4 a week on average)."
    )
    assert wording.trend_sentence(weeks((7, 0.0, 0), (7, 0.0, 0))).startswith(
        "Rack hours were level at none"
    )
    assert "users were up from none" in wording.trend_sentence(weeks((7, 0.0, 0), (7, 1.0, 1)))


def test_trend_leaves_out_a_week_the_data_stops_in() -> None:
    """The data stops on a Monday: that week's 2.8 h is not a fall from 11.4 h; the week before
    is compared, and the part-week is named, as a week the range cuts is."""
    history = weeks(*[(7, 11.4, 24)] * 5, (7, 2.8, 9, 1))
    assert wording.trend_sentence(history) == (
        "Rack hours were about level in the week of 02 Feb 2026 (11.4 h against 11.4 h a week in "
        "the 4 weeks before); unique rack users were about level (24 against 24 a week on "
        "average). The week of 09 Feb 2026 (1 day of data) is not compared."
    )
    cut = wording.trend_sentence(weeks(*[(7, 11.4, 24)] * 5, (3, 5.0, 12), (0, 0.0, 0)))
    assert cut.endswith("The week of 09 Feb 2026 (3 days of data) is not compared.")
    # Weeks after the data's end hold nothing to name: the compared week says which week it is.
    after = wording.trend_sentence(weeks(*[(7, 11.4, 24)] * 5, (7, 0.0, 0, 0)))
    assert after.endswith("(24 against 24 a week on average).")


def test_planner_sentences_for_a_minutes_target() -> None:
    """A minutes target is described in minutes, not in the share of members who wait."""
    assert wording.planner_sentences(PLANNER, 2, 3, Target("minutes", 0.5)) == (
        "3 squat racks meet the target in every open hour.",
        "With 2 racks (now): members wait 0.8 min on average; 1 of 10 open hours misses the "
        "target.",
        "Removing one rack (1): no finite mean wait, as the queue grows without end in hours "
        "over capacity; 4 of 10 open hours miss the target (2 over capacity).",
        "Adding one rack (3): members wait under 0.1 min on average; every open hour meets the "
        "target.",
    )


def test_planner_sentences_tell_a_mean_wait_over_the_target_as_over() -> None:
    planner = PLANNER.assign(mean_wait_minutes=PLANNER["mean_wait_minutes"].replace(0.8, 0.5265))
    assert wording.planner_sentences(planner, 2, 3, Target("minutes", 0.5))[1] == (
        "With 2 racks (now): members wait 0.53 min on average; 1 of 10 open hours misses the "
        "target."
    )


def test_planner_sentences_count_racks_in_words() -> None:
    planner = pd.DataFrame(
        {
            "racks": [1, 2],
            "open_hours": [10, 10],
            "hours_meeting_target": [10, 10],
            "hours_over_capacity": [0, 0],
            "members_waiting_share": [0.05, 0.01],
            "mean_wait_minutes": [0.3, 0.1],
        }
    )
    assert wording.planner_sentences(planner, 0, 1) == (
        "1 squat rack meets the target in every open hour.",
        "With 1 rack: 5.0% of members wait; every open hour meets the target.",
    )
    assert wording.planner_sentences(planner, 1, 1)[1] == (
        "With 1 rack (now): 5.0% of members wait; every open hour meets the target."
    )


def test_trend_from_almost_none_gives_no_percentage() -> None:
    """0.1 h against 0.025 h is not "up 300%": the base shows as 0.0 h."""
    sentence = wording.trend_sentence(
        weeks((7, 0.0, 0), (7, 0.05, 1), (7, 0.0, 0), (7, 0.0, 1), (7, 0.1, 1))
    )
    assert sentence.startswith(
        "Rack hours were up from almost none in the week of 02 Feb 2026 (0.1 h against under "
        "0.1 h a week in the 4 weeks before)"
    )
    assert sentence.endswith("unique rack users were up 100% (1 against 0.5 a week on average).")
    assert "%" not in sentence.split(";")[0]


def test_trend_counts_users_in_whole_numbers_and_says_a_mean_is_one() -> None:
    sentence = wording.trend_sentence(weeks((7, 10.0, 92), (7, 10.0, 95)))
    assert sentence.endswith("unique rack users were about level (95 against 92).")
    assert wording.trend_sentence(
        weeks((7, 10.0, 90), (7, 10.0, 91), (7, 10.0, 93), (7, 10.0, 95))
    ).endswith("(95 against 91.3 a week on average).")
    # Never "(2 against 2)" for a change: 2 users against a mean of 2.5 is down 20%.
    assert wording.trend_sentence(weeks((7, 1.0, 2), (7, 1.0, 3), (7, 1.0, 2))).endswith(
        "down 20% (2 against 2.5 a week on average)."
    )
    assert wording.trend_sentence(weeks((7, 1.0, 30), (7, 1.0, 20), (7, 1.0, 9))).endswith(
        "down 64% (9 against 25 a week on average)."
    )


@pytest.mark.parametrize(
    "value, shown", [(5.25, "5.3"), (5.249, "5.2"), (0.05, "0.1"), (2.0, "2.0"), (12.35, "12.3")]
)
def test_tenths_round_halves_up_as_the_page_tables_do(value: float, shown: str) -> None:
    assert wording.tenths(value) == shown


@pytest.mark.parametrize(
    "counts, sentence",
    [
        (
            (0, 0, 0, 0.1, 3),
            "No machine leg sets with a time of day were logged in opening hours in this range.",
        ),
        (
            (2316, 0, 0, 0.008, 3),
            "No machine leg set (of 2,316 logged) was done while every squat rack was taken, "
            "though every rack was taken in 0.8% of opening hours.",
        ),
        (
            (2316, 0, 0, 0.0, 3),
            "The squat racks were never all taken in opening hours, so no machine leg set "
            "(of 2,316 logged) was done for want of a free rack.",
        ),
        (
            (8490, 294, 56, 0.008, 3),
            "3.5% of machine leg sets (294 of 8,490, by 56 members) were done while every squat "
            "rack was taken, against 0.8% of opening hours with every rack taken.",
        ),
        (
            (90, 0.4, None, 0.02, 3),
            "0.4% of machine leg sets (fewer than 1 of 90, estimated with the coverage) were done "
            "while every squat rack was taken, against 2.0% of opening hours with every rack "
            "taken.",
        ),
        (
            (90, 5.47, None, 0.02, 3),
            "6.1% of machine leg sets (about 5 of 90, estimated with the coverage) were done while "
            "every squat rack was taken, against 2.0% of opening hours with every rack taken.",
        ),
        # One rack: told as that rack, where "every rack" and "all taken" count racks it lacks.
        (
            (2316, 0, 0, 0.0, 1),
            "The squat rack was never taken in opening hours, so no machine leg set "
            "(of 2,316 logged) was done for want of a free rack.",
        ),
        (
            (2316, 0, 0, 0.008, 1),
            "No machine leg set (of 2,316 logged) was done while the squat rack was taken, "
            "though the rack was taken in 0.8% of opening hours.",
        ),
        (
            (8490, 294, 56, 0.008, 1),
            "3.5% of machine leg sets (294 of 8,490, by 56 members) were done while the squat "
            "rack was taken, against 0.8% of opening hours with the rack taken.",
        ),
    ],
)
def test_substitution_sentence_reads_naturally_when_none_was_substituted(
    counts: tuple[int, float, int | None, float, int], sentence: str
) -> None:
    assert wording.substitution_sentence(*counts) == sentence


def test_planner_sentences_one_open_hour() -> None:
    """A week open one hour: "1 of 1 open hour", not "open hours"."""
    one = PLANNER.assign(open_hours=1, hours_meeting_target=[0, 1, 1], hours_over_capacity=0)
    assert wording.planner_sentences(one, racks=1, needed=2)[1] == (
        "With 1 rack (now): 50% of members wait; 1 of 1 open hour misses the target."
    )


def test_trend_names_the_weeks_with_nothing_logged_it_leaves_out() -> None:
    """Weeks with nothing logged inside the data (no days of data) are not compared, and the
    sentence says so, as its baseline weeks are then not the weeks just before; one before the
    weeks compared is not named."""
    gap = (7, None, None, 0)
    history = weeks((7, 1.0, 1), gap, *[(7, 2.0, 2)] * 4, gap, gap, (7, 3.0, 3))
    assert wording.trend_sentence(history).endswith(
        "(3 against 2 a week on average). The weeks of 16 Feb 2026 and 23 Feb 2026 are left"
        " out: no rack demand was logged in them."
    )
    one = weeks((7, 2.0, 2), gap, (7, 3.0, 3))
    assert wording.trend_sentence(one).endswith(
        "(3.0 h against 2.0 h a week in the week before); unique rack users were up 50% (3"
        " against 2). The week of 12 Jan 2026 is left out: no rack demand was logged in it."
    )


def test_trend_says_when_the_weeks_compared_mix_station_and_set_logs() -> None:
    set_logs = weeks((7, 2.0, 2), (7, 2.0, 2))
    assert "different logs" not in wording.trend_sentence(set_logs)
    sensors = set_logs.assign(station_days=[0, 7])  # rack sensors from the second week on
    assert "different logs" not in wording.trend_sentence(sensors.assign(set_days=[0, 0]))
    assert wording.trend_sentence(sensors).endswith(
        " The weeks compared take their demand from different logs (station logs, set-log"
        " estimates), so part of the change may be the switch."
    )
    assert "different logs" not in wording.trend_sentence(set_logs.assign(station_days=[7, 7]))


def test_gap_weeks_note_names_one_week_or_the_first_and_last() -> None:
    assert wording.gap_weeks_note([], "Main") is None
    # Weeks apart are listed, not read as one stretch; many are counted between the first and last.
    two = wording.gap_weeks_note([date(2026, 10, 5), date(2026, 10, 26)], "Main")
    assert two == (
        "No set and no squat-rack session was logged at Main in the weeks of 05 Oct 2026 and"
        " 26 Oct 2026: the hour-by-hour figures, the waiting estimates and the planner leave them"
        " out, and the charts by week show no data there."
    )
    many = [date(2026, 9, 7) + timedelta(weeks=n) for n in (0, 1, 3, 5)]
    assert wording.gap_weeks_note(many, "Main").startswith(
        "No set and no squat-rack session was logged at Main in 4 weeks between the weeks of"
        " 07 Sep 2026 and 12 Oct 2026: "
    )
