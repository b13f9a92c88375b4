/**
 * Display names are printed on certificates ("Released by", signatures): two people must never print
 * alike, and a name must print as what it is. Pure rules, used by the user DTOs and `admin:create`
 * (input) and the uniqueness check (comparison). A licensee's name, printed on its certificates too,
 * follows the same printable rule (`printedNameProblem`) without the one-script rule (brands mix scripts).
 */

/**
 * Characters that print as nothing or move other text: every "other" category (Cc controls and
 * newlines, Cf zero-width and bidi formatting, Cs lone surrogates, Co private use, Cn unassigned),
 * line and paragraph separators, and a few blank letters and marks that are not Cf (the combining
 * grapheme joiner, the Hangul fillers, the blank braille pattern, variation selectors).
 */
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}\u115F\u1160\u2800\u3164\uFFA0]|\u034F|[\u180B-\u180D]|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/u;
const SPACES = /\p{Zs}+/gu;
const LETTER = /\p{L}/u;
/** Letters and marks: what the one-script rule looks at (spaces, digits and punctuation are Common). */
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
/** Shared by every script: Common (ー, ʼ) and Inherited (combining accents). */
const ANY_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * The Unicode scripts (property value names), each tested with `\p{Script=…}`. Names the running engine
 * does not know (a newer Unicode than its own) are left out; a letter of no known script is refused.
 */
const SCRIPT_NAMES = `
Latin Cyrillic Greek Armenian Cherokee Lisu Han Hiragana Katakana Hangul Bopomofo Arabic Hebrew
Devanagari Bengali Gurmukhi Gujarati Oriya Tamil Telugu Kannada Malayalam Sinhala Thai Lao Tibetan
Myanmar Georgian Ethiopic Khmer Mongolian Syriac Thaana Adlam Ahom Anatolian_Hieroglyphs Avestan
Balinese Bamum Bassa_Vah Batak Beria_Erfe Bhaiksuki Brahmi Braille Buginese Buhid
Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Chorasmian Coptic Cuneiform Cypriot
Cypro_Minoan Deseret Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Garay
Glagolitic Gothic Grantha Gunjala_Gondi Gurung_Khema Hanifi_Rohingya Hanunoo Hatran Imperial_Aramaic
Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kawi Kayah_Li Kharoshthi
Khitan_Small_Script Khojki Khudawadi Kirat_Rai Lepcha Limbu Linear_A Linear_B Lycian Lydian Mahajani
Makasar Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui
Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mro Multani Nabataean Nag_Mundari Nandinagari
New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic
Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Osage
Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic
Samaritan Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sogdian Sora_Sompeng Soyombo
Sundanese Sunuwar Syloti_Nagri Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri Tangsa Tangut
Tifinagh Tirhuta Todhri Tolong_Siki Toto Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi
Yezidi Yi Zanabazar_Square
`
  .trim()
  .split(/\s+/);

const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = SCRIPT_NAMES.flatMap((name) => {
  try {
    return [[name, new RegExp(`\\p{Script=${name}}`, 'u')] as const];
  } catch {
    return [];
  }
});

/** The scripts that are written together (TR39's "highly restrictive" sets, without Latin): Japanese, Korean, Chinese with its phonetic annotation. */
const WRITTEN_TOGETHER: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Han', 'Hiragana', 'Katakana']),
  new Set(['Han', 'Hangul']),
  new Set(['Han', 'Bopomofo']),
];

/** A letter's script (Script property, not its extensions), or 'unknown' for a script this engine can name but the list misses. */
function scriptOf(char: string): string {
  return SCRIPTS.find(([, test]) => test.test(char))?.[0] ?? 'unknown';
}

/** The scripts of a name's letters and marks, Common and Inherited left out, in order of first use. */
export function scriptsOf(name: string): string[] {
  const found = new Set<string>();
  for (const char of name) if (LETTER_OR_MARK.test(char) && !ANY_SCRIPT.test(char)) found.add(scriptOf(char));
  return [...found];
}

