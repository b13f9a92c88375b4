import { useInventoryIdSyntax } from '../traceability/inventory-id';
import { planImport } from './import-plan';
import { listInstrumentFormats } from './instrument-formats';
import { genericLongCsvParser } from './parsers/generic-long-csv.parser';
import { INSTRUMENT_FORMATS, parseInstrumentExport } from './parsers/parser-registry';

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
      description: expect.stringMatching(/^The Quantify Compound Summary Report of Waters TargetLynx/),
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

describe('what the formats listing teaches', () => {
  const formats = listInstrumentFormats();
  const generic = formats.find((f) => f.format === 'generic-long-csv')!;

  it('describes every format in a sentence of its own', () => {
    for (const f of formats) expect(f.description).toMatch(/^[A-Z].{40,}\.$/);
    expect(new Set(formats.map((f) => f.description)).size).toBe(formats.length);
  });

  it('lists the generic CSV columns, required ones first, and gives no other format a template', () => {
    expect(generic.columns!.map((c) => [c.name, c.required])).toEqual([
      ['sample', true],
      ['analyte', true],
      ['value', true],
      ['unit', true],
      ['lod', true],
      ['loq', true],
      ['kind', false],
      ['dilution', false],
    ]);
    expect(formats.filter((f) => f.template !== undefined).map((f) => f.format)).toEqual(['generic-long-csv']);
  });

  it('offers a template the generic long CSV parser detects and reads: values, qualifiers, units, limits, QC rows', () => {
    const template = generic.template!;
    expect(genericLongCsvParser.detect(template)).toBe(true);
    const parsed = genericLongCsvParser.parse(template);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.rows.map((r) => [r.sampleRef, r.analyte, r.value, r.qualifier, r.unit, r.lod, r.loq, r.kind])).toEqual([
      ['LT-YYMM-000001', 'Δ9-THC', '0.62', undefined, '%', '0.01', '0.03', 'sample'],
      ['LT-YYMM-000001', 'THCA', '21.4', undefined, '%', '0.01', '0.03', 'sample'],
      ['LT-YYMM-000001', 'Lead', '0.12', undefined, 'µg/g', '0.02', '0.05', 'sample'],
      ['LT-YYMM-000001', 'Cadmium', undefined, '<LOQ', 'µg/g', '0.02', '0.05', 'sample'],
      ['LT-YYMM-000001', 'Myclobutanil', undefined, 'ND', 'µg/g', '0.01', '0.02', 'sample'],
      ['MB-1', 'Lead', undefined, 'ND', 'µg/g', '0.02', '0.05', 'blank'],
    ]);
    expect(parsed.rows[4].dilution).toBe('10');
  });

  it('reads the template as the console downloads it (UTF-8 with a byte-order mark), detected from its content', () => {
    const downloaded = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(generic.template!, 'utf8')]);
    const parsed = parseInstrumentExport(downloaded);
    expect(parsed.format).toBe('generic-long-csv');
    expect(parsed.rows.map((r) => r.analyte)).toEqual(['Δ9-THC', 'THCA', 'Lead', 'Cadmium', 'Myclobutanil', 'Lead']);
  });

  it('plans the template against a sample with that lab code: every sample row stored, the blank judged', () => {
    useInventoryIdSyntax({ pattern: /^\d{16}$/, description: 'exactly 16 digits' });
    const target = { id: 's1', labCode: 'LT-YYMM-000001', sampleInventoryId: '1234567890123456', acceptsResults: true, status: 'in_testing' };
    const plan = planImport(genericLongCsvParser.parse(generic.template!), (ref) => (ref === target.labCode ? target : undefined));
    expect(plan.rejected).toEqual([]);
    expect(plan.unknownAnalytes).toEqual([]);
    expect(plan.accounting).toMatchObject({ rows: 6, stored: 5, qc: 1, rejected: 0 });
    expect(plan.qc[0]).toMatchObject({ kind: 'blank', verdict: 'pass' });
  });
});
