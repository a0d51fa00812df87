"""Small pieces of English shared by pages, reports and the command line."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

ALL_LOGS = "workout logs, station logs or door counts"  # everything legdash imports
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def article(word: str) -> str:
    """'a strong', 'an occupancy': chosen by the first letter, right for the names legdash writes
    (not for words like 'hour' or 'user')."""
    return f"{'an' if word[:1].lower() in tuple('aeiou') else 'a'} {word}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 set', '2 sets', '1,200 import batches' (pass `words` when adding an s is wrong)."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def weeks_named(weeks: list[date]) -> str:
    """ "the week of 05 Oct 2026", "the weeks of 05 Oct 2026 and 26 Oct 2026", or for more than
    three "5 weeks between the weeks of ... and ...": weeks apart never read as one stretch."""
    named = [f"{week:%d %b %Y}" for week in weeks]
    if len(named) == 1:
        return f"the week of {named[0]}"
    if len(named) <= 3:
        return f"the weeks of {', '.join(named[:-1])} and {named[-1]}"
    return f"{len(named)} weeks between the weeks of {named[0]} and {named[-1]}"


def days_run(first: date, last: date) -> str:
    """How workouts spread over days, after "Workouts": "run from 03 Sep 2025 to 17 Oct 2025",
    or "are all on 05 Jan 2026" for one day (from a day to itself reads as a slip)."""
    first_day, last_day = f"{first:%d %b %Y}", f"{last:%d %b %Y}"  # datetimes name their day
    if first_day == last_day:
        return f"are all on {first_day}"
    return f"run from {first_day} to {last_day}"


def names_listed(names: Iterable[str]) -> str:
    """North, Annex: names in a list, one holding a comma or a quote mark quoted as Python quotes
    it (North, 'Annex, East'), as joined by commas alone two names read as three."""
    return ", ".join(repr(name) if any(c in name for c in ",'\"") else name for name in names)


# Characters messages write as Python escapes them ('\n', '\x07', '\u200b', '\xa0'), in Python
# (escaped) and in reject reasons (staging's ld_escaped): control characters would break the line or
# drive the terminal, format characters (zero-width spaces and joiners, direction overrides,
# byte-order marks) show nothing or turn the text, and spaces other than the plain one (no-break,
# ideographic, line and paragraph separators) look like it or break the line, so two different
# values would read the same. The plain space (PLAIN_SPACE) is the one written as it is.
ESCAPED_CATEGORIES = ("Cc", "Cf", "Zs", "Zl", "Zp")
PLAIN_SPACE = " "


def escaped(text: str) -> str:
    """The text with the characters of ESCAPED_CATEGORIES but the plain space written as Python
    escapes them, the rest as it is: how a message shows a typed name or a value from a file."""
    return "".join(
        repr(c)[1:-1] if c != PLAIN_SPACE and unicodedata.category(c) in ESCAPED_CATEGORIES else c
        for c in text
    )
