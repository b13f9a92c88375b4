import { WA_PESTICIDES } from '../rules/analytes/pesticides';

/**
 * Demo and test data: a flower's complete panel (every analyte the panel set and the limit set
 * require, so it can be submitted) with every analyte inside the first limit set's limits. Each group
 * names its built-in method, as a technician picks it on hand entry: the method's label goes on the
 * COA and its LOD and LOQ fill the rows that give none, so a certificate of this panel may be released.
 */
export interface Row {
  analyte: string;
  value?: string;
  qualifier?: 'ND' | '<LOQ' | '>ULOQ';
  unit: string;
  loq?: string;
  lod?: string;
  /** Method text (a method id or name the registry resolves, else printed as given). */
  method?: string;
  methodId?: string;
}
export interface Group {
  group: string;
  /** The lab's method id (the method set in force must hold it). */
  methodId?: string;
  analytes: Row[];
}

/** The built-in method of each group (the method set seeded by the migrations, labtrace-methods-2025-v1). */
export const BUILT_IN_METHODS: Readonly<Record<string, string>> = {
  cannabinoids: 'LT-M-POT-01',
  terpenes: 'LT-M-TERP-01',
  metals: 'LT-M-MET-01',
  pesticides: 'LT-M-PEST-01',
  mycotoxins: 'LT-M-MYCO-01',
  microbials: 'LT-M-MICRO-01',
  residual_solvents: 'LT-M-RS-01',
  moisture: 'LT-M-MOIST-01',
  water_activity: 'LT-M-AW-01',
  foreign_matter: 'LT-M-FM-01',
};

const nd = (analyte: string, unit: string): Row => ({ analyte, qualifier: 'ND', unit });

/** Every pesticide of the list ND except bifenazate, reported in ppm as some instruments do. */
function pesticides(): Row[] {
  return WA_PESTICIDES.map((p) => (p.id === 'bifenazate' ? { analyte: p.name, value: '0.05', unit: 'ppm' } : nd(p.name, 'µg/g')));
}

/**
 * The panel; an override replaces a group's rows. A row named twice in an override keeps the last
 * (so a caller may append a changed row to the passing group's rows).
 */
export function passingFlowerPanel(overrides: Record<string, Row[]> = {}): Group[] {
  const groups: Group[] = [
    {
      group: 'cannabinoids',
      analytes: [
        { analyte: 'THCA', value: '24.10', unit: '%', loq: '0.05' },
        { analyte: 'Δ9-THC', value: '0.82', unit: '%', loq: '0.05' },
        { analyte: 'CBDA', value: '0.06', unit: '%', loq: '0.05' },
        { analyte: 'CBD', qualifier: 'ND', unit: '%', loq: '0.05' },
        { analyte: 'CBG', value: '0.41', unit: '%', loq: '0.05' },
      ],
    },
    {
      group: 'terpenes',
      analytes: [
        { analyte: 'beta-Myrcene', value: '0.52', unit: '%' },
        { analyte: 'Limonene', value: '0.31', unit: '%' },
      ],
    },
    {
      group: 'metals',
      analytes: [
        { analyte: 'Lead', value: '0.12', unit: 'µg/g', loq: '0.05' },
        { analyte: 'Arsenic', value: '0.03', unit: 'ug/g', loq: '0.05' },
        { analyte: 'Cadmium', qualifier: '<LOQ', unit: 'µg/g', loq: '0.05' },
        { analyte: 'Mercury', qualifier: 'ND', unit: 'µg/g' },
        { analyte: 'Nickel', value: '0.4', unit: 'µg/g' },
        { analyte: 'Chromium', value: '1.1', unit: 'µg/g' },
        { analyte: 'Copper', value: '6.2', unit: 'µg/g' },
        { analyte: 'Antimony', qualifier: 'ND', unit: 'µg/g' },
      ],
    },
    {
      group: 'pesticides',
      analytes: pesticides(),
    },
    {
      group: 'mycotoxins',
      analytes: [
        nd('Aflatoxin B1', 'µg/kg'),
        nd('Aflatoxin B2', 'µg/kg'),
        { analyte: 'Aflatoxin G1', value: '1.2', unit: 'ppb' },
        nd('Aflatoxin G2', 'µg/kg'),
        nd('Ochratoxin A', 'µg/kg'),
      ],
    },
    {
      group: 'microbials',
      analytes: [
        nd('Aspergillus fumigatus', 'CFU/g'),
        nd('Aspergillus flavus', 'CFU/g'),
        nd('Aspergillus niger', 'CFU/g'),
        nd('Aspergillus terreus', 'CFU/g'),
        nd('Salmonella', 'CFU/g'),
        nd('STEC', 'CFU/g'),
        { analyte: 'Total yeast and mold', value: '25000', unit: 'CFU/g' },
        { analyte: 'TAC', value: '120000', unit: 'CFU/g' },
      ],
    },
    { group: 'moisture', analytes: [{ analyte: 'Moisture', value: '11.2', unit: '%' }] },
    { group: 'water_activity', analytes: [{ analyte: 'Water activity', value: '0.58', unit: 'aw' }] },
    {
      group: 'foreign_matter',
      analytes: [
        { analyte: 'foreign-matter-stems', value: '1.0', unit: '%' },
        { analyte: 'foreign-matter-seeds-other', value: '0.2', unit: '%' },
      ],
    },
  ];
  return groups.map((g) => {
    const method = BUILT_IN_METHODS[g.group];
    if (!overrides[g.group]) return { ...g, methodId: method };
    // A caller's rows may give an LOQ below the method's validated one, which a picked method refuses: they
    // name the method as text instead, which the registry resolves (label, LOD, LOQ) keeping what the row gave.
    return { ...g, analytes: lastOfEach(overrides[g.group]).map((row) => (row.method || row.methodId ? row : { ...row, method })) };
  });
}

function lastOfEach(rows: Row[]): Row[] {
  const byName = new Map<string, Row>();
  for (const row of rows) {
    const key = row.analyte.toLowerCase();
    byName.delete(key);
    byName.set(key, row);
  }
  return [...byName.values()];
}
