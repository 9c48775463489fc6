#!/usr/bin/env bash
# Sets up everything and starts Samenspel on http://127.0.0.1:8000 with the demo data
# (the bundle in ../shared/data, or SAMENSPEL_DATA_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
# A local demo: debug pages and a development secret (production runs scripts/serve.sh).
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
bash scripts/setup.sh
.venv/bin/samenspel beheer migrate --verbosity 0
.venv/bin/samenspel data load ${SAMENSPEL_DATA_DIR:+"$SAMENSPEL_DATA_DIR"} || \
  echo "Let op: geen gegevens geladen; de toepassing start toch en zegt hoe je ze laadt."
# The background-job worker (samenspel.jobs) runs next to the web server; Ctrl+C stops both.
.venv/bin/samenspel beheer db_worker --no-reload --verbosity 0 &
worker=$!
.venv/bin/samenspel beheer runserver 127.0.0.1:8000 &
web=$!
trap 'kill -TERM "$worker" "$web" 2>/dev/null; wait; exit 130' INT TERM
echo "==> Samenspel op http://127.0.0.1:8000, met een werker voor achtergrondtaken (Ctrl+C om te stoppen)"
set +e
wait -n "$worker" "$web"
rc=$?
kill -TERM "$worker" "$web" 2>/dev/null
wait
exit "$rc"
