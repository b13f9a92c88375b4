import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ImportGroupMethod } from '../../api/imports';
import { adoptAnswered, methodsField, pickRows, withoutMethodWarning } from './method-picks';

const groups: ImportGroupMethod[] = [
  { group: 'metals', methodId: 'LT-M-MET-01', from: 'mapping' },
  { group: 'mycotoxins', methodId: null, from: null },
  { group: 'pesticides', methodId: 'LT-M-PEST-01', from: 'upload' },
];

describe('method picks of an instrument import', () => {
  test("each group shows its pick; a group the mapping names shows the mapping's method, fixed", () => {
    assert.deepEqual(pickRows(groups, { pesticides: 'LT-M-PEST-01', metals: 'LT-M-MET-09' }), [
      { group: 'metals', label: 'Heavy metals', value: 'LT-M-MET-01', fromMapping: true },
      { group: 'mycotoxins', label: 'Mycotoxins', value: '', fromMapping: false },
      { group: 'pesticides', label: 'Pesticides', value: 'LT-M-PEST-01', fromMapping: false },
    ]);
  });

  test("sends the picked ids, sorted, leaving out blanks, the mapping's group and groups the file does not carry", () => {
    assert.equal(
      methodsField(groups, { pesticides: 'LT-M-PEST-01', mycotoxins: 'LT-M-MYCO-01', metals: 'LT-M-MET-09', moisture: 'LT-M-MOIST-01' }),
      'LT-M-MYCO-01,LT-M-PEST-01',
    );
    assert.equal(methodsField(groups, { mycotoxins: '' }), null);
    assert.equal(methodsField([], {}), null);
  });

  test('takes the methods an answer says the upload gave to groups not picked yet; a pick, even of none, stands', () => {
    assert.deepEqual(adoptAnswered({}, groups), { pesticides: 'LT-M-PEST-01' });
    assert.deepEqual(adoptAnswered({ pesticides: '' }, groups), { pesticides: '' });
    const picks = { pesticides: 'LT-M-PEST-02' };
    assert.equal(adoptAnswered(picks, groups), picks);
  });

  test('warns of groups without a method, before and after the store', () => {
    assert.equal(withoutMethodWarning([], false), null);
    assert.equal(withoutMethodWarning(undefined, true), null);
    assert.equal(
      withoutMethodWarning(['mycotoxins', 'pesticides'], false),
      "Mycotoxins, Pesticides would be stored without a method: the sample cannot be submitted until each group's method is given. Pick the method of each group above.",
    );
    assert.match(withoutMethodWarning(['pesticides'], true)!, /^Pesticides were stored without a method: .* Import the file again picking the method/);
  });
});
