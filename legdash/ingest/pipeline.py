"""Import one file: parse and check it in memory, then land it in one short transaction.

The write lock is taken only for the final transaction, so the dashboard keeps answering while a large
file is parsed. Staging is an in-memory DuckDB database that spills to a work folder beside the
database when the file is larger than the import's memory limit.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

import duckdb

from legdash import db, members, settings
from legdash.ingest import commit, dates, staging
from legdash.ingest.layout import (
    Format,
    Options,
    Reading,
    StageContext,
    headerless,
    repeated_columns,
)
from legdash.ingest.raw import Misread, RowShape, load_raw
from legdash.ingest.registry import choose
from legdash.ingest.source import CsvSource, UnusableFile, open_csv
from legdash.wording import article, escaped

MAX_LISTED_REJECTS = 1000


@dataclass
class FileResult:
    """One file's outcome, as `import --json` prints it."""

    file: str
    format: str | None = None
    batch_id: int | None = None
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejects: list[dict[str, object]] = field(default_factory=list)
    rejects_truncated: bool = False
    # Of the rejected rows, those that are not sets (Format.not_sets), per kind: {"rest timer": 20}.
    # `rejects` lists them after the others.
    not_sets: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    # The database's absolute path when this file's import created it, else None.
    new_database: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class GymDefaults:
    time_zone: str
    default_location: str
    locations: tuple[str, ...]  # the default first, then those of the inventory and the data
    member: str | None  # --member as a stored member spells it (IDs match regardless of case)
    has_locations: bool  # the inventory or the data name any: a new one is worth a warning
    # Per member, the latest live import of the file's format whose dates decided their order.
    date_orders: dict[str | None, dates.Decision]
    # The database holds the demo gym and never took a real file: the first real file there mixes
    # its figures with the demo's, which is worth a warning. A database that took a real file,
    # undone since or not, is the gym's own: a demo there was added on purpose.
    demo_only: bool = False


def gym_defaults(
    path: Path, wait: float, source_format: str, member: str | None = None
) -> GymDefaults:
    """Time zone, locations, `member`'s stored spelling and the date orders earlier imports of the
    format decided, from the database's settings and data (defaults for a new file)."""
    home = settings.DEFAULTS["default_location"]
    new_file = GymDefaults(settings.DEFAULTS["time_zone"], home, (home,), member, False, {})
    if not path.exists():
        return new_file
    with db.read(path, wait=wait, empty_ok=True) as con:
        if not db.schema_version(con):
            return new_file
        gym = settings.load(con)
        used = settings.used_locations(con, gym.default_location)
        orders = dates.earlier_orders(con, source_format)
        stored = members.stored_id(con, member) if member else None
        demo_only = db.has_demo_data(con) and not db.has_real_imports(con, undone=True)
    places = settings.default_first(gym.default_location, used)
    return GymDefaults(
        gym.time_zone, gym.default_location, places, stored, bool(used), orders, demo_only
    )


def demo_mix_warning(database: Path) -> str:
    """The first real file in the demo gym's database: its figures now mix with the demo's."""
    remove = db.command("demo --remove", database, default=db.DEMO_DB)
    return (
        f"{database} holds the generated demo gym: this file's figures mix with the demo's under"
        f" the DEMO DATA banner; `{remove}` takes the demo out and keeps this file's rows"
    )


