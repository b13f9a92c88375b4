#!/usr/bin/env bash
# The lab console (web/): React + Vite, built into web/dist, which the API serves at /.
#   scripts/web.sh          build web/dist when it is missing or older than what it is built from
#   scripts/web.sh --force  build anyway
#   scripts/web.sh deps     install the console's dependencies only (scripts/test.sh, alongside its own install)
#   scripts/web.sh test     build if needed, run the console's unit tests, then its browser tests
#                           (Debian's chromium, installed with apt when missing) against the real app:
#                           three labs started with `scripts/start.sh --detach` (:3000; :3001 for the lab-day,
#                           panel-entry, account and e-signature specs; :3002 for the every-screen walk; run
#                           alongside) and stopped afterwards, unless
#                           LABTRACE_URL names an app that is already running (then all run there).
# Installs web's own dependencies (npm ci) when they are missing or older than web/package-lock.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE="${1:-}"
# Each step with the seconds since this script began (CI's budget is 20 minutes for everything).
say() { echo "[web] $1 (at ${SECONDS} s)"; }

install_deps() {
  if [ ! -d "$ROOT/web/node_modules" ] || [ "$ROOT/web/package-lock.json" -nt "$ROOT/web/node_modules/.package-lock.json" ]; then
    say "installing the console's dependencies (npm ci)"
    (cd "$ROOT/web" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build() {
  cd "$ROOT/web"
  if [ "$MODE" != "--force" ] && [ -f dist/index.html ] \
    && [ -z "$(find src index.html vite.config.ts tsconfig.json package-lock.json openapi.json -newer dist/index.html -print -quit 2>/dev/null)" ]; then
    say "web/dist is up to date"
    return
  fi
  say "building the console"
  npm run --silent build
}

ensure_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return; fi
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    echo "[web] the browser tests need Debian's chromium (apt-get install chromium) or CHROMIUM_PATH" >&2
    exit 1
  fi
  say "installing chromium (apt-get)"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -1)" ]; then apt-get update -qq; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }
}

install_deps
[ "$MODE" != "deps" ] || exit 0
build
[ "$MODE" = "test" ] || exit 0

ensure_chromium
cd "$ROOT/web"
say "console unit tests"
npm run --silent test:unit
say "browser tests (screenshots in test/artifacts/)"
if [ -n "${LABTRACE_URL:-}" ]; then npm run --silent test:e2e; exit 0; fi

# Three labs side by side (README: a second lab beside a running one), the specs split so each takes about as
# long (about 4 minutes on two cores; the specs mostly wait on the browser and the API, so a third lab still
# shortens the step): the every-screen walk (axe-core and screenshots at two widths) alone on the third; the
# lab-day and panel-entry walks, then the account spec (it waits out the sign-in throttle's growing delays) and the
# e-signature spec on the second; the others on the first. Each lab runs its specs one at a time, in the order given.
SECOND_LAB_SPECS="e2e/lab-day.e2e.ts e2e/panel-entry.e2e.ts e2e/account.e2e.ts e2e/e-signature.e2e.ts"
THIRD_LAB_SPECS="e2e/screens.e2e.ts"
SECOND_RUN="$ROOT/.data/run-screens"
THIRD_RUN="$ROOT/.data/run-third"
mkdir -p "$SECOND_RUN" "$THIRD_RUN"
bash "$ROOT/scripts/start.sh" --detach
trap 'bash "$ROOT/scripts/start.sh" stop; LABTRACE_RUN_DIR="$SECOND_RUN" bash "$ROOT/scripts/start.sh" stop; LABTRACE_RUN_DIR="$THIRD_RUN" bash "$ROOT/scripts/start.sh" stop' EXIT
# The second and third labs' sign-in throttles start their growing waits at 0.1 s instead of 1 s, so the account
# spec's nine wrong passwords before the lock wait about 10 s, not a minute; the schedule itself is tested in
# test/auth-throttle.e2e-spec.ts, the screens here show whatever wait the API states.
PORT=3001 BIOTRACK_SIM_PORT=4011 QUEUE_PREFIX=labtrace_screens REDIS_URL=redis://127.0.0.1:56379/1 LABTRACE_RUN_DIR="$SECOND_RUN" \
  THROTTLE_DELAY_BASE_MS=100 DATABASE_URL=postgres://labtrace_app@127.0.0.1:55432/labtrace_screens bash "$ROOT/scripts/start.sh" --detach
# shellcheck disable=SC2086 # the spec lists are file names without spaces
LABTRACE_URL=http://127.0.0.1:3001 BIOTRACK_SIM_URL=http://127.0.0.1:4011 \
  node --import tsx --test --test-concurrency=1 $SECOND_LAB_SPECS >"$SECOND_RUN/second-lab.tap" 2>&1 &
SECOND_PID=$!
PORT=3002 BIOTRACK_SIM_PORT=4012 QUEUE_PREFIX=labtrace_third REDIS_URL=redis://127.0.0.1:56379/2 LABTRACE_RUN_DIR="$THIRD_RUN" \
  THROTTLE_DELAY_BASE_MS=100 DATABASE_URL=postgres://labtrace_app@127.0.0.1:55432/labtrace_third bash "$ROOT/scripts/start.sh" --detach
# shellcheck disable=SC2086
LABTRACE_URL=http://127.0.0.1:3002 BIOTRACK_SIM_URL=http://127.0.0.1:4012 \
  node --import tsx --test --test-concurrency=1 $THIRD_LAB_SPECS >"$THIRD_RUN/third-lab.tap" 2>&1 &
THIRD_PID=$!
first=0
# shellcheck disable=SC2046,SC2086
node --import tsx --test --test-concurrency=1 $(ls e2e/*.e2e.ts | grep -vxF -f <(printf '%s\n' $SECOND_LAB_SPECS $THIRD_LAB_SPECS)) || first=$?
second=0
wait "$SECOND_PID" || second=$?
third=0
wait "$THIRD_PID" || third=$?
say "the second lab's specs (:3001): $SECOND_LAB_SPECS"
cat "$SECOND_RUN/second-lab.tap"
say "the third lab's specs (:3002): $THIRD_LAB_SPECS"
cat "$THIRD_RUN/third-lab.tap"
[ "$first" = 0 ] && [ "$second" = 0 ] && [ "$third" = 0 ]
