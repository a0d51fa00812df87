"""Dates, times and durations as workout apps write them, in the languages members' phones use.

An app export holds few distinct date texts (one per workout or day), so each distinct text is parsed
once here and the results go into a lookup table in staging, in batches; the stage SQL joins it.
Numeric dates (03/04/2025) are read day-first or month-first for the whole file; a file whose dates
leave the order open follows the order an earlier import of the same member and format decided, and
a file that decides names the earlier ones that were read the other way by assumption.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from legdash import settings
from legdash.db import Connection, has_column, has_table, insert_lists
from legdash.ingest.limits import SET_SPACING_SECONDS
from legdash.wording import escaped

# Full month names (accents stripped); any 3+ letter prefix that names one month only also counts,
# which covers the apps' abbreviations: Sep, Sept, Set, Out, Dez, Fev, Mai, Ago, janv., févr., Okt.
_MONTH_NAMES = {
    1: "january janeiro enero januar janner jaenner janvier gennaio",
    2: "february fevereiro febrero februar fevrier febbraio",
    3: "march marco marzo marz maerz mars",
    4: "april abril avril aprile",
    5: "may maio mayo mai maggio",
    6: "june junho junio juni juin giugno",
    7: "july julho julio juli juillet luglio",
    8: "august agosto aout",
    9: "september setembro septiembre setiembre septembre settembre",
    10: "october outubro octubre oktober octobre ottobre",
    11: "november novembro noviembre novembre",
    12: "december dezembro diciembre dezember decembre dicembre",
}
_EXTRA_ABBREVIATIONS = {"mrz": 3}


def _month_table() -> dict[str, int]:
    prefixes: dict[str, set[int]] = {}
    for month, names in _MONTH_NAMES.items():
        for name in names.split():
            for end in range(3, len(name) + 1):
                prefixes.setdefault(name[:end], set()).add(month)
    table = {word: months.pop() for word, months in prefixes.items() if len(months) == 1}
    return {**table, **_EXTRA_ABBREVIATIONS}


MONTHS: dict[str, int] = _month_table()

# Words that may surround a date and carry nothing: weekdays (full names, and abbreviations that are
# not also a month, such as Spanish "mar" for martes), "de", "of", "at", ordinal suffixes.
_FILLER_WORDS = """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun segunda terca quarta quinta sexta sabado domingo feira seg ter qua qui sex sab dom
    lunes martes miercoles jueves viernes lun mie jue vie montag dienstag mittwoch donnerstag
    freitag samstag sonnabend sonntag mo di mi do fr sa so lundi mardi mercredi jeudi vendredi
    samedi dimanche mer jeu ven sam dim lunedi martedi mercoledi giovedi venerdi sabato domenica gio
    de del di of the at um a as o e alle le la el den der am t st nd rd th er"""
_FILLER = frozenset(_FILLER_WORDS.split())
_MONTH_OR_WEEKDAY = frozenset({"mar"})

_TIME = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\.?(?![a-z]))?"
    r"(?:\s*(?P<zone>z|utc|gmt)(?![a-z]))?"
    r"(?:\s*(?P<offset>[+-]\d{2}(?::?\d{2})?))?"
    r"(?![\d:])"
)
_TOKEN = re.compile(r"\d+|[a-z]+")
_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])"
)
_SECONDS_PER = {"h": 3600, "m": 60, "s": 1}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_CLOCK = re.compile(r"(\d+):(\d{2})(?::(\d{2}))?")

LOOKUP_CHUNK = 100_000
DAY_FIRST, MONTH_FIRST, AMBIGUOUS, MIXED = "day-first", "month-first", "ambiguous", "mixed"
DATE_EXAMPLES = "2026-01-31 18:05, 31 Jan 2026, 18:05 or Jan 31, 2026, 6:05 PM"


def _normalise(text: str) -> str:
    """Lower case, accents and no-break spaces (U+00A0, U+202F before AM/PM) folded away."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


# A text split into its date tokens (filler words dropped) and its time, or None (two times).
Split = tuple[list[str], re.Match[str] | None] | None


def _split(text: str) -> Split:
    """The date part's tokens and the time match; the one place a text is tokenised."""
    text = _normalise(text)
    times = list(_TIME.finditer(text))
    if len(times) > 1:
        return None
    time = times[0] if times else None
    date_part = text[: time.start()] + " " + text[time.end() :] if time else text
    return [t for t in _TOKEN.findall(date_part) if t not in _FILLER], time


