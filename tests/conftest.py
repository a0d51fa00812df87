"""Shared fixtures: a fresh database path and a CSV file writer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hypothesis
import pytest

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

# The same examples on every run, so CI never fails on a case nobody can reproduce; no deadline,
# since CI machines are slow and noisy. Run with --hypothesis-seed=N to explore further.
hypothesis.settings.register_profile("legdash", derandomize=True, deadline=None)
hypothesis.settings.load_profile("legdash")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM = "/usr/bin/chromium"


SET_DEFAULTS: dict[str, Any] = {
    "batch_id": 1,
    "ordinal": 1,
    "time_known": True,
    "location": None,
    "weight_kg": 100,
    "reps": 5,
    "set_type": "normal",
    "source_format": "native",
    "flagged": False,
}


def insert_sets(con: Any, sets: list[dict[str, Any]]) -> None:
    """Hand-built rows of the sets table. Each names set_id, member_id, workout_id, workout_start,
    performed_at and exercise_raw; the exercise key follows from the name, the rest defaults."""
    from legdash.exercises import name_key

    rows = [{**SET_DEFAULTS, **s, "exercise_key": name_key(s["exercise_raw"])} for s in sets]
    if not rows:
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    con.executemany(
        f"INSERT INTO sets ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [[row[c] for c in columns] for row in rows],
    )


def flag_import(database: Path) -> None:
    """Announce an import in progress on the database, as a writer does: the flag holds the PID of
    a running process (this one)."""
    from legdash import db

    db.importing_flag(database).write_text(str(os.getpid()))


def damage(database: Path) -> None:
    """Make `database` a DuckDB file whose blocks fail their checksums: its first 12 bytes (the
    checksum and DuckDB's magic bytes) over junk, as a disk fault or a bad copy leaves it."""
    from legdash import db

    db.init(database)
    head = database.read_bytes()[:12]
    database.write_bytes(head + bytes(range(256)) * 400)


def foreign_database(database: Path, table: str | None = "orders") -> None:
    """Another app's DuckDB database at `database` (one table), or with table=None an empty one."""
    import duckdb

    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as con:
        if table:
            con.execute(f"CREATE TABLE {table} (id INTEGER, total DOUBLE)")
            con.execute(f"INSERT INTO {table} VALUES (1, 9.5)")


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """Where a test's database lives (created by the first write)."""
    return tmp_path / "data" / "gym.duckdb"


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write CSV text (or bytes) to a file and return its path."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return write


@pytest.fixture
def app_page(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """AppTest of a page (path from the repo root) on the test's database, not in kiosk mode."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LEGDASH_DB", str(db_file))
    monkeypatch.delenv("LEGDASH_KIOSK", raising=False)

    def open_page(path: str, timeout: float = 60) -> AppTest:
        return AppTest.from_file(str(ROOT / path), default_timeout=timeout)

    return open_page


@pytest.fixture
def today_is(monkeypatch: pytest.MonkeyPatch) -> Callable[[date], None]:
    """Make today `day` for the pages an AppTest runs (legdash.ui.current_day)."""
    from legdash import ui

    def freeze(day: date) -> None:
        monkeypatch.setattr(ui, "current_day", lambda: day)

    return freeze


# Zones 25 hours apart: a server on Kiritimati's clock is always a day or two ahead of a gym on
# Pago Pago's, whatever the time the tests run at.
GYM_ZONE, SERVER_ZONE = "Pacific/Pago_Pago", "Pacific/Kiritimati"


@pytest.fixture
def gym_behind_server(db_file: Path) -> Iterator[date]:
    """The server's clock a day ahead of the gym's: the database (made here) holds the gym's time
    zone, the process runs in another. Yields the gym's today."""
    from zoneinfo import ZoneInfo

    from legdash import db, settings

    with db.write(db_file) as con:
        settings.set_value(con, "time_zone", GYM_ZONE)
    server = os.environ.get("TZ")
    os.environ["TZ"] = SERVER_ZONE
    time.tzset()
    try:
        yield datetime.now(ZoneInfo(GYM_ZONE)).date()
    finally:
        if server is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = server
        time.tzset()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve_app(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start `streamlit run app.py` on a database; returns the base URL. Stopped after the test."""
    servers: list[subprocess.Popen[bytes]] = []

    def start(database: Path, kiosk: bool = False) -> str:
        port = _free_port()
        env = {**os.environ, "LEGDASH_DB": str(database)}
        env.pop("LEGDASH_KIOSK", None)
        if kiosk:
            env["LEGDASH_KIOSK"] = "1"
        log = (tmp_path / f"streamlit-{port}.log").open("wb")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                f"--server.port={port}",
                "--browser.gatherUsageStats=false",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append(server)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return url
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not start; see {log.name}")

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A Playwright page in the system Chromium (headless, no sandbox: CI runs as root)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        yield page
        browser.close()


@dataclass(frozen=True)
class LoggedSet:
    """One set of a hand-built history, kept in plain Python for the tests' own expectations."""

    member: str
    workout: int
    start: datetime
    exercise: str
    weight: float | None
    reps: int | None
    set_type: str
    flagged: bool
    location: str


@dataclass
class GymLog:
    """A hand-built workout history: `workout` logs sets, `save` writes them to the database."""

    path: Path
    sets: list[LoggedSet] = field(default_factory=list)
    members: dict[str, tuple[str | None, date | None]] = field(default_factory=dict)

    def member(self, member_id: str, name: str | None = None, joined: str | None = None) -> None:
        self.members[member_id] = (name, date.fromisoformat(joined) if joined else None)

    def workout(self, member: str, start: str, *sets: tuple, location: str = "Main") -> None:
        """sets: (exercise, weight, reps) with optional set_type ("warmup"...) and flagged."""
        workout = len({s.workout for s in self.sets}) + 1
        begun = datetime.fromisoformat(start)
        for exercise, weight, reps, *rest in sets:
            set_type = rest[0] if rest else "normal"
            flagged = rest[1] if len(rest) > 1 else False
            self.sets.append(
                LoggedSet(
                    member, workout, begun, exercise, weight, reps, set_type, flagged, location
                )
            )

    def save(self) -> Path:
        from legdash import db

        with db.write(self.path) as con:
            con.execute(
                """INSERT INTO import_batches (batch_id, source_file, source_format, imported_at,
                    rows_read, imported, duplicates, rejected, warnings)
                VALUES (1, 'log.csv', 'native', '2026-01-01', ?, ?, 0, 0, [])""",
                [len(self.sets), len(self.sets)],
            )
            for member_id, (name, joined) in self.members.items():
                con.execute(
                    "INSERT INTO members (member_id, name, joined) VALUES (?, ?, ?)",
                    [member_id, name, joined],
                )
            firsts = {s.workout: s for s in reversed(self.sets)}
            con.executemany(
                "INSERT INTO workouts VALUES (?, 1, ?, 'native', ?, NULL, true, NULL, ?)",
                [[w, s.member, s.start, s.location] for w, s in sorted(firsts.items())],
            )
            rows, position = [], dict.fromkeys(firsts, 0)
            for n, s in enumerate(self.sets, start=1):
                position[s.workout] += 1
                rows.append(
                    {
                        "set_id": n,
                        "member_id": s.member,
                        "workout_id": s.workout,
                        "workout_start": s.start,
                        "ordinal": position[s.workout],
                        "performed_at": s.start + timedelta(minutes=2 * position[s.workout]),
                        "location": s.location,
                        "exercise_raw": s.exercise,
                        "weight_kg": s.weight,
                        "reps": s.reps,
                        "set_type": s.set_type,
                        "flagged": s.flagged,
                    }
                )
            insert_sets(con, rows)
        return self.path


@pytest.fixture
def gym_log(db_file: Path) -> GymLog:
    """An empty hand-built history on the test's database path."""
    return GymLog(db_file)


RACK_WEEK = (date(2026, 3, 2), date(2026, 3, 8))
RACK_MIXED_WEEKS = (date(2026, 3, 2), date(2026, 3, 15))
SQUAT, LEG_PRESS = "Squat (Barbell)", "Leg Press (Machine)"
GAP_WEEKS = (date(2026, 2, 2), date(2026, 3, 8))


@dataclass
class RackFloor:
    """A hand-built floor for the rack-demand figures: inventory, sets at exact times, station
    sessions and door counts. Times are "YYYY-MM-DD HH:MM"; a set at "YYYY-MM-DD" has no time."""

    path: Path
    inventory: dict[tuple[str, str], int] = field(default_factory=dict)
    sets: list[tuple[Any, ...]] = field(default_factory=list)
    workouts: dict[int, tuple[str, str | None, str]] = field(default_factory=dict)
    stations: list[tuple[Any, ...]] = field(default_factory=list)
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)

    def units(self, equipment_type: str, units: int, location: str = "Main") -> None:
        self.inventory[(location, equipment_type)] = units

    def workout(self, workout_id: int, member: str, *sets: tuple[str, str], **opts: Any) -> None:
        """sets: (time, exercise); opts: ended (workout end), location, flagged (set ordinals)."""
        location = opts.get("location", "Main")
        self.workouts[workout_id] = (member, opts.get("ended"), location)
        for ordinal, (at, exercise) in enumerate(sets, start=1):
            flagged = ordinal in opts.get("flagged", ())
            self.sets.append((workout_id, member, ordinal, at, exercise, location, flagged))

    def session(
        self,
        station: str,
        kind: str,
        start: str,
        end: str,
        member: str | None,
        location: str = "Main",
    ) -> None:
        self.stations.append((station, kind, start, end, member, location))

    def door(self, observed_at: str, people: int, location: str = "Main") -> None:
        self.counts.append((location, observed_at, people))

    def stations_week(self) -> Path:
        """Two racks and a leg press with station logs; both racks taken Monday 18:30-19:00."""
        self.units("squat_rack", 2)
        self.units("leg_press", 1)
        self.session("Rack 1", "squat_rack", "2026-03-02 18:00", "2026-03-02 19:00", "M1")
        self.session("Rack 2", "squat_rack", "2026-03-02 18:30", "2026-03-02 19:30", "M2")
        self.session("Leg press", "leg_press", "2026-03-02 18:00", "2026-03-02 18:30", "M3")
        self.session("Rack 1", "squat_rack", "2026-03-03 07:00", "2026-03-03 07:30", "M1")
        self.session("Rack 1", "squat_rack", "2026-03-02 22:00", "2026-03-02 23:00", "M2")  # closed
        self.workout(1, "M3", ("2026-03-02 18:40", LEG_PRESS))  # every rack taken: substitution
        self.workout(2, "M1", ("2026-03-02 18:45", LEG_PRESS))  # holds a rack himself
        self.workout(3, "M4", ("2026-03-02 19:10", LEG_PRESS))  # a rack is free
        self.workout(4, "M5", ("2026-03-03", SQUAT))  # no time of day
        return self.save()

    def weekend(self, hours: dict[str, str]) -> Path:
        """Two racks used on Monday 2 March and at the weekend of 7-8 March (both on Saturday
        10:30-11:00, a squat set on Sunday), with these opening hours ("sat": "closed")."""
        self.settings.update({f"hours.{day}": value for day, value in hours.items()})
        self.units("squat_rack", 2)
        self.session("Rack 1", "squat_rack", "2026-03-02 18:00", "2026-03-02 19:00", "M1")
        self.session("Rack 1", "squat_rack", "2026-03-07 10:00", "2026-03-07 11:00", "M1")
        self.session("Rack 2", "squat_rack", "2026-03-07 10:30", "2026-03-07 11:30", "M2")
        self.workout(1, "M3", ("2026-03-08 10:00", SQUAT))
        return self.save()

    def sets_week(self) -> Path:
        """Two racks, no station logs: rack time estimated from squat sets.

        M1 holds a rack 18:00-18:13 (last set 18:10 + 3 min rest), M2 18:05-18:23, so one rack is
        busy 18:00-18:05, two 18:05-18:13 and one 18:13-18:23. M3's sets have no time of day.
        """
        self.units("squat_rack", 2)
        self.workout(
            1,
            "M1",
            ("2026-03-02 18:00", SQUAT),
            ("2026-03-02 18:05", SQUAT),
            ("2026-03-02 18:10", SQUAT),
            ("2026-03-02 18:20", LEG_PRESS),
            ended="2026-03-02 18:30",
        )
        self.workout(
            2,
            "M2",
            ("2026-03-02 18:05", SQUAT),
            ("2026-03-02 18:20", SQUAT),
            ("2026-03-02 18:40", SQUAT),
            flagged=(3,),
        )
        self.workout(3, "M3", ("2026-03-03", SQUAT), ("2026-03-03", SQUAT))
        self.workout(4, "M4", ("2026-03-02 18:07", LEG_PRESS), ended="2026-03-02 18:10")
        self.workout(5, "M8", ("2026-03-02 18:00", SQUAT), location="Annex")
        return self.save()

    def mixed_weeks(self) -> Path:
        """Set logs in the week of 2 March, rack and leg press sensors from Monday 9 March on
        (RACK_MIXED_WEEKS).

        Set-log days: Monday 2 March (M1's rack 18:00-18:30) and Wednesday 11 March (M1 again).
        Station days: Monday 9 March (M1's rack 18:00-18:30, M2's 19:00-19:30, leg press
        18:00-18:30), on which M3's set-logged squat at 07:00 and leg press sets count for no rack
        demand.
        """
        self.units("squat_rack", 1)
        self.units("leg_press", 1)
        for n, day in enumerate(("2026-03-02", "2026-03-11"), start=1):
            self.workout(n, "M1", (f"{day} 18:00", SQUAT), (f"{day} 18:27", SQUAT))
        self.session("Rack 1", "squat_rack", "2026-03-09 18:00", "2026-03-09 18:30", "M1")
        self.session("Rack 1", "squat_rack", "2026-03-09 19:00", "2026-03-09 19:30", "M2")
        self.session("Leg press", "leg_press", "2026-03-09 18:00", "2026-03-09 18:30", "M3")
        self.workout(
            3,
            "M3",
            ("2026-03-09 07:00", SQUAT),
            ("2026-03-09 18:10", LEG_PRESS),  # the rack is taken: a substitution, for certain
            ("2026-03-09 18:40", LEG_PRESS),  # the rack is free, and the station logs say so
        )
        return self.save()

    def gap_weeks(self) -> Path:
        """One rack and set logs over GAP_WEEKS, with nothing logged in the week of 23 February
        (imports missing, or a closure). M1 holds the rack 30 minutes on 2 and 9 February, M1 and
        M2 30 minutes each on 2 March; the week of 16 February logs a leg press set only: a week
        with no rack use, but logged. A leg press set on Sunday 8 March ends the data."""
        self.units("squat_rack", 1)
        days = (
            ("2026-02-02", "M1"),
            ("2026-02-09", "M1"),
            ("2026-03-02", "M1"),
            ("2026-03-02", "M2"),
        )
        for n, (day, member) in enumerate(days, start=1):
            self.workout(n, member, (f"{day} 18:00", SQUAT), (f"{day} 18:27", SQUAT))
        self.workout(10, "M3", ("2026-02-16 18:00", LEG_PRESS))
        self.workout(11, "M3", ("2026-03-08 18:00", LEG_PRESS))
        return self.save()

    def north_opens_mid_week(self) -> Path:
        """Main logs sets from Monday 7 September; North's rack sensors log from Thursday
        1 October and its set logs start on Thursday 15 October, all running to Sunday
        25 October. Two racks at each."""
        self.units("squat_rack", 2)
        self.units("squat_rack", 2, "North")
        first = date(2026, 9, 7)
        for n in range(49):
            day = first + timedelta(days=n)
            self.workout(n + 1, "M1", (f"{day} 18:00", SQUAT))
            if day >= date(2026, 10, 1):
                self.session("R1", "squat_rack", f"{day} 07:00", f"{day} 08:00", "N1", "North")
            if day >= date(2026, 10, 15):
                self.workout(100 + n, "N2", (f"{day} 19:00", SQUAT), location="North")
        return self.save()

    def save(self) -> Path:
        from legdash import db
        from legdash import settings as gym_settings

        with db.write(self.path) as con:
            for key, value in self.settings.items():
                gym_settings.set_value(con, key, value)
            for (location, kind), units in self.inventory.items():
                gym_settings.set_inventory(con, location, kind, units)
            starts = {w: min(s[3] for s in self.sets if s[0] == w) for w in self.workouts}
            for w, (member, ended, location) in self.workouts.items():
                con.execute(
                    "INSERT INTO workouts VALUES (?, 1, ?, 'native', ?::TIMESTAMP, ?::TIMESTAMP,"
                    " ?, NULL, ?)",
                    [w, member, starts[w], ended, len(starts[w]) > 10, location],
                )
            insert_sets(
                con,
                [
                    {
                        "set_id": n,
                        "member_id": member,
                        "workout_id": w,
                        "workout_start": starts[w],
                        "ordinal": ordinal,
                        "performed_at": at,
                        "time_known": len(at) > 10,
                        "location": location,
                        "exercise_raw": exercise,
                        "flagged": flagged,
                    }
                    for n, (w, member, ordinal, at, exercise, location, flagged) in enumerate(
                        self.sets, start=1
                    )
                ],
            )
            for n, (station, kind, start, end, member, location) in enumerate(
                self.stations, start=1
            ):
                con.execute(
                    "INSERT INTO station_sessions VALUES (?, 2, ?, ?, ?, ?, ?, ?, ?)",
                    [n, station, station, kind, location, start, end, member],
                )
            for location, observed_at, people in self.counts:
                con.execute(
                    "INSERT INTO occupancy VALUES (3, ?, ?, ?, NULL)",
                    [location, observed_at, people],
                )
        return self.path


@pytest.fixture
def rack_floor(db_file: Path) -> RackFloor:
    """An empty rack floor on the test's database path."""
    return RackFloor(db_file)


class DbHolder:
    """Another process holding the database open, as the dashboard or a running import would."""

    _CODE = (
        "import sys, duckdb\n"
        "con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'read')\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
    )

    def __init__(self, database: Path, mode: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", self._CODE, str(database), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"could not open {database} in another process")

    def release(self) -> None:
        """Close the other process's connection (it exits when its stdin closes)."""
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=20)


@pytest.fixture
def hold_db() -> Iterator[Callable[..., DbHolder]]:
    """hold_db(path, mode="write"|"read"): keep the file open in another process until released."""
    holders: list[DbHolder] = []

    def hold(database: Path, mode: str = "write") -> DbHolder:
        holders.append(DbHolder(database, mode))
        return holders[-1]

    yield hold
    for holder in holders:
        holder.release()


# The leg-training history: weeks of 12 Jan .. 2 Mar 2026 are complete, 9 Mar is the running week.
LEG_RANGE = (date(2026, 1, 14), date(2026, 3, 11))
SQUAT, RDL, DEADLIFT = "Squat (Barbell)", "Romanian Deadlift (Barbell)", "Deadlift (Barbell)"
LEG_PRESS, BENCH, PULLDOWN = "Leg Press (Machine)", "Bench Press (Barbell)", "Lat Pulldown (Cable)"


def mondays(first: date, last: date) -> list[date]:
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def build_leg_history(log: GymLog) -> None:
    """Nine members whose leg training differs in one way each (see the comments)."""
    log.member("A", "Ann", "2025-11-15")
    log.member("B", "=HYPERLINK(1)", "2026-01-10")  # a name a spreadsheet would run
    log.member("D", None, "2026-02-03")
    for week in mondays(date(2026, 1, 5), date(2026, 3, 2)):
        day = week.isoformat()
        # A: two leg sessions a week, warm-ups included
        log.workout("A", f"{day} 18:00", (SQUAT, 60, 5, "warmup"), *[(SQUAT, 100, 5)] * 3)
        log.workout(
            "A",
            f"{week + timedelta(days=3)} 18:00",
            *[(RDL, 80, 8)] * 2,
            (LEG_PRESS, 150, 10),
            (LEG_PRESS, 150, 10),
        )
        # B: upper body three times a week
        for offset in (0, 2, 4):
            log.workout(
                "B",
                f"{week + timedelta(days=offset)} 07:00",
                *[(BENCH, 60, 8)] * 3,
                *[(PULLDOWN, 50, 10)] * 3,
            )
        # C: leg machines until mid-February, then goblet squats
        wednesday = f"{week + timedelta(days=2)} 10:00"
        if week < date(2026, 2, 16):
            log.workout(
                "C",
                wednesday,
                *[(LEG_PRESS, 120, 10)] * 3,
                *[("Leg Extension (Machine)", 40, 12)] * 2,
            )
        else:
            log.workout("C", wednesday, *[("Goblet Squat (Dumbbell)", 20, 10)] * 3)
        # M: leg press only, every week
        log.workout("M", f"{week + timedelta(days=1)} 12:00", *[(LEG_PRESS, 100, 12)] * 3)
    log.workout("B", "2026-01-07 19:00", (SQUAT, 80, 5), (SQUAT, 80, 5))  # B's last leg session
    # D: one hard squat among warm-ups and flagged sets: a leg session only at threshold 1
    for day in ("2026-02-24", "2026-03-03"):
        log.workout(
            "D",
            f"{day} 17:00",
            *[(SQUAT, 40, 5, "warmup")] * 3,
            (SQUAT, 90, 5),
            *[(SQUAT, 700, 5, "normal", True)] * 2,
            (BENCH, 50, 10),
        )
    # E: sessions on either side of midnight between Sunday 8 and Monday 9 March
    log.workout("E", "2026-02-17 09:00", *[(DEADLIFT, 140, 3)] * 3)
    log.workout("E", "2026-03-01 23:59", *[(BENCH, 70, 5)] * 3)
    log.workout("E", "2026-03-08 23:30", *[(DEADLIFT, 140, 3)] * 3)
    log.workout("E", "2026-03-09 00:15", *[(SQUAT, 100, 5)] * 3)
    # F: upper body in February, then only flagged sets last week
    log.workout("F", "2026-02-18 08:00", *[(BENCH, 40, 10)] * 3)
    log.workout("F", "2026-03-04 08:00", *[(SQUAT, 100, 5, "normal", True)] * 3)
    # G: squats with 0 reps and a plank without reps: active, but no hard sets
    log.workout("G", "2026-03-05 12:00", *[(SQUAT, 100, 0)] * 3, ("Plank", None, None))
    # H: a leg session at the other location
    log.workout("H", "2026-03-06 12:00", *[(SQUAT, 60, 8)] * 3, location="Annex")
    # K: three leg sessions last week, one of them bodyweight
    for day in ("2026-03-02", "2026-03-03"):
        log.workout(
            "K",
            f"{day} 06:30",
            *[("Lunge (Dumbbell)", 16, 10)] * 2,
            ("Standing Calf Raise (Machine)", 60, 15),
        )
    log.workout("K", "2026-03-04 06:30", *[("Bodyweight Squat", None, 20)] * 2)
    log.save()


@pytest.fixture
def leg_history(gym_log: GymLog) -> GymLog:
    """Nine members' leg training, saved (see build_leg_history)."""
    build_leg_history(gym_log)
    return gym_log


@pytest.fixture
def screenshot(tmp_path: Path) -> Callable[[Any, str], Path]:
    """Save a full-page PNG to $LEGDASH_SCREENSHOTS (the README's pictures) or the test's tmp dir."""
    folder = Path(os.environ.get("LEGDASH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        # Streamlit scrolls inside its main block, so grow the window to the content instead,
        # once the content is done growing: a table reaches its height a moment after its page
        # has drawn, and a picture taken before cut off the settings page's equipment table.
        height = 0
        for _ in range(20):
            page.wait_for_timeout(500)
            grown = page.evaluate(
                "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
            )
            if grown == height:
                break
            height = grown
        page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height, 9000)})
        page.wait_for_timeout(1000)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return take
