export * from './judgement.types';
export { JudgementError, JudgementErrorCode } from './judgement.errors';
export { isDecimalString } from './decimal';
export { UNITS, canConvert, canonicalUnit, convert, requireUnit } from './units';
export type { Unit } from './units';
export { DECARBOXYLATION_FACTOR, POTENCY_TOTALS, TOTAL_AFLATOXINS, computePotencyTotals, computeTotal } from './totals';
export type { ComputedTotal, TotalDefinition } from './totals';
export { judgeAnalyte } from './judge';
export { judgeGroup, judgeSample, summariseSample } from './judge-sample';
