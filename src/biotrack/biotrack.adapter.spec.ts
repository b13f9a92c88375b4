import { AxiosError } from 'axios';
import { ResultReport } from '../traceability/traceability.adapter';
import { TraceabilityError } from '../traceability/traceability.errors';
import { BiotrackTraceabilityAdapter } from './biotrack.adapter';
import { BiotrackClient } from './client/biotrack.client';
import { BiotrackError } from './client/biotrack.error';

const SAMPLE = '1234567890123456';
const RECEIPT = { receivedQuantity: '3.9', uom: 'g', receivedAt: '2026-11-24T14:00:00Z' };
const REPORT: ResultReport = {
  externalId: 'LT-2611-000001-v1',
  sampleId: SAMPLE,
  testedAt: '2026-11-24T15:00:00Z',
  overall: 'pass',
  groups: [{ group: 'metals', status: 'pass', analytes: [{ analyte: 'Lead', value: '0.12', unit: 'µg/g', limit: '0.5', status: 'pass' }] }],
};

function fakeClient() {
  return {
    listLabSamples: jest.fn(),
    acceptSample: jest.fn(),
    rejectSample: jest.fn(),
    postResult: jest.fn(),
    attachDocument: jest.fn(),
    amendResult: jest.fn(),
    voidResult: jest.fn(),
    findResultByExternalId: jest.fn(),
  };
}

async function failureOf(call: Promise<unknown>): Promise<TraceabilityError> {
  const e = await call.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TraceabilityError);
  return e as TraceabilityError;
}

