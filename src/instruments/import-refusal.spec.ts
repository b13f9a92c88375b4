import { FormatsTried, RefusalDetail, unrecognisedExportError } from './import-refusal';
import { InstrumentsError } from './instruments.errors';
import { UnrecognisedExportError } from './parsers/near-miss';
import { parseInstrumentExport } from './parsers/parser-registry';

function refusalFor(bytes: Buffer, filename = 'batch.csv'): InstrumentsError {
  try {
    parseInstrumentExport(bytes);
  } catch (e) {
    if (e instanceof UnrecognisedExportError) return unrecognisedExportError(filename, e);
    throw e;
  }
  throw new Error('a parser claimed the file');
}

describe('the refusal of a file no format claims', () => {
  it('a CSV of unknown columns: 400 UNRECOGNISED_EXPORT, the generic long CSV closest, its header offered for a mapping', () => {
    const error = refusalFor(Buffer.from('Lab Code,Test,Result\nLT-2611-000123,THC,1.2\n'), 'potency.csv');
    expect(error.status).toBe(400);
    expect(error.code).toBe('UNRECOGNISED_EXPORT');
    expect(error.message).toBe(
      'potency.csv: the file matches no known instrument export; its header (line 1: Lab Code, Test, Result) is no vendor layout and lacks the generic long CSV columns sample, analyte, value, unit, lod, loq; map its columns to sample, analyte and value to import it; nothing was stored',
    );
    const [file, mapping, format] = error.details as RefusalDetail[];
    expect(file).toMatchObject({ field: 'file', reason: 'no_format_matched', closest: { format: 'generic-long-csv', missing: 'a “sample” column' } });
    expect(mapping).toEqual({
      field: 'columnMapping',
      message:
        "map the file's columns (Lab Code, Test, Result) to sample, analyte and value: save the mapping for the instrument (PUT /v1/instrument-imports/mappings/instruments/{instrument}) and upload with instrument, or send it once as columnMapping",
      mapping: {
        format: 'generic-long-csv',
        headerLine: 1,
        delimiter: ',',
        headers: ['Lab Code', 'Test', 'Result'],
        required: ['sample', 'analyte', 'value'],
        optional: ['unit', 'lod', 'loq', 'kind', 'dilution'],
        save: 'PUT /v1/instrument-imports/mappings/instruments/{instrument}',
        uploadFields: { savedMapping: 'instrument', oneOff: 'columnMapping' },
      },
    });
    expect(format).toMatchObject({
      field: 'format',
      message: expect.stringMatching(/^tried Shimadzu .*; name one in format to see why its parser refuses the file$/),
    });
    expect(format).toMatchObject({ tried: expect.arrayContaining(['agilent-masshunter-quant', 'generic-long-csv']) });
    expect((format as FormatsTried).tried).toHaveLength(12);
  });

  it('a near miss of a vendor layout names it, and offers the mapping only when line 1 is a header', () => {
    const error = refusalFor(Buffer.from('Quantify Compound Summary Report\n\nCompound 1:  THC\n\n1\tLT-2611-000123\t2.0\n'), 'tlx.txt');
    expect(error.message).toBe(
      'tlx.txt: the file matches no known instrument export; closest is Waters TargetLynx Quantify Compound Summary Report: it has the “Quantify Compound Summary Report” title (line 1) but lacks a tab-separated “#, Name, …” header row above the compound tables; line 5 has “1\tLT-2611-000123\t2.0”; nothing was stored',
    );
    expect((error.details as Array<{ field: string }>).map((d) => d.field)).toEqual(['file', 'format']);
  });

  it('a binary file: "not a text export", no mapping offer', () => {
    const error = refusalFor(Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(40)]), 'results.xlsx');
    expect(error.message).toBe(
      'results.xlsx: not a text export: the file is a ZIP container (an Excel .xlsx workbook?); export the results from the instrument software as CSV or text; nothing was stored',
    );
    expect(error.details).toEqual([expect.objectContaining({ field: 'file', reason: 'not_text' }), expect.objectContaining({ field: 'format' })]);
  });
});
