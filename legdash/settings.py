"""Gym settings and equipment inventory, stored in the database so every page and command agrees."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import duckdb

from legdash.db import Connection
from legdash.equipment import EQUIPMENT_TYPES
from legdash.wording import WEEKDAY_NAMES, escaped, names_listed, plural

# Gym and location names: what fits a page header and a table column.
MAX_NAME = 100
MAX_UNITS = 500
# The words files and people use for a weight unit (the apps write "kgs" and "lbs"), per unit:
# imports read unit columns with them, the display unit setting accepts them.
WEIGHT_UNIT_WORDS = {
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"),
    "lb": ("lb", "lbs", "pound", "pounds"),
}
DISPLAY_UNITS = {word: unit for unit, words in WEIGHT_UNIT_WORDS.items() for word in words}
# A closing time before the opening time is after midnight, up to this hour (05:00-01:00 and
# 18:00-02:00 are real gyms' hours). A later one is a typo: 09:00-07:00 meant 7 pm.
LATEST_NIGHT_CLOSE = 6
KG_PER_LB = 0.45359237

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULTS: dict[str, str] = {
    "gym_name": "My gym",
    "default_location": "Main",
    "time_zone": "Europe/London",
    "display_unit": "kg",
    "leg_session_min_sets": "2",
    **{f"hours.{day}": "06:00-22:00" for day in WEEKDAYS[:5]},
    "hours.sat": "08:00-20:00",
    "hours.sun": "08:00-20:00",
}
_HOUR = 3600
_DAY = 24 * _HOUR
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


class SettingError(ValueError):
    """A setting value a person typed that cannot be used; the message says why."""


class StoredSettingError(SettingError):
    """A setting the database holds that a command cannot use (stored by an earlier version,
    which checked less); the message names the command that mends it."""


def check_time_zone(con: Connection, zone: str, has_offsets: Callable[[], bool]) -> None:
    """StoredSettingError when imports cannot convert UTC offsets to the stored zone (an earlier
    version took `localtime`) and `has_offsets()` says some of the file's times carry one, rather
    than DuckDB's own error in mid-import; times without an offset never use the zone. The zone
    is tried first, so that a good one costs no look at the times, with DuckDB's timezone() on
    `con` as the import converts: listing every zone name would cost some 50 ms."""
    try:
        con.execute("SELECT timezone(?, TIMESTAMPTZ '2000-01-01 00:00+00')", [zone])
    except duckdb.Error:
        if not has_offsets():
            return
        raise StoredSettingError(
            f"the gym's time_zone {zone!r} is not one imports can use: set one with"
            " `python -m legdash settings set time_zone Europe/London` (or on the Settings page)"
        ) from None


@dataclass(frozen=True)
class OpeningHours:
    """One weekday's opening time; `closes` 00:00 is midnight at the end of the day (24:00), and a
    closing time before the opening time is after midnight, on the next day (22:00-02:00).

    Closed days have opens == closes == 00:00 and `closed` set, which keeps them apart from
    gyms open around the clock (00:00-24:00).
    """

    opens: time
    closes: time
    closed: bool = False

    @property
    def past_midnight(self) -> bool:
        return not self.closed and time(0) < self.closes < self.opens

    @property
    def seconds(self) -> tuple[int, int] | None:
        """(opens, closes) in seconds after this day's midnight: closing at midnight is 86,400,
        and after midnight more than that. None if closed."""
        if self.closed:
            return None
        opens = self.opens.hour * 3600 + self.opens.minute * 60
        closes = self.closes.hour * 3600 + self.closes.minute * 60
        return opens, (closes + 86_400 if self.past_midnight or not closes else closes)


@dataclass(frozen=True)
class Settings:
    gym_name: str
    default_location: str
    time_zone: str
    display_unit: str
    leg_session_min_sets: int
    opening_hours: dict[str, OpeningHours] = field(default_factory=dict)
    # Stored values `settings set` would refuse now, each a line naming the fix (needs_fix): the
    # figures they change say so.
    needs_fix: tuple[str, ...] = ()

    def today(self) -> date:
        """Today on the gym's clock: stored times are the gym's wall-clock time, so the
        server's own date is a day off around midnight when it runs in another zone (at 23:30
        UTC on a Sunday it is Monday in Sydney)."""
        return wall_clock(self.time_zone).date()

    def open_spans(self, weekday: int) -> list[tuple[int, int, int]]:
        """(hour, from, to) for each open stretch of ISO weekday 1..7's hours, in seconds into
        the hour: an opening at 06:30 gives (6, 1800, 3600), so figures per open hour can count
        the open minutes only. The day before's hours past midnight come first; an hour holds
        two stretches only when a night closing and the day's opening leave a gap inside it."""
        stretches = []
        before = self.opening_hours[WEEKDAYS[weekday - 2]].seconds  # Sunday for Monday
        if before and before[1] > _DAY:
            stretches.append((0, before[1] - _DAY))
        own = self.opening_hours[WEEKDAYS[weekday - 1]].seconds
        if own:
            stretches.append((own[0], min(own[1], _DAY)))
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(stretches):
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        return [
            (hour, max(lo, hour * _HOUR) - hour * _HOUR, min(hi, (hour + 1) * _HOUR) - hour * _HOUR)
            for lo, hi in merged
            for hour in range(lo // _HOUR, -(-hi // _HOUR))
        ]


def parse_hours(value: str) -> OpeningHours:
    text = value.strip().lower()
    if text == "closed":
        return OpeningHours(time(0), time(0), closed=True)
    match = _HOURS.match(text)
    if not match:
        raise SettingError(f"opening hours must look like 06:00-22:00 or 'closed', not {value!r}")
    oh, om, ch, cm = (int(g) for g in match.groups())
    if ch == 24 and cm:
        raise SettingError(f"the latest closing time is 24:00, not {value!r}")
    closes = time(0) if ch == 24 else time(ch, cm)
    midnight = (ch, cm) in ((0, 0), (24, 0))  # 22:00-00:00 closes at midnight, as 22:00-24:00
    after_midnight = (0, 0) < (ch, cm) <= (LATEST_NIGHT_CLOSE, 0)
    if not midnight and (ch, cm) <= (oh, om) and not after_midnight:
        raise SettingError(
            "closing time must be after opening time (00:00 or 24:00 for midnight), or after"
            f" midnight up to {LATEST_NIGHT_CLOSE:02d}:00"
        )
    return OpeningHours(time(oh, om), closes)


def _equal_hours(value: str) -> bool:
    """06:00-06:00: neither a day without hours (that is `closed`) nor 24 hours from that time."""
    match = _HOURS.match(value.strip().lower())
    return bool(match) and match.group(1, 2) == match.group(3, 4)


def _refuse_equal_hours(value: str) -> None:
    """Ask, for typed hours only: an earlier version stored 06:00-06:00 (a day without open
    hours), and refusing it on load would stop every page and command, `settings set` that mends
    it included; `needs_fix` names it instead."""
    if _equal_hours(value):
        raise SettingError(
            f"{value!r} has the same opening and closing time: use 'closed', or for a day open"
            " around the clock, 00:00-24:00"
        )


def needs_fix(values: dict[str, str]) -> list[str]:
    """A line per stored opening-hours value `settings set` would refuse now, naming the fix:
    equal hours an earlier version took, which figures read as a day without open hours. (A
    stored time zone imports cannot use is named by the import that needs it.)"""
    return [
        f"{WEEKDAY_NAMES[i]}'s opening hours {values[f'hours.{day}']} open and close at the same"
        f" time, so figures count no open hours that day: set hours.{day} to closed, or to"
        " 00:00-24:00 for a day open around the clock"
        for i, day in enumerate(WEEKDAYS)
        if _equal_hours(values[f"hours.{day}"])
    ]


@cache
def time_zones() -> frozenset[str]:
    """The zone names both Python and DuckDB know: imports convert UTC offsets with DuckDB's
    `timezone()`, which refuses some names Python lists (`localtime`, `posixrules`)."""
    with duckdb.connect() as con:
        known = con.execute("SELECT name FROM pg_timezone_names()").fetchall()
    return available_timezones() & {name for (name,) in known}


def validate(key: str, value: str) -> str:
    """The cleaned value to store, or SettingError with a reason a person understands."""
    value = value.strip()
    if key.startswith("hours."):
        if key[6:] not in WEEKDAYS:
            raise SettingError(f"unknown weekday in {key!r}: use one of {', '.join(WEEKDAYS)}")
        _refuse_equal_hours(value)
        parse_hours(value)
        return value.lower()
    if key == "time_zone":
        if value not in time_zones():
            raise SettingError(f"unknown time zone {value!r} (example: Europe/London)")
        return value
    if key == "display_unit":
        unit = DISPLAY_UNITS.get(value.strip().lower())
        if unit is None:
            raise SettingError("must be kg or lb")
        return unit
    if key == "leg_session_min_sets":
        if not _whole(value) or not 1 <= int(value) <= 20:
            raise SettingError("must be a whole number from 1 to 20")
        return str(int(value))
    if key == "default_location":
        return location_name(value)
    if key == "gym_name":
        problem = name_problem(value)
        if problem:
            raise SettingError(problem)
        return value
    raise SettingError(f"unknown setting; known: {', '.join(sorted(DEFAULTS))}, inventory.*")


# Characters that turn the direction of the text after them: a name would read as other text.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What a name must be, worded once: files' locations are checked in SQL with the same words.
NAME_LENGTH_RULE = f"must be 1 to {MAX_NAME} characters"
NAME_DIRECTION_RULE = "must not hold right-to-left or left-to-right override characters"
NAME_VISIBLE_RULE = "must have a visible character"


def name_problem(name: str) -> str | None:
    """Why `name` (stripped) cannot be a gym, location or member name, or None when it can.

    Listings and `settings show` print one record per line: a newline or tab would break them.
    """
    text = name.strip()
    if not text or len(text) > MAX_NAME:
        return NAME_LENGTH_RULE
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        return "must be one line, without tabs or other control characters"
    # Direction overrides make a name read as other text; zero-width joiners alone show nothing.
    if any(c in BIDI_CONTROLS for c in text):
        return NAME_DIRECTION_RULE
    if all(unicodedata.category(c) in ("Cf", "Zs") for c in text):
        return NAME_VISIBLE_RULE
    return None


def load(con: Connection) -> Settings:
    stored = dict(con.execute("SELECT key, value FROM settings").fetchall())
    values = {**DEFAULTS, **stored}
    return Settings(
        gym_name=values["gym_name"],
        default_location=values["default_location"],
        time_zone=values["time_zone"],
        display_unit=values["display_unit"],
        leg_session_min_sets=int(values["leg_session_min_sets"]),
        opening_hours={day: parse_hours(values[f"hours.{day}"]) for day in WEEKDAYS},
        needs_fix=tuple(needs_fix(values)),
    )


def in_unit(kg: float, unit: str) -> float:
    """A weight in the display unit, to 0.1."""
    return round(kg / KG_PER_LB if unit == "lb" else kg, 1)


def _whole(text: str) -> bool:
    """ASCII digits only: str.isdigit() also passes "²", which int() then refuses."""
    return text.isascii() and text.isdigit()


def set_value(con: Connection, key: str, value: str) -> tuple[str, str]:
    """Store one setting; `inventory.TYPE` or `inventory.LOCATION.TYPE` sets a unit count.

    Returns the key and value as stored: an inventory key names the location it went to, the
    known spelling or the default location, which may not be the one typed."""
    if key.startswith("inventory."):
        # The type is the last part, so a location may contain dots ("St. Pauli").
        location, _, kind = key.removeprefix("inventory.").rpartition(".")
        typed = location_name(location) if location.strip() else None
        if not _whole(value.strip()):
            raise SettingError(
                f"an equipment count is a whole number from 0 to {MAX_UNITS}, not {value!r}"
            )
        known = known_locations(con)  # the default location first
        place = typed or known[0]
        place = same_location(known, place) or place
        set_inventory(con, place, kind, int(value))
        return f"inventory.{place}.{kind}", value.strip()
    clean = validate(key, value)
    if key == "default_location":
        clean = same_location(known_locations(con), clean) or clean
    con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, clean])
    return key, clean


