import { pathToRegexp } from 'path-to-regexp';
import { CONSOLE_CSP, consoleHeaders, WEB_EXCLUDED_ROUTES } from './web-static';

/** The same test @nestjs/serve-static applies (path + '/', against each excluded pattern). */
const excluded = (path: string) => WEB_EXCLUDED_ROUTES.some((p) => pathToRegexp(p).regexp.test(`${path}/`));

function headersFor(path: string): Record<string, string> {
  const set: Record<string, string> = {};
  consoleHeaders({ setHeader: (k, v) => (set[k] = v) }, path);
  return set;
}

describe('console static files', () => {
  it('never answers for the API, the docs, health or metrics', () => {
    for (const path of ['/v1', '/v1/samples', '/v1/samples/abc/coa', '/docs', '/docs/openapi.json', '/health', '/metrics'])
      expect([path, excluded(path)]).toEqual([path, true]);
    for (const path of ['/', '/worklist', '/samples/abc/results', '/v1x', '/healthy', '/documents']) expect([path, excluded(path)]).toEqual([path, false]);
  });

  it('caches hashed bundles for a year and revalidates index.html, which carries the CSP', () => {
    expect(headersFor('/srv/web/dist/assets/index-DZ_FzFrB.js')).toEqual({ 'Cache-Control': 'public, max-age=31536000, immutable' });
    const html = headersFor('/srv/web/dist/index.html');
    expect(html['Cache-Control']).toBe('no-cache');
    expect(html['Content-Security-Policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'self'");
  });
});
