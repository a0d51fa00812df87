"""Weights and distances in whatever unit an app export states, as kilograms and metres.

The unit comes from the column name (`kg`, `Weight (lbs)`, `distance_km`), from a unit column
(`Weight Unit`, `Distance Unit`) or, when the file does not say, from `--units` (else kg and km).
"""

from __future__ import annotations

from dataclasses import dataclass

from legdash.db import Connection
from legdash.ingest.layout import Column, StageContext, header_key, ignored_columns
from legdash.ingest.staging import KG_PER_LB, number_rejects, weight_factor_sql

M_PER_MILE = 1609.344

# The spellings Strong, Hevy and FitNotes use; one weight and one distance column is read
# (read_columns).
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
NO_WEIGHT_UNIT = "the file does not say the weight unit: assumed kg (use --units lb)"
WEIGHT_FACTORS = {"weight_kg": 1.0, "weight_lb": KG_PER_LB}
DISTANCE_FACTORS = {"distance_m": 1.0, "distance_km": 1000.0, "distance_mi": M_PER_MILE}


@dataclass(frozen=True)
class Measure:
    """SQL for a value in the stored unit, and SQL for the reason a row's value cannot be read."""

    value: str
    reject: str


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
    return (
        f"CASE WHEN {unit} IN ('m', 'meter', 'meters', 'metre', 'metres') THEN 1.0"
        f" WHEN {unit} IN ('km', 'kms', 'kilometer', 'kilometers', 'kilometre', 'kilometres')"
        " THEN 1000.0"
        f" WHEN {unit} IN ('mi', 'mile', 'miles') THEN {M_PER_MILE}"
        f" WHEN {unit} IN ('ft', 'foot', 'feet') THEN 0.3048"
        f" WHEN {unit} IN ('yd', 'yds', 'yard', 'yards') THEN 0.9144 END"
    )


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


def mapped(ctx: StageContext, factors: dict[str, float], plain: str) -> list[str]:
    """The weight (or distance) columns `--map` names, in the order read_columns tries them: the
    user's choice comes first."""
    keys = {header_key(name) for name in ctx.options.mapping}
    chosen = {c.target for c in COLUMNS if keys & set(c.keys)}
    return [target for target in (plain, *factors) if target in chosen]


def read_columns(
    ctx: StageContext, factors: dict[str, float], plain: str, unit: str
) -> tuple[str | None, str | None]:
    """The one weight (or distance) column a file's values are read from (None without any), and
    the column a row with an empty unit cell reads instead (None when there is none).

    Read: one `--map` names, alone; else the plain one when a unit column gives its rows' unit,
    and then in a row whose unit cell is empty the first of `factors` (the columns whose name
    gives the unit) in the file; else that first of `factors`; else the plain one. The others are
    ignored everywhere: no value of theirs is checked, and no unit is taken or assumed from
    them."""
    if chosen := mapped(ctx, factors, plain):
        return chosen[0], None
    stated = next((target for target in factors if ctx.has(target)), None)
    if ctx.has(plain) and ctx.has(unit):
        return plain, stated
    return (plain if stated is None and ctx.has(plain) else stated), None


def fallback_value(target: str, col: str) -> str:
    """SQL: the value of `col`, the column whose header names the unit of the plain `target`
    one, NULL when the row has none there (a distance of 0 is none)."""
    return f"nullif(ld_num({col}), 0)" if target == "distance" else f"ld_num({col})"


def or_fallback(value: str, target: str, unit_col: str, col: str, factor: float) -> str:
    """SQL: `value` (the plain `target` column's, in its unit), or in a row whose unit cell
    (`unit_col`) is empty and that has a number in `col` (the fallback of read_columns) that number
    times `factor`."""
    other = fallback_value(target, col)
    return (
        f"CASE WHEN ld_text({unit_col}) IS NULL AND {other} IS NOT NULL"
        f" THEN {other} * {factor} ELSE {value} END"
    )


def in_default_unit(ctx: StageContext, value: str, unit: str, fallback: int | None) -> str:
    """SQL: true for a row whose `value` is read in --units (else kg or km): it has one, its
    `unit` cell (when the file has that column) is empty, and column `fallback` (read_columns)
    has none."""
    sql = f"ld_num({ctx.col(value)}) <> 0"
    if ctx.has(unit):
        sql += f" AND ld_text({ctx.col(unit)}) IS NULL"
    if fallback is None:
        return sql
    return f"{sql} AND {fallback_value(value, f'c{fallback}')} IS NULL"


