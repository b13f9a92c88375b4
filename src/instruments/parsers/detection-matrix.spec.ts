import * as fs from 'fs';
import * as path from 'path';
import { FOREIGN_REAL_EXPORTS, formatEvidence, REAL_EXPORTS, REFUSED_REAL_EXPORTS } from './format-evidence';
import { detectFormat, INSTRUMENT_FORMATS, INSTRUMENT_PARSERS } from './parser-registry';
import { fixtureNames, loadFixture } from './parser-spec-kit';
import { InstrumentFormat } from './parser.types';
import { decodeExport } from './text-input';

/**
 * Every fixture, real and authored, against every parser's detector: exactly one claims each file of
 * a supported format, none claims a foreign one. Detection is by content, so a new layout that two
 * detectors both claim (or none) fails here before it reaches a lab.
 */

const FIXTURES = path.join(__dirname, '../../../test/fixtures');

/** Our own fixtures (instrument-exports/ and authored/): who must claim each. */
const AUTHORED_OWNERS: Record<string, InstrumentFormat | 'mapping-only'> = {
  'agilent-masshunter-quant-cannabis.csv': 'agilent-masshunter-quant',
  'biorad-cfx-cq-cannabis.csv': 'biorad-cfx-cq',
  'generic-long-decimal-comma.csv': 'generic-long-csv',
  'generic-long.csv': 'generic-long-csv',
  // Read only through a saved column mapping (the format is named, never detected).
  'generic-long-mapped.csv': 'mapping-only',
  'perkinelmer-winlab32-cannabis.csv': 'perkinelmer-icp-csv',
  'shimadzu-gcms-cannabis.txt': 'shimadzu-gcms-summary',
  'agilent-chemstation-report-LT-2611-000123.txt': 'agilent-chemstation-report',
  'agilent-chemstation-report-ccv.txt': 'agilent-chemstation-report',
  'agilent-icpms-masshunter-metals.csv': 'agilent-icpms-masshunter',
  'moisture-analyzer-mettler-hx204.txt': 'moisture-analyzer',
  'moisture-analyzer-ohaus-mb120.txt': 'moisture-analyzer',
  'sciex-multiquant-pesticides.txt': 'sciex-multiquant',
  'shimadzu-labsolutions-ascii-edible-decimal-comma.txt': 'shimadzu-labsolutions-ascii',
  'shimadzu-labsolutions-ascii-potency-batch.txt': 'shimadzu-labsolutions-ascii',
  'water-activity-aqualab-4te.csv': 'water-activity',
  'waters-targetlynx-mycotoxins.txt': 'waters-targetlynx',
};

function realOwners(): Map<string, InstrumentFormat | 'foreign'> {
  const owners = new Map<string, InstrumentFormat | 'foreign'>();
  for (const format of INSTRUMENT_FORMATS) for (const file of REAL_EXPORTS[format]) owners.set(path.basename(file), format);
  for (const [file, format] of Object.entries(REFUSED_REAL_EXPORTS)) owners.set(path.basename(file), format);
  for (const file of FOREIGN_REAL_EXPORTS) owners.set(path.basename(file), 'foreign');
  return owners;
}

function ownerOf(name: string): InstrumentFormat | 'mapping-only' | 'foreign' | undefined {
  return realOwners().get(name) ?? AUTHORED_OWNERS[name];
}

const claimants = (text: string) => INSTRUMENT_PARSERS.filter((p) => p.detect(text)).map((p) => p.format);

describe('detection matrix', () => {
  it('knows who owns every fixture (a new fixture must say which format it is)', () => {
    expect(fixtureNames().filter((name) => ownerOf(name) === undefined)).toEqual([]);
  });

  it.each(fixtureNames())('%s is claimed by its own format only (a foreign file by none)', (name) => {
    const owner = ownerOf(name);
    const expected = owner === 'foreign' || owner === 'mapping-only' || owner === undefined ? [] : [owner];
    expect(claimants(loadFixture(name))).toEqual(expected);
  });

  it.each(fs.readdirSync(path.join(FIXTURES, 'coa-pdfs')))('no instrument parser claims the COA PDF %s', (name) => {
    expect(claimants(decodeExport(fs.readFileSync(path.join(FIXTURES, 'coa-pdfs', name))))).toEqual([]);
  });

  it.each([
    ['an empty file', ''],
    ['a header line only', 'Sample,Analyte,Value\n'],
    ['a spreadsheet of prices', 'Item,Price,Qty\nRolling papers,1.99,3\n'],
    [
      'a TargetLynx Quantify *Sample* Summary Report',
      'Quantify Sample Summary Report\n\nSample 1:  STD 1\n\n\t#\tName\tRT\tArea\n1\t1\tAflatoxin B1\t3.42\t12107\n',
    ],
  ])('no parser claims %s', (_, text) => {
    expect(claimants(text)).toEqual([]);
  });
});

describe('real exports and their provenance', () => {
  const declared = [...INSTRUMENT_FORMATS.flatMap((f) => REAL_EXPORTS[f]), ...Object.keys(REFUSED_REAL_EXPORTS), ...FOREIGN_REAL_EXPORTS];

  it('every file under test/fixtures/real is declared in format-evidence.ts, in its own format folder', () => {
    const onDisk = fs
      .readdirSync(path.join(FIXTURES, 'real'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((dir) => fs.readdirSync(path.join(FIXTURES, 'real', dir.name)).map((file) => `real/${dir.name}/${file}`));
    expect(new Set(onDisk)).toEqual(new Set(declared.filter((file) => file.startsWith('real/'))));
    for (const format of INSTRUMENT_FORMATS) {
      for (const file of REAL_EXPORTS[format].filter((f) => f.startsWith('real/'))) expect(file.split('/')[1]).toBe(format);
    }
    for (const [file, format] of Object.entries(REFUSED_REAL_EXPORTS)) expect(file.split('/')[1]).toBe(format);
  });

  it('every declared file exists and has a line in a SOURCES.md', () => {
    const sources = ['SOURCES.md', 'real/SOURCES.md'].map((file) => fs.readFileSync(path.join(FIXTURES, file), 'utf8')).join('\n');
    for (const file of declared) {
      expect(fs.existsSync(path.join(FIXTURES, file))).toBe(true);
      expect(sources.includes(path.basename(file))).toBe(true);
    }
  });

  it.each(INSTRUMENT_FORMATS.flatMap((format) => REAL_EXPORTS[format].map((file) => [format, file] as const)))(
    '%s reads its real export %s into rows',
    (format, file) => {
      const text = decodeExport(fs.readFileSync(path.join(FIXTURES, file)));
      const parser = detectFormat(text);
      expect(parser.format).toBe(format);
      expect(parser.parse(text).rows.length).toBeGreaterThan(0);
    },
  );

  it.each(Object.entries(REFUSED_REAL_EXPORTS))('%s is claimed by %s and refused as not quantitative', (file, format) => {
    const text = decodeExport(fs.readFileSync(path.join(FIXTURES, file)));
    const parser = detectFormat(text);
    expect(parser.format).toBe(format);
    expect(() => parser.parse(text)).toThrow(/^line \d+: not quantitative: /);
  });

  it('labels a format with real files "real-files" and the rest "documentation"', () => {
    expect(formatEvidence('waters-targetlynx')).toBe('real-files');
    expect(formatEvidence('agilent-masshunter-quant')).toBe('real-files');
    expect(formatEvidence('water-activity')).toBe('documentation');
    expect(formatEvidence('generic-long-csv')).toBe('documentation');
  });
});
