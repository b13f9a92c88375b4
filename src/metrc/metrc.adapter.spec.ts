import type { ResultReport } from '../traceability/traceability.adapter';
import { TraceabilityError } from '../traceability/traceability.errors';
import type { MetrcClient } from './client/metrc.client';
import { MetrcError } from './client/metrc.error';
import type { MetrcLabTestResult, MetrcRecordRequest } from './client/metrc.types';
import type { MetrcIntake } from './metrc-intake';
import { MetrcTraceabilityAdapter } from './metrc.adapter';
import { MetrcTestTypes } from './test-types/metrc-test-types';
import { loadTestTypeMaps, mapInForce } from './test-types/test-type-map';

const LABEL = '1A4060300002199000003445';
const MAP = mapInForce(loadTestTypeMaps(), 'ny-metrc-assumed-2025-12');
const PDF = Buffer.from('%PDF-1.7\n% a COA\n');
const COA = { pdf: PDF, filename: 'LT-2612-000001-v1.pdf' };

/** Metrc as far as the adapter uses it, in memory, with the faults that matter for exactly-once. */
class FakeMetrc {
  packages = new Map<string, { id: number; rows: MetrcLabTestResult[] }>([[LABEL, { id: 501, rows: [] }]]);
  typeNames = new Set(MAP.types.map((t) => t.type));
  records: MetrcRecordRequest[] = [];
  releases: string[] = [];
  documents: number[] = [];
  /** What the next record does besides its job: store then lose the answer, or fail before storing. */
  nextRecordFault: 'drop_after_store' | 'fail_before_store' | null = null;
  gets = 0;
  private nextResultId = 9000;

  readonly license = 'OCM-LAB-25-000007';
  readonly timeoutMs = 15000;

  async listTestTypes() {
    this.gets++;
    return [...this.typeNames].map((Name, i) => ({ Id: i + 1, Name }));
  }

  async getPackage(label: string) {
    this.gets++;
    const p = this.packages.get(label);
    return p ? { Id: p.id, Label: label } : null;
  }

  async listResults(packageId: number) {
    this.gets++;
    return [...this.packages.values()].find((p) => p.id === packageId)?.rows.map((r) => ({ ...r })) ?? [];
  }

  async recordResults(records: MetrcRecordRequest[]) {
    if (this.nextRecordFault === 'fail_before_store') {
      this.nextRecordFault = null;
      throw new MetrcError('unavailable', 'An error has occurred.', { httpStatus: 500, outcomeUnknown: true });
    }
    this.records.push(...records);
    for (const r of records) {
      const p = this.packages.get(r.Label)!;
      const id = this.nextResultId++;
      for (const res of r.Results) {
        if (p.rows.some((row) => row.TestTypeName === res.LabTestTypeName)) throw new MetrcError('validation', 'already exists', { httpStatus: 400 });
        p.rows.push({
          PackageId: p.id,
          LabTestResultId: id,
          TestTypeName: res.LabTestTypeName,
          TestPassed: res.Passed,
          TestResultLevel: Number(res.Quantity.text),
          ResultReleased: false,
          LabTestResultDocumentFileId: r.DocumentFileBase64 ? id + 100000 : null,
        });
      }
    }
    if (this.nextRecordFault === 'drop_after_store') {
      this.nextRecordFault = null;
      throw new MetrcError('timeout', 'no answer from Metrc within the timeout', { outcomeUnknown: true });
    }
    return { Ids: [] };
  }

  async uploadDocuments(docs: Array<{ LabTestResultId: number }>) {
    for (const d of docs) {
      this.documents.push(d.LabTestResultId);
      for (const p of this.packages.values()) for (const r of p.rows) if (r.LabTestResultId === d.LabTestResultId) r.LabTestResultDocumentFileId = 1;
    }
  }

  async releaseResults(labels: string[]) {
    this.releases.push(...labels);
    for (const l of labels) for (const r of this.packages.get(l)!.rows) r.ResultReleased = true;
  }

  rows(label = LABEL) {
    return this.packages.get(label)!.rows;
  }
}

function setup() {
  const metrc = new FakeMetrc();
  const client = metrc as unknown as MetrcClient;
  const intake = { pull: jest.fn(async () => []) } as unknown as MetrcIntake;
  const adapter = new MetrcTraceabilityAdapter(client, new MetrcTestTypes(client, MAP), intake);
  return { metrc, adapter };
}

