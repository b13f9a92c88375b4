import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseUnclaimed, ExportDiagnosis, hasSignature, NearMiss, UnrecognisedExportError } from './near-miss';
import { detectFormat, INSTRUMENT_PARSERS, parseInstrumentExport } from './parser-registry';
import { fixtureNames, loadFixture } from './parser-spec-kit';
import { decodeExport } from './text-input';

/** What detection answers for a file no parser claims. */
function refusalOf(text: string): UnrecognisedExportError {
  try {
    detectFormat(text);
  } catch (e) {
    if (e instanceof UnrecognisedExportError) return e;
    throw e;
  }
  throw new Error('a parser claimed the file');
}

function closestOf(diagnosis: ExportDiagnosis): NearMiss {
  if (diagnosis.kind !== 'no_format_matched' || !diagnosis.closest) throw new Error(`no closest format: ${JSON.stringify(diagnosis)}`);
  return diagnosis.closest;
}

/** The long MassHunter table with its two concentration columns (5th and 6th) cut from every line. */
function massHunterWithoutConcentration(): string {
  return loadFixture('senaite-core-masshunter-long-terpenes-gcfid.csv')
    .split('\n')
    .map((line) => {
      const cells = line.split(',');
      return cells.length > 6 ? [...cells.slice(0, 4), ...cells.slice(6)].join(',') : line;
    })
    .join('\n');
}

describe('near-miss signatures mirror the detectors', () => {
  // The markers restate each detector; if they drift, a refusal would blame the wrong marker.
  const synthetic = [
    massHunterWithoutConcentration(),
    'colour,flavour\nred,cherry\n',
    'Quantify Compound Summary Report\n\nCompound 1: THC\n\n1\tLT-1\t2.0\n',
    'Sample Name,Sample Type,Component Name,Calculated Concentration\nA,Unknown,THC,1.2\n',
  ];

  it.each(fixtureNames())('%s has all of a format’s markers exactly when that format’s detector claims it', (name) => {
    const text = loadFixture(name);
    for (const parser of INSTRUMENT_PARSERS) expect([parser.format, hasSignature(text, parser.format)]).toEqual([parser.format, parser.detect(text)]);
  });

  it('and so on the synthetic near misses', () => {
    for (const text of synthetic)
      for (const parser of INSTRUMENT_PARSERS) expect([parser.format, hasSignature(text, parser.format)]).toEqual([parser.format, false]);
  });
});

