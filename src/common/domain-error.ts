/**
 * Base of every module's error class. Each module defines `XError extends DomainError` with its own
 * code enum and an exhaustive code -> HTTP status switch; the global filter only reads `status`.
 */
export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly status: number;

  constructor(
    readonly code: Code,
    message: string,
    readonly details?: FieldError[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
