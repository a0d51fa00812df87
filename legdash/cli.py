"""`python -m legdash ...`: the command line scripts, cron jobs, the Settings page and tests use.

A user mistake prints one line on stderr and exits 2; a busy database exits 1; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from legdash import __version__, auth, db, exercises, members, settings
from legdash.db import FolderNotWritable, why_not_writable
from legdash.demo_catalog import DEMO_DEFAULTS
from legdash.flagged import FlagError, list_flagged, unflag
from legdash.ingest.batches import (
    BatchError,
    later_duplicates,
    list_batches,
    rejects,
    undo,
    write_rejects,
)
from legdash.ingest.layout import Options, header_key
from legdash.ingest.limits import EARLIEST_DATE
from legdash.ingest.pipeline import FileResult, import_file
from legdash.ingest.registry import FORMAT_NAMES
from legdash.ingest.source import UnusableFile
from legdash.metrics import FilterError
from legdash.reports import REPORT_MODULES, ReportArgs, report
from legdash.wording import escaped, plural

# What each member and staff action reports when done; the keys are the actions. A member's
# line is filled in from what the action stored (its --json).
MEMBER_DONE = {
    "add": "added",
    "set-pin": "PIN set",
    "set-goal": "leg-session goal set to {leg_goal} a week",
    "deactivate": "deactivated",
    "activate": "activated",
}
# What `activate` and `deactivate` say of a member already in the state asked for.
MEMBER_ALREADY = {"deactivate": "is already deactivated", "activate": "is already active"}
STAFF_DONE = {"add": "added", "passwd": "password changed"}

USER_ERRORS: tuple[type[Exception], ...] = (
    UnusableFile,
    BatchError,
    members.MemberError,
    settings.SettingError,
    auth.AuthError,
    db.DatabaseMissing,
    db.DatabaseUnreadable,
    db.NewerSchema,
    FileExistsError,
    exercises.AliasError,
    FilterError,
    FolderNotWritable,
    FlagError,
)

# Why a database cannot take an import: every file meets the same problem.
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    FolderNotWritable,
    db.DatabaseUnreadable,
    db.NewerSchema,
)


# A demo larger than a big chain's year would take minutes to build and prove nothing more.
MAX_DEMO_MEMBERS = 20_000
MAX_DEMO_WEEKS = 260
# Demo members kept as real members that `demo` names; the rest are counted.
KEPT_NAMED = 5
# A report may end this many days ahead (a year's plan); data never lies beyond tomorrow.
REPORT_DAYS_AHEAD = 366


class UsageError(Exception):
    """Bad arguments: exit 2 with the message."""


class Parser(argparse.ArgumentParser):
    """argparse with the command line's error style: one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


