import { parse } from 'csv-parse/sync';
import { FileView, LineRef, sniffDelimiter, unquote } from './file-view';
import { InstrumentFormat } from './parser.types';

/**
 * Each format's detector restated as markers, in the order a lab would check them. A file has every
 * marker of one of a format's signatures exactly when that format's detector claims it
 * (near-miss.spec.ts checks this on every fixture); detection itself stays in the parsers.
 */

/**
 * `found` answers the 1-based line the marker is on (0 for a fact about the whole file) or
 * undefined. `weight`: a distinctive marker names the format; a structural one (tab-separated) only
 * the kind of file; an exclusion (weight 0) is a marker whose presence means another format.
 */
export interface Marker {
  what: string;
  found(view: FileView): number | undefined;
  instead?(view: FileView): LineRef | undefined;
  weight?: 'distinctive' | 'structural' | 'exclusion';
  /** The sentence when the marker is missing, if not "lacks <what>". */
  absent?: string;
}

export interface Signature {
  layout?: string;
  markers: readonly Marker[];
}

const onLine =
  (pattern: RegExp): Marker['found'] =>
  (view) =>
    view.lineMatching(pattern);

/** A marker tested on one line chosen by `pick` (a 1-based line number or undefined). */
function onPicked(pick: (view: FileView) => number | undefined, test: (line: string) => boolean): Marker['found'] {
  return (view) => {
    const line = pick(view);
    return line !== undefined && test(view.lines[line - 1]) ? line : undefined;
  };
}

const firstLine = () => 1;
const secondLine = (view: FileView) => (view.lines.length > 1 ? 2 : undefined);
const firstNonBlank = (view: FileView) => view.once('nb1', () => view.nonBlank(1)[0] + 1 || undefined);
const secondNonBlank = (view: FileView) => view.once('nb2', () => view.nonBlank(2)[1] + 1 || undefined);

/** The line as cells split the way the format's detector splits them, for "instead". */
const cellsOf =
  (pick: (view: FileView) => number | undefined, split: RegExp | string = ',') =>
  (view: FileView): LineRef | undefined => {
    const line = pick(view);
    return line === undefined ? undefined : view.ref(line, view.lines[line - 1].split(split).map(unquote));
  };

const REPORT_TITLE = /^[ \t]*(External Standard|Internal Standard|Area Percent|Norm%|ESTD%|ISTD%|ESTD Percent|ISTD Percent)[ \t]+Report[ \t]*$/;

/** MassHunter's long compound table: the SampleID header line with most of its required columns. */
function longTableHeader(view: FileView): { line: number; cells: string[]; compound: boolean; concentration: boolean } | undefined {
  return view.once('longTableHeader', () => {
    let best: { line: number; cells: string[]; compound: boolean; concentration: boolean } | undefined;
    view.lines.forEach((text, index) => {
      if (!/^"?SampleID"?\s*(,|$)/.test(text.trimStart())) return;
      const cells = text.split(',').map(unquote);
      if (cells[0] !== 'SampleID') return;
      const candidate = {
        line: index + 1,
        cells,
        compound: cells.includes('Compound'),
        concentration: cells.includes('FinalConcentration') || cells.includes('CalculatedConcentration'),
      };
      const rank = (c: typeof candidate) => Number(c.compound) + Number(c.concentration);
      if (!best || rank(candidate) > rank(best)) best = candidate;
    });
    return best;
  });
}

const longHeaderRef = (view: FileView) => {
  const header = longTableHeader(view);
  return header ? view.ref(header.line, header.cells) : undefined;
};

const SCIEX_COLUMNS = ['Sample Name', 'Sample Type', 'Component Name', 'Calculated Concentration'] as const;
/** Line 1's cells: split on tabs as the detector does or, in a comma export of the same table, on its delimiter. */
const sciexCells = (line: string) => line.split(line.includes('\t') ? '\t' : sniffDelimiter(line)).map((cell) => cell.trim());

