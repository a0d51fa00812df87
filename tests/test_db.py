from __future__ import annotations

import errno
import os
import re
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from legdash import db, exercises
from legdash.db import Connection, DatabaseBusy, DatabaseMissing
from legdash.ingest.layout import Options
from legdash.ingest.pipeline import import_file
from tests.conftest import ROOT, DbHolder, damage, flag_import, foreign_database

# The design's data contract: view -> columns (with the type where the design names one).
PUBLIC_VIEWS: dict[str, dict[str, str | None]] = {
    "v_sets": {
        "set_id": None,
        "batch_id": None,
        "member_id": None,
        "workout_id": None,
        "performed_at": "TIMESTAMP",
        "time_known": "BOOLEAN",
        "location": None,
        "station_id": None,
        "exercise_raw": None,
        "exercise": None,
        "pattern": None,
        "muscle_group": None,
        "is_leg": "BOOLEAN",
        "equipment": None,
        "weight_kg": "DOUBLE",
        "reps": "INTEGER",
        "rpe": "DOUBLE",
        "set_type": None,
        "distance_m": "DOUBLE",
        "duration_s": "DOUBLE",
        "source_format": None,
        "flagged": "BOOLEAN",
        "needs_rack": "BOOLEAN",
        "equipment_class": None,
        "workout_start": "TIMESTAMP",
        "ordinal": None,
        "notes": None,
        "flag_reason": None,
    },
    "v_workouts": dict.fromkeys(
        [
            "workout_id",
            "batch_id",
            "member_id",
            "source_format",
            "started_at",
            "ended_at",
            "time_known",
            "title",
            "location",
        ]
    ),
    "v_station_sessions": dict.fromkeys(
        [
            "station_id",
            "equipment_type",
            "location",
            "started_at",
            "ended_at",
            "member_id",
            "batch_id",
        ]
    ),
    "v_occupancy": {
        "location": None,
        "observed_at": "TIMESTAMP",
        "people": "INTEGER",
        "capacity": "INTEGER",
        "batch_id": None,
    },
    "v_import_batches": {
        **dict.fromkeys(
            [
                "batch_id",
                "source_file",
                "source_format",
                "imported_at",
                "imported_by",
                "member_id",
                "rows_read",
                "imported",
                "duplicates",
                "rejected",
                "warnings",
            ]
        ),
        "undone": "BOOLEAN",
    },
    "v_unclassified_exercises": dict.fromkeys(["exercise_raw", "sets", "first_seen", "last_seen"]),
}

TABLES: dict[str, str] = {
    "settings": "key value",
    "inventory": "location equipment_type units",
    "members": "member_id name joined leg_goal pin_hash active failed_pins locked_until is_demo"
    " batch_id created_at",
    "staff": "username role password_hash failed_logins locked_until created_at",
    "import_batches": "batch_id source_file source_format imported_at imported_by member_id"
    " rows_read imported duplicates rejected warnings undone undone_at is_demo minutes_only",
    "workouts": "workout_id batch_id member_id source_format started_at ended_at time_known title"
    " location",
    "sets": "set_id batch_id member_id workout_id workout_start ordinal performed_at time_known"
    " location station_id exercise_raw exercise_key weight_kg reps rpe set_type distance_m"
    " duration_s notes source_format flagged flag_reason",
    "station_sessions": "session_id batch_id station_id equipment_raw equipment_type location"
    " started_at ended_at member_id",
    "occupancy": "batch_id location observed_at people capacity",
    "rejected_rows": "batch_id line reason raw",
    "exercise_catalog": "name_key exercise pattern muscle_group equipment needs_rack",
    "exercise_aliases": "name_key raw_name exercise pattern muscle_group equipment needs_rack",
    "equipment_aliases": "alias_key equipment_type",
    "inventory_raises": "batch_id location equipment_type old_units new_units",
    "workout_ends": "batch_id workout_id ended_at",
    "date_orders": "batch_id member_id date_order decided",
    "meta": "key value",
}
NOW = db.SCHEMA_VERSION


def columns(con: Connection, relation: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?"
        " ORDER BY ordinal_position",
        [relation],
    ).fetchall()
    return dict(rows)


def add_batch(con: Connection, batch_id: int, is_demo: bool = False) -> None:
    con.execute(
        """INSERT INTO import_batches (batch_id, source_file, source_format, imported_at,
            rows_read, imported, duplicates, rejected, warnings, is_demo)
        VALUES (?, 'log.csv', 'native', '2026-01-01', 0, 0, 0, 0, [], ?)""",
        [batch_id, is_demo],
    )


def schema_version_of(path: Path) -> int:
    """The file's schema version, read around db.read (which refuses a newer one)."""
    with duckdb.connect(str(path), read_only=True) as con:
        return db.schema_version(con)


def test_init_creates_every_table(db_file: Path) -> None:
    db.init(db_file)
    with db.read(db_file) as con:
        for table, names in TABLES.items():
            assert set(names.split()) <= set(columns(con, table)), table


def test_init_creates_the_public_views_with_the_design_columns(db_file: Path) -> None:
    db.init(db_file)
    with db.read(db_file) as con:
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        for view, expected in PUBLIC_VIEWS.items():
            assert view in views
            actual = columns(con, view)
            missing = set(expected) - set(actual)
            assert not missing, f"{view} lacks {missing}"
            for name, kind in expected.items():
                if kind:
                    assert actual[name] == kind, f"{view}.{name} is {actual[name]}, not {kind}"


def test_readme_documents_every_public_view(db_file: Path) -> None:
    """The README's view table is the users' contract: each listed column must exist."""
    readme = (ROOT / "README.md").read_text()
    documented = {
        view: {c.strip() for quoted in re.findall(r"`([^`]+)`", cell) for c in quoted.split(",")}
        for view, cell in re.findall(r"^\| `(v_\w+)` \| (.+?) \|$", readme, re.MULTILINE)
    }
    db.init(db_file)
    with db.read(db_file) as con:
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        assert {v for v in views if v.startswith("v_")} == set(documented)
        for view, cols in documented.items():
            assert cols <= set(columns(con, view)), view
    assert set(PUBLIC_VIEWS) <= set(documented)


