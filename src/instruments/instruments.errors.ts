import { assertUnreachable, DomainError } from '../common/domain-error';

export enum InstrumentsErrorCode {
  FILE_REQUIRED = 'FILE_REQUIRED',
  UNREADABLE_EXPORT = 'UNREADABLE_EXPORT',
  IMPORT_NOT_FOUND = 'IMPORT_NOT_FOUND',
  MAPPING_NOT_FOUND = 'MAPPING_NOT_FOUND',
  INVALID_INSTRUMENT = 'INVALID_INSTRUMENT',
}

export class InstrumentsError extends DomainError<InstrumentsErrorCode> {
  get status(): number {
    switch (this.code) {
      case InstrumentsErrorCode.FILE_REQUIRED:
      case InstrumentsErrorCode.UNREADABLE_EXPORT:
      case InstrumentsErrorCode.INVALID_INSTRUMENT:
        return 400;
      case InstrumentsErrorCode.IMPORT_NOT_FOUND:
      case InstrumentsErrorCode.MAPPING_NOT_FOUND:
        return 404;
      default:
        return assertUnreachable(this.code);
    }
  }
}
