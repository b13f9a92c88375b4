import { PdfParseTextExtractor } from '../../instruments/coa-pdf/pdf-text';
import { renderCoaPdf } from './coa-pdf';
import type { CoaAnalyteLine, CoaGroup, CoaView } from './coa-view';

const row = (analyte: string): CoaAnalyteLine => ({ analyte, result: 'ND', unit: 'µg/g', loq: '0.05', limit: '≤ 0.20 µg/g', status: 'pass' });

function view(groups: CoaGroup[]): CoaView {
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
    groups,
    limitSet: { name: 'limits-v1', effectiveFrom: '2025-01-01', source: 'test' },
    version: 1,
    releasedAt: '2026-11-30T14:00:00.000Z',
    releasedBy: 'Manager',
    verifyUrl: 'https://lab.example.test/v1/coa/verify/abc',
  };
}

const group = (name: string, title: string, rows: number, notTested?: CoaGroup['notTested']): CoaGroup => ({
  group: name,
  title,
  status: 'pass',
  method: 'Method (SOP-1)',
  analysedAt: '2026-11-28',
  lines: Array.from({ length: rows }, (_, i) => row(`${title} row ${i + 1}`)),
  ...(notTested ? { notTested } : {}),
});

async function pages(v: CoaView): Promise<string[]> {
  const { text } = await new PdfParseTextExtractor().extract(await renderCoaPdf(v));
  return text.split(/-- \d+ of \d+ --/);
}

describe('COA page breaks', () => {
  it('never leaves the last row of a table alone on a page, wherever the break falls', async () => {
    // A filler table pushes the six-row table down a row at a time across the first page's foot (at 45
    // rows of filler the sixth row alone would go over).
    for (let filler = 41; filler <= 49; filler += 1) {
      const texts = await pages(view([group('metals', 'Filler', filler), group('mycotoxins', 'Tail', 6)]));
      const counts = texts.map((p) => (p.match(/Tail row \d/g) ?? []).length).filter((n) => n > 0);
      expect([filler, counts.reduce((a, b) => a + b, 0)]).toEqual([filler, 6]);
      if (counts.length > 1) expect([filler, counts[counts.length - 1] >= 2, counts[0] >= 2]).toEqual([filler, true, true]);
    }
  }, 60_000);

  it('names the group again when its not-tested list starts on a new page', async () => {
    const notTested = Array.from({ length: 8 }, (_, i) => ({ analyte: `Pesticide ${i + 1}`, reason: `Reason ${i + 1}: instrument down` }));
    for (let filler = 38; filler <= 50; filler += 2) {
      const texts = await pages(view([group('pesticides', 'Pesticides', filler, notTested)]));
      for (const page of texts.slice(1)) {
        const first = page.trim().split('\n')[0];
        if (/Reason \d/.test(page) && !/Pesticides row/.test(page)) expect([filler, first]).toEqual([filler, 'Pesticides (continued)']);
      }
    }
  }, 60_000);
});
