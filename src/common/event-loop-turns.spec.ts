import { EventLoopTurns } from './event-loop-turns';

describe('EventLoopTurns', () => {
  it('lets waiting callbacks run between slices of long work each time the budget is spent', async () => {
    let clock = 0;
    const turns = new EventLoopTurns(5, () => clock);
    const ranAfterSlice: number[] = [];
    let slice = 0;
    const waitForTurn = (): void => {
      setImmediate(() => {
        ranAfterSlice.push(slice);
        if (slice < 8) waitForTurn();
      });
    };
    waitForTurn();
    // Eight slices of synchronous work of 3 ms each, as judging one sample after another is.
    for (slice = 1; slice <= 8; slice++) {
      clock += 3;
      await turns.turnTaken();
    }
    // A turn once 5 ms have passed since the last: after slices 2, 4, 6 and 8, never in between.
    expect(ranAfterSlice).toEqual([2, 4, 6, 8]);
  });

  it('stays in the microtask queue while the budget lasts', async () => {
    const turns = new EventLoopTurns(5, () => 0);
    let ran = false;
    setImmediate(() => (ran = true));
    for (let i = 0; i < 1000; i++) await turns.turnTaken();
    expect(ran).toBe(false);
  });
});
