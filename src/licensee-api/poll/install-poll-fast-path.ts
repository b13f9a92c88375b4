import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { API_KEY_VERIFIER, ApiKeyVerifier } from '../../auth/api-key-verifier';
import { SignInThrottle } from '../../auth/throttle/sign-in-throttle.service';
import { securityHeaders } from '../../common/security-headers';
import { AppConfig } from '../../config/app-config';
import { LicenseeRateLimitGuard } from '../licensee-rate-limit.guard';
import { LicenseeSamplesService } from '../licensee-samples.service';
import { PollFastPath } from './poll-fast-path';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts the licensee poll fast path in front of Express on the app's own http.Server: the server's
 * request listener (Express) is replaced by one that answers plain polls itself and calls Express for
 * everything else. Call after the app is created and configured, before it listens. Returns false (and
 * changes nothing) when the app has no licensee API or its server is not node's.
 */
export function installPollFastPath(app: INestApplication): boolean {
  const server = app.getHttpServer() as Server | undefined;
  if (!server || typeof server.listeners !== 'function') return false;
  let samples: LicenseeSamplesService;
  try {
    samples = app.get(LicenseeSamplesService, { strict: false });
  } catch {
    return false;
  }
  const config = app.get(AppConfig);
  const express = server.listeners('request') as Handler[];
  if (express.length !== 1) return false;
  const fast = new PollFastPath({
    samples,
    rateLimit: app.get(LicenseeRateLimitGuard, { strict: false }),
    throttle: app.get(SignInThrottle, { strict: false }),
    apiKeys: app.get<ApiKeyVerifier>(API_KEY_VERIFIER, { strict: false }),
    trustedProxyHops: config.throttle.trustedProxyHops,
    securityHeaders: capturedHeaders(securityHeaders(config.production)),
  });
  server.removeAllListeners('request');
  server.on('request', fast.listener(express[0]));
  return true;
}

/** The headers a request-independent middleware (helmet as configured) sets, run once on a stand-in response: name, value, … */
function capturedHeaders(middleware: (req: never, res: never, next: () => void) => void): string[] {
  const headers = new Map<string, string | number | string[]>();
  const res = {
    setHeader: (name: string, value: string | number | string[]) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  middleware({ headers: {}, method: 'GET', url: '/' } as never, res as never, () => undefined);
  return [...headers].flatMap(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]);
}
