"""Exercise taxonomy: the names workout apps use -> canonical exercise, pattern, muscle group, equipment.

Every figure in legdash rests on this table: which sets are leg work, which occupy a squat rack and
which count as free weights. An unknown name is "unclassified" (never guessed as legs) until staff map
it in the exercise_aliases table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from difflib import get_close_matches

import duckdb

PATTERNS = (
    "squat",
    "hinge",
    "lunge",
    "leg_machine",
    "calf",
    "push",
    "pull",
    "core",
    "carry",
    "cardio",
    "other",
    "unclassified",
)
LEG_PATTERNS = frozenset({"squat", "hinge", "lunge", "leg_machine", "calf"})
EQUIPMENT = (
    "barbell",
    "dumbbell",
    "kettlebell",
    "machine",
    "smith",
    "cable",
    "bodyweight",
    "band",
    "other",
)
FREE_WEIGHT = frozenset({"barbell", "dumbbell", "kettlebell"})
MACHINE = frozenset({"machine", "smith", "cable"})
EQUIPMENT_CLASSES = ("free_weight", "machine", "other")
MUSCLE_GROUPS = (
    "quads",
    "hamstrings",
    "glutes",
    "calves",
    "chest",
    "back",
    "shoulders",
    "biceps",
    "triceps",
    "core",
    "full_body",
    "cardio",
)

# The lifts a member's PRs and the programs are built on, in display order.
MAIN_LIFTS = (
    "Back Squat",
    "Front Squat",
    "Deadlift",
    "Romanian Deadlift",
    "Sumo Deadlift",
    "Bulgarian Split Squat",
    "Hip Thrust",
    "Leg Press",
    "Hack Squat",
)

# Name keys are computed identically in Python and in SQL so stored sets join the taxonomy.
NAME_KEY_SQL = "trim(regexp_replace(lower(strip_accents({col})), '[^a-z0-9]+', ' ', 'g'))"

EQUIPMENT_CLASS_SQL = (
    "CASE WHEN {col} IN ('barbell', 'dumbbell', 'kettlebell') THEN 'free_weight'"
    " WHEN {col} IN ('machine', 'smith', 'cable') THEN 'machine' ELSE 'other' END"
)


@dataclass(frozen=True)
class Exercise:
    name: str
    pattern: str
    muscle_group: str
    equipment: str
    needs_rack: bool


def name_key(raw: str) -> str:
    """Case, accent, spacing and punctuation-insensitive key: "Squat (Barbell)" -> "squat barbell"."""
    text = unicodedata.normalize("NFKD", raw)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def equipment_class(equipment: str) -> str:
    """free_weight, machine or other: the design's one definition."""
    if equipment in FREE_WEIGHT:
        return "free_weight"
    if equipment in MACHINE:
        return "machine"
    return "other"


