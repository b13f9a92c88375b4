import { COLORS, CONTENT, drawText, fillRect, hRule, PageFlow, STATUS_COLORS } from './coa-pdf-draw';
import { ZERO_TERMS_NOTE } from './coa-sources';
import type { CoaEdible, CoaView } from './coa-view';

/** Widths add up to the content width (532 pt). */
const COLUMNS: Array<{ header: string; width: number; cell: (a: CoaEdible['amounts'][number]) => string }> = [
  { header: 'Edible potency', width: 132, cell: (a) => a.name },
  { header: '% w/w', width: 90, cell: (a) => a.percent },
  { header: 'mg/g', width: 90, cell: (a) => a.mgPerG },
  { header: 'mg per serving', width: 110, cell: (a) => a.mgPerServing },
  { header: 'mg per package', width: 110, cell: (a) => a.mgPerPackage },
];
const ROW = 15;

/** Edibles: total THC and CBD per serving and per package, the package facts, and the label claim comparison. */
export function drawEdiblePotency(flow: PageFlow, view: CoaView): void {
  const edible = view.edible;
  if (!edible) return;
  const { doc } = flow;
  flow.ensure(ROW * (edible.amounts.length + 3) + 14 * (edible.claims.length + (edible.changedAtReceipt?.length ?? 0)));
  fillRect(doc, CONTENT.left, flow.y, CONTENT.width, ROW, COLORS.tableHead);
  let x = CONTENT.left;
  for (const column of COLUMNS) {
    drawText(doc, column.header, x + 5, flow.y + 4.5, { font: 'Helvetica-Bold', size: 7.5, color: '#FFFFFF' });
    x += column.width;
  }
  flow.y += ROW;
  for (const amount of edible.amounts) {
    x = CONTENT.left;
    COLUMNS.forEach((column, index) => {
      drawText(doc, column.cell(amount), x + 5, flow.y + 4.5, { font: index === 0 || index >= 3 ? 'Helvetica-Bold' : 'Helvetica', size: 8 });
      x += column.width;
    });
    flow.y += ROW;
    hRule(doc, flow.y);
  }
  flow.y += 4;
  const serving = edible.servingWeightG ? `  ·  serving weight ${edible.servingWeightG} g` : '';
  const facts = `${edible.servingsPerPackage} servings per package  ·  package net weight ${edible.packageNetWeightG} g${serving}  ·  ${ZERO_TERMS_NOTE}`;
  flow.y += drawText(doc, facts, CONTENT.left, flow.y, { size: 7.5, color: COLORS.muted, width: CONTENT.width }) + 3;
  // Announced facts the lab changed at receipt: both values, by whom and why, since the figures above use the received ones.
  for (const line of edible.changedAtReceipt ?? []) {
    flow.y += drawText(doc, line, CONTENT.left, flow.y, { size: 8, color: COLORS.amendInk, width: CONTENT.width }) + 2;
  }
  if (edible.changedAtReceipt?.length) flow.y += 2;
  for (const claim of edible.claims) {
    const verdict = claim.status === 'within' ? 'within' : claim.status === 'outside' ? 'OUTSIDE' : 'not compared:';
    const line =
      `Label claim: ${claim.claimedMg} mg ${claim.name} per ${claim.basis}; measured ${claim.measuredMg} mg per ${claim.basis}, ` +
      `deviation ${claim.deviation} (${verdict} tolerance ±${edible.tolerance.percent} %)`;
    const color = claim.status === 'outside' ? STATUS_COLORS.fail.ink : COLORS.ink;
    flow.y +=
      drawText(doc, line, CONTENT.left, flow.y, { size: 8, color, font: claim.status === 'outside' ? 'Helvetica-Bold' : 'Helvetica', width: CONTENT.width }) +
      2;
  }
  if (edible.claims.length > 0) {
    flow.y += drawText(doc, `Claim tolerance: ${edible.tolerance.source}`, CONTENT.left, flow.y, { size: 6.5, color: COLORS.muted, width: CONTENT.width }) + 2;
  }
  flow.y += 10;
}