describe('why no format claimed a file', () => {
  it('a MassHunter long table without its concentration columns: closest MassHunter Quant, the header line and its columns named', () => {
    const refusal = refusalOf(massHunterWithoutConcentration());
    const closest = closestOf(refusal.diagnosis);
    expect(closest).toMatchObject({
      format: 'agilent-masshunter-quant',
      layout: 'long compound table',
      score: 0.67,
      found: [
        { marker: 'a header line starting “SampleID,”', line: 15 },
        { marker: 'a “Compound” column in the SampleID header', line: 15 },
      ],
      missing: 'a “FinalConcentration” or “CalculatedConcentration” column in the SampleID header',
    });
    expect(closest.instead?.line).toBe(15);
    expect(closest.instead?.cells?.slice(0, 6)).toEqual(['SampleID', 'CompoundID', 'SampleName', 'Compound', 'Dilution', 'AcqOperator']);
    // Its first line is "Analysis Time,7/13/2017 9:55,,,": metadata, not a header a mapping could name.
    expect(refusal.diagnosis).not.toHaveProperty('header');
    expect(refusal.message).toMatch(
      /^the file matches no known instrument export; closest is Agilent MassHunter .* \(long compound table\): it has a header line starting “SampleID,” and a “Compound” column in the SampleID header \(line 15\) but lacks a “FinalConcentration” or “CalculatedConcentration” column in the SampleID header; that line has the columns SampleID, CompoundID, SampleName, Compound, Dilution, AcqOperator,/,
    );
  });

  it('a TargetLynx report without its “#, Name” header rows: closest TargetLynx, the data row found in its place', () => {
    const text = loadFixture('p2m2tools-190522-97.txt')
      .split('\n')
      .filter((line) => !/^#?\tName\t/.test(line))
      .join('\n');
    const closest = closestOf(refusalOf(text).diagnosis);
    expect(closest).toMatchObject({
      format: 'waters-targetlynx',
      score: 0.5,
      found: [{ marker: 'the “Quantify Compound Summary Report” title', line: 1 }],
      missing: 'a tab-separated “#, Name, …” header row above the compound tables',
      instead: { line: 7, text: '1\t130522_Std290920_96_Inj01\t2.000\t13-May-22\t10:38:48\t4.20\t1728.543\tAnalyte\t\t15:11:38\t' },
    });
  });

  it('a real TargetLynx *Sample* Summary Report: closest TargetLynx, saying to export the Compound Summary Report', () => {
    const refusal = refusalOf(loadFixture('p2m2tools-targetlynx-quantify-sample-summary.txt'));
    const closest = closestOf(refusal.diagnosis);
    expect(closest).toEqual({
      format: 'waters-targetlynx',
      label: 'Waters TargetLynx Quantify Compound Summary Report',
      score: 0.5,
      found: [{ marker: 'a tab-separated “#, Name, …” header row above the compound tables', line: 7 }],
      missing: 'no “Quantify Sample Summary Report” title',
      lacks:
        'is a TargetLynx “Quantify Sample Summary Report” (one table per injection), not the Quantify Compound Summary Report LabTrace reads; export the Compound Summary Report from TargetLynx instead',
    });
    expect(refusal.message).toMatch(
      /^the file matches no known instrument export; closest is Waters TargetLynx Quantify Compound Summary Report: it has a tab-separated “#, Name, …” header row above the compound tables \(line 7\) but is a TargetLynx “Quantify Sample Summary Report” \(one table per injection\), not the Quantify Compound Summary Report LabTrace reads; export the Compound Summary Report from TargetLynx instead; tried /,
    );
  });

  it('a TargetLynx report whose blocks have no header rows names the first data row, not a line of padding tabs', () => {
    const text = loadFixture('gnd96-translator-demo-13c-pyruvate-lactate.txt')
      .split('\n')
      .filter((line) => !line.startsWith('\t#\tName\t'))
      .join('\n');
    expect(closestOf(refusalOf(text).diagnosis)).toMatchObject({
      format: 'waters-targetlynx',
      missing: 'a tab-separated “#, Name, …” header row above the compound tables',
      instead: { line: 7, text: '17\t17\tXS1_240322_01_NC_C_A1\t\t0\t14.23\t14.487\t\t14.487\tbb\t\t\t4' },
    });
  });

  it('a real MultiQuant table of peak areas only: closest SCIEX, its columns named', () => {
    const closest = closestOf(refusalOf(loadFixture('msorganiser-multiquant-areas-only.txt')).diagnosis);
    expect(closest).toMatchObject({
      format: 'sciex-multiquant',
      score: 0.6,
      missing: 'a “Sample Type” column on line 1',
      instead: { line: 1, cells: ['Sample Name', 'Component Name', 'Area', 'Retention Time', 'Width at 50%', 'Signal / Noise'] },
    });
  });

  it('a ChemStation report under a custom title (UTF-16): closest ChemStation, the title line it has instead', () => {
    const text = loadFixture('agilent-chemstation-report-LT-2611-000123.txt').replace('External Standard Report', 'Potency Summary Report');
    const closest = closestOf(refusalOf(text).diagnosis);
    expect(closest).toMatchObject({
      format: 'agilent-chemstation-report',
      score: 0.75,
      found: [
        { marker: 'a “Sample Name:” line', line: 2 },
        { marker: 'an “Injection Date :” line', line: 8 },
        { marker: 'a peak table with a “RetTime” column', line: 30 },
      ],
      missing: 'a report title (“External Standard Report”, “Internal Standard Report”, “Area Percent Report”…)',
    });
    expect(closest.instead).toMatchObject({ line: 19, text: expect.stringMatching(/^ +Potency Summary Report$/) });
  });

  it('a MultiQuant table saved with commas: closest SCIEX, lacking the tabs, its columns named', () => {
    const closest = closestOf(refusalOf('Sample Name,Sample Type,Component Name,Calculated Concentration\nA,Unknown,THC,1.2\n').diagnosis);
    expect(closest).toMatchObject({
      format: 'sciex-multiquant',
      score: 0.8,
      missing: 'a tab-separated header on line 1',
      instead: { line: 1, cells: ['Sample Name', 'Sample Type', 'Component Name', 'Calculated Concentration'] },
    });
  });

  it('a CFX export with Ct for Cq: closest Bio-Rad, and its header offered for a column mapping', () => {
    const text = loadFixture('biorad-cfx-cq-results.csv').replace(',Cq,', ',Ct,');
    const diagnosis = refusalOf(text).diagnosis;
    expect(closestOf(diagnosis)).toMatchObject({ format: 'biorad-cfx-cq', score: 0.75, missing: 'a “Cq” column' });
    expect(diagnosis).toMatchObject({ header: { line: 1, delimiter: ',' } });
    if (diagnosis.kind === 'no_format_matched') expect(diagnosis.header?.cells.slice(0, 5)).toEqual(['', 'Well', 'Fluor', 'Target', 'Content']);
  });

  it('a CSV of unknown columns: the generic long CSV is closest and its header is offered for mapping', () => {
    const refusal = refusalOf('colour,flavour\nred,cherry\n');
    expect(refusal.diagnosis).toEqual({
      kind: 'no_format_matched',
      closest: expect.objectContaining({ format: 'generic-long-csv', score: 0, missing: 'a “sample” column' }),
      header: { line: 1, delimiter: ',', cells: ['colour', 'flavour'] },
    });
    expect(refusal.message).toMatch(
      /^the file matches no known instrument export; its header \(line 1: colour, flavour\) is no vendor layout and lacks the generic long CSV columns sample, analyte, value, unit, lod, loq; map its columns to sample, analyte and value to import it; tried .*MassHunter/,
    );
  });

  it('a lab’s own CSV with quoted, semicolon or tab headers: the cells as a mapping would name them', () => {
    const quoted = refusalOf(loadFixture('generic-long-mapped.csv')).diagnosis;
    expect(quoted).toMatchObject({
      closest: { format: 'generic-long-csv', instead: { line: 1, cells: ['Lab Code', 'Test', 'Result', 'Units', 'MDL', 'PQL', 'QC Type'] } },
      header: { line: 1, delimiter: ',', cells: ['Lab Code', 'Test', 'Result', 'Units', 'MDL', 'PQL', 'QC Type'] },
    });
    expect(refusalOf('\n\nProbe;Analyt;Wert\nA;THC;1,2\n').diagnosis).toMatchObject({
      header: { line: 3, delimiter: ';', cells: ['Probe', 'Analyt', 'Wert'] },
    });
    expect(refusalOf('Sample\tanalyte\tvalue\nA\tTHC\t1.2\n').diagnosis).toMatchObject({
      closest: { format: 'generic-long-csv', missing: 'a “unit” column', score: 0.5 },
      header: { delimiter: '\t', cells: ['Sample', 'analyte', 'value'] },
    });
  });

  it('a text that is neither an export nor a table: no closest format, no mapping offer', () => {
    const refusal = refusalOf('Dear lab,\nplease find our results attached.\n');
    expect(refusal.diagnosis).toEqual({ kind: 'no_format_matched' });
    expect(refusal.message).toMatch(/^the file matches no known instrument export and is not a table with a header on its first line; tried /);
  });

  it('a binary file: "not a text export", naming what it is', () => {
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.alloc(64, 7)]);
    expect(() => parseInstrumentExport(xlsx)).toThrow(/^not a text export: the file is a ZIP container \(an Excel \.xlsx workbook\?\); export the results/);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(diagnoseUnclaimed(decodeExport(xls), INSTRUMENT_PARSERS)).toEqual({
      kind: 'not_text',
      what: 'an old Microsoft Office file (an Excel .xls workbook?)',
    });
    const noise = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));
    expect(diagnoseUnclaimed(decodeExport(noise), INSTRUMENT_PARSERS)).toEqual({ kind: 'not_text', what: 'binary data (it contains NUL bytes)' });
  });

  it.each(readdirSync(join(__dirname, '../../../test/fixtures/coa-pdfs')).slice(0, 2))('the COA PDF %s is "not a text export": a PDF', (name) => {
    const bytes = readFileSync(join(__dirname, '../../../test/fixtures/coa-pdfs', name));
    expect(refusalOf(decodeExport(bytes)).diagnosis).toEqual({ kind: 'not_text', what: 'a PDF (a certificate of analysis goes to COA imports)' });
  });

  it('a file of blank lines has no text', () => {
    expect(refusalOf('\n \n\t\n').diagnosis).toEqual({ kind: 'empty' });
  });

  it('keeps the formats tried, in detection order, for the refusal', () => {
    expect(refusalOf('colour,flavour\n').tried.map((t) => t.format)).toEqual(INSTRUMENT_PARSERS.map((p) => p.format));
  });

  it('the real foreign exports (GCMSsolution, MassHunter Qualitative) come close to nothing', () => {
    for (const name of ['p2m2tools-shimadzu-gcmssolution-13cprot1.txt', 'senaite-instruments-masshunter-qualitative.csv'])
      expect(refusalOf(loadFixture(name)).diagnosis).toEqual({ kind: 'no_format_matched' });
  });
});
