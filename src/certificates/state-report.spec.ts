import type { SampleResultsDto } from '../results/dto/results-response.dto';
import { buildStateReport, testedAtOf } from './state-report';

type Groups = Pick<SampleResultsDto, 'groups'>;
const RELEASED = new Date('2026-12-06T02:10:00.000Z');

type Dated = string | null | { analysedAt: string | null; sourceType: string };

/** A view whose groups carry only what testedAtOf reads; a bare date is a row of this lab's (hand entry). */
function view(dates: Record<string, Dated[]>): Groups {
  const row = (at: Dated) => (at !== null && typeof at === 'object' ? at : { analysedAt: at, sourceType: 'manual' });
  return { groups: Object.entries(dates).map(([group, rows]) => ({ group, analytes: rows.map(row) })) } as unknown as Groups;
}
const otherLab = (analysedAt: string | null) => ({ analysedAt, sourceType: 'coa_import' });

describe('testedAtOf', () => {
  it('is the latest analysis instant of the version, not the release instant', () => {
    const results = view({
      // Day-only dates, stored as the start of the lab's day (New York, EST).
      cannabinoids: ['2026-12-01T05:00:00.000Z', '2026-12-01T05:00:00.000Z'],
      // An instrument run with a time, the latest: 21:30 on 2 December in New York.
      metals: ['2026-12-03T02:30:00.000Z'],
      moisture: ['2026-11-30T05:00:00.000Z', null],
    });
    expect(testedAtOf(results, RELEASED)).toBe('2026-12-03T02:30:00.000Z');
  });

  it('compares instants, not text: an offset or a missing fraction does not decide', () => {
    expect(testedAtOf(view({ metals: ['2026-12-03T02:30:00Z', '2026-12-02T23:00:00-05:00'] }), RELEASED)).toBe('2026-12-03T04:00:00.000Z');
  });

  it('takes this lab’s own rows only: another lab’s later date (a COA import) does not stand for when this lab tested', () => {
    const results = view({
      cannabinoids: [{ analysedAt: '2026-12-02T05:00:00.000Z', sourceType: 'instrument_import' }, '2026-12-01T05:00:00.000Z'],
      metals: [otherLab('2026-12-04T05:00:00.000Z')],
      moisture: [{ analysedAt: '2026-12-01T15:00:00.000Z', sourceType: 'amendment' }],
    });
    expect(testedAtOf(results, RELEASED)).toBe('2026-12-02T05:00:00.000Z');
    // An undated own row does not hand the date to the other lab while another own row is dated.
    expect(testedAtOf(view({ metals: [otherLab('2026-12-04T05:00:00.000Z'), null, '2026-11-30T05:00:00.000Z'] }), RELEASED)).toBe('2026-11-30T05:00:00.000Z');
  });

  it('falls back to another lab’s latest date when none of this lab’s rows is dated, and then to the release instant', () => {
    const imported = view({ microbials: [otherLab('2026-11-20T05:00:00.000Z'), otherLab('2026-11-21T05:00:00.000Z')], moisture: [null] });
    expect(testedAtOf(imported, RELEASED)).toBe('2026-11-21T05:00:00.000Z');
    expect(testedAtOf(view({ microbials: [otherLab(null)], moisture: [null] }), RELEASED)).toBe(RELEASED.toISOString());
  });

  it('falls back to the release instant only when no row records an analysis date (hand entry may leave it out)', () => {
    expect(testedAtOf(view({ cannabinoids: [null, null], metals: [] }), RELEASED)).toBe(RELEASED.toISOString());
    expect(testedAtOf(view({}), RELEASED)).toBe(RELEASED.toISOString());
  });
});

describe('buildStateReport', () => {
  it('dates the report by the version’s rows, so every build of it (release check, outbox) is the same', () => {
    const results = {
      ...view({ metals: ['2026-12-01T05:00:00.000Z'] }),
      status: 'pass',
    } as unknown as SampleResultsDto;
    const build = (at: Date) => buildStateReport({ labCode: 'LT-2612-000001', sampleInventoryId: '1234567890123456' }, 1, results, [], at);
    const first = build(RELEASED);
    expect(first).toMatchObject({ externalId: 'LT-2612-000001-v1', testedAt: '2026-12-01T05:00:00.000Z', overall: 'pass' });
    expect(build(new Date(RELEASED.getTime() + 60_000))).toEqual(first);
  });
});
