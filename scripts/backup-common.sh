# Sourced by scripts/backup.sh and scripts/restore.sh (run from the repository root).

# The audit CLIs: built (dist/) when present, else from source (development; LABTRACE_SCRIPTS=src forces it).
run_audit_script() {
  local name=$1; shift
  if [ "${LABTRACE_SCRIPTS:-}" != src ] && [ -f "dist/scripts/$name.js" ]; then node "dist/scripts/$name.js" "$@"
  else node -r ts-node/register/transpile-only "src/scripts/$name.ts" "$@"; fi
}

# A database URL as it may be printed: the password masked.
redact() { printf '%s' "$1" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#'; }