def import_file(
    file: Path,
    database: Path,
    requested_format: str = "auto",
    options: Options | None = None,
    lock_timeout: float | None = None,
    now: datetime | None = None,
) -> FileResult:
    """Import one file as one batch, waiting up to `lock_timeout` seconds for the lock (None:
    db.LOCK_TIMEOUT). UnusableFile means nothing of the file was written."""
    options = options or Options()
    result = FileResult(file=str(file))
    with _work_folder(database) as work:
        try:
            source = open_csv(file, work)
            if headerless(source.header, options.mapping):
                source = source.without_header()
            elif source.header_fault:
                raise UnusableFile(f"{escaped(file.name)}: {source.header_fault}")
            fmt, columns = choose(source.header, requested_format, options.mapping)
            result.format = fmt.name
            if fmt.kind == "sets" and "member_id" not in columns and not options.member:
                raise UnusableFile(
                    f"{escaped(file.name)} has no member_id column:"
                    " pass the member's ID with --member"
                )
            options, unused = applicable_options(fmt, options)
            gym = gym_defaults(database, db.lock_wait(lock_timeout), fmt.name, options.member)
            options = replace(options, member=gym.member)
            readings = fmt.readings(source.header, columns, options.mapping)
            ctx = StageContext(
                source=source,
                columns=columns,
                shape=_shape(fmt, source, columns, readings),
                options=options,
                time_zone=gym.time_zone,
                default_location=gym.default_location,
                known_locations=gym.locations,
                warn_new_locations=gym.has_locations,
                imported_at=now or settings.wall_clock(gym.time_zone),
                date_order=dates.DateOrder(fmt.name, gym.date_orders, options.member),
                numbered_sets=fmt.numbered_sets,
                not_sets=fmt.not_sets,
                readings=readings,
            )
            ctx.warnings.extend(unused)
            if gym.demo_only:
                ctx.warnings.append(demo_mix_warning(database))
            if source.has_header:
                ctx.warnings.extend(
                    repeated_columns(fmt, source.header, columns, options.mapping, readings)
                )
            with _staged(work, fmt, ctx) as (con, ctx, result.rows_read):
                result.warnings = ctx.warnings
                _land(con, database, fmt, ctx, result, lock_timeout)
        except UnusableFile as error:
            error.format = error.format or result.format
            raise
        except settings.StoredSettingError as error:
            # Only this file needed the setting (its times carry UTC offsets): the next may not.
            raise UnusableFile(str(error), result.format) from None
    return result


def applicable_options(fmt: Format, options: Options) -> tuple[Options, list[str]]:
    """The options that apply to the format, and a warning for each one given that does not:
    --member and --units describe workout sets, so a door count or station log that ignored them
    silently would hide a mistaken command (and its batch must not name a member)."""
    if fmt.kind == "sets":
        return options, []
    file = f"{article(fmt.name)} file"
    unused = [
        f"--{option} {value} was not used: {file} has no {what} it applies to"
        for option, value, what in (
            ("member", options.member, "workout sets"),
            ("units", options.units, "weight or distance"),
        )
        if value
    ]
    return replace(options, member=None, units=None), unused


@contextmanager
def _work_folder(database: Path) -> Iterator[Path]:
    """The import's work folder beside the database (its UTF-8 copy, spill files), made first so
    that a folder nobody may write in stops the import before any work."""
    folder = database.parent
    with db.first_file_in(folder, lambda: db.work_folder(database)) as work:
        try:
            yield work
        finally:
            shutil.rmtree(work, ignore_errors=True)  # the UTF-8 copy and spill files with it


def _shape(
    fmt: Format, source: CsvSource, columns: dict[str, int], readings: dict[str, Reading]
) -> RowShape:
    # A quantity's columns that are not read are ignored everywhere (Format.reading): their
    # values neither line a row up nor say that the file writes decimal commas.
    unread = {t for q in fmt.quantities for t in q.targets if t not in readings[q.plain].read}
    by_index = {index: fmt.column(t) for t, index in columns.items() if t not in unread}
    # A required quantity's column read is required, whichever of its columns it is.
    required = {i for i, c in by_index.items() if c.required} | {
        columns[reading.column]
        for plain, reading in readings.items()
        if reading.column and fmt.column(plain).required
    }
    return RowShape(
        width=len(source.header),
        free_text=tuple(sorted(i for i, c in by_index.items() if c.free_text)),
        numeric=frozenset(i for i, c in by_index.items() if c.numeric),
        required=frozenset(required),
        patterns={
            i: re.compile(c.pattern, re.IGNORECASE) for i, c in by_index.items() if c.pattern
        },
    )


