from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from legdash import auth, cli, db, demo, settings
from legdash.demo_catalog import LIFTS
from legdash.equipment import EQUIPMENT_TYPES, builtin_type

END = date(2026, 1, 31)
START = date(2026, 1, 4)  # four weeks ending on END, a Saturday
SMALL: dict[str, Any] = {"members": 40, "weeks": 4, "end": END}
DEMO_TABLES = ("members", "import_batches", "workouts", "sets", "station_sessions", "occupancy")
# Every table the demo writes, with an order that makes its contents comparable.
ORDERED = {
    "members": "member_id",
    "import_batches": "batch_id",
    "workouts": "workout_id",
    "sets": "set_id",
    "station_sessions": "session_id",
    "occupancy": "observed_at",
    "settings": "key",
    "inventory": "equipment_type",
}
# Default opening hours: weekdays 06:00-22:00, weekends 08:00-20:00.
DEFAULT_HOURS = [(6 * 3600, 22 * 3600)] * 5 + [(8 * 3600, 20 * 3600)] * 2
OUTSIDE_HOURS = """({col})::DATE NOT BETWEEN $start AND $end
    OR ({col})::TIME < CASE WHEN isodow({col}) <= 5 THEN TIME '06:00' ELSE TIME '08:00' END
    OR ({col})::TIME > CASE WHEN isodow({col}) <= 5 THEN TIME '22:00' ELSE TIME '20:00' END"""


def make_demo(path: Path, **overrides: Any) -> demo.DemoSummary:
    with db.write(path) as con:
        return demo.generate(con, **{**SMALL, **overrides})


def query(path: Path, sql: str, params: Any = None) -> list[tuple]:
    with db.read(path) as con:
        return con.execute(sql, params or []).fetchall()


def value(path: Path, sql: str, params: Any = None) -> Any:
    return query(path, sql, params)[0][0]


