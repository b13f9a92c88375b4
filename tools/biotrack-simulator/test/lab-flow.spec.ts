import {
  ErrorAnswer,
  failingResult,
  Harness,
  InventoryView,
  ListAnswer,
  passingResult,
  ResultView,
  SamplePage,
  SENDER,
  SimResults,
  SimSamples,
  startHarness,
  tag,
  tinyPdf,
  upload,
} from './harness';

/** What POST /v1/lab/results answers with on 201. */
type Posted = { resultId: string };

describe('simulator: samples, results and inventory status', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ ratePerSecond: 10_000 });
  });
  afterEach(() => h.close());

  const post = <T = unknown>(body: unknown) => h.call<T>('POST', '/v1/lab/results', { body });

  describe('samples', () => {
    it('lists the samples sent to this lab with paging and a status filter', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await h.seedSample({ createdAt: `2025-08-0${i + 1}T09:00:00Z` })).sampleId);
      await h.control('/_sim/samples', {
        labLicense: 'OCM-LAB-25-000999',
        samples: [
          {
            sampleId: tag(),
            parentInventoryIds: [tag()],
            manifestId: 'OTHER',
            senderLicense: SENDER,
            productType: 'vape',
            name: 'x',
            quantity: '1',
            uom: 'each',
          },
        ],
      });
      await h.call('POST', `/v1/lab/samples/${ids[0]}/reject`, { body: { reason: 'Seal broken' } });

      const all = await h.call<SamplePage>('GET', '/v1/lab/samples?page=1&pageSize=2');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect(all.body.data.map((s) => s.sampleId)).toEqual(ids.slice(0, 2));
      expect(all.body.data[1]).toEqual({
        sampleId: ids[1],
        parentInventoryIds: [expect.stringMatching(/^\d{16}$/)],
        manifestId: `M-${ids[1]}`,
        senderLicense: SENDER,
        productType: 'flower',
        name: 'Blue Dream 3.5g',
        quantity: '7.0',
        uom: 'g',
        status: 'pending',
        createdAt: '2025-08-02T09:00:00Z',
      });
      const pending = await h.call<SamplePage>('GET', '/v1/lab/samples?status=pending');
      expect(pending.body.data.map((s) => s.sampleId)).toEqual(ids.slice(1));
      const bad = await h.call<ErrorAnswer>('GET', '/v1/lab/samples?status=lost&limit=5');
      expect(bad.status).toBe(422);
      expect(bad.body.details?.map((d) => d.field)).toEqual(['limit', 'status']);
    });

    it('accepts a pending sample once, and refuses a second accept or a reject after it with 409', async () => {
      const { sampleId } = await h.seedSample();
      const receipt = { receivedQuantity: '6.95', uom: 'g', receivedAt: '2025-08-01T14:30:00Z' };
      const accepted = await h.call('POST', `/v1/lab/samples/${sampleId}/accept`, { body: receipt });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ sampleId, status: 'accepted', receivedQuantity: '6.95', receivedUom: 'g', receivedAt: '2025-08-01T14:30:00Z' });
      const again = await h.call('POST', `/v1/lab/samples/${sampleId}/accept`, { body: receipt });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ error: 'conflict', message: `sample ${sampleId} is already accepted` });
      expect((await h.call('POST', `/v1/lab/samples/${sampleId}/reject`, { body: { reason: 'late' } })).status).toBe(409);
      const seen = await h.control<SimSamples>('/_sim/samples');
      expect(seen.body.data.find((s) => s.sampleId === sampleId)).toMatchObject({
        status: 'accepted',
        receivedQuantity: '6.95',
        labLicense: 'OCM-LAB-25-000007',
      });
    });

    it('validates the receipt and the path id, and answers unknown samples with 404', async () => {
      const { sampleId } = await h.seedSample();
      const bad = await h.call<ErrorAnswer>('POST', `/v1/lab/samples/${sampleId}/accept`, { body: { receivedQuantity: 6.95, uom: 'g' } });
      expect(bad.status).toBe(422);
      expect(bad.body.details).toEqual([
        { field: 'receivedAt', message: 'is required' },
        { field: 'receivedQuantity', message: 'must be a non-negative decimal string such as "0.35"' },
      ]);
      expect(
        (await h.call<ErrorAnswer>('POST', '/v1/lab/samples/123/accept', { body: { receivedQuantity: '1', uom: 'g', receivedAt: '2025-08-01T00:00:00Z' } }))
          .body.details,
      ).toEqual([{ field: 'sampleId', message: 'must be a 16-digit id string' }]);
      const unknown = await h.call<ErrorAnswer>('POST', `/v1/lab/samples/${tag()}/reject`, { body: { reason: 'x' } });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toBe('not_found');
      const rejectNoReason = await h.call<ErrorAnswer>('POST', `/v1/lab/samples/${sampleId}/reject`, { body: { reason: '' } });
      expect(rejectNoReason.body.details).toEqual([{ field: 'reason', message: 'must not be empty' }]);
    });

    it('refuses a JSON body sent with another content type', async () => {
      const { sampleId } = await h.seedSample();
      const res = await h.call<ErrorAnswer>('POST', `/v1/lab/samples/${sampleId}/reject`, {
        raw: Buffer.from('{"reason":"x"}'),
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('validation');
    });
  });

  describe('results', () => {
    it('takes results for an accepted sample and applies them to every parent inventory id', async () => {
      const sampleId = tag();
      const [lotA, lotB] = [tag(), tag()];
      await h.control('/_sim/samples', {
        samples: [
          {
            sampleId,
            parentInventoryIds: [lotA, lotB],
            manifestId: 'M-2',
            senderLicense: SENDER,
            productType: 'flower',
            name: 'Mixed',
            quantity: '7',
            uom: 'g',
          },
        ],
      });
      expect((await h.call('GET', `/v1/inventory/${lotA}`)).body).toMatchObject({
        inventoryId: lotA,
        labStatus: 'untested',
        labResultId: null,
        licenseNumber: SENDER,
      });
      await h.call('POST', `/v1/lab/samples/${sampleId}/accept`, { body: { receivedQuantity: '7', uom: 'g', receivedAt: '2025-08-01T14:30:00Z' } });

      const created = await post<Posted>(failingResult(sampleId));
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ resultId: expect.stringMatching(/^\d{16}$/) });
      for (const lot of [lotA, lotB])
        expect((await h.call('GET', `/v1/inventory/${lot}`)).body).toMatchObject({ labStatus: 'failed', labResultId: created.body.resultId });

      const looked = await h.call<ListAnswer<ResultView>>('GET', `/v1/lab/results?sampleId=${sampleId}`);
      expect(looked.body.data).toHaveLength(1);
      expect(looked.body.data[0]).toMatchObject({
        resultId: created.body.resultId,
        externalId: `LT-${sampleId}-v1`,
        overall: 'fail',
        status: 'active',
        version: 1,
        document: null,
      });
      expect(looked.body.data[0].categories[0].analytes[0]).toEqual({
        analyte: 'total_yeast_and_mold',
        value: '150000',
        qualifier: '',
        uom: 'cfu/g',
        loq: '100',
        limit: '100000',
        status: 'fail',
      });
      const byExternal = await h.call<ListAnswer<ResultView>>('GET', `/v1/lab/results?externalId=LT-${sampleId}-v1`);
      expect(byExternal.body.data.map((r) => r.resultId)).toEqual([created.body.resultId]);
      expect((await h.call('GET', '/v1/lab/results?externalId=never-posted')).body).toEqual({ data: [] });

      const sim = await h.control<SimResults>(`/_sim/results?inventoryId=${lotB}`);
      expect(sim.body.postsByInventoryId).toEqual({ [lotB]: 1 });
      expect(sim.body.data.map((r) => r.resultId)).toEqual([created.body.resultId]);
    });

    it('refuses results for a sample not accepted (409) or not sent to this lab (404)', async () => {
      const pending = await h.seedSample();
      const res = await post(passingResult(pending.sampleId));
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: 'conflict', message: `sample ${pending.sampleId} is pending; results need an accepted sample` });
      const rejected = await h.seedSample();
      await h.call('POST', `/v1/lab/samples/${rejected.sampleId}/reject`, { body: { reason: 'Seal broken' } });
      expect((await post(passingResult(rejected.sampleId))).status).toBe(409);
      const elsewhere = tag();
      await h.control('/_sim/samples', {
        labLicense: 'OCM-LAB-25-000999',
        samples: [
          {
            sampleId: elsewhere,
            parentInventoryIds: [tag()],
            manifestId: 'X',
            senderLicense: SENDER,
            productType: 'flower',
            name: 'x',
            quantity: '1',
            uom: 'g',
          },
        ],
      });
      expect((await post(passingResult(elsewhere))).status).toBe(404);
      expect((await post(passingResult(tag()))).status).toBe(404);
      expect((await h.control<SimResults>('/_sim/results')).body.postsByInventoryId).toEqual({});
    });

    it('answers a repeated externalId with 409 duplicate naming the first result, and stores nothing new', async () => {
      const { sampleId, lot } = await h.acceptedSample();
      const first = await post<Posted>(passingResult(sampleId));
      const again = await post(failingResult(sampleId));
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ error: 'duplicate', resultId: first.body.resultId, message: expect.stringContaining(`LT-${sampleId}-v1`) });
      expect((await h.control<SimResults>(`/_sim/results?inventoryId=${lot}`)).body.postsByInventoryId).toEqual({ [lot]: 1 });
      expect((await h.call<InventoryView>('GET', `/v1/inventory/${lot}`)).body.labStatus).toBe('passed');
    });

    it('answers every validation rule with 422 and field details, storing nothing', async () => {
      const { sampleId } = await h.acceptedSample();
      const body = passingResult(sampleId, {
        overall: 'pass',
        extra: true,
        categories: [
          {
            category: 'microbials',
            status: 'fail',
            analytes: [{ analyte: 'ecoli', value: 12, qualifier: 'none', uom: 'cfu', loq: null, limit: null, status: 'fail' }],
          },
        ],
      });
      const res = await post<ErrorAnswer>(body);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('validation');
      expect(res.body.message).toMatch(/^5 fields invalid/);
      expect(res.body.details).toEqual([
        { field: 'extra', message: 'is not a known field' },
        { field: 'categories.0.analytes.0.qualifier', message: 'must be one of ND, <LOQ, >ULOQ, ""' },
        { field: 'categories.0.analytes.0.value', message: 'must be a non-negative decimal string such as "0.35"' },
        { field: 'categories.0.analytes.0.uom', message: 'must be one of %, mg/g, ug/g, ppm, ug/kg, ppb, cfu/g, aw' },
        { field: 'overall', message: 'must be fail when a category fails (microbials)' },
      ]);
      const notJson = await h.call<ErrorAnswer>('POST', '/v1/lab/results', {
        raw: Buffer.from('{"externalId":'),
        headers: { 'content-type': 'application/json' },
      });
      expect(notJson.status).toBe(422);
      expect(notJson.body.details).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
      expect((await h.control<SimResults>('/_sim/results')).body.data).toEqual([]);
    });

    it('amends in place keeping history, counts amendments apart, and voids back to untested', async () => {
      const { sampleId, lot } = await h.acceptedSample();
      const { resultId } = (await post<Posted>(failingResult(sampleId))).body;
      const amendment = {
        externalId: `LT-${sampleId}-v2`,
        reason: 'Microbial plate miscounted; recount passes',
        overall: 'pass',
        categories: passingResult(sampleId).categories,
      };
      const amended = await h.call('POST', `/v1/lab/results/${resultId}/amend`, { body: amendment });
      expect(amended.status).toBe(200);
      expect(amended.body).toEqual({ resultId, version: 2, externalId: `LT-${sampleId}-v2` });
      expect((await h.call<InventoryView>('GET', `/v1/inventory/${lot}`)).body.labStatus).toBe('passed');
      const [view] = (await h.call<ListAnswer<ResultView>>('GET', `/v1/lab/results?externalId=LT-${sampleId}-v1`)).body.data;
      expect(view).toMatchObject({
        resultId,
        version: 2,
        externalId: `LT-${sampleId}-v2`,
        overall: 'pass',
        amendReason: amendment.reason,
        testedAt: '2025-08-03T10:00:00Z',
      });
      expect(view.history).toEqual([expect.objectContaining({ version: 1, externalId: `LT-${sampleId}-v1`, overall: 'fail', reason: null })]);

      const repeat = await h.call('POST', `/v1/lab/results/${resultId}/amend`, { body: amendment });
      expect(repeat.status).toBe(409);
      expect(repeat.body).toMatchObject({ error: 'duplicate', resultId });
      const badAmend = await h.call<ErrorAnswer>('POST', `/v1/lab/results/${resultId}/amend`, {
        body: { ...amendment, externalId: 'v3', overall: 'pass', categories: failingResult(sampleId).categories },
      });
      expect(badAmend.body.details).toEqual([{ field: 'overall', message: 'must be fail when a category fails (microbials)' }]);

      const counts = (await h.control<SimResults>(`/_sim/results?inventoryId=${lot}`)).body;
      expect(counts.postsByInventoryId).toEqual({ [lot]: 1 });
      expect(counts.amendsByInventoryId).toEqual({ [lot]: 1 });

      const voided = await h.call('POST', `/v1/lab/results/${resultId}/void`, { body: { reason: 'Sample mix-up' } });
      expect(voided.status).toBe(200);
      expect(voided.body).toMatchObject({ resultId, status: 'void' });
      expect((await h.call('GET', `/v1/inventory/${lot}`)).body).toMatchObject({ labStatus: 'untested', labResultId: null });
      expect((await h.call('POST', `/v1/lab/results/${resultId}/void`, { body: { reason: 'again' } })).status).toBe(409);
      expect((await h.call('POST', `/v1/lab/results/${resultId}/amend`, { body: { ...amendment, externalId: 'v4' } })).status).toBe(409);
      expect((await h.call('POST', `/v1/lab/results/${tag()}/void`, { body: { reason: 'x' } })).status).toBe(404);
    });

    it('takes the latest result that is not void for a lot sampled twice', async () => {
      const lot = tag();
      const [first, retest] = [tag(), tag()];
      await h.control('/_sim/samples', {
        samples: [first, retest].map((sampleId) => ({
          sampleId,
          parentInventoryIds: [lot],
          manifestId: `M-${sampleId}`,
          senderLicense: SENDER,
          productType: 'flower',
          name: 'x',
          quantity: '1',
          uom: 'g',
        })),
      });
      for (const id of [first, retest])
        await h.call('POST', `/v1/lab/samples/${id}/accept`, { body: { receivedQuantity: '1', uom: 'g', receivedAt: '2025-08-01T00:00:00Z' } });
      await post(failingResult(first));
      const { resultId } = (await post<Posted>(passingResult(retest))).body;
      expect((await h.call('GET', `/v1/inventory/${lot}`)).body).toMatchObject({ labStatus: 'passed', labResultId: resultId });
      await h.call('POST', `/v1/lab/results/${resultId}/void`, { body: { reason: 'Wrong vial' } });
      expect((await h.call<InventoryView>('GET', `/v1/inventory/${lot}`)).body.labStatus).toBe('failed');
      expect((await h.control<SimResults>(`/_sim/results?inventoryId=${lot}`)).body.postsByInventoryId).toEqual({ [lot]: 2 });
    });

    it('answers unknown inventory with 404 and a malformed id with 422', async () => {
      const unknown = await h.call<ErrorAnswer>('GET', `/v1/inventory/${tag()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toBe('not_found');
      expect((await h.call('GET', '/v1/inventory/abc')).status).toBe(422);
    });
  });

  describe('documents', () => {
    const attach = <T = unknown>(resultId: string, form: FormData | Buffer, headers: Record<string, string> = {}) =>
      h.call<T>('POST', `/v1/lab/results/${resultId}/document`, { raw: form, headers });

    async function postedResult(): Promise<string> {
      const { sampleId } = await h.acceptedSample();
      return (await post<Posted>(passingResult(sampleId))).body.resultId;
    }

    it('stores a PDF under the result (201) and serves it back to tests byte for byte', async () => {
      const resultId = await postedResult();
      const pdf = tinyPdf();
      const res = await attach(resultId, upload(pdf, 'LT-2025-000123.pdf'));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        resultId,
        document: { filename: 'LT-2025-000123.pdf', contentType: 'application/pdf', size: pdf.length, uploadedAt: expect.any(String) },
      });
      const [stored] = (await h.control<SimResults>('/_sim/results')).body.data;
      const [view] = (await h.call<ListAnswer<ResultView>>('GET', `/v1/lab/results?externalId=${stored.externalId}`)).body.data;
      expect(view.document).toMatchObject({ size: pdf.length });
      const back = await fetch(`${h.url}/_sim/results/${resultId}/document`);
      expect(back.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await back.arrayBuffer()).equals(pdf)).toBe(true);
    });

    it('answers a file that is not a PDF with 415', async () => {
      const resultId = await postedResult();
      const res = await attach(resultId, upload(Buffer.from('PK\u0003\u0004 a zip, not a pdf')));
      expect(res.status).toBe(415);
      expect(res.body).toEqual({
        error: 'validation',
        message: 'file is not a PDF',
        details: [{ field: 'file', message: 'must be a PDF (starting with %PDF-)' }],
      });
      const notMultipart = await attach(resultId, tinyPdf(), { 'content-type': 'application/pdf' });
      expect(notMultipart.status).toBe(415);
    });

    it('answers a PDF over 5 MB with 413, whether the body or only the file is too large', async () => {
      const resultId = await postedResult();
      const justOver = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 - 8, 0x20)]);
      const res = await attach<ErrorAnswer>(resultId, upload(justOver));
      expect(res.status).toBe(413);
      expect(res.body.details).toEqual([{ field: 'file', message: 'must be at most 5 MB' }]);
      const huge = await attach(resultId, upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(6 * 1024 * 1024)])));
      expect(huge.status).toBe(413);
      const exactly = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 - 9, 0x20)]);
      expect((await attach(resultId, upload(exactly))).status).toBe(201);
    });

    it('refuses a missing file part or an extra field with 422, and a void or unknown result', async () => {
      const resultId = await postedResult();
      const noFile = new FormData();
      noFile.append('document', new Blob([tinyPdf()]), 'coa.pdf');
      const res = await attach<ErrorAnswer>(resultId, noFile);
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([
        { field: 'document', message: 'is not a known field' },
        { field: 'file', message: 'is required' },
      ]);
      expect((await attach(tag(), upload(tinyPdf()))).status).toBe(404);
      await h.call('POST', `/v1/lab/results/${resultId}/void`, { body: { reason: 'x' } });
      expect((await attach(resultId, upload(tinyPdf()))).status).toBe(409);
    });
  });
});
