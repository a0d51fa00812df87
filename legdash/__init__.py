"""legdash: squat-rack demand and leg-training figures for a gym, over one DuckDB file."""

__version__ = "0.1.0"
