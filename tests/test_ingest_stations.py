from __future__ import annotations

from datetime import datetime
from pathlib import Path

from legdash import db, settings
from legdash.ingest.layout import Options
from legdash.ingest.pipeline import FileResult, import_file

NOW = datetime(2026, 3, 1, 12, 0)
HEADER = "station_id,equipment_type,started_at,ended_at,member_id,location\n"


def run(path: Path, database: Path) -> FileResult:
    return import_file(path, database, options=Options(), now=NOW)


def stored_stations(database: Path) -> list[tuple[str, datetime]]:
    with db.read(database) as con:
        return con.execute(
            "SELECT station_id, started_at FROM v_station_sessions ORDER BY started_at, station_id"
        ).fetchall()


def test_one_station_in_several_spellings_of_a_file_is_one_station(write_csv, db_file) -> None:
    path = write_csv(
        "stations.csv",
        HEADER + "rack  1 ,Squat Rack,2026-01-05 18:00,2026-01-05 18:40,M1,Main\n"
        "Rack 1,Squat Rack,2026-01-05 19:00,2026-01-05 19:40,M1,Main\n"
        "RACK\t1,squat rack,2026-01-05 18:00,2026-01-05 18:30,M2,Main\n",
    )
    result = run(path, db_file)
    assert (result.imported, result.rejected) == (2, 1)
    assert result.rejects == [
        {"line": 4, "reason": "another session of this station starts then, on line 2"}
    ]
    assert result.warnings == [
        "inventory: squat_rack at Main raised from 0 to 1 (stations in the logs)"
    ]
    # The file's first spelling, its whitespace settled as a location's is.
    assert stored_stations(db_file) == [
        ("rack 1", datetime(2026, 1, 5, 18)),
        ("rack 1", datetime(2026, 1, 5, 19)),
    ]


def test_a_station_spelled_otherwise_in_a_later_file_is_the_stored_one(write_csv, db_file) -> None:
    session = "{},Squat Rack,2026-01-0{} 18:00,2026-01-0{} 18:40,M1,Main\n"
    run(write_csv("a.csv", HEADER + session.format("R1", 5, 5)), db_file)
    later = run(
        write_csv("b.csv", HEADER + session.format("r1", 5, 5) + session.format(" r1", 6, 6)),
        db_file,
    )
    assert (later.imported, later.duplicates, later.warnings) == (1, 1, [])
    assert stored_stations(db_file) == [
        ("R1", datetime(2026, 1, 5, 18)),
        ("R1", datetime(2026, 1, 6, 18)),
    ]
    with db.read(db_file) as con:
        assert settings.inventory(con)["Main"] == {"squat_rack": 1}


def test_stations_stored_in_several_spellings_count_once(write_csv, db_file) -> None:
    """Data stored before station IDs matched regardless of case: the first spelling is taken,
    and the inventory counts one rack, not one per spelling."""
    with db.write(db_file) as con:
        con.execute(
            """INSERT INTO station_sessions VALUES
            (1, 0, 'Rack 1', 'rack', 'squat_rack', 'Main', '2026-01-05 18:00', '2026-01-05 18:40',
                NULL),
            (2, 0, 'RACK 1', 'rack', 'squat_rack', 'Main', '2026-01-05 19:00', '2026-01-05 19:40',
                NULL)"""
        )
    path = write_csv(
        "stations.csv",
        HEADER + "rack 1,rack,2026-01-06 18:00,2026-01-06 18:40,,Main\n"
        "R2,rack,2026-01-06 18:00,2026-01-06 18:40,,Main\n",
    )
    result = run(path, db_file)
    assert result.warnings == [
        "inventory: squat_rack at Main raised from 0 to 2 (stations in the logs)"
    ]
    assert ("Rack 1", datetime(2026, 1, 6, 18)) in stored_stations(db_file)


def test_a_member_id_of_an_earlier_station_log_keeps_its_spelling(write_csv, db_file) -> None:
    """A station log brings in no member: its IDs are matched among stored sessions too, so one
    person is one rack user whichever log spells the ID otherwise."""
    session = "R1,Squat Rack,2026-01-0{} 18:00,2026-01-0{} 18:40,{},Main\n"
    run(
        write_csv("a.csv", HEADER + session.format(5, 5, "M2") + session.format(6, 6, "m2")),
        db_file,
    )
    run(write_csv("b.csv", HEADER + session.format(7, 7, "m2")), db_file)
    with db.read(db_file) as con:
        stored = con.execute("SELECT DISTINCT member_id FROM v_station_sessions").fetchall()
    assert stored == [("M2",)]


def test_a_set_log_takes_the_member_id_a_station_log_stored(write_csv, db_file) -> None:
    """A station log spells m2, a later set log M2: one person, so one rack user."""
    session = "R1,Squat Rack,2026-01-05 18:00,2026-01-05 18:40,m2,Main\n"
    run(write_csv("a.csv", HEADER + session), db_file)
    sets = "member_id,performed_at,exercise,weight,reps,unit\nM2,2026-01-06 18:00,Squat,100,5,kg\n"
    assert run(write_csv("b.csv", sets), db_file).imported == 1
    with db.read(db_file) as con:
        assert con.execute("SELECT DISTINCT member_id FROM v_sets").fetchall() == [("m2",)]
        assert con.execute("SELECT member_id FROM members").fetchall() == [("m2",)]


