"""`python -m legdash bench`: import speed against DuckDB's own CSV load, peak memory, query times.

Timings compare whole processes in one run (machines are noisy; the ratio is what counts).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from legdash import db
from legdash.db import Connection

TARGET_RATIO = 2.0
# One set for each of the generated log's 2,000 members, so every page query has data.
MIN_SETS = 2000
# A bare DuckDB process running one statement on a database file, the CSV file as its parameter.
DUCKDB_PROCESS = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); con.execute(sys.argv[3], [sys.argv[2]])"
)
BASELINE_SQL = "CREATE TABLE t AS SELECT * FROM read_csv(?)"
# The least an import must do, as one DuckDB statement on a new legdash database: write the file
# into the sets table with each set's workout start and its number in the workout (the dedupe
# key). No checks, no reject texts, no workouts table, no comparison with stored sets.
LOWER_BOUND_SQL = """INSERT INTO sets BY NAME
SELECT row_number() OVER () AS set_id, 1 AS batch_id, member_id, 1 AS workout_id,
    min(performed_at) OVER day AS workout_start,
    row_number() OVER (day_exercise ORDER BY performed_at) AS ordinal, performed_at,
    true AS time_known, 'Main' AS location, exercise AS exercise_raw,
    lower(exercise) AS exercise_key, weight AS weight_kg, reps, set_type, 'native' AS source_format
