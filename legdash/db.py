"""The only place that opens the database file: connections, schema, migrations, public views.

DuckDB locks the file per process, so readers open a short read-only connection per query batch and
writers hold the write connection only for their final transaction (see the README's data section).
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import re
import shlex
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from legdash import exercises

DEFAULT_DB = Path("data/legdash.duckdb")
DEMO_DB = Path("data/demo.duckdb")
SCHEMA_VERSION = 6
IMPORT_MEMORY_LIMIT = "1GB"
IMPORT_THREADS = 2
# How long a writer waits for another process to let go of the file, unless told otherwise: a
# lock_timeout of None (`--lock-timeout` not given) is this.
LOCK_TIMEOUT = 60.0

Connection = duckdb.DuckDBPyConnection
T = TypeVar("T")


class DatabaseBusy(Exception):
    """Another process held the file longer than the caller was willing to wait."""


class NewerSchema(Exception):
    """The file comes from a newer legdash: opening it could lose data, so nothing touches it."""


class DatabaseMissing(Exception):
    """The database file does not exist yet."""


class DatabaseUnreadable(Exception):
    """The database path holds something DuckDB cannot open (another file, a folder)."""


class NotLegdashDatabase(DatabaseUnreadable):
    """A DuckDB database that legdash did not make: another app's tables are never touched."""


class FolderNotWritable(Exception):
    """The database's folder cannot hold the database or its work files: nothing was written."""


def why_not_writable(path: Path, error: OSError) -> str:
    """A person's reason why the file or folder `path` could not be created."""
    if isinstance(error, PermissionError):
        return "permission denied"
    blocking = next((p for p in path.parents if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        return f"{blocking} is not a folder"
    if isinstance(error, FileNotFoundError) and not path.parent.exists():
        return "no such folder"
    return (error.strerror or str(error)).lower()


def cannot_write_in(folder: Path, error: OSError) -> FolderNotWritable:
    """The one-line error for a database folder that refused a file."""
    reason = (
        "it is a file, not a folder"
        if folder.is_file()
        else why_not_writable(folder / ".legdash", error)
    )
    return FolderNotWritable(f"cannot write in {folder}: {reason}")


def db_path(arg: str | os.PathLike[str] | None = None, default: Path = DEFAULT_DB) -> Path:
    """The database to use: --db, else $LEGDASH_DB, else `default` (data/legdash.duckdb, and
    data/demo.duckdb for `demo`)."""
    if arg:
        return Path(arg)
    env = os.environ.get("LEGDASH_DB")
    return Path(env) if env else default


def command(args: str, path: Path | None, default: Path = DEFAULT_DB) -> str:
    """`python -m legdash ARGS` for a hint, with `--db PATH` when `path` is not the database the
    command finds without it (`default` as for db_path): a hint copied from the output acts on
    the same file, from any folder (the path is absolute)."""
    if path is None or path.resolve() == db_path(default=default).resolve():
        return f"python -m legdash {args}"
    return f"python -m legdash {args} --db {shell_path(path)}"


def shell_path(path: Path) -> str:
    """`path` as a hint writes it: absolute, so that it works from any folder, and quoted for the
    shell when it holds spaces or quotes."""
    return shlex.quote(os.path.abspath(path))


def command_on(con: Connection, args: str) -> str:
    """`command` for the database `con` works in, for hints written where only `con` is at hand."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return command(args, Path(row[0]) if row and row[0] else None)


def version_marker(path: Path) -> Path:
    return path.with_name(path.name + ".version")


def importing_flag(path: Path) -> Path:
    return path.with_name(path.name + ".importing")


def wal_file(path: Path) -> Path:
    """DuckDB's write-ahead log of the database at `path`."""
    return path.with_name(path.name + ".wal")


def own_files(path: Path) -> tuple[Path, ...]:
    """The database and the files kept beside it: an output written under one of their names is
    taken for the database's own (DuckDB replays or deletes a `.wal` it finds) or breaks it."""
    return (path, wal_file(path), version_marker(path), importing_flag(path))


def data_version(path: Path) -> str:
    """Cache key for pages: changes whenever a commit or undo lands, read without opening the file.

    Without a marker (a copied file, or a full disk kept a writer from rewriting it: see
    bump_version) the key follows the database file and its log, which every commit touches.
    """
    try:
        return version_marker(path).read_text()
    except FileNotFoundError:
        pass
    if not path.exists():
        return "missing"
    return "unversioned:" + ":".join(_file_stamp(f) for f in (path, wal_file(path)))


def _file_stamp(file: Path) -> str:
    try:
        stat = file.stat()
    except FileNotFoundError:
        return "-"
    return f"{stat.st_mtime_ns}-{stat.st_size}"


def import_started_at(path: Path) -> datetime | None:
    """When the running import began, or None when no import holds the file.

    A flag left behind by a writer that died (its process is gone) does not count, nor does one
    without a valid PID: writers write the flag whole (see _replaced), so such a flag was cut
    short, by a writer killed after creating it, and would otherwise stand for ever.
    """
    try:
        with importing_flag(path).open() as flag:
            owner = flag.read().strip()
            written = os.fstat(flag.fileno()).st_mtime
    except FileNotFoundError:
        return None
    pid = int(owner) if owner.isascii() and owner.isdigit() else 0
    return datetime.fromtimestamp(written) if _process_alive(pid, written) else None


def _process_alive(pid: int, wrote_at: float) -> bool:
    """Whether the process `pid`, which wrote a file at `wrote_at` (its modification time), runs.

    A process with that ID that started after the file was written is another one: after a
    reboot (a power cut during an import) or once IDs wrap, an old file's ID can be anyone's.
    """
    if pid <= 0:  # 0 would signal this process's own group
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # alive, owned by another user
        pass
    started = _process_start(pid)
    return started is None or started <= wrote_at + _CLOCK_SLACK_S


# How far a process's start time, worked out from the boot time, may drift from file times.
_CLOCK_SLACK_S = 5.0


def _process_start(pid: int) -> float | None:
    """When `pid` started, as a Unix time, from Linux's /proc; None where that cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = Path("/proc/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, after the command's name
        booted = next(int(line.split()[1]) for line in boot.splitlines() if line[:6] == "btime ")
        return booted + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def bump_version(path: Path) -> None:
    """Atomically rewrite the marker so every page cache keyed on it refreshes.

    A marker that cannot be written (a full disk) is removed instead, which needs no space: the
    write is over by now (landed, or rolled back), so the command must not fail for the marker,
    and pages then key on the files themselves (see data_version).
    """
    try:
        _replaced(version_marker(path), f"{time.time_ns()}-{os.getpid()}")
    except OSError:
        with suppress(OSError):
            version_marker(path).unlink(missing_ok=True)


def _replaced(target: Path, text: str) -> None:
    """Write `target` whole: a temporary file beside it (one per writing thread) renamed over it,
    so a reader sees the old text or the new, never a file created but not yet written."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        tmp.write_text(text)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves it empty: nothing reads it
        raise


# An import's work folder beside the database: `.legdash-import-<PID>-<random>`.
WORK_PREFIX = ".legdash-import-"
WORK_NAME = re.compile(re.escape(WORK_PREFIX) + r"([0-9]+)-.*", re.DOTALL)


def work_folder(database: Path) -> Path:
    """A new work folder for an import into `database`, beside it (its UTF-8 copy of the file,
    spill files), named with this process's ID so that a later writer can remove it when the
    import was killed: such a folder holds a copy of the whole file and can run to hundreds of
    megabytes. The import's sweep of the folder (remove_stale_work) runs here, before its own
    copy takes room, and not again when it takes the lock (write_attached)."""
    remove_stale_work(database.parent, database)
    return Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=database.parent))


