import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './release';

const ROOT = join(__dirname, '..', '..');

/** How a test starts one of LabTrace's entry points as its own process. */
export interface EntryCommand {
  command: string;
  args: string[];
  /** What the process runs, as a person would type it (printed by the cluster test). */
  label: string;
  /** What the child needs in its environment besides the test's own settings. */
  env: Record<string, string>;
}

/**
 * An entry point (`main`, `worker`, `scripts/admin-create`, ...) as a process: with TESTS_USE_DIST=1
 * (scripts/test.sh, after scripts/build.sh) the built `node dist/<entry>.js`, the image's own commands
 * (the Dockerfile), which start in a few seconds; otherwise the TypeScript sources through ts-node
 * (transpile only), so a test run on its own needs no build, at 10–20 s of compiling per process on a
 * loaded machine. `built` chooses for the caller (the benches measure the built entry points, as production runs them).
 */
export function entryCommand(entry: string, options: { built?: boolean } = {}): EntryCommand {
  if (options.built ?? process.env.TESTS_USE_DIST === '1') {
    return { command: process.execPath, args: [join(ROOT, 'dist', `${entry}.js`)], label: `node dist/${entry}.js`, env: {} };
  }
  return {
    command: process.execPath,
    args: ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', `${entry}.ts`)],
    label: `node -r ts-node/register/transpile-only src/${entry}.ts`,
    env: { TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
  };
}

/** An API or worker process a test started (the cluster and outage tests), its output in a log file. */
export interface AppProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  alive(): boolean;
  /** 'running', or how the process ended and the end of its log (what a failing CI run needs to show). */
  state(): string;
  /** SIGTERM (a graceful stop that drains), SIGKILL when it has not ended after the grace period. */
  stop(): Promise<void>;
  kill(): void;
}

/**
 * `entry` as its own process (entryCommand; `built` as there) with the test's environment on top of this one's,
 * writing `<logDir>/<name>.log`.
 */
export function spawnApp(
  name: string,
  entry: 'main' | 'worker',
  env: Record<string, string>,
  logDir: string,
  graceMs: number,
  options: { built?: boolean } = {},
): AppProcess {
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const entryPoint = entryCommand(entry, options);
  const child = spawn(entryPoint.command, entryPoint.args, {
    cwd: ROOT,
    env: { ...process.env, ...env, ...entryPoint.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    logFile,
    alive,
    state: () => {
      if (alive()) return 'running';
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      return `exited (code ${child.exitCode}, signal ${child.signalCode}); the end of ${name}'s log:\n${tail}`;
    },
    kill: () => void child.kill('SIGKILL'),
    stop: async () => {
      if (!alive()) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Until the API process answers `<url>/health` with 200; fails at once if it exits (with its log's end). */
export async function waitForHealth(api: AppProcess, url: string, timeoutMs = 150_000): Promise<void> {
  await eventually(
    async () => {
      if (!api.alive()) throw new Error(`${api.name} ${api.state()}`);
      return (await fetch(`${url}/health`).catch(() => null))?.status === 200;
    },
    timeoutMs,
    `${api.name} to answer ${url}/health (its log: ${api.logFile})`,
  );
}
