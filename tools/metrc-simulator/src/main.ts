import { readFileSync } from 'node:fs';
import { configFromEnv } from './config';
import { readLabTestTypes } from './lab-test-types';
import { createSimulator } from './simulator';
import { SimulatorOptions } from './state';

const list = (raw: string | undefined) =>
  raw
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads METRC_SIM_* settings; a malformed one stops the process rather than running misconfigured. */
function optionsFromEnv(env: NodeJS.ProcessEnv): { port: number; host: string; options: SimulatorOptions } {
  const portText = env.METRC_SIM_PORT || '4020';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new Error(`METRC_SIM_PORT must be a port number, got "${portText}"`);
  const typesFile = env.METRC_SIM_LAB_TEST_TYPES_FILE;
  return {
    port: Number(portText),
    host: env.METRC_SIM_HOST || '127.0.0.1',
    options: {
      vendorKeys: list(env.METRC_SIM_VENDOR_KEY),
      userKey: env.METRC_SIM_USER_KEY || undefined,
      licenses: list(env.METRC_SIM_LICENSES),
      v1OnlyUserKey: env.METRC_SIM_V1_ONLY_USER_KEY || undefined,
      seedDemo: !/^(false|off|0)$/i.test(env.METRC_SIM_SEED_DEMO ?? ''),
      labTestTypes: typesFile ? readLabTestTypes(JSON.parse(readFileSync(typesFile, 'utf8'))) : undefined,
      config: configFromEnv(env),
    },
  };
}

function log(level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
  (level === 'error' ? process.stderr : process.stdout).write(`${JSON.stringify({ level, msg, ...extra })}\n`);
}

async function main(): Promise<void> {
  const { port, host, options } = optionsFromEnv(process.env);
  const simulator = createSimulator(options);
  const { url } = await simulator.listen(port, host);
  const { state } = simulator;
  log('info', 'metrc simulator listening', {
    url,
    vendorKeys: [...state.vendorKeys],
    users: Object.fromEntries(state.users),
    labLicense: state.labLicense,
    transfers: state.store.transfers.size,
    config: state.config,
  });
  const stop = (signal: string) => {
    simulator.close().then(
      () => {
        log('info', 'metrc simulator stopped', { signal });
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  log('error', 'metrc simulator failed to start', { error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