describe('BiotrackTraceabilityAdapter: BioTrack failures as TraceabilityError', () => {
  let client: ReturnType<typeof fakeClient>;
  let adapter: BiotrackTraceabilityAdapter;

  beforeEach(() => {
    client = fakeClient();
    adapter = new BiotrackTraceabilityAdapter(client as unknown as BiotrackClient);
  });

  it('names itself and owns the 16-digit inventory-id syntax', () => {
    expect(adapter.displayName).toBe('BioTrack');
    expect(adapter.inventoryIds.pattern.test('1234567890123456')).toBe(true);
    expect(adapter.inventoryIds.pattern.test('123456789012345')).toBe(false);
    expect(adapter.inventoryIds.pattern.test('12345678901234567')).toBe(false);
    expect(adapter.inventoryIds.description).toBe('exactly 16 digits');
  });

  it.each([
    [
      'a 503',
      new BiotrackError('unavailable', 'simulated 503', { httpStatus: 503, retryAfterMs: 2000 }),
      { outcomeUnknown: false, retryAfterMs: 2000, stateCode: 'unavailable' },
    ],
    [
      'a 429 with Retry-After',
      new BiotrackError('rate_limited', 'slow down', { httpStatus: 429, retryAfterMs: 1000 }),
      { outcomeUnknown: false, retryAfterMs: 1000, stateCode: 'rate_limited' },
    ],
    ['a 500 whose body says conflict', new BiotrackError('conflict', 'internal hiccup', { httpStatus: 500 }), { outcomeUnknown: false, stateCode: 'conflict' }],
    [
      'a timeout after sending',
      new BiotrackError('timeout', 'no answer from BioTrack within the timeout', { outcomeUnknown: true }),
      { outcomeUnknown: true, retryAfterMs: null },
    ],
    [
      'a refused connection',
      new BiotrackError('connection', 'connection to BioTrack failed: ECONNREFUSED', { outcomeUnknown: false }),
      { outcomeUnknown: false },
    ],
  ])('%s is transient, keeping outcomeUnknown and retry-after', async (_label, thrown, facts) => {
    client.listLabSamples.mockRejectedValue(thrown);
    const e = await failureOf(adapter.pullInboundSamples());
    expect(e).toMatchObject({ kind: 'transient', system: 'BioTrack', message: thrown.message, ...facts });
  });

  it("names a sample's sender from the list of samples sent to the lab, and null for one it does not list", async () => {
    client.listLabSamples.mockResolvedValue([
      { sampleId: SAMPLE, senderLicense: 'OCM-CULT-24-000101', manifestId: 'M-7', parentInventoryIds: [SAMPLE] },
      { sampleId: '6543210987654321', senderLicense: 'OCM-CULT-24-000202', manifestId: 'M-8', parentInventoryIds: [] },
    ]);
    expect(await adapter.inboundSender(SAMPLE)).toEqual({ senderLicense: 'OCM-CULT-24-000101', manifestId: 'M-7' });
    expect(await adapter.inboundSender('1111222233334444')).toBeNull();
    expect(client.listLabSamples).toHaveBeenCalledWith('pending');
    client.listLabSamples.mockRejectedValue(new BiotrackError('unavailable', 'simulated 503', { httpStatus: 503 }));
    expect(await failureOf(adapter.inboundSender(SAMPLE))).toMatchObject({ kind: 'transient' });
  });

  it('a transport error that escaped the client unwrapped is still translated (a dropped connection may have landed)', async () => {
    client.postResult.mockRejectedValue(new AxiosError('socket hang up', 'ECONNRESET'));
    const e = await failureOf(adapter.reportResults(REPORT));
    expect(e).toMatchObject({ kind: 'transient', outcomeUnknown: true });
  });

  it.each([
    [
      'a 422 validation',
      new BiotrackError('validation', '1 field invalid: overall', {
        httpStatus: 422,
        details: [{ field: 'overall', message: 'must be fail when a category fails' }],
      }),
    ],
    ['a 401 with bad credentials', new BiotrackError('unauthorized', 'bad credentials', { httpStatus: 401 })],
    ['a 403 unknown license', new BiotrackError('forbidden', 'license OCM-LAB-1 is not known', { httpStatus: 403 })],
    ['a 415 not a PDF', new BiotrackError('validation', 'file is not a PDF', { httpStatus: 415 })],
  ])('%s is refused with the state message', async (_label, thrown) => {
    client.attachDocument.mockRejectedValue(thrown);
    const e = await failureOf(adapter.attachCertificate('9000000000000001', Buffer.from('%PDF-1.7'), 'coa.pdf'));
    expect(e).toMatchObject({ kind: 'refused', message: thrown.message, outcomeUnknown: false });
  });

  it('keeps the field details and the state code for people to read', async () => {
    client.postResult.mockRejectedValue(
      new BiotrackError('validation', '1 field invalid: overall', { httpStatus: 422, details: [{ field: 'overall', message: 'must be fail' }] }),
    );
    const e = await failureOf(adapter.reportResults(REPORT));
    expect(e.describe()).toBe('validation: 1 field invalid: overall (overall: must be fail)');
  });

  it('a 404 is not_found', async () => {
    client.voidResult.mockRejectedValue(new BiotrackError('not_found', 'result 9000000000000001 not found', { httpStatus: 404 }));
    expect(await failureOf(adapter.voidResults('9000000000000001', 'wrong lot'))).toMatchObject({
      kind: 'not_found',
      message: 'result 9000000000000001 not found',
    });
  });

  describe('409s: already done (duplicate) or not allowed (conflict)', () => {
    const conflict = (message: string) => new BiotrackError('conflict', message, { httpStatus: 409 });

    it('accepting an accepted sample is a duplicate; accepting a rejected one is a conflict', async () => {
      client.acceptSample.mockRejectedValueOnce(conflict(`sample ${SAMPLE} is already accepted`));
      expect(await failureOf(adapter.acceptSample(SAMPLE, RECEIPT))).toMatchObject({ kind: 'duplicate' });
      client.acceptSample.mockRejectedValueOnce(conflict(`sample ${SAMPLE} is already rejected`));
      expect(await failureOf(adapter.acceptSample(SAMPLE, RECEIPT))).toMatchObject({ kind: 'conflict', message: `sample ${SAMPLE} is already rejected` });
    });

    it('rejecting a rejected sample is a duplicate; rejecting an accepted one is a conflict', async () => {
      client.rejectSample.mockRejectedValueOnce(conflict(`sample ${SAMPLE} is already rejected`));
      expect(await failureOf(adapter.rejectSample(SAMPLE, 'seal broken'))).toMatchObject({ kind: 'duplicate' });
      client.rejectSample.mockRejectedValueOnce(conflict(`sample ${SAMPLE} is already accepted`));
      expect(await failureOf(adapter.rejectSample(SAMPLE, 'seal broken'))).toMatchObject({ kind: 'conflict' });
    });

    it('voiding a void result is a duplicate; amending or attaching to it is a conflict', async () => {
      client.voidResult.mockRejectedValue(conflict('result 9000000000000001 is void'));
      client.amendResult.mockRejectedValue(conflict('result 9000000000000001 is void'));
      client.attachDocument.mockRejectedValue(conflict('result 9000000000000001 is void'));
      expect(await failureOf(adapter.voidResults('9000000000000001', 'again'))).toMatchObject({ kind: 'duplicate' });
      expect(await failureOf(adapter.amendResults('9000000000000001', { ...REPORT, externalId: 'LT-2611-000001-v2', reason: 'lead re-run' }))).toMatchObject({
        kind: 'conflict',
        message: 'result 9000000000000001 is void',
      });
      expect(await failureOf(adapter.attachCertificate('9000000000000001', Buffer.from('%PDF-1.7'), 'coa.pdf'))).toMatchObject({ kind: 'conflict' });
    });

    it('results for a sample not yet accepted are a conflict', async () => {
      client.postResult.mockRejectedValue(conflict(`sample ${SAMPLE} is pending; results need an accepted sample`));
      expect(await failureOf(adapter.reportResults(REPORT))).toMatchObject({ kind: 'conflict' });
      expect(client.findResultByExternalId).not.toHaveBeenCalled();
    });

    it('a duplicate externalId without the stored result id is looked up, so a repeated report answers with it', async () => {
      client.postResult.mockRejectedValue(new BiotrackError('duplicate', `externalId ${REPORT.externalId} was already posted`, { httpStatus: 409 }));
      client.findResultByExternalId.mockResolvedValue({ resultId: '9000000000000007' });
      await expect(adapter.reportResults(REPORT)).resolves.toEqual({ stateResultId: '9000000000000007' });
      expect(client.findResultByExternalId).toHaveBeenCalledWith(REPORT.externalId);
    });

    it('a duplicate the state cannot show stays a duplicate', async () => {
      client.postResult.mockRejectedValue(new BiotrackError('duplicate', `externalId ${REPORT.externalId} was already posted`, { httpStatus: 409 }));
      client.findResultByExternalId.mockResolvedValue(null);
      expect(await failureOf(adapter.reportResults(REPORT))).toMatchObject({ kind: 'duplicate', stateCode: 'duplicate' });
    });
  });

  it('refuses an id BioTrack cannot hold without calling it', async () => {
    const e = await failureOf(adapter.acceptSample('LT-2611-000001', RECEIPT));
    expect(e).toMatchObject({ kind: 'refused', system: 'BioTrack', message: expect.stringMatching(/exactly 16 digits; got "LT-2611-000001"/) });
    expect(client.acceptSample).not.toHaveBeenCalled();
  });

  it('refuses a report the NY-API cannot express, naming the field, without calling it', async () => {
    const e = await failureOf(adapter.reportResults({ ...REPORT, groups: [{ group: 'vitamins', status: 'pass', analytes: [] }] }));
    expect(e).toMatchObject({ kind: 'refused', message: expect.stringMatching(/vitamins has no NY-API test category/) });
    expect(client.postResult).not.toHaveBeenCalled();
  });

  it('reportProblems: empty for a report BioTrack can take, a >ULOQ without a value and an odd unit BioTrack holds included', () => {
    const takes: ResultReport = {
      ...REPORT,
      groups: [
        ...REPORT.groups,
        { group: 'terpenes', status: 'report_only', analytes: [{ analyte: 'Limonene', qualifier: '>ULOQ', unit: '%', status: 'report_only' }] },
      ],
    };
    expect(adapter.reportProblems(takes)).toEqual([]);
  });

  it("reportProblems: names every group and unit the NY-API cannot hold, and a sample id that is not BioTrack's, without calling it", () => {
    const problems = adapter.reportProblems({
      ...REPORT,
      sampleId: '1A4060300002199000003445',
      groups: [
        {
          group: 'cannabinoids',
          status: 'report_only',
          analytes: [
            { analyte: 'Total THC', value: '9.8', unit: 'mg/unit', status: 'report_only' },
            { analyte: 'CBD', value: '0.4', unit: 'mg/serving', status: 'report_only' },
          ],
        },
        { group: 'vitamins', status: 'pass', analytes: [] },
      ],
    });
    expect(problems).toEqual([
      { field: 'sampleId', message: 'BioTrack inventory and sample ids are exactly 16 digits; got "1A4060300002199000003445"' },
      { analyte: 'Total THC', group: 'cannabinoids', field: 'unit', message: 'Total THC: mg/unit has no NY-API unit' },
      { analyte: 'CBD', group: 'cannabinoids', field: 'unit', message: 'CBD: mg/serving has no NY-API unit' },
      { group: 'vitamins', field: 'group', message: 'vitamins has no NY-API test category' },
    ]);
    expect(client.postResult).not.toHaveBeenCalled();
  });

  it('lets a fault of our own through unchanged', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    client.listLabSamples.mockRejectedValue(bug);
    await expect(adapter.pullInboundSamples()).rejects.toBe(bug);
  });

  it('sends LabTrace terms as NY-API terms when nothing fails', async () => {
    client.postResult.mockResolvedValue({ resultId: '9000000000000001' });
    await expect(adapter.reportResults(REPORT)).resolves.toEqual({ stateResultId: '9000000000000001' });
    expect(client.postResult).toHaveBeenCalledWith(
      expect.objectContaining({
        externalId: REPORT.externalId,
        sampleId: SAMPLE,
        testedAt: '2026-11-24T15:00:00.000Z',
        overall: 'pass',
        categories: [expect.objectContaining({ category: 'metals' })],
      }),
    );
  });
});
