import { Injectable, Optional } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Reauthentication } from '../../auth/reauthentication.service';
import { Actor } from '../../common/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { CertificatesError, CertificatesErrorCode } from '../certificates.errors';
import { ElectronicSignatureEntity } from './electronic-signature.entity';
import { AMENDMENT_MEANINGS, ConfirmedSigner, ElectronicSignature, RELEASE_MEANINGS, SIGNATURE_METHOD, SignatureMeaning } from './signature-meanings';

type UserActor = Extract<Actor, { type: 'user' }>;

export type SignedAct = 'release' | 'amendment';

/** What the signer sent: their password again, and the meaning they chose. */
export interface SignatureRequest {
  password: string;
  meaning: string;
}

const MEANINGS: Record<SignedAct, readonly SignatureMeaning[]> = { release: RELEASE_MEANINGS, amendment: AMENDMENT_MEANINGS };
const ACT_NAMES: Record<SignedAct, string> = { release: 'release', amendment: 'amendment approval' };

/**
 * Electronic signatures at release and amendment approval. `confirm` checks the password (throttled
 * like a sign-in) before the act's transaction, so the row lock is never held across argon2; `record`
 * links the applied signature to the COA document inside that transaction.
 *
 * Reauthentication comes from AuthModule, which only the API imports: the worker loads this module
 * (through the state adapter's delivery hooks) but never signs, so there it is absent and `confirm` refuses.
 */
@Injectable()
export class ElectronicSignaturesService {
  constructor(
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    @Optional() private readonly reauthentication?: Reauthentication,
  ) {}

  async confirm(actor: UserActor, request: SignatureRequest, act: SignedAct, about: { sampleId: string; address: string }): Promise<ConfirmedSigner> {
    const meanings = MEANINGS[act];
    const meaning = meanings.find((m) => m === request.meaning);
    if (!meaning) {
      throw new CertificatesError(CertificatesErrorCode.SIGNATURE_MEANING_INVALID, `A ${ACT_NAMES[act]} is signed as: ${meanings.join('; ')}`, [
        { field: 'signature.meaning', message: `signature.meaning must be one of: ${meanings.join('; ')}` },
      ]);
    }
    if (!this.reauthentication) throw new Error('electronic signatures need AuthModule (the API process), not the worker');
    const signer = await this.reauthentication.confirm(actor, request.password, about.address);
    if (!signer) {
      // Part 11 wants attempts at misuse noticed: the refusal is kept in the audit trail (never the password).
      await this.uow.run(() =>
        this.audit.record({ actor, action: 'signature.refused', entityType: 'sample', entityId: about.sampleId, after: { act, meaning } }),
      );
      throw new CertificatesError(
        CertificatesErrorCode.SIGNATURE_REFUSED,
        `The password is incorrect: the ${ACT_NAMES[act]} was not signed and nothing was released. Enter the password you sign in with.`,
        [{ field: 'signature.password', message: 'The password is incorrect' }],
      );
    }
    return { signerId: signer.id, signerName: signer.displayName, meaning, method: SIGNATURE_METHOD };
  }

  /** Inside the act's transaction, once the COA document exists. */
  async record(signature: ElectronicSignature, link: { sampleId: string; coaDocumentId: string; coaVersion: number; amendmentId?: string }): Promise<void> {
    await this.uow.manager.getRepository(ElectronicSignatureEntity).insert({
      sampleId: link.sampleId,
      coaDocumentId: link.coaDocumentId,
      coaVersion: link.coaVersion,
      amendmentId: link.amendmentId ?? null,
      signerId: signature.signerId,
      signerName: signature.signerName,
      meaning: signature.meaning,
      method: signature.method,
      signedAt: new Date(signature.signedAt),
    });
  }

  /** Every signature on a sample's COA versions, oldest first. */
  forSample(sampleId: string): Promise<ElectronicSignatureEntity[]> {
    return this.uow.manager.getRepository(ElectronicSignatureEntity).find({ where: { sampleId }, order: { coaVersion: 'ASC' } });
  }
}
