import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat, INSTRUMENT_FORMATS, parseInstrumentExport } from './parser-registry';
import { ParseError } from './parser.types';
import { decodeExport } from './text-input';

const ROOT = join(__dirname, '../../../test/fixtures/instrument-exports');
const files = [
  ...readdirSync(ROOT)
    .filter((f) => f.includes('.'))
    .map((f) => join(ROOT, f)),
  ...readdirSync(join(ROOT, 'authored')).map((f) => join(ROOT, 'authored', f)),
];

/** The fixture's format from its name: the one place a file name is used, to check detection. */
function expectedFormat(file: string): string {
  const name = file.split('/').pop()!;
  if (name.startsWith('perkinelmer-winlab32')) return 'perkinelmer-icp-csv';
  if (name.startsWith('shimadzu-gcms')) return 'shimadzu-gcms-summary';
  if (name.startsWith('generic-long')) return 'generic-long-csv';
  if (name.startsWith('biorad-cfx-cq')) return 'biorad-cfx-cq';
  return INSTRUMENT_FORMATS.find((f) => name.startsWith(f))!;
}

describe('instrument export detection', () => {
  it.each(files.filter((f) => !f.includes('generic-long-mapped')))('detects %s by content', (file) => {
    expect(detectFormat(decodeExport(readFileSync(file))).format).toBe(expectedFormat(file));
  });

  it('detects whatever the file is called', () => {
    const bytes = readFileSync(join(ROOT, '../real/agilent-masshunter-quant/agilent-masshunter-quant.csv'));
    expect(parseInstrumentExport(bytes).format).toBe('agilent-masshunter-quant');
  });

  it('lists every format tried when nothing matches', () => {
    expect(() => parseInstrumentExport(Buffer.from('hello,world\n1,2\n'))).toThrow(ParseError);
    expect(() => parseInstrumentExport(Buffer.from('hello,world\n1,2\n'))).toThrow(/tried .*Shimadzu.*generic-long-csv/);
  });

  it('takes a format override, and a column mapping for the generic CSV', () => {
    const mapped = readFileSync(join(ROOT, 'generic-long-mapped.csv'));
    expect(() => parseInstrumentExport(mapped)).toThrow(ParseError);
    expect(() => parseInstrumentExport(mapped, { format: 'no-such' as never })).toThrow(/unknown format "no-such"/);
  });
});
