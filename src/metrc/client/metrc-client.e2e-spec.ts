import { Logger } from '@nestjs/common';
import { InProcessMetrc, startInProcess } from '../../../tools/metrc-simulator/src/in-process';
import type { ResultReport } from '../../traceability/traceability.adapter';
import { TraceabilityError } from '../../traceability/traceability.errors';
import { MetrcIntake } from '../metrc-intake';
import { MetrcTraceabilityAdapter } from '../metrc.adapter';
import { MetrcTestTypes } from '../test-types/metrc-test-types';
import { loadTestTypeMaps, mapInForce } from '../test-types/test-type-map';
import { MetrcClientOptions } from './metrc-client.options';
import { MetrcClient } from './metrc.client';
import { MetrcError } from './metrc.error';
import { InProcessRequestLimiter } from './request-limiter';

/**
 * Contract tests: the real MetrcClient (and the adapter over it) against the Metrc simulator as a
 * real HTTP server: every call LabTrace makes, the faults that must neither lose nor double a report,
 * and the GET rate limits.
 */
const LAB = 'OCM-LAB-25-000007';
const SHIPPER = 'OCM-CULT-24-000123';
const VENDOR_KEY = 'metrc-sim-vendor-key';
const USER_KEY = 'metrc-sim-user-key';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const MAP = mapInForce(loadTestTypeMaps(), 'ny-metrc-assumed-2025-12');

interface CreatedTransfer {
  transferId: number;
  deliveryId: number;
  manifestNumber: string;
  packages: Array<{ id: number; label: string; sourcePackageLabels: string[] }>;
}
interface SimResults {
  data: Array<{ typeName: string; quantity: number; passed: boolean; documentFileId: number | null; releasedAt: string | null }>;
  recordPostsByLabel: Record<string, number>;
  releases: Array<{ label: string }>;
  documents: Array<{ label: string; fileName: string; bytes: number }>;
}
type Logged = { method: string; path: string; status: number | null; fault: string | null };

