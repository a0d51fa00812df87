"""Weights and distances in whatever unit a file states, as kilograms and metres: the app
exports' weights and distances, and the native log's weight.

The unit comes from the column name (`kg`, `Weight (lbs)`, `distance_km`), from a unit column
(`Weight Unit`, `Distance Unit`) or, when the file does not say, from `--units` (else kg and km).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from legdash.db import Connection
from legdash.ingest.layout import Column, Quantity, Reading, StageContext
from legdash.ingest.staging import KG_PER_LB, any_row, number_rejects, weight_factor_sql
from legdash.settings import WEIGHT_UNIT_WORDS

M_PER_MILE = 1609.344
NO_REASON = "CAST(NULL AS VARCHAR)"
# Each distance unit: metres in one, and the words that name it in a unit cell or a header.
DISTANCE_UNITS = {
    "m": (1.0, ("m", "meter", "meters", "metre", "metres")),
    "km": (1000.0, ("km", "kms", "kilometer", "kilometers", "kilometre", "kilometres")),
    "mi": (M_PER_MILE, ("mi", "mile", "miles")),
    "ft": (0.3048, ("ft", "foot", "feet")),
    "yd": (0.9144, ("yd", "yds", "yard", "yards")),
}
# The units a column's header may name (`distance_km`); a unit cell may also say ft or yd.
HEADER_DISTANCE_UNITS = ("m", "km", "mi")


def weight_columns(unit: str) -> Quantity:
    """A weight in a plain column (its unit in the `unit` column), `weight_kg` or `weight_lb`."""
    return Quantity(
        "weight",
        ("weight_kg", "weight_lb"),
        unit,
        (WEIGHT_UNIT_WORDS["kg"], WEIGHT_UNIT_WORDS["lb"]),
    )


# The spellings Strong, Hevy and FitNotes use; one weight and one distance column is read
# (layout.Format.reading).
COLUMNS = (
    Column("weight", numeric=True),
    Column("weight_kg", ("kg", "kgs", "weight_kgs"), numeric=True),
    Column("weight_lb", ("lb", "lbs", "weight_lbs", "weight_pounds"), numeric=True),
    Column("weight_unit", ("weight_units",)),
    Column("distance", numeric=True),
    Column("distance_m", ("distance_meters", "distance_metres", "meters", "metres"), numeric=True),
    Column("distance_km", ("km", "kms", "distance_kms"), numeric=True),
    Column("distance_mi", ("mi", "miles", "distance_miles", "distance_mile"), numeric=True),
    Column("distance_unit", ("distance_units",)),
)
QUANTITIES = (
    weight_columns("weight_unit"),
    Quantity(
        "distance",
        tuple(f"distance_{unit}" for unit in HEADER_DISTANCE_UNITS),
        "distance_unit",
        tuple(DISTANCE_UNITS[unit][1] for unit in HEADER_DISTANCE_UNITS),
    ),
)
NO_WEIGHT_UNIT = "the file does not say the weight unit: assumed kg (use --units lb)"
# The staged column (staging.STAGED) that holds each quantity's value.
STORED = {"weight": "weight_kg", "distance": "distance_m"}
WEIGHT_FACTORS = {"weight_kg": 1.0, "weight_lb": KG_PER_LB}
DISTANCE_FACTORS = {f"distance_{unit}": DISTANCE_UNITS[unit][0] for unit in HEADER_DISTANCE_UNITS}


@dataclass(frozen=True)
class Measure:
    """SQL for a value in the stored unit, and SQL for the reasons a row's value cannot be read:
    its number, then its unit cell."""

    value: str
    number: str
    unit: str = NO_REASON

    @property
    def reject(self) -> str:
        return f"coalesce({self.number}, {self.unit})"


@dataclass(frozen=True)
class Names:
    """How a format's reasons name a quantity's columns: the file's own header when None."""

    value: str | None = None
    unit: str | None = None
    unknown_unit: str = "is not a unit legdash knows"


def header_label(ctx: StageContext, target: str) -> str:
    """The file's own header text for a column, escaped for a SQL string literal."""
    text = ctx.source.header[ctx.columns[target]][:40]
    return text.replace("'", "''")


def labelled_number_rejects(ctx: StageContext, *targets: str) -> str:
    """SQL: the first 'not a number' reason among the columns, named as the file's header names them."""
    return number_rejects(ctx, {t: header_label(ctx, t) for t in targets if ctx.has(t)})


