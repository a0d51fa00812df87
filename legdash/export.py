"""CSV downloads of the figures pages show, safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

from legdash.ingest.batches import spreadsheet_safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV; text that a spreadsheet would run as a formula (member names...) is neutralised."""
    out = frame.copy()
    for column in out.select_dtypes(include=["object", "string"]).columns:
        out[column] = [v if not isinstance(v, str) else spreadsheet_safe(v) for v in out[column]]
    return out.to_csv(index=False).encode("utf-8")