def _staging_connection(work: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database `stg` for the staged rows, spilling to `work` past the memory limit."""
    con = db.quiet(duckdb.connect())
    db.limit_for_import(con)
    con.execute("SET temp_directory = ?", [str(work / "spill")])
    con.execute("ATTACH ':memory:' AS stg")
    con.execute("USE stg")
    return con


@contextmanager
def _staged(
    work: Path, fmt: Format, ctx: StageContext
) -> Iterator[tuple[duckdb.DuckDBPyConnection, StageContext, int]]:
    """The file parsed and checked into a staging connection, closed on leaving; with the context
    that staged it and the number of rows read.

    When the fast reader misread a row that the Python reader reads (raw.Misread: a name with an
    unquoted comma before an empty last column), the file is staged again from the start by the
    Python reader, so that a row's fate does not hang on which reader read its file. Only a file
    with such a row pays for the second reading."""
    fresh = replace(ctx, warnings=list(ctx.warnings), date_order=replace(ctx.date_order))
    con = _staging_connection(work)
    try:
        try:
            rows = _stage(con, fmt, ctx, fast=True)
        except Misread:
            con.close()
            ctx, con = fresh, _staging_connection(work)
            rows = _stage(con, fmt, ctx, fast=False)
        yield con, ctx, rows
    finally:
        con.close()


def _stage(con: duckdb.DuckDBPyConnection, fmt: Format, ctx: StageContext, fast: bool) -> int:
    """Parse and check the file into `stg`; returns the number of rows read. `fast`: DuckDB's
    reader may read it (raw.load_raw)."""
    rows = load_raw(con, ctx.source, ctx.shape, ctx.source.has_header, fast)
    staging.prepare(con)
    numeric = [f"c{index}" for index in sorted(ctx.shape.numeric)]  # raw's columns (ctx.col)
    ctx.decimal_comma = staging.writes_decimal_comma(con, numeric)
    fmt.stage(con, ctx)
    staging.settle_locations(con, ctx, fmt.kind)
    staging.settle_members(con, ctx.has("member_id"))  # door counts have no member column
    FINISHERS[fmt.kind](con, ctx)
    return rows


FINISHERS = {
    "sets": staging.finish_sets,
    "stations": staging.finish_stations,
    "occupancy": staging.finish_occupancy,
}


def _land(
    con: duckdb.DuckDBPyConnection,
    database: Path,
    fmt: Format,
    ctx: StageContext,
    result: FileResult,
    lock_timeout: float | None,
) -> None:
    """The one transaction: `stg`'s ready rows into the database, attached to the same connection
    (their member IDs in a stored member's spelling first)."""
    with db.write_attached(con, database, lock_timeout) as created:
        if ctx.has("member_id") or ctx.options.member:
            commit.take_stored_member_ids(con, fmt.kind, ctx.has("member_id"))
        if ctx.has("station_id"):
            commit.take_stored_station_ids(con, fmt.kind)
        with db.transaction(con):
            batch_id = db.next_id(con, "import_batches", "batch_id")
            if fmt.kind == "sets":
                landed = commit.commit_sets(con, batch_id, fmt, ctx.imported_at)
            elif fmt.kind == "stations":
                landed = commit.commit_stations(con, batch_id)
            else:
                landed = commit.commit_occupancy(con, batch_id)
            rejected = con.execute("SELECT count(*) FROM stg.rejects").fetchone()[0]
            misread = dates.contradicted(con, fmt.name, ctx.date_order)
            result.warnings = [*ctx.warnings, *landed.warnings, *misread]
            commit.record_batch(
                con,
                batch_id,
                source_file=ctx.source.path.name,
                source_format=fmt.name,
                imported_at=ctx.imported_at,
                imported_by=ctx.options.imported_by,
                member_id=ctx.options.member,
                rows_read=result.rows_read,
                committed=landed,
                rejected=rejected,
                warnings=result.warnings,
            )
            dates.record_order(con, batch_id, ctx.date_order)
            if landed.imported + landed.duplicates + rejected != result.rows_read:
                raise RuntimeError(
                    f"row accounting failed for {escaped(ctx.source.path.name)}: "
                    f"{landed.imported} + {landed.duplicates} + {rejected} != {result.rows_read}"
                )
            kinds = {staging.not_a_set(kind): kind for kind in fmt.not_sets}
            # The mistakes first: dozens of rest timers must not hide (or crowd out) one typo.
            listed = con.execute(
                """SELECT line, reason FROM stg.rejects
                ORDER BY list_contains($kinds, reason), line LIMIT $limit""",
                {"kinds": list(kinds), "limit": MAX_LISTED_REJECTS},
            ).fetchall()
            not_sets = con.execute(
                """SELECT reason, count(*) FROM stg.rejects
                WHERE list_contains($kinds, reason) GROUP BY reason""",
                {"kinds": list(kinds)},
            ).fetchall()
    result.batch_id = batch_id
    result.imported, result.duplicates, result.rejected = (
        landed.imported,
        landed.duplicates,
        rejected,
    )
    result.rejects = [{"line": line, "reason": reason} for line, reason in listed]
    result.rejects_truncated = rejected > len(listed)
    counts = dict(not_sets)
    result.not_sets = {kinds[r]: counts[r] for r in kinds if r in counts}
    result.new_database = os.path.abspath(database) if created else None
