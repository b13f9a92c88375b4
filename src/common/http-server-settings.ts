import type { Server } from 'node:http';
import { MAX_HEADER_PAIRS } from './request-body';

/** How often a closing server looks for connections that have just become idle. */
const CLOSING_SWEEP_MS = 100;

/**
 * The app's HTTP server settings (set before it listens: Node applies them to new connections).
 * - At most MAX_HEADER_PAIRS header lines per request.
 * - Idle keep-alive connections are kept `keepAliveSeconds` (Node's default is 5 s). The proxy or
 *   balancer in front keeps its idle upstream connections for about 60 s and reuses them; when Node
 *   closes one first, a request already sent on it is lost and the client gets a 502. So the server,
 *   not the proxy, must be the side that waits longer. The time to send a request's headers stays
 *   bounded by Node's own headersTimeout (60 s), which an idle connection does not extend.
 * - A graceful stop does not wait for that: `close()` ends the idle connections at once (Node does),
 *   and each connection whose response was still under way as soon as that response is sent, instead
 *   of holding the stop for the keep-alive time.
 */
export function applyHttpServerSettings(server: Server, settings: { keepAliveSeconds: number }): void {
  server.maxHeadersCount = MAX_HEADER_PAIRS;
  server.keepAliveTimeout = settings.keepAliveSeconds * 1000;
  const close = server.close.bind(server);
  server.close = (callback?: (err?: Error) => void) => {
    if (!server.listening) return close(callback);
    const sweep = setInterval(() => server.closeIdleConnections(), CLOSING_SWEEP_MS);
    server.once('close', () => clearInterval(sweep));
    // Nothing else keeps the process alive for this timer: a stop without close's callback still exits.
    sweep.unref();
    return close(callback);
  };
}
