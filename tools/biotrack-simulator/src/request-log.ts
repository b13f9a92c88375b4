export type RequestOutcome = 'pending' | 'answered' | 'dropped' | 'hung' | 'stored_then_dropped' | 'client_closed';

export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  /** null when no answer was sent (dropped, hung or abandoned). */
  status: number | null;
  outcome: RequestOutcome;
  fault: string | null;
}

/** The last `capacity` NY-API requests, oldest first, so tests can count calls and retries. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 500) {}

  start(at: string, method: string, path: string, query: string): LoggedRequest {
    const entry: LoggedRequest = { seq: ++this.seq, at, method, path, query, status: null, outcome: 'pending', fault: null };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
