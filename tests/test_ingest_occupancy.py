from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from legdash import db
from legdash.ingest.layout import Options
from legdash.ingest.pipeline import import_file
from legdash.ingest.source import UnusableFile

NOW = datetime(2026, 3, 1, 12, 0)
HEADER = "observed_at,people,capacity\n"


def stored_capacities(database: Path) -> list[int | None]:
    with db.read(database) as con:
        return [
            row[0]
            for row in con.execute("SELECT capacity FROM occupancy ORDER BY observed_at").fetchall()
        ]


@pytest.mark.parametrize("capacity", ["1e20", "100001", "-5", "0"])
def test_an_implausible_capacity_is_rejected_not_stored_empty(
    write_csv, db_file, capacity: str
) -> None:
    path = write_csv(
        "counts.csv", HEADER + f"2026-01-05 18:00,12,{capacity}\n2026-01-05 19:00,20,150\n"
    )
    result = import_file(path, db_file, now=NOW)
    assert (result.rows_read, result.imported, result.rejected) == (2, 1, 1)
    [reject] = result.rejects
    assert reject["line"] == 2
    shown = {"1e20": "1e+20", "100001": "100001"}.get(capacity, capacity)
    assert reject["reason"] == f"capacity {shown} is not from 1 to 100,000"
    assert stored_capacities(db_file) == [150]


def test_the_largest_plausible_capacity_is_stored(write_csv, db_file) -> None:
    path = write_csv("counts.csv", HEADER + "2026-01-05 18:00,12,100000\n")
    assert import_file(path, db_file, now=NOW).imported == 1
    assert stored_capacities(db_file) == [100000]


def test_a_percentage_file_without_capacity_is_refused_as_occupancy(write_csv, db_file) -> None:
    path = write_csv("busy.csv", "observed_at,percent\n2026-01-05 18:00,40\n")
    with pytest.raises(UnusableFile, match="no capacity column") as refused:
        import_file(path, db_file, options=Options(), now=NOW)
    assert refused.value.format == "occupancy"
    assert not db_file.exists()


def test_a_forced_format_that_does_not_fit_is_named_with_its_article(write_csv, db_file) -> None:
    path = write_csv("log.csv", "member,when,lift,kg,reps\n")
    with pytest.raises(UnusableFile, match="^not an occupancy file: missing column"):
        import_file(path, db_file, "occupancy", now=NOW)


def test_a_location_with_a_control_character_rejects_the_count(write_csv, db_file) -> None:
    path = write_csv(
        "counts.csv",
        'timestamp,people,location\n2026-01-05 18:00,12,"Side\x07"\n2026-01-05 18:00,12,Side\n',
    )
    result = import_file(path, db_file, now=NOW)
    assert (result.rows_read, result.imported, result.rejected) == (2, 1, 1)
    assert result.rejects == [
        {"line": 2, "reason": "location 'Side\\x07' holds a control character"}
    ]


def test_a_location_no_one_could_type_rejects_the_count(write_csv, db_file) -> None:
    """A file's location follows the rule of --location, so every stored one can be asked for."""
    path = write_csv(
        "counts.csv",
        "timestamp,people,location\n"
        f"2026-01-05 18:00,12,{'S' * 101}\n"
        "2026-01-05 18:00,12,Side\u202e\n"
        "2026-01-05 18:00,12,\u2060\n"
        "2026-01-05 18:00,12,Side\n",
    )
    result = import_file(path, db_file, now=NOW)
    assert (result.rows_read, result.imported, result.rejected) == (4, 1, 3)
    assert [r["reason"] for r in result.rejects] == [
        f"location '{'S' * 40}...' must be 1 to 100 characters",
        "location 'Side\\u202e' must not hold right-to-left or left-to-right override characters",
        "location '\\u2060' must have a visible character",
    ]


def test_one_count_in_two_spellings_of_a_location_is_a_repeat(write_csv, db_file) -> None:
    path = write_csv(
        "counts.csv",
        "timestamp,people,location\n2026-01-05 18:00,12,Side\n2026-01-05 18:00,12,SIDE \n",
    )
    result = import_file(path, db_file, now=NOW)
    assert (result.imported, result.rejected) == (1, 1)
    assert result.rejects[0]["reason"].startswith("another count for this location and time")


@pytest.mark.parametrize(
    "row, reason",
    [
        ("2026-01-05 18:00,100000.5,", "people count 100000.5 is not from 0 to 100,000"),
        ("2026-01-05 18:00,1000000,", "people count 1000000 is not from 0 to 100,000"),
        ("2026-01-05 18:00,12,-1", "capacity -1 is not from 1 to 100,000"),
        ("2026-01-05 18:00,12,12.5", "capacity 12.5 is not a whole number"),
    ],
)
def test_reject_reasons_show_the_number_and_blame_the_right_column(
    write_csv, db_file, row: str, reason: str
) -> None:
    result = import_file(write_csv("counts.csv", HEADER + row + "\n"), db_file, now=NOW)
    assert [r["reason"] for r in result.rejects] == [reason]


