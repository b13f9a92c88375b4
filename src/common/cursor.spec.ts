import { decodeCursor, encodeCursor } from './cursor';

const ID = '3f0e7a2c-6a53-4c1b-9a54-0c8b8b7d2f10';
const pair = (at: unknown, id: unknown = ID) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

describe('keyset cursor', () => {
  it('round-trips a position', () => {
    const p = { at: '2026-11-25T10:00:00.123456Z', id: ID };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
  });

  it.each(['1999-12-31T23:59:59.999999Z', '2028-02-29T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z'])(
    'reads back the timestamp %p as the repositories write it',
    (at) => expect(decodeCursor(pair(at))).toEqual({ at, id: ID }),
  );

  it.each(['', 'garbage', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["not a date","x"]').toString('base64url')])('rejects %p', (c) =>
    expect(decodeCursor(c)).toBeUndefined(),
  );

  // Each is a date JavaScript's Date.parse takes and PostgreSQL's timestamptz refuses, or one encodeCursor never writes.
  it.each([
    ['a bare number', '1'],
    ['year +275760', '+275760-09-13T00:00:00.000000Z'],
    ['year -271821', '-271821-04-20T00:00:00.000000Z'],
    ['year 0', '0000-01-01T00:00:00.000000Z'],
    ['a year before 1900', '1066-10-14T09:00:00.000000Z'],
    ['30 February', '2026-02-30T10:00:00.000000Z'],
    ['hour 24', '2026-11-25T24:00:00.000000Z'],
    ['second 60', '2026-11-25T10:00:60.000000Z'],
    ['milliseconds only', '2026-11-25T10:00:00.123Z'],
    ['no fraction', '2026-11-25T10:00:00Z'],
    ['an offset', '2026-11-25T10:00:00.123456+01:00'],
    ['a space for T', '2026-11-25 10:00:00.123456Z'],
    ['a date alone', '2026-11-25'],
    ['a spelled-out date', 'Wed, 25 Nov 2026 10:00:00 GMT'],
  ])('rejects %s as the timestamp', (_, at) => expect(decodeCursor(pair(at))).toBeUndefined());

  it.each([
    ['an id that is no UUID', pair('2026-11-25T10:00:00.123456Z', 'x')],
    ['a number for the id', pair('2026-11-25T10:00:00.123456Z', 7)],
    ['three elements', Buffer.from(JSON.stringify(['2026-11-25T10:00:00.123456Z', ID, 1])).toString('base64url')],
    ['an object', Buffer.from(JSON.stringify({ at: '2026-11-25T10:00:00.123456Z', id: ID })).toString('base64url')],
    ['JSON with spaces', Buffer.from(JSON.stringify(['2026-11-25T10:00:00.123456Z', ID], null, 1)).toString('base64url')],
    ['padded base64', Buffer.from(JSON.stringify(['2026-11-25T10:00:00.123456Z', ID])).toString('base64')],
    ['trailing characters base64url skips', `${pair('2026-11-25T10:00:00.123456Z')}!!`],
  ])('rejects %s', (_, c) => expect(decodeCursor(c)).toBeUndefined());
});
