import { resolveAnalyte } from '../analytes/vocabulary';
import { Dec } from '../judgement/decimal';
import { canConvert, canonicalUnit } from '../judgement/units';
import { ANALYTE_GROUPS } from '../product-types';
import { isRecord, readChoice, readDecimal, text } from '../rule-sets/rule-set-fields';
import type { ReportFieldError, RuleSetFieldError, RuleSetSchema } from '../rule-sets/rule-set.types';
import { cqCutoffProblem } from './cq-cutoff';
import type { MethodAnalyte, MethodAnalyteRow, MethodSetData, MethodSetRow } from './method-set.types';

const METHOD_ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$/;

/**
 * Method sets: the lab's registry of test methods. A row is one method (id, name, SOP reference,
 * technique, instrument, analyte group) with the analytes it is validated for, each with its LOD
 * and LOQ in the reporting unit. JSON rows list `analytes`; a CSV line names one analyte and repeats
 * the method's fields. Refused: an unknown or computed analyte, one of another group, a unit that
 * cannot be converted to the analyte's, an LOD above the LOQ, neither given, an analyte twice. A qPCR
 * method may give its validated Cq cut-off (`cqCutoff`, 35 to 40): imports through it call wells by it.
 *
 * CSV header: method_id, name, sop_ref, technique, instrument, group, analyte, lod, loq, unit (and cq_cutoff, optional).
 */
export const METHOD_SET_SCHEMA: RuleSetSchema<MethodSetRow, MethodAnalyteRow> = {
  kind: 'methods',
  noun: 'method set',
  maxRows: 5000,
  csvColumns: {
    methodid: 'methodId',
    method: 'methodId',
    id: 'methodId',
    name: 'name',
    methodname: 'name',
    sopref: 'sopRef',
    sop: 'sopRef',
    technique: 'technique',
    instrument: 'instrument',
    group: 'group',
    analytegroup: 'group',
    analyte: 'analyte',
    lod: 'lod',
    loq: 'loq',
    unit: 'unit',
    cqcutoff: 'cqCutoff',
  },
  csvHeader: 'method_id, name, sop_ref, technique, instrument, group, analyte, lod, loq, unit',
  readRow: readMethodRow,
  keysOf: (row) =>
    row.analytes.map((a) => ({
      key: `${row.methodId}|${a.analyte}`,
      field: 'analytes',
      clash: (first) => `${a.analyte} of method ${row.methodId} is already given by row ${first}`,
    })),
  toStoredRows: (set) =>
    set.rows.flatMap((row) =>
      row.analytes.map((a) => ({
        methodId: row.methodId,
        analyte: a.analyte,
        analyteGroup: row.group,
        name: row.name,
        sopRef: row.sopRef,
        technique: row.technique,
        instrument: row.instrument,
        lod: a.lod,
        loq: a.loq,
        unit: a.unit,
        cqCutoff: row.cqCutoff ?? null,
      })),
    ),
};

const METHOD_FIELDS = ['name', 'sopRef', 'technique', 'instrument', 'group', 'cqCutoff'] as const;

/**
 * What the per-row frame cannot see: rows of one method (CSV lines) must agree on the method's own
 * fields, or the registry would not say which SOP a result was run under.
 */
export function methodSetProblems(set: MethodSetData): RuleSetFieldError[] {
  const first = new Map<string, { row: MethodSetRow; index: number }>();
  const problems: RuleSetFieldError[] = [];
  set.rows.forEach((row, index) => {
    const earlier = first.get(row.methodId);
    if (!earlier) return void first.set(row.methodId, { row, index });
    for (const field of METHOD_FIELDS) {
      if ((earlier.row[field] ?? null) !== (row[field] ?? null))
        problems.push({
          field: `rows[${index}].${field}`,
          row: index + 1,
          message: `method ${row.methodId} has ${field} "${earlier.row[field] ?? ''}" in row ${earlier.index + 1} but "${row[field] ?? ''}" here`,
        });
    }
  });
  return problems;
}

