from __future__ import annotations

import pytest

from legdash.wording import article, plural


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
