#!/usr/bin/env bash
# Builds the code the processes run, when any input changed since the last finished build (or always, with
# --force): the one rule for "dist/ is current", used by scripts/start.sh, scripts/test.sh and the benches.
#
# Each build is a release of its own, dist.<UTC time to the millisecond>-<pid>/, and dist is a symlink to the
# newest finished one, swapped in one rename. A process started from a release keeps loading from it (Node
# resolves the symlink when it starts), so a build while the lab runs neither empties the directory its parsing
# threads load from nor mixes two builds' modules in one process. A failed build leaves dist where it was.
# Old releases are removed, except the newest few and any a live process runs from: one that names it on its
# command line (scripts/start.sh starts the API and the worker by their release's real path) or noted itself in it
# when it started (the API and the worker do, so one started as `node dist/main.js`, a service unit, is kept too).
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${BUILD_LOG_PREFIX:-[build]}"
KEEP="${BUILD_KEEP_RELEASES:-3}"
FORCE=""; [ "${1:-}" = "--force" ] && FORCE=1

# One build at a time in this checkout (the benches, start.sh and test.sh may start side by side).
exec 9<scripts/build.sh
flock 9

inputs_changed() {
  [ ! -f dist/.build-stamp ] ||
    [ -n "$(find src migrations tools/*/src package-lock.json tsconfig*.json nest-cli.json -newer dist/.build-stamp -print -quit 2>/dev/null)" ]
}

# A process that started from a release noted itself there: .live/<pid> holding its start time (the 22nd field of
# /proc/<pid>/stat; src/common/release-pin.ts). A note whose process is gone, or whose pid now names another
# process, is removed.
pinned_by_live_process() {
  local pin pid started in_use=1
  for pin in "$1"/.live/*; do
    [ -f "$pin" ] || continue
    pid="${pin##*/}"
    started="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f20)"
    if [ -n "$started" ] && [ "$started" = "$(cat "$pin" 2>/dev/null)" ]; then
      in_use=0
    else
      rm -f "$pin"
    fi
  done
  return $in_use
}

prune_releases() {
  local current live release kept=0
  current="$(readlink dist 2>/dev/null || true)"
  live="$(for f in /proc/[0-9]*/cmdline; do tr '\0' ' ' 2>/dev/null <"$f"; echo; done)"
  # Newest first (the names sort by time).
  for release in $(find . -maxdepth 1 -type d -name 'dist.[0-9]*' -printf '%f\n' | sort -r); do
    if [ "$release" = "$current" ]; then continue; fi
    if grep -qF "/$release/" <<<"$live" || pinned_by_live_process "$release"; then continue; fi
    kept=$((kept + 1))
    [ "$kept" -lt "$KEEP" ] || rm -rf "$release"
  done
}

if [ -z "$FORCE" ] && ! inputs_changed; then
  echo "$PREFIX dist/ is up to date ($(readlink dist 2>/dev/null || echo dist))"
  exit 0
fi

RELEASE="dist.$(date -u +%Y%m%dT%H%M%S.%3N)-$$"
echo "$PREFIX building $RELEASE"
if ! bash scripts/compile.sh "$RELEASE"; then
  rm -rf "$RELEASE"
  echo "$PREFIX the build failed; dist is unchanged ($(readlink dist 2>/dev/null || echo none))" >&2
  exit 1
fi
touch "$RELEASE/.build-stamp"
# A plain dist/ directory (`npm run build`, or a checkout from before releases) gives way once.
if [ -d dist ] && [ ! -L dist ]; then rm -rf dist; fi
ln -s "$RELEASE" "dist.next.$$"
mv -T "dist.next.$$" dist
echo "$PREFIX dist -> $RELEASE"
prune_releases
