import type { Analyte } from './analyte.types';

const mycotoxin = (id: string, name: string, aliases: string[]): Analyte => ({
  id,
  name,
  group: 'mycotoxins',
  defaultUnit: 'µg/kg',
  aliases: [name, ...aliases],
});
const microbial = (id: string, name: string, aliases: string[]): Analyte => ({
  id,
  name,
  group: 'microbials',
  defaultUnit: 'CFU/g',
  aliases: [name, ...aliases],
});

export const MYCOTOXINS: readonly Analyte[] = [
  mycotoxin('aflatoxin-b1', 'Aflatoxin B1', ['B1', 'AFB1', 'aflatoxin-B1']),
  mycotoxin('aflatoxin-b2', 'Aflatoxin B2', ['B2', 'AFB2', 'aflatoxin-B2']),
  mycotoxin('aflatoxin-g1', 'Aflatoxin G1', ['G1', 'AFG1', 'aflatoxin-G1']),
  mycotoxin('aflatoxin-g2', 'Aflatoxin G2', ['G2', 'AFG2', 'aflatoxin-G2']),
  // Not `computed`: COAs print it and the judgement sums B1+B2+G1+G2 only when no total was reported.
  mycotoxin('total-aflatoxins', 'Total aflatoxins', [
    'total aflatoxin',
    'aflatoxins total',
    'aflatoxins',
    'aflatoxins B1+B2+G1+G2',
    'total aflatoxins (B1, B2, G1, G2)',
    'sum of aflatoxins',
  ]),
  mycotoxin('ochratoxin-a', 'Ochratoxin A', ['OTA', 'ochratoxin']),
];

export const MICROBIALS: readonly Analyte[] = [
  microbial('aspergillus-fumigatus', 'Aspergillus fumigatus', ['A. fumigatus']),
  microbial('aspergillus-flavus', 'Aspergillus flavus', ['A. flavus']),
  microbial('aspergillus-niger', 'Aspergillus niger', ['A. niger']),
  microbial('aspergillus-terreus', 'Aspergillus terreus', ['A. terreus']),
  microbial('salmonella', 'Salmonella spp.', ['salmonella', 'salmonella species', 'salmonella specific gene']),
  microbial('stec', 'Shiga toxin-producing E. coli', [
    'STEC',
    'STEC E. coli',
    'shiga toxin-producing E. coli',
    'shiga toxin producing Escherichia coli',
    'shiga-toxin producing E. coli',
    'E. coli O157',
    'E. coli (STEC)',
  ]),
  microbial('total-aerobic-count', 'Total aerobic count', [
    'TAC',
    'total aerobic microbial count',
    'TAMC',
    'total aerobic bacteria',
    'aerobic bacteria',
    'total aerobic plate count',
    'aerobic plate count',
    'APC',
  ]),
  microbial('total-yeast-mold', 'Total yeast and mold', [
    'TYM',
    'TYMC',
    'total yeast and mould',
    'yeast and mold',
    'yeast & mold',
    'total yeast and mold count',
    'total combined yeast and mold',
    'yeast and mould',
  ]),
];
