from __future__ import annotations

import csv
import json

from legdash import bench, cli


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
    assert imp["peak_rss_mib"] > 0 and imp["quarter_size_peak_rss_mib"] > 0
    assert set(results["queries_s"]) == set(bench.page_queries())
    assert all(seconds >= 0 for seconds in results["queries_s"].values())


def test_bench_refuses_sizes_it_cannot_measure(capsys):
    assert cli.main(["bench", "--sets", "0"]) == 2
    assert cli.main(["bench", "--sets", "3000", "--runs", "0"]) == 2
    assert "--sets must be at least 2,000 and --runs at least 1" in capsys.readouterr().err
