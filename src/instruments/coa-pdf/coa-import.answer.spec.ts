import { InstrumentsError } from '../instruments.errors';
import { CoaImportAnswer, importedElsewhere } from './coa-import.answer';

const earlier = { sampleId: 'a-id', labCode: 'LT-26-00041' } as CoaImportAnswer;
const run = { id: 'run-1', createdAt: new Date('2026-12-01T18:30:00Z') };

describe('importedElsewhere', () => {
  it('says where the file already is, that nothing was attached, and what to do', () => {
    const error = importedElsewhere(earlier, run, { id: 'b-id', labCode: 'LT-26-00042', sampleInventoryId: '1234567890123456' });
    expect(error).toBeInstanceOf(InstrumentsError);
    expect(error!.status).toBe(409);
    expect(error!.message).toBe(
      'This COA file was already imported into sample LT-26-00041 (import run-1, 2026-12-01); nothing was attached to LT-26-00042. ' +
        "A file is imported once: if its results are LT-26-00042's, correct LT-26-00041's results and enter LT-26-00042's by hand; " +
        'if LT-26-00041 is right, there is nothing to do.',
    );
    expect(error!.details).toEqual({ importId: 'run-1', sampleId: 'a-id', labCode: 'LT-26-00041', requestedSampleId: 'b-id', requestedLabCode: 'LT-26-00042' });
  });

  it('lets the same sample have its duplicate', () => {
    expect(importedElsewhere(earlier, run, { id: 'a-id', labCode: 'LT-26-00041', sampleInventoryId: '1234567890123456' })).toBeNull();
  });
});