const BIORAD_COLUMNS = ['Well', 'Target', 'Content', 'Cq'] as const;
const bioRadCells = (view: FileView) =>
  view.once('bioRadCells', () => {
    const line = firstNonBlank(view);
    return line === undefined ? [] : view.lines[line - 1].split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, ''));
  });

export const GENERIC_COLUMNS = ['sample', 'analyte', 'value', 'unit', 'lod', 'loq'] as const;
/** The first line's cells as the generic parser's detector splits them (it compares them lowercased). */
const genericCells = (view: FileView) =>
  view.once('genericCells', () => {
    const line = firstNonBlank(view);
    if (line === undefined) return [];
    const text = view.lines[line - 1];
    return text.split(sniffDelimiter(text)).map((name) => unquote(name).trim());
  });
const genericNames = (view: FileView) => view.once('genericNames', () => genericCells(view).map((name) => name.toLowerCase()));

const HEAD_LINES = 30;
const AW_SAMPLE = /^(sample( id| name)?|id)$/i;
const AW_VALUE = /^(water activity|aw)\b|\(aw\)/i;
const AW_TEMPERATURE = /^temp/i;
/** The water-activity header: of the first lines, the record with most of its three columns. */
function waterActivityHeader(view: FileView): { line: number; cells: string[]; has: [boolean, boolean, boolean] } | undefined {
  return view.once('waterActivityHeader', () => {
    const head = view.lines.slice(0, HEAD_LINES).join('\n');
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
      records = parse(head, { relax_column_count: true, relax_quotes: true, skip_records_with_error: true, info: true }) as unknown as typeof records;
    } catch {
      return undefined;
    }
    let best: { line: number; cells: string[]; has: [boolean, boolean, boolean] } | undefined;
    for (const { record, info } of records) {
      const cells = record.map((cell) => cell.trim());
      const has: [boolean, boolean, boolean] = [
        cells.some((c) => AW_SAMPLE.test(c)),
        cells.some((c) => AW_VALUE.test(c)),
        cells.some((c) => AW_TEMPERATURE.test(c)),
      ];
      const rank = has.filter(Boolean).length;
      // A partial match counts only on a row of names: a data row ("Water Activity", "sample") is no header.
      const names = rank === 3 || cells.every((c) => !/^[-+]?[\d.,\s]+$/.test(c));
      if (rank > 0 && names && (!best || rank > best.has.filter(Boolean).length)) best = { line: info.lines, cells, has };
    }
    return best;
  });
}
const awMarker = (what: string, index: 0 | 1 | 2): Marker => ({
  what,
  found: (view) => {
    const header = waterActivityHeader(view);
    return header?.has[index] ? header.line : undefined;
  },
  instead: (view) => {
    const header = waterActivityHeader(view);
    return header ? view.ref(header.line, header.cells) : undefined;
  },
});