const report = (over: Partial<ResultReport> = {}): ResultReport => ({
  externalId: 'LT-2612-000001-v1',
  sampleId: LABEL,
  testedAt: '2026-12-01T15:00:00.000Z',
  overall: 'pass',
  groups: [
    { group: 'cannabinoids', status: 'report_only', analytes: [{ analyte: 'Total THC', value: '22.1', unit: '%', status: 'report_only' }] },
    { group: 'metals', status: 'pass', analytes: [{ analyte: 'Lead', value: '0.12', unit: 'µg/g', limit: '0.5', status: 'pass' }] },
  ],
  ...over,
});

async function failure(p: Promise<unknown>): Promise<TraceabilityError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TraceabilityError) return e;
    throw e;
  }
  throw new Error('expected a TraceabilityError');
}

describe('MetrcTraceabilityAdapter', () => {
  it('declares 24-character labels, local receipt and the COA going with the results', () => {
    const { adapter } = setup();
    expect([adapter.displayName, adapter.receivesInState, adapter.reportsWithCertificate]).toEqual(['Metrc', false, true]);
    expect(adapter.inventoryIds.pattern.test(LABEL)).toBe(true);
    expect(adapter.inventoryIds.pattern.test('1234567890123456')).toBe(false);
  });

  it('records every type with the COA inline, then releases; the result id is the package label', async () => {
    const { metrc, adapter } = setup();
    await expect(adapter.reportResults(report(), COA)).resolves.toEqual({ stateResultId: LABEL });
    expect(metrc.records).toHaveLength(1);
    expect(metrc.records[0]).toEqual({
      Label: LABEL,
      // The day testing finished on the lab's clock (10:00 in New York), in the docs' date form.
      ResultDate: '2026-12-01T00:00:00Z',
      DocumentFileName: 'LT-2612-000001-v1.pdf',
      DocumentFileBase64: PDF.toString('base64'),
      Results: [
        { LabTestTypeName: 'Total THC (%)', Quantity: expect.objectContaining({ text: '22.1' }), Passed: true, Notes: '' },
        { LabTestTypeName: 'Lead (µg/g)', Quantity: expect.objectContaining({ text: '0.12' }), Passed: true, Notes: 'limit 0.5 µg/g' },
      ],
    });
    expect(metrc.releases).toEqual([LABEL]);
  });

  it('after a record whose answer was lost: ends the attempt (read back later, not at once), then the next attempt records nothing again', async () => {
    const { metrc, adapter } = setup();
    metrc.nextRecordFault = 'drop_after_store';
    const first = await adapter.reportResults(report(), COA).catch((e: unknown) => e);
    // Metrc may still be storing a slow record: reading back at once could find nothing and post twice.
    expect(first).toBeInstanceOf(TraceabilityError);
    expect(first).toMatchObject({ kind: 'transient', outcomeUnknown: true });
    expect((first as TraceabilityError).retryAfterMs).toBeGreaterThan(0);
    expect(metrc.releases).toEqual([]);
    await expect(adapter.reportResults(report(), COA)).resolves.toEqual({ stateResultId: LABEL });
    expect(metrc.records).toHaveLength(1);
    expect(metrc.rows().map((r) => r.TestTypeName)).toEqual(['Total THC (%)', 'Lead (µg/g)']);
    expect(metrc.releases).toEqual([LABEL]);
  });

  it('after a 500 that stored nothing, the next attempt finds nothing held and records once more', async () => {
    const { metrc, adapter } = setup();
    metrc.nextRecordFault = 'fail_before_store';
    await expect(adapter.reportResults(report(), COA)).rejects.toMatchObject({ outcomeUnknown: true });
    expect(metrc.rows()).toHaveLength(0);
    await adapter.reportResults(report(), COA);
    expect(metrc.records).toHaveLength(1);
    expect(metrc.rows()).toHaveLength(2);
  });

  it('posts only the types Metrc lacks when part of the report is there already, and puts the COA on every result', async () => {
    const { metrc, adapter } = setup();
    metrc
      .rows()
      .push({ PackageId: 501, LabTestResultId: 42, TestTypeName: 'Lead (µg/g)', TestPassed: true, TestResultLevel: 0.12, LabTestResultDocumentFileId: null });
    await adapter.reportResults(report(), COA);
    expect(metrc.records.map((r) => r.Results.map((x) => x.LabTestTypeName))).toEqual([['Total THC (%)']]);
    expect(metrc.records[0].DocumentFileBase64).toBe(PDF.toString('base64'));
    expect(metrc.documents).toEqual([42]);
  });

  it('is a no-op the second time: nothing recorded, released or uploaded again', async () => {
    const { metrc, adapter } = setup();
    await adapter.reportResults(report(), COA);
    await adapter.reportResults(report(), COA);
    await adapter.attachCertificate(LABEL, PDF, COA.filename);
    expect([metrc.records.length, metrc.releases.length, metrc.documents.length]).toEqual([1, 1, 0]);
  });

  it('records an incomplete certificate and never releases it', async () => {
    const { metrc, adapter } = setup();
    const partial = report({ overall: 'incomplete' });
    partial.groups[1] = { ...partial.groups[1], status: 'incomplete' };
    await adapter.reportResults(partial, COA);
    expect(metrc.records).toHaveLength(1);
    expect(metrc.releases).toEqual([]);
    expect(await adapter.findReportedResult(partial.externalId, partial)).toEqual({ stateResultId: LABEL });
  });

  it('refuses, sending nothing, a report with an analyte no Metrc type is mapped for, naming it', async () => {
    const { metrc, adapter } = setup();
    const withUnknown = report();
    withUnknown.groups.push({ group: 'metals', status: 'pass', analytes: [{ analyte: 'Kryptonite', value: '1', unit: 'µg/g', status: 'pass' }] });
    const e = await failure(adapter.reportResults(withUnknown, COA));
    expect([e.kind, e.system]).toEqual(['refused', 'Metrc']);
    expect(e.message).toMatch(/Kryptonite \(metals\) is not an analyte LabTrace knows/);
    expect(metrc.records).toEqual([]);
  });

  it('refuses when Metrc does not list a mapped type, naming the type', async () => {
    const { metrc, adapter } = setup();
    metrc.typeNames.delete('Lead (µg/g)');
    const e = await failure(adapter.reportResults(report(), COA));
    expect(e.kind).toBe('refused');
    expect(e.message).toMatch(/Metrc does not list the lab test type\(s\) "Lead \(µg\/g\)"/);
    expect(metrc.records).toEqual([]);
  });

  it('refuses a COA over 5 MB or not a PDF before sending anything', async () => {
    const { metrc, adapter } = setup();
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]);
    expect((await failure(adapter.reportResults(report(), { pdf: big, filename: 'big.pdf' }))).message).toMatch(/is 5\.0 MB; Metrc takes at most 5 MB/);
    expect((await failure(adapter.reportResults(report(), { pdf: Buffer.from('hello'), filename: 'x.pdf' }))).message).toMatch(/not a PDF/);
    expect(metrc.records).toEqual([]);
  });

  it('says not_found for a package Metrc does not know under the license', async () => {
    const { adapter } = setup();
    const e = await failure(adapter.reportResults(report({ sampleId: 'ABCDEF012345670000010042' }), COA));
    expect([e.kind, e.message]).toEqual(['not_found', 'Metrc knows no package ABCDEF012345670000010042 for license OCM-LAB-25-000007']);
  });

  it('finds a report only when every type is recorded and released; never an amendment; nothing without what was sent', async () => {
    const { adapter } = setup();
    expect(await adapter.findReportedResult('LT-2612-000001-v1', report())).toBeNull();
    await adapter.reportResults(report(), COA);
    expect(await adapter.findReportedResult('LT-2612-000001-v1', report())).toEqual({ stateResultId: LABEL });
    expect(await adapter.findReportedResult('LT-2612-000001-v2', { ...report(), reason: 'typo' })).toBeNull();
    expect(await adapter.findReportedResult('LT-2612-000001-v1')).toBeNull();
  });

  it('amends nothing in Metrc and answers with the exact steps for the manager', async () => {
    const { metrc, adapter } = setup();
    await adapter.reportResults(report(), COA);
    const amended = report({ externalId: 'LT-2612-000001-v2', overall: 'fail' });
    amended.groups[1] = { group: 'metals', status: 'fail', analytes: [{ analyte: 'Lead', value: '0.62', unit: 'µg/g', limit: '0.5', status: 'fail' }] };
    const { stateAction } = await adapter.amendResults(LABEL, { ...amended, reason: 'lead re-run' });
    expect(stateAction).toContain(
      'Metrc has no API to amend lab results: LabTrace changed nothing in Metrc. In Metrc (license OCM-LAB-25-000007), package 1A4060300002199000003445:',
    );
    expect(stateAction).toContain('"Lead (µg/g)": Metrc holds 0.12 (passed); the amended COA says 0.62 (failed)');
    expect(stateAction).toContain('Upload the amended COA (LT-2612-000001-v2.pdf, from LabTrace)');
    expect(stateAction).toContain('Reason for the amendment: lead re-run');
    expect(stateAction).not.toContain('Total THC');
    expect(metrc.records).toHaveLength(1);
  });

  it('does nothing remote on accept or reject, and refuses to pretend it can void', async () => {
    const { metrc, adapter } = setup();
    await adapter.acceptSample(LABEL);
    await adapter.rejectSample(LABEL, 'leaking');
    expect(metrc.gets).toBe(0);
    const e = await failure(adapter.voidResults(LABEL));
    expect([e.kind, e.message]).toEqual([
      'refused',
      `Metrc has no API to revoke lab results; revoke the results of package ${LABEL} in Metrc's UI or through Metrc support`,
    ]);
  });

  it('turns transient Metrc failures into transient TraceabilityErrors with the facts', async () => {
    const { metrc, adapter } = setup();
    metrc.getPackage = async () => {
      throw new MetrcError('rate_limited', 'The limit of API calls allowed has been exceeded.', { httpStatus: 429, retryAfterMs: 2000 });
    };
    const e = await failure(adapter.reportResults(report(), COA));
    expect([e.kind, e.retryAfterMs, e.stateCode]).toEqual(['transient', 2000, 'HTTP 429']);
  });
  describe('reportProblems: what delivery would refuse, checked without asking Metrc', () => {
    const unreportable = (): ResultReport =>
      report({
        groups: [
          { group: 'cannabinoids', status: 'report_only', analytes: [{ analyte: 'Total THC', value: '9.8', unit: 'mg/unit', status: 'report_only' }] },
          {
            group: 'terpenes',
            status: 'report_only',
            analytes: [
              { analyte: 'beta-Myrcene', value: '0.52', unit: 'mg/unit', status: 'report_only' },
              { analyte: 'Limonene', qualifier: '>ULOQ', unit: '%', status: 'report_only' },
            ],
          },
          { group: 'metals', status: 'pass', analytes: [{ analyte: 'Kryptonite', value: '0.1', unit: 'µg/g', status: 'pass' }] },
        ],
      });

    it('is empty for a report Metrc can take', () => {
      const { metrc, adapter } = setup();
      expect(adapter.reportProblems(report())).toEqual([]);
      expect(metrc.gets).toBe(0);
    });

    it('names every analyte Metrc could not take and why, each one of a summed type too, without a call to Metrc', () => {
      const { metrc, adapter } = setup();
      expect(adapter.reportProblems(unreportable())).toEqual([
        { analyte: 'Kryptonite', group: 'metals', field: 'analyte', message: 'Kryptonite (metals) is not an analyte LabTrace knows' },
        {
          analyte: 'Total THC',
          group: 'cannabinoids',
          field: 'unit',
          message: 'Total THC is in mg/unit, which does not convert to % for Metrc type "Total THC (%)"',
        },
        {
          analyte: 'beta-Myrcene',
          group: 'terpenes',
          field: 'unit',
          message: 'beta-Myrcene is in mg/unit, which does not convert to % for Metrc type "Total Terpenes (%)"',
        },
        { analyte: 'Limonene', group: 'terpenes', field: 'value', message: 'Limonene is above the upper limit of quantitation with no value to report' },
      ]);
      expect(metrc.gets).toBe(0);
    });

    it('says what delivery says: the same report is refused there, nothing recorded', async () => {
      const { metrc, adapter } = setup();
      const e = await failure(adapter.reportResults(unreportable(), COA));
      expect(e.kind).toBe('refused');
      for (const p of adapter.reportProblems(unreportable())) expect(e.message).toContain(p.message);
      expect(metrc.records).toEqual([]);
    });

    it('names a sample id that is not a Metrc package label', () => {
      const { adapter } = setup();
      expect(adapter.reportProblems(report({ sampleId: '1234567890123456' }))).toEqual([
        {
          field: 'sampleId',
          message: 'the sample\'s id "1234567890123456" is not a 24-character Metrc package label (digits and capital letters)',
        },
      ]);
    });
  });
});
