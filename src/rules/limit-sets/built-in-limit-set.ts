import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateLimitSet } from '../data/limit-set-validation';
import type { LimitSetData } from '../data/limit-set.types';

/**
 * The first limit set (ny-ocm-2025-draft, from ny-testing-rules.md), kept as a data file beside the
 * code and checked by the same validation an admin's upload goes through.
 */
export function builtInLimitSet(): LimitSetData {
  const file = join(__dirname, '..', 'data', 'ny-ocm-2025-draft.limits.json');
  const parsed = validateLimitSet(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.ok) throw new Error(`built-in limit set is invalid: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return parsed.limitSet;
}
