#!/usr/bin/env bash
# The main job: set up, ingest every real data set, and print a first answer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PAYGRADE_DATA_DIR=${PAYGRADE_DATA_DIR:-../shared/data}
.venv/bin/paygrade ingest --all
echo
.venv/bin/paygrade stats --by level --where role=ml_engineer
.venv/bin/paygrade sources
