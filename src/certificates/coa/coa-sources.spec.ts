import { writeFileSync } from 'fs';
import { join } from 'path';
import { PdfParseTextExtractor } from '../../instruments/coa-pdf/pdf-text';
import type { SampleResultsDto } from '../../results/dto/results-response.dto';
import { renderCoaPdf } from './coa-pdf';
import { closingStatement } from './coa-pdf-release';
import { otherLabFootnote } from './coa-pdf-sources';
import { mixedTotalNote, otherLabOfRow, otherLabTotalNotes } from './coa-sources';
import { buildCoaView, CoaFacts } from './coa-view.builder';
import { coaViewFixture } from './coa-view.fixture';

type Row = SampleResultsDto['groups'][number]['analytes'][number];

const SC = 'as reported on the COA of SC Laboratories California LLC';
const OURS = 'Cannabinoids by HPLC-DAD (SOP-CHEM-101 rev 2)';
/** Our analysis day and the other lab's test day, both lab-day starts in New York. */
const OUR_DAY = '2026-12-04T05:00:00.000Z';
const THEIR_DAY = '2021-11-19T05:00:00.000Z';

function row(analyte: string, name: string, over: Partial<Row> = {}): Row {
  return {
    analyte,
    name,
    value: null,
    qualifier: null,
    unit: '%',
    lod: null,
    loq: null,
    dilution: null,
    method: OURS,
    instrument: null,
    analyst: 'Tech',
    analysedAt: OUR_DAY,
    sourceType: 'manual',
    sourceId: null,
    computed: false,
    status: 'no_limit',
    limit: null,
    reason: null,
    ...over,
  };
}

const theirs = (over: Partial<Row>): Partial<Row> => ({ method: SC, analysedAt: THEIR_DAY, sourceType: 'coa_import', sourceId: 'run-1', ...over });

/** Cannabinoids: our Δ9-THC, their THCA (so Total THC adds two labs' values), CBD and CBDA both ours. */
function results(): SampleResultsDto {
  return {
    sampleId: 's',
    labCode: 'LT-1',
    version: 1,
    released: true,
    status: 'pass',
    reason: '',
    failedGroups: [],
    missingGroups: [],
    missingAnalytes: {},
    accountedFor: true,
    requiredGroups: ['cannabinoids', 'metals'],
    limitSet: null,
    totals: { totalThc: '17.61', totalCbd: '0.05', unit: '%' },
    edible: null,
    resultsDigest: '',
    groups: [
      {
        group: 'cannabinoids',
        status: 'pass',
        reason: '',
        missingAnalytes: [],
        notTested: [],
        analytes: [
          row('d9-thc', 'Δ9-THC', { value: '0.82', loq: '0.05' }),
          row('thca', 'THCA', theirs({ value: '19.16', loq: '0.024' })),
          row('cbd', 'CBD', { qualifier: 'ND', lod: '0.01', loq: '0.05' }),
          row('cbda', 'CBDA', { value: '0.06', loq: '0.05' }),
          row('total-thc', 'Total THC', { value: '17.62', computed: true, sourceType: 'computed', method: null, analysedAt: null }),
          row('total-cbd', 'Total CBD', { value: '0.05', computed: true, sourceType: 'computed', method: null, analysedAt: null }),
        ],
      },
      {
        group: 'metals',
        status: 'pass',
        reason: '',
        missingAnalytes: [],
        notTested: [],
        analytes: [
          row('lead', 'Lead', theirs({ qualifier: '<LOQ', unit: 'µg/g', loq: '0.1', status: 'pass', limit: '≤ 0.5 µg/g' })),
          row('mercury', 'Mercury', { qualifier: 'ND', unit: 'µg/g', lod: '0.01', status: 'pass', limit: '≤ 0.1 µg/g', method: 'Heavy metals by ICP-MS' }),
        ],
      },
    ],
  };
}

