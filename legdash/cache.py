"""Cached read-only queries for pages: the only library module that imports Streamlit.

Results are keyed on the database's version marker, so pages see new data after an import without
opening the file; while an import holds the file, pages keep showing what they showed before.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from legdash import db
from legdash.auth import is_staff
from legdash.db import DatabaseBusy, DatabaseMissing

__all__ = ["DatabaseMissing", "cached", "db_location"]

T = TypeVar("T")
REMEMBERED_RESULTS = 256
KIOSK_UNREADABLE = "Nothing to show right now: please ask the staff."

# The newest result per query whatever the version, served while an import holds the file.
_latest: dict[tuple[str, ...], Any] = {}
_latest_lock = threading.Lock()


def db_location() -> Path:
    """The database pages read: $LEGDASH_DB, else data/legdash.duckdb."""
    return db.db_path(None)


@st.cache_data(show_spinner=False, max_entries=1024)
def _query(
    fn_name: str, _fn: Callable[..., Any], args: tuple, kwargs: dict, path: str, version: str
) -> Any:
    # fn_name, args, kwargs, path and version make the cache key; _fn is not hashed.
    with db.read(Path(path)) as con:
        return _fn(con, *args, **kwargs)


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(con, *args, **kwargs) on a short read-only connection, cached until the data changes.

    Raises DatabaseMissing when there is no database; when an import keeps the file busy for
    more than 10 s and nothing is cached yet, or the file is not a legdash database it can read,
    the page stops with a notice instead.
    """
    path = db_location()
    if not path.exists():
        raise DatabaseMissing(f"no database at {path}")
    fn_name = f"{fn.__module__}.{fn.__qualname__}"
    key = (fn_name, str(path.resolve()), repr(args), repr(sorted(kwargs.items())))
    if db.import_started_at(path) is not None:
        with _latest_lock:
            if key in _latest:
                return copy.deepcopy(_latest[key])
    try:
        result = _query(fn_name, fn, args, kwargs, str(path), db.data_version(path))
    except DatabaseBusy:
        st.warning(
            "An import is writing to the database. This page shows its figures as soon as the "
            "import finishes: reload in a moment.",
            icon=":material/hourglass_top:",
        )
        st.stop()
        raise  # outside a Streamlit run st.stop() returns: report the busy file instead
    except (db.DatabaseUnreadable, db.NewerSchema) as error:
        if not is_staff():
            # Members at the kiosk get no paths or commands: the staff see them on their screen.
            st.info(KIOSK_UNREADABLE, icon=":material/info:")
            st.stop()
            raise
        if isinstance(error, db.NewerSchema):
            advice = "It was written by a newer legdash: upgrade legdash to show it."
        else:
            advice = (
                "Point LEGDASH_DB at a legdash database, or move this file away and run "
                f"`python -m legdash init --db {db.shell_path(path)}`."
            )
        st.error(f"The database cannot be opened. {advice}", icon=":material/error:")
        st.code(str(error), language=None, wrap_lines=True)  # never read as markdown
        st.stop()
        raise
    with _latest_lock:
        _latest.pop(key, None)
        _latest[key] = copy.deepcopy(result)
        while len(_latest) > REMEMBERED_RESULTS:
            del _latest[next(iter(_latest))]
    return result
