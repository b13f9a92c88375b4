import type { CoaView } from './coa-view';

/** A released flower COA's view for specs that render or read one; each spec overrides what it is about. */
export function coaViewFixture(overrides: Partial<CoaView> = {}): CoaView {
  return {
    lab: {
      name: 'Test Lab',
      address: '1 Lab Way, Albany NY',
      phone: '(518) 555-0100',
      email: 'lab@example.test',
      ocmPermitId: 'OCM-LAB-1',
      isoAccreditationId: 'ISO-1',
    },
    client: { name: 'Grower LLC', licenseNumber: 'OCM-CULT-1' },
    sample: {
      labCode: 'LT-1',
      description: 'Flower',
      productType: 'flower',
      sampleInventoryId: '1234567890123456',
      sampledInventoryIds: ['1234567890123457'],
      receivedAt: '2026-11-27T14:00:00.000Z',
    },
    overall: 'pass',
    groups: [],
    limitSet: { name: 'limits-v1', effectiveFrom: '2025-01-01', source: 'test' },
    version: 1,
    releasedAt: '2026-11-30T14:00:00.000Z',
    releasedBy: 'Manager',
    verifyUrl: 'https://lab.example.test/v1/coa/verify/abc',
    ...overrides,
  };
}
