/**
 * Concurrent reads of one key share one read: when a cached answer expires under a busy poller, its
 * hundreds of waiting requests make one database or Redis round trip, not hundreds (and not hundreds
 * of writes to one row). A read is joined only by callers at the same cache generation as the one
 * that started it: after an invalidation is heard, a read that may predate it is not reused.
 */
export class SharedReads<V> {
  private readonly pending = new Map<string, { since: number; read: Promise<V> }>();

  run(key: string, since: number, read: () => Promise<V>): Promise<V> {
    const inFlight = this.pending.get(key);
    if (inFlight && inFlight.since === since) return inFlight.read;
    const started = read().finally(() => {
      if (this.pending.get(key)?.read === started) this.pending.delete(key);
    });
    this.pending.set(key, { since, read: started });
    return started;
  }
}
