from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from legdash.ingest import dates
from legdash.ingest.dates import parse_datetime, parse_duration

# How phones write month names (written out here, independently of the parser's table).
MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "en_full": "January February March April May June July August September October November December",
    "pt": "jan fev mar abr mai jun jul ago set out nov dez",
    "pt_full": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "es": "ene feb mar abr may jun jul ago sept oct nov dic",
    "es_full": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
    "de_full": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "fr_full": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gen feb mar apr mag giu lug ago set ott nov dic",
    "it_full": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
AMPM_SPACES = (" ", "\u202f", "\xa0", "")


def _twelve_hour(dt: datetime, space: str) -> str:
    hour = dt.hour % 12 or 12
    return f"{hour}:{dt.minute:02d}{space}{'PM' if dt.hour >= 12 else 'AM'}"


LAYOUTS = {
    "hevy": lambda dt, mon, sp: f"{dt.day} {mon} {dt.year}, {dt:%H:%M}",
    "us": lambda dt, mon, sp: f"{mon} {dt.day}, {dt.year}, {_twelve_hour(dt, sp)}",
    "dotted_day": lambda dt, mon, sp: f"{dt.day}. {mon} {dt.year}, {dt:%H:%M}",
    "de_article": lambda dt, mon, sp: f"{dt.day} de {mon} de {dt.year}, {dt:%H:%M}",
    "strong_12h": lambda dt, mon, sp: f"{dt:%Y-%m-%d} {_twelve_hour(dt, sp)}",
    "iso_t": lambda dt, mon, sp: f"{dt:%Y-%m-%dT%H:%M}",
}
minutes = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda dt: dt.replace(second=0, microsecond=0)
)


@given(
    minutes,
    st.sampled_from(sorted(MONTHS)),
    st.sampled_from(sorted(LAYOUTS)),
    st.sampled_from(AMPM_SPACES),
    st.sampled_from((str, str.lower, str.upper)),
)
def test_every_layout_and_language_round_trips(dt, language, layout, space, case):
    month = MONTHS[language].split()[dt.month - 1]
    text = case(LAYOUTS[layout](dt, month, space))
    assert parse_datetime(text) == dt


@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2099, 12, 31)))
def test_iso_with_seconds_and_fractions_round_trips(dt):
    assert parse_datetime(dt.isoformat(sep=" ")) == dt
    assert parse_datetime(dt.isoformat()) == dt


@given(minutes, st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_offsets_give_aware_times(dt, offset_minutes):
    zone = timezone(timedelta(minutes=offset_minutes))
    parsed = parse_datetime(dt.replace(tzinfo=zone).isoformat())
    assert parsed == dt.replace(tzinfo=zone) and parsed.utcoffset() == zone.utcoffset(None)


@given(minutes, st.booleans())
def test_numeric_dates_follow_the_files_order(dt, day_first):
    first, second = (dt.day, dt.month) if day_first else (dt.month, dt.day)
    for separator in ("/", ".", "-"):
        text = f"{first:02d}{separator}{second:02d}{separator}{dt.year} {dt:%H:%M}"
        assert parse_datetime(text, day_first=day_first) == dt


@given(st.text())
def test_garbage_never_raises(text):
    result = parse_datetime(text)
    assert result is None or isinstance(result, datetime)


# Nd: decimal digits; No: superscripts, fractions and circled numbers, which NFKC turns into digits.
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "No"))))
def test_text_without_digits_is_never_a_date(text):
    assert parse_datetime(text) is None
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-01-07 17:15:00", datetime(2024, 1, 7, 17, 15)),
        ("7 Apr 2026, 10:14", datetime(2026, 4, 7, 10, 14)),
        ("Jun 11, 2026, 1:01\u202fPM", datetime(2026, 6, 11, 13, 1)),
        ("Jun 11, 2026, 12:01 AM", datetime(2026, 6, 11, 0, 1)),
        ("4 Set 2025, 12:07", datetime(2025, 9, 4, 12, 7)),
        ("2 Out 2025, 17:29", datetime(2025, 10, 2, 17, 29)),
        ("7 de abr. de 2026, 10:14 p. m.", datetime(2026, 4, 7, 22, 14)),
        ("mar., 7 abr. 2026 10:14", datetime(2026, 4, 7, 10, 14)),
        ("Dienstag, 7. Apr. 2026 um 10:14", datetime(2026, 4, 7, 10, 14)),
        ("7 aprile 2026 alle 10:14", datetime(2026, 4, 7, 10, 14)),
        ("7 MRZ 2026 10:14", datetime(2026, 3, 7, 10, 14)),
        ("2025-09-03", datetime(2025, 9, 3)),
        ("03/04/25", datetime(2025, 4, 3)),
    ],
)
def test_examples(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "31/02/2025",
        "13 PM",
        "2025-13-01",
        "7 Foo 2026, 10:14",
        "25:00 2025-01-01",
        "7 Apr 2026, 13:01 PM",
        "10:00 11:00 2025-01-01",
        "7 Apr Jun 2026",
        "2025-01-01 10:00+25:00",
    ],
)
def test_not_dates(text):
    assert parse_datetime(text) is None


def day_order(texts: list[str]) -> str:
    """The day order stage_datetimes settles on for a file holding these texts."""
    order = dates.DayOrder()
    for text in texts:
        order.add(dates._numeric_fields(dates._split(text)), dates.is_dotted(text))
    return order.result


