from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legdash import cli, db, exercises, settings
from legdash.exercises import Exercise, classify, name_key
from legdash.ingest.layout import Options
from legdash.ingest.pipeline import import_file
from tests.conftest import GYM_ZONE


def test_taxonomy_is_large_and_consistent():
    assert len(exercises.TAXONOMY) >= 200
    for _, exercise in exercises.TAXONOMY.values():
        assert exercise.pattern in exercises.PATTERNS
        assert exercise.pattern != "unclassified"
        assert exercise.equipment in exercises.EQUIPMENT
        assert exercise.muscle_group in exercises.MUSCLE_GROUPS
    assert set(exercises.MAIN_LIFTS) <= set(exercises.CANONICAL)


@pytest.mark.parametrize(
    "raw, name, pattern, equipment, rack",
    [
        ("Squat (Barbell)", "Back Squat", "squat", "barbell", True),
        ("Romanian Deadlift (Dumbbell)", "Dumbbell Romanian Deadlift", "hinge", "dumbbell", False),
        ("Romanian Deadlift (Barbell)", "Romanian Deadlift", "hinge", "barbell", False),
        ("Leg Press (Machine)", "Leg Press", "leg_machine", "machine", False),
        ("Hack Squat (Machine)", "Hack Squat", "leg_machine", "machine", False),
        ("Squat (Smith Machine)", "Smith Machine Squat", "squat", "smith", False),
        ("Bulgarian Split Squat", "Bulgarian Split Squat", "lunge", "dumbbell", False),
        ("Hip Thrust (Barbell)", "Hip Thrust", "hinge", "barbell", False),
        ("Standing Calf Raise (Machine)", "Standing Calf Raise", "calf", "machine", False),
        ("Bench Press (Barbell)", "Bench Press", "push", "barbell", False),
        ("Lat Pulldown (Cable)", "Lat Pulldown", "pull", "cable", False),
        ("Plank", "Plank", "core", "bodyweight", False),
        ("Treadmill", "Treadmill", "cardio", "machine", False),
        ("Agachamento", "Back Squat", "squat", "barbell", True),
        ("Sentadilla", "Back Squat", "squat", "barbell", True),
        ("Kniebeuge", "Back Squat", "squat", "barbell", True),
        ("Levantamento Terra", "Deadlift", "hinge", "barbell", False),
        ("Peso Muerto", "Deadlift", "hinge", "barbell", False),
        ("Stacco", "Deadlift", "hinge", "barbell", False),
        ("Soulevé de Terre", "Deadlift", "hinge", "barbell", False),
        ("Reverse Lunge (Barbell)", "Barbell Reverse Lunge", "lunge", "barbell", True),
        ("Hip Adductor (Machine)", "Hip Adduction", "leg_machine", "machine", False),
        ("Hip Abductor (Machine)", "Hip Abduction", "leg_machine", "machine", False),
        ("Pistol Squat", "Pistol Squat", "squat", "bodyweight", False),
        ("Cossack Squat", "Cossack Squat", "squat", "bodyweight", False),
        ("Lateral Lunge", "Lateral Lunge", "lunge", "bodyweight", False),
        ("Lateral Lunge (Dumbbell)", "Dumbbell Lateral Lunge", "lunge", "dumbbell", False),
        ("Curtsy Lunge", "Curtsy Lunge", "lunge", "bodyweight", False),
        ("Reverse Hyperextension", "Reverse Hyperextension", "hinge", "machine", False),
    ],
)
def test_app_names_classify(raw, name, pattern, equipment, rack):
    assert classify(raw) == Exercise(name, pattern, classify(raw).muscle_group, equipment, rack)


@pytest.mark.parametrize(
    "variant", ["squat (barbell)", "SQUAT(BARBELL)", "  Squat  -  Barbell ", "Squat [Barbell]"]
)
def test_matching_tolerates_case_spacing_and_punctuation(variant):
    assert classify(variant) == classify("Squat (Barbell)")