def gym_today(con: Connection) -> date:
    """Today on the gym's clock, read from the database (`Settings.today`)."""
    return load(con).today()


def wall_clock(zone: str, timestamp: float | None = None) -> datetime:
    """The time on the gym's clocks in `zone` now, or at the Unix `timestamp`: naive, as the
    stored times are. A server running in UTC must not date a London gym's imports an hour
    early, nor a Sydney gym's Monday morning on Sunday."""
    return datetime.fromtimestamp(
        datetime.now().timestamp() if timestamp is None else timestamp, ZoneInfo(zone)
    ).replace(tzinfo=None)


def set_notes(known: Sequence[str], added: Sequence[str], moved_zone: bool) -> list[str]:
    """What `settings set` says beside the values it stored, a sentence each: the time zone moved
    after imports, and the locations `added` to those `known` before, as a typo makes a new floor
    with its own racks. The Settings page shows them from `settings set --json`."""
    notes = []
    if moved_zone:
        notes.append(
            "time_zone changed: stored sets keep their times; a file with UTC offsets imported"
            " again is read in the new zone and its sets count as new (undo its batch first)"
        )
    if added:
        notes.append(
            f"new location {escaped(names_listed(added))}"
            f" (known before: {escaped(names_listed(known))})"
        )
    return notes


