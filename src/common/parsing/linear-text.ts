/**
 * Character tests and run tables for matching hostile text in linear time. Parsers use them where a
 * regular expression with adjacent unbounded quantifiers would backtrack quadratically on one long
 * line. Each mirrors the regular-expression class it replaces exactly (`\s`, `\b`, `.`).
 */

/** JavaScript's `\s`: WhiteSpace and LineTerminator, as `String.prototype.trim` uses them. */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The characters `.` does not match without the s flag. */
export function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/** `\w` (and so `\b`) without the u flag: ASCII letters, digits and underscore. */
export function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

export function isAsciiUpper(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

/**
 * For every index, where the run of characters satisfying `inRun` that starts there ends (the index
 * itself when the character is not in the run). One right-to-left pass.
 */
export function runEnds(text: string, inRun: (code: number) => boolean): Int32Array {
  const ends = new Int32Array(text.length + 1);
  ends[text.length] = text.length;
  for (let i = text.length - 1; i >= 0; i--) ends[i] = inRun(text.charCodeAt(i)) ? ends[i + 1] : i;
  return ends;
}

/** Index of the last line terminator, or -1: `(.*)$` from `i` matches exactly when `i` is after it. */
export function lastLineTerminator(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (isLineTerminator(text.charCodeAt(i))) return i;
  return -1;
}

/** Whether `text` has `word` ending at `end`, ASCII letters compared without case (as `/i` does without u). */
export function hasWordEndingAt(text: string, end: number, word: string): boolean {
  const start = end - word.length;
  if (start < 0) return false;
  for (let i = 0; i < word.length; i++) {
    const a = text.charCodeAt(start + i);
    const b = word.charCodeAt(i);
    if (a !== b && !(isAsciiLetter(a) && isAsciiLetter(b) && (a | 0x20) === (b | 0x20))) return false;
  }
  return true;
}
