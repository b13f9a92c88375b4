import type { CheckedEntry, GroupEntry } from './check-entries';
import { withMethods } from './entry-methods';

const NOW = new Date('2026-12-02T15:00:00Z');
const RECEIVED = new Date('2026-12-01T14:00:00Z');

function entry(analysedAt?: string): { group: GroupEntry; checked: CheckedEntry } {
  return {
    group: { group: 'metals', analytes: [{ analyte: 'lead', value: '0.1', unit: 'µg/g', analysedAt }] },
    checked: { group: 'metals', analyte: 'lead', analyteName: 'Lead', value: '0.1', unit: 'µg/g', analysedAt },
  };
}

describe('withMethods: analysed dates', () => {
  it('dates an undated row with the default and keeps a date between receipt and now', () => {
    const undated = entry();
    const dated = entry('2026-12-02T09:30:00Z');
    const out = withMethods([undated.group, dated.group], [undated.checked, dated.checked], null, NOW.toISOString(), RECEIVED, NOW);
    expect(out.errors).toEqual([]);
    expect(out.entries.map((e) => e.analysedAt)).toEqual([NOW.toISOString(), '2026-12-02T09:30:00.000Z']);
  });

  it('refuses a group date before the sample was received, naming the field and the receipt', () => {
    const e = entry();
    const group = { ...e.group, analysedAt: '2026-11-30T10:00:00Z' };
    const out = withMethods([group], [e.checked], null, null, RECEIVED, NOW);
    expect(out.errors).toEqual([
      { field: 'groups[0].analysedAt', message: 'analysedAt 2026-11-30T10:00:00Z is before the sample was received (2026-12-01T14:00:00.000Z)' },
    ]);
  });

  it('refuses a row date in the future (beyond a few minutes of clock skew)', () => {
    const e = entry('2026-12-03T00:00:00Z');
    const out = withMethods([e.group], [e.checked], null, null, RECEIVED, NOW);
    expect(out.errors).toEqual([{ field: 'groups[0].analytes[0].analysedAt', message: 'analysedAt 2026-12-03T00:00:00Z is in the future' }]);
  });

  it('does not bound by receipt when no receipt is given (file dates are kept as the file says)', () => {
    const e = entry('2021-03-04T08:00:00Z');
    expect(withMethods([e.group], [e.checked], null, null, null, NOW).errors).toEqual([]);
  });
});