def equipment_name(kind: str) -> str:
    """How a person reads an equipment type: squat_rack -> Squat rack."""
    return kind.replace("_", " ").capitalize()


def stations_of(kind: str, count: int) -> str:
    """'1 leg press station', '4 squat rack stations': what station logs name."""
    return plural(count, f"{equipment_name(kind).lower()} station")


def inventory_changes(cells: Iterable[tuple[str, str, float, float]]) -> dict[str, str]:
    """`settings set` pairs for the edited counts among (location, type, old, new) cells.

    SettingError names every cell that is not a count, so that nothing is saved half-right.
    """
    changes, wrong = {}, []
    for location, kind, old, new in cells:
        if new is None or math.isnan(new) or new == old:
            continue
        if plausible_units(new):
            changes[f"inventory.{location}.{kind}"] = str(int(new))
        else:
            wrong.append(
                f"{equipment_name(kind)} at {location}: {new:g} is not a whole number"
                f" from 0 to {MAX_UNITS}"
            )
    if wrong:
        raise SettingError("; ".join(wrong))
    return changes


def plausible_units(units: float) -> bool:
    """A count of one equipment type a floor can hold: whole, 0 to MAX_UNITS."""
    return float(units).is_integer() and 0 <= units <= MAX_UNITS


def set_inventory(con: Connection, location: str, equipment_type: str, units: int) -> None:
    if equipment_type not in EQUIPMENT_TYPES:
        raise SettingError(
            f"unknown equipment type {equipment_type!r}; use one of {', '.join(EQUIPMENT_TYPES)}"
        )
    if not plausible_units(units):
        raise SettingError(
            f"an equipment count is a whole number from 0 to {MAX_UNITS}, not {units}"
        )
    # No units is no row: a location typed by mistake leaves the lists once its counts are 0.
    con.execute(
        "DELETE FROM inventory WHERE location = ? AND equipment_type = ?",
        [location, equipment_type],
    )
    if units:
        con.execute("INSERT INTO inventory VALUES (?, ?, ?)", [location, equipment_type, units])