# canonical | pattern | muscle group | equipment | rack (needs a squat rack) or - | other names.
# Strong and Hevy write "Name (Equipment)"; FitNotes and people write plain names; the main lifts
# also appear in the languages members' phones use.
_TABLE = """
Back Squat | squat | quads | barbell | rack | Squat (Barbell); Barbell Squat; Barbell Back Squat; Squat; High Bar Squat; Low Bar Squat; Back Squat (Barbell); Agachamento; Agachamento Livre; Agachamento com Barra; Sentadilla; Sentadilla con Barra; Sentadilla Trasera; Kniebeuge; Kniebeugen; Langhantel Kniebeuge; Squat Arrière; Squat Barre; Squat con Bilanciere; Accosciata; Squat Bilanciere; Sentadilla (Barra); Agachamento (Barra); Kniebeuge (Langhantel)
Front Squat | squat | quads | barbell | rack | Front Squat (Barbell); Barbell Front Squat; Agachamento Frontal; Sentadilla Frontal; Frontkniebeuge; Squat Avant; Front Squat con Bilanciere
Box Squat | squat | quads | barbell | rack | Box Squat (Barbell); Barbell Box Squat
Pause Squat | squat | quads | barbell | rack | Pause Squat (Barbell); Paused Squat; Paused Back Squat
Safety Bar Squat | squat | quads | barbell | rack | Safety Squat Bar Squat; SSB Squat; Squat (Safety Bar)
Overhead Squat | squat | quads | barbell | rack | Overhead Squat (Barbell)
Zercher Squat | squat | quads | barbell | rack | Zercher Squat (Barbell)
Smith Machine Squat | squat | quads | smith | - | Squat (Smith Machine); Smith Squat; Agachamento no Smith; Sentadilla en Smith; Multipresse Kniebeuge
Goblet Squat | squat | quads | dumbbell | - | Goblet Squat (Dumbbell); Dumbbell Goblet Squat; Goblet Squat (Kettlebell); Kettlebell Goblet Squat
Dumbbell Squat | squat | quads | dumbbell | - | Squat (Dumbbell)
Bodyweight Squat | squat | quads | bodyweight | - | Squat (Bodyweight); Air Squat; Air Squats; Bodyweight Squats
Jump Squat | squat | quads | bodyweight | - | Jump Squat (Bodyweight); Squat Jump; Squat Jumps
Pistol Squat | squat | quads | bodyweight | - | Pistol Squat (Bodyweight); Single Leg Squat; Pistol Squats
Cossack Squat | squat | quads | bodyweight | - | Cossack Squat (Bodyweight); Cossack Squats
Belt Squat | leg_machine | quads | machine | - | Belt Squat (Machine)
Pendulum Squat | leg_machine | quads | machine | - | Pendulum Squat (Machine)
Hack Squat | leg_machine | quads | machine | - | Hack Squat (Machine); Machine Hack Squat; Agachamento Hack; Sentadilla Hack; Hackenschmidt Kniebeuge; Hack Squat Machine
Barbell Hack Squat | squat | quads | barbell | - | Hack Squat (Barbell)
Leg Press | leg_machine | quads | machine | - | Leg Press (Machine); Seated Leg Press; 45 Degree Leg Press; Incline Leg Press; Leg Press Horizontal (Machine); Horizontal Leg Press; Leg Press Machine; Leg Press 45; Leg Press 45 Graus; Prensa de Piernas; Prensa; Beinpresse; Presse à Cuisses; Pressa; Leg Press Inclinata
Single Leg Press | leg_machine | quads | machine | - | Single Leg Press (Machine)
Leg Extension | leg_machine | quads | machine | - | Leg Extension (Machine); Leg Extensions; Seated Leg Extension; Cadeira Extensora; Extensora; Extensión de Cuádriceps; Beinstrecker
Lying Leg Curl | leg_machine | hamstrings | machine | - | Lying Leg Curl (Machine); Leg Curl (Machine); Leg Curl; Mesa Flexora; Curl Femoral Tumbado; Beinbeuger Liegend
Seated Leg Curl | leg_machine | hamstrings | machine | - | Seated Leg Curl (Machine); Cadeira Flexora; Curl Femoral Sentado; Beinbeuger Sitzend
Standing Leg Curl | leg_machine | hamstrings | machine | - | Standing Leg Curl (Machine)
Hip Adduction | leg_machine | glutes | machine | - | Hip Adduction (Machine); Hip Adductor (Machine); Hip Adductor; Adductor Machine; Inner Thigh Machine; Cadeira Adutora
Hip Abduction | leg_machine | glutes | machine | - | Hip Abduction (Machine); Hip Abductor (Machine); Hip Abductor; Abductor Machine; Outer Thigh Machine; Cadeira Abdutora
Glute Kickback | leg_machine | glutes | cable | - | Glute Kickback (Cable); Cable Kickback; Glute Kickback (Machine)
Deadlift | hinge | hamstrings | barbell | - | Deadlift (Barbell); Barbell Deadlift; Conventional Deadlift; Levantamento Terra; Terra; Peso Muerto; Peso Muerto Convencional; Kreuzheben; Soulevé de Terre; Souleve de Terre; Stacco; Stacco da Terra; Stacco Classico; Peso Muerto (Barra); Levantamento Terra (Barra); Kreuzheben (Langhantel); Stacco (Bilanciere); Soulevé de Terre (Barre)
Sumo Deadlift | hinge | hamstrings | barbell | - | Sumo Deadlift (Barbell); Levantamento Terra Sumô; Peso Muerto Sumo; Sumo Kreuzheben; Stacco Sumo
Romanian Deadlift | hinge | hamstrings | barbell | - | Romanian Deadlift (Barbell); Barbell Romanian Deadlift; RDL; Barbell RDL; Levantamento Terra Romeno; Stiff Romeno; Peso Muerto Rumano; Rumänisches Kreuzheben; Soulevé de Terre Roumain; Stacco Rumeno; Peso Muerto Rumano (Barra); Levantamento Terra Romeno (Barra); Rumänisches Kreuzheben (Langhantel); Stacco Rumeno (Bilanciere)
Dumbbell Romanian Deadlift | hinge | hamstrings | dumbbell | - | Romanian Deadlift (Dumbbell); Dumbbell RDL; DB RDL
Single Leg Romanian Deadlift | hinge | hamstrings | dumbbell | - | Single Leg Romanian Deadlift (Dumbbell); Single Leg RDL; Single Leg Deadlift (Dumbbell)
Stiff Leg Deadlift | hinge | hamstrings | barbell | - | Stiff Leg Deadlift (Barbell); Straight Leg Deadlift (Barbell); Stiff-Legged Deadlift; Stiff
Trap Bar Deadlift | hinge | hamstrings | barbell | - | Trap Bar Deadlift (Trap Bar); Hex Bar Deadlift; Deadlift (Trap Bar)
Dumbbell Deadlift | hinge | hamstrings | dumbbell | - | Deadlift (Dumbbell)
Smith Machine Deadlift | hinge | hamstrings | smith | - | Deadlift (Smith Machine)
Rack Pull | hinge | back | barbell | rack | Rack Pull (Barbell); Rack Pulls; Block Pull
Deficit Deadlift | hinge | hamstrings | barbell | - | Deficit Deadlift (Barbell)
Good Morning | hinge | hamstrings | barbell | rack | Good Morning (Barbell); Barbell Good Morning; Good Mornings
Hip Thrust | hinge | glutes | barbell | - | Hip Thrust (Barbell); Barbell Hip Thrust; Elevação Pélvica; Hip Thrust con Barra; Hip Thrust mit Langhantel
Machine Hip Thrust | leg_machine | glutes | machine | - | Hip Thrust (Machine)
Smith Machine Hip Thrust | hinge | glutes | smith | - | Hip Thrust (Smith Machine)
Glute Bridge | hinge | glutes | bodyweight | - | Glute Bridge (Bodyweight); Hip Bridge; Barbell Glute Bridge; Glute Bridge (Barbell)
Kettlebell Swing | hinge | glutes | kettlebell | - | Kettlebell Swing (Kettlebell); Kettlebell Swings; KB Swing; Russian Kettlebell Swing
Reverse Hyperextension | hinge | glutes | machine | - | Reverse Hyperextension (Machine); Reverse Hyper
Back Extension | hinge | back | bodyweight | - | Back Extension (Bodyweight); Hyperextension; Back Extension (Machine); Back Extensions; 45 Degree Back Extension
Cable Pull Through | hinge | glutes | cable | - | Cable Pull Through (Cable); Pull Through
Nordic Hamstring Curl | hinge | hamstrings | bodyweight | - | Nordic Curl; Nordic Hamstring Curl (Bodyweight)
Bulgarian Split Squat | lunge | quads | dumbbell | - | Bulgarian Split Squat (Dumbbell); Dumbbell Bulgarian Split Squat; Rear Foot Elevated Split Squat; Agachamento Búlgaro; Sentadilla Búlgara; Bulgarische Kniebeuge; Squat Bulgaro; Fente Bulgare
Barbell Bulgarian Split Squat | lunge | quads | barbell | rack | Bulgarian Split Squat (Barbell)
Smith Machine Bulgarian Split Squat | lunge | quads | smith | - | Bulgarian Split Squat (Smith Machine)
Split Squat | lunge | quads | dumbbell | - | Split Squat (Dumbbell); Dumbbell Split Squat
Barbell Split Squat | lunge | quads | barbell | rack | Split Squat (Barbell)
Lunge | lunge | quads | dumbbell | - | Lunge (Dumbbell); Dumbbell Lunge; Dumbbell Lunges; Lunges; Avanço; Afundo; Zancada; Zancadas; Ausfallschritt; Ausfallschritte; Fentes; Affondi
Barbell Lunge | lunge | quads | barbell | rack | Lunge (Barbell); Barbell Lunges
Walking Lunge | lunge | quads | dumbbell | - | Walking Lunge (Dumbbell); Walking Lunges; Dumbbell Walking Lunge
Bodyweight Lunge | lunge | quads | bodyweight | - | Lunge (Bodyweight); Walking Lunge (Bodyweight)
Reverse Lunge | lunge | quads | dumbbell | - | Reverse Lunge (Dumbbell); Reverse Lunges
Barbell Reverse Lunge | lunge | quads | barbell | rack | Reverse Lunge (Barbell); Barbell Reverse Lunges
Lateral Lunge | lunge | quads | bodyweight | - | Lateral Lunge (Bodyweight); Side Lunge; Side Lunges; Lateral Lunges
Dumbbell Lateral Lunge | lunge | quads | dumbbell | - | Lateral Lunge (Dumbbell); Dumbbell Side Lunge
Curtsy Lunge | lunge | glutes | bodyweight | - | Curtsy Lunge (Bodyweight); Curtsy Lunges
Step Up | lunge | quads | dumbbell | - | Step Up (Dumbbell); Step Ups; Dumbbell Step Up; Box Step Up
Standing Calf Raise | calf | calves | machine | - | Standing Calf Raise (Machine); Calf Raise (Machine); Calf Raise; Calf Raises; Panturrilha em Pé; Elevación de Talones; Wadenheben
Seated Calf Raise | calf | calves | machine | - | Seated Calf Raise (Machine); Panturrilha Sentado
Barbell Calf Raise | calf | calves | barbell | rack | Standing Calf Raise (Barbell); Calf Raise (Barbell)
Dumbbell Calf Raise | calf | calves | dumbbell | - | Standing Calf Raise (Dumbbell); Single Leg Calf Raise (Dumbbell)
Smith Machine Calf Raise | calf | calves | smith | - | Standing Calf Raise (Smith Machine); Calf Raise (Smith Machine)
Leg Press Calf Raise | calf | calves | machine | - | Calf Press on Leg Press; Calf Press (Machine); Calf Press
Bodyweight Calf Raise | calf | calves | bodyweight | - | Standing Calf Raise (Bodyweight); Calf Raise (Bodyweight)
Bench Press | push | chest | barbell | - | Bench Press (Barbell); Barbell Bench Press; Flat Bench Press; Supino; Supino Reto; Press de Banca; Bankdrücken; Développé Couché; Panca Piana
Incline Bench Press | push | chest | barbell | - | Incline Bench Press (Barbell); Supino Inclinado; Press Inclinado
Decline Bench Press | push | chest | barbell | - | Decline Bench Press (Barbell)
Close Grip Bench Press | push | triceps | barbell | - | Close Grip Bench Press (Barbell); Bench Press - Close Grip (Barbell)
Dumbbell Bench Press | push | chest | dumbbell | - | Bench Press (Dumbbell); Dumbbell Press; Flat Dumbbell Press
Incline Dumbbell Press | push | chest | dumbbell | - | Incline Bench Press (Dumbbell); Incline Dumbbell Bench Press
Smith Machine Bench Press | push | chest | smith | - | Bench Press (Smith Machine)
Chest Press | push | chest | machine | - | Chest Press (Machine); Machine Chest Press; Seated Chest Press
Chest Fly | push | chest | dumbbell | - | Chest Fly (Dumbbell); Dumbbell Fly; Dumbbell Flyes
Pec Deck | push | chest | machine | - | Chest Fly (Machine); Pec Deck (Machine); Butterfly; Peck Deck
Cable Crossover | push | chest | cable | - | Cable Crossover (Cable); Cable Fly; Cable Fly Crossovers
Push Up | push | chest | bodyweight | - | Push Up (Bodyweight); Push Ups; Push-up; Pushups; Flexão
Dip | push | triceps | bodyweight | - | Chest Dip; Triceps Dip; Dips; Triceps Dip (Bodyweight); Chest Dip (Bodyweight)
Overhead Press | push | shoulders | barbell | rack | Overhead Press (Barbell); Barbell Overhead Press; Military Press; Standing Military Press; OHP; Strict Press; Shoulder Press (Barbell); Desenvolvimento; Press Militar; Schulterdrücken
Push Press | push | shoulders | barbell | rack | Push Press (Barbell)
Dumbbell Shoulder Press | push | shoulders | dumbbell | - | Shoulder Press (Dumbbell); Overhead Press (Dumbbell); Seated Dumbbell Press; Arnold Press (Dumbbell); Arnold Press
Machine Shoulder Press | push | shoulders | machine | - | Shoulder Press (Machine); Overhead Press (Machine)
Smith Machine Shoulder Press | push | shoulders | smith | - | Overhead Press (Smith Machine); Shoulder Press (Smith Machine)
Lateral Raise | push | shoulders | dumbbell | - | Lateral Raise (Dumbbell); Lateral Raises; Side Lateral Raise; Elevação Lateral; Elevaciones Laterales; Seitheben
Cable Lateral Raise | push | shoulders | cable | - | Lateral Raise (Cable)
Machine Lateral Raise | push | shoulders | machine | - | Lateral Raise (Machine)
Front Raise | push | shoulders | dumbbell | - | Front Raise (Dumbbell); Front Raises
Triceps Pushdown | push | triceps | cable | - | Triceps Pushdown (Cable - Straight Bar); Triceps Pushdown (Cable); Tricep Pushdown; Rope Pushdown; Triceps Rope Pushdown; Triceps Pushdown (Cable - Rope)
Skull Crusher | push | triceps | barbell | - | Skullcrusher (Barbell); Skull Crusher (Barbell); Skullcrusher (Dumbbell); Lying Triceps Extension (Barbell); Skull Crushers
Overhead Triceps Extension | push | triceps | dumbbell | - | Triceps Extension (Dumbbell); Overhead Triceps Extension (Dumbbell); Overhead Triceps Extension (Cable); Triceps Extension (Cable)
Pull Up | pull | back | bodyweight | - | Pull Up (Bodyweight); Pull Ups; Pull-up; Pullups; Weighted Pull Up; Pull Up (Weighted); Barra Fixa; Dominadas; Klimmzüge
Chin Up | pull | back | bodyweight | - | Chin Up (Bodyweight); Chin Ups; Chin-up; Chin Up (Weighted)
Assisted Pull Up | pull | back | machine | - | Pull Up (Assisted); Assisted Pull Up (Machine); Assisted Chin Up
Lat Pulldown | pull | back | cable | - | Lat Pulldown (Cable); Lat Pulldown (Machine); Lat Pull Down; Wide Grip Lat Pulldown; Close Grip Lat Pulldown (Cable); Puxada Frontal; Puxada Alta; Jalón al Pecho; Latziehen; Lat Machine
Seated Cable Row | pull | back | cable | - | Seated Cable Row - V Grip (Cable); Seated Cable Row - V Grip; Seated Row (Cable); Cable Row; Seated Cable Row; Seated Cable Row - Bar Grip (Cable); Remada Baixa; Remo en Polea Baja; Rudern am Kabel
Machine Row | pull | back | machine | - | Seated Row (Machine); Iso-Lateral Row (Machine); Row (Machine); Chest Supported Row (Machine)
Barbell Row | pull | back | barbell | - | Bent Over Row (Barbell); Barbell Row; Bent Over Row; Pendlay Row (Barbell); Pendlay Row; Remada Curvada; Remo con Barra; Langhantelrudern
Dumbbell Row | pull | back | dumbbell | - | Bent Over One Arm Row (Dumbbell); Dumbbell Row; One Arm Dumbbell Row; Single Arm Row (Dumbbell); Dumbbell Row (Dumbbell)
T-Bar Row | pull | back | barbell | - | T Bar Row; T-Bar Row (Machine); T Bar Row (Barbell)
Inverted Row | pull | back | bodyweight | - | Inverted Row (Bodyweight); Australian Pull Up
Face Pull | pull | shoulders | cable | - | Face Pull (Cable); Face Pulls
Reverse Fly | pull | shoulders | dumbbell | - | Reverse Fly (Dumbbell); Rear Delt Fly (Dumbbell); Reverse Fly (Machine); Rear Delt Fly (Machine); Reverse Pec Deck
Shrug | pull | back | barbell | - | Shrug (Barbell); Barbell Shrug; Shrug (Dumbbell); Dumbbell Shrug; Shrugs
Bicep Curl | pull | biceps | dumbbell | - | Bicep Curl (Dumbbell); Dumbbell Curl; Dumbbell Bicep Curl; Biceps Curl; Rosca Direta; Curl de Bíceps; Bizepscurl
Barbell Curl | pull | biceps | barbell | - | Bicep Curl (Barbell); Barbell Bicep Curl; EZ Bar Curl; Bicep Curl (EZ Bar)
Cable Curl | pull | biceps | cable | - | Bicep Curl (Cable); Cable Bicep Curl
Machine Curl | pull | biceps | machine | - | Bicep Curl (Machine); Preacher Curl (Machine)
Preacher Curl | pull | biceps | barbell | - | Preacher Curl (Barbell); Preacher Curl (Dumbbell); Preacher Curl
Hammer Curl | pull | biceps | dumbbell | - | Hammer Curl (Dumbbell); Hammer Curls; Rosca Martelo
Power Clean | other | full_body | barbell | - | Power Clean (Barbell); Clean (Barbell); Clean and Jerk (Barbell); Hang Clean (Barbell)
Snatch | other | full_body | barbell | - | Snatch (Barbell); Power Snatch (Barbell); Hang Snatch (Barbell)
Thruster | squat | full_body | barbell | - | Thruster (Barbell); Thrusters; Thruster (Dumbbell)
Burpee | cardio | full_body | bodyweight | - | Burpee (Bodyweight); Burpees
Plank | core | core | bodyweight | - | Plank (Bodyweight); Planks; Forearm Plank; Prancha; Plancha
Side Plank | core | core | bodyweight | - | Side Plank (Bodyweight)
Crunch | core | core | bodyweight | - | Crunch (Bodyweight); Crunches; Abdominal; Abdominais; Abdominales
Cable Crunch | core | core | cable | - | Cable Crunch (Cable); Kneeling Cable Crunch
Machine Crunch | core | core | machine | - | Crunch (Machine); Ab Crunch Machine
Sit Up | core | core | bodyweight | - | Sit Up (Bodyweight); Sit Ups; Sit-up; Decline Sit Up
Hanging Leg Raise | core | core | bodyweight | - | Hanging Leg Raise (Bodyweight); Hanging Knee Raise; Hanging Leg Raises; Leg Raise (Bodyweight); Lying Leg Raise
Russian Twist | core | core | bodyweight | - | Russian Twist (Bodyweight); Russian Twist (Dumbbell); Russian Twists
Ab Wheel | core | core | other | - | Ab Wheel Rollout; Ab Rollout; Ab Wheel (Bodyweight)
Pallof Press | core | core | cable | - | Pallof Press (Cable)
Dead Bug | core | core | bodyweight | - | Dead Bug (Bodyweight); Dead Bugs
Farmer's Walk | carry | full_body | dumbbell | - | Farmers Walk (Dumbbell); Farmer's Walk (Dumbbell); Farmers Carry; Farmer Carry; Farmer's Carry (Kettlebell); Farmers Walk (Kettlebell)
Suitcase Carry | carry | core | dumbbell | - | Suitcase Carry (Dumbbell); Suitcase Carry (Kettlebell)
Treadmill | cardio | cardio | machine | - | Treadmill Run; Running (Treadmill); Running; Run; Treadmill Walk; Incline Walk; Esteira; Cinta de Correr; Laufband; Tapis Roulant
Cycling | cardio | cardio | machine | - | Cycling (Machine); Stationary Bike; Exercise Bike; Bike; Spin Bike; Cycling; Air Bike; Assault Bike; Bicicleta; Bicicleta Ergométrica; Fahrrad; Cyclette
Rowing Machine | cardio | cardio | machine | - | Rowing (Machine); Rower; Rowing; Indoor Rowing; Ergometer; Concept 2 Rower; Remo Ergômetro
Elliptical | cardio | cardio | machine | - | Elliptical Trainer; Elliptical (Machine); Cross Trainer; Elíptico; Crosstrainer
Stair Climber | cardio | cardio | machine | - | Stair Climber (Machine); Stairmaster; Stair Master; Stepper; Step Machine
Jump Rope | cardio | cardio | other | - | Jump Rope; Skipping; Skipping Rope; Corda
Walking | cardio | cardio | bodyweight | - | Walk; Walking (Outdoor); Caminhada; Caminar
Swimming | cardio | cardio | bodyweight | - | Swim; Natação; Natación
Stretching | other | full_body | bodyweight | - | Stretch; Stretching (Bodyweight); Mobility; Foam Rolling; Warm Up; Alongamento; Estiramientos
"""


