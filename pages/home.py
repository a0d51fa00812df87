"""Home: what the database holds and what each page answers."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from legdash.auth import current_role, is_staff
from legdash.cache import cached
from legdash.menu import specs_for
from legdash.metrics import status
from legdash.ui import (
    current_day,
    escape_markdown,
    missing_database,
    no_data,
    page_header,
    tile_row,
)
from legdash.wording import escaped, plural

# For a role that may open no page but this one: members at the floor screen.
KIOSK_NOTE = "Your own leg days, records and streak: ask at the desk."
# Each tile as tall as the tallest in its row, so a tile with a date under its value does not
# stand out from the row.
TILE: dict[str, Any] = {"border": True, "height": "stretch"}


def status_tiles(s: status.DatabaseStatus) -> None:
    # Files, who imported them, batches, flagged and unclassified sets are staff matters. The
    # gym-wide member counts stay on the kiosk: they name nobody and show members a busy floor.
    staff = is_staff()
    tiles = tile_row(5 if staff else 4)
    tiles.metric("Members", f"{s.members:,}", **TILE)
    tiles.metric(
        status.ACTIVE_LABEL,
        f"{s.active_members:,}",
        # The window's last day, grey under the value, as a label of two lines would push this
        # tile's value below the others'.
        delta=s.active_until(current_day()),
        delta_color="off",
        delta_arrow="off",
        help=f"Trained in the {status.ACTIVE_WINDOW_DAYS} days up to {s.last_set:%d %b %Y}",
        **TILE,
    )
    tiles.metric(
        "Sets logged", f"{s.sets:,}", help="Flagged sets included" if staff else None, **TILE
    )
    days = (s.last_set - s.first_set).days + 1
    # The unit goes in the label: "16 weeks" as a value is cut off in a tile on a laptop screen.
    label, count = ("Days of data", days) if days < 14 else ("Weeks of data", days // 7)
    tiles.metric(
        label,
        f"{count}",
        help=f"{s.first_set:%d %b %Y} to {s.last_set:%d %b %Y}",
        **TILE,
    )
    if not staff:
        st.caption(f"Data from {s.first_set:%d %b %Y} to {s.last_set:%d %b %Y}")
        return
    last_import_tile(tiles, s)
    staff_captions(s, s.first_set, s.last_set)


def without_sets(s: status.DatabaseStatus) -> None:
    """Station logs or door counts but no sets that count: what is there, and what is missing."""
    tiles = tile_row(4)
    tiles.metric("Sets logged", f"{s.sets:,}", help="Flagged sets included", **TILE)
    tiles.metric("Station sessions", f"{s.station_sessions:,}", **TILE)
    tiles.metric("Door counts", f"{s.occupancy_rows:,}", **TILE)
    last_import_tile(tiles, s)
    staff_captions(s, s.first_day, s.last_day)
    no_data(
        f"{s.sets_held} Leg training needs set logs (exports from Strong, Hevy or FitNotes, or a native "
        "set log). Station logs give Equipment demand its figures, door counts its coverage."
    )


def last_import_tile(tile: DeltaGenerator, s: status.DatabaseStatus) -> None:
    imp = s.last_import
    tile.metric("Last import", f"{imp.imported_at:%d %b}" if imp else "none", **TILE)


def staff_captions(s: status.DatabaseStatus, first: date | None, last: date | None) -> None:
    """The data's span, the last import and the counts staff review."""
    parts = []
    if first and last:
        parts.append(f"Data from {first:%d %b %Y} to {last:%d %b %Y}")
    if imp := s.last_import:
        by = f", by {imp.imported_by}" if imp.imported_by else ""
        parts.append(
            escape_markdown(
                f"last import {imp.imported_at:%d %b %Y %H:%M} (batch {imp.batch_id}, "
                f"{escaped(imp.source_file)}{by})"
            )
        )
    if parts:
        st.caption("; ".join(parts))
    st.caption(
        " · ".join(
            [
                plural(s.workouts, "workout", "workouts"),
                plural(s.batches, "import batch", "import batches"),
                plural(s.station_sessions, "station session", "station sessions"),
                plural(s.occupancy_rows, "door count", "door counts"),
                plural(s.flagged_sets, "flagged set", "flagged sets") + " (left out of figures)",
                plural(
                    s.unclassified_exercises,
                    "unclassified exercise name",
                    "unclassified exercise names",
                ),
            ]
        )
    )


has_db = page_header(
    "legdash", "Squat-rack demand and leg training on your gym floor", require_db=False
)
current = cached(status.database_status) if has_db else None
if current is None:
    missing_database()
elif current.has_sets:
    status_tiles(current)
elif current.has_data and is_staff():
    without_sets(current)
else:
    no_data(current.sets_held)
# The pages this role may open, as the menu lists them.
answers = [s for specs in specs_for(current_role()).values() for s in specs if s.question]
if answers:
    st.subheader("What each page answers")
    st.markdown("\n".join(f"- **{s.title}** - {s.question}" for s in answers))
else:
    st.info(KIOSK_NOTE, icon=":material/person:")
