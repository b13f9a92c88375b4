#!/usr/bin/env bash
# The lab console (web/): React + Vite, built into web/dist, which the API serves at /.
#   scripts/web.sh          build web/dist when it is missing or older than what it is built from
#   scripts/web.sh --force  build anyway
#   scripts/web.sh deps     install the console's dependencies only (scripts/test.sh, alongside its own install)
#   scripts/web.sh test     build if needed, run the console's unit tests, then its browser tests
#                           (Debian's chromium, installed with apt when missing) against the real app:
#                           two labs started with `scripts/start.sh --detach` (:3000, and :3001 for the
#                           every-screen walk, the account and e-signature specs, run alongside) and stopped afterwards, unless
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

# Two labs side by side (README: a second lab beside a running one), the specs split so both take about as
# long (about 5.5 minutes each on two cores): the every-screen walk (axe-core and screenshots at two widths),
# the account spec (it waits out the sign-in throttle's growing delays) and the e-signature spec run against
# the second, the others against the first. Each lab runs its specs one at a time.
SECOND_LAB_SPECS="e2e/screens.e2e.ts e2e/account.e2e.ts e2e/e-signature.e2e.ts"
SCREENS_RUN="$ROOT/.data/run-screens"
mkdir -p "$SCREENS_RUN"
bash "$ROOT/scripts/start.sh" --detach
trap 'bash "$ROOT/scripts/start.sh" stop; LABTRACE_RUN_DIR="$SCREENS_RUN" bash "$ROOT/scripts/start.sh" stop' EXIT
# Its sign-in throttle starts its growing waits at 0.1 s instead of 1 s, so the account spec's nine wrong
# passwords before the lock wait about 10 s, not a minute; the schedule itself is tested in
# test/auth-throttle.e2e-spec.ts, the screens here show whatever wait the API states.
PORT=3001 BIOTRACK_SIM_PORT=4011 QUEUE_PREFIX=labtrace_screens REDIS_URL=redis://127.0.0.1:56379/1 LABTRACE_RUN_DIR="$SCREENS_RUN" \
  THROTTLE_DELAY_BASE_MS=100 DATABASE_URL=postgres://labtrace_app@127.0.0.1:55432/labtrace_screens bash "$ROOT/scripts/start.sh" --detach
# shellcheck disable=SC2086 # the spec lists are file names without spaces
LABTRACE_URL=http://127.0.0.1:3001 BIOTRACK_SIM_URL=http://127.0.0.1:4011 \
  node --import tsx --test --test-concurrency=1 $SECOND_LAB_SPECS >"$SCREENS_RUN/second-lab.tap" 2>&1 &
SECOND_PID=$!
first=0
# shellcheck disable=SC2046,SC2086
node --import tsx --test --test-concurrency=1 $(ls e2e/*.e2e.ts | grep -vxF -f <(printf '%s\n' $SECOND_LAB_SPECS)) || first=$?
second=0
wait "$SECOND_PID" || second=$?
say "the second lab's specs (:3001): $SECOND_LAB_SPECS"
cat "$SCREENS_RUN/second-lab.tap"
[ "$first" = 0 ] && [ "$second" = 0 ]
