"""What the demo gym's members do: exercises, workout templates, personas and their habits.

Kept apart from the simulation in `legdash.demo` so the gym can be tuned without touching how it is
laid out in time. Exercise names are spelled as the apps write them and all classify.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

# The demo gym's size and seed when not told them: read by the command line without loading the
# simulation.
DEMO_DEFAULTS = {"members": 300, "weeks": 16, "seed": 1}
DAY_WEIGHTS = (1.45, 1.2, 1.15, 1.05, 0.8, 0.6, 0.45)  # Monday busiest, weekends lighter
# Preferred weekday start: (from, to) in hours and the share of members who like that time.
WEEKDAY_SLOTS = (
    (6.25, 8.0, 0.15),
    (9.0, 11.5, 0.07),
    (11.5, 13.5, 0.12),
    (14.0, 16.5, 0.08),
    (17.0, 19.5, 0.52),
    (19.5, 20.5, 0.06),
)
WEEKEND_SLOTS = ((9.0, 13.0, 0.8), (14.0, 17.0, 0.2))


@dataclass(frozen=True)
class Lift:
    """How an average member does an exercise; `kg` is None for bodyweight and cardio."""

    kg: float | None
    reps: int
    station: str | None = None
    warmups: bool = False
    step: float = 2.5  # plates, pin stack or dumbbell spacing
    speed: float = 0.0  # metres per second, for cardio
    instead: tuple[str, ...] = ()  # what a member does when every station of the type is taken


_SQUAT_INSTEAD = (
    "Hack Squat (Machine)",
    "Leg Press (Machine)",
    "Squat (Smith Machine)",
    "Goblet Squat (Dumbbell)",
)
_DB_RDL = ("Romanian Deadlift (Dumbbell)",)
_CHEST_INSTEAD = ("Chest Press (Machine)",)

LIFTS: dict[str, Lift] = {
    "Squat (Barbell)": Lift(80, 5, "squat_rack", warmups=True, instead=_SQUAT_INSTEAD),
    "Front Squat (Barbell)": Lift(60, 5, "squat_rack", warmups=True, instead=_SQUAT_INSTEAD),
    "Overhead Press (Barbell)": Lift(
        40, 6, "squat_rack", warmups=True, instead=("Shoulder Press (Dumbbell)",)
    ),
    "Deadlift (Barbell)": Lift(100, 5, "platform", warmups=True, instead=_DB_RDL),
    "Romanian Deadlift (Barbell)": Lift(70, 8, "platform", instead=_DB_RDL),
    "Romanian Deadlift (Dumbbell)": Lift(24, 10, step=2),
    "Hip Thrust (Barbell)": Lift(80, 10),
    "Bulgarian Split Squat (Dumbbell)": Lift(14, 10, step=2),
    "Leg Press (Machine)": Lift(
        140, 10, "leg_press", step=5, instead=("Hack Squat (Machine)", "Leg Extension (Machine)")
    ),
    "Hack Squat (Machine)": Lift(
        80, 10, "hack_squat", step=5, instead=("Leg Press (Machine)", "Leg Extension (Machine)")
    ),
    "Squat (Smith Machine)": Lift(60, 8, "smith", instead=("Goblet Squat (Dumbbell)",)),
    "Goblet Squat (Dumbbell)": Lift(20, 10, step=2),
    "Leg Extension (Machine)": Lift(45, 12, step=5),
    "Lying Leg Curl (Machine)": Lift(35, 12, step=5),
    "Seated Leg Curl (Machine)": Lift(40, 12, step=5),
    "Hip Abduction (Machine)": Lift(45, 15, step=5),
    "Standing Calf Raise (Machine)": Lift(60, 15, step=5),
    "Bench Press (Barbell)": Lift(
        60, 5, "bench", warmups=True, instead=("Bench Press (Dumbbell)", *_CHEST_INSTEAD)
    ),
    "Bench Press (Dumbbell)": Lift(22, 10, "bench", step=2, instead=_CHEST_INSTEAD),
    "Incline Bench Press (Dumbbell)": Lift(20, 10, "bench", step=2, instead=_CHEST_INSTEAD),
    "Chest Press (Machine)": Lift(50, 10, step=5),
    "Chest Fly (Machine)": Lift(40, 12, step=5),
    "Triceps Pushdown (Cable - Rope)": Lift(25, 12),
    "Lat Pulldown (Cable)": Lift(55, 10, step=5),
    "Seated Cable Row - V Grip (Cable)": Lift(55, 10, step=5),
    "Bent Over Row (Barbell)": Lift(50, 8),
    "Pull Up": Lift(None, 8),
    "Bicep Curl (Barbell)": Lift(30, 10),
    "Bicep Curl (Dumbbell)": Lift(12, 12, step=2),
    "Hammer Curl (Dumbbell)": Lift(12, 12, step=2),
    "Shoulder Press (Dumbbell)": Lift(18, 10, step=2),
    "Shoulder Press (Machine)": Lift(40, 10, step=5),
    "Lateral Raise (Dumbbell)": Lift(8, 15, step=1),
    "Face Pull (Cable)": Lift(20, 15),
    "Crunch (Machine)": Lift(40, 15, step=5),
    "Hanging Leg Raise": Lift(None, 12),
    "Running (Treadmill)": Lift(None, 0, speed=2.7),
    "Cycling (Machine)": Lift(None, 0, speed=7.0),
    "Elliptical (Machine)": Lift(None, 0, speed=2.2),
    "Rowing (Machine)": Lift(None, 0, speed=3.7),
}

# Workout templates: (exercise, working sets) in the order members do them.
TEMPLATES: dict[str, tuple[tuple[str, int], ...]] = {
    "Legs A": (
        ("Squat (Barbell)", 4),
        ("Romanian Deadlift (Barbell)", 3),
        ("Lying Leg Curl (Machine)", 3),
        ("Standing Calf Raise (Machine)", 3),
    ),
    "Legs B": (
        ("Deadlift (Barbell)", 3),
        ("Front Squat (Barbell)", 3),
        ("Bulgarian Split Squat (Dumbbell)", 3),
        ("Leg Extension (Machine)", 3),
    ),
    "Upper A": (
        ("Bench Press (Barbell)", 4),
        ("Bent Over Row (Barbell)", 3),
        ("Lat Pulldown (Cable)", 3),
        ("Triceps Pushdown (Cable - Rope)", 3),
        ("Bicep Curl (Dumbbell)", 2),
    ),
    "Upper B": (
        ("Overhead Press (Barbell)", 4),
        ("Pull Up", 3),
        ("Incline Bench Press (Dumbbell)", 3),
        ("Seated Cable Row - V Grip (Cable)", 3),
        ("Lateral Raise (Dumbbell)", 3),
    ),
    "Machine Legs": (
        ("Leg Press (Machine)", 4),
        ("Leg Extension (Machine)", 3),
        ("Seated Leg Curl (Machine)", 3),
        ("Hip Abduction (Machine)", 2),
        ("Standing Calf Raise (Machine)", 2),
    ),
    "Machine Upper": (
        ("Chest Press (Machine)", 3),
        ("Lat Pulldown (Cable)", 3),
        ("Shoulder Press (Machine)", 3),
        ("Bicep Curl (Dumbbell)", 3),
        ("Triceps Pushdown (Cable - Rope)", 3),
        ("Crunch (Machine)", 2),
    ),
    "Chest": (
        ("Bench Press (Barbell)", 4),
        ("Incline Bench Press (Dumbbell)", 3),
        ("Chest Fly (Machine)", 3),
        ("Triceps Pushdown (Cable - Rope)", 3),
    ),
    "Back": (
        ("Lat Pulldown (Cable)", 4),
        ("Seated Cable Row - V Grip (Cable)", 3),
        ("Bent Over Row (Barbell)", 3),
        ("Bicep Curl (Barbell)", 3),
        ("Hammer Curl (Dumbbell)", 2),
    ),
    "Shoulders": (
        ("Overhead Press (Barbell)", 3),
        ("Lateral Raise (Dumbbell)", 4),
        ("Face Pull (Cable)", 3),
        ("Hanging Leg Raise", 3),
    ),
    "Cardio": (("Running (Treadmill)", 1), ("Crunch (Machine)", 3)),
    "Cardio + Circuit": (
        ("Running (Treadmill)", 1),
        ("Leg Press (Machine)", 2),
        ("Chest Press (Machine)", 2),
        ("Lat Pulldown (Cable)", 2),
    ),
    "Full Body": (
        ("Goblet Squat (Dumbbell)", 3),
        ("Leg Press (Machine)", 3),
        ("Chest Press (Machine)", 3),
        ("Lat Pulldown (Cable)", 3),
        ("Hanging Leg Raise", 2),
    ),
}


@dataclass(frozen=True)
class Persona:
    """A kind of member: how often they train, what, how strong and how long they wait."""

    name: str
    share: float
    sessions: tuple[int, ...]  # weekly sessions aimed for; one is drawn per member
    strength: tuple[float, float]
    patience_s: tuple[int, int]  # how long they wait for a taken station
    miss: tuple[float, float]  # chance of skipping a whole week
    week: Callable[[random.Random, int, float], list[str]]  # templates of a week of k workouts
    swaps: tuple[tuple[float, str, str], ...] = ()  # (chance, template exercise, their own)


# A persona's week: the templates of k workouts in day order (leg_chance: a machine member's odds of
# a leg day that week).
def _barbell_week(rng: random.Random, k: int, leg_chance: float) -> list[str]:
    return [("Legs A", "Upper A", "Legs B", "Upper B")[i % 4] for i in range(k)]


def _machine_week(rng: random.Random, k: int, leg_chance: float) -> list[str]:
    titles = ["Machine Upper"] * k
    if rng.random() < leg_chance:
        titles[rng.randrange(k)] = "Machine Legs"
    return titles


def _upper_week(rng: random.Random, k: int, leg_chance: float) -> list[str]:
    first = rng.randrange(3)
    return [("Chest", "Back", "Shoulders")[(first + i) % 3] for i in range(k)]


def _cardio_week(rng: random.Random, k: int, leg_chance: float) -> list[str]:
    return ["Cardio + Circuit" if rng.random() < 0.3 else "Cardio" for _ in range(k)]


def _beginner_week(rng: random.Random, k: int, leg_chance: float) -> list[str]:
    return ["Full Body"] * k


PERSONAS = (
    Persona(
        name="barbell_legs",
        share=0.2,
        sessions=(2, 3, 3, 4),
        strength=(0.8, 1.4),
        patience_s=(420, 1200),
        miss=(0.03, 0.12),
        week=_barbell_week,
        swaps=((0.25, "Romanian Deadlift (Barbell)", "Hip Thrust (Barbell)"),),
    ),
    Persona(
        name="machine_legs",
        share=0.25,
        sessions=(2, 3, 3, 4),
        strength=(0.6, 1.1),
        patience_s=(120, 600),
        miss=(0.05, 0.2),
        week=_machine_week,
        swaps=(
            (0.2, "Leg Press (Machine)", "Squat (Barbell)"),
            (0.3, "Leg Press (Machine)", "Hack Squat (Machine)"),
            (0.2, "Leg Press (Machine)", "Squat (Smith Machine)"),
        ),
    ),
    Persona(
        name="upper_only",
        share=0.28,
        sessions=(3, 4, 4, 5),
        strength=(0.7, 1.2),
        patience_s=(120, 600),
        miss=(0.05, 0.2),
        week=_upper_week,
        swaps=(
            (0.5, "Overhead Press (Barbell)", "Shoulder Press (Dumbbell)"),
            (0.3, "Bench Press (Barbell)", "Bench Press (Dumbbell)"),
        ),
    ),
    Persona(
        name="cardio",
        share=0.15,
        sessions=(2, 3, 4),
        strength=(0.5, 0.9),
        patience_s=(60, 300),
        miss=(0.05, 0.25),
        week=_cardio_week,
        swaps=(
            (0.35, "Running (Treadmill)", "Cycling (Machine)"),
            (0.3, "Running (Treadmill)", "Elliptical (Machine)"),
            (0.25, "Running (Treadmill)", "Rowing (Machine)"),
        ),
    ),
    Persona(
        name="beginner",
        share=0.12,
        sessions=(1, 2, 2, 3),
        strength=(0.45, 0.8),
        patience_s=(60, 300),
        miss=(0.1, 0.3),
        week=_beginner_week,
        swaps=((0.4, "Goblet Squat (Dumbbell)", "Squat (Smith Machine)"),),
    ),
)
