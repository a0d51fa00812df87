"""What a file format looks like: its columns, their header spellings, and how to stage its rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from legdash.db import Connection
    from legdash.ingest.source import CsvSource

KINDS = ("sets", "stations", "occupancy")


def header_key(text: str) -> str:
    """Header spelling tolerant of case, spacing and punctuation: 'Weight (kg)' -> 'weight_kg'."""
    return re.sub(r"[^a-z0-9#]+", "_", text.strip().lstrip("\ufeff").lower()).strip("_")


@dataclass(frozen=True)
class Column:
    """A column a format knows, with the header spellings that name it."""

    target: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    numeric: bool = False
    free_text: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(header_key(a) for a in (self.target, *self.aliases)))


@dataclass
class Options:
    """What the person importing told us (command-line flags or upload-page choices)."""

    member: str | None = None
    location: str | None = None
    units: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    imported_by: str | None = None


@dataclass
class StageContext:
    """Everything a format's stage step needs; formats append to `warnings`."""

    source: CsvSource
    columns: dict[str, int]
    options: Options
    time_zone: str
    default_location: str
    imported_at: datetime
    warnings: list[str] = field(default_factory=list)

    def col(self, target: str) -> str:
        """SQL for the raw text of a column, or NULL when the file does not have it."""
        index = self.columns.get(target)
        return f"c{index}" if index is not None else "CAST(NULL AS VARCHAR)"

    def has(self, target: str) -> bool:
        return target in self.columns


@dataclass(frozen=True)
class Format:
    """A file format: detection by header, and a stage step that turns `raw` into `staged`."""

    name: str
    kind: str
    columns: tuple[Column, ...]
    stage: Callable[[Connection, StageContext], None]
    description: str = ""
    # Header keys only this format uses; finding one makes detection certain.
    signature: tuple[str, ...] = ()

    def match(self, header: list[str]) -> dict[str, int]:
        """target -> 0-based column index for every column this format recognises."""
        keys = [header_key(h) for h in header]
        found: dict[str, int] = {}
        for column in self.columns:
            for key in column.keys:
                if key in keys and keys.index(key) not in found.values():
                    found[column.target] = keys.index(key)
                    break
        return found

    def missing(self, found: dict[str, int]) -> list[str]:
        return [c.target for c in self.columns if c.required and c.target not in found]

    def column(self, target: str) -> Column:
        return next(c for c in self.columns if c.target == target)
