"""End to end in Chromium: every owner page on the demo gym renders its figures without an error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from legdash import cli, db, settings
from legdash.metrics import legs

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    assert cli.main(["demo", "--db", str(path)]) == 0
    return path


def open_page(page, base: str, url_path: str, last_text: str, charts: int = 0) -> None:
    """Open a page; wait for its script to draw down to `last_text` and `charts` charts to draw."""
    page.goto(f"{base}/{url_path}")
    page.get_by_text(last_text, exact=True).first.wait_for()
    # Charts mount lazily and draw after their data arrives (hidden ones sit in other tabs).
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".filter(c => c.offsetParent !== null && c.querySelector('canvas, svg')).length >= n",
        arg=charts,
    )


def cut_off_tiles(page) -> dict[int, list[str]]:
    """Tile labels and values, and filter labels, cut off with an ellipsis on a laptop and on a
    tablet (800 px wide, the menu open beside the page), by window width."""
    cut = {}
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)  # the rows wrap as the window narrows
        cut[width] = page.evaluate(
            """() => [...document.querySelectorAll(
                '[data-testid="stMetric"] [data-testid="stMarkdownContainer"], '
                + '[data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"]')]
                .filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent)"""
        )
    return cut


def tile_rows(page) -> dict[int, list[int]]:
    """How many metric tiles each row of tiles holds, top to bottom, by window width: on a tablet
    beside the menu a tile alone on its row reads as a leftover."""
    rows = {}
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)
        rows[width] = page.evaluate(
            """() => {
                const tops = [...document.querySelectorAll('[data-testid="stMetric"]')]
                    .map(m => Math.round(m.getBoundingClientRect().top));
                return [...new Set(tops)].map(top => tops.filter(t => t === top).length);
            }"""
        )
    return rows


def planner_plot_heights(page) -> dict[int, int]:
    """The height of the racks planner's plot (its gridlines' span; the chart is the one with the
    "Squat racks" axis), in pixels, by window width: its axes and legend share the chart's box."""
    heights = {}
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)
        heights[width] = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                .filter(c => c.offsetParent !== null && c.textContent.includes('Squat racks'))
                .map(c => c.querySelector('svg g.role-axis-grid').getBoundingClientRect().height)
                .map(Math.round)[0]"""
        )
    return heights


def cut_off_values(page) -> dict[int, list[str]]:
    """Values of select boxes and text fields too long for their box, by window width."""
    cut = {}
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)
        cut[width] = page.evaluate(
            """() => [...document.querySelectorAll(
                '[data-testid="stSelectbox"] input, [data-testid="stTextInput"] input')]
                .filter(e => e.scrollWidth > e.clientWidth).map(e => e.value)"""
        )
    return cut


def tables_scrolling_sideways(page, within: str = "body") -> dict[int, int]:
    """How many of the tables shown `within` a part of the page scroll sideways, on a laptop and
    on a tablet beside the menu, by window width."""
    wide = {}
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)
        wide[width] = page.evaluate(
            """within => [...document.querySelectorAll(
                within + ' [data-testid="stDataFrame"] .dvn-scroller')]
                .filter(s => s.offsetParent !== null && s.scrollWidth > s.clientWidth).length""",
            within,
        )
    return wide


def tab_rows_scrolling_sideways(page) -> dict[int, list[str]]:
    """The tabs of each row whose labels do not all fit (some sit behind the row's scroll arrow),
    on a laptop and on a tablet beside the menu, by window width."""
    hidden = {}
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)
        hidden[width] = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stTabs"] [role="tablist"]')]
                .filter(t => t.offsetParent !== null && t.scrollWidth > t.clientWidth)
                .map(t => [...t.querySelectorAll('[role="tab"]')].map(e => e.textContent).join(", "))"""
        )
    return hidden


