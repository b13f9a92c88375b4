/**
 * Instrument exports arrive as bytes in whatever encoding the vendor writes: UTF-8 with or without a
 * BOM, UTF-16LE (ChemStation), occasionally UTF-16BE. Parsers see one normalised string.
 */
export function decodeExport(bytes: Buffer): string {
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = bytes.subarray(2).toString('utf16le');
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    text = swapped.toString('utf16le');
  } else if (looksLikeUtf16LeWithoutBom(bytes)) {
    text = bytes.toString('utf16le');
  } else {
    text = utf8OrLatin1(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Older Windows software (MassLynx, ChemStation) writes Latin-1 ("1° Ratio", "µg/mL"); bytes that
 * are not valid UTF-8 are read as Latin-1 rather than turned into replacement characters.
 */
function utf8OrLatin1(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** ASCII text written as UTF-16LE has a zero in every odd byte; sample the start to recognise it. */
function looksLikeUtf16LeWithoutBom(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 200) & ~1;
  if (n < 8) return false;
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return zeros / (n / 2) > 0.9;
}

/** Lines of a decoded export; the index is 0-based, report `index + 1` as the line number. */
export function splitLines(text: string): string[] {
  return text.split('\n');
}
