"""Property-based tests of the import parsers: random native files never break the accounting."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legdash import db
from legdash.ingest import raw
from legdash.ingest.layout import Options, header_key, mapped_columns
from legdash.ingest.pipeline import import_file
from legdash.ingest.raw import RowShape, repair
from legdash.ingest.source import NUL_IN_ROW, ZERO_TAIL, UnusableFile

NOW = datetime(2026, 3, 1, 12, 0)
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COLUMNS = ("member_id", "performed_at", "exercise", "weight", "reps", "notes")
# Characters every test encoding (UTF-8, UTF-16, Latin-1) can write, including CSV's own.
TEXT = st.text(alphabet="abcXYZ 019,;\t\"'=+-@\nüßéÜ%#()", max_size=30)
VALUES = {
    "member_id": st.sampled_from(["M1", "M2", "", " M3 ", "=cmd", "Jürgen"]),
    "performed_at": st.one_of(
        st.builds(
            "2025-01-{:02d} {:02d}:{:02d}".format,
            st.integers(1, 28),
            st.integers(0, 23),
            st.integers(0, 59),
        ),
        st.sampled_from(
            ["", "yesterday", "2999-01-01 10:00", "1900-01-01 10:00", "2025-02-30 10:00"]
        ),
    ),
    "exercise": st.one_of(
        st.sampled_from(
            ["Squat (Barbell)", "Deadlift", "Kniebeuge Übung", "Squat, pause", "x" * 250]
        ),
        TEXT,
    ),
    "weight": st.sampled_from(
        ["100", "102.5", "102,5", "-5", "900", "NaN", "inf", "", "heavy", "1e3"]
    ),
    "reps": st.sampled_from(["5", "0", "1000", "2.5", "", "x", "8"]),
    "notes": TEXT,
}
ROW = st.fixed_dictionaries(VALUES)


def encode_field(value: str, delimiter: str, mode: str) -> str:
    """A CSV field quoted as asked; 'never' writes it raw even when that breaks the row."""
    needs = any(c in value for c in (delimiter, '"', "\n", "\r"))
    if mode == "always" or (mode == "minimal" and needs):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def native_texts(draw: st.DrawFn, min_rows: int = 0) -> tuple[str, str]:
    """(text, encoding) of a random native set log."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    with_notes = draw(st.booleans())
    columns = COLUMNS if with_notes else COLUMNS[:-1]
    lines = [delimiter.join(encode_field(c, delimiter, "minimal") for c in columns)]
    for row in draw(st.lists(ROW, min_size=min_rows, max_size=12)):
        quoting = st.sampled_from(["minimal", "minimal", "always", "never"])
        modes = draw(st.lists(quoting, min_size=len(columns), max_size=len(columns)))
        fields = (encode_field(row[c], delimiter, m) for c, m in zip(columns, modes, strict=True))
        lines.append(delimiter.join(fields))
    return newline.join(lines) + (newline if draw(st.booleans()) else ""), encoding


@st.composite
def native_files(draw: st.DrawFn) -> tuple[bytes, int]:
    """(file bytes, physical line count) of a random native set log."""
    text, encoding = draw(native_texts())
    return text.encode(encoding), text.count("\n") + (0 if text.endswith("\n") else 1)


