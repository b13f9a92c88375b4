import { Inject, Injectable, Logger } from '@nestjs/common';
import axios, { AxiosInstance, Method } from 'axios';
import { counter, histogram } from '../../common/metrics';
import { METRC_CLIENT_OPTIONS, METRC_REQUEST_LIMITER, MetrcClientOptions } from './metrc-client.options';
import { metrcTimestamp } from './metrc-dates';
import { stringifyWithDecimals } from './metrc-json';
import { MetrcError } from './metrc.error';
import {
  MetrcDelivery,
  MetrcDeliveryPackage,
  MetrcDocumentRequest,
  MetrcIncomingTransfer,
  MetrcLabTestResult,
  MetrcLabTestType,
  MetrcPackage,
  MetrcPage,
  MetrcRecordRequest,
  MetrcRecordResponse,
} from './metrc.types';
import { credentialKey, RequestLimit, RequestLimiter } from './request-limiter';
import { retryDelay } from './retry-policy';
import { toMetrcError } from './transport-errors';

const requestsTotal = counter('labtrace_metrc_requests_total', 'Metrc requests by operation and outcome', ['operation', 'outcome']);
const requestSeconds = histogram('labtrace_metrc_request_duration_seconds', 'Metrc request duration', ['operation'], [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30]);

/** Metrc caps `lastModifiedStart..End` at 24 hours [S]. */
export const MAX_WINDOW_MS = 24 * 3600_000;

interface CallSpec {
  operation: string;
  method: Method;
  path: string;
  /** Facility-scoped calls carry the lab's license as `licenseNumber`; lookups by id do not. */
  licensed: boolean;
  params?: Record<string, string | number>;
  body?: unknown;
}

/**
 * The lab's Metrc client. Every call authenticates with HTTP Basic (vendor key : user key), there is
 * no session. GETs wait for the request limiter (per facility and per vendor key). GETs and PUTs
 * (idempotent) are retried with backoff when the failure is transient; a POST is retried only when it
 * certainly was not applied, because Metrc cannot recognise a repeat: its caller reads back first.
 */
@Injectable()
export class MetrcClient {
  private readonly logger = new Logger(MetrcClient.name);
  private readonly http: AxiosInstance;
  private readonly getLimits: RequestLimit[];