def _parse(table: str) -> dict[str, tuple[str, Exercise]]:
    taxonomy: dict[str, tuple[str, Exercise]] = {}
    for line in table.strip().splitlines():
        canonical, pattern, muscle, equipment, rack, others = (p.strip() for p in line.split("|"))
        assert pattern in PATTERNS and muscle in MUSCLE_GROUPS and equipment in EQUIPMENT, line
        exercise = Exercise(canonical, pattern, muscle, equipment, rack == "rack")
        for raw in [canonical, *(n.strip() for n in others.split(";") if n.strip())]:
            key = name_key(raw)
            assert key not in taxonomy or taxonomy[key][1] == exercise, f"{raw!r} mapped twice"
            taxonomy.setdefault(key, (raw, exercise))
    return taxonomy


# name key -> (the raw spelling it came from, the exercise)
TAXONOMY: dict[str, tuple[str, Exercise]] = _parse(_TABLE)
CANONICAL: dict[str, Exercise] = {e.name: e for _, e in TAXONOMY.values()}
CANONICAL_BY_KEY: dict[str, Exercise] = {name_key(n): e for n, e in CANONICAL.items()}


def classify(raw: str) -> Exercise | None:
    """The built-in classification of a raw name, or None when it is unknown (unclassified)."""
    found = TAXONOMY.get(name_key(raw))
    return found[1] if found else None


