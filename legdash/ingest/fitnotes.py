"""FitNotes exports: one row per set with the day only, so a day is one workout and times are unknown.

Sets are stored at 00:00 of their day with `time_known` false. Dates follow the phone's locale; whether
03/04/2025 is day-first is decided from the whole file. FitNotes has no set numbers: the file's order
numbers the sets, so identical rows on one day stay distinct sets.
"""

from __future__ import annotations

from legdash.db import Connection
from legdash.ingest import dates, measures
from legdash.ingest.layout import Column, Format, StageContext
from legdash.ingest.staging import stage_rows

COLUMNS = (
    Column("date", ("day",), required=True),
    Column("exercise", ("exercise_name",), required=True, free_text=True),
    Column("category", free_text=True),
    *measures.COLUMNS,
    Column("reps", numeric=True, required=True),
    Column("duration", ("time",)),
    Column("comment", ("comments", "notes", "note"), free_text=True),
)


def stage(con: Connection, ctx: StageContext) -> None:
    col = ctx.col
    ctx.warnings.extend(
        dates.stage_datetimes(con, "fitnotes_dates", [col("date")], ctx.time_zone, ctx.date_order)
    )
    dates.stage_durations(con, "fitnotes_durations", [col("duration")])
    weight, distance = measures.weight_kg(ctx), measures.distance_m(ctx)
    numbers = measures.labelled_number_rejects(ctx, "reps")
    date_reject = dates.reject_sql(
        col("date"),
        "d.value",
        measures.header_label(ctx, "date"),
        "a date (e.g. 2026-01-31, 31/01/2026 or 01/31/2026)",
    )
    duration_reject = (
        dates.reject_sql(
            col("duration"), "t.value", measures.header_label(ctx, "duration"), "a time (h:mm:ss)"
        )
        if ctx.has("duration")
        else "NULL"
    )
    stage_rows(
        con,
        ctx,
        "sets",
        f"""SELECT line,
            coalesce({date_reject}, {weight.reject}, {distance.reject}, {numbers}, {duration_reject}),
            $member, NULL, NULL, date_trunc('day', d.value), NULL, date_trunc('day', d.value), false,
            NULL, NULL, ld_text({col("exercise")}), {weight.value}, ld_num({col("reps")}), NULL, NULL,
            {distance.value}, nullif(t.value, 0), ld_text({col("comment")}), NULL
        FROM raw_ok LEFT JOIN fitnotes_dates d ON d.raw = {col("date")}
            LEFT JOIN fitnotes_durations t ON t.raw = {col("duration")}""",
        {"member": ctx.options.member},
    )
    ctx.warnings.extend(measures.unit_warnings(con, ctx))


FORMAT = Format(
    name="fitnotes",
    kind="sets",
    columns=COLUMNS,
    quantities=measures.QUANTITIES,
    stage=stage,
    description="FitNotes export: Date, Exercise, Category, Weight (kgs)|Weight (lbs), Reps, ...",
    signature=("category",),
)
