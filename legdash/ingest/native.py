"""The native legdash set log: one row per set, ISO 8601 date-times, weights in kg unless a unit says lb."""

from __future__ import annotations

from legdash.db import Connection
from legdash.ingest import dates, measures
from legdash.ingest.layout import Column, Format, StageContext
from legdash.ingest.staging import any_row, number_rejects, set_type_sql, stage_rows
from legdash.settings import WEIGHT_UNIT_WORDS, check_time_zone

# A plain weight column ("weight" before "load") and ones whose header names the unit
# ("weight_lbs", "Load (kg)"; "weight_..." before "load_..."): layout.Format.reading reads one.
PLAIN_WEIGHT = ("weight", "load")


def _weight_in(unit: str) -> Column:
    names = (f"{name}_{word}" for name in PLAIN_WEIGHT for word in WEIGHT_UNIT_WORDS[unit])
    return Column(f"weight_{unit}", tuple(names), numeric=True)


COLUMNS = (
    Column("member_id", ("member", "member id", "memberid", "user_id", "user")),
    Column(
        "performed_at",
        ("performed at", "timestamp", "datetime", "date_time", "date time", "time"),
        required=True,
    ),
    Column(
        "exercise", ("exercise_name", "exercise name", "movement"), required=True, free_text=True
    ),
    # Required: this or one of the two after it (layout.Format.missing).
    Column("weight", PLAIN_WEIGHT, required=True, numeric=True),
    _weight_in("kg"),
    _weight_in("lb"),
    Column("reps", ("repetitions", "rep"), required=True, numeric=True),
    Column("unit", ("units", "weight_unit", "weight unit")),
    Column("set_index", ("set", "set_number", "set number", "set_no"), numeric=True),
    Column("workout_id", ("workout", "session_id", "session")),
    Column("location", ("gym", "site", "club")),
    Column("station_id", ("station", "rack", "rack_id")),
    Column("rpe", (), numeric=True),
    Column("set_type", ("type", "kind")),
    Column("duration_s", ("duration", "seconds", "duration_seconds", "time_s"), numeric=True),
    Column("distance_m", ("distance", "meters", "metres", "distance_meters"), numeric=True),
    Column("notes", ("note", "comment", "comments"), free_text=True),
)


def stage(con: Connection, ctx: StageContext) -> None:
    col = ctx.col
    if ctx.has("member_id") and ctx.options.member:
        ctx.warnings.append(
            f"--member {ctx.options.member} applies only to rows with an empty member_id:"
            " the file has a member_id column"
        )
    weight = measures.weight_kg(ctx, NAMES)
    numbers = number_rejects(
        ctx,
        {
            "reps": "reps",
            "rpe": "RPE",
            "duration_s": "duration_s",
            "distance_m": "distance_m",
            "set_index": "set_index",
        },
    )
    at = col("performed_at")
    offsets = f"ld_iso_shape({at}) AND ld_offset({at})"  # as ld_iso_ts reads them
    check_time_zone(con, ctx.time_zone, lambda: any_row(con, offsets))
    performed, rows = f"ld_iso_ts({at}, $tz)", "raw_ok"
    what = "(the first rows of the file write 2026-01-31 18:05: use that style throughout)"
    if not _iso_dates(con, ctx):
        # Saved again by a spreadsheet in its locale's style: the texts that are not ISO are read
        # as the app exports' are (the ISO ones keep the fast reading).
        con.execute(
            f"""CREATE TEMP TABLE native_other_dates AS SELECT {at} FROM raw_ok
            WHERE ld_text({at}) IS NOT NULL AND ld_iso_ts({at}, $tz) IS NULL""",
            {"tz": ctx.time_zone},
        )
        ctx.date_order.member = _only_member(con, ctx)
        ctx.warnings.extend(
            dates.stage_datetimes(
                con, "native_dates", [at], ctx.time_zone, ctx.date_order, "native_other_dates"
            )
        )
        performed = f"coalesce({performed}, d.value)"
        rows = f"raw_ok LEFT JOIN native_dates d ON d.raw = {at}"
        what = f"(e.g. {dates.DATE_EXAMPLES})"
    stage_rows(
        con,
        ctx,
        "sets",
        f"""SELECT line,
            coalesce({weight.number}, {numbers},
                CASE WHEN ld_text({at}) IS NOT NULL AND performed_at IS NULL
                    THEN 'performed_at ' || ld_quote({at}) || ' is not a date and time {what}' END,
                {weight.unit},
                CASE WHEN ld_text({col("set_type")}) IS NOT NULL AND set_type IS NULL
                    THEN 'set_type ' || ld_quote({col("set_type")})
                        || ' is not normal, warmup, dropset or failure' END),
            coalesce(ld_member_id({col("member_id")}), $member), ld_text({col("workout_id")}), NULL,
            -- An ISO date-time has a time of day exactly when its text has a colon.
            NULL, NULL, performed_at, performed_at IS NULL OR contains({at}, ':'),
            ld_text({col("location")}), ld_text({col("station_id")}), ld_text({col("exercise")}),
            {weight.value}, ld_num({col("reps")}), ld_num({col("rpe")}),
            set_type, ld_num({col("distance_m")}), ld_num({col("duration_s")}),
            ld_text({col("notes")}), ld_num({col("set_index")})
        FROM (SELECT *, {performed} AS performed_at, {set_type_sql(col("set_type"))} AS set_type
            FROM {rows})""",
        {"member": ctx.options.member, "tz": ctx.time_zone},
    )
    ctx.warnings.extend(measures.unit_warnings(con, ctx))


def _only_member(con: Connection, ctx: StageContext) -> str | None:
    """The file's one member (its member_id column, else --member), or None when it holds more:
    the member whose earlier files say how its numeric dates are read."""
    if not ctx.has("member_id"):
        return ctx.options.member
    members = con.execute(
        f"SELECT DISTINCT coalesce(ld_member_id({ctx.col('member_id')}), $member) FROM raw_ok LIMIT 2",
        {"member": ctx.options.member},
    ).fetchall()
    return members[0][0] if len(members) == 1 else None


# The first rows tell an ISO file (the format's own, read fast) from one a spreadsheet saved again.
SAMPLE_ROWS = 1000


def _iso_dates(con: Connection, ctx: StageContext) -> bool:
    """True when every performed_at of the file's first rows is ISO 8601.

    Excel and friends write a native file back with dates in their locale's style (05/01/2026
    18:04); such a file is read with the app exports' date reading, day or month first as the
    whole file shows. A file that starts in ISO and changes style later keeps the ISO reading.
    """
    at = ctx.col("performed_at")
    misses = con.execute(
        f"""SELECT count(*) FROM (SELECT {at} AS text FROM raw_ok ORDER BY line LIMIT {SAMPLE_ROWS})
        WHERE ld_text(text) IS NOT NULL AND ld_iso_ts(text, $tz) IS NULL""",
        {"tz": ctx.time_zone},
    ).fetchone()[0]
    return misses == 0


# The native log's reasons name its columns by their own names, whatever the header says.
NAMES = measures.Names("weight", "unit", "is not kg or lb")

FORMAT = Format(
    name="native",
    kind="sets",
    columns=COLUMNS,
    quantities=(measures.weight_columns("unit"),),
    stage=stage,
    description="legdash set log: member_id, performed_at, exercise, weight, reps (+ optional columns)",
    signature=("performed_at",),
    workouts_follow_sets=True,
)
