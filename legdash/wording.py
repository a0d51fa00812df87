"""Small pieces of English shared by pages, reports and the command line."""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 set', '2 sets', '1,200 import batches' (pass `words` when adding an s is wrong)."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"