/**
 * Letters of other scripts, and a few Latin ones, that print like a basic Latin letter, each to that
 * letter in its own case (small "\u0432" is a small capital, not a "b", so only the capital "\u0412" is a
 * B): escapes, so the table itself cannot be misread. A name written wholly in such letters ("Јоѕе",
 * "ΚΑΤΕ", "ϹΟΟΚ") passes the one-script rule but prints as a Latin name. Taken from TR39's confusables
 * where they print as one Latin letter; where two letters of one script both resemble a Latin letter but
 * not each other, only the closer one is mapped, so two names of that script do not clash falsely:
 * Cyrillic "\u04AE" (straight) is Y, "\u0423" is not; small "\u0443" is y, "\u04AF" is not; Armenian
 * "\u0578" is n, "\u057C" is not; "\u0566" is q, "\u0563" is not. Upright strokes (Cyrillic and Greek
 * capital I, palochka, Lisu I) are I, which the print skeleton then reads as l.
 */
export const LATIN_LOOKALIKES: ReadonlyMap<string, string> = new Map(
  (
    [
      // Cyrillic capitals: А В С Е Н І Ӏ Ј К М О Р Ԛ Ѕ Т Ԝ Х Ү Ѵ Ԍ
      ['\u0410\u0412\u0421\u0415\u041D\u0406\u04C0\u0408\u041A\u041C\u041E\u0420\u051A\u0405\u0422\u051C\u0425\u04AE\u0474\u050C', 'ABCEHIIJKMOPQSTWXYVG'],
      // Cyrillic small letters: а ԁ е һ і ј ӏ о р ԛ ѕ ԝ х с у ѵ ѡ
      ['\u0430\u0501\u0435\u04BB\u0456\u0458\u04CF\u043E\u0440\u051B\u0455\u051D\u0445\u0441\u0443\u0475\u0461', 'adehijlopqswxcyvw'],
      // Greek capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ, lunate sigma Ϲ, yot Ϳ, digamma Ϝ
      ['\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7\u03F9\u037F\u03DC', 'ABEZHIKMNOPTYXCJF'],
      // Greek small letters: α ι ϳ κ ν ο ρ υ, lunate sigma ϲ
      ['\u03B1\u03B9\u03F3\u03BA\u03BD\u03BF\u03C1\u03C5\u03F2', 'aijkvopuc'],
      // Armenian capitals Ս Տ Օ; small letters ա զ հ ո ս ց ք օ
      ['\u054D\u054F\u0555', 'USO'],
      ['\u0561\u0566\u0570\u0578\u057D\u0581\u0584\u0585', 'wqhnugfo'],
      // Cherokee (capitals): Ꭰ Ꭱ Ꭲ Ꭹ Ꭺ Ꭻ Ꭼ Ꮃ Ꮇ Ꮋ Ꮍ Ꮐ Ꮓ Ꮢ Ꮤ Ꮥ Ꮩ Ꮪ Ꮮ Ꮯ Ꮲ Ꮶ Ᏻ Ᏼ
      [
        '\u13A0\u13A1\u13A2\u13A9\u13AA\u13AB\u13AC\u13B3\u13B7\u13BB\u13BD\u13C0\u13C3\u13D2\u13D4\u13D5\u13D9\u13DA\u13DE\u13DF\u13E2\u13E6\u13F3\u13F4',
        'DRTYAJEWMHYGZRWSVSLCPKGB',
      ],
      // Lisu (uncased, printed as capitals): ꓐ ꓑ ꓓ ꓔ ꓖ ꓗ ꓙ ꓚ ꓜ ꓝ ꓟ ꓠ ꓡ ꓢ ꓣ ꓦ ꓧ ꓪ ꓫ ꓬ ꓮ ꓰ ꓲ ꓳ ꓴ
      [
        '\uA4D0\uA4D1\uA4D3\uA4D4\uA4D6\uA4D7\uA4D9\uA4DA\uA4DC\uA4DD\uA4DF\uA4E0\uA4E1\uA4E2\uA4E3\uA4E6\uA4E7\uA4EA\uA4EB\uA4EC\uA4EE\uA4F0\uA4F2\uA4F3\uA4F4',
        'BPDTGKJCZFMNLSRVHWXYAEIOU',
      ],
      // Latin letters outside the basic alphabet that print as one of it: script g ɡ, dotless ı, alpha ɑ
      ['\u0261\u0131\u0251', 'gia'],
    ] as const
  ).flatMap(([lookalikes, latin]) => [...lookalikes].map((letter, i): [string, string] => [letter, latin[i]])),
);
const LOOKALIKE_LETTER = new RegExp(`[${[...LATIN_LOOKALIKES.keys()].join('')}]`, 'gu');

