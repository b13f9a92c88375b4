/**
 * Infused products whose panel has residual solvents only when they were made with a solvent extract
 * (the panel set's "other products" row, ny-testing-rules.md). For flower nobody asks, and concentrates
 * and vapes are tested for residual solvents whatever they are.
 */
export const ASKS_SOLVENT_EXTRACTED: readonly string[] = ['edible', 'tincture', 'topical', 'other'];

export function asksSolventExtracted(productType: string): boolean {
  return ASKS_SOLVENT_EXTRACTED.includes(productType);
}

/**
 * The receive body's solventExtracted and reason: the technician's value, confirmed as it stands or
 * changed; a change carries its reason (the API refuses one without). Nothing while the announced value is unknown.
 */
export function solventExtractedBody(announced: boolean | undefined, checked: boolean, reason: string): { solventExtracted?: boolean; reason?: string } {
  if (announced === undefined) return {};
  if (checked === announced) return { solventExtracted: checked };
  return { solventExtracted: checked, ...(reason.trim() ? { reason: reason.trim() } : {}) };
}
