"""Staging: format-neutral checks that turn a format's rows into rows to commit.

A format's stage step only translates its columns into the neutral shape below (setting `reject` for
values it cannot read) and hands that SELECT to `stage_rows`. Everything shared - limits, workout
grouping, set times and order, the reject list - happens here, in SQL, so every format follows the
same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from legdash.db import Connection
from legdash.exercises import NAME_KEY_SQL
from legdash.ingest.layout import StageContext
from legdash.ingest.limits import (
    MAX_NAME,
    MAX_NOTES,
    MAX_PEOPLE,
    MAX_WORKOUT_HOURS,
    SET_SPACING_SECONDS,
    changed_set_sql,
    date_reject_sql,
    flag_reason_sql,
)
from legdash.ingest.raw import fill_original_text, release_raw
from legdash.members import MEMBER_ID_PATTERN, MEMBER_ID_RULE
from legdash.settings import (
    BIDI_CONTROLS,
    CONTROL_CHARACTERS,
    KG_PER_LB,
    NAME_DIRECTION_RULE,
    NAME_LENGTH_RULE,
    NAME_VISIBLE_RULE,
    WEIGHT_UNIT_WORDS,
    location_key,
    location_text,
    same_location,
)
from legdash.settings import MAX_NAME as MAX_LOCATION
from legdash.wording import ESCAPED_CATEGORIES, PLAIN_SPACE, escaped, names_listed, plural

# Neutral staged shapes, one per kind of data: the columns of a format's SELECT, in this order.
STAGED = {
    "sets": """line BIGINT, reject VARCHAR, member_id VARCHAR, workout_key VARCHAR, title VARCHAR,
    workout_start TIMESTAMP, workout_end TIMESTAMP, performed_at TIMESTAMP, time_known BOOLEAN,
    location VARCHAR, station_id VARCHAR, exercise_raw VARCHAR, weight_kg DOUBLE, reps DOUBLE,
    rpe DOUBLE, set_type VARCHAR, distance_m DOUBLE, duration_s DOUBLE, notes VARCHAR, set_order DOUBLE""",
    "stations": """line BIGINT, reject VARCHAR, station_id VARCHAR, equipment_raw VARCHAR,
    location VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, member_id VARCHAR""",
    "occupancy": """line BIGINT, reject VARCHAR, location VARCHAR, observed_at TIMESTAMP,
    people DOUBLE, capacity DOUBLE""",
}


# A member ID in a file follows the rule of `member add`, with the same reason.
MEMBER_ID_CHECK = f"""WHEN NOT regexp_full_match(member_id, '{MEMBER_ID_PATTERN}')
    THEN 'member ID ' || ld_quote(member_id) || ' {MEMBER_ID_RULE.replace("'", "''")}'"""

# A location from a file follows the rule of a typed one (settings.name_problem), with its words,
# so that every stored location can be asked for by name. Its whitespace becomes one space
# (settle_locations): the length is the stored one's, and any other control character would print
# as something else.
_SPACES = r"\t\n\x0b\f\r\p{Z}"
_SPACE = f"[{_SPACES}]"
_INVISIBLE = rf"[{_SPACES}\p{{Cf}}]"  # spaces and format characters (zero width...)
_BIDI = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(BIDI_CONTROLS)) + "]"
LOCATION_CHECK = f"""WHEN length(location) > {MAX_LOCATION}
        AND length(trim(regexp_replace(location, '{_SPACE}+', ' ', 'g'))) > {MAX_LOCATION}
    THEN 'location ' || ld_quote(location) || ' {NAME_LENGTH_RULE}'
    WHEN regexp_matches(location, '{CONTROL_CHARACTERS}')
    THEN 'location ' || ld_quote(location) || ' holds a control character'
    WHEN regexp_matches(location, '{_BIDI}')
    THEN 'location ' || ld_quote(location) || ' {NAME_DIRECTION_RULE}'
    WHEN regexp_full_match(location, '{_INVISIBLE}+')
    THEN 'location ' || ld_quote(location) || ' {NAME_VISIBLE_RULE}'"""


def station_text_sql(col: str) -> str:
    """SQL: a station ID as stored, each run of whitespace one space and none around it, as a
    location is stored."""
    return f"trim(regexp_replace({col}, '{_SPACE}+', ' ', 'g'))"


def station_key_sql(col: str) -> str:
    """SQL: what the spellings of one station share ("Rack  1 ", "rack 1", "RACK 1"): IDs that
    differ in case or whitespace only are one station, as locations and member IDs are one."""
    return f"lower({station_text_sql(col)})"


@dataclass(frozen=True)
class Check:
    """A kind's shared rules: SQL `WHEN ... THEN reason` branches, and the timestamp whose date
    limits apply (see limits.date_reject_sql)."""

    rules: str
    date: str
    date_label: str


