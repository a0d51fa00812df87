from __future__ import annotations

import pytest

from legdash.wording import article, names_listed, plural


@pytest.mark.parametrize("count, expected", [(0, "0 racks"), (1, "1 rack"), (1234, "1,234 racks")])
def test_plural_adds_an_s(count: int, expected: str) -> None:
    assert plural(count, "rack") == expected


@pytest.mark.parametrize(
    "count, expected", [(1, "1 import batch"), (2, "2 import batches"), (0, "0 import batches")]
)
def test_plural_takes_the_plural_it_is_given(count: int, expected: str) -> None:
    assert plural(count, "import batch", "import batches") == expected


@pytest.mark.parametrize(
    "word, expected",
    [
        ("strong", "a strong"),
        ("occupancy", "an occupancy"),
        ("native", "a native"),
        ("Export", "an Export"),
    ],
)
def test_article_goes_by_the_first_letter(word: str, expected: str) -> None:
    assert article(word) == expected


@pytest.mark.parametrize(
    "names, expected",
    [
        (["North"], "North"),
        (["North", "Annex"], "North, Annex"),
        # joined by commas alone, these two names read as three
        (["North", "Annex, East"], "North, 'Annex, East'"),
        (["St Mary's", "Main"], '"St Mary\'s", Main'),
    ],
)
def test_names_listed_keeps_each_name_whole(names: list[str], expected: str) -> None:
    assert names_listed(names) == expected
