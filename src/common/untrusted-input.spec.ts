import { findInputProblem, MAX_JSON_DEPTH, textProblem } from './untrusted-input';

describe('untrusted input', () => {
  it('names the field holding a NUL or an unpaired surrogate, by class-validator path', () => {
    expect(findInputProblem({ samples: [{ name: 'ok' }, { name: 'Blue\u0000Dream' }] })).toEqual({
      kind: 'nul',
      field: 'samples.1.name',
      message: 'samples.1.name must not contain NUL characters (\\u0000)',
    });
    expect(findInputProblem({ note: 'x\ud800y' })).toMatchObject({ kind: 'lone_surrogate', field: 'note' });
    expect(findInputProblem({ note: 'x\udc00' })).toMatchObject({ kind: 'lone_surrogate', field: 'note' });
    expect(findInputProblem({ q: 'a' }, { root: '' })).toBeNull();
    expect(findInputProblem('\u0000', { root: 'id' })).toMatchObject({ field: 'id' });
  });

  it('accepts paired surrogates (emoji), other control characters and any text without NUL', () => {
    expect(findInputProblem({ name: '🧪 Δ9-THC µg/g\t\u202e' })).toBeNull();
    expect(textProblem('😀', 'x')).toBeNull();
  });

  it('checks property names too', () => {
    expect(findInputProblem({ 'a\u0000': 1 })).toMatchObject({ kind: 'nul', field: '(property name)' });
  });

  it('stops at the depth limit without recursing (5,000 levels cost nothing)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(findInputProblem(deep)).toMatchObject({ kind: 'too_deep', message: `The request is nested deeper than the limit of ${MAX_JSON_DEPTH} levels.` });
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = { a: ok };
    expect(findInputProblem(ok)).toBeNull();
    expect(findInputProblem({ a: ok })).toMatchObject({ kind: 'too_deep' });
  });
});
