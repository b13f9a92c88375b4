import { displayNameKey, displayNameProblem, LATIN_LOOKALIKES, normalizeDisplayName, printedNameProblem } from './display-name';

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

  describe('printedNameProblem', () => {
    it('names the field, and mixes scripts only where told to refuse it', () => {
      expect(printedNameProblem('Hudson\u200B Farms', 'name', { refuseMixedScripts: false })).toBe(
        'name must not contain control, invisible or bidi formatting characters (found U+200B); printed names must be unambiguous on certificates',
      );
      expect(printedNameProblem('\u202EsmraF', 'name', { refuseMixedScripts: false })).toMatch(/found U\+202E/);
      expect(printedNameProblem('0000 - 1', 'name', { refuseMixedScripts: false })).toBe(
        'name must contain a letter; printed names must be unambiguous on certificates',
      );
      expect(printedNameProblem('\u03A9mega Farms LLC', 'name', { refuseMixedScripts: false })).toBeNull(); // Ωmega
      expect(printedNameProblem('\u03A9mega Farms LLC', 'name', { refuseMixedScripts: true })).toMatch(/^name must not mix Latin/);
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

    it('gives a name written wholly in Cyrillic or Greek look-alikes the key of the Latin name it prints as', () => {
      expect(displayNameKey('\u0408\u043E\u0455\u0435 Morgan')).toBe(displayNameKey('Jose Morgan')); // Јоѕе
      expect(displayNameKey('\u0408\u043E\u0455\u0435 \u0420\u0430\u0443\u0430')).toBe(displayNameKey('Jose Paya')); // Јоѕе Рауа
      expect(displayNameKey('\u0405\u043E\u0440\u04BB\u0456\u0430')).toBe(displayNameKey('Sophia')); // Ѕорһіа
      expect(displayNameKey('\u039A\u0391\u03A4\u0395')).toBe(displayNameKey('Kate')); // Greek ΚΑΤΕ
      expect(displayNameKey('\u0412\u041E\u0412')).toBe(displayNameKey('bob')); // Cyrillic ВОВ
      // Accents come apart first: Cyrillic ё (е + diaeresis) and Greek ά (α + acute) meet the Latin ë and á.
      expect(displayNameKey('\u0451')).toBe(displayNameKey('\u00EB'));
      expect(displayNameKey('\u03AC')).toBe(displayNameKey('\u00E1'));
    });

    it('maps only letters that look alike, each in its own case', () => {
      // Small в is a small capital, not a b; Морган reads "Morgan" but prints as M-o-p-г-a-н.
      expect(displayNameKey('\u0432\u043E\u0432')).not.toBe(displayNameKey('bob'));
      expect(displayNameKey('\u041C\u043E\u0440\u0433\u0430\u043D')).not.toBe(displayNameKey('Morgan'));
      expect(displayNameKey('\u0410\u043D\u0430 \u041F\u0435\u0442\u0440\u043E\u0432\u0430')).toBe('a\u043Da \u043Fe\u0442po\u0432a'); // Ана Петрова
    });

    it('has a look-alike table of Cyrillic and Greek letters, each to one Latin letter of the same case', () => {
      expect(LATIN_LOOKALIKES.size).toBe(56);
      for (const [letter, latin] of LATIN_LOOKALIKES) {
        expect([letter, /^[\p{Script=Cyrillic}\p{Script=Greek}]$/u.test(letter)]).toEqual([letter, true]);
        expect([letter, /^[A-Za-z]$/.test(latin), letter === letter.toUpperCase()]).toEqual([letter, true, latin === latin.toUpperCase()]);
      }
    });

    it('keeps different names apart', () => {
      expect(displayNameKey('Jose Morgan')).not.toBe(displayNameKey(NFC_JOSE));
      expect(displayNameKey('Jos\u00E9 Morgan Jr')).not.toBe(displayNameKey(NFC_JOSE));
    });
  });
});
