export type { Analyte } from './analyte.types';
export { analyteAliasKey, analyteNameKeys } from './analyte-name';
export { AMBIGUOUS_ANALYTE_NAMES, ANALYTES, analytesInGroup, getAnalyte, isComputedAnalyte, resolveAnalyte } from './vocabulary';
export { WA_PESTICIDES } from './pesticides';
