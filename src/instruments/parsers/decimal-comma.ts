/**
 * Whether a file was written on a decimal-comma locale ("12,66"), decided once per file from the
 * numbers it holds: any number with a decimal point settles it as a point file.
 */
export function writesDecimalComma(cells: Iterable<string>): boolean {
  let comma = false;
  for (const cell of cells) {
    const text = cell.trim();
    if (/^-?\d+\.\d+$/.test(text)) return false;
    if (/^-?\d+,\d+$/.test(text)) comma = true;
  }
  return comma;
}
