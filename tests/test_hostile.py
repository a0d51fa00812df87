"""The hostile corpus: every file in tests/hostile/expected.json goes through `import --json`.

Each case gives the file, the command-line options, the exit code and the counts, and optionally
reject reasons and lines, warnings and SQL checks of what was stored. `then` imports more files into
the same database. Binary files, other encodings and very long fields are generated here from the
committed text files, so the corpus stays small and readable.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from legdash import cli, db
from legdash.ingest import raw

HOSTILE = Path(__file__).parent / "hostile"
CASES: list[dict[str, Any]] = json.loads((HOSTILE / "expected.json").read_text())["cases"]
ENCODINGS = {
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "latin-1": lambda text: text.encode("latin-1"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
}
LONG = 100_000


def generate(spec: dict[str, Any], path: Path) -> None:
    """Write a generated hostile file: binary look-alikes, zero bytes in text, other encodings,
    very long fields."""
    kind = spec["kind"]
    if kind == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("log.csv", (HOSTILE / "native_basic.csv").read_text())
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    elif kind == "nul":
        # Zero bytes after each `after` in the text, or at its end.
        text, zeros = (HOSTILE / spec["from"]).read_bytes(), b"\x00" * spec.get("count", 1)
        after = spec.get("after", "").encode()
        path.write_bytes(text.replace(after, after + zeros) if after else text + zeros)
    elif kind == "encode":
        text = (HOSTILE / spec["from"]).read_text(encoding="utf-8")
        path.write_bytes(ENCODINGS[spec["encoding"]](text))
    elif kind == "long_fields":
        path.write_text(
            "member_id,performed_at,exercise,weight,reps,notes\n"
            f"M1,2025-01-06 18:00,Squat (Barbell),100,5,{'x' * LONG}\n"
            f"M1,2025-01-06 18:01,{'Q' * LONG},100,5,\n"
            f'M1,2025-01-06 18:02,Squat (Barbell),100,5,"{"line, " * LONG}"\n'
        )
    else:
        raise ValueError(f"unknown generated kind {kind!r}")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised database, copied for each case (init costs more than a copy)."""
    path = tmp_path_factory.mktemp("template") / "gym.duckdb"
    db.init(path)
    return path


def fresh_db(template: Path, where: Path) -> Path:
    where.mkdir()
    path = where / "gym.duckdb"
    shutil.copy(template, path)
    shutil.copy(db.version_marker(template), db.version_marker(path))
    return path


def file_for(case: dict[str, Any], tmp_path: Path) -> Path:
    if "generate" not in case:
        return HOSTILE / case["file"]
    path = tmp_path / case["file"]
    generate(case["generate"], path)
    return path


def run_import(path: Path, database: Path, args: list[str]) -> tuple[int, dict[str, Any], str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["import", str(path), "--db", str(database), "--json", *args])
    return code, json.loads(out.getvalue())["files"][0], err.getvalue()


def snapshot(database: Path) -> tuple[str, tuple[int, ...]]:
    """The version marker and row counts: anything written would change them."""
    with db.read(database) as con:
        counts = con.execute(
            """SELECT (SELECT count(*) FROM import_batches), (SELECT count(*) FROM sets),
                (SELECT count(*) FROM station_sessions), (SELECT count(*) FROM occupancy),
                (SELECT count(*) FROM rejected_rows), (SELECT count(*) FROM members)"""
        ).fetchone()
    return db.data_version(database), tuple(counts)


def physical_lines(path: Path) -> int:
    data = path.read_bytes()
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def check_step(step: dict[str, Any], path: Path, database: Path, tmp_path: Path) -> None:
    before = snapshot(database)
    code, result, err = run_import(path, database, step.get("args", []))
    assert "Traceback" not in err
    assert code == step["exit"], result
    if step["exit"] == 2:
        assert result["batch_id"] is None
        assert step["error"] in result["error"]
        assert snapshot(database) == before, "an unusable file changed the database"
        return
    assert result["error"] is None
    if "format" in step:
        assert result["format"] == step["format"]
    counts = {k: result[k] for k in ("rows_read", "imported", "duplicates", "rejected")}
    assert counts == {k: step[k] for k in counts}, result["rejects"]
    assert result["rows_read"] == result["imported"] + result["duplicates"] + result["rejected"]
    reasons = [r["reason"] for r in result["rejects"]]
    for reason in step.get("reasons", []):
        assert any(reason in r for r in reasons), (reason, reasons)
    if "lines" in step:
        assert [r["line"] for r in result["rejects"]] == step["lines"]
    limit = physical_lines(path)
    assert all(1 <= r["line"] <= limit and r["reason"] for r in result["rejects"])
    for warning in step.get("warnings", []):
        assert any(warning in w for w in result["warnings"]), (warning, result["warnings"])
    with db.read(database) as con:
        for check in step.get("checks", []):
            rows = con.execute(check["sql"]).fetchall()
            assert json.loads(json.dumps(rows, default=str)) == check["rows"], check["sql"]