CHECKS = {
    "sets": Check(
        f"""WHEN member_id IS NULL THEN 'no member ID (add a member_id column or pass --member)'
            {MEMBER_ID_CHECK}
            WHEN exercise_raw IS NULL THEN 'no exercise name'
            WHEN length(exercise_raw) > {MAX_NAME} THEN 'exercise name longer than {MAX_NAME} characters'
            WHEN coalesce(performed_at, workout_start) IS NULL THEN 'no date and time'
            WHEN reps IS NULL AND duration_s IS NULL AND distance_m IS NULL
                THEN 'no reps, duration or distance'
            WHEN isfinite(reps) AND reps <> round(reps)
                THEN 'reps ' || ld_show(reps) || ' is not a whole number'
            {LOCATION_CHECK}""",
        date="coalesce(performed_at, workout_start)",
        date_label="date",
    ),
    "stations": Check(
        f"""WHEN station_id IS NULL THEN 'no station ID'
            WHEN started_at IS NULL THEN 'no start time'
            WHEN ended_at IS NULL THEN 'no end time'
            WHEN ended_at < started_at THEN 'session ends before it starts'
            WHEN ended_at = started_at THEN 'session ends when it starts: no time on the station'
            WHEN ended_at - started_at > INTERVAL 24 HOUR THEN 'session longer than 24 h'
            {MEMBER_ID_CHECK}
            {LOCATION_CHECK}""",
        date="started_at",
        date_label="start",
    ),
    "occupancy": Check(
        f"""WHEN observed_at IS NULL THEN 'no date and time'
            -- Capacity first: a count read as a percentage of it is only as good as the capacity.
            WHEN capacity IS NOT NULL
                AND (NOT isfinite(capacity) OR capacity <= 0 OR capacity > {MAX_PEOPLE})
                THEN 'capacity ' || ld_show(capacity) || ' is not from 1 to {MAX_PEOPLE:,}'
            WHEN capacity <> round(capacity)
                THEN 'capacity ' || ld_show(capacity) || ' is not a whole number'
            WHEN people IS NULL THEN 'no people count'
            WHEN NOT isfinite(people) OR people < 0 OR people > {MAX_PEOPLE}
                THEN 'people count ' || ld_show(people) || ' is not from 0 to {MAX_PEOPLE:,}'
            WHEN people <> round(people)
                THEN 'people count ' || ld_show(people) || ' is not a whole number'
            {LOCATION_CHECK}""",
        date="observed_at",
        date_label="date",
    ),
}

# Whitespace as Python's str.strip() sees it (tab, CR, LF, no-break and other Unicode spaces): a
# file's member ID loses it at both ends before the member ID rule is checked.
_ID_SPACE = r"[\t-\r\x1c-\x1f\x85\p{Z}]"

# Control, format and space characters (wording.ESCAPED_CATEGORIES) as a regular expression class;
# ld_escaped leaves the plain space (wording.PLAIN_SPACE) out, as wording.escaped does.
_ESCAPED = "[" + "".join(f"\\p{{{category}}}" for category in ESCAPED_CATEGORIES) + "]"

MACROS = (
    r"""
-- trim copies every string: only for a value that does not start and end with a visible ASCII
-- character (trim also strips no-break and other Unicode spaces).
CREATE OR REPLACE MACRO ld_text(x) AS CASE WHEN ascii(x) BETWEEN 33 AND 126
    AND ascii(x[-1]) BETWEEN 33 AND 126 THEN x ELSE nullif(trim(x), '') END;
-- A decimal comma has one or two digits after it: "1,000" may be a thousand, so it is no number.
CREATE OR REPLACE MACRO ld_decimal_comma(x) AS
    contains(x, ',') AND regexp_full_match(trim(x), '[+-]?[0-9]*,[0-9]{1,2}');
CREATE OR REPLACE MACRO ld_num(x) AS coalesce(TRY_CAST(x AS DOUBLE),
    CASE WHEN ld_decimal_comma(x) THEN TRY_CAST(replace(trim(x), ',', '.') AS DOUBLE) END);
-- Dots between groups of three digits (1.500, 1.500.000): where decimals take a comma, the dots
-- separate thousands; legdash reads no thousands separators, and 1.500 may be 1.5 or 1,500.
CREATE OR REPLACE MACRO ld_dot_thousands(x) AS
    contains(x, '.') AND regexp_full_match(trim(x), '[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+');
-- The number first: it is rarely NULL, and the row's value already needs it.
CREATE OR REPLACE MACRO ld_bad_num(x) AS ld_num(x) IS NULL AND ld_text(x) IS NOT NULL;
CREATE OR REPLACE MACRO ld_has_offset(x) AS
    regexp_matches(trim(x), '[0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$');
CREATE OR REPLACE MACRO ld_maybe_offset(x) AS
    contains(x, '+') OR contains(upper(x), 'Z') OR contains(substr(trim(x), 11), '-');
-- A time with a UTC offset, converted with the gym's time zone (the cheap test first).
CREATE OR REPLACE MACRO ld_offset(x) AS ld_maybe_offset(x) AND ld_has_offset(x);
-- Only ISO 8601 shapes: DuckDB's cast also reads '6:00 PM' as 06:00 and words such as 'epoch'.
CREATE OR REPLACE MACRO ld_iso_shape(x) AS regexp_full_match(trim(x),
    '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?');
-- The common case, checked first because it is cheap: no offset, no fraction, nothing around it.
CREATE OR REPLACE MACRO ld_plain_iso(x) AS
    regexp_full_match(x, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?');
CREATE OR REPLACE MACRO ld_iso_ts(x, tz) AS CASE
    WHEN ld_plain_iso(x) THEN TRY_CAST(x AS TIMESTAMP)
    WHEN NOT ld_iso_shape(x) THEN NULL
    WHEN ld_offset(x) THEN timezone(tz, TRY_CAST(trim(x) AS TIMESTAMPTZ))
    ELSE TRY_CAST(trim(x) AS TIMESTAMP) END;
CREATE OR REPLACE MACRO ld_has_time(x) AS contains(x, ':') AND regexp_matches(trim(x), '[0-9]{1,2}:[0-9]{2}');
-- A number in a reject reason: whole ones without ".0" or an exponent, others in full.
CREATE OR REPLACE MACRO ld_show(x) AS CASE WHEN isfinite(x) AND x = round(x) AND abs(x) < 1e15
    THEN CAST(CAST(x AS BIGINT) AS VARCHAR) ELSE CAST(x AS VARCHAR) END;
"""
    + rf"""
-- A value in a reject reason: quoted, cut at 40 characters, control, format and space characters
-- but the plain space written as Python writes them ('\n', '\u200b', '\xa0', as wording.escaped
-- does), so that a reason stays one line, reads in its own direction and shows what two values
-- that look alike differ in.
CREATE OR REPLACE MACRO ld_escaped(x) AS CASE
    WHEN regexp_matches(replace(x, '{PLAIN_SPACE}', ''), '{_ESCAPED}')
    THEN array_to_string(list_transform(string_split(x, ''), lambda c: CASE
        WHEN c = '{PLAIN_SPACE}' OR NOT regexp_matches(c, '{_ESCAPED}') THEN c
        WHEN c = chr(9) THEN '\t' WHEN c = chr(10) THEN '\n' WHEN c = chr(13) THEN '\r'
        WHEN ord(c) < 256 THEN printf('\x%02x', ord(c))
        WHEN ord(c) < 65536 THEN printf('\u%04x', ord(c))
        ELSE printf('\U%08x', ord(c)) END), '')
    ELSE x END;
-- A member ID from a file: as ld_text, but trimming every kind of whitespace, not only spaces.
CREATE OR REPLACE MACRO ld_member_id(x) AS CASE WHEN ascii(x) BETWEEN 33 AND 126
    AND ascii(x[-1]) BETWEEN 33 AND 126 THEN x
    ELSE nullif(regexp_replace(x, '^{_ID_SPACE}+|{_ID_SPACE}+$', '', 'g'), '') END;
CREATE OR REPLACE MACRO ld_quote(x) AS '''' || ld_escaped(left(trim(x), 40))
    || CASE WHEN length(trim(x)) > 40 THEN '...' ELSE '' END || '''';
-- Both readings of such a number: '1.500' could be 1.5 or 1,500.
CREATE OR REPLACE MACRO ld_dot_thousands_reason(x) AS ld_quote(x) || ' could be '
    || coalesce(ld_show(TRY_CAST(trim(x) AS DOUBLE)) || ' or ', '') || replace(trim(x), '.', ',')
    || ': this file writes decimals with a comma';
"""
)


