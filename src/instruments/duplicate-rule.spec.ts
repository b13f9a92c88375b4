import type { StoredRowOrigin } from '../results/row-origins';
import { replacedByOtherChoices, sameChoices } from './duplicate-rule';

const row = (sourceType: string, sourceId: string | null, analyte = 'lead'): StoredRowOrigin => ({
  sampleId: 's1',
  analyte,
  analyteGroup: 'metals',
  sourceType,
  sourceId,
  analysedAt: null,
});

describe('sameChoices', () => {
  it('compares keys and values in any order; none and empty are the same', () => {
    expect(sameChoices({ methods: 'A,B', format: 'generic-long-csv' }, { format: 'generic-long-csv', methods: 'A,B' })).toBe(true);
    expect(sameChoices({ methods: 'A' }, { methods: 'B' })).toBe(false);
    expect(sameChoices({ methods: 'A' }, { methods: 'A', cqCutoff: '38' })).toBe(false);
    expect(sameChoices({ methods: 'A', cqCutoff: '38' }, { methods: 'A' })).toBe(false);
    expect(sameChoices(undefined, {})).toBe(true);
    expect(sameChoices(undefined, { methods: 'A' })).toBe(false);
  });
});

describe('replacedByOtherChoices', () => {
  const others = new Set(['run-2']);
  it('is true when a row now comes from a run of the same bytes with other choices', () => {
    expect(replacedByOtherChoices([row('instrument_import', 'run-1'), row('instrument_import', 'run-2', 'arsenic')], 'instrument_import', others)).toBe(true);
  });
  it('is false when every row is the run’s own, or was changed by hand, an amendment or another file', () => {
    expect(
      replacedByOtherChoices(
        [
          row('instrument_import', 'run-1'),
          row('manual', null, 'arsenic'),
          row('amendment', 'a-1', 'cadmium'),
          row('instrument_import', 'other-file', 'mercury'),
        ],
        'instrument_import',
        others,
      ),
    ).toBe(false);
  });
  it('counts only rows of its own kind of import (a COA run id is not an instrument run)', () => {
    expect(replacedByOtherChoices([row('coa_import', 'run-2')], 'instrument_import', others)).toBe(false);
  });
});
