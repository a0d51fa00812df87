"""Altair chart builders. They take small aggregated frames (never raw rows) and share one look.

Colours are the Okabe-Ito palette, readable for colour-blind viewers and on a projector.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)
SEQUENTIAL = "blues"
MAX_ROWS = 5000
# Shares run from 0 to 100% on every chart, so charts side by side compare at a glance.
SHARE_SCALE = alt.Scale(domain=[0, 1])
FONT_SIZE = 13


def themed(chart: alt.Chart | alt.LayerChart, height: int = 320) -> alt.Chart | alt.LayerChart:
    """Shared sizing and fonts large enough for a projector."""
    return (
        chart.properties(height=height)
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_title(fontSize=FONT_SIZE + 3)
    )


def palette(domain: list[str], shown: Iterable[str] | None = None) -> alt.Scale:
    """A categorical colour scale with a fixed order, so a category keeps its colour everywhere.

    With `shown`, only those categories enter the legend (no entry for a class without data),
    each still in the colour its place in `domain` gives it.
    """
    colours = dict(zip(domain, OKABE_ITO, strict=False))
    keep = set(domain if shown is None else shown)
    kept = [name for name in domain if name in keep]
    return alt.Scale(domain=kept, range=[colours[name] for name in kept])
