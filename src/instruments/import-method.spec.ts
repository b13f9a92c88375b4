import { toMethodRegistry } from '../rules/methods/method-registry';
import type { MethodAnalyteRow } from '../rules/methods/method-set.types';
import { importMethod, type ImportMethod } from './import-method';
import { ImportTarget, planImport } from './import-plan';
import { labInstant } from './lab-clock';
import type { ParsedRow, ParseResult } from './parsers/parser.types';

const metalsRow = (analyte: string, lod: string, loq: string): MethodAnalyteRow => ({
  methodId: 'LT-M-MET-01',
  analyte,
  analyteGroup: 'metals',
  name: 'Heavy metals by ICP-MS',
  sopRef: 'SOP-CHEM-103 rev 3',
  technique: 'ICP-MS',
  instrument: 'Agilent 7900 ICP-MS',
  lod,
  loq,
  unit: 'µg/g',
});
const registry = toMethodRegistry({ id: 'set-1', name: 'methods-v1', effectiveDate: '2025-01-01' }, [
  metalsRow('lead', '0.01', '0.05'),
  metalsRow('cadmium', '0.01', '0.05'),
]);
const FROM = 'the mapping of instrument "ICP-2"';

const target: ImportTarget = { id: 'id-1', labCode: 'LT-2611-000001', sampleInventoryId: '1234567890123456', acceptsResults: true, status: 'in_testing' };
const row = (line: number, analyte: string, value = '0.1'): ParsedRow => ({
  line,
  sampleRef: target.labCode!,
  analyte,
  raw: value,
  value,
  unit: 'µg/g',
  kind: 'sample',
});
const parsed = (rows: ParsedRow[], meta: ParseResult['meta'] = {}): ParseResult => ({ format: 'perkinelmer-icp-csv', meta, rows, skipped: [], warnings: [] });

function methodOf(methodId: string): ImportMethod {
  const found = importMethod(registry, methodId, FROM);
  if ('problem' in found) throw new Error(found.problem);
  return found;
}

describe('importMethod', () => {
  it("finds the mapping's method in the registry with its group and validated analytes", () => {
    const method = methodOf('LT-M-MET-01');
    expect(method).toMatchObject({ methodId: 'LT-M-MET-01', group: 'metals', from: FROM });
    expect([...method.analytes].sort()).toEqual(['cadmium', 'lead']);
  });

  it('says why a method cannot be used: not in the set in force, or no set at all', () => {
    expect(importMethod(registry, 'LT-M-PEST-01', FROM)).toEqual({
      problem: 'the mapping of instrument "ICP-2" names method LT-M-PEST-01, which is not in method set methods-v1 (methods: LT-M-MET-01)',
    });
    expect(importMethod(null, 'LT-M-MET-01', FROM)).toEqual({
      problem: 'the mapping of instrument "ICP-2" names method LT-M-MET-01, but no method set is in force',
    });
  });
});

describe('planImport with the instrument mapping method and the file date', () => {
  it("gives the method to its group's results and rejects an analyte the method is not validated for, by line", () => {
    const plan = planImport(parsed([row(2, 'Lead'), row(3, 'Cd', '0.02'), row(4, 'Nickel', '0.3')]), () => target, { method: methodOf('LT-M-MET-01') });
    expect(plan.samples[0].groups).toEqual([
      {
        group: 'metals',
        methodId: 'LT-M-MET-01',
        analytes: [expect.objectContaining({ analyte: 'lead', value: '0.1', unit: 'µg/g' }), expect.objectContaining({ analyte: 'cadmium', value: '0.02' })],
      },
    ]);
    expect(plan.rejected).toEqual([
      {
        line: 4,
        sampleRef: 'LT-2611-000001',
        analyte: 'Nickel',
        reason: 'method LT-M-MET-01 (from the mapping of instrument "ICP-2") is not validated for Nickel',
      },
    ]);
    expect(plan.accounting).toMatchObject({ rows: 3, stored: 2, rejected: 1 });
  });

  it("leaves other groups' results to the file's own method, and says so once", () => {
    const plan = planImport(parsed([row(2, 'Lead'), row(3, 'Myclobutanil', '0.05'), row(4, 'Bifenazate', '0.05')], { method: 'Pest-QQQ' }), () => target, {
      method: methodOf('LT-M-MET-01'),
    });
    const pesticides = plan.samples[0].groups.find((g) => g.group === 'pesticides')!;
    expect(pesticides.methodId).toBeUndefined();
    expect(pesticides.analytes[0]).toMatchObject({ analyte: 'myclobutanil', method: 'Pest-QQQ' });
    expect(plan.warnings.filter((w) => w.includes('LT-M-MET-01'))).toEqual([
      'the mapping of instrument "ICP-2" names LT-M-MET-01, a metals method; the file\'s pesticides results take their method from the file instead',
    ]);
  });

  it("dates each result by the file's acquisition time, read on the lab's clock (an instrument prints no zone)", () => {
    // 01:30 on 7 March on the lab's clock (EST) is 06:30 UTC, not 01:30 UTC (which is the evening of the 6th in New York).
    const winter = planImport(parsed([row(2, 'Lead')], { acquiredAt: '2026-03-07T01:30:00' }), () => target, { timeZone: 'America/New_York' });
    expect(winter.samples[0].groups[0].analytes[0].analysedAt).toBe('2026-03-07T06:30:00.000Z');
    // After the switch to daylight time (8 March 2026) the offset is four hours.
    const summer = planImport(parsed([row(2, 'Lead')], { acquiredAt: '2026-03-14T10:25:00' }), () => target, { timeZone: 'America/New_York' });
    expect(summer.samples[0].groups[0].analytes[0].analysedAt).toBe('2026-03-14T14:25:00.000Z');
    // No date in the file: the results are dated when they are stored (by the results module).
    const undated = planImport(parsed([row(2, 'Lead')]), () => target, { timeZone: 'America/New_York' });
    expect(undated.samples[0].groups[0].analytes[0].analysedAt).toBeNull();
  });
});

describe('labInstant', () => {
  it('reads a zone-less date-time on the given clock, a date as the start of that day, and keeps an explicit zone', () => {
    expect(labInstant('2026-07-01T09:00:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    expect(labInstant('2026-12-01T23:59', 'America/New_York')).toBe('2026-12-02T04:59:00.000Z');
    expect(labInstant('2022-06-21', 'America/New_York')).toBe('2022-06-21T04:00:00.000Z');
    expect(labInstant('2026-03-14T10:25:00Z', 'America/New_York')).toBe('2026-03-14T10:25:00.000Z');
    expect(labInstant('2026-03-14T10:25:00', 'UTC')).toBe('2026-03-14T10:25:00.000Z');
  });

  it('is null for nothing, for text that is not a date, and for a day the calendar lacks', () => {
    expect(labInstant(undefined, 'UTC')).toBeNull();
    expect(labInstant('yesterday', 'UTC')).toBeNull();
    expect(labInstant('2026-02-30', 'UTC')).toBeNull();
  });
});
