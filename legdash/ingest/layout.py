"""What a file format looks like: its columns, their header spellings, and how to stage its rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from legdash.ingest.dates import DateOrder
from legdash.ingest.source import UnusableFile
from legdash.settings import location_text, same_location

if TYPE_CHECKING:
    from legdash.db import Connection
    from legdash.ingest.raw import RowShape
    from legdash.ingest.source import CsvSource

# What col() gives for a column the file does not have.
NO_COLUMN = "CAST(NULL AS VARCHAR)"

# A field that is a number, date or time (digits and their separators) cannot be a column name.
_DATA_VALUE = re.compile(r"[\d\s.,:/+%tz-]*\d[\d\s.,:/+%tz-]*", re.IGNORECASE)


def header_key(text: str) -> str:
    """Header spelling tolerant of case, spacing and punctuation: 'Weight (kg)' -> 'weight_kg'.

    '#' and '%' carry meaning ('Workout #', 'Busy %') and are kept.
    """
    return re.sub(r"[^a-z0-9#%]+", "_", text.strip().lstrip("\ufeff").lower()).strip("_")


def mapped_columns(header: list[str], mapping: Mapping[str, str]) -> dict[str, int]:
    """TARGET -> 0-based index for each `--map TARGET=COLUMN` pair (a header name or a 1-based position).

    UnusableFile when a column is not in the file or two targets name the same column.
    """
    names = [h.strip() for h in header]
    keys = [header_key(h) for h in header]
    found: dict[str, int] = {}
    for target, column in mapping.items():
        text = column.strip()
        if text.isdigit():
            index = int(text) - 1
            if not 0 <= index < len(header):
                raise UnusableFile(
                    f"--map {target}={column}: the file has {len(header)} columns, "
                    f"so a position must be 1 to {len(header)}"
                )
        elif text in names:
            index = names.index(text)
        elif header_key(text) in keys:
            index = keys.index(header_key(text))
        else:
            raise UnusableFile(
                f"--map {target}={column}: the file has no column {column!r} "
                f"(its columns: {', '.join(header[:20])})"
            )
        twice = next((t for t, i in found.items() if i == index), None)
        if twice is not None:
            raise UnusableFile(f"--map gives column {column!r} to both {twice} and {target}")
        found[target] = index
    return found


def repeated_columns(
    fmt: Format,
    header: list[str],
    columns: dict[str, int],
    mapping: Mapping[str, str],
    readings: Mapping[str, Reading],
) -> list[str]:
    """A warning for each column read that the header names again, the others being ignored: by
    its name, or by another spelling of the format's column, of which Format.match read one; and
    for each quantity, the columns Format.reading ignores. A column `--map` names was chosen, and
    the others are not named."""
    keys = [header_key(h) for h in header]
    mapped = {fmt.target(name) for name in mapping}
    warnings = []
    for target, index in columns.items():
        quantity = fmt.quantity(target)
        if quantity and target not in readings[quantity.plain].read:
            continue  # named with its quantity's other columns
        again = [i for i, key in enumerate(keys) if key == keys[index] and i != index]
        if keys[index] and again:
            warnings.append((index, ignored_columns(repr(header[index]), index, again)))
        spellings = () if target in mapped or quantity else fmt.column(target).keys
        others = [
            i
            for i, key in enumerate(keys)
            if key in spellings and key != keys[index] and i not in columns.values()
        ]
        if others:
            names = ", ".join(repr(header[i]) for i in sorted([index, *others]))
            warnings.append((index, ignored_columns(f"{target} ({names})", index, others)))
    for quantity in fmt.quantities:
        reading = readings[quantity.plain]
        if reading.column is None or reading.mapped:
            continue
        index = columns[reading.column]
        fallback = columns[reading.fallback] if reading.fallback else None
        others = [*([] if fallback is None else [fallback]), *reading.ignored]
        if not others:
            continue
        names = ", ".join(repr(header[i]) for i in sorted([index, *others]))
        said = ignored_columns(f"{quantity.plain} ({names})", index, others, fallback)
        warnings.append((index, said))
    return [warning for _, warning in sorted(warnings, key=lambda w: w[0])]


def ignored_columns(named: str, read: int, others: list[int], fallback: int | None = None) -> str:
    """The warning for a header that names a column more than once (`named`): column `read` is
    read, and column `fallback` in a row whose unit cell is empty; the `others` that are not the
    fallback are ignored (0-based)."""
    said = f"the header names {named} more than once: column {read + 1} is read"
    if fallback is not None:
        said += f" (column {fallback + 1} in a row whose unit cell is empty)"
    ignored = [i for i in others if i != fallback]
    if not ignored:
        return said
    numbers = ", ".join(str(i + 1) for i in ignored)
    return f"{said}, column{'s' if len(ignored) > 1 else ''} {numbers} ignored"


def headerless(first_row: list[str], mapping: Mapping[str, str]) -> bool:
    """True when the first row is data: every mapped column is a position and a field is a value."""
    return (
        bool(mapping)
        and all(c.strip().isdigit() for c in mapping.values())
        and looks_like_data(first_row)
    )


def looks_like_data(row: list[str]) -> bool:
    """True when a row holds numbers, dates or times, so it is not a header."""
    return any(_DATA_VALUE.fullmatch(f.strip()) for f in row)


@dataclass(frozen=True)
class Column:
    """A column a format knows, with the header spellings that name it."""

    target: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    numeric: bool = False
    free_text: bool = False
    # What a value of a column that is not numeric looks like (a regular expression, any case):
    # a row whose value does not match has its fields out of line (raw.repair).
    pattern: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """Header keys in the order a file's columns are tried (Format.match): the target's own
        name first, unless the aliases list it in another place."""
        first = () if self.target in self.aliases else (self.target,)
        return tuple(dict.fromkeys(header_key(a) for a in (*first, *self.aliases)))


@dataclass(frozen=True)
class Quantity:
    """A weight (or distance) a file may hold in several columns: a plain one, whose unit a unit
    column, --units or the default gives, and ones whose header names their unit (`named`, in the
    order they are read: kg before lb). Format.reading chooses the one read."""

    plain: str
    named: tuple[str, ...]
    unit: str
    # For each of `named`, the words by which a header names its unit: a column --map names as
    # the plain one is read in the unit its header names ("Load (lbs)").
    words: tuple[tuple[str, ...], ...]

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.plain, *self.named)


@dataclass(frozen=True)
class Reading:
    """The columns of a quantity a file's values come from (Format.reading)."""

    # The column read (None: the file has none), and the one read instead in a row whose unit
    # cell is empty (None: there is none).
    column: str | None = None
    fallback: str | None = None
    # Of the quantity's `named` columns, the one whose unit the column read holds (None: the
    # unit comes from the unit column, --units or the default).
    stated: str | None = None
    # The file has the quantity's unit column (its target), which gives a plain column's unit.
    unit: str | None = None
    # The column read is one --map names; the others are ignored without a warning.
    mapped: bool = False
    # Positions of the quantity's other columns: ignored everywhere.
    ignored: tuple[int, ...] = ()

    @property
    def read(self) -> tuple[str, ...]:
        """The targets whose values are read."""
        return tuple(t for t in (self.column, self.fallback) if t)


