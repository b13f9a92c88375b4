import { SimError, rateLimited } from './errors';
import { header, RequestContext } from './http-io';
import { RouteAuth } from './router';
import { SimulatorState } from './state';

/**
 * Integrator key first (401), then its rate bucket (429), then for lab calls the session
 * (401 unauthorized for an unknown token, 401 session_expired for a lapsed one) and the license (403).
 */
export function authenticate(state: SimulatorState, ctx: RequestContext, auth: Exclude<RouteAuth, 'control'>): void {
  const apiKey = header(ctx.headers, 'x-api-key');
  if (!apiKey) throw new SimError(401, 'unauthorized', 'X-Api-Key is required');
  if (apiKey !== state.options.apiKey) throw new SimError(401, 'unauthorized', 'X-Api-Key is not a registered integrator key');
  const decision = state.limiter.take(apiKey);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
  if (auth === 'api_key') return;

  const check = state.sessions.check(header(ctx.headers, 'x-session-token'));
  if (check.state === 'unknown') throw new SimError(401, 'unauthorized', 'X-Session-Token is missing or unknown; log in');
  if (check.state === 'expired') throw new SimError(401, 'session_expired', 'the session has expired; log in again');

  const license = header(ctx.headers, 'x-license');
  if (!license) throw new SimError(403, 'forbidden', 'X-License is required');
  if (!state.knownLicenses.has(license)) throw new SimError(403, 'forbidden', `license ${license} is not known`);
  if (license !== check.session.license)
    throw new SimError(403, 'forbidden', `X-License ${license} is not the license this session was opened for (${check.session.license})`);
  ctx.license = license;
}
