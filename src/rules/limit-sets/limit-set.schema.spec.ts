import { judgeAnalyte } from '../judgement/judge';
import { judgeSample } from '../judgement/judge-sample';
import { parseRuleSetUpload } from '../rule-sets/rule-set-upload';
import { builtInLimitSet } from './built-in-limit-set';
import { LIMIT_SET_SCHEMA } from './limit-set.schema';

const toLimitRuleRows = LIMIT_SET_SCHEMA.toStoredRows;
const parseLimitSetUpload = (text: string, format: 'json' | 'csv') => parseRuleSetUpload(text, format, LIMIT_SET_SCHEMA);
const rows = toLimitRuleRows(builtInLimitSet());
const rulesFor = (productType: string) => rows.filter((r) => r.productType === productType);
const rule = (productType: string, analyte: string) => rulesFor(productType).find((r) => r.analyte === analyte);

describe('the built-in limit set (ny-ocm-2025-draft) judged as seeded', () => {
  it('validates, names its source, and tags every row NY or STAND-IN', () => {
    const set = builtInLimitSet();
    expect(set).toMatchObject({ name: 'ny-ocm-2025-draft', effectiveDate: '2025-01-01' });
    expect(new Set(set.rows.map((r) => r.sourceTag))).toEqual(new Set(['NY', 'STAND-IN']));
    expect(set.rows.every((r) => r.source.length > 10)).toBe(true);
  });

  it.each([
    ['flower', 'water-activity', '0.65', 'aw', 'pass'],
    ['flower', 'water-activity', '0.651', 'aw', 'fail'],
    ['pre-roll', 'water-activity', '0.65', 'aw', 'pass'],
    ['flower', 'moisture', '15.0', '%', 'pass'],
    ['flower', 'moisture', '15.01', '%', 'fail'],
    ['flower', 'lead', '0.5', 'µg/g', 'pass'],
    ['flower', 'lead', '0.51', 'µg/g', 'fail'],
    ['flower', 'arsenic', '0.2', 'µg/g', 'pass'],
    ['flower', 'arsenic', '0.21', 'µg/g', 'fail'],
    ['edible', 'arsenic', '1.5', 'µg/g', 'pass'],
    ['edible', 'mercury', '3.0', 'µg/g', 'pass'],
    ['flower', 'mercury', '0.11', 'µg/g', 'fail'],
    ['flower', 'nickel', '5', 'µg/g', 'pass'],
    ['flower', 'chromium', '100.1', 'µg/g', 'fail'],
    ['flower', 'ochratoxin-a', '20', 'µg/kg', 'pass'],
    ['flower', 'ochratoxin-a', '0.021', 'µg/g', 'fail'],
    ['flower', 'abamectin', '0.50', 'µg/g', 'pass'],
    ['flower', 'daminozide', '1001', 'ppb', 'fail'],
    ['concentrate', 'butanes', '5000', 'ppm', 'pass'],
    ['vape', 'benzene', '1.1', 'ppm', 'fail'],
    ['concentrate', 'total-aerobic-count', '10000', 'CFU/g', 'pass'],
    ['concentrate', 'total-yeast-mold', '1001', 'CFU/g', 'fail'],
  ])('%s %s %s %s -> %s', (productType, analyte, value, unit, status) => {
    expect(judgeAnalyte({ value, unit }, rule(productType, analyte)).status).toBe(status);
  });

  it('never fails flower on yeast and mold or aerobic count (report only since Nov 2022)', () => {
    expect(judgeAnalyte({ value: '250000', unit: 'CFU/g' }, rule('flower', 'total-yeast-mold')).status).toBe('report_only');
    expect(judgeAnalyte({ value: '9000000', unit: 'CFU/g' }, rule('pre-roll', 'total-aerobic-count')).status).toBe('report_only');
  });

  it('fails Aspergillus on any detection and passes ND, in every product type', () => {
    for (const productType of ['flower', 'edible', 'vape']) {
      expect(judgeAnalyte({ qualifier: 'ND', unit: 'CFU/g' }, rule(productType, 'aspergillus-flavus')).status).toBe('pass');
      expect(judgeAnalyte({ qualifier: '<LOQ', unit: 'CFU/g' }, rule(productType, 'aspergillus-flavus')).status).toBe('fail');
      expect(judgeAnalyte({ value: '1', unit: 'CFU/g' }, rule(productType, 'stec')).status).toBe('fail');
    }
  });

  it('limits the 59 pesticides of the Washington list for every product type', () => {
    expect(rulesFor('flower').filter((r) => r.analyteGroup === 'pesticides')).toHaveLength(59);
    expect(rulesFor('topical').filter((r) => r.analyteGroup === 'pesticides')).toHaveLength(59);
  });

  it('sums aflatoxins exactly (0.1 + 0.2 is 0.3, not 0.30000000000000004) and judges the total', () => {
    const verdict = judgeSample(
      ['mycotoxins'],
      {
        mycotoxins: [
          { analyte: 'aflatoxin-b1', value: '0.1', unit: 'µg/kg' },
          { analyte: 'aflatoxin-b2', value: '0.2', unit: 'µg/kg' },
          { analyte: 'aflatoxin-g1', qualifier: 'ND', unit: 'µg/kg' },
          { analyte: 'aflatoxin-g2', qualifier: '<LOQ', unit: 'µg/kg' },
        ],
      },
      rulesFor('flower'),
    );
    const total = verdict.groups[0].analytes.find((a) => a.analyte === 'total-aflatoxins')!;
    expect(total).toMatchObject({ value: '0.3', computed: true, status: 'pass' });
  });
});

