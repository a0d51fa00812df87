"""legdash dashboard entry point: routing by role, nothing else. Run with `streamlit run app.py`."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import NamedTuple

import streamlit as st

from legdash.auth import STAFF_ROLES, current_role, kiosk_mode


class PageSpec(NamedTuple):
    path: str
    title: str
    icon: str
    section: str
    roles: frozenset[str]
    question: str = ""  # what the page answers, listed on the home page for those who may open it


ICON = Path(__file__).parent / "legdash" / "assets" / "icon.png"
EVERYONE = frozenset({"owner", "staff", "kiosk"})
OWNER = frozenset({"owner"})
STAFF = frozenset(STAFF_ROLES)

# One row per page, in menu order; the first page a role may see is its start page.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/home.py", "Home", ":material/home:", "Overview", EVERYONE),
    PageSpec(
        "pages/equipment_demand.py",
        "Equipment demand",
        ":material/fitness_center:",
        "Owner",
        OWNER,
        "how busy are the squat racks by hour and weekday, how long do members wait, and how many "
        "racks (or other free-weight stations) does the floor need?",
    ),
    PageSpec(
        "pages/leg_training.py",
        "Leg training",
        ":material/directions_run:",
        "Owner",
        STAFF,
        "how many members train legs each week, and how many skipped them last week?",
    ),
    PageSpec(
        "pages/settings.py",
        "Settings",
        ":material/settings:",
        "Admin",
        OWNER,
        "gym name, time zone, opening hours and the equipment on the floor.",
    ),
)


def specs_for(role: str) -> dict[str, list[PageSpec]]:
    """The pages a role may open: section -> rows of PAGES, sections in order of first use."""
    menu: dict[str, list[PageSpec]] = {}
    for spec in PAGES:
        if role in spec.roles:
            menu.setdefault(spec.section, []).append(spec)
    return menu


def pages_for(role: str) -> dict[str, list[st.Page]]:
    """The navigation menu for a role, ready for st.navigation.

    A link to a page the role may not open (a bookmark on the kiosk) lands on the role's start
    page: a hidden entry at that address switches to it, so Streamlit shows no "Page not found"
    dialog, and the page's own file never runs for the role.
    """
    menu = {
        section: [st.Page(s.path, title=s.title, icon=s.icon) for s in specs]
        for section, specs in specs_for(role).items()
    }
    first_section = next(iter(menu.values()))
    start = first_section[0]
    closed = [
        st.Page(
            partial(st.switch_page, start),
            title=s.title,
            url_path=Path(s.path).stem,
            visibility="hidden",
        )
        for s in PAGES
        if role not in s.roles
    ]
    first_section.extend(closed)
    return menu


def main() -> None:
    # A file, not a Material icon: those load from Google's font servers, and a kiosk may be offline.
    st.set_page_config(page_title="legdash", page_icon=str(ICON), layout="wide")
    position = "hidden" if kiosk_mode() else "sidebar"
    st.navigation(pages_for(current_role()), position=position).run()


# Streamlit runs this file as __main__; importing it (tests of pages_for) draws nothing.
if __name__ == "__main__":
    main()
