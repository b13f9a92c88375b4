# Sourced by scripts/services.sh (uses its DATA, PG_PORT, PG_USER, PG_DB, log and as_pg).
# Least privilege on the local PostgreSQL (issue 21):
#   $PG_USER (labtrace)  the cluster's bootstrap superuser: only over the unix socket in .data/pg (mode 700), for scripts
#   labtrace_owner       owns every table; runs migrations and creates the e2e databases (CREATEDB, nothing else)
#   labtrace_app         the API and the worker: the grants of migration 1764000020000 and nothing else
# Both log in with a generated password kept in .data/ (mode 600); TCP connections need it (scram-sha-256).
# .data/database.env holds DATABASE_URL and DATABASE_MIGRATION_URL for the default database (`set -a; . .data/database.env`).

OWNER_ROLE=labtrace_owner
APP_ROLE=labtrace_app
OWNER_PASSWORD_FILE="$DATA/pg-owner.password"
APP_PASSWORD_FILE="$DATA/pg-app.password"
HBA_MARKER='# labtrace: scram-sha-256 (scripts/pg-roles.sh)'

# The bootstrap superuser over the socket: works whatever pg_hba says about TCP.
pg_super() { # database, psql args...
  local db=$1; shift
  psql -X -v ON_ERROR_STOP=1 -h "$DATA/pg" -p "$PG_PORT" -U "$PG_USER" -d "$db" -qtA "$@"
}

# Generates the password file $1 when missing (48 hex characters); a new one is flagged in NEW_PASSWORDS.
ensure_password_file() {
  local file=$1
  if [ ! -s "$file" ]; then
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file")
    NEW_PASSWORDS="$NEW_PASSWORDS $file"
  fi
  chmod 600 "$file"
}

# Creates the two roles when missing and sets a password that was just generated. Serialised with flock:
# several test runs call services.sh at once.
ensure_pg_roles() {
  NEW_PASSWORDS=""
  local owner_pw app_pw
  exec 9>"$DATA/.pg-roles.lock"
  flock 9
  ensure_password_file "$OWNER_PASSWORD_FILE"
  ensure_password_file "$APP_PASSWORD_FILE"
  owner_pw=$(cat "$OWNER_PASSWORD_FILE")
  app_pw=$(cat "$APP_PASSWORD_FILE")
  ensure_role "$OWNER_ROLE" "$owner_pw" "$OWNER_PASSWORD_FILE" 'LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS'
  ensure_role "$APP_ROLE" "$app_pw" "$APP_PASSWORD_FILE" 'LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS'
  # The owner may end the runtime role's connections: the e2e harness drops a test's database WITH (FORCE).
  if [ -z "$(pg_super postgres -c "SELECT 1 FROM pg_auth_members WHERE roleid = '$APP_ROLE'::regrole AND member = '$OWNER_ROLE'::regrole")" ]; then
    pg_super postgres -c "GRANT $APP_ROLE TO $OWNER_ROLE"
  fi
  ensure_database_owned "$PG_DB"
  write_database_env "$owner_pw" "$app_pw"
  flock -u 9
}

ensure_role() { # name, password, password file, attributes
  local name=$1 password=$2 file=$3 attributes=$4
  if [ -z "$(pg_super postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$name'")" ]; then
    pg_super postgres -c "CREATE ROLE $name $attributes PASSWORD '$password'"
    log "created role $name (password in .data/$(basename "$file"))"
  elif [[ "$NEW_PASSWORDS" == *"$file"* ]]; then
    pg_super postgres -c "ALTER ROLE $name $attributes PASSWORD '$password'"
    log "new password for role $name (.data/$(basename "$file"))"
  fi
}

# The lab's database belongs to the owner role. A database made before the roles existed (tables owned
# by the superuser) is handed over once: the database, then every table, sequence, view and function
# in it. e2e and benchmark databases left by earlier runs are handed over too, so their runs can drop them.
ensure_database_owned() {
  local db=$1 name
  if [ -z "$(pg_super postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    pg_super postgres -c "CREATE DATABASE \"$db\" OWNER $OWNER_ROLE"
    log "created database $db"
    return
  fi
  for name in $(pg_super postgres -c "SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
      WHERE r.rolname <> '$OWNER_ROLE' AND (datname = '$db' OR datname LIKE 'labtrace\_e2e\_%' OR datname LIKE 'labtrace\_bench\_%')"); do
    pg_super postgres -c "ALTER DATABASE \"$name\" OWNER TO $OWNER_ROLE"
  done
  [ -n "$(pg_super "$db" -c "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r','p','S','v','m') AND c.relowner <> '$OWNER_ROLE'::regrole LIMIT 1")" ] || return 0
  log "handing database $db over to $OWNER_ROLE"
  pg_super "$db" <<SQL
DO \$\$
DECLARE r record;
BEGIN
  -- Tables first: a serial column's sequence follows its table.
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r','p','S','v','m') AND c.relowner <> '$OWNER_ROLE'::regrole
           ORDER BY c.relkind <> 'r', c.relkind <> 'p'
  LOOP
    IF (SELECT relowner FROM pg_class WHERE oid = r.name) <> '$OWNER_ROLE'::regrole THEN
      EXECUTE format('ALTER %s %s OWNER TO $OWNER_ROLE',
        CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.name);
    END IF;
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proowner <> '$OWNER_ROLE'::regrole
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO $OWNER_ROLE', r.name);
  END LOOP;
END \$\$;
SQL
}

# Always the default database 'labtrace' (a second lab's start.sh builds its URLs from the password files).
write_database_env() { # owner password, app password
  (umask 077 && cat > "$DATA/database.env" <<ENV
# Written by scripts/services.sh: the local database as the runtime role (API, worker) and the owner role (migrations).
DATABASE_URL=postgres://$APP_ROLE:$2@127.0.0.1:$PG_PORT/labtrace
DATABASE_MIGRATION_URL=postgres://$OWNER_ROLE:$1@127.0.0.1:$PG_PORT/labtrace
ENV
  )
  chmod 600 "$DATA/database.env"
}

# TCP needs a password from every role; the socket (in .data/pg, mode 700) lets the bootstrap superuser in
# for scripts. Rewritten once (a cluster made with trust auth is upgraded) and reloaded, never restarted.
secure_pg_hba() {
  local hba="$DATA/pg/pg_hba.conf"
  grep -qxF "$HBA_MARKER" "$hba" 2>/dev/null && return 0
  cat > "$hba.new" <<HBA
$HBA_MARKER
# TYPE  DATABASE  USER         ADDRESS        METHOD
local   all       $PG_USER                    trust
local   all       all                         scram-sha-256
host    all       all          127.0.0.1/32   scram-sha-256
host    all       all          ::1/128        scram-sha-256
HBA
  [ "$(id -u)" = "0" ] && chown postgres "$hba.new"
  chmod 600 "$hba.new"
  mv "$hba.new" "$hba"
  pg_super postgres -c "SELECT pg_reload_conf()" >/dev/null
  log "PostgreSQL now asks every TCP connection for a password (scram-sha-256)"
}
