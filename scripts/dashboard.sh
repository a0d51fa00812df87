#!/usr/bin/env bash
# Quick start: set up, create the demo gym on first run, open the dashboard.
# Extra arguments go to `streamlit run`, e.g. ./scripts/dashboard.sh --server.port 8600
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./scripts/setup.sh dashboard

demo=data/demo.duckdb
if [ ! -e "$demo" ]; then
  echo "Creating the demo gym in $demo (first run only)"
  if ! .venv/bin/python -m legdash demo --db "$demo"; then
    # A half-made demo would be skipped next time, so remove it.
    rm -f "$demo" "$demo".*
    echo "dashboard: could not create the demo database (see the message above)" >&2
    exit 1
  fi
fi

LEGDASH_DB="$demo" exec .venv/bin/streamlit run app.py "$@"
