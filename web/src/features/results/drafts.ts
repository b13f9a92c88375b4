import { rekey, type GridRow } from './grid-model';

/**
 * Unsaved grid edits survive a session expiry: they are kept in this tab's sessionStorage while
 * dirty and offered back when the person signs in again and returns to the sample.
 */
const keyOf = (sampleId: string, version: number) => `labtrace:results-draft:${sampleId}:v${version}`;

export function saveDraft(sampleId: string, version: number, rows: GridRow[]): void {
  try {
    sessionStorage.setItem(keyOf(sampleId, version), JSON.stringify(rows));
  } catch {
    // Storage full or disabled: the guard still warns before leaving.
  }
}

export function loadDraft(sampleId: string, version: number): GridRow[] | null {
  try {
    const raw = sessionStorage.getItem(keyOf(sampleId, version));
    return raw ? rekey(JSON.parse(raw) as GridRow[]) : null;
  } catch {
    return null;
  }
}

export function clearDraft(sampleId: string, version: number): void {
  sessionStorage.removeItem(keyOf(sampleId, version));
}
