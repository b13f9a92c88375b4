import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAnalyte } from '../../rules/analytes/vocabulary';
import { ANALYTE_GROUPS } from '../../rules/product-types';

/**
 * How LabTrace's analytes become Metrc lab test types: versioned data (`data/<name>.test-types.json`,
 * with a name, an effective date and a source), because the names are per-state configuration that
 * Metrc serves at `GET /labtests/v2/types` and NY's are not known yet [I].
 *
 * - `value`: one analyte, its value in the type's unit (ND and <LOQ as 0);
 * - `presence`: 1 when any of the analytes was detected, else 0;
 * - `sum`: the sum of the group's (or analytes') values in the type's unit;
 * - `failing_count`: a pass/fail type for a whole group: the number of analytes that failed.
 */
export type QuantityRule = 'value' | 'presence' | 'sum' | 'failing_count';

export interface TestTypeEntry {
  type: string;
  analytes?: string[];
  group?: string;
  quantity: QuantityRule;
  unit?: string;
}

/** Analytes deliberately not sent to Metrc, each with why; a failing one still stops the report. */
export interface NotReportedEntry {
  analytes?: string[];
  group?: string;
  reason: string;
}

export interface TestTypeMap {
  name: string;
  effectiveDate: string;
  source: string;
  types: TestTypeEntry[];
  notReported: NotReportedEntry[];
}

const RULES: readonly QuantityRule[] = ['value', 'presence', 'sum', 'failing_count'];

/** Checks one data file whole; every problem is named, with the file. */
export function parseTestTypeMap(raw: unknown, file: string): TestTypeMap {
  const problems: string[] = [];
  const o = (raw ?? {}) as Partial<TestTypeMap>;
  if (typeof o.name !== 'string' || !/^[\w.-]+$/.test(o.name)) problems.push('name must be a word ([A-Za-z0-9_.-])');
  if (typeof o.effectiveDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(o.effectiveDate)) problems.push('effectiveDate must be YYYY-MM-DD');
  if (typeof o.source !== 'string' || o.source.trim() === '') problems.push('source must say where the names come from');
  const types = Array.isArray(o.types) ? o.types : (problems.push('types must be an array'), []);
  const notReported = Array.isArray(o.notReported) ? o.notReported : [];
  const analyteOwner = new Map<string, string>();
  const groupOwner = new Map<string, string>();
  const typeNames = new Set<string>();
  const claim = (where: string, e: { analytes?: unknown; group?: unknown }) => {
    const hasAnalytes = Array.isArray(e.analytes) && e.analytes.length > 0;
    const hasGroup = typeof e.group === 'string';
    if (hasAnalytes === hasGroup) return problems.push(`${where}: give either analytes or group`);
    if (hasGroup) {
      if (!(ANALYTE_GROUPS as readonly string[]).includes(e.group as string)) problems.push(`${where}: unknown group ${String(e.group)}`);
      if (groupOwner.has(e.group as string)) problems.push(`${where}: group ${String(e.group)} is already covered by ${groupOwner.get(e.group as string)}`);
      groupOwner.set(e.group as string, where);
    }
    for (const id of hasAnalytes ? (e.analytes as unknown[]) : []) {
      if (typeof id !== 'string' || !getAnalyte(id)) problems.push(`${where}: unknown analyte id ${String(id)}`);
      else if (analyteOwner.has(id)) problems.push(`${where}: analyte ${id} is already covered by ${analyteOwner.get(id)}`);
      else analyteOwner.set(id, where);
    }
  };
  types.forEach((t, i) => {
    const where = `types[${i}] (${String(t?.type)})`;
    if (typeof t?.type !== 'string' || t.type.trim() === '') problems.push(`types[${i}]: type must name a Metrc lab test type`);
    else if (typeNames.has(t.type)) problems.push(`${where}: listed twice`);
    else typeNames.add(t.type);
    if (!RULES.includes(t?.quantity)) problems.push(`${where}: quantity must be one of ${RULES.join(', ')}`);
    if ((t?.quantity === 'value' || t?.quantity === 'sum') && typeof t.unit !== 'string') problems.push(`${where}: a ${t.quantity} type needs its unit`);
    if (t?.quantity === 'value' && t.analytes?.length !== 1) problems.push(`${where}: a value type covers exactly one analyte`);
    claim(where, t ?? {});
  });
  notReported.forEach((n, i) => {
    const where = `notReported[${i}]`;
    if (typeof n?.reason !== 'string' || n.reason.trim() === '') problems.push(`${where}: reason is required`);
    claim(where, n ?? {});
  });
  if (problems.length) throw new Error(`Metrc test-type map ${file}: ${problems.join('; ')}`);
  return { name: o.name!, effectiveDate: o.effectiveDate!, source: o.source!, types, notReported };
}

export const TEST_TYPE_DATA_DIR = join(__dirname, '..', 'data');

export function loadTestTypeMaps(dir: string = TEST_TYPE_DATA_DIR): TestTypeMap[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test-types.json'))
    .sort()
    .map((f) => parseTestTypeMap(JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown, f));
}

/** The map named, or else the one with the latest effective date on or before today. */
export function mapInForce(maps: readonly TestTypeMap[], name: string | null, today: Date = new Date()): TestTypeMap {
  if (name) {
    const named = maps.find((m) => m.name === name);
    if (!named) throw new Error(`No Metrc test-type map named ${name}; known: ${maps.map((m) => m.name).join(', ') || 'none'}`);
    return named;
  }
  const day = today.toISOString().slice(0, 10);
  const inForce = maps.filter((m) => m.effectiveDate <= day).sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate));
  if (!inForce[0]) throw new Error(`No Metrc test-type map is in force on ${day}`);
  return inForce[0];
}
