"""Settings (owner): gym details, opening hours and equipment on the floor.

Saving runs one `python -m legdash settings set` with every changed value, stored in one transaction:
this process never writes the file.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from legdash import db, settings
from legdash.cache import cached, db_location
from legdash.commands import PAGE_LOCK_TIMEOUT, run_cli
from legdash.equipment import EQUIPMENT_TYPES
from legdash.ui import create_database, escape_markdown, page_header
from legdash.wording import WEEKDAY_NAMES, plural

TIME_ZONES = sorted(settings.time_zones())
EQUIPMENT_LABEL = "Equipment"
UNITS_HELP = f"Units on the floor: a whole number from 0 to {settings.MAX_UNITS}"
FIELD_WIDTH = 200  # the gym form's narrowest field: a time zone such as Europe/London reads whole


def checked(
    container: st.delta_generator.DeltaGenerator, key: str, value: str, field: str = ""
) -> str | None:
    """The value to store, or None after showing why it cannot be stored in `container`: under
    its field, or under a row of narrow fields with the `field`'s name first."""
    try:
        return settings.validate(key, value)
    except settings.SettingError as error:
        reason = f"{field}: {error}" if field else str(error)
        container.error(escape_markdown(reason[:1].upper() + reason[1:]), icon=":material/error:")
        return None


def save(form: str, changes: dict[str, str]) -> None:
    """Store the changes, all or none, through the command line; rerun with a message, or show
    what failed."""
    if not changes:
        st.info("Nothing changed.", icon=":material/info:")
        return
    pairs = [text for pair in changes.items() for text in pair]
    # Options before "--": a value may start with a dash.
    wait = ["--lock-timeout", str(PAGE_LOCK_TIMEOUT)]
    result = run_cli(["settings", "--json", *wait, "set", "--", *pairs], db_location())
    if not result.ok:
        st.error(f"Not saved: {escape_markdown(result.message)}", icon=":material/error:")
        return
    saved = f"Saved {plural(len(changes), 'change')}."
    st.session_state["settings_saved"] = (form, saved, result.json()["notes"])
    st.rerun()


def saved_message(form: str) -> None:
    """The message save() left for this form before rerunning, shown under its button, with the
    command's notes in boxes of their own: a mistyped location must not pass as one more change."""
    if st.session_state.get("settings_saved", ("",))[0] == form:
        _, message, notes = st.session_state.pop("settings_saved")
        st.success(message, icon=":material/check_circle:")
        for note in notes:
            st.warning(escape_markdown(note), icon=":material/warning:")


def gym_form(stored: dict[str, str]) -> None:
    """The gym's settings and opening hours. The fields' keys name the data they were drawn from
    (the version marker), so a change made elsewhere (the command line, another window) redraws
    them, and a save submitted from fields drawn before it is refused rather than written back
    over it."""
    zones = TIME_ZONES if stored["time_zone"] in TIME_ZONES else [stored["time_zone"], *TIME_ZONES]
    version = db.data_version(db_location())
    drawn = st.session_state.get("gym:version", version)
    st.session_state["gym:version"] = version
    with st.form("gym"):
        st.subheader("Gym")
        # Up to three fields a row, fewer where each would get less than FIELD_WIDTH: three a
        # row beside the menu on a tablet cut the time zone to "Europe/Londo".
        grid = st.grid(3, min_column_width=FIELD_WIDTH)
        name_col, location_col, zone_col, unit_col, sets_col = (grid.cell() for _ in range(5))
        # key -> (column the field is in, so its error shows under it; value as typed)
        fields = {
            "gym_name": (
                name_col,
                name_col.text_input(
                    "Gym name",
                    stored["gym_name"],
                    max_chars=settings.MAX_NAME,
                    key=f"setting:{version}:gym_name",
                ),
            ),
            "default_location": (
                location_col,
                location_col.text_input(
                    "Default location",
                    stored["default_location"],
                    max_chars=settings.MAX_NAME,
                    help="Used for rows that name no location",
                    key=f"setting:{version}:default_location",
                ),
            ),
            "time_zone": (
                zone_col,
                zone_col.selectbox(
                    "Time zone",
                    zones,
                    index=zones.index(stored["time_zone"]),
                    help="Files with UTC offsets are converted to this zone",
                    key=f"setting:{version}:time_zone",
                ),
            ),
            "display_unit": (
                unit_col,
                unit_col.radio(
                    "Display unit",
                    ("kg", "lb"),
                    index=("kg", "lb").index(stored["display_unit"]),
                    horizontal=True,
                    help="The unit of the weights in member figures",
                    key=f"setting:{version}:display_unit",
                ),
            ),
            "leg_session_min_sets": (
                sets_col,
                str(
                    sets_col.number_input(
                        "Leg sets for a leg session",
                        min_value=1,
                        max_value=20,
                        value=int(stored["leg_session_min_sets"]),
                        help="A workout with at least this many leg sets counts as a leg session",
                        key=f"setting:{version}:leg_session_min_sets",
                    )
                ),
            ),
        }
        st.subheader("Opening hours")
        st.caption(
            "Like 06:00-22:00, 18:00-02:00 (closes after midnight), 00:00-24:00 (around the "
            "clock) or closed. Utilisation counts open hours only."
        )
        clean = {key: checked(column, key, value) for key, (column, value) in fields.items()}
        # A day's field is a quarter of the form: its reason goes under the days, full width,
        # as a tablet would break it into a column of single words.
        hours = {}
        for days in (range(0, 4), range(4, 7)):
            for column, i in zip(st.columns(4), days, strict=False):
                key = f"hours.{settings.WEEKDAYS[i]}"
                day = WEEKDAY_NAMES[i]
                hours[key] = (
                    day,
                    column.text_input(day, stored[key], key=f"setting:{version}:{key}"),
                )
        reasons = st.container()
        clean |= {key: checked(reasons, key, value, day) for key, (day, value) in hours.items()}
        if st.form_submit_button("Save settings", type="primary", key="save_gym"):
            if drawn != version:
                st.warning(
                    "Nothing saved: the settings changed since this page showed them (on the"
                    " command line or in another window). Here they are as stored now: make"
                    " your change again.",
                    icon=":material/warning:",
                )
            elif None in clean.values():
                st.error("Nothing saved: correct the values marked above.", icon=":material/error:")
            else:
                save("gym", {k: v for k, v in clean.items() if v is not None and v != stored[k]})
        saved_message("gym")


