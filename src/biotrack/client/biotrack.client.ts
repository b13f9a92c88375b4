import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import axios, { AxiosInstance, Method } from 'axios';
import { counter, histogram } from '../../common/metrics';
import type { RequestLimit, RequestLimiter } from '../../common/redis-rate-limit/request-limiter';
import { BIOTRACK_CLIENT_OPTIONS, BIOTRACK_REQUEST_LIMITER, BiotrackClientOptions, biotrackLimitKey } from './biotrack-client.options';
import { BiotrackSession } from './biotrack-session';
import { BiotrackError } from './biotrack.error';
import {
  AcceptSampleRequest,
  AmendResultRequest,
  LoginResponse,
  PostResultRequest,
  StateInventory,
  StateLabSample,
  StateResult,
  StateSamplePage,
} from './biotrack.types';
import { retryDelay } from './retry-policy';
import { processBucketLimiter } from './token-bucket';
import { toBiotrackError } from './transport-errors';

const requestsTotal = counter('labtrace_biotrack_requests_total', 'NY-API requests by operation and outcome', ['operation', 'outcome']);
const requestSeconds = histogram(
  'labtrace_biotrack_request_duration_seconds',
  'NY-API request duration',
  ['operation'],
  [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
);

interface CallSpec<T> {
  operation: string;
  method: Method;
  path: string;
  body?: unknown;
  params?: Record<string, string | number>;
  /** Before resending a write whose outcome is unknown: did the state already apply it? */
  alreadyApplied?: () => Promise<T | null>;
}

const PAGE_SIZE = 100;

/**
 * The lab's NY-API client. Every call takes a token from the rate limiter (shared by every process of
 * the deployment through Redis when one is given, else this process's bucket), carries the
 * session (logging in again once when the state says it expired), and is retried with backoff when
 * the failure is transient. Validation refusals are never retried: they reach the caller as a
 * BiotrackError carrying the state's message.
 */
@Injectable()
export class BiotrackClient {
  private readonly logger = new Logger(BiotrackClient.name);
  private readonly http: AxiosInstance;
  private readonly limiter: RequestLimiter;
  private readonly limit: RequestLimit;
  private readonly session: BiotrackSession;

  constructor(
    @Inject(BIOTRACK_CLIENT_OPTIONS) private readonly options: BiotrackClientOptions,
    @Optional() @Inject(BIOTRACK_REQUEST_LIMITER) shared?: RequestLimiter,
  ) {
    this.http = axios.create({ baseURL: options.baseUrl, timeout: options.timeoutMs, maxRedirects: 0 });
    this.limit = { key: biotrackLimitKey(options), ratePerSecond: options.ratePerSecond, concurrency: Infinity };
    this.limiter = shared ?? processBucketLimiter(`${options.baseUrl}|${options.apiKey}`, options.ratePerSecond);
    this.session = new BiotrackSession(() => this.login());
  }

  async listLabSamples(status: 'pending' | 'accepted' | 'rejected' = 'pending'): Promise<StateLabSample[]> {
    const all: StateLabSample[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.call<StateSamplePage>({
        operation: 'list_samples',
        method: 'GET',
        path: '/v1/lab/samples',
        params: { status, page, pageSize: PAGE_SIZE },
      });
      all.push(...answer.data);
      if (answer.data.length === 0 || all.length >= answer.total) return all;
    }
  }

  async acceptSample(sampleId: string, body: AcceptSampleRequest): Promise<void> {
    await this.call({ operation: 'accept_sample', method: 'POST', path: `/v1/lab/samples/${encodeURIComponent(sampleId)}/accept`, body });
  }

  async rejectSample(sampleId: string, reason: string): Promise<void> {
    await this.call({ operation: 'reject_sample', method: 'POST', path: `/v1/lab/samples/${encodeURIComponent(sampleId)}/reject`, body: { reason } });
  }

  /** Posts results once: a repeat of the same externalId answers with the result already stored. */
  async postResult(body: PostResultRequest): Promise<{ resultId: string }> {
    try {
      return await this.call<{ resultId: string }>({
        operation: 'post_result',
        method: 'POST',
        path: '/v1/lab/results',
        body,
        alreadyApplied: () => this.findResultByExternalId(body.externalId).then((r) => (r ? { resultId: r.resultId } : null)),
      });
    } catch (e) {
      if (e instanceof BiotrackError && e.stateCode === 'duplicate' && typeof e.body?.resultId === 'string') return { resultId: e.body.resultId };
      throw e;
    }
  }

  async attachDocument(resultId: string, pdf: Buffer, filename: string): Promise<void> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), filename);
    await this.call({ operation: 'attach_document', method: 'POST', path: `/v1/lab/results/${encodeURIComponent(resultId)}/document`, body: form });
  }

  async amendResult(resultId: string, body: AmendResultRequest): Promise<void> {
    try {
      await this.call({
        operation: 'amend_result',
        method: 'POST',
        path: `/v1/lab/results/${encodeURIComponent(resultId)}/amend`,
        body,
        alreadyApplied: () => this.findResultByExternalId(body.externalId),
      });
    } catch (e) {
      if (e instanceof BiotrackError && e.stateCode === 'duplicate') return;
      throw e;
    }
  }

  async voidResult(resultId: string, reason: string): Promise<void> {
    await this.call({ operation: 'void_result', method: 'POST', path: `/v1/lab/results/${encodeURIComponent(resultId)}/void`, body: { reason } });
  }

  async findResultByExternalId(externalId: string): Promise<StateResult | null> {
    const answer = await this.call<{ data: StateResult[] }>({ operation: 'lookup_result', method: 'GET', path: '/v1/lab/results', params: { externalId } });
    return answer.data[0] ?? null;
  }

  async findResultsForSample(sampleId: string): Promise<StateResult[]> {
    const answer = await this.call<{ data: StateResult[] }>({ operation: 'lookup_result', method: 'GET', path: '/v1/lab/results', params: { sampleId } });
    return answer.data;
  }

  async getInventory(inventoryId: string): Promise<StateInventory> {
    return this.call<StateInventory>({ operation: 'get_inventory', method: 'GET', path: `/v1/inventory/${encodeURIComponent(inventoryId)}` });
  }

  private async login(): Promise<LoginResponse> {
    const { username, password, license } = this.options;
    return this.send<LoginResponse>({ operation: 'login', method: 'POST', path: '/v1/user/login', body: { username, password, license } }, null);
  }

  private async call<T>(spec: CallSpec<T>): Promise<T> {
    let retries = 0;
    let reloggedIn = false;
    let uncertain = false;
    for (;;) {
      if (uncertain && spec.alreadyApplied) {
        const found = await spec.alreadyApplied();
        if (found) {
          this.logger.log(`${spec.operation}: the state already holds the earlier attempt; not sending again`);
          return found;
        }
      }
      let token: string | null = null;
      try {
        token = await this.session.current();
        return await this.send<T>(spec, token);
      } catch (e) {
        const error = toBiotrackError(e);
        if (error.stateCode === 'session_expired' && token && !reloggedIn) {
          reloggedIn = true;
          this.session.expire(token);
          continue;
        }
        retries += 1;
        const delay = retryDelay(error, retries, this.options);
        if (delay === null) throw error;
        uncertain = uncertain || error.outcomeUnknown;
        this.logger.warn(`${spec.operation} failed (${error.stateCode}: ${error.message}); retry ${retries}/${this.options.maxRetries} in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** One HTTP exchange, rate limited, timed, counted and logged (never with credentials or bodies). */
  private async send<T>(spec: CallSpec<T>, sessionToken: string | null): Promise<T> {
    const release = await this.limiter.acquire([this.limit]);
    const started = process.hrtime.bigint();
    const headers: Record<string, string> = { 'X-Api-Key': this.options.apiKey, 'X-License': this.options.license };
    if (sessionToken) headers['X-Session-Token'] = sessionToken;
    let outcome = 'ok';
    let status: number | string = '-';
    try {
      const answer = await this.http.request<T>({ method: spec.method, url: spec.path, params: spec.params, data: spec.body, headers });
      status = answer.status;
      return answer.data;
    } catch (e) {
      const error = toBiotrackError(e);
      outcome = error.stateCode;
      status = error.httpStatus ?? error.stateCode;
      throw error;
    } finally {
      release();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requestsTotal.inc({ operation: spec.operation, outcome });
      requestSeconds.observe({ operation: spec.operation }, seconds);
      const line = `${spec.method} ${spec.path} ${status} ${outcome} ${Math.round(seconds * 1000)} ms`;
      if (outcome === 'ok') this.logger.log(line);
      else this.logger.warn(line);
    }
  }
}
