import type { Method, MethodAnalyte, MethodAnalyteRow } from './method-set.types';

/** The methods of one method set, by method id; what entry resolves a result's method against. */
export interface MethodRegistry {
  set: { id: string; name: string; effectiveDate: string };
  methods: ReadonlyMap<string, Method>;
}

/** Groups a set's stored rows (one per method and analyte) into methods. */
export function toMethodRegistry(set: MethodRegistry['set'], rows: readonly MethodAnalyteRow[]): MethodRegistry {
  const methods = new Map<string, Method & { analytes: Map<string, MethodAnalyte> }>();
  for (const row of rows) {
    let method = methods.get(row.methodId);
    if (!method) {
      method = {
        methodSetId: set.id,
        methodSetName: set.name,
        methodId: row.methodId,
        name: row.name,
        sopRef: row.sopRef,
        technique: row.technique,
        instrument: row.instrument,
        group: row.analyteGroup,
        cqCutoff: row.cqCutoff ?? null,
        analytes: new Map(),
      };
      methods.set(row.methodId, method);
    }
    method.analytes.set(row.analyte, { analyte: row.analyte, lod: row.lod, loq: row.loq, unit: row.unit });
  }
  return { set, methods };
}

/** The registry's methods of one group, in method id order. */
export function methodsOfGroup(registry: MethodRegistry, group: string): Method[] {
  return [...registry.methods.values()].filter((m) => m.group === group).sort((a, b) => a.methodId.localeCompare(b.methodId));
}
