import { stateCategories, stateCategory, stateOverall, stateUom } from './biotrack-report.mapping';
import { BiotrackError } from './client/biotrack.error';

describe('BioTrack report mapping', () => {
  it.each([
    ['cannabinoids', 'potency'],
    ['residual_solvents', 'solvents'],
    ['microbials', 'microbials'],
    ['water_activity', 'water_activity'],
  ])('group %s is category %s', (group, category) => expect(stateCategory(group)).toBe(category));

  it.each([
    ['µg/g', 'ug/g'],
    ['μg/g', 'ug/g'],
    ['mg/kg', 'ppm'],
    ['µg/kg', 'ug/kg'],
    ['CFU/g', 'cfu/g'],
    ['aw', 'aw'],
    ['%', '%'],
  ])('unit %s is uom %s', (unit, uom) => expect(stateUom(unit)).toBe(uom));

  it('refuses what the state cannot hold, naming the field, as a non-retryable error', () => {
    expect(() => stateUom('mg/serving', 'groups[0].analytes[1].unit')).toThrow(/groups\[0\]\.analytes\[1\]\.unit mg\/serving has no NY-API unit/);
    const thrown = (() => {
      try {
        stateCategory('vitamins');
      } catch (e) {
        return e as BiotrackError;
      }
    })();
    expect(thrown).toBeInstanceOf(BiotrackError);
    expect(thrown!.retryable).toBe(false);
  });

  it('maps analytes: qualifiers carry no value, report-only is na, ranges report their upper bound', () => {
    const [potency, moisture] = stateCategories([
      {
        group: 'cannabinoids',
        status: 'report_only',
        analytes: [
          { analyte: 'THCA', value: '21.40', unit: '%', loq: '0.05', status: 'report_only' },
          { analyte: 'CBD', qualifier: 'ND', unit: '%', loq: '0.05', status: 'report_only' },
        ],
      },
      { group: 'moisture', status: 'pass', analytes: [{ analyte: 'Moisture', value: '9.8', unit: '%', limit: '5-13', status: 'pass' }] },
    ]);
    expect(potency).toEqual({
      category: 'potency',
      status: 'na',
      analytes: [
        { analyte: 'THCA', value: '21.40', qualifier: '', uom: '%', loq: '0.05', limit: null, status: 'na' },
        { analyte: 'CBD', value: null, qualifier: 'ND', uom: '%', loq: '0.05', limit: null, status: 'na' },
      ],
    });
    expect(moisture.analytes[0]).toMatchObject({ value: '9.8', limit: '13', status: 'pass' });
  });

  it('reports a negative (blank-subtracted) value as ND rather than a number the state refuses', () => {
    const [metals] = stateCategories([
      { group: 'metals', status: 'pass', analytes: [{ analyte: 'Lead', value: '-0.002', unit: 'µg/g', limit: '0.5', status: 'pass' }] },
    ]);
    expect(metals.analytes[0]).toMatchObject({ value: null, qualifier: 'ND', uom: 'ug/g', limit: '0.5' });
  });

  it('never says overall pass while a category failed', () => {
    const categories = stateCategories([
      { group: 'metals', status: 'fail', analytes: [{ analyte: 'Lead', value: '0.9', unit: 'µg/g', limit: '0.5', status: 'fail' }] },
    ]);
    expect(stateOverall('pass', categories)).toBe('fail');
    expect(stateOverall('pass', [])).toBe('pass');
  });

  it('reports a partial certificate as not passed: incomplete groups and overall go as na, tested analytes as judged', () => {
    const [pesticides] = stateCategories([
      { group: 'pesticides', status: 'incomplete', analytes: [{ analyte: 'Abamectin', qualifier: 'ND', unit: 'µg/g', limit: '0.5', status: 'pass' }] },
    ]);
    expect(pesticides).toMatchObject({ category: 'pesticides', status: 'na', analytes: [{ analyte: 'Abamectin', qualifier: 'ND', status: 'pass' }] });
    expect(stateOverall('incomplete', [pesticides])).toBe('na');
  });
});
