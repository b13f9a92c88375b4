#!/usr/bin/env bash
# Compiles the server, its migrations and the two simulators: `scripts/compile.sh OUT` writes the server and
# migrations into OUT (a directory beside src/: compiled code finds web/dist and the project root two levels up).
# `npm run build` is `compile.sh dist` (the image's build); scripts/build.sh compiles each release into its own
# dist.<id>/ and points dist at it.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:?usage: scripts/compile.sh OUT}"
case "$OUT" in */* | . | .. | "") echo "[compile] OUT must be a directory name beside src/, not '$OUT'" >&2; exit 2 ;; esac
TSCONFIG=tsconfig.build.json
if [ "$OUT" != dist ]; then
  # The same options with another outDir (nest build reads its outDir, and where to copy the JSON assets, from the
  # tsconfig, by a path relative to the project). Written where no linter or formatter running beside the build looks.
  mkdir -p node_modules/.cache
  TMP="$(mktemp -d node_modules/.cache/labtrace-build.XXXXXX)"
  trap 'rm -rf "$TMP"' EXIT
  TSCONFIG="$TMP/tsconfig.json"
  printf '{ "extends": "%s/tsconfig.build.json", "compilerOptions": { "outDir": "%s/%s" } }\n' "$PWD" "$PWD" "$OUT" >"$TSCONFIG"
fi
# A symlink here (dist, pointing at a release) is replaced, never followed: the release may be running.
[ -L "$OUT" ] && rm -f "$OUT"
npx nest build --path "$TSCONFIG"
npx tsc -p tsconfig.migrations.json --outDir "$OUT/migrations"
npx tsc -p tools/biotrack-simulator/tsconfig.json
npx tsc -p tools/metrc-simulator/tsconfig.json
