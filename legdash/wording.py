"""Small pieces of English shared by pages, reports and the command line."""

from __future__ import annotations

ALL_LOGS = "workout logs, station logs or door counts"  # everything legdash imports


def article(word: str) -> str:
    """'a strong', 'an occupancy': chosen by the first letter, right for the names legdash writes
    (not for words like 'hour' or 'user')."""
    return f"{'an' if word[:1].lower() in tuple('aeiou') else 'a'} {word}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 set', '2 sets', '1,200 import batches' (pass `words` when adding an s is wrong)."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"
