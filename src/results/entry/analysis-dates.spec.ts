import { labDateInstant } from '../../common/lab-instant';
import { analysisDateFindings, ANALYSIS_CLOCK_TOLERANCE_MS, impossibleAnalysisDates, refusedDateMessage, type DatedGroup } from './analysis-dates';

const NY = 'America/New_York';
// Received 10:02 UTC (05:02 in New York) on 5 December 2026; now is 13:30 UTC the same day.
const RECEIVED = new Date('2026-12-05T10:02:00Z');
const NOW = new Date('2026-12-05T13:30:00Z');
const BOUNDS = { receivedAt: RECEIVED, now: NOW, timeZone: NY };

function group(analysedAt?: string, rows: Array<string | undefined> = []): DatedGroup {
  return { group: 'pesticides', analysedAt, analytes: rows.map((r) => ({ analysedAt: r })) };
}

const minutes = (n: number) => n * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('impossibleAnalysisDates', () => {
  it('judges a zone-less time on the lab clock, at the instant withMethods stores for it (labDateInstant)', () => {
    // Received 01:30 in New York; 02:00 typed is after it there (02:00 UTC would be 4.5 hours before).
    const bounds = { receivedAt: new Date('2026-12-05T06:30:00Z'), now: new Date('2026-12-06T12:00:00Z'), timeZone: NY };
    expect(impossibleAnalysisDates([group('2026-12-05T02:00')], bounds)).toEqual([]);
    // 01:00 there is half an hour before the receipt: refused, at the instant that would be stored.
    expect(impossibleAnalysisDates([group('2026-12-05T01:00')], bounds)).toMatchObject([
      { problem: 'before_receipt', at: labDateInstant('2026-12-05T01:00', NY) },
    ]);
  });

  it('accepts dates between receipt and now, and undated groups and rows', () => {
    expect(impossibleAnalysisDates([group('2026-12-05T11:00:00Z', ['2026-12-05T12:00:00Z', undefined]), group()], BOUNDS)).toEqual([]);
  });

  it('names a group date before receipt and a row date after now by their field paths', () => {
    const found = impossibleAnalysisDates([group(), group('2026-03-14T08:54:00Z', [undefined, undefined, '2026-12-06T09:00:00Z'])], BOUNDS);
    expect(found.map((d) => [d.field, d.problem, d.bound.toISOString()])).toEqual([
      ['groups[1].analysedAt', 'before_receipt', '2026-12-05T10:02:00.000Z'],
      ['groups[1].analytes[2].analysedAt', 'after_now', '2026-12-05T13:30:00.000Z'],
    ]);
    expect(found.map(refusedDateMessage)).toEqual([
      'analysedAt 2026-03-14T08:54:00Z is before the sample was received (2026-12-05T10:02:00.000Z)',
      'analysedAt 2026-12-06T09:00:00Z is in the future (it is now 2026-12-05T13:30:00.000Z)',
    ]);
  });

  it('allows the clock tolerance on either side, and not a millisecond more', () => {
    const justBefore = iso(RECEIVED.getTime() - ANALYSIS_CLOCK_TOLERANCE_MS);
    const tooEarly = iso(RECEIVED.getTime() - ANALYSIS_CLOCK_TOLERANCE_MS - 1);
    const justAfter = iso(NOW.getTime() + ANALYSIS_CLOCK_TOLERANCE_MS);
    const tooLate = iso(NOW.getTime() + ANALYSIS_CLOCK_TOLERANCE_MS + 1);
    expect(ANALYSIS_CLOCK_TOLERANCE_MS).toBe(minutes(15));
    expect(impossibleAnalysisDates([group(undefined, [justBefore, tooEarly, justAfter, tooLate])], BOUNDS).map((d) => [d.analysedAt, d.problem])).toEqual([
      [tooEarly, 'before_receipt'],
      [tooLate, 'after_now'],
    ]);
  });

  it('reads a date alone as that whole day in the lab’s zone: not before a receipt later that day', () => {
    // 5 December in New York runs 05:00 UTC on the 5th to 05:00 UTC on the 6th.
    expect(impossibleAnalysisDates([group('2026-12-05')], BOUNDS)).toEqual([]);
    const dayBefore = impossibleAnalysisDates([group('2026-12-04')], { ...BOUNDS, receivedAt: new Date('2026-12-05T05:30:00Z') });
    expect(dayBefore.map((d) => [d.field, d.problem, d.dayOnly])).toEqual([['groups[0].analysedAt', 'before_receipt', true]]);
  });

  it('lets the lab’s zone decide where a day ends', () => {
    // Received at 04:30 UTC on the 5th: still the 4th in New York, already the 5th in UTC.
    const early = { ...BOUNDS, receivedAt: new Date('2026-12-05T04:30:00Z') };
    expect(impossibleAnalysisDates([group('2026-12-04')], early)).toEqual([]);
    expect(impossibleAnalysisDates([group('2026-12-04')], { ...early, timeZone: 'UTC' }).map((d) => d.problem)).toEqual(['before_receipt']);
  });

  it('calls a date alone the future only once the day has not begun in the lab’s zone', () => {
    // At 13:30 UTC on the 5th it is 08:30 in New York: the 6th has not begun there.
    expect(impossibleAnalysisDates([group('2026-12-06')], BOUNDS).map((d) => [d.problem, d.at.toISOString()])).toEqual([
      ['after_now', '2026-12-06T05:00:00.000Z'],
    ]);
    // In Tokyo (UTC+9) it is already 22:30 on the 5th, so the 5th is fine, and the 6th begins within 15 minutes at 15:00 UTC: not yet.
    const tokyo = { ...BOUNDS, now: new Date('2026-12-05T14:50:00Z'), timeZone: 'Asia/Tokyo' };
    expect(impossibleAnalysisDates([group('2026-12-06')], tokyo)).toEqual([]);
  });

  it('is not bounded below without a receipt', () => {
    expect(impossibleAnalysisDates([group('2020-01-01T00:00:00Z')], { ...BOUNDS, receivedAt: null })).toEqual([]);
  });
});

describe('analysisDateFindings', () => {
  it('says, once per group, the earliest date before receipt and the latest after now, in UTC', () => {
    const found = impossibleAnalysisDates(
      [
        group(undefined, ['2026-03-14T08:54:00Z', '2026-03-13T08:00:00Z']),
        { group: 'metals', analytes: [{ analysedAt: '2026-12-07T08:00:00Z' }, { analysedAt: '2026-12-08T08:00:00Z' }] },
      ],
      BOUNDS,
    );
    expect(analysisDateFindings(found, 'the file')).toEqual([
      { group: 'pesticides', message: 'pesticides analysed 2026-03-13 08:00 UTC per the file, before the sample was received 2026-12-05 10:02 UTC' },
      { group: 'metals', message: 'metals analysed 2026-12-08 08:00 UTC per the file, after now (2026-12-05 13:30 UTC)' },
    ]);
  });

  it('prints a date alone as the day the COA gives', () => {
    const found = impossibleAnalysisDates([{ group: 'cannabinoids', analysedAt: '2023-05-10', analytes: [] }], BOUNDS);
    expect(analysisDateFindings(found, 'the COA')).toEqual([
      { group: 'cannabinoids', message: 'cannabinoids analysed 2023-05-10 per the COA, before the sample was received 2026-12-05 10:02 UTC' },
    ]);
  });
});