def inventory(con: Connection, location: str | None = None) -> dict[str, dict[str, int]]:
    """location -> equipment type -> units (all locations when location is None)."""
    rows = con.execute(
        "SELECT location, equipment_type, units FROM inventory"
        " WHERE ? IS NULL OR location = ? ORDER BY location, equipment_type",
        [location, location],
    ).fetchall()
    result: dict[str, dict[str, int]] = {}
    for loc, kind, units in rows:
        result.setdefault(loc, {})[kind] = units
    return result


def stations_beyond_inventory(con: Connection) -> list[str]:
    """Where station logs name more stations of a type than the inventory lists, in words.

    Equipment demand counts the stations a range's sessions use, so a lowered count does not
    take effect for a range with those sessions: the Settings page says so next to the counts.
    """
    rows = con.execute(
        """SELECT s.location, s.equipment_type, s.stations, coalesce(i.units, 0)
        FROM (SELECT location, equipment_type, count(DISTINCT station_id) AS stations
              FROM v_station_sessions GROUP BY ALL) s
        LEFT JOIN inventory i USING (location, equipment_type)
        WHERE s.stations > coalesce(i.units, 0)
        ORDER BY s.location, s.equipment_type"""
    ).fetchall()
    return [
        f"Station logs at {location} name {stations_of(kind, stations)}"
        f" while the inventory lists {units}: Equipment demand counts every station used in its"
        " date range."
        for location, kind, stations, units in rows
    ]