def prepare(con: Connection) -> None:
    """Create the helper macros formats use in their stage SQL, and `raw_ok`, the rows to stage."""
    con.execute(MACROS)
    con.execute("CREATE OR REPLACE TEMP VIEW raw_ok AS SELECT * FROM raw WHERE parse_error IS NULL")


def stage_rows(
    con: Connection,
    ctx: StageContext,
    kind: str,
    select: str,
    params: dict[str, object] | None = None,
) -> None:
    """Create `checked`: a format's SELECT (columns in the order of `STAGED[kind]`), typed to that
    neutral shape, with each row's first reject reason (`reject_reason`, NULL for a row that
    passes) in place of the format's own `reject`.

    A row's fault (raw.load_raw) comes first, but a row that is no set (Format.not_sets) stays
    one: it holds no place among its exercise's sets, faulty or mended. Then the format's own
    reason, the kind's rules and the date limits. The view `raw_accepted` then holds the file's
    rows that passed: warnings about the file's values read it, so that a rejected row (a header
    repeated mid-file) warns of nothing.
    """
    columns = [column.split() for column in STAGED[kind].split(",")]
    typed = ", ".join(f"CAST({name} AS {sql_type}) AS {name}" for name, sql_type in columns)
    check = CHECKS[kind]
    con.execute(
        f"""CREATE TEMP TABLE checked AS SELECT * EXCLUDE (reject),
            coalesce(reject, CASE {check.rules} END,
                {date_reject_sql(check.date, check.date_label)}) AS reject_reason
        FROM (SELECT {typed} FROM ({select}) AS staged({", ".join(n for n, _ in columns)}))""",
        {**(params or {}), "imported_at": ctx.imported_at},
    )
    if ctx.source.row_faults:
        con.execute(
            """UPDATE checked SET reject_reason = r.fault FROM raw_ok r
            WHERE r.line = checked.line AND r.fault IS NOT NULL
                AND NOT list_contains($not_sets, coalesce(checked.reject_reason, ''))""",
            {"not_sets": [not_a_set(kind) for kind in ctx.not_sets]},
        )
    con.execute(
        """CREATE OR REPLACE TEMP VIEW raw_accepted AS SELECT * FROM raw_ok
        SEMI JOIN (SELECT line FROM checked WHERE reject_reason IS NULL) USING (line)"""
    )


def writes_decimal_comma(con: Connection, columns: list[str]) -> bool:
    """Whether a value of the file's numeric `columns` (raw column SQL) has a decimal comma (102,5).

    Decided once per file: in such a file a dot before groups of three digits (1.500) is the
    locale's thousands separator, and reading it as a decimal point would store 1.5 m of a 1,500 m
    row (see number_rejects).
    """
    if not columns:
        return False
    return any_row(con, " OR ".join(f"ld_decimal_comma({c})" for c in columns))


def any_row(con: Connection, condition: str, rows: str = "raw_ok") -> bool:
    """Whether a readable row of the file (`raw_ok`; `raw_accepted` for the rows that passed
    their checks) meets `condition` (SQL): the scan stops at the first."""
    return bool(
        con.execute(f"SELECT EXISTS (SELECT 1 FROM {rows} WHERE {condition})").fetchone()[0]
    )


def number_rejects(ctx: StageContext, labels: dict[str, str]) -> str:
    """SQL: the first 'not a number' reason among the given columns (target -> label), else NULL;
    in a file with decimal commas, also a number whose dots may separate thousands."""
    cases = []
    for target, label in labels.items():
        if not ctx.has(target):
            continue
        col = ctx.col(target)
        if ctx.decimal_comma:
            cases.append(
                f"WHEN ld_dot_thousands({col}) THEN '{label} ' || ld_dot_thousands_reason({col})"
            )
        cases.append(
            f"WHEN ld_bad_num({col}) THEN '{label} ' || ld_quote({col}) || ' is not a number'"
        )
    return f"CASE {' '.join(cases)} END" if cases else "CAST(NULL AS VARCHAR)"


def not_a_set(kind: str) -> str:
    """The reject reason of a row of a kind that is not a set (Format.not_sets): "rest timer"."""
    return f"a {kind} row, not a set"


