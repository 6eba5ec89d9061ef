#!/usr/bin/env bash
# The main job: set up, ingest every real data set, print first answers, and serve the web app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PAYGRADE_DATA_DIR=${PAYGRADE_DATA_DIR:-../shared/data}
.venv/bin/paygrade ingest --all
# After an upgrade, the files stored before it read the new rules (none: nothing is done).
.venv/bin/paygrade rebuild --if-stale
echo
# First answers, like for like and said what they are: US ML engineers' total pay (surveys)
# by level, and US base pay (H-1B filings) of ML engineers and scientists at leading companies.
# A data folder without such records answers "no record ...", status 1: said, and the
# web app is served all the same (set -e had stopped the script there).
echo "US machine learning engineers: total pay by experience level (surveys)"
.venv/bin/paygrade stats --by level --where role=ml_engineer --where country=US \
  --where pay_component=total || true
echo "US ML engineers and research scientists: base pay at leading companies (H-1B filings)"
.venv/bin/paygrade stats --by company --where role=ml_engineer,research_scientist \
  --where country=US --where pay_component=base \
  --where company=Amazon,Apple,Google,Meta,Microsoft,Netflix,Nvidia || true
.venv/bin/paygrade sources
echo
# The estimator learns from the store in the background (a few minutes, the first time or
# after new data), so the web app serves at once; its Estimate page says a model is coming.
# The log beside the models it trains (one per store and user, not one /tmp file for all).
# The reader dies quietly on Ctrl-C (it had printed a traceback: KeyboardInterrupt).
models=$(.venv/bin/paygrade info --format json | .venv/bin/python -c 'import signal
signal.signal(signal.SIGINT, signal.SIG_DFL)
import json, sys; print(json.load(sys.stdin)["model"]["folder"])')
mkdir -p "$models"
train_log=$models/training.log
train_pid=
# The web app and a training still running both stop when the script does: on Ctrl-C,
# and on a SIGTERM or SIGHUP sent to the script alone (a service manager, `kill PID`),
# which had left the web app running without it, holding its port. A script's background
# jobs ignore SIGINT, so each is sent SIGTERM; a training stopped leaves no model half-made.
# Every job is stopped, not only those named: a signal just after `serve &`, before
# `serve_pid=$!`, had found serve_pid empty and left the web app running. The traps are
# set before the training starts, for the same reason. The web app finishes the requests
# under way first: it is waited for (any job but the training). A job forked an instant
# before the signal may lose it, while its shell still runs this script's traps (under
# load the training went on after the script): SIGTERM is sent again for a second, while
# any job lives; both take a second one calmly (the web app and the training ignore it).
stop() {
  local running pid tries
  running=$(jobs -p)
  kill -TERM $running 2>/dev/null || true
  for tries in 1 2 3 4 5; do
    sleep 0.2
    kill -TERM $running 2>/dev/null || break
  done
  for pid in $running; do
    [ "$pid" = "$train_pid" ] || wait "$pid" 2>/dev/null || true
  done
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
.venv/bin/paygrade train --if-stale > "$train_log" 2>&1 &
train_pid=$!
echo "The salary estimator trains in the background when the data changed (log: $train_log)."
echo "Ctrl-C stops the web app (and a training still running)."
.venv/bin/paygrade serve &  # where: PAYGRADE_HOST, PAYGRADE_PORT (127.0.0.1:8000)
serve_pid=$!
wait "$serve_pid"
