#!/usr/bin/env bash
# Create .venv and install paygrade with its dev tools; cheap when nothing changed.
# --browser: also make sure Debian's chromium is there (the browser tests drive it;
# Playwright downloads no browser of its own). scripts/test.sh asks for it.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=no
for arg in "$@"; do
  case "$arg" in
    --browser) browser=yes ;;
    *) echo "usage: bash scripts/setup.sh [--browser]" >&2; exit 2 ;;
  esac
done

install_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: the browser tests need Debian's chromium; install it as root:" \
      "apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
  echo "setup: installing chromium with apt-get (once)" >&2
  local log
  log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    >"$log" 2>&1 || ! command -v chromium >/dev/null 2>&1; then
    tail -n 20 "$log" >&2
    echo "error: could not install chromium with apt-get (see above)" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi
"$python" - <<'PY' || { echo "error: paygrade needs Python 3.11 or newer" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

# A venv whose making was cut short (Ctrl-C while venv installed pip) has a python and
# no pip: every later run had failed "No module named pip" until .venv was deleted by hand.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  [ -e .venv ] && echo "setup: .venv is incomplete (no pip): making it again" >&2
  "$python" -m venv --clear .venv
fi
stamp=.venv/.paygrade-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # pip is quiet: without a word the first run had said nothing for a minute or more.
  echo "setup: installing paygrade's packages into .venv (a few minutes the first time)" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  # pip's own status: through a filter it was lost, an older install passed the import
  # check below, and the stamp said done, so the new requirement was never installed.
  if ! out=$(.venv/bin/python -m pip install --quiet -e ".[dev,spark,s3]" 2>&1); then
    printf '%s\n' "$out" >&2
    echo "error: installing paygrade's packages failed (pip, above); nothing stamped" >&2
    exit 1
  fi
  printf '%s\n' "$out" | grep -v -e '^WARNING: Location' -e '^$' || true
  .venv/bin/python -c "import paygrade, duckdb, ibis" || { echo "error: install failed" >&2; exit 1; }
  echo "$want" > "$stamp"
fi

if [ "$browser" = yes ]; then
  install_chromium
fi
