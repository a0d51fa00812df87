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
