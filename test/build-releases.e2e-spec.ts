import { ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * scripts/build.sh on a stand-in project: the real script, with a scripts/compile.sh that writes a two-module
 * "app" stamped with src/version (main.js loads task.js only when asked, as the parse pool loads its task
 * modules only when a thread starts). Asked to (PIN_RELEASE), the app notes itself in its release with the real
 * src/common/release-pin.ts, as the API and the worker do. What is checked is what a lab running from dist/ relies
 * on while someone builds in the same checkout.
 */
const BUILD_SH = join(__dirname, '..', 'scripts', 'build.sh');

const FAKE_COMPILE = `#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$1"
[ -e src/fail ] && { mkdir -p "$OUT"; echo half > "$OUT/main.js"; exit 1; }
mkdir -p "$OUT/common"
cp src/release-pin.js "$OUT/common/release-pin.js"
cat > "$OUT/main.js" <<'JS'
if (process.env.PIN_RELEASE) require('./common/release-pin.js').pinRelease();
console.log('ready');
process.stdin.once('data', () => { console.log(require('./task.js')); process.exit(0); });
JS
echo "module.exports = 'built from version ' + $(cat src/version);" > "$OUT/task.js"
`;

/** The real src/common/release-pin.ts as JavaScript, for the stand-in app's releases. */
const RELEASE_PIN_JS = ts.transpileModule(readFileSync(join(__dirname, '..', 'src', 'common', 'release-pin.ts'), 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
}).outputText;

interface Built {
  code: number;
  output: string;
}

let project: string;

function build(...args: string[]): Promise<Built> {
  return new Promise((resolve) => {
    execFile('bash', [join(project, 'scripts', 'build.sh'), ...args], { env: { ...process.env, BUILD_KEEP_RELEASES: keep } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}
let keep = '3';

/** A new source version (written after the last build's stamp: build.sh compares modification times). */
function changeSource(version: number): void {
  writeFileSync(join(project, 'src', 'version'), String(version));
}

const releases = () =>
  readdirSync(project)
    .filter((n) => /^dist\.\d/.test(n))
    .sort();
const current = () => readlinkSync(join(project, 'dist'));

/** `node <path>/main.js`, started and ready; `ask()` makes it load task.js now and answers what it printed. */
async function startApp(mainPath: string, pin = false): Promise<{ child: ChildProcessWithoutNullStreams; ask(): Promise<string> }> {
  const child = spawn(process.execPath, [mainPath], { cwd: project, env: { ...process.env, PIN_RELEASE: pin ? '1' : '' } });
  const lines: string[] = [];
  let waiting: (() => void) | undefined;
  child.stdout.on('data', (d: Buffer) => {
    lines.push(...d.toString().trim().split('\n'));
    waiting?.();
  });
  const nextLine = () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : (waiting = () => resolve(lines.shift()!))));
  expect(await nextLine()).toBe('ready');
  return {
    child,
    ask: async () => {
      child.stdin.write('go\n');
      return nextLine();
    },
  };
}

/** Resolves when the child has exited (at once if it already has). */
function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'labtrace-build-'));
  mkdirSync(join(project, 'scripts'));
  mkdirSync(join(project, 'src'));
  copyFileSync(BUILD_SH, join(project, 'scripts', 'build.sh'));
  writeFileSync(join(project, 'src', 'release-pin.js'), RELEASE_PIN_JS);
  writeFileSync(join(project, 'scripts', 'compile.sh'), FAKE_COMPILE);
  keep = '3';
  changeSource(1);
});

afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('scripts/build.sh: each build a release of its own, dist a symlink to the newest', () => {
  it('builds a release and points dist at it; builds nothing while no input changed; builds again when one did', async () => {
    const first = await build();
    expect(first.code).toBe(0);
    expect(lstatSync(join(project, 'dist')).isSymbolicLink()).toBe(true);
    expect(releases()).toEqual([current()]);
    expect(existsSync(join(project, 'dist', '.build-stamp'))).toBe(true);

    const again = await build();
    expect(again.output).toContain('dist/ is up to date');
    expect(releases()).toEqual([current()]);

    changeSource(2);
    expect((await build()).code).toBe(0);
    expect(releases()).toHaveLength(2);
    expect(current()).toBe(releases()[1]);
  });

  it('a process started before a build keeps loading its own release; a process started after loads the new one', async () => {
    await build();
    const before = await startApp(join(project, 'dist', 'main.js'));
    try {
      changeSource(2);
      expect((await build()).code).toBe(0);
      expect(await before.ask()).toBe('built from version 1');
      const after = await startApp(join(project, 'dist', 'main.js'));
      expect(await after.ask()).toBe('built from version 2');
    } finally {
      before.child.kill();
    }
  });

  it('a failed build leaves dist on the release it had and removes what it half wrote', async () => {
    await build();
    const good = current();
    changeSource(2);
    writeFileSync(join(project, 'src', 'fail'), '');
    const failed = await build();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain('the build failed; dist is unchanged');
    expect(current()).toBe(good);
    expect(releases()).toEqual([good]);
    expect(readFileSync(join(project, 'dist', 'task.js'), 'utf8')).toContain('version');
  });

  it('keeps the newest releases and any a live process was started from by its real path; removes the rest', async () => {
    keep = '1';
    await build();
    const running = current();
    const app = await startApp(join(project, running, 'main.js'));
    try {
      for (const version of [2, 3, 4]) {
        changeSource(version);
        expect((await build()).code).toBe(0);
      }
      expect(releases()).toEqual([running, current()].sort());
      expect(await app.ask()).toBe('built from version 1');
    } finally {
      app.child.kill();
    }
  });

  it('keeps the release a process started through the dist symlink noted itself in, while that process lives', async () => {
    keep = '1';
    await build();
    const running = current();
    const app = await startApp(join(project, 'dist', 'main.js'), true);
    const pins = () => readdirSync(join(project, running, '.live'));
    try {
      expect(pins()).toEqual([String(app.child.pid)]);
      for (const version of [2, 3]) {
        changeSource(version);
        expect((await build()).code).toBe(0);
      }
      expect(releases()).toEqual([running, current()].sort());
      expect(await app.ask()).toBe('built from version 1');
    } finally {
      await exited(app.child);
    }
    // It exited on its own (after answering) and took its note with it: the next build removes the release.
    expect(pins()).toEqual([]);
    changeSource(4);
    expect((await build()).code).toBe(0);
    expect(releases()).toEqual([current()]);
  });

  it("a killed process's note, left behind, keeps nothing once the process is gone", async () => {
    keep = '1';
    await build();
    const running = current();
    const app = await startApp(join(project, 'dist', 'main.js'), true);
    changeSource(2);
    expect((await build()).code).toBe(0);
    expect(releases()).toEqual([running, current()].sort());
    app.child.kill('SIGKILL');
    await exited(app.child);
    expect(readdirSync(join(project, running, '.live'))).toEqual([String(app.child.pid)]);
    changeSource(3);
    expect((await build()).code).toBe(0);
    expect(releases()).toEqual([current()]);
  });

  it('a note whose pid now names another process (started at another time) keeps nothing', async () => {
    keep = '1';
    await build();
    const old = current();
    mkdirSync(join(project, old, '.live'));
    writeFileSync(join(project, old, '.live', String(process.pid)), '1\n');
    changeSource(2);
    expect((await build()).code).toBe(0);
    expect(releases()).toEqual([current()]);
  });

  it('replaces a plain dist/ directory (npm run build) with the symlink', async () => {
    mkdirSync(join(project, 'dist'));
    writeFileSync(join(project, 'dist', 'main.js'), 'plain');
    expect((await build()).code).toBe(0);
    expect(lstatSync(join(project, 'dist')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(project, 'dist', 'task.js'), 'utf8')).toContain('version ');
  });

  it('--force builds even when nothing changed', async () => {
    await build();
    expect((await build('--force')).code).toBe(0);
    expect(releases()).toHaveLength(2);
  });
});