def distance_factor_sql(unit_sql: str) -> str:
    """SQL: metres per unit for a unit text such as m, km, mi, ft, yd (NULL when unknown)."""
    unit = f"lower(trim({unit_sql}))"
    cases = " ".join(
        f"WHEN {unit} IN ({', '.join(repr(word) for word in words)}) THEN {metres}"
        for metres, words in DISTANCE_UNITS.values()
    )
    return f"CASE {cases} END"


def contradiction_sql(
    ctx: StageContext,
    value: str,
    unit: str,
    label: str,
    stated: str,
    row_factor: str,
    factor: float,
) -> str:
    """SQL `WHEN ... THEN reason` for a row whose `unit` cell (named `label` in the reason) says
    otherwise than the header of the `value` column, which names the unit (`stated`, `factor`) of
    every row's value: a row's unit may only agree, and one that does not is a contradiction in
    the data, not a choice."""
    return (
        f"WHEN {row_factor} <> {factor} THEN '{label} ' || ld_quote({ctx.col(unit)})"
        f" || ' contradicts the {header_label(ctx, value)} column ({stated})'"
    )


def has_fallback(ctx: StageContext, reading: Reading) -> str:
    """SQL: true for a row with a value in `reading`'s fallback column, the one whose header
    names its unit, that a row with an empty unit cell reads (a distance of 0 is none)."""
    col = ctx.col(reading.fallback)
    if reading.column == "distance":
        return f"ld_text({col}) IS NOT NULL AND coalesce(ld_num({col}), 1) <> 0"
    return f"ld_text({col}) IS NOT NULL"


def in_default_unit(ctx: StageContext, reading: Reading) -> str:
    """SQL: true for a row whose value is read in --units (else kg or km) from the plain column
    `reading` reads: it has one, its unit cell (when the file has a unit column) is empty, and
    the reading's fallback column has none."""
    sql = f"ld_num({ctx.col(reading.column)}) <> 0"
    if reading.unit:
        sql += f" AND ld_text({ctx.col(reading.unit)}) IS NULL"
    if reading.fallback is None:
        return sql
    return f"{sql} AND NOT ({has_fallback(ctx, reading)})"


def read_in_default_unit(con: Connection, ctx: StageContext, plain: str, reading: Reading) -> bool:
    """Whether an imported row's value of the plain column `plain` (weight, distance) is read in
    --units (else kg or km): in_default_unit, after staging.stage_rows. Each scan stops at the
    first such row."""
    if reading.unit is None:
        # Every value of the column is in the default unit: a stored one that is not 0 says so.
        stored = STORED[plain]
        return any_row(con, f"reject_reason IS NULL AND {stored} <> 0", "checked")
    return any_row(con, in_default_unit(ctx, reading), "raw_accepted")


def _measure(
    ctx: StageContext,
    plain: str,
    factors: dict[str, float],
    default: float,
    unit_factor_sql: Callable[[str], str],
    zero_is_empty: bool,
    names: Names,
) -> Measure:
    """The value and reasons of the quantity whose plain column is `plain`, read from the
    columns Format.reading chose."""
    reading = ctx.readings.get(plain, Reading())
    column = reading.column
    if column is None:
        return Measure("CAST(NULL AS DOUBLE)", NO_REASON)
    number = number_rejects(ctx, {column: names.value or header_label(ctx, column)})
    value_of = "nullif(ld_num({col}), 0)" if zero_is_empty else "ld_num({col})"
    raw = value_of.format(col=ctx.col(column))
    stated = reading.stated
    factor = factors[stated] if stated else default
    if reading.unit is None:
        return Measure(f"{raw} * {factor}", number)
    unit_col, label = ctx.col(reading.unit), names.unit or header_label(ctx, reading.unit)
    row_factor = unit_factor_sql(unit_col)
    contradiction = (
        contradiction_sql(
            ctx, column, reading.unit, label, stated.split("_")[1], row_factor, factor
        )
        if stated
        else ""
    )
    unit_reject = unit_reject_sql(
        raw, unit_col, label, names.unknown_unit, row_factor, contradiction
    )
    value = f"{raw} * {factor}" if stated else f"{raw} * coalesce({row_factor}, {default})"
    if reading.fallback:
        # A row whose unit cell is empty and that has a value in the column whose header names
        # its unit reads that column, and only that value is checked.
        fallback = reading.fallback
        uses = f"ld_text({unit_col}) IS NULL AND {has_fallback(ctx, reading)}"
        other = value_of.format(col=ctx.col(fallback))
        value = f"CASE WHEN {uses} THEN {other} * {factors[fallback]} ELSE {value} END"
        checked = labelled_number_rejects(ctx, fallback)
        number = f"CASE WHEN {uses} THEN {checked} ELSE {number} END"
    return Measure(value, number, unit_reject)