function facts(over: Partial<CoaFacts> = {}): CoaFacts {
  const base = coaViewFixture();
  return {
    lab: { ...base.lab, isoAccreditationId: 'A2LA 5521.01' },
    client: base.client,
    sample: {
      labCode: 'LT-1',
      name: 'Cherry Punch flower',
      productType: 'flower',
      sampleInventoryId: '1234567890123456',
      inventoryIds: ['1234567890123457'],
      collectionSite: null,
      collectedAt: null,
      receivedAt: new Date('2026-12-03T15:00:00Z'),
    },
    results: results(),
    limitSet: { name: 'limits-v1', effectiveDate: '2025-01-01', source: 'test' },
    version: 1,
    timeZone: 'America/New_York',
    releasedAt: new Date('2026-12-05T15:00:00Z'),
    releasedBy: 'Manager',
    verifyUrl: 'https://lab.example.test/v1/coa/verify/abc',
    ...over,
  };
}

describe('whose lines a COA prints (another lab’s COA merged into a group)', () => {
  const view = buildCoaView(facts());
  const cannabinoids = view.groups.find((g) => g.group === 'cannabinoids')!;
  const metals = view.groups.find((g) => g.group === 'metals')!;

  it('takes a row as another lab’s by its source type only, never by typed method text', () => {
    expect(otherLabOfRow(row('thca', 'THCA', theirs({})))).toEqual({ key: SC, lab: 'SC Laboratories California LLC' });
    // Text anyone can type claims no other lab: a hand-entered or amended row is this laboratory's, whatever its method says.
    expect(otherLabOfRow(row('lead', 'Lead', { method: 'as reported on the COA of Kaycha Labs', sourceType: 'manual' }))).toBeUndefined();
    expect(otherLabOfRow(row('thca', 'THCA', { method: SC, sourceType: 'amendment' }))).toBeUndefined();
    expect(otherLabOfRow(row('thca', 'THCA', { method: SC, sourceType: 'instrument_import' }))).toBeUndefined();
    expect(otherLabOfRow(row('thca', 'THCA', theirs({ method: 'as reported on an imported kaycha COA' })))).toEqual({
      key: 'as reported on an imported kaycha COA',
      lab: 'another laboratory (as reported on an imported kaycha COA)',
    });
    expect(otherLabOfRow(row('thca', 'THCA'))).toBeUndefined();
    expect(otherLabOfRow(row('total-thc', 'Total THC', { computed: true, method: SC }))).toBeUndefined();
  });

  it('lists each other lab once with a mark and its test days; the sample box keeps only our own days', () => {
    expect(view.otherLabs).toEqual([{ mark: '¹', lab: 'SC Laboratories California LLC', method: SC, testedFrom: THEIR_DAY, testedTo: THEIR_DAY }]);
    expect(view.sample).toMatchObject({ analysedFrom: OUR_DAY, analysedTo: OUR_DAY });
  });

  it("prints a group's method and date from our rows, and the other lab's apart, each of its lines marked", () => {
    expect(cannabinoids).toMatchObject({
      method: OURS,
      analysedAt: OUR_DAY,
      otherLabs: [{ mark: '¹', method: SC, testedFrom: THEIR_DAY, testedTo: THEIR_DAY }],
    });
    expect(cannabinoids.lines.map((l) => [l.analyte, l.marks])).toEqual([
      ['Δ9-THC', undefined],
      ['THCA', ['¹']],
      ['CBD', undefined],
      ['CBDA', undefined],
      ['Total THC (calculated)', ['†']],
      ['Total CBD (calculated)', undefined],
    ]);
    expect(metals).toMatchObject({ method: 'Heavy metals by ICP-MS', otherLabs: [{ mark: '¹' }] });
  });

  it('flags a total whose terms two labs reported, and notes how calculated lines count ND and <LOQ', () => {
    expect(view.mixedTotals).toEqual([
      {
        mark: '†',
        total: 'Total THC',
        terms: [
          { name: 'Δ9-THC', otherLab: undefined },
          { name: 'THCA', otherLab: '¹' },
        ],
      },
    ]);
    expect(mixedTotalNote(view.mixedTotals![0], view.otherLabs!)).toBe(
      '† Total THC adds terms reported by different laboratories: Δ9-THC (this laboratory), THCA (SC Laboratories California LLC¹).',
    );
    expect(cannabinoids.notes).toEqual([
      'Calculated lines: Total THC = Δ9-THC + 0.877 × THCA; Total CBD = CBD + 0.877 × CBDA. ND and <LOQ components are counted as 0.',
      '† Total THC adds terms reported by different laboratories: Δ9-THC (this laboratory), THCA (SC Laboratories California LLC¹).',
    ]);
    expect(metals.notes).toBeUndefined();
  });

  it('keeps a view of our own rows only as it was: no marks, no other labs, no mixed totals', () => {
    const own = results();
    own.groups = own.groups.map((g) => ({
      ...g,
      analytes: g.analytes.map((a) => ({
        ...a,
        method: a.computed ? null : OURS,
        sourceType: a.computed ? 'computed' : 'manual',
        analysedAt: a.computed ? null : OUR_DAY,
      })),
    }));
    const plain = buildCoaView(facts({ results: own }));
    expect(plain.otherLabs).toBeUndefined();
    expect(plain.mixedTotals).toBeUndefined();
    expect(plain.groups.flatMap((g) => g.lines).filter((l) => l.marks)).toEqual([]);
    expect(plain.groups[0].otherLabs).toBeUndefined();
  });

  it('words the footnote: who reported, when tested, and outside our accreditation', () => {
    expect(otherLabFootnote(view.otherLabs![0], view)).toBe(
      '¹ Lines marked ¹ were reported by SC Laboratories California LLC on its own certificate of analysis, tested 2021-11-19. ' +
        "This laboratory did not test them; they are copied as that laboratory reported them and are not covered by this laboratory's " +
        'ISO/IEC 17025 accreditation (A2LA 5521.01).',
    );
  });

  it('names the license the import recorded for the source of the lab’s rows', () => {
    const reporters = new Map([['run-1', { lab: 'SC Laboratories California LLC', license: 'C8-0000013-LIC' }]]);
    const licensed = buildCoaView(facts({ reporters }));
    expect(licensed.otherLabs).toEqual([expect.objectContaining({ mark: '¹', lab: 'SC Laboratories California LLC', license: 'C8-0000013-LIC' })]);
    expect(otherLabFootnote(licensed.otherLabs![0], licensed)).toMatch(
      /^¹ Lines marked ¹ were reported by SC Laboratories California LLC \(license C8-0000013-LIC\) on its own certificate of analysis, tested 2021-11-19\. /,
    );
    // A source with no recorded reporter (imported before it was kept, or no license printed): the footnote names the lab only.
    expect(buildCoaView(facts({ reporters: new Map() })).otherLabs![0].license).toBeUndefined();
  });
});