def remove_stale_work(folder: Path, database: Path | None = None) -> None:
    """Remove what killed writers left in `folder`: import work folders, and the temporary files
    of `database`'s marker and flag, whose process is gone. A running process's are kept, and so
    is anything without a process ID in its name."""
    for work in _left_by_dead(folder.glob(glob.escape(WORK_PREFIX) + "*"), WORK_NAME):
        shutil.rmtree(work, ignore_errors=True)
    if database is None:
        return
    own = "|".join(re.escape(t.name) for t in (version_marker(database), importing_flag(database)))
    temporary = re.compile(rf"(?:{own})\.([0-9]+)-.*\.tmp", re.DOTALL)  # see _replaced
    for tmp in _left_by_dead(folder.glob(glob.escape(database.name) + ".*.tmp"), temporary):
        with suppress(OSError):  # another writer's clean-up took it first
            tmp.unlink()


def _left_by_dead(found: Iterable[Path], name: re.Pattern[str]) -> Iterator[Path]:
    """Those of `found` whose name `name` matches with, as its first group, the ID of a process
    that is gone (or started after the file was written): what a killed writer or backup left
    behind. One rule for every such sweep."""
    for path in found:
        owner = name.fullmatch(path.name)
        if not owner:
            continue
        try:
            written = path.lstat().st_mtime
        except FileNotFoundError:  # another writer's clean-up took it first
            continue
        if not _process_alive(int(owner.group(1)), written):
            yield path


def _is_lock_error(error: Exception) -> bool:
    """Whether opening failed because another process holds the file: DuckDB's own wording, so
    that an I/O error that merely mentions a "block" or a path with "lock" in it is not
    retried as a busy database."""
    text = str(error).lower()
    return any(phrase in text for phrase in LOCK_PHRASES)


# What DuckDB says when another process holds the file (Linux and macOS; Windows).
LOCK_PHRASES = ("could not set lock on file", "conflicting lock", "being used by another process")


def _is_corruption(error: Exception) -> bool:
    """Whether DuckDB found the file's blocks damaged (a failed checksum), in its own wording,
    which it raises as a plain duckdb.Error, or missing (a file cut short by an interrupted copy
    or a full disk), which it raises as an I/O error."""
    text = str(error)
    return text.startswith(CORRUPTION_PHRASE) or (
        isinstance(error, duckdb.IOException) and TRUNCATION_PHRASE in text
    )


CORRUPTION_PHRASE = "Corrupt database file"
TRUNCATION_PHRASE = "Could not read enough bytes from file"