SET_LOG = "member_id,performed_at,exercise,weight,reps,unit,station_id,location\n"


def station_ids_of_sets(database: Path) -> list[tuple[str, str]]:
    with db.read(database) as con:
        return con.execute(
            "SELECT station_id, location FROM v_sets ORDER BY performed_at"
        ).fetchall()


def test_a_set_log_takes_the_station_id_a_station_log_stored(write_csv, db_file) -> None:
    """A station log spells RACK-1, a set log rack-1: one rack, in the stored spelling; the set
    log's own spellings of one new station take its first row's, whitespace settled."""
    session = "RACK-1,Squat Rack,2026-01-05 18:00,2026-01-05 18:40,M1,Main\n"
    run(write_csv("a.csv", HEADER + session), db_file)
    sets = (
        SET_LOG + "M1,2026-01-05 18:04,Squat,100,5,kg,rack-1,Main\n"
        "M1,2026-01-05 18:06,Squat,100,5,kg, Rack-1,main\n"
        "M1,2026-01-05 18:10,Squat,100,5,kg,Rack  2,Main\n"
        "M1,2026-01-05 18:12,Squat,100,5,kg,rack 2,Main\n"
        "M1,2026-01-05 18:14,Squat,100,5,kg,rack 2,North\n"
    )
    assert run(write_csv("b.csv", sets), db_file).imported == 5
    assert station_ids_of_sets(db_file) == [
        ("RACK-1", "Main"),
        ("RACK-1", "Main"),
        ("Rack 2", "Main"),
        ("Rack 2", "Main"),
        ("rack 2", "North"),
    ]


def test_a_station_log_and_a_later_set_log_take_the_spelling_a_set_log_stored(
    write_csv, db_file
) -> None:
    """Whichever file names a station first gives its spelling, at its location."""
    set_row = "M1,2026-01-0{},Squat,100,5,kg,{},Main\n"
    session = "RACK 3,Squat Rack,2026-01-05 18:00,2026-01-05 18:40,M1,Main\n"
    run(write_csv("a.csv", SET_LOG + set_row.format("5 18:04", "Rack 3")), db_file)
    run(write_csv("b.csv", HEADER + session), db_file)
    run(write_csv("c.csv", SET_LOG + set_row.format("6 18:04", "rack 3")), db_file)
    assert stored_stations(db_file) == [("Rack 3", datetime(2026, 1, 5, 18))]
    assert station_ids_of_sets(db_file) == [("Rack 3", "Main"), ("Rack 3", "Main")]


def test_a_station_log_takes_a_station_log_spelling_over_one_an_earlier_set_log_stored(
    write_csv, db_file
) -> None:
    """An earlier version stored a set log's station IDs as typed: `rack-1` beside a station
    log's `RACK-1`. The station log's re-export spelled `rack-1` meets its stored session, and
    sets take the station log's spelling too."""
    session = "{},Squat Rack,2026-01-05 18:00,2026-01-05 18:40,M1,Main\n"
    run(write_csv("a.csv", HEADER + session.format("RACK-1")), db_file)
    run(write_csv("b.csv", SET_LOG + "M1,2026-01-05 18:04,Squat,100,5,kg,rack-1,Main\n"), db_file)
    with db.write(db_file) as con:
        con.execute("UPDATE sets SET station_id = 'rack-1'")
    again = run(write_csv("c.csv", HEADER + session.format("rack-1")), db_file)
    assert (again.imported, again.duplicates) == (0, 1)
    assert stored_stations(db_file) == [("RACK-1", datetime(2026, 1, 5, 18))]
    run(write_csv("d.csv", SET_LOG + "M1,2026-01-06 18:04,Squat,100,5,kg,rack-1,Main\n"), db_file)
    assert station_ids_of_sets(db_file) == [("rack-1", "Main"), ("RACK-1", "Main")]


def test_a_session_stored_with_another_end_says_the_stored_one_was_kept(write_csv, db_file) -> None:
    session = "R1,Squat Rack,2026-01-0{} 18:00,2026-01-0{} 18:{},M2,Main\n"
    run(write_csv("a.csv", HEADER + session.format(5, 5, 40) + session.format(6, 6, 40)), db_file)
    later = write_csv("b.csv", HEADER + session.format(5, 5, 50) + session.format(6, 6, 55))
    result = run(later, db_file)
    assert (result.imported, result.duplicates) == (0, 2)
    assert result.warnings == [
        "2 station sessions already stored with a different end: the stored values were"
        " kept (line 2: end 2026-01-05 18:50:00 and member M2 in this file, end 2026-01-05"
        " 18:40:00 and member M2 stored by batch 1)",
        "if this file's values are the right ones, undo batch 1, which stored the others, then"
        " import this file again",
    ]


def test_a_session_that_ends_when_it_starts_is_rejected_for_what_it_is(write_csv, db_file) -> None:
    path = write_csv(
        "stations.csv",
        HEADER + "R1,rack,2026-01-05 18:00,2026-01-05 18:00,,Main\n"
        "R2,rack,2026-01-05 18:10,2026-01-05 18:05,,Main\n",
    )
    assert [r["reason"] for r in run(path, db_file).rejects] == [
        "session ends when it starts: no time on the station",
        "session ends before it starts",
    ]
