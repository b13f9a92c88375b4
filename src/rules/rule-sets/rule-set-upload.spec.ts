import { LIMIT_SET_SCHEMA } from '../limit-sets/limit-set.schema';
import { PANEL_SET_SCHEMA } from '../panel-sets/panel-set.schema';
import { detectRuleSetFormat, parseRuleSetUpload } from './rule-set-upload';

describe('parseRuleSetUpload (JSON or CSV, any kind)', () => {
  it('tells JSON from CSV by the first character, past a byte-order mark and blank space', () => {
    expect(detectRuleSetFormat('\uFEFF \n{"name": "x"}')).toBe('json');
    expect(detectRuleSetFormat('# name: x\nproduct_types,group')).toBe('csv');
  });

  it('reads the set fields from leading comments and maps headers loosely (case, spaces, dashes)', () => {
    const csv = [
      '\uFEFF# Name: lab-panels',
      '#effective_date: 2026-03-01',
      '# source: OCM matrix, rev. C',
      '',
      'Product Types,Analyte-Group,REQUIREMENT,source',
      'flower;pre-roll,moisture,required,rev C §2',
    ].join('\r\n');
    expect(parseRuleSetUpload(csv, 'csv', PANEL_SET_SCHEMA)).toEqual({
      ok: true,
      set: {
        name: 'lab-panels',
        effectiveDate: '2026-03-01',
        source: 'OCM matrix, rev. C',
        rows: [{ productTypes: ['flower', 'pre-roll'], group: 'moisture', requirement: 'required', source: 'rev C §2' }],
      },
    });
  });

  it("names unknown columns and the kind's expected header", () => {
    const csv = ['# name: x', '# effectiveDate: 2026-01-01', '# source: s', 'product_types,group,requirement,colour', 'flower,metals,required,red'].join('\n');
    expect(parseRuleSetUpload(csv, 'csv', PANEL_SET_SCHEMA)).toEqual({
      ok: false,
      errors: [{ field: '(header)', message: 'unknown column(s) colour; expected product_types, group, requirement, analytes, source' }],
    });
  });

  it('gives each bad row its file line', () => {
    const csv = [
      '# name: x',
      '# effectiveDate: 2026-01-01',
      '# source: s',
      'product_types,group,analyte,operator,limit_min,limit_max,unit,source_tag,source',
      'flower,metals,lead,lte,,0.5,µg/g,NY,a',
      'flower,metals,lead,lte,,0.4,µg/g,NY,b',
    ].join('\n');
    const parsed = parseRuleSetUpload(csv, 'csv', LIMIT_SET_SCHEMA);
    expect(parsed).toEqual({ ok: false, errors: [{ field: 'rows[1].analyte', message: 'lead for flower is already limited by row 1', row: 2, line: 6 }] });
  });

  it('answers unreadable files with one error, not an exception', () => {
    expect(parseRuleSetUpload('{"name": ', 'json', LIMIT_SET_SCHEMA)).toEqual({
      ok: false,
      errors: [{ field: '(file)', message: expect.stringMatching(/^not valid JSON/) }],
    });
    expect(parseRuleSetUpload('a,b\n"unclosed,1', 'csv', PANEL_SET_SCHEMA)).toEqual({
      ok: false,
      errors: [{ field: '(file)', message: expect.stringMatching(/^not readable as CSV/) }],
    });
  });
});