describe('MetrcClient against the Metrc simulator', () => {
  let sim: InProcessMetrc;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    sim = await startInProcess();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control('/_sim/reset', {}));

  const options = (over: Partial<MetrcClientOptions> = {}): MetrcClientOptions => ({
    baseUrl: sim.url,
    vendorKey: VENDOR_KEY,
    userKey: USER_KEY,
    license: LAB,
    timeoutMs: 1500,
    maxRetries: 5,
    baseDelayMs: 20,
    maxDelayMs: 200,
    getRatePerFacility: 50,
    getRatePerVendorKey: 150,
    getConcurrencyPerFacility: 10,
    getConcurrencyPerVendorKey: 30,
    pageSize: 20,
    ...over,
  });
  const client = (over: Partial<MetrcClientOptions> = {}) => new MetrcClient(options(over), new InProcessRequestLimiter());
  const adapterOn = (c: MetrcClient) =>
    new MetrcTraceabilityAdapter(c, new MetrcTestTypes(c, MAP), new MetrcIntake(c, { lookbackHours: 48, overlapMinutes: 10, timeZone: 'America/New_York' }));

  const transfer = (packages: Array<Record<string, unknown>> = [{}]) =>
    sim.control<CreatedTransfer>('/_sim/transfers', {
      shipperLicense: SHIPPER,
      packages: packages.map((p) => ({ itemName: 'Blue Dream - test sample', quantity: 4.5, ...p })),
    });
  const simResults = (label: string) => sim.control<SimResults>(`/_sim/results?label=${label}`);
  const requests = async (path: string) => (await sim.control<{ data: Logged[] }>(`/_sim/requests?path=${encodeURIComponent(path)}`)).data;
  const fault = (body: Record<string, unknown>) => sim.control('/_sim/faults', body);
  const packageState = async (label: string) => (await sim.control<{ labTestingState: string }>(`/_sim/packages/${label}`)).labTestingState;

  const report = (label: string, over: Partial<ResultReport> = {}): ResultReport => ({
    externalId: `LT-2612-000001-v1`,
    sampleId: label,
    testedAt: '2026-12-01T15:00:00.000Z',
    overall: 'pass',
    groups: [
      { group: 'cannabinoids', status: 'report_only', analytes: [{ analyte: 'Total THC', value: '22.10', unit: '%', status: 'report_only' }] },
      {
        group: 'metals',
        status: 'pass',
        analytes: [
          { analyte: 'Lead', value: '0.12', unit: 'µg/g', loq: '0.05', limit: '0.5', status: 'pass' },
          { analyte: 'Nickel', qualifier: 'ND', unit: 'µg/g', status: 'pass' },
        ],
      },
      {
        group: 'microbials',
        status: 'pass',
        analytes: [{ analyte: 'Salmonella', qualifier: 'ND', unit: 'CFU/g', status: 'pass' }],
      },
    ],
    ...over,
  });
  const coa = { pdf: PDF, filename: 'LT-2612-000001-v1.pdf' };

  describe('auth, types and paging', () => {
    it('lists every lab test type across pages of 20, enums as numbers or strings', async () => {
      const types = await client().listTestTypes();
      expect(types.length).toBeGreaterThan(20);
      expect(types.map((t) => t.Name)).toEqual(expect.arrayContaining(['Lead (µg/g)', 'Pesticides (pass/fail)', 'Water Activity (Aw)']));
      expect(new Set(types.map((t) => typeof t.DependencyMode))).toEqual(new Set(['number', 'string']));
      const pages = (await requests('/labtests/v2/types')).filter((r) => r.status === 200);
      expect(pages).toHaveLength(2);
    });

    it('finds every type of the map in force known to the simulator', async () => {
      const c = client();
      await expect(new MetrcTestTypes(c, MAP).check()).resolves.toEqual({ map: MAP.name, known: expect.any(Number), missing: [] });
    });

    it('reads a text/plain 401 for an unknown user key and does not retry it', async () => {
      const error = await client({ userKey: 'nobody' })
        .listTestTypes()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MetrcError);
      expect([(error as MetrcError).code, (error as MetrcError).httpStatus, (error as MetrcError).message]).toEqual([
        'unauthorized',
        401,
        'Authorization has been denied for this request.',
      ]);
      expect(await requests('/labtests/v2/types')).toHaveLength(1);
    });

    it('maps a package of another facility (401) to a refusal, and an unknown label to not found', async () => {
      const adapter = adapterOn(client());
      const foreign = (await sim.control<CreatedTransfer>('/_sim/transfers', { shipperLicense: SHIPPER, received: false, packages: [{}] })).packages[0].label;
      const e = await adapter.reportResults(report(foreign), coa).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TraceabilityError);
      expect([(e as TraceabilityError).kind, (e as TraceabilityError).stateCode]).toEqual(['refused', 'HTTP 401']);
    });
  });

  describe('intake', () => {
    it('follows incoming transfers to delivery packages: one sample per package label, lots from SourcePackageLabels', async () => {
      const lots = ['1A4060300002199000001111', '1A4060300002199000002222'];
      const before = Date.now();
      const t = await transfer([
        { itemCategoryName: 'Flower', sourcePackageLabels: lots },
        { itemCategoryName: 'Vape Cartridge', quantity: 1, unitOfMeasureName: 'Each' },
      ]);
      const samples = await adapterOn(client()).pullInboundSamples();
      expect(samples).toHaveLength(2);
      expect(samples).toEqual(
        expect.arrayContaining([
          {
            sampleId: t.packages[0].label,
            parentInventoryIds: lots,
            manifestId: t.manifestNumber,
            senderLicense: SHIPPER,
            productType: 'flower',
            name: 'Blue Dream - test sample',
            quantity: '4.5',
            uom: 'g',
            createdAt: expect.stringMatching(/Z$/),
          },
          // No source lots in Metrc: the package stands for its own lot.
          expect.objectContaining({
            sampleId: t.packages[1].label,
            parentInventoryIds: [t.packages[1].label],
            productType: 'vape',
            quantity: '1',
            uom: 'each',
          }),
        ]),
      );
      // CreatedDateTime comes as New York wall-clock time without an offset: read in that zone it is now, not hours off.
      expect(Math.abs(Date.parse(samples[0].createdAt!) - before)).toBeLessThan(5000);
      for (const s of samples) expect(s.sampleId).toMatch(/^[0-9A-Z]{24}$/);
    });

    it('asks in windows of at most 24 hours (the simulator refuses more), and finds a transfer modified two days ago', async () => {
      const old = await sim.control<CreatedTransfer>('/_sim/transfers', {
        shipperLicense: SHIPPER,
        lastModified: new Date(Date.now() - 40 * 3600_000).toISOString(),
        packages: [{}],
      });
      const samples = await adapterOn(client()).pullInboundSamples();
      expect(samples.map((s) => s.sampleId)).toEqual([old.packages[0].label]);
      const windows = (await requests('/transfers/v2/incoming')).filter((r) => r.status === 200);
      expect(windows.length).toBeGreaterThanOrEqual(2);
      expect(() => client().listIncomingTransfers(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:01Z'))).toThrow(/at most 24 hours/);
    });
  });

  describe('reporting', () => {
    it('records every mapped type with the COA, releases, and the package moves to TestPassed', async () => {
      const label = (await transfer()).packages[0].label;
      const adapter = adapterOn(client());
      await expect(adapter.reportResults(report(label), coa)).resolves.toEqual({ stateResultId: label });
      const held = await simResults(label);
      expect(held.recordPostsByLabel[label]).toBe(1);
      expect(held.data.map((r) => [r.typeName, r.quantity, r.passed])).toEqual(
        expect.arrayContaining([
          ['Total THC (%)', 22.1, true],
          ['Lead (µg/g)', 0.12, true],
          ['Nickel (µg/g)', 0, true],
          ['Salmonella (presence in 1 g)', 0, true],
        ]),
      );
      expect(held.data.every((r) => r.documentFileId !== null && r.releasedAt !== null)).toBe(true);
      expect(held.documents).toEqual([expect.objectContaining({ label, fileName: 'LT-2612-000001-v1.pdf', bytes: PDF.length })]);
      expect(held.releases.map((r) => r.label)).toEqual([label]);
      expect(await packageState(label)).toBe('TestPassed');
      await adapter.attachCertificate(label, PDF, coa.filename);
      expect(await adapter.findReportedResult('LT-2612-000001-v1', report(label))).toEqual({ stateResultId: label });
    });

    it('a failed report shows TestFailed', async () => {
      const label = (await transfer()).packages[0].label;
      const failed = report(label, { overall: 'fail' });
      failed.groups[1] = { group: 'metals', status: 'fail', analytes: [{ analyte: 'Lead', value: '0.62', unit: 'µg/g', limit: '0.5', status: 'fail' }] };
      await adapterOn(client()).reportResults(failed, coa);
      expect(await packageState(label)).toBe('TestFailed');
    });

    it('a response dropped after the record was stored: the attempt ends unknown, the next reads back and records nothing again', async () => {
      const label = (await transfer()).packages[0].label;
      await fault({ mode: 'drop_after_store', match: '/labtests/v2/record', method: 'POST' });
      const adapter = adapterOn(client());
      // Not read back at once (Metrc may still be storing): the outbox retries after a client timeout.
      await expect(adapter.reportResults(report(label), coa)).rejects.toMatchObject({ kind: 'transient', outcomeUnknown: true });
      await expect(adapter.reportResults(report(label), coa)).resolves.toEqual({ stateResultId: label });
      const held = await simResults(label);
      expect(held.recordPostsByLabel[label]).toBe(1);
      expect(held.data).toHaveLength(4);
      expect(held.releases).toHaveLength(1);
      const posts = await requests('/labtests/v2/record');
      expect(posts.map((p) => p.fault)).toEqual(['drop_after_store']);
    });

    it('a 500 before the store: the next attempt reads back, finds nothing, records once, not twice', async () => {
      const label = (await transfer()).packages[0].label;
      await fault({ mode: 'status', status: 500, match: '/labtests/v2/record', method: 'POST' });
      const adapter = adapterOn(client());
      await expect(adapter.reportResults(report(label), coa)).rejects.toMatchObject({ outcomeUnknown: true });
      await adapter.reportResults(report(label), coa);
      const held = await simResults(label);
      expect(held.recordPostsByLabel[label]).toBe(1);
      expect(held.data).toHaveLength(4);
      expect((await requests('/labtests/v2/record')).map((p) => p.status)).toEqual([500, 200]);
    });

    it('rides out a 429 storm on GETs and 503s on the release PUT', async () => {
      const label = (await transfer()).packages[0].label;
      await fault({ mode: 'rate_limit', match: '/packages/v2/', method: 'GET', count: 3 });
      await fault({ mode: 'status', status: 503, match: '/labtests/v2/results/release', method: 'PUT', count: 2 });
      await adapterOn(client()).reportResults(report(label), coa);
      expect((await requests('/packages/v2/')).slice(0, 4).map((r) => r.status)).toEqual([429, 429, 429, 200]);
      expect((await simResults(label)).releases).toHaveLength(1);
    });

    it('a report that fails for good leaves the state to the next delivery, which posts only what is missing', async () => {
      const label = (await transfer()).packages[0].label;
      const c = client({ maxRetries: 1 });
      await fault({ mode: 'status', status: 503, match: '/labtests/v2/results/release', method: 'PUT', count: 5 });
      const e = await adapterOn(c)
        .reportResults(report(label), coa)
        .catch((x: unknown) => x);
      expect((e as TraceabilityError).kind).toBe('transient');
      expect(await adapterOn(c).findReportedResult('LT-2612-000001-v1', report(label))).toBeNull();
      await fault({ mode: 'clear', match: '/labtests/v2/results/release' });
      await adapterOn(c).reportResults(report(label), coa);
      const held = await simResults(label);
      expect([held.recordPostsByLabel[label], held.releases.length]).toEqual([1, 1]);
    });

    it('records an incomplete certificate and does not release it: the package never shows TestPassed', async () => {
      const label = (await transfer()).packages[0].label;
      const partial = report(label, { overall: 'incomplete' });
      partial.groups[1] = { ...partial.groups[1], status: 'incomplete' };
      await adapterOn(client()).reportResults(partial, coa);
      const held = await simResults(label);
      expect([held.data.length, held.releases.length]).toEqual([4, 0]);
      expect(await packageState(label)).not.toMatch(/TestPassed|TestFailed/);
    });

    it('refuses, before sending, a report needing a type Metrc does not list, and logs it missing at the check', async () => {
      const label = (await transfer()).packages[0].label;
      const { types } = await sim.control<{ types: Array<{ Name: string }> }>('/_sim/lab-test-types');
      await sim.control('/_sim/lab-test-types', { types: types.filter((t) => t.Name !== 'Lead (µg/g)') });
      const c = client();
      expect((await new MetrcTestTypes(c, MAP).check()).missing).toEqual(['Lead (µg/g)']);
      const e = (await adapterOn(c)
        .reportResults(report(label), coa)
        .catch((x: unknown) => x)) as TraceabilityError;
      expect([e.kind, e.message]).toEqual(['refused', expect.stringContaining('"Lead (µg/g)"')]);
      expect(await requests('/labtests/v2/record')).toEqual([]);
    });

    it('an amendment changes nothing in Metrc and yields the steps naming the package and the type to correct', async () => {
      const label = (await transfer()).packages[0].label;
      const adapter = adapterOn(client());
      await adapter.reportResults(report(label), coa);
      const amended = report(label, { externalId: 'LT-2612-000001-v2' });
      amended.groups[1] = { ...amended.groups[1], analytes: [{ analyte: 'Lead', value: '0.15', unit: 'µg/g', status: 'pass' }, amended.groups[1].analytes[1]] };
      const { stateAction } = await adapter.amendResults(label, { ...amended, reason: 'transcription error' });
      expect(stateAction).toContain(`package ${label}`);
      expect(stateAction).toContain('"Lead (µg/g)": Metrc holds 0.12 (passed); the amended COA says 0.15 (passed)');
      expect((await simResults(label)).recordPostsByLabel[label]).toBe(1);
    });
  });

  describe('GET rate limits', () => {
    it('keeps 60 concurrent package reads under the facility limits: no 429 from the simulator', async () => {
      const label = (await transfer()).packages[0].label;
      await sim.control('/_sim/stats/reset', {});
      const c = client({ maxRetries: 0 });
      await Promise.all(Array.from({ length: 60 }, () => c.getPackage(label)));
      const stats = await sim.control<{ rateLimited: number; peakConcurrentGets: number; peakGetsPerSecondByFacility: Record<string, number> }>('/_sim/stats');
      expect(stats.rateLimited).toBe(0);
      expect(stats.peakConcurrentGets).toBeLessThanOrEqual(10);
      // Evenly spaced, not in bursts: within any one second at most the rate (and the one at its edge).
      expect(stats.peakGetsPerSecondByFacility[LAB]).toBeLessThanOrEqual(51);
    });
  });
});
