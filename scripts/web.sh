#!/usr/bin/env bash
# The lab console (web/): React + Vite, built into web/dist, which the API serves at /.
#   scripts/web.sh          build web/dist when it is missing or older than what it is built from
#   scripts/web.sh --force  build anyway
#   scripts/web.sh test     build if needed, run the console's unit tests, then its browser tests
#                           (Debian's chromium, installed with apt when missing) against the real app:
#                           two labs started with `scripts/start.sh --detach` (:3000, and :3001 for the
#                           every-screen walk, run alongside) and stopped afterwards, unless
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
build
[ "$MODE" = "test" ] || exit 0

ensure_chromium
cd "$ROOT/web"
say "console unit tests"
npm run --silent test:unit
say "browser tests (screenshots in test/artifacts/)"
if [ -n "${LABTRACE_URL:-}" ]; then npm run --silent test:e2e; exit 0; fi

# Two labs side by side (README: a second lab beside a running one): the every-screen walk (axe-core and
# screenshots, the longest spec) runs against the second while the other specs run against the first.
SCREENS_RUN="$ROOT/.data/run-screens"
mkdir -p "$SCREENS_RUN"
bash "$ROOT/scripts/start.sh" --detach
trap 'bash "$ROOT/scripts/start.sh" stop; LABTRACE_RUN_DIR="$SCREENS_RUN" bash "$ROOT/scripts/start.sh" stop' EXIT
PORT=3001 BIOTRACK_SIM_PORT=4011 QUEUE_PREFIX=labtrace_screens REDIS_URL=redis://127.0.0.1:56379/1 LABTRACE_RUN_DIR="$SCREENS_RUN" \
  DATABASE_URL=postgres://labtrace_app@127.0.0.1:55432/labtrace_screens bash "$ROOT/scripts/start.sh" --detach
LABTRACE_URL=http://127.0.0.1:3001 BIOTRACK_SIM_URL=http://127.0.0.1:4011 \
  node --import tsx --test --test-concurrency=1 e2e/screens.e2e.ts >"$SCREENS_RUN/screens.tap" 2>&1 &
SCREENS_PID=$!
others=0
# shellcheck disable=SC2046 # the spec list is file names without spaces
node --import tsx --test --test-concurrency=1 $(ls e2e/*.e2e.ts | grep -v '/screens\.e2e\.ts$') || others=$?
screens=0
wait "$SCREENS_PID" || screens=$?
say "every screen, on the second lab (:3001)"
cat "$SCREENS_RUN/screens.tap"
[ "$others" = 0 ] && [ "$screens" = 0 ]
