import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { renderCoaPdf } from '../../certificates/coa/coa-pdf';
import type { CoaAnalyteLine, CoaView } from '../../certificates/coa/coa-view';
import { coaViewFixture } from '../../certificates/coa/coa-view.fixture';
import { ParsePool } from '../../common/parsing/parse-pool';
import { ParsingError } from '../../common/parsing/parsing.errors';
import { parseCoaText } from '../coa-pdf/coa-import';
import { CoaParseError, ParsedCoa } from '../coa-pdf/coa-layout.types';
import { repairLigatures } from '../coa-pdf/coa-text';
import { PdfParseTextExtractor } from '../coa-pdf/pdf-text';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import { readCoaOffThread } from './off-thread';

/**
 * Property tests over every COA layout: the text of real COA PDFs (and of our own rendered COA),
 * mutated at random with a fixed seed, never makes parseCoaText throw anything but CoaParseError,
 * stays within the budget, and never yields an analyte row whose name or value is not in the text.
 * Hostile and mutated PDF bytes go through the parsing pool as an import does. FUZZ_RUNS / FUZZ_SEED
 * make a longer run.
 */

const ROOT = join(__dirname, '..', '..', '..');
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const BUDGET_MS = 2000;
const PDF_DIR = join(ROOT, 'test/fixtures/coa-pdfs');
const HOSTILE = join(ROOT, 'test/fixtures/hostile');

const line = (analyte: string, result: string, unit: string, limit: string): CoaAnalyteLine => ({ analyte, result, unit, loq: '0.05', limit, status: 'pass' });

