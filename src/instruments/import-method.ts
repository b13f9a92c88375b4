import Decimal from 'decimal.js';
import type { FieldError } from '../common/domain-error';
import type { MethodRegistry } from '../rules/methods/method-registry';

/** The method an import applies to the rows of its group: one the upload names, or the one an instrument's mapping names. */
export interface ImportMethod {
  methodId: string;
  group: string;
  /** Canonical analytes the method is validated for; rows of the group outside it are rejected. */
  analytes: ReadonlySet<string>;
  /** Where the pick came from, for messages: `the mapping of instrument "QQQ-1"`, `the upload`. */
  from: string;
  /** Which of the two named it, for the answer. */
  source: 'upload' | 'mapping';
}

/** How the upload's `methods` field is named in messages and field errors. */
export const UPLOAD_METHODS_FIELD = 'methods';
const BY_UPLOAD = 'the upload';

/**
 * A method as found in the registry in force, or why it cannot be used: the registry is versioned, so
 * a method a mapping named when it was saved may be gone from the set now in force.
 */
export function importMethod(
  registry: MethodRegistry | null,
  methodId: string,
  from: string,
  source: ImportMethod['source'] = 'mapping',
): ImportMethod | { problem: string } {
  if (!registry) return { problem: `${from} names method ${methodId}, but no method set is in force` };
  const method = registry.methods.get(methodId);
  if (!method) {
    const known = [...registry.methods.keys()].sort().join(', ');
    return { problem: `${from} names method ${methodId}, which is not in method set ${registry.set.name} (methods: ${known || 'none'})` };
  }
  return { methodId, group: method.group, analytes: new Set(method.analytes.keys()), from, source };
}

/**
 * The ids the `methods` form field gives: comma-separated, and the field may be repeated (multipart
 * gives an array then); blanks and repeats of an id are dropped. Sorted, so the same choice written
 * in another order is the same choice (the duplicate-import rule compares them).
 */
export function namedMethodIds(field: string | readonly string[] | undefined): string[] {
  const values = field === undefined ? [] : typeof field === 'string' ? [field] : field;
  const ids = values.flatMap((v) => v.split(',')).map((id) => id.trim());
  return [...new Set(ids.filter((id) => id.length > 0))].sort();
}

/** Why the upload's methods cannot be used as named; `unknown` when an id is not in the registry in force. */
export interface MethodChoiceProblem {
  unknown: boolean;
  errors: FieldError[];
}

/**
 * The method of each group an upload carries: the ones it names (`methods`), else its instrument
 * mapping's for that group. Refused, each reason a field error on `methods`:
 * - an id the registry in force does not have;
 * - two methods for one group (a group's rows are run by one method; which would the COA print?);
 * - a method whose group the file does not carry: the list was meant for another file, or an id was
 *   mistyped for another group's. Refused rather than warned: nothing of it would be stored, and the
 *   technician believes a group was covered that is not; a dry run shows the groups the file carries;
 * - a method for the group the mapping names another for. Refused rather than letting the upload
 *   win: the mapping is the instrument's method as a manager saved it, and a technician's upload
 *   silently replacing it (with its LOD and LOQ, printed on the COA) would leave no record of why. Leave
 *   the group out of `methods` to use the mapping's, or have the mapping saved with the other method.
 *   Naming the mapping's own method again is no conflict.
 */
export function chooseImportMethods(
  registry: MethodRegistry | null,
  named: readonly string[],
  mapping: ImportMethod | undefined,
  carried: ReadonlySet<string>,
): { methods: ImportMethod[] } | MethodChoiceProblem {
  const found: ImportMethod[] = [];
  const unknown: string[] = [];
  for (const id of named) {
    const method = importMethod(registry, id, BY_UPLOAD, 'upload');
    if ('problem' in method) unknown.push(id);
    else found.push(method);
  }
  if (unknown.length > 0) return { unknown: true, errors: [{ field: UPLOAD_METHODS_FIELD, message: unknownMethods(registry, unknown) }] };

  const errors: FieldError[] = [];
  const byGroup = new Map<string, ImportMethod[]>();
  for (const m of found) byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), m]);
  for (const [group, methods] of byGroup) {
    const problem = groupProblem(group, methods, mapping, carried);
    if (problem) errors.push({ field: UPLOAD_METHODS_FIELD, message: problem });
  }
  if (errors.length > 0) return { unknown: false, errors };
  const fromMapping = mapping && !byGroup.has(mapping.group) ? [mapping] : [];
  return { methods: [...found, ...fromMapping].sort((a, b) => a.group.localeCompare(b.group)) };
}