def unit_reject_sql(
    value: str, unit: str, label: str, known: str, unit_factor_sql: str, contradiction: str
) -> str:
    """SQL: the reason a row's `unit` cell (named `label`) cannot be used: a unit the reason says
    legdash does not know (`known`: "is not kg or lb"), or a `contradiction` (contradiction_sql,
    or ""). NULL for a row without a `value`: a unit qualifies a value, and without one it says
    nothing that could be wrong."""
    return (
        f"CASE WHEN {value} IS NULL THEN NULL"
        f" WHEN ld_text({unit}) IS NOT NULL AND {unit_factor_sql} IS NULL"
        f" THEN '{label} ' || ld_quote({unit}) || ' {known}' {contradiction} END"
    )


def weight_kg(ctx: StageContext, names: Names = Names()) -> Measure:
    """The set's weight in kg; a plain weight column is in --units, else kg."""
    default = KG_PER_LB if ctx.options.units == "lb" else 1.0
    return _measure(ctx, "weight", WEIGHT_FACTORS, default, weight_factor_sql, False, names)


def distance_m(ctx: StageContext) -> Measure:
    """The set's distance in metres (0 means none); a plain `Distance` is in miles with --units lb,
    else km."""
    default = M_PER_MILE if ctx.options.units == "lb" else 1000.0
    return _measure(ctx, "distance", DISTANCE_FACTORS, default, distance_factor_sql, True, Names())


def unit_warnings(con: Connection, ctx: StageContext) -> list[str]:
    """Say what was assumed when the file does not state its units and --units was not given,
    and that --units was not used when the file states every unit. Runs after staging.stage_rows:
    only a value of a row that passed its checks needs its unit."""
    # The plain columns read: --units applies to them.
    plain = {q: r for q, r in ctx.readings.items() if r.column and r.stated is None}
    if ctx.options.units:
        return units_not_used(con, ctx, plain)
    assumed = [
        value for value, reading in plain.items() if read_in_default_unit(con, ctx, value, reading)
    ]
    warnings = []
    if "weight" in assumed:
        warnings.append(NO_WEIGHT_UNIT)
    if "distance" in assumed:
        warnings.append(
            "the file does not say the distance unit: assumed km (use --units lb for miles)"
        )
    return warnings


def units_not_used(con: Connection, ctx: StageContext, plain: dict[str, Reading]) -> list[str]:
    """A warning when --units was given but no value of an imported row is read in it: the
    header names the unit, no imported row has a value in a column it applies to, or a unit
    column gives the unit of every row with a value.

    `plain` holds the readings of the plain columns read, to which --units applies."""
    if any(read_in_default_unit(con, ctx, value, reading) for value, reading in plain.items()):
        return []
    header = ctx.source.header
    weight = ctx.readings.get("weight", Reading())
    values = [
        f"ld_num({ctx.col(r.column)}) <> 0"
        + (f" OR ({has_fallback(ctx, r)})" if r.fallback else "")
        for r in plain.values()
    ]
    with_unit = [reading for reading in plain.values() if reading.unit]
    if weight.stated:
        why = f"the header says the unit ({header[ctx.columns[weight.column]]})"
    elif not plain:
        why = "the file has no weight or distance it applies to"
    elif not any_row(con, " OR ".join(values), "raw_accepted"):
        # Its rows were rejected, or hold no weight: the file has the column all the same.
        names = " or ".join(header[ctx.columns[r.column]] for r in plain.values())
        why = f"no imported row has a value in the {names} column"
    else:
        reading = with_unit[0]
        named = f"the file's {header[ctx.columns[reading.unit]]} column"
        if reading.fallback:
            named += f", and {header[ctx.columns[reading.fallback]]} where it is empty, give"
        else:
            named += " gives"
        why = f"{named} every row's unit"
    return [f"--units {ctx.options.units} was not used: {why}"]
