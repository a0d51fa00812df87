"""SQL for the figures pages and reports show; one module per subject."""

from __future__ import annotations

import re
from typing import Any

from legdash.db import Connection

_PARAM = re.compile(r"\$(\w+)")


class FilterError(ValueError):
    """A filter a person chose that the figures cannot use (bad dates, unknown segment...)."""


def run(con: Connection, sql: str, **params: Any) -> Connection:
    """Execute with only the named parameters the statement uses: DuckDB rejects extra ones, and
    one set of filters can then serve every query of a page."""
    used = set(_PARAM.findall(sql))
    return con.execute(sql, {k: v for k, v in params.items() if k in used})
