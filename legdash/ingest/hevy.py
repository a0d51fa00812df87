"""Hevy app exports: one row per set, with the workout's start and end time on every row.

Dates come in the phone's language and clock (7 Apr 2026, 10:14; Jun 11, 2026, 1:01 PM; ISO), weights
in `weight_kg` or `weight_lbs`, distances in `distance_km` or `distance_miles`. `set_type` (normal,
warmup, failure, dropset) is kept.
"""

from __future__ import annotations

from legdash.db import Connection
from legdash.ingest import dates, measures
from legdash.ingest.layout import Column, Format, StageContext
from legdash.ingest.staging import set_type_sql, stage_rows

COLUMNS = (
    Column("title", ("workout_title",), free_text=True),
    Column("start_time", ("start",), required=True),
    Column("end_time", ("end",)),
    Column("description", free_text=True),
    Column("exercise_title", ("exercise",), required=True, free_text=True),
    Column("superset_id"),
    Column("exercise_notes", free_text=True),
    Column("set_index", ("set_number",), numeric=True),
    Column("set_type"),
    *measures.COLUMNS,
    Column("reps", numeric=True),
    Column("duration_seconds", ("duration_s",), numeric=True),
    Column("rpe", numeric=True),
)


def stage(con: Connection, ctx: StageContext) -> None:
    col = ctx.col
    times = [col("start_time"), col("end_time")]
    ctx.warnings.extend(
        dates.stage_datetimes(con, "hevy_dates", times, ctx.time_zone, ctx.date_order)
    )
    weight, distance = measures.weight_kg(ctx), measures.distance_m(ctx)
    numbers = measures.labelled_number_rejects(ctx, "reps", "rpe", "duration_seconds", "set_index")
    start_reject = dates.reject_sql(
        col("start_time"),
        "s.value",
        measures.header_label(ctx, "start_time"),
        f"a date and time (e.g. {dates.DATE_EXAMPLES})",
    )
    set_type = set_type_sql(f"coalesce({col('set_type')}, '')")
    stage_rows(
        con,
        ctx,
        "sets",
        f"""SELECT line,
            coalesce({start_reject}, {weight.reject}, {distance.reject}, {numbers},
                CASE WHEN {set_type} IS NULL THEN 'set_type ' || ld_quote({col("set_type")})
                    || ' is not normal, warmup, dropset or failure' END),
            $member, ld_text({col("start_time")}), ld_text({col("title")}), s.value, e.value, NULL,
            ld_has_time({col("start_time")}), NULL, NULL, ld_text({col("exercise_title")}),
            {weight.value}, ld_num({col("reps")}), ld_num({col("rpe")}), {set_type},
            {distance.value}, nullif(ld_num({col("duration_seconds")}), 0),
            ld_text({col("exercise_notes")}), ld_num({col("set_index")})
        FROM raw_ok LEFT JOIN hevy_dates s ON s.raw = {col("start_time")}
            LEFT JOIN hevy_dates e ON e.raw = {col("end_time")}""",
        {"member": ctx.options.member},
    )
    ctx.warnings.extend(
        dates.spread_warning(con, "hevy_dates", col("end_time"), "workout end time")
    )
    ctx.warnings.extend(measures.unit_warnings(con, ctx))


FORMAT = Format(
    name="hevy",
    kind="sets",
    columns=COLUMNS,
    quantities=measures.QUANTITIES,
    stage=stage,
    description="Hevy export: title, start_time, end_time, exercise_title, set_index, set_type, "
    "weight_kg|weight_lbs, reps, ...",
    signature=("exercise_title", "set_index", "superset_id", "exercise_notes"),
    numbered_sets=True,
)
