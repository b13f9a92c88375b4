import { ErrorCode, FieldIssue } from '../src/errors';
import { Fault } from '../src/faults';
import { LoggedRequest } from '../src/request-log';
import { createSimulator, Simulator } from '../src/simulator';
import { SimulatorOptions } from '../src/state';
import { resultView, SampleRecord, sampleView, Store } from '../src/store';

export const API_KEY = 'sim-integrator-key';
export const LAB = 'OCM-LAB-25-000007';
export const SENDER = 'OCM-CULT-24-000123';

let tagSeq = 0;
/** A fresh 16-digit tag, unique within the test run. */
export const tag = () => String(1000000000000000 + process.pid * 100000 + ++tagSeq);

export interface CallOptions {
  body?: unknown;
  /** Sent as it is (a FormData, a Buffer) instead of a JSON body. */
  raw?: FormData | Buffer;
  headers?: Record<string, string>;
  /** Send the lab's session headers (default true for /v1 calls other than login). */
  auth?: boolean;
  timeoutMs?: number;
}

/** `body` is the parsed JSON (or the text): typed as the caller expects it, which the test's assertions check. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** The shapes the simulator answers with, as its routes build them. */
export interface ErrorAnswer {
  error: ErrorCode;
  message: string;
  details?: FieldIssue[];
  /** A duplicate post names the result it duplicates. */
  resultId?: string;
}
export interface ListAnswer<T> {
  data: T[];
}
export interface SamplePage extends ListAnswer<SampleView> {
  page: number;
  pageSize: number;
  total: number;
}
export type SampleView = ReturnType<typeof sampleView>;
export type ResultView = ReturnType<typeof resultView>;
export type InventoryView = ReturnType<Store['inventory']>;
/** GET /_sim/results */
export interface SimResults extends ListAnswer<ResultView & { labLicense: string }> {
  postsByInventoryId: Record<string, number>;
  amendsByInventoryId: Record<string, number>;
}
export type SimSamples = ListAnswer<SampleRecord>;
export type SimFaults = ListAnswer<Fault>;
export type SimRequests = ListAnswer<LoggedRequest>;

export interface Harness {
  sim: Simulator;
  url: string;
  token: string;
  login(): Promise<string>;
  call<T = unknown>(method: string, path: string, opts?: CallOptions): Promise<Answer<T>>;
  control<T = unknown>(path: string, body?: unknown): Promise<Answer<T>>;
  seedSample(overrides?: Record<string, unknown>): Promise<{ sampleId: string; lot: string }>;
  acceptedSample(): Promise<{ sampleId: string; lot: string }>;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = createSimulator(options);
  const { url } = await sim.listen(0);
  const h: Harness = {
    sim,
    url,
    token: '',
    async login() {
      const res = await h.call<{ sessionToken: string }>('POST', '/v1/user/login', {
        auth: false,
        headers: { 'X-Api-Key': API_KEY },
        body: { username: 'lab@sim', password: 'sim-password', license: options.labLicense ?? LAB },
      });
      if (res.status !== 200) throw new Error(`login answered ${res.status}`);
      h.token = res.body.sessionToken;
      return h.token;
    },
    async call<T>(method: string, path: string, opts: CallOptions = {}): Promise<Answer<T>> {
      const auth = opts.auth ?? true;
      const headers: Record<string, string> = {
        ...(auth && { 'X-Api-Key': API_KEY, 'X-License': options.labLicense ?? LAB, 'X-Session-Token': h.token }),
        ...(opts.body !== undefined && { 'content-type': 'application/json' }),
        ...opts.headers,
      };
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
        signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined,
      });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      const body = type.includes('json') && text ? (JSON.parse(text) as T) : (text as T);
      return { status: res.status, body, headers: res.headers };
    },
    control: <T>(path: string, body?: unknown) => h.call<T>(body === undefined ? 'GET' : 'POST', path, { auth: false, body }),
    async seedSample(overrides = {}) {
      const sampleId = tag();
      const lot = tag();
      const res = await h.control('/_sim/samples', {
        samples: [
          {
            sampleId,
            parentInventoryIds: [lot],
            manifestId: `M-${sampleId}`,
            senderLicense: SENDER,
            productType: 'flower',
            name: 'Blue Dream 3.5g',
            quantity: '7.0',
            uom: 'g',
            ...overrides,
          },
        ],
      });
      if (res.status !== 201) throw new Error(`seed answered ${res.status}: ${JSON.stringify(res.body)}`);
      return { sampleId, lot };
    },
    async acceptedSample() {
      const s = await h.seedSample();
      const res = await h.call('POST', `/v1/lab/samples/${s.sampleId}/accept`, {
        body: { receivedQuantity: '6.95', uom: 'g', receivedAt: '2025-08-01T14:30:00Z' },
      });
      if (res.status !== 200) throw new Error(`accept answered ${res.status}`);
      return s;
    },
    close: () => sim.close(),
  };
  await h.login();
  return h;
}

export function passingResult(sampleId: string, overrides: Record<string, unknown> = {}) {
  return {
    externalId: `LT-${sampleId}-v1`,
    sampleId,
    testedAt: '2025-08-03T10:00:00Z',
    overall: 'pass',
    categories: [
      {
        category: 'potency',
        status: 'na',
        analytes: [{ analyte: 'total_thc', value: '21.40', qualifier: '', uom: '%', loq: '0.05', limit: null, status: 'na' }],
      },
      {
        category: 'metals',
        status: 'pass',
        analytes: [
          { analyte: 'lead', value: null, qualifier: 'ND', uom: 'ug/g', loq: '0.1', limit: '0.5', status: 'pass' },
          { analyte: 'arsenic', value: '0.05', qualifier: '<LOQ', uom: 'ug/g', loq: '0.1', limit: '0.2', status: 'pass' },
        ],
      },
    ],
    ...overrides,
  };
}

export function failingResult(sampleId: string, overrides: Record<string, unknown> = {}) {
  return passingResult(sampleId, {
    overall: 'fail',
    categories: [
      {
        category: 'microbials',
        status: 'fail',
        analytes: [{ analyte: 'total_yeast_and_mold', value: '150000', qualifier: '', uom: 'cfu/g', loq: '100', limit: '100000', status: 'fail' }],
      },
    ],
    ...overrides,
  });
}

/** A multipart body holding `file` (and any extra fields), built by the platform's FormData. */
export function upload(bytes: Buffer, filename = 'coa.pdf', extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), filename);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return form;
}

export const tinyPdf = () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