def is_interrupt(error: BaseException) -> bool:
    """Whether `error` is Ctrl-C arriving during a query: DuckDB cancels the query and raises a
    RuntimeError (or its InterruptException) in place of KeyboardInterrupt."""
    if isinstance(error, duckdb.InterruptException):
        return True
    return type(error) is RuntimeError and str(error) == "Query interrupted"


# DuckDB's wording for a write the disk had no room for, naming the file it was writing.
_NO_SPACE = "No space left on device"
_NOT_WRITTEN = re.compile(r'Could not write file "(.+?)": ' + _NO_SPACE)


def disk_full(error: BaseException | None) -> str | None:
    """What a failure for want of disk space says a person should do, or None for any other
    failure: DuckDB names the file it could not write, Python's OSError the errno. A clean-up's
    error raised while the full disk's was handled ("transaction is aborted") leads to it."""
    if error is None:
        return None
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        where = f": could not write {error.filename}" if error.filename else ""
    elif isinstance(error, duckdb.Error) and _NO_SPACE in str(error):
        written = _NOT_WRITTEN.search(str(error))
        where = f": could not write {written.group(1)}" if written else ""
    else:
        return disk_full(error.__cause__ or error.__context__)
    return f"the disk is full{where} (free some space, then run the command again)"


def quoted(name: str) -> str:
    """A database name as a SQL identifier: a file name is the database's name, quotes and all,
    and names cannot be parameters."""
    return '"' + name.replace('"', '""') + '"'


def limit_for_import(con: Connection) -> None:
    """The memory and threads an import may use, in staging and in the final transaction."""
    con.execute(f"SET memory_limit = '{IMPORT_MEMORY_LIMIT}'")
    con.execute(f"SET threads = {IMPORT_THREADS}")


def quiet(con: Connection) -> Connection:
    """No progress bars on stderr: the command line prints one line per file, pages nothing."""
    con.execute("SET enable_progress_bar = false")
    return con


def _connect(path: Path, read_only: bool, timeout: float) -> Connection:
    _refuse_other_files(path)
    return _waiting_for_lock(
        path, lambda: quiet(duckdb.connect(str(path), read_only=read_only)), timeout
    )


def is_duckdb_file(head: bytes) -> bool:
    """True for the first 12 bytes of a DuckDB database file: a checksum, then its magic bytes."""
    return head[8:12] == b"DUCK"


def _refuse_other_files(path: Path) -> None:
    """Refuse an existing file that is not a DuckDB database.

    DuckDB opens a CSV, Parquet or JSON path as an in-memory database with that file as a view:
    `init` would report a database that was never written, and the other commands fail oddly.
    An empty file is refused too, whatever its name: DuckDB itself refuses an empty .duckdb.
    So is a device or pipe: reading a FIFO's header would wait for a writer for ever.
    """
    if path.exists() and not path.is_file() and not path.is_dir():
        raise DatabaseUnreadable(f"cannot open the database: {path} is not a regular file")
    try:
        with path.open("rb") as file:
            head = file.read(12)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return  # nothing there yet, or DuckDB's own error says what is wrong
    if not is_duckdb_file(head):
        raise DatabaseUnreadable(
            f"cannot open the database: {path} is not a valid DuckDB database file"
        )


def _waiting_for_lock(path: Path, open_file: Callable[[], T], timeout: float) -> T:
    """Retry opening while another process holds the file's lock, up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return open_file()
        except duckdb.IOException as error:
            if not _is_lock_error(error):
                reason = str(error).removeprefix("IO Error: ").rstrip("!")
                raise DatabaseUnreadable(f"cannot open the database: {reason}") from error
            if time.monotonic() >= deadline:
                raise DatabaseBusy("database busy, try again") from error
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def damaged(path: Path, error: Exception) -> DatabaseUnreadable:
    return DatabaseUnreadable(f"cannot open the database: {path} is damaged ({error})")


@contextmanager
def _damage_reported(path: Path) -> Iterator[None]:
    """DuckDB finds a damaged block when a query first reads it, not when the file opens: such an
    error, wherever it comes, is the unreadable database it means."""
    try:
        yield
    except duckdb.Error as error:
        if not _is_corruption(error):
            raise
        raise damaged(path, error) from error


def _require(path: Path) -> None:
    if not path.exists():
        raise DatabaseMissing(
            f"no database at {path}: run `{command('init', path)}` or import a file"
        )


@contextmanager
def read(path: Path, wait: float = 10.0, *, empty_ok: bool = False) -> Iterator[Connection]:
    """A read-only connection for one batch of queries; closed at once so writers can get in.

    A DuckDB file without legdash's tables is NotLegdashDatabase, unless it holds nothing at all
    and the caller (an import about to create the schema) says `empty_ok`; a newer legdash's file
    is NewerSchema, as for writers: its tables may mean something this code does not know.
    """
    _require(path)
    with _damage_reported(path):
        con = _connect(path, read_only=True, timeout=wait)
        try:
            version = schema_version(con)
            if version > SCHEMA_VERSION:
                raise newer_schema(path, version)
            if not version and ((holds := holds_anything(con)) or not empty_ok):
                raise not_legdash(path, holds)
            yield con
        finally:
            con.close()


def holds_anything(con: Connection) -> bool:
    """Whether the database holds any table or view of its own: a file without them has nothing
    that legdash's schema could harm."""
    return bool(
        con.execute(
            """SELECT EXISTS (SELECT 1 FROM duckdb_tables() WHERE database_name = current_database())
            OR EXISTS (SELECT 1 FROM duckdb_views()
                WHERE database_name = current_database() AND NOT internal)"""
        ).fetchone()[0]
    )


