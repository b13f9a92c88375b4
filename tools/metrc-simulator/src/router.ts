import { Reply, RequestContext } from './http-io';

/** `required`: the call needs `licenseNumber`; `none`: scoped by id or global; `control`: /_sim/, no auth. */
export type RouteScope = 'required' | 'none' | 'control';

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  pattern: string;
  scope: RouteScope;
  /** Largest body read (bigger: 413). */
  bodyLimit?: number;
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { allowed: string[] } | null;

/** Matches `/transfers/v2/:transferId/deliveries`-style patterns segment by segment, first added first. */
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
      try {
        params[segments[i].slice(1)] = decodeURIComponent(parts[i]);
      } catch {
        return null;
      }
    } else if (segments[i].toLowerCase() !== parts[i].toLowerCase()) return null;
  }
  return params;
}