def _measure(
    ctx: StageContext,
    factors: dict[str, float],
    plain: str,
    unit: str,
    default: float,
    unit_factor_sql: str,
    zero_is_empty: bool,
) -> Measure:
    value_of = "nullif(ld_num({col}), 0)" if zero_is_empty else "ld_num({col})"
    column, fallback = read_columns(ctx, factors, plain, unit)
    if column is None:
        return Measure("CAST(NULL AS DOUBLE)", labelled_number_rejects(ctx))
    reject = labelled_number_rejects(ctx, column)
    stated = column if column in factors else None
    others = [ctx.columns[t] for t in (*factors, plain) if ctx.has(t) and t != column]
    # A column --map names was chosen: the others are not named, as in the native set log.
    if others and ctx.source.has_header and column not in mapped(ctx, factors, plain):
        # The values come from one weight (or distance) column, or two with a unit column: the
        # warnings name the others.
        names = ", ".join(
            repr(ctx.source.header[i]) for i in sorted([ctx.columns[column], *others])
        )
        extra = None if fallback is None else ctx.columns[fallback]
        ctx.warnings.append(
            ignored_columns(f"{plain} ({names})", ctx.columns[column], others, extra)
        )
    raw = value_of.format(col=ctx.col(column))
    factor = factors[stated] if stated else default
    if not ctx.has(unit):
        return Measure(f"{raw} * {factor}", reject)
    unit_col, label = ctx.col(unit), header_label(ctx, unit)
    contradiction = (
        contradiction_sql(ctx, stated, unit, label, stated.split("_")[1], unit_factor_sql, factor)
        if stated
        else ""
    )
    unit_reject = unit_reject_sql(
        raw, unit_col, label, "is not a unit legdash knows", unit_factor_sql, contradiction
    )
    value = f"{raw} * {factor}" if stated else f"{raw} * coalesce({unit_factor_sql}, {default})"
    if fallback:
        # A row whose unit cell is empty reads the column whose name gives the unit, if it can.
        value = or_fallback(value, plain, unit_col, ctx.col(fallback), factors[fallback])
    return Measure(value, f"coalesce({reject}, {unit_reject})")


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


def weight_kg(ctx: StageContext) -> Measure:
    """The set's weight in kg; a plain `Weight` column is in --units, else kg."""
    default = KG_PER_LB if ctx.options.units == "lb" else 1.0
    unit_sql = weight_factor_sql(ctx.col("weight_unit"))
    return _measure(ctx, WEIGHT_FACTORS, "weight", "weight_unit", default, unit_sql, False)


def distance_m(ctx: StageContext) -> Measure:
    """The set's distance in metres (0 means none); a plain `Distance` is in miles with --units lb,
    else km."""
    default = M_PER_MILE if ctx.options.units == "lb" else 1000.0
    unit_sql = distance_factor_sql(ctx.col("distance_unit"))
    return _measure(ctx, DISTANCE_FACTORS, "distance", "distance_unit", default, unit_sql, True)


def unit_warnings(con: Connection, ctx: StageContext) -> list[str]:
    """Say what was assumed when the file does not state its units and --units was not given,
    and that --units was not used when the file states every unit. Runs after staging.stage_rows:
    only a distance of a row that passed its checks needs its unit."""
    read = {
        value: read_columns(ctx, factors, value, f"{value}_unit")
        for value, factors in (("weight", WEIGHT_FACTORS), ("distance", DISTANCE_FACTORS))
    }
    weight = read["weight"][0]
    # The plain columns read (--units applies to them) with their unit columns.
    plain = {value: f"{value}_unit" for value, (column, _) in read.items() if column == value}
    fallbacks = {value: ctx.columns[other] for value, (_, other) in read.items() if other}
    if ctx.options.units:
        stated = weight if weight in WEIGHT_FACTORS else None
        return units_not_used(con, ctx, plain, stated, "raw_accepted", fallbacks)
    assumed = {
        value: in_default_unit(ctx, value, unit, fallbacks.get(value))
        for value, unit in plain.items()
        # A plain weight without a unit column is all assumed: no pass over the rows.
        if ctx.has(unit) or value == "distance"
    }
    if assumed:
        found = con.execute(
            f"SELECT {', '.join(f'bool_or({sql})' for sql in assumed.values())} FROM raw_accepted"
        ).fetchone()
        assumed = {value: bool(used) for value, used in zip(assumed, found, strict=True)}
    warnings = []
    if "weight" in plain and assumed.get("weight", True):
        warnings.append(NO_WEIGHT_UNIT)
    if assumed.get("distance"):
        warnings.append(
            "the file does not say the distance unit: assumed km (use --units lb for miles)"
        )
    return warnings


def units_not_used(
    con: Connection,
    ctx: StageContext,
    plain: dict[str, str],
    stated: str | None,
    rows: str = "raw_ok",
    fallbacks: dict[str, int] | None = None,
) -> list[str]:
    """A warning when --units was given but no value of the file is read in it: the header names
    the unit, or a unit column gives the unit of every row with a value.

    `plain` maps each column --units applies to onto the unit column whose text wins over it;
    `stated` is a column whose header names the weight unit; `rows` the table of rows to look at
    (after staging, the accepted ones: a rejected row's empty unit cell used nothing);
    `fallbacks` the column whose header names its unit that a plain column's row with an empty
    unit cell reads before it (read_columns).
    """
    fallbacks = fallbacks or {}
    in_units = [
        in_default_unit(ctx, value, unit, fallbacks.get(value))
        for value, unit in plain.items()
        if ctx.has(value)
    ]
    if in_units:
        used = con.execute(
            f"SELECT EXISTS (SELECT 1 FROM {rows} WHERE {' OR '.join(in_units)})"
        ).fetchone()[0]
        if used:
            return []
    unit_columns = [(v, u) for v, u in plain.items() if ctx.has(v) and ctx.has(u)]
    header = ctx.source.header
    if stated:
        why = f"the header says the unit ({header[ctx.columns[stated]]})"
    elif unit_columns:
        value, unit = unit_columns[0]
        named = f"the file's {header[ctx.columns[unit]]} column"
        if value in fallbacks:
            named += f", and {header[fallbacks[value]]} where it is empty, give"
        else:
            named += " gives"
        why = f"{named} every row's unit"
    else:
        why = "the file has no weight or distance it applies to"
    return [f"--units {ctx.options.units} was not used: {why}"]
