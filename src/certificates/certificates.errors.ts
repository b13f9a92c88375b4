import { assertUnreachable, DomainError } from '../common/domain-error';

export enum CertificatesErrorCode {
  NOT_RELEASABLE = 'NOT_RELEASABLE',
  RELEASE_FORBIDDEN = 'RELEASE_FORBIDDEN',
  COA_NOT_FOUND = 'COA_NOT_FOUND',
}

export class CertificatesError extends DomainError<CertificatesErrorCode> {
  get status(): number {
    switch (this.code) {
      case CertificatesErrorCode.RELEASE_FORBIDDEN:
        return 403;
      case CertificatesErrorCode.COA_NOT_FOUND:
        return 404;
      case CertificatesErrorCode.NOT_RELEASABLE:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}
