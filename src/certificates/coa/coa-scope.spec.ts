import { SOLVENT_EXTRACTED_DETAIL, solventExtractedAtReceipt } from '../../samples/solvent-extracted';
import { residualSolventsNotRequired, solventBasisOf } from './coa-scope';

const announced = (origin: string) => ({ kind: 'announced', actor: 'Catskill Confections LLC', details: { manifestId: 'M-1', origin } });
const received = (actor: string, details: Record<string, unknown>) => ({ kind: 'received', actor, details: { labCode: 'LT-2612-000001', ...details } });

describe('residualSolventsNotRequired', () => {
  it("names the product type and the client's announcement as the basis", () => {
    expect(residualSolventsNotRequired('edible', { kind: 'client_announcement' })).toBe(
      "Residual solvents not tested: not required for a non-solvent-extracted edible (per the client's announcement).",
    );
  });

  it('names the technician who confirmed it at receipt', () => {
    expect(residualSolventsNotRequired('tincture', { kind: 'confirmed_at_receipt', by: 'Ana Ruiz <ana@lab.example>', announcedExtracted: false })).toBe(
      'Residual solvents not tested: not required for a non-solvent-extracted tincture (as confirmed at receipt by Ana Ruiz <ana@lab.example>).',
    );
  });

  it('says so when the technician overrode an announcement of solvent extraction', () => {
    expect(residualSolventsNotRequired('edible', { kind: 'confirmed_at_receipt', by: 'Ana Ruiz', announcedExtracted: true })).toContain(
      'as determined at receipt by Ana Ruiz; the client announced it as solvent-extracted',
    );
  });

  it('says nobody stated it when the sample came from the state manifest unconfirmed', () => {
    expect(residualSolventsNotRequired('edible', { kind: 'not_stated' })).toContain('(the client did not state it and it was not confirmed at receipt)');
  });
});

describe('solventBasisOf', () => {
  it('takes the latest receipt that confirmed the value, by its actor', () => {
    const custody = [
      announced('licensee_api'),
      received('Ana Ruiz <ana@lab.example>', { [SOLVENT_EXTRACTED_DETAIL]: solventExtractedAtReceipt(true, false, 'licensee_api') }),
    ];
    expect(solventBasisOf(custody)).toEqual({ kind: 'confirmed_at_receipt', by: 'Ana Ruiz <ana@lab.example>', announcedExtracted: true });
  });

  it("falls back to the announcement's origin when the receipt did not confirm it", () => {
    const unconfirmed = (origin: 'licensee_api' | 'state_sync') => ({ [SOLVENT_EXTRACTED_DETAIL]: solventExtractedAtReceipt(false, undefined, origin) });
    expect(solventBasisOf([announced('licensee_api'), received('Ana', unconfirmed('licensee_api'))])).toEqual({ kind: 'client_announcement' });
    expect(solventBasisOf([announced('state_sync'), received('Ana', unconfirmed('state_sync'))])).toEqual({ kind: 'not_stated' });
  });

  it('reads the first announcement for receipts made before the record was kept', () => {
    expect(solventBasisOf([announced('licensee_api'), received('Ana', {})])).toEqual({ kind: 'client_announcement' });
    expect(solventBasisOf([announced('state_sync'), received('Ana', {})])).toEqual({ kind: 'not_stated' });
  });
});
