import { validateRuleSet } from './rule-set-validation';
import type { RuleSetSchema } from './rule-set.types';

/** A minimal kind for the frame alone: a row is a code and a positive count; codes are unique. */
interface CountRow {
  code: string;
  count: number;
}
const COUNTS: RuleSetSchema<CountRow, CountRow> = {
  kind: 'limits',
  noun: 'count set',
  maxRows: 3,
  csvColumns: { code: 'code', count: 'count' },
  csvHeader: 'code, count',
  readRow: (raw, report) => {
    const count = Number(raw.count);
    if (typeof raw.code !== 'string') report('code', 'code is required');
    if (!(count > 0)) report('count', 'count must be positive');
    return typeof raw.code === 'string' ? { code: raw.code, count } : undefined;
  },
  keysOf: (row) => [{ key: row.code, field: 'code', clash: (first) => `${row.code} is already counted by row ${first}` }],
  toStoredRows: (set) => set.rows,
};

const header = { name: 'ocm-2026.rev_b', effectiveDate: '2026-02-28', source: 'OCM table' };

describe('validateRuleSet (the frame every kind shares)', () => {
  it('returns the header and the rows the kind read', () => {
    expect(
      validateRuleSet(
        {
          ...header,
          rows: [
            { code: 'a', count: '2' },
            { code: 'b', count: 3 },
          ],
        },
        COUNTS,
      ),
    ).toEqual({
      ok: true,
      set: {
        name: 'ocm-2026.rev_b',
        effectiveDate: '2026-02-28',
        source: 'OCM table',
        rows: [
          { code: 'a', count: 2 },
          { code: 'b', count: 3 },
        ],
      },
    });
  });

  it('trims the header fields', () => {
    const parsed = validateRuleSet({ name: ' lab-1 ', effectiveDate: ' 2026-01-01', source: ' s ', rows: [{ code: 'a', count: 1 }] }, COUNTS);
    expect(parsed.ok && parsed.set).toMatchObject({ name: 'lab-1', effectiveDate: '2026-01-01', source: 's' });
  });

  it.each([
    [{ ...header, name: 'has space' }, 'name'],
    [{ ...header, name: '-leading-dash' }, 'name'],
    [{ ...header, effectiveDate: '2026-02-29' }, 'effectiveDate'],
    [{ ...header, effectiveDate: '28/02/2026' }, 'effectiveDate'],
    [{ ...header, source: '   ' }, 'source'],
  ])('refuses a bad header %j on %s', (input, field) => {
    const parsed = validateRuleSet({ ...input, rows: [{ code: 'a', count: 1 }] }, COUNTS);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual([field]);
  });

  it('names the kind when the input is not an object, and refuses empty or oversized row lists', () => {
    expect(validateRuleSet([1, 2], COUNTS)).toEqual({
      ok: false,
      errors: [{ field: '(file)', message: 'a count set must be an object with name, effectiveDate, source and rows' }],
    });
    expect(validateRuleSet({ ...header, rows: [] }, COUNTS)).toEqual({ ok: false, errors: [{ field: 'rows', message: 'rows must be a non-empty list' }] });
    const tooMany = Array.from({ length: 4 }, (_, i) => ({ code: `c${i}`, count: 1 }));
    expect(validateRuleSet({ ...header, rows: tooMany }, COUNTS)).toEqual({ ok: false, errors: [{ field: 'rows', message: 'at most 3 rows' }] });
  });

  it('reports every bad row with its 1-based number and CSV line, and drops nothing silently', () => {
    const parsed = validateRuleSet({ ...header, rows: [{ code: 'a', count: 1 }, 'not an object', { count: 0 }] }, COUNTS, [5, 6, 9]);
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { field: 'rows[1].(row)', message: 'each row must be an object', row: 2, line: 6 },
        { field: 'rows[2].code', message: 'code is required', row: 3, line: 9 },
        { field: 'rows[2].count', message: 'count must be positive', row: 3, line: 9 },
      ],
    });
  });

  it('refuses the second row claiming a key the first claimed', () => {
    const parsed = validateRuleSet(
      {
        ...header,
        rows: [
          { code: 'a', count: 1 },
          { code: 'b', count: 1 },
          { code: 'a', count: 2 },
        ],
      },
      COUNTS,
    );
    expect(parsed).toEqual({ ok: false, errors: [{ field: 'rows[2].code', message: 'a is already counted by row 1', row: 3 }] });
  });
});