@pytest.mark.parametrize(
    "texts, order",
    [
        (["03/04/2025", "13/04/2025"], dates.DAY_FIRST),
        (["03/04/2025", "04/13/2025"], dates.MONTH_FIRST),
        (["03/04/2025", "04/05/2025"], dates.AMBIGUOUS),
        (["13/04/2025", "04/13/2025"], dates.MIXED),
        (["2025-04-13", "7 Apr 2026, 10:14"], dates.DAY_FIRST),
        (["05.01.2026 18:12", "03.04.2025"], dates.DAY_FIRST),  # dotted dates are day first
        (["05.01.2026", "04/13/2025"], dates.MIXED),
        # A date no order reads is a typo, not evidence: its row is rejected either way.
        (["04/20/2026", "13/13/2026"], dates.MONTH_FIRST),
        (["20/04/2026", "04/31/2026"], dates.DAY_FIRST),
        (["03/04/2025", "31/04/2025", "0/13/2025"], dates.AMBIGUOUS),
        (["13/13/2026", "2025-04-13"], dates.DAY_FIRST),
    ],
)
def test_day_order_is_decided_from_the_whole_file(texts, order):
    assert day_order(texts) == order


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("1h 5m", 3900), ("56m", 3360), ("21min", 1260), ("45s", 45), ("1h", 3600),
        ("2 hours 3 minutes", 7380), ("4260", 4260), ("90,5", 90.5), ("1:05:00", 3900),
        ("0:12:30", 750), ("10:30", 630), ("1h 5m 30s", 3930),
    ],
)  # fmt: skip
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1h x", "5 parsecs", "1:75", "-5", "h"])
def test_not_durations(text):
    assert parse_duration(text) is None


@given(st.integers(min_value=0, max_value=86_400))
def test_durations_round_trip(total):
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    assert parse_duration(f"{hours}:{mins:02d}:{secs:02d}") == total
    assert parse_duration(f"{hours}h {mins}m {secs}s") == total
    assert parse_duration(str(total)) == total
    assert parse_duration(f"{total // 60}min") == total // 60 * 60


@given(st.text())
def test_duration_garbage_never_raises(text):
    result = parse_duration(text)
    assert result is None or result >= 0


def test_no_filler_word_is_a_month():
    assert not dates._FILLER & set(dates.MONTHS)


def staged_lookup(
    monkeypatch: pytest.MonkeyPatch, *rows: tuple[str | None, ...]
) -> tuple[duckdb.DuckDBPyConnection, dict[str, datetime | None], list[str]]:
    """stage_datetimes over `raw_ok` rows (columns c0, c1, ...), two texts per chunk: the
    connection, the lookup as raw -> value, and the warnings."""
    monkeypatch.setattr(dates, "LOOKUP_CHUNK", 2)
    con = duckdb.connect()
    columns = [f"c{i}" for i in range(len(rows[0]))]
    con.execute(f"CREATE TABLE raw_ok ({', '.join(f'{c} VARCHAR' for c in columns)})")
    con.executemany(f"INSERT INTO raw_ok VALUES ({', '.join('?' * len(columns))})", rows)
    warnings = dates.stage_datetimes(
        con, "lookup", columns, "Europe/London", dates.DateOrder("fitnotes")
    )
    return con, dict(con.execute("SELECT raw, value FROM lookup").fetchall()), warnings


def test_stage_datetimes_builds_a_lookup_in_the_gyms_time_zone(monkeypatch):
    con, rows, warnings = staged_lookup(
        monkeypatch,
        ("03/04/2025 10:00", "2025-06-01T10:00:00Z"),
        ("04/05/2025 11:00", "nonsense"),
        ("03/04/2025 10:00", None),
    )
    assert rows == {
        "03/04/2025 10:00": datetime(2025, 4, 3, 10, 0),
        "04/05/2025 11:00": datetime(2025, 5, 4, 11, 0),
        "2025-06-01T10:00:00Z": datetime(2025, 6, 1, 11, 0),  # BST
        "nonsense": None,
    }
    assert warnings == [
        "dates such as '03/04/2025 10:00' could be either order; read day-first,"
        " as no earlier fitnotes import's dates showed the order"
    ]
    dates.stage_durations(con, "durations", ["c0"])
    assert con.execute("SELECT count(*) FROM durations WHERE value IS NULL").fetchone()[0] == 2


def test_stage_datetimes_reads_a_month_first_file_month_first_across_chunks(monkeypatch):
    """The order shows only in the last chunk (13 in the second field): earlier chunks are re-read."""
    texts = ("03/04/2025 10:00", "05/06/2025 07:30", "Jun 11, 2026, 1:01 PM", "2025-02-03 09:00")
    _, rows, warnings = staged_lookup(monkeypatch, *[(t,) for t in (*texts, "04/13/2025 18:00")])
    assert warnings == []
    assert rows == {
        "03/04/2025 10:00": datetime(2025, 3, 4, 10, 0),
        "05/06/2025 07:30": datetime(2025, 5, 6, 7, 30),
        "Jun 11, 2026, 1:01 PM": datetime(2026, 6, 11, 13, 1),
        "2025-02-03 09:00": datetime(2025, 2, 3, 9, 0),
        "04/13/2025 18:00": datetime(2025, 4, 13, 18, 0),
    }
