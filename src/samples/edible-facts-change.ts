import Decimal from 'decimal.js';
import type { SampleEntity } from './entities/sample.entity';

type EdibleFactColumns = Pick<
  SampleEntity,
  'servingsPerPackage' | 'packageNetWeightG' | 'servingWeightG' | 'claimTotalThcMg' | 'claimTotalCbdMg' | 'claimBasis'
>;

const NUMERIC_FACTS = ['servingsPerPackage', 'packageNetWeightG', 'servingWeightG', 'claimTotalThcMg', 'claimTotalCbdMg'] as const;

/**
 * The announced edible facts that receipt replaces with another value (cleared included), in column
 * order. They make the mg/serving and mg/package numbers the caps judge, so changing one, like
 * solventExtracted, needs a reason. A fact the announcement left empty is the receiver's to give, not
 * a change; numbers compare as numbers ("10" is "10.0").
 */
export function changedEdibleFacts(announced: Partial<EdibleFactColumns>, received: Partial<EdibleFactColumns> | undefined): string[] {
  if (!received) return [];
  const changed: string[] = NUMERIC_FACTS.filter((k) => {
    const [was, now] = [announced[k], received[k]];
    return was != null && (now == null || !new Decimal(was).equals(now));
  });
  if (announced.claimBasis != null && announced.claimBasis !== received.claimBasis) changed.push('claimBasis');
  return changed;
}
