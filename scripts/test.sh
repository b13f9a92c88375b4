#!/usr/bin/env bash
# One command for every test: installs dependencies, starts the project's own PostgreSQL and Redis,
# type-checks, lints, checks formatting, and runs the whole jest suite (unit tests beside the code, e2e
# tests in test/ booting the real app against a fresh database, Redis and the BioTrack simulator).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# Each step's time, so a run near CI's 20-minute budget shows where it went.
STEP_NAME="" STEP_START=$SECONDS STEP_TIMES=""
step() {
  if [ -n "$STEP_NAME" ]; then STEP_TIMES="$STEP_TIMES, $STEP_NAME $((SECONDS - STEP_START)) s"; fi
  STEP_NAME="$1" STEP_START=$SECONDS
  [ -z "$1" ] || echo "[test] $1 (at $SECONDS s)"
}
trap 'step ""; echo "[test] took ${SECONDS} s:${STEP_TIMES#,}"' EXIT
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing dependencies (npm ci)"; npm ci --no-audit --no-fund --loglevel=error
fi
if ! command -v pdftoppm >/dev/null && [ "$(id -u)" = "0" ]; then
  # poppler-utils: the COA tests turn rendered PDFs into images to check they are readable.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null 2>&1 || true
fi
step "services"
PG_FSYNC=off bash scripts/services.sh
# The local database's two roles (scripts/services.sh writes their URLs): every step below sees the same ones.
if [ -z "${DATABASE_URL:-}" ] && [ -s .data/database.env ]; then set -a; . .data/database.env; set +a; fi
step "type-checking"
npx tsc --noEmit -p tsconfig.json
step "lint (eslint: typescript-eslint type-checked rules, import order)"
npm run --silent lint
step "format (prettier --check)"
npm run --silent format:check
step "build (dist/: processes the tests start run node dist/*.js, the image's own commands)"
npm run --silent build && touch dist/.build-stamp
step "jest (two workers: every e2e file has its own database, queue prefix and ports)"
# (Arguments, e.g. a test path, come before --testPathIgnorePatterns, which would take them as more patterns.)
TESTS_USE_DIST=1 npx jest --config jest.config.js --maxWorkers=2 "$@" --testPathIgnorePatterns='test/hostile-imports|test/outages/'
# These assert answer times (a hostile upload; PostgreSQL and Redis outages): run one at a time, so the figures
# are the API's, not the other jest worker's.
step "jest: the timing tests, one at a time"
TESTS_USE_DIST=1 npx jest --config jest.config.js --maxWorkers=1 test/hostile-imports.e2e-spec.ts test/outages/
step "lab console: build, unit tests, browser tests (chromium) against the running app"
bash scripts/web.sh test
