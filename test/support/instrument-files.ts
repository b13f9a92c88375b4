import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Agilent MassHunter quant export of the fixtures: acquired 14 March 2026 (lab time), a failing method blank. */
const MASSHUNTER = join(__dirname, '..', 'fixtures', 'instrument-exports', 'agilent-masshunter-quant-cannabis.csv');
/** Its three samples, in the order they stand in it. */
const MASSHUNTER_CODES = ['LT-2611-000123', 'LT-2611-000124', 'LT-2611-000125'];

/**
 * The MassHunter export with its samples renamed to `labCodes` (the first to the first, and so on); a
 * sample of the file without a code is left out, its rows removed, so a test imports into exactly its own.
 */
export function massHunterFor(labCodes: readonly string[]): Buffer {
  let text = readFileSync(MASSHUNTER, 'utf8');
  MASSHUNTER_CODES.forEach((code, i) => {
    const to = labCodes[i];
    text = to ? text.split(code).join(to) : text.replace(new RegExp(`^!,!, ?${code}.*\\r?\\n`, 'gm'), '');
  });
  return Buffer.from(text, 'utf8');
}

/**
 * The upload's `methods` field for the MassHunter export: the built-in method set's method for each
 * group it carries (Myclobutanil: pesticides, Aflatoxin B1: mycotoxins). Without it the export's rows
 * have no method and their NDs no LOD, and the sample cannot be submitted.
 */
export const MASSHUNTER_METHODS = 'LT-M-PEST-01,LT-M-MYCO-01';
