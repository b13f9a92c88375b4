import Decimal from 'decimal.js';
import type { EdibleMeasures } from '../rules/judgement/edible-potency';
import type { EdibleFactsDto } from './dto/edible-facts.dto';
import type { SampleEntity } from './entities/sample.entity';

type EdibleColumns = Pick<
  SampleEntity,
  'productType' | 'servingsPerPackage' | 'packageNetWeightG' | 'servingWeightG' | 'claimTotalThcMg' | 'claimTotalCbdMg' | 'claimBasis'
>;

/** The sample columns edible potency reads (any sample entity has them). */
export type EdibleSampleFacts = Partial<EdibleColumns>;

/** Product types whose intake must record servings and package weight before they can be received. */
export const EDIBLE_FACTS_REQUIRED_FOR: readonly string[] = ['edible'];

/** The package facts judgement needs, or null when the sample has none recorded. */
export function edibleMeasuresOf(sample: Partial<EdibleColumns>): EdibleMeasures | null {
  if (!sample.servingsPerPackage || !sample.packageNetWeightG) return null;
  return { servingsPerPackage: sample.servingsPerPackage, packageNetWeightG: sample.packageNetWeightG, servingWeightG: sample.servingWeightG ?? null };
}

/** The entity columns a DTO sets (undefined when no facts were sent). */
export function edibleColumns(facts: EdibleFactsDto | undefined): Omit<EdibleColumns, 'productType'> | undefined {
  if (!facts) return undefined;
  return {
    servingsPerPackage: facts.servingsPerPackage,
    packageNetWeightG: facts.packageNetWeightG,
    servingWeightG: facts.servingWeightG ?? null,
    claimTotalThcMg: facts.labelClaim?.totalThcMg ?? null,
    claimTotalCbdMg: facts.labelClaim?.totalCbdMg ?? null,
    claimBasis: facts.labelClaim?.per ?? null,
  };
}

/**
 * Checks across fields the DTO cannot make alone, each problem named by its field (`prefix` is the
 * DTO path, e.g. "edible" or "samples.0.edible"): a serving cannot weigh more than the package.
 * With `required`, missing facts are named too (an edible cannot be received without them).
 */
export function edibleFactProblems(facts: Partial<EdibleColumns>, prefix: string, required: boolean): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (required) {
    if (!facts.servingsPerPackage)
      problems.push({
        field: `${prefix}.servingsPerPackage`,
        message: `${prefix}.servingsPerPackage is required for an edible: servings per package, e.g. "10"`,
      });
    if (!facts.packageNetWeightG)
      problems.push({
        field: `${prefix}.packageNetWeightG`,
        message: `${prefix}.packageNetWeightG is required for an edible: net weight of one package in grams`,
      });
  }
  if (facts.servingWeightG && facts.packageNetWeightG && new Decimal(facts.servingWeightG).greaterThan(facts.packageNetWeightG)) {
    problems.push({
      field: `${prefix}.servingWeightG`,
      message: `${prefix}.servingWeightG (${facts.servingWeightG} g) cannot be more than packageNetWeightG (${facts.packageNetWeightG} g)`,
    });
  }
  return problems;
}

/** The recorded facts in the shape they were sent (sample detail), or null when none were recorded. */
export function edibleFactsOf(sample: Partial<EdibleColumns>): EdibleFactsDto | null {
  if (!sample.servingsPerPackage || !sample.packageNetWeightG) return null;
  return {
    servingsPerPackage: sample.servingsPerPackage,
    packageNetWeightG: sample.packageNetWeightG,
    ...(sample.servingWeightG ? { servingWeightG: sample.servingWeightG } : {}),
    ...(sample.claimBasis && sample.claimTotalThcMg !== null && sample.claimTotalThcMg !== undefined
      ? {
          labelClaim: {
            per: sample.claimBasis,
            totalThcMg: sample.claimTotalThcMg,
            ...(sample.claimTotalCbdMg ? { totalCbdMg: sample.claimTotalCbdMg } : {}),
          },
        }
      : {}),
  };
}
