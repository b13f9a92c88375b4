import { displayNameKey, displayNameProblem, normalizeDisplayName } from './display-name';

const NFC_JOSE = 'Jos\u00E9 Morgan';
const NFD_JOSE = 'Jose\u0301 Morgan';

describe('display names', () => {
  describe('normalizeDisplayName', () => {
    it('stores NFC with the ends trimmed and inner runs of spaces (NBSP, ideographic) collapsed to one', () => {
      expect(normalizeDisplayName(NFD_JOSE)).toBe(NFC_JOSE);
      expect(normalizeDisplayName('  Jos\u00E9 \u00A0\u3000 Morgan\u00A0')).toBe(NFC_JOSE);
    });

    it('leaves newlines and other invisible characters for the validation to refuse', () => {
      expect(normalizeDisplayName('Jos\u00E9\nMorgan')).toBe('Jos\u00E9\nMorgan');
      expect(normalizeDisplayName('Jos\u00E9\u200B Morgan')).toBe('Jos\u00E9\u200B Morgan');
    });
  });

  describe('displayNameProblem', () => {
    it('accepts ordinary names in one script, accented or not', () => {
      for (const name of [NFC_JOSE, "Siobhán O'Neill-Ng", 'Ана Петрова', 'Νίκος Παππάς', '李小龍', 'Dr. A. Smith 2nd']) {
        expect(displayNameProblem(name)).toBeNull();
      }
    });

    it.each([
      ['zero-width space', 'Jos\u00E9\u200B Morgan', 'U+200B'],
      ['zero-width joiner', 'Jos\u200D\u00E9', 'U+200D'],
      ['right-to-left override', 'Morgan \u202Eesoj', 'U+202E'],
      ['newline', 'Jos\u00E9\nMorgan', 'U+000A'],
      ['tab', 'Jos\u00E9\tMorgan', 'U+0009'],
      ['line separator', 'Jos\u00E9\u2028Morgan', 'U+2028'],
      ['byte order mark', '\uFEFFJos\u00E9', 'U+FEFF'],
      ['Hangul filler', 'Jos\u00E9 \u3164', 'U+3164'],
      ['variation selector', 'Jose\uFE0F Morgan', 'U+FE0F'],
    ])('refuses a %s, naming the code point', (_what, name, code) => {
      expect(displayNameProblem(name)).toBe(
        `displayName must not contain control, invisible or bidi formatting characters (found ${code}); printed names must be unambiguous on certificates`,
      );
    });

    it('refuses Latin mixed with a Cyrillic or Greek look-alike letter', () => {
      const mixed = 'displayName must not mix Latin letters with Cyrillic or Greek ones (they print alike); printed names must be unambiguous on certificates';
      expect(displayNameProblem('J\u043Es\u00E9 Morgan')).toBe(mixed); // Cyrillic о
      expect(displayNameProblem('\u039Flga Smith')).toBe(mixed); // Greek Ο
    });

    it('refuses a name with no letter at all', () => {
      expect(displayNameProblem('123 - .')).toBe('displayName must contain a letter; printed names must be unambiguous on certificates');
    });
  });

  describe('displayNameKey', () => {
    it('gives names that print alike one key: composition, case, width, spacing, sharp s', () => {
      const key = displayNameKey(NFC_JOSE);
      expect(key).toBe('jos\u00E9 morgan');
      expect(displayNameKey(NFD_JOSE)).toBe(key);
      expect(displayNameKey('JOS\u00C9   MORGAN')).toBe(key);
      expect(displayNameKey('\uFF2A\uFF4F\uFF53\u00E9 Morgan')).toBe(key); // full-width Ｊｏｓ
      expect(displayNameKey('Hans Stra\u00DFe')).toBe(displayNameKey('HANS STRASSE'));
    });

    it('keeps different names apart', () => {
      expect(displayNameKey('Jose Morgan')).not.toBe(displayNameKey(NFC_JOSE));
      expect(displayNameKey('Jos\u00E9 Morgan Jr')).not.toBe(displayNameKey(NFC_JOSE));
    });
  });
});
