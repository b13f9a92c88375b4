import { DENIED, textError, unauthorized, badRequest } from './errors';
import { header, RequestContext } from './http-io';
import { SimulatorState } from './state';

/** The Basic pair as sent: username = vendor key, password = user key; null when the header is not Basic. */
export function basicCredentials(ctx: Pick<RequestContext, 'headers'>): { vendorKey: string; userKey: string } | null {
  const value = header(ctx.headers, 'authorization');
  const m = value && /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { vendorKey: decoded.slice(0, colon), userKey: decoded.slice(colon + 1) };
}

/** Checks the key pair; bad credentials are a text/plain 401, as Metrc's are. Returns the facilities the user key may act for. */
export function authenticate(state: SimulatorState, ctx: RequestContext): string[] {
  const credentials = basicCredentials(ctx);
  if (!credentials || !state.vendorKeys.has(credentials.vendorKey)) throw textError(401, DENIED);
  if (credentials.userKey === state.v1OnlyUserKey) throw textError(401, 'This API key is only valid for v1 endpoints.');
  const licenses = state.users.get(credentials.userKey);
  if (!licenses) throw textError(401, DENIED);
  ctx.vendorKey = credentials.vendorKey;
  ctx.licenses = licenses;
  return licenses;
}

/** `licenseNumber` where the route needs it: 400 when missing, 401 when the user key may not act for it. */
export function checkLicense(ctx: RequestContext): void {
  const license = ctx.query.get('licenseNumber');
  if (!license) throw badRequest('No license number was specified.');
  if (!ctx.licenses.includes(license)) throw unauthorized(`The user does not have access to license number ${license}.`);
  ctx.license = license;
}
