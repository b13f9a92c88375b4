import type { MethodRegistry } from '../rules/methods/method-registry';

/** The method an import applies to the rows of its group: the one an instrument's mapping names. */
export interface ImportMethod {
  methodId: string;
  group: string;
  /** Canonical analytes the method is validated for; rows of the group outside it are rejected. */
  analytes: ReadonlySet<string>;
  /** Where the pick came from, for messages: `the mapping of instrument "QQQ-1"`. */
  from: string;
}

/**
 * The mapping's method as found in the registry in force, or why it cannot be used: the registry is
 * versioned, so a method a mapping named when it was saved may be gone from the set now in force.
 */
export function importMethod(registry: MethodRegistry | null, methodId: string, from: string): ImportMethod | { problem: string } {
  if (!registry) return { problem: `${from} names method ${methodId}, but no method set is in force` };
  const method = registry.methods.get(methodId);
  if (!method) {
    const known = [...registry.methods.keys()].sort().join(', ');
    return { problem: `${from} names method ${methodId}, which is not in method set ${registry.set.name} (methods: ${known || 'none'})` };
  }
  return { methodId, group: method.group, analytes: new Set(method.analytes.keys()), from };
}
