import { assertUnreachable, DomainError } from '../domain-error';

export enum ParsingErrorCode {
  /** A line of the file is longer than the cap. */
  LINE_TOO_LONG = 'LINE_TOO_LONG',
  /** A line has more delimited columns than the cap. */
  TOO_MANY_COLUMNS = 'TOO_MANY_COLUMNS',
  /** Lines × columns over the whole file exceed the cap. */
  TOO_MANY_CELLS = 'TOO_MANY_CELLS',
  /** The file parsed into more result rows than one import may hold. */
  TOO_MANY_ROWS = 'TOO_MANY_ROWS',
  /** The parser ran past the per-file time budget and was stopped. */
  PARSE_TIME_BUDGET_EXCEEDED = 'PARSE_TIME_BUDGET_EXCEEDED',
  /** The parser needed more memory than the per-file cap and was stopped. */
  PARSE_MEMORY_EXCEEDED = 'PARSE_MEMORY_EXCEEDED',
  /** Every parsing thread is busy and the queue is full: try again shortly. */
  PARSERS_BUSY = 'PARSERS_BUSY',
  /** The parsing thread failed in a way no parser reports (a bug): a 500 with the request id. */
  PARSER_FAILED = 'PARSER_FAILED',
}

/** Refusals of the parsing pool and the text-shape caps, shared by every kind of uploaded file. */
export class ParsingError extends DomainError<ParsingErrorCode> {
  /** Read by the exception filter into a Retry-After header. */
  retryAfterSeconds?: number;

  get status(): number {
    switch (this.code) {
      case ParsingErrorCode.LINE_TOO_LONG:
      case ParsingErrorCode.TOO_MANY_COLUMNS:
      case ParsingErrorCode.TOO_MANY_CELLS:
      case ParsingErrorCode.TOO_MANY_ROWS:
        return 413;
      case ParsingErrorCode.PARSE_TIME_BUDGET_EXCEEDED:
      case ParsingErrorCode.PARSE_MEMORY_EXCEEDED:
        return 422;
      case ParsingErrorCode.PARSERS_BUSY:
        return 503;
      case ParsingErrorCode.PARSER_FAILED:
        return 500;
      default:
        return assertUnreachable(this.code);
    }
  }
}
