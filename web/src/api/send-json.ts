import { type ApiError, toApiError } from './errors';
import { notifyPasswordChangeRequired } from './password-change-required';
import { notifyUnauthorized } from './unauthorized';

/**
 * A JSON call outside the typed client (routes whose answer is read by hand), with the same session
 * handling: a 401 off the auth routes signs the user out, a PASSWORD_CHANGE_REQUIRED refusal opens the
 * forced change. `toError` builds the thrown error from a refusal (default: the API's error shape).
 */
export async function sendJson<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
  toError: (response: Response, body: unknown) => ApiError = (response, data) => toApiError(response.status, data),
): Promise<{ data: T; status: number }> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text.slice(0, 300) };
  }
  if (!res.ok) {
    if (res.status === 401 && !url.startsWith('/v1/auth/')) notifyUnauthorized();
    if (res.status === 403 && (data as { error?: unknown } | null)?.error === 'PASSWORD_CHANGE_REQUIRED') notifyPasswordChangeRequired();
    throw toError(res, data);
  }
  return { data: data as T, status: res.status };
}
