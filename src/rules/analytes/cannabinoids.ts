import type { Analyte } from './analyte.types';

const cannabinoid = (id: string, name: string, aliases: string[], computed?: true): Analyte => ({
  id,
  name,
  group: 'cannabinoids',
  defaultUnit: '%',
  aliases,
  ...(computed ? { computed } : {}),
});

function perAmount(id: string, name: string, defaultUnit: 'mg/serving' | 'mg/package'): Analyte {
  return { ...cannabinoid(id, name, [], true), defaultUnit };
}

export const CANNABINOIDS: readonly Analyte[] = [
  cannabinoid('d9-thc', 'Δ9-THC', [
    'd9-THC',
    'Delta-9 THC',
    'Δ9-THC',
    'delta9-THC',
    'Δ9-tetrahydrocannabinol',
    'delta-9-tetrahydrocannabinol',
    'THC',
    'Δ9 THC',
    'tetrahydrocannabinol',
    'd9-tetrahydrocannabinol',
    '(-)-trans-Δ9-THC',
  ]),
  cannabinoid('thca', 'THCA', ['THCA', 'THCa', 'THC-A', 'Δ9-THCA', 'THCA-A', 'd9-THCA', 'tetrahydrocannabinolic acid', 'Δ9-tetrahydrocannabinolic acid']),
  cannabinoid('d8-thc', 'Δ8-THC', ['d8-THC', 'Δ8-THC', 'Delta-8 THC', 'delta8-THC', 'Δ8-tetrahydrocannabinol']),
  cannabinoid('d10-thc', 'Δ10-THC', ['d10-THC', 'Δ10-THC', 'Delta-10 THC', 'Δ10-tetrahydrocannabinol']),
  cannabinoid('thcv', 'THCV', ['THCV', 'THC-V', 'tetrahydrocannabivarin', 'Δ9-THCV']),
  cannabinoid('thcva', 'THCVA', ['THCVA', 'THCVa', 'THCV-A', 'tetrahydrocannabivarinic acid']),
  cannabinoid('cbd', 'CBD', ['CBD', 'cannabidiol']),
  cannabinoid('cbda', 'CBDA', ['CBDA', 'CBDa', 'CBD-A', 'cannabidiolic acid']),
  cannabinoid('cbdv', 'CBDV', ['CBDV', 'cannabidivarin']),
  cannabinoid('cbdva', 'CBDVA', ['CBDVA', 'CBDVa', 'cannabidivarinic acid']),
  cannabinoid('cbg', 'CBG', ['CBG', 'cannabigerol']),
  cannabinoid('cbga', 'CBGA', ['CBGA', 'CBGa', 'CBG-A', 'cannabigerolic acid']),
  cannabinoid('cbn', 'CBN', ['CBN', 'cannabinol']),
  cannabinoid('cbc', 'CBC', ['CBC', 'cannabichromene']),
  cannabinoid('cbca', 'CBCA', ['CBCA', 'CBCa', 'cannabichromenic acid']),
  cannabinoid('cbl', 'CBL', ['CBL', 'cannabicyclol']),
  // Totals are derived (judgement/totals.ts): a typed-in total could disagree with its components.
  cannabinoid('total-thc', 'Total THC', ['Total THC', 'THC total', 'Total Δ9-THC', 'total-thc'], true),
  cannabinoid('total-cbd', 'Total CBD', ['Total CBD', 'CBD total', 'total-cbd'], true),
  // Edibles: the totals per serving and per package (judgement/edible-potency.ts), judged against NY's caps.
  perAmount('total-thc-per-serving', 'Total THC per serving', 'mg/serving'),
  perAmount('total-thc-per-package', 'Total THC per package', 'mg/package'),
  perAmount('total-cbd-per-serving', 'Total CBD per serving', 'mg/serving'),
  perAmount('total-cbd-per-package', 'Total CBD per package', 'mg/package'),
];
