import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { FIXTURES } from './env';

/** The repository's MassHunter fixture with its first sample renamed to a lab code of this run. */
export function massHunterExport(labCode: string): Buffer {
  const text = readFileSync(join(FIXTURES, 'instrument-exports/agilent-masshunter-quant-cannabis.csv'), 'utf8');
  return Buffer.from(text.replaceAll('LT-2611-000123', labCode), 'utf8');
}

/** Tab-separated lines as a spreadsheet puts them on the clipboard: analyte, value, qualifier, unit. */
export const PASTE_BLOCKS: Record<string, string> = {
  Cannabinoids: 'Δ9-THC\t0.62\t\t%\nTHCA\t21.4\t\t%\nCBD\tND\t\t%\n',
  Terpenes: 'β-Myrcene\t0.41\t\t%\nα-Pinene\t0.12\t\t%\n',
  'Heavy metals': 'Lead\t0.12\t\tµg/g\nCadmium\t<LOQ\t\tµg/g\nArsenic\tND\t\tµg/g\nMercury\tND\t\tµg/g\n',
  Microbials: 'Salmonella\tND\t\tCFU/g\nTotal yeast and mold\t1200\t\tCFU/g\n',
  Moisture: 'Moisture\t9.8\t\t%\n',
  'Foreign matter': 'stems\t1.2\t\t%\n',
};

/** Used only when the instrument import route is not on the server: the same groups by hand. */
export const IMPORT_FALLBACK_BLOCKS: Record<string, string> = {
  Pesticides: 'Myclobutanil\t0.1234\t\tµg/g\n',
  Mycotoxins: 'Aflatoxin B1\tND\t\tµg/kg\n',
};

/** Pastes like Ctrl+V from a spreadsheet: a real paste event carrying text/plain on the focused cell. */
export async function pasteInto(cell: Locator, text: string): Promise<void> {
  await cell.click();
  await cell.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Grid cells by their accessible name (the analyte and qualifier cells are comboboxes: they suggest values). */
/** The first cell of a group's blank row (an empty group shows one, its analyte to be typed). */
export function newAnalyteCell(page: Page, groupLabel: string): Locator {
  return page.getByLabel(`New analyte analyte (${groupLabel})`, { exact: true }).first();
}

/**
 * Where a group's pasted block goes: its first editable analyte cell (a row the limit set expects, or the
 * free row), after adding a row when the group shows none (a long expected list waits behind a button).
 */
export async function firstAnalyteCell(page: Page, groupLabel: string): Promise<Locator> {
  const cells = page.getByLabel(new RegExp(` analyte \\(${groupLabel}\\)$`));
  if ((await cells.count()) === 0) await page.getByRole('button', { name: `Add analyte to ${groupLabel}` }).click();
  return cells.first();
}

export function gridCell(page: Page, analyte: string, column: string, groupLabel: string): Locator {
  return page.getByLabel(`${analyte} ${column} (${groupLabel})`, { exact: true });
}

export async function waitForText(page: Page, text: string | RegExp): Promise<void> {
  await page.getByText(text).first().waitFor();
}
