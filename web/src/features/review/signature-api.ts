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

/** The API's answer when the results changed after the manager loaded them: nothing was released. */
export const RESULTS_CHANGED = 'RESULTS_CHANGED';

export const signedReleaseApi = {
  /** `resultsDigest`: the digest of the results the manager had on screen; the API refuses (409) if they changed since. */
  release: (id: string, signature: SignatureBody, resultsDigest: string) =>
    call<SignedRelease>(api.POST('/v1/samples/{id}/release', { params: { path: { id } }, body: { signature: signature as ReleaseSignature, resultsDigest } })),
  releaseAmendment: (id: string, amendmentId: string, signature: SignatureBody) =>
    call<SignedRelease>(
      api.POST('/v1/samples/{id}/amendments/{amendmentId}/release', {
        params: { path: { id, amendmentId } },
        body: { signature: signature as AmendmentSignature },
      }),
    ),
};
