/**
 * Whose report a row is. Only a COA import (source type coa_import, with the other lab's PDF kept as its
 * import run) brings another laboratory's results; its rows' method line is "as reported on the COA of
 * <lab>" (src/instruments/coa-pdf/coa-import-plan.ts), which names that lab.
 */

/** The lab a COA import's method line names ("as reported on the COA of SC Labs" → "SC Labs"). */
const COA_OF = /^\s*as\s+reported\s+on\s+the\s+COA\s+of\s+(.+?)\s*$/i;

/**
 * Text that claims another laboratory's report: "as reported on/in/by …", or "reported on the/an …
 * COA/certificate", in any case, spacing or compatibility form (NFKC; zero-width and other format
 * characters removed). Typed on a row, it would print as that lab's line with no certificate behind it.
 */
const CLAIMS = [/\bas reported (?:on|in|by)\b/, /\breported (?:on|in) (?:the|an?)\b.*\b(?:coa|certificate)\b/];

/** Who reported a row: null for this laboratory's own (entered, instrument-imported, amended, computed), else the other lab its COA import's method line names. */
export function reportingLab(row: { sourceType: string | undefined; method: string | null | undefined }): string | null {
  if (row.sourceType !== 'coa_import') return null;
  return row.method?.match(COA_OF)?.[1] ?? 'another laboratory';
}

/** Whether method text claims another laboratory's report (see CLAIMS). */
export function claimsOtherLabReport(text: string | null | undefined): boolean {
  if (!text) return false;
  const plain = normalised(text);
  return CLAIMS.some((pattern) => pattern.test(plain));
}

/** Method text as compared: compatibility forms folded, format characters dropped, blanks collapsed, lower case. */
export function normalised(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\s_]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** The refusal of such text on a row that is not a COA import's. */
export function otherLabClaimMessage(text: string): string {
  return (
    `method "${text.trim()}" claims another laboratory's report; only a COA import (POST /v1/coa-imports) brings another lab's results, ` +
    "with its certificate kept: name this laboratory's method"
  );
}

/** Each row of `groups` whose method text claims another lab's report, by its field path (hand entry: every typed row is this lab's). */
export function otherLabClaims(
  groups: ReadonlyArray<{ analytes: ReadonlyArray<{ method?: string | null }> }>,
  groupsKey = 'groups',
): Array<{ field: string; message: string }> {
  const found: Array<{ field: string; message: string }> = [];
  groups.forEach((g, gi) =>
    g.analytes.forEach((row, ai) => {
      if (claimsOtherLabReport(row.method)) found.push({ field: `${groupsKey}[${gi}].analytes[${ai}].method`, message: otherLabClaimMessage(row.method!) });
    }),
  );
  return found;
}
