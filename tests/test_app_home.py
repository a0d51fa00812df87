from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from legdash import db
from tests.conftest import GYM_ZONE, damage, flag_import, foreign_database, insert_sets


@pytest.fixture
def home(app_page: Callable[..., AppTest]) -> AppTest:
    return app_page("app.py", timeout=30)


def add_sets(db_file: Path, demo: bool = False) -> None:
    with db.write(db_file) as con:
        con.execute(
            """INSERT INTO import_batches (batch_id, source_file, source_format, imported_at,
                imported_by, rows_read, imported, duplicates, rejected, warnings, is_demo)
            VALUES (1, 'hevy.csv', 'hevy', '2026-03-02 10:15', 'ann', 3, 3, 0, 0, [], ?)""",
            [demo],
        )
        days = [("M1", "2026-02-01"), ("M1", "2026-03-01"), ("M2", "2026-03-01")]
        insert_sets(
            con,
            [
                {
                    "set_id": n,
                    "member_id": member,
                    "workout_id": n,
                    "workout_start": day,
                    "performed_at": day,
                    "exercise_raw": "Squat (Barbell)",
                    "weight_kg": None,
                    "reps": None,
                    "source_format": "hevy",
                }
                for n, (member, day) in enumerate(days, start=1)
            ],
        )


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_file_that_is_not_a_database_is_explained(home: AppTest, db_file: Path) -> None:
    db_file.parent.mkdir(parents=True)
    db_file.write_text("member_id,performed_at\n")
    home.run()
    assert not home.exception
    assert "The database cannot be opened" in home.error[0].value
    assert f"run `python -m legdash init --db {db.shell_path(db_file)}`" in home.error[0].value
    assert "not a valid DuckDB database file" in home.code[0].value
    assert not home.metric