  constructor(
    @Inject(METRC_CLIENT_OPTIONS) private readonly options: MetrcClientOptions,
    @Inject(METRC_REQUEST_LIMITER) private readonly limiter: RequestLimiter,
  ) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      maxRedirects: 0,
      auth: { username: options.vendorKey, password: options.userKey },
      // Error bodies may be JSON or plain text; keep the text and read it ourselves.
      transformResponse: [(data: unknown) => parseJson(data)],
    });
    const host = options.baseUrl.replace(/\/$/, '');
    this.getLimits = [
      { key: `metrc-facility:${host}|${options.license}`, ratePerSecond: options.getRatePerFacility, concurrency: options.getConcurrencyPerFacility },
      {
        key: `metrc-vendor:${host}|${credentialKey(options.vendorKey)}`,
        ratePerSecond: options.getRatePerVendorKey,
        concurrency: options.getConcurrencyPerVendorKey,
      },
    ];
  }

  /** How long a call may go unanswered; after an unknown outcome, Metrc gets at least this long to settle. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  get license(): string {
    return this.options.license;
  }

  listTestTypes(): Promise<MetrcLabTestType[]> {
    return this.getAll<MetrcLabTestType>({ operation: 'list_test_types', method: 'GET', path: '/labtests/v2/types', licensed: false });
  }

  /** Incoming transfers modified in one window of at most 24 hours. */
  listIncomingTransfers(start: Date, end: Date): Promise<MetrcIncomingTransfer[]> {
    if (end.getTime() - start.getTime() > MAX_WINDOW_MS || end <= start) {
      throw new Error(`a Metrc lastModified window is more than 0 and at most 24 hours; got ${start.toISOString()}..${end.toISOString()}`);
    }
    return this.getAll<MetrcIncomingTransfer>({
      operation: 'list_incoming_transfers',
      method: 'GET',
      path: '/transfers/v2/incoming',
      licensed: true,
      params: { lastModifiedStart: metrcTimestamp(start), lastModifiedEnd: metrcTimestamp(end) },
    });
  }

  listDeliveries(transferId: number): Promise<MetrcDelivery[]> {
    return this.getAll<MetrcDelivery>({ operation: 'list_deliveries', method: 'GET', path: `/transfers/v2/${transferId}/deliveries`, licensed: false });
  }

  listDeliveryPackages(deliveryId: number): Promise<MetrcDeliveryPackage[]> {
    return this.getAll<MetrcDeliveryPackage>({
      operation: 'list_delivery_packages',
      method: 'GET',
      path: `/transfers/v2/deliveries/${deliveryId}/packages`,
      licensed: false,
    });
  }

  /** The package by its label, or null when Metrc knows no such package. */
  async getPackage(label: string): Promise<MetrcPackage | null> {
    try {
      return await this.call<MetrcPackage>({ operation: 'get_package', method: 'GET', path: `/packages/v2/${encodeURIComponent(label)}`, licensed: true });
    } catch (e) {
      if (e instanceof MetrcError && e.code === 'not_found') return null;
      throw e;
    }
  }

  /** Every lab-test row (one per test type) Metrc holds for a package, by its numeric id. */
  listResults(packageId: number): Promise<MetrcLabTestResult[]> {
    return this.getAll<MetrcLabTestResult>({ operation: 'list_results', method: 'GET', path: '/labtests/v2/results', licensed: true, params: { packageId } });
  }

  /** Not idempotent: never sent twice by this client unless the first certainly did not arrive. */
  async recordResults(records: MetrcRecordRequest[]): Promise<MetrcRecordResponse> {
    const answer = await this.call<MetrcRecordResponse | null>({
      operation: 'record_results',
      method: 'POST',
      path: '/labtests/v2/record',
      licensed: true,
      body: stringifyWithDecimals(records),
    });
    return answer ?? {};
  }

  async uploadDocuments(documents: MetrcDocumentRequest[]): Promise<void> {
    await this.call({ operation: 'upload_document', method: 'PUT', path: '/labtests/v2/labtestdocument', licensed: true, body: JSON.stringify(documents) });
  }

  async releaseResults(packageLabels: string[]): Promise<void> {
    const body = JSON.stringify(packageLabels.map((label) => ({ PackageLabel: label })));
    await this.call({ operation: 'release_results', method: 'PUT', path: '/labtests/v2/results/release', licensed: true, body });
  }

  /** Every page of a v2 list; a bare array (paging off) is one page. */
  private async getAll<T>(spec: CallSpec): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; page <= 10_000; page++) {
      const answer = await this.call<MetrcPage<T> | T[] | null>({ ...spec, params: { ...spec.params, pageNumber: page, pageSize: this.options.pageSize } });
      if (answer === null || answer === undefined) return all;
      if (Array.isArray(answer)) return all.concat(answer);
      const data = Array.isArray(answer.Data) ? answer.Data : [];
      all.push(...data);
      const pages = answer.TotalPages ?? Math.ceil((answer.TotalRecords ?? answer.Total ?? all.length) / this.options.pageSize);
      if (data.length === 0 || page >= pages) return all;
    }
    throw new Error(`${spec.operation}: more than 10000 pages`);
  }

  private async call<T>(spec: CallSpec): Promise<T> {
    for (let retries = 0; ;) {
      try {
        return await this.send<T>(spec);
      } catch (e) {
        const error = toMetrcError(e, spec.method);
        retries += 1;
        // A POST Metrc may have stored is never sent again here: the caller reads back first.
        const delay = spec.method === 'POST' && error.outcomeUnknown ? null : retryDelay(error, retries, this.options);
        if (delay === null) throw error;
        this.logger.warn(`${spec.operation} failed (${error.code}: ${error.message}); retry ${retries}/${this.options.maxRetries} in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** One HTTP exchange: GETs wait for the limiter; timed, counted and logged (never with keys or bodies). */
  private async send<T>(spec: CallSpec): Promise<T> {
    const release = spec.method === 'GET' ? await this.limiter.acquire(this.getLimits) : () => undefined;
    const started = process.hrtime.bigint();
    const params = spec.licensed ? { licenseNumber: this.options.license, ...spec.params } : spec.params;
    const headers = spec.body === undefined ? {} : { 'Content-Type': 'application/json' };
    let outcome = 'ok';
    let status: number | string = '-';
    try {
      const answer = await this.http.request<T>({ method: spec.method, url: spec.path, params, data: spec.body, headers });
      status = answer.status;
      return answer.data;
    } catch (e) {
      const error = toMetrcError(e, spec.method);
      outcome = error.code;
      status = error.httpStatus ?? error.code;
      throw error;
    } finally {
      release();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requestsTotal.inc({ operation: spec.operation, outcome });
      requestSeconds.observe({ operation: spec.operation }, seconds);
      const line = `${spec.method} ${spec.path} ${status} ${outcome} ${Math.round(seconds * 1000)} ms`;
      if (outcome === 'ok') this.logger.debug(line);
      else this.logger.warn(line);
    }
  }
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  if (data.trim() === '') return null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