class CommandParser(Parser):
    """A command's parser, which takes its options anywhere among its words (`settings set --json
    KEY VALUE`): plain argparse fills a list of positionals from the words before the first option
    and refuses those after it. After `--`, every word is a positional (`import -- -x.csv`), which
    only plain argparse keeps: the intermixed parse drops the `--` before its second pass."""

    _mixing = False

    def parse_known_args(
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        # Python 3.11 and 3.12 parse each intermixed pass through this method
        if self._mixing or (args is not None and "--" in args):
            return super().parse_known_args(args, namespace)
        self._mixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._mixing = False


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from None


def _any_case(choices: Sequence[str]) -> Callable[[str], str]:
    """One of `choices` matched regardless of case (`--format Strong`), as member IDs and
    locations are; a mistake is named as typed, with the choices as argparse lists them."""

    def parse(text: str) -> str:
        if text.lower() not in choices:
            listed = ", ".join(map(repr, choices))
            raise argparse.ArgumentTypeError(f"invalid choice: {text!r} (choose from {listed})")
        return text.lower()

    return parse


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return seconds


def _mapping(text: str) -> list[tuple[str, str]]:
    """One --map value's TARGET=COLUMN pairs, in order (repeated flags add up: see _merged_map)."""
    pairs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        target, sep, column = part.partition("=")
        if not sep or not target.strip() or not column.strip():
            raise argparse.ArgumentTypeError(f"--map takes TARGET=COLUMN pairs, not {part!r}")
        pairs.append((target.strip(), column.strip()))
    return pairs


def _merged_map(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Every --map pair as TARGET -> COLUMN; a target named twice is the mistake, not the last."""
    merged: dict[str, str] = {}
    for target, column in pairs:
        earlier = next((t for t in merged if header_key(t) == header_key(target)), None)
        if earlier is not None:
            raise UsageError(
                f"--map names {earlier} twice ({earlier}={merged[earlier]}, {target}={column})"
            )
        merged[target] = column
    return merged


DB_HELP = "database file (default $LEGDASH_DB or data/legdash.duckdb)"


def _lock_timeout_option(p: argparse.ArgumentParser) -> None:
    """--lock-timeout on a command that writes: past it, a busy database exits 1. Not given, it
    is None, so that a command's reading action can refuse it; a write takes None as
    db.LOCK_TIMEOUT."""
    p.add_argument(
        "--lock-timeout",
        type=_seconds,
        metavar="SECONDS",
        help="how long to wait while another process holds the database"
        f" (default {db.LOCK_TIMEOUT:g})",
    )


# Why a command that only reads refuses --lock-timeout.
FOR_WRITES = "which is for commands that write"


def _refuse_unused(what: str, why: str, **given: object) -> None:
    """UsageError for the first option given that `what` would ignore (as `member list` refuses
    --leg-goal): an option that does nothing hides a mistake. An option not given is None, or
    False for a flag; 0 is given (`--lock-timeout 0`)."""
    for option, value in given.items():
        if value is not None and value is not False:
            raise UsageError(f"{what} takes no --{option.replace('_', '-')}, {why}")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m legdash", description=__doc__)
    parser.add_argument("--version", action="version", version=f"legdash {__version__}")
    # --db before the command too (`legdash --db gym.duckdb batches`): staff type it either way.
    parser.add_argument("--db", help=DB_HELP)
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )

    def command(
        name: str, help_text: str, db_help: str | None = DB_HELP
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if db_help:  # SUPPRESS: a command without --db keeps the one given before it.
            p.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
        return p

    command("init", "create or upgrade the database file")

    p = command(
        "demo",
        "generate a labelled demo gym (default database data/demo.duckdb)",
        "database file (default $LEGDASH_DB or data/demo.duckdb)",
    )
    # No defaults here: `demo --remove` refuses what it would ignore (cmd_demo takes them).
    p.add_argument("--members", type=int, help=f"default {DEMO_DEFAULTS['members']}")
    p.add_argument("--weeks", type=int, help=f"default {DEMO_DEFAULTS['weeks']}")
    p.add_argument(
        "--end",
        type=_date,
        help="last day of demo data (default the gym's yesterday, in its time_zone)",
    )
    p.add_argument("--seed", type=int, help=f"default {DEMO_DEFAULTS['seed']}")
    p.add_argument("--remove", action="store_true", help="delete the demo rows instead")
    p.add_argument(
        "--allow-real", action="store_true", help="allow demo rows in a database with real data"
    )

    p = command("import", "import CSV files, each as its own batch")
    p.add_argument("files", nargs="+", metavar="FILE")
    formats = ("auto", *FORMAT_NAMES)
    p.add_argument("--format", default="auto", type=_any_case(formats), choices=formats)
    p.add_argument("--member", help="member ID for single-person app exports")
    p.add_argument("--location", help="location for rows that do not name one")
    units = tuple(settings.WEIGHT_UNIT_WORDS)
    p.add_argument(
        "--units",
        type=_any_case(units),
        choices=units,
        help="weight unit when the file does not say",
    )
    p.add_argument(
        "--map",
        type=_mapping,
        action="extend",
        default=[],
        help="TARGET=COLUMN,... (name or 1-based position); may be given more than once",
    )
    _lock_timeout_option(p)
    p.add_argument("--by", help="who imports (shown in the history)")
    p.add_argument("--json", action="store_true")

    p = command("batches", "list import batches")
    p.add_argument("--json", action="store_true")

    p = command("rejects", "list a batch's rejected rows as CSV")
    p.add_argument("batch_id", type=int)
    p.add_argument("--out", type=Path, help="write to this file instead of standard output")

    p = command("flagged", "list sets kept but flagged as implausible (left out of figures)")
    p.add_argument("--batch", type=int, help="only this import batch")
    p.add_argument("--json", action="store_true")

    p = command("unflag", "count flagged sets in the figures again, once checked")
    p.add_argument("set_ids", type=int, nargs="+", metavar="SET_ID")
    _lock_timeout_option(p)
    p.add_argument("--json", action="store_true")

    p = command("undo", "remove everything a batch imported")
    p.add_argument("batch_id", type=int)
    _lock_timeout_option(p)
    p.add_argument("--json", action="store_true")

    p = command("report", "print the figures a page shows")
    p.add_argument("kind", choices=sorted(REPORT_MODULES))
    p.add_argument("--member")
    p.add_argument("--from", dest="start", type=_date)
    p.add_argument("--to", dest="end", type=_date)
    p.add_argument("--location")
    p.add_argument("--segment")
    p.add_argument("--min-leg-sets", type=int)
    p.add_argument("--skipper-weeks", type=int, help="weeks the leg skippers list looks back")
    p.add_argument("--coverage", type=float, help="racks: a whole percentage, 1 to 100")
    p.add_argument("--max-wait-share", type=float, help="racks: a whole percentage, 1 to 99")
    p.add_argument("--max-wait-minutes", type=float, help="racks: 0.5 to 120 minutes")
    p.add_argument("--json", action="store_true")

    p = command("settings", "show or change gym settings")
    p.add_argument("action", choices=("show", "set"))
    p.add_argument(
        "pairs", nargs="*", metavar="KEY VALUE", help="for set: one or more pairs, stored together"
    )
    _lock_timeout_option(p)
    p.add_argument("--json", action="store_true")

    p = command("member", "manage members")
    p.add_argument(
        "action",
        choices=("list", *MEMBER_DONE),
        help="deactivate stops a member signing in at the kiosk (their history stays in the"
        " figures); activate lets them sign in again",
    )
    p.add_argument("member_id", nargs="?")
    p.add_argument("goal", nargs="?", metavar="N", help="for set-goal: the new leg-session goal")
    p.add_argument("--name")
    p.add_argument(
        "--leg-goal",
        metavar="N",
        help="leg sessions a week the member aims for: a whole number, 1 to 7 (default 2)",
    )
    p.add_argument(
        "--joined",
        type=_date,
        metavar="DATE",
        help="when the member joined: 1950 to today at the gym",
    )
    p.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    _lock_timeout_option(p)
    p.add_argument("--json", action="store_true")

    p = command("staff", "manage staff accounts")
    p.add_argument("action", choices=tuple(STAFF_DONE))
    p.add_argument("username")
    p.add_argument("--role", choices=("owner", "staff"))
    p.add_argument("--password-stdin", action="store_true")
    _lock_timeout_option(p)
    p.add_argument("--json", action="store_true")

    p = command("exercise", "list unclassified exercise names or map a name to an exercise")
    p.add_argument("action", choices=("unclassified", "map", "unmap"))
    p.add_argument("name", nargs="?", help="the exercise name as the files spell it")
    p.add_argument("--to", help="canonical exercise, e.g. 'Back Squat' (built in or new)")
    p.add_argument("--pattern", choices=exercises.PATTERNS[:-1], help="for a new exercise")
    p.add_argument("--muscle", choices=exercises.MUSCLE_GROUPS, help="for a new exercise")
    p.add_argument("--equipment", choices=exercises.EQUIPMENT, help="for a new exercise")
    p.add_argument("--rack", action="store_true", help="a new exercise that needs a squat rack")
    _lock_timeout_option(p)
    p.add_argument("--json", action="store_true")

    p = command("backup", "write a consistent copy of the database")
    p.add_argument("--out", type=Path)

    p = command(
        "bench", "measure import and query speed (on generated files in a temporary folder)", None
    )
    p.add_argument("--sets", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--json", action="store_true")
    return parser


def _print_json(data: Any) -> None:
    """Strict JSON: NaN and infinite numbers (flagged sets may hold them) print as null."""
    print(json.dumps(_finite(data), indent=2, default=str, allow_nan=False))


def _finite(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value) for value in data]
    return data


def _print_rows(
    rows: list[dict[str, Any]],
    as_json: bool,
    line: Callable[[dict[str, Any]], str],
    empty: str | None = None,
) -> None:
    """A listing: the rows as JSON, else one line each (or `empty` when there are none)."""
    if as_json:
        _print_json(rows)
        return
    if not rows and empty:
        print(empty)
    for row in rows:
        print(line(row))


def _secret_from_stdin(flag: bool, what: str) -> str:
    """The first line of standard input, `what` ("password", "PIN") its --what-stdin flag names."""
    if not flag:
        raise UsageError(f"pass the {what} on standard input with --{what.lower()}-stdin")
    try:
        # The bytes themselves: sys.stdin's text may come from another encoding (a Latin-1
        # locale) or have U+FFFD for bytes that are not UTF-8 (PYTHONIOENCODING=utf-8:replace).
        value = sys.stdin.buffer.readline().decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise UsageError(f"the {what} on standard input is not UTF-8 text") from None
    if not value:
        raise UsageError(f"no {what} on standard input")
    return value


def cmd_init(args: argparse.Namespace, path: Path) -> int:
    db.init(path)
    print(f"database ready: {path}")
    return 0


def cmd_demo(args: argparse.Namespace, path: Path) -> int:
    from legdash import demo

    path = db.db_path(args.db, default=db.DEMO_DB)
    given = {name: getattr(args, name) for name in DEMO_DEFAULTS}
    if args.remove:
        why = "which is for making a demo"
        _refuse_unused("demo --remove", why, **given, end=args.end, allow_real=args.allow_real)
    # The demo's size and seed: as given, else DEMO_DEFAULTS.
    chosen = {
        name: DEMO_DEFAULTS[name] if value is None else value for name, value in given.items()
    }
    members, weeks = chosen["members"], chosen["weeks"]
    # Checked before the file is opened, so a mistake leaves no database behind.
    if not 1 <= members <= MAX_DEMO_MEMBERS or not 1 <= weeks <= MAX_DEMO_WEEKS:
        raise UsageError(
            f"--members must be 1 to {MAX_DEMO_MEMBERS:,} and --weeks 1 to {MAX_DEMO_WEEKS}"
        )
    # As for imports: data from before 1950 (or more than a day ahead, below) is a mistake.
    if args.end and args.end - date.fromisoformat(EARLIEST_DATE) < timedelta(weeks=weeks):
        raise UsageError(f"--end {args.end} puts the demo's {weeks} weeks before 1950")
    # Removing the demo from a file that is not there is a wrong path, not an empty database.
    with db.write(path, create=not args.remove) as con:
        if args.remove:
            removed = demo.remove(con)
            gym = (
                f", and the {plural(removed.settings, 'setting')} it filled in"
                " (gym name, equipment counts)"
                if removed.settings
                else ""
            )
            print(
                f"removed {removed.rows:,} demo rows from {path}{gym}{_kept_members(removed.kept)}"
            )
            return 0
        if db.has_real_imports(con) and not args.allow_real:
            raise UsageError(
                f"{path} holds real imports: demo rows go into their own database "
                "(use --db data/demo.duckdb) or pass --allow-real"
            )
        # The gym's days, as its figures count them (a file this refusal made is removed again).
        today = settings.gym_today(con)
        if args.end and args.end > today + timedelta(days=1):
            raise UsageError(f"--end {args.end} is more than a day ahead: a demo ends by tomorrow")
        end = args.end or today - timedelta(days=1)
        summary = demo.generate(con, **chosen, end=end)
    print(
        f"demo gym in {path}: {summary.members:,} members, {summary.workouts:,} workouts, "
        f"{summary.sets:,} sets, {summary.station_sessions:,} station sessions, "
        f"{summary.start} to {summary.end} (labelled DEMO DATA){_kept_members(summary.kept)}"
    )
    return 0


def _kept_members(kept: Sequence[str]) -> str:
    """What `demo` and `demo --remove` add to their line about the demo members they kept as real
    members: the first few IDs, so that many of them do not bury the line."""
    if not kept:
        return ""
    named = ", ".join(kept[:KEPT_NAMED])
    more = f" and {len(kept) - KEPT_NAMED:,} more" if len(kept) > KEPT_NAMED else ""
    return f"; kept members with real sets or a PIN: {named}{more}"


def cmd_import(args: argparse.Namespace, path: Path) -> int:
    # The rule of `member add`: an ID staff could not add is a typo here too.
    member = None if args.member is None else members.validate_id(args.member)
    location = None
    if args.location is not None:
        try:
            location = settings.location_name(args.location)
        except settings.SettingError as error:
            raise UsageError(f"--location: {error}") from None
    options = Options(
        member=member,
        location=location,
        units=args.units,
        mapping=_merged_map(args.map),
        imported_by=args.by or os.environ.get("USER"),
    )
    results: list[FileResult] = []
    codes = {0}
    try:
        for name in args.files:
            results.append(_import_one(name, path, args, options, codes))
            if not args.json:
                _print_import(results[-1], path)
    except BaseException as failure:
        if not args.json:
            raise
        # The promised JSON still comes: the files done, the one that failed, the rest untried.
        failed, *untried = args.files[len(results) :]
        results.append(FileResult(file=failed, error=unexpected(failure)))
        results.extend(FileResult(file=name, error=NOT_TRIED) for name in untried)
        _print_json({"files": [r.as_dict() for r in results]})
        raise  # main says what happened on stderr and exits 1 (130 when interrupted)
    if args.json:
        _print_json({"files": [r.as_dict() for r in results]})
    return 1 if 1 in codes else max(codes)


# A file `import` never reached because an earlier one failed unexpectedly (or was interrupted).
NOT_TRIED = "not tried: the import stopped at an earlier file"


def _import_one(
    name: str, path: Path, args: argparse.Namespace, options: Options, codes: set[int]
) -> FileResult:
    """One file's result, its error included when the file or the database refused it (adding
    the exit code to `codes`); anything unexpected is raised."""
    try:
        return import_file(Path(name), path, args.format, options, args.lock_timeout)
    except UnusableFile as error:
        codes.add(2)
        return FileResult(file=name, format=error.format, error=str(error))
    except db.DatabaseBusy as error:
        codes.add(1)
        return FileResult(file=name, error=str(error))
    except DATABASE_ERRORS as error:
        if not args.json:
            raise  # one "error: ..." line: the database, not this file, is the problem
        codes.add(2)
        return FileResult(file=name, error=str(error))


def unexpected(failure: BaseException) -> str:
    """What an unexpected failure prints after `error: `, or "interrupted" for Ctrl-C (which
    DuckDB turns into an error when it arrives during a query). A full disk says what to do."""
    if isinstance(failure, KeyboardInterrupt) or db.is_interrupt(failure):
        return INTERRUPTED
    return db.disk_full(failure) or f"{type(failure).__name__}: {failure}"


INTERRUPTED = "interrupted"


def _print_import(r: FileResult, path: Path) -> None:
    if r.error:
        print(f"{escaped(r.file)}: not imported: {r.error}", file=sys.stderr)
        return
    print(
        f"{escaped(r.file)}: {r.format}, batch {r.batch_id}:"
        f" {plural(r.rows_read, 'row')} read, {r.imported:,} imported,"
        f" {plural(r.duplicates, 'duplicate')}, {r.rejected:,} rejected"
    )
    mistakes = r.rejected - sum(r.not_sets.values())  # listed first
    for reject in r.rejects[: min(20, mistakes)]:
        print(f"  line {reject['line']}: {reject['reason']}")
    see_all = db.command(f"rejects {r.batch_id}", path)
    if mistakes > 20:
        print(f"  ... see all with: {see_all}")
    if r.not_sets:
        rows = ", ".join(plural(n, f"{kind} row") for kind, n in r.not_sets.items())
        print(f"  rejected as not sets: {rows} (`{see_all}` lists them)")
    for warning in r.warnings:
        print(f"  warning: {warning}")


def cmd_batches(args: argparse.Namespace, path: Path) -> int:
    with db.read(path) as con:
        rows = list_batches(con)
    _print_rows(rows, args.json, _batch_line, empty="no imports yet")
    return 0


def _batch_line(b: dict[str, Any]) -> str:
    state = " (undone)" if b["undone"] else ""
    return (
        f"{b['batch_id']:>5}  {_minute(b['imported_at'])}  {b['source_format']:<9} "
        f"{escaped(b['source_file'])}: "
        f"{b['rows_read']:,} read, {b['imported']:,} imported, {b['duplicates']:,} duplicates, "
        f"{b['rejected']:,} rejected{state}"
    )


def _minute(iso: str) -> str:
    """An ISO date-time from dict_rows as a person reads it in a listing: to the minute."""
    return f"{datetime.fromisoformat(iso):%Y-%m-%d %H:%M}"


def cmd_rejects(args: argparse.Namespace, path: Path) -> int:
    if args.out:
        _not_a_database_file(args.out, path)
    with db.read(path) as con:
        rows = rejects(con, args.batch_id)
    if args.out:
        # As for backups: never over an existing file, which may be the database itself.
        try:
            handle = args.out.open("x", newline="", encoding="utf-8")
        except OSError as error:
            if isinstance(error, FileExistsError) and not args.out.is_dir():
                raise FileExistsError(f"{args.out} exists already") from None
            raise _cannot_write(args.out, error) from None
        with handle:
            write_rejects(rows, handle)
        print(f"{plural(len(rows), 'rejected row')} written to {args.out}")
    else:
        write_rejects(rows, sys.stdout)
    return 0


def cmd_flagged(args: argparse.Namespace, path: Path) -> int:
    with db.read(path) as con:
        rows = list_flagged(con, args.batch)
    _print_rows(rows, args.json, _flagged_line, empty="no flagged sets")
    return 0


def _flagged_line(r: dict[str, Any]) -> str:
    weight = "-" if r["weight_kg"] is None else f"{r['weight_kg']:g} kg"
    reps = "-" if r["reps"] is None else r["reps"]
    return (
        f"{r['set_id']:>9}  batch {r['batch_id']}  {r['member_id']}  {_minute(r['performed_at'])}  "
        f"{escaped(r['exercise_raw'])}: {weight} x {reps} ({r['flag_reason']})"
    )


def cmd_unflag(args: argparse.Namespace, path: Path) -> int:
    with db.write(path, args.lock_timeout, create=False) as con:
        count = unflag(con, args.set_ids)
    if args.json:
        # All the sets given, or none: unflag refuses the lot when one is not flagged.
        _print_json({"set_ids": sorted(set(args.set_ids)), "unflagged": count})
    else:
        print(f"{plural(count, 'set')} unflagged: counted in the figures again")
    return 0


def cmd_undo(args: argparse.Namespace, path: Path) -> int:
    with db.write(path, args.lock_timeout, create=False) as con:
        removed = undo(con, args.batch_id)
        later = later_duplicates(con, args.batch_id)
    done = {
        "batch_id": args.batch_id,
        "removed": {
            "sets": removed["sets"],
            "workouts": removed["workouts"],
            "station_sessions": removed["station_sessions"],
            "occupancy_counts": removed["occupancy"],
        },
        "inventory_counts_lowered": removed["inventory"],
        "workout_ends_moved_back": removed["ends_moved_back"],
        # A later import of an overlapping file stored nothing for the rows it found: if they
        # were this batch's, they are gone now, and importing that file again brings them back.
        "import_again": [{"file": name, "batch_ids": batches} for name, batches in later],
    }
    if args.json:
        _print_json(done)
    else:
        print("\n".join(_undo_said(done)))
    return 0


def _undo_said(done: dict[str, Any]) -> list[str]:
    """The lines `undo` prints for what it did (`done`, its --json); file names escaped."""
    batch, removed = done["batch_id"], done["removed"]
    lowered, moved = done["inventory_counts_lowered"], done["workout_ends_moved_back"]
    lines = [
        f"batch {batch} undone: removed {plural(removed['sets'], 'set')},"
        f" {plural(removed['workouts'], 'workout')},"
        f" {plural(removed['station_sessions'], 'station session')},"
        f" {plural(removed['occupancy_counts'], 'occupancy count')}"
        + (f"; {plural(lowered, 'inventory count')} lowered back" if lowered else "")
        + (f"; {plural(moved, 'workout end')} moved back" if moved else "")
    ]
    for again in done["import_again"]:
        batches, file = again["batch_ids"], escaped(again["file"])
        named = ", ".join(map(str, batches))
        lines.append(
            f"{'batch' if len(batches) == 1 else 'batches'} {named} ({file}) found rows already"
            f" stored; those that were batch {batch}'s are removed too: import {file}"
            " again to restore them"
        )
    return lines


# The report options only some kinds read (every kind reads --from and --to), with those kinds:
# another kind refuses them rather than print figures the option did not change.
REPORT_OPTION_KINDS = {
    "member": ("member",),
    "location": ("legs", "racks"),
    "segment": ("legs",),
    "min_leg_sets": ("legs", "member"),
    "skipper_weeks": ("legs",),
    "coverage": ("racks",),
    "max_wait_share": ("racks",),
    "max_wait_minutes": ("racks",),
}


def cmd_report(args: argparse.Namespace, path: Path) -> int:
    for option, kinds in REPORT_OPTION_KINDS.items():
        if args.kind not in kinds:
            why = f"which is for report {' and '.join(kinds)}"
            _refuse_unused(f"report {args.kind}", why, **{option: getattr(args, option)})
    chosen = report(args.kind)
    report_args = ReportArgs(
        member=args.member,
        start=args.start,
        end=args.end,
        location=args.location,
        segment=args.segment,
        min_leg_sets=args.min_leg_sets,
        skipper_weeks=args.skipper_weeks,
        coverage=args.coverage,
        max_wait_share=args.max_wait_share,
        max_wait_minutes=args.max_wait_minutes,
    )
    with db.read(path) as con:
        _check_report_dates(args, settings.gym_today(con))
        data = chosen.build(con, report_args)
    if args.json:
        _print_json(data)
    else:
        print(chosen.text(data))
    return 0


def _check_report_dates(args: argparse.Namespace, today: date) -> None:
    """--from and --to from the import limit (no data is older) to a year after the gym's
    `today`: a far future date would make weekly figures run for centuries (or past 9999)."""
    earliest = date.fromisoformat(EARLIEST_DATE)
    latest = today + timedelta(days=REPORT_DAYS_AHEAD)
    for option, day in (("--from", args.start), ("--to", args.end)):
        if day and not earliest <= day <= latest:
            raise UsageError(
                f"argument {option}: {day} is outside the dates a report covers,"
                f" {earliest} to {latest}"
            )


def cmd_settings(args: argparse.Namespace, path: Path) -> int:
    if args.action == "show":
        if args.pairs:
            raise UsageError("settings show takes no KEY VALUE: it shows every setting")
        _refuse_unused("settings show", FOR_WRITES, lock_timeout=args.lock_timeout)
        # Looking must not make a database: a mistyped --db would leave an empty one behind.
        with db.read(path) as con:
            data = settings.show(con)
        if args.json:
            _print_json(data)
        else:
            for key, value in data["settings"].items():
                print(f"{key} = {value}")
            for location, kinds in data["inventory"].items():
                for kind, units in kinds.items():
                    print(f"inventory.{location}.{kind} = {units}")
            # On stderr: scripts read the `key = value` lines.
            for problem in data["needs_fix"]:
                print(f"warning: {problem}", file=sys.stderr)
        return 0
    if not args.pairs or len(args.pairs) % 2:
        raise UsageError("usage: settings set KEY VALUE [KEY VALUE ...]")
    changes = list(zip(args.pairs[::2], args.pairs[1::2], strict=True))
    stored = []
    existed = path.exists()
    with db.write(path, args.lock_timeout) as con, db.transaction(con):
        known = settings.known_locations(con)
        zone = settings.load(con).time_zone
        for key, value in changes:
            try:
                stored.append(settings.set_value(con, key, value))
            except settings.SettingError as error:
                # A key with a line break, control or invisible character is shown escaped.
                raise settings.SettingError(f"{escaped(key)}: {error}") from None
        added = [place for place in settings.known_locations(con) if place not in known]
        moved_zone = settings.load(con).time_zone != zone and db.has_real_imports(con)
    notes = settings.set_notes(known, added, moved_zone)
    if args.json:
        # As `import --json`: the output stays JSON alone, so the new database is named in it.
        _print_json(
            {
                "stored": dict(stored),
                "notes": notes,
                "new_database": None if existed else os.path.abspath(path),
            }
        )
        return 0
    for key, value in stored:
        print(f"{key} = {value}")
    for note in notes:
        print(note)
    return 0


def cmd_member(args: argparse.Namespace, path: Path) -> int:
    if args.action == "list" and args.member_id:
        raise UsageError("member list takes no member ID: it lists every member")
    if args.action == "set-goal" and args.goal is None:
        raise UsageError("usage: member set-goal ID N")
    goal = _typed_leg_goal(args)
    what = f"member {args.action}"
    if args.action != "add":
        _refuse_unused(what, "which is for member add", name=args.name, joined=args.joined)
    if args.action not in ("add", "set-pin"):
        _refuse_unused(what, "which is for member add and set-pin", pin_stdin=args.pin_stdin)
    if args.action == "list":
        _refuse_unused(what, FOR_WRITES, lock_timeout=args.lock_timeout)
        with db.read(path) as con:
            rows = members.list_members(con)
        _print_rows(rows, args.json, _member_line)
        return 0
    if not args.member_id:
        raise UsageError(f"usage: member {args.action} ID")
    name = None
    if args.action == "add":
        # A mistyped ID or name must not leave a new, empty database behind.
        members.validate_id(args.member_id)
        name = members.validate_name(args.name)
    wants_pin = args.action == "set-pin" or (args.action == "add" and args.pin_stdin)
    pin = _secret_from_stdin(args.pin_stdin, "PIN") if wants_pin else None
    existed = path.exists()
    with (
        db.write(path, args.lock_timeout, create=args.action == "add") as con,
        db.transaction(con),
    ):
        # IDs match regardless of case: the message names the member as stored.
        member_id = members.stored_id(con, args.member_id)
        done: dict[str, Any] = {"member_id": member_id}
        if args.action == "add":
            was_imported = members.add(con, member_id, name, args.joined, goal)
            done |= {
                "name": name,
                "joined": args.joined,
                "leg_goal": members.leg_goal(con, member_id),
                "pin_set": pin is not None,
                "was_in_imported_data": was_imported,
                "new_database": None if existed else os.path.abspath(path),
            }
            if pin is not None:
                auth.set_member_pin(con, member_id, pin)
        elif args.action == "set-goal":
            done["leg_goal"] = members.set_leg_goal(con, member_id, args.goal)
        elif args.action == "set-pin":
            auth.set_member_pin(con, member_id, pin or "")
            done["pin_set"] = True
        else:
            change = members.deactivate if args.action == "deactivate" else members.activate
            done |= {"active": args.action == "activate", "changed": change(con, member_id)}
    if args.json:
        # What the command stored, as `settings set --json` says it: the output stays JSON alone.
        _print_json(done)
    else:
        print(_member_said(args.action, done))
    return 0


def _typed_leg_goal(args: argparse.Namespace) -> int | None:
    """The goal `member add --leg-goal N` or `member set-goal ID N` gives, checked before the
    database is opened; a goal given to another action is a mistake, not ignored."""
    if args.leg_goal is not None and args.action != "add":
        raise UsageError("--leg-goal is for member add: `member set-goal ID N` changes a goal")
    if args.action == "set-goal":
        return members.validate_leg_goal(args.goal)
    if args.goal is not None:
        raise UsageError(f"member {args.action} takes one member ID, not {args.goal!r} too")
    return None if args.leg_goal is None else members.validate_leg_goal(args.leg_goal)


def _member_said(action: str, done: dict[str, Any]) -> str:
    """The line `member ACTION` prints for what it stored (`done`, its --json)."""
    who = done["member_id"]
    if done.get("changed") is False:
        return f"member {who} {MEMBER_ALREADY[action]}"
    if done.get("was_in_imported_data"):
        return (
            f"member {who}: was in imported data, now added (undoing that import keeps the member)"
        )
    return f"member {who}: {MEMBER_DONE[action].format_map(done)}"


def _member_line(m: dict[str, Any]) -> str:
    status = "active" if m["active"] else "inactive"
    pin = "PIN set" if m["has_pin"] else "no PIN"
    goal = f"goal {m['leg_goal']}/week"
    sets = plural(m["sets"], "set")
    return f"{m['member_id']:<12} {m['name'] or '':<24} {status:<8} {pin:<8} {goal:<13} {sets}"


def cmd_staff(args: argparse.Namespace, path: Path) -> int:
    if args.action == "add" and not args.role:
        raise UsageError("staff add needs --role owner or --role staff")
    if args.action == "passwd" and args.role:
        raise UsageError("--role is for staff add: passwd changes the password only")
    password = _secret_from_stdin(args.password_stdin, "password")
    existed = path.exists()
    with db.write(path, args.lock_timeout, create=args.action == "add") as con:
        if args.action == "add":
            account = auth.add_staff(con, args.username, args.role, password)
        else:
            account = auth.set_staff_password(con, args.username, password)
    if args.json:
        # As `member --json`: what was stored, never the password or its hash.
        done = {**asdict(account), "action": args.action}
        if args.action == "add":
            done["new_database"] = None if existed else os.path.abspath(path)
        _print_json(done)
    else:
        print(f"staff {account.username}: {STAFF_DONE[args.action]}")
    return 0


def cmd_exercise(args: argparse.Namespace, path: Path) -> int:
    what = f"exercise {args.action}"
    if args.action != "map":
        _refuse_unused(
            what,
            "which is for exercise map",
            to=args.to,
            pattern=args.pattern,
            muscle=args.muscle,
            equipment=args.equipment,
            rack=args.rack,
        )
    if args.action == "unclassified":
        if args.name:
            raise UsageError(
                "exercise unclassified takes no NAME: it lists every unclassified name"
            )
        _refuse_unused(what, FOR_WRITES, lock_timeout=args.lock_timeout)
        with db.read(path) as con:
            rows = con.execute(
                "SELECT exercise_raw, sets, first_seen, last_seen FROM v_unclassified_exercises"
                " ORDER BY sets DESC, exercise_raw"
            ).fetchall()
        names = [
            dict(zip(("name", "sets", "first_seen", "last_seen"), r, strict=True)) for r in rows
        ]
        # A name from a file is shown escaped (a line break or direction override in it would
        # break the listing); --json keeps it as stored.
        _print_rows(names, args.json, lambda n: f"{n['sets']:>7} sets  {escaped(n['name'])}")
        return 0
    if not args.name:
        raise UsageError(f"usage: exercise {args.action} NAME")
    with db.write(path, args.lock_timeout, create=False) as con:
        if args.action == "unmap":
            count = exercises.unmap_name(con, args.name)
            if args.json:
                _print_json({"name": args.name, "sets": count})
            else:
                print(f"{args.name!r} follows the built-in taxonomy again ({plural(count, 'set')})")
            return 0
        target = _alias_target(con, args)
        before = exercises.staff_mapping(con, args.name)
        now = settings.wall_clock(settings.load(con).time_zone)
        count = exercises.map_name(con, args.name, target, now)
    if args.json:
        _print_json(
            {"name": args.name, "exercise": asdict(target), "sets": count, "mapped_before": before}
        )
        return 0
    replaced = f" (mapped to {before} before)" if before and before != target.name else ""
    print(
        f"{args.name!r} -> {target.name} ({target.pattern}, {target.equipment}):"
        f" {plural(count, 'set')}{replaced}"
    )
    return 0


def _alias_target(con: db.Connection, args: argparse.Namespace) -> exercises.Exercise:
    if not args.to:
        raise UsageError("exercise map needs --to EXERCISE")
    known = exercises.known_exercise(con, args.to)
    if known and not (args.pattern or args.muscle or args.equipment or args.rack):
        return known
    if not (args.pattern and args.muscle and args.equipment):
        if known:
            raise UsageError(
                f"{args.to!r} is a known exercise: leave out --pattern, --muscle, --equipment and"
                " --rack, or give the first three to define it again"
            )
        close = exercises.closest_exercise(con, args.to)
        hint = f"; did you mean {close!r}?" if close else "."
        raise UsageError(
            f"{args.to!r} is not a known exercise{hint} For a new one, give --pattern, --muscle"
            " and --equipment"
        )
    return exercises.Exercise(args.to, args.pattern, args.muscle, args.equipment, args.rack)


def _cannot_write(out: Path, error: OSError) -> UsageError:
    reason = "it is a folder" if out.is_dir() else why_not_writable(out, error)
    return UsageError(f"cannot write {out}: {reason}")


def _check_writable(out: Path, make_folders: bool = False) -> None:
    """Create and remove `out`, so that a path nobody may write is a one-line mistake before any
    work; a file that exists already is left for the caller to refuse.

    Missing folders are made only when legdash chose the path: in a typed one they are a typo.
    """
    if out.exists() and not out.is_dir():
        return
    try:
        if make_folders:
            out.parent.mkdir(parents=True, exist_ok=True)
        out.open("x").close()
    except OSError as error:
        raise _cannot_write(out, error) from None
    out.unlink()


def _not_a_database_file(out: Path, database: Path) -> None:
    """UsageError for an --out that names the database or a file kept beside it; beside the file
    a symbolic link points to, too, where DuckDB keeps its write-ahead log."""
    own = {
        file.resolve() for place in (database, database.resolve()) for file in db.own_files(place)
    }
    if out.resolve() in own:
        raise UsageError(f"--out {out} is a file of the database {database}: pick another name")


def cmd_backup(args: argparse.Namespace, path: Path) -> int:
    out = args.out or db.default_backup_path(path)
    _not_a_database_file(out, path)
    with db.read(path) as con:
        _check_writable(out, make_folders=args.out is None)
        db.backup(con, out)
    print(f"backup written: {out}")
    return 0


def cmd_bench(args: argparse.Namespace, path: Path) -> int:
    from legdash import bench

    if args.db:
        raise UsageError("bench measures generated files in a temporary folder: drop --db")
    if args.sets < bench.MIN_SETS or args.runs < 1:
        raise UsageError(f"--sets must be at least {bench.MIN_SETS:,} and --runs at least 1")
    results = bench.run(sets=args.sets, runs=args.runs)
    if args.json:
        _print_json(results)
    else:
        print(bench.text(results))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "import": cmd_import,
    "batches": cmd_batches,
    "rejects": cmd_rejects,
    "flagged": cmd_flagged,
    "unflag": cmd_unflag,
    "undo": cmd_undo,
    "report": cmd_report,
    "settings": cmd_settings,
    "member": cmd_member,
    "staff": cmd_staff,
    "exercise": cmd_exercise,
    "backup": cmd_backup,
    "bench": cmd_bench,
}


# Commands whose own output names the database they make.
MAKES_DATABASE = ("init", "demo")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    path = db.db_path(args.db)
    existed = path.exists()
    try:
        return COMMANDS[args.command](args, path)
    except (UsageError, *USER_ERRORS) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except db.DatabaseBusy as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of a pipe (`report legs | head`) stopped early: not an error. Point stdout at
        # /dev/null so Python's own flush at exit does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (KeyboardInterrupt, Exception) as error:  # noqa: BLE001 - surprises become one line
        message = unexpected(error)
        if message == INTERRUPTED:
            print(INTERRUPTED, file=sys.stderr)
            return 130
        if os.environ.get("LEGDASH_DEBUG"):
            raise
        print(f"error: {message}", file=sys.stderr)
        return 1
    finally:
        _note_new_database(args, path, existed)


def _note_new_database(args: argparse.Namespace, path: Path, existed: bool) -> None:
    """Say on stderr, which a cron job's `>/dev/null` keeps, that the command made the database:
    a mistyped --db, or a run from another folder, makes one as a gym's first import does, and
    only this tells them apart. With --json the output stays JSON alone (imports name it there)."""
    if existed or args.command in MAKES_DATABASE or getattr(args, "json", False):
        return
    if path.exists():
        print(f"note: new database created at {os.path.abspath(path)}", file=sys.stderr)
