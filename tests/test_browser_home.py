"""End to end in Chromium: the quick start's demo home page, and imports while the page is open."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from legdash import cli

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]


def tile(page, label: str) -> str:
    """The value shown in a metric tile."""
    label_node = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    metric = page.get_by_test_id("stMetric").filter(has=label_node)
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_home_page_on_the_demo_gym(tmp_path, serve_app, browser_page):
    demo = tmp_path / "demo.duckdb"
    assert cli.main(["demo", "--db", str(demo), "--members", "60", "--weeks", "6"]) == 0
    page = browser_page
    page.goto(serve_app(demo))
    page.get_by_text("Sets logged").wait_for()
    assert page.get_by_text("DEMO DATA").is_visible()
    assert tile(page, "Members") == "60"
    assert int(tile(page, "Sets logged").replace(",", "")) > 1000
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)


def tile_rows(page) -> list[list[tuple[float, float]]]:
    """The metric tiles' (height, value top) grouped by row, as laid out at the page's width."""
    rows: dict[float, list[tuple[float, float]]] = {}
    for metric in page.get_by_test_id("stMetric").all():
        box = metric.bounding_box()
        value = metric.get_by_test_id("stMetricValue").bounding_box()
        rows.setdefault(round(box["y"]), []).append((round(box["height"]), round(value["y"])))
    return list(rows.values())


def test_a_dated_active_tile_lines_up_with_its_row(tmp_path, serve_app, browser_page):
    """Data that stopped long ago dates the Active tile; its row keeps one height, with the
    values on one line, on a laptop and on a tablet where the tiles wrap."""
    demo = tmp_path / "demo.duckdb"
    argv = ["demo", "--db", str(demo), "--members", "30", "--weeks", "4", "--end", "2025-10-17"]
    assert cli.main(argv) == 0
    page = browser_page
    page.goto(serve_app(demo))
    page.get_by_test_id("stMetric").filter(has_text="to 17 Oct 2025").wait_for()
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(500)
        rows = tile_rows(page)
        assert sum(map(len, rows)) == 5 and len(rows) == (1 if width == 1280 else 3)
        for row in rows:
            assert len(set(row)) == 1, (width, rows)


def test_command_line_import_while_the_page_is_served(tmp_path, serve_app, browser_page):
    database = tmp_path / "gym.duckdb"
    first = tmp_path / "first.csv"
    first.write_text(
        "member_id,performed_at,exercise,weight,reps\nM1,2026-01-05 18:00,Squat (Barbell),100,5\n"
    )
    assert cli.main(["import", str(first), "--db", str(database)]) == 0
    page = browser_page
    page.goto(serve_app(database))
    page.get_by_text("Sets logged").wait_for()
    assert tile(page, "Sets logged") == "1"

    more = tmp_path / "more.csv"
    more.write_text(
        "member_id,performed_at,exercise,weight,reps\n"
        + "".join(f"M2,2026-01-06 18:{m:02d},Deadlift (Barbell),140,3\n" for m in range(10))
    )
    # A separate process, as cron or the upload page would run it, while the page stays open.
    result = subprocess.run(
        [sys.executable, "-m", "legdash", "import", str(more), "--db", str(database), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"imported": 10' in result.stdout

    page.reload()
    page.get_by_text("Sets logged").wait_for()
    assert tile(page, "Sets logged") == "11"
    assert tile(page, "Members") == "2"
