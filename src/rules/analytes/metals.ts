import type { Analyte } from './analyte.types';

const metal = (id: string, name: string, symbol: string, aliases: string[] = []): Analyte => ({
  id,
  name,
  group: 'metals',
  defaultUnit: 'µg/g',
  symbol,
  aliases: [name, symbol, `${name} (${symbol})`, ...aliases],
});

export const METALS: readonly Analyte[] = [
  metal('arsenic', 'Arsenic', 'As', ['total arsenic', 'inorganic arsenic']),
  metal('cadmium', 'Cadmium', 'Cd'),
  metal('lead', 'Lead', 'Pb'),
  metal('mercury', 'Mercury', 'Hg', ['total mercury']),
  metal('nickel', 'Nickel', 'Ni'),
  metal('chromium', 'Chromium', 'Cr', ['total chromium']),
  metal('copper', 'Copper', 'Cu'),
  metal('antimony', 'Antimony', 'Sb'),
];