@pytest.mark.parametrize(
    "case", CASES, ids=[c.get("id", c["file"]) for c in CASES]
)  # each case is one hostile file (and what follows it)
def test_hostile_file(case: dict[str, Any], template: Path, tmp_path: Path) -> None:
    database = fresh_db(template, tmp_path / "data")
    check_step(case, file_for(case, tmp_path), database, tmp_path)
    for step in case.get("then", []):
        path = file_for(step, tmp_path) if "file" in step else file_for(case, tmp_path)
        check_step(step, path, database, tmp_path)


def test_every_committed_file_is_listed() -> None:
    listed = {c["file"] for c in CASES} | {s.get("file") for c in CASES for s in c.get("then", [])}
    listed |= {c["generate"]["from"] for c in CASES if "from" in c.get("generate", {})}
    committed = {p.name for p in HOSTILE.iterdir() if p.name != "expected.json"}
    assert committed <= listed, committed - listed


def test_rejects_export_neutralises_formulas(template: Path, tmp_path: Path) -> None:
    database = fresh_db(template, tmp_path / "data")
    code, result, _ = run_import(HOSTILE / "native_formulas.csv", database, [])
    assert code == 0 and result["rejected"] == 7
    out = tmp_path / "rejects.csv"
    with contextlib.redirect_stdout(io.StringIO()):
        args = ["rejects", str(result["batch_id"]), "--out", str(out), "--db", str(database)]
        assert cli.main(args) == 0
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert rows[0] == ["line", "reason", "original_row"]
    assert not [
        c for row in rows[1:] for c in row if c.startswith(("=", "+", "-", "@", "\t", "\r"))
    ]
    assert [row[2] for row in rows[1:]] == [
        "M1,2025-01-06 18:04,Squat (Barbell),=1+1,5",
        "M1,2025-01-06 18:05,Squat (Barbell),@SUM(A1),5",
        "'=1+2,2025-01-06 18:06,Squat (Barbell),heavy,5",
        "'-1,2025-01-06 18:07,Squat (Barbell),100,x",
        "'+1,2025-01-06 18:08,Squat (Barbell),100,",
        "'@x,2025-01-06 18:09,Squat (Barbell),,5",
        '\'=HYPERLINK("http://evil.example"),2025-01-06 18:10,Back Squat,100,5',
    ]


def test_a_field_over_16_mb_rejects_its_row_and_the_next_file_still_lands(
    template: Path, tmp_path: Path
) -> None:
    database = fresh_db(template, tmp_path / "data")
    huge = tmp_path / "huge.csv"
    huge.write_text(
        "member_id,performed_at,exercise,weight,reps,notes\n"
        f"M1,2025-01-06 18:00,Squat (Barbell),100,5,{'x' * (raw.MAX_FIELD + 1)}\n"
        "M1,2025-01-06 18:01,Squat (Barbell),100,5,ok\n"
    )
    out, err = io.StringIO(), io.StringIO()
    files = [str(huge), str(HOSTILE / "native_basic.csv")]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["import", *files, "--db", str(database), "--json"])
    first, second = json.loads(out.getvalue())["files"]
    assert code == 0 and "Traceback" not in err.getvalue()
    assert (first["rows_read"], first["imported"], first["rejected"]) == (2, 1, 1)
    assert first["rejects"][0]["line"] == 2
    assert "field larger than field limit" in first["rejects"][0]["reason"]
    assert second["imported"] == 3
    with db.read(database) as con:
        stored = con.execute("SELECT length(raw) FROM rejected_rows").fetchone()[0]
    assert stored == raw.MAX_RAW
