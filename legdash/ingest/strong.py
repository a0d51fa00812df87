"""Strong app exports: one row per set, grouped into workouts by their start date and time.

Strong has written several layouts (a plain `Weight` column, `kg`/`lbs` columns, unit columns, a quoted
layout with `Workout #` and the unit inside the header); all are read here. `Set Order` holds a number,
a set-type letter (W warm-up, D drop set, F failure) or marks a row that is not a set ("Rest Timer",
"Note"): such rows are rejected as not sets (Format.not_sets). Numbering starts at 0 or 1 and restarts per exercise,
so sets keep the file's order.
"""

from __future__ import annotations

import re

from legdash.db import Connection
from legdash.ingest import dates, measures
from legdash.ingest.layout import Column, Format, StageContext
from legdash.ingest.staging import SET_TYPE_WORDS, not_a_set, set_type_sql, stage_rows

# Set Order texts of rows that are not sets.
NOT_SETS = ("rest timer", "note")
# A Set Order value: a number, a set-type word or letter, or a row that is not a set.
SET_ORDER = "|".join(
    ["[0-9]+", *(re.escape(word) for word in (*SET_TYPE_WORDS, *NOT_SETS) if word)]
)

COLUMNS = (
    Column("date", ("workout_date", "start_date"), required=True),
    Column("workout_name", ("workout",), free_text=True),
    Column("workout_number", ("workout_#", "workout_no", "workout_number")),
    Column("exercise", ("exercise_name",), required=True, free_text=True),
    Column("set_order", ("set", "set_number"), required=True, pattern=SET_ORDER),
    *measures.COLUMNS,
    Column("reps", numeric=True),
    Column("rpe", numeric=True),
    Column("seconds", ("set_seconds",), numeric=True),
    Column("duration", ("duration_sec", "duration_s", "duration_seconds", "workout_duration")),
    Column("notes", ("note",), free_text=True),
    Column("workout_notes", free_text=True),
)


def _set_type(order: str) -> str:
    """SQL: normal for a set number, warmup/dropset/failure for W/D/F; NULL when unknown."""
    text = f"coalesce({order}, '')"
    return f"CASE WHEN regexp_full_match(trim({text}), '[0-9]+') THEN 'normal' ELSE {set_type_sql(text)} END"


def stage(con: Connection, ctx: StageContext) -> None:
    col = ctx.col
    ctx.warnings.extend(
        dates.stage_datetimes(con, "strong_dates", [col("date")], ctx.time_zone, ctx.date_order)
    )
    dates.stage_durations(con, "strong_durations", [col("duration")])
    weight, distance = measures.weight_kg(ctx), measures.distance_m(ctx)
    numbers = measures.labelled_number_rejects(ctx, "reps", "rpe", "seconds")
    order = col("set_order")
    not_set = " ".join(f"WHEN '{kind}' THEN '{not_a_set(kind)}'" for kind in NOT_SETS)
    date_reject = dates.reject_sql(
        col("date"),
        "d.value",
        measures.header_label(ctx, "date"),
        f"a date and time (e.g. {dates.DATE_EXAMPLES})",
    )
    stage_rows(
        con,
        ctx,
        "sets",
        f"""SELECT line,
            coalesce(CASE lower(trim({order})) {not_set} END, {date_reject}, {weight.reject},
                {distance.reject}, {numbers},
                CASE WHEN {_set_type(order)} IS NULL THEN '{measures.header_label(ctx, "set_order")} '
                    || ld_quote({order}) || ' is not a set number or W, D, F' END),
            $member, concat_ws('|', ld_text({col("date")}), ld_text({col("workout_number")})),
            ld_text({col("workout_name")}), d.value, d.value + to_seconds(dur.value), NULL,
            ld_has_time({col("date")}), NULL, NULL, ld_text({col("exercise")}), {weight.value},
            ld_num({col("reps")}), ld_num({col("rpe")}), {_set_type(order)}, {distance.value},
            nullif(ld_num({col("seconds")}), 0), ld_text({col("notes")}), NULL
        FROM raw_ok LEFT JOIN strong_dates d ON d.raw = {col("date")}
            LEFT JOIN strong_durations dur ON dur.raw = {col("duration")}""",
        {"member": ctx.options.member},
    )
    ctx.warnings.extend(
        dates.spread_warning(con, "strong_durations", col("duration"), "workout duration")
    )
    ctx.warnings.extend(measures.unit_warnings(con, ctx))


FORMAT = Format(
    name="strong",
    kind="sets",
    columns=COLUMNS,
    quantities=measures.QUANTITIES,
    stage=stage,
    description="Strong export: Date, Workout Name, Exercise Name, Set Order, Weight, Reps, ...",
    signature=("workout_name", "set_order", "exercise_name", "workout_#"),
    not_sets=NOT_SETS,
    numbered_sets=True,
)
