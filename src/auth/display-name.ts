/**
 * Display names are printed on certificates ("Released by", signatures): two people must never print
 * alike, and a name must print as what it is. Pure rules, used by the user DTOs (input) and the
 * uniqueness check (comparison).
 */

/**
 * Characters that print as nothing or move other text: every "other" category (Cc controls and
 * newlines, Cf zero-width and bidi formatting, Cs lone surrogates, Co private use, Cn unassigned),
 * line and paragraph separators, and a few blank letters and marks that are not Cf (the combining
 * grapheme joiner, the Hangul fillers, the blank braille pattern, variation selectors).
 */
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}\u115F\u1160\u2800\u3164\uFFA0]|\u034F|[\u180B-\u180D]|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/u;
const SPACES = /\p{Zs}+/gu;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const LETTER = /\p{L}/u;

/** The form a display name is stored in: NFC, blanks at the ends removed, inner runs of spaces (NBSP too) one space. */
export function normalizeDisplayName(raw: string): string {
  return raw.normalize('NFC').replace(SPACES, ' ').trim();
}

/**
 * Why a (normalised) display name cannot be printed unambiguously, as a displayName field message,
 * or null when it can.
 */
export function displayNameProblem(name: string): string | null {
  const invisible = INVISIBLE.exec(name);
  if (invisible) {
    return `displayName must not contain control, invisible or bidi formatting characters (found ${codePoint(invisible[0])}); printed names must be unambiguous on certificates`;
  }
  const compatible = name.normalize('NFKC');
  if (!LETTER.test(compatible)) return 'displayName must contain a letter; printed names must be unambiguous on certificates';
  if (LATIN.test(compatible) && LOOKALIKE_SCRIPT.test(compatible)) {
    return 'displayName must not mix Latin letters with Cyrillic or Greek ones (they print alike); printed names must be unambiguous on certificates';
  }
  return null;
}

/**
 * What two names are compared by: NFKC (compatibility forms such as full-width letters fold to plain
 * ones), case folded (upper then lower, so "ß" and "SS" meet), spaces collapsed. Equal keys print alike.
 */
export function displayNameKey(name: string): string {
  const folded = name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  return folded.replace(/\s+/gu, ' ').trim();
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
