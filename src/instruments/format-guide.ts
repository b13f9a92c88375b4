import { InstrumentFormat } from './parsers/parser.types';

/**
 * What the import screen tells a technician about each format: one sentence on which instrument writes
 * it and what it carries, and, for the generic CSV the lab fills itself, its columns and a template.
 */
export const FORMAT_DESCRIPTIONS: Readonly<Record<InstrumentFormat, string>> = {
  'shimadzu-labsolutions-ascii':
    'The ASCII export of Shimadzu LabSolutions (HPLC, GC): one block per sample with each compound’s concentration; used for cannabinoids and terpenes.',
  'agilent-chemstation-report':
    'The Report.TXT an Agilent OpenLab CDS / ChemStation run prints with an external or internal standard: amounts per peak; an Area Percent report is refused.',
  'agilent-masshunter-quant':
    'The batch table Agilent MassHunter Quantitative Analysis exports as CSV (LC-MS/MS, GC-MS): one row per sample and compound with its calculated concentration; pesticides, mycotoxins, terpenes.',
  'waters-targetlynx':
    'The Quantify Compound Summary Report of Waters TargetLynx (LC-MS/MS): one block per compound listing every injection; pesticides and mycotoxins.',
  'sciex-multiquant': 'The results table SCIEX MultiQuant or SCIEX OS exports as text (LC-MS/MS): one row per sample and compound; pesticides and mycotoxins.',
  'perkinelmer-icp-csv': 'The report CSV of PerkinElmer WinLab32 or Syngistix (ICP-OES, ICP-MS): concentrations per element; heavy metals.',
  'agilent-icpms-masshunter': 'The batch table Agilent ICP-MS MassHunter exports as CSV (comma or semicolon): one column block per element; heavy metals.',
  'shimadzu-gcms-summary': 'The compound summary Shimadzu GCMSsolution exports, tab separated: concentrations per compound; residual solvents and terpenes.',
  'biorad-cfx-cq':
    'The Quantification Cq Results CSV of Bio-Rad CFX Maestro (qPCR): a Cq under the cut-off is a detection, stored as detected; microbials such as Salmonella and Aspergillus.',
  'water-activity': 'A water activity meter’s CSV in the AQUALAB layout: one aw reading per sample, with its temperature.',
  'moisture-analyzer': 'The printout of a Mettler-Toledo or Ohaus moisture analyzer saved as text: moisture content in percent per sample.',
  'generic-long-csv':
    'A CSV the lab writes itself, one result per row. Use it for any instrument without a format of its own, or map another file’s columns to it.',
};

/** A column of the generic long CSV: its header, whether a file must have it, and what goes in it. */
export interface GenericColumn {
  name: string;
  required: boolean;
  meaning: string;
}

export const GENERIC_CSV_COLUMNS: readonly GenericColumn[] = [
  { name: 'sample', required: true, meaning: 'the lab code on the sample’s label (LT-…), or its state inventory id' },
  { name: 'analyte', required: true, meaning: 'the analyte’s name or a common synonym (Δ9-THC, Lead, Myclobutanil)' },
  { name: 'value', required: true, meaning: 'the result as a number with a decimal point, or ND, <LOQ or >ULOQ' },
  { name: 'unit', required: true, meaning: 'the unit of value, LOD and LOQ (%, µg/g, µg/kg, CFU/g, aw); empty means the analyte’s method unit' },
  { name: 'lod', required: true, meaning: 'the limit of detection (the column must be there; the cell may be empty)' },
  { name: 'loq', required: true, meaning: 'the limit of quantitation (the column must be there; the cell may be empty)' },
  { name: 'kind', required: false, meaning: 'sample (or empty), blank, spike, duplicate, calibration or check standard: QC rows are judged, not stored' },
  { name: 'dilution', required: false, meaning: 'the dilution factor, when the value was read diluted' },
];

/**
 * A filled-in example of the generic long CSV, to download and overwrite: every kind of cell it reads.
 * Its lab code (month YYMM) is one no sample can have, so an unedited template stores nothing.
 */
export const GENERIC_CSV_TEMPLATE = [
  GENERIC_CSV_COLUMNS.map((c) => c.name).join(','),
  'LT-YYMM-000001,Δ9-THC,0.62,%,0.01,0.03,sample,',
  'LT-YYMM-000001,THCA,21.4,%,0.01,0.03,sample,',
  'LT-YYMM-000001,Lead,0.12,µg/g,0.02,0.05,sample,',
  'LT-YYMM-000001,Cadmium,<LOQ,µg/g,0.02,0.05,sample,',
  'LT-YYMM-000001,Myclobutanil,ND,µg/g,0.01,0.02,sample,10',
  'MB-1,Lead,ND,µg/g,0.02,0.05,blank,',
  '',
].join('\r\n');
