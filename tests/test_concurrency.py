"""One file, many readers, one writer: imports wait for readers, pages keep answering during imports.

Other processes hold the database here (DuckDB locks per process), started as subprocesses that
print "holding" once they have the file.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from legdash import cache, cli, db
from legdash.ingest.layout import Options
from legdash.ingest.pipeline import import_file

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "tests" / "hostile" / "native_basic.csv"
HOLD_READ = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""
# An import's final transaction, held open: the flag exists and the write lock is taken.
HOLD_WRITE = """
import sys, time
from pathlib import Path
from legdash import db
with db.write(Path(sys.argv[1])) as con:
    con.execute("INSERT INTO occupancy VALUES (99, 'Main', TIMESTAMP '2025-01-06 18:00', 5, NULL)")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def hold(db_file: Path) -> Iterator[Callable[[str, float], subprocess.Popen[str]]]:
    """Start a process that holds the database for some seconds; returns once it has the file."""
    started: list[subprocess.Popen[str]] = []

    def start(script: str, seconds: float) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", script, str(db_file), str(seconds)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None and process.stdout.readline().strip() == "holding"
        return process

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=10)


def run_cli(*args: str) -> tuple[int, dict, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["import", *args, "--json"])
    return code, json.loads(out.getvalue())["files"][0], err.getvalue()


def state(database: Path) -> tuple[str, int, int]:
    with db.read(database) as con:
        batches, sets = con.execute(
            "SELECT (SELECT count(*) FROM import_batches), (SELECT count(*) FROM sets)"
        ).fetchone()
    return db.data_version(database), batches, sets


def test_import_waits_for_a_reader_and_lands_once_it_closes(db_file: Path, hold) -> None:
    db.init(db_file)
    reader = hold(HOLD_READ, 2)
    started = time.monotonic()
    code, result, err = run_cli(str(LOG), "--db", str(db_file), "--lock-timeout", "30")
    waited = time.monotonic() - started
    assert (code, result["imported"], result["error"]) == (0, 3, None)
    assert waited > 1.0, "the import should have waited for the reader"
    assert reader.wait(timeout=10) == 0
    assert state(db_file)[1:] == (1, 3)
    assert not db.importing_flag(db_file).exists()


def test_import_past_the_lock_timeout_is_busy_and_writes_nothing(db_file: Path, hold) -> None:
    db.init(db_file)
    before = state(db_file)
    hold(HOLD_READ, 30)
    code, result, err = run_cli(str(LOG), "--db", str(db_file), "--lock-timeout", "0.5")
    assert code == 1
    assert result["error"] == "database busy, try again" and result["batch_id"] is None
    assert "Traceback" not in err
    assert not db.importing_flag(db_file).exists()
    assert state(db_file) == before
    leftovers = [
        p.name for p in db_file.parent.iterdir() if p.name.startswith((".legdash", "legdash"))
    ]
    assert leftovers == []


def count_occupancy(con: db.Connection, location: str | None = None) -> int:
    return con.execute(
        "SELECT count(*) FROM occupancy WHERE location = coalesce(?, location)", [location]
    ).fetchone()[0]


def test_cached_reads_serve_the_last_result_while_an_import_holds_the_file(
    db_file: Path, hold, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGDASH_DB", str(db_file))
    import_file(LOG, db_file, options=Options())
    assert cache.cached(count_occupancy) == 0
    writer = hold(HOLD_WRITE, 2)
    assert db.import_started_at(db_file) is not None
    assert cache.cached(count_occupancy) == 0  # the previous result, without touching the file
    assert writer.poll() is None, "the cached read should not wait for the import"
    # Nothing cached for these arguments: the read waits for the writer and sees its row.
    assert cache.cached(count_occupancy, "Main") == 1
    assert writer.wait(timeout=10) == 0
    assert db.import_started_at(db_file) is None
    assert cache.cached(count_occupancy) == 1  # the new version marker refreshes the cache


def test_home_page_keeps_answering_during_an_import(
    db_file: Path, hold, app_page: Callable[..., AppTest]
) -> None:
    import_file(LOG, db_file, options=Options())
    page = app_page("pages/home.py", timeout=30)
    page.run()
    assert not page.exception
    tiles = {m.label: m.value for m in page.metric}
    assert tiles["Sets logged"] == "3"
    writer = hold(HOLD_WRITE, 3)
    page.run()
    assert writer.poll() is None, "the page should not wait for the import"
    assert not page.exception
    assert {m.label: m.value for m in page.metric} == tiles
    assert any("Import in progress - data as of" in i.value for i in page.info)
    assert writer.wait(timeout=10) == 0
    page.run()
    assert not page.exception
    assert not any("Import in progress" in i.value for i in page.info)
    assert "1 door count" in " ".join(c.value for c in page.caption)
