import type { FieldError } from '../common/domain-error';

/**
 * What a state system's failure means to LabTrace; callers decide on this and nothing else.
 * - `transient`: an outage, a rate limit, a timeout or a lost connection; the same request may succeed later.
 * - `refused`: the state will not take the request as sent (validation, credentials, license); sending it
 *   again cannot help.
 * - `duplicate`: the state already holds what was asked (a sample already accepted, a report id already used).
 * - `not_found`: the state knows no such sample or result.
 * - `conflict`: the thing asked about is in a state that forbids the request (a void result, a sample
 *   not yet accepted, a sample rejected when we accept it).
 */
export type TraceabilityErrorKind = 'transient' | 'refused' | 'duplicate' | 'not_found' | 'conflict';

export interface TraceabilityErrorFacts {
  /** The state system's name as people know it ("BioTrack"), for messages. */
  system: string;
  /** The request left this process and the state may have applied it, though no answer came back. */
  outcomeUnknown?: boolean;
  /** How long the state asked us to wait before asking again. */
  retryAfterMs?: number | null;
  /** The state's own code for its answer, shown to people and logs; callers decide on `kind`, never on this. */
  stateCode?: string | null;
  /** The state's field-by-field complaints, if it gave any. */
  details?: FieldError[];
}

/** A failed call to the state system, in LabTrace's terms; `message` is the state's own message. */
export class TraceabilityError extends Error {
  readonly system: string;
  readonly outcomeUnknown: boolean;
  readonly retryAfterMs: number | null;
  readonly stateCode: string | null;
  readonly details: FieldError[];

  constructor(
    readonly kind: TraceabilityErrorKind,
    message: string,
    facts: TraceabilityErrorFacts,
  ) {
    super(message);
    this.name = 'TraceabilityError';
    this.system = facts.system;
    this.outcomeUnknown = facts.outcomeUnknown ?? false;
    this.retryAfterMs = facts.retryAfterMs ?? null;
    this.stateCode = facts.stateCode ?? null;
    this.details = facts.details ?? [];
  }

  /** The state's code, message and field details, as a manager reading a dead submission should see them. */
  describe(): string {
    const fields = this.details.length === 0 ? '' : ` (${this.details.map((d) => `${d.field}: ${d.message}`).join('; ')})`;
    return `${this.stateCode ? `${this.stateCode}: ` : ''}${this.message}${fields}`;
  }
}
