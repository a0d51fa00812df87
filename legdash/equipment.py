"""Station equipment types: how "Power Rack 3" or "half rack" in a station log becomes squat_rack."""

from __future__ import annotations

from legdash.db import Connection
from legdash.exercises import NAME_KEY_SQL, name_key

EQUIPMENT_TYPES = ("squat_rack", "platform", "smith", "leg_press", "hack_squat", "bench", "other")

# Built-in rules, tried in order: the first whose words all appear in the name wins. Staff add exact
# aliases in the equipment_aliases table, which take precedence.
BUILTIN_RULES: tuple[tuple[str, str], ...] = (
    ("smith", "smith"),
    ("hack", "hack_squat"),
    ("leg press", "leg_press"),
    ("legpress", "leg_press"),
    ("rack", "squat_rack"),
    ("squat", "squat_rack"),
    ("cage", "squat_rack"),
    ("platform", "platform"),
    ("deadlift", "platform"),
    ("bench", "bench"),
)


def builtin_type(raw: str) -> str:
    """Equipment type from the built-in rules alone; "other" when nothing matches."""
    key = f" {name_key(raw)} "
    for words, kind in BUILTIN_RULES:
        if all(f" {w} " in key for w in words.split()):
            return kind
    return "other"


def type_sql(col: str) -> str:
    """SQL giving the equipment type of column `col`: staff aliases first, then the built-in rules."""
    key = NAME_KEY_SQL.format(col=col)
    padded = f"(' ' || {key} || ' ')"
    cases = " ".join(
        "WHEN "
        + " AND ".join(f"contains({padded}, ' {w} ')" for w in words.split())
        + f" THEN '{kind}'"
        for words, kind in BUILTIN_RULES
    )
    return (
        f"coalesce((SELECT a.equipment_type FROM equipment_aliases a WHERE a.alias_key = {key}),"
        f" CASE {cases} ELSE 'other' END)"
    )


def add_alias(con: Connection, raw: str, equipment_type: str) -> None:
    """Map a station name to a type and reclassify the stored sessions that use it."""
    if equipment_type not in EQUIPMENT_TYPES:
        raise ValueError(f"unknown equipment type {equipment_type!r}")
    key = name_key(raw)
    con.execute("INSERT OR REPLACE INTO equipment_aliases VALUES (?, ?)", [key, equipment_type])
    con.execute(
        f"UPDATE station_sessions SET equipment_type = ? WHERE {NAME_KEY_SQL.format(col='equipment_raw')} = ?",
        [equipment_type, key],
    )
