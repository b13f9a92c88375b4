import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { authenticate } from './auth';
import { controlRoutes } from './control-routes';
import { notFound, SimError } from './errors';
import { errorReply, readBody, Reply, RequestContext, send } from './http-io';
import { labRoutes } from './lab-routes';
import { LoggedRequest } from './request-log';
import { Router } from './router';
import { SimulatorOptions, SimulatorState } from './state';

export { SimulatorOptions, SimulatorState } from './state';

export interface Simulator {
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  readonly state: SimulatorState;
}

const isControlPath = (path: string) => path === '/_sim' || path.startsWith('/_sim/');

/** The BioTrack-NY simulator: the NY-API working contract plus the /_sim/ control surface, in memory. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const state = new SimulatorState(options);
  const router = new Router().add(...labRoutes(state), ...controlRoutes(state));
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function route(req: IncomingMessage, url: URL): Promise<Reply> {
    const method = req.method ?? 'GET';
    try {
      const match = router.match(method, url.pathname);
      if (!match) throw notFound(`route ${method} ${url.pathname}`);
      if ('allowed' in match)
        return {
          status: 405,
          body: { error: 'not_found', message: `${method} is not served on ${url.pathname}` },
          headers: { Allow: match.allowed.join(', ') },
        };
      const { bytes, tooLarge } = await readBody(req, match.route.bodyLimit);
      if (tooLarge) throw new SimError(413, 'validation', `body larger than ${match.route.bodyLimit} bytes`, [{ field: 'body', message: 'is too large' }]);
      const ctx: RequestContext = { method, path: url.pathname, query: url.searchParams, params: match.params, headers: req.headers, body: bytes, license: '' };
      if (match.route.auth !== 'control') authenticate(state, ctx, match.route.auth);
      return await match.route.handle(ctx);
    } catch (e) {
      if (e instanceof SimError) return errorReply(e);
      return { status: 500, body: { error: 'unavailable', message: `simulator error: ${e instanceof Error ? e.message : String(e)}` } };
    }
  }

  /** Applies the first fault that acts before handling; false when the request is finished with. */
  async function beforeHandling(req: IncomingMessage, res: ServerResponse, entry: LoggedRequest): Promise<boolean> {
    const fault = state.faults.take(entry.path, ['drop', 'hang', 'status', 'rate_limit']);
    if (!fault) return true;
    entry.fault = fault.mode;
    switch (fault.mode) {
      case 'drop':
        entry.outcome = 'dropped';
        req.socket.destroy();
        return false;
      case 'hang':
        if (fault.ms === undefined) {
          entry.outcome = 'hung';
          return false;
        }
        await delay(fault.ms);
        return true;
      case 'status':
        send(res, { status: fault.status!, body: { error: 'unavailable', message: `simulated ${fault.status} from the state system` } });
        return false;
      case 'rate_limit': {
        const err = new SimError(
          429,
          'rate_limited',
          `rate limit exceeded; retry after ${fault.retryAfter}s`,
          undefined,
          {},
          { 'Retry-After': String(fault.retryAfter) },
        );
        send(res, errorReply(err));
        return false;
      }
      default:
        return true;
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const entry = state.requests.start(state.iso(), req.method ?? 'GET', url.pathname, url.search);
    res.on('finish', () => {
      entry.status = res.statusCode;
      if (entry.outcome === 'pending') entry.outcome = 'answered';
    });
    res.on('close', () => {
      if (entry.outcome === 'pending') entry.outcome = 'client_closed';
    });
    if (!(await beforeHandling(req, res, entry))) return;
    const reply = await route(req, url);
    // The write has happened; losing the answer leaves the client not knowing whether it did.
    if (reply.status < 300 && req.method !== 'GET' && state.faults.take(url.pathname, ['drop_after_store'])) {
      entry.fault = 'drop_after_store';
      entry.outcome = 'stored_then_dropped';
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const work = isControlPath(url.pathname) ? route(req, url).then((reply) => send(res, reply)) : handleApi(req, res, url);
    work.catch((e: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: 'unavailable', message: String(e) } });
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
