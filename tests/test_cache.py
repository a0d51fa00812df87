from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from legdash import cache, db
from legdash.db import Connection, DatabaseMissing
from tests.conftest import flag_import


def member_names(con: Connection, prefix: str = "") -> list[str]:
    rows = con.execute(
        "SELECT member_id FROM members WHERE starts_with(member_id, ?) ORDER BY 1", [prefix]
    ).fetchall()
    return [r[0] for r in rows]


def add_member(path: Path, member_id: str) -> None:
    with db.write(path) as con:
        con.execute("INSERT INTO members (member_id) VALUES (?)", [member_id])


@pytest.fixture
def opens(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """A fresh cache on the test's database; records every read-only open of the file."""
    monkeypatch.setenv("LEGDASH_DB", str(db_file))
    st.cache_data.clear()
    cache._latest.clear()
    opened: list[Path] = []
    real_read = db.read

    @contextmanager
    def counting_read(path: Path, wait: float = 10.0) -> Iterator[Connection]:
        opened.append(path)
        with real_read(path, wait) as con:
            yield con

    monkeypatch.setattr(db, "read", counting_read)
    yield opened
    st.cache_data.clear()
    cache._latest.clear()


def test_db_location_follows_the_environment(db_file: Path, opens: list[Path]) -> None:
    assert cache.db_location() == db_file


def test_cached_until_the_version_marker_changes(db_file: Path, opens: list[Path]) -> None:
    add_member(db_file, "M1")
    assert cache.cached(member_names) == ["M1"]
    assert cache.cached(member_names) == ["M1"]
    assert len(opens) == 1
    db.bump_version(db_file)
    assert cache.cached(member_names) == ["M1"]
    assert len(opens) == 2
    add_member(db_file, "M2")
    assert cache.cached(member_names) == ["M1", "M2"]
    assert len(opens) == 3


def test_arguments_are_part_of_the_key(db_file: Path, opens: list[Path]) -> None:
    add_member(db_file, "A1")
    add_member(db_file, "B1")
    assert cache.cached(member_names, "A") == ["A1"]
    assert cache.cached(member_names, prefix="B") == ["B1"]
    assert cache.cached(member_names, "A") == ["A1"]
    assert len(opens) == 2


def test_results_are_copies(db_file: Path, opens: list[Path]) -> None:
    add_member(db_file, "M1")
    cache.cached(member_names).append("intruder")
    assert cache.cached(member_names) == ["M1"]
    flag_import(db_file)
    cache.cached(member_names).append("intruder")
    assert cache.cached(member_names) == ["M1"]


def test_serves_the_last_result_while_an_import_runs(db_file: Path, opens: list[Path]) -> None:
    add_member(db_file, "M1")
    assert cache.cached(member_names) == ["M1"]
    add_member(db_file, "M2")
    flag_import(db_file)
    assert cache.cached(member_names) == ["M1"]
    assert len(opens) == 1
    db.importing_flag(db_file).unlink()
    assert cache.cached(member_names) == ["M1", "M2"]
    assert len(opens) == 2


def test_queries_during_an_import_when_nothing_is_cached(db_file: Path, opens: list[Path]) -> None:
    add_member(db_file, "M1")
    flag_import(db_file)
    assert cache.cached(member_names) == ["M1"]
    assert len(opens) == 1


def test_missing_database(db_file: Path, opens: list[Path]) -> None:
    with pytest.raises(DatabaseMissing, match="no database at"):
        cache.cached(member_names)
    assert opens == []
    assert not db_file.exists()


def busy_read(path: Path, wait: float = 10.0) -> Iterator[Connection]:
    raise db.DatabaseBusy("database busy, try again")
    yield  # a generator, never reached


def test_busy_database_outside_streamlit_raises(
    db_file: Path, opens: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db.init(db_file)
    monkeypatch.setattr(db, "read", contextmanager(busy_read))
    with pytest.raises(db.DatabaseBusy):
        cache.cached(member_names)


def _page_during_a_long_import() -> None:
    import streamlit as st

    from legdash import cache

    def member_count(con) -> int:  # the script runs without this module's imports
        return con.execute("SELECT count(*) FROM members").fetchone()[0]

    st.write(cache.cached(member_count))
    st.write("after the query")


def test_busy_database_with_nothing_cached_stops_the_page_with_a_notice(
    db_file: Path, opens: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db.init(db_file)
    monkeypatch.setattr(db, "read", contextmanager(busy_read))
    at = AppTest.from_function(_page_during_a_long_import).run()
    assert not at.exception
    assert "An import is writing to the database" in at.warning[0].value
    assert [m.value for m in at.markdown] == []
