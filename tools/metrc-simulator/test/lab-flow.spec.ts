import { config, CreatedTransfer, Envelope, Harness, label, LAB, recordItem, Row, RowError, SHIPPER, startHarness, tinyPdf } from './harness';

describe('metrc simulator: transfers, record, document, release', () => {
  let h: Harness;
  let t: CreatedTransfer;
  let sample: string;
  let sampleId: number;
  let lot: string;

  beforeEach(async () => {
    h = await startHarness();
    t = await h.transfer();
    sample = t.packages[0].label;
    sampleId = t.packages[0].id;
    lot = t.packages[0].sourcePackageLabels[0];
  });
  afterEach(() => h.close());

  const record = (body: unknown) => h.call<{ Ids: number[]; Warnings: null } | RowError[]>('POST', '/labtests/v2/record', { body });
  const release = (labels: string[]) => h.call('PUT', '/labtests/v2/results/release', { body: labels.map((PackageLabel) => ({ PackageLabel })) });
  const results = (id = sampleId) => h.call<Envelope<Row>>('GET', '/labtests/v2/results', { query: { packageId: id } });
  const pkg = (l = sample) => h.call<Row>('GET', `/packages/v2/${l}`);
  const dump = async (l: string) => (await h.control<Row>(`/_sim/packages/${l}`)).body;

  it('walks incoming transfer -> delivery -> packages with 24-character labels and SourcePackageLabels', async () => {
    const incoming = await h.call<Envelope<Row>>('GET', '/transfers/v2/incoming');
    expect(incoming.body.Data).toHaveLength(1);
    expect(incoming.body.Data[0]).toMatchObject({
      Id: t.transferId,
      DeliveryId: t.deliveryId,
      ManifestNumber: t.manifestNumber,
      ShipperFacilityLicenseNumber: SHIPPER,
      RecipientFacilityLicenseNumber: LAB,
      ContainsTestingSample: true,
      PackageCount: 1,
      ReceivedPackageCount: 1,
      ShipmentTypeName: 'Lab Sample Transfer',
    });
    const deliveries = await h.call<Envelope<Row>>('GET', `/transfers/v2/${t.transferId}/deliveries`, { query: { licenseNumber: null } });
    expect(deliveries.body.Data.map((d) => d.Id)).toEqual([t.deliveryId]);
    const packages = await h.call<Envelope<Row>>('GET', `/transfers/v2/deliveries/${t.deliveryId}/packages`, { query: { licenseNumber: null } });
    expect(packages.body.Data).toEqual([
      expect.objectContaining({
        PackageId: sampleId,
        PackageLabel: sample,
        SourcePackageLabels: lot,
        IsTestingSample: true,
        LabTestingState: 'SubmittedForTesting',
        ShipmentPackageState: 'Accepted',
        ItemName: 'Blue Dream - test sample',
      }),
    ]);
    expect(sample).toMatch(/^[0-9A-Z]{24}$/);
    const batches = await h.call<Envelope<Row>>('GET', `/transfers/v2/deliveries/package/${sampleId}/requiredlabtestbatches`, {
      query: { licenseNumber: null },
    });
    expect(batches.body.Data).toEqual([{ PackageId: sampleId, LabTestBatchId: 1, LabTestBatchName: 'NY Flower Compliance' }]);
  });

  it('gives several source lots as one comma-separated string and generates labels when none are given', async () => {
    const lots = [label(), label()];
    const made = await h.transfer({ packages: [{ sourcePackageLabels: lots }] });
    expect(made.packages[0].label).toMatch(/^[0-9A-Z]{24}$/);
    expect((await pkg(made.packages[0].label)).body.SourcePackageLabels).toBe(`${lots[0]}, ${lots[1]}`);
    expect((await dump(lots[1])).license).toBe(SHIPPER);
  });

  it('takes Metrc-style PascalCase keys in the transfer seed too', async () => {
    const l = label();
    const lots = [label()];
    const made = await h.control<CreatedTransfer>('/_sim/transfers', {
      Packages: [{ Label: l, SourcePackageLabels: lots, ItemName: 'OG Kush - test sample' }],
    });
    expect(made.status).toBe(201);
    expect((await pkg(l)).body).toMatchObject({ Label: l, SourcePackageLabels: lots[0], Item: expect.objectContaining({ Name: 'OG Kush - test sample' }) });
  });

  it('records several packages in one call, Ids in the order of the items; lists the facility packages', async () => {
    const second = (await h.transfer()).packages[0];
    const res = await record([recordItem(second.label), recordItem(sample)]);
    const ids = (res.body as { Ids: number[] }).Ids;
    expect(ids).toHaveLength(2);
    expect((await results(second.id)).body.Data[0].LabTestResultId).toBe(ids[0]);
    expect((await results()).body.Data[0].LabTestResultId).toBe(ids[1]);
    const active = await h.call<Envelope<Row>>('GET', '/packages/v2/active');
    expect(active.body.Data.map((p) => p.Label).sort()).toEqual([sample, second.label].sort());
  });

  it('serves the lab test types and batches, paged', async () => {
    const types = await h.call<Envelope<Row>>('GET', '/labtests/v2/types', { query: { licenseNumber: null } });
    expect(types.body.Total).toBe(27);
    expect(types.body.Data.map((x) => x.Name)).toContain('Lead (µg/g)');
    const batches = await h.call<Envelope<Row & { LabTestTypes: Row[]; ItemCategories: Array<{ ProductCategory: Row }> }>>('GET', '/labtests/v2/batches', {
      query: { licenseNumber: null, pageSize: 1 },
    });
    expect(batches.body).toMatchObject({ Total: 3, PageSize: 1, TotalPages: 3, RecordsOnPage: 1 });
    expect(batches.body.Data[0].Name).toBe('NY Flower Compliance');
    expect(batches.body.Data[0].ItemCategories.map((c) => c.ProductCategory.Name)).toEqual(['Flower', 'Pre-Roll']);
    expect(batches.body.Data[0].LabTestTypes.map((x) => x.Name)).toContain('Water Activity (Aw)');
  });

  it('records an array of results, returns Ids, and reads them back one row per type with OverallPassed', async () => {
    const res = await record([recordItem(sample)]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Ids: [expect.any(Number)], Warnings: null });
    const id = (res.body as { Ids: number[] }).Ids[0];
    const rows = await results();
    expect(rows.body.Data).toEqual([
      expect.objectContaining({
        PackageId: sampleId,
        LabTestResultId: id,
        LabFacilityLicenseNumber: LAB,
        SourcePackageLabel: lot,
        TestTypeName: 'Lead (µg/g)',
        TestPassed: true,
        TestResultLevel: 0.1,
        TestComment: '',
        TestInformationalOnly: false,
        OverallPassed: true,
        ResultReleased: false,
        ResultReleaseDateTime: null,
        TestPerformedDate: '2026-12-01',
        LabTestResultDocumentFileId: expect.any(Number),
      }),
      expect.objectContaining({ TestTypeName: 'THC (%)', TestResultLevel: 21.4, TestInformationalOnly: true, TestComment: 'informational' }),
    ]);
    expect((await pkg()).body).toMatchObject({ LabTestingState: 'TestingInProgress', Id: sampleId, Label: sample });
    expect((await h.simState()).recordPostsByLabel).toEqual({ [sample]: 1 });
  });

  it('moves the sample and its source lot to TestPassed on release, and marks the rows released', async () => {
    await record([recordItem(sample)]);
    const res = await release([sample]);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect((await pkg()).body.LabTestingState).toBe('TestPassed');
    expect((await dump(lot)).labTestingState).toBe('TestPassed');
    const rows = (await results()).body.Data;
    expect(rows.every((r) => r.ResultReleased === true && typeof r.ResultReleaseDateTime === 'string')).toBe(true);
    expect((await h.simState()).releases).toEqual([{ label: sample, at: expect.any(String), changed: true }]);
  });

  it('fails the package when any counted result failed (informational ones do not count)', async () => {
    await record([
      recordItem(sample, [
        { LabTestTypeName: 'Total Yeast and Mold (CFU/g)', Quantity: 150000, Passed: false },
        { LabTestTypeName: 'THC (%)', Quantity: 30, Passed: false },
      ]),
    ]);
    expect((await results()).body.Data.every((r) => r.OverallPassed === false)).toBe(true);
    await release([sample]);
    expect((await pkg()).body.LabTestingState).toBe('TestFailed');
    expect((await dump(lot)).labTestingState).toBe('TestFailed');
    // A retest sample of the same lot passes: the lot says RetestPassed.
    const retest = await h.transfer({ packages: [{ label: label(), sourcePackageLabels: [lot] }] });
    expect((await dump(lot)).labTestingState).toBe('SubmittedForTesting');
    await record([recordItem(retest.packages[0].label)]);
    await release([retest.packages[0].label]);
    expect((await dump(lot)).labTestingState).toBe('RetestPassed');
    expect((await pkg(retest.packages[0].label)).body.LabTestingState).toBe('TestPassed');
  });

  it('refuses a second result for a type already recorded, row by row, storing nothing of that call', async () => {
    await record([recordItem(sample, [{ LabTestTypeName: 'Lead (µg/g)', Quantity: 0.1, Passed: true }])]);
    const other = (await h.transfer()).packages[0].label;
    const res = await record([
      recordItem(other),
      recordItem(sample, [
        { LabTestTypeName: 'Lead (µg/g)', Quantity: 0.1, Passed: true },
        { LabTestTypeName: 'Cadmium (µg/g)', Quantity: 0.1, Passed: true },
      ]),
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ row: 1, message: `Package ${sample} already has a result for Lab Test Type 'Lead (µg/g)'.` }]);
    const state = await h.simState();
    expect(state.recordsByLabel).toEqual({ [sample]: { 'Lead (µg/g)': 1 } });
    expect(state.refusedRecordPostsByLabel).toEqual({ [other]: 1, [sample]: 1 });
    // Only the missing type goes through.
    expect((await record([recordItem(sample, [{ LabTestTypeName: 'Cadmium (µg/g)', Quantity: 0.1, Passed: true }])])).status).toBe(200);
    expect((await h.simState()).recordsByLabel[sample]).toEqual({ 'Lead (µg/g)': 1, 'Cadmium (µg/g)': 1 });
  });

  it('appends instead when oneResultPerType is off', async () => {
    await config(h, { oneResultPerType: false });
    await record([recordItem(sample)]);
    expect((await record([recordItem(sample)])).status).toBe(200);
    expect((await h.simState()).recordsByLabel[sample]).toEqual({ 'Lead (µg/g)': 2, 'THC (%)': 2 });
    expect((await results()).body.Total).toBe(4);
  });

  it('locks the package after release: record and labtestdocument are row errors; release again is a no-op', async () => {
    const id = ((await record([recordItem(sample, [{ LabTestTypeName: 'Lead (µg/g)', Quantity: 0.1, Passed: true }], false)])).body as { Ids: number[] })
      .Ids[0];
    await release([sample]);
    const again = await record([recordItem(sample, [{ LabTestTypeName: 'Cadmium (µg/g)', Quantity: 0.1, Passed: true }])]);
    expect(again.status).toBe(400);
    expect(again.body).toEqual([{ row: 0, message: `Lab test results for Package ${sample} have been released and can no longer be changed.` }]);
    const doc = await h.call('PUT', '/labtests/v2/labtestdocument', {
      body: [{ LabTestResultId: id, DocumentFileName: 'coa.pdf', DocumentFileBase64: tinyPdf().toString('base64') }],
    });
    expect(doc.status).toBe(400);
    expect(doc.body).toEqual([{ row: 0, message: `Lab test results for Package ${sample} have been released; no document may be added.` }]);
    expect((await release([sample])).status).toBe(200);
    expect((await h.simState()).releases.map((r) => r.changed)).toEqual([true, false]);
    await config(h, { lockAfterRelease: false });
    expect((await record([recordItem(sample, [{ LabTestTypeName: 'Cadmium (µg/g)', Quantity: 0.1, Passed: true }])])).status).toBe(200);
  });

  it('attaches a COA with labtestdocument (empty 200) and serves it back as a PDF', async () => {
    const id = ((await record([recordItem(sample, undefined, false)])).body as { Ids: number[] }).Ids[0];
    expect((await results()).body.Data[0].LabTestResultDocumentFileId).toBeNull();
    const pdf = tinyPdf();
    const res = await h.call('PUT', '/labtests/v2/labtestdocument', {
      body: [{ LabTestResultId: id, DocumentFileName: 'COA-1.pdf', DocumentFileBase64: pdf.toString('base64') }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const fileId = (await results()).body.Data[0].LabTestResultDocumentFileId as number;
    expect(fileId).toEqual(expect.any(Number));
    const file = await h.call<Buffer>('GET', `/labtests/v2/labtestdocument/${fileId}`);
    expect(file.contentType).toBe('application/pdf');
    expect(Buffer.compare(file.body, pdf)).toBe(0);
    expect((await h.simState()).documents).toEqual([{ fileId, labTestResultId: id, label: sample, fileName: 'COA-1.pdf', bytes: pdf.length }]);
    const unknown = await h.call('PUT', '/labtests/v2/labtestdocument', {
      body: [{ LabTestResultId: 999, DocumentFileName: 'c.pdf', DocumentFileBase64: pdf.toString('base64') }],
    });
    expect(unknown.body).toEqual([{ row: 0, message: 'Lab Test Result 999 was not found in the current Facility.' }]);
  });

  it('takes only PDFs of at most 5 MB', async () => {
    const notPdf = { ...recordItem(sample), DocumentFileName: 'coa.png', DocumentFileBase64: Buffer.from('\x89PNG....').toString('base64') };
    expect((await record([notPdf])).body).toEqual([{ row: 0, message: 'Only PDF documents may be uploaded.' }]);
    const disguised = { ...recordItem(sample), DocumentFileBase64: Buffer.from('hello').toString('base64') };
    expect((await record([disguised])).body).toEqual([{ row: 0, message: 'Only PDF documents may be uploaded.' }]);
    const half = { ...recordItem(sample), DocumentFileBase64: null };
    expect((await record([half])).body).toEqual([{ row: 0, message: 'DocumentFileName and DocumentFileBase64 must be given together.' }]);
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = { ...recordItem(sample), DocumentFileBase64: big.toString('base64') };
    expect((await record([tooBig])).body).toEqual([{ row: 0, message: 'The document may not be larger than 5 MB.' }]);
    const justFits = Buffer.concat([tinyPdf(), Buffer.alloc(5 * 1024 * 1024 - tinyPdf().length)]);
    expect((await record([{ ...recordItem(sample), DocumentFileBase64: justFits.toString('base64') }])).status).toBe(200);
  });

  it('validates every row and every field, reporting several problems per row', async () => {
    const res = await record([
      { Label: 'short', ResultDate: 'yesterday', Results: [] },
      recordItem(sample, [
        { LabTestTypeName: 'Lead', Quantity: 0.1, Passed: true },
        { LabTestTypeName: 'Nickel (µg/g)', Quantity: 7, Passed: true },
        { LabTestTypeName: 'Cadmium (µg/g)', Quantity: '0.1' as unknown as number, Passed: 'yes' as unknown as boolean },
        { LabTestTypeName: 'Salmonella (presence in 1 g)', Quantity: 1, Passed: false },
        { LabTestTypeName: 'Salmonella (presence in 1 g)', Quantity: 0, Passed: true },
      ]),
      { ...recordItem('ZZZZZZZZZZZZZZZZZZZZZZZZ'), ResultDate: undefined },
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { row: 0, message: 'Label short is not a valid package label.' },
      { row: 0, message: "ResultDate 'yesterday' is not a valid date." },
      { row: 0, message: 'At least one lab test result is required.' },
      { row: 1, message: "Lab Test Type Name 'Lead' is not valid." },
      { row: 1, message: "Lab Test Type 'Nickel (µg/g)' cannot pass with a result of 7; the allowed range is -∞ to 5." },
      { row: 1, message: "Quantity must be a number for Lab Test Type 'Cadmium (µg/g)'." },
      { row: 1, message: "Passed must be true or false for Lab Test Type 'Cadmium (µg/g)'." },
      { row: 1, message: "Lab Test Type 'Salmonella (presence in 1 g)' appears more than once." },
      { row: 2, message: 'Package ZZZZZZZZZZZZZZZZZZZZZZZZ is not available in the current Facility.' },
      { row: 2, message: 'ResultDate is required.' },
    ]);
    expect((await h.simState()).recordsByLabel).toEqual({});
    await config(h, { enforceLimits: false });
    expect((await record([recordItem(sample, [{ LabTestTypeName: 'Nickel (µg/g)', Quantity: 7, Passed: true }])])).status).toBe(200);
  });

  it('refuses more objects than the object limit with 413 {Message}', async () => {
    const res = await record(Array.from({ length: 11 }, () => recordItem(sample)));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ Message: 'The request contains 11 objects; at most 10 may be submitted at once.' });
  });

  it('release: row errors for a foreign or untested package; requireDocumentForRelease wants a COA', async () => {
    const res = await release([sample, 'ZZZZZZZZZZZZZZZZZZZZZZZZ']);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { row: 0, message: `Package ${sample} has no lab test results to release.` },
      { row: 1, message: 'Package ZZZZZZZZZZZZZZZZZZZZZZZZ is not available in the current Facility.' },
    ]);
    await config(h, { requireDocumentForRelease: true });
    await record([recordItem(sample, undefined, false)]);
    expect((await release([sample])).body).toEqual([{ row: 0, message: `Package ${sample} has no lab test document; upload the COA before releasing.` }]);
    expect((await pkg()).body.LabTestingState).toBe('TestingInProgress');
  });

  it('results: packageId is required and numeric; an unknown id is an empty page; a foreign one 401', async () => {
    expect((await h.call('GET', '/labtests/v2/results')).body).toEqual({ Message: 'No packageId was specified.' });
    expect((await h.call('GET', '/labtests/v2/results', { query: { packageId: sample } })).body).toEqual({
      Message: `The value '${sample}' is not valid for packageId.`,
    });
    expect((await results(987654)).body).toMatchObject({ Data: [], Total: 0 });
    const lotId = (await dump(lot)).id as number;
    expect((await results(lotId)).status).toBe(401);
  });

  it("with autoReceive off, packages stay the shipper's until the lab receives them (a /_sim/ stand-in for the Metrc UI)", async () => {
    await config(h, { autoReceive: false });
    const pending = await h.transfer();
    const l = pending.packages[0].label;
    expect(pending.received).toBe(false);
    const incoming = await h.call<Envelope<Row>>('GET', '/transfers/v2/incoming');
    expect(incoming.body.Data.find((r) => r.Id === pending.transferId)).toMatchObject({ ReceivedDateTime: null, ReceivedPackageCount: 0 });
    expect((await pkg(l)).status).toBe(401);
    expect((await record([recordItem(l)])).body).toEqual([{ row: 0, message: `Package ${l} is not available in the current Facility.` }]);
    expect((await h.control(`/_sim/transfers/${pending.transferId}/receive`, {})).body).toEqual({ received: true, changed: true });
    expect((await pkg(l)).body).toMatchObject({ ReceivedFromFacilityLicenseNumber: SHIPPER, ReceivedFromManifestNumber: pending.manifestNumber });
    expect((await record([recordItem(l)])).status).toBe(200);
  });

  it('/_sim/transfers refuses a bad seed with 400 {message}', async () => {
    const res = await h.control('/_sim/transfers', { packages: [{ label: sample }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: `packages[0].label ${sample} already exists` });
    expect((await h.control('/_sim/transfers', { packages: [] })).body).toEqual({ message: 'packages must be a non-empty array' });
    expect((await h.control('/_sim/transfers', { packages: [{ sourcePackageLabels: ['lot-1'] }] })).body).toEqual({
      message: 'packages[0].sourcePackageLabels must be an array of 24-character labels ([0-9A-Z])',
    });
  });

  it('replaces the lab test types through /_sim/lab-test-types', async () => {
    const res = await h.control('/_sim/lab-test-types', {
      types: [
        { Id: 1, Name: 'Potency' },
        { Id: 2, Name: 'Microbials', LabTestResultMaximum: 0 },
      ],
    });
    expect(res.status).toBe(200);
    const types = await h.call<Envelope<Row>>('GET', '/labtests/v2/types', { query: { licenseNumber: null } });
    expect(types.body.Data.map((x) => x.Name)).toEqual(['Potency', 'Microbials']);
    expect((await record([recordItem(sample)])).body).toEqual([
      { row: 0, message: "Lab Test Type Name 'Lead (µg/g)' is not valid." },
      { row: 0, message: "Lab Test Type Name 'THC (%)' is not valid." },
    ]);
    expect((await h.control('/_sim/lab-test-types', { types: [{ Id: 1, Name: 'X', Colour: 'red' }] })).body).toEqual({
      message: 'types[0].Colour: is not a lab test type field',
    });
  });
});