function readMethodRow(raw: Record<string, unknown>, fail: ReportFieldError): MethodSetRow | undefined {
  const methodId = text(raw.methodId);
  if (!methodId || !METHOD_ID.test(methodId)) fail('methodId', 'methodId is required: letters, digits, dot, dash, slash or underscore, up to 60 characters');
  const fields = { name: text(raw.name), sopRef: text(raw.sopRef), technique: text(raw.technique), instrument: text(raw.instrument) };
  for (const [field, value] of Object.entries(fields)) if (!value) fail(field, `${field} is required`);
  const group = readChoice(raw.group, 'group', ANALYTE_GROUPS, fail);
  const cqCutoff = readCqCutoff(raw.cqCutoff, fail);

  const listed = raw.analytes !== undefined;
  if (listed && raw.analyte !== undefined) fail('analyte', 'give either analytes (a list) or one analyte with its lod, loq and unit');
  const entries: Array<{ raw: Record<string, unknown>; field: string }> = [];
  if (!listed) entries.push({ raw, field: '' });
  else if (!Array.isArray(raw.analytes) || raw.analytes.length === 0) fail('analytes', 'analytes must be a non-empty list');
  else
    raw.analytes.forEach((a: unknown, i) => {
      if (isRecord(a)) entries.push({ raw: a, field: `analytes[${i}].` });
      else fail(`analytes[${i}]`, 'each analyte must be an object with analyte, lod, loq and unit');
    });

  const analytes: MethodAnalyte[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const read = group ? readMethodAnalyte(entry.raw, group, (field, message) => fail(`${entry.field}${field}`, message)) : undefined;
    if (!read) continue;
    if (seen.has(read.analyte)) fail(`${entry.field}analyte`, `${read.analyte} is listed twice in this method`);
    seen.add(read.analyte);
    analytes.push(read);
  }
  if (!methodId || !METHOD_ID.test(methodId) || !group || Object.values(fields).some((v) => !v) || analytes.length !== entries.length || entries.length === 0)
    return undefined;
  return {
    methodId,
    name: fields.name!,
    sopRef: fields.sopRef!,
    technique: fields.technique!,
    instrument: fields.instrument!,
    group,
    ...(cqCutoff !== null ? { cqCutoff } : {}),
    analytes,
  };
}

/** A qPCR method's Cq cut-off: a decimal string from 35 to 40 (cq-cutoff.ts), or none. */
function readCqCutoff(raw: unknown, fail: ReportFieldError): string | null {
  const problems: string[] = [];
  const value = readDecimal(raw, 'cqCutoff', (_field, message) => problems.push(message));
  const problem = problems[0] ?? (value === null ? undefined : cqCutoffProblem(Number(value)));
  if (problem) {
    fail('cqCutoff', problem);
    return null;
  }
  return value === null ? null : new Dec(value).toString();
}

function readMethodAnalyte(raw: Record<string, unknown>, group: string, report: ReportFieldError): MethodAnalyte | undefined {
  let problems = 0;
  const fail: ReportFieldError = (field, message) => {
    problems++;
    report(field, message);
  };
  const name = text(raw.analyte);
  const analyte = name ? resolveAnalyte(name) : undefined;
  if (!name) fail('analyte', 'analyte is required');
  else if (!analyte) fail('analyte', `unknown analyte "${name}"`);
  else if (analyte.group !== group) fail('analyte', `${analyte.name} belongs to ${analyte.group}, not ${group}`);
  else if (analyte.computed) fail('analyte', `${analyte.name} is computed by LabTrace; give the figures of its components`);

  const lod = readDecimal(raw.lod, 'lod', fail);
  const loq = readDecimal(raw.loq, 'loq', fail);
  const written = text(raw.unit);
  const unit = written ? canonicalUnit(written) : undefined;
  if (!written) fail('unit', 'unit is required: the unit the LOD and LOQ are given in');
  else if (!unit) fail('unit', `unknown unit "${written}"`);
  else if (analyte && !canConvert(unit, analyte.defaultUnit))
    fail('unit', `${unit} cannot be converted to ${analyte.defaultUnit}, the unit ${analyte.id} is reported in`);
  if (lod === null && loq === null && problems === 0) fail('loq', 'a method states an LOQ, an LOD or both for each analyte');
  if (lod !== null && loq !== null && new Dec(lod).greaterThan(loq)) fail('lod', `the LOD (${lod}) cannot be above the LOQ (${loq})`);
  return problems === 0 && analyte && unit ? { analyte: analyte.id, lod, loq, unit } : undefined;
}
