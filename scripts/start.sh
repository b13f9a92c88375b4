#!/usr/bin/env bash
# One command to run LabTrace on this machine: dependencies, PostgreSQL + Redis, migrations, demo data,
# the BioTrack simulator (4010; with TRACEABILITY_ADAPTER=metrc the Metrc simulator on 4020 instead), the API (3000)
# and the worker. Ctrl-C stops the three processes;
# `scripts/services.sh stop` stops the databases. `--detach` leaves everything running in the background
# (logs and pids under .data/run); `scripts/start.sh stop` stops a detached run.
# A second lab beside a running one (same PostgreSQL and Redis): set PORT, DATABASE_URL (another database
# name: created if missing), QUEUE_PREFIX, BIOTRACK_SIM_PORT or METRC_SIM_PORT, and LABTRACE_RUN_DIR
# (its pids and logs; pass it to `stop` too).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
RUN="${LABTRACE_RUN_DIR:-$ROOT/.data/run}"
mkdir -p "$RUN"

stop_processes() {
  for name in worker api simulator; do
    if [ -f "$RUN/$name.pid" ]; then
      kill "$(cat "$RUN/$name.pid")" 2>/dev/null || true
      rm -f "$RUN/$name.pid"
    fi
  done
}

if [ "${1:-}" = "stop" ]; then stop_processes; echo "[start] stopped API, worker and simulator"; exit 0; fi
DETACH=""; [ "${1:-}" = "--detach" ] && DETACH=1

log() { echo "[start] $*"; }

# LABTRACE_ENV=production (README "Running in production"): no demo seed, no simulator, no generated secret.
PRODUCTION=""; [ "${LABTRACE_ENV:-development}" = "production" ] && PRODUCTION=1

# Node 20+ is the one prerequisite we do not install silently on someone's machine without saying so.
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    log "installing Node.js 20 from the Debian/Ubuntu archive"; apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "[start] Node.js 20 or newer is required (https://nodejs.org or your distribution's nodejs package)" >&2; exit 1
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing dependencies (npm ci)"; npm ci --no-audit --no-fund --loglevel=error
fi

bash scripts/services.sh

# The local database (scripts/services.sh): the API, the worker and the seed as the runtime role, migrations as
# the owner role, with the passwords in .data/. A DATABASE_URL with a password, or one elsewhere, is used as given
# (with DATABASE_MIGRATION_URL for the migrations; README "Database roles").
local_database_urls() {
  local db=labtrace auth
  if [ -n "${DATABASE_URL:-}" ]; then
    [[ "$DATABASE_URL" == *"@127.0.0.1:55432/"* || "$DATABASE_URL" == *"@localhost:55432/"* ]] || return 0
    auth="${DATABASE_URL#*://}"; auth="${auth%%@*}"
    [[ "$auth" == *:* ]] && return 0
    db="${DATABASE_URL##*/}"; db="${db%%\?*}"
  fi
  DATABASE_URL="postgres://labtrace_app:$(cat .data/pg-app.password)@127.0.0.1:55432/$db"
  # An inherited migration URL for another database (.data/database.env names the first lab's) is not this lab's.
  local mig_db="${DATABASE_MIGRATION_URL:-}"; mig_db="${mig_db##*/}"; mig_db="${mig_db%%\?*}"
  if [ "$mig_db" != "$db" ]; then
    DATABASE_MIGRATION_URL="postgres://labtrace_owner:$(cat .data/pg-owner.password)@127.0.0.1:55432/$db"
  fi
  export DATABASE_URL DATABASE_MIGRATION_URL
}
local_database_urls

# A stable secret for this machine's demo run, generated once; production sets JWT_SECRET itself.
if [ -z "${JWT_SECRET:-}" ] && [ -z "$PRODUCTION" ]; then
  [ -s .data/jwt-secret ] || node -e 'process.stdout.write(require("crypto").randomBytes(48).toString("base64url"))' > .data/jwt-secret
  JWT_SECRET="$(cat .data/jwt-secret)"; export JWT_SECRET
fi
# The demo run's audit chain head-signing key (production sets AUDIT_HEAD_KEY; docs/backup-restore.md), owner-only.
if [ -z "$PRODUCTION" ] && [ -z "${AUDIT_HEAD_KEY:-}" ] && [ ! -s "${AUDIT_HEAD_KEY_FILE:-.data/audit-head.key}" ]; then
  (umask 077; node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))' > "${AUDIT_HEAD_KEY_FILE:-.data/audit-head.key}")
fi
[ -z "$PRODUCTION" ] && export DEMO_PASSWORD="${DEMO_PASSWORD:-labtrace-demo}"
# Development: webhooks may go to receivers on this machine (production allows only https:443 to public addresses).
[ -z "$PRODUCTION" ] && export WEBHOOK_ALLOWED_HOSTS="${WEBHOOK_ALLOWED_HOSTS:-127.0.0.1,localhost}"
export PORT="${PORT:-3000}"
BIOTRACK_SIM_PORT="${BIOTRACK_SIM_PORT:-4010}"
BIOTRACK_SIM_URL="http://127.0.0.1:$BIOTRACK_SIM_PORT"
export BIOTRACK_BASE_URL="${BIOTRACK_BASE_URL:-$BIOTRACK_SIM_URL}"
# TRACEABILITY_ADAPTER=metrc: the Metrc simulator (4020) stands in for Metrc; its demo keys are the defaults only
# while METRC_BASE_URL points at it (tools/metrc-simulator/README.md).
METRC_SIM_PORT="${METRC_SIM_PORT:-4020}"
METRC_SIM_URL="http://127.0.0.1:$METRC_SIM_PORT"
if [ "${TRACEABILITY_ADAPTER:-biotrack}" = "metrc" ] && [ -z "$PRODUCTION" ]; then
  export METRC_BASE_URL="${METRC_BASE_URL:-$METRC_SIM_URL}"
  if [[ "$METRC_BASE_URL" == "$METRC_SIM_URL"* ]]; then
    export METRC_VENDOR_KEY="${METRC_VENDOR_KEY:-metrc-sim-vendor-key}"
    export METRC_USER_KEY="${METRC_USER_KEY:-metrc-sim-user-key}"
    export METRC_LICENSE="${METRC_LICENSE:-OCM-LAB-25-000007}"
  fi
