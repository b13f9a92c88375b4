import type { Analyte } from './analyte.types';

const solvent = (id: string, name: string, aliases: string[] = []): Analyte => ({
  id,
  name,
  group: 'residual_solvents',
  defaultUnit: 'ppm',
  aliases: [name, ...aliases],
});

/**
 * "Butane" alone is taken as the butanes total (n-butane + isobutane): labs that separate the isomers
 * name them. Likewise "xylene" is total xylenes and "hexanes" is n-hexane as labs quantify it.
 */
export const RESIDUAL_SOLVENTS: readonly Analyte[] = [
  solvent('acetone', 'Acetone', ['2-propanone']),
  solvent('acetonitrile', 'Acetonitrile'),
  solvent('benzene', 'Benzene'),
  solvent('butanes', 'Butanes', ['butane', 'butane(s)', 'total butanes']),
  solvent('n-butane', 'n-Butane', ['normal butane']),
  solvent('isobutane', 'Isobutane', ['iso-butane', '2-methylpropane']),
  solvent('chloroform', 'Chloroform', ['trichloromethane']),
  solvent('dichloromethane', 'Dichloromethane', ['methylene chloride', 'DCM']),
  solvent('1-2-dichloroethane', '1,2-Dichloroethane', ['ethylene dichloride']),
  solvent('ethanol', 'Ethanol', ['ethyl alcohol']),
  solvent('ethyl-acetate', 'Ethyl acetate'),
  solvent('diethyl-ether', 'Diethyl ether', ['ethyl ether', 'ether']),
  solvent('heptane', 'Heptane', ['n-heptane', 'heptanes']),
  solvent('hexane', 'Hexane', ['n-hexane', 'hexanes']),
  solvent('isopropanol', 'Isopropanol', ['2-propanol', 'isopropyl alcohol', 'IPA']),
  solvent('methanol', 'Methanol', ['methyl alcohol']),
  solvent('pentane', 'Pentane', ['n-pentane', 'pentanes']),
  solvent('propane', 'Propane'),
  solvent('toluene', 'Toluene'),
  solvent('xylenes', 'Xylenes', ['xylene', 'total xylenes', 'o-, m-, p-xylene', 'm,p,o-xylenes']),
  solvent('trichloroethylene', 'Trichloroethylene', ['TCE', 'trichloroethene']),
];
