"""Station-session logs from rack sensors or check-in systems: who used which station, when."""

from __future__ import annotations

from legdash.db import Connection
from legdash.ingest.layout import Column, Format, StageContext
from legdash.ingest.staging import STAGED_STATIONS

COLUMNS = (
    Column(
        "station_id",
        ("station", "station id", "station_name", "rack", "rack_id", "machine"),
        required=True,
    ),
    Column(
        "equipment_type", ("equipment", "equipment type", "type", "station_type"), required=True
    ),
    Column(
        "started_at", ("start", "start_time", "started", "check_in", "checkin", "in"), required=True
    ),
    Column("ended_at", ("end", "end_time", "ended", "check_out", "checkout", "out"), required=True),
    Column("member_id", ("member", "member id", "user_id", "user")),
    Column("location", ("gym", "site", "club")),
)


def _timestamp(ctx: StageContext, target: str, label: str) -> tuple[str, str]:
    """(SQL value, SQL reject reason) for an ISO 8601 date-time column."""
    raw = ctx.col(target)
    value = f"ld_iso_ts({raw}, $tz)"
    reject = (
        f"CASE WHEN ld_text({raw}) IS NOT NULL AND {value} IS NULL THEN '{label} ' || ld_quote({raw})"
        " || ' is not a date and time (use 2026-01-31 18:05)' END"
    )
    return value, reject


def stage(con: Connection, ctx: StageContext) -> None:
    start, start_reject = _timestamp(ctx, "started_at", "started_at")
    end, end_reject = _timestamp(ctx, "ended_at", "ended_at")
    con.execute(f"CREATE TEMP TABLE staged_stations ({STAGED_STATIONS})")
    con.execute(
        f"""INSERT INTO staged_stations SELECT line, coalesce({start_reject}, {end_reject}),
            ld_text({ctx.col("station_id")}), ld_text({ctx.col("equipment_type")}),
            ld_text({ctx.col("location")}), {start}, {end}, ld_text({ctx.col("member_id")})
        FROM raw_ok""",
        {"tz": ctx.time_zone},
    )


FORMAT = Format(
    name="stations",
    kind="stations",
    columns=COLUMNS,
    stage=stage,
    description="station sessions: station_id, equipment_type, started_at, ended_at (+ member_id, location)",
    signature=("started_at", "ended_at", "station_id"),
)
