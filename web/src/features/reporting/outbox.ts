/**
 * The reporting screen's rows as GET /v1/state-system/outbox answers them (not in the generated schema
 * yet, so typed here: src/state-system/outbox-page.dto.ts on the API side), and what the screen says
 * about each.
 */
import { toApiError } from '../../api/errors';
import type { Submission } from '../../api/types';
import { notifyUnauthorized } from '../../api/unauthorized';

export const STATE_SYSTEMS = ['BioTrack', 'Metrc'] as const;
export type StateSystemName = (typeof STATE_SYSTEMS)[number];

export interface WaitReason {
  kind: 'worker' | 'rate_limit' | 'outage' | 'failed' | 'queued';
  message: string;
}

export interface OutboxRow extends Submission {
  /** Tries made: the failed ones, plus the one that delivered. */
  tries: number;
  system: StateSystemName | null;
  /** Pending rows: why it is not delivered yet. */
  waiting: WaitReason | null;
}

export interface OutboxPage {
  items: OutboxRow[];
  total: number;
  limit: number;
  offset: number;
}

export interface OutboxFilter {
  status?: string;
  system?: StateSystemName;
  page: number;
  pageSize: number;
}

/** How often the screen asks again by itself: deliveries and retries move on a scale of seconds to minutes. */
export const REFRESH_MS = 15_000;

export function outboxQuery(f: OutboxFilter): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.system) q.set('system', f.system);
  q.set('limit', String(f.pageSize));
  q.set('offset', String((f.page - 1) * f.pageSize));
  return q.toString();
}

export async function fetchOutboxPage(f: OutboxFilter): Promise<OutboxPage> {
  const res = await fetch(`/v1/state-system/outbox?${outboxQuery(f)}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (res.status === 401) notifyUnauthorized();
  if (!res.ok) throw toApiError(res.status, body);
  return body as OutboxPage;
}

/** What the "why it waits" cell says beside the reason: the next try, in words that fit its time. */
export function nextTryText(row: Pick<OutboxRow, 'status' | 'nextAttemptAt' | 'waiting'>, format: (iso: string) => string): string | null {
  if (row.status !== 'pending' || !row.nextAttemptAt) return null;
  if (row.waiting?.kind === 'worker') return `Next try was due ${format(row.nextAttemptAt)}.`;
  return `Next try ${format(row.nextAttemptAt)}.`;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** "Updated 1:02:07 AM": to the second, so each refresh shows (in the lab's zone, like every time here). */
export function updatedAtText(ms: number, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(new Date(ms));
  return `Updated ${time}; refreshes every ${REFRESH_MS / 1000} s`;
}
