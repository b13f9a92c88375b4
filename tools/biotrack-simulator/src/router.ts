import { Reply, RequestContext } from './http-io';

/** `session`: API key + session + lab license; `api_key`: the key alone (login); `control`: /_sim/. */
export type RouteAuth = 'session' | 'api_key' | 'control';

export interface Route {
  method: 'GET' | 'POST';
  pattern: string;
  auth: RouteAuth;
  bodyLimit: number;
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { allowed: string[] } | null;

/** Matches `/v1/lab/samples/:sampleId/accept`-style patterns segment by segment. */
export class Router {
  private readonly routes: Array<Route & { segments: string[] }> = [];

  add(...routes: Route[]): this {
    for (const route of routes) this.routes.push({ ...route, segments: route.pattern.split('/').filter(Boolean) });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { route, params };
      allowed.push(route.method);
    }
    return allowed.length ? { allowed } : null;
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    if (segments[i].startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(parts[i]);
      } catch {
        return null;
      }
      params[segments[i].slice(1)] = value;
    } else if (segments[i] !== parts[i]) return null;
  }
  return params;
}