_LOCATIONS_SQL = """
SELECT DISTINCT coalesce(location, ?) FROM (
    SELECT location FROM inventory UNION ALL SELECT location FROM v_sets
    UNION ALL SELECT location FROM v_station_sessions UNION ALL SELECT location FROM v_occupancy)
"""


# Control characters other than whitespace: a location's tab or line break is a space, but a
# bell or escape character would print as something else, or break a listing.
CONTROL_CHARACTERS = r"[\x00-\x08\x0e-\x1f\x7f-\x9f]"


def location_key(name: str) -> str:
    """What two spellings of one location share: "Main", " main ", "MAIN\u200b", "Ｍａｉｎ";
    "İstanbul" and "istanbul"; "Café" typed or pasted decomposed (macOS); "Main\tHall" and
    "Main  Hall"."""
    text = unicodedata.normalize("NFKD", location_text(name))
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cf", "Cc"))
    return location_text(kept).casefold()


def location_text(name: str) -> str:
    """A location as it is stored: each run of whitespace one space, none around it. Files,
    --location, report --location, inventory keys and default_location all come through here."""
    return " ".join(name.split())


def location_name(name: str) -> str:
    """A location a person typed (--location, default_location, an inventory key) as stored;
    SettingError, on one line, when it is no name: a control character, empty, too long."""
    problem = name_problem(name)
    if problem:
        raise SettingError(f"a location name {problem}")
    return location_text(name)


def same_location(known: Sequence[str], name: str) -> str | None:
    """The known spelling of `name` ("main", " Main " -> "Main"), or None for a new location.

    One gym floor must not split into several locations over case, spaces or Unicode forms in a
    file or option. A name spelled exactly as a known one is that one.
    """
    if name in known:
        return name
    key = location_key(name)
    return next((place for place in known if location_key(place) == key), None)


def known_locations(con: Connection) -> tuple[str, ...]:
    """Every location in the inventory or the data, the default location first."""
    home = load(con).default_location
    return default_first(home, used_locations(con, home))


def default_first(home: str, used: set[str]) -> tuple[str, ...]:
    """The default location, then the others in `used` by name."""
    return (home, *sorted(used - {home}))


def used_locations(con: Connection, home: str) -> set[str]:
    """The locations of the inventory and the data (rows without one are at `home`, the
    default)."""
    return {row[0] for row in con.execute(_LOCATIONS_SQL, [home]).fetchall()}


def show(con: Connection) -> dict[str, object]:
    """Everything `settings show` prints, as plain data: the settings in DEFAULTS' order (the
    week from Monday), any other stored key after them."""
    stored = dict(con.execute("SELECT key, value FROM settings ORDER BY key").fetchall())
    values = {**DEFAULTS, **stored}
    return {"settings": values, "inventory": inventory(con), "needs_fix": needs_fix(values)}


def as_json(con: Connection) -> str:
    return json.dumps(show(con), indent=2, sort_keys=True)
