import { SimError } from './errors';
import { FaultRegistry, readFaultRequest } from './faults';

const AT = '2025-08-01T00:00:00.000Z';

describe('fault requests', () => {
  it('defaults to one use on every path, and persistent without a count means until cleared', () => {
    expect(readFaultRequest({ mode: 'drop' })).toEqual({ mode: 'drop', match: null, remaining: 1 });
    expect(readFaultRequest({ mode: 'status', status: 503, match: '/v1/lab/results', count: 3 })).toEqual({
      mode: 'status',
      status: 503,
      match: '/v1/lab/results',
      remaining: 3,
    });
    expect(readFaultRequest({ mode: 'accept_duplicates', persistent: true })).toMatchObject({ remaining: null });
    expect(readFaultRequest({ mode: 'accept_duplicates', persistent: true, count: 0 })).toMatchObject({ remaining: null });
    expect(readFaultRequest({ mode: 'rate_limit' })).toMatchObject({ retryAfter: 1 });
    expect(readFaultRequest({ mode: 'hang' })).toEqual({ mode: 'hang', match: null, remaining: 1 });
    expect(readFaultRequest({ mode: 'clear', match: '/v1' })).toEqual({ mode: 'clear', match: '/v1' });
  });

  it.each([
    [{ mode: 'explode' }, 'mode'],
    [{}, 'mode'],
    [{ mode: 'status' }, 'status'],
    [{ mode: 'status', status: 404 }, 'status'],
    [{ mode: 'drop', status: 503 }, 'status'],
    [{ mode: 'hang', ms: -1 }, 'ms'],
    [{ mode: 'drop', count: 0 }, 'count'],
    [{ mode: 'drop', match: 'v1/lab' }, 'match'],
    [{ mode: 'rate_limit', retryAfter: '5' }, 'retryAfter'],
  ])('refuses %j naming %s', (body, field) => {
    try {
      readFaultRequest(body);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(SimError);
      expect((e as SimError).details!.map((d) => d.field)).toContain(field);
    }
  });
});

describe('FaultRegistry', () => {
  it('matches by path prefix, uses faults in order and removes one when its count runs out', () => {
    const faults = new FaultRegistry();
    faults.add({ mode: 'status', status: 503, match: '/v1/lab/results', remaining: 2 }, AT);
    faults.add({ mode: 'drop', match: null, remaining: 1 }, AT);
    expect(faults.take('/v1/inventory/1', ['status'])).toBeUndefined();
    expect(faults.take('/v1/lab/results/5/void', ['status', 'drop'])).toMatchObject({ mode: 'status', remaining: 1 });
    expect(faults.take('/v1/lab/results', ['status', 'drop'])).toMatchObject({ mode: 'status', remaining: 0 });
    expect(faults.take('/v1/lab/results', ['status', 'drop'])).toMatchObject({ mode: 'drop' });
    expect(faults.list()).toEqual([]);
  });

  it('keeps a fault with no count until it is cleared, and clears by match', () => {
    const faults = new FaultRegistry();
    faults.add({ mode: 'accept_duplicates', match: null, remaining: null }, AT);
    faults.add({ mode: 'drop', match: '/v1/user', remaining: 1 }, AT);
    for (let i = 0; i < 5; i++) expect(faults.take('/v1/lab/results', ['accept_duplicates'])).toBeDefined();
    expect(faults.clear('/v1/user')).toBe(1);
    expect(faults.list().map((f) => f.mode)).toEqual(['accept_duplicates']);
    expect(faults.clear()).toBe(1);
    expect(faults.take('/v1/lab/results', ['accept_duplicates'])).toBeUndefined();
  });
});
