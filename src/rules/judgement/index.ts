/**
 * The pure judgement, as one package: the server judges with it and the console (alias
 * `@labtrace/rules`, see web/vite.config.ts) judges live while results are typed, so both give the
 * same verdict. Everything reachable from here must stay plain TypeScript: no NestJS, no Node built-ins
 * (package.spec.ts checks it).
 */
export { getAnalyte, resolveAnalyte } from '../analytes/vocabulary';
export type { Analyte } from '../analytes/analyte.types';
export { ANALYTE_GROUPS, type AnalyteGroup } from '../product-types';
export { isDecimalString, toDecimal } from './decimal';
export type { EdibleMeasures } from './edible-potency';
export { judgeAnalyte, limitTextOf } from './judge';
export { judgeGroup, requiredAnalytesOf, summariseSample, type JudgeContext } from './judge-sample';
export { JudgementError } from './judgement.errors';
export type {
  AnalyteResultInput,
  AnalyteStatus,
  GroupJudgement,
  GroupStatus,
  JudgedAnalyte,
  LimitOperator,
  LimitRule,
  NotTestedMark,
  Qualifier,
  SampleJudgement,
} from './judgement.types';
export { QUALIFIERS } from './judgement.types';
export { canConvert, canonicalUnit, convert, UNITS } from './units';
