"""Station-session logs from rack sensors or check-in systems: who used which station, when.

Start and end are date-times, or times of day with a separate `date` column (`--map date=Day`); an
end time of day before the start time is on the next day.
"""

from __future__ import annotations

from legdash.db import Connection
from legdash.ingest import timestamps
from legdash.ingest.layout import Column, Format, StageContext
from legdash.ingest.staging import stage_rows

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
    Column("date", ("day", "session_date")),
    Column("member_id", ("member", "member id", "user_id", "user")),
    Column("location", ("gym", "site", "club")),
)


def stage(con: Connection, ctx: StageContext) -> None:
    texts = {
        "started_at": timestamps.joined(ctx, "date", "started_at"),
        "ended_at": timestamps.joined(ctx, "date", "ended_at"),
    }
    stamps, warnings = timestamps.read(con, ctx, "station_times", texts)
    ctx.warnings.extend(warnings)
    start, end = stamps.value["started_at"], stamps.value["ended_at"]
    if ctx.has("date"):
        # A time of day before the start, on a row with one date: the session ran past midnight.
        end = (
            f"CASE WHEN {timestamps.time_of_day(ctx.col('ended_at'))} AND {end} < {start}"
            f" THEN {end} + INTERVAL 1 DAY ELSE {end} END"
        )
    stage_rows(
        con,
        ctx,
        "stations",
        f"""SELECT raw_ok.line,
            coalesce({stamps.reject["started_at"]}, {stamps.reject["ended_at"]}),
            ld_text({ctx.col("station_id")}), ld_text({ctx.col("equipment_type")}),
            ld_text({ctx.col("location")}), {start}, {end},
            ld_member_id({ctx.col("member_id")})
        FROM raw_ok {stamps.join}""",
    )


FORMAT = Format(
    name="stations",
    kind="stations",
    columns=COLUMNS,
    stage=stage,
    description="station sessions: station_id, equipment_type, started_at, ended_at (+ member_id, location)",
    signature=("started_at", "ended_at", "station_id"),
)
