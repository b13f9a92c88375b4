#!/usr/bin/env bash
# Makes a private PostgreSQL (55432) and Redis (56379) available on loopback, data under .data/.
# Idempotent: running it again with both up does nothing. `scripts/services.sh stop` stops them.
# When DATABASE_URL / REDIS_URL point elsewhere (production), nothing is started for that service.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$ROOT/.data"
PG_PORT=55432
REDIS_PORT=56379
PG_USER=labtrace
PG_DB=labtrace
# A local DATABASE_URL may name another database (a second lab on the same server): that one is created.
if [ -n "${DATABASE_URL:-}" ]; then PG_DB="${DATABASE_URL##*/}"; PG_DB="${PG_DB%%\?*}"; fi

log() { echo "[services] $*"; }
# shellcheck source=scripts/pg-roles.sh
source "$ROOT/scripts/pg-roles.sh"

uses_local() { # $1 = url (may be empty), $2 = local port
  [ -z "${1:-}" ] || [[ "$1" == *"127.0.0.1:$2"* ]] || [[ "$1" == *"localhost:$2"* ]]
}

apt_install() {
  if [ "$(id -u)" != "0" ]; then echo "[services] need root to install: $*" >&2; exit 1; fi
  log "installing $* (apt-get)"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -1)" ] || [ -n "${APT_UPDATE:-}" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
}

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  echo "$d"
}

# PostgreSQL refuses to run as root; as root we run it as the unprivileged 'postgres' user.
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin; bin=$(pg_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then apt_install postgresql; bin=$(pg_bin); fi
  mkdir -p "$DATA"
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home "$DATA" postgres
  fi
  if [ ! -s "$DATA/pg/PG_VERSION" ]; then
    log "initialising PostgreSQL cluster in .data/pg"
    mkdir -p "$DATA/pg"; chmod 700 "$DATA/pg"
    [ "$(id -u)" = "0" ] && chown postgres "$DATA/pg"
    as_pg "$bin/initdb" -D "$DATA/pg" -U "$PG_USER" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$DATA/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$DATA/pg'
max_connections = 200
shared_buffers = 256MB
fsync = ${PG_FSYNC:-on}
synchronous_commit = ${PG_SYNC_COMMIT:-on}
full_page_writes = ${PG_FSYNC:-on}
timezone = 'UTC'
CONF
  fi
  if as_pg "$bin/pg_ctl" -D "$DATA/pg" status >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    [ "$(id -u)" = "0" ] && chown -R postgres "$DATA/pg"
    as_pg "$bin/pg_ctl" -D "$DATA/pg" -l "$DATA/pg/server.log" -w -t 60 start >/dev/null
    log "PostgreSQL started on 127.0.0.1:$PG_PORT"
  fi
  # The owner and runtime roles, their passwords in .data/, the database owned by the owner; then a password on
  # every TCP connection (a cluster made with trust auth is upgraded in place). scripts/pg-roles.sh.
  ensure_pg_roles
  secure_pg_hba
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then apt_install redis-server; fi
  mkdir -p "$DATA/redis"
  if redis-cli -h 127.0.0.1 -p $REDIS_PORT ping >/dev/null 2>&1; then
    log "Redis already running on 127.0.0.1:$REDIS_PORT"
    return
  fi
  # BullMQ needs noeviction; AOF keeps queued jobs across a restart.
  redis-server --bind 127.0.0.1 --port $REDIS_PORT --dir "$DATA/redis" --daemonize yes \
    --pidfile "$DATA/redis/redis.pid" --logfile "$DATA/redis/redis.log" \
    --appendonly yes --maxmemory-policy noeviction --save "" >/dev/null
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p $REDIS_PORT ping >/dev/null 2>&1 && break; sleep 0.1; done
  log "Redis started on 127.0.0.1:$REDIS_PORT"
}

stop_all() {
  local bin; bin=$(pg_bin)
  if [ -n "$bin" ] && [ -d "$DATA/pg" ] && as_pg "$bin/pg_ctl" -D "$DATA/pg" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$DATA/pg" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  fi
  if command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p $REDIS_PORT ping >/dev/null 2>&1; then
    redis-cli -h 127.0.0.1 -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true
    log "Redis stopped"
  fi
}

case "${1:-start}" in
  start)
    if uses_local "${DATABASE_URL:-}" $PG_PORT; then start_postgres; else log "DATABASE_URL points elsewhere; not starting PostgreSQL"; fi
    if uses_local "${REDIS_URL:-}" $REDIS_PORT; then start_redis; else log "REDIS_URL points elsewhere; not starting Redis"; fi
    ;;
  stop) stop_all ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
