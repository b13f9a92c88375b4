import { PdfParseTextExtractor } from '../../instruments/coa-pdf/pdf-text';
import { renderCoaPdf } from './coa-pdf';
import { displayDate } from './coa-pdf-text';
import { coaViewFixture } from './coa-view.fixture';

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('renderCoaPdf: what the panel left out, and who asked for an amendment', () => {
  const extractor = new PdfParseTextExtractor();

  it('prints a scope note under the group summary', async () => {
    const note = "Residual solvents not tested: not required for a non-solvent-extracted edible (per the client's announcement).";
    const view = coaViewFixture({ sample: { ...coaViewFixture().sample, productType: 'edible' }, scopeNotes: [note] });
    const { text } = await extractor.extract(await renderCoaPdf(view));
    const printed = flat(text);
    expect(printed).toContain(note);
    expect(printed.indexOf('RESULTS BY GROUP')).toBeLessThan(printed.indexOf('Residual solvents not tested'));
  });

  it('prints no scope note when the view has none', async () => {
    const { text } = await extractor.extract(await renderCoaPdf(coaViewFixture()));
    expect(text).not.toContain('not tested: not required');
  });

  it('prints the amendment requester, with email and time, beside the reason', async () => {
    const requestedAt = '2026-12-02T15:30:00.000Z';
    const view = coaViewFixture({
      version: 2,
      amendment: { supersedesVersion: 1, reason: 'Moisture result transposed.', requestedBy: 'Rae Quinn <rae@lab.example>', requestedAt },
    });
    const printed = flat((await extractor.extract(await renderCoaPdf(view))).text);
    expect(printed).toContain('Reason for amendment: Moisture result transposed.');
    expect(printed).toContain(`Amendment requested by Rae Quinn <rae@lab.example> on ${displayDate(requestedAt)}`);
    expect(displayDate(requestedAt)).toBe('2026-12-02 10:30 EST');
  });

  it('keeps an amendment without a recorded requester to the reason alone', async () => {
    const view = coaViewFixture({ version: 2, amendment: { supersedesVersion: 1, reason: 'Typo.' } });
    const printed = flat((await extractor.extract(await renderCoaPdf(view))).text);
    expect(printed).toContain('Reason for amendment: Typo.');
    expect(printed).not.toContain('Amendment requested by');
  });
});