# Set-type words and Strong's W/D/F letters (any case, spaces around them dropped) -> set type.
SET_TYPE_WORDS = {
    "w": "warmup",
    "warmup": "warmup",
    "warm-up": "warmup",
    "warm up": "warmup",
    "d": "dropset",
    "dropset": "dropset",
    "drop set": "dropset",
    "f": "failure",
    "failure": "failure",
    "normal": "normal",
    "working": "normal",
    "": "normal",
}
# The exact words first: one comparison each, where the long CASE over lower(trim()) is slow.
SET_TYPES = (
    "CASE {col} WHEN 'normal' THEN 'normal' WHEN 'warmup' THEN 'warmup'"
    " ELSE CASE lower(trim({col})) "
    + " ".join(f"WHEN '{word}' THEN '{kind}'" for word, kind in SET_TYPE_WORDS.items())
    + " END END"
)


def set_type_sql(col: str) -> str:
    """SQL mapping set-type words and Strong's W/D/F letters to legdash set types (NULL if unknown)."""
    return SET_TYPES.format(col=col)


def weight_factor_sql(unit_sql: str) -> str:
    """SQL: kilograms per unit for a unit text such as kg, kgs, lb, lbs (NULL when unknown)."""
    unit = f"lower(trim({unit_sql}))"
    kg, lb = (", ".join(f"'{w}'" for w in WEIGHT_UNIT_WORDS[u]) for u in ("kg", "lb"))
    return f"CASE WHEN {unit} IN ({kg}) THEN 1.0 WHEN {unit} IN ({lb}) THEN {KG_PER_LB} END"


# What a row of each kind is, in the warning that names a first file's locations.
ROW_WORDS = {"sets": "set", "stations": "station session", "occupancy": "door count"}


def settle_locations(con: Connection, ctx: StageContext, kind: str) -> None:
    """Give each location of `checked` its known spelling ("main", " Main" -> "Main"), and warn
    about locations the database has not seen: most often a typo that would split the floor.

    A new database knows no location to compare with, so there a file bringing several is named
    with each one's rows: a typo has few.
    """
    found = con.execute(
        """SELECT coalesce(location, $location) AS name, count(*) FROM checked
        WHERE reject_reason IS NULL GROUP BY name ORDER BY min(line)""",
        {"location": ctx.location},
    ).fetchall()
    new: dict[str, str] = {}  # location_key -> the spelling of its first row in the file
    respelled: dict[str, str] = {}
    rows: dict[str, int] = {}  # each location of the file, as stored -> its rows
    for name, count in found:
        spelling = same_location(ctx.known_locations, name)
        if spelling is None:
            spelling = new.setdefault(location_key(name), location_text(name))
        if spelling != name:
            respelled[name] = spelling
        rows[spelling] = rows.get(spelling, 0) + count
    if respelled:  # one pass over the rows; those without a location of their own are at $location
        con.execute(
            """UPDATE checked SET location = m.spelling
            FROM (SELECT unnest($names) AS name, unnest($spellings) AS spelling) m
            WHERE coalesce(checked.location, $location) = m.name""",
            {
                "names": list(respelled),
                "spellings": list(respelled.values()),
                "location": ctx.location,
            },
        )
    if new and ctx.warn_new_locations:
        ctx.warnings.append(
            f"new location(s) {escaped(names_listed(sorted(new.values())))}"
            f" (known: {escaped(names_listed(ctx.known_locations))});"
            " check the spelling: each location has its own racks and figures"
        )
    if len(rows) > 1 and not ctx.warn_new_locations:
        listed = ", ".join(
            f"{escaped(place)} ({plural(n, ROW_WORDS[kind])})"
            for place, n in sorted(rows.items(), key=lambda item: (-item[1], item[0]))
        )
        ctx.warnings.append(
            f"this file brings {len(rows)} locations: {listed}; check for typos: each location"
            " has its own racks and figures"
        )


def settle_members(con: Connection, member_column: bool) -> None:
    """Give the spellings of one member ID in `checked` ("Ann@Gym.com", "ann@gym.com") the
    spelling of its first accepted row: IDs match regardless of case (members.stored_id), and one
    person must not count as two members. The commit then gives them a stored member's spelling.
    Rejected rows take it too: such a row holds its place among its member's sets.

    A file without a member_id column holds one ID (--member) or none: its rows are not read."""
    if not member_column:
        return
    respelled = con.execute(
        """SELECT member_id, spelling FROM (
            SELECT member_id, arg_min(member_id, first_line)
                OVER (PARTITION BY lower(member_id)) AS spelling
            FROM (SELECT member_id, min(line) FILTER (WHERE reject_reason IS NULL) AS first_line
                FROM checked WHERE member_id IS NOT NULL GROUP BY member_id))
        WHERE member_id <> spelling"""
    ).fetchall()
    respell_members(con, "checked", respelled)


def respell_members(con: Connection, table: str, respelled: list[tuple[str, str]]) -> None:
    """Give the rows of `table` whose member ID is the first of a (ID, spelling) pair the
    spelling; with no pairs the table is not read."""
    if respelled:
        con.execute(
            f"""UPDATE {table} AS r SET member_id = m.spelling
            FROM (SELECT unnest($names) AS name, unnest($spellings) AS spelling) m
            WHERE r.member_id = m.name""",
            {"names": [n for n, _ in respelled], "spellings": [s for _, s in respelled]},
        )


