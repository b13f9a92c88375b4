import { UploadSlot, UploadSlotRefusal, UploadSlots } from './upload-slots';

const taken = (s: UploadSlot | UploadSlotRefusal): UploadSlot => {
  if (!s.taken) throw new Error(`expected a slot, got a ${s.scope} refusal`);
  return s;
};

describe('UploadSlots', () => {
  it('gives each user up to their share, then refuses them (user) while others still get slots', () => {
    const slots = new UploadSlots({ perProcess: 5, perUser: 2 });
    taken(slots.take('user:a'));
    taken(slots.take('user:a'));
    expect(slots.take('user:a')).toEqual({ taken: false, scope: 'user', limit: 2 });
    taken(slots.take('user:b'));
    expect(slots.load).toEqual({ total: 3, users: 2 });
    expect([slots.heldBy('user:a'), slots.heldBy('user:b'), slots.heldBy('user:c')]).toEqual([2, 1, 0]);
  });

  it('refuses anyone (process) once the process holds its cap, and a user at their share still hears about theirs', () => {
    const slots = new UploadSlots({ perProcess: 3, perUser: 2 });
    taken(slots.take('user:a'));
    taken(slots.take('user:a'));
    taken(slots.take('user:b'));
    expect(slots.take('user:c')).toEqual({ taken: false, scope: 'process', limit: 3 });
    expect(slots.take('user:b')).toEqual({ taken: false, scope: 'process', limit: 3 });
    expect(slots.take('user:a')).toEqual({ taken: false, scope: 'user', limit: 2 });
    // Refusals take nothing.
    expect(slots.load).toEqual({ total: 3, users: 2 });
  });

  it('frees a slot on release, once however often it is called, and forgets users with nothing in flight', () => {
    const slots = new UploadSlots({ perProcess: 2, perUser: 2 });
    const first = taken(slots.take('user:a'));
    const second = taken(slots.take('user:a'));
    expect(slots.take('user:b')).toMatchObject({ taken: false, scope: 'process' });
    first.release();
    first.release();
    first.release();
    expect(slots.load).toEqual({ total: 1, users: 1 });
    const third = taken(slots.take('user:b'));
    // A double release of the first slot must not have made room for a third upload.
    expect(slots.take('user:c')).toMatchObject({ taken: false, scope: 'process' });
    second.release();
    third.release();
    expect(slots.load).toEqual({ total: 0, users: 0 });
    expect(slots.heldBy('user:a')).toBe(0);
  });

  it('comes back to empty after any interleaving of takes and releases', () => {
    const slots = new UploadSlots({ perProcess: 4, perUser: 2 });
    const held: UploadSlot[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let step = 0; step < 2000; step++) {
      if (held.length && next() % 3 === 0) {
        held.splice(next() % held.length, 1)[0].release();
      } else {
        const slot = slots.take(`user:${next() % 3}`);
        if (slot.taken) held.push(slot);
      }
      expect(slots.load.total).toBe(held.length);
      expect(slots.load.total).toBeLessThanOrEqual(4);
    }
    for (const slot of held) slot.release();
    expect(slots.load).toEqual({ total: 0, users: 0 });
  });
});
