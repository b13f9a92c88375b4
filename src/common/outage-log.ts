/** Where an OutageLog writes (Nest's Logger fits). */
export interface OutageLogSink {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * The failures of a background loop, logged per outage rather than per attempt. A poll loop meets a
 * stopped database several times a second; one line per attempt buries everything else in the log.
 * - The first failure is logged with its cause.
 * - While failures continue, one reminder every `remindEveryMs` gives their count and the latest cause.
 *   A failure that never ends (a bug, not an outage) therefore keeps being reported.
 * - The first success afterwards is logged with how long the failures lasted and how many there were.
 */
export class OutageLog {
  private failingSince: number | null = null;
  private lastReportAt = 0;
  private failures = 0;

  constructor(
    private readonly sink: OutageLogSink,
    /** What failed, as a log line starts: "webhook claim", "sweep". */
    private readonly what: string,
    private readonly remindEveryMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  failed(error: unknown): void {
    const at = this.now();
    const cause = error instanceof Error ? error.message : String(error);
    this.failures++;
    if (this.failingSince === null) {
      this.failingSince = this.lastReportAt = at;
      this.sink.warn(`${this.what} failed: ${cause}`);
    } else if (at - this.lastReportAt >= this.remindEveryMs) {
      this.lastReportAt = at;
      this.sink.warn(`${this.what} still failing: ${attempts(this.failures, 'attempt')} in ${seconds(at - this.failingSince)}; latest: ${cause}`);
    }
  }

  succeeded(): void {
    if (this.failingSince === null) return;
    this.sink.log(`${this.what} works again after ${attempts(this.failures, 'failed attempt')} in ${seconds(this.now() - this.failingSince)}`);
    this.failingSince = null;
    this.failures = 0;
  }
}

function attempts(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
