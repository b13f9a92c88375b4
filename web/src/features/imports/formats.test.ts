import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toApiError } from '../../api/errors';
import { buildMapping, closestFacts, evidenceBadge, firstDataRow, guessRoles, readRefusal, templateFile, type InstrumentFormatView } from './formats';

const REQUIRED = ['sample', 'analyte', 'value'];
const ROLES = [...REQUIRED, 'unit', 'lod', 'loq', 'kind', 'dilution'];

describe('format evidence', () => {
  test('real files are counted, documentation says so', () => {
    const view = (evidence: InstrumentFormatView['evidence'], realFiles: number): InstrumentFormatView => ({ format: 'x', label: 'X', evidence, realFiles });
    assert.equal(evidenceBadge(view('real-files', 1)), 'proven on 1 real file');
    assert.equal(evidenceBadge(view('real-files', 3)), 'proven on 3 real files');
    assert.equal(evidenceBadge(view('documentation', 0)), 'from documentation');
  });
});

describe('readRefusal', () => {
  const body = {
    statusCode: 400,
    error: 'UNRECOGNISED_EXPORT',
    message: 'bench.csv: the file matches no known instrument export; nothing was stored',
    details: [
      {
        field: 'file',
        message: 'the file matches no known instrument export',
        reason: 'no_format_matched',
        closest: {
          format: 'agilent-masshunter-quant',
          label: 'Agilent MassHunter Quantitative Analysis CSV',
          layout: 'long compound table',
          score: 0.67,
          found: [
            { marker: 'a SampleID header', line: 15 },
            { marker: 'a Compound column', line: 15 },
          ],
          missing: 'a “FinalConcentration” column',
          lacks: 'lacks a “FinalConcentration” column',
          instead: { line: 15, text: 'SampleID,Compound,Dilution', cells: ['SampleID', 'Compound', 'Dilution'] },
        },
      },
      {
        field: 'columnMapping',
        message: 'map the columns',
        mapping: {
          format: 'generic-long-csv',
          headerLine: 1,
          delimiter: ',',
          headers: ['A', 'B'],
          required: REQUIRED,
          optional: ['unit'],
          save: 'PUT x',
          uploadFields: { savedMapping: 'instrument', oneOff: 'columnMapping' },
        },
      },
      { field: 'format', message: 'tried', tried: ['agilent-masshunter-quant', 'generic-long-csv'] },
    ],
  };

  test('reads the closest format, the mapping offer and the formats tried', () => {
    const refusal = readRefusal(toApiError(400, body))!;
    assert.equal(refusal.reason, 'no_format_matched');
    assert.equal(refusal.closest?.format, 'agilent-masshunter-quant');
    assert.deepEqual(refusal.mapping?.headers, ['A', 'B']);
    assert.deepEqual(refusal.tried, ['agilent-masshunter-quant', 'generic-long-csv']);
    assert.deepEqual(closestFacts(refusal.closest!), {
      has: 'a SampleID header (line 15), a Compound column (line 15)',
      lacks: 'It lacks a “FinalConcentration” column.',
      instead: 'Line 15 has the columns SampleID, Compound, Dilution instead.',
    });
  });

  test('a binary file is not_text with no offer; other errors are no refusal', () => {
    const binary = readRefusal(
      toApiError(400, {
        error: 'UNRECOGNISED_EXPORT',
        message: 'x',
        details: [
          { field: 'file', message: 'not a text export: a ZIP', reason: 'not_text' },
          { field: 'format', message: '', tried: [] },
        ],
      }),
    )!;
    assert.equal(binary.reason, 'not_text');
    assert.equal(binary.why, 'not a text export: a ZIP');
    assert.equal(binary.mapping, undefined);
    assert.equal(readRefusal(toApiError(400, { error: 'UNREADABLE_EXPORT', message: 'x', details: [] })), null);
    assert.equal(readRefusal(new Error('offline')), null);
  });
});

describe('column mapping', () => {
  test('guesses roles from header names, each role once', () => {
    assert.deepEqual(guessRoles(['Sample ID', 'Compound', 'Result', 'Units', 'Result', 'Notes'], ROLES), ['sample', 'analyte', 'value', 'unit', '', '']);
  });

  test('required roles are enforced and none is chosen twice', () => {
    const headers = ['Vial', 'Target', 'Reading', 'Units'];
    assert.deepEqual(buildMapping(headers, ['sample', '', '', 'unit'], REQUIRED).problems, ['Choose a column for analyte, value']);
    assert.deepEqual(buildMapping(headers, ['sample', 'analyte', 'value', 'value'], REQUIRED).problems, ['value is chosen for more than one column']);
    assert.deepEqual(buildMapping(headers, ['sample', 'analyte', 'value', 'unit'], REQUIRED), {
      mapping: { sample: 'Vial', analyte: 'Target', value: 'Reading', unit: 'Units' },
      problems: [],
    });
  });

  test('first data row respects quotes and the delimiter', () => {
    assert.deepEqual(firstDataRow('A;B;C\r\n\r\n"LT-1";"Δ9-THC; total";"0,5"\n', 1, ';'), ['LT-1', 'Δ9-THC; total', '0,5']);
    assert.deepEqual(firstDataRow('A,B\n', 1, ','), []);
  });
});

describe('templateFile', () => {
  test('saves the API template as a UTF-8 CSV with a byte-order mark, so a spreadsheet reads µ and Δ', async () => {
    const { name, blob } = templateFile('sample,analyte,value,unit,lod,loq\r\nLT-YYMM-000001,Δ9-THC,0.62,%,,\r\n');
    assert.equal(name, 'labtrace-generic-long-csv-template.csv');
    assert.equal(blob.type, 'text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(new TextDecoder().decode(bytes.slice(3)), 'sample,analyte,value,unit,lod,loq\r\nLT-YYMM-000001,Δ9-THC,0.62,%,,\r\n');
  });
});
