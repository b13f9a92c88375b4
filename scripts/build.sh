#!/usr/bin/env bash
# Builds dist/ (npm run build) when any of its inputs changed since the last finished build, else leaves it:
# the one rule for "dist/ is current", used by scripts/start.sh and the benches that run `node dist/*.js`.
# dist/.build-stamp is touched only after a build succeeds (scripts/test.sh touches it after its own build).
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${BUILD_LOG_PREFIX:-[build]}"
if [ -f dist/.build-stamp ] && [ -z "$(find src migrations tools/*/src package-lock.json tsconfig*.json nest-cli.json -newer dist/.build-stamp -print -quit 2>/dev/null)" ]; then
  echo "$PREFIX dist/ is up to date"
else
  echo "$PREFIX building"
  rm -f dist/.build-stamp
  npm run --silent build
  touch dist/.build-stamp
fi
