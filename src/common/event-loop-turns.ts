/**
 * Long synchronous work cut into turns of the event loop. A 400-sample batch is judged in one
 * process that also answers licensees' polls and the console: left whole, judging it held every other
 * request for 100–180 ms. `turnTaken` gives the loop a turn (setImmediate: pending I/O and timers run
 * first) once `budgetMs` of work has passed since the last one, and costs nothing before that.
 */
export class EventLoopTurns {
  private since: number;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.since = now();
  }

  /** Resolves at once while the budget lasts; otherwise after the event loop has had a turn. */
  async turnTaken(): Promise<void> {
    if (this.now() - this.since < this.budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = this.now();
  }
}
