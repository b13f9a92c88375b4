import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** A year, the floor for HSTS preload lists. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * Security headers on every response, by helmet. Its Content-Security-Policy is left off: the console's
 * index.html carries its own (src/web/web-static.ts), JSON and PDFs need none, and helmet's default would
 * break Swagger UI at /docs. Framing is allowed from this origin only, because the console shows COA
 * PDFs in an iframe; other sites cannot frame any page. HSTS only in production, where TLS is promised
 * (a development browser on http://localhost would otherwise remember to refuse plain HTTP).
 */
export function securityHeaders(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: production ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
    xFrameOptions: { action: 'sameorigin' },
    xContentTypeOptions: true,
    referrerPolicy: { policy: 'same-origin' },
  });
}
