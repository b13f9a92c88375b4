import { createHash, randomInt } from 'node:crypto';
import { InProcessMetrc, startInProcess } from '../../tools/metrc-simulator/src/in-process';
import { metrcSimulatorEnv } from '../support/metrc';
import type { ContractHarness, HeldReport, LabSampleIds, SeededSample, StateCall } from './contract-harness';

/** The simulator's demo shipper facility (a cultivator). */
const SHIPPER = 'OCM-CULT-24-000123';

interface SimResults {
  data: Array<{ typeName: string; quantity: number; documentFileId: number | null }>;
  recordPostsByLabel: Record<string, number>;
  refusedRecordPostsByLabel: Record<string, number>;
  documents: Array<{ fileId: number; fileName: string }>;
}

/** A 24-character package label (digits and capital letters), unique enough for one run. */
function packageLabel(): string {
  let s = '1A40603000';
  while (s.length < 24) s += String(randomInt(0, 10));
  return s;
}

const VERDICTS: Record<string, 'pass' | 'fail'> = { TestPassed: 'pass', RetestPassed: 'pass', TestFailed: 'fail', RetestFailed: 'fail' };

/** Metrc (NY) on the Metrc simulator in this process, as src/metrc's e2e tests start it. */
export function metrcHarness(): ContractHarness {
  let sim: InProcessMetrc | null = null;
  const control = <T>(path: string, body?: unknown): Promise<T> => {
    if (!sim) throw new Error('the Metrc simulator is not started');
    return sim.control<T>(path, body);
  };

  const sha256Of = async (path: string) => {
    const res = await fetch(`${sim!.url}${path}`);
    if (!res.ok) throw new Error(`Metrc simulator ${path} answered ${res.status}`);
    return createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex');
  };
  const fault = async (body: Record<string, unknown>): Promise<void> => {
    await control('/_sim/faults', body);
  };

  return {
    system: 'Metrc',
    async start() {
      sim = await startInProcess();
      const { url } = sim;
      return {
        env: { ...metrcSimulatorEnv(url), METRC_MAX_RETRIES: '0' },
      };
    },
    reset: () => control('/_sim/reset', {}),
    stop: async () => {
      await sim?.close();
      sim = null;
    },

    async seedIncoming(): Promise<SeededSample> {
      const lot = packageLabel();
      const created = await control<{ packages: Array<{ label: string; sourcePackageLabels: string[] }> }>('/_sim/transfers', {
        shipperLicense: SHIPPER,
        packages: [
          { itemName: 'Blue Dream flower (contract)', itemCategoryName: 'Flower', quantity: 7, unitOfMeasureName: 'Grams', sourcePackageLabels: [lot] },
        ],
      });
      const [pkg] = created.packages;
      return { sampleId: pkg.label, lots: pkg.sourcePackageLabels, senderLicense: SHIPPER, name: 'Blue Dream flower (contract)' };
    },

    async held(sample: LabSampleIds): Promise<HeldReport> {
      const label = sample.sampleInventoryId;
      const answer = await control<SimResults>(`/_sim/results?label=${label}`);
      const pkg = await control<{ labTestingState: string }>(`/_sim/packages/${label}`);
      const values: Record<string, string> = {};
      // Metrc's type names are "Analyte (unit)"; the contract speaks of the analyte. Quantity is a JSON number.
      for (const r of answer.data) values[r.typeName.replace(/ \([^)]*\)$/, '')] = String(r.quantity);
      return {
        posts: (answer.recordPostsByLabel[label] ?? 0) + (answer.refusedRecordPostsByLabel[label] ?? 0),
        verdict: VERDICTS[pkg.labTestingState] ?? null,
        certificates: [...new Set(answer.documents.map((d) => d.fileName))],
        certificateSha256: [...new Set(await Promise.all(answer.documents.map((d) => sha256Of(`/_sim/documents/${d.fileId}`))))],
        resultsWithoutCertificate: answer.data.filter((r) => r.documentFileId === null).length,
        values,
      };
    },

    async calls(): Promise<StateCall[]> {
      return (await control<{ data: StateCall[] }>('/_sim/requests')).data;
    },
    isCertificateUpload: (call) => call.method === 'PUT' && call.path === '/labtests/v2/labtestdocument',

    faults: {
      async loseAnswersAfterStore() {
        // The adapter reads back after a lost `record` by itself; the release is the report's last write,
        // and losing its answer too ends the delivery attempt not knowing, for the delivery to recover.
        await fault({ mode: 'drop_after_store', match: '/labtests/v2/record', method: 'POST', count: 1 });
        await fault({ mode: 'drop_after_store', match: '/labtests/v2/results/release', method: 'PUT', count: 1 });
        return 2;
      },
      // Metrc limits GETs only; a delivery reads the package first.
      rateLimitStorm: (count) => fault({ mode: 'rate_limit', match: '/packages/v2/', method: 'GET', count }),
      clear: async () => {
        if (sim) await fault({ mode: 'clear' });
      },
    },

    amendsThroughApi: false,
    // Metrc takes only analytes the test-type map covers; one LabTrace does not know has no type.
    unmappable: { group: 'metals', analyte: 'Uranium', unit: 'µg/g', named: 'Uranium' },
  };
}