def newer_schema(path: Path, version: int) -> NewerSchema:
    return NewerSchema(
        f"{path} was written by a newer legdash (schema {version}); upgrade legdash first"
    )


def not_legdash(path: Path, holds_tables: bool) -> NotLegdashDatabase:
    """The error for a DuckDB file without legdash's schema: another app's (`holds_tables`), or an
    empty one."""
    if holds_tables:
        return NotLegdashDatabase(
            f"cannot open the database: {path} is not a legdash database (it holds other tables)"
        )
    return NotLegdashDatabase(
        f"cannot open the database: {path} is not a legdash database (an empty DuckDB file:"
        f" `{command('init', path)}` makes it one)"
    )


def lock_wait(lock_timeout: float | None) -> float:
    """The seconds a writer waits for the lock: `lock_timeout`, else LOCK_TIMEOUT."""
    return LOCK_TIMEOUT if lock_timeout is None else lock_timeout


@contextmanager
def write(
    path: Path, lock_timeout: float | None = None, create: bool = True
) -> Iterator[Connection]:
    """The write connection: announces the import, waits for the lock, migrates, then marks new data.

    With create=False a missing file is DatabaseMissing: changing rows that cannot exist yet
    (undo a batch, set a PIN) must not leave an empty database behind. A file this call creates
    is removed again when the work fails (see _kept_if_done).
    """
    with _damage_reported(path), _announced(path, create):
        remove_stale_work(path.parent, path)
        absent = _files_not_there(path)
        with _stub_removed(path, absent):
            con = _connect(path, read_only=False, timeout=lock_wait(lock_timeout))
        with _kept_if_done(path, con, absent, lambda: limit_for_import(con), con.close):
            yield con


@contextmanager
def write_attached(
    con: Connection, path: Path, lock_timeout: float | None = None
) -> Iterator[bool]:
    """The database attached read-write to `con` as its default catalog, as `write` would open it;
    yields whether this writer creates the file (a new database is worth saying: a typo in a path
    makes one too).

    An import's staged rows live in `con`'s memory: landing them from the same connection moves
    them in one INSERT each, without writing them to a staging file first. `con` already carries
    the import's memory and thread limits (see limit_for_import), and the import swept the folder
    when it made its work folder (work_folder).
    """
    _refuse_other_files(path)
    with _damage_reported(path), _announced(path, create=True):
        home = con.execute("SELECT current_database()").fetchone()[0]
        absent = _files_not_there(path)
        with _stub_removed(path, absent):
            _waiting_for_lock(
                path,
                lambda: con.execute("ATTACH ? AS legdash_db", [str(path)]),
                lock_wait(lock_timeout),
            )

        def detach() -> None:
            con.execute(f"USE {quoted(home)}")
            con.execute("DETACH legdash_db")

        with _kept_if_done(
            path, con, absent, lambda: con.execute("USE legdash_db"), detach
        ) as created:
            yield created


def _files_not_there(path: Path) -> tuple[Path, ...]:
    """The database file and its write-ahead log when the file does not exist yet: what opening
    it may create. Nothing when it exists, so that a failed write never removes a database."""
    if path.exists():
        return ()
    return tuple(p for p in (path, wal_file(path)) if not p.exists())


# The size of an empty DuckDB database: its main header and two database headers.
_SMALLEST_DATABASE = 3 * 4096


@contextmanager
def _stub_removed(path: Path, absent: tuple[Path, ...]) -> Iterator[None]:
    """Opening a new file that fails (a full disk) can leave DuckDB's start of it: too short to
    be any database, so every later command would call it damaged. Such a stub of a file that
    was not there (`absent`) goes, with its log; a file of a database's size may be another
    writer's, made meanwhile, and stays."""
    try:
        yield
    except DatabaseUnreadable:
        if path in absent:
            with suppress(OSError):
                if path.stat().st_size < _SMALLEST_DATABASE:
                    for file in absent:
                        file.unlink(missing_ok=True)
        raise


def _created(con: Connection, absent: tuple[Path, ...]) -> tuple[Path, ...]:
    """The files this writer created, judged once it holds the lock: a file that was missing
    but holds tables now was created (and committed) by another writer while this one waited."""
    return absent if absent and schema_version(con) == 0 else ()


@contextmanager
def _kept_if_done(
    path: Path,
    con: Connection,
    absent: tuple[Path, ...],
    enter: Callable[[], object],
    close: Callable[[], None],
) -> Iterator[bool]:
    """The work of a writer that holds the lock through `con` (readied by `enter`): the file is
    brought to the current schema, then closed and marked as new data; or, when the work fails
    in a file this writer created (`absent` before it waited for the lock), closed and removed
    again: a mistyped command must not leave an empty database behind. `close` runs whatever
    fails, even judging the file; when the work failed, its error is the one raised and the
    created files go whatever `close` does (a close error is then secondary: it rides along as a
    note on the work's error). Yields whether this writer created the file."""
    created: tuple[Path, ...] = ()
    try:
        enter()
        created = _created(con, absent)
        ensure_schema(con, path)
        yield bool(created)
    except BaseException as failure:
        try:
            close()
        except Exception as secondary:
            failure.add_note(f"closing the database after this failed too: {secondary!r}")
        finally:
            if not created and not isinstance(failure, NotLegdashDatabase):
                bump_version(path)  # not beside another app's file: nothing was written
            for file in created:
                file.unlink(missing_ok=True)
        raise
    close()
    bump_version(path)


