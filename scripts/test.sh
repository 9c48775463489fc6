#!/usr/bin/env bash
# Runs the whole test suite, browser tests included: lint, then pytest on SQLite, then pytest
# again on PostgreSQL (a local server that this script starts). Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

echo "==> ruff"
.venv/bin/ruff check src tests benchmarks

run_pytest() {
  set +e
  .venv/bin/python -m pytest "$@"
  rc=$?
  set -e
  if [ "$rc" = 5 ]; then echo "pytest vond geen tests: dat telt als een fout"; exit 1; fi
  [ "$rc" = 0 ] || exit "$rc"
}

echo "==> pytest op SQLite"
SAMENSPEL_VAR_DIR=$(mktemp -d) run_pytest -q -p no:cacheprovider

echo "==> PostgreSQL starten"
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
  pg_createcluster "$ver" main >/dev/null
fi
pg_ctlcluster "$ver" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -qtc \"SELECT 1 FROM pg_roles WHERE rolname='samenspel'\"" | grep -q 1 || \
  su postgres -c "psql -qc \"CREATE ROLE samenspel LOGIN CREATEDB PASSWORD 'samenspel'\""
su postgres -c "psql -qtc \"SELECT 1 FROM pg_database WHERE datname='samenspel'\"" | grep -q 1 || \
  su postgres -c "createdb -O samenspel samenspel"

echo "==> pytest op PostgreSQL"
DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel \
  SAMENSPEL_VAR_DIR=$(mktemp -d) run_pytest -q -p no:cacheprovider
