"""Rack queueing: how likely a member is to wait for a squat rack, and how many racks a target needs.

The model is Erlang C (M/M/c): members arrive at random (Poisson) at `arrivals_per_hour`, hold a rack
for `mean_minutes` on average (exponentially distributed), and queue for the first of `servers` racks
to come free. Real lifters wait differently (some leave, some share a rack), so every figure here is
an estimate of the pressure on the racks, not a measurement. The load in Erlangs, arrivals per minute
times mean minutes, is the number of racks busy on average; when it reaches the number of racks the
queue never empties, so such a slot is "over capacity" and only the minimum rack count is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TARGET_KINDS = ("share", "minutes")
MAX_SERVERS = 10_000
TOLERANCE = 1e-12  # a wait exactly on the target meets it despite rounding


@dataclass(frozen=True)
class Target:
    """A waiting target: at most `value` share of members wait (kind "share", 0 < value < 1), or
    the mean wait is at most `value` minutes (kind "minutes", value > 0)."""

    kind: str = "share"
    value: float = 0.10

    def __post_init__(self) -> None:
        if self.kind not in TARGET_KINDS:
            raise ValueError(f"a wait target is a share or minutes, not {self.kind!r}")
        if not math.isfinite(self.value) or self.value <= 0:
            raise ValueError("a wait target must be more than zero")
        if self.kind == "share" and self.value >= 1:
            raise ValueError("a share of members waiting must be below 100%")

    @property
    def percent(self) -> str:
        """A share target as a percentage, unrounded: a library caller's 0.405 reads "40.5%",
        not "40%" (the page and the command line pass whole percentages)."""
        return f"{100 * self.value:g}%"

    def describe(self) -> str:
        if self.kind == "share":
            return f"at most {self.percent} of members wait for a rack"
        unit = "minute" if self.value == 1 else "minutes"
        return f"the mean wait for a rack is at most {self.value:g} {unit}"


@dataclass(frozen=True)
class Queue:
    """Waiting at one set of racks. `wait_probability` and `mean_wait_minutes` are None when the
    slot is over capacity; `min_servers` is then the smallest rack count that keeps up."""

    arrivals_per_hour: float
    mean_minutes: float
    servers: int
    load: float
    wait_probability: float | None
    mean_wait_minutes: float | None

    @property
    def over_capacity(self) -> bool:
        return self.wait_probability is None

    @property
    def min_servers(self) -> int:
        """The fewest racks for which the queue does not grow without end."""
        return min_servers(self.load)

    def meets(self, target: Target) -> bool:
        if self.over_capacity:
            return False
        value = self.wait_probability if target.kind == "share" else self.mean_wait_minutes
        return value <= target.value + TOLERANCE  # type: ignore[operator]


def offered_load(arrivals_per_hour: float, mean_minutes: float) -> float:
    """Erlangs: the mean number of racks that demand keeps busy."""
    if arrivals_per_hour < 0 or mean_minutes < 0:
        raise ValueError("arrivals and session minutes cannot be negative")
    return arrivals_per_hour * mean_minutes / 60.0


def min_servers(load: float) -> int:
    """Smallest c with load < c: fewer racks and the queue grows without end (0 for no demand)."""
    return 0 if load <= 0 else math.floor(load) + 1


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability by the recursion B(k) = a B(k-1) / (k + a B(k-1)), stable for any c."""
    if servers < 0:
        raise ValueError("the number of racks cannot be negative")
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def erlang_c(servers: int, load: float) -> float | None:
    """Probability an arrival waits; None when load >= servers (over capacity)."""
    if load <= 0:
        return 0.0
    if load >= servers:
        return None
    blocking = erlang_b(servers, load)
    return servers * blocking / (servers - load * (1.0 - blocking))


def queue(arrivals_per_hour: float, mean_minutes: float, servers: int) -> Queue:
    """Erlang C figures for one slot: P(wait) = C(c, a); mean wait Wq = C S / (c - a)."""
    load = offered_load(arrivals_per_hour, mean_minutes)
    wait = erlang_c(servers, load)
    if wait is None:
        mean_wait = None
    else:
        mean_wait = wait * mean_minutes / (servers - load) if load > 0 else 0.0
    return Queue(arrivals_per_hour, mean_minutes, servers, load, wait, mean_wait)


def servers_needed(arrivals_per_hour: float, mean_minutes: float, target: Target) -> int:
    """The fewest racks that meet the target (0 when nobody arrives)."""
    load = offered_load(arrivals_per_hour, mean_minutes)
    if load <= 0:
        return 0
    for servers in range(min_servers(load), MAX_SERVERS + 1):
        if queue(arrivals_per_hour, mean_minutes, servers).meets(target):
            return servers
    raise ValueError(f"no rack count up to {MAX_SERVERS} meets the target")


def _poisson_head(mean: float, count: int) -> list[float]:
    """P(N = j) for j < count, N ~ Poisson(mean); a mean past exp's range gives zeros (N is
    then beyond any small count)."""
    chances, chance = [], math.exp(-mean)
    for j in range(count):
        chances.append(chance)
        chance *= mean / (j + 1)
    return chances


def at_least(mean: float, count: int) -> float:
    """P(N >= count) for N ~ Poisson(mean): the chance that lifters who do not log, a Poisson
    number with that mean, take `count` more racks."""
    return max(0.0, 1.0 - sum(_poisson_head(mean, count)))


def busy_and_full(level: int, units: int, mean: float) -> tuple[float, float]:
    """E[min(level + N, units)] and P(level + N >= units), N ~ Poisson(mean): units busy with
    `level` taken by loggers and N more lifters who do not log (those beyond the units find none
    free), and the chance that they take every unit. One Poisson head serves both."""
    head = _poisson_head(mean, units - level)
    full = max(0.0, 1.0 - sum(head))
    return sum((level + j) * p for j, p in enumerate(head)) + units * full, full
