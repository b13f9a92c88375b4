import { assertUnreachable, DomainError } from '../common/domain-error';

export enum InstrumentsErrorCode {
  FILE_REQUIRED = 'FILE_REQUIRED',
  UNREADABLE_EXPORT = 'UNREADABLE_EXPORT',
  /** No format's detector claimed the file: details name the closest format and offer a column mapping. */
  UNRECOGNISED_EXPORT = 'UNRECOGNISED_EXPORT',
  IMPORT_NOT_FOUND = 'IMPORT_NOT_FOUND',
  MAPPING_NOT_FOUND = 'MAPPING_NOT_FOUND',
  INVALID_INSTRUMENT = 'INVALID_INSTRUMENT',
  INVALID_IMPORT_REQUEST = 'INVALID_IMPORT_REQUEST',
  UNREADABLE_FILE = 'UNREADABLE_FILE',
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  COA_LAYOUT_UNKNOWN = 'COA_LAYOUT_UNKNOWN',
  COA_UNREADABLE = 'COA_UNREADABLE',
  COA_SAMPLE_NOT_MATCHED = 'COA_SAMPLE_NOT_MATCHED',
  /** The same COA file is already attached to another sample than the one asked for. */
  COA_ALREADY_IMPORTED = 'COA_ALREADY_IMPORTED',
  /** A mapping, or an upload's `methods`, names a method the method set in force does not have. */
  UNKNOWN_METHOD = 'UNKNOWN_METHOD',
  /** An import's instrument mapping names a method no longer in the method set in force. */
  MAPPING_METHOD_NOT_IN_FORCE = 'MAPPING_METHOD_NOT_IN_FORCE',
  /** An import would change results written by hand or by an amendment and the upload gives no `reason`. */
  REASON_REQUIRED = 'REASON_REQUIRED',
}

export class InstrumentsError extends DomainError<InstrumentsErrorCode> {
  get status(): number {
    switch (this.code) {
      case InstrumentsErrorCode.FILE_REQUIRED:
      case InstrumentsErrorCode.UNREADABLE_EXPORT:
      case InstrumentsErrorCode.UNRECOGNISED_EXPORT:
      case InstrumentsErrorCode.INVALID_INSTRUMENT:
      case InstrumentsErrorCode.INVALID_IMPORT_REQUEST:
      case InstrumentsErrorCode.UNREADABLE_FILE:
      case InstrumentsErrorCode.UNKNOWN_METHOD:
      case InstrumentsErrorCode.REASON_REQUIRED:
        return 400;
      case InstrumentsErrorCode.IMPORT_NOT_FOUND:
      case InstrumentsErrorCode.MAPPING_NOT_FOUND:
        return 404;
      case InstrumentsErrorCode.FILE_TOO_LARGE:
        return 413;
      case InstrumentsErrorCode.MAPPING_METHOD_NOT_IN_FORCE:
      case InstrumentsErrorCode.COA_ALREADY_IMPORTED:
        return 409;
      case InstrumentsErrorCode.COA_LAYOUT_UNKNOWN:
      case InstrumentsErrorCode.COA_UNREADABLE:
      case InstrumentsErrorCode.COA_SAMPLE_NOT_MATCHED:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
