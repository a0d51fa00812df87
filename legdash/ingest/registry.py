"""Every importable format, and detection of a file's format from its header."""

from __future__ import annotations

from collections.abc import Mapping

from legdash.ingest import fitnotes, hevy, native, occupancy, stations, strong
from legdash.ingest.layout import Format, header_key, looks_like_data, mapped_columns
from legdash.ingest.source import UnusableFile
from legdash.wording import article

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        native.FORMAT,
        stations.FORMAT,
        occupancy.FORMAT,
        strong.FORMAT,
        hevy.FORMAT,
        fitnotes.FORMAT,
    )
}
FORMAT_NAMES = ("native", "stations", "occupancy", "strong", "hevy", "fitnotes")
# Signature columns (or all of a shorter signature) that make a header plainly another format's.
CLEARLY_OTHER = 2


def choose(
    header: list[str], requested: str = "auto", mapping: Mapping[str, str] | None = None
) -> tuple[Format, dict[str, int]]:
    """The format and its column positions; UnusableFile says why when nothing fits.

    `mapping` (`--map TARGET=COLUMN`) names columns the header does not; in auto mode only formats
    that have every mapped target are candidates.
    """
    mapping = mapping or {}
    if requested != "auto":
        if requested not in FORMATS:
            raise UnusableFile(f"unknown format {requested!r}; use one of {', '.join(FORMATS)}")
        fmt = FORMATS[requested]
        _refuse_another_formats_file(fmt, header, mapping)
        found = fmt.match(header, mapping)
        missing = fmt.missing(found)
        if missing:
            raise UnusableFile(
                f"not {article(fmt.name)} file: missing column(s) {', '.join(missing)} "
                f"(found {', '.join(header[:20])}); name them with --map TARGET=COLUMN"
            )
        return fmt, found
    mapped_columns(header, mapping)
    keys = {header_key(h) for h in header}
    candidates = []
    for fmt in FORMATS.values():
        if any(fmt.target(name) is None for name in mapping):
            continue
        found = fmt.match(header, mapping)
        if fmt.missing(found):
            continue
        certain = sum(1 for key in fmt.signature if key in keys)
        candidates.append((certain, len(found), fmt, found))
    if not candidates:
        if mapping and not any(all(f.target(n) for n in mapping) for f in FORMATS.values()):
            raise UnusableFile(
                f"--map: no format has all of the columns {', '.join(mapping)}; "
                "check the names or pass --format"
            )
        hint = (
            "; the first row looks like data: a file without a header needs --map TARGET=POSITION"
            " for its columns"
            if looks_like_data(header)
            else ""
        )
        raise UnusableFile(
            f"the header ({', '.join(header[:12])}) does not match any known format{hint}; "
            f"expected one of: {'; '.join(f.description for f in FORMATS.values())}"
        )
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    return candidates[0][2], candidates[0][3]


def _refuse_another_formats_file(
    requested: Format, header: list[str], mapping: Mapping[str, str]
) -> None:
    """A forced --format on a header that plainly belongs to another format is a mistake.

    Read that way, the sets lose what the right reader knows (times, set order, units), and the
    same file imported later as its own format counts every set twice: the dedupe key includes
    the format. Plainly: the other format reads the whole header as it is and shows its
    signature, and the requested one shows none of its own, in the header or in `--map`.
    """
    keys = [header_key(h) for h in header]
    if any(key in requested.signature for key in [*keys, *map(header_key, mapping)]):
        return
    for fmt in FORMATS.values():
        shown = [h for h, key in zip(header, keys, strict=True) if key in fmt.signature]
        plain = len(shown) >= min(CLEARLY_OTHER, len(fmt.signature))
        if fmt is not requested and plain and not fmt.missing(fmt.match(header, {})):
            raise UnusableFile(
                f"this is {article(fmt.name)} file ({', '.join(shown)}), not {requested.name}: "
                f"leave out --format, or pass --format {fmt.name}"
            )
