import { acceptsResults, canTransition, SAMPLE_STATUSES, SampleStatus } from './sample-status';

describe('sample status transitions', () => {
  const allowed: Array<[SampleStatus, SampleStatus]> = [
    ['pending', 'received'],
    ['pending', 'rejected'],
    ['received', 'in_testing'],
    ['received', 'submitted'],
    ['in_testing', 'submitted'],
    ['submitted', 'released'],
    ['submitted', 'in_testing'],
  ];
  it.each(SAMPLE_STATUSES.flatMap((from) => SAMPLE_STATUSES.map((to) => [from, to] as [SampleStatus, SampleStatus])))(
    '%s -> %s follows the table',
    (from, to) => expect(canTransition(from, to)).toBe(allowed.some(([a, b]) => a === from && b === to)),
  );
  it('takes results only between receipt and submission', () => {
    expect(SAMPLE_STATUSES.filter(acceptsResults)).toEqual(['received', 'in_testing']);
  });
});
