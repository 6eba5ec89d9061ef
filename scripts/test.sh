#!/usr/bin/env bash
# The whole test suite: set up (with the browser), lint, type-check, then every test
# (doctests, a real server, headless chromium, schemathesis).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks

# mypy (30-45 s of one core) checks beside the tests, not before them: the tests leave a
# quarter of two cores idle while they wait on servers, browsers, Spark and subprocesses.
# Its words are printed after the tests', and either failing fails the run.
types_said=$(mktemp)
.venv/bin/mypy >"$types_said" 2>&1 &
types=$!
trap 'kill "$types" 2>/dev/null || true; rm -f "$types_said"' EXIT

# Two workers, each test file whole on one of them (its module fixtures, a server or a
# browser, start once): CI has two cores. Arguments come after, so `-n 0` runs serially.
status=0
.venv/bin/pytest -n 2 --dist loadfile "$@" || status=$?

types_status=0
wait "$types" || types_status=$?
cat "$types_said"
if [ "$types_status" -ne 0 ]; then
  echo "error: mypy found type errors (above)" >&2
  [ "$status" -eq 0 ] && status=$types_status
fi
exit "$status"
