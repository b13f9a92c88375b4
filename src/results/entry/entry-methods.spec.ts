import type { CheckedEntry, GroupEntry } from './check-entries';
import { withMethods } from './entry-methods';

const NOW = new Date('2026-12-02T15:00:00Z');

function entry(analysedAt?: string): { group: GroupEntry; checked: CheckedEntry } {
  return {
    group: { group: 'metals', analytes: [{ analyte: 'lead', value: '0.1', unit: 'µg/g', analysedAt }] },
    checked: { group: 'metals', analyte: 'lead', analyteName: 'Lead', value: '0.1', unit: 'µg/g', analysedAt },
  };
}

describe('withMethods: analysed dates', () => {
  it('dates an undated row with the default and keeps a given date', () => {
    const undated = entry();
    const dated = entry('2026-12-02T09:30:00Z');
    const out = withMethods([undated.group, dated.group], [undated.checked, dated.checked], null, NOW.toISOString());
    expect(out.errors).toEqual([]);
    expect(out.entries.map((e) => e.analysedAt)).toEqual([NOW.toISOString(), '2026-12-02T09:30:00.000Z']);
  });

  // Whether a date is possible for the sample is impossibleAnalysisDates' question (analysis-dates.spec.ts).
  it('keeps any date as given, however early (file dates are kept as the file says)', () => {
    const e = entry('2021-03-04T08:00:00Z');
    const out = withMethods([e.group], [e.checked], null, null);
    expect(out.errors).toEqual([]);
    expect(out.entries[0].analysedAt).toBe('2021-03-04T08:00:00.000Z');
  });

  it('stores a day alone as the start of that day in the lab zone it is given (UTC midnight printed the day before in New York)', () => {
    const day = entry('2026-11-01');
    const out = withMethods([day.group], [day.checked], null, null, { timeZone: 'America/New_York' });
    expect(out.entries[0].analysedAt).toBe('2026-11-01T04:00:00.000Z');
  });

  it('names fields under the body key it is given (an amendment body calls the groups `results`)', () => {
    const e = entry();
    e.group.methodId = 'NO-SUCH-METHOD';
    expect(withMethods([e.group], [e.checked], null, null).errors.map((x) => x.field)).toEqual(['groups[0].methodId']);
    expect(withMethods([e.group], [e.checked], null, null, { groupsKey: 'results' }).errors.map((x) => x.field)).toEqual(['results[0].methodId']);
  });
});
