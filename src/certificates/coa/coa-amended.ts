import type { AmendmentDiff } from '../amendments.diff';
import type { CoaAmendedAnalyte } from './coa-view';

/** Printed after each line an amendment changed, and before the note saying so (the totals' marks are †, § and ¶). */
export const AMENDED_MARK = '‡';

/**
 * What the amendment did to a line, in the words the COA prints. The verdict and the limit are left out:
 * they follow from the judgement (a limit set in force since), not from anything the amendment changed in
 * the line. A field the diff adds later (provenance) prints in its own words rather than be dropped.
 */
const FIELD_WORDS: Record<string, string | null> = {
  value: 'result',
  qualifier: 'result',
  unit: 'unit',
  lod: 'LOD',
  loq: 'LOQ',
  method: 'method',
  methodId: 'method',
  analysedDay: 'analysis day',
  reportedBy: 'reported by',
  sourceType: 'source',
  status: null,
  limit: null,
};

function words(field: string): string | null {
  if (field in FIELD_WORDS) return FIELD_WORDS[field];
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * The analytes an amendment changed, added or removed, each with what changed in printed words, in the
 * diff's order (the one the reviewer approved and `coa.amended` records). Changes of verdict or limit alone
 * are not listed: the line itself is as it was.
 */
export function amendedAnalytesOf(diff: Pick<AmendmentDiff, 'groups'>): CoaAmendedAnalyte[] {
  return diff.groups.flatMap((g) =>
    g.analytes.flatMap((a): CoaAmendedAnalyte[] => {
      if (a.change === 'unchanged') return [];
      const fields = a.change === 'changed' ? [...new Set(a.fields.map(words).filter((w): w is string => w !== null))] : [];
      if (a.change === 'changed' && fields.length === 0) return [];
      return [{ group: g.group, analyte: a.analyte, name: a.name, change: a.change, fields }];
    }),
  );
}

/**
 * "Lead (result, method)", "Nickel (added)": one changed analyte as the notes name it. `otherLabMark`: the
 * line is still another lab's (¹); changed without its reporter changing, it is this laboratory's correction
 * of its transcription of that lab's certificate, and says so (auditor s24 F2).
 */
export function amendedAnalyteText(a: CoaAmendedAnalyte, otherLabMark?: string): string {
  if (a.change !== 'changed') return `${a.name} (${a.change})`;
  const transcription = otherLabMark && !a.fields.includes('reported by');
  return transcription
    ? `${a.name}${otherLabMark} (${a.fields.join(', ')}: corrected by this laboratory to match that laboratory's certificate)`
    : `${a.name} (${a.fields.join(', ')})`;
}

/** A reason longer than this prints in full only in the release section's amendment box. */
const REASON_IN_NOTE_UP_TO = 160;

/** Under a group's table: "‡ Changed by amendment in version 2: Lead (result). Reason: …". */
export function amendedGroupNote(
  changed: readonly CoaAmendedAnalyte[],
  amendment: { version: number; reason: string },
  otherLabMarks: ReadonlyMap<string, string> = new Map(),
): string {
  const reason = amendment.reason.trim();
  const why = reason.length <= REASON_IN_NOTE_UP_TO ? `Reason: ${reason}` : 'Reason: see the amendment under Release and verification.';
  return `${AMENDED_MARK} Changed by amendment in version ${amendment.version}: ${changed.map((a) => amendedAnalyteText(a, otherLabMarks.get(a.analyte))).join('; ')}. ${why}`;
}
