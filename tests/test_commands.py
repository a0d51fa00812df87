"""What a page shows of a command it ran: the command line's one line, read as a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from legdash.commands import CliResult, run_cli


def test_a_failure_reads_without_the_command_lines_prefix(tmp_path: Path) -> None:
    """The Settings page shows "Not created: cannot write in ...", not "Not created: error: ..."."""
    blocker = tmp_path / "data"
    blocker.write_text("")
    result = run_cli(["init"], blocker / "gym.duckdb")
    assert result.returncode == 2
    assert result.message == f"cannot write in {blocker}: it is a file, not a folder"


@pytest.mark.parametrize(
    "stdout, stderr, message",
    [
        ("", "error: database busy, try again\n", "database busy, try again"),
        # argparse's mistakes come as one line too (legdash.cli.Parser), not argparse's usage lines.
        (
            "",
            "error: argument action: invalid choice: 'sett' (choose from 'show', 'set')"
            " (see `python -m legdash settings --help`)\n",
            "argument action: invalid choice: 'sett' (choose from 'show', 'set')"
            " (see `python -m legdash settings --help`)",
        ),
        ("", "interrupted\n", "interrupted"),
        ("gym_name = error: typo\n", "", "gym_name = error: typo"),
        ("database ready: gym.duckdb\n\n", "", "database ready: gym.duckdb"),
        ("", "", "command exited with status 1"),
    ],
)
def test_message_is_the_last_line_on_stderr_else_stdout(
    stdout: str, stderr: str, message: str
) -> None:
    assert CliResult(1, stdout, stderr).message == message
