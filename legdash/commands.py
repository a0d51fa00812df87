"""Run `python -m legdash ...` in a subprocess: how the dashboard writes without opening the file.

The Streamlit process only ever reads the database; every change goes through the command line,
which takes the write lock, commits and rewrites the version marker that page caches watch.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
# How the command line starts the one line it prints for a mistake or a failure (legdash.cli.main).
ERROR_PREFIX = "error: "
# How long a write a page starts waits for the file's lock (`--lock-timeout`): an import can hold
# it for minutes, and a person at the page would rather read "database busy, try again" at once
# than stare at a spinner for the command line's 60 s.
PAGE_LOCK_TIMEOUT = 3.0


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def json(self) -> Any:
        """What a command run with --json printed, as data."""
        return json.loads(self.stdout)

    @property
    def message(self) -> str:
        """The command's last line on stderr (its one-line error), else on stdout, without the
        `error: ` a terminal needs: pages show it inside a sentence ("Not saved: ...")."""
        for text in (self.stderr, self.stdout):
            lines = [line for line in text.splitlines() if line.strip()]
            if lines:
                return lines[-1].removeprefix(ERROR_PREFIX)
        return f"command exited with status {self.returncode}"


def run_cli(
    args: list[str], db: Path, stdin: str | None = None, timeout: float | None = 300.0
) -> CliResult:
    """Run `python -m legdash COMMAND --db DB ARGS...`; args[0] is the command.

    `--db` goes straight after the command: callers put "--" before values that may start with a
    dash, and an option after it would be one more value.
    """
    command = [sys.executable, "-m", "legdash", args[0], "--db", str(db), *args[1:]]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")))
        ),
    }
    try:
        done = subprocess.run(
            command,
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return CliResult(124, "", f"error: `{' '.join(args[:2])}` took longer than {timeout:.0f} s")
    return CliResult(done.returncode, done.stdout, done.stderr)