def test_a_share_of_a_bad_capacity_is_blamed_on_the_capacity(write_csv, db_file) -> None:
    path = write_csv("busy.csv", "Date;Hour;Busy %;Max capacity\n05/01/2026;8;50;-1\n")
    result = import_file(path, db_file, now=NOW)
    assert [r["reason"] for r in result.rejects] == ["capacity -1 is not from 1 to 100,000"]


def test_a_count_with_a_thousands_comma_is_not_read_as_one(write_csv, db_file) -> None:
    """'1,000' could be a thousand or one with a decimal comma: rejected, never stored as 1."""
    path = write_csv("counts.csv", HEADER + '2026-01-05 18:00,"1,000",\n2026-01-05 19:00,"12,5",\n')
    result = import_file(path, db_file, now=NOW)
    assert [r["reason"] for r in result.rejects] == [
        "people '1,000' is not a number",
        "people count 12.5 is not a whole number",
    ]


def test_a_door_count_file_that_leaves_the_date_order_open_follows_the_latest_that_decided(
    write_csv, db_file
) -> None:
    us = write_csv("us.csv", HEADER + "01/13/2026 18:00,12,100\n02/03/2026 18:00,20,100\n")
    assert import_file(us, db_file, now=NOW).warnings == []
    feb = write_csv("feb.csv", HEADER + "02/03/2026 18:00,20,100\n02/04/2026 18:00,25,100\n")
    result = import_file(feb, db_file, now=NOW)
    assert result.warnings == [
        "dates such as '02/03/2026 18:00' could be either order; read month-first,"
        " as in batch 1 (us.csv), the latest occupancy import whose dates showed the order"
    ]
    assert (result.imported, result.duplicates) == (1, 1)
    with db.read(db_file) as con:
        assert con.execute("SELECT max(observed_at) FROM occupancy").fetchone() == (
            datetime(2026, 2, 4, 18, 0),
        )


@pytest.mark.parametrize(
    "rows, warnings",
    [
        # The capacity alone changed: no figure reads it, so there is nothing to undo for.
        (
            ["18:00,40,150"],
            [
                "1 door count already stored with a different capacity only: the stored values"
                " were kept, and no figure reads a door count's capacity (line 2: 40 people of"
                " capacity 150 in this file, 40 people of capacity 120 stored by batch 1)"
            ],
        ),
        # One row with another count and capacity, one with another capacity only.
        (
            ["18:00,41,100", "18:15,30,150"],
            [
                "1 door count already stored with a different people count or capacity: the"
                " stored values were kept (line 2: 41 people of capacity 100 in this file,"
                " 40 people of capacity 120 stored by batch 1)",
                "if this file's values are the right ones, undo batch 1, which stored the"
                " others, then import this file again",
                "1 door count already stored with a different capacity only: the stored values"
                " were kept, and no figure reads a door count's capacity (line 3: 30 people of"
                " capacity 150 in this file, 30 people of capacity 120 stored by batch 1)",
            ],
        ),
    ],
)
def test_a_changed_capacity_alone_asks_for_no_undo(
    write_csv, db_file, rows: list[str], warnings: list[str]
) -> None:
    header = "timestamp,people,capacity\n"
    stored = header + "2026-01-05 18:00,40,120\n2026-01-05 18:15,30,120\n"
    import_file(write_csv("oa.csv", stored), db_file, now=NOW)
    again = header + "".join(f"2026-01-05 {row}\n" for row in rows)
    result = import_file(write_csv("ob.csv", again), db_file, now=NOW)
    assert (result.duplicates, result.warnings) == (len(rows), warnings)
    assert stored_capacities(db_file) == [120, 120]


def test_a_corrected_count_is_a_duplicate_that_says_the_stored_one_was_kept(
    write_csv, db_file
) -> None:
    first = "timestamp,people\n2026-01-05 18:00,23\n2026-01-05 18:15,31\n"
    import_file(write_csv("oa.csv", first), db_file, now=NOW)
    again = import_file(write_csv("oa.csv", first), db_file, now=NOW)
    assert (again.duplicates, again.warnings) == (2, [])
    corrected = write_csv("ob.csv", "timestamp,people\n2026-01-05 18:00,40\n")
    result = import_file(corrected, db_file, now=NOW)
    assert (result.imported, result.duplicates) == (0, 1)
    assert result.warnings == [
        "1 door count already stored with a different people count: the stored values"
        " were kept (line 2: 40 people in this file, 23 people stored by batch 1)",
        "if this file's values are the right ones, undo batch 1, which stored the others, then"
        " import this file again; undoing batch 1 also removes its 1 door count this file does"
        " not hold: import oa.csv again after this file",
    ]
