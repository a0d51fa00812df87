"""Every importable format, and detection of a file's format from its header."""

from __future__ import annotations

from legdash.ingest import native, stations
from legdash.ingest.layout import Format, header_key
from legdash.ingest.source import UnusableFile

FORMATS: dict[str, Format] = {f.name: f for f in (native.FORMAT, stations.FORMAT)}
FORMAT_NAMES = ("native", "stations", "occupancy", "strong", "hevy", "fitnotes")


def choose(header: list[str], requested: str = "auto") -> tuple[Format, dict[str, int]]:
    """The format and its column positions; UnusableFile says why when nothing fits."""
    if requested != "auto":
        if requested not in FORMATS:
            if requested in FORMAT_NAMES:
                raise UnusableFile(f"the {requested} format is not supported yet")
            raise UnusableFile(
                f"unknown format {requested!r}; use one of {', '.join(FORMAT_NAMES)}"
            )
        fmt = FORMATS[requested]
        found = fmt.match(header)
        missing = fmt.missing(found)
        if missing:
            raise UnusableFile(
                f"not a {fmt.name} file: missing column(s) {', '.join(missing)} "
                f"(found {', '.join(header)})"
            )
        return fmt, found
    keys = {header_key(h) for h in header}
    candidates = []
    for fmt in FORMATS.values():
        found = fmt.match(header)
        if fmt.missing(found):
            continue
        certain = sum(1 for key in fmt.signature if key in keys)
        candidates.append((certain, len(found), fmt, found))
    if not candidates:
        raise UnusableFile(
            f"the header ({', '.join(header[:12])}) does not match any known format; "
            f"expected one of: {'; '.join(f.description for f in FORMATS.values())}"
        )
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    return candidates[0][2], candidates[0][3]
