"""Home: what the database holds and what each page answers."""

from __future__ import annotations

import streamlit as st

from app import specs_for
from legdash.auth import STAFF_ROLES, current_role
from legdash.cache import cached
from legdash.metrics import status
from legdash.ui import escape_markdown, missing_database, no_data, page_header
from legdash.wording import plural

# For a role that may open no page but this one: members at the floor screen.
KIOSK_NOTE = "Your own leg days, records and streak: ask at the desk."


def status_tiles(s: status.DatabaseStatus) -> None:
    # Files, who imported them, batches, flagged and unclassified sets are staff matters. The
    # gym-wide member counts stay on the kiosk: they name nobody and show members a busy floor.
    staff = current_role() in STAFF_ROLES
    members, active, sets, span, *import_tile = st.columns(5 if staff else 4)
    members.metric("Members", f"{s.members:,}", border=True)
    active.metric(
        f"Active ({status.ACTIVE_WINDOW_DAYS} days)",
        f"{s.active_members:,}",
        help=f"Trained in the {status.ACTIVE_WINDOW_DAYS} days up to {s.last_set:%d %b %Y}",
        border=True,
    )
    sets.metric(
        "Sets logged", f"{s.sets:,}", help="Flagged sets included" if staff else None, border=True
    )
    days = (s.last_set - s.first_set).days + 1
    # The unit goes in the label: "16 weeks" as a value is cut off in a tile on a laptop screen.
    label, count = ("Days of data", days) if days < 14 else ("Weeks of data", days // 7)
    span.metric(
        label,
        f"{count}",
        help=f"{s.first_set:%d %b %Y} to {s.last_set:%d %b %Y}",
        border=True,
    )
    imp = s.last_import
    summary = f"Data from {s.first_set:%d %b %Y} to {s.last_set:%d %b %Y}"
    if staff:
        import_tile[0].metric(
            "Last import", f"{imp.imported_at:%d %b}" if imp else "none", border=True
        )
    if imp and staff:
        by = f", by {imp.imported_by}" if imp.imported_by else ""
        summary += escape_markdown(
            f"; last import {imp.imported_at:%d %b %Y %H:%M} (batch {imp.batch_id}, "
            f"{imp.source_file}{by})"
        )
    st.caption(summary)
    if not staff:
        return
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


def empty_state(has_db: bool) -> None:
    if not has_db:
        missing_database()
        return
    no_data("The database holds no workout sets yet.")


has_db = page_header(
    "legdash", "Squat-rack demand and leg training on your gym floor", require_db=False
)
current = cached(status.database_status) if has_db else None
if current is not None and current.has_sets:
    status_tiles(current)
else:
    empty_state(has_db)
# The pages this role may open, as the menu lists them.
answers = [s for specs in specs_for(current_role()).values() for s in specs if s.question]
if answers:
    st.subheader("What each page answers")
    st.markdown("\n".join(f"- **{s.title}** - {s.question}" for s in answers))
else:
    st.info(KIOSK_NOTE, icon=":material/person:")