def _numeric_fields(split: Split) -> tuple[int, int] | None:
    """First and second field of a day/month/year date (not year-first), else None."""
    if split is None:
        return None
    tokens = split[0]
    if len(tokens) != 3 or not all(t.isdigit() for t in tokens) or len(tokens[0]) > 2:
        return None
    return int(tokens[0]), int(tokens[1])


# 05.01.2026: the dotted style of Germany, Russia and their neighbours is always day first.
_DOTTED = re.compile(r"\s*\d{1,2}\.\d{1,2}\.\d{2,4}\b")


def is_dotted(text: str) -> bool:
    """True for a dotted numeric date: evidence of day-first even when no day is above 12."""
    return _DOTTED.match(text) is not None


# The most days each month can have (29 in February, as in a leap year).
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _day_of_month(day: int, month: int) -> bool:
    """Whether `day` can be a day of `month`: a date read in an order it cannot be read in (13/13,
    31/04 day-first) is a typo, not evidence of the order."""
    return 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1]


class DayOrder:
    """How a file writes numeric dates, decided from all of them rather than row by row.

    A first field above 12 or a dotted date means day-first, a second field above 12 month-first;
    neither means ambiguous (read as DateOrder says), both means the file mixes orders (read
    day-first). A date that is no date in either order (13/13/2026) shows nothing: one typo must
    not turn a month-first file's dates around, and its row is rejected either way.
    A file without numeric dates is day-first (nothing depends on it).
    """

    def __init__(self) -> None:
        self.seen = self.day_first = self.month_first = False

    def add(self, fields: tuple[int, int] | None, dotted: bool = False) -> None:
        if not fields:
            return
        first, second = fields
        as_day_first, as_month_first = _day_of_month(first, second), _day_of_month(second, first)
        self.seen = self.seen or as_day_first or as_month_first
        self.day_first = self.day_first or dotted or (as_day_first and not as_month_first)
        self.month_first = self.month_first or (as_month_first and not as_day_first)

    @property
    def result(self) -> str:
        if self.day_first and self.month_first:
            return MIXED
        if self.month_first:
            return MONTH_FIRST
        return DAY_FIRST if self.day_first or not self.seen else AMBIGUOUS

    @property
    def decided(self) -> str | None:
        """DAY_FIRST or MONTH_FIRST when the file's own dates show the order, else None."""
        return self.result if self.day_first != self.month_first else None


@dataclass(frozen=True)
class Decision:
    """An earlier live import whose own numeric dates decided their order."""

    order: str  # DAY_FIRST or MONTH_FIRST
    batch_id: int
    source_file: str


@dataclass
class DateOrder:
    """How one file reads numeric dates that leave the order open, and what its own dates decided.

    A member's exports come from one phone, so a short export holding only dates such as 03/04/2026
    is read as that member's earlier exports of the format were: read day-first instead, its sets
    would land on other days and not match the stored ones.
    """

    format: str
    # The latest live import of the format that decided, per member (None: a file of many members).
    earlier: dict[str | None, Decision] = field(default_factory=dict)
    member: str | None = None  # the file's one member, None when it holds many
    decided: str | None = None  # the order this file's own dates decided, kept with its batch
    assumed: str | None = None  # the order read in when they left it open, kept likewise

    def read_day_first(self, day_order: DayOrder, example: str) -> tuple[bool, list[str]]:
        """Whether to read the file's numeric dates day-first, and a warning when the file's own
        dates did not decide (`example` is one of them); notes what they decided, if anything."""
        self.decided, self.assumed = day_order.decided, None
        found = day_order.result
        if found == MIXED:
            return True, ["numeric dates mix day/month and month/day: read as day/month"]
        if found != AMBIGUOUS:
            return found == DAY_FIRST, []
        open_order = f"dates such as '{escaped(example)}' could be either order"
        same = self.earlier.get(self.member.lower()) if self.member is not None else None
        followed = same or max(self.earlier.values(), key=lambda d: d.batch_id, default=None)
        self.assumed = followed.order if followed else DAY_FIRST
        if followed is None:
            why = f"as no earlier {self.format} import's dates showed the order"
            return True, [f"{open_order}; read {DAY_FIRST}, {why}"]
        source = f"batch {followed.batch_id} ({escaped(followed.source_file)})"
        if same:
            why = f"as in {source} of the same member"
        else:
            why = f"as in {source}, the latest {self.format} import whose dates showed the order"
            if self.member is not None:
                why += " (none of the same member's did)"
        return followed.order == DAY_FIRST, [f"{open_order}; read {followed.order}, {why}"]


