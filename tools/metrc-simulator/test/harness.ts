import { SimConfig } from '../src/config';
import { Fault } from '../src/faults';
import { LoggedRequest } from '../src/request-log';
import { createSimulator, Simulator } from '../src/simulator';
import { DEFAULT_LAB_LICENSE, DEFAULT_USER_KEY, DEFAULT_VENDOR_KEY, SimulatorOptions } from '../src/state';

export const VENDOR_KEY = DEFAULT_VENDOR_KEY;
export const USER_KEY = DEFAULT_USER_KEY;
export const LAB = DEFAULT_LAB_LICENSE;
export const SHIPPER = 'OCM-CULT-24-000123';

export const basic = (vendorKey: string, userKey: string) => `Basic ${Buffer.from(`${vendorKey}:${userKey}`).toString('base64')}`;

export interface CallOptions {
  /** Query parameters; `licenseNumber` defaults to the lab's unless given (null leaves it out). */
  query?: Record<string, string | number | null>;
  body?: unknown;
  /** Sent as it is instead of JSON. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  /** false: no Authorization header; a pair: those keys. */
  auth?: false | { vendorKey: string; userKey: string };
  timeoutMs?: number;
}

/** `body` is the parsed JSON, or the text when the answer is not JSON. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  contentType: string;
}

export interface Envelope<T> {
  Data: T[];
  Total: number;
  TotalRecords: number;
  PageSize: number;
  RecordsOnPage: number;
  Page: number;
  CurrentPage: number;
  TotalPages: number;
}

export type Row = Record<string, unknown>;
export type RowError = { row: number; message: string };
export interface SimState {
  recordsByLabel: Record<string, Record<string, number>>;
  recordPostsByLabel: Record<string, number>;
  refusedRecordPostsByLabel: Record<string, number>;
  releases: Array<{ label: string; at: string; changed: boolean }>;
  documents: Array<{ fileId: number; labTestResultId: number; label: string; fileName: string; bytes: number }>;
}
export interface CreatedTransfer {
  transferId: number;
  deliveryId: number;
  manifestNumber: string;
  received: boolean;
  packages: Array<{ id: number; label: string; sourcePackageLabels: string[] }>;
}
export interface SimStats {
  peakRequestsPerSecond: number;
  peakGetsPerSecondByFacility: Record<string, number>;
  peakGetsPerSecondByVendorKey: Record<string, number>;
  peakConcurrentGets: number;
  requests: number;
  gets: number;
  rateLimited: number;
}
export type SimRequests = { data: LoggedRequest[] };
export type SimFaults = { data: Fault[] };
export type { SimConfig };

export interface Harness {
  sim: Simulator;
  url: string;
  call<T = unknown>(method: string, path: string, opts?: CallOptions): Promise<Answer<T>>;
  /** GET when there is no body, POST otherwise. */
  control<T = unknown>(path: string, body?: unknown): Promise<Answer<T>>;
  /** A received transfer of one test sample (unless overridden) with one source lot. */
  transfer(body?: Record<string, unknown>): Promise<CreatedTransfer>;
  simState(label?: string): Promise<SimState>;
  close(): Promise<void>;
}

let labelSeq = 0;
/** A fresh 24-character label, unique within the test run and never in the simulator's own `1A4060300…` range. */
export const label = () => `1A4TEST${String(process.pid % 100000).padStart(5, '0')}${String(++labelSeq).padStart(12, '0')}`;

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = createSimulator({ seedDemo: false, ...options });
  const { url } = await sim.listen(0);
  const h: Harness = {
    sim,
    url,
    async call<T>(method: string, path: string, opts: CallOptions = {}): Promise<Answer<T>> {
      const query = { licenseNumber: LAB, ...opts.query };
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) search.set(k, String(v));
      const auth = opts.auth === undefined ? { vendorKey: VENDOR_KEY, userKey: USER_KEY } : opts.auth;
      const headers: Record<string, string> = {
        ...(auth && { authorization: basic(auth.vendorKey, auth.userKey) }),
        ...(opts.body !== undefined && { 'content-type': 'application/json' }),
        ...opts.headers,
      };
      const res = await fetch(`${url}${path}${search.size ? `?${search.toString()}` : ''}`, {
        method,
        headers,
        body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
        signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined,
      });
      const contentType = res.headers.get('content-type') ?? '';
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      const body = contentType.includes('json') && text ? (JSON.parse(text) as T) : contentType.includes('pdf') ? (bytes as T) : (text as T);
      return { status: res.status, body, headers: res.headers, contentType };
    },
    control: <T>(path: string, body?: unknown) => h.call<T>(body === undefined ? 'GET' : 'POST', path, { auth: false, body, query: { licenseNumber: null } }),
    async transfer(body = {}) {
      const res = await h.control<CreatedTransfer>('/_sim/transfers', {
        packages: [{ label: label(), sourcePackageLabels: [label()], itemName: 'Blue Dream - test sample', requiredLabTestBatches: ['NY Flower Compliance'] }],
        ...body,
      });
      if (res.status !== 201) throw new Error(`transfer answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async simState(l?: string) {
      return (await h.control<SimState>(l ? `/_sim/results?label=${l}` : '/_sim/state')).body;
    },
    close: () => sim.close(),
  };
  return h;
}

export const tinyPdf = () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A record item for `label` with the given results (defaults: a passing lead and an informational THC). */
export function recordItem(l: string, results?: Array<{ LabTestTypeName: string; Quantity: number; Passed: boolean; Notes?: string }>, withPdf = true) {
  return {
    Label: l,
    ResultDate: '2026-12-01T00:00:00Z',
    DocumentFileName: withPdf ? 'coa.pdf' : null,
    DocumentFileBase64: withPdf ? tinyPdf().toString('base64') : null,
    Results: results ?? [
      { LabTestTypeName: 'Lead (µg/g)', Quantity: 0.1, Passed: true, Notes: '' },
      { LabTestTypeName: 'THC (%)', Quantity: 21.4, Passed: true, Notes: 'informational' },
    ],
  };
}

export const config = (h: Harness, patch: Partial<SimConfig>) => h.control<SimConfig>('/_sim/config', patch);