@contextmanager
def _announced(path: Path, create: bool) -> Iterator[None]:
    """The `.importing` flag, up while a writer waits for and holds the file."""
    if not create:
        _require(path)
    flag = importing_flag(path)
    with first_file_in(path.parent, lambda: _replaced(flag, str(os.getpid()))):
        try:
            yield
        finally:
            _remove_own_flag(flag)


@contextmanager
def first_file_in(folder: Path, create: Callable[[], T]) -> Iterator[T]:
    """What `create` returns once it made its file in `folder`, the folder (and its missing
    parents) made first. On leaving, the folders this made are removed again, deepest first, when
    empty: a failed command leaves no folder behind, and one that holds a database or another
    command's file stays (`rmdir` refuses a folder that is not empty, so it never takes a file).
    """
    made: list[Path] = []
    try:
        try:
            made = [p for p in (folder, *folder.parents) if not p.exists()]
            first = _made_in(folder, create)
        except OSError as error:
            raise cannot_write_in(folder, error) from None
        yield first
    finally:
        for empty in made:
            with suppress(OSError):  # not empty: it holds another command's file
                empty.rmdir()


def _made_in(folder: Path, create: Callable[[], T], attempts: int = 3) -> T:
    """`create`'s file in `folder`, made first; made again when another command's clean-up
    removed the folder, still empty, between the two."""
    while True:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            return create()
        except FileNotFoundError:
            attempts -= 1
            if not attempts:
                raise


def _remove_own_flag(flag: Path) -> None:
    """Remove the flag unless another writer has announced itself since (it removes its own).

    The flag is renamed to a name of this writer's own before it is read: a writer announcing
    itself meanwhile makes a new flag, which stays, where reading the flag and then removing it
    by name would remove that one. Another writer's flag taken so goes back, unless a newer one
    stands. (Should that writer finish in these microseconds, it finds no flag, and its flag
    goes back after it: pages ignore it once its process is gone, as a killed writer's.)
    """
    taken = flag.with_name(f"{flag.name}.{os.getpid()}-{threading.get_ident()}.removing.tmp")
    try:
        os.rename(flag, taken)
    except FileNotFoundError:
        return
    try:
        if taken.read_text().strip() != str(os.getpid()):
            _put_back(taken, flag)
    finally:
        taken.unlink(missing_ok=True)


def _put_back(taken: Path, flag: Path) -> None:
    """Another writer's flag, `taken` by _remove_own_flag, back in place unless a newer stands."""
    try:
        os.link(taken, flag)  # unlike a rename, never over a newer flag
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links (FAT): a newer flag is unlikely
        os.replace(taken, flag)


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """One all-or-nothing unit of work."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def init(path: Path) -> None:
    """Create (or migrate) the database file."""
    with write(path):
        pass


SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS inventory (
    location VARCHAR NOT NULL, equipment_type VARCHAR NOT NULL, units INTEGER NOT NULL,
    PRIMARY KEY (location, equipment_type));
CREATE TABLE IF NOT EXISTS members (
    member_id VARCHAR PRIMARY KEY, name VARCHAR, joined DATE, leg_goal INTEGER NOT NULL DEFAULT 2,
    pin_hash VARCHAR, active BOOLEAN NOT NULL DEFAULT true, failed_pins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP, is_demo BOOLEAN NOT NULL DEFAULT false, batch_id BIGINT,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp());
CREATE TABLE IF NOT EXISTS staff (
    username VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp());
CREATE TABLE IF NOT EXISTS import_batches (
    batch_id BIGINT PRIMARY KEY, source_file VARCHAR NOT NULL, source_format VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL, imported_by VARCHAR, member_id VARCHAR,
    rows_read BIGINT NOT NULL, imported BIGINT NOT NULL, duplicates BIGINT NOT NULL,
    rejected BIGINT NOT NULL, warnings VARCHAR[] NOT NULL, undone BOOLEAN NOT NULL DEFAULT false,
    undone_at TIMESTAMP, is_demo BOOLEAN NOT NULL DEFAULT false);
CREATE TABLE IF NOT EXISTS workouts (
    workout_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, member_id VARCHAR NOT NULL,
    source_format VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, ended_at TIMESTAMP,
    time_known BOOLEAN NOT NULL, title VARCHAR, location VARCHAR);
CREATE TABLE IF NOT EXISTS sets (
    set_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, member_id VARCHAR NOT NULL,
    workout_id BIGINT NOT NULL, workout_start TIMESTAMP NOT NULL, ordinal INTEGER NOT NULL,
    performed_at TIMESTAMP NOT NULL, time_known BOOLEAN NOT NULL, location VARCHAR, station_id VARCHAR,
    exercise_raw VARCHAR NOT NULL, exercise_key VARCHAR NOT NULL, weight_kg DOUBLE, reps INTEGER,
    rpe DOUBLE, set_type VARCHAR NOT NULL, distance_m DOUBLE, duration_s DOUBLE, notes VARCHAR,
    source_format VARCHAR NOT NULL, flagged BOOLEAN NOT NULL DEFAULT false, flag_reason VARCHAR);
CREATE TABLE IF NOT EXISTS station_sessions (
    session_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, station_id VARCHAR NOT NULL,
    equipment_raw VARCHAR, equipment_type VARCHAR NOT NULL, location VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL, ended_at TIMESTAMP NOT NULL, member_id VARCHAR);
CREATE TABLE IF NOT EXISTS occupancy (
    batch_id BIGINT NOT NULL, location VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL,
    people INTEGER NOT NULL, capacity INTEGER);
CREATE TABLE IF NOT EXISTS rejected_rows (
    batch_id BIGINT NOT NULL, line BIGINT NOT NULL, reason VARCHAR NOT NULL, raw VARCHAR);
CREATE TABLE IF NOT EXISTS exercise_catalog (
    name_key VARCHAR PRIMARY KEY, exercise VARCHAR NOT NULL, pattern VARCHAR NOT NULL,
    muscle_group VARCHAR NOT NULL, equipment VARCHAR NOT NULL, needs_rack BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS exercise_aliases (
    name_key VARCHAR PRIMARY KEY, raw_name VARCHAR NOT NULL, exercise VARCHAR NOT NULL,
    pattern VARCHAR NOT NULL, muscle_group VARCHAR NOT NULL, equipment VARCHAR NOT NULL,
    needs_rack BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp());
CREATE TABLE IF NOT EXISTS equipment_aliases (
    alias_key VARCHAR PRIMARY KEY, equipment_type VARCHAR NOT NULL);
"""

