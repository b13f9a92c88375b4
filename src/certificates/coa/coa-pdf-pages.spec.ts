import { PdfParseTextExtractor } from '../../instruments/coa-pdf/pdf-text';
import { renderCoaPdf } from './coa-pdf';
import type { CoaAnalyteLine, CoaGroup, CoaView } from './coa-view';
import { coaViewFixture } from './coa-view.fixture';

const row = (analyte: string): CoaAnalyteLine => ({ analyte, result: 'ND', unit: 'µg/g', loq: '0.05', limit: '≤ 0.20 µg/g', status: 'pass' });

function view(groups: CoaGroup[]): CoaView {
  return coaViewFixture({ groups });
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
