import { InstrumentFormat } from './parser.types';

/**
 * What each format's parser was proven on: exports a real instrument wrote (public files kept under
 * test/fixtures, sources in the SOURCES.md files there) or only vendor documentation and our own
 * fixtures. The one place this is kept; the formats listing and the detection matrix read it.
 */

export type FormatEvidence = 'real-files' | 'documentation';

/** Real exports per format, as paths under test/fixtures. An empty list means documentation only. */
export const REAL_EXPORTS: Readonly<Record<InstrumentFormat, readonly string[]>> = {
  'shimadzu-labsolutions-ascii': ['real/shimadzu-labsolutions-ascii/chromatopy-lcsolution-output-sample-4.txt'],
  'agilent-chemstation-report': [
    'real/agilent-chemstation-report/p2m2tools-openlabcds-istd-std500.txt',
    'real/agilent-chemstation-report/gc-report-to-excel-readme-istd-percent.txt',
  ],
  'agilent-masshunter-quant': [
    'real/agilent-masshunter-quant/agilent-masshunter-quant.csv',
    'real/agilent-masshunter-quant/senaite-core-masshunter-long-terpenes-gcfid.csv',
  ],
  'waters-targetlynx': [
    'real/waters-targetlynx/p2m2tools-070120-saturation-cqa.txt',
    'real/waters-targetlynx/p2m2tools-190522-97.txt',
    'real/waters-targetlynx/p2m2tools-mass-15ngly-um-column.txt',
    'real/waters-targetlynx/gnd96-translator-demo-13c-pyruvate-lactate.txt',
  ],
  'sciex-multiquant': ['real/sciex-multiquant/steep-pfas-sciex-os-cs0-standard.txt'],
  'perkinelmer-icp-csv': ['real/perkinelmer-icp-csv/perkinelmer-winlab32.csv', 'real/perkinelmer-icp-csv/senaite-instruments-pinaacle900h-optima8300.csv'],
  'agilent-icpms-masshunter': ['real/agilent-icpms-masshunter/icpmsdatareduction-7900-semicolon-fr.csv'],
  'shimadzu-gcms-summary': ['real/shimadzu-gcms-summary/shimadzu-gcms-tq8030.txt'],
  'biorad-cfx-cq': ['real/biorad-cfx-cq/biorad-cfx-cq-results.csv', 'real/biorad-cfx-cq/qpcr-cfx-process-br002605-cq-results.csv'],
  'water-activity': [],
  'moisture-analyzer': [],
  // A layout the lab defines by mapping columns: there is no vendor file to prove it on.
  'generic-long-csv': [],
};

/** Real exports of instruments LabTrace does not read: every detector must refuse them. */
export const FOREIGN_REAL_EXPORTS: readonly string[] = [
  'real/foreign/p2m2tools-shimadzu-gcmssolution-13cprot1.txt',
  'real/foreign/senaite-instruments-masshunter-qualitative.csv',
  // A TargetLynx *Sample* Summary Report (one block per injection): refused, naming TargetLynx as closest.
  'real/foreign/p2m2tools-targetlynx-quantify-sample-summary.txt',
  // A MultiQuant table of peak areas (no Sample Type, no Calculated Concentration): refused, naming SCIEX.
  'real/foreign/msorganiser-multiquant-areas-only.txt',
];

/**
 * Real exports a format's detector rightly claims and its parser rightly refuses (an Area Percent
 * report or a batch table of peak areas has no amounts): they prove the refusal, not the reading.
 */
export const REFUSED_REAL_EXPORTS: Readonly<Record<string, InstrumentFormat>> = {
  'real/agilent-chemstation-report/chromatopy-docs-area-percent-fid-tcd.txt': 'agilent-chemstation-report',
  'real/agilent-masshunter-quant/midar-mhquant-area-only-s1p.csv': 'agilent-masshunter-quant',
};

export function formatEvidence(format: InstrumentFormat): FormatEvidence {
  return REAL_EXPORTS[format].length > 0 ? 'real-files' : 'documentation';
}
