from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from legdash import commands, db, settings
from legdash.ingest import pipeline
from legdash.ui import escape_markdown
from tests.conftest import DbHolder


def open_settings(app_page: Callable[..., AppTest]) -> AppTest:
    """The Settings page as the menu opens it, from the app's entry."""
    at = app_page("app.py")
    at.run()
    at.switch_page("pages/settings.py")
    at.run()
    return at


@pytest.fixture
def page(app_page: Callable[..., AppTest], db_file: Path) -> AppTest:
    db.init(db_file)
    at = open_settings(app_page)
    assert not at.exception
    return at


def field(at: AppTest, kind: str, name: str) -> Any:
    """The gym form's field for the setting `name`: its key also names the data it was drawn
    from, so that a change made elsewhere redraws it."""
    (widget,) = [
        w for w in getattr(at, kind) if w.key.startswith("setting:") and w.key.endswith(f":{name}")
    ]
    return widget


def stored(db_file: Path) -> dict[str, object]:
    with db.read(db_file) as con:
        return settings.show(con)


def test_shows_current_values(page: AppTest) -> None:
    assert field(page, "text_input", "gym_name").value == "My gym"
    assert field(page, "text_input", "hours.sat").value == "08:00-20:00"
    assert field(page, "selectbox", "time_zone").value == "Europe/London"
    assert field(page, "number_input", "leg_session_min_sets").value == 2
    assert not page.error


def test_equal_hours_stored_by_an_earlier_version_are_marked_on_opening(
    app_page: Callable[..., AppTest], db_file: Path
) -> None:
    """06:00-06:00 stored once reads as a day without open hours: the page names the day and the
    fix as soon as it opens, not only when the form is saved."""
    db.init(db_file)
    with db.write(db_file) as con:
        con.execute("INSERT OR REPLACE INTO settings VALUES ('hours.mon', '06:00-06:00')")
    at = open_settings(app_page)
    (error,) = at.error
    assert error.value.startswith(escape_markdown("Monday: '06:00-06:00' has the same opening"))
    assert escape_markdown("use 'closed', or for a day open around the clock") in error.value


def test_bad_opening_hours_show_an_error_and_save_nothing(page: AppTest, db_file: Path) -> None:
    field(page, "text_input", "hours.mon").input("9 till 5")
    field(page, "text_input", "gym_name").input("Iron Temple")
    page.button(key="save_gym").click().run()
    assert not page.exception
    errors = [e.value for e in page.error]
    # Under the row of days, full width, naming the day.
    assert any(e.startswith("Monday") and "opening hours must look like" in e for e in errors)
    assert any("Nothing saved" in e for e in errors)
    assert stored(db_file)["settings"]["gym_name"] == "My gym"


def test_saving_changes_the_database(page: AppTest, db_file: Path) -> None:
    field(page, "text_input", "gym_name").input("Iron Temple")
    field(page, "text_input", "hours.sun").input("Closed")
    page.button(key="save_gym").click().run()
    assert not page.exception
    assert not page.error
    assert "Saved 2 changes" in page.success[0].value
    assert not page.warning  # no notes: no empty box beside the message
    values = stored(db_file)["settings"]
    assert (values["gym_name"], values["hours.sun"]) == ("Iron Temple", "closed")
    assert field(page, "text_input", "gym_name").value == "Iron Temple"
    assert page.caption[0].value == "**Iron Temple**"  # above every page's title


@pytest.fixture
def imported(
    app_page: Callable[..., AppTest], db_file: Path, write_csv: Callable[..., Path]
) -> AppTest:
    """The Settings page on a database whose gym is in UTC and whose one import is at Main."""
    with db.write(db_file) as con:
        settings.set_value(con, "time_zone", "UTC")
    log = write_csv(
        "stations.csv",
        "station_id,equipment_type,started_at,ended_at\nR1,rack,2026-01-05 18:00,2026-01-05 18:40\n",
    )
    pipeline.import_file(log, db_file)
    at = open_settings(app_page)
    assert not at.exception
    return at


def test_a_new_default_location_is_named_beside_the_saved_message(imported: AppTest) -> None:
    """A typo in the default location makes a new floor: the page says so, as `settings set` does."""
    field(imported, "text_input", "default_location").input("Mian")
    imported.button(key="save_gym").click().run()
    assert not imported.exception
    assert imported.success[0].value == "Saved 1 change."
    (note,) = imported.warning
    assert note.value == escape_markdown("new location Mian (known before: Main)")


def test_a_time_zone_moved_after_imports_is_explained_beside_the_saved_message(
    imported: AppTest,
) -> None:
    field(imported, "selectbox", "time_zone").select("Europe/London")
    imported.button(key="save_gym").click().run()
    assert not imported.exception
    assert imported.success[0].value == "Saved 1 change."
    (note,) = imported.warning
    assert note.value.startswith(escape_markdown("time_zone changed: stored sets keep their times"))
    assert escape_markdown("count as new (undo its batch first)") in note.value


