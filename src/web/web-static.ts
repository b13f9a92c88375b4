import { join } from 'node:path';

/** src/web and dist/web are both two levels below the repository root. */
export const WEB_DIST = join(__dirname, '..', '..', 'web', 'dist');

/** Paths the console must never shadow (path-to-regexp syntax of Express 5). */
export const WEB_EXCLUDED_ROUTES = ['/v1/{*rest}', '/docs/{*rest}', '/health', '/metrics'];

/**
 * Hashed bundles never change under their name, so they are cached for a year; index.html is revalidated
 * so a new build is picked up at once. The page may only talk to, frame and load from this origin
 * (Mantine writes inline style attributes, hence 'unsafe-inline' for styles only).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'self' blob:",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function consoleHeaders(res: { setHeader(name: string, value: string): void }, path: string): void {
  if (/[\\/]assets[\\/]/.test(path)) {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    return;
  }
  res.setHeader('Cache-Control', 'no-cache');
  if (path.endsWith('.html')) {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
  }
}
