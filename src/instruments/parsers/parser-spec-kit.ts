import * as fs from 'fs';
import * as path from 'path';
import { InstrumentParser, ParsedRow, ParseError } from './parser.types';
import { decodeExport } from './text-input';

/**
 * Shared setup for the parser specs (this file holds no tests). Fixtures live in
 * test/fixtures/instrument-exports, its authored/ folder and the folders of test/fixtures/real;
 * names are unique across all of them, so a spec names a fixture by its file name alone.
 */

const FIXTURES = path.join(__dirname, '../../../test/fixtures/instrument-exports');
/** Real exports from public sources, one folder per format (and foreign/ for formats not read). */
const REAL = path.join(__dirname, '../../../test/fixtures/real');
const FIXTURE_DIRS = [
  FIXTURES,
  path.join(FIXTURES, 'authored'),
  ...fs
    .readdirSync(REAL)
    .map((name) => path.join(REAL, name))
    .filter((dir) => fs.statSync(dir).isDirectory()),
];

function fixturePaths(): Map<string, string> {
  const paths = new Map<string, string>();
  for (const dir of FIXTURE_DIRS) {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (!fs.statSync(file).isFile()) continue;
      if (paths.has(name)) throw new Error(`fixture name ${name} is used twice`);
      paths.set(name, file);
    }
  }
  return paths;
}

/** Every instrument export fixture, by file name. */
export function fixtureNames(): string[] {
  return [...fixturePaths().keys()];
}

/** The fixture's bytes as stored (encoding, BOM and line ends untouched). */
export function fixtureBytes(name: string): Buffer {
  const file = fixturePaths().get(name);
  if (!file) throw new Error(`no instrument export fixture named ${name}`);
  return fs.readFileSync(file);
}

/** The fixture decoded the way an upload is (BOM, UTF-16, CRLF normalised). */
export function loadFixture(name: string): string {
  return decodeExport(fixtureBytes(name));
}

/** Every fixture except the given ones. */
export function otherFixtures(own: readonly string[]): string[] {
  return fixtureNames().filter((name) => !own.includes(name));
}

/**
 * The fixtures the parser claims, for `expect(fixturesDetectedBy(parser)).toEqual(new Set(own))`.
 * The kit asserts nothing itself: the app build (tsconfig.build.json) compiles it without jest types.
 */
export function fixturesDetectedBy(parser: InstrumentParser): Set<string> {
  return new Set(fixtureNames().filter((name) => parser.detect(loadFixture(name))));
}

/** The row of a sample, analyte and kind (a sample by default). */
export function findRow(rows: ParsedRow[], sampleRef: string, analyte: string, kind = 'sample'): ParsedRow | undefined {
  return rows.find((r) => r.sampleRef === sampleRef && r.analyte === analyte && r.kind === kind);
}

/** Looks rows up by sample and analyte, whatever their kind. */
export function rowFinder(rows: ParsedRow[]): (sampleRef: string, analyte: string) => ParsedRow | undefined {
  return (sampleRef, analyte) => rows.find((r) => r.sampleRef === sampleRef && r.analyte === analyte);
}

/** How many rows of each kind, for one assertion over a batch's QC layout. */
export function kindCounts(rows: ParsedRow[]): Record<string, number> {
  return rows.reduce<Record<string, number>>((n, r) => ({ ...n, [r.kind]: (n[r.kind] ?? 0) + 1 }), {});
}

/** The ParseError the call throws; fails when it throws nothing or something else. */
export function parseErrorOf(run: () => unknown): ParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}
