"""Which weeks of a weekly table the data covers only in part.

Apart from the package's `__init__` because it needs pandas, which the command line does not
import for `import`, `undo` or `settings`: it adds about a quarter of a second to each start.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

import pandas as pd

from legdash.metrics import DataSpan


def with_data_days(
    frame: pd.DataFrame,
    span: DataSpan | None,
    start: date = date.min,
    end: date = date.max,
    logged: Collection[date] | None = None,
) -> pd.DataFrame:
    """`frame` with `data_days`: for each row's ISO week (`week`, its Monday), the days within
    start..end that the data runs over. Below 7 the week is a part-week, cut by the range or by
    the data starting or stopping inside it: the charts and the page text mark it (part_week),
    since its figures are not a whole week's.

    With `logged`, the days with anything logged (for a range that starts or ends mid-week), a
    part-week the range cuts counts only its days the gym opens or something was logged on
    (_open_or_logged)."""
    mondays = [pd.Timestamp(week).date() for week in frame["week"]]
    days = [span.days_in(week, start, end) if span else 0 for week in mondays]
    if span and logged is not None:
        days = [
            _open_or_logged(week, n, span, start, end, logged)
            for week, n in zip(mondays, days, strict=True)
        ]
    return frame.assign(data_days=pd.Series(days, index=frame.index, dtype="int64"))


def _open_or_logged(
    week: date, days: int, span: DataSpan, start: date, end: date, logged: Collection[date]
) -> int:
    """A part-week's `days` of data if the range does not cut it, else its days in the range
    and the data that the gym opens or something was logged on: a range from Saturday at a gym
    closed at weekends holds none of that week, not "2 days of data" over a bar of nothing,
    while a workout logged on a closed day still counts (open days alone hid such data). Weeks
    the range does not cut keep their calendar days, as on Leg training, whose weeks are whole."""
    sunday = week + timedelta(days=6)
    if days in (0, 7) or (start <= week and sunday <= end):
        return days
    first, last = max(week, start, span.first), min(sunday, end, span.last)
    held = (first + timedelta(days=k) for k in range((last - first).days + 1))
    return sum(day.isoweekday() in span.open_days or day in logged for day in held)


def unknown_without_data(frame: pd.DataFrame, *counts: str) -> pd.DataFrame:
    """`frame` with its `counts` unknown (null in JSON, empty in CSV) in a week without data at
    the location, "(no data)" on the charts: nothing logged then says nothing of what was done,
    as for rack use by week. The counts stay whole numbers."""
    unknown = frame["data_days"] == 0
    return frame.assign(**{c: frame[c].astype("Int64").mask(unknown) for c in counts})
