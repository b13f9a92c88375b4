import { api, call } from '../../api/client';
import type { ReleaseAnswer } from '../../api/types';

/** The fixed meanings the API accepts for each signed act (src/certificates/signatures/signature-meanings.ts). */
export const RELEASE_MEANINGS = ['Reviewed and released'] as const;
export const AMENDMENT_MEANINGS = ['Reviewed and approved the amendment'] as const;

export interface SignatureBody {
  password: string;
  meaning: string;
}

/** The signature a release or an amendment approval applied, as the answer carries it. */
export interface AppliedSignature {
  signerId: string;
  signerName: string;
  meaning: string;
  method: string;
  signedAt: string;
}

export type SignedRelease = ReleaseAnswer & { signature?: AppliedSignature };

// The request bodies are typed here until web/src/api/schema.d.ts is regenerated with them (issue 22);
// `as never` lets the same call compile before and after.
export const signedReleaseApi = {
  release: (id: string, signature: SignatureBody) =>
    call<SignedRelease>(api.POST('/v1/samples/{id}/release', { params: { path: { id } }, body: { signature } } as never)),
  releaseAmendment: (id: string, amendmentId: string, signature: SignatureBody) =>
    call<SignedRelease>(api.POST('/v1/samples/{id}/amendments/{amendmentId}/release', { params: { path: { id, amendmentId } }, body: { signature } } as never)),
};
