import createClient from 'openapi-fetch';
import { toApiError } from './errors';
import { notifyPasswordChangeRequired } from './password-change-required';
import type { paths } from './schema';
import { notifyUnauthorized } from './unauthorized';

/**
 * Typed requests against the API: paths, parameters and bodies are checked against the OpenAPI
 * document. The session travels in the httpOnly cookie, so nothing here holds a token.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

api.use({
  async onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/v1/auth/')) notifyUnauthorized();
    // After an admin's reset every route but the password change answers this until a new password is set.
    if (response.status === 403) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { error?: unknown } | null;
      if (body?.error === 'PASSWORD_CHANGE_REQUIRED') notifyPasswordChangeRequired();
    }
    return undefined;
  },
});

/**
 * Awaits an openapi-fetch call and returns its body as `T`, or throws the API's error. `T` names the
 * generated schema the route answers with (most routes do not declare it in the document yet).
 */
export async function call<T>(request: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}
