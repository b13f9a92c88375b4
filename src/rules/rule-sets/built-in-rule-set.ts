import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateRuleSet } from './rule-set-validation';
import type { RuleSetData, RuleSetSchema } from './rule-set.types';

/**
 * A rule set shipped with the code as a data file in `rules/data/`, checked by the same validation an
 * admin's upload goes through. An invalid file stops the boot rather than seed half a rule book.
 */
export function readBuiltInRuleSet<Row>(file: string, schema: RuleSetSchema<Row, unknown>): RuleSetData<Row> {
  const parsed = validateRuleSet(JSON.parse(readFileSync(join(__dirname, '..', 'data', file), 'utf8')), schema);
  if (!parsed.ok) throw new Error(`built-in ${schema.noun} ${file} is invalid: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return parsed.set;
}
