#!/usr/bin/env bash
# The main job: set up, ingest every real data set, and print a first answer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PAYGRADE_DATA_DIR=${PAYGRADE_DATA_DIR:-../shared/data}
.venv/bin/paygrade ingest --all
echo
# First answers, like for like: survey total pay by level, and H-1B base pay at companies.
.venv/bin/paygrade stats --by level --where role=ml_engineer --where pay_component=total
.venv/bin/paygrade stats --by company --where role=ml_engineer,research_scientist \
  --where pay_component=base --where company=Amazon,Apple,Google,Meta,Microsoft,Netflix,Nvidia
.venv/bin/paygrade sources
