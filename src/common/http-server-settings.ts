import type { Server } from 'node:http';
import { MAX_HEADER_PAIRS } from './request-body';

/** How often a closing server looks for connections that have just become idle. */
const CLOSING_SWEEP_MS = 100;

/** Node's cut of a request's head (its default is 60 s): any client sends its headers in well under this. */
export const HEADERS_TIMEOUT_MS = 20_000;

/** What Node's cut of a whole request allows beyond the head and the longest body deadline. */
const REQUEST_TIMEOUT_MARGIN_MS = 10_000;

/**
 * The app's HTTP server settings (set before it listens: Node applies them to new connections).
 * - At most MAX_HEADER_PAIRS header lines per request.
 * - Idle keep-alive connections are kept `keepAliveSeconds` (Node's default is 5 s). The proxy or
 *   balancer in front keeps its idle upstream connections for about 60 s and reuses them; when Node
 *   closes one first, a request already sent on it is lost and the client gets a 502. So the server,
 *   not the proxy, must be the side that waits longer. The time to send a request's headers stays
 *   bounded by HEADERS_TIMEOUT_MS, which an idle connection does not extend.
 * - Node cuts a request whose head has not arrived in HEADERS_TIMEOUT_MS, or that is not whole after the
 *   head time, the longest body deadline (`bodyDeadlineMs`) and a margin. LabTrace's own deadlines on
 *   bodies answer first, with a 408 in the house shape; Node's (checked only every 30 s) is the backstop
 *   for whatever they do not cover, in place of its default 300 s.
 * - A graceful stop does not wait for that: `close()` ends the idle connections at once (Node does),
 *   and each connection whose response was still under way as soon as that response is sent, instead
 *   of holding the stop for the keep-alive time.
 */
export function applyHttpServerSettings(server: Server, settings: { keepAliveSeconds: number; bodyDeadlineMs: number }): void {
  server.maxHeadersCount = MAX_HEADER_PAIRS;
  server.keepAliveTimeout = settings.keepAliveSeconds * 1000;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = HEADERS_TIMEOUT_MS + settings.bodyDeadlineMs + REQUEST_TIMEOUT_MARGIN_MS;
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