# Version 2: what each station import raised in the inventory, so that undo can lower it again.
SCHEMA_V2 = """
CREATE TABLE IF NOT EXISTS inventory_raises (
    batch_id BIGINT NOT NULL, location VARCHAR NOT NULL, equipment_type VARCHAR NOT NULL,
    old_units INTEGER, new_units INTEGER NOT NULL);
"""

# Version 3: the end each file gave an app export's workout that several files added sets to or
# gave a later end, so that the workout ends at the latest of them and undo can take one back.
SCHEMA_V3 = """
CREATE TABLE IF NOT EXISTS workout_ends (
    batch_id BIGINT NOT NULL, workout_id BIGINT NOT NULL, ended_at TIMESTAMP);
"""

# Version 4: the order (day-first or month-first) an import read its numeric dates in, with the
# file's one member (NULL for many) and whether its own dates decided it: a later file whose dates
# leave the order open follows a decided one, and one that decides names the batches read otherwise.
SCHEMA_V4 = """
CREATE TABLE IF NOT EXISTS date_orders (
    batch_id BIGINT PRIMARY KEY, member_id VARCHAR, date_order VARCHAR NOT NULL,
    decided BOOLEAN NOT NULL);
"""

# A set's time cut to the minute: what a spreadsheet keeps of 18:04:31 when it saves 18:04.
MINUTE_SQL = "date_trunc('minute', performed_at)"
# Whether all the timed sets of a group sit at whole minutes (NULL when none is timed): a native
# file's sets then carry minutes only, and later files meet them by the minute.
MINUTES_ONLY_SQL = f"bool_and(performed_at = {MINUTE_SQL}) FILTER (WHERE time_known)"

# Version 5: whether each import's timed sets carried minutes only, kept with the batch so that an
# import finds such stored sets without grouping the whole sets table. Older batches get it once,
# from their stored sets.
SCHEMA_V5 = f"""
ALTER TABLE import_batches ADD COLUMN minutes_only BOOLEAN;
UPDATE import_batches b SET minutes_only = s.minutes_only
FROM (SELECT batch_id, {MINUTES_ONLY_SQL} AS minutes_only FROM sets GROUP BY batch_id) s
WHERE b.batch_id = s.batch_id;
"""

# Version 6: date_orders.decided, for files made before version 4 gained it. Their table kept the
# orders files' own dates decided only, so every row there was decided.
SCHEMA_V6 = """
ALTER TABLE date_orders ADD COLUMN IF NOT EXISTS decided BOOLEAN DEFAULT true;
"""

# Forward migrations: index i upgrades a file from version i to i + 1.
MIGRATIONS: tuple[str, ...] = (SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6)

LEG_PATTERN_LIST = ", ".join(f"'{p}'" for p in sorted(exercises.LEG_PATTERNS))

