#!/usr/bin/env bash
# The whole test suite: set up (with the browser), lint, type-check, then every test
# (doctests, a real server, headless chromium, schemathesis).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
# Two workers, each test file whole on one of them (its module fixtures, a server or a
# browser, start once): CI has two cores. Arguments come after, so `-n 0` runs serially.
.venv/bin/pytest -n 2 --dist loadfile "$@"