@dataclass
class Options:
    """What the person importing told us (command-line flags or upload-page choices)."""

    member: str | None = None
    location: str | None = None
    units: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    imported_by: str | None = None


@dataclass
class StageContext:
    """Everything a format's stage step needs; formats append to `warnings`."""

    source: CsvSource
    columns: dict[str, int]
    # What a row of the file looks like, for the reader (raw.py) and its rejects.
    shape: RowShape
    options: Options
    time_zone: str
    default_location: str
    imported_at: datetime
    date_order: DateOrder
    known_locations: tuple[str, ...] = ()
    warn_new_locations: bool = False
    warnings: list[str] = field(default_factory=list)
    # The file's numbers have a decimal comma (staging.writes_decimal_comma), decided in staging.
    decimal_comma: bool = False
    # The format's Format.numbered_sets and Format.not_sets.
    numbered_sets: bool = False
    not_sets: tuple[str, ...] = ()
    # Each quantity's columns read (Format.readings), by its plain target.
    readings: dict[str, Reading] = field(default_factory=dict)

    def col(self, target: str) -> str:
        """SQL for the raw text of a column, or NULL when the file does not have it."""
        index = self.columns.get(target)
        return f"c{index}" if index is not None else NO_COLUMN

    def is_column(self, sql: str) -> bool:
        """True when `sql` is what col() gives, rather than SQL computed from columns."""
        return sql == NO_COLUMN or sql in {self.col(target) for target in self.columns}

    def has(self, target: str) -> bool:
        return target in self.columns

    @property
    def location(self) -> str:
        """Where rows that name no location happened: --location (in its known spelling), else
        the gym's default."""
        given = location_text(self.options.location or "")
        if not given:
            return self.default_location
        return same_location(self.known_locations, given) or given


