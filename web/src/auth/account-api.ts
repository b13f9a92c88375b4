/**
 * Passwords, lockouts and sessions (issue 19). The generated OpenAPI types do not name these routes and
 * fields yet (the lead regenerates them), so the shapes the console reads are declared here and the
 * routes are called with plain fetch.
 */
import { ApiError, toApiError } from '../api/errors';
import type { Session } from '../api/types';
import { sendJson } from '../api/send-json';

/** The session as the API answers it now: true after an admin's reset, until a new password is set. */
export type AccountSession = Session & { passwordChangeRequired?: boolean };

export interface ChangePasswordBody {
  currentPassword: string;
  newPassword: string;
}

/** POST /v1/users/:id/password-reset, 201 (a technician): shown once. */
export interface IssuedTemporaryPassword {
  temporaryPassword: string;
  expiresAt: string;
}

/** 202 (a manager or admin): the reset waits for a second admin, who is shown the temporary password. */
export interface PendingPasswordReset {
  approval: { id: string; summary: string };
}

export interface SignInLock {
  locked: boolean;
  retryAfterSeconds: number | null;
  failures: number;
}

export interface UserSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  expiresAt: string;
  clientAddress: string | null;
  userAgent: string | null;
}

/** The server's floor (src/auth/passwords/password-policy.ts); it has no composition rules. */
export const PASSWORD_MIN_LENGTH = 12;

/** 429 TOO_MANY_ATTEMPTS, with the wait the server named in Retry-After. */
export class TooManyAttemptsError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    base: ApiError,
  ) {
    super(base.status, base.message, base.code, base.fieldErrors, base.details);
    this.name = 'TooManyAttemptsError';
  }
}

/** Retry-After in whole seconds (an HTTP date is read too), else the body's `details.retryAfterSeconds`. */
export function retryAfterSeconds(header: string | null, details: unknown, now = Date.now()): number | null {
  if (header) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) return Math.max(1, Math.ceil((at - now) / 1000));
  }
  const fromBody = (details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof fromBody === 'number' && fromBody > 0 ? Math.ceil(fromBody) : null;
}

/** A wait in words, rounded up so the person never comes back too early: "45 seconds", "15 minutes", "2 hours". */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 60) return plural(s, 'second');
  if (s <= 120 * 60) return plural(Math.ceil(s / 60), 'minute');
  return plural(Math.ceil(s / 3600), 'hour');
}

export function lockoutMessage(seconds: number): string {
  return `Too many failed sign-ins. Try again in ${formatWait(seconds)}.`;
}

/** The API's refusal as an error the screens show: a 429 carries its wait. */
export function refusal(response: Response, body: unknown): ApiError {
  const base = toApiError(response.status, body);
  if (response.status !== 429) return base;
  return new TooManyAttemptsError(retryAfterSeconds(response.headers.get('Retry-After'), base.details) ?? 60, base);
}

/** Length in code points, as the server counts it (an emoji is one character, not two). */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** The checks a person can be told before sending: the length floor and the repeated entry. */
export function newPasswordProblems(newPassword: string, confirm: string): { newPassword?: string; confirm?: string } {
  const problems: { newPassword?: string; confirm?: string } = {};
  if (passwordLength(newPassword) < PASSWORD_MIN_LENGTH) problems.newPassword = `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  if (confirm !== newPassword) problems.confirm = 'The two new passwords are not the same';
  return problems;
}

const send = <T>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => sendJson<T>(method, url, body, refusal);

/** Sets a new password; the server ends every session of the user and answers with a fresh cookie. */
export async function changePassword(body: ChangePasswordBody): Promise<void> {
  await send('POST', '/v1/auth/password', body);
}

const userPath = (id: string, rest: string) => `/v1/users/${encodeURIComponent(id)}/${rest}`;

export async function resetPassword(userId: string): Promise<IssuedTemporaryPassword | PendingPasswordReset> {
  return (await send<IssuedTemporaryPassword | PendingPasswordReset>('POST', userPath(userId, 'password-reset'))).data;
}

export function isPendingReset(answer: IssuedTemporaryPassword | PendingPasswordReset): answer is PendingPasswordReset {
  return 'approval' in answer;
}

export async function signInLock(userId: string): Promise<SignInLock> {
  return (await send<SignInLock>('GET', userPath(userId, 'sign-in-lock'))).data;
}

export async function unlockUser(userId: string): Promise<SignInLock> {
  return (await send<SignInLock>('POST', userPath(userId, 'unlock'))).data;
}

export async function userSessions(userId: string): Promise<UserSession[]> {
  return (await send<UserSession[]>('GET', userPath(userId, 'sessions'))).data;
}

export async function revokeSession(userId: string, sessionId: string): Promise<void> {
  await send('DELETE', userPath(userId, `sessions/${encodeURIComponent(sessionId)}`));
}

export async function revokeAllSessions(userId: string): Promise<number> {
  return (await send<{ revoked: number }>('DELETE', userPath(userId, 'sessions'))).data.revoked;
}
