import { Envelope, Harness, Row, startHarness } from './harness';

describe('metrc simulator: paging, lastModified windows, dates and enums', () => {
  let h: Harness;
  const now = Date.parse('2026-12-01T12:00:00Z');

  beforeEach(async () => {
    h = await startHarness({ now: () => now });
  });
  afterEach(() => h.close());

  const incoming = (query: Record<string, string | number | null> = {}) => h.call<Envelope<Row>>('GET', '/transfers/v2/incoming', { query });

  it('returns everything in one envelope when paging is off, with the duplicate pairs agreeing', async () => {
    for (let i = 0; i < 3; i++) await h.transfer();
    const res = await incoming();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ Total: 3, TotalRecords: 3, PageSize: 3, RecordsOnPage: 3, Page: 1, CurrentPage: 1, TotalPages: 1 });
    expect(res.body.Data).toHaveLength(3);
  });

  it('pages with pageSize <= 20 and a 1-based pageNumber', async () => {
    for (let i = 0; i < 5; i++) await h.transfer();
    const second = await incoming({ pageSize: 2, pageNumber: 2 });
    expect(second.body).toMatchObject({ Total: 5, TotalRecords: 5, PageSize: 2, RecordsOnPage: 2, Page: 2, CurrentPage: 2, TotalPages: 3 });
    const ids = (await incoming()).body.Data.map((r) => r.Id);
    expect(second.body.Data.map((r) => r.Id)).toEqual(ids.slice(2, 4));
    expect((await incoming({ pageSize: 2, pageNumber: 3 })).body.RecordsOnPage).toBe(1);
    expect((await incoming({ pageSize: 2, pageNumber: 9 })).body).toMatchObject({ Data: [], Page: 9, TotalPages: 3 });
    expect((await incoming({ pageSize: 20 })).status).toBe(200);
  });

  it.each([
    [{ pageSize: 21 }, 'The page size cannot exceed 20.'],
    [{ pageSize: 0 }, "The value '0' is not valid for pageSize."],
    [{ pageSize: 'ten' }, "The value 'ten' is not valid for pageSize."],
    [{ pageSize: 5, pageNumber: 0 }, "The value '0' is not valid for pageNumber."],
  ])('refuses %j with 400 {Message}', async (query, message) => {
    const res = await incoming(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ Message: message });
  });

  it('filters by LastModified within a window of at most 24 hours, inclusive at both ends', async () => {
    const a = await h.transfer({ lastModified: '2026-11-29T10:00:00Z', received: false });
    const b = await h.transfer({ lastModified: '2026-11-30T10:00:00Z', received: false });
    const c = await h.transfer({ lastModified: '2026-11-30T23:59:59Z', received: false });
    const day = (start: string, end: string) => incoming({ lastModifiedStart: start, lastModifiedEnd: end });
    expect((await day('2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z')).body.Data.map((r) => r.Id)).toEqual([b.transferId, c.transferId]);
    expect((await day('2026-11-29T10:00:00Z', '2026-11-30T10:00:00Z')).body.Data.map((r) => r.Id)).toEqual([a.transferId, b.transferId]);
    // Offsets are honoured: 05:00-05:00 is 10:00Z.
    expect((await day('2026-11-30T05:00:01-05:00', '2026-11-30T12:00:00-05:00')).body.Data.map((r) => r.Id)).toEqual([]);
    // No window: everything.
    expect((await incoming()).body.Total).toBe(3);
  });

  it.each([
    [
      { lastModifiedStart: '2026-11-29T00:00:00Z', lastModifiedEnd: '2026-11-30T00:00:01Z' },
      'The time span between lastModifiedStart and lastModifiedEnd cannot exceed 24 hours.',
    ],
    [{ lastModifiedStart: '2026-11-29T00:00:00Z' }, 'Both lastModifiedStart and lastModifiedEnd must be specified.'],
    [{ lastModifiedStart: '2026-11-30T00:00:00Z', lastModifiedEnd: '2026-11-29T00:00:00Z' }, 'lastModifiedEnd must be after lastModifiedStart.'],
    [{ lastModifiedStart: 'last tuesday', lastModifiedEnd: '2026-11-29T00:00:00Z' }, "The value 'last tuesday' is not valid for lastModifiedStart."],
  ])('refuses the window %j with 400 {Message}', async (query, message) => {
    const res = await incoming(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ Message: message });
  });

  it('applies the window limit to /packages/v2/active too, and it is configurable', async () => {
    const long = { lastModifiedStart: '2026-11-28T00:00:00Z', lastModifiedEnd: '2026-11-30T00:00:00Z' };
    expect((await h.call('GET', '/packages/v2/active', { query: long })).status).toBe(400);
    await h.control('/_sim/config', { maxWindowHours: 48 });
    expect((await h.call('GET', '/packages/v2/active', { query: long })).status).toBe(200);
  });

  it('mixes date formats across fields as Metrc does, and prints them all ISO with dateStyle iso', async () => {
    await h.transfer({ lastModified: '2026-11-30T14:48:30.123Z', received: false });
    const row = (await incoming()).body.Data[0];
    expect(row).toMatchObject({
      CreatedDateTime: '2026-11-30T09:48:30.123',
      LastModified: '2026-11-30T09:48:30-05:00',
      EstimatedDepartureDateTime: '2026-11-30T14:48:30Z',
      EstimatedArrivalDateTime: '2026-11-30T16:48:30+00:00',
      ActualDepartureDateTime: '0001-01-01T00:00:00+00:00',
      ReceivedDateTime: null,
    });
    await h.control('/_sim/transfers/1001/receive', {});
    expect((await incoming()).body.Data[0]).toMatchObject({
      LastModified: '2026-12-01T07:00:00-05:00',
      ReceivedDateTime: expect.stringMatching(/^2026-12-01T12:00:00\.000\d{4}\+00:00$/),
    });
    await h.control('/_sim/config', { dateStyle: 'iso' });
    const iso = (await incoming()).body.Data[0];
    expect(iso).toMatchObject({ CreatedDateTime: '2026-11-30T14:48:30.123Z', LastModified: '2026-12-01T12:00:00.000Z', ActualDepartureDateTime: null });
  });

  it('gives enums as numbers on some rows and strings on others; enumStyle fixes one', async () => {
    const types = (await h.call<Envelope<Row>>('GET', '/labtests/v2/types', { query: { licenseNumber: null } })).body.Data;
    expect(types[0]).toMatchObject({ DependencyMode: 0, LabTestResultMode: 0 });
    expect(types[1]).toMatchObject({ DependencyMode: 'RequiresAll', LabTestResultMode: 'Default' });
    expect(types[22]).toMatchObject({ Name: 'Pesticides (pass/fail)', DependencyMode: 1, LabTestResultMode: 1 });
    expect(types[23]).toMatchObject({ Name: 'Residual Solvents (pass/fail)', DependencyMode: 'RequiresOne', LabTestResultMode: 'PassFail' });
    await h.control('/_sim/config', { enumStyle: 'string' });
    const strings = (await h.call<Envelope<Row>>('GET', '/labtests/v2/types', { query: { licenseNumber: null } })).body.Data;
    expect(strings.every((t) => typeof t.DependencyMode === 'string')).toBe(true);
  });

  it('seeds the demo transfers when asked: one three days old, one from the last hour', async () => {
    const demo = await startHarness({ now: () => now, seedDemo: true });
    try {
      const all = (await demo.call<Envelope<Row>>('GET', '/transfers/v2/incoming')).body.Data;
      expect(all.map((r) => r.PackageCount)).toEqual([1, 2]);
      const lastDay = await demo.call<Envelope<Row>>('GET', '/transfers/v2/incoming', {
        query: { lastModifiedStart: '2026-11-30T12:00:00Z', lastModifiedEnd: '2026-12-01T12:00:00Z' },
      });
      expect(lastDay.body.Data.map((r) => r.PackageCount)).toEqual([2]);
    } finally {
      await demo.close();
    }
  });
});
