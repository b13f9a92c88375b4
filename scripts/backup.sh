#!/usr/bin/env bash
# A consistent, compressed, checksummed backup of the lab's database plus a freshly signed audit chain
# head (docs/backup-restore.md).
#   scripts/backup.sh [target]
# target (else BACKUP_TARGET, else .data/backups): a directory, or s3://bucket/prefix (needs the aws CLI;
# AWS_ENDPOINT_URL etc. as the aws CLI reads them for S3-compatible stores). Writes <target>/labtrace-<UTC stamp>/:
#   database.dump    pg_dump custom format (one snapshot, compressed -Z6)
#   chain-head.json  the audit chain head signed just before the dump (HMAC, AUDIT_HEAD_KEY or its key file)
#   manifest.json    what, when, from which database and schema version, counts
#   SHA256SUMS       sha256 of the three files above
# Database: DATABASE_MIGRATION_URL (the owner role reads every table) else DATABASE_URL. The head is signed
# and stored through DATABASE_URL. The last line printed is where the backup went.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

. scripts/backup-common.sh

# Nothing set: the local run's two URLs, which scripts/services.sh writes with their passwords.
if [ -z "${DATABASE_URL:-}" ] && [ -s .data/database.env ]; then set -a; . .data/database.env; set +a; fi
APP_URL="${DATABASE_URL:-postgres://labtrace_app@127.0.0.1:55432/labtrace}"
DUMP_URL="${DATABASE_MIGRATION_URL:-$APP_URL}"
TARGET="${1:-${BACKUP_TARGET:-$ROOT/.data/backups}}"
NAME="labtrace-$(date -u +%Y%m%dT%H%M%SZ)"
log() { echo "[backup] $*" >&2; }

for tool in pg_dump psql sha256sum; do command -v "$tool" >/dev/null || { log "$tool is required"; exit 2; }; done
if [[ "$TARGET" == s3://* ]] && ! command -v aws >/dev/null; then log "an s3:// target needs the aws CLI"; exit 2; fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# The head first: the dump's snapshot is later, so it holds every link up to the head (links are insert-only).
log "signing the audit chain head"
DATABASE_URL="$APP_URL" run_audit_script audit-head --link >"$WORK/chain-head.json"

log "dumping $(redact "$DUMP_URL")"
pg_dump --dbname="$DUMP_URL" --format=custom --compress=6 --file="$WORK/database.dump"

q() { psql "$DUMP_URL" -v ON_ERROR_STOP=1 -tAc "$1"; }
DB_NAME="$(q 'SELECT current_database()')" PG_DUMP_VERSION="$(pg_dump --version)" node -e '
  const [head, server, migration, events, coas] = process.argv.slice(1);
  const h = JSON.parse(require("fs").readFileSync(head, "utf8"));
  process.stdout.write(JSON.stringify({
    format: "labtrace-backup/1",
    createdAt: new Date().toISOString(),
    database: process.env.DB_NAME,
    serverVersion: server,
    pgDump: process.env.PG_DUMP_VERSION,
    lastMigration: migration,
    auditEvents: Number(events),
    coaDocuments: Number(coas),
    chainHead: { position: h.position, chainHash: h.chainHash, signedAt: h.signedAt, keyId: h.keyId },
  }, null, 2) + "\n");
' "$WORK/chain-head.json" "$(q 'SHOW server_version')" "$(q 'SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1')" \
  "$(q 'SELECT count(*) FROM audit_events')" "$(q 'SELECT count(*) FROM coa_documents')" >"$WORK/manifest.json"

(cd "$WORK" && sha256sum database.dump chain-head.json manifest.json >SHA256SUMS)

if [[ "$TARGET" == s3://* ]]; then
  DEST="${TARGET%/}/$NAME"
  aws s3 cp --recursive --only-show-errors "$WORK" "$DEST/"
else
  mkdir -p "$TARGET"
  DEST="$(cd "$TARGET" && pwd)/$NAME"
  [ -e "$DEST" ] && { log "$DEST already exists"; exit 1; }
  # Copied under a temporary name and renamed, so a directory named labtrace-* is always complete.
  cp -r "$WORK" "$TARGET/.$NAME.partial"
  chmod 700 "$TARGET/.$NAME.partial"
  mv "$TARGET/.$NAME.partial" "$DEST"
fi
log "done: $(du -sh "$WORK" | cut -f1) with chain head at position $(node -p 'require(process.argv[1]).position' "$WORK/chain-head.json")"
echo "$DEST"
