"""Open an uploaded file as CSV text: refuse what is not CSV, find the encoding, delimiter and header.

DuckDB's sniffer can read a short or odd file as one column without error, so the header and the
delimiter are decided here, from the first record, before anything is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from legdash.db import is_duckdb_file
from legdash.wording import escaped

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

# Bytes 257 to 265 of a tar archive (POSIX, GNU): its first file's header, zeros, then that file,
# then zeros; its zeros at the end do not count (_marked_encoding), so the mark must say it.
TAR_MARKS = (b"ustar\x0000", b"ustar  \x00")


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
    # Physical lines (1-based) in another encoding than the file's, each with the reason their
    # rows are rejected whatever they hold.
    faulty_lines: Mapping[int, str] = field(default_factory=dict)
    # Physical lines before the header (blank lines, Excel's `sep=;`): not records, but counted,
    # so that a row's line number is the file's.
    lines_before: int = 0
    # Whether the text holds a NUL character, which rejects its row (NUL_IN_ROW).
    has_nul: bool = False
    # Whether the zeros a copy cut short ends in (ZERO_TAIL) start inside the header row.
    cut_in_header: bool = False

    @property
    def row_faults(self) -> bool:
        """Whether some rows are rejected whatever they hold: the reader records why (raw.py)."""
        return self.has_nul or bool(self.faulty_lines)

    @property
    def header_fault(self) -> str | None:
        """Why the header row refuses the file: the file ends in zeros inside it, or it holds a
        NUL character; None for a sound header."""
        if self.cut_in_header:
            return ZERO_IN_HEADER
        return NUL_IN_HEADER if any("\x00" in name for name in self.header) else None

    def without_header(self) -> CsvSource:
        """The same file read as data from its first line, its columns named by position."""
        names = [f"column {n}" for n in range(1, len(self.header) + 1)]
        return replace(self, header=names, has_header=False)


def open_csv(path: Path, work: Path) -> CsvSource:
    """Check the file is CSV text, transcode it to UTF-8 if needed, and read its header.

    A UTF-8 copy goes into `work`, the caller's work folder, which the caller removes whatever
    happens: a refused file leaves no copy of its rows behind.
    """
    name = escaped(path.name)
    if path.exists() and not path.is_file() and not path.is_dir():
        # A device or pipe: /dev/zero would be copied until the disk is full.
        raise UnusableFile(f"{name} is not a regular file")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            handle.seek(max(handle.seek(0, io.SEEK_END) - 1, 0))
            ends_in_zero = handle.read(1) == b"\x00"
    except OSError as error:
        raise UnusableFile(f"cannot read {name}: {error.strerror or error}") from None
    if not head.strip():
        raise UnusableFile(f"{name} is empty")
    marked = _marked_encoding(head, name, ends_in_zero=ends_in_zero)
    # Each pass over the file counts its lines and says whether it holds a NUL character.
    scan = _utf8_lines(path) if marked in (None, "utf-8-sig") else None
    foreign: frozenset[int] = frozenset()
    broken: frozenset[int] = frozenset()
    reason = ""
    if scan and not marked:
        encoding, utf8_path, (lines, nul) = "utf-8", path, scan
    elif marked and (scan or marked != "utf-8-sig"):
        encoding = marked
        utf8_path, lines, nul, broken = _transcode(path, encoding, work)
    else:
        encoding, foreign, reason = _mixed_encodings(path, head, utf8_marked=bool(marked))
        utf8_path, lines, nul, broken = _transcode_lines(path, encoding, foreign, work)
    text = utf8_path.open("rb").read(SNIFF_BYTES).decode("utf-8", errors="replace")
    lines_before, text, delimiter = _before_header(text)
    # No line end from the header on, and the file ends in zeros: they start inside the header.
    cut_in_header = ends_in_zero and "\x00" in text and not _LINE_END.search(text)
    try:
        delimiter = delimiter or _delimiter(_first_line(text))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, [])
        header_lines = max(reader.line_num, 1)
    except csv.Error as error:
        raise UnusableFile(f"{name}: the header row is not valid CSV ({error})") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len([h for h in header if h]) < 2:
        if cut_in_header:
            raise UnusableFile(f"{name}: {ZERO_IN_HEADER}")
        raise UnusableFile(
            f"{name} has no recognisable header row (found {_preview(text)!r}); "
            "the first row must name the columns"
        )
    return CsvSource(
        path,
        utf8_path,
        encoding,
        delimiter,
        header,
        header_lines,
        lines,
        True,
        dict.fromkeys(foreign, reason) | dict.fromkeys(broken, _not_valid(encoding)),
        lines_before,
        nul,
        cut_in_header,
    )


# Excel's first line naming the delimiter ("sep=;"), which Excel reads and does not show; a
# spreadsheet that saved it again may have padded it with more delimiters.
_SEP_LINE = re.compile(r"\s*sep=([^\r\n\"])\1*\s*", re.IGNORECASE)
_LINE_END = re.compile(r"\r\n|\r|\n")


# What a line before the header may hold and still be blank: whitespace and delimiters.
BLANK_CHARACTERS = " \t\r\n,;"


def _before_header(text: str) -> tuple[int, str, str | None]:
    """The lines before the header (blank ones, then Excel's `sep=X`), the text from the header on,
    and the delimiter `sep=` names (None without one)."""
    lines, start, delimiter = 0, 0, None
    for end in _LINE_END.finditer(text):
        line = text[start : end.start()].lstrip("\ufeff")
        if delimiter is None and (sep := _SEP_LINE.fullmatch(line)):
            delimiter = sep.group(1)
        elif line.strip(BLANK_CHARACTERS):  # a spreadsheet saves an empty row as `,,,,`
            break
        lines, start = lines + 1, end.end()
    return lines, text[start:], delimiter


def _marked_encoding(head: bytes, name: str, *, ends_in_zero: bool) -> str | None:
    """The encoding the first bytes show (a byte-order mark, UTF-32's or UTF-16's zero bytes), or
    None when only the whole text can tell. UnusableFile, naming the file `name`, for a binary file.

    When the file ends in a zero byte (`ends_in_zero`), the zeros that end `head` are left out of
    what follows: a copy cut short (a USB stick pulled out, a preallocated file never filled) ends
    in a block of them, whose line alone is rejected (ZERO_TAIL). Zeros alone are a binary file.

    Zero bytes in the first SNIFF_BYTES, without a byte-order mark, are UTF-32 when they lie as its
    characters' do (_utf32_order), else UTF-16 when more than half
    of the odd bytes or of the even bytes are zero, and a binary file when more than half of both
    are (mostly zeros). Fewer are stray NUL characters in text, whose rows alone are rejected (a
    gym app's note), unless more of the non-blank lines there hold a control byte (a NUL, or any
    other but tab, line feed and carriage return) than hold none: a binary file, whose line feeds
    fall anywhere. A lone line (a header row alone) is text when NULs are its only control bytes.
    """
    for signature, what in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise UnusableFile(f"{name} is {what}, not a CSV file")
    if is_duckdb_file(head):
        raise UnusableFile(f"{name} is a DuckDB database, not a CSV file")
    if head[257:265] in TAR_MARKS:
        raise UnusableFile(f"{name} is a tar archive, not a CSV file")
    # UTF-32's little-endian mark starts with UTF-16's.
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in head:
        text = (head.rstrip(b"\x00") if ends_in_zero else head) or head
        if wide := _utf32_order(text):
            return wide
        odd, even = text[1::2].count(0) > len(text) // 4, text[0::2].count(0) > len(text) // 4
        if odd != even:
            return "utf-16-le" if odd else "utf-16-be"
        if odd or not _mostly_text_lines(text):
            raise UnusableFile(f"{name} is a binary file, not a CSV file")
    return None


def _utf32_order(head: bytes) -> str | None:
    """The encoding ("utf-32-le", "utf-32-be") of bytes that read as UTF-32 without a byte-order
    mark: each character's top byte zero, the next at most 0x10 (no character is above
    U+10FFFF), and some text in the others; else None. UTF-16's letters, above 0x10, never do."""
    quads = head[: len(head) // 4 * 4]
    for order, top, next_ in (("le", 3, 2), ("be", 0, 1)):
        if not quads[top::4].strip(b"\0") and max(quads[next_::4], default=0x11) <= 0x10:
            return f"utf-32-{order}" if quads.strip(b"\0") else None
    return None


# Bytes that text hardly ever holds: the C0 controls but tab, line feed and carriage return.
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _mostly_text_lines(head: bytes) -> bool:
    """Whether at least as many of the non-blank lines hold no control byte as hold one; one line
    alone cannot outvote itself, so it is text when it holds no control byte but NUL."""
    lines = [line for line in head.splitlines() if line.strip()]
    if len(lines) == 1:
        return not _CONTROL_BYTE.search(lines[0].replace(b"\x00", b""))
    control = sum(1 for line in lines if _CONTROL_BYTE.search(line))
    return control <= len(lines) - control


NUL_IN_ROW = (
    "holds a NUL character (a zero byte), which text never holds: delete it from this row"
    " (an editor may show it as NUL or ^@) and import it again"
)
ZERO_TAIL = (
    "the file ends in zero bytes from here (a copy cut short?): its last rows may be missing;"
    " copy or export the file again (or delete the zeros) and import it"
)
ZERO_IN_HEADER = (
    "the file ends in zero bytes inside its header row (a copy cut short?): copy or export the"
    " file again and import it"
)
NUL_IN_HEADER = (
    "the header row holds a NUL character (a zero byte), which text never holds: delete it"
    " (an editor may show it as NUL or ^@) and import the file again"
)


def _utf8_lines(path: Path) -> tuple[int, bool] | None:
    """The file's physical lines, and whether it holds a zero byte, when all of it is UTF-8, else
    None; one pass does all three."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, last, nul = 0, b"\n", False
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                # ASCII is UTF-8: decode only chunks that are not, or that finish a character.
                if not chunk.isascii() or decoder.getstate()[0]:
                    decoder.decode(chunk)
                lines += chunk.count(b"\n")
                nul = nul or b"\x00" in chunk
                last = chunk[-1:]
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return lines + (last != b"\n"), nul


NOT_UTF8 = (
    "not valid UTF-8 text like the rest of the file (an accent saved in another encoding?):"
    " fix this row's text and import it again"
)
NOT_VALID = (
    "not valid {encoding} text like the rest of the file (a broken character):"
    " fix this row's text and import it again"
)
UTF8_IN_SINGLE_BYTE = (
    "UTF-8 text in a file otherwise in {encoding}: read as {encoding} its accents would be"
    " garbled; fix this row's text and import it again"
)


def _mixed_encodings(
    path: Path, head: bytes, *, utf8_marked: bool
) -> tuple[str, frozenset[int], str]:
    """The encoding of a file that is not all UTF-8, the lines in another one and the reason
    their rows are rejected.

    A file with UTF-8 rows (or a UTF-8 BOM) is UTF-8 unless most of its lines with accents are
    in a single-byte encoding: re-reading all of it as cp1252 would garble every UTF-8 accent
    without a word. A file with no UTF-8 accent at all is read as before, whole.
    """
    single = _single_byte_encoding(head)
    if not utf8_marked and not _has_utf8_sequence(path):
        return single, frozenset(), ""  # a whole cp1252 or Latin-1 file: no line by line pass
    utf8, other = _classify_lines(path)
    if utf8_marked or (utf8 and len(utf8) >= len(other)):
        return "utf-8-sig", frozenset(other), NOT_UTF8
    return single, frozenset(utf8), UTF8_IN_SINGLE_BYTE.format(encoding=single)


def _has_utf8_sequence(path: Path) -> bool:
    """Whether any bytes of the file read as a UTF-8 character other than ASCII; in cp1252 or
    Latin-1 text such bytes are rare ("Ã©")."""
    carry = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            # Decoding that drops what is not UTF-8 keeps exactly the UTF-8 characters.
            if not (carry + chunk).decode("utf-8", errors="ignore").isascii():
                return True
            carry = chunk[-3:]  # a character split across chunks
    return False


def _physical_lines(path: Path) -> Iterator[bytes]:
    """The file's lines with their ends, split as Python's csv reader sees them (\n, \r\n, \r)."""
    carry = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines = (carry + chunk).splitlines(keepends=True)
            carry = lines.pop()  # may go on in the next chunk (a \r\n split across them too)
            yield from lines
    if carry:
        yield carry


def _classify_lines(path: Path) -> tuple[list[int], list[int]]:
    """Numbers (1-based) of the lines with non-ASCII text that is UTF-8, and of those that is not."""
    utf8: list[int] = []
    other: list[int] = []
    for number, line in enumerate(_physical_lines(path), 1):
        if not line.isascii():
            (utf8 if _decodes(line, "utf-8") else other).append(number)
    return utf8, other


# A transcoded file: its UTF-8 copy, its physical lines, whether it holds a NUL character, and
# the lines (1-based, as the Python reader counts them) holding bytes that are no character of
# its encoding, whose rows are rejected (NOT_VALID) as a UTF-8 file's are (NOT_UTF8).
Transcoded = tuple[Path, int, bool, frozenset[int]]

# What the decoders put for bytes that are no character: a lone surrogate, which decoded text
# never holds, so that the lines holding one are found; the copy holds U+FFFD there.
BROKEN = "\udfff"
_MARK_BROKEN = "legdash-broken"


def _mark_broken(error: UnicodeDecodeError) -> tuple[str, int]:
    # Zero bytes too few for a character are the end of a copy cut short (an odd count after
    # UTF-16 text): a NUL, for the line to end in NULs as other such copies do (ZERO_TAIL).
    if not error.object[error.start : error.end].strip(b"\x00"):
        return "\x00", error.end
    return BROKEN, error.end


codecs.register_error(_MARK_BROKEN, _mark_broken)


def _not_valid(encoding: str) -> str:
    wide = encoding.startswith(("utf-16", "utf-32"))
    return NOT_VALID.format(encoding=encoding[:6].upper() if wide else encoding)


def _transcode_lines(path: Path, encoding: str, foreign: frozenset[int], work: Path) -> Transcoded:
    """A transcoded file in `encoding` whose `foreign` lines are in the other encoding (each
    decoded in its own, so that its rejected row reads well)."""
    if not foreign:
        return _transcode(path, encoding, work)
    copy, lines, nul, broken = work / "utf8.csv", 0, False, set()
    with copy.open("wb") as handle:
        for lines, line in enumerate(_physical_lines(path), 1):
            if lines not in foreign:
                text = line.decode(encoding, errors=_MARK_BROKEN)
            elif encoding == "utf-8-sig":
                text = line.decode(_single_byte_encoding(line))
            else:
                text = line.decode("utf-8")
            if BROKEN in text:
                broken.add(lines)
                text = text.replace(BROKEN, "\ufffd")
            handle.write(text.encode("utf-8"))
            nul = nul or "\x00" in text
    return copy, lines, nul, frozenset(broken)


def _single_byte_encoding(head: bytes) -> str:
    """For text that is not UTF-8: Windows' cp1252 when it reads, else latin-1 (reads anything)."""
    return "cp1252" if _decodes(head, "cp1252") else "latin-1"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _transcode(path: Path, encoding: str, work: Path) -> Transcoded:
    """The file transcoded into a UTF-8 copy in `work`."""
    copy, lines, last, nul, broken = work / "utf8.csv", 0, "\n", False, False
    # A text file (not codecs' stream reader) also decodes a character cut off at the end.
    with _decoded(path, encoding) as reader, copy.open("wb") as handle:
        while text := reader.read(1 << 20):
            if BROKEN in text:
                broken, text = True, text.replace(BROKEN, "\ufffd")
            handle.write(text.encode("utf-8"))
            lines += text.count("\n")
            nul = nul or "\x00" in text
            last = text[-1]
    found = _broken_lines(path, encoding) if broken else frozenset()
    return copy, lines + (last != "\n"), nul, found


def _decoded(path: Path, encoding: str) -> TextIO:
    """The file as text whose lines end as the Python reader's do, BROKEN for each broken
    character."""
    return path.open(encoding=encoding, errors=_MARK_BROKEN, newline="")


def _broken_lines(path: Path, encoding: str) -> frozenset[int]:
    """The lines holding a broken character, a second pass for the few files that have one."""
    with _decoded(path, encoding) as reader:
        return frozenset(number for number, line in enumerate(reader, 1) if BROKEN in line)


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