/**
 * Look-alikes within basic Latin, as TR39's skeleton reads them (case kept): an upright stroke (capital I,
 * digit one, vertical bar, the click letter ǀ) is l, zero is O, "rn" is m and "vv" is w.
 */
const STROKE = /[I1|\u01C0]/gu;
const ZERO = /0/gu;
const RN = /rn/gu;
const VV = /vv/gu;

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
 * `refuseMixedScripts`, letters of one script only (Japanese Han with kana, Korean Hangul with Han, and
 * Chinese Han with Bopomofo excepted; spaces, punctuation, digits and combining accents belong to any).
 */
export function printedNameProblem(name: string, field: string, rules: { refuseMixedScripts: boolean }): string | null {
  const invisible = INVISIBLE.exec(name);
  if (invisible) {
    return `${field} must not contain control, invisible or bidi formatting characters (found ${codePoint(invisible[0])}); printed names must be unambiguous on certificates`;
  }
  const compatible = name.normalize('NFKC');
  if (!LETTER.test(compatible)) return `${field} must contain a letter; printed names must be unambiguous on certificates`;
  if (!rules.refuseMixedScripts) return null;
  const scripts = scriptsOf(compatible);
  if (scripts.includes('unknown')) {
    return `${field} contains a letter of a script LabTrace cannot check; printed names must be unambiguous on certificates`;
  }
  if (scripts.length > 1 && !WRITTEN_TOGETHER.some((set) => scripts.every((s) => set.has(s)))) {
    return `${field} must not mix letters of different scripts (found ${scripts.join(' and ').replace(/_/g, ' ')}: they can print alike); printed names must be unambiguous on certificates`;
  }
  return null;
}

/** Why a (normalised) display name cannot be printed unambiguously, as a displayName field message, or null when it can. */
export function displayNameProblem(name: string): string | null {
  return printedNameProblem(name, 'displayName', { refuseMixedScripts: true });
}

/** Look-alikes of other scripts to Latin letters, before NFKD (which would turn Ϲ into Σ) and after it (ё is е and a diaeresis). */
function latinLookalikes(name: string): string {
  const toLatin = (text: string) => text.replace(LOOKALIKE_LETTER, (letter) => LATIN_LOOKALIKES.get(letter)!);
  return toLatin(toLatin(name).normalize('NFKD'));
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * What two names are compared by, case aside: NFKD (compatibility forms such as full-width letters fold
 * to plain ones; accents come apart from their letters), look-alikes of other scripts mapped to the Latin
 * letters they print as, case folded (upper then lower, so "ß" and "SS" meet), recomposed, spaces
 * collapsed. Equal keys print alike.
 */
export function displayNameKey(name: string): string {
  return collapseSpaces(latinLookalikes(name).toUpperCase().toLowerCase().normalize('NFKC'));
}

/**
 * What two names are compared by as printed, case kept (TR39's skeleton): the look-alikes mapped as for
 * the key, then basic Latin's own (capital I and small l one letter, 0 and O, rn and m). Kept apart from
 * the key because case folding would join "i" and "l" through "I": "Ian" clashes with "ian" (by the key)
 * and with "lan" (by this), but "ian" and "lan" print apart.
 */
export function displayNameSkeleton(name: string): string {
  const skeleton = latinLookalikes(name).replace(STROKE, 'l').replace(ZERO, 'O').replace(RN, 'm').replace(VV, 'w');
  return collapseSpaces(skeleton.normalize('NFC'));
}

/** Whether two display names print alike: equal keys (case aside) or equal skeletons (as printed). */
export function displayNamesClash(a: string, b: string): boolean {
  return displayNameKey(a) === displayNameKey(b) || displayNameSkeleton(a) === displayNameSkeleton(b);
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
