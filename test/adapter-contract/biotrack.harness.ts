import { createHash } from 'node:crypto';
import { inventoryId, licenseNumber } from '../support/lab';
import { RunningSimulator, startSimulator } from '../support/test-app';
import type { ContractHarness, HeldReport, LabSampleIds, SeededSample, StateCall } from './contract-harness';

interface SimResult {
  resultId: string;
  status: 'active' | 'void';
  overall: string;
  categories: Array<{ analytes: Array<{ analyte: string; value: string | null; qualifier: string }> }>;
  document: { filename: string } | null;
}
interface SimResults {
  data: SimResult[];
  postsByInventoryId: Record<string, number>;
}

/** BioTrack-NY (the NY-API) on the BioTrack simulator in this process, as the other e2e tests start it. */
export function biotrackHarness(): ContractHarness {
  let sim: RunningSimulator | null = null;
  const control = <T>(path: string, body?: unknown) => {
    if (!sim) throw new Error('the BioTrack simulator is not started');
    return sim.control(path, body) as Promise<T>;
  };
  const sha256Of = async (path: string) => {
    const res = await fetch(`${sim!.url}${path}`);
    if (!res.ok) throw new Error(`BioTrack simulator ${path} answered ${res.status}`);
    return createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex');
  };
  const fault = async (body: Record<string, unknown>): Promise<void> => {
    await control('/_sim/faults', body);
  };

  return {
    system: 'BioTrack',
    async start() {
      sim = await startSimulator();
      return { env: { BIOTRACK_BASE_URL: sim.url, BIOTRACK_TIMEOUT_MS: '2000', BIOTRACK_MAX_RETRIES: '0' } };
    },
    reset: () => control('/_sim/reset', {}),
    stop: async () => {
      await sim?.close();
      sim = null;
    },

    async seedIncoming(): Promise<SeededSample> {
      const seeded = { sampleId: inventoryId(), lots: [inventoryId()], senderLicense: licenseNumber(), name: 'Blue Dream flower (contract)' };
      await control('/_sim/samples', {
        samples: [
          {
            sampleId: seeded.sampleId,
            parentInventoryIds: seeded.lots,
            manifestId: `M-${seeded.sampleId}`,
            senderLicense: seeded.senderLicense,
            productType: 'flower',
            name: seeded.name,
            quantity: '7.0',
            uom: 'g',
          },
        ],
      });
      return seeded;
    },

    async acceptedInState(sampleId) {
      const { data } = await control<{ data: Array<{ sampleId: string; status: string }> }>('/_sim/samples');
      return data.find((s) => s.sampleId === sampleId)?.status === 'accepted';
    },

    async held(sample: LabSampleIds): Promise<HeldReport> {
      const [lot] = sample.inventoryIds;
      const answer = await control<SimResults>(`/_sim/results?inventoryId=${lot}`);
      const active = answer.data.filter((r) => r.status === 'active');
      const latest = active.at(-1);
      const values: Record<string, string> = {};
      for (const c of latest?.categories ?? []) for (const a of c.analytes) values[a.analyte] = a.value ?? a.qualifier;
      return {
        posts: answer.postsByInventoryId[lot] ?? 0,
        verdict: latest?.overall === 'pass' || latest?.overall === 'fail' ? latest.overall : null,
        certificates: active.flatMap((r) => (r.document ? [r.document.filename] : [])),
        certificateSha256: [...new Set(await Promise.all(active.filter((r) => r.document).map((r) => sha256Of(`/_sim/results/${r.resultId}/document`))))],
        resultsWithoutCertificate: active.filter((r) => !r.document).length,
        values,
      };
    },

    async calls(): Promise<StateCall[]> {
      const { data } = await control<{ data: StateCall[] }>('/_sim/requests');
      return data.filter((c) => c.path !== '/v1/user/login');
    },
    isCertificateUpload: (call) => call.method === 'POST' && /^\/v1\/lab\/results\/[^/]+\/document$/.test(call.path),

    faults: {
      async loseAnswersAfterStore() {
        // The simulator refuses a repeated externalId by itself; here it would store a repeat, so one shows.
        await fault({ mode: 'accept_duplicates', match: '/v1/lab/results' });
        await fault({ mode: 'drop_after_store', count: 1, match: '/v1/lab/results' });
        return 1;
      },
      rateLimitStorm: (count) => fault({ mode: 'rate_limit', retryAfter: 1, count, match: '/v1/lab/results' }),
      clear: async () => {
        if (sim) await fault({ mode: 'clear' });
      },
    },

    amendsThroughApi: true,
    // The NY-API takes any analyte name within a test category; what it cannot take is a group with no category.
    unmappable: { group: 'radionuclides', analyte: 'Uranium-238', unit: 'µg/g', named: 'radionuclides' },
  };
}