def test_accents_do_not_matter():
    assert classify("Souleve de Terre") == classify("Soulevé de Terre")
    assert name_key("Agachamento Búlgaro") == "agachamento bulgaro"


@pytest.mark.parametrize("raw", ["Sissy Squat Deluxe", "Leg Day", "Zumba", ""])
def test_unknown_names_are_never_guessed(raw):
    assert classify(raw) is None


@given(st.text(max_size=60))
def test_name_key_is_stable_and_clean(raw):
    key = name_key(raw)
    assert key == name_key(key)
    assert key == key.strip()
    assert all(c.isascii() and (c.isalnum() or c == " ") for c in key)


def test_name_key_sql_agrees_with_python(db_file):
    names = ["Squat (Barbell)", "Agachamento Búlgaro", "  RDL!! ", "Stacco-da-Terra", "Ünïcödé"]
    with db.write(db_file) as con:
        sql = exercises.NAME_KEY_SQL.format(col="n")
        got = [con.execute(f"SELECT {sql} FROM (SELECT ? AS n)", [n]).fetchone()[0] for n in names]
    assert got == [name_key(n) for n in names]


def test_equipment_class_matches_the_design():
    assert exercises.equipment_class("barbell") == "free_weight"
    assert exercises.equipment_class("kettlebell") == "free_weight"
    assert exercises.equipment_class("smith") == "machine"
    assert exercises.equipment_class("cable") == "machine"
    assert exercises.equipment_class("band") == "other"


def _import_sets(db_file, write_csv, names: list[str]) -> None:
    rows = "".join(f"M1,2026-01-05 18:{i:02d},{n},100,5\n" for i, n in enumerate(names))
    path = write_csv("log.csv", "member_id,performed_at,exercise,weight,reps\n" + rows)
    import_file(path, db_file, options=Options(), now=datetime(2026, 3, 1))


def _classified(db_file) -> dict[str, tuple[str, str, bool]]:
    with db.read(db_file) as con:
        rows = con.execute("SELECT exercise_raw, exercise, pattern, is_leg FROM v_sets").fetchall()
    return {raw: (name, pattern, leg) for raw, name, pattern, leg in rows}


def test_unknown_name_is_unclassified_and_listed(db_file, write_csv):
    _import_sets(db_file, write_csv, ["Squat (Barbell)", "Sissy Squat"])
    assert _classified(db_file)["Sissy Squat"] == ("Sissy Squat", "unclassified", False)
    with db.read(db_file) as con:
        listed = con.execute("SELECT exercise_raw, sets FROM v_unclassified_exercises").fetchall()
    assert listed == [("Sissy Squat", 1)]


def test_listings_show_a_name_from_a_file_escaped(db_file, write_csv, capsys):
    _import_sets(db_file, write_csv, ["Zer\u202echer"])
    with db.write(db_file) as con:
        con.execute("UPDATE sets SET flagged = true, flag_reason = 'checked by hand'")
    capsys.readouterr()
    assert cli.main(["exercise", "unclassified", "--db", str(db_file)]) == 0
    assert capsys.readouterr().out == "      1 sets  Zer\\u202echer\n"
    assert cli.main(["flagged", "--db", str(db_file)]) == 0
    assert "  Zer\\u202echer: " in capsys.readouterr().out


NOW = datetime(2026, 3, 1, 12, 0)


def test_mapping_reclassifies_stored_sets_and_unmap_restores(db_file, write_csv):
    _import_sets(db_file, write_csv, ["Sissy Squat", "Squat (Barbell)"])
    with db.write(db_file) as con:
        target = Exercise("Sissy Squat", "squat", "quads", "bodyweight", False)
        assert exercises.map_name(con, "sissy squat", target, NOW) == 1
        front = exercises.CANONICAL["Front Squat"]
        assert exercises.map_name(con, "Squat (Barbell)", front, NOW) == 1
    assert _classified(db_file)["Sissy Squat"] == ("Sissy Squat", "squat", True)
    assert _classified(db_file)["Squat (Barbell)"][0] == "Front Squat"
    with db.write(db_file) as con:
        exercises.unmap_name(con, "Squat (Barbell)")
        assert exercises.known_exercise(con, "Sissy Squat") == target
    assert _classified(db_file)["Squat (Barbell)"][0] == "Back Squat"


