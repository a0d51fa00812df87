"""Load a CSV file's records into the staging table `raw`, each with its spreadsheet row number.

Clean files go straight through DuckDB's strict reader (fast). Anything it refuses, any file where a
record spans several lines, or one with a row it misread (Misread), is read again by Python's csv
module, which keeps every record, numbers it as a spreadsheet would (header = 1) and repairs rows with
a wrong field count when that is unambiguous.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TextIO

import duckdb

from legdash.db import Connection, insert_lists
from legdash.ingest.source import NUL_IN_ROW, ZERO_TAIL, CsvSource
from legdash.wording import plural

# The faults of a row holding NUL characters, which its fields are read without.
NUL_FAULTS = (NUL_IN_ROW, ZERO_TAIL)
CHUNK_ROWS = 50_000
MAX_FIELD = 16 * 1024 * 1024
MAX_RAW = 10_000  # characters of an unreadable row kept for the reject list
CUT_OFF = "the file ends inside a quoted field: this row was cut off"
UNMATCHED = 'has an unmatched quote (")'
EMPTY = "empty row (only delimiters)"
_NUMBER = re.compile(r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)\s*$")

csv.field_size_limit(MAX_FIELD)


@dataclass(frozen=True)
class RowShape:
    """What a well-formed record looks like, so that a broken one can be repaired or explained."""

    width: int
    free_text: tuple[int, ...] = ()
    numeric: frozenset[int] = field(default_factory=frozenset)
    required: frozenset[int] = field(default_factory=frozenset)
    # Columns whose values take a shape of their own (layout.Column.pattern).
    patterns: Mapping[int, re.Pattern[str]] = field(default_factory=dict)


class Misread(Exception):
    """The fast reader misread a row that one reading lines up (fill_original_text): the file is
    to be read again by the Python reader, which reads that row."""


def load_raw(
    con: Connection, source: CsvSource, shape: RowShape, has_header: bool = True, fast: bool = True
) -> int:
    """Create the view `raw(line, parse_error, fault, raw_text, c0..)`; returns the number of
    records read. `fast` False reads with the Python reader alone (see Misread).

    `parse_error` says why a record could not be read as a row; `fault` why a row that reads is
    rejected whatever it holds (a NUL character, text in another encoding than the file's), which
    the checks give as its reason (staging.stage_rows), so that it holds its place among its
    exercise's sets as a row with reps `8x` does. Either reader keeps the records in the table
    `raw_rows`, which `raw` reads.
    """
    try:
        # Rows with a fault (a NUL, another encoding) are rejected: only Python's reader does it.
        clean = fast and not source.row_faults
        rows = _load_fast(con, source, shape.width, has_header) if clean else None
    except duckdb.Error:
        rows = None
    if rows is None:
        release_raw(con)
        rows = _load_python(con, source, shape, has_header)
    return rows


def release_raw(con: Connection) -> None:
    """Drop `raw` and the records it reads (nothing when they are not there)."""
    con.execute("DROP VIEW IF EXISTS raw")
    con.execute("DROP TABLE IF EXISTS raw_rows")


def _columns(width: int) -> str:
    return ", ".join(f"c{i}" for i in range(width))


def _load_fast(con: Connection, source: CsvSource, width: int, has_header: bool) -> int | None:
    spec = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    skip = source.lines_before + (source.header_lines if has_header else 0)
    con.execute(
        f"""CREATE TEMP TABLE raw_rows AS SELECT * FROM read_csv(?, header = false, skip = ?,
            delim = ?, quote = '"', escape = '"', columns = {spec}, auto_detect = false,
            strict_mode = true, null_padding = false)""",
        [str(source.utf8_path), skip, source.delimiter],
    )
    rows = con.execute("SELECT count(*) FROM raw_rows").fetchone()[0]
    if rows != source.lines - skip:
        return None
    first = source.lines_before + (2 if has_header else 1)
    # Each record is one line here, so a reject's original text is read back from the file by
    # its line number (fill_original_text), for the few rejected rows only.
    con.execute(
        f"""CREATE TEMP VIEW raw AS SELECT rowid + {first} AS line,
            CASE WHEN coalesce({_columns(width)}) IS NULL THEN '{EMPTY}' END AS parse_error,
            CAST(NULL AS VARCHAR) AS fault, CAST(NULL AS VARCHAR) AS raw_text, {_columns(width)}
        FROM raw_rows"""
    )
    return rows


def fill_original_text(con: Connection, source: CsvSource, shape: RowShape) -> list[int]:
    """Give the rows of `rejects` that the fast reader read (raw text NULL) their original line;
    returns the lines of those it misread (_misread_reason), which take that reason: they are no
    rows, as the Python reader would have said. Misread when the Python reader would have read
    such a row: checking only the rejected rows keeps a clean file's reading at its cost."""
    found = con.execute("SELECT DISTINCT line FROM rejects WHERE raw IS NULL ORDER BY line")
    lines = [line for (line,) in found.fetchall()]
    if not lines:
        return []
    # Record `line` is physical line `line - first + skip + 1` (see _load_fast).
    shift = (source.header_lines - 1) if source.has_header else 0
    texts = _texts_of_lines(source, [line + shift for line in lines])
    reasons = [_misread_reason(text, shape, source.delimiter) for text in texts]
    con.execute("CREATE TEMP TABLE original_text (line BIGINT, raw VARCHAR, reason VARCHAR)")
    insert_lists(
        con,
        "original_text",
        {"line": ("BIGINT", lines), "raw": ("VARCHAR", texts), "reason": ("VARCHAR", reasons)},
    )
    con.execute(
        """UPDATE rejects SET raw = o.raw, reason = coalesce(o.reason, rejects.reason)
        FROM original_text o WHERE rejects.line = o.line"""
    )
    con.execute("DROP TABLE original_text")
    return [line for line, reason in zip(lines, reasons, strict=True) if reason]


def _misread_reason(text: str | None, shape: RowShape, delimiter: str) -> str | None:
    """The Python reader's reason for a line the fast reader read: DuckDB drops empty fields past
    the header's whatever the others hold, so a name with an unquoted comma in a row with an empty
    last column moves every field after it one column on. None when the line has no more fields
    than the header, or when those are trailing delimiters (the rest lines up, see repair);
    Misread when another reading lines up, which the Python reader takes."""
    if text is None:
        return None
    fields = next(csv.reader([text], delimiter=delimiter), [])
    if len(fields) <= shape.width:
        return None
    repaired = repair(fields, shape, delimiter)
    if repaired == fields[: shape.width]:
        return None
    if repaired is not None:
        raise Misread
    return _field_count_reason(len(fields), shape.width, text)


def _texts_of_lines(source: CsvSource, numbers: list[int]) -> list[str | None]:
    """The text of the file's lines `numbers` (1-based, ascending, split at \\n as the fast
    reader splits), without line ends; None for a number past the end."""
    wanted = iter(numbers)
    target = next(wanted)
    found: list[str | None] = []
    with source.utf8_path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if number == target:
                found.append(line.decode("utf-8", errors="replace").rstrip("\r\n"))
                target = next(wanted, None)
                if target is None:
                    break
    return found + [None] * (len(numbers) - len(found))


class _LineTap:
    """Feeds lines to csv.reader and remembers which physical lines made up each record."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.lines: list[str] = []
        self.read = 0  # physical lines read so far

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = next(self.handle)
        self.lines.append(line)
        self.read += 1
        return line

    def take(self) -> list[str]:
        taken, self.lines = self.lines, []
        return taken


def _load_python(con: Connection, source: CsvSource, shape: RowShape, has_header: bool) -> int:
    names = ["line", "parse_error", "fault", "raw_text", *(f"c{i}" for i in range(shape.width))]
    con.execute(
        f"CREATE TEMP TABLE raw_rows (line BIGINT, parse_error VARCHAR, fault VARCHAR, "
        f"raw_text VARCHAR, {', '.join(f'c{i} VARCHAR' for i in range(shape.width))})"
    )
    con.execute("CREATE TEMP VIEW raw AS SELECT * FROM raw_rows")
    rows = 0
    buffer: list[list[object]] = [[] for _ in names]
    for line, error, fault, text, fields in _records(source, shape, has_header):
        if ZERO_TAIL in (error, fault):
            text = _without_zero_tail(text, source)
        for column, value in zip(buffer, (line, error, fault, text, *fields), strict=True):
            column.append(value)
        rows += 1
        if len(buffer[0]) >= CHUNK_ROWS:
            _flush(con, names, buffer)
            buffer = [[] for _ in names]
    if buffer[0]:
        _flush(con, names, buffer)
    return rows


def _flush(con: Connection, names: list[str], buffer: list[list[object]]) -> None:
    types = ["BIGINT", *(["VARCHAR"] * (len(names) - 1))]
    columns = dict(zip(names, zip(types, buffer, strict=True), strict=True))
    # A reason column without a reason, as in nearly every chunk, goes in as one NULL: a list
    # of NULLs costs a conversion each.
    unused = {name for name in ("parse_error", "fault") if not any(columns[name][1])}
    select = ", ".join(f"NULL AS {name}" if name in unused else name for name in names)
    kept = {name: column for name, column in columns.items() if name not in unused}
    insert_lists(con, "raw_rows", kept, select)


# A record as the Python reader yields it: (spreadsheet row, parse error or None, fault or None,
# original text, fields padded to the shape's width).
Record = tuple[int, str | None, str | None, str, list[str | None]]


def _records(source: CsvSource, shape: RowShape, has_header: bool) -> Iterator[Record]:
    """The file's records after the header, each numbered as a spreadsheet numbers its row."""
    with source.utf8_path.open(encoding="utf-8", errors="replace", newline="") as handle:
        tap = _LineTap(handle)
        reader = csv.reader(tap, delimiter=source.delimiter, strict=False)
        record = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                # e.g. a field over MAX_FIELD: reject the row, keep a readable start of it.
                record += 1
                text = "".join(tap.take())
                # Megabytes of zeros ending the file: a copy cut short, not a long field.
                if text.endswith("\x00"):
                    yield record, ZERO_TAIL, None, text, [None] * shape.width
                else:
                    reason = f"cannot be read as CSV ({error})"
                    yield record, reason, None, text[:MAX_RAW], [None] * shape.width
                continue
            record += 1
            lines = tap.take()
            if record <= source.lines_before or (has_header and record == source.lines_before + 1):
                continue
            if _blank(fields):
                continue
            text = "".join(lines)
            faulty = source.faulty_lines or (source.has_nul and "\x00" in text)
            faults = _faults(source, lines, tap.read - len(lines) + 1) if faulty else []
            fault = next(filter(None, faults), None)
            if fault in NUL_FAULTS:
                fields = _without_nul(fields)
            ended = text.endswith(("\n", "\r"))
            # Open at the end: the reader hit the end of the file inside a quoted field.
            open_at_end = _ends_inside_quotes(text, source.delimiter)
            # A wrong field count with quotes that pair up may be a multi-line note plus a
            # trailing delimiter: repair it like a one-line row before taking the lines apart.
            if len(fields) != shape.width and not open_at_end:
                fields = _repaired_record(fields, shape, source.delimiter, lines) or fields
            broken = len(fields) != shape.width
            if len(lines) > 1 and (broken or (open_at_end and ended)):
                # A stray quote swallowed the following lines: give each line its own record.
                faults = faults or [None] * len(lines)
                yield from _lines_apart(record, lines, faults, shape, source.delimiter)
                record += len(lines) - 1
            elif open_at_end:
                reason = UNMATCHED if ended else CUT_OFF
                yield record, reason, fault, text.rstrip("\r\n"), _padded(fields, shape.width)
            else:
                yield _shaped(record, text, fields, shape, source.delimiter, fault)


def _without_zero_tail(text: str, source: CsvSource) -> str:
    """The text of the line a file's zeros start on (ZERO_TAIL) before them, and how many zero
    bytes followed: the original text kept for the reject list, not megabytes of NULs."""
    kept = text.rstrip("\x00")
    width = {"utf-16": 2, "utf-32": 4}.get(source.encoding[:6], 1)
    # Zero bytes too few for a character ended the text as one NUL (source._mark_broken).
    zeros = (len(text) - len(kept)) * width - (-source.path.stat().st_size % width)
    return f"{kept[:MAX_RAW]}[{plural(zeros, 'zero byte')} to the end of the file]"


def _faults(source: CsvSource, lines: list[str], first: int) -> list[str | None]:
    """The fault of each of a record's physical lines, the first one numbered `first`: a NUL
    character, text in another encoding than the file's; None for a sound line. A line that ends
    in a NUL, not a line end, is the file's last: the zeros a copy cut short ends in."""
    return [
        (ZERO_TAIL if line.endswith("\x00") else NUL_IN_ROW)
        if "\x00" in line
        else source.faulty_lines.get(number)
        for number, line in enumerate(lines, first)
    ]


def _without_nul(fields: list[str]) -> list[str]:
    """A row holding a NUL character read as if it were not there; its text keeps the NUL."""
    return [f.replace("\x00", "") for f in fields]


def _repaired_record(
    fields: list[str], shape: RowShape, delimiter: str, lines: list[str]
) -> list[str] | None:
    """`repair`'s reading of a record; for one over several lines that is well-formed CSV and
    whose extra fields are all empty, those fields dropped as trailing delimiters even when a
    value is wrong. Its line breaks are inside a quoted note, not after a stray quote: the record
    is one row, for its checks to reject with its first line's number and its whole text."""
    repaired = repair(fields, shape, delimiter)
    extra = fields[shape.width :]
    trailing = len(lines) > 1 and extra and not any(extra)
    if repaired is None and trailing and _well_formed("".join(lines), delimiter):
        return fields[: shape.width]
    return repaired


def _well_formed(text: str, delimiter: str) -> bool:
    """True when the text is one record by the strict CSV rules: every quoted field closes, and
    nothing but a delimiter or line end follows its closing quote."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return len(list(reader)) == 1
    except csv.Error:
        return False


def _lines_apart(
    first: int,
    lines: list[str],
    faults: list[str | None],
    shape: RowShape,
    delimiter: str,
) -> Iterator[Record]:
    """Each physical line of a broken record as its own record, with its fault (`faults` holds
    each line's or None); the line whose quote never closes is rejected, so the rows after it are
    read rather than swallowed."""
    for offset, (single, fault) in enumerate(zip(lines, faults, strict=True)):
        text = single.rstrip("\r\n")
        parts = next(csv.reader([text], delimiter=delimiter))
        if _blank(parts):
            continue
        if fault in NUL_FAULTS:
            parts = _without_nul(parts)
        if _ends_inside_quotes(text, delimiter):
            yield first + offset, UNMATCHED, fault, text, _padded(parts, shape.width)
        else:
            yield _shaped(first + offset, text, parts, shape, delimiter, fault)


def _blank(fields: list[str]) -> bool:
    """A blank line, which is no row at all (a line of only delimiters is an empty row)."""
    return len(fields) <= 1 and not any(f.strip() for f in fields)


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """True when a quoted field is still open at the end of the text (the last row was cut off)."""
    if text.count('"') % 2 == 0:
        return False  # quotes open and close in pairs ("" inside a field is a pair too)
    state = "start"
    for char in text:
        if state == "quoted":
            state = "closing" if char == '"' else "quoted"
        elif state == "closing" and char == '"':
            state = "quoted"
        elif char in (delimiter, "\r", "\n"):
            state = "start"
        elif state == "start" and char == '"':
            state = "quoted"
        else:
            state = "field"
    return state == "quoted"


def _shaped(
    line: int,
    text: str,
    fields: list[str],
    shape: RowShape,
    delimiter: str,
    fault: str | None = None,
) -> Record:
    text = text.rstrip("\r\n")
    if not any(fields):
        return line, EMPTY, fault, text, [None] * shape.width
    if len(fields) == shape.width:
        return line, None, fault, text, list(fields)
    repaired = repair(fields, shape, delimiter)
    if repaired is not None:
        return line, None, fault, text, list(repaired)
    reason = _field_count_reason(len(fields), shape.width, text)
    return line, reason, fault, text, _padded(fields, shape.width)


def _field_count_reason(count: int, width: int, text: str) -> str:
    """Why a record of `count` fields that no reading repairs is no row."""
    counted = f"has {count} fields where the header has {width}"
    if text.count('"') % 2:
        return UNMATCHED
    if count > width:
        return f"{counted} (an unquoted delimiter inside a name or note?)"
    return f"{counted}; the file may be cut off"


def _padded(fields: list[str], width: int) -> list[str | None]:
    return [*fields[:width], *([None] * (width - len(fields)))]


def repair(fields: list[str], shape: RowShape, delimiter: str) -> list[str] | None:
    """Fix a record with a wrong field count when exactly one reading makes sense, else None.

    Too many fields: empty ones at the end are trailing delimiters when the rest lines up;
    otherwise an unquoted delimiter inside one free-text column, accepted when merging the extra
    fields into exactly one such column lines the row up: every numeric column a number, every
    column with a pattern (Strong's Set Order) matching it. Too few: trailing optional columns
    left out.
    """
    extra = len(fields) - shape.width
    if extra < 0:
        missing = range(len(fields), shape.width)
        if any(i in shape.required for i in missing):
            return None
        return [*fields, *([""] * -extra)]
    trimmed = fields[: shape.width]
    if not any(fields[shape.width :]) and _lines_up(trimmed, shape):
        # Trailing delimiters, as spreadsheets write them: DuckDB's fast reader drops them too.
        return trimmed
    readings = []
    for column in shape.free_text:
        merged = [
            *fields[:column],
            delimiter.join(fields[column : column + extra + 1]),
            *fields[column + extra + 1 :],
        ]
        if _lines_up(merged, shape):
            readings.append(merged)
    return readings[0] if len(readings) == 1 else None


def _lines_up(fields: list[str], shape: RowShape) -> bool:
    """Every numeric column is empty or a number, every column with a pattern empty or matching
    it: the reading lines up with the header."""
    return all(not fields[i].strip() or _NUMBER.match(fields[i]) for i in shape.numeric) and all(
        not fields[i].strip() or pattern.fullmatch(fields[i].strip())
        for i, pattern in shape.patterns.items()
    )
