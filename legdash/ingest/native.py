"""The native legdash set log: one row per set, ISO 8601 date-times, weights in kg unless a unit says lb."""

from __future__ import annotations

import re

from legdash.db import Connection
from legdash.ingest import dates, measures
from legdash.ingest.layout import Column, Format, StageContext
from legdash.ingest.staging import (
    KG_PER_LB,
    any_row,
    number_rejects,
    set_type_sql,
    stage_rows,
    weight_factor_sql,
)
from legdash.settings import DISPLAY_UNITS, WEIGHT_UNIT_WORDS, check_time_zone

# Weight headers that name their unit ("weight_lbs", "Weight (lb)", "load_kg"), kg ones first:
# see _header_unit. A plain weight column is read before them when a unit column gives its unit.
PLAIN_WEIGHT = ("weight", "load")
WEIGHT_IN_UNIT = tuple(
    f"{name}_{word}"
    for words in WEIGHT_UNIT_WORDS.values()
    for name in PLAIN_WEIGHT
    for word in words
)

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
    # Of two weight columns, one whose unit is sure: described by the unit column, else named.
    Column(
        "weight",
        (*WEIGHT_IN_UNIT, *PLAIN_WEIGHT),
        required=True,
        numeric=True,
        unit_column="unit",
        plain=PLAIN_WEIGHT,
    ),
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
    header = ctx.source.header
    stated = _header_unit(header[ctx.columns["weight"]])
    units = stated or ctx.options.units
    # A row with an empty unit cell reads the column whose header names its unit, if it can.
    fallback = FORMAT.unit_fallback("weight", header, ctx.columns, ctx.options.mapping)
    if not units and (
        not ctx.has("unit")
        or any_row(con, measures.in_default_unit(ctx, "weight", "unit", fallback))
    ):
        ctx.warnings.append(measures.NO_WEIGHT_UNIT)
    if ctx.options.units:
        plain = {} if stated else {"weight": "unit"}
        ctx.warnings.extend(
            measures.units_not_used(
                con,
                ctx,
                plain,
                "weight" if stated else None,
                fallbacks={} if fallback is None else {"weight": fallback},
            )
        )
    if ctx.has("member_id") and ctx.options.member:
        ctx.warnings.append(
            f"--member {ctx.options.member} applies only to rows with an empty member_id:"
            " the file has a member_id column"
        )
    default_factor = KG_PER_LB if units == "lb" else 1.0
    row_factor = weight_factor_sql(col("unit"))
    # A header that names the unit holds every row's weight in it: a row's unit may only agree.
    factor = (
        f"coalesce({row_factor}, {default_factor})"
        if ctx.has("unit") and not stated
        else str(default_factor)
    )
    weight = f"ld_num({col('weight')}) * {factor}"
    if fallback is not None:
        other_factor = KG_PER_LB if _header_unit(header[fallback]) == "lb" else 1.0
        weight = measures.or_fallback(weight, "weight", col("unit"), f"c{fallback}", other_factor)
    contradiction = (
        measures.contradiction_sql(
            ctx, "weight", "unit", "unit", stated, row_factor, default_factor
        )
        if stated and ctx.has("unit")
        else ""
    )
    # As in the app exports, a row's unit is checked only when it has a weight to qualify.
    unit_reject = measures.unit_reject_sql(
        f"ld_num({col('weight')})",
        col("unit"),
        "unit",
        "is not kg or lb",
        row_factor,
        contradiction,
    )
    numbers = number_rejects(
        ctx,
        {
            "weight": "weight",
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
            coalesce({numbers},
                CASE WHEN ld_text({at}) IS NOT NULL AND performed_at IS NULL
                    THEN 'performed_at ' || ld_quote({at}) || ' is not a date and time {what}' END,
                {unit_reject},
                CASE WHEN ld_text({col("set_type")}) IS NOT NULL AND set_type IS NULL
                    THEN 'set_type ' || ld_quote({col("set_type")})
                        || ' is not normal, warmup, dropset or failure' END),
            coalesce(ld_member_id({col("member_id")}), $member), ld_text({col("workout_id")}), NULL,
            -- An ISO date-time has a time of day exactly when its text has a colon.
            NULL, NULL, performed_at, performed_at IS NULL OR contains({at}, ':'),
            ld_text({col("location")}), ld_text({col("station_id")}), ld_text({col("exercise")}),
            {weight}, ld_num({col("reps")}), ld_num({col("rpe")}),
            set_type, ld_num({col("distance_m")}), ld_num({col("duration_s")}),
            ld_text({col("notes")}), ld_num({col("set_index")})
        FROM (SELECT *, {performed} AS performed_at, {set_type_sql(col("set_type"))} AS set_type
            FROM {rows})""",
        {"member": ctx.options.member, "tz": ctx.time_zone},
    )


def _header_unit(header: str) -> str | None:
    """The weight unit a header names ("weight_kg", "Load (lbs)"): it wins over --units, which
    would otherwise convert kilograms as pounds, and a row's unit that says otherwise is a
    contradiction, not a choice."""
    words = re.findall(r"[a-z]+", header.lower())
    return next((DISPLAY_UNITS[word] for word in words if word in DISPLAY_UNITS), None)


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


FORMAT = Format(
    name="native",
    kind="sets",
    columns=COLUMNS,
    stage=stage,
    description="legdash set log: member_id, performed_at, exercise, weight, reps (+ optional columns)",
    signature=("performed_at",),
    workouts_follow_sets=True,
)
