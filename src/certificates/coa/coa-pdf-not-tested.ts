import { COLORS, CONTENT, drawText, measureText, PageFlow, STATUS_COLORS } from './coa-pdf-draw';
import type { CoaGroup, CoaView } from './coa-view';

const SIZE = 8;

/** Under a group's table: each required analyte that was not tested, with the reason given. */
export function drawNotTested(flow: PageFlow, group: CoaGroup): void {
  if (!group.notTested || group.notTested.length === 0) return;
  const { doc } = flow;
  const heading = `Not tested (${group.notTested.length}); this group cannot pass:`;
  // On a new page the block says whose it is, as a table that runs over does.
  const continued = () =>
    (flow.y += drawText(doc, `${group.title} (continued)`, CONTENT.left, flow.y, { font: 'Helvetica-Bold', size: 9, color: COLORS.muted }) + 4);
  if (flow.ensure(measureText(doc, heading, { font: 'Helvetica-Bold', size: SIZE, width: CONTENT.width }).height + 14)) continued();
  flow.y += 4;
  flow.y += drawText(doc, heading, CONTENT.left, flow.y, { font: 'Helvetica-Bold', size: SIZE, color: STATUS_COLORS.incomplete.ink, width: CONTENT.width }) + 2;
  // Reason first (bold), then the analytes it covers: one block per reason given.
  for (const [reason, analytes] of byReason(group.notTested)) {
    const why = `Reason: ${reason}`;
    const list = analytes.join(', ');
    const style = { size: SIZE, width: CONTENT.width - 8 };
    if (flow.ensure(measureText(doc, why, { ...style, font: 'Helvetica-Bold' }).height + measureText(doc, list, style).height + 4)) continued();
    flow.y += drawText(doc, why, CONTENT.left + 8, flow.y, { ...style, font: 'Helvetica-Bold' }) + 1;
    flow.y += drawText(doc, list, CONTENT.left + 8, flow.y, style) + 3;
  }
}

/** Under the title of a partial certificate: why the overall result is INCOMPLETE. */
export function drawPartialNotice(flow: PageFlow, view: CoaView): void {
  const count = view.groups.reduce((sum, g) => sum + (g.notTested?.length ?? 0), 0);
  if (view.overall !== 'incomplete' || count === 0) return;
  const text = `PARTIAL CERTIFICATE: ${count} required analyte(s) were not tested (reasons under each group). This certificate does not show the sample passing.`;
  flow.y +=
    drawText(flow.doc, text, CONTENT.left, flow.y, { font: 'Helvetica-Bold', size: 8.5, color: STATUS_COLORS.incomplete.ink, width: CONTENT.width }) + 10;
}

/** Under the group summary: each group the panel left out on purpose, and on whose word. */
export function drawScopeNotes(flow: PageFlow, view: CoaView): void {
  if (!view.scopeNotes || view.scopeNotes.length === 0) return;
  // Pulled up under the chips, as part of the summary it qualifies.
  flow.y -= 8;
  for (const note of view.scopeNotes) {
    flow.y += drawText(flow.doc, note, CONTENT.left, flow.y, { size: 8.5, color: COLORS.ink, width: CONTENT.width }) + 3;
  }
  flow.y += 11;
}

/** Analytes grouped by the reason given, so 56 pesticides down for one reason print as one line. */
function byReason(marks: ReadonlyArray<{ analyte: string; reason: string }>): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const m of marks) grouped.set(m.reason, [...(grouped.get(m.reason) ?? []), m.analyte]);
  return grouped;
}
