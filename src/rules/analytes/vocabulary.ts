import { memoByString } from '../../common/string-memo';
import type { AnalyteGroup } from '../product-types';
import { analyteAliasKey, analyteNameKeys } from './analyte-name';
import type { Analyte } from './analyte.types';
import { CANNABINOIDS } from './cannabinoids';
import { MICROBIALS, MYCOTOXINS } from './contaminants';
import { METALS } from './metals';
import { PESTICIDES } from './pesticides';
import { PHYSICAL } from './physical';
import { RESIDUAL_SOLVENTS } from './residual-solvents';
import { TERPENES } from './terpenes';

export const ANALYTES: readonly Analyte[] = [
  ...CANNABINOIDS,
  ...TERPENES,
  ...METALS,
  ...PESTICIDES,
  ...MYCOTOXINS,
  ...MICROBIALS,
  ...RESIDUAL_SOLVENTS,
  ...PHYSICAL,
];

/**
 * Names that could mean more than one analyte (or a whole group). They resolve to nothing rather
 * than to a guess, and no analyte may claim them as an alias.
 */
export const AMBIGUOUS_ANALYTE_NAMES: readonly string[] = [
  'Total',
  'Aspergillus',
  'Aspergillus spp.',
  'E. coli',
  'Escherichia coli',
  'Aflatoxin',
  'Total cannabinoids',
  'Total terpenes',
  'Terpenes',
  'Cannabinoids',
  'Pesticides',
  'Metals',
  'Heavy metals',
  'Mycotoxins',
  'Residual solvents',
  'Foreign matter',
  'Foreign material',
];

const BY_ID = new Map<string, Analyte>(ANALYTES.map((analyte) => [analyte.id, analyte]));
const AMBIGUOUS_KEYS = new Set(AMBIGUOUS_ANALYTE_NAMES.map(analyteAliasKey));
const BY_KEY = buildAliasIndex();

/** Every id, name and alias under its normalised key; a key claimed twice is a data bug, caught at load. */
function buildAliasIndex(): Map<string, Analyte> {
  if (BY_ID.size !== ANALYTES.length) throw new Error('Analyte vocabulary: duplicate analyte id');
  const index = new Map<string, Analyte>();
  for (const analyte of ANALYTES) {
    for (const alias of [analyte.id, analyte.name, ...analyte.aliases]) {
      const key = analyteAliasKey(alias);
      const holder = index.get(key);
      if (AMBIGUOUS_KEYS.has(key)) throw new Error(`Analyte vocabulary: "${alias}" (${analyte.id}) is listed as ambiguous`);
      if (holder && holder !== analyte) throw new Error(`Analyte vocabulary: "${alias}" names both ${holder.id} and ${analyte.id}`);
      index.set(key, analyte);
    }
  }
  return index;
}

/** The analyte with exactly this canonical id. */
export function getAnalyte(id: string): Analyte | undefined {
  return BY_ID.get(id);
}

/**
 * The canonical analyte a lab's name means, or undefined when the name is unknown or ambiguous.
 * Case, spacing, Greek letters (Δ9 = delta-9 = d9), hyphens, dots and bracketed notes don't matter.
 */
export function resolveAnalyte(name: string): Analyte | undefined {
  return resolveRemembered(name);
}

/** resolveAnalyte without the memo (the spec checks the two answer alike). */
export function resolveAnalyteUncached(name: string): Analyte | undefined {
  for (const key of analyteNameKeys(name)) {
    if (AMBIGUOUS_KEYS.has(key)) return undefined;
    const analyte = BY_KEY.get(key);
    if (analyte) return analyte;
  }
  return undefined;
}

// A 20,000-row import names a few dozen analytes; normalising each row's name was 10-25% of judging it.
const resolveRemembered = memoByString(resolveAnalyteUncached);

/** Totals LabTrace derives itself; a caller must refuse them as entered or imported results. */
export function isComputedAnalyte(idOrName: string): boolean {
  return (getAnalyte(idOrName) ?? resolveAnalyte(idOrName))?.computed === true;
}

export function analytesInGroup(group: AnalyteGroup): Analyte[] {
  return ANALYTES.filter((analyte) => analyte.group === group);
}
