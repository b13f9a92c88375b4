import { agilentChemStationReportParser } from './agilent-chemstation-report.parser';
import { agilentMassHunterQuantParser } from './agilent-masshunter-quant.parser';
import { detectFormat, parseInstrumentExport } from './parser-registry';
import { fixtureBytes, loadFixture, parseErrorOf, rowFinder } from './parser-spec-kit';
import { decodeExport } from './text-input';
import { watersTargetLynxParser } from './waters-targetlynx.parser';

/**
 * Exports real instruments wrote, from public sources (test/fixtures/real/SOURCES.md), read as a lab
 * would upload them. They are not cannabis data: the values asserted are whatever the source lab had.
 */

describe('Agilent MassHunter Quant, long compound table (senaite.core terpene GC-FID batch)', () => {
  const NAME = 'senaite-core-masshunter-long-terpenes-gcfid.csv';
  const result = parseInstrumentExport(fixtureBytes(NAME));
  const row = rowFinder(result.rows);

  it('is detected as MassHunter Quant despite the batch lines above the table', () => {
    expect(detectFormat(loadFixture(NAME)).format).toBe('agilent-masshunter-quant');
    expect(result.format).toBe('agilent-masshunter-quant');
  });

  it('reads one row per injection and compound, Final Concentration as written', () => {
    expect(result.rows).toHaveLength(3);
    expect(row('1-17-03459-001', 'Limonene')).toEqual({
      line: 18,
      sampleRef: '1-17-03459-001',
      analyte: 'Limonene',
      value: '15.75244089',
      raw: '15.75244089',
      dilution: '1',
      kind: 'sample',
    });
  });

  it('takes the QC role from the sample name and never turns an empty Final Concentration into zero', () => {
    expect(row('Check Standard Lot# 1', 'Mg')).toMatchObject({ kind: 'check_standard', value: '2' });
    const empty = row('Check Standard Lot# 1', 'Ca');
    expect(empty).toMatchObject({ kind: 'check_standard', qualifier: 'NO_VALUE', raw: '' });
    expect(empty?.value).toBeUndefined();
  });

  it('reads the batch lines and the first acquisition time', () => {
    expect(result.meta).toEqual({ batch: '20170711 Sample Workup', operator: 'MassHunter01\\Agilent', acquiredAt: '2017-07-11T16:52:00' });
    expect(result.warnings).toEqual([]);
  });

  it('reads the same file with CRLF, a BOM and without the trailing empty separators', () => {
    const text = loadFixture(NAME);
    const variant = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/,+$/gm, '').replace(/\n/g, '\r\n'), 'utf8')]);
    const again = parseInstrumentExport(variant);
    expect(again.rows.map((r) => [r.sampleRef, r.analyte, r.value ?? r.qualifier])).toEqual(
      result.rows.map((r) => [r.sampleRef, r.analyte, r.value ?? r.qualifier]),
    );
  });

  it('skips internal standards named by CompoundType', () => {
    const text = loadFixture(NAME).replace('gcms_fid,Target', 'gcms_fid,ISTD');
    const istd = agilentMassHunterQuantParser.parse(text);
    expect(istd.rows.map((r) => r.analyte)).toEqual(['Ca', 'Limonene']);
    expect(istd.skipped).toEqual([{ line: 16, reason: 'compound type ISTD is not a result' }]);
  });
});

