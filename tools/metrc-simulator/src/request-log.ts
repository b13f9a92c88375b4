export type RequestOutcome = 'pending' | 'answered' | 'dropped' | 'hung' | 'stored_then_dropped' | 'client_closed';

export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  licenseNumber: string | null;
  /** The Basic username sent, whether or not it is a known key. */
  vendorKey: string | null;
  /** null when no answer was sent (dropped, hung or abandoned). */
  status: number | null;
  outcome: RequestOutcome;
  fault: string | null;
}

/** The last `capacity` Metrc API calls, oldest first, so tests can count calls and retries. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 1000) {}

  start(entry: Omit<LoggedRequest, 'seq' | 'status' | 'outcome' | 'fault'>): LoggedRequest {
    const logged: LoggedRequest = { seq: ++this.seq, ...entry, status: null, outcome: 'pending', fault: null };
    this.entries.push(logged);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return logged;
  }

  list(): LoggedRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
