import { inventoryId, licenseNumber } from '../../../test/support/lab';
import { RunningSimulator, startSimulator } from '../../../test/support/test-app';
import { TraceabilityError } from '../../traceability/traceability.errors';
import { BIOTRACK_IDS } from '../biotrack-ids';
import { BiotrackTraceabilityAdapter } from '../biotrack.adapter';
import { BiotrackClientOptions } from './biotrack-client.options';
import { BiotrackClient } from './biotrack.client';
import { BiotrackError } from './biotrack.error';
import { PostResultRequest } from './biotrack.types';

/**
 * Contract tests: the real BiotrackClient against the simulator as a real HTTP server, for every
 * NY-API call and every fault the simulator can inject.
 */
describe('BiotrackClient against the NY-API simulator', () => {
  let sim: RunningSimulator;
  const sender = licenseNumber();

  const options = (over: Partial<BiotrackClientOptions> = {}): BiotrackClientOptions => ({
    baseUrl: sim.url,
    apiKey: 'sim-integrator-key',
    username: 'lab@sim',
    password: 'sim-password',
    license: 'OCM-LAB-25-000007',
    timeoutMs: 1500,
    ratePerSecond: 200,
    maxRetries: 5,
    baseDelayMs: 20,
    maxDelayMs: 200,
    ...over,
  });

  type Logged = { method: string; path: string; status: number | null; fault: string | null };
  const requests = async (): Promise<Logged[]> => ((await sim.control('/_sim/requests')) as { data: Logged[] }).data;
  const postsOf = async (lot: string): Promise<number> =>
    ((await sim.control(`/_sim/results?inventoryId=${lot}`)) as { postsByInventoryId: Record<string, number> }).postsByInventoryId[lot] ?? 0;
  const fault = (body: Record<string, unknown>) => sim.control('/_sim/faults', body);

  async function seed(): Promise<{ sampleId: string; lot: string }> {
    const sampleId = inventoryId();
    const lot = inventoryId();
    await sim.control('/_sim/samples', {
      samples: [
        {
          sampleId,
          parentInventoryIds: [lot],
          manifestId: `M-${sampleId}`,
          senderLicense: sender,
          productType: 'flower',
          name: 'Blue Dream flower',
          quantity: '4.0',
          uom: 'g',
        },
      ],
    });
    return { sampleId, lot };
  }

  async function accepted(client: BiotrackClient) {
    const s = await seed();
    await client.acceptSample(s.sampleId, { receivedQuantity: '4.0', uom: 'g', receivedAt: new Date().toISOString() });
    return s;
  }

  const result = (sampleId: string, over: Partial<PostResultRequest> = {}): PostResultRequest => ({
    externalId: `LT-${sampleId}-v1`,
    sampleId,
    testedAt: '2026-11-24T15:00:00.000Z',
    overall: 'pass',
    categories: [
      {
        category: 'metals',
        status: 'pass',
        analytes: [{ analyte: 'Lead', value: '0.12', qualifier: '', uom: 'ug/g', loq: '0.05', limit: '0.5', status: 'pass' }],
      },
      {
        category: 'potency',
        status: 'na',
        analytes: [{ analyte: 'Total THC', value: '22.1', qualifier: '', uom: '%', loq: '0.05', limit: null, status: 'na' }],
      },
    ],
    ...over,
  });

  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  describe('every call', () => {
    it('lists pending samples across pages, accepts, and refuses a second accept with a conflict', async () => {
      const client = new BiotrackClient(options());
      const seeded = [];
      for (let i = 0; i < 3; i++) seeded.push(await seed());
      const pending = await client.listLabSamples('pending');
      expect(pending.map((s) => s.sampleId).sort()).toEqual(seeded.map((s) => s.sampleId).sort());
      expect(pending[0]).toMatchObject({
        manifestId: expect.stringMatching(/^M-/),
        senderLicense: sender,
        productType: 'flower',
        quantity: '4.0',
        uom: 'g',
        status: 'pending',
      });

      const first = seeded[0];
      await client.acceptSample(first.sampleId, { receivedQuantity: '3.9', uom: 'g', receivedAt: '2026-11-24T14:00:00.000Z' });
      expect((await client.listLabSamples('accepted')).map((s) => s.sampleId)).toEqual([first.sampleId]);
      const again = await client
        .acceptSample(first.sampleId, { receivedQuantity: '3.9', uom: 'g', receivedAt: '2026-11-24T14:00:00.000Z' })
        .catch((e: unknown) => e);
      expect(again).toBeInstanceOf(BiotrackError);
      expect(again).toMatchObject({ stateCode: 'conflict', httpStatus: 409 });
      // Through the adapter the same answer is "already done", and accepting a rejected sample is not.
      const adapter = new BiotrackTraceabilityAdapter(client);
      const receipt = { receivedQuantity: '3.9', uom: 'g', receivedAt: '2026-11-24T14:00:00.000Z' };
      await expect(adapter.acceptSample(first.sampleId, receipt)).rejects.toMatchObject({ kind: 'duplicate', system: 'BioTrack', outcomeUnknown: false });
      await client.rejectSample(seeded[1].sampleId, 'seal broken on arrival');
      const refused = await adapter.acceptSample(seeded[1].sampleId, receipt).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TraceabilityError);
      expect(refused).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/rejected/) });
    });

    it('rejects a sample with a reason', async () => {
      const client = new BiotrackClient(options());
      const { sampleId } = await seed();
      await client.rejectSample(sampleId, 'seal broken on arrival');
      expect((await client.listLabSamples('rejected')).map((s) => s.sampleId)).toEqual([sampleId]);
    });

    it('posts results, looks them up, attaches the COA, amends and voids', async () => {
      const client = new BiotrackClient(options());
      const { sampleId, lot } = await accepted(client);
      const { resultId } = await client.postResult(result(sampleId));
      expect(resultId).toMatch(BIOTRACK_IDS.pattern);
      expect((await client.getInventory(lot)).labStatus).toBe('passed');

      const found = await client.findResultByExternalId(`LT-${sampleId}-v1`);
      expect(found).toMatchObject({ resultId, sampleId, overall: 'pass', version: 1 });
      expect((await client.findResultsForSample(sampleId)).map((r) => r.resultId)).toEqual([resultId]);
      expect(await client.findResultByExternalId('never-posted')).toBeNull();

      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 32), Buffer.from('\n%%EOF\n')]);
      await client.attachDocument(resultId, pdf, 'LT-2611-000001-v1.pdf');
      expect((await client.findResultByExternalId(`LT-${sampleId}-v1`))!.document).toMatchObject({ filename: 'LT-2611-000001-v1.pdf' });

      const failing = result(sampleId).categories.map((c) =>
        c.category === 'metals' ? { ...c, status: 'fail' as const, analytes: [{ ...c.analytes[0], value: '0.9', status: 'fail' as const }] } : c,
      );
      await client.amendResult(resultId, {
        externalId: `LT-${sampleId}-v2`,
        reason: 'lead re-run after instrument drift',
        overall: 'fail',
        categories: failing,
      });
      expect((await client.getInventory(lot)).labStatus).toBe('failed');
      expect(await client.findResultByExternalId(`LT-${sampleId}-v2`)).toMatchObject({ resultId, version: 2, overall: 'fail' });

      await client.voidResult(resultId, 'posted against the wrong sample');
      expect((await client.findResultsForSample(sampleId))[0]).toMatchObject({ status: 'void' });
    });

    it('answers a repeated externalId with the result already stored, never a second one', async () => {
      const client = new BiotrackClient(options());
      const { sampleId, lot } = await accepted(client);
      const first = await client.postResult(result(sampleId));
      const second = await client.postResult(result(sampleId));
      expect(second.resultId).toBe(first.resultId);
      expect(await postsOf(lot)).toBe(1);
    });
  });

  describe('refusals reach the caller unretried', () => {
    it('a 422 is not retried and carries the state message and fields', async () => {
      const client = new BiotrackClient(options());
      const { sampleId } = await accepted(client);
      const error = await client
        .postResult(
          result(sampleId, { overall: 'pass', categories: [{ category: 'metals', status: 'fail', analytes: result(sampleId).categories[0].analytes }] }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BiotrackError);
      expect(error).toMatchObject({ stateCode: 'validation', httpStatus: 422, retryable: false });
      expect((error as BiotrackError).describe()).toMatch(/overall/);
      expect((await requests()).filter((r) => r.method === 'POST' && r.path === '/v1/lab/results')).toHaveLength(1);
    });

    it('results for a sample not yet accepted are a conflict', async () => {
      const client = new BiotrackClient(options());
      const { sampleId } = await seed();
      await expect(client.postResult(result(sampleId))).rejects.toMatchObject({ stateCode: 'conflict', message: expect.stringMatching(/accepted/) });
    });

    it('a non-PDF COA is refused (415)', async () => {
      const client = new BiotrackClient(options());
      const { sampleId } = await accepted(client);
      const { resultId } = await client.postResult(result(sampleId));
      await expect(client.attachDocument(resultId, Buffer.from('not a pdf at all'), 'coa.pdf')).rejects.toMatchObject({ httpStatus: 415, retryable: false });
    });

    it('bad credentials fail once, without retrying', async () => {
      const client = new BiotrackClient(options({ password: 'wrong' }));
      await expect(client.listLabSamples()).rejects.toMatchObject({ stateCode: 'unauthorized', httpStatus: 401 });
      expect((await requests()).filter((r) => r.path === '/v1/user/login')).toHaveLength(1);
    });
  });

  describe('faults', () => {
    it('an expired session logs in again once and the call succeeds', async () => {
      const client = new BiotrackClient(options());
      await seed();
      await client.listLabSamples();
      await fault({ mode: 'expire_sessions' });
      expect(await client.listLabSamples()).toHaveLength(1);
      const log = await requests();
      expect(log.filter((r) => r.path === '/v1/user/login')).toHaveLength(2);
      expect(log.filter((r) => r.path === '/v1/lab/samples').map((r) => r.status)).toEqual([200, 401, 200]);
    });

    it('a 429 waits for Retry-After before trying again', async () => {
      const client = new BiotrackClient(options({ maxDelayMs: 5000 }));
      await seed();
      await client.listLabSamples();
      await fault({ mode: 'rate_limit', retryAfter: 1, count: 1, match: '/v1/lab/samples' });
      const started = Date.now();
      expect(await client.listLabSamples()).toHaveLength(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect((await requests()).filter((r) => r.path === '/v1/lab/samples').map((r) => r.status)).toEqual([200, 429, 200]);
    });

    it('five 503s then success stores exactly one result', async () => {
      const client = new BiotrackClient(options());
      const { sampleId, lot } = await accepted(client);
      await fault({ mode: 'status', status: 503, count: 5, match: '/v1/lab/results' });
      const { resultId } = await client.postResult(result(sampleId));
      expect(resultId).toMatch(BIOTRACK_IDS.pattern);
      expect(await postsOf(lot)).toBe(1);
      expect((await requests()).filter((r) => r.method === 'POST' && r.path === '/v1/lab/results').map((r) => r.status)).toEqual([
        503, 503, 503, 503, 503, 201,
      ]);
    });

    it('gives up after maxRetries with a retryable error', async () => {
      const client = new BiotrackClient(options({ maxRetries: 2 }));
      await fault({ mode: 'status', status: 503, count: 10, match: '/v1/lab/samples' });
      await expect(client.listLabSamples()).rejects.toMatchObject({ stateCode: 'unavailable', retryable: true });
      expect((await requests()).filter((r) => r.path === '/v1/lab/samples')).toHaveLength(3);
    });

    it('a hung request times out and is retried', async () => {
      const client = new BiotrackClient(options({ timeoutMs: 300 }));
      await seed();
      await fault({ mode: 'hang', count: 1, match: '/v1/lab/samples' });
      expect(await client.listLabSamples()).toHaveLength(1);
      expect((await requests()).filter((r) => r.path === '/v1/lab/samples').map((r) => r.fault)).toEqual(['hang', null]);
    });

    it('a post stored then dropped is looked up, not posted again, even when the state would take a duplicate', async () => {
      const client = new BiotrackClient(options());
      const { sampleId, lot } = await accepted(client);
      await fault({ mode: 'accept_duplicates', match: '/v1/lab/results' });
      await fault({ mode: 'drop_after_store', count: 1, match: '/v1/lab/results' });
      const { resultId } = await client.postResult(result(sampleId));
      expect(await postsOf(lot)).toBe(1);
      expect((await client.findResultByExternalId(`LT-${sampleId}-v1`))!.resultId).toBe(resultId);
      const log = await requests();
      expect(log.filter((r) => r.method === 'POST' && r.path === '/v1/lab/results')).toHaveLength(1);
      expect(log.filter((r) => r.method === 'GET' && r.path === '/v1/lab/results').length).toBeGreaterThanOrEqual(1);
    });

    it('a connection dropped before the state stored anything is posted again once', async () => {
      const client = new BiotrackClient(options());
      const { sampleId, lot } = await accepted(client);
      await fault({ mode: 'drop', count: 1, match: '/v1/lab/results' });
      await client.postResult(result(sampleId));
      expect(await postsOf(lot)).toBe(1);
      expect((await requests()).filter((r) => r.method === 'POST' && r.path === '/v1/lab/results').map((r) => r.fault)).toEqual(['drop', null]);
    });

    it('the shared token bucket keeps a burst under the state rate limit', async () => {
      await sim.close();
      sim = await startSimulator({ ratePerSecond: 5 });
      await seed();
      const clients = [new BiotrackClient(options({ ratePerSecond: 4, maxRetries: 0 })), new BiotrackClient(options({ ratePerSecond: 4, maxRetries: 0 }))];
      await Promise.all(Array.from({ length: 12 }, (_, i) => clients[i % 2].getInventory(inventoryId()).catch((e: BiotrackError) => e.stateCode)));
      const statuses = (await requests()).map((r) => r.status);
      expect(statuses).not.toContain(429);
      expect(statuses.filter((s) => s === 404)).toHaveLength(12);
    });
  });
});
