"""Which weeks of a weekly table the data covers only in part.

Apart from the package's `__init__` because it needs pandas, which the command line does not
import for `import`, `undo` or `settings`: it adds about a quarter of a second to each start.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from legdash.metrics import DataSpan


def with_data_days(
    frame: pd.DataFrame, span: DataSpan | None, start: date = date.min, end: date = date.max
) -> pd.DataFrame:
    """`frame` with `data_days`: for each row's ISO week (`week`, its Monday), the days within
    start..end that the data runs over. Below 7 the week is a part-week, cut by the range or by
    the data starting or stopping inside it: the charts and the page text mark it (part_week),
    since its figures are not a whole week's."""
    mondays = [pd.Timestamp(week).date() for week in frame["week"]]
    days = [span.days_in(week, start, end) if span else 0 for week in mondays]
    return frame.assign(data_days=pd.Series(days, index=frame.index, dtype="int64"))


def unknown_without_data(frame: pd.DataFrame, *counts: str) -> pd.DataFrame:
    """`frame` with its `counts` unknown (null in JSON, empty in CSV) in a week without data at
    the location, "(no data)" on the charts: nothing logged then says nothing of what was done,
    as for rack use by week. The counts stay whole numbers."""
    unknown = frame["data_days"] == 0
    return frame.assign(**{c: frame[c].astype("Int64").mask(unknown) for c in counts})
