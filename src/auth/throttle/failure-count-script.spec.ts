import { countArgs, readCountReply, takeBackArgs } from './failure-count-script';
import { ThrottleKey } from './throttle.store';

const account: ThrottleKey = { scope: 'login-account', id: 'a1' };
const address: ThrottleKey = { scope: 'login-address', id: '10.0.0.7' };

describe('the failure-count script’s arguments and answers', () => {
  it('passes each scope’s lock and wait table, computed by the policy', () => {
    const args = countArgs({
      refuseWhileBlocked: true,
      token: 'tok',
      windowSeconds: 3600,
      timing: { delayBaseMs: 1000, lockSeconds: 900 },
      limits: [
        { freeFailures: 3, lockFailures: 5 },
        { freeFailures: 2, lockFailures: 2 },
      ],
    });
    expect(args).toEqual(['1', 'tok', '3600000', '900000', '0,0,0,1000', '900000', '0']);
    expect(
      countArgs({
        refuseWhileBlocked: false,
        token: 't',
        windowSeconds: 60,
        timing: { delayBaseMs: 0, lockSeconds: 1 },
        limits: [{ freeFailures: 0, lockFailures: 1 }],
      }),
    ).toEqual(['0', 't', '60000', '1000', '']);
  });

  it('reads a refusal as the block of the scope that refused', () => {
    expect(readCountReply([0, 2, 'lock', 899_000], [account, address])).toEqual({ kind: 'refused', block: { key: address, kind: 'lock', ms: 899_000 } });
    expect(readCountReply([0, 1, 'delay', 1200], [account, address])).toEqual({ kind: 'refused', block: { key: account, kind: 'delay', ms: 1200 } });
  });

  it('reads a count per scope, in the order given', () => {
    const reply = [1, [10, 'lock', 900_000, 1, 1_700_000_000_000], [4, 'delay', 1000, 0, 0]];
    expect(readCountReply(reply, [account, address])).toEqual({
      kind: 'counted',
      counted: [
        { key: account, failures: 10, outcome: { kind: 'lock', ms: 900_000 }, newlyLocked: true, previousExpiry: 1_700_000_000_000 },
        { key: address, failures: 4, outcome: { kind: 'delay', ms: 1000 }, newlyLocked: false, previousExpiry: 0 },
      ],
    });
    expect(readCountReply([1, [1, 'none', 0, 0, 0]], [account])).toMatchObject({ counted: [{ failures: 1, outcome: { kind: 'none' } }] });
  });

  it('refuses answers it does not understand (the store turns them into 503, never a guess)', () => {
    expect(() => readCountReply(null, [account])).toThrow(/unexpected answer/);
    expect(() => readCountReply([0, 3, 'lock', 1], [account, address])).toThrow(/unexpected refusal/);
    expect(() => readCountReply([1, [1, 'none', 0, 0, 0]], [account, address])).toThrow(/1 of 2 scopes/);
    expect(() => readCountReply([1, [1, 'maybe', 0, 0, 0]], [account])).toThrow(/unexpected outcome/);
  });

  it('takes back per scope: whether to forget the whole count, the count made, the earlier expiry, whether it locked', () => {
    const counted = [
      { key: account, failures: 10, outcome: { kind: 'lock' as const, ms: 900_000 }, newlyLocked: true, previousExpiry: 5 },
      { key: address, failures: 4, outcome: { kind: 'none' as const }, newlyLocked: false, previousExpiry: 6 },
    ];
    expect(takeBackArgs('tok', counted, ['login-account'])).toEqual(['tok', '1', '10', '5', '1', '0', '4', '6', '0']);
    expect(takeBackArgs('tok', counted, [])).toEqual(['tok', '0', '10', '5', '1', '0', '4', '6', '0']);
  });
});
