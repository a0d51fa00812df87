"""The limits table: which values reject a row and which keep it flagged for review. One place."""

from __future__ import annotations

from dataclasses import dataclass

EARLIEST_DATE = "1950-01-01"
MAX_NOTES = 2000
MAX_NAME = 200
# The most people a door count or a capacity can plausibly hold; beyond is a sensor or typing error.
MAX_PEOPLE = 100_000
# App exports without a readable workout length place a workout's sets this far apart.
SET_SPACING_SECONDS = 90
# The longest workout an app export's end or duration is believed for: past it the workout's timer
# was left running (a 98 h "workout"), and spreading its sets to that end would fill days of racks.
MAX_WORKOUT_HOURS = 4


@dataclass(frozen=True)
class Limit:
    column: str
    sql: str  # true when the value breaks the limit
    reason: str


# Flagged: kept, left out of every figure, listable and unflaggable by staff.
FLAG_LIMITS: tuple[Limit, ...] = (
    Limit("weight_kg", "weight_kg < 0 OR weight_kg > 600", "weight outside 0-600 kg"),
    Limit("reps", "reps < 0 OR reps > 100", "reps outside 0-100"),
    Limit("rpe", "rpe < 1 OR rpe > 10", "RPE outside 1-10"),
    Limit("distance_m", "distance_m > 100000 OR distance_m < 0", "distance over 100 km"),
    Limit("duration_s", "duration_s > 86400 OR duration_s < 0", "duration over 24 h"),
)
NUMERIC_COLUMNS = ("weight_kg", "reps", "rpe", "distance_m", "duration_s")


def flag_reason_sql() -> str:
    """SQL giving the flag reasons of a staged set (NULL when it is plausible)."""
    # A NaN or infinite value breaks every limit too: it gets the one reason that says what it is.
    parts = [
        f"CASE WHEN isfinite({limit.column}) AND ({limit.sql}) THEN '{limit.reason}' END"
        for limit in FLAG_LIMITS
    ]
    parts += [
        f"CASE WHEN isnan({col}) OR isinf({col}) THEN '{col} is not a finite number' END"
        for col in NUMERIC_COLUMNS
    ]
    return f"nullif(concat_ws('; ', {', '.join(parts)}), '')"


def date_reject_sql(column: str, label: str) -> str:
    """SQL giving the reject reason for a timestamp column, checked against `imported_at` (a param)."""
    return (
        f"CASE WHEN {column} < TIMESTAMP '{EARLIEST_DATE}' THEN"
        f" '{label} ' || strftime({column}, '%Y-%m-%d') || ' is before 1950'"
        f" WHEN {column} > CAST($imported_at AS TIMESTAMP) + INTERVAL 1 DAY THEN"
        f" '{label} ' || strftime({column}, '%Y-%m-%d') || ' is in the future' END"
    )
