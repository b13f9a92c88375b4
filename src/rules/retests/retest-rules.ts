import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAnalyte } from '../analytes/vocabulary';
import { ANALYTE_GROUPS } from '../product-types';

/** How a failed group is retested: which groups the retest panel gets, and whether each is tested whole. */
export interface FailedGroupRetest {
  group: string;
  retestGroups: string[];
  /** The retest reports every analyte of the group the panel requires, never only the failed ones. */
  wholeGroup: boolean;
  source: string;
}

/** The retest and remediation rules (data: `rules/data/ny-retest-rules.json`). */
export interface RetestRules {
  name: string;
  effectiveDate: string;
  source: string;
  /** Groups with a rule of their own; any other failed group is retested alone. */
  failedGroupRetests: FailedGroupRetest[];
  /** Pesticides whose failure cannot be remediated, so the lot cannot be retested. */
  prohibitedPesticides: { sourceTag: 'NY' | 'STAND-IN'; source: string; analytes: string[] };
}

const GROUPS: readonly string[] = ANALYTE_GROUPS;

/** Checks the rules against the vocabulary; a bad file is a data bug and stops the caller at boot. */
export function validateRetestRules(raw: unknown): RetestRules {
  const data = raw as RetestRules;
  const problems: string[] = [];
  if (!data || typeof data.name !== 'string' || typeof data.source !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(String(data.effectiveDate)))
    problems.push('name, effectiveDate (YYYY-MM-DD) and source are required');
  for (const rule of data?.failedGroupRetests ?? []) {
    if (!GROUPS.includes(rule.group)) problems.push(`unknown group ${rule.group}`);
    for (const group of rule.retestGroups ?? []) if (!GROUPS.includes(group)) problems.push(`unknown retest group ${group}`);
    if (!rule.retestGroups?.includes(rule.group)) problems.push(`a ${rule.group} failure must at least retest ${rule.group}`);
    if (!rule.source) problems.push(`the ${rule.group} rule needs a source`);
  }
  const prohibited = data?.prohibitedPesticides;
  if (!prohibited?.source || !['NY', 'STAND-IN'].includes(prohibited.sourceTag))
    problems.push('prohibitedPesticides needs a sourceTag (NY or STAND-IN) and a source');
  for (const id of prohibited?.analytes ?? []) {
    if (getAnalyte(id)?.group !== 'pesticides') problems.push(`prohibited pesticide ${id} is not a pesticide in the vocabulary`);
  }
  if (problems.length > 0) throw new Error(`retest rules ${String(data?.name)} are invalid: ${problems.join('; ')}`);
  return data;
}

let builtIn: RetestRules | undefined;

/** The rules shipped in `rules/data/ny-retest-rules.json`, read and checked once. */
export function builtInRetestRules(): RetestRules {
  builtIn ??= validateRetestRules(JSON.parse(readFileSync(join(__dirname, '..', 'data', 'ny-retest-rules.json'), 'utf8')));
  return builtIn;
}
