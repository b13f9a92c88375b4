import { fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { SeedSample } from '../../tools/biotrack-simulator/src/store';
import type { RunningSimulator } from '../support/test-app';
import type { SimulatorCommand, SimulatorFigures } from './cluster-simulator';

const ROOT = join(__dirname, '..', '..');

/** The simulator process (cluster-simulator.ts): HTTP like any simulator, figures and seeding over IPC. */
export interface SimulatorProcess extends RunningSimulator {
  seedAccepted(samples: SeedSample[]): Promise<void>;
  figures(): Promise<SimulatorFigures>;
}

export async function forkSimulator(ratePerSecond: number, port: number, logDir: string): Promise<SimulatorProcess> {
  const log = createWriteStream(join(logDir, 'simulator.log'));
  const child = fork(join(__dirname, 'cluster-simulator.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: { ...process.env, SIM_RATE_PER_SECOND: String(ratePerSecond), SIM_PORT: String(port), TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  child.on('message', (m: { id: number } & Record<string, unknown>) => waiting.get(m.id)?.(m));
  let n = 0;
  const ask = <T>(command: SimulatorCommand extends infer C ? (C extends unknown ? Omit<C, 'id'> : never) : never): Promise<T> =>
    new Promise((resolve) => {
      const id = ++n;
      waiting.set(id, (answer) => resolve(answer as T));
      child.send({ ...command, id });
    });
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    waiting.set(0, (answer) => resolve(answer as { url: string }));
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  const control = async (path: string, body?: unknown) => {
    const res = await fetch(
      `${url}${path}`,
      body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator ${path} answered ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return {
    url,
    control,
    seedAccepted: async (samples) => {
      await ask({ type: 'seed-accepted', samples });
    },
    figures: async () => (await ask<{ figures: SimulatorFigures }>({ type: 'figures' })).figures,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A JSON request to one of the API processes, never waiting more than 30 s. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed };
}
