import { isAsciiDigit, isAsciiUpper, isLineTerminator, isSpace, isWordChar } from '../../common/parsing/linear-text';

/**
 * Header readers for the vendor layouts whose regular expressions backtracked over long runs of
 * spaces (an ICP-MS element header took four minutes at 8 KB). Each returns exactly what its
 * expression matched, scanning every character a bounded number of times; linear-regexes.spec.ts
 * holds them against the expressions on random input.
 */

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function digitsUpTo3(text: string, from: number): number {
  let i = from;
  while (i < text.length && i - from < 3 && isAsciiDigit(text.charCodeAt(i))) i++;
  return i;
}

/** An ICP-MS MassHunter element header: "75 -> 91  As  [He]", "103  Rh ( ISTD ) [ He ]". */
export interface ElementHeader {
  mass: string;
  /** The product ion of a mass shift ("91" of "75 -> 91"). */
  shiftedMass?: string;
  symbol: string;
  istd: boolean;
  /** The tune mode in brackets, trimmed. */
  mode?: string;
}

/**
 * What /^(\d{1,3})(?:\s*->\s*(\d{1,3}))?\s+([A-Z][a-z]?)\s*(\(\s*ISTD\s*\))?\s*(?:\[\s*([^\]]*?)\s*\])?$/
 * matched. Every step is forced (a digit, "->", a capital, "(" or "[" decides it), so one pass decides.
 */
export function readElementHeader(label: string): ElementHeader | undefined {
  let i = digitsUpTo3(label, 0);
  if (i === 0) return undefined;
  const mass = label.slice(0, i);
  let shiftedMass: string | undefined;
  const arrow = skipSpaces(label, i);
  if (label.startsWith('->', arrow)) {
    const from = skipSpaces(label, arrow + 2);
    const end = digitsUpTo3(label, from);
    if (end === from) return undefined;
    shiftedMass = label.slice(from, end);
    i = end;
  }
  const symbolAt = skipSpaces(label, i);
  if (symbolAt === i || !isAsciiUpper(label.charCodeAt(symbolAt))) return undefined;
  const second = label.charCodeAt(symbolAt + 1);
  const symbolEnd = second >= 0x61 && second <= 0x7a ? symbolAt + 2 : symbolAt + 1;
  const symbol = label.slice(symbolAt, symbolEnd);
  i = skipSpaces(label, symbolEnd);
  let istd = false;
  if (label[i] === '(') {
    const word = skipSpaces(label, i + 1);
    if (!label.startsWith('ISTD', word)) return undefined;
    const close = skipSpaces(label, word + 4);
    if (label[close] !== ')') return undefined;
    istd = true;
    i = skipSpaces(label, close + 1);
  }
  if (i === label.length) return { mass, ...(shiftedMass ? { shiftedMass } : {}), symbol, istd };
  if (label[i] !== '[' || label[label.length - 1] !== ']') return undefined;
  const inside = label.slice(i + 1, -1);
  if (inside.includes(']')) return undefined;
  return { mass, ...(shiftedMass ? { shiftedMass } : {}), symbol, istd, mode: inside.trim() };
}

/**
 * The unit of a "Conc. [ ppb ]" column: what /^Conc\.\s*\[\s*(.+?)\s*\]$/ captured. The capture is
 * the bracket's text trimmed; when that is empty, the one space the expression gave it back.
 */
export function readConcUnit(cell: string): string | undefined {
  if (!cell.startsWith('Conc.') || cell.length < 2 || cell[cell.length - 1] !== ']') return undefined;
  const open = skipSpaces(cell, 5);
  if (cell[open] !== '[' || open === cell.length - 1) return undefined;
  const body = cell.slice(open + 1, -1);
  const lead = skipSpaces(body, 0);
  let end = body.length;
  while (end > lead && isSpace(body.charCodeAt(end - 1))) end--;
  if (end > lead) {
    for (let k = lead; k < end; k++) if (isLineTerminator(body.charCodeAt(k))) return undefined;
    return body.slice(lead, end);
  }
  // Only spaces: the capture takes back the last one that `.` can match.
  for (let k = lead - 1; k >= 0; k--) if (!isLineTerminator(body.charCodeAt(k))) return body[k];
  return undefined;
}

/**
 * "M. Okafor        Seq. Line :  17" up to the second key: the first piece of a split on
 * /\s{2,}(?=[A-Z][\w. ]*?\s:)/, found in one right-to-left pass instead.
 */
export function beforeSpacedKey(value: string): string {
  // keyAhead[j]: from j, characters of [\w. ] and then a space followed by ":".
  const keyAhead = new Uint8Array(value.length + 2);
  for (let j = value.length - 1; j >= 0; j--) {
    const code = value.charCodeAt(j);
    const spaceThenColon = isSpace(code) && value.charCodeAt(j + 1) === 0x3a;
    keyAhead[j] = spaceThenColon || ((isWordChar(code) || code === 0x2e || code === 0x20) && keyAhead[j + 1] === 1) ? 1 : 0;
  }
  let i = 0;
  while (i < value.length) {
    const end = skipSpaces(value, i);
    if (end === i) {
      i++;
      continue;
    }
    if (end - i >= 2 && isAsciiUpper(value.charCodeAt(end)) && keyAhead[end + 1] === 1) return value.slice(0, i);
    i = end;
  }
  return value;
}

/** `printed` without a trailing run of "*" (footnote marks) and the spaces before it: /\s*\*+$/ replaced, read from the end. */
export function withoutTrailingStars(printed: string): string {
  let end = printed.length;
  while (end > 0 && printed[end - 1] === '*') end--;
  if (end === printed.length) return printed;
  while (end > 0 && isSpace(printed.charCodeAt(end - 1))) end--;
  return printed.slice(0, end);
}

/**
 * What /<open>(.+?)<close>/ captured (`open` and `close` literal, neither holding a line break): the
 * text between the first `open` and the next `close` on the same line, at least one character.
 * Found line by line: the expression rescanned the rest of a line from every `open` on it.
 */
export function textBetween(text: string, open: string, close: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = text.indexOf(open, from);
    if (at < 0) return undefined;
    const start = at + open.length;
    let lineEnd = start;
    while (lineEnd < text.length && !isLineTerminator(text.charCodeAt(lineEnd))) lineEnd++;
    const end = text.slice(start, lineEnd).indexOf(close, 1);
    if (end >= 0) return text.slice(start, start + end);
    // Every later `open` on this line finds no `close` after it either.
    from = lineEnd + 1;
  }
}

/**
 * What /^(<lead>[^|]*?)\.? \|/m captured: from `lead` at the start of a line to the first " |" (or
 * ". |", the full stop left out), with no "|" between. Each "|" decides the occurrences before it.
 */
export function textBeforeBar(text: string, lead: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = text.indexOf(lead, from);
    if (at < 0) return undefined;
    if (at > 0 && !isLineTerminator(text.charCodeAt(at - 1))) {
      from = at + 1;
      continue;
    }
    const start = at + lead.length;
    const bar = text.indexOf('|', start);
    if (bar < 0) return undefined;
    if (bar - 2 >= start && text[bar - 2] === '.' && text[bar - 1] === ' ') return text.slice(at, bar - 2);
    if (bar - 1 >= start && text[bar - 1] === ' ') return text.slice(at, bar - 1);
    // Any later occurrence before this "|" needs the same "|" and has less room: it fails too.
    from = bar + 1;
  }
}