/** At most this many ids are named in one refusal; the rest are counted, so a long made-up list answers briefly. */
export const NAMED_IDS_MAX = 10;

/** One message for every id the registry lacks, naming the methods it has once. */
function unknownMethods(registry: MethodRegistry | null, ids: readonly string[]): string {
  const shown = ids.slice(0, NAMED_IDS_MAX).join(', ') + (ids.length > NAMED_IDS_MAX ? ` and ${ids.length - NAMED_IDS_MAX} more` : '');
  const names = `${BY_UPLOAD} names method${ids.length > 1 ? 's' : ''} ${shown}`;
  if (!registry) return `${names}, but no method set is in force`;
  const known = [...registry.methods.keys()].sort().join(', ');
  return `${names}, which ${ids.length > 1 ? 'are' : 'is'} not in method set ${registry.set.name} (methods: ${known || 'none'})`;
}

function groupProblem(group: string, methods: readonly ImportMethod[], mapping: ImportMethod | undefined, carried: ReadonlySet<string>): string | undefined {
  const ids = methods.map((m) => m.methodId).join(', ');
  if (methods.length > 1) return `${group} is given ${methods.length} methods (${ids}); name one method per group`;
  if (!carried.has(group)) {
    const has = carried.size > 0 ? [...carried].sort().join(', ') : 'none';
    return `${ids} is a ${group} method, but the file carries no ${group} results (its groups: ${has})`;
  }
  if (mapping && mapping.group === group && mapping.methodId !== ids)
    return `${mapping.from} gives ${group} method ${mapping.methodId}, and the upload names ${ids}; leave ${group} out of methods to use the mapping's, or have the mapping saved with ${ids}`;
  return undefined;
}

/** Where the Cq cut-off an import called its qPCR wells by came from (kept in the run's meta as `cqCutoffSource`). */
export type CqCutoffSource = 'method' | 'form' | 'default';

/** The cut-off to read a qPCR file with; `cutoff` undefined: the parser's default. */
export interface CqCutoffChoice {
  cutoff?: number;
  source: CqCutoffSource;
  /** The method whose validated cut-off it is, when `source` is `method`. */
  methodId?: string;
}

/** How the upload's cut-off is named in messages and field errors. */
export const UPLOAD_CQ_CUTOFF_FIELD = 'cqCutoff';

/**
 * The Cq cut-off an upload's qPCR wells are called by. A method named for the file (by the upload's
 * `methods` or its instrument mapping) that carries a cut-off fixes it: the cut-off is part of the
 * validated method, approved in the registry, not a bench choice. The form may repeat it; another
 * value is refused, naming the method's. Without a method cut-off, the form's value, else the
 * parser's default. Ids the registry lacks are passed over here (chooseImportMethods refuses them).
 * Refused as well: two named methods with different cut-offs (one file is called by one cut-off).
 */
export function chooseCqCutoff(
  registry: MethodRegistry | null,
  methodIds: readonly string[],
  formCutoff: number | undefined,
): CqCutoffChoice | { errors: FieldError[] } {
  const withCutoff = [...new Set(methodIds)]
    .flatMap((id) => {
      const method = registry?.methods.get(id);
      return method?.cqCutoff ? [{ methodId: id, cutoff: new Decimal(method.cqCutoff) }] : [];
    })
    .sort((a, b) => a.methodId.localeCompare(b.methodId));
  if (withCutoff.length === 0) return formCutoff === undefined ? { source: 'default' } : { cutoff: formCutoff, source: 'form' };
  const [first, ...others] = withCutoff;
  const differing = others.filter((m) => !m.cutoff.equals(first.cutoff));
  if (differing.length > 0) {
    const named = withCutoff.map((m) => `${m.methodId} (${m.cutoff.toString()})`).join(', ');
    return {
      errors: [
        {
          field: UPLOAD_METHODS_FIELD,
          message: `the methods named give different Cq cut-offs: ${named}; a file is called by one cut-off, name one qPCR method`,
        },
      ],
    };
  }
  if (formCutoff !== undefined && !first.cutoff.equals(formCutoff)) {
    const message = `method ${first.methodId} fixes the Cq cut-off at ${first.cutoff.toString()} (its validated figure in the method registry), and the upload gives ${formCutoff}; send ${first.cutoff.toString()} or leave cqCutoff out`;
    return { errors: [{ field: UPLOAD_CQ_CUTOFF_FIELD, message }] };
  }
  return { cutoff: first.cutoff.toNumber(), source: 'method', methodId: first.methodId };
}
