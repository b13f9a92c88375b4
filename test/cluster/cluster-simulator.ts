import { createSimulator } from '../../tools/biotrack-simulator/src/simulator';
import type { SeedSample } from '../../tools/biotrack-simulator/src/store';

/**
 * The BioTrack simulator as its own process (forked by cluster-lab.ts), with a recorder of the
 * arrival time of every NY-API request: the peak rate the state system saw is measured where the
 * state sees it, not where LabTrace thinks it sent. Control over IPC: seed accepted samples (set-up
 * that is not under test, and must not spend the rate budget), read the figures.
 */
export type SimulatorCommand = { id: number; type: 'seed-accepted'; labLicense?: string; samples: SeedSample[] } | { id: number; type: 'figures' };

export interface SimulatorFigures {
  requests: number;
  /** The most NY-API requests that arrived within any one second (a sliding window). */
  peakPerSecond: number;
  /** Answers 429 from the simulator's own limiter (LabTrace over the limit). */
  rateLimited: number;
  byRoute: Record<string, number>;
  postsByInventoryId: Record<string, number>;
  documents: number;
}

const sim = createSimulator({ ratePerSecond: Number(process.env.SIM_RATE_PER_SECOND ?? 10) });
const arrivals: number[] = [];
const entries: Array<{ method: string; path: string; status: number | null }> = [];
const log = sim.state.requests;
const start = log.start.bind(log);
log.start = (at, method, path, query) => {
  arrivals.push(performance.now());
  const entry = start(at, method, path, query);
  entries.push(entry);
  return entry;
};

function peakPerSecond(): number {
  let peak = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while (arrivals[j] <= arrivals[i] - 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

function figures(): SimulatorFigures {
  const byRoute: Record<string, number> = {};
  for (const e of entries) {
    const route = `${e.method} ${e.path.replace(/\/\d{6,}/g, '/:id')} ${e.status ?? '-'}`;
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  return {
    requests: arrivals.length,
    peakPerSecond: peakPerSecond(),
    rateLimited: entries.filter((e) => e.status === 429).length,
    byRoute,
    postsByInventoryId: Object.fromEntries(sim.state.store.postsByInventoryId),
    documents: [...sim.state.store.results.values()].filter((r) => r.document !== null).length,
  };
}

process.on('message', (command: SimulatorCommand) => {
  if (command.type === 'seed-accepted') {
    const license = command.labLicense ?? sim.state.options.labLicense;
    sim.state.seed(license, command.samples);
    for (const s of command.samples)
      sim.state.store.accept(license, s.sampleId, { receivedQuantity: s.quantity, uom: s.uom as never, receivedAt: sim.state.iso() });
    process.send!({ id: command.id, seeded: command.samples.length });
  } else {
    process.send!({ id: command.id, figures: figures() });
  }
});

sim.listen(Number(process.env.SIM_PORT ?? 0)).then(
  ({ url }) => process.send!({ id: 0, url }),
  (e: Error) => {
    process.stderr.write(`simulator failed to start: ${e.message}\n`);
    process.exit(1);
  },
);
process.once('SIGTERM', () => void sim.close().then(() => process.exit(0)));
process.once('disconnect', () => void sim.close().then(() => process.exit(0)));
