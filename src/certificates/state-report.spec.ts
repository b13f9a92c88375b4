import type { SampleResultsDto } from '../results/dto/results-response.dto';
import { buildStateReport, testedAtOf } from './state-report';

type Groups = Pick<SampleResultsDto, 'groups'>;
const RELEASED = new Date('2026-12-06T02:10:00.000Z');

/** A view whose groups carry only what testedAtOf reads. */
function view(dates: Record<string, Array<string | null>>): Groups {
  return {
    groups: Object.entries(dates).map(([group, analysedAt]) => ({ group, analytes: analysedAt.map((at) => ({ analysedAt: at })) })),
  } as unknown as Groups;
}

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
