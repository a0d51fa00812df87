#!/usr/bin/env bash
# Lint, format check and the whole test suite; exits non-zero when any of them fails.
# Extra arguments go to pytest, e.g. ./scripts/test.sh -k settings -x
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./scripts/setup.sh dev || exit 1

status=0
run() {
  echo "+ $*"
  "$@" || status=1
}
run .venv/bin/ruff check .
run .venv/bin/ruff format --check .
run .venv/bin/python -m pytest -q "$@"
[ "$status" -eq 0 ] || echo "test.sh: some checks failed (see above)" >&2
exit "$status"
