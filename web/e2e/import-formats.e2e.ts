/**
 * The import screen against the real app (issue 18): which formats are proven on real files and which
 * come from documentation; a refused file gets the closest format, why, and an offer to map its
 * columns, which a manager saves for an instrument and the file is previewed again through it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeFindings, launch, newContext, screenshot, signIn } from './support/browser';
import { FIXTURES } from './support/env';
import { ApiSession, waitForApp } from './support/http';

const run = Date.now().toString(36);
const INSTRUMENT = `Bench ${run}`;

interface FormatView {
  format: string;
  label: string;
  evidence: 'real-files' | 'documentation';
  realFiles: number;
}

const s = {} as { browser: Browser; manager: ApiSession; formats: FormatView[]; labCode: string | null };

async function page(): Promise<Page> {
  const context = await newContext(s.browser);
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
  return p;
}

/** Headers no format knows and no guess fills (but Units): the person maps them by hand. */
function benchCsv(labCode: string): Buffer {
  return Buffer.from(`Vial,Target,Reading,Units\n${labCode},THCA,21.4,%\n${labCode},CBD,0.8,%\n`, 'utf8');
}

/** The real MassHunter long compound table with its two concentration columns cut from every line (as the API's e2e does). */
function massHunterWithoutConcentration(): Buffer {
  const text = readFileSync(join(FIXTURES, 'real/agilent-masshunter-quant/senaite-core-masshunter-long-terpenes-gcfid.csv'), 'utf8');
  const lines = text.split(/\r?\n/).map((line) => {
    const cells = line.split(',');
    return cells.length > 6 ? [...cells.slice(0, 4), ...cells.slice(6)].join(',') : line;
  });
  return Buffer.from(lines.join('\n'));
}

async function choose(p: Page, header: string, role: string): Promise<void> {
  await p.getByRole('combobox', { name: `Column ${header} holds`, exact: true }).click();
  await p.getByRole('option', { name: role, exact: true }).click();
}

before(async () => {
  await waitForApp();
  s.browser = await launch();
  s.manager = await ApiSession.signIn('manager@demo.lab');
  s.formats = await s.manager.request<FormatView[]>('GET', '/v1/instrument-imports/formats');
  const open = await s.manager.request<{ items: Array<{ labCode: string | null }> }>('GET', '/v1/samples?status=received&status=in_testing&limit=20');
  s.labCode = open.items.find((i) => i.labCode)?.labCode ?? null;
});

after(async () => {
  await s.browser?.close();
});

