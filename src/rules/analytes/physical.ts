import type { Analyte } from './analyte.types';

export const PHYSICAL: readonly Analyte[] = [
  {
    id: 'moisture',
    name: 'Moisture',
    group: 'moisture',
    defaultUnit: '%',
    aliases: ['moisture', 'moisture content', 'water content', 'moisture (loss on drying)'],
  },
  { id: 'water-activity', name: 'Water activity', group: 'water_activity', defaultUnit: 'aw', aliases: ['water activity', 'Aw', 'a_w', 'water activity (Aw)'] },
  {
    id: 'foreign-matter-stems',
    name: 'Stems ≥ 3 mm',
    group: 'foreign_matter',
    defaultUnit: '%',
    aliases: ['stems', 'stems ≥3 mm', 'stems >= 3 mm', 'stems 3 mm or larger', 'stems over 3 mm', 'foreign matter stems'],
  },
  {
    id: 'foreign-matter-seeds-other',
    name: 'Seeds and other foreign matter',
    group: 'foreign_matter',
    defaultUnit: '%',
    aliases: ['seeds and other', 'seeds and other foreign matter', 'seeds and other foreign material', 'seeds & other', 'foreign matter seeds and other'],
  },
];