VIEWS = f"""
CREATE OR REPLACE VIEW v_exercises AS
    SELECT name_key, exercise, pattern, muscle_group, equipment, needs_rack FROM exercise_aliases
    UNION ALL
    SELECT c.name_key, c.exercise, c.pattern, c.muscle_group, c.equipment, c.needs_rack
    FROM exercise_catalog c ANTI JOIN exercise_aliases a ON a.name_key = c.name_key;
CREATE OR REPLACE VIEW v_sets AS
    SELECT s.set_id, s.batch_id, s.member_id, s.workout_id, s.performed_at, s.time_known, s.location,
        s.station_id, s.exercise_raw, coalesce(e.exercise, s.exercise_raw) AS exercise,
        coalesce(e.pattern, 'unclassified') AS pattern,
        coalesce(e.muscle_group, 'unclassified') AS muscle_group,
        coalesce(e.pattern, 'unclassified') IN ({LEG_PATTERN_LIST}) AS is_leg,
        coalesce(e.equipment, 'other') AS equipment, s.weight_kg, s.reps, s.rpe, s.set_type,
        s.distance_m, s.duration_s, s.source_format, s.flagged,
        coalesce(e.needs_rack, false) AS needs_rack,
        {exercises.EQUIPMENT_CLASS_SQL.format(col="coalesce(e.equipment, 'other')")} AS equipment_class,
        s.workout_start, s.ordinal, s.notes, s.flag_reason
    FROM sets s LEFT JOIN v_exercises e ON e.name_key = s.exercise_key;
CREATE OR REPLACE VIEW v_workouts AS
    SELECT workout_id, batch_id, member_id, source_format, started_at, ended_at, time_known, title,
        location FROM workouts;
CREATE OR REPLACE VIEW v_station_sessions AS
    SELECT station_id, equipment_type, location, started_at, ended_at, member_id, batch_id
    FROM station_sessions;
CREATE OR REPLACE VIEW v_occupancy AS
    SELECT location, observed_at, people, capacity, batch_id FROM occupancy;
CREATE OR REPLACE VIEW v_import_batches AS
    SELECT batch_id, source_file, source_format, imported_at, imported_by, member_id, rows_read,
        imported, duplicates, rejected, warnings, undone, is_demo FROM import_batches;
CREATE OR REPLACE VIEW v_unclassified_exercises AS
    SELECT exercise_raw, count(*) AS sets, min(performed_at) AS first_seen,
        max(performed_at) AS last_seen
    FROM v_sets WHERE pattern = 'unclassified' GROUP BY exercise_raw;
"""


def has_table(con: Connection, name: str) -> bool:
    """Whether the database holds the table: a file of an older schema may not, until written."""
    return bool(
        con.execute(
            """SELECT count(*) FROM information_schema.tables
            WHERE table_name = ? AND table_catalog = current_database()""",
            [name],
        ).fetchone()[0]
    )


def has_column(con: Connection, table: str, column: str) -> bool:
    """Whether the table has the column: a file of an older schema may not, until written."""
    return bool(
        con.execute(
            """SELECT count(*) FROM information_schema.columns
            WHERE table_name = ? AND column_name = ? AND table_catalog = current_database()""",
            [table, column],
        ).fetchone()[0]
    )


def schema_version(con: Connection) -> int:
    if not has_table(con, "meta"):
        return 0
    version = _meta(con, "schema_version")
    return int(version) if version else 0


