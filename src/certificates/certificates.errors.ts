import { assertUnreachable, DomainError } from '../common/domain-error';

export enum CertificatesErrorCode {
  NOT_RELEASABLE = 'NOT_RELEASABLE',
  RELEASE_FORBIDDEN = 'RELEASE_FORBIDDEN',
  /** The results changed after the releasing manager loaded them: the digest sent is not the stored results' (nothing released). */
  RESULTS_CHANGED = 'RESULTS_CHANGED',
  /**
   * The state system in force could not take this version's report (a unit its test type does not
   * convert from, an analyte it has no type for): nothing released; `details` names each analyte and why.
   */
  NOT_REPORTABLE = 'NOT_REPORTABLE',
  /**
   * A result row the certificate would print without the facts behind it: no method, or an ND/<LOQ with
   * neither an LOD nor an LOQ. Nothing submitted or released; `details.unsupportedRows` names each row.
   */
  CLAIMS_UNSUPPORTED = 'CLAIMS_UNSUPPORTED',
  COA_NOT_FOUND = 'COA_NOT_FOUND',
  /** Amendments: a second pending one, or one of a version that is no longer the latest. */
  AMENDMENT_PENDING = 'AMENDMENT_PENDING',
  AMENDMENT_NOT_LATEST = 'AMENDMENT_NOT_LATEST',
  /** The requested results are exactly the amended version's. */
  AMENDMENT_NO_CHANGE = 'AMENDMENT_NO_CHANGE',
  /** Already released, withdrawn or rejected. */
  AMENDMENT_DECIDED = 'AMENDMENT_DECIDED',
  AMENDMENT_NOT_FOUND = 'AMENDMENT_NOT_FOUND',
  /** Its author, or someone who entered any of its results, tried to release (or reject) it. */
  AMENDMENT_FOUR_EYES = 'AMENDMENT_FOUR_EYES',
  /** Someone other than its author tried to withdraw it (a reviewer rejects instead). */
  AMENDMENT_NOT_AUTHOR = 'AMENDMENT_NOT_AUTHOR',
  /** The electronic signature's password is not the signer's: nothing was signed (counted as a failed sign-in). */
  SIGNATURE_REFUSED = 'SIGNATURE_REFUSED',
  /** A meaning that does not belong to this act (the release's meaning on an amendment, say). */
  SIGNATURE_MEANING_INVALID = 'SIGNATURE_MEANING_INVALID',
}

export class CertificatesError extends DomainError<CertificatesErrorCode> {
  get status(): number {
    switch (this.code) {
      case CertificatesErrorCode.RELEASE_FORBIDDEN:
      case CertificatesErrorCode.AMENDMENT_FOUR_EYES:
      case CertificatesErrorCode.AMENDMENT_NOT_AUTHOR:
      case CertificatesErrorCode.SIGNATURE_REFUSED:
        return 403;
      case CertificatesErrorCode.SIGNATURE_MEANING_INVALID:
        return 400;
      case CertificatesErrorCode.COA_NOT_FOUND:
      case CertificatesErrorCode.AMENDMENT_NOT_FOUND:
        return 404;
      case CertificatesErrorCode.NOT_RELEASABLE:
      case CertificatesErrorCode.CLAIMS_UNSUPPORTED:
      case CertificatesErrorCode.RESULTS_CHANGED:
      case CertificatesErrorCode.AMENDMENT_PENDING:
      case CertificatesErrorCode.AMENDMENT_NOT_LATEST:
      case CertificatesErrorCode.AMENDMENT_NO_CHANGE:
      case CertificatesErrorCode.AMENDMENT_DECIDED:
        return 409;
      case CertificatesErrorCode.NOT_REPORTABLE:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