describe('Waters TargetLynx Quantify Compound Summary Report (p2m2tools, Xevo TQD)', () => {
  const SATURATION = 'p2m2tools-070120-saturation-cqa.txt';
  const SINGLE = 'p2m2tools-190522-97.txt';

  it('reads the real CRLF files block by block, from each block header row', () => {
    expect([...fixtureBytes(SATURATION).subarray(0, 40)].includes(0x0d)).toBe(true);
    const result = parseInstrumentExport(fixtureBytes(SATURATION));
    expect(result.format).toBe('waters-targetlynx');
    expect(new Set(result.rows.map((r) => r.analyte))).toEqual(new Set(['CAT', 'CQA1', 'CAT_MS', 'CQA1_MS']));
    expect(result.rows).toHaveLength(16);
    expect(result.meta).toEqual({ acquiredAt: '2020-01-07T15:05:51' });
  });

  it('keeps sample names as written, micro sign included', () => {
    const result = parseInstrumentExport(fixtureBytes(SATURATION));
    expect(result.rows.filter((r) => r.analyte === 'CQA1').map((r) => r.sampleRef)).toEqual([
      '070120_CQA_22,18µgmL',
      '070120_CQA_250µgmL',
      '070120_CQA_500µgmL',
      '070120_CQA_1000µgmL',
    ]);
  });

  it('reads an uncalibrated report as no value (peaks without concentrations) and says so', () => {
    const result = parseInstrumentExport(fixtureBytes(SATURATION));
    const row = rowFinder(result.rows);
    expect(row('070120_CQA_250µgmL', 'CQA1')).toEqual({
      line: 17,
      sampleRef: '070120_CQA_250µgmL',
      analyte: 'CQA1',
      qualifier: 'NO_VALUE',
      raw: '',
      kind: 'sample',
    });
    // No retention time and no area: the peak was looked for and not found.
    expect(row('070120_CQA_22,18µgmL', 'CAT_MS')).toMatchObject({ qualifier: 'ND', raw: '' });
    expect(result.warnings).toEqual([expect.stringMatching(/no concentrations/)]);
  });

  it('reads a one-injection report with a Mod.Time column', () => {
    const result = parseInstrumentExport(fixtureBytes(SINGLE));
    expect(result.rows.map((r) => r.analyte)).toEqual(['CAT', 'EC', 'PLZ', 'CAT_MS', 'EC_MS', 'PLZ_MS']);
    expect(result.rows.every((r) => r.sampleRef === '130522_Std290920_96_Inj01' && r.kind === 'sample')).toBe(true);
    expect(result.meta.acquiredAt).toBe('2022-05-13T10:38:48');
  });

  describe('a bare-named first block, "Compound 2:" with no name, mixed line ends, Latin-1 header cells', () => {
    // The real file reshaped the way the refused export was: the layout facts, not new data.
    const variant = (): Buffer => {
      const text = loadFixture(SATURATION)
        .replace('Compound 1:  CAT', 'CAT')
        .replace('Compound 2:  CQA1', 'Compound 2:')
        .replace(/\tDetection Flags/g, '\t1° Ratio');
      const lines = text.split('\n');
      return Buffer.from(lines.map((line, i) => line + (i === lines.length - 1 ? '' : i % 2 ? '\r\n' : '\n')).join(''), 'latin1');
    };

    it('is detected and read, whatever the block titles say', () => {
      const bytes = variant();
      expect(bytes.includes(Buffer.from([0xb0]))).toBe(true);
      const result = parseInstrumentExport(bytes);
      expect(result.format).toBe('waters-targetlynx');
      expect(result.rows).toHaveLength(16);
      expect(result.rows[0]).toMatchObject({ analyte: 'CAT', sampleRef: '070120_CQA_22,18µgmL' });
    });

    it('names a block that has no compound name by its number, with a warning', () => {
      const result = parseInstrumentExport(variant());
      expect(new Set(result.rows.map((r) => r.analyte))).toEqual(new Set(['CAT', 'Compound 2', 'CAT_MS', 'CQA1_MS']));
      expect(result.warnings).toContain('line 13: the block has no compound name; its rows are named "Compound 2"');
    });

    it('decodes Latin-1 rather than corrupting the micro sign', () => {
      expect(decodeExport(variant())).toContain('070120_CQA_250µgmL');
      expect(decodeExport(variant())).toContain('\t1° Ratio');
    });
  });

  it('still refuses a block whose table was cut off', () => {
    const cut = loadFixture(SINGLE).split('\n').slice(0, 31).join('\n');
    expect(parseErrorOf(() => watersTargetLynxParser.parse(cut)).message).toMatch(/Compound 6:\s+PLZ_MS" has no table/);
  });
});

describe('Agilent OpenLab CDS ChemStation Report.TXT, ISTD report (p2m2tools, GC-FID)', () => {
  const NAME = 'p2m2tools-openlabcds-istd-std500.txt';
  const result = parseInstrumentExport(fixtureBytes(NAME));
  const byAnalyte = (analyte: string) => result.rows.find((r) => r.analyte === analyte);

  it('reads the peak table under the "Signal 1" ruler, not the ISTD list above it', () => {
    expect(result.format).toBe('agilent-chemstation-report');
    expect(result.rows).toHaveLength(36);
    expect(byAnalyte('Glyoxylate')).toEqual({
      line: 41,
      sampleRef: 'Std 500',
      analyte: 'Glyoxylate',
      value: '531.23458',
      raw: '531.23458',
      unit: 'ng/ul',
      dilution: '1.0000',
      kind: 'calibration',
    });
    expect(byAnalyte('Tréhalose')).toMatchObject({ value: '699.12485', line: 68 });
    expect(byAnalyte('Melezitose')).toMatchObject({ value: '502.49442', line: 77 });
  });

  it('skips the internal standard peak (marked I) and the "Totals without ISTD(s)" line', () => {
    expect(byAnalyte('Adonitol')).toBeUndefined();
    expect(result.skipped).toEqual([
      { line: 51, reason: 'internal standard Adonitol' },
      { line: 78, reason: 'totals line' },
    ]);
  });

  it('joins the wrapped method path and reads the header', () => {
    expect(result.meta).toEqual({
      instrument: 'MPSr-GCFID',
      method: '190314_Glucides_retraitement.M',
      acquiredAt: '2021-10-11T23:03:47',
      operator: 'SYSTEM',
      batch: '211011_Corentin-Younes 2021-10-11 15-56-48',
    });
  });

  it.each([
    ['UTF-16LE with a BOM', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16LE without a BOM', (text: string) => Buffer.from(text, 'utf16le')],
    ['UTF-8 with CRLF', (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')],
    ['Latin-1', (text: string) => Buffer.from(text, 'latin1')],
  ])('reads the same report written as %s', (_, encode) => {
    const again = parseInstrumentExport(encode(loadFixture(NAME)));
    expect(again.rows).toEqual(result.rows);
    expect(again.meta).toEqual(result.meta);
  });

  it('refuses an Area Percent report as not quantitative, with that reason', () => {
    // The same header over the peak-only table an Area Percent report prints.
    const lines = loadFixture(NAME).split('\n');
    const title = lines.findIndex((line) => line.includes('Internal Standard Report'));
    const signal = lines.findIndex((line) => line.startsWith('Signal 1:'));
    const areaPercent = [
      ...lines.slice(0, title),
      '                         Area Percent Report                         ',
      ...lines.slice(title + 1, signal + 1),
      '',
      'Peak RetTime Type  Width     Area      Height     Area  ',
      '  #   [min]        [min]   [pA*s]       [pA]        %   ',
      '----|-------|----|-------|----------|----------|--------|',
      '   1   8.335 MF    0.0466   10.97505    3.92458   0.05621',
      'Totals :                   1.95262e4  8001.6124',
      '',
      '                          *** End of Report ***',
    ].join('\n');
    expect(agilentChemStationReportParser.detect(areaPercent)).toBe(true);
    const error = parseErrorOf(() => parseInstrumentExport(Buffer.from(areaPercent, 'utf16le')));
    expect(error.message).toMatch(/not quantitative: no compound names or amounts/);
    expect(error.message).not.toMatch(/ruler/);
  });
});

describe('PerkinElmer Syngistix report CSV (senaite.instruments, PinAAcle 900H / Optima 8300)', () => {
  const result = parseInstrumentExport(fixtureBytes('senaite-instruments-pinaacle900h-optima8300.csv'));
  const rowAt = (line: number) => result.rows.find((r) => r.line === line);

  it('reads every line as one reading, wavelength kept in the analyte name, unit from Units (Samp)', () => {
    expect(result.format).toBe('perkinelmer-icp-csv');
    expect(result.rows).toHaveLength(25);
    expect(rowAt(2)).toEqual({ line: 2, sampleRef: 'Gold - 0001', analyte: 'Au 242.80', value: '0.064', raw: '0.064', unit: 'mg/kg', kind: 'sample' });
    expect(rowAt(26)).toMatchObject({ sampleRef: 'ESPIGAO 2.15', analyte: 'Fe 305.91', value: '1012', unit: 'mg/kg' });
  });

  it('keeps negative readings as written, flagged, and a zero as zero', () => {
    expect(rowAt(17)).toMatchObject({ sampleRef: 'OREAS 45d', value: '-2.404', flags: ['negative_value'] });
    expect(rowAt(14)).toMatchObject({ sampleRef: 'ZK5 - 1 - H08', value: '0', raw: '0' });
  });

  it('reads the day-first date with its 12-hour clock', () => {
    expect(result.meta).toEqual({ acquiredAt: '2021-05-28T12:40:54' });
  });
});

describe('Shimadzu LCsolution ASCII export, comma-separated (chromatopy example data)', () => {
  const NAME = 'chromatopy-lcsolution-output-sample-4.txt';
  const result = parseInstrumentExport(fixtureBytes(NAME));

  it('reads the compound table of the detector that has one, skipping the empty ones', () => {
    expect(result.format).toBe('shimadzu-labsolutions-ascii');
    expect(result.rows).toEqual([{ line: 102, sampleRef: '0', analyte: 'RT8.063', value: '0.0000', raw: '0.0000', dilution: '1', kind: 'sample' }]);
    expect(result.warnings).toEqual([]);
  });

  it('reads the header: method, batch and a date written "21.2.2012. 13:16:57"', () => {
    expect(result.meta).toEqual({ method: 'metoda3_2eluenta.lcm', acquiredAt: '2012-02-21T13:16:57', batch: 'lista.lcb' });
  });

  it('reads the same export written with tabs, as LabSolutions does', () => {
    const tabbed = loadFixture(NAME).replace('Application Name,LCsolution', 'Application Name,LabSolutions').replace(/,/g, '\t');
    const again = parseInstrumentExport(Buffer.from(tabbed, 'utf8'));
    expect(again.rows).toEqual(result.rows);
  });
});

describe('Agilent ChemStation ISTD Percent report over two pages (gc_report_to_excel README, GC-FID)', () => {
  const NAME = 'gc-report-to-excel-readme-istd-percent.txt';
  const result = parseInstrumentExport(fixtureBytes(NAME));
  const at = (line: number) => result.rows.find((r) => r.line === line);

  it('reads the amounts as percent of the sample, the unit from the bare "%" under Amount', () => {
    expect(result.format).toBe('agilent-chemstation-report');
    expect(at(41)).toEqual({
      line: 41,
      sampleRef: '265.17 (2)',
      analyte: 'kwas mlekowy',
      value: '28.150441',
      raw: '28.150441',
      unit: '%',
      dilution: '1.0000',
      kind: 'sample',
    });
    expect(at(42)).toMatchObject({ analyte: 'Gliceryna', value: '14.033007' });
    expect(at(51)).toMatchObject({ analyte: 'kwas mlekowy 4', value: '0.081932' });
    expect(result.rows).toHaveLength(10);
  });

  it('skips the internal standard and the peaks the calibration does not name ("?")', () => {
    expect(result.skipped).toEqual([
      { line: 39, reason: 'internal standard G1E Me' },
      { line: 40, reason: 'unidentified peak (named "?")' },
      { line: 43, reason: 'unidentified peak (named "?")' },
      { line: 48, reason: 'unidentified peak (named "?")' },
      { line: 53, reason: 'unidentified peak (named "?")' },
    ]);
  });

  it('keeps a compound integrated as two peaks as two rows, as printed', () => {
    expect(result.rows.filter((r) => r.analyte === 'mleczan glicerolu').map((r) => r.value)).toEqual(['3.845647', '29.616624']);
  });

  it('says the (redacted) injection date cannot be read rather than guessing one', () => {
    expect(result.warnings).toEqual(['unreadable Injection Date "arbitraty_date"']);
    expect(result.meta).toEqual({ instrument: 'Instrument 1', method: 'method_path', operator: '###' });
  });
});

describe('Agilent ChemStation Area Percent report (chromatopy documentation)', () => {
  it('is recognised as a ChemStation report and refused as not quantitative, not for a missing ruler', () => {
    const text = loadFixture('chromatopy-docs-area-percent-fid-tcd.txt');
    expect(detectFormat(text).format).toBe('agilent-chemstation-report');
    for (const bytes of [Buffer.from(text, 'utf8'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le')])]) {
      const error = parseErrorOf(() => parseInstrumentExport(bytes));
      expect(error.message).toMatch(/^line 2: not quantitative: no compound names or amounts/);
    }
  });
});

describe('Waters TargetLynx report with trailing tabs and a unit-titled concentration column (p2m2tools, 15N glycine)', () => {
  const result = parseInstrumentExport(fixtureBytes('p2m2tools-mass-15ngly-um-column.txt'));
  const row = rowFinder(result.rows);

  it('reads every block, names with commas kept, the unit from the "uM" column title', () => {
    expect(result.format).toBe('waters-targetlynx');
    expect(new Set(result.rows.map((r) => r.analyte))).toEqual(new Set(['NH4+', 'NH4+, M+1', 'Hyp, M+H']));
    expect(result.rows).toHaveLength(15);
    expect(result.rows.every((r) => r.unit === 'uM')).toBe(true);
    expect(row('GlyN15_A_1', 'NH4+, M+1')).toEqual({
      line: 18,
      sampleRef: 'GlyN15_A_1',
      analyte: 'NH4+, M+1',
      qualifier: 'NO_VALUE',
      raw: '',
      unit: 'uM',
      kind: 'sample',
    });
  });

  it('reads an empty Type from the sample name without a warning per row, and a missing peak as ND', () => {
    expect(result.warnings).toEqual([expect.stringMatching(/no concentrations/)]);
    expect(row('GlyN15_A_15', 'Hyp, M+H')).toMatchObject({ qualifier: 'ND', raw: '' });
    expect(row('GlyN15_A_15', 'NH4+')).toMatchObject({ qualifier: 'NO_VALUE' });
  });

  it('reads the French month of "17-sept-19" (no Acq.Time column: midnight)', () => {
    expect(result.meta.acquiredAt).toBe('2019-09-17T00:00:00');
  });
});

describe('Waters TargetLynx "Complete Summary" with a leading index column (GND96 TargetLynx_Translator demo)', () => {
  const NAME = 'gnd96-translator-demo-13c-pyruvate-lactate.txt';
  const result = parseInstrumentExport(fixtureBytes(NAME));
  const row = rowFinder(result.rows);

  it('finds each block from its "\\t#\\tName" header row, one column further right than older exports', () => {
    expect(result.format).toBe('waters-targetlynx');
    expect(result.rows.map((r) => r.analyte)).toEqual([
      ...Array<string>(5).fill('Sodium pyruvate m+0'),
      ...Array<string>(5).fill('Sodium pyruvate m+1'),
      ...Array<string>(5).fill('L-Lactic acid m+0'),
    ]);
    // The injection order of the file (17, 2, 18, 1, 38), the first cell a running index, the second the #.
    expect(result.rows.slice(0, 5).map((r) => [r.line, r.sampleRef])).toEqual([
      [8, 'XS1_240322_01_NC_C_A1'],
      [9, 'XS1_240322_02_NC_C_A2'],
      [10, 'XS1_240322_MB_PooledQC_03'],
      [11, 'XS1_240322_MB_SST_01'],
      [12, 'XS1_240322_MB_SST_02'],
    ]);
  });

  it('takes the unit from the "nM" column title and reads the uncalibrated report as no value, a missing peak as ND', () => {
    expect(result.rows.every((r) => r.unit === 'nM' && r.kind === 'sample')).toBe(true);
    expect(row('XS1_240322_MB_SST_01', 'L-Lactic acid m+0')).toEqual({
      line: 29,
      sampleRef: 'XS1_240322_MB_SST_01',
      analyte: 'L-Lactic acid m+0',
      qualifier: 'NO_VALUE',
      raw: '',
      unit: 'nM',
      kind: 'sample',
    });
    // No retention time and no area in the pyruvate m+0 block: the peak was not found.
    expect(row('XS1_240322_02_NC_C_A2', 'Sodium pyruvate m+0')).toMatchObject({ qualifier: 'ND', raw: '' });
    expect(row('XS1_240322_02_NC_C_A2', 'Sodium pyruvate m+1')).toMatchObject({ qualifier: 'NO_VALUE', raw: '' });
    expect(result.warnings).toEqual([expect.stringMatching(/no concentrations/)]);
    expect(result.meta).toEqual({});
  });

  it('reads the same export with CRLF and without the tabs that pad its title and blank lines', () => {
    const text = loadFixture(NAME);
    // Data rows keep theirs: there, trailing empty cells are the row's own (no concentration, no %Dev).
    const variant = Buffer.from(
      text
        .replace(/^(\D[^\t\n]*)\t+$/gm, '$1')
        .replace(/^\t+$/gm, '')
        .replace(/\n/g, '\r\n'),
      'utf8',
    );
    expect(variant.toString('utf8')).toContain('\r\nCompound 2:  Sodium pyruvate m+1\r\n\r\n\t#\tName');
    expect(parseInstrumentExport(variant).rows).toEqual(result.rows);
  });
});

describe('Agilent ICP-MS MassHunter batch table saved by a French Excel (IcpmsDataReductionApp example, 7900)', () => {
  const NAME = 'icpmsdatareduction-7900-semicolon-fr.csv';
  const result = parseInstrumentExport(fixtureBytes(NAME));
  const row = (line: number, analyte: string) => result.rows.find((r) => r.line === line && r.analyte === analyte);

  it('reads the ";"-separated table, "FAUX" in Rjct meaning not rejected, internal standards left out', () => {
    expect(result.format).toBe('agilent-icpms-masshunter');
    expect([...new Set(result.rows.map((r) => r.analyte))]).toEqual(['Li', 'Cu (63)', 'Cu (65)', 'As', 'Cd', 'Pb']);
    expect(result.rows).toHaveLength(3 * 6);
    expect(result.rows.every((r) => r.unit === 'ppb' && r.flags === undefined)).toBe(true);
  });

  it('reads a calibration standard’s concentrations as written, and the calibration blank’s zeros as zero', () => {
    expect(row(5, 'As')).toEqual({
      line: 5,
      sampleRef: 'Traces 0.1 ppb',
      analyte: 'As',
      value: '0.103980637',
      raw: '0.103980637',
      unit: 'ppb',
      kind: 'calibration',
    });
    expect(row(5, 'Pb')).toMatchObject({ value: '0.109371747', kind: 'calibration' });
    expect(row(4, 'Cd')).toMatchObject({ sampleRef: '0', value: '0', raw: '0', kind: 'calibration' });
  });

  it('keeps a sample run with counts but no Conc. as no value, never zero, and says the samples were not quantified', () => {
    expect(row(3, 'Cd')).toEqual({ line: 3, sampleRef: '0', analyte: 'Cd', qualifier: 'NO_VALUE', raw: '', unit: 'ppb', kind: 'sample' });
    expect(result.warnings).toEqual([
      'no sample run has a concentration: only counts (CPS) were exported for the samples; export the batch after quantitation',
    ]);
  });

  it('reads "19/12/2018 10:42" day first', () => {
    expect(result.meta).toEqual({ acquiredAt: '2018-12-19T10:42:00' });
  });

  it('marks a row rejected only when its Rjct box is ticked', () => {
    const ticked = loadFixture(NAME).replace(';FAUX;006CALS.d', ';VRAI;006CALS.d');
    const again = parseInstrumentExport(Buffer.from(ticked, 'latin1'));
    expect(again.rows.filter((r) => r.flags?.includes('rejected in MassHunter')).map((r) => r.line)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('reads the same table saved with commas', () => {
    const commas = loadFixture(NAME).replace(/;/g, ',');
    expect(parseInstrumentExport(Buffer.from(commas, 'utf8')).rows).toEqual(result.rows);
  });
});

describe('SCIEX OS results table, PFAS calibration standard (STEEP PFAS pipeline test data)', () => {
  const result = parseInstrumentExport(fixtureBytes('steep-pfas-sciex-os-cs0-standard.txt'));

  it('reads the quantifier rows by column name, the Index column first, the sample by its Sample ID', () => {
    expect(result.format).toBe('sciex-multiquant');
    expect(result.rows.map((r) => [r.line, r.analyte, r.value ?? r.qualifier])).toEqual([
      [2, 'PFBA', 'ND'],
      [4, 'PFHxA', '0.013790739'],
      [5, 'PFHpA', '0.014933181'],
      [6, 'PFOA', '0.008170897'],
    ]);
    expect(result.rows[1]).toEqual({
      line: 4,
      sampleRef: 'CS0',
      analyte: 'PFHxA',
      value: '0.013790739',
      raw: '0.013790739',
      dilution: '1',
      kind: 'calibration',
      expected: '0',
    });
  });

  it('skips the qualifier transitions (Component Type "Qualifiers") and reads "N/A" with no peak as not detected', () => {
    expect(result.skipped).toEqual([
      { line: 3, reason: 'qualifier transition PFBA_TOF MS' },
      { line: 7, reason: 'qualifier transition PFOA_TOF MS' },
    ]);
    expect(result.rows[0]).toMatchObject({ analyte: 'PFBA', qualifier: 'ND', raw: 'N/A' });
  });

  it('reads "10/26/2023 12:14" from Acquisition Date & Time', () => {
    expect(result.meta).toEqual({ acquiredAt: '2023-10-26T12:14:00' });
    expect(result.warnings).toEqual([]);
  });
});

describe('trailing separators never decide whether a real export parses', () => {
  it.each([
    ['senaite-instruments-pinaacle900h-optima8300.csv', ','],
    ['senaite-core-masshunter-long-terpenes-gcfid.csv', ','],
    ['p2m2tools-070120-saturation-cqa.txt', '\t'],
  ])('%s with a trailing %j on every data row', (name, separator) => {
    const text = loadFixture(name);
    const lines = text.split('\n');
    const header = lines.findIndex((line) => /^(Sample ID,|SampleID,|\tName\t)/.test(line));
    const padded = lines.map((line, i) => (i > header && /^[^\s,]/.test(line) && !line.startsWith('Compound') ? line + separator : line)).join('\n');
    expect(padded).not.toEqual(text);
    const original = parseInstrumentExport(Buffer.from(text, 'utf8'));
    expect(parseInstrumentExport(Buffer.from(padded, 'utf8')).rows).toEqual(original.rows);
  });
});

describe('Agilent MassHunter Quant batch table of peak areas only (MiDAR test data)', () => {
  it('is recognised by its layout and refused as not quantitative, saying what to export instead', () => {
    const text = loadFixture('midar-mhquant-area-only-s1p.csv');
    expect(detectFormat(text).format).toBe('agilent-masshunter-quant');
    const error = parseErrorOf(() => parseInstrumentExport(fixtureBytes('midar-mhquant-area-only-s1p.csv')));
    expect(error.message).toBe(
      'line 2: not quantitative: no compound has a Final Conc. or Calc. Conc. column (peak areas only); add Final Conc. to the batch table and export again',
    );
  });
});

describe('Bio-Rad CFX Connect Cq results with a standard curve (qPCR.CFX.process test data)', () => {
  const result = parseInstrumentExport(fixtureBytes('qpcr-cfx-process-br002605-cq-results.csv'));
  const atLine = (line: number) => result.rows.find((r) => r.line === line);

  it('keeps each standard of a dilution series as its own calibration row, not as replicates', () => {
    expect(result.format).toBe('biorad-cfx-cq');
    const atg8aStandards = result.rows.filter((r) => r.analyte === 'ATG8a' && r.kind === 'calibration');
    expect(atg8aStandards.map((r) => r.value)).toEqual(['23.4462903709994', '26.7425335447437', '28.8036693212096', '31.5112636066721']);
    expect(atLine(2)).toEqual({
      line: 2,
      sampleRef: 'Col-0',
      analyte: 'ATG8a',
      kind: 'calibration',
      value: '23.4462903709994',
      raw: '23.4462903709994',
      unit: 'Cq',
      well: 'A01',
    });
  });

  it('reads no-template controls as blanks: NaN and late Cqs not detected, an early Cq kept', () => {
    expect(atLine(10)).toMatchObject({ sampleRef: 'NTC', analyte: 'ATG8b', kind: 'blank', qualifier: 'ND', raw: 'NaN' });
    expect(atLine(9)).toMatchObject({ kind: 'blank', qualifier: 'ND', raw: '39.3878210330063', flags: ['cq_at_or_above_cutoff'] });
    expect(atLine(14)).toMatchObject({ sampleRef: 'NTC', analyte: 'ATG8i', kind: 'blank', value: '32.3109499770543' });
  });

  it('skips wells with no target', () => {
    expect(result.skipped).toEqual([
      { line: 3, reason: 'well without a target' },
      { line: 5, reason: 'well without a target' },
    ]);
  });
});