@dataclass(frozen=True)
class Format:
    """A file format: detection by header, and a stage step that turns `raw` into `staged`."""

    name: str
    kind: str
    columns: tuple[Column, ...]
    stage: Callable[[Connection, StageContext], None]
    description: str = ""
    # Header keys only this format uses; finding one makes detection certain.
    signature: tuple[str, ...] = ()
    # Groups of columns of which the file needs at least one (e.g. a count or a percentage).
    one_of: tuple[tuple[str, ...], ...] = ()
    # The file states no workouts, only sets with their own times: a workout is the member's day
    # (or the file's workout id) from its first set to its last, so its start moves when another
    # file brings more of the day, and a set with a time of day is known by that time rather than
    # by its place in a workout.
    workouts_follow_sets: bool = False
    # Kinds of rows the format writes that are not sets (Strong's rest timers and notes): rejected
    # with staging.not_a_set's reason, so every row is accounted for, but listed after the rows
    # that are mistakes, and summed up rather than listed one by one.
    not_sets: tuple[str, ...] = ()
    # The format numbers each set of an exercise in a workout (Hevy's set_index, Strong's Set
    # Order), and writes a workout's rows together: a workout's rows again, later in the file, are
    # the same sets (two exports in one file), not new ones (staging.set_aside_repeated_sets).
    numbered_sets: bool = False
    # Values a file may hold in several columns, of which one is read (reading).
    quantities: tuple[Quantity, ...] = ()

    def target(self, name: str) -> str | None:
        """The column a `--map` target names (its target or one of its aliases), else None."""
        key = header_key(name)
        return next((c.target for c in self.columns if key in c.keys), None)

    def match(self, header: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, int]:
        """target -> 0-based column index: the columns `mapping` names, then those the header names,
        each by its first spelling in the header (Column.keys).

        UnusableFile when the mapping names a target this format does not have, or two columns
        of one quantity, of which only one would be read (reading).
        """
        mapping = mapping or {}
        found: dict[str, int] = {}
        for name, index in mapped_columns(header, mapping).items():
            target = self.target(name)
            if target is None:
                raise UnusableFile(
                    f"--map {name}=...: the {self.name} format has no column {name!r}; "
                    f"its columns: {', '.join(c.target for c in self.columns)}"
                )
            if target in found:
                raise UnusableFile(f"--map names the {target} column twice")
            found[target] = index
        for quantity in self.quantities:
            named = [f"{n}={mapping[n]}" for n in mapping if self.target(n) in quantity.targets]
            if len(named) > 1:
                raise UnusableFile(
                    f"--map names two {quantity.plain} columns ({', '.join(named[:2])}): map one"
                )
        keys = [header_key(h) for h in header]
        for column in self.columns:
            if column.target in found:
                continue
            for key in column.keys:
                if key in keys and keys.index(key) not in found.values():
                    found[column.target] = keys.index(key)
                    break
        return found

    def quantity(self, target: str) -> Quantity | None:
        """The quantity one of whose columns `target` is, else None."""
        return next((q for q in self.quantities if target in q.targets), None)

    def readings(
        self, header: list[str], found: dict[str, int], mapping: Mapping[str, str]
    ) -> dict[str, Reading]:
        """Each quantity's Reading (by its plain target)."""
        return {q.plain: self.reading(q, header, found, mapping) for q in self.quantities}

    def reading(
        self,
        quantity: Quantity,
        header: list[str],
        found: dict[str, int],
        mapping: Mapping[str, str],
    ) -> Reading:
        """The one column of `quantity` a file's values are read from, and what the others are.

        Read: one `--map` names, alone (in the unit its header names, if any); else the plain one
        when the unit column gives its rows' unit, and then in a row whose unit cell is empty the
        first `named` one in the file; else that first named one; else the plain one. The others
        are ignored everywhere: no value of theirs is checked, and no unit is taken or assumed
        from them."""
        present = [t for t in quantity.targets if t in found]
        chosen = [t for t in present if t in {self.target(name) for name in mapping}]
        named = next((t for t in present if t in quantity.named), None)
        unit = quantity.unit if quantity.unit in found else None
        fallback = None
        if chosen:
            column = chosen[0]
        elif quantity.plain in found and unit:
            column, fallback = quantity.plain, named
        else:
            column = named or (quantity.plain if quantity.plain in found else None)
        if column is None:
            return Reading()
        # A plain column whose header names a unit is one --map names: it holds that unit.
        words = set(re.findall(r"[a-z]+", header[found[column]].lower()))
        said = (n for n, w in zip(quantity.named, quantity.words, strict=True) if words & set(w))
        stated = column if column in quantity.named else next(said, None)
        read = [found[t] for t in (column, fallback) if t]
        read_keys = {header_key(header[i]) for i in read}
        spellings = {key for t in quantity.targets for key in self.column(t).keys}
        elsewhere = {i for t, i in found.items() if t not in quantity.targets}
        ignored = tuple(
            i
            for i, text in enumerate(header)
            if header_key(text) in spellings
            and header_key(text) not in read_keys
            and i not in elsewhere
        )
        return Reading(column, fallback, stated, unit, bool(chosen), ignored)

    def missing(self, found: dict[str, int]) -> list[str]:
        """The required columns (a quantity's plain one: any of its columns) and groups the file
        lacks."""
        have = set(found) | {q.plain for q in self.quantities if any(t in found for t in q.targets)}
        required = [c.target for c in self.columns if c.required and c.target not in have]
        groups = [" or ".join(g) for g in self.one_of if not any(t in found for t in g)]
        return required + groups

    def column(self, target: str) -> Column:
        return next(c for c in self.columns if c.target == target)