/** One of our own COAs, so that the LabTrace layout is fuzzed from real rendered text too. */
function labtraceView(): CoaView {
  const base = coaViewFixture();
  return coaViewFixture({
    lab: { ...base.lab, name: 'Catskill Lab' },
    sample: { ...base.sample, labCode: 'LT-2611-000123' },
    releasedBy: 'Morgan Lee',
    groups: [
      {
        group: 'metals',
        title: 'Heavy Metals',
        status: 'pass',
        method: 'ICP-MS (SOP-12)',
        analysedAt: '2026-11-28',
        lines: [line('Lead', '0.12', 'µg/g', '≤ 0.50 µg/g'), line('Arsenic', 'ND', 'µg/g', '≤ 0.20 µg/g'), line('Cadmium', '<LOQ', 'µg/g', '≤ 0.20 µg/g')],
      },
      {
        group: 'mycotoxins',
        title: 'Mycotoxins',
        status: 'pass',
        method: 'LC-MS/MS (SOP-7)',
        analysedAt: '2026-11-28',
        lines: [line('Aflatoxin B1', 'ND', 'µg/kg', '≤ 20 µg/kg'), line('Ochratoxin A', '3.1', 'µg/kg', '≤ 20 µg/kg')],
      },
    ],
  });
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 300 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 600 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('\u0000', '\ufffd', '\n', ' ', 'ND', '<LOQ', 'PASS', 'FAIL', '1e400', '-- 1 of 2 --', '%', 'Certificate of Analysis'),
    ),
  }),
  fc.record({ kind: fc.constant('run' as const), at: fc.nat(), char: fc.constantFrom(' ', 'a', '\u0000', '-', '1', '\n'), length: fc.nat({ max: 5000 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.kind === 'duplicate') out = out.slice(0, at + m.length) + out.slice(at);
    else if (m.kind === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else out = out.slice(0, at) + m.char.repeat(m.length) + out.slice(at);
  }
  return out;
}

/** Parses; answers undefined for a CoaParseError (the layouts' one refusal), rethrows anything else. */
function parseTimed(text: string): { parsed?: ParsedCoa; ms: number } {
  const start = performance.now();
  try {
    return { parsed: parseCoaText(text), ms: performance.now() - start };
  } catch (error) {
    if (error instanceof CoaParseError) return { ms: performance.now() - start };
    throw error;
  }
}

/** Each word of each analyte name and each value's digits are in the text (ligatures repaired and lines unwrapped, as the layouts do). */
function expectRowsFromText(text: string, parsed: ParsedCoa | undefined): void {
  if (!parsed) return;
  const seen = repairLigatures(text).text;
  // Layouts join a name the PDF wrapped over two lines ("Chlorantranilip-" / "role").
  const unwrapped = seen.replace(/[\s-]+/g, '');
  for (const row of parsed.analytes) {
    const words = row.analyte.match(/[\p{L}\p{N}]+/gu) ?? [];
    expect({ analyte: row.analyte, missing: words.filter((w) => !unwrapped.includes(w)) }).toEqual({ analyte: row.analyte, missing: [] });
    if (row.value !== undefined) {
      const digits = row.value.replace(/^-/, '').replace(/\.?0+$/, '');
      expect({ analyte: row.analyte, value: row.value, inText: seen.replace(/,/g, '').includes(digits) }).toEqual({
        analyte: row.analyte,
        value: row.value,
        inText: true,
      });
    }
  }
}

describe('COA layouts under mutation', () => {
  const texts: Array<{ name: string; text: string }> = [];
  const timings: number[] = [];

  beforeAll(async () => {
    const extractor = new PdfParseTextExtractor();
    for (const name of readdirSync(PDF_DIR).filter((n) => n.endsWith('.pdf')))
      texts.push({ name, text: (await extractor.extract(readFileSync(join(PDF_DIR, name)))).text });
    texts.push({ name: 'labtrace (rendered)', text: (await extractor.extract(await renderCoaPdf(labtraceView()))).text });
  }, 60_000);
  afterAll(() => console.log(`COA layout fuzz: ${timings.length} parses, max ${Math.max(...timings).toFixed(1)} ms`));

  it('starts from a text of every layout', () => {
    expect(new Set(texts.map((t) => parseCoaText(t.text).layout))).toEqual(new Set(['labtrace', 'confident-cannabis', 'sc-labs', 'kaycha']));
    for (const { text } of texts) expectRowsFromText(text, parseCoaText(text));
  });

  it('never throw anything but CoaParseError, stay within the budget, and take every row from the text', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const text = mutate(texts[index % texts.length].text, mutations);
        const { parsed, ms } = parseTimed(text);
        timings.push(ms);
        expect(ms).toBeLessThan(BUDGET_MS);
        expectRowsFromText(text, parsed);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reads a 1 MB line of letters, NULs or spaces inside a real COA within the budget', () => {
    for (const run of ['a', '\u0000', ' ', 'a-'])
      for (const { text } of texts) {
        const { parsed, ms } = parseTimed(text.replace('\n', `\n${run.repeat((1024 * 1024) / run.length)}\n`));
        timings.push(ms);
        expect(ms).toBeLessThan(BUDGET_MS);
        expectRowsFromText(text, parsed);
      }
  });
});

describe('hostile and mutated PDFs through the parsing pool', () => {
  const pool = new ParsePool({ workers: 2, queueMax: 50, budgetMs: 20_000, memoryMb: 256 });
  afterAll(() => pool.close());
  const read = (bytes: Buffer, filename: string) => readCoaOffThread(pool, { bytes, filename }, 20 * 1024 * 1024);

  it.each([
    ['zip-as-pdf.pdf', InstrumentsErrorCode.UNREADABLE_FILE, 'The file is not a PDF (no %PDF- header).'],
    ['pdf-header-only.pdf', InstrumentsErrorCode.UNREADABLE_FILE, expect.stringMatching(/^The PDF is damaged or truncated and cannot be read/)],
    ['truncated.pdf', InstrumentsErrorCode.UNREADABLE_FILE, expect.stringMatching(/^The PDF (is damaged or truncated|could not be read)/)],
  ])('%s is refused as %s', async (name, code, message) => {
    await expect(read(readFileSync(join(HOSTILE, name)), name)).rejects.toMatchObject({ code, message });
  });

  it('reads our own COA there exactly as in-process', async () => {
    const pdf = await renderCoaPdf(labtraceView());
    const inProcess = parseCoaText((await new PdfParseTextExtractor().extract(pdf)).text);
    await expect(read(pdf, 'ours.pdf')).resolves.toEqual(inProcess);
  });

  it('answers mutated real PDFs with a COA or a refusal, never a crash, within the budget', async () => {
    const pdfs = readdirSync(PDF_DIR)
      .filter((n) => n.endsWith('.pdf'))
      .map((n) => readFileSync(join(PDF_DIR, n)));
    const cases = fc.sample(
      fc.record({
        pdf: fc.nat({ max: pdfs.length - 1 }),
        cut: fc.double({ min: 0.05, max: 1, noNaN: true }),
        flips: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 30 }),
      }),
      { seed: SEED, numRuns: Number(process.env.FUZZ_PDF_RUNS ?? 6) },
    );
    for (const c of cases) {
      const source = pdfs[c.pdf];
      const bytes = Buffer.from(source.subarray(0, Math.max(16, Math.floor(source.length * c.cut))));
      for (const [at, value] of c.flips) bytes[1024 + (at % Math.max(1, bytes.length - 1024))] = value;
      const start = performance.now();
      const outcome = await read(bytes, 'mutated.pdf').catch((e: unknown) => e);
      expect(performance.now() - start).toBeLessThan(20_000);
      if (outcome instanceof Error) expect(outcome instanceof InstrumentsError || outcome instanceof ParsingError).toBe(true);
      else expect(outcome).toHaveProperty('layout');
    }
  }, 120_000);
});
