import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { authenticate, basicCredentials, checkLicense } from './auth';
import { controlRoutes } from './control-routes';
import { MetrcError, messageError, notFoundRoute, RATE_LIMITED, SERVER_ERROR, unsupportedMethod } from './errors';
import { Fault } from './faults';
import { readBody, Reply, RequestContext, send } from './http-io';
import { labRoutes } from './lab-routes';
import { packageRoutes } from './package-routes';
import { LoggedRequest } from './request-log';
import { Router } from './router';
import { SimulatorOptions, SimulatorState } from './state';
import { transferRoutes } from './transfer-routes';

export { SimulatorOptions, SimulatorState } from './state';

export interface Simulator {
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  readonly state: SimulatorState;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const isControlPath = (path: string) => path === '/_sim' || path.startsWith('/_sim/');

/** The Metrc-NY simulator: the lab's slice of Metrc's v2 API plus the /_sim/ control surface, in memory. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const state = new SimulatorState(options);
  const router = new Router().add(...labRoutes(state), ...transferRoutes(state), ...packageRoutes(state), ...controlRoutes(state));
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const tooMany = (computedSeconds: number): MetrcError => {
    state.counters.rateLimited++;
    const setting = state.config.retryAfterSeconds;
    const headers = setting === null ? undefined : { 'Retry-After': String(setting === 0 ? computedSeconds : setting) };
    return messageError(429, RATE_LIMITED, headers);
  };

  /**
   * Metrc's GET limits: in-flight caps first, then a token per vendor key and per facility (`licenseNumber`).
   * Returns the function that frees the in-flight slots.
   */
  function admitGet(ctx: RequestContext): () => void {
    const c = state.config;
    const license = ctx.query.get('licenseNumber');
    const vendorKey = `vendor:${ctx.vendorKey}`;
    const facilityKey = license ? `facility:${license}` : null;
    if (c.rateLimitsEnabled) {
      if (state.inFlight.count(vendorKey) >= c.concurrentGetsPerVendorKey) throw tooMany(1);
      if (facilityKey && state.inFlight.count(facilityKey) >= c.concurrentGetsPerFacility) throw tooMany(1);
      const byKey = state.buckets.take(vendorKey, c.getsPerSecondPerVendorKey);
      if (!byKey.allowed) throw tooMany(byKey.retryAfterSeconds);
      if (facilityKey) {
        const byFacility = state.buckets.take(facilityKey, c.getsPerSecondPerFacility);
        if (!byFacility.allowed) {
          state.buckets.refund(vendorKey);
          throw tooMany(byFacility.retryAfterSeconds);
        }
      }
    }
    const leave = state.inFlight.enter(facilityKey ? [vendorKey, facilityKey] : [vendorKey]);
    state.peaks.level('concurrent', state.inFlight.total());
    return leave;
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, entry: LoggedRequest | null): Promise<Reply | 'hung'> {
    const method = req.method ?? 'GET';
    try {
      const match = router.match(method, url.pathname);
      if (!match) throw notFoundRoute(url.pathname);
      if ('allowed' in match) {
        const error = unsupportedMethod(method);
        return { ...error.reply, headers: { Allow: match.allowed.join(', ') } };
      }
      const { bytes, tooLarge } = await readBody(req, match.route.bodyLimit ?? DEFAULT_BODY_LIMIT);
      if (tooLarge) throw messageError(413, 'The request is too large.');
      const ctx: RequestContext = {
        method,
        path: url.pathname,
        query: url.searchParams,
        params: match.params,
        headers: req.headers,
        body: bytes,
        vendorKey: '',
        licenses: [],
        license: '',
      };
      if (match.route.scope !== 'control') {
        authenticate(state, ctx);
        if (method === 'GET') {
          const leave = admitGet(ctx);
          res.once('close', leave);
        }
        if (match.route.scope === 'required') checkLicense(ctx);
        // A slow answer is slow while it holds its in-flight slot, as a slow Metrc call does.
        const hang = entry && state.faults.take(method, url.pathname, ['hang']);
        if (hang && entry) {
          entry.fault = 'hang';
          if (hang.ms === undefined) {
            entry.outcome = 'hung';
            return 'hung';
          }
          await delay(hang.ms);
        }
      }
      return await match.route.handle(ctx);
    } catch (e) {
      if (e instanceof MetrcError) return e.reply;
      return { status: 500, json: { Message: SERVER_ERROR, ExceptionMessage: e instanceof Error ? e.message : String(e) } };
    }
  }

  /** Faults that act before anything is read: a dropped socket, a 5xx, a 429. False when the call is finished with. */
  function beforeHandling(req: IncomingMessage, res: ServerResponse, entry: LoggedRequest): boolean {
    const fault: Fault | undefined = state.faults.take(entry.method, entry.path, ['drop', 'status', 'rate_limit']);
    if (!fault) return true;
    entry.fault = fault.mode;
    if (fault.mode === 'drop') {
      entry.outcome = 'dropped';
      req.socket.destroy();
    } else if (fault.mode === 'status') {
      send(res, { status: fault.status!, json: { Message: SERVER_ERROR } });
    } else {
      state.counters.rateLimited++;
      const headers = fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) };
      send(res, { status: 429, json: { Message: RATE_LIMITED }, headers });
    }
    return false;
  }

  function meter(method: string, vendorKey: string | null, license: string | null): void {
    state.counters.requests++;
    state.peaks.hit('all');
    if (method !== 'GET') return;
    state.counters.gets++;
    if (vendorKey !== null && state.vendorKeys.has(vendorKey)) state.peaks.hit(`vendor:${vendorKey}`);
    if (license) state.peaks.hit(`facility:${license}`);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const vendorKey = basicCredentials({ headers: req.headers })?.vendorKey ?? null;
    const licenseNumber = url.searchParams.get('licenseNumber');
    const entry = state.requests.start({ at: state.iso(), method, path: url.pathname, query: url.search, licenseNumber, vendorKey });
    meter(method, vendorKey, licenseNumber);
    res.on('finish', () => {
      entry.status = res.statusCode;
      if (entry.outcome === 'pending') entry.outcome = 'answered';
    });
    res.on('close', () => {
      if (entry.outcome === 'pending') entry.outcome = 'client_closed';
    });
    if (!beforeHandling(req, res, entry)) return;
    const reply = await route(req, res, url, entry);
    if (reply === 'hung') return;
    // The write has happened; losing the answer leaves the client not knowing whether it did.
    if (reply.status < 300 && method !== 'GET' && state.faults.take(method, url.pathname, ['drop_after_store'])) {
      entry.fault = 'drop_after_store';
      entry.outcome = 'stored_then_dropped';
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const work = isControlPath(url.pathname) ? route(req, res, url, null).then((reply) => reply !== 'hung' && send(res, reply)) : handleApi(req, res, url);
    work.catch((e: unknown) => {
      if (!res.headersSent) send(res, { status: 500, json: { Message: SERVER_ERROR, ExceptionMessage: String(e) } });
    });
  });
  // A hung request must wait for the client's own timeout, not the server's.
  server.requestTimeout = 0;
  // Clients reuse an idle connection for about 4 s (undici, axios' agents): closing it at Node's 5 s
  // races a request sent on it just then (a reset, seen once in CI), so the simulator waits longer.
  server.keepAliveTimeout = 65_000;

  return {
    state,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const bound = (server.address() as AddressInfo).port;
          resolve({ url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, port: bound });
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