fi
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:$PORT}"

# Built once per change: a second instance (or the browser tests after scripts/test.sh built) reuses dist/.
BUILD_LOG_PREFIX="[start]" bash scripts/build.sh
if [ -f web/package.json ] && { [ ! -d web/dist ] || [ -n "$(find web/src web/index.html src/rules src/common/domain-error.ts -newer web/dist -print -quit 2>/dev/null)" ]; }; then
  log "building the web console"; npm run --silent build:web
fi

log "running migrations"
npm run --silent migration:run:dist

stop_processes
start_bg() { # name, command...
  local name=$1; shift
  nohup "$@" >"$RUN/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
}

if [ -n "$PRODUCTION" ]; then
  log "production: no simulator"
elif [ "${TRACEABILITY_ADAPTER:-biotrack}" = "metrc" ]; then
  if [[ "$METRC_BASE_URL" == "$METRC_SIM_URL"* ]]; then
    start_bg simulator env METRC_SIM_PORT="$METRC_SIM_PORT" node tools/metrc-simulator/dist/main.js
    for _ in $(seq 1 240); do curl -fsS "$METRC_SIM_URL/_sim/config" >/dev/null 2>&1 && break; sleep 0.25; done
  fi
elif [[ "$BIOTRACK_BASE_URL" == "$BIOTRACK_SIM_URL"* ]]; then
  start_bg simulator env SIM_PORT="$BIOTRACK_SIM_PORT" node tools/biotrack-simulator/dist/main.js
  # The demo seed posts to it next; on a busy machine it can take several seconds to listen.
  for _ in $(seq 1 240); do curl -fsS "$BIOTRACK_SIM_URL/_sim/faults" >/dev/null 2>&1 && break; sleep 0.25; done
fi

if [ -n "$PRODUCTION" ]; then
  log "production: no demo seed (first admin: npm run admin:create -- --email … --name …)"
else
  log "seeding the demo lab"
  node dist/scripts/seed-demo.js
fi

# By the release's real path: the processes keep loading from it whatever is built after (scripts/build.sh).
RELEASE_DIR="$(readlink -f dist)"
start_bg api node "$RELEASE_DIR/main.js"
start_bg worker node "$RELEASE_DIR/worker.js"

for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
if ! curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then
  echo "[start] the API did not come up; last lines of $RUN/api.log:" >&2; tail -20 "$RUN/api.log" >&2; stop_processes; exit 1
fi

STATE_SYSTEM="BioTrack          $BIOTRACK_BASE_URL  (simulator control under /_sim/)"
DEMO_USERS="Demo users        tech@demo.lab, manager@demo.lab, manager2@demo.lab, admin@demo.lab
                      password: ${DEMO_PASSWORD:-}"
[ -n "$PRODUCTION" ] && DEMO_USERS="Production mode   no demo users; /metrics and /health details need METRICS_TOKEN"
# The database password is not printed (.data/pg-app.password locally).
DB_SHOWN="$(printf '%s' "${DATABASE_URL:-postgres://labtrace_app@127.0.0.1:55432/labtrace}" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#')"
if [ "${TRACEABILITY_ADAPTER:-biotrack}" = "metrc" ]; then
  STATE_SYSTEM="Metrc             $METRC_BASE_URL  (license ${METRC_LICENSE:-unset}; simulator control under /_sim/)"
fi
cat <<INFO

  LabTrace is running.
    Console and API   http://localhost:$PORT/          (API under /v1)
    API docs          http://localhost:$PORT/docs
    Health / metrics  http://localhost:$PORT/health   http://localhost:$PORT/metrics
    $STATE_SYSTEM
    PostgreSQL        $DB_SHOWN
    Redis             ${REDIS_URL:-redis://127.0.0.1:56379}${QUEUE_PREFIX:+  (queue prefix $QUEUE_PREFIX)}
    $DEMO_USERS
    Logs              $RUN/{api,worker,simulator}.log

INFO

if [ -n "$DETACH" ]; then log "detached; stop with: scripts/start.sh stop"; exit 0; fi
trap 'stop_processes; echo; log "stopped"; exit 0' INT TERM
log "Ctrl-C stops the API, worker and simulator"
tail -n 0 -F "$RUN/api.log" "$RUN/worker.log" 2>/dev/null &
TAIL=$!
while kill -0 "$(cat "$RUN/api.pid")" 2>/dev/null; do sleep 2; done
kill $TAIL 2>/dev/null || true
echo "[start] the API exited; see $RUN/api.log" >&2
stop_processes
exit 1
