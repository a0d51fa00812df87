"""Open an uploaded file as CSV text: refuse what is not CSV, find the encoding, delimiter and header.

DuckDB's sniffer can read a short or odd file as one column without error, so the header and the
delimiter are decided here, from the first record, before anything is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, replace
from pathlib import Path

from legdash.db import is_duckdb_file

SNIFF_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")
BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (or an Excel .xlsx file: export it as CSV)",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word file (export it as CSV)",
    b"SQLite format 3": "an SQLite database",
    b"PAR1": "a Parquet file",
}


class UnusableFile(Exception):
    """The file cannot be imported at all; the message tells the person why. Nothing is written.

    `format` names the file's format when it was recognised before the file was refused.
    """

    def __init__(self, message: str, format: str | None = None) -> None:
        super().__init__(message)
        self.format = format


@dataclass(frozen=True)
class CsvSource:
    """A file ready to parse: UTF-8 text at `utf8_path`, with its delimiter and header record.

    `lines` counts the text's physical lines (a last line without a newline too), so that a reader
    can tell whether every record took exactly one line.
    """

    path: Path
    utf8_path: Path
    encoding: str
    delimiter: str
    header: list[str]
    header_lines: int
    lines: int
    has_header: bool = True

    def without_header(self) -> CsvSource:
        """The same file read as data from its first line, its columns named by position."""
        names = [f"column {n}" for n in range(1, len(self.header) + 1)]
        return replace(self, header=names, has_header=False)


def open_csv(path: Path, work: Path) -> CsvSource:
    """Check the file is CSV text, transcode it to UTF-8 if needed, and read its header.

    A UTF-8 copy goes into `work`, the caller's work folder, which the caller removes whatever
    happens: a refused file leaves no copy of its rows behind.
    """
    if path.exists() and not path.is_file() and not path.is_dir():
        # A device or pipe: /dev/zero would be copied until the disk is full.
        raise UnusableFile(f"{path.name} is not a regular file")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise UnusableFile(f"cannot read {path.name}: {error.strerror or error}") from None
    if not head.strip():
        raise UnusableFile(f"{path.name} is empty")
    encoding = _marked_encoding(head, path)
    lines = None if encoding else _utf8_lines(path)
    if lines is not None:
        encoding, utf8_path = "utf-8", path
    else:
        encoding = encoding or _single_byte_encoding(head)
        utf8_path, lines = _transcode(path, encoding, work)
    name = path.name
    try:
        text = utf8_path.open("rb").read(SNIFF_BYTES).decode("utf-8", errors="replace")
        delimiter = _delimiter(_first_line(text))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, [])
        header_lines = max(reader.line_num, 1)
    except csv.Error as error:
        raise UnusableFile(f"{name}: the header row is not valid CSV ({error})") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len([h for h in header if h]) < 2:
        raise UnusableFile(
            f"{name} has no recognisable header row (found {_preview(text)!r}); "
            "the first row must name the columns"
        )
    return CsvSource(path, utf8_path, encoding, delimiter, header, header_lines, lines)


def _marked_encoding(head: bytes, path: Path) -> str | None:
    """The encoding the first bytes show (a byte-order mark, UTF-16's zero bytes), or None when
    only the whole text can tell. UnusableFile for a binary file."""
    for signature, what in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise UnusableFile(f"{path.name} is {what}, not a CSV file")
    if is_duckdb_file(head):
        raise UnusableFile(f"{path.name} is a DuckDB database, not a CSV file")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in head:
        if head[1::2].count(0) > len(head) // 4:
            return "utf-16-le"
        if head[0::2].count(0) > len(head) // 4:
            return "utf-16-be"
        raise UnusableFile(f"{path.name} is a binary file, not a CSV file")
    return None


def _utf8_lines(path: Path) -> int | None:
    """The file's physical lines when all of it is UTF-8, else None; one pass does both."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, last = 0, b"\n"
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                # ASCII is UTF-8: decode only chunks that are not, or that finish a character.
                if not chunk.isascii() or decoder.getstate()[0]:
                    decoder.decode(chunk)
                lines += chunk.count(b"\n")
                last = chunk[-1:]
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return lines + (last != b"\n")


def _single_byte_encoding(head: bytes) -> str:
    """For text that is not UTF-8: Windows' cp1252 when it reads, else latin-1 (reads anything)."""
    return "cp1252" if _decodes(head, "cp1252") else "latin-1"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _transcode(path: Path, encoding: str, work: Path) -> tuple[Path, int]:
    """A UTF-8 copy of the file in `work`, and its physical lines."""
    copy, lines, last = work / "utf8.csv", 0, "\n"
    with path.open("rb") as raw, copy.open("wb") as handle:
        reader = codecs.getreader(encoding)(raw, errors="replace")
        while text := reader.read(1 << 20):
            handle.write(text.encode("utf-8"))
            lines += text.count("\n")
            last = text[-1]
    return copy, lines + (last != "\n")


def _first_line(text: str) -> str:
    return text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""


def _delimiter(line: str) -> str:
    """The delimiter that splits the header line into the most fields, outside quotes."""
    counts = {d: _count_outside_quotes(line, d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _preview(text: str) -> str:
    line = _first_line(text)
    return line[:60] + ("..." if len(line) > 60 else "")