def finish_sets(con: Connection, ctx: StageContext) -> None:
    """checked sets -> ready_sets (to commit) and rejects."""
    if ctx.has("station_id"):
        _settle_stations(con, ctx)
    ctx.warnings.extend(_cut_notes_warning(con))
    ctx.warnings.extend(_forget_timer_ends(con))
    _collect_rejects(con, ctx)
    _free_file_rows(con)
    not_sets = {"not_sets": [not_a_set(kind) for kind in ctx.not_sets]}
    _date_undated_rows(con, not_sets)
    keyed = """SELECT *, coalesce(workout_key, '') AS wk, CASE WHEN workout_key IS NULL
            THEN CAST(coalesce(workout_start, performed_at) AS DATE) ELSE DATE '1970-01-01' END AS day
        FROM checked WHERE """
    accepted = keyed + "reject_reason IS NULL"
    holding = keyed + _HOLDS_PLACE
    pasted = ctx.numbered_sets and workout_found_again(con, accepted, holding, not_sets)
    if pasted:
        _number_unnumbered_rows(con, f"{keyed}(reject_reason IS NULL OR {_HOLDS_PLACE})", not_sets)
    ctx.warnings.extend(set_aside_repeated_sets(con, accepted, holding, not_sets, pasted))
    # Each set's place among its exercise's sets: its own line, or in a file holding a workout
    # twice the line where its copy of the workout first has that set (set_places).
    grouped = (
        f"SELECT * FROM ({accepted}) JOIN set_places USING (line)"
        if pasted
        else f"SELECT *, line AS place FROM ({accepted})"
    )
    # A workout is the file's workout key, else the member's day (never NULL: hash joins).
    con.execute(
        f"""CREATE TABLE workout_groups AS
        SELECT member_id, wk, day, min(performed_at) AS first_at, max(performed_at) AS last_at,
            count(*) AS sets_in_workout
        FROM ({grouped}) GROUP BY ALL"""
    )
    # Each distinct name's key once, and a number that stands for the name in the ordinal's
    # window: sorting its partitions by a number is cheaper than by the name. The sets join this
    # small table; the names of rows that hold a place are in it too.
    con.execute(
        f"""CREATE TABLE exercise_names AS
        SELECT exercise_raw, {NAME_KEY_SQL.format(col="exercise_raw")} AS exercise_key,
            row_number() OVER () AS exercise_no
        FROM (SELECT DISTINCT exercise_raw FROM checked WHERE exercise_raw IS NOT NULL)"""
    )
    # Rejected rows hold their place among the sets (_HOLDS_PLACE); in a file holding a workout
    # twice, only those set_places keeps: one place per set over every copy. Those with a time
    # of day stay, marked holds_place, for held_sets.
    places = "JOIN set_places p USING (line)" if pasted else ""
    # An app numbers each block of an exercise's sets from the start and writes the blocks in the
    # order done, so its file order is the sets' order: an export made after the workout went on
    # then meets every set stored before at the same ordinal. A native log's set_index says it;
    # a file without set numbers sorts by place alone, the same order with a cheaper sort.
    by_place = ctx.numbered_sets or not any_row(con, "set_order IS NOT NULL", "checked")
    ordinal_order = "place" if by_place else "set_order NULLS LAST, place"
    # Each set's workout, time and ordinal on a narrow projection: sorting the window's
    # partitions moves only these columns, not every column of the set.
    con.execute(
        f"""CREATE TABLE placed AS
        WITH timed AS NOT MATERIALIZED (
            SELECT g.line, g.place, g.member_id, n.exercise_no, g.set_order, g.performed_at,
                g.wk, g.day, coalesce(g.workout_start, w.first_at) AS ws,
                coalesce(g.workout_end, w.last_at) AS we, w.sets_in_workout
            FROM ({grouped}) g JOIN workout_groups w USING (member_id, wk, day)
            JOIN exercise_names n USING (exercise_raw)),
        timed_sets AS (
            SELECT line, place, member_id, exercise_no, set_order, ws, we, performed_at AS set_at
            FROM timed WHERE performed_at IS NOT NULL
            UNION ALL
            -- Sets without a time of their own are spread over the workout in their order.
            SELECT line, place, member_id, exercise_no, set_order, ws, we, ws + to_seconds(CAST((
                    row_number() OVER (PARTITION BY member_id, wk, day ORDER BY place) - 1)
                * CASE WHEN we > ws THEN epoch(we - ws) / sets_in_workout
                    ELSE {SET_SPACING_SECONDS} END AS BIGINT))
            FROM timed WHERE performed_at IS NULL)
        SELECT * FROM (
            SELECT line, ws, greatest(we, set_at) AS workout_end, set_at, holds_place,
                row_number() OVER (PARTITION BY member_id, ws, exercise_no
                    ORDER BY {ordinal_order}) AS ordinal
            FROM (SELECT *, false AS holds_place FROM timed_sets
                UNION ALL BY NAME
                SELECT h.line, {"p.place" if pasted else "h.line AS place"}, h.member_id,
                    n.exercise_no, h.set_order, coalesce(h.workout_start, w.first_at) AS ws,
                    CASE WHEN h.time_known THEN h.performed_at END AS set_at, true AS holds_place
                FROM ({holding}) h {places} JOIN workout_groups w USING (member_id, wk, day)
                JOIN exercise_names n USING (exercise_raw)))
        WHERE NOT holds_place OR set_at IS NOT NULL""",
        not_sets,
    )
    _set_aside_held_sets(con)
    con.execute(
        f"""CREATE TABLE ready_sets AS
        SELECT c.line, c.member_id, p.ws AS workout_start, p.workout_end, c.title,
            p.set_at AS performed_at, coalesce(c.time_known, true) AS time_known,
            coalesce(c.location, $location) AS location, c.station_id, c.exercise_raw,
            n.exercise_key,
            c.weight_kg, {_REPS} AS reps,
            c.rpe, coalesce(c.set_type, 'normal') AS set_type, c.distance_m, c.duration_s,
            left(c.notes, {MAX_NOTES}) AS notes, p.ordinal, {flag_reason_sql()} AS flag_reason,
            c.workout_key IS NOT NULL AS keyed
        FROM checked c JOIN placed p ON p.line = c.line AND NOT p.holds_place
        JOIN exercise_names n ON n.exercise_raw = c.exercise_raw""",
        {"location": ctx.location},
    )
    con.execute("DROP TABLE workout_groups")
    con.execute("DROP TABLE placed")
    con.execute("DROP TABLE IF EXISTS set_places")
    con.execute("DROP TABLE exercise_names")
    con.execute("DROP TABLE checked")


