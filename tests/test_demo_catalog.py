from __future__ import annotations

import random

import pytest

from legdash.demo_catalog import LIFTS, PERSONAS, TEMPLATES
from legdash.exercises import classify


def all_names() -> set[str]:
    names = set(LIFTS)
    names |= {name for template in TEMPLATES.values() for name, _ in template}
    names |= {own for persona in PERSONAS for _, _, own in persona.swaps}
    names |= {other for lift in LIFTS.values() for other in lift.instead}
    return names


@pytest.mark.parametrize("name", sorted(all_names()))
def test_every_exercise_classifies_and_rack_lifts_book_a_rack(name):
    exercise = classify(name)
    assert exercise is not None
    assert name in LIFTS
    assert (LIFTS[name].station == "squat_rack") == exercise.needs_rack


def test_a_taken_station_always_leaves_something_to_do():
    for name, lift in LIFTS.items():
        if lift.station:
            assert lift.instead and LIFTS[lift.instead[-1]].station is None, name


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_persona_weeks_use_known_templates(persona):
    rng = random.Random(1)
    for k in range(1, 6):
        week = persona.week(rng, k, 0.5)
        assert len(week) == k and set(week) <= set(TEMPLATES)
    assert set(persona.sessions) <= set(range(1, 6))


def test_persona_shares_add_up_and_some_train_legs_with_a_barbell():
    assert sum(p.share for p in PERSONAS) == pytest.approx(1.0)
    barbell = {name for name, lift in LIFTS.items() if lift.station in ("squat_rack", "platform")}
    plans = {p.name: set(p.week(random.Random(1), 4, 1.0)) for p in PERSONAS}
    with_barbell_legs = {
        name
        for name, titles in plans.items()
        if any(
            ex in barbell and classify(ex).pattern in ("squat", "hinge")
            for title in titles
            for ex, _ in TEMPLATES[title]
        )
    }
    assert "barbell_legs" in with_barbell_legs and "upper_only" not in with_barbell_legs