describe('limit set uploads', () => {
  it('reads the CSV layout and expands product-type sets', () => {
    const csv = [
      '# name: lab-2026',
      '# effectiveDate: 2026-01-01',
      '# source: OCM rev. C',
      'product_types,group,analyte,operator,limit_min,limit_max,unit,source_tag,source',
      'inhaled products,metals,Pb,lte,,0.4,ug/g,NY,rev C',
    ].join('\r\n');
    const parsed = parseLimitSetUpload(csv, 'csv');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(toLimitRuleRows(parsed.set).map((r) => [r.productType, r.analyte, r.limitMax, r.unit])).toEqual([
      ['flower', 'lead', '0.4', 'µg/g'],
      ['pre-roll', 'lead', '0.4', 'µg/g'],
      ['concentrate', 'lead', '0.4', 'µg/g'],
      ['vape', 'lead', '0.4', 'µg/g'],
    ]);
  });

  it('names each bad row and field', () => {
    const json = JSON.stringify({
      name: 'bad',
      effectiveDate: '2026-13-40',
      source: 'x',
      rows: [
        { productTypes: ['flower'], group: 'metals', analyte: 'lead', operator: 'lte', limitMax: '-1', unit: 'µg/g', sourceTag: 'NY', source: 's' },
        { productTypes: ['spaceship'], group: 'metals', analyte: 'lead', operator: 'between', limitMax: '1', unit: 'µg/g', sourceTag: 'GUESS', source: 's' },
      ],
    });
    const parsed = parseLimitSetUpload(json, 'json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const fields = parsed.errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'effectiveDate',
        expect.stringMatching(/rows\[0\]\.limitMax/),
        expect.stringMatching(/rows\[1\]\.productTypes/),
        expect.stringMatching(/rows\[1\]\.operator/),
        expect.stringMatching(/rows\[1\]\.sourceTag/),
      ]),
    );
  });

  it('refuses an analyte limited twice for a product type, even through a set name', () => {
    const parsed = parseLimitSetUpload(
      JSON.stringify({
        name: 'twice',
        effectiveDate: '2026-01-01',
        source: 'test',
        rows: [
          { productTypes: 'inhaled products', analyte: 'Pb', operator: 'lte', limitMax: '0.5', unit: 'ppm', sourceTag: 'NY', source: 'a' },
          { productTypes: ['edible', 'pre-roll'], analyte: 'lead', operator: 'lte', limitMax: '1', unit: 'µg/g', sourceTag: 'NY', source: 'b' },
        ],
      }),
      'json',
    );
    expect(parsed).toEqual({ ok: false, errors: [{ field: 'rows[1].analyte', message: 'lead for pre-roll is already limited by row 1', row: 2 }] });
  });

  it.each([
    [{ operator: 'range', limitMin: '15', limitMax: '5', unit: '%', analyte: 'moisture' }, 'limitMin', 'limitMin 15 is above limitMax 5'],
    [{ operator: 'not_detected', limitMax: '1', analyte: 'salmonella' }, 'limitMax', 'a not_detected row takes no limit value'],
    [{ operator: 'lte', limitMax: '5', unit: 'CFU/g', analyte: 'lead' }, 'unit', 'CFU/g cannot be converted to µg/g, the unit lead is reported in'],
    [
      { operator: 'lte', limitMax: 0.5, unit: 'µg/g', analyte: 'lead' },
      'limitMax',
      'limitMax must be a decimal written as a string, e.g. "0.5" (numbers lose exactness)',
    ],
    [{ operator: 'lte', unit: 'µg/g', analyte: 'lead' }, 'limitMax', 'an lte row needs limitMax'],
    [{ operator: 'lte', limitMax: '1', analyte: 'lead', group: 'pesticides' }, 'group', 'Lead belongs to metals, not pesticides'],
  ])('refuses %j: %s', (fields, field, message) => {
    const parsed = parseLimitSetUpload(
      JSON.stringify({
        name: 'one',
        effectiveDate: '2026-01-01',
        source: 'test',
        rows: [{ productTypes: ['flower'], sourceTag: 'NY', source: 's', ...fields }],
      }),
      'json',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toContainEqual({ field: `rows[0].${field}`, message, row: 1 });
  });
});
