"""Timestamps in machine logs (station sessions, door counts): one date-time column, or a date column
plus a time column (`Date,Hour`: 2026-01-05 and 18 -> 2026-01-05 18:00).

Plain ISO 8601 is cast in SQL (fast for long logs); anything else (31.01.2026 18:05, 01/31/2026
6:05 PM, offsets) goes through legdash.ingest.dates, which decides day/month order for the whole file.
"""

from __future__ import annotations

from dataclasses import dataclass

from legdash.db import Connection
from legdash.ingest import dates
from legdash.ingest.layout import StageContext

ISO_LOCAL = r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?"
TIME_OF_DAY = r"(?i)[0-9]{1,2}(:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?)?\s*([ap]\.?m\.?)?"
# Spreadsheets write a date column as "2026-01-05 00:00:00": drop that midnight before adding a time.
MIDNIGHT = r"[ T]00:00(:00(\.0+)?)?$"
EXAMPLES = "e.g. 2026-01-31 18:05 or 31.01.2026 18:05"


@dataclass(frozen=True)
class Timestamps:
    """SQL for the timestamps of a row: each label's value and reject reason, and the joins they
    need, to put once after `FROM raw_ok`."""

    value: dict[str, str]
    reject: dict[str, str]
    join: str


def time_of_day(text: str) -> str:
    """SQL: true when the text is only a time of day (18, 18:05, 6 PM), without a date."""
    return f"regexp_full_match(trim({text}), '{TIME_OF_DAY}')"


def joined(ctx: StageContext, date_target: str, time_target: str) -> str:
    """SQL text of a timestamp from a date column and a time column; either may be absent.

    A time of day (18, 18:05, 6 PM) is appended to the date; a time that carries its own date is
    used as it is; an empty time leaves the date alone.
    """
    if not ctx.has(date_target):
        return ctx.col(time_target)
    if not ctx.has(time_target):
        return ctx.col(date_target)
    day, time = ctx.col(date_target), ctx.col(time_target)
    clock = rf"regexp_replace(trim({time}), '^([0-9]{{1,2}})($|[^0-9:])', '\1:00\2')"
    return (
        f"CASE WHEN ld_text({time}) IS NULL THEN {day}"
        f" WHEN {time_of_day(time)}"
        f" THEN regexp_replace(trim({day}), '{MIDNIGHT}', '') || ' ' || {clock}"
        f" ELSE {time} END"
    )


def read(
    con: Connection, ctx: StageContext, table: str, texts: dict[str, str]
) -> tuple[Timestamps, list[str]]:
    """Parse the timestamp texts (label -> SQL text) of every row; returns them and any warnings.

    Creates the lookup table `table` for the texts that are not plain ISO 8601. Texts joined from a
    date and a time column are worked out once per row, in `<table>_rows`: the SQL that joins them
    is long, and the value and reject reason each need it several times.
    """
    joins = []
    if not all(ctx.is_column(text) for text in texts.values()):
        rows = f"{table}_rows"
        columns = ", ".join(f"{text} AS t{n}" for n, text in enumerate(texts.values()))
        con.execute(f"CREATE TEMP TABLE {rows} AS SELECT line, {columns} FROM raw_ok")
        joins.append(f"JOIN {rows} ON {rows}.line = raw_ok.line")
        texts = {label: f"{rows}.t{n}" for n, label in enumerate(texts)}
        source = rows
    else:
        source = "raw_ok"
    not_iso = [
        f"CASE WHEN regexp_full_match(trim({text}), '{ISO_LOCAL}') THEN NULL ELSE {text} END"
        for text in texts.values()
    ]
    warnings = dates.stage_datetimes(con, table, not_iso, ctx.time_zone, ctx.date_order, source)
    values, rejects = {}, {}
    for n, (label, text) in enumerate(texts.items()):
        alias = f"{table}_{n}"
        values[label] = (
            f"CASE WHEN {alias}.raw IS NULL THEN TRY_CAST(trim({text}) AS TIMESTAMP)"
            f" ELSE {alias}.value END"
        )
        rejects[label] = (
            f"CASE WHEN ld_text({text}) IS NULL THEN NULL"
            f" WHEN {values[label]} IS NULL THEN '{label} ' || ld_quote({text})"
            f" || ' is not a date and time ({EXAMPLES})'"
            f" WHEN NOT ld_has_time({text}) THEN '{label} ' || ld_quote({text})"
            " || ' has no time of day' END"
        )
        joins.append(f"LEFT JOIN {table} {alias} ON {alias}.raw = {text}")
    return Timestamps(values, rejects, " ".join(joins)), warnings
