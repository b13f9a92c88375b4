import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDecimalString } from '../judgement/decimal';

/** How far measured potency may stray from the label before the COA flags it (data: `rules/data/ny-label-claim-tolerance.json`). */
export interface LabelClaimTolerance {
  name: string;
  effectiveDate: string;
  /** ± percent of the labelled amount. */
  tolerancePercent: string;
  sourceTag: 'NY' | 'STAND-IN';
  source: string;
}

let builtIn: LabelClaimTolerance | undefined;

/** The shipped tolerance, read and checked once; a bad file stops the caller at boot. */
export function labelClaimTolerance(): LabelClaimTolerance {
  if (builtIn) return builtIn;
  const data = JSON.parse(readFileSync(join(__dirname, '..', 'data', 'ny-label-claim-tolerance.json'), 'utf8')) as LabelClaimTolerance;
  if (!isDecimalString(data.tolerancePercent) || !data.source || !['NY', 'STAND-IN'].includes(data.sourceTag) || !data.effectiveDate) {
    throw new Error('rules/data/ny-label-claim-tolerance.json is invalid: tolerancePercent (decimal string), sourceTag, source and effectiveDate are required');
  }
  builtIn = data;
  return data;
}
