import { CoaDraft } from './coa-draft';

const header = { layout: 'sc-labs' as const, sampleIds: ['S-1'], inventoryIds: [] };

describe('CoaDraft', () => {
  it('spells micro as the micro sign and keeps the result in the LOQ unit', () => {
    const draft = new CoaDraft();
    draft.addRow({
      group: 'cannabinoids',
      analyte: 'THCa',
      results: [
        { cell: { value: '34.054' }, unit: '%' },
        { cell: { value: '340.54' }, unit: 'mg/g' },
      ],
      loq: '1.06',
      loqUnit: 'mg/g',
    });
    draft.addRow({ group: 'metals', analyte: 'Lead', results: [{ cell: { qualifier: 'ND' }, unit: '\u03bcg/g' }], limit: '0.5', limitUnit: '\u03bcg/g' });
    expect(draft.finish(header).analytes).toEqual([
      { group: 'cannabinoids', analyte: 'THCa', value: '340.54', unit: 'mg/g', loq: '1.06' },
      { group: 'metals', analyte: 'Lead', qualifier: 'ND', unit: '\u00b5g/g', limit: '0.5' },
    ]);
  });

  it('leaves out a limit printed in another unit than the result, with a warning', () => {
    const draft = new CoaDraft();
    draft.addRow({ group: 'mycotoxins', analyte: 'Ochratoxin A', results: [{ cell: { value: '3' }, unit: 'ppb' }], limit: '0.02', limitUnit: 'ppm' });
    const parsed = draft.finish(header);
    expect(parsed.analytes[0].limit).toBeUndefined();
    expect(parsed.warnings).toEqual(['mycotoxins: limit of "Ochratoxin A" is in ppm but its result in ppb; limit left out.']);
  });

  it('combines verdicts (any fail fails), ignores n/a, and warns when summary and section disagree', () => {
    const draft = new CoaDraft();
    draft.addRow({ group: 'pesticides', analyte: 'Abamectin', results: [{ cell: { qualifier: 'ND' } }] });
    draft.reportGroup('pesticides', 'pass', 'section');
    draft.reportGroup('pesticides', 'fail', 'section');
    draft.reportGroup('pesticides', 'fail', 'summary');
    draft.reportGroup('terpenes', 'na', 'summary');
    draft.addRow({ group: 'metals', analyte: 'Lead', results: [{ cell: { value: '0.7' } }] });
    draft.reportGroup('metals', 'pass', 'summary');
    draft.reportGroup('metals', 'fail', 'section');
    const parsed = draft.finish(header);
    expect(parsed.reportedGroups).toEqual({ pesticides: 'fail', metals: 'fail' });
    expect(parsed.warnings).toEqual(["metals: the COA's summary and its results section give different verdicts (pass vs fail)."]);
  });

  it('throws when nothing was read', () => {
    expect(() => new CoaDraft().finish(header)).toThrow('The sc-labs COA was recognised but no result rows could be read; its text may be scrambled.');
  });
});
