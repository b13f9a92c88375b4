import { Dec, toDecimal } from './decimal';
import { JudgementError, JudgementErrorCode } from './judgement.errors';
import { AnalyteJudgement, LimitRule, QUALIFIERS, Qualifier, ResultValue } from './judgement.types';
import { convert, requireUnit } from './units';

/**
 * Judging one analyte against one limit. The decisions, in order of how often they matter:
 * - A value exactly at a limit passes (limits are "≤", ranges include both ends).
 * - ND and <LOQ pass every upper limit (the rules file: they pass a numeric limit) when the method
 *   can see below it: an LOQ (for ND without an LOQ, the LOD) above the limit makes them
 *   'inconclusive', since the method cannot demonstrate compliance; so is a number below such an
 *   LOQ that is within the limit. Against a range whose minimum is above zero they fail: an
 *   unquantified result cannot show the minimum was met.
 * - >ULOQ fails every numeric limit: the true value is above the calibrated range, so above any
 *   limit the lab could confirm; the lab must dilute and rerun to pass.
 * - "Not detected" limits pass only ND. <LOQ (seen above the LOD) and >ULOQ are detections, and so
 *   is any number above zero; a number zero (no colonies counted) is not a detection.
 * - Report-only limits are never judged. No rule at all is 'no_limit', which does not fail either.
 * - Values are converted to the limit's unit first, exactly (units.ts).
 */
export function judgeAnalyte(result: ResultValue & { lod?: string | null; loq?: string | null }, rule: LimitRule | undefined): AnalyteJudgement {
  const reading = readResult(result);
  if (!rule) return judgement('no_limit', 'No limit applies to this analyte for this product type.', null, null, null);
  const limit = readRuleOnce(rule);
  switch (limit.operator) {
    case 'report_only':
      return judgement('report_only', 'Reported only; no limit applies.', limit.text, null, null);
    case 'not_detected':
      return judgeNotDetected(reading, result.unit, limit.text);
    case 'lte':
    case 'range':
      return judgeNumeric(reading, result, limit);
  }
}

/** The limit as the COA prints it ("≤ 0.5 µg/g", "5.0–15.0 %", "Not detected", "Report only"), before any result is judged. */
export function limitTextOf(rule: LimitRule): string {
  return readRule(rule).text;
}

type Reading = { kind: 'qualifier'; qualifier: Qualifier } | { kind: 'number'; value: string };

interface NumericLimit {
  operator: 'lte' | 'range';
  min: string | null;
  max: string;
  unit: string;
  text: string;
}

type ReadLimit = NumericLimit | { operator: 'not_detected' | 'report_only'; text: string };

function readResult(result: ResultValue): Reading {
  if (result.qualifier !== undefined && result.qualifier !== null) {
    if (!QUALIFIERS.includes(result.qualifier)) {
      throw new JudgementError(JudgementErrorCode.INVALID_RESULT, `qualifier must be one of ${QUALIFIERS.join(', ')}; got ${JSON.stringify(result.qualifier)}`);
    }
    return { kind: 'qualifier', qualifier: result.qualifier };
  }
  if (result.value === undefined || result.value === null) {
    throw new JudgementError(JudgementErrorCode.INVALID_RESULT, 'A result needs a value or a qualifier (ND, <LOQ, >ULOQ).');
  }
  if (toDecimal(result.value).isNegative()) {
    throw new JudgementError(JudgementErrorCode.INVALID_RESULT, `A result cannot be negative (${result.value}); report ND or <LOQ instead.`);
  }
  return { kind: 'number', value: result.value.trim() };
}

/**
 * readRule, remembered per rule object: a batch judges every sample's rows against the same few
 * hundred rules. A remembered reading is used only while the rule still says what it said then.
 */
const readRules = new WeakMap<LimitRule, { operator: string; min: unknown; max: unknown; unit: unknown; limit: ReadLimit }>();
function readRuleOnce(rule: LimitRule): ReadLimit {
  const known = readRules.get(rule);
  if (known && known.operator === rule.operator && known.min === rule.limitMin && known.max === rule.limitMax && known.unit === rule.unit) return known.limit;
  const limit = readRule(rule);
  readRules.set(rule, { operator: rule.operator, min: rule.limitMin, max: rule.limitMax, unit: rule.unit, limit });
  return limit;
}

function readRule(rule: LimitRule): ReadLimit {
  const invalid = (why: string) => new JudgementError(JudgementErrorCode.INVALID_LIMIT_RULE, `Limit rule for ${rule.analyte} (${rule.operator}): ${why}`);
  switch (rule.operator) {
    case 'report_only':
      return { operator: 'report_only', text: 'Report only' };
    case 'not_detected':
      return { operator: 'not_detected', text: 'Not detected' };
    case 'lte':
    case 'range': {
      if (!rule.unit) throw invalid('a unit is required');
      const unit = requireUnit(rule.unit);
      const max = rule.limitMax ?? null;
      const min = rule.operator === 'range' ? (rule.limitMin ?? null) : null;
      if (max === null || (rule.operator === 'range' && min === null))
        throw invalid(rule.operator === 'range' ? 'a minimum and a maximum are required' : 'a maximum is required');
      if (toDecimal(max, 'limitMax').isNegative() || (min !== null && toDecimal(min, 'limitMin').isNegative())) throw invalid('limits cannot be negative');
      if (min !== null && toDecimal(min).greaterThan(toDecimal(max))) throw invalid('the minimum is above the maximum');
      const text = min === null ? `≤ ${max} ${unit}` : `${min}–${max} ${unit}`;
      return { operator: rule.operator, min, max, unit, text };
    }
    default:
      throw invalid('unknown operator');
  }
}