def narrowest_chart(page, width: int) -> int:
    """The width of the narrowest chart shown, in pixels, at this window width."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(500)
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
            .filter(c => c.offsetParent !== null).map(c => c.getBoundingClientRect().width))"""
    )


def test_home(demo_db, serve_app, browser_page, screenshot):
    open_page(browser_page, serve_app(demo_db), "", "Sets logged")
    assert browser_page.get_by_test_id("stException").count() == 0
    screenshot(browser_page, "home")
    assert cut_off_tiles(browser_page) == {1280: [], 800: []}


def test_equipment_demand(demo_db, serve_app, browser_page, screenshot):
    page = browser_page
    open_page(page, serve_app(demo_db), "equipment_demand", "How these figures are made", 4)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("DEMO DATA").is_visible()
    # the busiest hours in words, in the heatmap's measure (mean share of units busy)
    assert page.get_by_text("of the racks were busy on average").first.is_visible()
    screenshot(page, "equipment_demand")
    assert cut_off_tiles(page) == {1280: [], 800: []}
    # Rows of equal tiles, none left alone on a row of its own on a tablet.
    assert tile_rows(page) == {1280: [4], 800: [2, 2]}
    # The racks planner's line chart and heatmap: side by side on a wide screen only.
    assert planner_charts_side_by_side(page, 1920)
    assert not planner_charts_side_by_side(page, 1280)
    assert not planner_charts_side_by_side(page, 800)
    # The planner's plot keeps most of its box on a laptop and a tablet (it was 160 px of 300).
    assert all(height >= 240 for height in planner_plot_heights(page).values())
    # The waiting table reads whole beside the menu on a tablet.
    assert tables_scrolling_sideways(page) == {1280: 0, 800: 0}
    # So do the equipment tabs: none hides behind the tab row's scroll arrow.
    assert tab_rows_scrolling_sideways(page) == {1280: [], 800: []}
    # The wait target's name read "Share of members who wait (%" beside the menu.
    assert cut_off_values(page) == {1280: [], 800: []}


def test_equipment_demand_with_one_rack(rack_floor, serve_app, browser_page):
    """One rack is told as that rack; its tile's label still reads whole beside the menu."""
    page = browser_page
    rack_floor.mixed_weeks()
    open_page(page, serve_app(rack_floor.path), "equipment_demand", "How these figures are made", 4)
    assert page.get_by_test_id("stException").count() == 0
    assert (
        page.get_by_test_id("stMetricLabel").get_by_text("Squat rack busy", exact=True).is_visible()
    )
    assert page.get_by_text("The squat rack was busy", exact=False).first.is_visible()
    assert cut_off_tiles(page) == {1280: [], 800: []}


def planner_charts_side_by_side(page, width: int) -> bool:
    """Whether the racks-needed heatmap sits beside the planner's line chart at this width
    (the third and fourth charts shown: after the busy hours and the waiting heatmaps)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(500)
    line, heatmap = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
            .filter(c => c.offsetParent !== null).slice(2, 4)
            .map(c => { const r = c.getBoundingClientRect(); return [r.top, r.bottom]; })"""
    )
    return heatmap[0] < line[1]


def test_leg_training(demo_db, serve_app, browser_page, screenshot):
    page = browser_page
    open_page(page, serve_app(demo_db), "leg_training", "How these figures are defined", 3)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("did not train legs last week").first.is_visible()
    screenshot(page, "leg_training")
    assert cut_off_tiles(page) == {1280: [], 800: []}
    # The leg skippers (the only table shown: the table of moves sits in a tab not opened yet)
    # read whole beside the menu on a tablet, the names wrapping rather than scrolling away.
    assert tables_scrolling_sideways(page) == {1280: 0, 800: 0}
    # On a tablet the class moves chart and the table of moves go one under the other: side by
    # side the chart was a sliver beside its legend and the table scrolled sideways.
    page.get_by_role("tab", name="By leg class over 4 weeks").click()
    page.wait_for_timeout(1000)
    assert tables_scrolling_sideways(page, '[role="tabpanel"]') == {1280: 0, 800: 0}
    assert narrowest_chart(page, 800) > 400
    # Every member segment's name reads whole in its box: "Leg class 1 (about once a wee" did not.
    members = page.get_by_test_id("stSelectbox").nth(1)
    for segment in legs.SEGMENTS.values():
        # Scrolled into view first: a click that scrolls the page there leaves the list shut.
        members.scroll_into_view_if_needed()
        members.click()
        page.get_by_role("option", name=segment, exact=True).click()
        assert cut_off_values(page) == {1280: [], 800: []}, segment


