/**
 * Analyte names as labs write them differ in case, spacing, Greek letters, hyphens, dots and
 * parenthesised notes ("Δ9-THC", "delta-9 THC", "d9-thc", "DDVP (Dichlorvos)"). Both the vocabulary's
 * aliases and incoming names go through the same normalisation, so an alias is written once, readably.
 */

const GREEK: Record<string, string> = { α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta' };

function baseForm(name: string): string {
  return (
    name
      // Compatibility decomposition folds fullwidth forms, ligatures and the micro sign; combining marks go.
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[αβγδ]/g, (letter) => GREEK[letter])
      .replace(/&/g, ' and ')
      // "d9-THC", "D8 THC": a lone d before a digit is the delta of the isomer number.
      .replace(/(^|[^a-z])d(?=\s*-?\s*\d)/g, '$1delta')
  );
}

function compact(text: string): string {
  return text.replace(/[^a-z0-9]/g, '');
}

/**
 * Lookup keys for a name, most specific first: everything kept (brackets dropped, their content
 * kept), then with bracketed parts removed ("Pentachloronitrobenzene (PCNB)" -> pentachloronitrobenzene).
 */
export function analyteNameKeys(name: string): string[] {
  const base = baseForm(name);
  const keys = [compact(base), compact(base.replace(/\([^()]*\)|\[[^[\]]*\]/g, ' '))];
  return [...new Set(keys.filter((key) => key.length > 0))];
}

/** The single key an alias is registered under in the vocabulary. */
export function analyteAliasKey(alias: string): string {
  return compact(baseForm(alias));
}
