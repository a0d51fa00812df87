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
from pathlib import Path
from typing import Any

import duckdb

TARGET_RATIO = 2.0
BASELINE = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
    "con.execute('CREATE TABLE t AS SELECT * FROM read_csv(?)', [sys.argv[2]])"
)
# Extra query timings other modules register: name -> function(database path) -> None.
QUERY_BENCHES: dict[str, Callable[[Path], None]] = {}


def write_set_log(path: Path, sets: int, seed: int = 7) -> None:
    """A native set log with `sets` rows: 2,000 members, realistic exercises, weights and times."""
    con = duckdb.connect()
    con.execute(f"SELECT setseed({1 / (seed + 1)})")
    con.execute(
        f"""COPY (
            SELECT 'M' || lpad(CAST(i % 2000 AS VARCHAR), 5, '0') AS member_id,
                strftime(TIMESTAMP '2025-01-06 06:00' + INTERVAL (i // 2000 * 5) MINUTE
                    + INTERVAL (i % 7) DAY, '%Y-%m-%d %H:%M:%S') AS performed_at,
                (['Squat (Barbell)', 'Deadlift (Barbell)', 'Romanian Deadlift (Barbell)',
                  'Leg Press (Machine)', 'Bench Press (Barbell)', 'Lat Pulldown (Cable)'])
                    [1 + CAST(i % 6 AS INTEGER)] AS exercise,
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


def import_vs_duckdb(sets: int, runs: int) -> dict[str, Any]:
    """Median of `runs` whole-process timings: legdash import vs DuckDB CREATE TABLE AS read_csv."""
    work = Path(tempfile.mkdtemp(prefix="legdash-bench-"))
    try:
        log = work / "sets.csv"
        write_set_log(log, sets)
        ours, theirs, memory = [], [], []
        for run in range(runs):
            baseline_db, our_db = work / f"baseline{run}.duckdb", work / f"legdash{run}.duckdb"
            seconds, _ = _timed([sys.executable, "-c", BASELINE, str(baseline_db), str(log)])
            theirs.append(seconds)
            seconds, rss = _timed(
                [sys.executable, "-m", "legdash", "import", str(log), "--db", str(our_db), "--json"]
            )
            ours.append(seconds)
            memory.append(rss)
        ratio = statistics.median(ours) / statistics.median(theirs)
        return {
            "sets": sets,
            "file_mb": round(log.stat().st_size / 2**20, 1),
            "runs": runs,
            "legdash_import_s": round(statistics.median(ours), 3),
            "duckdb_ctas_s": round(statistics.median(theirs), 3),
            "ratio": round(ratio, 2),
            "target_ratio": TARGET_RATIO,
            "meets_target": ratio <= TARGET_RATIO,
            "peak_rss_mib": max(memory),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(sets: int, runs: int) -> dict[str, Any]:
    results: dict[str, Any] = {"import": import_vs_duckdb(sets, runs)}
    if QUERY_BENCHES:
        results["queries_s"] = query_times()
    return results


def query_times() -> dict[str, float]:
    """Seconds per registered page query, on a generated demo gym."""
    from legdash import db, demo

    work = Path(tempfile.mkdtemp(prefix="legdash-bench-q-"))
    try:
        path = work / "demo.duckdb"
        with db.write(path) as con:
            demo.generate(con)
        times = {}
        for name, bench in QUERY_BENCHES.items():
            start = time.perf_counter()
            bench(path)
            times[name] = round(time.perf_counter() - start, 3)
        return times
    finally:
        shutil.rmtree(work, ignore_errors=True)


def text(results: dict[str, Any]) -> str:
    imp = results["import"]
    lines = [
        f"native import of {imp['sets']:,} sets ({imp['file_mb']} MB), median of {imp['runs']} runs:",
        f"  legdash import (whole process):          {imp['legdash_import_s']:.2f} s",
        f"  DuckDB CREATE TABLE AS read_csv (process): {imp['duckdb_ctas_s']:.2f} s",
        f"  ratio {imp['ratio']:.2f} (target <= {imp['target_ratio']}): "
        + ("met" if imp["meets_target"] else "NOT met"),
        f"  peak memory of the import: {imp['peak_rss_mib']} MiB",
    ]
    for name, seconds in results.get("queries_s", {}).items():
        lines.append(f"  query {name}: {seconds:.3f} s")
    return "\n".join(lines)
