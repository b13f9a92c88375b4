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
# The console's dependencies install in the background meanwhile (network and disk, not the CPU the checks need).
WEB_DEPS_LOG="$(mktemp)"
bash scripts/web.sh deps >"$WEB_DEPS_LOG" 2>&1 &
WEB_DEPS_PID=$!
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing dependencies (npm ci)"; npm ci --no-audit --no-fund --loglevel=error
fi
step "services"
PG_FSYNC=off bash scripts/services.sh
# The local database's two roles (scripts/services.sh writes their URLs): every step below sees the same ones.
if [ -z "${DATABASE_URL:-}" ] && [ -s .data/database.env ]; then set -a; . .data/database.env; set +a; fi
# Debian packages the tests use, when missing (root only), installed in the background during the checks (after
# services.sh, whose own apt-get would otherwise meet this one's lock): poppler-utils (the COA tests turn rendered
# PDFs into images to check they are readable; waited for before jest) and chromium (the console's browser tests;
# scripts/web.sh installs it itself if this did not). About 40 s on a fresh machine, no longer after the jest steps.
SYSTEM_DEPS_LOG="$(mktemp)" SYSTEM_DEPS_PID=""
SYSTEM_DEPS=()
command -v pdftoppm >/dev/null || SYSTEM_DEPS+=(poppler-utils)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || SYSTEM_DEPS+=(chromium fonts-dejavu-core)
if [ "${#SYSTEM_DEPS[@]}" -gt 0 ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  (
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -1)" ]; then apt-get update -qq; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${SYSTEM_DEPS[@]}"
  ) >"$SYSTEM_DEPS_LOG" 2>&1 &
  SYSTEM_DEPS_PID=$!
fi
# The static checks in two lanes side by side: each tool is single-threaded and the machine has two cores.
# Each lane's output is shown when both are done; either failing fails the run.
step "checks: type-check then build (dist/: the processes tests start run node dist/*.js, the image's commands) | lint then format"
LANES="$(mktemp -d)"
lane() {
  local name="$1"; shift
  (
    for command in "$@"; do
      echo "[test:$name] $command (at $SECONDS s)"
      bash -c "$command"
    done
  ) >"$LANES/$name.log" 2>&1
}
lane types "npx tsc --noEmit -p tsconfig.json" "BUILD_LOG_PREFIX=[test] bash scripts/build.sh --force" &
TYPES_PID=$!
lane style "npm run --silent lint" "npm run --silent format:check" &
STYLE_PID=$!
types=0; wait "$TYPES_PID" || types=$?
style=0; wait "$STYLE_PID" || style=$?
cat "$LANES/types.log" "$LANES/style.log"; rm -rf "$LANES"
[ "$types" = 0 ] && [ "$style" = 0 ] || { echo "[test] the checks failed (type-check/build: exit $types; lint/format: exit $style)"; exit 1; }
if [ -n "$SYSTEM_DEPS_PID" ]; then
  step "waiting for the Debian packages (${SYSTEM_DEPS[*]})"
  wait "$SYSTEM_DEPS_PID" || echo "[test] installing ${SYSTEM_DEPS[*]} failed: $(tail -3 "$SYSTEM_DEPS_LOG")"
fi
rm -f "$SYSTEM_DEPS_LOG"
step "jest (two workers: every e2e file has its own database, queue prefix and ports)"
# (Arguments, e.g. a test path, come before --testPathIgnorePatterns, which would take them as more patterns.)
# The cluster test's state outage is 30 s here (60 by default): its releases take about 25 s, so the outage still
# spans them and the drain after it, and the 60 s outage is the delivery-drain bench's (bench/results).
CLUSTER_OUTAGE_SECONDS="${CLUSTER_OUTAGE_SECONDS:-30}" \
  TESTS_USE_DIST=1 npx jest --config jest.config.js --maxWorkers=2 "$@" --testPathIgnorePatterns='test/hostile-imports|test/outages/'
# These assert answer times (a hostile upload; PostgreSQL and Redis outages), so nothing else runs beside them.
# The two outages run side by side: each lab is its own processes, PostgreSQL and Redis, mostly waiting out
# its outage at four requests a second (answers of a quarter second against a one-second bound); the hostile
# upload, which loads the CPU, runs alone after them.
step "jest: the timing tests (the two outages side by side, then the hostile upload alone)"
TESTS_USE_DIST=1 npx jest --config jest.config.js --maxWorkers=2 test/outages/
TESTS_USE_DIST=1 npx jest --config jest.config.js --maxWorkers=1 test/hostile-imports.e2e-spec.ts
web_deps=0; wait "$WEB_DEPS_PID" || web_deps=$?
cat "$WEB_DEPS_LOG"; rm -f "$WEB_DEPS_LOG"
[ "$web_deps" = 0 ] || { echo "[test] installing the console's dependencies failed (exit $web_deps)"; exit 1; }
step "lab console: build, unit tests, browser tests (chromium) against the running app"
bash scripts/web.sh test