def test_a_mapping_is_dated_on_the_gym_clock(db_file: Path, gym_behind_server: date) -> None:
    """As a member's created_at: DuckDB's default would take the server's clock, a day ahead."""
    args = ["exercise", "map", "Sissy Squat", "--to", "Front Squat", "--db", str(db_file)]
    assert cli.main(args) == 0
    with db.read(db_file) as con:
        created = con.execute("SELECT created_at FROM exercise_aliases").fetchone()[0]
    assert abs(created - settings.wall_clock(GYM_ZONE)) < timedelta(minutes=1)


def test_cli_maps_names(db_file, write_csv, capsys):
    _import_sets(db_file, write_csv, ["Kettlebell Goblet Squat Deluxe"])
    args = ["exercise", "map", "Kettlebell Goblet Squat Deluxe", "--db", str(db_file)]
    assert cli.main([*args, "--to", "Goblet Squat"]) == 0
    assert _classified(db_file)["Kettlebell Goblet Squat Deluxe"][:2] == ("Goblet Squat", "squat")
    assert cli.main(["exercise", "map", "Mystery", "--to", "Nope", "--db", str(db_file)]) == 2
    assert capsys.readouterr().err == (
        "error: 'Nope' is not a known exercise. For a new one, give --pattern, --muscle and"
        " --equipment\n"
    )
    assert cli.main([*args, "--to", "Back Sqat"]) == 2
    assert "'Back Sqat' is not a known exercise; did you mean 'Back Squat'?" in (
        capsys.readouterr().err
    )
    assert cli.main([*args, "--to", "back  sqat"]) == 2
    assert "did you mean 'Back Squat'?" in capsys.readouterr().err
    capsys.readouterr()
    assert cli.main([*args, "--to", "leg press "]) == 0
    assert _classified(db_file)["Kettlebell Goblet Squat Deluxe"][0] == "Leg Press"
    # A second mapping replaces the first: staff are told which, not only the new one.
    assert capsys.readouterr().out == (
        "'Kettlebell Goblet Squat Deluxe' -> Leg Press (leg_machine, machine): 1 set"
        " (mapped to Goblet Squat before)\n"
    )
    assert cli.main([*args, "--to", "Back Squat", "--pattern", "hinge"]) == 2
    assert "'Back Squat' is a known exercise: leave out --pattern" in capsys.readouterr().err
    assert cli.main(["exercise", "unmap", "Never Mapped", "--db", str(db_file)]) == 2
    assert cli.main(["exercise", "unclassified", "--json", "--db", str(db_file)]) == 0


def test_cli_map_and_unmap_json_print_what_changed(db_file, write_csv, capsys):
    _import_sets(db_file, write_csv, ["Kniebeuge", "Kniebeuge"])
    args = ["exercise", "map", "Kniebeuge", "--json", "--db", str(db_file)]
    assert cli.main([*args, "--to", "Goblet Squat"]) == 0
    capsys.readouterr()
    assert cli.main([*args, "--to", "back squat"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "name": "Kniebeuge",
        "exercise": {
            "name": "Back Squat",
            "pattern": "squat",
            "muscle_group": exercises.CANONICAL["Back Squat"].muscle_group,
            "equipment": "barbell",
            "needs_rack": True,
        },
        "sets": 2,
        "mapped_before": "Goblet Squat",
    }
    assert cli.main(["exercise", "unmap", "kniebeuge", "--json", "--db", str(db_file)]) == 0
    assert json.loads(capsys.readouterr().out) == {"name": "kniebeuge", "sets": 2}