def test_a_damaged_database_is_explained(
    home: AppTest, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damage(db_file)
    home.run()
    assert not home.exception
    assert "The database cannot be opened" in home.error[0].value
    assert "is damaged (Corrupt database file" in home.code[0].value
    monkeypatch.setenv("LEGDASH_KIOSK", "1")
    home.run()
    assert not home.exception
    assert "please ask the staff" in home.info[0].value
    assert not home.code and not home.error


def test_another_apps_database_is_explained(home: AppTest, db_file: Path) -> None:
    foreign_database(db_file)
    home.run()
    assert not home.exception
    assert "The database cannot be opened" in home.error[0].value
    assert "is not a legdash database" in home.code[0].value


def test_a_database_from_a_newer_legdash_is_explained(
    home: AppTest, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    home.run()
    assert not home.exception
    assert "written by a newer legdash: upgrade legdash" in home.error[0].value
    assert "newer legdash (schema 99)" in home.code[0].value
    monkeypatch.setenv("LEGDASH_KIOSK", "1")
    home.run()
    assert not home.exception
    assert "please ask the staff" in home.info[0].value and not home.code


def test_missing_database_shows_how_to_start(home: AppTest, db_file: Path) -> None:
    home.run()
    assert not home.exception
    assert "There is no database" in home.info[0].value
    text = " ".join(m.value for m in home.markdown)
    assert f"python -m legdash import FILE... --db {db.shell_path(db_file)}\n" in text
    assert "python -m legdash demo" in text
    assert not home.metric


def test_empty_database_shows_how_to_import(home: AppTest, db_file: Path) -> None:
    db.init(db_file)
    home.run()
    assert not home.exception
    assert "no workout sets" in home.info[0].value
    assert not home.metric


STATIONS_ONLY = """INSERT INTO station_sessions VALUES
    (1, 1, 'Rack 1', 'Power Rack 1', 'squat_rack', 'Main', '2026-03-01 18:00', '2026-03-01 18:40',
        NULL),
    (2, 1, 'Rack 1', 'Power Rack 1', 'squat_rack', 'Main', '2026-03-04 07:00', '2026-03-04 07:30',
        NULL)"""
DOOR_COUNTS_ONLY = """INSERT INTO occupancy VALUES
    (1, 'Main', '2026-03-01 18:00', 40, 120), (1, 'Main', '2026-03-04 07:00', 12, 120)"""


@pytest.mark.parametrize(
    "rows, sessions, counts",
    [(STATIONS_ONLY, "2", "0"), (DOOR_COUNTS_ONLY, "0", "2")],
    ids=["stations", "door counts"],
)
def test_station_logs_or_door_counts_without_sets_are_shown(
    home: AppTest,
    db_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: str,
    sessions: str,
    counts: str,
) -> None:
    with db.write(db_file) as con:
        con.execute(
            """INSERT INTO import_batches (batch_id, source_file, source_format, imported_at,
                imported_by, rows_read, imported, duplicates, rejected, warnings)
            VALUES (1, 'floor.csv', 'stations', '2026-03-05 09:00', 'ann', 2, 2, 0, 0, [])"""
        )
        con.execute(rows)
    home.run()
    assert not home.exception
    assert metrics(home) == {
        "Sets logged": "0",
        "Station sessions": sessions,
        "Door counts": counts,
        "Last import": "05 Mar",
    }
    captions = " ".join(c.value for c in home.caption)
    assert "Data from 01 Mar 2026 to 04 Mar 2026" in captions and "by ann" in captions
    assert "no workout sets yet" in home.info[0].value
    assert "Leg training needs set logs" in home.info[0].value
    assert "python -m legdash import" in " ".join(m.value for m in home.markdown)
    monkeypatch.setenv("LEGDASH_KIOSK", "1")
    home.run()
    assert not home.exception
    assert "Nothing to show yet" in home.info[0].value and not home.metric


def test_status_tiles(home: AppTest, db_file: Path, today_is: Callable[[date], None]) -> None:
    add_sets(db_file)
    today_is(date(2026, 3, 2))
    home.run()
    assert not home.exception
    assert metrics(home) == {
        "Members": "2",
        "Active (28 days)": "2",
        "Sets logged": "3",
        "Weeks of data": "4",
        "Last import": "02 Mar",
    }
    assert not any(m.delta for m in home.metric)  # current data: no date under a value
    captions = " ".join(c.value for c in home.caption)
    assert "Data from 01 Feb 2026 to 01 Mar 2026" in captions
    assert "last import 02 Mar 2026" in captions and "by ann" in captions
    assert not home.warning


@pytest.mark.parametrize("kiosk", [False, True], ids=["owner", "kiosk"])
def test_active_members_on_old_data_say_when_their_28_days_ended(
    home: AppTest,
    db_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    today_is: Callable[[date], None],
    kiosk: bool,
) -> None:
    """Data that stopped months ago: "Active (28 days): 2" read as 2 members active this month."""
    add_sets(db_file)
    if kiosk:
        monkeypatch.setenv("LEGDASH_KIOSK", "1")
    today_is(date(2026, 11, 27))
    home.run()
    assert not home.exception
    active = next(m for m in home.metric if m.label == "Active (28 days)")
    # Under the value, not in a second label line that makes the tile taller than its row.
    assert (active.value, active.delta) == ("2", "to 01 Mar 2026")


def test_the_last_import_escapes_its_file_name(home: AppTest, db_file: Path) -> None:
    add_sets(db_file)
    with db.write(db_file) as con:
        con.execute("UPDATE import_batches SET source_file = 'he\u202evy\n.csv'")
    home.run()
    captions = " ".join(c.value for c in home.caption)
    assert r"he\\u202evy\\n\.csv" in captions


def test_demo_banner(home: AppTest, db_file: Path) -> None:
    add_sets(db_file, demo=True)
    home.run()
    assert not home.exception
    assert "DEMO DATA" in home.warning[0].value


def test_import_in_progress_notice(home: AppTest, db_file: Path) -> None:
    add_sets(db_file)
    home.run()
    flag_import(db_file)
    home.run()
    assert not home.exception
    assert any("Import in progress - data as of" in i.value for i in home.info)
    assert metrics(home)["Sets logged"] == "3"


def test_import_in_progress_notice_reads_the_gyms_clock(
    home: AppTest, db_file: Path, gym_behind_server: date
) -> None:
    add_sets(db_file)
    home.run()
    flag_import(db_file)
    home.run()
    marker = db.version_marker(db_file).stat().st_mtime
    as_of = datetime.fromtimestamp(marker, ZoneInfo(GYM_ZONE))
    assert any(f"data as of {as_of:%H:%M}" in i.value for i in home.info)


def test_kiosk_mode_still_shows_home(home: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGDASH_KIOSK", "1")
    home.run()
    assert not home.exception
    assert home.title[0].value == "legdash"


@pytest.mark.parametrize("database", ["missing", "empty", "not a database"])
def test_kiosk_without_data_shows_no_commands_or_paths(
    home: AppTest, db_file: Path, monkeypatch: pytest.MonkeyPatch, database: str
) -> None:
    if database == "empty":
        db.init(db_file)
    if database == "not a database":
        db_file.parent.mkdir(parents=True)
        db_file.write_text("member_id,performed_at\n")
    monkeypatch.setenv("LEGDASH_KIOSK", "1")
    home.run()
    assert not home.exception
    assert "Nothing to show" in home.info[0].value
    shown = " ".join(
        e.value for e in [*home.info, *home.error, *home.markdown, *home.caption, *home.code]
    )
    assert "python -m" not in shown and "dashboard.sh" not in shown
    assert str(db_file) not in shown and "no database" not in shown


def test_kiosk_home_leaves_out_staff_matters(
    home: AppTest, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_sets(db_file)
    home.run()
    owner_text = " ".join(c.value for c in home.caption) + " ".join(m.value for m in home.markdown)
    assert "by ann" in owner_text and "Equipment demand" in owner_text
    assert "Last import" in metrics(home)
    assert any("lagged" in m.help for m in home.metric)
    monkeypatch.setenv("LEGDASH_KIOSK", "1")
    home.run()
    assert not home.exception
    assert list(metrics(home)) == [
        "Members",
        "Active (28 days)",
        "Sets logged",
        "Weeks of data",
    ]
    assert not any("lagged" in (m.help or "") for m in home.metric)
    kiosk_text = " ".join(c.value for c in home.caption) + " ".join(m.value for m in home.markdown)
    assert "by ann" not in kiosk_text and "Equipment demand" not in kiosk_text
    assert "import batch" in owner_text and "import batch" not in kiosk_text
    assert "ask at the desk" in home.info[0].value
