import { checkEntries, GroupEntry } from './check-entries';

const limits = new Map<string, string | null>([
  ['lead', 'µg/g'],
  ['water-activity', 'aw'],
  ['salmonella', null],
]);

describe('checkEntries', () => {
  it('maps aliases and unit spellings onto the vocabulary', () => {
    const { entries, errors } = checkEntries(
      [
        {
          group: 'cannabinoids',
          analytes: [
            { analyte: 'Delta-9 THC', value: '0.82', unit: '% w/w' },
            { analyte: 'Δ9-THCA', value: '24.1', unit: '%' },
          ],
        },
        { group: 'metals', analytes: [{ analyte: 'Pb', value: '120', unit: 'ppb', loq: '10', lod: '3' }] },
      ],
      limits,
    );
    expect(errors).toEqual([]);
    expect(entries.map((e) => [e.analyte, e.analyteName, e.unit])).toEqual([
      ['d9-thc', expect.stringContaining('THC'), '%'],
      ['thca', 'THCA', '%'],
      ['lead', 'Lead', 'ppb'],
    ]);
  });

  it.each<[string, GroupEntry, string, RegExp]>([
    [
      'unknown analyte',
      { group: 'metals', analytes: [{ analyte: 'Unobtainium', value: '1', unit: 'µg/g' }] },
      'groups[0].analytes[0].analyte',
      /unknown analyte "Unobtainium"/,
    ],
    [
      'analyte of another group',
      { group: 'pesticides', analytes: [{ analyte: 'Lead', value: '1', unit: 'µg/g' }] },
      'groups[0].analytes[0].analyte',
      /belongs to metals, not pesticides/,
    ],
    [
      'computed total',
      { group: 'cannabinoids', analytes: [{ analyte: 'Total THC', value: '20', unit: '%' }] },
      'groups[0].analytes[0].analyte',
      /computed by LabTrace/,
    ],
    [
      'unit not convertible to the limit',
      { group: 'metals', analytes: [{ analyte: 'Lead', value: '1', unit: 'CFU/g' }] },
      'groups[0].analytes[0].unit',
      /CFU\/g cannot be converted to µg\/g/,
    ],
    [
      'unknown unit',
      { group: 'metals', analytes: [{ analyte: 'Lead', value: '1', unit: 'furlongs' }] },
      'groups[0].analytes[0].unit',
      /unknown unit "furlongs"/,
    ],
    [
      'negative value',
      { group: 'metals', analytes: [{ analyte: 'Lead', value: '-0.01', unit: 'µg/g' }] },
      'groups[0].analytes[0].value',
      /must not be negative/,
    ],
    [
      'qualifier with a value',
      { group: 'microbials', analytes: [{ analyte: 'Salmonella', value: '0', qualifier: 'ND', unit: 'CFU/g' }] },
      'groups[0].analytes[0].qualifier',
      /ND replaces the value/,
    ],
    [
      'neither value nor qualifier',
      { group: 'water_activity', analytes: [{ analyte: 'Aw', unit: 'aw' }] },
      'groups[0].analytes[0].value',
      /a value or a qualifier/,
    ],
    [
      'LOD above LOQ',
      { group: 'metals', analytes: [{ analyte: 'Lead', value: '0.2', unit: 'µg/g', lod: '0.05', loq: '0.01' }] },
      'groups[0].analytes[0].lod',
      /LOD \(0.05\) cannot be above the LOQ/,
    ],
  ])('names the row: %s', (_, group, field, message) => {
    const { errors } = checkEntries([group], limits);
    expect(errors).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('reports every bad row at once, and the same analyte twice under two names', () => {
    const { errors } = checkEntries(
      [
        {
          group: 'metals',
          analytes: [
            { analyte: 'Lead', value: '0.1', unit: 'µg/g' },
            { analyte: 'Pb', value: '0.2', unit: 'µg/g' },
            { analyte: 'Zinc-ish', value: '1', unit: 'µg/g' },
          ],
        },
        { group: 'metals', analytes: [] },
      ],
      limits,
    );
    expect(errors.map((e) => e.field)).toEqual(['groups[0].analytes[1].analyte', 'groups[0].analytes[2].analyte', 'groups[1].group']);
    expect(errors[0].message).toMatch(/already entered at groups\[0\]\.analytes\[0\]/);
  });

  it('lets >ULOQ carry the value it was measured at', () => {
    const { errors, entries } = checkEntries([{ group: 'metals', analytes: [{ analyte: 'Lead', value: '12.5', qualifier: '>ULOQ', unit: 'µg/g' }] }], limits);
    expect(errors).toEqual([]);
    expect(entries[0]).toMatchObject({ value: '12.5', qualifier: '>ULOQ' });
  });
});
