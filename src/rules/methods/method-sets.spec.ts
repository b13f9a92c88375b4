import { Dec } from '../judgement/decimal';
import { convert } from '../judgement/units';
import { builtInLimitSet } from '../limit-sets/built-in-limit-set';
import { LIMIT_SET_SCHEMA } from '../limit-sets/limit-set.schema';
import { parseRuleSetUpload } from '../rule-sets/rule-set-upload';
import { validateRuleSet } from '../rule-sets/rule-set-validation';
import { builtInMethodSet } from './built-in-method-set';
import { applyMethods } from './method-choice';
import { toMethodRegistry } from './method-registry';
import { METHOD_SET_SCHEMA, methodSetProblems } from './method-set.schema';

const header = { name: 'm', effectiveDate: '2026-01-01', source: 'validation reports' };
const metals = { methodId: 'M-ICP', name: 'Metals by ICP-MS', sopRef: 'SOP-1 r1', technique: 'ICP-MS', instrument: 'ICP-1', group: 'metals' };

describe('method sets: schema', () => {
  it('the built-in set validates: one method per group, marked as the lab’s stand-in figures, not regulation', () => {
    const set = builtInMethodSet();
    expect(set.source).toMatch(/lab's own method validation figures.*STAND-IN.*Not regulation/);
    expect(set.rows.map((r) => r.group).sort()).toEqual([
      'cannabinoids',
      'foreign_matter',
      'metals',
      'microbials',
      'moisture',
      'mycotoxins',
      'pesticides',
      'residual_solvents',
      'terpenes',
      'water_activity',
    ]);
    expect(set.rows.find((r) => r.group === 'metals')).toMatchObject({ technique: expect.stringContaining('ICP-MS'), sopRef: 'SOP-CHEM-103 rev 3' });
  });

  it('every built-in LOQ is at or below every action limit of the built-in limit set, units converted', () => {
    const limits = LIMIT_SET_SCHEMA.toStoredRows(builtInLimitSet()).filter((r) => r.operator === 'lte' || r.operator === 'range');
    const figures = METHOD_SET_SCHEMA.toStoredRows(builtInMethodSet());
    let compared = 0;
    for (const limit of limits) {
      const figure = figures.find((f) => f.analyte === limit.analyte);
      if (!figure?.loq) continue;
      compared++;
      expect({
        analyte: limit.analyte,
        productType: limit.productType,
        above: new Dec(convert(figure.loq, figure.unit, limit.unit!)).greaterThan(limit.limitMax!),
      }).toEqual({
        analyte: limit.analyte,
        productType: limit.productType,
        above: false,
      });
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('refuses unknown, computed and foreign analytes, bad units, an LOD above the LOQ, neither figure, numbers as numbers', () => {
    const parsed = validateRuleSet(
      {
        ...header,
        rows: [
          {
            ...metals,
            analytes: [
              { analyte: 'unobtainium', loq: '1', unit: 'µg/g' },
              { analyte: 'lead', lod: '0.1', loq: '0.05', unit: 'µg/g' },
              { analyte: 'cadmium', loq: '0.05', unit: 'CFU/g' },
              { analyte: 'mercury', unit: 'µg/g' },
              { analyte: 'd9-thc', loq: '0.01', unit: '%' },
              { analyte: 'nickel', loq: 0.2, unit: 'µg/g' },
            ],
          },
          { ...metals, methodId: 'M-POT', group: 'cannabinoids', analytes: [{ analyte: 'total-thc', loq: '0.01', unit: '%' }] },
        ],
      },
      METHOD_SET_SCHEMA,
    );
    expect(parsed.ok).toBe(false);
    const messages = !parsed.ok ? parsed.errors.map((e) => `${e.field}: ${e.message}`) : [];
    expect(messages).toEqual([
      'rows[0].analytes[0].analyte: unknown analyte "unobtainium"',
      'rows[0].analytes[1].lod: the LOD (0.1) cannot be above the LOQ (0.05)',
      'rows[0].analytes[2].unit: CFU/g cannot be converted to µg/g, the unit cadmium is reported in',
      'rows[0].analytes[3].loq: a method states an LOQ, an LOD or both for each analyte',
      'rows[0].analytes[4].analyte: Δ9-THC belongs to cannabinoids, not metals',
      'rows[0].analytes[5].loq: loq must be a decimal written as a string, e.g. "0.5" (numbers lose exactness)',
      'rows[1].analytes[0].analyte: Total THC is computed by LabTrace; give the figures of its components',
    ]);
  });

  it('reads a flat CSV (one analyte a line) into stored rows per method and analyte, units canonical', () => {
    const csv = [
      '# name: lab-methods-2026',
      '# effectiveDate: 2026-02-01',
      '# source: validation reports VR-2026-01..03',
      'method_id,name,sop_ref,technique,instrument,group,analyte,lod,loq,unit',
      'M-ICP,Metals by ICP-MS,SOP-1 r1,ICP-MS,ICP-1,metals,Lead,0.02,0.05,ug/g',
      'M-ICP,Metals by ICP-MS,SOP-1 r1,ICP-MS,ICP-1,metals,Cd,10,50,ppb',
    ].join('\n');
    const parsed = parseRuleSetUpload(csv, 'csv', METHOD_SET_SCHEMA);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(methodSetProblems(parsed.set)).toEqual([]);
    expect(METHOD_SET_SCHEMA.toStoredRows(parsed.set)).toEqual([
      {
        methodId: 'M-ICP',
        analyte: 'lead',
        analyteGroup: 'metals',
        name: 'Metals by ICP-MS',
        sopRef: 'SOP-1 r1',
        technique: 'ICP-MS',
        instrument: 'ICP-1',
        lod: '0.02',
        loq: '0.05',
        unit: 'µg/g',
        cqCutoff: null,
      },
      {
        methodId: 'M-ICP',
        analyte: 'cadmium',
        analyteGroup: 'metals',
        name: 'Metals by ICP-MS',
        sopRef: 'SOP-1 r1',
        technique: 'ICP-MS',
        instrument: 'ICP-1',
        lod: '10',
        loq: '50',
        unit: 'ppb',
        cqCutoff: null,
      },
    ]);
  });

  it('refuses one analyte twice in a method, and lines of one method that disagree on its SOP', () => {
    const twice = validateRuleSet(
      {
        ...header,
        rows: [
          { ...metals, analyte: 'lead', loq: '0.05', unit: 'µg/g' },
          { ...metals, analyte: 'Pb', loq: '0.05', unit: 'µg/g' },
        ],
      },
      METHOD_SET_SCHEMA,
    );
    expect(!twice.ok && twice.errors[0].message).toBe('lead of method M-ICP is already given by row 1');
    const disagree = validateRuleSet(
      {
        ...header,
        rows: [
          { ...metals, analyte: 'lead', loq: '0.05', unit: 'µg/g' },
          { ...metals, sopRef: 'SOP-1 r2', analyte: 'cadmium', loq: '0.05', unit: 'µg/g' },
        ],
      },
      METHOD_SET_SCHEMA,
    );
    if (!disagree.ok) throw new Error('rows are valid one by one');
    expect(methodSetProblems(disagree.set)).toEqual([
      { field: 'rows[1].sopRef', row: 2, message: 'method M-ICP has sopRef "SOP-1 r1" in row 1 but "SOP-1 r2" here' },
    ]);
  });
});

describe('method sets: a qPCR method’s Cq cut-off', () => {
  const micro = { methodId: 'M-QPCR', name: 'Pathogens by qPCR', sopRef: 'SOP-M r1', technique: 'qPCR', instrument: 'CFX96', group: 'microbials' };

  it('reads an optional cut-off from 35 to 40, kept on every stored row of the method, and the built-in qPCR method carries 40', () => {
    const parsed = validateRuleSet(
      {
        ...header,
        rows: [
          {
            ...micro,
            cqCutoff: '38.50',
            analytes: [
              { analyte: 'salmonella', lod: '1', unit: 'CFU/g' },
              { analyte: 'stec', lod: '1', unit: 'CFU/g' },
            ],
          },
          { ...metals, analyte: 'lead', loq: '0.05', unit: 'µg/g' },
        ],
      },
      METHOD_SET_SCHEMA,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(METHOD_SET_SCHEMA.toStoredRows(parsed.set).map((r) => [r.methodId, r.analyte, r.cqCutoff])).toEqual([
      ['M-QPCR', 'salmonella', '38.5'],
      ['M-QPCR', 'stec', '38.5'],
      ['M-ICP', 'lead', null],
    ]);
    expect(builtInMethodSet().rows.find((r) => r.methodId === 'LT-M-MICRO-01')?.cqCutoff).toBe('40');
    const registry = toMethodRegistry({ id: 's', name: 'm', effectiveDate: '2026-01-01' }, METHOD_SET_SCHEMA.toStoredRows(parsed.set));
    expect([registry.methods.get('M-QPCR')?.cqCutoff, registry.methods.get('M-ICP')?.cqCutoff]).toEqual(['38.5', null]);
  });

  it('refuses a cut-off outside 35-40 or not a decimal string, and CSV lines of one method that disagree on it', () => {
    const refused = validateRuleSet(
      {
        ...header,
        rows: [
          { ...micro, cqCutoff: '30', analyte: 'salmonella', lod: '1', unit: 'CFU/g' },
          { ...micro, methodId: 'M-Q2', cqCutoff: 40, analyte: 'salmonella', lod: '1', unit: 'CFU/g' },
        ],
      },
      METHOD_SET_SCHEMA,
    );
    expect(!refused.ok && refused.errors.map((e) => e.message)).toEqual([
      'the Cq cut-off must be from 35 to 40 (a validated qPCR cut-off; the default is 35), got 30',
      'cqCutoff must be a decimal written as a string, e.g. "0.5" (numbers lose exactness)',
    ]);
    const csv = parseRuleSetUpload(
      '# name: qpcr-methods\n# effectiveDate: 2026-02-01\n# source: VR-2026-04\n' +
        'method_id,name,sop_ref,technique,instrument,group,analyte,lod,loq,unit,cq_cutoff\n' +
        'M-QPCR,Pathogens by qPCR,SOP-M r1,qPCR,CFX96,microbials,salmonella,1,,CFU/g,40\n' +
        'M-QPCR,Pathogens by qPCR,SOP-M r1,qPCR,CFX96,microbials,stec,1,,CFU/g,\n',
      'csv',
      METHOD_SET_SCHEMA,
    );
    if (!csv.ok) throw new Error(JSON.stringify(csv.errors));
    expect(methodSetProblems(csv.set)).toEqual([{ field: 'rows[1].cqCutoff', row: 2, message: 'method M-QPCR has cqCutoff "40" in row 1 but "" here' }]);
  });
});

describe('applyMethods: a result row’s method, LOD and LOQ', () => {
  const set = { id: 'set-1', name: 'lab-methods', effectiveDate: '2026-01-01' };
  const registry = toMethodRegistry(set, [
    { ...metals, methodId: 'M-ICP', analyte: 'lead', analyteGroup: 'metals', lod: '0.02', loq: '0.05', unit: 'µg/g' },
    { ...metals, methodId: 'M-ICP', analyte: 'cadmium', analyteGroup: 'metals', lod: null, loq: '0.05', unit: 'µg/g' },
  ]);
  const at = (i: number, field: string) => `analytes[${i}].${field}`;

  it('defaults LOD and LOQ from the method, converted to the row’s unit, and names the method with its SOP', () => {
    const { facts, errors } = applyMethods(
      'metals',
      [
        { analyte: 'lead', unit: 'ppb' },
        { analyte: 'cadmium', unit: 'µg/g' },
      ],
      registry,
      'M-ICP',
      at,
    );
    expect(errors).toEqual([]);
    expect(facts).toEqual([
      { methodId: 'M-ICP', methodSetId: 'set-1', method: 'Metals by ICP-MS (SOP-1 r1)', instrument: 'ICP-1', lod: '20', loq: '50' },
      { methodId: 'M-ICP', methodSetId: 'set-1', method: 'Metals by ICP-MS (SOP-1 r1)', instrument: 'ICP-1', lod: null, loq: '0.05' },
    ]);
  });

  it('scales the default limits by the dilution; a row may give a higher LOQ, never a lower one', () => {
    const { facts, errors } = applyMethods(
      'metals',
      [
        { analyte: 'lead', unit: 'µg/g', dilution: '10' },
        { analyte: 'cadmium', unit: 'µg/g', loq: '0.2' },
      ],
      registry,
      'M-ICP',
      at,
    );
    expect(errors).toEqual([]);
    expect(facts.map((f) => [f.lod, f.loq])).toEqual([
      ['0.2', '0.5'],
      [null, '0.2'],
    ]);
    const lower = applyMethods('metals', [{ analyte: 'lead', unit: 'µg/g', loq: '0.01', lod: '0.001' }], registry, 'M-ICP', at);
    expect(lower.errors).toEqual([
      { field: 'analytes[0].lod', message: "LOD 0.001 µg/g is below M-ICP's validated LOD for Lead (0.02 µg/g)" },
      { field: 'analytes[0].loq', message: "LOQ 0.01 µg/g is below M-ICP's validated LOQ for Lead (0.05 µg/g)" },
    ]);
  });

  it('refuses a picked method that is unknown or not validated for the analyte', () => {
    expect(applyMethods('metals', [{ analyte: 'mercury', unit: 'µg/g' }], registry, 'M-ICP', at).errors).toEqual([
      { field: 'analytes[0].methodId', message: 'method M-ICP is not validated for Mercury' },
    ]);
    expect(applyMethods('metals', [{ analyte: 'lead', unit: 'µg/g', methodId: 'M-X' }], registry, null, at).errors[0].message).toBe(
      'M-X is not a method of lab-methods; methods of metals: M-ICP',
    );
  });

  it('an import without a pick finds the method by the file’s method text or instrument, else leaves the row as given', () => {
    const byText = applyMethods('metals', [{ analyte: 'lead', unit: 'µg/g', method: 'm-icp', lod: '0.001' }], registry, null, at);
    expect(byText).toEqual({
      facts: [{ methodId: 'M-ICP', methodSetId: 'set-1', method: 'Metals by ICP-MS (SOP-1 r1)', instrument: 'ICP-1', lod: '0.001', loq: '0.05' }],
      errors: [],
    });
    expect(applyMethods('metals', [{ analyte: 'lead', unit: 'µg/g', instrument: 'icp-1' }], registry, null, at).facts[0].methodId).toBe('M-ICP');
    expect(
      applyMethods('metals', [{ analyte: 'lead', unit: 'µg/g', method: 'Pb_ICPMS.m', instrument: 'ICP-9', loq: '0.1' }], registry, null, at).facts[0],
    ).toEqual({
      methodId: null,
      methodSetId: null,
      method: 'Pb_ICPMS.m',
      instrument: 'ICP-9',
      lod: null,
      loq: '0.1',
    });
  });
});
