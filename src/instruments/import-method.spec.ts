import { toMethodRegistry } from '../rules/methods/method-registry';
import type { MethodAnalyteRow } from '../rules/methods/method-set.types';
import { chooseCqCutoff, chooseImportMethods, importMethod, namedMethodIds, type ImportMethod } from './import-method';
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
const pesticidesRow = (methodId: string, analyte: string): MethodAnalyteRow => ({
  ...metalsRow(analyte, '0.02', '0.05'),
  methodId,
  analyteGroup: 'pesticides',
  name: `Pesticides by LC-MS/MS (${methodId})`,
});
const registry = toMethodRegistry({ id: 'set-1', name: 'methods-v1', effectiveDate: '2025-01-01' }, [
  metalsRow('lead', '0.01', '0.05'),
  metalsRow('cadmium', '0.01', '0.05'),
  pesticidesRow('LT-M-PEST-01', 'myclobutanil'),
  pesticidesRow('LT-M-PEST-02', 'myclobutanil'),
  pesticidesRow('LT-M-PEST-02', 'bifenazate'),
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

function methodOf(methodId: string, from = FROM, source: ImportMethod['source'] = 'mapping'): ImportMethod {
  const found = importMethod(registry, methodId, from, source);
  if ('problem' in found) throw new Error(found.problem);
  return found;
}

describe('importMethod', () => {
  it("finds the mapping's method in the registry with its group and validated analytes", () => {
    const method = methodOf('LT-M-MET-01');
    expect(method).toMatchObject({ methodId: 'LT-M-MET-01', group: 'metals', from: FROM, source: 'mapping' });
    expect([...method.analytes].sort()).toEqual(['cadmium', 'lead']);
  });

  it('says why a method cannot be used: not in the set in force, or no set at all', () => {
    expect(importMethod(registry, 'LT-M-PEST-09', FROM)).toEqual({
      problem:
        'the mapping of instrument "ICP-2" names method LT-M-PEST-09, which is not in method set methods-v1 (methods: LT-M-MET-01, LT-M-PEST-01, LT-M-PEST-02)',
    });
    expect(importMethod(null, 'LT-M-MET-01', FROM)).toEqual({
      problem: 'the mapping of instrument "ICP-2" names method LT-M-MET-01, but no method set is in force',
    });
  });
});

describe('namedMethodIds', () => {
  it('reads comma-separated ids, a repeated field, blanks and repeats, in one sorted list', () => {
    expect(namedMethodIds(undefined)).toEqual([]);
    expect(namedMethodIds(' LT-M-PEST-01, ,LT-M-MET-01,')).toEqual(['LT-M-MET-01', 'LT-M-PEST-01']);
    expect(namedMethodIds(['LT-M-PEST-01', 'LT-M-MET-01,LT-M-PEST-01'])).toEqual(['LT-M-MET-01', 'LT-M-PEST-01']);
  });
});

describe('chooseImportMethods', () => {
  const carried = new Set(['metals', 'pesticides']);
  const mapping = methodOf('LT-M-MET-01');

  it("gives each group the upload's method, and the mapping's to a group the upload names none for", () => {
    const chosen = chooseImportMethods(registry, ['LT-M-PEST-02'], mapping, carried);
    expect('methods' in chosen && chosen.methods.map((m) => [m.group, m.methodId, m.source, m.from])).toEqual([
      ['metals', 'LT-M-MET-01', 'mapping', FROM],
      ['pesticides', 'LT-M-PEST-02', 'upload', 'the upload'],
    ]);
    // Naming the mapping's own method again is no conflict.
    const same = chooseImportMethods(registry, ['LT-M-MET-01'], mapping, carried);
    expect('methods' in same && same.methods.map((m) => [m.methodId, m.source])).toEqual([['LT-M-MET-01', 'upload']]);
  });

  it('refuses, field by field, an id the method set in force does not have', () => {
    expect(chooseImportMethods(registry, ['LT-M-MET-01', 'LT-M-NOPE'], undefined, carried)).toEqual({
      unknown: true,
      errors: [
        {
          field: 'methods',
          message: 'the upload names method LT-M-NOPE, which is not in method set methods-v1 (methods: LT-M-MET-01, LT-M-PEST-01, LT-M-PEST-02)',
        },
      ],
    });
    expect(chooseImportMethods(null, ['LT-M-MET-01'], undefined, carried)).toEqual({
      unknown: true,
      errors: [{ field: 'methods', message: 'the upload names method LT-M-MET-01, but no method set is in force' }],
    });
  });

  it('names at most 10 unknown ids in one error, and the method set once', () => {
    const made = Array.from({ length: 2000 }, (_, i) => `X-${String(i).padStart(4, '0')}`);
    const refused = chooseImportMethods(registry, made, undefined, carried);
    expect(refused).toEqual({
      unknown: true,
      errors: [
        {
          field: 'methods',
          message:
            'the upload names methods X-0000, X-0001, X-0002, X-0003, X-0004, X-0005, X-0006, X-0007, X-0008, X-0009 and 1990 more, ' +
            'which are not in method set methods-v1 (methods: LT-M-MET-01, LT-M-PEST-01, LT-M-PEST-02)',
        },
      ],
    });
  });

  it("refuses two methods for one group, a group the file does not carry, and another method than the mapping's for its group", () => {
    expect(chooseImportMethods(registry, ['LT-M-PEST-01', 'LT-M-PEST-02'], undefined, carried)).toEqual({
      unknown: false,
      errors: [{ field: 'methods', message: 'pesticides is given 2 methods (LT-M-PEST-01, LT-M-PEST-02); name one method per group' }],
    });
    expect(chooseImportMethods(registry, ['LT-M-PEST-01'], undefined, new Set(['metals']))).toEqual({
      unknown: false,
      errors: [{ field: 'methods', message: 'LT-M-PEST-01 is a pesticides method, but the file carries no pesticides results (its groups: metals)' }],
    });
    const pestMapping = methodOf('LT-M-PEST-01', 'the mapping of instrument "QQQ-1"');
    expect(chooseImportMethods(registry, ['LT-M-PEST-02'], pestMapping, carried)).toEqual({
      unknown: false,
      errors: [
        {
          field: 'methods',
          message:
            'the mapping of instrument "QQQ-1" gives pesticides method LT-M-PEST-01, and the upload names LT-M-PEST-02; leave pesticides out of methods to use the mapping\'s, or have the mapping saved with LT-M-PEST-02',
        },
      ],
    });
  });
});

describe('planImport with named methods and the file date', () => {
  it("gives the method to its group's results and rejects an analyte the method is not validated for, by line", () => {
    const plan = planImport(parsed([row(2, 'Lead'), row(3, 'Cd', '0.02'), row(4, 'Nickel', '0.3')]), () => target, { methods: [methodOf('LT-M-MET-01')] });
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
    expect(plan.methods).toEqual([{ group: 'metals', methodId: 'LT-M-MET-01', from: 'mapping' }]);
    expect(plan.groupsWithoutMethod).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it('gives each group its own method: one from the upload, one from the mapping', () => {
    const plan = planImport(parsed([row(2, 'Lead'), row(3, 'Myclobutanil', '0.05'), row(4, 'Bifenazate', '0.05')]), () => target, {
      methods: [methodOf('LT-M-MET-01'), methodOf('LT-M-PEST-01', 'the upload', 'upload')],
    });
    expect(plan.samples[0].groups.map((g) => [g.group, g.methodId, g.analytes.map((a) => a.analyte)])).toEqual([
      ['metals', 'LT-M-MET-01', ['lead']],
      ['pesticides', 'LT-M-PEST-01', ['myclobutanil']],
    ]);
    expect(plan.rejected).toEqual([
      { line: 4, sampleRef: 'LT-2611-000001', analyte: 'Bifenazate', reason: 'method LT-M-PEST-01 (from the upload) is not validated for Bifenazate' },
    ]);
    expect(plan.methods).toEqual([
      { group: 'metals', methodId: 'LT-M-MET-01', from: 'mapping' },
      { group: 'pesticides', methodId: 'LT-M-PEST-01', from: 'upload' },
    ]);
  });

  it('stores a group no method is named for, lists it and warns that it cannot be submitted as it is', () => {
    const plan = planImport(parsed([row(2, 'Lead'), row(3, 'Myclobutanil', '0.05')]), () => target, { methods: [methodOf('LT-M-MET-01')] });
    const pesticides = plan.samples[0].groups.find((g) => g.group === 'pesticides')!;
    expect(pesticides.methodId).toBeUndefined();
    expect(pesticides.analytes[0]).toMatchObject({ analyte: 'myclobutanil', value: '0.05', method: null, lod: null, loq: null });
    expect(plan.methods).toEqual([
      { group: 'metals', methodId: 'LT-M-MET-01', from: 'mapping' },
      { group: 'pesticides', methodId: null, from: null },
    ]);
    expect(plan.groupsWithoutMethod).toEqual(['pesticides']);
    expect(plan.warnings).toEqual([
      "no method is named for the pesticides results (by the upload's methods or an instrument mapping): they cannot be submitted until their method is given; " +
        "import the file again naming each group's method in methods, or enter them by hand with methodId",
    ]);
  });

  it("says what a file's own method text leaves missing: an ND's limit", () => {
    const plan = planImport(parsed([row(3, 'Myclobutanil', '0.05')], { method: 'Pest-QQQ' }), () => target);
    expect(plan.samples[0].groups[0].analytes[0]).toMatchObject({ analyte: 'myclobutanil', method: 'Pest-QQQ' });
    expect(plan.groupsWithoutMethod).toEqual(['pesticides']);
    expect(plan.warnings[0]).toMatch(
      /^no method is named for the pesticides results \(by the upload's methods or an instrument mapping\); they carry the file's method text "Pest-QQQ", so their ND and <LOQ results cannot be submitted without an LOD or LOQ/,
    );
  });

  it('lists the groups of rows it rejects for their sample too (what a method may be named for), but warns only of stored ones', () => {
    const plan = planImport(parsed([row(2, 'Lead')]), () => ({ ...target, acceptsResults: false, status: 'released' }));
    expect(plan.rejected.map((r) => r.reason)).toEqual(['sample LT-2611-000001 is released; it no longer takes results']);
    expect(plan.methods).toEqual([{ group: 'metals', methodId: null, from: null }]);
    expect(plan.groupsWithoutMethod).toEqual([]);
    expect(plan.warnings).toEqual([]);
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

describe('chooseCqCutoff', () => {
  const microRow = (methodId: string, cqCutoff: string | null): MethodAnalyteRow => ({
    ...metalsRow('salmonella', '1', '1'),
    methodId,
    analyteGroup: 'microbials',
    name: `Microbials by qPCR (${methodId})`,
    unit: 'CFU/g',
    cqCutoff,
  });
  const qpcr = toMethodRegistry({ id: 'set-2', name: 'methods-v2', effectiveDate: '2026-01-01' }, [
    microRow('LT-M-MICRO-01', '40'),
    microRow('LT-M-MICRO-02', '38'),
    microRow('LT-M-MICRO-03', null),
    metalsRow('lead', '0.01', '0.05'),
  ]);

  it("takes a named method's cut-off over the default, and the form's when it agrees", () => {
    expect(chooseCqCutoff(qpcr, ['LT-M-MET-01', 'LT-M-MICRO-01'], undefined)).toEqual({ cutoff: 40, source: 'method', methodId: 'LT-M-MICRO-01' });
    expect(chooseCqCutoff(qpcr, ['LT-M-MICRO-01'], 40)).toEqual({ cutoff: 40, source: 'method', methodId: 'LT-M-MICRO-01' });
  });

  it("keeps the form's cut-off, or the default, when no named method carries one", () => {
    expect(chooseCqCutoff(qpcr, ['LT-M-MICRO-03', 'LT-M-MET-01'], 37)).toEqual({ cutoff: 37, source: 'form' });
    expect(chooseCqCutoff(qpcr, ['LT-M-MICRO-03'], undefined)).toEqual({ source: 'default' });
    expect(chooseCqCutoff(null, ['LT-M-MICRO-01'], undefined)).toEqual({ source: 'default' });
    // An id the registry lacks is refused by chooseImportMethods, not here.
    expect(chooseCqCutoff(qpcr, ['LT-M-NOPE'], 36)).toEqual({ cutoff: 36, source: 'form' });
  });

  it("refuses a form cut-off other than the method's, naming the method's, and two methods with different cut-offs", () => {
    expect(chooseCqCutoff(qpcr, ['LT-M-MICRO-01'], 35)).toEqual({
      errors: [
        {
          field: 'cqCutoff',
          message:
            'method LT-M-MICRO-01 fixes the Cq cut-off at 40 (its validated figure in the method registry), and the upload gives 35; send 40 or leave cqCutoff out',
        },
      ],
    });
    expect(chooseCqCutoff(qpcr, ['LT-M-MICRO-02', 'LT-M-MICRO-01'], undefined)).toEqual({
      errors: [
        {
          field: 'methods',
          message:
            'the methods named give different Cq cut-offs: LT-M-MICRO-01 (40), LT-M-MICRO-02 (38); a file is called by one cut-off, name one qPCR method',
        },
      ],
    });
  });
});
