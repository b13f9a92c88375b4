import type { Server } from 'node:http';
import { MAX_HEADER_PAIRS } from './request-body';

/**
 * The app's HTTP server settings (set before it listens: Node applies them to new connections).
 * - At most MAX_HEADER_PAIRS header lines per request.
 * - Idle keep-alive connections are kept `keepAliveSeconds` (Node's default is 5 s). The proxy or
 *   balancer in front keeps its idle upstream connections for about 60 s and reuses them; when Node
 *   closes one first, a request already sent on it is lost and the client gets a 502. So the server,
 *   not the proxy, must be the side that waits longer. The time to send a request's headers stays
 *   bounded by Node's own headersTimeout (60 s), which an idle connection does not extend.
 */
export function applyHttpServerSettings(server: Server, settings: { keepAliveSeconds: number }): void {
  server.maxHeadersCount = MAX_HEADER_PAIRS;
  server.keepAliveTimeout = settings.keepAliveSeconds * 1000;
}
