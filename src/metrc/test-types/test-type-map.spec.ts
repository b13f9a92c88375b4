import { ANALYTES } from '../../rules/analytes/vocabulary';
import { loadTestTypeMaps, mapInForce, parseTestTypeMap, TestTypeMap } from './test-type-map';

describe('the Metrc test-type maps in src/metrc/data', () => {
  const maps = loadTestTypeMaps();

  it('loads, each with a name, an effective date and a source', () => {
    expect(maps.length).toBeGreaterThan(0);
    for (const m of maps)
      expect(m).toEqual(
        expect.objectContaining({ name: expect.any(String), effectiveDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), source: expect.any(String) }),
      );
  });

  it('leaves no LabTrace analyte unaccounted for: each has a Metrc type or a stated reason not to report it', () => {
    for (const map of maps) {
      const covered = (a: (typeof ANALYTES)[number]) => [...map.types, ...map.notReported].some((e) => e.analytes?.includes(a.id) || e.group === a.group);
      expect({ map: map.name, uncovered: ANALYTES.filter((a) => !covered(a)).map((a) => a.id) }).toEqual({ map: map.name, uncovered: [] });
    }
  });

  it('chooses the latest in force, or the one named', () => {
    const older: TestTypeMap = { ...maps[0], name: 'older', effectiveDate: '2025-01-01' };
    const future: TestTypeMap = { ...maps[0], name: 'future', effectiveDate: '2099-01-01' };
    expect(mapInForce([older, maps[0], future], null, new Date('2026-12-01')).name).toBe(maps[0].name);
    expect(mapInForce([older, maps[0], future], 'older').name).toBe('older');
    expect(() => mapInForce([older], 'nope')).toThrow(/No Metrc test-type map named nope; known: older/);
  });
});

describe('parseTestTypeMap', () => {
  const base = { name: 'x', effectiveDate: '2026-01-01', source: 'test', notReported: [] };

  it('names every problem at once', () => {
    const bad = {
      ...base,
      types: [
        { type: 'Lead (µg/g)', analytes: ['lead'], quantity: 'value' },
        { type: 'Lead again', analytes: ['lead', 'unobtainium'], quantity: 'value', unit: 'µg/g' },
        { type: 'Both', analytes: ['cadmium'], group: 'metals', quantity: 'presence' },
        { type: 'Odd', group: 'metals', quantity: 'average' },
      ],
    };
    const message = (() => {
      try {
        parseTestTypeMap(bad, 'bad.test-types.json');
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/^Metrc test-type map bad\.test-types\.json: /);
    expect(message).toContain('types[0] (Lead (µg/g)): a value type needs its unit');
    expect(message).toContain('types[1] (Lead again): a value type covers exactly one analyte');
    expect(message).toContain('unknown analyte id unobtainium');
    expect(message).toContain('analyte lead is already covered by types[0] (Lead (µg/g))');
    expect(message).toContain('types[2] (Both): give either analytes or group');
    expect(message).toContain('types[3] (Odd): quantity must be one of value, presence, sum, failing_count');
  });

  it('requires a reason for anything not reported', () => {
    expect(() => parseTestTypeMap({ ...base, types: [], notReported: [{ group: 'terpenes' }] }, 'f')).toThrow(/notReported\[0\]: reason is required/);
  });
});
