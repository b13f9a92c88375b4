/**
 * The Cq cut-off of a qPCR method: a well whose Cq is at or after it counts as not detected. Kept in
 * the method registry (a validated SOP figure, approved by a second admin) so an upload need not, and
 * may not, choose another; the Bio-Rad CFX parser calls wells by it.
 */

export const DEFAULT_CQ_CUTOFF = 35;

/**
 * The cut-offs a method or an upload may give, inclusive. Validated cannabis pathogen qPCR assays (and
 * the kits' instructions) call a target detected below Cq 35 to 40: at 40 cycles a single template
 * copy has had its chance to amplify, and below 35 a late but real amplification (a low-level
 * Salmonella or STEC) would be called not detected. A lower cut-off only ever turns detections into
 * ND, so it is refused rather than recorded.
 */
export const CQ_CUTOFF_RANGE = { min: 35, max: 40 } as const;

/** Why a cut-off cannot be used, or undefined when it is within CQ_CUTOFF_RANGE. */
export function cqCutoffProblem(cutoff: number): string | undefined {
  if (Number.isFinite(cutoff) && cutoff >= CQ_CUTOFF_RANGE.min && cutoff <= CQ_CUTOFF_RANGE.max) return undefined;
  return `the Cq cut-off must be from ${CQ_CUTOFF_RANGE.min} to ${CQ_CUTOFF_RANGE.max} (a validated qPCR cut-off; the default is ${DEFAULT_CQ_CUTOFF}), got ${cutoff}`;
}