@st.composite
def files_with_a_nul(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """(file bytes, the same without it) of a random native set log with a NUL character
    somewhere after its header."""
    text, encoding = draw(native_texts(min_rows=1))
    # Anywhere but between a carriage return and its line feed, which would make a new line.
    places = st.integers(text.index("\n") + 1, len(text))
    at = draw(places.filter(lambda i: text[i - 1 : i + 1] != "\r\n"))
    return (text[:at] + "\x00" + text[at:]).encode(encoding), text.encode(encoding)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "gym.duckdb"
    db.init(path)
    return path


@FAST
@given(native_files())
def test_random_native_files_keep_the_accounting(template: Path, file: tuple[bytes, int]) -> None:
    content, lines = file
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, database = Path(tmp) / "log.csv", Path(tmp) / "gym.duckdb"
        csv_path.write_bytes(content)
        shutil.copy(template, database)
        first = import_file(csv_path, database, options=Options(), now=NOW)
        assert first.rows_read == first.imported + first.duplicates + first.rejected
        assert first.duplicates == 0
        assert all(2 <= r["line"] <= lines and r["reason"] for r in first.rejects)
        again = import_file(csv_path, database, options=Options(), now=NOW)
        assert again.rows_read == first.rows_read
        assert (again.imported, again.duplicates, again.rejected) == (
            0,
            first.imported,
            first.rejected,
        )


def stored_sets(database: Path) -> list[tuple]:
    with db.read(database) as con:
        return con.execute(
            """SELECT member_id, exercise_raw, performed_at, workout_start, ordinal,
                CAST(weight_kg AS VARCHAR), reps, notes, flagged FROM sets ORDER BY ALL"""
        ).fetchall()


@FAST
@given(files_with_a_nul())
def test_a_row_with_a_nul_character_is_rejected_and_keeps_its_place(
    template: Path, files: tuple[bytes, bytes]
) -> None:
    """Its file with the NUL deleted, imported after it, stores what that file alone stores."""
    with_nul, without = files
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "nul.csv").write_bytes(with_nul)
        (folder / "log.csv").write_bytes(without)
        shutil.copy(template, folder / "mended.duckdb")
        shutil.copy(template, folder / "alone.duckdb")
        first = import_file(folder / "nul.csv", folder / "mended.duckdb", now=NOW)
        # A NUL that ends the file says so: a copy cut short ends in zeros.
        assert {NUL_IN_ROW, ZERO_TAIL} & {r["reason"] for r in first.rejects}
        import_file(folder / "log.csv", folder / "mended.duckdb", now=NOW)
        import_file(folder / "log.csv", folder / "alone.duckdb", now=NOW)
        assert stored_sets(folder / "mended.duckdb") == stored_sets(folder / "alone.duckdb")


@st.composite
def shapes_and_rows(draw: st.DrawFn) -> tuple[RowShape, list[str]]:
    width = draw(st.integers(1, 8))
    indices = st.sets(st.integers(0, width - 1))
    shape = RowShape(
        width=width,
        free_text=tuple(sorted(draw(indices))),
        numeric=frozenset(draw(indices)),
        required=frozenset(draw(indices)),
    )
    fields = draw(st.lists(st.sampled_from(["", "5", "2,5", "x", "a b", " 7 ", ","]), max_size=12))
    return shape, fields


@FAST
@given(shapes_and_rows())
def test_repair_returns_the_shape_width_or_nothing(case: tuple[RowShape, list[str]]) -> None:
    shape, fields = case
    repaired = repair(fields, shape, ",")
    if repaired is None:
        return
    assert len(repaired) == shape.width
    if len(fields) > shape.width:
        assert ",".join(repaired) == ",".join(fields)  # merged, nothing lost
    else:
        assert repaired[: len(fields)] == fields


@FAST
@given(st.text())
def test_header_key_is_idempotent(text: str) -> None:
    key = header_key(text)
    assert header_key(key) == key
    assert key == key.strip("_")


@FAST
@given(
    st.lists(st.text(max_size=8), min_size=1, max_size=6),
    st.dictionaries(st.sampled_from(["people", "date", "time"]), st.text(max_size=4), max_size=3),
)
def test_mapping_gives_valid_positions_or_a_reason(header: list[str], mapping: dict) -> None:
    try:
        found = mapped_columns(header, mapping)
    except UnusableFile as error:
        assert str(error).startswith("--map")
        return
    assert set(found) == set(mapping)
    assert all(0 <= i < len(header) for i in found.values())
    assert len(set(found.values())) == len(found)


@FAST
@given(st.lists(st.lists(TEXT, min_size=1, max_size=5), min_size=1, max_size=4))
def test_well_quoted_rows_never_end_inside_quotes(rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert not raw._ends_inside_quotes(out.getvalue().rstrip("\n"), ",")
