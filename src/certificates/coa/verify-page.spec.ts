import type { CoaVerification } from './coa.service';
import { renderVerifyPage } from './verify-page';

const facts = (overrides: Partial<CoaVerification> = {}): CoaVerification => ({
  labCode: 'LT-2612-000042',
  version: 1,
  current: true,
  supersededBy: null,
  sha256: 'a'.repeat(64),
  overall: 'pass',
  releasedAt: '2026-12-02T14:05:09.123Z',
  productType: 'flower',
  sampleName: 'Blue Dream 3.5 g',
  sampledInventoryIds: ['1234567890123456'],
  client: 'Alpha Farms (OCM-CULT-24-000123)',
  amendmentReason: null,
  lab: 'LabTrace Analytical',
  ...overrides,
});

describe('the public verify page', () => {
  it('prints the release time in the lab zone, as the PDF does, not raw UTC', () => {
    const html = renderVerifyPage(facts());
    expect(html).toContain('<th>Released</th><td>2026-12-02 09:05 EST</td>');
    expect(html).not.toContain('2026-12-02T14:05');
  });

  it('prints summer releases in EDT and a superseding version in the lab zone too', () => {
    const html = renderVerifyPage(
      facts({ releasedAt: '2026-07-01T16:30:00.000Z', current: false, supersededBy: { version: 2, releasedAt: '2026-07-02T12:00:00.000Z' } }),
    );
    expect(html).toContain('<th>Released</th><td>2026-07-01 12:30 EDT</td>');
    expect(html).toContain('version 2 replaced this certificate on 2026-07-02 08:00 EDT');
  });

  it('prints in the configured lab zone (LAB_TIMEZONE) when one is given', () => {
    const html = renderVerifyPage(facts({ current: false, supersededBy: { version: 2, releasedAt: '2026-12-03T00:30:00.000Z' } }), 'Europe/Berlin');
    expect(html).toContain('<th>Released</th><td>2026-12-02 15:05 GMT+1</td>');
    expect(html).toContain('version 2 replaced this certificate on 2026-12-03 01:30 GMT+1');
  });
});
