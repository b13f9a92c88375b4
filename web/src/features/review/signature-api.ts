import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import type { ReleaseAnswer } from '../../api/types';

/** The fixed meanings the API accepts for each signed act (src/certificates/signatures/signature-meanings.ts). */
export const RELEASE_MEANINGS = ['Reviewed and released'] as const;
export const AMENDMENT_MEANINGS = ['Reviewed and approved the amendment'] as const;

/** What the signature dialog collects; the meaning is one of the act's fixed list (checked by the API). */
export interface SignatureBody {
  password: string;
  meaning: string;
}
type ReleaseSignature = components['schemas']['ReleaseSampleDto']['signature'];
type AmendmentSignature = components['schemas']['ReleaseAmendmentDto']['signature'];
/** The signature a release or an amendment approval applied, as the answer carries it. */
export type AppliedSignature = components['schemas']['AppliedSignatureDto'];
export type SignedRelease = ReleaseAnswer;

export const signedReleaseApi = {
  release: (id: string, signature: SignatureBody) =>
    call<SignedRelease>(api.POST('/v1/samples/{id}/release', { params: { path: { id } }, body: { signature: signature as ReleaseSignature } })),
  releaseAmendment: (id: string, amendmentId: string, signature: SignatureBody) =>
    call<SignedRelease>(
      api.POST('/v1/samples/{id}/amendments/{amendmentId}/release', {
        params: { path: { id, amendmentId } },
        body: { signature: signature as AmendmentSignature },
      }),
    ),
};
