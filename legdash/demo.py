"""A realistic demo gym (members, workouts, station sessions, door counts), labelled as demo.

Members follow personas (barbell leg trainers, machine-only, upper-body-only, cardio, beginners) so
the leg-training and rack-demand pages show true-to-life patterns. One `random.Random(seed)` stream,
walked in a fixed order, makes a seed and an end date give an identical database.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pyarrow as pa

from legdash import settings
from legdash.db import MINUTES_ONLY_SQL, Connection, next_id, retire_ids, transaction
from legdash.demo_catalog import (
    DAY_WEIGHTS,
    DEMO_DEFAULTS,
    LIFTS,
    PERSONAS,
    TEMPLATES,
    WEEKDAY_SLOTS,
    WEEKEND_SLOTS,
    Persona,
)
from legdash.exercises import NAME_KEY_SQL

DEMO_GYM_NAME = "Demo Gym (generated)"
DEMO_INVENTORY = {
    "squat_rack": 4,
    "platform": 2,
    "smith": 1,
    "leg_press": 1,
    "hack_squat": 1,
    "bench": 6,
}
STATION_NAMES = {
    "squat_rack": "Rack",
    "platform": "Platform",
    "smith": "Smith",
    "leg_press": "Leg Press",
    "hack_squat": "Hack Squat",
    "bench": "Bench",
}
COVERAGE = 0.6  # share of the people in the gym who log their training in an app
CAPACITY = 120
SLOT_S = 15 * 60  # the door counter reports every 15 minutes
REST_S = 180  # a member keeps a station this long after their last set on it
DAY_S = 86_400
META_KEY = "demo_applied"  # the settings and inventory the demo filled in, restored by remove()


@dataclass
class Member:
    """One demo member: persona, habits and how often they have done each lift so far."""

    number: int
    member_id: str
    name: str
    persona: Persona
    joined: date
    leaves: date | None
    leg_goal: int
    sessions: int
    miss: float
    strength: float
    experience: int  # sessions of each lift done before the demo starts
    patience_s: int
    logs_rpe: bool
    leg_chance: float  # machine persona: chance of a leg day in a week
    weekday_start_s: int
    weekend_start_s: int
    day_weights: tuple[float, ...]
    swaps: dict[str, str]
    done: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SetSpec:
    """One set before it has a time: what was lifted and how long until the next set."""

    gap_s: int  # time until the member's next set
    weight_kg: float | None = None
    reps: int | None = None
    rpe: float | None = None
    set_type: str = "normal"
    distance_m: float | None = None
    duration_s: float | None = None


@dataclass(frozen=True)
class Planned:
    """A workout a member will do: arrival time and template, laid out in arrival order."""

    start_s: int  # seconds after the first demo day's midnight
    member: Member
    title: str


@dataclass
class DemoRows:
    """The demo gym before it gets database ids; times are seconds after `start` 00:00."""

    start: date
    end: date
    members: list[tuple[str, str, date, int]] = field(default_factory=list)
    workouts: list[tuple[str, int, int, str]] = field(default_factory=list)
    sets: list[tuple] = field(default_factory=list)
    sessions: list[tuple[str, str, int, int, str]] = field(default_factory=list)
    occupancy: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class DemoSummary:
    """What generate() wrote, for the command line's one-line report, and the members of the
    earlier demo it kept because they hold real data (as remove() does)."""

    members: int
    workouts: int
    sets: int
    station_sessions: int
    occupancy: int
    start: date
    end: date
    kept: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoRemoval:
    """What remove() took away, and the demo members it kept because they hold real data."""

    rows: int
    kept: tuple[str, ...]
    settings: int = 0  # the settings and inventory counts the demo filled in, taken back


class Floor:
    """Stations of each type and when each is taken; members book in arrival order, never overlapping."""

    def __init__(self, counts: dict[str, int], rng: random.Random) -> None:
        self._rng = rng
        self._stations = {
            kind: [(f"{label} {n}", [], []) for n in range(1, counts.get(kind, 0) + 1)]
            for kind, label in STATION_NAMES.items()
        }

    def book(self, kind: str, start: int, length: int, latest: int) -> tuple[str, int] | None:
        """A free station for `length` seconds at the earliest time from start to latest, if any."""
        stations: list[tuple[str, list[int], list[int]]] = self._stations[kind]
        if start > latest:
            return None
        times = {start}
        for _, _, ends in stations:
            times.update(ends[bisect_right(ends, start) : bisect_right(ends, latest)])
        for at in sorted(times):
            free = [s for s in stations if _is_free(s[1], s[2], at, at + length)]
            if free:
                station_id, starts, ends = self._rng.choice(free)
                i = bisect_right(starts, at)
                starts.insert(i, at)
                ends.insert(i, at + length)
                return station_id, at
        return None


def _is_free(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    """No booking (sorted, never overlapping) overlaps start..end."""
    i = bisect_right(starts, start)
    return (i == 0 or ends[i - 1] <= start) and (i == len(starts) or starts[i] >= end)


def _opening_seconds(gym: settings.Settings) -> list[tuple[int, int] | None]:
    """(opens, closes) in seconds after midnight per weekday, Monday first; None when closed."""
    return [gym.opening_hours[day].seconds for day in settings.WEEKDAYS]


def _split(total: int, shares: list[float]) -> list[int]:
    """`total` split by shares, rounding so the parts add up (largest remainder)."""
    exact = [total * s for s in shares]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _pick_slot(rng: random.Random, slots: tuple[tuple[float, float, float], ...]) -> int:
    low, high, _ = rng.choices(slots, [s[2] for s in slots])[0]
    return int(rng.uniform(low, high) * 3600)


def _plates(kg: float, step: float, least: float) -> float:
    """A weight a member can load: a multiple of the step, at least the bar or lightest plate."""
    return float(max(least, round(kg / step) * step))


def _expected_length(member: Member, title: str) -> int:
    """Rough workout length in seconds, so members who arrive late still finish before closing."""
    total = 300  # changing and warming up
    for name, count in TEMPLATES[title]:
        lift = LIFTS[member.swaps.get(name, name)]
        if lift.speed:
            total += 1920  # 15 to 40 minutes of cardio, then the next machine
        else:
            total += (count + 2 * lift.warmups) * 150 + 90
    return total


class Simulation:
    """Walks members, weeks, workouts and sets in a fixed order over one random stream.

    `hours` holds (opens, closes) in seconds after midnight per weekday, Monday first, None when
    closed; `stations` the units of each equipment type.
    """

    def __init__(
        self,
        *,
        members: int,
        weeks: int,
        end: date,
        seed: int,
        hours: list[tuple[int, int] | None],
        stations: dict[str, int],
        taken: frozenset[str] = frozenset(),
    ) -> None:
        self.rng = random.Random(seed)
        self.taken = taken
        self.floor = Floor(stations, self.rng)
        self.member_count = members
        self.days = 7 * weeks
        self.rows = DemoRows(start=end - timedelta(days=self.days - 1), end=end)
        self.hours = hours

    def run(self) -> DemoRows:
        plans = [plan for member in self._members() for plan in self._plan(member)]
        plans.sort(key=lambda p: (p.start_s, p.member.number))
        for plan in plans:
            self._work_out(plan)
        self._count_door()
        return self.rows

    def _members(self) -> list[Member]:
        rng, start = self.rng, self.rows.start
        counts = _split(self.member_count, [p.share for p in PERSONAS])
        personas = [p for p, n in zip(PERSONAS, counts, strict=True) for _ in range(n)]
        rng.shuffle(personas)
        members = []
        # A real member may hold a demo-style ID (one the demo kept, or an import's): never reuse it.
        free = (n for n in itertools.count(1) if f"D{n:04d}" not in self.taken)
        for number, persona in enumerate(personas, start=1):
            newcomer = rng.random() < 0.25
            offset = rng.randrange(self.days) if newcomer else -rng.randint(30, 1000)
            joined = start + timedelta(days=offset)
            leaves = None
            if rng.random() < 0.1:
                leaves = max(joined, start) + timedelta(days=rng.randint(14, max(14, self.days)))
            swaps: dict[str, str] = {}
            for chance, template_name, own in persona.swaps:
                if template_name not in swaps and rng.random() < chance:
                    swaps[template_name] = own
            barbell = persona.name == "barbell_legs"
            serial = next(free)
            member = Member(
                number=number,
                member_id=f"D{serial:04d}",
                name=f"Demo Member {serial}",
                persona=persona,
                joined=joined,
                leaves=leaves,
                leg_goal=2 if barbell else rng.choice((1, 1, 2)),
                sessions=rng.choice(persona.sessions),
                miss=rng.uniform(*persona.miss),
                strength=rng.uniform(*persona.strength) * (0.8 if newcomer else 1.0),
                experience=0 if newcomer else rng.randint(5, 40),
                patience_s=rng.randint(*persona.patience_s),
                logs_rpe=barbell and rng.random() < 0.5,
                leg_chance=rng.uniform(0.3, 0.85),
                weekday_start_s=_pick_slot(rng, WEEKDAY_SLOTS),
                weekend_start_s=_pick_slot(rng, WEEKEND_SLOTS),
                day_weights=tuple(w * rng.uniform(0.5, 1.5) for w in DAY_WEIGHTS),
                swaps=swaps,
            )
            members.append(member)
            self.rows.members.append((member.member_id, member.name, joined, member.leg_goal))
        return members

    def _plan(self, member: Member) -> list[Planned]:
        """The member's workouts: which days of each week, which template, when they arrive.

        Days are picked from whole weeks, then those outside the demo or the membership are
        dropped, so a partial first or last week gets its share of workouts, not a full week's.
        """
        rng = self.rng
        plans = []
        for monday in range(-self.rows.start.weekday(), self.days, 7):
            days = [d for d in range(monday, monday + 7) if self._hours(d) is not None]
            if not days or rng.random() < member.miss:
                continue
            wanted = max(1, member.sessions - (rng.random() < 0.25) + (rng.random() < 0.1))
            chosen = self._pick_days(days, member.day_weights, wanted)
            titles = member.persona.week(rng, len(chosen), member.leg_chance)
            for day, title in zip(chosen, titles, strict=True):
                if self._is_member(member, day):
                    plans.append(Planned(self._arrival(member, day, title), member, title))
        return plans

    def _hours(self, day: int) -> tuple[int, int] | None:
        """Opening hours of a day (counted from the demo's first day, may lie outside it)."""
        return self.hours[(self.rows.start.weekday() + day) % 7]

    def _is_member(self, member: Member, day: int) -> bool:
        on = self.rows.start + timedelta(days=day)
        left = member.leaves is not None and on > member.leaves
        return 0 <= day < self.days and on >= member.joined and not left

    def _pick_days(self, days: list[int], weights: tuple[float, ...], k: int) -> list[int]:
        pool = list(days)
        weekday = self.rows.start.weekday()
        chosen = []
        for _ in range(min(k, len(pool))):
            odds = [weights[(weekday + d) % 7] for d in pool]
            chosen.append(pool.pop(self.rng.choices(range(len(pool)), odds)[0]))
        return sorted(chosen)

    def _arrival(self, member: Member, day: int, title: str) -> int:
        """The member's usual time give or take, early enough to finish before closing."""
        opens, closes = self._hours(day)  # type: ignore[misc]
        weekend = (self.rows.start.weekday() + day) % 7 >= 5
        usual = member.weekend_start_s if weekend else member.weekday_start_s
        at = int(self.rng.gauss(usual, 2400 if weekend else 1500))
        # Arrivals before midnight, so that a workout belongs to the day whose hours it keeps.
        latest = min(closes, DAY_S) - _expected_length(member, title) - 600
        return day * DAY_S + max(opens, min(at, latest))

    def _work_out(self, plan: Planned) -> None:
        """Lay one workout out set by set, booking stations and waiting or switching when taken."""
        rng, member = self.rng, plan.member
        day = plan.start_s // DAY_S
        closes = day * DAY_S + self._hours(day)[1]  # type: ignore[index]
        last_set = closes - 60
        workout = len(self.rows.workouts)
        ordinals: dict[str, int] = {}
        at = plan.start_s + rng.randint(120, 420)
        ended = None
        for template_name, count in TEMPLATES[plan.title]:
            if at > last_set:
                break
            name = member.swaps.get(template_name, template_name)
            placed = self._place(member, name, count, at, last_set)
            if placed is None:
                continue
            exercise, specs, station, at = placed
            first = last = at
            for spec in specs:
                if at > last_set:
                    break
                ordinals[exercise] = ordinal = ordinals.get(exercise, 0) + 1
                self.rows.sets.append(
                    (
                        workout,
                        member.member_id,
                        plan.start_s,
                        ordinal,
                        at,
                        station[1] if station else None,
                        exercise,
                        spec.weight_kg,
                        spec.reps,
                        spec.rpe,
                        spec.set_type,
                        spec.distance_m,
                        spec.duration_s,
                    )
                )
                last, ended = at, min(at + spec.gap_s, closes)
                at += spec.gap_s
            if station:
                kind, station_id = station
                left = min(last + REST_S, closes)
                self.rows.sessions.append((station_id, kind, first, left, member.member_id))
            at += rng.randint(45, 120)
        if ended is not None:
            self.rows.workouts.append((member.member_id, plan.start_s, ended, plan.title))

    def _place(
        self, member: Member, name: str, count: int, at: int, last_set: int
    ) -> tuple[str, list[SetSpec], tuple[str, str] | None, int] | None:
        """The exercise the member ends up doing and when: a taken station means wait or switch."""
        for option in (name, *LIFTS[name].instead):
            lift = LIFTS[option]
            specs = self._sets(member, option, count)
            if lift.station is None:
                station = None
                break
            length = sum(s.gap_s for s in specs[:-1]) + REST_S
            latest = min(at + member.patience_s, last_set)
            booked = self.floor.book(lift.station, at, length, latest)
            if booked is not None:
                station = (lift.station, booked[0])
                at = booked[1]
                break
        else:
            return None
        member.done[option] = member.done.get(option, 0) + 1
        return option, specs, station, at

    def _sets(self, member: Member, name: str, count: int) -> list[SetSpec]:
        """Warm-ups before heavy lifts, then working sets at a weight that rises with practice."""
        rng, lift = self.rng, LIFTS[name]
        if lift.speed:
            length = rng.randint(15, 40) * 60
            distance = round(lift.speed * length * rng.uniform(0.85, 1.15), -1)
            gap = length + rng.randint(60, 180)
            return [SetSpec(gap, distance_m=distance, duration_s=float(length))]
        if lift.kg is None:
            return [
                SetSpec(rng.randint(90, 150), reps=max(1, lift.reps + rng.randint(-3, 2)))
                for _ in range(count)
            ]
        practice = member.experience + member.done.get(name, 0)
        working = lift.kg * member.strength * (1 + 0.3 * (1 - math.exp(-practice / 20)))
        least = 20.0 if lift.warmups else lift.step
        specs = [
            SetSpec(
                rng.randint(90, 150),
                _plates(working * share, lift.step, least),
                reps,
                None,
                "warmup",
            )
            for share, reps in (((0.45, 8), (0.7, 4)) if lift.warmups else ())
        ]
        gap = (180, 300) if lift.warmups else (90, 160)
        weight = _plates(working, lift.step, least)
        for i in range(count):
            last = i == count - 1
            reps = lift.reps + rng.choice((-1, 0, 0, 0, 1)) - (last and rng.random() < 0.3)
            rpe = min(10.0, 7 + 0.5 * i + rng.choice((0, 0.5))) if member.logs_rpe else None
            failure = last and not lift.warmups and rng.random() < 0.05
            set_type = "failure" if failure else "normal"
            specs.append(SetSpec(rng.randint(*gap), weight, max(1, reps), rpe, set_type))
        return specs

    def _count_door(self) -> None:
        """Door counts every 15 minutes: loggers in the gym scaled up for those who do not log."""
        by_day: dict[int, list[tuple[int, int]]] = {}
        for _, started, ended, _ in self.rows.workouts:
            by_day.setdefault(started // DAY_S, []).append((started, ended + 300))
        for day in range(self.days):
            hours = self._hours(day)
            if hours is None:
                continue
            first = day * DAY_S + hours[0]
            slots = -(-(hours[1] - hours[0]) // SLOT_S)
            change = [0] * (slots + 1)
            for arrived, left in by_day.get(day, []):
                low = max(0, -(-(arrived - first) // SLOT_S))
                high = min(slots, -(-(left - first) // SLOT_S))
                if low < high:
                    change[low] += 1
                    change[high] -= 1
            inside = 0
            for i in range(slots):
                inside += change[i]
                people = inside / COVERAGE
                counted = round(people + self.rng.gauss(0, 1 + 0.1 * people))
                self.rows.occupancy.append((first + i * SLOT_S, max(0, min(CAPACITY, counted))))


def generate(
    con: Connection,
    *,
    members: int = DEMO_DEFAULTS["members"],
    weeks: int = DEMO_DEFAULTS["weeks"],
    end: date,
    seed: int = DEMO_DEFAULTS["seed"],
) -> DemoSummary:
    """Replace any demo rows with a fresh demo gym of `weeks` weeks ending on `end`, all at once."""
    with transaction(con):
        earlier = _delete_demo(con)
        gym = settings.load(con)
        stations = _fill_in_gym(con, gym.default_location)
        # Every member ID in the sets has its members row: imports and undo keep it so.
        taken = con.execute("SELECT member_id FROM members")
        rows = Simulation(
            members=members,
            weeks=weeks,
            end=end,
            seed=seed,
            hours=_opening_seconds(gym),
            stations=stations,
            taken=frozenset(row[0] for row in taken.fetchall()),
        ).run()
        _write(con, rows, gym.default_location)
    return DemoSummary(
        members=len(rows.members),
        workouts=len(rows.workouts),
        sets=len(rows.sets),
        station_sessions=len(rows.sessions),
        occupancy=len(rows.occupancy),
        start=rows.start,
        end=rows.end,
        kept=earlier.kept,
    )


def remove(con: Connection) -> DemoRemoval:
    """Delete every demo row (and the settings the demo filled in), keeping real members."""
    with transaction(con):
        return _delete_demo(con)


def _delete_demo(con: Connection) -> DemoRemoval:
    demo_batches = "batch_id IN (SELECT batch_id FROM import_batches WHERE is_demo)"
    removed = 0
    retire_ids(con)
    for table in ("sets", "workouts", "station_sessions", "occupancy", "rejected_rows"):
        removed += con.execute(f"DELETE FROM {table} WHERE {demo_batches}").fetchone()[0]
    removed += con.execute("DELETE FROM import_batches WHERE is_demo").fetchone()[0]
    # A demo member staff gave a PIN or imported real sets for is a real member now: the row
    # stays, as an import would have made it, without the name and joined date the demo made up.
    kept = con.execute(
        """UPDATE members m SET is_demo = false, name = NULL, joined = NULL,
            batch_id = (SELECT min(s.batch_id) FROM sets s WHERE s.member_id = m.member_id)
        WHERE is_demo AND (pin_hash IS NOT NULL
            OR EXISTS (SELECT 1 FROM sets s WHERE s.member_id = m.member_id))
        RETURNING member_id"""
    ).fetchall()
    removed += con.execute("DELETE FROM members WHERE is_demo").fetchone()[0]
    return DemoRemoval(removed, tuple(sorted(row[0] for row in kept)), _restore_gym(con))


def _fill_in_gym(con: Connection, location: str) -> dict[str, int]:
    """Name the gym and stock its floor where the owner has not; returns the station counts.

    What the demo filled in is recorded so remove() can take it back, unless someone changed it since.
    """
    filled: dict[str, dict[str, object]] = {"settings": {}, "inventory": {}}
    if con.execute("SELECT 1 FROM settings WHERE key = 'gym_name'").fetchone() is None:
        settings.set_value(con, "gym_name", DEMO_GYM_NAME)
        filled["settings"]["gym_name"] = DEMO_GYM_NAME
    counts = settings.inventory(con, location).get(location, {})
    for kind, units in DEMO_INVENTORY.items():
        if kind not in counts:
            settings.set_inventory(con, location, kind, units)
            filled["inventory"][kind] = counts[kind] = units
    record = json.dumps({"location": location, **filled}, sort_keys=True)
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [META_KEY, record])
    return counts


def _restore_gym(con: Connection) -> int:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    if row is None:
        return 0
    filled = json.loads(row[0])
    removed = 0
    for key, value in filled["settings"].items():
        removed += con.execute(
            "DELETE FROM settings WHERE key = ? AND value = ?", [key, value]
        ).fetchone()[0]
    for kind, units in filled["inventory"].items():
        removed += con.execute(
            "DELETE FROM inventory WHERE location = ? AND equipment_type = ? AND units = ?",
            [filled["location"], kind, units],
        ).fetchone()[0]
    con.execute("DELETE FROM meta WHERE key = ?", [META_KEY])
    return removed


_BATCHES = pa.schema([("name", pa.string()), ("format", pa.string()), ("n", pa.int64())])
_MEMBERS = pa.schema(
    [
        ("member_id", pa.string()),
        ("name", pa.string()),
        ("joined", pa.date32()),
        ("leg_goal", pa.int32()),
    ]
)
_WORKOUTS = pa.schema(
    [
        ("member_id", pa.string()),
        ("started", pa.int64()),
        ("ended", pa.int64()),
        ("title", pa.string()),
    ]
)
_SETS = pa.schema(
    [
        ("workout", pa.int64()),
        ("member_id", pa.string()),
        ("workout_start", pa.int64()),
        ("ordinal", pa.int32()),
        ("performed", pa.int64()),
        ("station_id", pa.string()),
        ("exercise_raw", pa.string()),
        ("weight_kg", pa.float64()),
        ("reps", pa.int32()),
        ("rpe", pa.float64()),
        ("set_type", pa.string()),
        ("distance_m", pa.float64()),
        ("duration_s", pa.float64()),
    ]
)
_SESSIONS = pa.schema(
    [
        ("station_id", pa.string()),
        ("kind", pa.string()),
        ("started", pa.int64()),
        ("ended", pa.int64()),
        ("member_id", pa.string()),
    ]
)
_OCCUPANCY = pa.schema([("observed", pa.int64()), ("people", pa.int32())])


def _insert(con: Connection, sql: str, rows: list[tuple], schema: pa.Schema, params: dict) -> None:
    """Bulk insert: `rows` become the Arrow table `demo_frame` (plus its row number `seq`)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    arrays = [pa.array(range(len(rows)), pa.int64())]
    arrays += [pa.array(c, f.type) for c, f in zip(columns, schema, strict=True)]
    frame = pa.Table.from_arrays(arrays, schema=schema.insert(0, pa.field("seq", pa.int64())))
    con.complete()  # DuckDB refuses to register while an earlier fetchone() left a result open
    con.register("demo_frame", frame)
    try:
        con.execute(sql, params).fetchall()
    finally:
        con.unregister("demo_frame")


def _write(con: Connection, rows: DemoRows, location: str) -> None:
    """The demo rows with fresh ids, in three batches marked as demo: sets, stations, door counts."""
    base = datetime.combine(rows.start, time(0))
    stamp = datetime.combine(rows.end + timedelta(days=1), time(0))
    batch = next_id(con, "import_batches", "batch_id")
    batches = [
        ("sets", "native", len(rows.sets)),
        ("stations", "stations", len(rows.sessions)),
        ("occupancy", "occupancy", len(rows.occupancy)),
    ]
    _insert(
        con,
        """INSERT INTO import_batches (batch_id, source_file, source_format, imported_at, imported_by,
            rows_read, imported, duplicates, rejected, warnings, is_demo)
        SELECT $first + seq, 'demo:' || name, format, $stamp, 'demo', n, n, 0, 0, []::VARCHAR[],
            true FROM demo_frame""",
        batches,
        _BATCHES,
        {"first": batch, "stamp": stamp},
    )
    at = "$base + to_seconds({})"
    _insert(
        con,
        """INSERT INTO members (member_id, name, joined, leg_goal, is_demo, batch_id, created_at)
        SELECT member_id, name, joined, leg_goal, true, $batch, $stamp FROM demo_frame""",
        rows.members,
        _MEMBERS,
        {"batch": batch, "stamp": stamp},
    )
    first_workout = next_id(con, "workouts", "workout_id")
    _insert(
        con,
        f"""INSERT INTO workouts SELECT $first + seq, $batch, member_id, 'native',
            {at.format("started")}, {at.format("ended")}, true, title, $location FROM demo_frame""",
        rows.workouts,
        _WORKOUTS,
        {"first": first_workout, "batch": batch, "base": base, "location": location},
    )
    _insert(
        con,
        f"""INSERT INTO sets SELECT $first + seq, $batch, member_id, $first_workout + workout,
            {at.format("workout_start")}, ordinal, {at.format("performed")}, true, $location,
            station_id, exercise_raw, {NAME_KEY_SQL.format(col="exercise_raw")}, weight_kg, reps,
            rpe, set_type, distance_m, duration_s, NULL, 'native', false, NULL FROM demo_frame""",
        rows.sets,
        _SETS,
        {
            "first": next_id(con, "sets", "set_id"),
            "batch": batch,
            "first_workout": first_workout,
            "base": base,
            "location": location,
        },
    )
    con.execute(
        f"""UPDATE import_batches SET minutes_only = (
            SELECT {MINUTES_ONLY_SQL} FROM sets WHERE batch_id = $batch) WHERE batch_id = $batch""",
        {"batch": batch},
    )
    _insert(
        con,
        f"""INSERT INTO station_sessions SELECT $first + seq, $batch, station_id, station_id, kind,
            $location, {at.format("started")}, {at.format("ended")}, member_id FROM demo_frame""",
        rows.sessions,
        _SESSIONS,
        {
            "first": next_id(con, "station_sessions", "session_id"),
            "batch": batch + 1,
            "base": base,
            "location": location,
        },
    )
    _insert(
        con,
        f"""INSERT INTO occupancy SELECT $batch, $location, {at.format("observed")}, people,
            $capacity FROM demo_frame""",
        rows.occupancy,
        _OCCUPANCY,
        {"batch": batch + 2, "location": location, "base": base, "capacity": CAPACITY},
    )
