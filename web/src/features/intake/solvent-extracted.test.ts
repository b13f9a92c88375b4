import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asksSolventExtracted, solventExtractedBody } from './solvent-extracted';

describe('solvent extraction at receipt', () => {
  it('is asked of infused products only', () => {
    assert.deepEqual(['flower', 'pre-roll', 'concentrate', 'vape', 'edible', 'tincture', 'topical', 'other'].filter(asksSolventExtracted), [
      'edible',
      'tincture',
      'topical',
      'other',
    ]);
  });

  it('confirms the announced value without a reason', () => {
    assert.deepEqual(solventExtractedBody(false, false, ''), { solventExtracted: false });
    assert.deepEqual(solventExtractedBody(true, true, 'ignored'), { solventExtracted: true });
  });

  it('sends a change with its trimmed reason, and leaves a missing reason for the API to name', () => {
    assert.deepEqual(solventExtractedBody(false, true, '  Label says BHO distillate '), { solventExtracted: true, reason: 'Label says BHO distillate' });
    assert.deepEqual(solventExtractedBody(true, false, '  '), { solventExtracted: false });
  });

  it('sends nothing while the announced value is not known', () => {
    assert.deepEqual(solventExtractedBody(undefined, true, 'x'), {});
  });
});