def test_without_a_database_the_page_creates_one(
    app_page: Callable[..., AppTest], db_file: Path
) -> None:
    """The time zone is best set before the first import: the page points to `init`, or runs it,
    rather than only to importing."""
    at = open_settings(app_page)
    assert not at.exception
    assert "There is no database" in at.info[0].value
    assert "before the first import" in at.info[0].value
    text = " ".join(m.value for m in at.markdown)
    assert f"python -m legdash init --db {db.shell_path(db_file)}\n" in text
    assert not db_file.exists()  # looking creates nothing
    at.button(key="create_database").click().run()
    assert not at.exception
    assert not at.error
    assert db_file.exists()
    assert field(at, "selectbox", "time_zone").value == "Europe/London"


def test_a_database_that_cannot_be_created_says_why(
    app_page: Callable[..., AppTest], db_file: Path
) -> None:
    """The command's reason reads as part of the page's sentence, without its `error: `."""
    db_file.parent.write_text("")  # a file where the database's folder should be
    at = open_settings(app_page)
    at.button(key="create_database").click().run()
    assert not at.exception
    reason = f"cannot write in {db_file.parent}: it is a file, not a folder"
    assert at.error[0].value == f"Not created: {escape_markdown(reason)}"
    assert not db_file.exists()


def test_a_change_made_elsewhere_since_the_page_showed_is_not_undone(
    page: AppTest, db_file: Path
) -> None:
    """The command line (or another window) moved the time zone while this page showed the old
    one: saving the gym name must not write the old zone back."""
    assert commands.run_cli(["settings", "set", "time_zone", "UTC"], db_file).ok
    field(page, "text_input", "gym_name").input("Iron Temple")
    page.button(key="save_gym").click().run()
    assert not page.exception
    values = stored(db_file)["settings"]
    assert (values["time_zone"], values["gym_name"]) == ("UTC", "My gym")
    assert "changed since this page showed them" in page.warning[0].value
    assert field(page, "selectbox", "time_zone").value == "UTC"


def test_command_failure_is_shown(page: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(args: list[str], db_path: Path, stdin: str | None = None) -> commands.CliResult:
        return commands.CliResult(1, "", "error: database busy, try again\n")

    monkeypatch.setattr(commands, "run_cli", busy)
    field(page, "text_input", "gym_name").input("Iron Temple")
    page.button(key="save_gym").click().run()
    assert not page.exception
    assert page.error[0].value == "Not saved: database busy, try again"
    assert not page.success


def test_a_save_while_an_import_holds_the_file_is_refused_within_seconds(
    page: AppTest, db_file: Path, hold_db: Callable[..., DbHolder]
) -> None:
    """The command line would wait 60 s for the lock; the page says "busy" after a few."""
    hold_db(db_file, "read")  # as an import's final transaction would, for longer than a save
    field(page, "text_input", "gym_name").input("Iron Temple")
    started = time.monotonic()
    page.button(key="save_gym").click().run(timeout=commands.PAGE_LOCK_TIMEOUT + 20)
    assert time.monotonic() - started < commands.PAGE_LOCK_TIMEOUT + 20
    assert page.error[0].value == "Not saved: database busy, try again"
    assert stored(db_file)["settings"]["gym_name"] == "My gym"


def inventory_columns(at: AppTest) -> list[str]:
    editors = [d.value for d in at.dataframe if "Equipment" in d.value.columns]
    return list(editors[0].columns[1:])


def test_inventory_lists_every_known_location_and_can_add_one(
    app_page: Callable[..., AppTest], db_file: Path
) -> None:
    with db.write(db_file) as con:
        settings.set_value(con, "inventory.St. Pauli.squat_rack", "2")
    at = open_settings(app_page)
    assert inventory_columns(at) == ["Main", "St. Pauli"]
    at.text_input(key="inventory:new_location").input(" Annex ").run()
    assert not at.exception
    assert inventory_columns(at) == ["Main", "St. Pauli", "Annex"]
    at.text_input(key="inventory:new_location").input(" st.  pauli").run()
    assert inventory_columns(at) == ["Main", "St. Pauli"]
    at.text_input(key="inventory:new_location").input("\u200b").run()
    assert inventory_columns(at) == ["Main", "St. Pauli"]
    assert at.error[0].value == "A location name must have a visible character."


def test_a_count_below_the_stations_in_logs_is_explained(
    page: AppTest, db_file: Path, write_csv: Callable[..., Path]
) -> None:
    """An owner lowering the rack count learns why Equipment demand may still use more."""
    rows = "".join(f"R{i},rack,2026-01-05 18:00,2026-01-05 18:40\n" for i in (1, 2, 3))
    log = write_csv("stations.csv", "station_id,equipment_type,started_at,ended_at\n" + rows)
    pipeline.import_file(log, db_file)
    page.run()
    assert not page.info
    with db.write(db_file) as con:
        settings.set_value(con, "inventory.squat_rack", "2")
    page.run()
    assert [i.value for i in page.info] == [
        escape_markdown(
            "Station logs at Main name 3 squat rack stations while the inventory lists 2: Equipment"
            " demand counts every station used in its date range."
        )
    ]
