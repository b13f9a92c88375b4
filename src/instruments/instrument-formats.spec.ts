import { listInstrumentFormats } from './instrument-formats';
import { INSTRUMENT_FORMATS } from './parsers/parser-registry';

describe('listInstrumentFormats', () => {
  const formats = listInstrumentFormats();
  const of = (format: string) => formats.find((f) => f.format === format);

  it('lists every supported format once, in detection order', () => {
    expect(formats.map((f) => f.format)).toEqual([...INSTRUMENT_FORMATS]);
  });

  it('says which formats are proven on real exports and which come from documentation only', () => {
    expect(of('waters-targetlynx')).toEqual({
      format: 'waters-targetlynx',
      label: 'Waters TargetLynx Quantify Compound Summary Report',
      evidence: 'real-files',
      realFiles: 4,
    });
    expect(of('agilent-masshunter-quant')).toMatchObject({ evidence: 'real-files', realFiles: 2 });
    expect(of('agilent-chemstation-report')).toMatchObject({ evidence: 'real-files', realFiles: 2 });
    expect(of('sciex-multiquant')).toMatchObject({ evidence: 'real-files', realFiles: 1 });
    expect(of('shimadzu-labsolutions-ascii')).toMatchObject({ evidence: 'real-files', realFiles: 1 });
    expect(of('agilent-icpms-masshunter')).toMatchObject({ evidence: 'real-files', realFiles: 1 });
    expect(of('water-activity')).toMatchObject({ evidence: 'documentation', realFiles: 0 });
    expect(of('moisture-analyzer')).toMatchObject({ evidence: 'documentation', realFiles: 0 });
    expect(formats.every((f) => (f.evidence === 'real-files') === f.realFiles > 0)).toBe(true);
  });
});