# A rejected row of a workout's exercise keeps its place among the exercise's sets (a set whose
# reps did not read, say): the sets after it keep their ordinal, so the export with the row
# mended meets them as duplicates and adds that one set. Rows that are not sets hold no place.
_HOLDS_PLACE = """reject_reason IS NOT NULL AND member_id IS NOT NULL AND exercise_raw IS NOT NULL
    AND NOT list_contains($not_sets, reject_reason)"""

# The reps of a row of `checked c` as stored (NULL when they do not read).
_REPS = "CASE WHEN isfinite(c.reps) THEN TRY_CAST(c.reps AS INTEGER) END"


def _set_aside_held_sets(con: Connection) -> None:
    """`held_sets`: the rejected rows with a time of day that hold a place (a native log's, kept
    in `placed` with their set time), with their values and ordinal.

    Such a set is found by its time, not its ordinal (commit._match_timed_sets): the commit lets
    each claim the stored set it meets, so that no other set of the file meets that one and is
    taken for it with changed values. Only a file with rejected rows looks for them.
    """
    rejected = con.execute("SELECT EXISTS (SELECT 1 FROM rejects)").fetchone()[0]
    con.execute(
        f"""CREATE TABLE held_sets AS
        SELECT p.line, c.member_id, p.set_at AS performed_at, c.exercise_raw, c.weight_kg,
            {_REPS} AS reps, p.ws AS workout_start, p.ordinal
        FROM placed p JOIN checked c ON c.line = p.line
        WHERE {"p.holds_place" if rejected else "false"}"""
    )


def _number_unnumbered_rows(con: Connection, rows: str, params: dict[str, object]) -> None:
    """Give the rows of `rows` (SQL: those that take a place) without a set number (set_index 'x'
    rejected, or empty) the number their place in their run of the exercise's rows gives: the
    number before it plus one, else the one after it minus one; in a run without any, the
    exercise's first number in the workout (its `base`) plus the row's place in the run.

    A number after the row that does not increase on the one before it starts a new block of the
    exercise, done again right after the first (0, 1, x, 1): the row is that block's when its
    number counted back from the one after it is not below the base (0), else the first block's
    (0, 1, x, 0: 2).

    A pasted copy's rows are paired with the earlier copy's by set number
    (set_aside_repeated_sets): without one, the row would be paired with no row, or a set of the
    exercise's other block with it. Only for formats that number their sets and write each block
    of an exercise's sets together.
    """
    workout = "member_id, wk, day"
    mixed = f"""SELECT count(*) FILTER (WHERE set_order IS NULL) > 0 AND count(set_order) > 0
        FROM ({rows})"""
    if not con.execute(mixed, params).fetchone()[0]:
        return
    con.execute(
        f"""UPDATE checked SET set_order = n.set_order
        FROM (SELECT line, CASE WHEN after <= before AND from_after >= base THEN from_after
                ELSE coalesce(from_before, from_after, base - 1 + nth) END AS set_order
            FROM (SELECT line, nth,
                nth + last_value(set_order - nth IGNORE NULLS) OVER (run ORDER BY line)
                    AS from_before,
                nth + first_value(set_order - nth IGNORE NULLS) OVER (run ORDER BY line
                    ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS from_after,
                last_value(set_order IGNORE NULLS) OVER (run ORDER BY line) AS before,
                first_value(set_order IGNORE NULLS) OVER (run ORDER BY line
                    ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS after,
                min(set_order) OVER (PARTITION BY {workout}, exercise_raw) AS base
            FROM (SELECT *, row_number() OVER (PARTITION BY run ORDER BY line) AS nth FROM (
                SELECT *, sum(CAST(starts AS INTEGER)) OVER (ORDER BY line) AS run FROM (
                    SELECT line, {workout}, exercise_raw, set_order,
                        ({workout}, exercise_raw) IS DISTINCT FROM
                            lag(({workout}, exercise_raw)) OVER (ORDER BY line) AS starts
                    FROM ({rows}))))
            WINDOW run AS (PARTITION BY run))) n
        WHERE checked.line = n.line AND checked.set_order IS NULL""",
        params,
    )


def _date_undated_rows(con: Connection, params: dict[str, object]) -> None:
    """Give a row whose workout start does not read ("3 Sep 20x5"), and that would hold a place
    among its exercise's sets (_HOLDS_PLACE), the workout of the rows around it when the last row
    before it and the first after it that name a workout name the same one: an app writes a
    workout's rows together, so the row is that workout's, and holds its place there. The export
    with its date mended then adds just that set. Between two workouts it stays without one.

    Only files with such a row pay for the pass over the rows. A native log's rows state no
    workout start: nothing around them names one."""
    undated = f"workout_start IS NULL AND performed_at IS NULL AND {_HOLDS_PLACE}"
    if not con.execute(f"SELECT EXISTS (SELECT 1 FROM checked WHERE {undated})", params).fetchone()[
        0
    ]:
        return
    workout = """CASE WHEN workout_start IS NOT NULL THEN {'member_id': member_id,
        'workout_key': workout_key, 'workout_start': workout_start} END"""
    con.execute(
        f"""UPDATE checked SET workout_key = n.around.workout_key,
            workout_start = n.around.workout_start
        FROM (SELECT line, before AS around FROM (
                SELECT line, member_id, {undated} AS undated,
                    last_value({workout} IGNORE NULLS) OVER (ORDER BY line
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before,
                    first_value({workout} IGNORE NULLS) OVER (ORDER BY line
                        ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS after
                FROM checked)
            WHERE undated AND before IS NOT DISTINCT FROM after
                AND before.member_id = member_id) n
        WHERE checked.line = n.line""",
        params,
    )


# A rejected row is a row of the workout its start names once that start reads: the rows after a
# workout rejected whole (dated in the future) are another workout's, found again if it came
# before. A start that does not read names no workout: that row must not split its workout's run.
_NAMES_WORKOUT = "workout_start IS NOT NULL"