describe('the rendered certificate with another lab’s lines', () => {
  let text: string;
  let flat: string;

  beforeAll(async () => {
    const pdf = await renderCoaPdf(buildCoaView(facts()));
    if (process.env.COA_RENDER_DIR) writeFileSync(join(process.env.COA_RENDER_DIR, 'unit-other-lab.pdf'), pdf);
    text = (await new PdfParseTextExtractor().extract(pdf)).text;
    flat = text.replace(/\s+/g, ' ');
  });

  it('states the accreditation exception in the header and the footnote near the top', () => {
    expect(text).toContain('except lines marked ¹ (reported by other laboratories)');
    expect(flat).toContain('¹ Lines marked ¹ were reported by SC Laboratories California LLC on its own certificate of analysis, tested 2021-11-19.');
    expect(flat).toContain('Analysed 2026-12-04 Other labs SC Laboratories California LLC¹, tested 2021-11-19');
  });

  it('prints our method and day, then the other lab’s, and marks its lines', () => {
    expect(text).toContain(`Method: ${OURS} · Analysed: 2026-12-04`);
    expect(text).toContain(`Method: ${SC} (lines marked ¹) · Tested by that laboratory: 2021-11-19`);
    expect(text).toMatch(/THCA¹\s+19\.16\s+%\s+0\.024/);
    expect(text).toMatch(/Lead¹\s+<LOQ\s+[µμ]g\/g\s+0\.1/);
  });

  it('prints the LOD an ND rests on, and the totals with their ND/<LOQ rule and the mixed-lab flag', () => {
    expect(text).toMatch(/Mercury\s+ND \(<LOD 0\.01\)\s+[µμ]g\/g/);
    expect(text).toMatch(/CBD\s+ND \(<LOD 0\.01\)\s+%\s+0\.05/);
    expect(flat).toContain('ND and <LOQ components are counted as 0.');
    expect(text).toMatch(/TOTAL THC†/);
    expect(text).toMatch(/Total THC \(calculated\)†\s+17\.62/);
    expect(flat).toContain('† Total THC adds terms reported by different laboratories: Delta-9-THC (this laboratory), THCA (SC Laboratories California LLC¹).');
  });
});