def earlier_orders(con: Connection, source_format: str) -> dict[str | None, Decision]:
    """Per member (None: files of many members; IDs in lower case, as they match regardless of
    case), the latest live import of the format whose own numeric dates decided their order; one
    small query before a file is parsed."""
    if not has_table(con, "date_orders"):
        return {}
    # A file not yet at version 6 may lack `decided`: each of its rows was a decided order.
    decided = "o.decided" if has_column(con, "date_orders", "decided") else "true"
    rows = con.execute(
        f"""SELECT lower(o.member_id), o.date_order, b.batch_id, b.source_file
        FROM date_orders o JOIN import_batches b USING (batch_id)
        WHERE b.source_format = ? AND NOT b.undone AND {decided}
        QUALIFY row_number() OVER (PARTITION BY lower(o.member_id) ORDER BY b.batch_id DESC) = 1""",
        [source_format],
    ).fetchall()
    return {member: Decision(order, batch, file) for member, order, batch, file in rows}


def record_order(con: Connection, batch_id: int, order: DateOrder) -> None:
    """Keep the order the batch read its numeric dates in and whether its own dates decided it:
    later files follow a decided order, and a file deciding the other way names an assumed one."""
    read_as = order.decided or order.assumed
    if read_as:
        con.execute(
            "INSERT INTO date_orders VALUES (?, ?, ?, ?)",
            [batch_id, order.member, read_as, order.decided is not None],
        )


def contradicted(con: Connection, source_format: str, order: DateOrder) -> list[str]:
    """A warning per live batch of the same member and format that was read in the other order by
    assumption, when this file's dates decide: its sets are stored on the wrong days."""
    if order.decided is None:
        return []
    rows = con.execute(
        """SELECT b.batch_id, b.source_file, o.date_order
        FROM date_orders o JOIN import_batches b USING (batch_id)
        WHERE b.source_format = ? AND NOT b.undone AND NOT o.decided
            AND lower(o.member_id) IS NOT DISTINCT FROM lower(?) AND o.date_order <> ?
        ORDER BY b.batch_id""",
        [source_format, order.member, order.decided],
    ).fetchall()
    whose = " of the same member" if order.member is not None else ""
    return [
        f"batch {batch} ({escaped(file)}){whose} was read {read_as} because its dates could be"
        f" either order; this file shows {order.decided}: undo batch {batch} and import its file"
        " again"
        for batch, file, read_as in rows
    ]


def _year(token: str) -> int:
    year = int(token)
    if len(token) == 2:
        return 2000 + year if year < 70 else 1900 + year
    return year


def _ymd(tokens: list[str], day_first: bool) -> tuple[int, int, int] | None:
    words = [t for t in tokens if not t.isdigit()]
    if len(words) > 1:
        # "mar" is March, but also Tuesday in Spanish, French and Italian: "mar., 7 abr. 2026".
        words = [w for w in words if w not in _MONTH_OR_WEEKDAY]
    numbers = [t for t in tokens if t.isdigit()]
    if any(w not in MONTHS for w in words) or len(words) > 1:
        return None
    if words:
        if len(numbers) != 2:
            return None
        long = [n for n in numbers if len(n) == 4]
        short = [n for n in numbers if len(n) <= 2]
        if len(long) != 1 or len(short) != 1:
            return None
        return int(long[0]), MONTHS[words[0]], int(short[0])
    if len(numbers) != 3 or any(len(n) > 4 for n in numbers):
        return None
    first, second, third = numbers
    if len(first) == 4:
        return int(first), int(second), int(third)
    if len(first) > 2 or len(second) > 2 or len(third) not in (2, 4):
        return None
    if day_first:
        return _year(third), int(second), int(first)
    return _year(third), int(first), int(second)