FROM read_csv(?)
WINDOW day AS (PARTITION BY member_id, performed_at::DATE),
    day_exercise AS (PARTITION BY member_id, performed_at::DATE, exercise)"""


def write_set_log(path: Path, sets: int, seed: int = 7) -> None:
    """A native set log with `sets` rows: 2,000 members training over the 16 weeks up to yesterday,
    realistic exercises, weights and times, so the page queries below have real work to do."""
    last_day = date.today() - timedelta(days=1)
    con = db.quiet(duckdb.connect())
    con.execute("SELECT setseed(?)", [1 / (seed + 1)])
    con.execute(
        f"""COPY (
            SELECT 'M' || lpad(CAST(i % 2000 AS VARCHAR), 5, '0') AS member_id,
                strftime(TIMESTAMP '{last_day}' - INTERVAL ((i // 2000) % 112) DAY
                    + INTERVAL (6 + i % 2000 % 15) HOUR + INTERVAL (i // 224000 * 3) MINUTE,
                    '%Y-%m-%d %H:%M:%S') AS performed_at,
                (['Squat (Barbell)', 'Deadlift (Barbell)', 'Romanian Deadlift (Barbell)',
                  'Leg Press (Machine)', 'Bench Press (Barbell)', 'Lat Pulldown (Cable)'])
                    [1 + CAST((i + i // 2000) % 6 AS INTEGER)] AS exercise,
                round(40 + random() * 120, 1) AS weight,
                3 + CAST(random() * 8 AS INTEGER) AS reps,
                CASE WHEN i % 5 = 0 THEN 'warmup' ELSE 'normal' END AS set_type
            FROM range({sets}) t(i)
        ) TO '{path}' (HEADER, DELIMITER ',')"""
    )
    con.close()


def _timed(command: list[str]) -> tuple[float, int]:
    """Wall-clock seconds and peak resident memory (MiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"{' '.join(command[:4])} failed: {error.strip()}")
    return elapsed, usage.ru_maxrss // 1024


def run(sets: int, runs: int) -> dict[str, Any]:
    """Median of `runs` whole-process timings: legdash import vs DuckDB CREATE TABLE AS read_csv.

    Also: peak memory at a quarter of the size (bounded memory means it barely grows) and the
    page queries on the imported database.
    """
    work = Path(tempfile.mkdtemp(prefix="legdash-bench-"))
    try:
        log = work / "sets.csv"
        write_set_log(log, sets)
        ours, theirs, least, memory = [], [], [], []
        for run in range(runs):
            baseline_db, our_db = work / f"baseline{run}.duckdb", work / f"legdash{run}.duckdb"
            theirs.append(_timed(duckdb_process(baseline_db, log, BASELINE_SQL))[0])
            bound_db = work / f"bound{run}.duckdb"
            db.init(bound_db)
            least.append(_timed(duckdb_process(bound_db, log, LOWER_BOUND_SQL))[0])
            seconds, rss = _timed(_import_command(log, our_db))
            ours.append(seconds)
            memory.append(rss)
        small_log = work / "quarter.csv"
        write_set_log(small_log, max(sets // 4, 1))
        _, small_rss = _timed(_import_command(small_log, work / "quarter.duckdb"))
        ratio = statistics.median(ours) / statistics.median(theirs)
        bound = statistics.median(least)
        return {
            "import": {
                "sets": sets,
                "file_mb": round(log.stat().st_size / 2**20, 1),
                "runs": runs,
                "legdash_import_s": round(statistics.median(ours), 3),
                "duckdb_ctas_s": round(statistics.median(theirs), 3),
                "ratio": round(ratio, 2),
                "lower_bound_s": round(bound, 3),
                "lower_bound_ratio": round(bound / statistics.median(theirs), 2),
                "target_ratio": TARGET_RATIO,
                "meets_target": ratio <= TARGET_RATIO,
                "peak_rss_mib": max(memory),
                "quarter_size_peak_rss_mib": small_rss,
            },
            "queries_s": query_times(work / f"legdash{runs - 1}.duckdb"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def duckdb_process(database: Path, log: Path, sql: str) -> list[str]:
    """The command of a `python -c` process running `sql` with the log file as its parameter."""
    return [sys.executable, "-c", DUCKDB_PROCESS, str(database), str(log), sql]


def _import_command(log: Path, database: Path) -> list[str]:
    return [sys.executable, "-m", "legdash", "import", str(log), "--db", str(database), "--json"]


def page_queries() -> dict[str, Callable[[Connection], object]]:
    """What each page computes on a first (uncached) load, with the page's default filters."""
    from legdash.metrics import legs, member, racks, status

    def leg_figure(figure: Callable[[Connection, legs.LegFilters], object]) -> Callable:
        return lambda con: figure(con, legs.resolve_filters(con))

    def spanned(figure: Callable[..., object]) -> Callable[[Connection, legs.LegFilters], object]:
        """A figure with the data span it takes, read as leg_training reads it."""
        return lambda con, f: figure(con, f, legs.leg_span(con, f))

    return {
        "home: database status": status.database_status,
        "equipment demand: whole page": lambda con: racks.rack_demand(
            con, *racks.default_range(con)
        ),
        **{
            f"leg training: {figure.__name__}": leg_figure(spanned(figure))
            for figure in (
                legs.leg_classes,
                legs.pattern_sets,
                legs.equipment_share,
                legs.join_cohorts,
                legs.class_cohorts,
                legs.leg_skippers,
            )
        },
        "leg training: whole page": leg_figure(legs.leg_training),
        "member figures (kiosk)": lambda con: member.member_summary(
            con, member.member_range(con, "M00042")
        ),
    }


def query_times(database: Path) -> dict[str, float]:
    """Seconds per page query on the benchmark's imported database (a new connection each)."""
    times = {}
    for name, query in page_queries().items():
        start = time.perf_counter()
        with db.read(database) as con:
            query(con)
        times[name] = round(time.perf_counter() - start, 3)
    return times


def text(results: dict[str, Any]) -> str:
    imp = results["import"]
    lines = [
        f"native import of {imp['sets']:,} sets ({imp['file_mb']} MB), median of {imp['runs']} runs:",
        f"  legdash import (whole process):          {imp['legdash_import_s']:.2f} s",
        f"  DuckDB CREATE TABLE AS read_csv (process): {imp['duckdb_ctas_s']:.2f} s",
        f"  ratio {imp['ratio']:.2f} (target <= {imp['target_ratio']}): "
        + ("met" if imp["meets_target"] else "NOT met"),
        f"  least an import must do (sets table only, no checks; process): "
        f"{imp['lower_bound_s']:.2f} s, ratio {imp['lower_bound_ratio']:.2f}",
        f"  peak memory of the import: {imp['peak_rss_mib']} MiB",
    ]
    lines.append(f"  peak memory at a quarter of the size: {imp['quarter_size_peak_rss_mib']} MiB")
    lines.append(f"page queries on the imported {imp['sets']:,} sets (seconds):")
    for name, seconds in results["queries_s"].items():
        lines.append(f"  {name}: {seconds:.3f}")
    return "\n".join(lines)
