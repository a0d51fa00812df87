from __future__ import annotations

import math

import pytest

from legdash import capacity
from legdash.capacity import Target


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.9])
def test_single_rack_is_mm1(rho: float) -> None:
    # M/M/1: P(wait) = rho, Wq = rho / (mu - lambda); mean session 30 min -> mu = 2 per hour.
    arrivals = 2 * rho
    q = capacity.queue(arrivals, 30, 1)
    assert q.wait_probability == pytest.approx(rho)
    assert q.mean_wait_minutes == pytest.approx(60 * rho / (2 - arrivals))
    assert not q.over_capacity


def test_two_racks_textbook_value() -> None:
    # M/M/2 with a = 1 Erlang (rho = 0.5): C = 2 rho^2 / (1 + rho) = 1/3; Wq = C S / (c - a).
    q = capacity.queue(3, 20, 2)
    assert q.load == pytest.approx(1.0)
    assert q.wait_probability == pytest.approx(1 / 3)
    assert q.mean_wait_minutes == pytest.approx(20 / 3)


def test_erlang_b_recursion_matches_closed_form() -> None:
    a, c = 2.5, 4
    closed = (a**c / math.factorial(c)) / sum(a**k / math.factorial(k) for k in range(c + 1))
    assert capacity.erlang_b(c, a) == pytest.approx(closed)


def test_large_systems_stay_finite() -> None:
    q = capacity.queue(5_000, 60, 5_100)
    assert 0 < q.wait_probability < 1 and math.isfinite(q.mean_wait_minutes)


@pytest.mark.parametrize(
    "arrivals, minutes, racks, needed",
    [(4, 30, 2, 3), (6, 30, 3, 4), (5, 60, 3, 6), (1, 60, 0, 2)],
)
def test_over_capacity_names_the_minimum(
    arrivals: float, minutes: float, racks: int, needed: int
) -> None:
    q = capacity.queue(arrivals, minutes, racks)
    assert q.over_capacity
    assert q.wait_probability is None and q.mean_wait_minutes is None
    assert q.min_servers == needed
    assert not q.meets(Target("share", 0.5))


def test_no_arrivals_never_wait() -> None:
    for racks in (0, 1, 3):
        q = capacity.queue(0, 0, racks)
        assert q.wait_probability == 0 and q.mean_wait_minutes == 0 and q.min_servers == 0
    assert capacity.servers_needed(0, 45, Target()) == 0


def test_servers_needed_for_share_target() -> None:
    # a = 1: c = 2 gives 1/3, c = 3 gives 1/11 (M/M/3 textbook: C(3, 1) = 0.0909).
    assert capacity.queue(3, 20, 3).wait_probability == pytest.approx(1 / 11)
    assert capacity.servers_needed(3, 20, Target("share", 0.10)) == 3
    assert capacity.servers_needed(3, 20, Target("share", 0.34)) == 2


def test_servers_needed_for_mean_wait_target() -> None:
    # a = 0.5, S = 30. c = 1 (M/M/1): Wq = rho / (mu - lambda) = 0.5 / (2 - 1) h = 30 min.
    # c = 2: rho = 0.25, C = 2 rho^2 / (1 + rho) = 0.1, Wq = 0.1 * 30 / 1.5 = 2 min.
    assert capacity.queue(1, 30, 1).mean_wait_minutes == pytest.approx(30.0)
    assert capacity.queue(1, 30, 2).mean_wait_minutes == pytest.approx(2.0)
    assert capacity.servers_needed(1, 30, Target("minutes", 30)) == 1
    assert capacity.servers_needed(1, 30, Target("minutes", 5)) == 2
    assert capacity.servers_needed(1, 30, Target("minutes", 1)) == 3


def test_servers_needed_agrees_with_queue() -> None:
    target = Target("share", 0.05)
    for arrivals in (0.5, 3, 7.5, 20):
        c = capacity.servers_needed(arrivals, 40, target)
        assert capacity.queue(arrivals, 40, c).meets(target)
        assert not capacity.queue(arrivals, 40, c - 1).meets(target)


@pytest.mark.parametrize(
    "kind, value", [("share", 0), ("share", 1), ("minutes", -1), ("hours", 1), ("share", math.nan)]
)
def test_bad_targets(kind: str, value: float) -> None:
    with pytest.raises(ValueError):
        Target(kind, value)


def test_negative_input_is_an_error() -> None:
    with pytest.raises(ValueError):
        capacity.queue(-1, 30, 2)


@pytest.mark.parametrize("mean", [0.0, 0.3, 2.5, 900.0])
def test_lifters_who_do_not_log_by_poisson(mean: float) -> None:
    """Tail and capped mean against sums over the Poisson distribution (far past 3 units)."""
    pmf = [math.exp(-mean) * mean**j / math.factorial(j) if mean < 50 else 0.0 for j in range(60)]
    tail = 1.0 if mean >= 50 else 1 - sum(pmf[:3])
    assert capacity.at_least(mean, 3) == pytest.approx(tail)
    assert capacity.at_least(mean, 0) == 1.0
    capped = 3.0 if mean >= 50 else sum(min(1 + j, 3) * p for j, p in enumerate(pmf))
    assert capacity.busy_and_full(1, 3, mean)[0] == pytest.approx(capped)
    assert capacity.busy_and_full(4, 3, mean)[0] == 3.0


@pytest.mark.parametrize(
    "value, words",
    [(1, "at most 1 minute"), (2, "at most 2 minutes"), (0.5, "at most 0.5 minutes")],
)
def test_minutes_target_says_minute_once(value: float, words: str) -> None:
    assert Target("minutes", value).describe() == f"the mean wait for a rack is {words}"


@pytest.mark.parametrize(
    "share, words", [(0.1, "10%"), (0.29, "29%"), (0.405, "40.5%"), (0.0125, "1.25%")]
)
def test_share_target_says_its_percentage_unrounded(share: float, words: str) -> None:
    """The page and command line give whole percentages; a library caller's 40.5% was "40%"."""
    assert Target("share", share).describe() == f"at most {words} of members wait for a rack"
