import type { FieldError } from '../../common/domain-error';
import { labDateInstant } from '../../common/lab-instant';
import { memoLast } from '../../common/string-memo';
import { applyMethods } from '../../rules/methods/method-choice';
import type { MethodRegistry } from '../../rules/methods/method-registry';
import type { CheckedEntry, GroupEntry } from './check-entries';

/**
 * Gives each checked entry its method (the registry's id, set, label and instrument), its LOD and
 * LOQ (defaulted from the method, see applyMethods) and its analysed date (the row's, else the
 * group's, else `defaultAnalysedAt`: the entry date for hand entry and instrument imports).
 * `entries` are checkEntries' output for `groups` without errors, so they follow the groups' order.
 * A given date becomes the instant stored (labDateInstant: a day alone is the start of that day in
 * `request.timeZone`, the lab's zone; UTC when absent). `request.groupsKey` names the body's key of the
 * groups in field paths ("groups"; an amendment's "results").
 * Whether a given date is possible for the sample is impossibleAnalysisDates' question (composeRows asks it).
 */
export function withMethods(
  groups: readonly GroupEntry[],
  entries: readonly CheckedEntry[],
  registry: MethodRegistry | null,
  defaultAnalysedAt: string | null,
  request: { timeZone?: string; groupsKey?: string } = {},
): { entries: CheckedEntry[]; errors: FieldError[] } {
  const { timeZone = 'UTC', groupsKey = 'groups' } = request;
  // A file's rows share one date: written once per run of the same text, not once per row.
  const isoOf = memoLast((value) => labDateInstant(value, timeZone).toISOString());
  const errors: FieldError[] = [];
  const out: CheckedEntry[] = [];
  let cursor = 0;
  groups.forEach((g, gi) => {
    const rows = entries.slice(cursor, cursor + g.analytes.length);
    cursor += g.analytes.length;
    const groupDate = g.analysedAt ?? null;
    const groupMethod = g.methodId ? registry?.methods.get(g.methodId) : undefined;
    if (g.methodId && groupMethod?.group !== g.group) {
      const why = !registry
        ? 'no method set is in force'
        : !groupMethod
          ? `${g.methodId} is not a method of ${registry.set.name}`
          : `${g.methodId} is a ${groupMethod.group} method, not one for ${g.group}`;
      errors.push({ field: `${groupsKey}[${gi}].methodId`, message: why });
      return;
    }
    const { facts, errors: methodErrors } = applyMethods(
      g.group,
      rows,
      registry,
      g.methodId ?? null,
      (ai, field) => `${groupsKey}[${gi}].analytes[${ai}].${field}`,
    );
    errors.push(...methodErrors);
    rows.forEach((row, i) => {
      const analysedAt = row.analysedAt ?? groupDate ?? defaultAnalysedAt;
      const fact = facts[i];
      // Field by field (the row, then its method facts, then its date) rather than spread: see checkEntries.
      out.push({
        group: row.group,
        analyte: row.analyte,
        analyteName: row.analyteName,
        value: row.value,
        qualifier: row.qualifier,
        unit: row.unit,
        dilution: row.dilution,
        methodId: fact.methodId,
        methodSetId: fact.methodSetId,
        method: fact.method,
        instrument: fact.instrument,
        lod: fact.lod,
        loq: fact.loq,
        analysedAt: analysedAt ? isoOf(analysedAt) : null,
      });
    });
  });
  return { entries: out, errors };
}