def test_settings(demo_db, serve_app, browser_page, screenshot):
    page = browser_page
    open_page(page, serve_app(demo_db), "settings", "Save equipment")
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "settings")
    # Three fields a row beside the menu on a tablet cut the time zone to "Europe/Londo".
    assert cut_off_values(page) == {1280: [], 800: []}


def test_a_deep_link_to_a_fresh_server_still_goes_through_the_roles(
    demo_db, serve_app, browser_page
):
    page = browser_page
    # The very first request of a new server process, in kiosk mode, asks for an owner page.
    base = serve_app(demo_db, kiosk=True)
    page.goto(f"{base}/settings")
    page.get_by_text("Squat-rack demand and leg training", exact=False).first.wait_for()
    assert page.get_by_role("heading", name="Settings").count() == 0
    assert page.get_by_test_id("stSidebarNav").count() == 0
    # Once the server knows the menu, a bookmark of an owner page lands quietly on home too.
    for name in ("equipment_demand", "leg_training", "settings"):
        page.goto(f"{base}/{name}")
        page.get_by_text("Squat-rack demand and leg training", exact=False).first.wait_for()
        page.wait_for_timeout(500)  # the dialog, when there is one, opens after the page
        assert page.get_by_text("Page not found").count() == 0, name
        assert page.get_by_role("heading", name="Settings").count() == 0


def test_owner_saves_opening_hours_on_the_settings_page(tmp_path, serve_app, browser_page):
    database = tmp_path / "gym.duckdb"
    assert cli.main(["demo", "--db", str(database), "--members", "40", "--weeks", "4"]) == 0
    page = browser_page
    base = serve_app(database)
    open_page(page, base, "settings", "Save equipment")
    sunday = page.get_by_label("Sunday")
    sunday.fill("closed")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Saved 1 change.").wait_for()
    # The save went through the command line into the database: a new page load shows it.
    page.reload()
    # On a busy machine the reloaded field can be read before it holds its value: wait for it.
    expect(page.get_by_label("Sunday")).to_have_value("closed")
    with db.read(database) as con:
        assert settings.load(con).open_spans(7) == []


@pytest.mark.parametrize(
    "url_path, last_text, north",
    [
        ("equipment_demand", "How these figures are made", ("2026-10-05", "2026-10-25")),
        ("leg_training", "Leg skippers", ("2026-10-19", "2026-10-25")),
    ],
)
def test_a_default_range_shows_the_picked_locations_weeks(
    rack_floor, serve_app, browser_page, url_path, last_text, north
):
    """North's data starts in October, Main's in September: picking North moves a range still
    on its default, in the date input the owner reads as well as in the figures."""
    page = browser_page
    open_page(page, serve_app(rack_floor.north_opens_mid_week()), url_path, last_text)
    dates = page.get_by_test_id("stDateInput").first.locator("input")
    # On a busy machine the input can be read while the page is still drawing: wait for it.
    expect(dates.first).to_have_value("2026-09-07")
    assert [d.input_value() for d in dates.all()] == ["2026-09-07", "2026-10-25"]
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="North").click()
    expect(dates.first).to_have_value(north[0])
    assert [d.input_value() for d in dates.all()] == list(north)
    assert page.get_by_test_id("stException").count() == 0