describe('import formats and refusals', () => {
  test('each format shows its evidence: proven on N real files, or from documentation; the generic CSV its columns', async () => {
    assert.ok(s.formats.some((f) => f.evidence === 'real-files') && s.formats.some((f) => f.evidence === 'documentation'), 'both kinds listed');
    const p = await page();
    await signIn(p, 'manager@demo.lab');
    await p.goto('/imports');
    const table = p.getByRole('table', { name: 'Instrument formats' });
    await table.waitFor();
    for (const f of s.formats) {
      const row = table.locator(`tr[data-format="${f.format}"]`);
      await row.getByText(f.label, { exact: true }).waitFor();
      const badge = f.evidence === 'real-files' ? `proven on ${f.realFiles} real file${f.realFiles === 1 ? '' : 's'}` : 'from documentation';
      await row.getByText(badge, { exact: true }).waitFor();
    }
    const generic = table.locator('tr[data-format="generic-long-csv"]').getByLabel('Generic CSV columns');
    assert.deepEqual(
      (await generic.innerText()).split(/\s+/).filter(Boolean),
      ['sample', 'analyte', 'value', 'unit', 'lod', 'loq'],
      'the generic CSV names its columns on screen',
    );
    // Below the list, each column says what goes in it, and the template downloads as the API gives it.
    const guide = p.getByTestId('generic-csv-guide');
    await guide.getByRole('cell', { name: 'lod', exact: true }).waitFor();
    const [download] = await Promise.all([p.waitForEvent('download'), guide.getByRole('button', { name: 'Download the template' }).click()]);
    assert.equal(download.suggestedFilename(), 'labtrace-generic-long-csv-template.csv');
    const templateBytes = readFileSync((await download.path())!);
    const genericView = s.formats.find((f) => f.format === 'generic-long-csv') as { template?: string } | undefined;
    assert.equal(templateBytes.toString('utf8').replace(/^\uFEFF/, ''), genericView?.template, 'the downloaded template is the API’s');
    const proven = s.formats.filter((f) => f.evidence === 'real-files').length;
    await p.getByText(`${proven} of ${s.formats.length} are proven on exports real instruments wrote`).waitFor();

    // The picker carries the same badges.
    await p.getByRole('combobox', { name: 'Format' }).click();
    const sciex = s.formats.find((f) => f.evidence === 'documentation')!;
    // Each option reads: label, what the format is (one sentence), evidence badge.
    await p.getByRole('option', { name: new RegExp(`^${sciex.label.replace(/[()/.]/g, '\\$&')}[\\s\\S]*from documentation$`) }).waitFor();
    await screenshot(p, 'import-format-picker', { fullPage: false });
    await p.keyboard.press('Escape');
    await screenshot(p, 'import-formats-badges');
    await p.context().close();
  });

  test('a CSV with unknown headers: closest format and why, map its columns, save for an instrument, the dry run reads the rows', async () => {
    const labCode = s.labCode ?? 'LT-0000-000000';
    const p = await page();
    await signIn(p, 'manager@demo.lab');
    await p.goto('/imports');
    await p.getByTestId('file-input').setInputFiles({ name: `bench-${run}.csv`, mimeType: 'text/csv', buffer: benchCsv(labCode) });

    const refusal = p.getByTestId('import-refusal');
    await refusal.getByText('No format LabTrace reads matched this file: nothing was stored').waitFor();
    const closest = refusal.getByTestId('closest-format');
    await closest.getByText(/^No vendor layout came close; closest format: Generic long CSV/).waitFor();
    await closest.getByText('It lacks a “sample” column.').waitFor();
    await closest.getByText('Line 1 has the columns Vial, Target, Reading, Units instead.').waitFor();

    const panel = p.getByTestId('column-mapping');
    await panel.getByRole('heading', { name: 'Map these columns' }).waitFor();
    const mapping = panel.getByRole('table', { name: 'Column mapping' });
    for (const header of ['Vial', 'Target', 'Reading', 'Units']) await mapping.getByRole('cell', { name: header, exact: true }).waitFor();
    await mapping.getByRole('cell', { name: labCode, exact: true }).waitFor();
    // Required columns are enforced: nothing to save until sample, analyte and value are chosen.
    await panel.getByTestId('mapping-problems').getByText('Choose a column for sample (lab code), analyte, value').waitFor();
    const save = panel.getByRole('button', { name: 'Save mapping and preview' });
    assert.equal(await save.isDisabled(), true, 'save waits for the required columns');
    await screenshot(p, 'import-refusal-mapping');
    const findings = await axeFindings(p, 'import-refusal-mapping');
    assert.deepEqual(findings, [], 'no serious or critical axe findings on the refusal and mapping panel');

    await choose(p, 'Vial', 'sample (lab code) *');
    await choose(p, 'Target', 'analyte *');
    await choose(p, 'Reading', 'value *');
    assert.equal(await panel.getByTestId('mapping-problems').count(), 0, 'no problem left');
    await panel.getByLabel('Save for instrument').fill(INSTRUMENT);
    await save.click();

    const preview = p.getByTestId('import-preview');
    await preview.waitFor();
    await p.getByText(`Read through the column mapping saved for instrument “${INSTRUMENT}”.`).waitFor();
    await preview.getByText('Dry run: nothing stored').waitFor();
    await preview.getByText('generic-long-csv', { exact: true }).waitFor();
    const text = await preview.innerText();
    assert.match(text, /Rows read\s+2\b/, 'the dry run read both rows');
    if (s.labCode) {
      assert.match(text, /Would store\s+2\b/);
      await preview.getByRole('link', { name: `${labCode} (2 rows)` }).waitFor();
    }
    assert.equal(await p.getByTestId('import-refusal').count(), 0, 'the refusal is gone once the file is read');
    // The bench CSV states no method: its group is offered the methods in force, and until one is picked the
    // preview says the sample could not be submitted with these results.
    await p.getByTestId('import-methods').getByLabel('Method (Cannabinoids)').waitFor();
    if (s.labCode)
      await p
        .getByTestId('no-method-warning')
        .getByText(/^Cannabinoids would be stored without a method/)
        .waitFor();

    const saved = await s.manager.request<Array<{ instrument: string; mapping: Record<string, string> }>>('GET', '/v1/instrument-imports/mappings/instruments');
    const mine = saved.find((m) => m.instrument === INSTRUMENT);
    assert.ok(mine, 'the mapping was saved');
    assert.deepEqual(
      { sample: mine.mapping.sample, analyte: mine.mapping.analyte, value: mine.mapping.value, unit: mine.mapping.unit },
      { sample: 'Vial', analyte: 'Target', value: 'Reading', unit: 'Units' },
    );
    assert.equal(await p.getByRole('combobox', { name: 'Instrument mapping' }).inputValue(), INSTRUMENT, 'the saved instrument is chosen');
    await screenshot(p, 'import-mapped-preview');
    await p.context().close();
  });

  test('a vendor export missing a column names that format, what it has and what it lacks; a technician previews a one-off mapping', async () => {
    const p = await page();
    await signIn(p, 'tech@demo.lab');
    await p.goto('/imports');
    await p.getByTestId('file-input').setInputFiles({ name: 'terpenes.csv', mimeType: 'text/csv', buffer: massHunterWithoutConcentration() });
    const closest = p.getByTestId('import-refusal').getByTestId('closest-format');
    await closest.getByText('Closest format: Agilent MassHunter Quantitative Analysis CSV (long compound table)').waitFor();
    await closest.getByText('67% of its markers').waitFor();
    await closest.getByText(/^It lacks a “FinalConcentration” or “CalculatedConcentration” column in the SampleID header\.$/).waitFor();
    await closest.getByText(/^Line 15 has the columns SampleID, CompoundID, SampleName, Compound, Dilution, /).waitFor();
    // Batch metadata on its first line, not a header: nothing to map.
    assert.equal(await p.getByTestId('column-mapping').count(), 0, 'no mapping offer without a header on line 1');
    await screenshot(p, 'import-refusal-vendor', { fullPage: false });

    // A technician may not save a mapping, but can read the file once through one.
    const labCode = s.labCode ?? 'LT-0000-000000';
    await p.getByTestId('file-input').setInputFiles({ name: `once-${run}.csv`, mimeType: 'text/csv', buffer: benchCsv(labCode) });
    const panel = p.getByTestId('column-mapping');
    await panel.getByText('Only a manager can save a mapping for an instrument; a one-off preview is not kept.').waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Save mapping and preview' }).count(), 0, 'no save for a technician');
    await choose(p, 'Vial', 'sample (lab code) *');
    await choose(p, 'Target', 'analyte *');
    await choose(p, 'Reading', 'value *');
    await panel.getByRole('button', { name: 'Preview once with this mapping' }).click();
    const preview = p.getByTestId('import-preview');
    await preview.waitFor();
    await p.getByText('Read through a one-off column mapping (not saved).').waitFor();
    assert.match(await preview.innerText(), /Rows read\s+2\b/, 'the one-off mapping read both rows');
    await p.context().close();
  });

  test('the template as downloaded names a sample no lab has: each row says so, and Store is disabled with the reason', async () => {
    const template = (s.formats.find((f) => f.format === 'generic-long-csv') as { template?: string } | undefined)?.template;
    assert.ok(template, 'the API gives the generic CSV template');
    const p = await page();
    await signIn(p, 'tech@demo.lab');
    await p.goto('/imports');
    await p.getByTestId('file-input').setInputFiles({ name: `template-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(template, 'utf8') });
    const preview = p.getByTestId('import-preview');
    await preview.waitFor();
    const notMatched = p.getByRole('table', { name: 'Rows not matched' });
    assert.equal(await notMatched.getByText('no sample with lab code LT-YYMM-000001', { exact: true }).count(), 5, 'every sample row names the missing sample');
    assert.equal(await notMatched.getByText(/unknown analyte/).count(), 0, 'no row blames its analyte');
    const store = p.getByRole('button', { name: 'Store results' });
    assert.equal(await store.isDisabled(), true, 'nothing to store');
    await p
      .getByTestId('store-blocker')
      .getByText(/^Nothing would be stored: no row matches a sample that takes results; 5 rows were not matched/)
      .waitFor();
    await screenshot(p, 'import-template-nothing-to-store');
    assert.deepEqual(await axeFindings(p, 'import-template-nothing-to-store'), []);
    await p.context().close();
  });

  test('a binary file is refused plainly as not a text export', async () => {
    const p = await page();
    await signIn(p, 'manager@demo.lab');
    await p.goto('/imports');
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.alloc(200, 9)]);
    await p
      .getByTestId('file-input')
      .setInputFiles({ name: 'results.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
    const refusal = p.getByTestId('import-refusal');
    await refusal.getByText('Not a text export: nothing was stored').waitFor();
    await refusal.getByText(/the file is a ZIP container/).waitFor();
    assert.equal(await p.getByTestId('column-mapping').count(), 0, 'no mapping offer for a binary file');
    await screenshot(p, 'import-not-text', { fullPage: false });
    await p.context().close();
  });
});