def taxonomy_rows() -> list[tuple[str, str, str, str, str, bool]]:
    """Rows for the exercise_catalog table: (name_key, exercise, pattern, muscle, equipment, rack)."""
    return [
        (key, e.name, e.pattern, e.muscle_group, e.equipment, e.needs_rack)
        for key, (_, e) in sorted(TAXONOMY.items())
    ]


class AliasError(ValueError):
    """A mapping staff asked for that cannot be stored; the message says why."""


def known_exercise(con: duckdb.DuckDBPyConnection, name: str) -> Exercise | None:
    """A canonical exercise by name, in any case and spacing ("back squat"): built in, or
    created earlier through an alias."""
    key = name_key(name)
    if key in CANONICAL_BY_KEY:
        return CANONICAL_BY_KEY[key]
    row = con.execute(
        f"""SELECT exercise, pattern, muscle_group, equipment, needs_rack FROM exercise_aliases
        WHERE {NAME_KEY_SQL.format(col="exercise")} = ? LIMIT 1""",
        [key],
    ).fetchone()
    return Exercise(*row) if row else None


def closest_exercise(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The known exercise a mistyped name most likely means ("back sqat" -> "Back Squat")."""
    made = [
        row[0] for row in con.execute("SELECT DISTINCT exercise FROM exercise_aliases").fetchall()
    ]
    by_key = {key: e.name for key, e in CANONICAL_BY_KEY.items()} | {name_key(n): n for n in made}
    close = get_close_matches(name_key(name), list(by_key), n=1, cutoff=0.8)
    return by_key[close[0]] if close else None


def map_name(
    con: duckdb.DuckDBPyConnection, raw: str, exercise: Exercise, created_at: datetime
) -> int:
    """Classify a raw name as `exercise`; stored sets with that name follow at once (the views join
    on the name key). Returns how many stored sets the mapping reclassified. `created_at` is the
    gym's clock time (settings.wall_clock): DuckDB's own default would be the server's."""
    key = name_key(raw)
    if not key:
        raise AliasError("the exercise name to map is empty")
    if exercise.pattern not in PATTERNS or exercise.pattern == "unclassified":
        raise AliasError(f"pattern must be one of {', '.join(PATTERNS[:-1])}")
    if exercise.equipment not in EQUIPMENT:
        raise AliasError(f"equipment must be one of {', '.join(EQUIPMENT)}")
    if exercise.muscle_group not in MUSCLE_GROUPS:
        raise AliasError(f"muscle group must be one of {', '.join(MUSCLE_GROUPS)}")
    con.execute(
        "INSERT OR REPLACE INTO exercise_aliases (name_key, raw_name, exercise, pattern,"
        " muscle_group, equipment, needs_rack, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            key,
            raw,
            exercise.name,
            exercise.pattern,
            exercise.muscle_group,
            exercise.equipment,
            exercise.needs_rack,
            created_at,
        ],
    )
    return _sets_named(con, key)


def staff_mapping(con: duckdb.DuckDBPyConnection, raw: str) -> str | None:
    """The exercise staff mapped `raw` to, else None: a new mapping replaces it, which staff
    should be told."""
    row = con.execute(
        "SELECT exercise FROM exercise_aliases WHERE name_key = ?", [name_key(raw)]
    ).fetchone()
    return row[0] if row else None


def unmap_name(con: duckdb.DuckDBPyConnection, raw: str) -> int:
    """Drop a staff mapping: the name falls back to the built-in taxonomy (or unclassified)."""
    key = name_key(raw)
    found = con.execute("DELETE FROM exercise_aliases WHERE name_key = ? RETURNING 1", [key])
    if not found.fetchall():
        raise AliasError(f"no mapping for {raw!r}")
    return _sets_named(con, key)


def _sets_named(con: duckdb.DuckDBPyConnection, key: str) -> int:
    return int(con.execute("SELECT count(*) FROM sets WHERE exercise_key = ?", [key]).fetchone()[0])