def workout_found_again(
    con: Connection, accepted: str, holding: str, params: dict[str, object]
) -> bool:
    """Whether a workout's rows lie in more than one run, other workouts' rows between them: the
    rows of `accepted` and the rejected rows of `holding` (both SQL) that name their workout
    (_NAMES_WORKOUT), which hold a place among the sets or are a workout rejected whole.

    The common case, each workout's rows in one run, is one pass over the accepted rows' workouts:
    the file then holds no pasted copies to number (set_aside_repeated_sets)."""
    workout = "member_id, wk, day"
    return bool(
        con.execute(
            f"""WITH workouts AS MATERIALIZED (
                SELECT {workout}, min(line) AS first_row, max(line) AS last_row
                FROM ({accepted}) GROUP BY ALL),
            spans AS (
                SELECT * FROM workouts
                UNION ALL
                SELECT {workout}, min(line), max(line)
                FROM ({holding}) WHERE {_NAMES_WORKOUT} GROUP BY ALL)
            SELECT EXISTS (SELECT 1 FROM (
                SELECT max(last_row) AS last_row,
                    lead(min(first_row)) OVER (ORDER BY min(first_row)) AS next_first
                FROM spans GROUP BY {workout}) WHERE last_row > next_first)""",
            params,
        ).fetchone()[0]
    )


def set_aside_repeated_sets(
    con: Connection, accepted: str, holding: str, params: dict[str, object], pasted: bool
) -> list[str]:
    """`repeated_sets(line, changed)`: the rows of `accepted` (SQL) that repeat a set of
    an earlier row, which the commit counts as duplicates; and a warning when there are any.
    In a file holding a workout again (`pasted`, workout_found_again), also `set_places(line,
    place)`: the rows that take a place among their exercise's sets, and the line of that place.

    Only for formats that number their sets and write a workout's rows together: there a
    workout's rows found again after other workouts' rows are a second export pasted into the
    file, and the n-th row of an exercise and set number there is the n-th one of the workout's
    earlier rows. Rows of one run stay distinct sets: an exercise done twice in a workout numbers
    its sets from the start again. Without set numbers (FitNotes) identical rows are distinct.

    A rejected row of `holding` counts in that numbering as it holds its place in the ordinal:
    a set rejected in one copy and mended in another is the same set, imported once at the
    rejected row's place, and the rows after it still meet their own sets in the other copy.
    """
    con.execute("CREATE TABLE repeated_sets (line BIGINT, changed BOOLEAN)")
    if not pasted:
        return []
    workout = "member_id, wk, day"
    columns = f"line, {workout}, exercise_raw, set_order, weight_kg, reps"
    # Each row with the first row of its set (`first_row`, over every copy) and the first accepted one
    # (`first_set`, the one stored); rejected rows that name their workout count, those of a
    # workout rejected whole ending the run before them.
    con.execute(
        f"""CREATE TABLE set_copies AS
        WITH copies AS (
            SELECT {columns}, true AS accepted FROM ({accepted})
            UNION ALL
            SELECT {columns}, false AS accepted FROM ({holding}) WHERE {_NAMES_WORKOUT}),
        runs AS (
            SELECT *, sum(CAST(starts AS INTEGER)) OVER (ORDER BY line) AS run FROM (
                SELECT *, ({workout}) IS DISTINCT FROM lag(({workout})) OVER (ORDER BY line)
                    AS starts
                FROM copies)),
        numbered AS (
            SELECT *, row_number() OVER (
                PARTITION BY {workout}, run, exercise_raw, set_order ORDER BY line) AS nth
            FROM runs)
        SELECT line, accepted, weight_kg, reps, min(line) OVER same_set AS first_row,
            min(line) FILTER (WHERE accepted) OVER same_set AS first_set
        FROM numbered WINDOW same_set AS (PARTITION BY {workout}, exercise_raw, set_order, nth)""",
        params,
    )
    con.execute(
        f"""INSERT INTO repeated_sets
        SELECT r.line, {changed_set_sql("r", "f")}
        FROM set_copies r JOIN set_copies f ON f.line = r.first_set
        WHERE r.accepted AND r.line <> r.first_set"""
    )
    # A set's stored row takes the place of its first row; a set rejected in every copy keeps
    # the place of its first rejected row only.
    con.execute(
        """CREATE TABLE set_places AS SELECT line, first_row AS place FROM set_copies
        WHERE line = coalesce(first_set, first_row)"""
    )
    con.execute("DROP TABLE set_copies")
    repeated, changed = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE changed) FROM repeated_sets"
    ).fetchone()
    if not repeated:
        return []
    warning = (
        f"{plural(repeated, 'row')} repeat{'s' if repeated == 1 else ''} the set of an earlier row"
        " (same workout, exercise and set number; two exports in one file?): counted as"
        " duplicates"
    )
    if changed:
        warning += (
            f"; {changed:,} of them with another weight or reps than that earlier row,"
            " whose values were kept"
        )
    return [warning]


def _forget_timer_ends(con: Connection) -> list[str]:
    """Workouts whose end (or duration) lies more than MAX_WORKOUT_HOURS after their start, or
    before it, lose it, as an unreadable one would: a timer left running would spread their sets
    over days and keep a rack busy all that time. The import says how many did."""
    too_long = f"workout_end > workout_start + INTERVAL {MAX_WORKOUT_HOURS} HOUR"
    backwards = "workout_end < workout_start"
    workout = "DISTINCT (member_id, workout_start)"
    # The WHERE repeats the filters: the distinct counts then see only such rows, not every row.
    long_count, backwards_count = con.execute(
        f"""SELECT count({workout}) FILTER (WHERE {too_long}),
            count({workout}) FILTER (WHERE {backwards})
        FROM checked WHERE reject_reason IS NULL AND ({too_long} OR {backwards})"""
    ).fetchone()
    if not long_count and not backwards_count:
        return []
    con.execute(
        f"""UPDATE checked SET workout_end = NULL
        WHERE reject_reason IS NULL AND ({too_long} OR {backwards})"""
    )
    placed = f"their sets are placed {SET_SPACING_SECONDS} s apart from the start"
    warnings = []
    if long_count:
        warnings.append(
            f"{plural(long_count, 'workout')} ran longer than {MAX_WORKOUT_HOURS} h (a timer left"
            f" running?): {placed}"
        )
    if backwards_count:
        ends = "ends" if backwards_count == 1 else "end"
        warnings.append(f"{plural(backwards_count, 'workout')} {ends} before it starts: {placed}")
    return warnings