/** One verdict, always of the same shape (a batch judges 20,000: V8 copies a spread object slowly). */
function judgement(
  status: AnalyteJudgement['status'],
  reason: string,
  limitText: string | null,
  comparedValue: string | null,
  comparedUnit: string | null,
): AnalyteJudgement {
  return { status, comparedValue, comparedUnit, limitText, reason };
}

function judgeNotDetected(reading: Reading, unit: string, limitText: string): AnalyteJudgement {
  if (reading.kind === 'qualifier') {
    switch (reading.qualifier) {
      case 'ND':
        return judgement('pass', 'Not detected.', limitText, null, null);
      case '<LOQ':
        return judgement('fail', 'Detected (below the LOQ, above the LOD); the limit is not detected.', limitText, null, null);
      case '>ULOQ':
        return judgement('fail', 'Detected above the calibrated range; the limit is not detected.', limitText, null, null);
    }
  }
  const detected = !new Dec(reading.value).isZero();
  return detected
    ? judgement('fail', `Detected (${reading.value} ${unit}); the limit is not detected.`, limitText, reading.value, unit)
    : judgement('pass', 'Reported as zero: not detected.', limitText, reading.value, unit);
}

function judgeNumeric(reading: Reading, result: ResultValue & { lod?: string | null; loq?: string | null }, limit: NumericLimit): AnalyteJudgement {
  const verdict = (status: AnalyteJudgement['status'], reason: string, comparedValue: string | null) =>
    judgement(status, reason, limit.text, comparedValue, limit.unit);
  const min = limit.min === null ? null : toDecimal(limit.min);
  const max = toDecimal(limit.max);
  if (reading.kind === 'qualifier') {
    if (reading.qualifier === '>ULOQ') return verdict('fail', `Above the calibrated range (>ULOQ), so above the limit ${limit.text}.`, null);
    const label = reading.qualifier === 'ND' ? 'ND (below the LOD)' : '<LOQ';
    if (min !== null && min.greaterThan(0)) return verdict('fail', `${label} is below the minimum of ${limit.text}.`, null);
    const blind = bound(reading.qualifier, result, limit);
    if (blind) return verdict('inconclusive', `${label}, but ${cannotShow(blind, limit)}`, null);
    return verdict('pass', `${label} passes ${limit.text}.`, null);
  }
  const compared = convertForLimit(reading.value, result.unit, limit.unit);
  const value = toDecimal(compared);
  const shown = `${compared} ${limit.unit}`;
  if (value.greaterThan(max)) return verdict('fail', `${shown} is above the limit ${limit.text}.`, compared);
  if (min !== null && value.lessThan(min)) return verdict('fail', `${shown} is below the minimum of ${limit.text}.`, compared);
  const blind = bound('<LOQ', result, limit);
  if (blind && value.lessThan(toDecimal(blind.value))) return verdict('inconclusive', `${shown} is below the LOQ, and ${cannotShow(blind, limit)}`, compared);
  return verdict('pass', `${shown} is within ${limit.text}.`, compared);
}

/**
 * The method's reporting bound in the limit's unit when it lies above the limit's maximum: the LOQ,
 * or for ND without an LOQ the LOD (ND only says "below the LOD"). Undefined when the method can see
 * below the limit, or states no bound (the rules file then lets ND and <LOQ pass).
 */
function bound(
  qualifier: 'ND' | '<LOQ',
  result: { unit: string; lod?: string | null; loq?: string | null },
  limit: NumericLimit,
): { name: 'LOQ' | 'LOD'; value: string } | undefined {
  const [name, written] = result.loq
    ? (['LOQ', result.loq] as const)
    : qualifier === 'ND' && result.lod
      ? (['LOD', result.lod] as const)
      : [undefined, undefined];
  if (!name) return undefined;
  const value = convertForLimit(written, result.unit, limit.unit);
  return toDecimal(value, name).greaterThan(toDecimal(limit.max)) ? { name, value } : undefined;
}

function cannotShow(blind: { name: string; value: string }, limit: NumericLimit): string {
  return `the method's ${blind.name} (${blind.value} ${limit.unit}) is above the limit ${limit.text}: it cannot demonstrate compliance.`;
}

function convertForLimit(value: string, from: string, to: string): string {
  try {
    return convert(value, from, to);
  } catch (error) {
    if (error instanceof JudgementError && error.code === JudgementErrorCode.UNITS_NOT_CONVERTIBLE) {
      throw new JudgementError(error.code, `A result in ${from} cannot be compared with a limit in ${to}.`, error.details);
    }
    throw error;
  }
}
