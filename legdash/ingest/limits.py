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


# A set's weight counts as changed (from a stored set, or an earlier copy in the file) only past
# this many kg. A member who switches the app from lb to kg exports 75 lb as 34.02 kg, stored
# first as 34.0194: an export rounds to one or two decimals of either unit, at most 0.05 kg off.
# A real correction is at least a fractional plate (0.25 kg, or 0.5 lb = 0.23 kg). Distances are
# not compared.
WEIGHT_TOLERANCE_KG = 0.1


def changed_set_sql(new: str, stored: str) -> str:
    """SQL: whether set `new` has other weight or reps than set `stored` (the earlier one)."""
    same_weight = f"""{new}.weight_kg IS NOT DISTINCT FROM {stored}.weight_kg
        OR abs({new}.weight_kg - {stored}.weight_kg) <= {WEIGHT_TOLERANCE_KG}"""
    return f"NOT coalesce({same_weight}, false) OR {new}.reps IS DISTINCT FROM {stored}.reps"


def set_values_sql(t: str) -> str:
    """SQL: the weight and reps of set `t` as one value, to pair sets of the same values first.

    The weight goes to the tolerance's step, so sets changed_set_sql finds the same nearly always
    share it (34.0194 and 34.02 kg do; 100.04 and 100.06 kg do not, and then pair by place)."""
    return f"{{'weight': round({t}.weight_kg / {WEIGHT_TOLERANCE_KG}), 'reps': {t}.reps}}"


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
