import {
  displayNameKey,
  displayNameProblem,
  displayNamesClash,
  displayNameSkeleton,
  LATIN_LOOKALIKES,
  normalizeDisplayName,
  printedNameProblem,
  scriptsOf,
} from './display-name';

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

    const mixed = (scripts: string) =>
      `displayName must not mix letters of different scripts (found ${scripts}: they can print alike); printed names must be unambiguous on certificates`;

    it('refuses Latin mixed with a look-alike letter of another script, naming the scripts', () => {
      expect(displayNameProblem('J\u043Es\u00E9 Morgan')).toBe(mixed('Latin and Cyrillic')); // Cyrillic о
      expect(displayNameProblem('\u039Flga Smith')).toBe(mixed('Greek and Latin')); // Greek Ο
      expect(displayNameProblem('\u13AAlice Brown')).toBe(mixed('Cherokee and Latin')); // Cherokee Ꭺ
      expect(displayNameProblem('J\u0585hn Smith')).toBe(mixed('Latin and Armenian')); // Armenian օ
      expect(displayNameProblem('\uA4EElice Brown')).toBe(mixed('Lisu and Latin')); // Lisu ꓮ
    });

    it('refuses any two scripts, not only with Latin, but lets Japanese, Korean and Chinese mix as they are written', () => {
      expect(displayNameProblem('\u0410\u043D\u0430 \u039D\u03AF\u03BA\u03BF\u03C2')).toBe(mixed('Cyrillic and Greek')); // Ана Νίκος
      expect(displayNameProblem('Jos\u00E9 \u5C71\u7530')).toBe(mixed('Latin and Han')); // José 山田
      expect(displayNameProblem('\uAE40 \u5C71\u7530 \u306F\u306A')).toBe(mixed('Hangul and Han and Hiragana')); // 김 山田 はな
      for (const name of [
        '\u5C71\u7530 \u306F\u306A\u30B3', // 山田 はなコ (Han, Hiragana, Katakana)
        '\u30B9\u30FC\u30B6\u30F3', // スーザン (the long-vowel mark ー is Common)
        '\uAE40\uBBFC\uC900 \u91D1\u6C11\u4FCA', // 김민준 金民俊
        '\u738B\u5C0F\u660E \u3128\u3127\u3124', // 王小明 with Bopomofo
      ]) {
        expect([name, displayNameProblem(name)]).toEqual([name, null]);
      }
    });

    it('lets spaces, hyphens, apostrophes, digits, full stops and combining accents go with any script', () => {
      for (const name of [
        "Si\u00F4n O'Neill-Ng Jr.",
        'Jose\u0301 Morgan 2nd',
        '\u0419\u043E\u0301\u0437\u0435\u0444 \u041A.',
        '\u1F08\u03BD\u03BD\u03B1 \u2019\u039F',
      ]) {
        expect([name, displayNameProblem(name)]).toEqual([name, null]);
      }
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
      expect(printedNameProblem('\u03A9mega Farms LLC', 'name', { refuseMixedScripts: true })).toMatch(
        /^name must not mix letters of different scripts \(found Greek and Latin/,
      );
      // A brand mixing scripts is still a brand: licensee names keep only the printable rule.
      expect(printedNameProblem('\u5C71\u7530 Farms', 'name', { refuseMixedScripts: false })).toBeNull();
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

    it('has a look-alike table of letters of other scripts (and a few Latin ones), each to one basic Latin letter of the same case', () => {
      expect(LATIN_LOOKALIKES.size).toBe(126);
      for (const [letter, latin] of LATIN_LOOKALIKES) {
        expect([letter, scriptsOf(letter).length === 1, /^[A-Za-z]$/.test(letter)]).toEqual([letter, true, false]);
        // Uncased letters (Lisu) print as capitals.
        expect([letter, /^[A-Za-z]$/.test(latin), letter === letter.toUpperCase()]).toEqual([letter, true, latin === latin.toUpperCase()]);
      }
    });

    it('gives Cherokee, Armenian, Lisu and Greek names that print as Latin ones the Latin key', () => {
      expect(displayNameKey('\u13AA\u13DE\u13C6\u13DF\u13AC')).not.toBe(displayNameKey('ALICE')); // Ꮖ is no I
      expect(displayNameKey('\u13AA\u13DE\u13A2\u13AC\u13D2')).toBe(displayNameKey('ALTER')); // ᎪᏞᎢᎬᏒ
      expect(displayNameKey('\u054F\u0555\u054D')).toBe(displayNameKey('SOU')); // Armenian ՏՕՍ
      expect(displayNameKey('\u0570\u0585\u057D\u0578')).toBe(displayNameKey('hoUN')); // Armenian հօսո
      expect(displayNameKey('\uA4EE\uA4E1\uA4F2\uA4DA\uA4F0')).toBe(displayNameKey('AlICE')); // Lisu ꓮꓡꓲꓚꓰ (ꓲ is an upright stroke)
      // Lunate sigma: NFKD would make it Σ before the table saw it.
      expect(displayNameKey('\u03F9\u039F\u039F\u039A')).toBe(displayNameKey('COOK')); // ϹΟΟΚ
      expect(displayNameKey('\u03F2\u03BF\u03BF\u03BA')).toBe(displayNameKey('cook')); // ϲοοκ
      expect(displayNameKey('Gre\u0261 Hall')).toBe(displayNameKey('Greg Hall')); // script g
    });

    it('keeps letters of one script apart that only resemble a Latin letter each: У and Ү, у and ү, ո and ռ, զ and գ', () => {
      expect(displayNameKey('\u04AE\u043B\u0430\u043D')).not.toBe(displayNameKey('\u0423\u043B\u0430\u043D')); // Үлан, Улан
      expect(displayNameKey('\u04AE')).toBe(displayNameKey('Y'));
      expect(displayNameKey('\u0443')).toBe(displayNameKey('y'));
      expect(displayNameKey('\u0443\u043B')).not.toBe(displayNameKey('\u04AF\u043B')); // ул, үл
      expect(displayNameKey('\u0578\u057D')).not.toBe(displayNameKey('\u057C\u057D')); // ոս, ռս
      expect(displayNameKey('\u0566\u0585')).not.toBe(displayNameKey('\u0563\u0585')); // զօ, գօ
      expect(displayNamesClash('\u04AE\u043B\u0430\u043D', '\u0423\u043B\u0430\u043D')).toBe(false);
    });

    it('keeps different names apart', () => {
      expect(displayNameKey('Jose Morgan')).not.toBe(displayNameKey(NFC_JOSE));
      expect(displayNameKey('Jos\u00E9 Morgan Jr')).not.toBe(displayNameKey(NFC_JOSE));
    });
  });

  describe('displayNameSkeleton and displayNamesClash', () => {
    it('reads capital I, small l, the digit one and a bar as one letter, and 0 as O, case kept', () => {
      expect(displayNameSkeleton('BiII Grant')).toBe('Bill Grant');
      expect(displayNamesClash('BiII Grant', 'Bill Grant')).toBe(true);
      expect(displayNamesClash('Ian Smith', 'lan Smith')).toBe(true);
      expect(displayNamesClash('J0HN D0E', 'JOHN DOE')).toBe(true);
      expect(displayNamesClash('Wi11 Hart', 'Will Hart')).toBe(true);
      expect(displayNamesClash('Ca|\u2009Rowe', 'Cal Rowe')).toBe(true); // a bar, and a thin space
    });

    it('reads rn as m and vv as w', () => {
      expect(displayNamesClash('Kirn Park', 'Kim Park')).toBe(true);
      expect(displayNamesClash('Evva Stone', 'Ewa Stone')).toBe(true);
    });

    it('maps upright strokes of other scripts with the Latin I: Greek Ι, Cyrillic І and Ӏ, Lisu ꓲ', () => {
      for (const stroke of ['\u0399', '\u0406', '\u04C0', '\uA4F2']) {
        expect([stroke, displayNamesClash(`B${stroke}LL`, 'BlLL')]).toEqual([stroke, true]);
      }
    });

    it('clashes the red team’s pairs: Cherokee, Armenian and Lisu letters inside a Latin name, ɡ, I and l, all-Greek ϹΟΟΚ', () => {
      expect(displayNamesClash('\u13AAlice Brown', 'Alice Brown')).toBe(true);
      expect(displayNamesClash('J\u0585hn Smith', 'John Smith')).toBe(true);
      expect(displayNamesClash('\uA4EElice Brown', 'Alice Brown')).toBe(true);
      expect(displayNamesClash('Gre\u0261 Hall', 'Greg Hall')).toBe(true);
      expect(displayNamesClash('\u03F9\u039F\u039F\u039A', 'COOK')).toBe(true);
      expect(displayNamesClash('\u03F9\u039F\u039F\u039A', 'Cook')).toBe(true);
    });

    it('still ignores case through the key, and keeps apart names whose i and l differ in small letters', () => {
      expect(displayNamesClash('Ian Smith', 'ian smith')).toBe(true);
      expect(displayNamesClash('Tim Tech', 'TIM   TECH')).toBe(true);
      expect(displayNamesClash('ian smith', 'lan smith')).toBe(false);
      expect(displayNamesClash('Ella Stone', 'Elia Stone')).toBe(false);
      expect(displayNamesClash('Bill Grant', 'Bill Grant Jr')).toBe(false);
    });
  });
});