def _clock(time: re.Match[str] | None) -> tuple[int, int, int, int] | None:
    if time is None:
        return 0, 0, 0, 0
    hour, minute = int(time["hour"]), int(time["minute"])
    second = int(time["second"] or 0)
    micro = int((time["fraction"] or "0")[:6].ljust(6, "0"))
    if time["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if time["ampm"] == "p" else 0)
    return hour, minute, second, micro


def _offset(time: re.Match[str] | None) -> timezone | None:
    if time is None or not (time["zone"] or time["offset"]):
        return None
    text = time["offset"] or "+00"
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    if minutes >= 24 * 60:
        raise ValueError("offset out of range")
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


def parse_datetime(text: str | None, day_first: bool = True) -> datetime | None:
    """A date and time as apps write it, or None. Aware only when the text carries an offset.

    Reads ISO (2024-01-07 17:15:00, T separator, offsets), Hevy's "7 Apr 2026, 10:14" and
    "Jun 11, 2026, 1:01 PM" (any space before AM/PM), month names in English, Portuguese, Spanish,
    German, French and Italian, and numeric dd/mm/yyyy or mm/dd/yyyy as `day_first` says.
    """
    return _from_split(_split(text), day_first) if text else None


def _from_split(split: Split, day_first: bool) -> datetime | None:
    if split is None:
        return None
    tokens, time = split
    ymd = _ymd(tokens, day_first)
    clock = _clock(time)
    if ymd is None or clock is None:
        return None
    try:
        return datetime(*ymd, *clock, tzinfo=_offset(time))
    except (ValueError, OverflowError):
        return None


def parse_duration(text: str | None) -> float | None:
    """Seconds in a duration: 1h 5m, 56m, 21min, 45s, 1:05:00 (h:mm:ss), 10:30 (m:ss) or plain seconds."""
    if not text:
        return None
    value = _normalise(text)
    if not value:
        return None
    if _NUMBER.fullmatch(value):
        return float(value.replace(",", "."))
    clock = _CLOCK.fullmatch(value)
    if clock:
        first, second, third = clock.groups()
        if int(second) > 59 or (third is not None and int(third) > 59):
            return None
        if third is None:
            return float(int(first) * 60 + int(second))
        return float(int(first) * 3600 + int(second) * 60 + int(third))
    total, end = 0.0, 0
    for part in _DURATION_PART.finditer(value):
        if value[end : part.start()].strip():
            return None
        total += float(part[1].replace(",", ".")) * _SECONDS_PER[part[2][0]]
        end = part.end()
    if end == 0 or value[end:].strip():
        return None
    return total


def _collect_texts(
    con: Connection, table: str, columns: Sequence[str], source: str = "raw_ok"
) -> None:
    """`<table>_texts(raw)`: the distinct non-null texts of the columns, kept in the database."""
    union = " UNION ALL ".join(f"SELECT {c} AS v FROM {source}" for c in columns)
    con.execute(
        f"CREATE TEMP TABLE {table}_texts AS SELECT DISTINCT v AS raw FROM ({union}) WHERE v IS NOT NULL"
    )


def _chunks(con: Connection, texts: str) -> Iterator[list[str]]:
    """The `raw` texts of a table a chunk at a time, so memory stays bounded on a hostile file."""
    total = con.execute(f"SELECT count(*) FROM {texts}").fetchone()[0]
    for start in range(0, total, LOOKUP_CHUNK):
        chunk = con.execute(
            f"SELECT raw FROM {texts} WHERE rowid >= ? AND rowid < ?",
            [start, start + LOOKUP_CHUNK],
        ).fetchall()
        yield [row[0] for row in chunk]


def stage_datetimes(
    con: Connection,
    table: str,
    columns: Sequence[str],
    time_zone: str,
    order: DateOrder,
    source: str = "raw_ok",
) -> list[str]:
    """Create `table(raw, value TIMESTAMP, day_first)` for every distinct text in the columns of
    `source` (day_first: how a numeric date was read, NULL for other texts).

    Values with an offset are converted to the gym's time zone. Numeric dates are read in the order
    the file's own dates decide, else as `order` says (which learns what the file decided).
    Returns warnings about how numeric dates were read.
    """
    _collect_texts(con, table, columns, source)
    con.execute(f"CREATE TEMP TABLE {table} (raw VARCHAR, value TIMESTAMP, day_first BOOLEAN)")
    # One pass reads each text in the order the file has shown so far; at the end, the numeric
    # dates read before the file showed its order (usually a handful) are read again.
    day_order = DayOrder()
    read_day_first: set[bool] = set()  # orders numeric dates were read in
    example = ""  # the first numeric date in text order, for the warning
    for values in _chunks(con, f"{table}_texts"):
        parsed, read_as = [], []
        for value in values:
            split = _split(value)
            fields = _numeric_fields(split)
            day_order.add(fields, is_dotted(value))
            day_first = day_order.result != MONTH_FIRST
            parsed.append(_from_split(split, day_first))
            read_as.append(day_first if fields else None)
            if fields:
                read_day_first.add(day_first)
                example = min(example, value) if example else value
        _insert_datetimes(con, table, values, parsed, read_as, time_zone)
    day_first, warnings = order.read_day_first(day_order, example)
    if read_day_first - {day_first}:
        _read_again(con, table, day_first, time_zone)
    return warnings


def _read_again(con: Connection, table: str, day_first: bool, time_zone: str) -> None:
    """Read again, in the file's order, the numeric dates read before that order was known."""
    again = f"{table}_again"
    con.execute(
        f"CREATE TEMP TABLE {again} AS SELECT raw FROM {table} WHERE day_first <> ?", [day_first]
    )
    con.execute(f"DELETE FROM {table} WHERE day_first <> ?", [day_first])
    for values in _chunks(con, again):
        parsed = [parse_datetime(v, day_first) for v in values]
        _insert_datetimes(con, table, values, parsed, [day_first] * len(values), time_zone)


def _insert_datetimes(
    con: Connection,
    table: str,
    texts: list[str],
    parsed: list[datetime | None],
    read_as: list[bool | None],
    time_zone: str,
) -> None:
    """Append texts, their values and how numeric dates were read (day-first or not, NULL for
    other texts); a value with an offset is converted to the gym's time zone, which it needs."""
    settings.check_time_zone(con, time_zone, lambda: any(p and p.tzinfo for p in parsed))
    insert_lists(
        con,
        table,
        {
            "raw": ("VARCHAR", texts),
            "local": ("TIMESTAMP", [p if p and not p.tzinfo else None for p in parsed]),
            "aware": ("TIMESTAMPTZ", [p if p and p.tzinfo else None for p in parsed]),
            "day_first": ("BOOLEAN", read_as),
        },
        "raw, coalesce(local, timezone($tz, aware)), day_first",
        {"tz": time_zone},
    )


def stage_durations(con: Connection, table: str, columns: Sequence[str]) -> None:
    """Create `table(raw, value DOUBLE)`: seconds for every distinct duration text in the columns."""
    _collect_texts(con, table, columns)
    con.execute(f"CREATE TEMP TABLE {table} (raw VARCHAR, value DOUBLE)")
    for values in _chunks(con, f"{table}_texts"):
        seconds = [parse_duration(v) for v in values]
        insert_lists(con, table, {"raw": ("VARCHAR", values), "value": ("DOUBLE", seconds)})


def reject_sql(raw: str, value: str, label: str, what: str) -> str:
    """SQL: the reason a non-empty raw text did not parse (NULL when it did or was empty).

    `label` and `what` go into a SQL string literal: escape quotes (see measures.header_label).
    """
    return (
        f"CASE WHEN ld_text({raw}) IS NOT NULL AND {value} IS NULL THEN '{label} '"
        f" || ld_quote({raw}) || ' is not {what}' END"
    )


def spread_warning(con: Connection, table: str, column: str, what: str) -> list[str]:
    """A warning naming the workouts whose text in `column` (its lookup table `table`) did not
    parse, among the rows that passed their checks (staging's `raw_accepted`).

    Used for a workout's duration or end time: without it the workout's sets are spread
    SET_SPACING_SECONDS apart.
    """
    unread = f"{table}.value IS NULL AND trim({table}.raw) <> ''"
    if not con.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {unread})").fetchone()[0]:
        return []  # the common case: no join over the file's rows
    count, example = con.execute(
        f"""SELECT count(DISTINCT (c.member_id, c.workout_start)), min({table}.raw)
        FROM raw_accepted a JOIN checked c USING (line) JOIN {table} ON {table}.raw = {column}
        WHERE {unread}"""
    ).fetchone()
    if not count:
        return []
    return [
        f"{count} {what}(s) could not be read (e.g. {example!r}): their sets are placed"
        f" {SET_SPACING_SECONDS} s apart"
    ]
