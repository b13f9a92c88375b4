import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalyteResult, SampleResults } from '../../api/types';
import { isMe, unsupportedRows } from './release-check';

test('the person who entered a result is recognised in either way the API writes it', () => {
  assert.equal(isMe('Morgan Manager <manager@demo.lab>', 'Manager@demo.lab'), true);
  assert.equal(isMe('manager@demo.lab', 'manager@demo.lab'), true);
  assert.equal(isMe('Mel Second-Manager <manager2@demo.lab>', 'manager@demo.lab'), false);
  assert.equal(isMe(null, 'manager@demo.lab'), false);
});

test('rows a certificate could not back are named: no method, or an ND with no LOD or LOQ', () => {
  const row = (facts: Partial<AnalyteResult>) =>
    ({ computed: false, sourceType: 'manual', method: null, lod: null, loq: null, qualifier: null, ...facts }) as AnalyteResult;
  const results = {
    groups: [
      {
        group: 'metals',
        analytes: [
          row({ name: 'Lead', qualifier: 'ND' }),
          row({ name: 'Mercury', qualifier: 'ND', method: 'Heavy metals by ICP-MS', lod: '0.01' }),
          row({ name: 'Nickel', value: '0.4' }),
        ],
      },
      { group: 'microbials', analytes: [row({ name: 'Salmonella', qualifier: 'ND', method: 'as reported on the COA of SC Labs', sourceType: 'coa_import' })] },
      { group: 'cannabinoids', analytes: [row({ name: 'Total THC', computed: true, sourceType: 'computed' })] },
      // An instrument file imported without naming the group's method: held to both, as the API holds it.
      { group: 'mycotoxins', analytes: [row({ name: 'Aflatoxin B1', qualifier: 'ND', sourceType: 'instrument_import' })] },
    ],
  } as unknown as SampleResults;
  const named = unsupportedRows(results);
  assert.equal(named.length, 3);
  assert.match(named[0], /Lead: no method, no LOD or LOQ$/);
  assert.match(named[1], /Nickel: no method$/);
  assert.match(named[2], /Aflatoxin B1: no method, no LOD or LOQ$/);
});
