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
# The background-job worker (samenspel.jobs) runs next to the web server and stops with it.
.venv/bin/samenspel beheer db_worker --no-reload --verbosity 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT INT TERM
echo "==> Samenspel op http://127.0.0.1:8000, met een werker voor achtergrondtaken (Ctrl+C om te stoppen)"
.venv/bin/samenspel beheer runserver 127.0.0.1:8000
