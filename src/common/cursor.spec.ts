import { decodeCursor, encodeCursor } from './cursor';

describe('keyset cursor', () => {
  it('round-trips a position', () => {
    const p = { at: '2026-11-25T10:00:00.123456Z', id: '3f0e7a2c-6a53-4c1b-9a54-0c8b8b7d2f10' };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
  });
  it.each(['', 'garbage', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["not a date","x"]').toString('base64url')])('rejects %p', (c) =>
    expect(decodeCursor(c)).toBeUndefined(),
  );
});
