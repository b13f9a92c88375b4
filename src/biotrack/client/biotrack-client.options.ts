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