def _cut_notes_warning(con: Connection) -> list[str]:
    """Notes are cut to MAX_NOTES characters; the import says how many were."""
    cut = con.execute(
        "SELECT count(*) FROM checked WHERE reject_reason IS NULL AND length(notes) > ?",
        [MAX_NOTES],
    ).fetchone()[0]
    if not cut:
        return []
    verb = "was" if cut == 1 else "were"
    return [
        f"{plural(cut, 'note')} longer than {MAX_NOTES:,} characters {verb} cut to {MAX_NOTES:,}"
    ]


def finish_stations(con: Connection, ctx: StageContext) -> None:
    """checked sessions -> ready_stations and rejects."""
    _settle_stations(con, ctx)
    _reject_repeats(
        con, ctx, "station_id, started_at", "another session of this station starts then, on line"
    )
    _ready(
        con,
        ctx,
        "stations",
        """line, station_id, coalesce(equipment_raw, station_id) AS equipment_raw,
            coalesce(location, $location) AS location, started_at, ended_at, member_id""",
    )


def _settle_stations(con: Connection, ctx: StageContext) -> None:
    """Give the spellings of one station at a location (station_key_sql) the spelling of its
    first row, whitespace settled: one rack must not count as several, two sessions starting on
    it at once are a repeat, and sets name the station as its sessions do. The commit then gives
    them the stored spelling (commit.take_stored_station_ids)."""
    text, key = station_text_sql("station_id"), station_key_sql("station_id")
    con.execute(
        f"""UPDATE checked SET station_id = m.spelling
        FROM (SELECT place, station_id, spelling FROM (
                SELECT place, station_id,
                    arg_min({text}, first_line) OVER (PARTITION BY place, {key}) AS spelling
                FROM (SELECT coalesce(location, $location) AS place, station_id,
                        min(line) AS first_line
                    FROM checked WHERE reject_reason IS NULL GROUP BY ALL))
            WHERE station_id <> spelling) m
        WHERE coalesce(checked.location, $location) = m.place AND checked.station_id = m.station_id
            AND checked.reject_reason IS NULL""",
        {"location": ctx.location},
    )


def finish_occupancy(con: Connection, ctx: StageContext) -> None:
    """checked counts -> ready_occupancy and rejects."""
    _reject_repeats(con, ctx, "observed_at", "another count for this location and time is on line")
    _ready(
        con,
        ctx,
        "occupancy",
        """line, coalesce(location, $location) AS location, observed_at,
            CAST(people AS INTEGER) AS people, TRY_CAST(round(capacity) AS INTEGER) AS capacity""",
    )


def _ready(con: Connection, ctx: StageContext, kind: str, columns: str) -> None:
    """ready_<kind>: the `columns` of rows that passed every check; the others go to `rejects`."""
    con.execute(
        f"CREATE TABLE ready_{kind} AS SELECT {columns} FROM checked WHERE reject_reason IS NULL",
        {"location": ctx.location},
    )
    _collect_rejects(con, ctx)
    _free_file_rows(con)


def _reject_repeats(con: Connection, ctx: StageContext, key: str, reason: str) -> None:
    """Reject a row whose key (plus location) repeats an earlier row of the file.

    The commit recognises rows already stored; without this both copies of a repeated door count or
    session in one file would land and count twice.
    """
    con.execute(
        f"""UPDATE checked SET reject_reason = '{reason} ' || r.first
        FROM (SELECT line, min(line) OVER (
                PARTITION BY coalesce(location, $location), {key}) AS first
            FROM checked WHERE reject_reason IS NULL) r
        WHERE checked.line = r.line AND r.first < r.line""",
        {"location": ctx.location},
    )


def _collect_rejects(con: Connection, ctx: StageContext) -> None:
    """`rejects`: rows the reader could not parse, that failed a check or that a format dropped.

    A row the fast reader misread (raw.fill_original_text) leaves `checked`: it is no row, and
    holds no place among its exercise's sets, as when the Python reader reads the file."""
    staged, readable = con.execute(
        "SELECT (SELECT count(*) FROM checked), (SELECT count(*) FROM raw_ok)"
    ).fetchone()
    # Looking for dropped rows is a join over the whole file: only when some are missing.
    dropped = """UNION ALL
        SELECT r.line, 'row could not be read', r.raw_text FROM raw_ok r ANTI JOIN checked c
            ON c.line = r.line"""
    con.execute(
        f"""CREATE TABLE rejects AS
        SELECT line, coalesce(fault, parse_error) AS reason, raw_text AS raw FROM raw
        WHERE parse_error IS NOT NULL
        UNION ALL
        SELECT c.line, c.reject_reason, r.raw_text FROM checked c JOIN raw r ON r.line = c.line
        WHERE c.reject_reason IS NOT NULL
        {dropped if staged != readable else ""}"""
    )
    misread = fill_original_text(con, ctx.source, ctx.shape)
    if misread:
        con.execute("DELETE FROM checked WHERE list_contains($lines, line)", {"lines": misread})


def _free_file_rows(con: Connection) -> None:
    """Drop the file's records once every row is checked and every reject has its text: their
    memory goes to the steps to come."""
    con.execute("DROP VIEW IF EXISTS raw_accepted")
    con.execute("DROP VIEW raw_ok")
    release_raw(con)