describe('a certificate whose every line another lab reported', () => {
  it('says no line was analysed by this laboratory, and prints no method of its own', async () => {
    const only = results();
    only.groups = [{ ...only.groups[1], analytes: [only.groups[1].analytes[0]] }];
    const view = buildCoaView(facts({ results: only }));
    expect(view.sample.analysedFrom).toBeUndefined();
    const text = (await new PdfParseTextExtractor().extract(await renderCoaPdf(view))).text;
    expect(text).toMatch(/Analysed\s+no line was analysed by this laboratory/);
    expect(text).not.toContain('Method: not recorded');
    expect(text).toContain(`Method: ${SC} (lines marked ¹)`);
  });
});

describe('the lab zone', () => {
  it('prints days and times in the configured zone, not a fixed one', async () => {
    // 2026-03-05 00:00 in UTC is still 2026-03-04 in New York.
    const dayStart = '2026-03-05T00:00:00.000Z';
    const own = results();
    own.groups = [{ ...own.groups[1], analytes: [row('mercury', 'Mercury', { qualifier: 'ND', unit: 'µg/g', lod: '0.01', analysedAt: dayStart })] }];
    const render = async (timeZone: string) =>
      (await new PdfParseTextExtractor().extract(await renderCoaPdf(buildCoaView(facts({ results: own, timeZone }))))).text;
    const utc = await render('UTC');
    expect(utc).toContain('Analysed: 2026-03-05');
    expect(utc).toMatch(/Released 2026-12-05 15:00 UTC/);
    const newYork = await render('America/New_York');
    expect(newYork).toContain('Analysed: 2026-03-04');
    expect(newYork).toMatch(/Released 2026-12-05 10:00 EST/);
  });
});

describe('a typed "as reported on the COA of …" method', () => {
  it('prints as this laboratory’s line: no mark, no other lab, no footnote', () => {
    const typed = results();
    typed.groups = [
      {
        ...typed.groups[1],
        analytes: [row('lead', 'Lead', { value: '0.10', unit: 'µg/g', status: 'pass', limit: '≤ 0.5 µg/g', method: 'as reported on the COA of Kaycha Labs' })],
      },
    ];
    const view = buildCoaView(facts({ results: typed }));
    expect(view.otherLabs).toBeUndefined();
    expect(view.groups[0].lines[0]).toMatchObject({ analyte: 'Lead', result: '0.10' });
    expect(view.groups[0].lines[0].marks).toBeUndefined();
    expect(view.groups[0].method).toBe('as reported on the COA of Kaycha Labs');
  });
});

