import { COLORS, CONTENT, drawText, fillRect, measureText, PageFlow, strokeRect, TextStyle } from './coa-pdf-draw';
import { displayDayRange } from './coa-pdf-text';
import type { CoaOtherLab, CoaView } from './coa-view';

const STYLE: TextStyle = { size: 8, color: COLORS.ink, width: CONTENT.width - 16 };

/**
 * The footnote of each other laboratory's mark: who reported the lines, on what certificate and when, and
 * that this laboratory neither tested them nor holds them under its accreditation (the header states the
 * accreditation for the whole document).
 */
export function otherLabFootnote(lab: CoaOtherLab, view: Pick<CoaView, 'lab' | 'timeZone'>): string {
  const tested = displayDayRange(lab.testedFrom, lab.testedTo, view.timeZone);
  return (
    `${lab.mark} Lines marked ${lab.mark} were reported by ${lab.lab}${lab.license ? ` (license ${lab.license})` : ''} on its own certificate of analysis` +
    `${tested ? `, tested ${tested}` : ', test date not stated'}. This laboratory did not test them; they are copied ` +
    `as that laboratory reported them and are not covered by this laboratory's ISO/IEC 17025 accreditation (${view.lab.isoAccreditationId}).`
  );
}

/** Under the group summary, boxed: one footnote per other laboratory, before any of its lines is read. */
export function drawOtherLabs(flow: PageFlow, view: CoaView): void {
  if (!view.otherLabs?.length) return;
  const { doc } = flow;
  const notes = view.otherLabs.map((lab) => otherLabFootnote(lab, view));
  const height = notes.reduce((sum, note) => sum + measureText(doc, note, STYLE).height + 3, 0) + 10;
  flow.ensure(height + 12);
  fillRect(doc, CONTENT.left, flow.y, CONTENT.width, height, COLORS.amendFill, 4);
  strokeRect(doc, CONTENT.left, flow.y, CONTENT.width, height, COLORS.amendInk, 4);
  let y = flow.y + 6;
  for (const note of notes) y += drawText(doc, note, CONTENT.left + 8, y, STYLE) + 3;
  flow.y += height + 12;
}
