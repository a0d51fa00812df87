from __future__ import annotations

import ast
from pathlib import Path

import pytest

from legdash import menu

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize(
    "role, titles",
    [
        ("owner", ["Home", "Equipment demand", "Leg training", "Settings"]),
        ("staff", ["Home", "Leg training"]),
        ("kiosk", ["Home"]),
    ],
)
def test_menu_for_role(role: str, titles: list[str]) -> None:
    assert [spec.title for specs in menu.specs_for(role).values() for spec in specs] == titles


@pytest.mark.parametrize("role", ["owner", "staff", "kiosk"])
def test_every_page_is_open_or_closed_to_a_role(role: str) -> None:
    shown = [spec for specs in menu.specs_for(role).values() for spec in specs]
    assert sorted(shown + menu.closed_to(role)) == sorted(menu.PAGES)
    assert not set(shown) & set(menu.closed_to(role))


def test_every_menu_page_exists() -> None:
    assert all((ROOT / spec.path).is_file() for spec in menu.PAGES)


def imported_modules(path: Path) -> set[str]:
    """The top-level names of the modules a Python file imports."""
    tree = ast.parse(path.read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    return {name.split(".")[0] for name in imported}


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_import_the_library_not_the_app(page: Path) -> None:
    """A page that imports app.py depends on the entry point that runs it."""
    assert "app" not in imported_modules(page)


@pytest.mark.parametrize(
    "module",
    sorted((ROOT / "legdash").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_the_library_does_not_import_the_app(module: Path) -> None:
    """The library is what app.py runs; importing app.py back would make it depend on its caller."""
    assert "app" not in imported_modules(module)
