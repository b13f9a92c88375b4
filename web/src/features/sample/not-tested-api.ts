import { toApiError } from '../../api/errors';
import { notifyUnauthorized } from '../../api/unauthorized';

/** A required analyte a manager marked not tested (the results view's `groups[].notTested`). */
export interface NotTestedView {
  analyte: string;
  name: string;
  reason: string;
  markedBy: string | null;
  markedAt: string | null;
}

/** A group's not-tested marks from the results view (typed here until the API types are regenerated). */
export function notTestedOf(group: object): NotTestedView[] {
  return 'notTested' in group && Array.isArray(group.notTested) ? (group.notTested as NotTestedView[]) : [];
}

/** Whether every required analyte has a result or a mark (older answers without the field: not incomplete). */
export function accountedFor(results: { status: string }): boolean {
  return 'accountedFor' in results ? results.accountedFor === true : results.status !== 'incomplete';
}

/**
 * The not-tested routes by plain fetch: they are newer than the generated OpenAPI types
 * (web/src/api/schema.d.ts); once those are regenerated this can move to the typed client.
 */
async function send(method: 'POST' | 'DELETE', path: string, body: object): Promise<void> {
  const response = await fetch(path, { method, credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.ok) return;
  if (response.status === 401) notifyUnauthorized();
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { message: text.slice(0, 300) };
  }
  throw toApiError(response.status, parsed);
}

export function markNotTested(sampleId: string, analytes: string[], reason: string): Promise<void> {
  return send('POST', `/v1/samples/${sampleId}/not-tested`, { analytes, reason });
}

/** Withdraws a mark; the API requires why (kept in the audit trail). */
export function withdrawNotTested(sampleId: string, analyte: string, reason: string): Promise<void> {
  return send('DELETE', `/v1/samples/${sampleId}/not-tested/${encodeURIComponent(analyte)}`, { reason });
}