def inventory_form(known: tuple[str, ...], inventory: dict[str, dict[str, int]]) -> None:
    st.subheader("Equipment on the floor")
    st.caption("Units of each equipment type per location; stations in station logs are added.")
    added = (
        st.columns(2)[0]
        .text_input(
            "Add a location",
            placeholder="A second gym or floor, e.g. Annex",
            max_chars=settings.MAX_NAME,
            help="Adds a column to the table below; it is stored once it has equipment.",
            key="inventory:new_location",
        )
        .strip()
    )
    problem = settings.name_problem(added) if added else None
    if problem:  # the rule saving would apply: say it before the column is filled in
        st.error(f"A location name {problem}.", icon=":material/error:")
    # " main " is the known Main: a second column for it would write Main's counts.
    new = added and not problem and not settings.same_location(known, added)
    locations = [*known, *([settings.location_text(added)] if new else [])]
    frame = pd.DataFrame(
        {
            EQUIPMENT_LABEL: [settings.equipment_name(kind) for kind in EQUIPMENT_TYPES],
            # Floats: in an integer column the editor drops a typed decimal point (2.7 -> 27).
            **{
                loc: [float(inventory.get(loc, {}).get(t, 0)) for t in EQUIPMENT_TYPES]
                for loc in locations
            },
        }
    )
    with st.form("inventory"):
        edited = st.data_editor(
            frame,
            hide_index=True,
            width="stretch",
            disabled=[EQUIPMENT_LABEL],
            # No limits on the column: the editor would clamp -1 to 0 without a word. The
            # counts are checked on saving instead, with a message.
            column_config={
                loc: st.column_config.NumberColumn(loc, help=UNITS_HELP) for loc in locations
            },
            # A new key when the data or the columns change, so the editor starts from them.
            key=f"inventory:{db.data_version(db_location())}:{'|'.join(locations)}",
        )
        if st.form_submit_button("Save equipment", type="primary", key="save_inventory"):
            cells = [
                (loc, kind, old, new)
                for loc in locations
                for kind, old, new in zip(EQUIPMENT_TYPES, frame[loc], edited[loc], strict=True)
            ]
            try:
                changes = settings.inventory_changes(cells)
            except settings.SettingError as error:
                st.error(f"Nothing saved: {escape_markdown(str(error))}", icon=":material/error:")
            else:
                save("inventory", changes)
        saved_message("inventory")
    for note in cached(settings.stations_beyond_inventory):
        st.info(escape_markdown(note), icon=":material/info:")


if page_header(
    "Settings", "Stored in the database: every page and report uses them", require_db=False
):
    current = cached(settings.show)
    gym_form(current["settings"])
    inventory_form(cached(settings.known_locations), current["inventory"])
else:
    create_database()
