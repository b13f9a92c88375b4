import { createSimulator } from './simulator';
import { SimulatorOptions } from './state';

/** Reads SIM_* settings; a malformed number stops the process rather than running misconfigured. */
function optionsFromEnv(env: NodeJS.ProcessEnv): { port: number; host: string; options: SimulatorOptions } {
  const int = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
    return Number(raw);
  };
  return {
    port: int('SIM_PORT', 4010, 0),
    host: env.SIM_HOST || '127.0.0.1',
    options: {
      apiKey: env.SIM_API_KEY || undefined,
      username: env.SIM_USERNAME || undefined,
      password: env.SIM_PASSWORD || undefined,
      labLicense: env.SIM_LAB_LICENSE || undefined,
      sessionTtlSeconds: int('SIM_SESSION_TTL_SECONDS', 1800, 1),
      ratePerSecond: int('SIM_RATE_PER_SECOND', 20, 1),
    },
  };
}

async function main(): Promise<void> {
  const { port, host, options } = optionsFromEnv(process.env);
  const simulator = createSimulator(options);
  const { url } = await simulator.listen(port, host);
  const { labLicense, sessionTtlSeconds, ratePerSecond } = simulator.state.options;
  process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'biotrack simulator listening', url, labLicense, sessionTtlSeconds, ratePerSecond })}\n`);
  const stop = (signal: string) => {
    simulator.close().then(
      () => {
        process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'biotrack simulator stopped', signal })}\n`);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'biotrack simulator failed to start', error: e instanceof Error ? e.message : String(e) })}\n`);
  process.exit(1);
});
