"""Door counts and occupancy logs: how many people were in the gym at a moment, per location.

A row has a timestamp (one date-time column, or a date and a time column) and a people count, or a
percentage of the capacity: people = round(percent x capacity / 100), with the capacity taken from
the same row. A percentage file without a capacity column cannot be imported.
"""

from __future__ import annotations

from legdash.db import Connection
from legdash.ingest import timestamps
from legdash.ingest.layout import Column, Format, StageContext
from legdash.ingest.source import UnusableFile
from legdash.ingest.staging import number_rejects, stage_rows

COLUMNS = (
    Column(
        "observed_at",
        (
            "timestamp",
            "datetime",
            "date_time",
            "time_stamp",
            "observed",
            "recorded_at",
            "measured_at",
            "date",
            "day",
        ),
    ),
    Column("time", ("hour", "time_of_day", "clock")),
    Column(
        "people",
        (
            "count",
            "people_count",
            "headcount",
            "head_count",
            "occupancy",
            "current_occupancy",
            "occupants",
            "visitors",
            "persons",
            "present",
            "in_gym",
        ),
        numeric=True,
    ),
    Column(
        "percent",
        (
            "%",
            "occupancy_%",
            "occupancy_percent",
            "occupancy_pct",
            "busy_%",
            "busy",
            "busy_percent",
            "percent_full",
            "pct",
            "capacity_%",
            "utilisation_%",
            "utilization_%",
        ),
        numeric=True,
    ),
    Column("capacity", ("max_capacity", "max_occupancy", "capacity_limit", "limit"), numeric=True),
    Column("location", ("gym", "site", "club", "branch", "studio", "area", "zone"), free_text=True),
)
MAX_PERCENT = 200


def stage(con: Connection, ctx: StageContext) -> None:
    col = ctx.col
    if not ctx.has("people") and not ctx.has("capacity"):
        raise UnusableFile(
            "the file gives occupancy as a percentage but has no capacity column: add one, or name"
            " it with --map capacity=COLUMN (people = percent x capacity / 100)"
        )
    stamps, warnings = timestamps.read(
        con, ctx, "occupancy_times", {"observed_at": timestamps.joined(ctx, "observed_at", "time")}
    )
    ctx.warnings.extend(warnings)
    percent_text = f"rtrim(trim({col('percent')}), '%')"
    people = f"ld_num({col('people')})"
    percent = f"ld_num({percent_text})"
    capacity = f"ld_num({col('capacity')})"
    numbers = number_rejects(ctx, {"capacity": "capacity"})
    if ctx.has("percent"):
        ctx.warnings.extend(_fraction_warning(con, percent))
    stage_rows(
        con,
        ctx,
        "occupancy",
        f"""SELECT raw_ok.line, coalesce(
            CASE WHEN ld_bad_num({col("people")}) THEN 'people ' || ld_quote({col("people")})
                || CASE WHEN ends_with(trim({col("people")}), '%')
                    THEN ' is a percentage: map that column with --map percent=COLUMN'
                    ELSE ' is not a number' END END,
            CASE WHEN ld_bad_num({percent_text}) THEN 'percent ' || ld_quote({col("percent")})
                || ' is not a number' END,
            {numbers}, {stamps.reject["observed_at"]},
            CASE WHEN {people} IS NULL AND {percent} IS NOT NULL THEN CASE
                WHEN NOT isfinite({percent}) OR {percent} < 0 OR {percent} > {MAX_PERCENT}
                    THEN 'percent ' || ld_quote({col("percent")}) || ' is not between 0 and {MAX_PERCENT}'
                WHEN {capacity} IS NULL
                    THEN 'a percentage needs a capacity, and this row has none' END END),
            ld_text({col("location")}), {stamps.value["observed_at"]},
            coalesce({people}, round({percent} * {capacity} / 100)), {capacity}
        FROM raw_ok {stamps.join}""",
    )


def _fraction_warning(con: Connection, percent: str) -> list[str]:
    """Percentages all at 1 or less are probably fractions (0.45 for 45 %): say how they were read."""
    largest = con.execute(f"SELECT max({percent}) FROM raw_ok WHERE isfinite({percent})").fetchone()
    if largest[0] is not None and 0 < largest[0] <= 1:
        return [
            "every percentage is 1 or less: read as percent (0.45 means 0.45 %), not as a fraction"
        ]
    return []


FORMAT = Format(
    name="occupancy",
    kind="occupancy",
    columns=COLUMNS,
    stage=stage,
    description="door counts: observed_at (or date and time), people or percent with capacity "
    "(+ location)",
    signature=("people", "headcount", "occupancy", "percent", "occupancy_%", "busy_%", "capacity"),
    one_of=(("observed_at", "time"), ("people", "percent")),
)
