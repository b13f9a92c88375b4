import { RetryPolicy } from './retry-policy';

export interface MetrcClientOptions extends RetryPolicy {
  baseUrl: string;
  /** The integrator's (vendor) API key: the Basic-auth user name. */
  vendorKey: string;
  /** The lab user's API key: the Basic-auth password. */
  userKey: string;
  /** The lab's Metrc license, sent as `licenseNumber` on every facility-scoped call. */
  license: string;
  timeoutMs: number;
  /** Metrc's GET limits [S]: 50/s and 10 in flight per facility, 150/s and 30 in flight per vendor key. */
  getRatePerFacility: number;
  getRatePerVendorKey: number;
  getConcurrencyPerFacility: number;
  getConcurrencyPerVendorKey: number;
  /** v2 paging: Metrc pages only when asked, with at most 20 per page. */
  pageSize: number;
}

export const METRC_CLIENT_OPTIONS = Symbol('METRC_CLIENT_OPTIONS');
export const METRC_REQUEST_LIMITER = Symbol('METRC_REQUEST_LIMITER');
