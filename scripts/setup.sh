#!/usr/bin/env bash
# Prepare this checkout to run: system packages, .venv, Python requirements. Safe to run again.
# Usage: scripts/setup.sh dashboard|dev   (dev adds test tools and Chromium for the browser tests)
set -euo pipefail

kind="${1:-dashboard}"
case "$kind" in
  dashboard) requirements=requirements.txt ;;
  dev) requirements=requirements-dev.txt ;;
  *) echo "usage: scripts/setup.sh dashboard|dev" >&2; exit 64 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

fail() {
  echo "setup: $*" >&2
  exit 1
}

# Debian's python3 lacks venv/ensurepip until python3-venv is installed.
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -eq 0 ] && ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
if [ "$kind" = dev ] && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi

if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 \
    || fail "please install ${missing[*]} with your package manager, then run this again"
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    fail "missing ${missing[*]}; as root run: apt-get update && apt-get install -y ${missing[*]}"
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as="${sudo[*]:+sudo }"
  "${sudo[@]}" apt-get update -qq \
    || fail "apt-get update failed; run: ${as}apt-get update && ${as}apt-get install -y ${missing[*]}"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "could not install ${missing[*]}; run: ${as}apt-get install -y ${missing[*]}"
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import pip" >/dev/null 2>&1; then
  echo "Creating .venv"
  python3 -m venv .venv || fail "python3 -m venv .venv failed (is python3-venv installed?)"
fi

# Reinstall only when a requirements file (or the venv's Python) changed since the last install.
fingerprint() {
  { .venv/bin/python -V; cat "$@"; } | sha256sum | cut -d' ' -f1
}
runtime_stamp=.venv/.legdash-requirements.sha256
dev_stamp=.venv/.legdash-requirements-dev.sha256
runtime_hash="$(fingerprint requirements.txt)"
if [ "$kind" = dev ]; then
  stamp="$dev_stamp"
  wanted="$(fingerprint requirements-dev.txt requirements.txt)"
else
  stamp="$runtime_stamp"
  wanted="$runtime_hash"
fi

if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing Python packages from $requirements (first run takes a minute)"
  log=.venv/pip-install.log
  if ! .venv/bin/python -m pip install --disable-pip-version-check -q -r "$requirements" \
    >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    fail "pip install -r $requirements failed; full log in $log"
  fi
  echo "$wanted" >"$stamp"
  # The dev requirements include the runtime ones, so the dashboard needs no second install.
  if [ "$kind" = dev ]; then
    echo "$runtime_hash" >"$runtime_stamp"
  fi
fi