def ensure_schema(con: Connection, path: Path) -> None:
    """Bring the file to the current version (backing it up first) and refresh views and taxonomy.

    A file that already matches this code is left untouched: most writes find nothing to do.
    """
    current = schema_version(con)
    if not current and holds_anything(con):
        raise not_legdash(path, holds_tables=True)
    if current > SCHEMA_VERSION:
        raise newer_schema(path, current)
    digest = _definitions_digest()
    if current == SCHEMA_VERSION and _meta(con, "definitions") == digest:
        return
    if 0 < current < SCHEMA_VERSION:
        copy = default_backup_path(path, f"v{current}-")
        try:
            backup(con, copy)
        except (OSError, duckdb.IOException) as error:
            reason = str(error).removeprefix("IO Error: ")
            raise DatabaseUnreadable(
                f"cannot upgrade the database {path} to this version of legdash: its backup in"
                f" {copy.parent} failed ({reason}): the upgrade backs the file up there first"
            ) from error
    with transaction(con):
        for version in range(current, SCHEMA_VERSION):
            con.execute(MIGRATIONS[version])
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
        con.execute(VIEWS)
        _sync_taxonomy(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('definitions', ?)", [digest])


def _definitions_digest() -> str:
    """Fingerprint of the views and the taxonomy this code would write."""
    return hashlib.sha256((VIEWS + repr(exercises.taxonomy_rows())).encode()).hexdigest()


def _meta(con: Connection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


_CATALOG_COLUMNS = (
    ("name_key", "VARCHAR"),
    ("exercise", "VARCHAR"),
    ("pattern", "VARCHAR"),
    ("muscle_group", "VARCHAR"),
    ("equipment", "VARCHAR"),
    ("needs_rack", "BOOLEAN"),
)


def _sync_taxonomy(con: Connection) -> None:
    rows = exercises.taxonomy_rows()
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    if _meta(con, "taxonomy") == digest:
        return
    con.execute("DELETE FROM exercise_catalog")
    values = [list(column) for column in zip(*rows, strict=True)]
    columns = zip(_CATALOG_COLUMNS, values, strict=True)
    insert_lists(con, "exercise_catalog", {name: (t, v) for (name, t), v in columns})
    con.execute("INSERT OR REPLACE INTO meta VALUES ('taxonomy', ?)", [digest])


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def backup(con: Connection, out: Path) -> Path:
    """A consistent copy of the open database, safe while the dashboard reads it.

    The copy is written under a temporary name beside `out` and takes its name only when whole:
    a backup that fails or is killed never leaves an empty `out` that a second try would refuse.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        raise FileExistsError(f"{out} exists already")
    # Killed backups' copies, of any name: a migration's backup is named by its time.
    for stale in _left_by_dead(out.parent.glob(".*.partial*"), PARTIAL_NAME):
        with suppress(OSError):
            stale.unlink()
    partial = out.with_name(f".{out.name}.{os.getpid()}-{threading.get_ident()}.partial")
    source = con.execute("SELECT current_database()").fetchone()[0]
    try:
        con.execute("ATTACH ? AS legdash_backup (READ_WRITE)", [str(partial)])
        try:
            con.execute(f"COPY FROM DATABASE {quoted(source)} TO legdash_backup")
        finally:
            con.execute("DETACH legdash_backup")
        _renamed_unless_taken(partial, out)
    except BaseException as failure:
        for file in (partial, partial.with_name(partial.name + ".wal")):
            file.unlink(missing_ok=True)
        if disk_full(failure):  # the copy asked for, not its temporary name, which is gone
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out)) from failure
        raise
    return out


# A backup's copy while it is written: `.NAME.<process ID>-<thread ID>.partial`, and its WAL.
PARTIAL_NAME = re.compile(r"\..+\.([0-9]+)-\d+\.partial(?:\.wal)?")


def _renamed_unless_taken(source: Path, target: Path) -> None:
    """Give `source` the name `target`, never over a file that took that name meanwhile."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise FileExistsError(f"{target} exists already") from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(f"{target} exists already") from None
        os.replace(source, target)
        return
    source.unlink()


def default_backup_path(path: Path, label: str = "") -> Path:
    """Where a backup of `path` goes, in `backups/` beside it: its name, `label` (a migration
    names the schema version it backs up) and the time."""
    return path.parent / "backups" / f"{path.stem}-{label}{_stamp()}.duckdb"


def next_id(con: Connection, table: str, column: str) -> int:
    """Next id never given before, above the stored ids and those `retire_ids` kept, so an id
    noted down (a flagged set to unflag) never names another row after an undo. Safe because
    DuckDB lets only one process write the file."""
    return int(
        con.execute(
            f"""SELECT greatest(coalesce(max({column}), 0), coalesce((SELECT CAST(value AS BIGINT)
            FROM meta WHERE key = ?), 0)) + 1 FROM {table}""",
            [_last_id_key(table)],
        ).fetchone()[0]
    )


# Tables whose rows undo or demo removal delete, and their id columns: people note these ids down
# (`unflag SET_ID`, `undo BATCH_ID`), so an id is never given to another row.
ID_COLUMNS = {
    "sets": "set_id",
    "workouts": "workout_id",
    "station_sessions": "session_id",
    "import_batches": "batch_id",
}


def retire_ids(con: Connection) -> None:
    """Keep the highest id given in each of ID_COLUMNS before rows are deleted: next_id stays
    above them."""
    for table, column in ID_COLUMNS.items():
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [_last_id_key(table), str(next_id(con, table, column) - 1)],
        )


def _last_id_key(table: str) -> str:
    return f"last_id.{table}"


def insert_lists(
    con: Connection,
    table: str,
    columns: dict[str, tuple[str, list[Any]]],
    select: str = "*",
    params: dict[str, object] | None = None,
) -> None:
    """INSERT INTO `table` SELECT `select` over Python lists as columns (name -> (SQL type, values)).

    One statement per batch, without Arrow: pyarrow builds arrays from Python lists by importing
    pandas, which would add a fifth of a second to every import of an app export.
    """
    unnested = ", ".join(
        f"unnest(CAST(${name} AS {sql_type}[])) AS {name}"
        for name, (sql_type, _) in columns.items()
    )
    lists = {name: values for name, (_, values) in columns.items()}
    con.execute(
        f"INSERT INTO {table} SELECT {select} FROM (SELECT {unnested})", {**lists, **(params or {})}
    )


def dict_rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """A query's rows as dicts, date-times as ISO text: ready for JSON and for printing."""
    names = [d[0] for d in cursor.description]
    return [
        {
            k: v.isoformat() if isinstance(v, datetime) else v
            for k, v in zip(names, row, strict=True)
        }
        for row in cursor.fetchall()
    ]


def has_real_imports(con: Connection, *, undone: bool = False) -> bool:
    """Whether a live batch brought in the gym's own rows (not the generated demo); with `undone`,
    whether one ever did, undone since or not: that database is the gym's own, not the demo's."""
    return bool(
        con.execute(
            "SELECT EXISTS (SELECT 1 FROM import_batches WHERE NOT is_demo AND (? OR NOT undone))",
            [undone],
        ).fetchone()[0]
    )


def has_demo_data(con: Connection) -> bool:
    row = con.execute(
        "SELECT EXISTS (SELECT 1 FROM import_batches WHERE is_demo AND NOT undone)"
        " OR EXISTS (SELECT 1 FROM members WHERE is_demo)"
    ).fetchone()
    return bool(row[0])
