"""The dashboard's pages and who may open each: legdash/navigation.py builds the menu from these
rows, and the home page lists what each page answers. Plain data, so pages and tests need neither
app.py nor Streamlit to read it."""

from __future__ import annotations

from typing import NamedTuple

from legdash.auth import ROLES, STAFF_ROLES


class PageSpec(NamedTuple):
    path: str  # relative to app.py, as st.Page takes it
    title: str
    icon: str
    section: str
    roles: frozenset[str]
    question: str = ""  # what the page answers, listed on the home page for those who may open it


EVERYONE = frozenset(ROLES)
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


def closed_to(role: str) -> list[PageSpec]:
    """The pages a role may not open: their addresses must still lead somewhere (a bookmark)."""
    return [spec for spec in PAGES if role not in spec.roles]
