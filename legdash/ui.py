"""Page chrome every page starts with: title, DEMO DATA banner, import notice, missing database.

Like legdash/cache.py this imports Streamlit; the rest of the library does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.pages_manager import PagesManager

from legdash import commands, db, settings
from legdash.auth import is_staff
from legdash.cache import cached, db_location
from legdash.metrics import EmptyState
from legdash.navigation import navigate
from legdash.wording import ALL_LOGS

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")

IMPORT_HELP = """\
Import {kinds} from the command line:

```
python -m legdash import FILE... --db {db}
```

or look around a generated demo gym (labelled DEMO DATA) first:

```
python -m legdash demo --db data/demo.duckdb
```

`./scripts/dashboard.sh` creates that demo on its first run and opens it.
"""

CREATE_HELP = """\
or on the command line:

```
python -m legdash init --db {db}
```
"""

# The narrowest a tile or a filter gets before its row wraps: a tablet beside the menu has room
# for two or three, and a cut label ("S...") says nothing.
TILE_WIDTH = 150
FILTER_WIDTH = 220

# Members at the kiosk cannot import: no commands or server paths for them, just what to expect.
KIOSK_EMPTY = "Nothing to show yet: the gym's figures appear here once the staff add workout logs."


def escape_markdown(text: str) -> str:
    """Show names from imported files literally in markdown (labels, help, captions)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def page_header(title: str, subtitle: str | None = None, *, require_db: bool = True) -> bool:
    """Draw the shared top of a page; True when the database exists.

    With require_db (the default) a missing database shows how to create one and stops the page.
    """
    _route_through_app()
    has_db = db_location().exists()
    # The whole settings, cached here, serve import_notice during an import too.
    gym = cached(settings.load).gym_name if has_db else "legdash"
    st.set_page_config(page_title=f"{title} · {gym}")
    if has_db:
        st.caption(f"**{escape_markdown(gym)}**")
    st.title(title)
    if subtitle:
        st.caption(subtitle)
    if not has_db:
        if require_db:
            missing_database()
            st.stop()
        return False
    demo_banner()
    import_notice()
    return True


def _route_through_app() -> None:
    """Send a deep link through the role's menu, as app.py does.

    Until app.py's st.navigation has run once in a server process, Streamlit answers a URL such
    as /settings by running pages/settings.py on its own (its older pages/ folder mode), which
    would skip the roles. Running the same routing here closes that gap; it changes nothing once
    the navigation is in place.
    """
    if not PagesManager.uses_pages_directory:
        return
    navigate()
    st.stop()


def tile_row(count: int) -> DeltaGenerator:
    """A row of `count` metric tiles that wraps to fewer per row where they would be cut: each
    call on it adds the next tile."""
    return st.grid(count, min_column_width=TILE_WIDTH)


def filter_row(count: int) -> DeltaGenerator:
    """A row of `count` filters that wraps on a narrow window; each call on it adds a filter."""
    return st.grid(count, min_column_width=FILTER_WIDTH)


def kept(key: str) -> dict[str, Any]:
    """A filter widget's key, with its choice kept for the session: Streamlit otherwise forgets a
    widget's value as soon as another page is shown, and the filters would reset on the way back.
    """
    return {"key": key, "persist_state": "session"}


def follow_location(
    range_key: str,
    default_key: str,
    location_key: str,
    default_for: Callable[[Any], tuple[date, date]],
) -> None:
    """A location filter's on_change: a range still on its default (the page keeps the default
    it showed under `default_key`) moves to the newly picked location's default range,
    `default_for(location)`; a range a person picked stays. The range is set, not forgotten: the
    browser's date input keeps showing a forgotten value, while the figures would use the new
    default."""
    if st.session_state.get(range_key) == st.session_state.get(default_key):
        st.session_state[range_key] = default_for(st.session_state.get(location_key))


def current_day() -> date:
    """The gym's today, which the owner pages count up to: their default ranges end no later,
    and Leg training's date picker no later either. One place, so a test can make it a
    Saturday. Only the time zone is cached: a settings change rewrites the version marker,
    midnight does not."""
    return cached(settings.load).today()


def whole_range(picked: Any) -> tuple[date, date]:
    """The two ends of a date-range input; while only the start is picked, a hint stops the page."""
    if not isinstance(picked, tuple) or len(picked) != 2:
        st.info("Pick the end date of the range too.", icon=":material/date_range:")
        st.stop()
    return picked[0], picked[1]


def missing_database() -> None:
    """The empty state for a database that does not exist yet: how to make one."""
    no_data(f"There is no database at `{db_location()}` yet.", icon=":material/database:")


def create_database() -> None:
    """The Settings page's empty state: the time zone belongs in the file before the first import,
    so the page makes the file, through `init` as every write from a page goes, and then its form
    shows."""
    path = db_location()
    st.info(
        f"There is no database at `{path}` yet. Create it, then set the time zone, opening hours"
        " and equipment here before the first import: files with UTC offsets are converted to"
        " the time zone as they are imported, and stored sets keep their times when it changes.",
        icon=":material/database:",
    )
    if st.button("Create the database", type="primary", key="create_database"):
        result = commands.run_cli(["init"], path)
        if result.ok:
            st.rerun()
        st.error(f"Not created: {escape_markdown(result.message)}", icon=":material/error:")
    st.markdown(CREATE_HELP.format(db=db.shell_path(path)))


def no_data(
    message: str,
    icon: str = ":material/inbox:",
    kinds: str = ALL_LOGS,
) -> None:
    """An empty state: for owner and staff what is missing and how to import `kinds`; on the
    kiosk a neutral line instead."""
    if not is_staff():
        st.info(KIOSK_EMPTY, icon=":material/inbox:")
        return
    st.info(message, icon=icon)
    st.markdown(IMPORT_HELP.format(kinds=kinds, db=db.shell_path(db_location())))


def empty_state(state: EmptyState) -> None:
    """A page's figures are empty: the library's sentence, with import help when the database
    lacks the logs the page needs."""
    text = escape_markdown(state.sentence)
    if state.import_kinds:
        no_data(text, kinds=state.import_kinds)
    else:
        st.info(text, icon=":material/inbox:")


def demo_banner() -> None:
    """Demo figures must never be mistaken for the gym's own."""
    if cached(db.has_demo_data):
        st.warning(
            "**DEMO DATA** - this database holds a generated demo gym, not real members.",
            icon=":material/science:",
        )


def import_notice() -> None:
    """Pages serve cached figures while an import holds the file; say how old they are, on the
    gym's clock."""
    path = db_location()
    started = db.import_started_at(path)
    if started is None:
        return
    try:
        as_of = db.version_marker(path).stat().st_mtime
    except FileNotFoundError:
        as_of = started.timestamp()
    clock = settings.wall_clock(cached(settings.load).time_zone, as_of)
    st.info(f"Import in progress - data as of {clock:%H:%M}", icon=":material/sync:")