def contents(path: Path) -> dict[str, list[tuple]]:
    return {t: query(path, f"SELECT * FROM {t} ORDER BY {k}") for t, k in ORDERED.items()}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, demo.DemoSummary]:
    """One small demo gym, shared by the tests that only read it."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    return path, make_demo(path)


def test_demo_stations_are_known_equipment_types():
    for kind, label in demo.STATION_NAMES.items():
        assert builtin_type(f"{label} 3") == kind
    assert set(demo.DEMO_INVENTORY) <= set(EQUIPMENT_TYPES)
    assert {lift.station for lift in LIFTS.values()} - {None} <= set(demo.STATION_NAMES)


def test_same_seed_and_end_give_an_identical_database(small, tmp_path):
    again = tmp_path / "again.duckdb"
    make_demo(again)
    assert contents(again) == contents(small[0])


def test_another_seed_gives_another_gym(small, tmp_path):
    other = tmp_path / "other.duckdb"
    make_demo(other, seed=2)
    assert contents(other)["sets"] != contents(small[0])["sets"]


def test_counts_follow_the_request(small):
    path, summary = small
    assert (summary.members, summary.start, summary.end) == (40, START, END)
    assert 40 * 4 < summary.workouts < 40 * 4 * 5
    assert 5 * summary.workouts < summary.sets < 30 * summary.workouts
    assert summary.station_sessions > 0
    # 20 weekdays of 16 h and 8 weekend days of 12 h, counted every 15 minutes
    assert summary.occupancy == 20 * 16 * 4 + 8 * 12 * 4
    stored = [value(path, f"SELECT count(*) FROM {t}") for t in DEMO_TABLES[2:]]
    assert stored == [summary.workouts, summary.sets, summary.station_sessions, summary.occupancy]
    assert query(
        path,
        """SELECT source_file, source_format, rows_read, imported, duplicates, rejected, warnings,
            is_demo, undone FROM import_batches ORDER BY batch_id""",
    ) == [
        ("demo:sets", "native", summary.sets, summary.sets, 0, 0, [], True, False),
        (
            "demo:stations",
            "stations",
            summary.station_sessions,
            summary.station_sessions,
            0,
            0,
            [],
            True,
            False,
        ),
        (
            "demo:occupancy",
            "occupancy",
            summary.occupancy,
            summary.occupancy,
            0,
            0,
            [],
            True,
            False,
        ),
    ]


def test_members_are_labelled_and_join_over_time(small):
    path, _ = small
    members = query(path, "SELECT member_id, name, is_demo, leg_goal, joined FROM members")
    assert [m[0] for m in sorted(members)] == [f"D{n:04d}" for n in range(1, 41)]
    assert all(
        name == f"Demo Member {int(mid[1:])}" and is_demo for mid, name, is_demo, *_ in members
    )
    assert {m[3] for m in members} <= {1, 2}
    assert sum(START <= m[4] <= END for m in members) >= 3
    early = value(
        path,
        "SELECT count(*) FROM sets s JOIN members m USING (member_id) WHERE s.performed_at < m.joined",
    )
    assert early == 0


def test_the_gym_is_named_and_stocked(small):
    path, _ = small
    with db.read(path) as con:
        assert settings.load(con).gym_name == demo.DEMO_GYM_NAME
        assert settings.inventory(con) == {"Main": demo.DEMO_INVENTORY}
        assert db.has_demo_data(con)
    assert value(path, "SELECT count(*) FROM v_unclassified_exercises") == 0


@pytest.mark.parametrize(
    "table, column",
    [
        ("sets", "performed_at"),
        ("sets", "workout_start"),
        ("workouts", "started_at"),
        ("workouts", "ended_at"),
        ("station_sessions", "started_at"),
        ("station_sessions", "ended_at"),
        ("occupancy", "observed_at"),
    ],
)
def test_every_timestamp_is_in_the_window_and_opening_hours(small, table, column):
    path, _ = small
    outside = value(
        path,
        f"SELECT count(*) FROM {table} WHERE {OUTSIDE_HOURS.format(col=column)}",
        {"start": START, "end": END},
    )
    assert outside == 0


def test_sets_sit_inside_their_workout_about_two_to_three_minutes_apart(small):
    path, _ = small
    outside = value(
        path,
        """SELECT count(*) FROM sets s JOIN workouts w USING (workout_id)
        WHERE s.workout_start <> w.started_at OR s.performed_at NOT BETWEEN w.started_at AND w.ended_at
            OR NOT s.time_known OR s.member_id <> w.member_id""",
    )
    assert outside == 0
    median_gap = value(
        path,
        """SELECT median(gap) FROM (SELECT epoch(performed_at - lag(performed_at)
            OVER (PARTITION BY workout_id ORDER BY performed_at)) AS gap FROM sets)""",
    )
    assert 100 <= median_gap <= 200
    ordinals = query(
        path,
        """SELECT member_id, source_format, workout_start, exercise_raw, ordinal FROM sets
        GROUP BY ALL HAVING count(*) > 1""",
    )
    assert ordinals == []


def test_no_station_is_taken_twice_at_once(small):
    path, _ = small
    overlapping = value(
        path,
        """SELECT count(*) FROM station_sessions a JOIN station_sessions b
            ON a.station_id = b.station_id AND a.location = b.location
            AND a.session_id < b.session_id
            AND a.started_at < b.ended_at AND b.started_at < a.ended_at""",
    )
    assert overlapping == 0
    stations = {row[0] for row in query(path, "SELECT DISTINCT station_id FROM station_sessions")}
    allowed = {
        f"{demo.STATION_NAMES[kind]} {n}"
        for kind, units in demo.DEMO_INVENTORY.items()
        for n in range(1, units + 1)
    }
    assert stations <= allowed
    assert {"Rack 1", "Rack 2", "Platform 1", "Bench 1"} <= stations


def test_rack_sets_fall_inside_a_rack_session_of_that_member(small):
    path, _ = small
    assert value(path, "SELECT count(*) FROM v_sets WHERE needs_rack") > 0
    uncovered = value(
        path,
        """SELECT count(*) FROM v_sets s WHERE s.needs_rack AND NOT EXISTS (
            SELECT 1 FROM v_station_sessions t WHERE t.member_id = s.member_id
                AND t.equipment_type = 'squat_rack' AND t.station_id = s.station_id
                AND s.performed_at BETWEEN t.started_at AND t.ended_at)""",
    )
    assert uncovered == 0
    # Each workout's rack session runs from its first rack set to three minutes after its last.
    mismatched = value(
        path,
        """WITH rack AS (SELECT member_id, workout_id, min(performed_at) AS first_set,
                max(performed_at) AS last_set FROM v_sets WHERE needs_rack GROUP BY ALL)
        SELECT count(*) FROM rack r ANTI JOIN v_station_sessions t
            ON t.member_id = r.member_id AND t.equipment_type = 'squat_rack'
            AND t.started_at = r.first_set
            AND t.ended_at BETWEEN r.last_set AND r.last_set + INTERVAL 3 MINUTE""",
    )
    assert mismatched == 0


def test_every_station_set_is_inside_a_session_and_no_session_is_empty(small):
    path, _ = small
    uncovered = value(
        path,
        """SELECT count(*) FROM sets s WHERE s.station_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM station_sessions t WHERE t.member_id = s.member_id
                AND t.station_id = s.station_id
                AND s.performed_at BETWEEN t.started_at AND t.ended_at)""",
    )
    empty = value(
        path,
        """SELECT count(*) FROM station_sessions t WHERE NOT EXISTS (
            SELECT 1 FROM sets s WHERE s.member_id = t.member_id AND s.station_id = t.station_id
                AND s.performed_at BETWEEN t.started_at AND t.ended_at)""",
    )
    assert (uncovered, empty) == (0, 0)


def test_leg_skippers_and_twice_a_week_trainers_are_plausible(small):
    path, _ = small
    skip, twice, machine_only, barbell = query(
        path,
        """WITH workouts AS (
            SELECT member_id, workout_id, date_trunc('week', min(performed_at)) AS week,
                count(*) FILTER (WHERE is_leg) >= 2 AS leg_day,
                bool_and(equipment_class = 'machine') FILTER (WHERE is_leg) AS machine_legs,
                bool_or(exercise IN ('Back Squat', 'Deadlift', 'Romanian Deadlift')) AS barbell
            FROM v_sets GROUP BY ALL),
        weeks AS (
            SELECT member_id, week, count(*) FILTER (WHERE leg_day) AS leg_days,
                bool_or(leg_day AND machine_legs) AS machine_only, bool_or(barbell) AS barbell
            FROM workouts WHERE week >= DATE '2026-01-05' GROUP BY ALL)
        SELECT avg((leg_days = 0)::INT), avg((leg_days >= 2)::INT), avg(machine_only::INT),
            avg(barbell::INT)
        FROM weeks""",
    )[0]
    assert 0.2 <= skip <= 0.7
    assert 0.05 <= twice <= 0.45
    assert machine_only > 0.05 and barbell > 0.05


def simulate(hours: list[tuple[int, int] | None], **overrides: Any) -> demo.DemoRows:
    """The demo gym in memory, without a database."""
    options = {**SMALL, "seed": 1, "hours": hours, "stations": demo.DEMO_INVENTORY, **overrides}
    return demo.Simulation(**options).run()


@pytest.mark.parametrize("members, weeks", [(1, 1), (3, 1), (7, 2)])
def test_tiny_gyms_work_even_with_short_hours_and_no_stations(members, weeks):
    rows = simulate([(6 * 3600, 7 * 3600)] * 7, members=members, weeks=weeks, stations={})
    assert len(rows.members) == members and rows.sessions == []
    assert all(6 * 3600 <= s % 86_400 <= 7 * 3600 for s in (w[2] for w in rows.workouts))
    assert all(set_[5] is None for set_ in rows.sets)


def test_mondays_and_weekday_evenings_are_busiest():
    rows = simulate(DEFAULT_HOURS, members=300, weeks=8)
    midnight = datetime.combine(rows.start, time(0))
    starts = [midnight + timedelta(seconds=started) for _, started, _, _ in rows.workouts]
    by_day = Counter(at.isoweekday() for at in starts)
    assert by_day[1] == max(by_day.values())
    assert max(by_day[6], by_day[7]) < 0.75 * by_day[1]
    by_hour = Counter(at.hour for at in starts if at.isoweekday() <= 5)
    assert max(by_hour, key=by_hour.__getitem__) in (17, 18, 19)
    door: defaultdict[int, list[int]] = defaultdict(list)
    for observed, people in rows.occupancy:
        at = midnight + timedelta(seconds=observed)
        if at.isoweekday() <= 5:
            door[at.hour].append(people)
    assert max(door, key=lambda hour: sum(door[hour]) / len(door[hour])) in (17, 18, 19)


def test_nobody_trains_on_a_closed_day_and_a_late_gym_gets_late_visits():
    hours = [(0, 86_400)] * 6 + [None]
    rows = simulate(hours)
    days = {(rows.start + timedelta(seconds=s)).isoweekday() for _, s, _, _ in rows.workouts}
    counted = {(rows.start + timedelta(seconds=s)).isoweekday() for s, _ in rows.occupancy}
    assert 7 not in days | counted
    assert len(rows.occupancy) == 24 * 4 * 6 * 4


def test_warmups_come_first_and_weights_rise_slowly(small):
    path, _ = small
    misplaced = value(
        path,
        """SELECT count(*) FROM sets w JOIN sets n ON w.workout_id = n.workout_id
            AND w.exercise_raw = n.exercise_raw
        WHERE w.set_type = 'warmup' AND n.set_type <> 'warmup'
            AND (w.ordinal > n.ordinal OR w.weight_kg > n.weight_kg)""",
    )
    assert misplaced == 0
    without_warmup = value(
        path,
        """SELECT count(*) FROM (SELECT workout_id FROM sets WHERE exercise_raw = 'Squat (Barbell)'
            GROUP BY 1 HAVING count(*) FILTER (WHERE set_type = 'warmup') = 0)""",
    )
    assert without_warmup == 0
    tops = query(
        path,
        """SELECT member_id, list(top ORDER BY day) FROM (
            SELECT member_id, workout_start AS day, max(weight_kg) AS top FROM sets
            WHERE exercise_raw = 'Squat (Barbell)' AND set_type <> 'warmup' GROUP BY ALL)
        GROUP BY 1""",
    )
    assert tops
    assert all(a <= b for _, top in tops for a, b in zip(top, top[1:], strict=False))
    assert any(top[-1] > top[0] for _, top in tops)


def test_door_counts_scale_the_loggers_up_for_members_who_do_not_log(small):
    path, _ = small
    # Loggers count from their workout's start until five minutes after its end (changing room).
    people, loggers = query(
        path,
        """SELECT sum(people), sum(loggers) FROM (
            SELECT o.people, (SELECT count(*) FROM workouts w WHERE o.observed_at >= w.started_at
                AND o.observed_at < w.ended_at + INTERVAL 5 MINUTE) AS loggers
            FROM occupancy o) WHERE loggers >= 2""",
    )[0]
    assert 1 / demo.COVERAGE - 0.2 < people / loggers < 1 / demo.COVERAGE + 0.2
    assert query(path, "SELECT DISTINCT capacity FROM occupancy") == [(demo.CAPACITY,)]
    assert value(path, "SELECT count(*) FROM occupancy WHERE people < 0 OR people > capacity") == 0


def test_remove_takes_every_demo_row_and_the_settings_it_filled_in(db_file):
    make_demo(db_file)
    with db.write(db_file) as con:
        tables = (*DEMO_TABLES, "settings", "inventory")
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]
        assert demo.remove(con) == demo.DemoRemoval(sum(counts[:-2]), (), sum(counts[-2:]))
        assert [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables] == [0] * 8
        assert not db.has_demo_data(con)
        assert settings.load(con).gym_name == settings.DEFAULTS["gym_name"]
        assert demo.remove(con).rows == 0


def test_remove_names_the_settings_it_takes_back(db_file, capsys):
    """The gym name and equipment counts go with the demo: the owner is told, not left to find
    the Settings page empty."""
    make_demo(db_file)
    capsys.readouterr()
    assert cli.main(["demo", "--db", str(db_file), "--remove"]) == 0
    filled = len(demo.DEMO_INVENTORY) + 1  # and the gym name
    assert capsys.readouterr().out.endswith(
        f", and the {filled} settings it filled in (gym name, equipment counts)\n"
    )


def demo_beside_real_imports(db_file: Path, write_csv, **overrides: Any) -> None:
    """A demo added to a database with real imports (`demo --allow-real`): the one where real files
    may be imported beside demo rows (a database of only the demo refuses them)."""
    log = write_csv(
        "gym.csv", "member_id,performed_at,exercise,weight,reps\nR1,2026-01-05 17:00,Squat,90,5\n"
    )
    assert cli.main(["import", str(log), "--db", str(db_file)]) == 0
    make_demo(db_file, **overrides)


def real_member_data(db_file: Path, write_csv) -> int:
    """Real sets imported for demo member D0001 and a PIN staff set for D0002; the real batch."""
    log = write_csv(
        "real.csv",
        "member_id,performed_at,exercise,weight,reps\nD0001,2026-01-05 18:00,Squat,100,5\n",
    )
    assert cli.main(["import", str(log), "--db", str(db_file)]) == 0
    with db.write(db_file) as con:
        auth.set_member_pin(con, "D0002", "4817")
        return con.execute("SELECT max(batch_id) FROM import_batches").fetchone()[0]


MEMBER_ROW = "SELECT member_id, name, joined, is_demo, batch_id, pin_hash IS NOT NULL FROM members"


def test_remove_keeps_members_with_real_sets_or_a_pin(db_file, write_csv, capsys):
    demo_beside_real_imports(db_file, write_csv)
    batch = real_member_data(db_file, write_csv)
    assert cli.main(["demo", "--db", str(db_file), "--remove"]) == 0
    assert capsys.readouterr().out.endswith(
        "; kept members with real sets or a PIN: D0001, D0002\n"
    )
    assert query(db_file, f"{MEMBER_ROW} WHERE member_id <> 'R1' ORDER BY member_id") == [
        ("D0001", None, None, False, batch, False),
        ("D0002", None, None, False, None, True),
    ]
    assert query(db_file, "SELECT member_id, batch_id FROM sets WHERE member_id <> 'R1'") == [
        ("D0001", batch)
    ]
    with db.read(db_file) as con:
        assert not db.has_demo_data(con)


def test_the_demo_line_counts_with_thousands_separators(db_file, capsys):
    args = ["demo", "--db", str(db_file), "--members", "40", "--weeks", "4", "--end", str(END)]
    assert cli.main(args) == 0
    with db.read(db_file) as con:
        sets = con.execute("SELECT count(*) FROM sets").fetchone()[0]
    assert sets >= 1000
    assert f", {sets:,} sets, " in capsys.readouterr().out


def test_a_new_demo_keeps_members_with_real_sets_or_a_pin_and_says_so(db_file, write_csv, capsys):
    demo_beside_real_imports(db_file, write_csv, members=3)
    real_member_data(db_file, write_csv)
    args = ["demo", "--db", str(db_file), "--members", "3", "--weeks", "4", "--end", str(END)]
    assert cli.main([*args, "--allow-real"]) == 0
    assert capsys.readouterr().out.endswith(
        "(labelled DEMO DATA); kept members with real sets or a PIN: D0001, D0002\n"
    )
    assert cli.main([*args, "--allow-real"]) == 0
    assert capsys.readouterr().out.endswith("(labelled DEMO DATA)\n")


@pytest.mark.parametrize("command", [["--members", "8", "--weeks", "1"], ["--remove"]])
def test_many_kept_members_are_counted_after_the_first_few(db_file, capsys, command):
    make_demo(db_file, members=8)
    with db.write(db_file) as con:
        con.execute("UPDATE members SET pin_hash = 'set by staff' WHERE member_id <= 'D0007'")
    assert cli.main(["demo", "--db", str(db_file), *command]) == 0
    assert capsys.readouterr().out.endswith(
        "; kept members with real sets or a PIN: D0001, D0002, D0003, D0004, D0005 and 2 more\n"
    )


def test_a_new_demo_never_takes_a_real_members_id(db_file, write_csv):
    demo_beside_real_imports(db_file, write_csv, members=3)
    batch = real_member_data(db_file, write_csv)
    assert make_demo(db_file, members=3).kept == ("D0001", "D0002")
    kept = f"{MEMBER_ROW} WHERE NOT is_demo AND member_id <> 'R1' ORDER BY member_id"
    assert query(db_file, kept) == [
        ("D0001", None, None, False, batch, False),
        ("D0002", None, None, False, None, True),
    ]
    assert query(db_file, "SELECT member_id, name FROM members WHERE is_demo ORDER BY 1") == [
        ("D0003", "Demo Member 3"),
        ("D0004", "Demo Member 4"),
        ("D0005", "Demo Member 5"),
    ]
    assert value(db_file, "SELECT count(*) FROM sets WHERE member_id = 'D0001'") == 1


def test_ids_of_a_removed_demo_are_never_given_again(db_file):
    make_demo(db_file)
    with db.write(db_file) as con:
        before = con.execute(
            """SELECT (SELECT max(set_id) FROM sets), (SELECT max(workout_id) FROM workouts),
            (SELECT max(session_id) FROM station_sessions), (SELECT max(batch_id) FROM import_batches)"""
        ).fetchone()
        demo.remove(con)
        given = [db.next_id(con, t, c) for t, c in db.ID_COLUMNS.items()]
    assert all(new > old for new, old in zip(given, before, strict=True))


def test_the_owners_own_settings_are_kept(db_file):
    with db.write(db_file) as con:
        settings.set_value(con, "gym_name", "Iron Works")
        settings.set_value(con, "inventory.squat_rack", "2")
        demo.generate(con, **SMALL)
        assert settings.load(con).gym_name == "Iron Works"
        assert settings.inventory(con)["Main"] == {**demo.DEMO_INVENTORY, "squat_rack": 2}
        racks = con.execute(
            "SELECT DISTINCT station_id FROM station_sessions WHERE equipment_type = 'squat_rack'"
        ).fetchall()
        assert {r[0] for r in racks} == {"Rack 1", "Rack 2"}
        settings.set_value(con, "inventory.bench", "3")
        demo.remove(con)
        assert settings.load(con).gym_name == "Iron Works"
        assert settings.inventory(con) == {"Main": {"squat_rack": 2, "bench": 3}}


def test_generate_replaces_an_earlier_demo(db_file):
    make_demo(db_file)
    summary = make_demo(db_file, members=10)
    assert value(db_file, "SELECT count(*) FROM members") == summary.members == 10
    assert value(db_file, "SELECT count(*) FROM import_batches") == 3
    assert value(db_file, "SELECT count(*) FROM sets") == summary.sets


def test_cli_demo_twice_gives_the_same_gym(db_file, capsys):
    args = ["demo", "--db", str(db_file), "--members", "40", "--weeks", "4", "--end", "2026-01-31"]
    assert cli.main(args) == 0
    first = capsys.readouterr().out
    assert cli.main(args) == 0
    assert capsys.readouterr().out == first
    assert "40 members" in first and "DEMO DATA" in first
    assert value(db_file, "SELECT count(*) FROM import_batches WHERE is_demo") == 3
    assert cli.main(["demo", "--db", str(db_file), "--remove"]) == 0
    assert "removed" in capsys.readouterr().out
    assert value(db_file, "SELECT count(*) FROM members") == 0


def test_cli_demo_refuses_a_database_with_real_imports(db_file, write_csv, capsys):
    log = write_csv(
        "log.csv",
        "member_id,performed_at,exercise,weight,reps\nM1,2026-01-05 18:00,Squat (Barbell),100,5\n",
    )
    assert cli.main(["import", str(log), "--db", str(db_file)]) == 0
    args = ["demo", "--db", str(db_file), "--members", "10", "--weeks", "2", "--end", "2026-01-31"]
    assert cli.main(args) == 2
    assert "holds real imports" in capsys.readouterr().err
    assert value(db_file, "SELECT count(*) FROM members WHERE is_demo") == 0
    assert cli.main([*args, "--allow-real"]) == 0
    assert value(db_file, "SELECT count(*) FROM members WHERE is_demo") == 10
    assert cli.main(["demo", "--db", str(db_file), "--remove"]) == 0
    assert query(db_file, "SELECT member_id, weight_kg FROM sets") == [("M1", 100.0)]
    with db.read(db_file) as con:
        assert not db.has_demo_data(con)
