import { SimError } from './errors';
import { readAccept, readAmend, readLogin, readResult, readResultLookupQuery, readSampleListQuery } from './lab-schemas';

const analyte = (overrides: Record<string, unknown> = {}) => ({
  analyte: 'lead',
  value: '0.12',
  qualifier: '',
  uom: 'ug/g',
  loq: '0.1',
  limit: '0.5',
  status: 'pass',
  ...overrides,
});
const result = (overrides: Record<string, unknown> = {}) => ({
  externalId: 'LT-1',
  sampleId: '1234567890123456',
  testedAt: '2025-08-03T10:00:00Z',
  overall: 'pass',
  categories: [{ category: 'metals', status: 'pass', analytes: [analyte()] }],
  ...overrides,
});

function issuesOf(read: () => unknown): Array<{ field: string; message: string }> {
  try {
    read();
  } catch (e) {
    if (e instanceof SimError && e.status === 422 && e.code === 'validation') return e.details!;
    throw e;
  }
  throw new Error('expected a validation error');
}

const fields = (read: () => unknown) => issuesOf(read).map((i) => i.field);

describe('NY-API body readers', () => {
  it('returns a valid result body as typed values, keeping decimals as the strings sent', () => {
    const body = readResult(result({ categories: [{ category: 'metals', status: 'pass', analytes: [analyte({ value: '0.120' })] }] }));
    expect(body.categories[0].analytes[0]).toEqual({ analyte: 'lead', value: '0.120', qualifier: '', uom: 'ug/g', loq: '0.1', limit: '0.5', status: 'pass' });
  });

  it('names every missing and every unknown field at once', () => {
    const issues = issuesOf(() =>
      readResult({
        externalId: 'LT-1',
        sampleId: '1234567890123456',
        note: 'x',
        categories: [{ category: 'metals', status: 'pass', analytes: [{ analyte: 'lead', colour: 'red' }] }],
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'note', message: 'is not a known field' },
        { field: 'testedAt', message: 'is required' },
        { field: 'overall', message: 'is required' },
        { field: 'categories.0.analytes.0.colour', message: 'is not a known field' },
        { field: 'categories.0.analytes.0.value', message: 'is required' },
        { field: 'categories.0.analytes.0.uom', message: 'is required' },
      ]),
    );
  });

  it.each([
    ['a 15-digit sample id', { sampleId: '123456789012345' }, 'sampleId'],
    ['a sample id with a letter', { sampleId: '12345678901234a6' }, 'sampleId'],
    ['a local time', { testedAt: '2025-08-03T10:00:00' }, 'testedAt'],
    ['an impossible date', { testedAt: '2025-13-40T10:00:00Z' }, 'testedAt'],
    ['an unknown overall', { overall: 'passed' }, 'overall'],
    ['no categories', { categories: [] }, 'categories'],
    ['an empty externalId', { externalId: ' ' }, 'externalId'],
    ['a numeric externalId', { externalId: 12 }, 'externalId'],
    ['a body that is an array', null, 'body'],
  ])('refuses %s', (_, overrides, field) => {
    expect(fields(() => readResult(overrides === null ? [] : result(overrides)))).toContain(field);
  });

  it.each([
    ['an unknown category', { category: 'cannabinoids' }, 'categories.0.category'],
    ['an unknown category status', { status: 'ok' }, 'categories.0.status'],
    ['a judged category without analytes', { analytes: [] }, 'categories.0.analytes'],
  ])('refuses %s', (_, overrides, field) => {
    expect(fields(() => readResult(result({ categories: [{ category: 'metals', status: 'pass', analytes: [analyte()], ...overrides }] })))).toContain(field);
  });

  it('lets a category marked na come without analytes', () => {
    expect(readResult(result({ categories: [{ category: 'terpenes', status: 'na', analytes: [] }] })).categories[0].analytes).toEqual([]);
  });

  it.each([
    ['a JSON number value', { value: 0.12 }, 'value', /decimal string/],
    ['a negative value', { value: '-1' }, 'value', /non-negative/],
    ['a value in exponent form', { value: '1e-3' }, 'value', /decimal string/],
    ['an unknown unit', { uom: 'mg/kg' }, 'uom', /one of %, mg\/g/],
    ['an unknown qualifier', { qualifier: 'BLQ' }, 'qualifier', /one of ND, <LOQ, >ULOQ, ""/],
    ['a null value without ND or <LOQ', { value: null, qualifier: '' }, 'value', /only with qualifier ND or <LOQ/],
    ['a null value with >ULOQ', { value: null, qualifier: '>ULOQ' }, 'value', /only with qualifier/],
    ['an unknown analyte status', { status: 'ok' }, 'status', /one of pass, fail, na/],
    ['a numeric loq', { loq: 1 }, 'loq', /decimal string/],
    ['an empty analyte name', { analyte: '' }, 'analyte', /must not be empty/],
  ])('refuses an analyte with %s', (_, overrides, key, message) => {
    const issues = issuesOf(() => readResult(result({ categories: [{ category: 'metals', status: 'pass', analytes: [analyte(overrides)] }] })));
    expect(issues).toContainEqual({ field: `categories.0.analytes.0.${key}`, message: expect.stringMatching(message) });
  });

  it('accepts ND and <LOQ without a number, and null loq and limit', () => {
    const body = readResult(
      result({ categories: [{ category: 'metals', status: 'pass', analytes: [analyte({ value: null, qualifier: 'ND', loq: null, limit: null })] }] }),
    );
    expect(body.categories[0].analytes[0]).toMatchObject({ value: null, qualifier: 'ND', loq: null, limit: null });
  });

  it('requires overall fail when a category fails, naming the failing categories', () => {
    const failing = { category: 'microbials', status: 'fail', analytes: [analyte({ uom: 'cfu/g', status: 'fail' })] };
    const pass = { category: 'metals', status: 'pass', analytes: [analyte()] };
    for (const overall of ['pass', 'na']) {
      expect(issuesOf(() => readResult(result({ overall, categories: [pass, failing] })))).toEqual([
        { field: 'overall', message: 'must be fail when a category fails (microbials)' },
      ]);
    }
    expect(readResult(result({ overall: 'fail', categories: [pass, failing] })).overall).toBe('fail');
  });

  it('refuses a category reported twice', () => {
    const metals = { category: 'metals', status: 'pass', analytes: [analyte()] };
    expect(issuesOf(() => readResult(result({ categories: [metals, metals] })))).toEqual([{ field: 'categories.1.category', message: 'repeats metals' }]);
  });

  it('reads an amendment: a reason but no sampleId or testedAt', () => {
    const { sampleId: _s, testedAt: _t, ...rest } = result();
    expect(readAmend({ ...rest, externalId: 'LT-1-v2', reason: 'Transcription error in lead' }).reason).toBe('Transcription error in lead');
    expect(fields(() => readAmend({ ...result(), reason: 'x' }))).toEqual(['sampleId', 'testedAt']);
    expect(fields(() => readAmend(rest))).toEqual(['reason']);
  });

  it('reads login and accept bodies strictly', () => {
    expect(fields(() => readLogin({ username: 'lab@sim', password: 'x' }))).toEqual(['license']);
    expect(fields(() => readAccept({ receivedQuantity: 6.95, uom: 'grams', receivedAt: '2025-08-01' }))).toEqual(['receivedQuantity', 'uom', 'receivedAt']);
    expect(readAccept({ receivedQuantity: '6.95', uom: 'g', receivedAt: '2025-08-01T14:30:00.123Z' })).toEqual({
      receivedQuantity: '6.95',
      uom: 'g',
      receivedAt: '2025-08-01T14:30:00.123Z',
    });
  });

  it('reads the sample list query with defaults and refuses unknown or bad parameters', () => {
    expect(readSampleListQuery(new URLSearchParams(''))).toEqual({ status: undefined, page: 1, pageSize: 50 });
    expect(readSampleListQuery(new URLSearchParams('status=pending&page=2&pageSize=10'))).toEqual({ status: 'pending', page: 2, pageSize: 10 });
    expect(fields(() => readSampleListQuery(new URLSearchParams('status=lost&page=0&pageSize=501&sort=asc')))).toEqual(['sort', 'status', 'page', 'pageSize']);
  });

  it('looks results up by exactly one of sampleId or externalId', () => {
    expect(readResultLookupQuery(new URLSearchParams('externalId=LT-1'))).toEqual({ externalId: 'LT-1' });
    expect(readResultLookupQuery(new URLSearchParams('sampleId=1234567890123456'))).toEqual({ sampleId: '1234567890123456' });
    expect(fields(() => readResultLookupQuery(new URLSearchParams('')))).toEqual(['query']);
    expect(fields(() => readResultLookupQuery(new URLSearchParams('sampleId=1&externalId=x')))).toEqual(['query']);
    expect(fields(() => readResultLookupQuery(new URLSearchParams('sampleId=123')))).toEqual(['sampleId']);
  });
});
