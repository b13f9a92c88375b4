/**
 * Display names are printed on certificates ("Released by", signatures): two people must never print
 * alike, and a name must print as what it is. Pure rules, used by the user DTOs and `admin:create`
 * (input) and the uniqueness check (comparison). A licensee's name, printed on its certificates too,
 * follows the same printable rule (`printedNameProblem`) without the script-mixing one.
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

/**
 * Cyrillic and Greek letters that print like a Latin letter, each to that letter, in its own case (small
 * "\u0432" is a small capital, not a "b", so only the capital "\u0412" is a B): escapes, so the table itself
 * cannot be misread. A name written wholly in such letters ("Јоѕе", "Ѕорһіа", "ΚΑΤΕ") passes the
 * mixed-script rule but prints as a Latin name.
 */
export const LATIN_LOOKALIKES: ReadonlyMap<string, string> = new Map(
  (
    [
      // Cyrillic capitals: А В С Е Н І Ӏ Ј К М О Р Ԛ Ѕ Т Ԝ Х У Ү
      ['\u0410\u0412\u0421\u0415\u041D\u0406\u04C0\u0408\u041A\u041C\u041E\u0420\u051A\u0405\u0422\u051C\u0425\u0423\u04AE', 'ABCEHIIJKMOPQSTWXYY'],
      // Cyrillic small letters: а ԁ е һ і ј ӏ о р ԛ ѕ ԝ х с у
      ['\u0430\u0501\u0435\u04BB\u0456\u0458\u04CF\u043E\u0440\u051B\u0455\u051D\u0445\u0441\u0443', 'adehijlopqswxcy'],
      // Greek capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
      ['\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7', 'ABEZHIKMNOPTYX'],
      // Greek small letters: α ι ϳ κ ν ο ρ υ
      ['\u03B1\u03B9\u03F3\u03BA\u03BD\u03BF\u03C1\u03C5', 'aijkvopu'],
    ] as const
  ).flatMap(([lookalikes, latin]) => [...lookalikes].map((letter, i): [string, string] => [letter, latin[i]])),
);
const LOOKALIKE_LETTER = new RegExp(`[${[...LATIN_LOOKALIKES.keys()].join('')}]`, 'gu');

/**
 * The form a printed name (a user's display name, a licensee's name) is stored in: NFC, blanks at the
 * ends removed, inner runs of spaces (NBSP too) one space.
 */
export function normalizeDisplayName(raw: string): string {
  return raw.normalize('NFC').replace(SPACES, ' ').trim();
}

/**
 * Why a (normalised) name printed on certificates cannot be printed unambiguously, as a message about
 * `field`, or null when it can: no control, invisible or bidi characters, at least one letter and, with
 * `refuseMixedScripts`, no Latin mixed with Cyrillic or Greek.
 */
export function printedNameProblem(name: string, field: string, rules: { refuseMixedScripts: boolean }): string | null {
  const invisible = INVISIBLE.exec(name);
  if (invisible) {
    return `${field} must not contain control, invisible or bidi formatting characters (found ${codePoint(invisible[0])}); printed names must be unambiguous on certificates`;
  }
  const compatible = name.normalize('NFKC');
  if (!LETTER.test(compatible)) return `${field} must contain a letter; printed names must be unambiguous on certificates`;
  if (rules.refuseMixedScripts && LATIN.test(compatible) && LOOKALIKE_SCRIPT.test(compatible)) {
    return `${field} must not mix Latin letters with Cyrillic or Greek ones (they print alike); printed names must be unambiguous on certificates`;
  }
  return null;
}

/** Why a (normalised) display name cannot be printed unambiguously, as a displayName field message, or null when it can. */
export function displayNameProblem(name: string): string | null {
  return printedNameProblem(name, 'displayName', { refuseMixedScripts: true });
}

/**
 * What two names are compared by: NFKD (compatibility forms such as full-width letters fold to plain
 * ones; accents come apart from their letters), Cyrillic and Greek look-alikes mapped to the Latin
 * letters they print as, case folded (upper then lower, so "ß" and "SS" meet), recomposed, spaces
 * collapsed. Equal keys print alike.
 */
export function displayNameKey(name: string): string {
  const skeleton = name.normalize('NFKD').replace(LOOKALIKE_LETTER, (letter) => LATIN_LOOKALIKES.get(letter)!);
  const folded = skeleton.toUpperCase().toLowerCase().normalize('NFKC');
  return folded.replace(/\s+/gu, ' ').trim();
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
