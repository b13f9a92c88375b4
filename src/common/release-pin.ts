import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/**
 * Notes in the release this process runs from (a `dist.<id>/` of scripts/build.sh) that it is in use, so a
 * later build's pruning keeps it. Node resolves a symlinked entry when it starts, so a process started as
 * `node dist/main.js` (a service unit) keeps loading from the release dist pointed at then; only the process
 * knows which that was. The note is `.live/<pid>` holding the process's start time (/proc/<pid>/stat's 22nd
 * field): a note outlives a process stopped by a signal (Nest's shutdown re-raises SIGTERM), and build.sh
 * tells it from a live one by that time, so a pid used again does not keep a release. Does nothing outside a
 * release (a plain dist/, ts-node from src/) or without /proc; never stops a start.
 */
export function pinRelease(releaseRoot = resolve(__dirname, '..')): string | null {
  if (!/^dist\.\d/.test(basename(releaseRoot))) return null;
  try {
    const started = processStartTime(readFileSync('/proc/self/stat', 'utf8'));
    const dir = join(releaseRoot, '.live');
    const pin = join(dir, String(process.pid));
    // The release exists (this code runs from it); not recursive: Node 20's recursive mkdir spins on some paths.
    if (!existsSync(dir)) mkdirSync(dir);
    writeFileSync(pin, `${started}\n`);
    process.once('exit', () => rmSync(pin, { force: true }));
    return pin;
  } catch {
    return null;
  }
}

/** The start time in /proc/<pid>/stat: the 20th field after the command name, which may hold spaces and ')'. */
export function processStartTime(stat: string): string {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const started = fields[19];
  if (!started || !/^\d+$/.test(started)) throw new Error('no start time in /proc/<pid>/stat');
  return started;
}
