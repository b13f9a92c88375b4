#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into an EMPTY database, then proves it (docs/backup-restore.md):
#   RESTORE_DATABASE_URL=postgres://owner@host/newdb scripts/restore.sh <backup directory | s3://bucket/prefix/labtrace-STAMP>
# 1. checks every file against SHA256SUMS; 2. refuses a database that has any table, view or sequence;
# 3. pg_restore in one transaction, stopping at the first error (RESTORE_NO_OWNER=1 drops owners and grants,
#    for a server without the lab's roles), then CONNECT to the new database for the restored roles only;
# 4. npm run audit:verify on the restored copy, with the backup's signed chain head (needs the head key:
#    AUDIT_HEAD_KEY or its key file); 5. the COA check (every PDF's SHA-256 matches its record, every
#    verify token resolves). Exit 0 only when all of it passed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

. scripts/backup-common.sh
log() { echo "[restore] $*" >&2; }

SOURCE="${1:-}"
TARGET_URL="${RESTORE_DATABASE_URL:-}"
if [ -z "$SOURCE" ] || [ -z "$TARGET_URL" ]; then
  echo "usage: RESTORE_DATABASE_URL=postgres://… $0 <backup directory | s3://…/labtrace-STAMP>" >&2
  exit 2
fi
for tool in pg_restore psql sha256sum; do command -v "$tool" >/dev/null || { log "$tool is required"; exit 2; }; done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [[ "$SOURCE" == s3://* ]]; then
  command -v aws >/dev/null || { log "an s3:// backup needs the aws CLI"; exit 2; }
  aws s3 cp --recursive --only-show-errors "${SOURCE%/}/" "$WORK/"
  DIR="$WORK"
else
  DIR="$(cd "$SOURCE" && pwd)"
fi

for f in SHA256SUMS database.dump chain-head.json manifest.json; do [ -s "$DIR/$f" ] || { log "$f missing from $SOURCE"; exit 1; }; done
for f in database.dump chain-head.json manifest.json; do
  grep -qE "^[0-9a-f]{64}  $f\$" "$DIR/SHA256SUMS" || { log "SHA256SUMS does not list $f"; exit 1; }
done
(cd "$DIR" && sha256sum --check --strict --quiet SHA256SUMS) || { log "checksum mismatch: the backup is damaged"; exit 1; }
log "checksums match"

RELATIONS="$(psql "$TARGET_URL" -v ON_ERROR_STOP=1 -tAc "
  SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'")"
if [ "$RELATIONS" != "0" ]; then
  log "refusing: $(redact "$TARGET_URL") is not empty ($RELATIONS tables, views or sequences); restore only into a new database"
  exit 1
fi

OWNER_FLAGS=()
[ -n "${RESTORE_NO_OWNER:-}" ] && OWNER_FLAGS=(--no-owner --no-acl)
log "restoring into $(redact "$TARGET_URL")"
pg_restore --dbname="$TARGET_URL" --exit-on-error --single-transaction "${OWNER_FLAGS[@]}" "$DIR/database.dump"

# A dump holds no database-level privileges: a new database lets PUBLIC connect. As the production
# checklist asks of the live one, only the roles the restored tables name (the owner, the runtime role)
# and the database's owner and the restoring role may connect.
if [ -z "${RESTORE_NO_OWNER:-}" ]; then
  psql "$TARGET_URL" -v ON_ERROR_STOP=1 -q <<'SQL'
DO $$
DECLARE
  grantee name;
BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  FOR grantee IN
    SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
           aclexplode(c.relacl) a
     WHERE n.nspname = 'public' AND a.grantee <> 0
    UNION SELECT pg_get_userbyid(d.datdba) FROM pg_database d WHERE d.datname = current_database()
    UNION SELECT current_user
  LOOP
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), grantee);
  END LOOP;
END $$;
SQL
  log "database privileges: CONNECT for $(psql "$TARGET_URL" -tAc "SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM pg_database d, aclexplode(d.datacl) a JOIN pg_roles r ON r.oid = a.grantee WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT'") only"
fi

STATUS=0
log "verifying the audit chain against the backup's signed head"
DATABASE_URL="$TARGET_URL" run_audit_script audit-verify --head "$DIR/chain-head.json" --trigger restore || STATUS=1
log "checking every COA document"
DATABASE_URL="$TARGET_URL" run_audit_script audit-coa-check || STATUS=1
if [ "$STATUS" = 0 ]; then log "restore verified"; else log "RESTORE DID NOT VERIFY: see above"; fi
exit "$STATUS"