def test_schema_version_is_stored(db_file: Path) -> None:
    db.init(db_file)
    with db.read(db_file) as con:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert row == (str(db.SCHEMA_VERSION),)
        assert db.schema_version(con) == db.SCHEMA_VERSION
    assert not (db_file.parent / "backups").exists()


def test_a_file_from_a_newer_version_is_refused(db_file: Path) -> None:
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(db.NewerSchema, match=r"newer legdash \(schema 99\); upgrade legdash"):
        db.init(db_file)
    assert schema_version_of(db_file) == 99


def test_a_version_1_file_gets_the_inventory_raises_table(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:
        old.setattr(db, "SCHEMA_VERSION", 1)
        old.setattr(db, "MIGRATIONS", db.MIGRATIONS[:1])
        with db.write(db_file) as con:
            con.execute("INSERT INTO inventory VALUES ('Main', 'squat_rack', 4)")
    assert schema_version_of(db_file) == 1
    db.init(db_file)
    with db.read(db_file) as con:
        assert db.schema_version(con) == NOW
        assert " ".join(columns(con, "inventory_raises")) == TABLES["inventory_raises"]
        assert con.execute("SELECT units FROM inventory").fetchall() == [(4,)]
    assert len(list((db_file.parent / "backups").glob("gym-v1-*.duckdb"))) == 1


SQUAT = "member_id,performed_at,exercise,weight,reps\nM1,2026-01-05 {},Squat,100,5\n"


@pytest.mark.parametrize(
    "stored, later, expected",
    [
        # Stored from a file with minutes only: the later export's 18:04:31 is that set.
        ("18:04", "18:04:31", (0, 1, 0, [True, False])),
        # Stored from a file with seconds: a set at 18:04:00 there is no later set of its minute.
        ("18:04:00\nM1,2026-01-05 18:06:10,Squat,100,5", "18:04:30", (1, 0, 0, [False, False])),
    ],
)
def test_a_version_4_batch_keeps_its_minutes_only_decision(
    db_file: Path, write_csv: Callable, stored: str, later: str, expected: tuple
) -> None:
    import_file(write_csv("a.csv", SQUAT.format(stored)), db_file, options=Options())
    with db.write(db_file) as con:  # the file as version 4 left it
        con.execute("ALTER TABLE import_batches DROP COLUMN minutes_only")
        con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    result = import_file(write_csv("b.csv", SQUAT.format(later)), db_file, options=Options())
    assert len(list((db_file.parent / "backups").glob("gym-v4-*.duckdb"))) == 1
    with db.read(db_file) as con:
        minutes_only = con.execute("SELECT minutes_only FROM import_batches ORDER BY batch_id")
        decided = [row[0] for row in minutes_only.fetchall()]
    assert (result.imported, result.duplicates, result.rejected, decided) == expected


def test_a_file_made_without_decided_date_orders_imports_again(
    db_file: Path, write_csv: Callable
) -> None:
    """Files made while version 4's date_orders had no `decided` (each row an order a file's own
    dates decided) failed every import once the column was read; version 6 adds it, true."""
    import_file(write_csv("a.csv", SQUAT.format("18:00:00")), db_file, options=Options())
    with db.write(db_file) as con:
        con.execute("INSERT INTO date_orders VALUES (1, 'M1', 'month-first', true)")
        con.execute("ALTER TABLE date_orders DROP COLUMN decided")
        con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    result = import_file(write_csv("b.csv", SQUAT.format("19:00:00")), db_file, options=Options())
    assert (result.imported, result.rejected) == (1, 0)
    assert len(list((db_file.parent / "backups").glob("gym-v5-*.duckdb"))) == 1
    with db.read(db_file) as con:
        assert db.schema_version(con) == 6
        assert con.execute("SELECT batch_id, decided FROM date_orders").fetchall() == [(1, True)]


def _ann_before_a_nickname_migration(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of today's version holding member Ann, and a next version that adds
    members.nickname."""
    with db.write(db_file) as con:
        con.execute("INSERT INTO members (member_id, name) VALUES ('M1', 'Ann')")
    monkeypatch.setattr(db, "SCHEMA_VERSION", NOW + 1)
    monkeypatch.setattr(
        db, "MIGRATIONS", (*db.MIGRATIONS, "ALTER TABLE members ADD COLUMN nickname VARCHAR")
    )


def test_forward_migration_backs_up_the_file_first(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ann_before_a_nickname_migration(db_file, monkeypatch)
    db.init(db_file)
    backups = list((db_file.parent / "backups").glob(f"gym-v{NOW}-*.duckdb"))
    assert len(backups) == 1
    with db.read(backups[0]) as con:
        assert db.schema_version(con) == NOW
        assert "nickname" not in columns(con, "members")
        assert con.execute("SELECT name FROM members").fetchall() == [("Ann",)]
        assert con.execute("SELECT count(*) FROM v_sets").fetchone() == (0,)
    with db.read(db_file) as con:
        assert db.schema_version(con) == NOW + 1
        assert "nickname" in columns(con, "members")
        assert con.execute("SELECT name FROM members").fetchall() == [("Ann",)]
    db.init(db_file)
    assert len(list((db_file.parent / "backups").iterdir())) == 1


def test_a_failed_migration_leaves_the_file_as_it_was(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.init(db_file)
    monkeypatch.setattr(db, "SCHEMA_VERSION", NOW + 1)
    monkeypatch.setattr(
        db, "MIGRATIONS", (*db.MIGRATIONS, "ALTER TABLE no_such_table ADD COLUMN x INTEGER")
    )
    with pytest.raises(duckdb.CatalogException):
        db.init(db_file)
    assert schema_version_of(db_file) == NOW
    assert len(list((db_file.parent / "backups").iterdir())) == 1


def test_read_of_a_missing_file_raises_and_creates_nothing(db_file: Path) -> None:
    with pytest.raises(DatabaseMissing, match="no database at .*legdash init"), db.read(db_file):
        pass
    assert not db_file.exists()
    assert not db_file.parent.exists()


@pytest.mark.parametrize("make", [lambda p: p.write_text("not a database"), Path.mkdir])
def test_a_path_duckdb_cannot_open_is_unreadable(db_file: Path, make: Callable) -> None:
    db_file.parent.mkdir(parents=True)
    make(db_file)
    unreadable = pytest.raises(db.DatabaseUnreadable, match="^cannot open the database: ")
    with unreadable, db.read(db_file, wait=5):
        pass
    with pytest.raises(db.DatabaseUnreadable), db.write(db_file, lock_timeout=5):
        pass


@pytest.mark.parametrize("name", ["log.csv", "log.parquet", "log.json"])
def test_a_data_file_duckdb_could_open_as_a_view_is_not_a_database(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    con = duckdb.connect()
    con.execute(f"COPY (SELECT 1 AS reps) TO '{path}'")
    con.close()
    assert_refused_untouched(path)


@pytest.mark.parametrize("name", ["zero.csv", "zero.parquet", "zero.json", "zero.duckdb"])
def test_an_empty_file_is_not_a_database(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.touch()
    assert_refused_untouched(path)


def assert_refused_untouched(path: Path) -> None:
    """Reading, creating and importing into `path` are refused, and nothing is written."""
    before = path.read_bytes()
    refused = pytest.raises(
        db.DatabaseUnreadable, match=f"{path.name} is not a valid DuckDB database file"
    )
    with refused, db.read(path, wait=5):
        pass
    with refused:
        db.init(path)
    with refused, duckdb.connect() as staging, db.write_attached(staging, path, 5):
        pass
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_read_is_read_only(db_file: Path) -> None:
    db.init(db_file)
    with db.read(db_file) as con, pytest.raises(duckdb.Error, match="read-only"):
        con.execute("INSERT INTO settings VALUES ('gym_name', 'x')")


def test_write_flags_the_import_and_bumps_the_version(db_file: Path) -> None:
    assert db.data_version(db_file) == "missing"
    with db.write(db_file) as con:
        assert db.import_started_at(db_file) is not None
        assert con.execute("SELECT current_setting('threads')").fetchone() == (db.IMPORT_THREADS,)
    assert db.import_started_at(db_file) is None
    first = db.data_version(db_file)
    assert first not in ("missing", "unversioned")
    db.init(db_file)
    assert db.data_version(db_file) != first


def test_write_cleans_up_even_on_error(db_file: Path) -> None:
    db.init(db_file)
    before = db.data_version(db_file)
    with pytest.raises(ZeroDivisionError), db.write(db_file):
        assert db.importing_flag(db_file).exists()
        _ = 1 / 0
    assert not db.importing_flag(db_file).exists()
    assert db.data_version(db_file) != before
    assert list(db_file.parent.glob("*.tmp")) == []


def test_data_version_without_a_marker_follows_the_files(db_file: Path) -> None:
    db.init(db_file)
    db.version_marker(db_file).unlink()
    before = db.data_version(db_file)
    assert before.startswith("unversioned")
    assert db.data_version(db_file) == before
    with db.write(db_file) as con:
        con.execute("INSERT INTO settings VALUES ('gym_name', 'Iron Works')")
    db.version_marker(db_file).unlink()
    assert db.data_version(db_file) != before


def test_read_while_another_process_writes_is_busy(
    db_file: Path, hold_db: Callable[..., DbHolder]
) -> None:
    db.init(db_file)
    hold_db(db_file, "write")
    with pytest.raises(DatabaseBusy), db.read(db_file, wait=0.2):
        pass


def test_write_retries_until_the_other_process_lets_go(
    db_file: Path, hold_db: Callable[..., DbHolder]
) -> None:
    db.init(db_file)
    holder = hold_db(db_file, "write")
    releaser = threading.Timer(0.5, holder.release)
    releaser.start()
    try:
        with db.write(db_file, lock_timeout=15) as con:
            con.execute("INSERT INTO settings VALUES ('gym_name', 'Iron Works')")
    finally:
        releaser.join()
    with db.read(db_file) as con:
        assert con.execute("SELECT value FROM settings").fetchall() == [("Iron Works",)]


def _working_connection() -> Connection:
    """A connection like an import's: its own in-memory catalog holding the staged rows."""
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS stg")
    con.execute("USE stg")
    con.execute("CREATE TABLE staged AS SELECT 'gym_name' AS key, 'Iron Works' AS value")
    return con


def test_write_attached_lands_rows_from_the_working_connection(db_file: Path) -> None:
    db.init(db_file)
    before = db.data_version(db_file)
    con = _working_connection()
    with db.write_attached(con, db_file) as created:
        assert not created
        assert db.import_started_at(db_file) is not None
        con.execute("INSERT INTO settings SELECT * FROM stg.staged")
    assert con.execute("SELECT current_database()").fetchone() == ("stg",)
    assert "legdash_db" not in {row[0] for row in con.execute("SHOW DATABASES").fetchall()}
    assert db.import_started_at(db_file) is None
    assert db.data_version(db_file) != before
    with db.read(db_file) as reader:
        assert reader.execute("SELECT * FROM settings").fetchall() == [("gym_name", "Iron Works")]


def test_write_attached_creates_and_migrates_a_new_file(db_file: Path) -> None:
    con = _working_connection()
    with db.write_attached(con, db_file) as created:
        assert created
    assert schema_version_of(db_file) == db.SCHEMA_VERSION


def test_write_attached_backs_up_before_a_migration(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ann_before_a_nickname_migration(db_file, monkeypatch)
    con = _working_connection()
    with db.write_attached(con, db_file):
        con.execute("UPDATE members SET nickname = 'A'")
    (backup,) = (db_file.parent / "backups").glob(f"gym-v{NOW}-*.duckdb")
    with db.read(backup) as old:
        assert "nickname" not in columns(old, "members")
        assert old.execute("SELECT name FROM members").fetchall() == [("Ann",)]
    with db.read(db_file) as new:
        assert new.execute("SELECT name, nickname FROM members").fetchall() == [("Ann", "A")]


def test_a_migration_whose_backup_fails_says_so_and_leaves_the_file(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No room or no write access in backups/: one line naming what the upgrade needs, exit 2,
    the file still at its version."""
    from legdash import cli

    _ann_before_a_nickname_migration(db_file, monkeypatch)

    def no_room(con: object, out: Path) -> Path:
        raise duckdb.IOException(f'IO Error: Cannot open file "{out}": No space left on device')

    monkeypatch.setattr(db, "backup", no_room)
    assert cli.main(["init", "--db", str(db_file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"error: cannot upgrade the database {db_file} to this version of legdash: its backup in"
        f" {db_file.parent / 'backups'} failed (Cannot open file "
    )
    assert err.endswith("No space left on device): the upgrade backs the file up there first\n")
    assert schema_version_of(db_file) == NOW


# Both ways of writing, each given the file and an import's working connection.
WRITERS = {
    "own connection": lambda path, con: db.write(path, 0.5),
    "attached to the working connection": lambda path, con: db.write_attached(con, path, 0.5),
}


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_writer_waits_for_the_lock_then_is_busy(
    db_file: Path, hold_db: Callable[..., DbHolder], writer: Callable[..., Any]
) -> None:
    db.init(db_file)
    before = db.data_version(db_file)
    hold_db(db_file, "read")
    con = _working_connection()
    started = time.monotonic()
    busy = pytest.raises(DatabaseBusy, match="^database busy, try again$")
    with busy, writer(db_file, con):
        pass
    assert time.monotonic() - started >= 0.5
    assert not db.importing_flag(db_file).exists()
    assert db.data_version(db_file) == before
    assert con.execute("SELECT count(*) FROM stg.staged").fetchone() == (1,)


class Mistake(Exception):
    """What a command's work raises once it holds the file (a bad setting, an unknown user)."""


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_failed_write_removes_the_file_it_created(
    db_file: Path, writer: Callable[..., Any]
) -> None:
    con = _working_connection()
    with pytest.raises(Mistake), writer(db_file, con) as own:
        (own if isinstance(own, db.Connection) else con).execute(
            "INSERT INTO settings VALUES ('gym_name', 'Iron Works')"
        )
        raise Mistake
    assert not db_file.parent.exists()  # the folder this write made, empty again
    assert db.data_version(db_file) == "missing"
    assert con.execute("SELECT current_database()").fetchone() == ("stg",)


class ClosesBadly:
    """A write connection whose close fails after closing, as one whose last flush fails."""

    def __init__(self, con: Connection) -> None:
        self._con = con

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def close(self) -> None:
        self._con.close()
        raise duckdb.IOException("could not flush the write-ahead log")


def test_a_failed_write_whose_close_fails_raises_its_own_error_and_removes_the_file(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect = db._connect
    monkeypatch.setattr(db, "_connect", lambda *args, **kw: ClosesBadly(connect(*args, **kw)))
    with pytest.raises(Mistake) as raised, db.write(db_file):
        raise Mistake
    assert "could not flush" in raised.value.__notes__[0]
    assert not db_file.parent.exists()


def test_a_failed_attached_write_whose_detach_fails_raises_its_own_error_and_removes_the_file(
    db_file: Path,
) -> None:
    con = _working_connection()
    with pytest.raises(Mistake) as raised, db.write_attached(con, db_file):
        con.execute("USE stg")
        con.execute("DETACH legdash_db")  # the detach on the way out has nothing to detach
        raise Mistake
    assert "legdash_db" in raised.value.__notes__[0]
    assert not db_file.parent.exists()


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_failed_write_removes_only_the_folders_it_made(
    tmp_path: Path, writer: Callable[..., Any]
) -> None:
    there = tmp_path / "there"
    there.mkdir()
    with (
        pytest.raises(Mistake),
        writer(there / "new" / "deeper" / "gym.duckdb", _working_connection()),
    ):
        raise Mistake
    assert list(tmp_path.iterdir()) == [there]
    assert list(there.iterdir()) == []


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_failed_write_keeps_a_folder_another_command_wrote_in_meanwhile(
    tmp_path: Path, writer: Callable[..., Any]
) -> None:
    folder = tmp_path / "new"
    with pytest.raises(Mistake), writer(folder / "gym.duckdb", _working_connection()):
        (folder / "other.duckdb.importing").write_text("1")
        raise Mistake
    assert [p.name for p in folder.iterdir()] == ["other.duckdb.importing"]


def test_a_folder_removed_before_its_first_file_landed_is_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    tries: list[Path] = []

    def flag() -> Path:
        if not tries:
            folder.rmdir()  # another command's clean-up, between making the folder and this file
        tries.append(folder / "flag")
        tries[-1].write_text("1")
        return tries[-1]

    with db.first_file_in(folder, flag) as made:
        assert made.read_text() == "1"
    assert len(tries) == 2


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_failed_write_keeps_the_file_that_was_there(
    db_file: Path, writer: Callable[..., Any]
) -> None:
    with db.write(db_file) as con:
        con.execute("INSERT INTO settings VALUES ('gym_name', 'Iron Works')")
    before = db.data_version(db_file)
    with pytest.raises(Mistake), writer(db_file, _working_connection()):
        raise Mistake
    assert db.data_version(db_file) != before
    with db.read(db_file) as reader:
        assert reader.execute("SELECT value FROM settings").fetchall() == [("Iron Works",)]


def test_a_failed_write_leaves_a_marker_it_did_not_write(db_file: Path) -> None:
    db.init(db_file)
    marker = db.version_marker(db_file).read_text()
    db_file.unlink()  # the database moved away; the marker of its last write stays
    with pytest.raises(Mistake), db.write(db_file):
        raise Mistake
    assert not db_file.exists()
    assert db.version_marker(db_file).read_text() == marker


def test_a_failed_write_keeps_a_file_another_writer_created_meanwhile(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect = db._connect

    def another_writer_first(path: Path, read_only: bool, timeout: float) -> Connection:
        monkeypatch.setattr(db, "_connect", connect)
        with db.write(path) as other:  # lands while this writer waits for the lock
            other.execute("INSERT INTO settings VALUES ('gym_name', 'Iron Works')")
        return connect(path, read_only, timeout)

    monkeypatch.setattr(db, "_connect", another_writer_first)
    with pytest.raises(Mistake), db.write(db_file):
        raise Mistake
    with db.read(db_file) as reader:
        assert reader.execute("SELECT value FROM settings").fetchall() == [("Iron Works",)]


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_writer_that_cannot_judge_the_file_lets_it_go_and_keeps_it(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, writer: Callable[..., Any]
) -> None:
    connect = db._connect
    opened: list[Connection] = []  # keeps the write connection alive, as a leak would

    def kept_open(path: Path, read_only: bool, timeout: float) -> Connection:
        opened.append(connect(path, read_only, timeout))
        return opened[-1]

    def unsure(con: Connection, absent: tuple[Path, ...]) -> tuple[Path, ...]:
        raise Mistake

    monkeypatch.setattr(db, "_connect", kept_open)
    monkeypatch.setattr(db, "_created", unsure)
    con = _working_connection()
    with pytest.raises(Mistake), writer(db_file, con):
        pass
    assert con.execute("SELECT current_database()").fetchone() == ("stg",)
    for own in opened:
        with pytest.raises(duckdb.ConnectionException, match="closed"):
            own.execute("SELECT 1")
    with db.read(
        db_file, empty_ok=True
    ) as reader:  # kept: whether another writer made it is unknown
        assert db.schema_version(reader) == 0
    assert not db.importing_flag(db_file).exists()


def test_write_attached_refuses_a_newer_file_and_lets_it_go(db_file: Path) -> None:
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con = _working_connection()
    with pytest.raises(db.NewerSchema), db.write_attached(con, db_file):
        pass
    assert con.execute("SELECT current_database()").fetchone() == ("stg",)
    assert schema_version_of(db_file) == 99


def test_backup_is_a_consistent_copy_while_another_process_reads(
    db_file: Path, hold_db: Callable[..., DbHolder], tmp_path: Path
) -> None:
    with db.write(db_file) as con:
        add_batch(con, 1)
        con.execute("INSERT INTO members (member_id, name) VALUES ('M1', 'Ann'), ('M2', 'Bo')")
    hold_db(db_file, "read")
    out = tmp_path / "copies" / "gym-copy.duckdb"
    with db.read(db_file) as con:
        assert db.backup(con, out) == out
        with pytest.raises(FileExistsError, match="exists already"):
            db.backup(con, out)
    with db.read(out) as con:
        assert db.schema_version(con) == db.SCHEMA_VERSION
        assert con.execute("SELECT member_id FROM members ORDER BY 1").fetchall() == [
            ("M1",),
            ("M2",),
        ]
        assert con.execute("SELECT count(*) FROM v_import_batches").fetchone() == (1,)
        catalog = con.execute("SELECT count(*) FROM exercise_catalog").fetchone()[0]
    assert catalog == len(exercises.taxonomy_rows())


def test_backup_and_attach_of_a_file_whose_name_holds_a_quote(tmp_path: Path) -> None:
    path = tmp_path / 'Iron "Gym" 2.duckdb'
    with db.write(path) as con:
        add_batch(con, 1)
    with db.read(path) as con:
        out = db.backup(con, tmp_path / "copy.duckdb")
    with db.read(out) as con:
        assert con.execute("SELECT count(*) FROM import_batches").fetchone() == (1,)
    con = _working_connection()
    with db.write_attached(con, path):
        add_batch(con, 2)
    assert con.execute("SELECT current_database()").fetchone() == ("stg",)


@pytest.mark.parametrize(
    ("message", "busy"),
    [
        ('Could not set lock on file "/g/gym.duckdb": Conflicting lock is held in x', True),
        ('Could not read block 7 of "/g/gym.duckdb": unexpected end of file', False),
        ('Cannot open file "/srv/lockers/gym.duckdb": Permission denied', False),
    ],
)
def test_only_another_process_holding_the_file_is_a_busy_database(message: str, busy: bool) -> None:
    assert db._is_lock_error(duckdb.IOException(message)) is busy


def test_a_demo_hint_names_the_database_unless_demo_finds_it_bare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEGDASH_DB", raising=False)
    demo_db, gym_db = Path("data/demo.duckdb"), Path("data/legdash.duckdb")
    assert (
        db.command("demo --remove", demo_db, default=db.DEMO_DB)
        == "python -m legdash demo --remove"
    )
    assert db.command("demo --remove", gym_db, default=db.DEMO_DB) == (
        f"python -m legdash demo --remove --db {tmp_path / gym_db}"
    )
    assert db.command("undo 3", gym_db) == "python -m legdash undo 3"


def test_has_demo_data(db_file: Path) -> None:
    with db.write(db_file) as con:
        assert not db.has_demo_data(con)
        add_batch(con, 1)
        assert not db.has_demo_data(con)
        add_batch(con, 2, is_demo=True)
        assert db.has_demo_data(con)
        con.execute("UPDATE import_batches SET undone = true WHERE batch_id = 2")
        assert not db.has_demo_data(con)
        con.execute("INSERT INTO members (member_id, is_demo) VALUES ('D1', true)")
        assert db.has_demo_data(con)


def test_taxonomy_is_synced_into_the_catalog(db_file: Path) -> None:
    db.init(db_file)
    rows = exercises.taxonomy_rows()
    with db.read(db_file) as con:
        stored = con.execute("SELECT * FROM exercise_catalog ORDER BY name_key").fetchall()
    assert stored == rows


def test_unchanged_taxonomy_is_not_rewritten(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute(
            "INSERT INTO exercise_catalog VALUES ('zz marker', 'M', 'other', 'x', 'y', false)"
        )
    db.init(db_file)
    with db.read(db_file) as con:
        marker = con.execute("SELECT count(*) FROM exercise_catalog WHERE name_key = 'zz marker'")
        assert marker.fetchone() == (1,)
    changed = exercises.taxonomy_rows()[1:]
    monkeypatch.setattr(exercises, "taxonomy_rows", lambda: changed)
    db.init(db_file)
    with db.read(db_file) as con:
        assert con.execute("SELECT * FROM exercise_catalog ORDER BY name_key").fetchall() == changed


def test_changed_views_are_refreshed_on_the_next_write(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.init(db_file)
    monkeypatch.setattr(db, "VIEWS", db.VIEWS + "CREATE OR REPLACE VIEW probe AS SELECT 1 AS x;")
    with db.write(db_file):
        pass
    with db.read(db_file) as con:
        assert con.execute("SELECT x FROM probe").fetchone() == (1,)


def test_transaction_rolls_back_on_error(db_file: Path) -> None:
    with db.write(db_file) as con:
        with pytest.raises(ValueError), db.transaction(con):
            con.execute("INSERT INTO settings VALUES ('gym_name', 'x')")
            raise ValueError("stop")
        assert con.execute("SELECT count(*) FROM settings").fetchone() == (0,)
        with db.transaction(con):
            con.execute("INSERT INTO settings VALUES ('gym_name', 'y')")
        assert con.execute("SELECT value FROM settings").fetchall() == [("y",)]


def test_next_id(db_file: Path) -> None:
    with db.write(db_file) as con:
        assert db.next_id(con, "import_batches", "batch_id") == 1
        add_batch(con, 7)
        assert db.next_id(con, "import_batches", "batch_id") == 8


def test_db_path_prefers_argument_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEGDASH_DB", raising=False)
    assert db.db_path(None) == db.DEFAULT_DB == Path("data/legdash.duckdb")
    monkeypatch.setenv("LEGDASH_DB", "/srv/gym.duckdb")
    assert db.db_path(None) == Path("/srv/gym.duckdb")
    assert db.db_path("other.duckdb") == Path("other.duckdb")


def test_import_started_at_reads_the_flag(db_file: Path) -> None:
    db.init(db_file)
    assert db.import_started_at(db_file) is None
    flag_import(db_file)
    started = db.import_started_at(db_file)
    assert started is not None and abs((datetime.now() - started).total_seconds()) < 60


def test_a_flag_left_by_a_dead_writer_is_ignored(db_file):
    import subprocess
    import sys

    db.init(db_file)
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    db.importing_flag(db_file).write_text(finished.stdout.strip())
    assert db.import_started_at(db_file) is None
    db.importing_flag(db_file).write_text(str(os.getpid()))
    assert db.import_started_at(db_file) is not None


BEFORE_THIS_PROCESS = time.time() - 3600  # a file written an hour before the test ran


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process start times: Linux")
def test_a_flag_older_than_the_process_with_its_id_is_stale(db_file: Path) -> None:
    """After a reboot (a power cut during an import) an old flag's ID can belong to any running
    process: one that started after the flag was written is not its writer."""
    db.init(db_file)
    flag = db.importing_flag(db_file)
    flag.write_text(str(os.getpid()))
    os.utime(flag, (BEFORE_THIS_PROCESS, BEFORE_THIS_PROCESS))
    assert db.import_started_at(db_file) is None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process start times: Linux")
def test_a_work_folder_older_than_the_process_with_its_id_is_removed(db_file: Path) -> None:
    db.init(db_file)
    folder = db_file.parent
    before_reboot = folder / f".legdash-import-{os.getpid()}-b00t"
    (before_reboot / "copy.csv").parent.mkdir()
    (before_reboot / "copy.csv").write_text("member_id\n")
    os.utime(before_reboot, (BEFORE_THIS_PROCESS, BEFORE_THIS_PROCESS))
    running = folder / f".legdash-import-{os.getpid()}-runn1ng"
    running.mkdir()
    with db.write(db_file):
        pass
    assert not before_reboot.exists() and running.is_dir()


@pytest.mark.parametrize("text", ["", "\n", "12ab", "0", "-1", "9" * 30])
def test_a_flag_without_a_valid_pid_is_stale(db_file: Path, text: str) -> None:
    """Writers write the flag whole: one without a running writer's PID was cut short (a writer
    killed after creating it) and must not hold pages in "Import in progress" for ever."""
    db.init(db_file)
    db.importing_flag(db_file).write_text(text)
    assert db.import_started_at(db_file) is None


def test_the_flag_lands_in_a_folder_removed_before_it(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The flag's temporary file fails as the flag itself would in a folder another command's
    clean-up removed: first_file_in makes the folder again and writes the flag there."""
    replaced, targets = db._replaced, []

    def racing(target: Path, text: str) -> None:
        if not targets:
            target.parent.rmdir()
        targets.append(target)
        replaced(target, text)

    monkeypatch.setattr(db, "_replaced", racing)
    with db.write(db_file):
        assert db.import_started_at(db_file) is not None
    assert targets[:2] == [db.importing_flag(db_file)] * 2


@pytest.mark.parametrize("held", ["own", "another writer's"])
def test_a_writer_announcing_as_another_leaves_keeps_its_flag(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, held: str
) -> None:
    """Two writers within microseconds: one leaving reads the flag, and the next announces
    itself just then. Reading the flag, then removing it by name, removed the newcomer's, and
    pages saw no import while it ran."""
    flag = db.importing_flag(db_file)
    flag.parent.mkdir(parents=True)
    flag.write_text(str(os.getpid()) if held == "own" else "4242")
    newcomer = str(os.getpid() + 1)
    read_text = Path.read_text

    def announced_meanwhile(path: Path, *args: Any, **kwargs: Any) -> str:
        text = read_text(path, *args, **kwargs)
        if path.name.startswith(flag.name) and text != newcomer:
            db._replaced(flag, newcomer)
        return text

    monkeypatch.setattr(Path, "read_text", announced_meanwhile)
    db._remove_own_flag(flag)
    monkeypatch.undo()
    assert flag.read_text() == newcomer
    assert [p.name for p in flag.parent.iterdir()] == [flag.name]


@pytest.mark.parametrize("hard_links", [True, False])
def test_another_writers_flag_goes_back_when_this_one_leaves(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    if not hard_links:  # as on FAT

        def no_link(source: Path, target: Path) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(db.os, "link", no_link)
    flag = db.importing_flag(db_file)
    flag.parent.mkdir(parents=True)
    flag.write_text("4242")
    db._remove_own_flag(flag)
    assert flag.read_text() == "4242"
    assert [p.name for p in flag.parent.iterdir()] == [flag.name]


def test_the_flag_is_written_whole(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader sees no flag or the writer's PID, never a flag created but not yet written: the
    flag appears by a rename, once its text is in place."""
    seen: list[str | None] = []
    replace = os.replace

    def watched(source: str | Path, target: str | Path) -> None:
        flag = db.importing_flag(db_file)
        seen.append(flag.read_text() if flag.exists() else None)
        replace(source, target)
        if Path(target) == flag:
            seen.append(flag.read_text())

    monkeypatch.setattr(db.os, "replace", watched)
    with db.write(db_file):
        assert db.importing_flag(db_file).read_text() == str(os.getpid())
    assert seen[:2] == [None, str(os.getpid())]


def test_insert_lists_types_each_column_even_when_all_empty() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (raw VARCHAR, observed TIMESTAMP, seconds DOUBLE)")
    db.insert_lists(
        con,
        "t",
        {
            "raw": ("VARCHAR", ["a", "b"]),
            "observed": ("TIMESTAMP", [None, None]),
            "seconds": ("DOUBLE", [1, None]),
        },
    )
    db.insert_lists(
        con,
        "t",
        {"raw": ("VARCHAR", ["c"]), "local": ("TIMESTAMPTZ", [datetime(2026, 1, 5, 18)])},
        select="raw, timezone($tz, local), NULL",
        params={"tz": "UTC"},
    )
    assert con.execute("SELECT * FROM t ORDER BY raw").fetchall() == [
        ("a", None, 1.0),
        ("b", None, None),
        ("c", datetime(2026, 1, 5, 18), None),
    ]


def test_a_damaged_file_is_unreadable_for_readers_and_writers(db_file: Path) -> None:
    damage(db_file)
    before = db_file.read_bytes()
    unreadable = pytest.raises(
        db.DatabaseUnreadable, match=r"^cannot open the database: .* is damaged \(Corrupt"
    )
    with unreadable, db.read(db_file, wait=5):
        pass
    with unreadable, db.write(db_file, lock_timeout=5):
        pass
    with unreadable, duckdb.connect() as staging, db.write_attached(staging, db_file, 5):
        pass
    assert db_file.read_bytes() == before


def test_a_damaged_data_block_is_unreadable_when_a_query_reads_it(db_file: Path) -> None:
    """The file opens, and DuckDB finds the damage only when a query reads the block: readers,
    and queries on the page, still get the unreadable-database error."""
    db.init(db_file)
    blocks = bytearray(db_file.read_bytes())
    for start in range(300_000, len(blocks), 4096):
        blocks[start : start + 512] = bytes(512)
    db_file.write_bytes(bytes(blocks))
    unreadable = pytest.raises(db.DatabaseUnreadable, match=r" is damaged \(Corrupt database")
    with unreadable, db.read(db_file, wait=5):
        pass
    with unreadable, db.write(db_file, lock_timeout=5):
        pass


def test_another_apps_database_is_refused_untouched(db_file: Path) -> None:
    foreign_database(db_file)
    before = db_file.read_bytes()
    refused = pytest.raises(
        db.NotLegdashDatabase, match=r"is not a legdash database \(it holds other tables\)$"
    )
    with refused, db.read(db_file, wait=5):
        pass
    with refused, db.read(db_file, wait=5, empty_ok=True):
        pass
    with refused:
        db.init(db_file)
    with refused, duckdb.connect() as staging, db.write_attached(staging, db_file, 5):
        pass
    assert db_file.read_bytes() == before
    assert [p.name for p in db_file.parent.iterdir()] == [db_file.name]


def test_an_empty_duckdb_file_is_read_as_no_database_but_initialised(db_file: Path) -> None:
    foreign_database(db_file, table=None)
    empty = pytest.raises(db.NotLegdashDatabase, match="an empty DuckDB file: `python -m legdash")
    with empty, db.read(db_file, wait=5):
        pass
    with db.read(db_file, wait=5, empty_ok=True) as con:
        assert db.schema_version(con) == 0
    db.init(db_file)
    with db.read(db_file) as con:
        assert db.schema_version(con) == db.SCHEMA_VERSION


def dead_pid() -> int:
    """The ID of a process that has ended."""
    import subprocess
    import sys

    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(child.stdout)


def test_a_write_removes_what_killed_writers_left_and_keeps_the_rest(db_file: Path) -> None:
    db.init(db_file)
    folder, gone = db_file.parent, dead_pid()
    killed = folder / f".legdash-import-{gone}-k1ll3d"
    (killed / "spill").mkdir(parents=True)
    (killed / "copy.csv").write_text("member_id\n")
    running = folder / f".legdash-import-{os.getpid()}-runn1ng"
    unnamed = folder / ".legdash-import-n0p1d"
    running.mkdir()
    unnamed.mkdir()
    left = [folder / f"{db_file.name}.{what}.{gone}-1.tmp" for what in ("version", "importing")]
    for tmp in left:
        tmp.touch()
    own_tmp = folder / f"{db_file.name}.version.{os.getpid()}-1.tmp"
    # Not a marker's or flag's temporary file, or without a process ID: not a writer's to remove.
    others = [folder / f"{db_file.name}.{n}.tmp" for n in (f"wal.{gone}-1", "version.x-1", "1")]
    for tmp in (own_tmp, *others):
        tmp.touch()
    with db.write(db_file):
        pass
    assert not killed.exists() and not any(tmp.exists() for tmp in left)
    assert running.is_dir() and unnamed.is_dir() and own_tmp.exists()
    assert all(tmp.exists() for tmp in others)


def test_an_import_sweeps_the_folder_once_before_its_own_copy(
    db_file: Path, write_csv: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work folder and the lock sweep the same folder: an import does it once, when it makes
    its work folder, and still takes a killed writer's temporary files with its work folder."""
    db.init(db_file)
    folder, gone = db_file.parent, dead_pid()
    killed = folder / f".legdash-import-{gone}-k1ll3d"
    killed.mkdir()
    left = folder / f"{db_file.name}.importing.{gone}-1.tmp"
    left.touch()
    sweeps: list[Path] = []
    sweep = db.remove_stale_work

    def counted(folder: Path, database: Path | None = None) -> None:
        sweeps.append(folder)
        sweep(folder, database)

    monkeypatch.setattr(db, "remove_stale_work", counted)
    import_file(write_csv("a.csv", SQUAT.format("18:00:00")), db_file, options=Options())
    assert sweeps == [folder]
    assert not killed.exists() and not left.exists()


def test_an_import_work_folder_names_its_process(tmp_path: Path) -> None:
    work = db.work_folder(tmp_path / "gym.duckdb")
    assert work.parent == tmp_path and work.is_dir()
    assert work.name.startswith(f".legdash-import-{os.getpid()}-")


def test_a_marker_that_cannot_be_written_is_removed_so_pages_still_refresh(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk after the data landed: the command must not fail for the marker, and the
    pages' cache key must still change."""
    db.init(db_file)
    before = db.data_version(db_file)

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    db.bump_version(db_file)
    assert not list(db_file.parent.glob("*.tmp"))
    assert not db.version_marker(db_file).exists()
    assert db.data_version(db_file) != before


def test_a_write_that_lands_on_a_full_disk_is_not_reported_as_failed(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.init(db_file)

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with db.write(db_file) as con:
        con.execute("INSERT INTO settings VALUES ('gym_name', 'Iron Works')")
        monkeypatch.setattr(os, "replace", disk_full)
    monkeypatch.undo()
    with db.read(db_file) as con:
        assert con.execute("SELECT value FROM settings WHERE key = 'gym_name'").fetchone() == (
            "Iron Works",
        )


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_new_database_the_full_disk_cut_short_is_removed(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, writer: Callable[..., Any]
) -> None:
    """DuckDB made the file, then found no room for its headers: a stub that every later
    command would call damaged. It is not a database, so it goes."""
    con = _working_connection()

    def no_room(path: Path, *args: object) -> None:
        path.write_bytes(bytes(4096))
        raise db.DatabaseUnreadable(f"cannot open the database: Could not write file {path}")

    monkeypatch.setattr(db, "_waiting_for_lock", no_room)
    with pytest.raises(db.DatabaseUnreadable, match="Could not write"), writer(db_file, con):
        pass
    assert not db_file.exists()


def test_a_backup_the_disk_has_no_room_for_names_the_copy_asked_for(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not its hidden temporary name, which is gone by the time the message is read."""
    db.init(db_file)
    out = tmp_path / "x.duckdb"

    def no_room(source: Path, target: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(source))

    monkeypatch.setattr(db, "_renamed_unless_taken", no_room)
    with db.read(db_file) as con, pytest.raises(OSError) as failed:
        db.backup(con, out)
    assert db.disk_full(failed.value) == (
        f"the disk is full: could not write {out} (free some space, then run the command again)"
    )
    assert list(tmp_path.glob("*x.duckdb*")) == []


def test_a_failed_backup_leaves_nothing_and_can_run_again(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.init(db_file)
    out = tmp_path / "copies" / "x.duckdb"
    out.parent.mkdir()
    killed = out.parent / f".x.duckdb.{dead_pid()}-1.partial"
    killed.write_bytes(b"half a copy")
    # A killed migration backup's copy has another, timestamped name: it goes too.
    (out.parent / f".gym-v4-20261126-101500.duckdb.{dead_pid()}-7.partial.wal").write_bytes(b"")
    with db.read(db_file) as con:
        monkeypatch.setattr(db, "quoted", lambda name: '"no_such_database"')
        with pytest.raises(duckdb.Error):
            db.backup(con, out)
        assert sorted(p.name for p in out.parent.iterdir()) == []
        monkeypatch.undo()
        assert db.backup(con, out) == out
    assert sorted(p.name for p in out.parent.iterdir()) == ["x.duckdb"]
    with db.read(out) as copy:
        assert db.schema_version(copy) == db.SCHEMA_VERSION
