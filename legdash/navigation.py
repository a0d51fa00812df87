"""The role's menu as Streamlit pages, and the routing that runs it.

app.py runs it; so does legdash/ui.py when a deep link reaches a page before app.py has, so every
address goes through the role check. Like legdash/ui.py this imports Streamlit.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from legdash.auth import current_role, kiosk_mode
from legdash.menu import closed_to, specs_for

ICON = Path(__file__).parent / "assets" / "icon.png"


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
        for s in closed_to(role)
    ]
    first_section.extend(closed)
    return menu


def navigate() -> None:
    """Set up the page frame and run the page the address asks for, as the role's menu allows."""
    # A file, not a Material icon: those load from Google's font servers, and a kiosk may be offline.
    st.set_page_config(page_title="legdash", page_icon=str(ICON), layout="wide")
    position = "hidden" if kiosk_mode() else "sidebar"
    st.navigation(pages_for(current_role()), position=position).run()