describe('a total computed only from another lab’s values (F3)', () => {
  /** Δ9-THC and THCA both SC's: Total THC is SC's figure added up here. CBD and CBDA stay ours. */
  function allTheirs(): SampleResultsDto {
    const r = results();
    r.groups = [
      {
        ...r.groups[0],
        analytes: r.groups[0].analytes.map((a) => (a.analyte === 'd9-thc' ? { ...a, ...theirs({}) } : a)),
      },
    ];
    return r;
  }

  it('carries that lab’s mark on the line, with a note, and no mixed flag', () => {
    const view = buildCoaView(facts({ results: allTheirs() }));
    expect(view.mixedTotals).toBeUndefined();
    expect(view.otherLabTotals).toEqual([{ mark: '¹', total: 'Total THC', lab: 'SC Laboratories California LLC' }]);
    const lines = view.groups[0].lines.map((l) => [l.analyte, l.marks]);
    expect(lines).toContainEqual(['Total THC (calculated)', ['¹']]);
    expect(lines).toContainEqual(['Total CBD (calculated)', undefined]);
    expect(view.groups[0].notes).toContain('Total THC¹ is calculated by this laboratory from values reported by SC Laboratories California LLC¹ only.');
  });

  it('prints the mark on the totals panel and the table, and the closing statement excepts the lab’s lines', async () => {
    const pdf = await renderCoaPdf(buildCoaView(facts({ results: allTheirs() })));
    if (process.env.COA_RENDER_DIR) writeFileSync(join(process.env.COA_RENDER_DIR, 'unit-other-lab-total.pdf'), pdf);
    const text = (await new PdfParseTextExtractor().extract(pdf)).text;
    const flat = text.replace(/\s+/g, ' ');
    expect(text).toMatch(/TOTAL THC¹/);
    expect(text).not.toMatch(/TOTAL CBD¹/);
    expect(text).toMatch(/Total THC \(calculated\)¹\s+17\.62/);
    expect(flat).toContain('Total THC¹ is calculated by this laboratory from values reported by SC Laboratories California LLC¹ only.');
    expect(flat).toContain(
      'The results in this certificate relate only to the sample as received and tested, except lines marked ¹, which SC Laboratories ' +
        'California LLC reported for the sample it tested. This certificate shall not be reproduced',
    );
  });
});

describe('the note of totals of one other lab’s values', () => {
  it('names each lab’s totals once, in the order given', () => {
    const sc = 'SC Laboratories California LLC';
    expect(
      otherLabTotalNotes([
        { mark: '¹', total: 'Total THC', lab: sc },
        { mark: '¹', total: 'Total CBD', lab: sc },
        { mark: '²', total: 'Total aflatoxins', lab: 'Kaycha Labs' },
      ]),
    ).toEqual([
      `Total THC¹ and Total CBD¹ are calculated by this laboratory from values reported by ${sc}¹ only.`,
      'Total aflatoxins² is calculated by this laboratory from values reported by Kaycha Labs² only.',
    ]);
  });
});

describe('the closing statement', () => {
  it('claims every line when all are ours, and names each other lab (and its license) when not', () => {
    expect(closingStatement({})).toBe(
      'The results in this certificate relate only to the sample as received and tested. This certificate shall not be reproduced ' +
        'except in full without the written approval of the laboratory.',
    );
    const labs = [
      { mark: '¹', lab: 'SC Laboratories California LLC', method: SC, license: 'C8-0000013-LIC' },
      { mark: '²', lab: 'Kaycha Labs', method: 'as reported on the COA of Kaycha Labs' },
    ];
    expect(closingStatement({ otherLabs: labs })).toMatch(
      /^The results in this certificate relate only to the sample as received and tested, except lines marked ¹, which SC Laboratories California LLC \(license C8-0000013-LIC\) reported for the sample it tested; and lines marked ², which Kaycha Labs reported for the sample it tested\. /,
    );
  });
});
