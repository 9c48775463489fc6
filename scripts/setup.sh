#!/usr/bin/env bash
# Installs what Samenspel needs on a new Debian machine with Python 3.11.
#   scripts/setup.sh          the application (virtualenv with the locked packages)
#   scripts/setup.sh --test   also what the tests need: Chromium, PostgreSQL, axe-core (npm)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ "$want_test" = 1 ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

# The council PDF (samenspel/funding/council.py) needs a Unicode font: DejaVu Sans from Debian.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "==> apt-get install fonts-dejavu-core (lettertype van het raadsdocument)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> virtualenv .venv"
  "$PY" -m venv .venv
fi
echo "==> Python-pakketten (requirements.lock)"
.venv/bin/python -m pip install -q -r requirements.lock
.venv/bin/python -m pip install -q --no-deps -e .

if [ "$want_test" = 1 ]; then
  echo "==> npm ci (axe-core voor de toegankelijkheidstests)"
  npm ci --silent --no-audit --no-fund
fi
