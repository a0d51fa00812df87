from __future__ import annotations

import csv
import json
import subprocess

import pytest

from legdash import bench, cli, db


def test_generated_log_is_a_valid_native_file(tmp_path):
    path = tmp_path / "sets.csv"
    bench.write_set_log(path, 5000)
    rows = list(csv.DictReader(path.open()))
    assert len(rows) == 5000
    assert len({r["member_id"] for r in rows}) == 2000
    database = tmp_path / "gym.duckdb"
    assert cli.main(["import", str(path), "--db", str(database), "--units", "kg"]) == 0


def test_bench_reports_import_ratio_memory_and_page_queries(tmp_path, capsys):
    assert cli.main(["bench", "--sets", "3000", "--runs", "1", "--json"]) == 0
    out = capsys.readouterr().out

    results = json.loads(out)
    imp = results["import"]
    assert imp["sets"] == 3000
    assert abs(imp["ratio"] - imp["legdash_import_s"] / imp["duckdb_ctas_s"]) < 0.1
    assert abs(imp["lower_bound_ratio"] - imp["lower_bound_s"] / imp["duckdb_ctas_s"]) < 0.1
    assert imp["peak_rss_mib"] > 0 and imp["quarter_size_peak_rss_mib"] > 0
    assert set(results["queries_s"]) == set(bench.page_queries())
    assert all(seconds >= 0 for seconds in results["queries_s"].values())


def test_lower_bound_writes_every_set_with_its_dedupe_key(tmp_path):
    log, database = tmp_path / "sets.csv", tmp_path / "bound.duckdb"
    bench.write_set_log(log, 3000)
    db.init(database)
    subprocess.run(bench.duckdb_process(database, log, bench.LOWER_BOUND_SQL), check=True)

    with db.read(database) as con:
        rows, keys, first, early = con.execute(
            """SELECT count(*), count(DISTINCT (member_id, workout_start, exercise_raw, ordinal)),
                min(ordinal), count(*) FILTER (WHERE workout_start > performed_at) FROM sets"""
        ).fetchone()
    assert (rows, keys, first, early) == (3000, 3000, 1, 0)


def test_bench_refuses_sizes_it_cannot_measure(capsys):
    assert cli.main(["bench", "--sets", "0"]) == 2
    assert cli.main(["bench", "--sets", "3000", "--runs", "0"]) == 2
    assert "--sets must be at least 2,000 and --runs at least 1" in capsys.readouterr().err


def test_bench_takes_no_database(capsys):
    """Bench works on files it generates: a --db would be silently unused, so it is refused."""
    with pytest.raises(SystemExit):
        cli.main(["bench", "--help"])
    assert "--db" not in capsys.readouterr().out
    assert cli.main(["--db", "gym.duckdb", "bench", "--sets", "3000"]) == 2
    assert "drop --db" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["bench", "--db", "gym.duckdb"])
