import { PdfParseTextExtractor } from '../../instruments/coa-pdf/pdf-text';
import { renderCoaPdf } from '../coa/coa-pdf';
import type { CoaView } from '../coa/coa-view';
import { coaViewFixture } from '../coa/coa-view.fixture';
import { AMENDMENT_MEANINGS, applySignature, ConfirmedSigner, RELEASE_MEANINGS, SIGNATURE_METHOD, signatureStatement } from './signature-meanings';

const signer: ConfirmedSigner = {
  signerId: 'b7a1c0de-0000-4000-8000-000000000001',
  signerName: 'Morgan Lee',
  meaning: 'Reviewed and released',
  method: SIGNATURE_METHOD,
};

function view(signature?: CoaView['signature']): CoaView {
  return coaViewFixture({ releasedAt: '2026-11-30T14:05:00.000Z', releasedBy: 'Morgan Lee <morgan@example.test>', ...(signature ? { signature } : {}) });
}

describe('electronic signature meanings', () => {
  it('has one fixed meaning per act, different for a release and an amendment approval', () => {
    expect(RELEASE_MEANINGS).toEqual(['Reviewed and released']);
    expect(AMENDMENT_MEANINGS).toEqual(['Reviewed and approved the amendment']);
  });

  it('applies a confirmed signer at the act’s time', () => {
    expect(applySignature(signer, new Date('2026-11-30T14:05:00.000Z'))).toEqual({ ...signer, signedAt: '2026-11-30T14:05:00.000Z' });
  });

  it('states the signature as printed: name, time, meaning', () => {
    expect(signatureStatement(signer, '2026-11-30 09:05 EST')).toBe('Electronically signed by Morgan Lee on 2026-11-30 09:05 EST — Reviewed and released');
  });

  it('prints the signature in the COA’s release section, in the lab’s time', async () => {
    const pdf = await renderCoaPdf(
      view({ signer: 'Morgan Lee', signedAt: '2026-11-30T14:05:00.000Z', meaning: 'Reviewed and released', method: SIGNATURE_METHOD }),
    );
    const text = (await new PdfParseTextExtractor().extract(pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Electronic signature Electronically signed by Morgan Lee on 2026-11-30 09:05 EST — Reviewed and released');
    const unsigned = (await new PdfParseTextExtractor().extract(await renderCoaPdf(view()))).text;
    expect(unsigned).not.toContain('Electronically signed');
  });
});
