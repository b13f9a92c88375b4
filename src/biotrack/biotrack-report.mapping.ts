import { ReportedAnalyte, ReportedGroup } from '../traceability/traceability.adapter';
import { BiotrackError } from './client/biotrack.error';
import { StateAnalyte, StateCategory, StateCategoryResult, StateStatus, StateUom } from './client/biotrack.types';

/** LabTrace's analyte groups as NY-API test categories. */
const CATEGORY_OF_GROUP: Record<string, StateCategory> = {
  cannabinoids: 'potency',
  terpenes: 'terpenes',
  metals: 'metals',
  pesticides: 'pesticides',
  mycotoxins: 'mycotoxins',
  microbials: 'microbials',
  residual_solvents: 'solvents',
  moisture: 'moisture',
  water_activity: 'water_activity',
  foreign_matter: 'foreign_matter',
};

/** LabTrace units as NY-API units; mg/kg and µg/kg are numerically ppm and ppb. */
const UOM_OF_UNIT: Record<string, StateUom> = {
  '%': '%',
  'mg/g': 'mg/g',
  'µg/g': 'ug/g',
  'μg/g': 'ug/g',
  'ug/g': 'ug/g',
  ppm: 'ppm',
  'mg/kg': 'ppm',
  'µg/kg': 'ug/kg',
  'μg/kg': 'ug/kg',
  'ug/kg': 'ug/kg',
  ppb: 'ppb',
  'CFU/g': 'cfu/g',
  'cfu/g': 'cfu/g',
  aw: 'aw',
  Aw: 'aw',
};

// Refusals of our own making: nothing was sent, and sending again cannot help.
function unreportable(field: string, message: string): BiotrackError {
  return new BiotrackError('validation', `cannot report to BioTrack: ${field} ${message}`, { details: [{ field, message }] });
}

export function stateCategory(group: string): StateCategory {
  const category = CATEGORY_OF_GROUP[group];
  if (!category) throw unreportable('group', `${group} has no NY-API test category`);
  return category;
}

export function stateUom(unit: string, field = 'unit'): StateUom {
  const uom = UOM_OF_UNIT[unit];
  if (!uom) throw unreportable(field, `${unit} has no NY-API unit`);
  return uom;
}

/**
 * The NY-API knows pass, fail and na only. Anything else, notably LabTrace's `incomplete` (a partial
 * certificate: required analytes not tested), is sent as na: the tested analytes go with their own
 * results and the lot is not passed (the state shows it untested). Never pass.
 */
function stateStatus(status: string): StateStatus {
  return status === 'pass' ? 'pass' : status === 'fail' ? 'fail' : 'na';
}

/** A range limit (`min-max`) is reported by its upper bound; the state holds one number. */
function stateLimit(limit: string | undefined): string | null {
  if (!limit) return null;
  const upper = limit.includes('-') ? limit.split('-').pop()!.trim() : limit.trim();
  return /^\d+(\.\d+)?$/.test(upper) ? upper : null;
}

function stateAnalyte(a: ReportedAnalyte, field: string): StateAnalyte {
  // The state takes non-negative decimals; a measured value below zero is below detection.
  const negative = a.value !== undefined && a.value.trim().startsWith('-');
  return {
    analyte: a.analyte,
    value: a.qualifier === 'ND' || a.qualifier === '<LOQ' || negative ? null : (a.value ?? null),
    qualifier: negative && !a.qualifier ? 'ND' : (a.qualifier ?? ''),
    uom: stateUom(a.unit, `${field}.unit`),
    loq: a.loq && /^\d+(\.\d+)?$/.test(a.loq) ? a.loq : null,
    limit: stateLimit(a.limit),
    status: stateStatus(a.status),
  };
}

export function stateCategories(groups: ReportedGroup[]): StateCategoryResult[] {
  return groups.map((g, i) => {
    const category = stateCategory(g.group);
    const analytes = g.analytes.map((a, j) => stateAnalyte(a, `groups[${i}].analytes[${j}]`));
    return { category, status: analytes.length === 0 ? 'na' : stateStatus(g.status), analytes };
  });
}

/** The state's overall verdict cannot be `pass` while any category failed. */
export function stateOverall(overall: string, categories: StateCategoryResult[]): StateStatus {
  return categories.some((c) => c.status === 'fail') ? 'fail' : stateStatus(overall);
}