export const SIGNATURES: Readonly<Record<InstrumentFormat, readonly Signature[]>> = {
  'shimadzu-labsolutions-ascii': [
    {
      markers: [
        { what: 'a “[Header]” section', found: onLine(/^\[Header\]\s*$/) },
        {
          what: 'an “Application Name” line naming LabSolutions, LCsolution or GCsolution',
          found: onLine(/^Application Name[\t,](LabSolutions|LCsolution|GCsolution)/),
          instead: (view) => view.ref(view.lineMatching(/^Application Name\b/)),
        },
        {
          what: 'a “[Compound Results(<detector>)]” section',
          found: onLine(/^\[Compound Results\(/),
          instead: (view) => view.ref(view.lineMatching(/^\[(?!Header\])[^\]]+\]\s*$/)),
        },
      ],
    },
  ],
  'agilent-chemstation-report': [
    {
      markers: [
        { what: 'a “Sample Name:” line', found: onLine(/^Sample Name:/) },
        { what: 'an “Injection Date :” line', found: onLine(/^Injection Date\s*:/) },
        {
          what: 'a report title (“External Standard Report”, “Internal Standard Report”, “Area Percent Report”…)',
          found: onLine(REPORT_TITLE),
          instead: (view) => view.ref(view.lineMatching(/^[ \t]*\S.*\bReport[ \t]*$/)),
        },
        { what: 'a peak table with a “RetTime” column', found: onLine(/RetTime/) },
      ],
    },
  ],
  'agilent-masshunter-quant': [
    {
      layout: 'wide batch table',
      markers: [
        {
          what: 'a first line starting “Sample,” (the column-group row)',
          found: onPicked(firstNonBlank, (l) => /^"?Sample"?,/.test(l)),
          instead: (v) => v.ref(firstNonBlank(v)),
        },
        {
          what: 'a “<compound> Results” or “<compound> Method” column group',
          found: onPicked(firstNonBlank, (l) => / (Results|Method)"?(,|$)/.test(l)),
          instead: cellsOf(firstNonBlank),
        },
        {
          what: 'a “Data File” column on the second line',
          found: onPicked(secondNonBlank, (l) => /(^|,)"?Data File"?(,|$)/.test(l)),
          instead: cellsOf(secondNonBlank),
        },
      ],
    },
    {
      layout: 'long compound table',
      markers: [
        { what: 'a header line starting “SampleID,”', found: (view) => longTableHeader(view)?.line },
        {
          what: 'a “Compound” column in the SampleID header',
          found: (view) => (longTableHeader(view)?.compound ? longTableHeader(view)!.line : undefined),
          instead: longHeaderRef,
        },
        {
          what: 'a “FinalConcentration” or “CalculatedConcentration” column in the SampleID header',
          found: (view) => (longTableHeader(view)?.concentration ? longTableHeader(view)!.line : undefined),
          instead: longHeaderRef,
        },
      ],
    },
  ],
  'waters-targetlynx': [
    {
      markers: [
        {
          what: 'no “Quantify Sample Summary Report” title',
          absent:
            'is a TargetLynx “Quantify Sample Summary Report” (one table per injection), not the Quantify Compound Summary Report LabTrace reads; export the Compound Summary Report from TargetLynx instead',
          weight: 'exclusion',
          // A report that also carries the Compound Summary title is read (the detector looks for that title only).
          found: (view) =>
            view.lineMatching(/^[ \t]*Quantify Sample Summary Report/) === undefined ||
            view.lineMatching(/^[ \t]*Quantify Compound Summary Report/) !== undefined
              ? 0
              : undefined,
        },
        {
          what: 'the “Quantify Compound Summary Report” title',
          found: onLine(/^[ \t]*Quantify Compound Summary Report/),
          instead: (view) => view.ref(view.lineMatching(/^[ \t]*Quantify .*Report/)),
        },
        {
          what: 'a tab-separated “#, Name, …” header row above the compound tables',
          found: onLine(/^(\t?#)?\tName\t/),
          instead: (view) => {
            const title = view.lineMatching(/^[ \t]*Compound\s+\d+\s*:/) ?? 0;
            const index = view.lines.findIndex((line, i) => i >= title && line.includes('\t') && line.trim() !== '');
            return view.ref(index < 0 ? undefined : index + 1);
          },
        },
      ],
    },
  ],
  'sciex-multiquant': [
    {
      markers: [
        {
          what: 'a tab-separated header on line 1',
          found: onPicked(firstLine, (l) => l.includes('\t')),
          weight: 'structural',
          instead: (v) => v.ref(1, sciexCells(v.lines[0])),
        },
        ...SCIEX_COLUMNS.map((name): Marker => ({
          what: `a “${name}” column on line 1`,
          found: onPicked(firstLine, (l) => sciexCells(l).includes(name)),
          instead: (view) => view.ref(1, sciexCells(view.lines[0])),
        })),
      ],
    },
  ],
  'perkinelmer-icp-csv': [
    {
      markers: [
        { what: 'a “Sample ID” column', found: onPicked(firstNonBlank, (l) => /(^|,)"?sample id"?,/.test(l.toLowerCase())), instead: cellsOf(firstNonBlank) },
        { what: 'an “Analyte Name” column', found: onPicked(firstNonBlank, (l) => l.toLowerCase().includes('analyte name')), instead: cellsOf(firstNonBlank) },
        {
          what: 'a “Conc (Samp)” or “Conc (Calib)” column',
          found: onPicked(firstNonBlank, (l) => /(reported )?conc \((samp|calib)\)/.test(l.toLowerCase())),
          instead: cellsOf(firstNonBlank),
        },
      ],
    },
  ],
  'agilent-icpms-masshunter': [
    {
      markers: [
        {
          what: 'a first line starting “Sample,” (the element-group row; “Sample;” from a French or German Excel)',
          found: onPicked(firstLine, (l) => /^"?Sample"?[,;]/.test(l)),
          instead: (v) => v.ref(1),
        },
        {
          what: 'element groups such as “75 -> 91  As  [ O2 ]” on line 1',
          found: onPicked(firstLine, (l) => /[,;]"?\s*\d{1,3}(\s*->\s*\d{1,3})?\s+[A-Z][a-z]?\s+(\(\s*ISTD\s*\)\s*)?\[/.test(l)),
          instead: cellsOf(firstLine, /[,;]/),
        },
        {
          what: 'a “Data File” column on line 2',
          found: onPicked(secondLine, (l) => /(^|[,;])"?Data File"?[,;]/.test(l)),
          instead: cellsOf(secondLine, /[,;]/),
        },
        {
          what: 'a “Conc. [ unit ]” column on line 2',
          found: onPicked(secondLine, (l) => /(^|[,;])"?Conc\. \[/.test(l)),
          instead: cellsOf(secondLine, /[,;]/),
        },
      ],
    },
  ],
  'shimadzu-gcms-summary': [
    {
      markers: [
        {
          what: 'no “[Header]” section',
          absent: 'has a “[Header]” section, which marks a LabSolutions ASCII export',
          weight: 'exclusion',
          found: (view) => (view.lineMatching(/^\[Header\]/) === undefined ? 0 : undefined),
          instead: (view) => view.ref(view.lineMatching(/^\[Header\]/)),
        },
        { what: 'tab-separated lines', weight: 'structural', found: (view) => (view.text.includes('\t') ? view.lineMatching(/\t/) : undefined) },
        {
          what: 'a data-file column of “.qgd” files (or “Average” and “%RSD” summary lines)',
          found: (view) => {
            const qgd = view.lineMatching(/^[^\t\n]*\.qgd\t/i);
            if (qgd !== undefined) return qgd;
            const average = view.lineMatching(/^Average\t/);
            return average !== undefined && view.lineMatching(/^%RSD\t/) !== undefined ? average : undefined;
          },
        },
      ],
    },
  ],
  'biorad-cfx-cq': [
    {
      markers: BIORAD_COLUMNS.map((name): Marker => ({
        what: `a “${name}” column`,
        found: (view) => (bioRadCells(view).includes(name) ? firstNonBlank(view) : undefined),
        instead: (view) => view.ref(firstNonBlank(view), bioRadCells(view)),
      })),
    },
  ],
  'water-activity': [
    {
      markers: [
        awMarker('a “Sample” (or “Sample ID”, “Sample Name”, “ID”) column', 0),
        awMarker('a “Water Activity” (or “aw”) column', 1),
        awMarker('a “Temperature” column', 2),
      ],
    },
  ],
  'moisture-analyzer': [
    {
      markers: [
        { what: 'a “Moisture Analyzer” (or “Moisture Analysis”) title', found: onLine(/moisture\s+analy[sz](is|er)/i) },
        { what: 'a “% MC” result', found: onLine(/%\s*MC\b/) },
        { what: 'a “Start weight” line', found: onLine(/start\s+weight/i) },
      ],
    },
  ],
  'generic-long-csv': [
    {
      markers: GENERIC_COLUMNS.map((name): Marker => ({
        what: `a “${name}” column`,
        weight: 'structural',
        found: (view) => (genericNames(view).includes(name) ? firstNonBlank(view) : undefined),
        instead: (view) => view.ref(firstNonBlank(view), genericCells(view)),
      })),
    },
  ],
};
