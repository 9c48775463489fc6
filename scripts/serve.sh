#!/usr/bin/env bash
# Runs Samenspel in production: checks the environment, migrates, collects the static files and
# starts gunicorn. Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (see docs/deploy.md).
#   SAMENSPEL_BIND      address to listen on (default 127.0.0.1:8000; the reverse proxy talks to it)
#   SAMENSPEL_WORKERS   gunicorn worker processes (default: one per CPU)
#   SAMENSPEL_THREADS   threads per worker (default 8; benchmarks/README.md, load test)
#   SAMENSPEL_TIMEOUT   seconds before a stuck request is ended (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_BIN=${SAMENSPEL_VENV_BIN:-.venv/bin}

# One line and exit code 2 when the secret or the host names are missing.
"$VENV_BIN/python" -m samenspel.config.startup

"$VENV_BIN/samenspel" beheer migrate --noinput --verbosity 0
"$VENV_BIN/samenspel" beheer collectstatic --noinput --verbosity 0

cpus=$(nproc 2>/dev/null || echo 1)
workers=${SAMENSPEL_WORKERS:-$cpus}
echo "==> Samenspel (gunicorn, $workers workers × ${SAMENSPEL_THREADS:-8} threads) op ${SAMENSPEL_BIND:-127.0.0.1:8000}"
# Each child in its own process group (set -m): a signal to this script reaches each of them
# exactly once, through the trap below (a second TERM would cut a running job short).
set -m
pids=()
# The background-job worker (samenspel.jobs); SAMENSPEL_TASK_WORKER=0 when it runs elsewhere.
if [ "${SAMENSPEL_TASK_WORKER:-1}" != 0 ]; then
  "$VENV_BIN/samenspel" beheer db_worker --no-reload --verbosity 1 &
  pids+=($!)
fi
"$VENV_BIN/gunicorn" samenspel.config.wsgi:application \
  --bind "${SAMENSPEL_BIND:-127.0.0.1:8000}" \
  --workers "$workers" \
  --threads "${SAMENSPEL_THREADS:-8}" \
  --timeout "${SAMENSPEL_TIMEOUT:-60}" \
  --forwarded-allow-ips "${SAMENSPEL_FORWARDED_ALLOW_IPS:-127.0.0.1}" \
  --error-logfile - \
  --log-level warning &
pids+=($!)
# Stop both on a signal, and both when either one stops.
trap 'kill -TERM "${pids[@]}" 2>/dev/null || true' INT TERM
set +e
wait -n "${pids[@]}"
rc=$?
kill -TERM "${pids[@]}" 2>/dev/null
wait
exit "$rc"
