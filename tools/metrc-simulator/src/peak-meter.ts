/** Highest number of events seen in any sliding one-second window, per key. */
export class PeakMeter {
  private readonly windows = new Map<string, number[]>();
  private readonly peaks = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  hit(key: string): void {
    const at = this.now();
    const window = this.windows.get(key) ?? [];
    window.push(at);
    while (window.length && window[0] <= at - 1000) window.shift();
    this.windows.set(key, window);
    this.peaks.set(key, Math.max(this.peaks.get(key) ?? 0, window.length));
  }

  /** Records a level (for example calls in flight) as a peak without a window. */
  level(key: string, value: number): void {
    this.peaks.set(key, Math.max(this.peaks.get(key) ?? 0, value));
  }

  peak(key: string): number {
    return this.peaks.get(key) ?? 0;
  }

  /** The peaks of every key starting with `prefix`, keyed by the rest of the key. */
  peaksWithPrefix(prefix: string): Record<string, number> {
    return Object.fromEntries([...this.peaks].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  }

  reset(): void {
    this.windows.clear();
    this.peaks.clear();
  }
}
