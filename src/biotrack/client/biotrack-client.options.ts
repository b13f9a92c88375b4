import { credentialKey } from '../../common/redis-rate-limit/request-limiter';
import { RetryPolicy } from './retry-policy';

export interface BiotrackClientOptions extends RetryPolicy {
  baseUrl: string;
  apiKey: string;
  username: string;
  password: string;
  license: string;
  timeoutMs: number;
  ratePerSecond: number;
}

export const BIOTRACK_CLIENT_OPTIONS = Symbol('BIOTRACK_CLIENT_OPTIONS');
/** Optional: the deployment-wide limiter (Redis); without it the client limits this process alone. */
export const BIOTRACK_REQUEST_LIMITER = Symbol('BIOTRACK_REQUEST_LIMITER');

/** What the state's limit is counted on: the integrator key at one endpoint (named by a digest, not the key). */
export function biotrackLimitKey(options: Pick<BiotrackClientOptions, 'baseUrl' | 'apiKey'>): string {
  return `biotrack:${options.baseUrl}|${credentialKey(options.apiKey)}`;
}
